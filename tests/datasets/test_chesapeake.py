"""Chesapeake per-state land cover and the CVPR 2019 multi-layer tiles."""

from __future__ import annotations

import hashlib
import shutil
import zipfile
from datetime import datetime, timezone
from pathlib import Path

import numpy as np
import pytest
import torch

from fakedata.chesapeake import cvpr_tile, lc_value, lulc_value, state_raster
from geoplug.core import BoundingBox
from geoplug.core.errors import DatasetNotFoundError
from geoplug.datasets import chesapeake as ches_module
from geoplug.datasets.chesapeake import Chesapeake, ChesapeakeCVPR

X0, Y0 = 1700000.0, 1950100.0


def test_state_raster_codes(tmp_path: Path) -> None:
    state_raster(tmp_path, "DE_STATEWIDE.tif")
    state_raster(tmp_path, "md_lc_2018_2022-Edition.tif", origin=(X0 + 100, Y0))
    ds = Chesapeake(tmp_path, cache=False)
    assert len(ds) == 2 and ds.crs.to_epsg() == 5070 and ds.res == (1.0, 1.0)
    q = BoundingBox(X0 + 90, X0 + 110, Y0 - 20, Y0, -np.inf, np.inf)
    mask = ds[q]["mask"]
    assert mask.dtype == torch.int64 and mask.shape == (20, 20)
    cols, rows = np.meshgrid(np.arange(20), np.arange(20))
    want = 1 + ((X0 + 90 + cols).astype(np.int64) + (Y0 - 1 - rows).astype(np.int64)) % 13
    np.testing.assert_array_equal(mask.numpy(), want)
    assert ds.plot(ds[q]).axes


