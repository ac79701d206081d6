from __future__ import annotations

import dataclasses
import shutil
import tarfile
from pathlib import Path
from typing import Any

import numpy as np
import pytest
import rasterio
import torch
from rasterio.transform import from_origin
from rasterio.warp import Resampling, reproject

import geoplug.datasets
from fakedata import io_bench as fake
from fakedata._dc_checks import serve_resources
from geoplug.core import BoundingBox
from geoplug.core.errors import ChecksumError, DatasetNotFoundError
from geoplug.core.testing import check_dataset_plugin
from geoplug.datasets._catalog.generic_io_bench import IO_BENCH_BANDS
from geoplug.datasets.io_bench import IOBench
from testkit.http import Served


@pytest.fixture(scope="module")
def made(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    """The three archives (kept aside: tests copy what they need)."""
    return fake.make(tmp_path_factory.mktemp("io_bench_src"))


@pytest.fixture(scope="module")
def root(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """All three variants extracted side by side (the archives removed)."""
    folder = tmp_path_factory.mktemp("io_bench")
    fake.make(folder, extract=True)
    for archive in folder.glob("*.tar.gz"):
        archive.unlink()
    return folder


def scene_box(ds: IOBench, row0: int = 0, row1: int = fake.HEIGHT, col0: int = 0,
              col1: int = fake.WIDTH) -> BoundingBox:
    """The query of scene pixels rows ``row0:row1``, columns ``col0:col1``."""
    x0, y0 = fake.ORIGIN
    return BoundingBox(x0 + col0 * fake.RES, x0 + col1 * fake.RES, y0 - row1 * fake.RES,
                       y0 - row0 * fake.RES, ds.bounds.mint, ds.bounds.maxt)


def reference_mask(folder: Path, split: str) -> np.ndarray:
    """The variant's CDL put on the scene grid by rasterio.warp.reproject (nearest)."""
    with rasterio.open(folder / split / "cdl" / "2023_30m_cdls.tif") as src:
        out = np.zeros((fake.HEIGHT, fake.WIDTH), np.uint8)
        reproject(src.read(1), out, src_transform=src.transform, src_crs=src.crs,
                  dst_transform=from_origin(*fake.ORIGIN, fake.RES, fake.RES),
                  dst_crs=fake.UTM, resampling=Resampling.nearest)
    return out


def test_archive_layout(made: dict[str, Any]) -> None:
    with tarfile.open(made["dir"] / "raw.tar.gz") as tf:
        names = sorted(m.name for m in tf.getmembers() if m.isfile())
    assert names == sorted([f"raw/landsat/{fake.SCENE}_{b}.TIF" for b in IO_BENCH_BANDS]
                           + ["raw/cdl/2023_30m_cdls.tif"])


def test_preprocessed_values_exact(root: Path) -> None:
    ds = IOBench(root)  # split="preprocessed": both layers on one grid
    assert ds.crs.to_epsg() == 32616 and ds.res == (fake.RES, fake.RES)
    assert ds.bands == IO_BENCH_BANDS
    sample = ds[scene_box(ds)]
    assert sample["image"].dtype == torch.float32
    assert sample["image"].shape == (len(IO_BENCH_BANDS), fake.HEIGHT, fake.WIDTH)
    assert torch.equal(sample["image"], torch.from_numpy(fake.landsat(2)).float())
    assert sample["mask"].dtype == torch.int64
    assert torch.equal(sample["mask"], torch.from_numpy(
        fake.cdl(fake.HEIGHT, fake.WIDTH, 2)).long())


def test_window(root: Path) -> None:
    """A query of rows 5-12, columns 3-17 returns exactly those pixels of both layers."""
    ds = IOBench(root)
    sample = ds[scene_box(ds, 5, 12, 3, 17)]
    assert sample["image"].shape == (8, 7, 14)
    assert torch.equal(sample["image"], torch.from_numpy(fake.landsat(2)[:, 5:12, 3:17]).float())
    assert sample["image"][3, 0, 0] == fake.band_value(2, 3, 5, 3)  # SR_B4 at (5, 3)
    assert torch.equal(sample["mask"], torch.from_numpy(
        fake.cdl(fake.HEIGHT, fake.WIDTH, 2)[5:12, 3:17]).long())


@pytest.mark.parametrize(("split", "index"), [("raw", 1), ("original", 0)])
def test_albers_cdl_is_reprojected_onto_the_scene(root: Path, split: str, index: int) -> None:
    """The Albers CDL of raw/original matches rasterio's own reprojection, pixel for pixel;
    each variant reads its own Landsat files though all three lie under ``root``."""
    ds = IOBench(root, split=split)
    sample = ds[scene_box(ds)]
    assert torch.equal(sample["image"], torch.from_numpy(fake.landsat(index)).float())
    want = reference_mask(root, split)
    assert (want > 0).all()  # the CDL covers the whole scene
    assert torch.equal(sample["mask"], torch.from_numpy(want).long())


def test_bands_ordinal_and_transforms(root: Path) -> None:
    ds = IOBench(root, bands=["SR_B4", "SR_B2"], ordinal=True,
                 transforms=lambda s: {**s, "seen": True})
    sample = ds[scene_box(ds, 0, 4, 0, 4)]
    assert torch.equal(sample["image"], torch.from_numpy(fake.landsat(2)[[3, 1], :4, :4]).float())
    codes = fake.cdl(fake.HEIGHT, fake.WIDTH, 2)[:4, :4]
    assert [ds.cdl.codes[v] for v in sample["mask"].flatten().tolist()] == codes.flatten().tolist()
    assert sample["seen"] is True
    with pytest.raises(ValueError, match="SR_B99"):
        IOBench(root, bands=["SR_B99"])
    with pytest.raises(ValueError, match="split 'test'"):
        IOBench(root, split="test")


def test_split_folder_itself(root: Path) -> None:
    ds = IOBench(root / "raw", split="raw")
    assert torch.equal(ds[scene_box(ds)]["image"], torch.from_numpy(fake.landsat(1)).float())


def test_another_variant_is_never_read_as_the_one_asked_for(root: Path,
                                                             tmp_path: Path) -> None:
    shutil.copytree(root / "raw", tmp_path / "raw")  # only raw/ extracted
    for paths in (tmp_path, tmp_path / "raw"):
        with pytest.raises(DatasetNotFoundError, match="preprocessed"):
            IOBench(paths, split="preprocessed")


def test_aerosol_flags_are_not_interpolated_on_another_grid(root: Path) -> None:
    ds = IOBench(root, res=15.0)  # warped: the QA bit flags keep values the scene has
    sample = ds[scene_box(ds, 0, 8, 0, 8)]
    qa = sample["image"][IO_BENCH_BANDS.index("SR_QA_AEROSOL")]
    flags = set(np.unique(fake.landsat(2)[IO_BENCH_BANDS.index("SR_QA_AEROSOL")]).tolist())
    assert set(qa.unique().tolist()) <= flags
    # on the scene's own grid too, for a box off its pixel grid (a query of one's own): each
    # pixel is the flags of the scene pixel under its centre
    ds = IOBench(root)
    box = scene_box(ds, 0, 8, 0, 8)
    quarter = ds.res[0] / 4
    shifted = BoundingBox(box.minx + quarter, box.maxx + quarter, box.miny - quarter,
                          box.maxy - quarter, box.mint, box.maxt)
    band = IO_BENCH_BANDS.index("SR_QA_AEROSOL")
    rows, cols = np.mgrid[0:8, 0:8]
    np.testing.assert_array_equal(ds[shifted]["image"][band].numpy(),
                                  fake.band_value(2, band, rows, cols))


def test_archive_in_paths_is_extracted(made: dict[str, Any], tmp_path: Path,
                                       monkeypatch: pytest.MonkeyPatch) -> None:
    shutil.copy(made["dir"] / "raw.tar.gz", tmp_path)
    serve_resources(IOBench, monkeypatch, "http://127.0.0.1:9", made["archives"])  # unreachable
    ds = IOBench(tmp_path, split="raw", checksum=True)
    assert (tmp_path / "raw" / "cdl" / "2023_30m_cdls.tif").is_file()
    assert torch.equal(ds[scene_box(ds)]["mask"],
                       torch.from_numpy(reference_mask(tmp_path, "raw")).long())


def test_not_found(tmp_path: Path) -> None:
    with pytest.raises(DatasetNotFoundError) as info:
        IOBench(tmp_path, split="original")
    message = str(info.value)
    assert str(tmp_path) in message and "download=True" in message
    assert "original/landsat/LC09_*_SR_B*.TIF" in message and "original.tar.gz" in message
    (tmp_path / "original").mkdir()
    fake.make(tmp_path / "other", extract=True, splits=("original",))
    shutil.move(tmp_path / "other" / "original" / "landsat", tmp_path / "original")
    with pytest.raises(DatasetNotFoundError, match="2023_30m_cdls"):
        IOBench(tmp_path, split="original")  # Landsat there, CDL not


def test_download(made: dict[str, Any], http_server: Served, http_root: Path, tmp_path: Path,
                  monkeypatch: pytest.MonkeyPatch) -> None:
    shutil.copy(made["dir"] / "preprocessed.tar.gz", http_root)
    serve_resources(IOBench, monkeypatch, http_server.url, made["archives"])
    data = tmp_path / "data"
    ds = IOBench(data, download=True, checksum=True)
    assert (data / "preprocessed.tar.gz").is_file()
    assert torch.equal(ds[scene_box(ds)]["image"], torch.from_numpy(fake.landsat(2)).float())
    fetched = len(http_server.stats.requests)
    assert fetched >= 1
    (data / "preprocessed.tar.gz").unlink()  # the extracted folder is all a user needs
    assert len(IOBench(data, download=True)) == 1
    assert len(http_server.stats.requests) == fetched  # so nothing is fetched again


def test_checksum_mismatch(made: dict[str, Any], tmp_path: Path,
                           monkeypatch: pytest.MonkeyPatch) -> None:
    shutil.copy(made["dir"] / "raw.tar.gz", tmp_path)
    monkeypatch.setattr(IOBench, "resources", tuple(
        dataclasses.replace(r, md5="0" * 32) for r in IOBench.resources))
    with pytest.raises(ChecksumError, match=r"raw\.tar\.gz"):
        IOBench(tmp_path, split="raw", checksum=True)
    assert not (tmp_path / "raw").exists()  # nothing extracted from a bad archive
    assert len(IOBench(tmp_path, split="raw")) == 1  # without checksum it is read


def test_plot(root: Path) -> None:
    ds = IOBench(root)
    check_plot_geo(ds, scene_box(ds))
    ordinal = IOBench(root, ordinal=True, bands=["SR_B5"])
    check_plot_geo(ordinal, scene_box(ordinal))


def check_plot_geo(ds: IOBench, box: BoundingBox) -> None:
    import matplotlib.pyplot as plt
    from matplotlib.figure import Figure

    fig = ds.plot(ds[box], suptitle="test")
    assert isinstance(fig, Figure)
    plt.close(fig)


def test_registry_and_conformance(root: Path) -> None:
    assert geoplug.datasets.get("io_bench") is IOBench
    info = geoplug.datasets.info("io_bench")
    assert info.kind == "geo" and info.task == "segmentation"
    assert tuple(info.bands) == IO_BENCH_BANDS
    check_dataset_plugin("io_bench", root, kwargs={"cache": False})