def test_cvpr_layers_mask_mapping_and_extra(tmp_path: Path) -> None:
    cvpr_tile(tmp_path)
    cvpr_tile(tmp_path, split="val", tile="m_3807512_nw_18_060_20130918",
              origin=(X0 + 1000, Y0))
    ds = ChesapeakeCVPR(tmp_path, bands=["naip-new", "landsat-leaf-on"],
                        extra_layers=["nlcd", "buildings"], cache=False)
    assert len(ds) == 1 and ds.res == (1.0, 1.0)  # only de-train
    q = BoundingBox(X0, X0 + 32, Y0 - 32, Y0, ds.bounds.mint, ds.bounds.maxt)
    sample = ds[q]
    assert sample["image"].shape == (13, 32, 32) and sample["image"].dtype == torch.float32
    cols, rows = np.meshgrid(np.arange(32), np.arange(32))
    xs, ys = X0 + cols + 0.5, Y0 - rows - 0.5
    lc = lc_value(xs, ys).astype(np.int64)
    lc[0] = 0  # the 15 (no data) row becomes class 0
    np.testing.assert_array_equal(sample["mask"].numpy(), lc)
    assert sample["nlcd"].dtype == torch.int64
    assert set(np.unique(sample["nlcd"].numpy())) == {11, 41}
    np.testing.assert_array_equal(sample["buildings"].numpy()[1:], (lc == 5)[1:])
    base = (xs.astype(np.int64) % 100 + ys.astype(np.int64) % 50)
    np.testing.assert_array_equal(sample["image"][0].numpy(), base + 10)
    np.testing.assert_array_equal(sample["image"][4].numpy(), base // 2)
    both = ChesapeakeCVPR(tmp_path, splits=["de-train", "de-val"], cache=False)
    assert len(both) == 2
    assert both.plot(both[q]).axes
    # the legend follows the mask layer: lc's names were given to NLCD codes and buildings
    assert ds.classes[1] == "Water"
    nlcd = ChesapeakeCVPR(tmp_path, mask_layer="nlcd", cache=False)
    assert nlcd.classes == () and nlcd.plot(nlcd[q]).axes
    buildings = ChesapeakeCVPR(tmp_path, mask_layer="buildings", cache=False)
    assert buildings.classes == ("No building", "Building")


def test_cvpr_errors(tmp_path: Path) -> None:
    with pytest.raises(ValueError, match="unknown split"):
        ChesapeakeCVPR(tmp_path, splits=["xx-train"])
    with pytest.raises(ValueError, match="unknown layer"):
        ChesapeakeCVPR(tmp_path, bands=["lc"])
    with pytest.raises(DatasetNotFoundError, match="download=True"):
        ChesapeakeCVPR(tmp_path)


def test_cvpr_download(tmp_path: Path, http_root: Path, http_server: object,
                       monkeypatch: pytest.MonkeyPatch) -> None:
    staging = tmp_path / "staging"
    cvpr_tile(staging)
    archive = Path(shutil.make_archive(str(http_root / "cvpr_chesapeake_landcover"), "zip",
                                       staging))
    monkeypatch.setattr(ches_module, "_CVPR_URL",
                        http_server.url + "/cvpr_chesapeake_landcover.zip")  # type: ignore[attr-defined]
    monkeypatch.setattr(ches_module, "_CVPR_MD5", hashlib.md5(archive.read_bytes()).hexdigest())
    root = tmp_path / "data"
    ds = ChesapeakeCVPR(root, download=True, cache=False)
    assert (root / "cvpr_chesapeake_landcover").is_dir() and len(ds) == 1


def test_state_rasters_of_every_edition_and_zips_extracted(tmp_path: Path) -> None:
    """2022-edition zips as published are extracted; Baywide raster is read too."""
    staging = tmp_path / "staging"
    state_raster(staging, "de_lc_2018_2022-Edition.tif")
    with zipfile.ZipFile(tmp_path / "de_lc_2018_2022-Edition.zip", "w") as zf:
        zf.write(staging / "de_lc_2018_2022-Edition.tif", "de_lc_2018_2022-Edition.tif")
    state_raster(tmp_path / "BAYWIDE", "Baywide_13Class_20132014.tif", origin=(X0 + 100, Y0))
    shutil.rmtree(staging)
    ds = Chesapeake(tmp_path, cache=False)
    assert (tmp_path / "de_lc_2018_2022-Edition.tif").is_file()
    assert len(ds) == 2
    q = BoundingBox(X0 + 150, X0 + 160, Y0 - 10, Y0, -np.inf, np.inf)
    cols, rows = np.meshgrid(np.arange(10), np.arange(10))
    want = 1 + ((X0 + 150 + cols).astype(np.int64) + (Y0 - 1 - rows).astype(np.int64)) % 13
    np.testing.assert_array_equal(ds[q]["mask"].numpy(), want)
    dated = Chesapeake(tmp_path / "de_lc_2018_2022-Edition.tif", cache=False)
    assert dated.bounds.mint == datetime(2018, 1, 1, tzinfo=timezone.utc).timestamp()


def test_2013_editions_virginia_and_dc_rasters_are_read(tmp_path: Path) -> None:
    # the publisher's VA raster is CIC2014_VA_STATEWIDE.tif (in _VA_STATEWIDE.zip) and DC's an
    # ERDAS Imagine DC_11001/DC_11001.img (in DC_11001.zip): both were left out unseen
    staging = tmp_path / "staging"
    state_raster(tmp_path / "DE", "DE_STATEWIDE.tif")
    state_raster(staging, "CIC2014_VA_STATEWIDE.tif", origin=(X0 + 100, Y0))
    state_raster(staging / "DC_11001", "DC_11001.img", origin=(X0 + 200, Y0))
    (tmp_path / "VA").mkdir()
    with zipfile.ZipFile(tmp_path / "VA" / "_VA_STATEWIDE.zip", "w") as zf:
        zf.write(staging / "CIC2014_VA_STATEWIDE.tif", "CIC2014_VA_STATEWIDE.tif")
    (tmp_path / "DC").mkdir()
    with zipfile.ZipFile(tmp_path / "DC" / "DC_11001.zip", "w") as zf:
        for path in (staging / "DC_11001").iterdir():
            zf.write(path, f"DC_11001/{path.name}")
    shutil.rmtree(staging)
    ds = Chesapeake(tmp_path, cache=False)
    assert len(ds) == 3
    assert ds.bounds.minx == X0 and ds.bounds.maxx == X0 + 300
    cols, rows = np.meshgrid(np.arange(10), np.arange(10))
    for x in (X0 + 150, X0 + 250):  # in VA, in DC
        q = BoundingBox(x, x + 10, Y0 - 10, Y0, -np.inf, np.inf)
        want = 1 + ((x + cols).astype(np.int64) + (Y0 - 1 - rows).astype(np.int64)) % 13
        np.testing.assert_array_equal(ds[q]["mask"].numpy(), want)


def test_land_use_and_land_cover_legends_are_never_mixed(tmp_path: Path) -> None:
    """The 2022 edition's ``lulc`` rasters (codes 11-127) are another legend than ``lc``'s
    13 classes: read with ``product="lulc"`` only (both in one folder mixed them)."""
    state_raster(tmp_path, "de_lc_2018_2022-Edition.tif")
    state_raster(tmp_path, "de_lulc_2018_2022-Edition.tif")
    q = BoundingBox(X0 + 10, X0 + 20, Y0 - 10, Y0, -np.inf, np.inf)
    cols, rows = np.meshgrid(np.arange(10), np.arange(10))
    xs, ys = X0 + 10 + cols, Y0 - 1 - rows
    lc = Chesapeake(tmp_path, cache=False)
    assert len(lc) == 1 and lc.classes[1] == "Water"
    np.testing.assert_array_equal(lc[q]["mask"].numpy(), 1 + (xs + ys).astype(np.int64) % 13)
    lulc = Chesapeake(tmp_path, product="lulc", cache=False)
    assert len(lulc) == 1 and lulc.classes == ()
    np.testing.assert_array_equal(lulc[q]["mask"].numpy(), lulc_value(xs, ys))
    with pytest.raises(DatasetNotFoundError, match="product='lulc'"):
        Chesapeake(tmp_path / "de_lulc_2018_2022-Edition.tif", cache=False)
    with pytest.raises(ValueError, match="product is 'lc'"):
        Chesapeake(tmp_path, product="lu", cache=False)


def test_cvpr_2014_states_and_zip_already_there(tmp_path: Path) -> None:
    """VA/WV folders are ``*_1m_2014_*``; a zip the user downloaded is extracted."""
    staging = tmp_path / "staging"
    tile = cvpr_tile(staging, state="va", split="test", tile="m_3707763_se_18_1")
    assert tile.name == "va_1m_2014_extended-debuffered-test_tiles"
    root = tmp_path / "data"
    root.mkdir()
    # as on LILA: the tile folders (and spatial_index.geojson) at the top of the zip
    (tile.parent / "spatial_index.geojson").write_text(
        '{"type": "FeatureCollection", "features": []}')
    shutil.make_archive(str(root / "cvpr_chesapeake_landcover"), "zip", tile.parent)
    ds = ChesapeakeCVPR(root, splits=["va-test"], cache=False)
    assert (root / "va_1m_2014_extended-debuffered-test_tiles").is_dir()
    assert len(ds) == 1
    assert ds.bounds.mint == -np.inf  # undated tile names span all time
    # a window away from the origin (column 11, row 13), across the 8 m land cover blocks
    q = BoundingBox(X0 + 11, X0 + 19, Y0 - 21, Y0 - 13, -np.inf, np.inf)
    sample = ds[q]
    assert sample["mask"].shape == (8, 8) and sample["mask"].dtype == torch.int64
    assert sample["image"].shape == (4, 8, 8)  # naip-new, the default layer
    cols, rows = np.meshgrid(np.arange(8), np.arange(8))
    xs, ys = X0 + 11 + cols + 0.5, Y0 - 13 - rows - 0.5
    np.testing.assert_array_equal(sample["mask"].numpy(), lc_value(xs, ys).astype(np.int64))
    base = xs.astype(np.int64) % 100 + ys.astype(np.int64) % 50
    for band in range(4):
        np.testing.assert_array_equal(sample["image"][band].numpy(), base + 10 * (band + 1))


def test_a_baywide_zip_compressed_with_deflate64_is_extracted(tmp_path: Path) -> None:
    """The publisher's Baywide zip holds its raster compressed with Deflate64."""
    from testkit import deflate64

    staging = tmp_path / "staging"
    raster = state_raster(staging, "Baywide_13Class_20132014.tif", origin=(X0 + 100, Y0))
    root = tmp_path / "data"
    root.mkdir()
    archive = deflate64.write(root / "Baywide_13Class_20132014.zip",
                              {"Baywide_13Class_20132014.tif": raster})
    with zipfile.ZipFile(archive) as zf:
        assert [i.compress_type for i in zf.infolist()] == [deflate64.DEFLATE64]
    ds = Chesapeake(root, cache=False)
    assert len(ds) == 1
    q = BoundingBox(X0 + 150, X0 + 160, Y0 - 10, Y0, -np.inf, np.inf)
    cols, rows = np.meshgrid(np.arange(10), np.arange(10))
    want = 1 + ((X0 + 150 + cols).astype(np.int64) + (Y0 - 1 - rows).astype(np.int64)) % 13
    np.testing.assert_array_equal(ds[q]["mask"].numpy(), want)
