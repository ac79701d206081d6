"""MMEarth loader against a fake HDF5 variant with its JSON files."""

from __future__ import annotations

import math
from pathlib import Path
from typing import Any

import pytest
import torch

import geoplug.datasets
from fakedata import mmearth as fake
from fakedata._dc_checks import (
    archive_fixtures,
    check_made_checksum,
    check_not_found,
    check_plot,
    copy_archives,
    serve_made,
)
from geoplug.core.errors import DatasetNotFoundError
from geoplug.core.testing import check_dataset_plugin
from geoplug.datasets.mmearth import MMEarth
from testkit.http import Served

made, root = archive_fixtures(fake.make, "mmearth")


@pytest.mark.parametrize(("split", "length"), [("train", 4), ("val", 1), ("test", 1)])
def test_lengths(root: Path, split: str, length: int) -> None:
    assert len(MMEarth(root, split=split)) == length


def test_raw_sample(root: Path) -> None:
    ds = MMEarth(root, normalization="none")
    sample = ds[1]  # train[1] = tile 2
    assert sample["tile_id"] == "tile_2"
    s2 = sample["image_sentinel2"]
    assert s2.shape == (13, 8, 8) and s2.dtype == torch.float32
    assert s2[:, 3, 6].tolist() == [fake.s2(2, b, 3, 6) for b in range(13)]
    s1 = sample["image_sentinel1"]
    assert s1.shape == (8, 8, 8)
    assert s1[0, 5, 1].item() == pytest.approx(fake.s1(2, 0, 5))
    assert torch.isnan(s1[2]).all()  # -inf (absent HH) is NaN
    assert sample["image_aster"][:, 4, 2].tolist() == [206.0, 207.0]
    assert sample["image_canopy_height_eth"][1, 6, 0].item() == 2 + 1 + 3.0
    wc = sample["mask_esa_worldcover"]
    assert wc.dtype == torch.int64 and wc.shape == (8, 8)
    for r, c in ((0, 0), (4, 5), (7, 7)):
        code = fake.WC[(2 + r + c) % 12]
        assert wc[r, c].item() == (255 if code == 255 else fake.WC.index(code))
    dw = sample["mask_dynamic_world"]
    assert dw[1, 3].item() == (2 + 2 + 3) % 10 - 1
    assert dw[4, 0].item() == 255  # (2 + 8 + 0) % 10 == 0: no data
    assert sample["era5"].tolist() == [40.0 + k for k in range(12)]
    assert sample["biome"].argmax().item() == 2 and sample["eco_region"].argmax().item() == 102


def test_publisher_no_data_values_are_nan(tmp_path: Path) -> None:
    # MMEarth marks missing Sentinel-2 pixels 0 and missing canopy heights 255: they were
    # z-scored as measurements (a 255 m canopy)
    import zipfile

    import h5py

    root = tmp_path / "mmearth"
    fake.make(root)
    for archive in root.glob("*.zip"):
        with zipfile.ZipFile(archive) as z:
            z.extractall(root)
    with h5py.File(next(root.rglob("*.h5")), "r+") as f:
        f["canopy_height_eth"][0, 0, 0, 0] = 255
        f["sentinel2"][0, 3, 1, 2] = 0
    for normalization in ("none", "z-score"):
        sample = MMEarth(root, normalization=normalization)[0]
        assert torch.isnan(sample["image_canopy_height_eth"][0, 0, 0])
        assert torch.isnan(sample["image_sentinel2"][3, 1, 2])
        assert not torch.isnan(sample["image_sentinel2"][2, 1, 2])  # the pixel's other bands
        assert torch.isfinite(sample["image_canopy_height_eth"][0, 1:]).all()


def test_normalization(root: Path) -> None:
    z = MMEarth(root, split="val", modalities=["sentinel2"], bands=["B4", "B12"])[0]
    raw = [fake.s2(1, b, 2, 3) for b in (3, 12)]  # tile 1 is L2A: mean + 1
    expected = [(v - (1.5 * b + 1)) / (2 + b) for v, b in zip(raw, (3, 12))]
    assert z["image_sentinel2"][:, 2, 3].tolist() == pytest.approx(expected)
    assert set(k for k in z if k.startswith("image_")) == {"image_sentinel2"}
    mm = MMEarth(root, split="test", modalities=["aster"], normalization="min-max")[0]
    assert mm["image_aster"][1, 0, 0].item() == pytest.approx((401 + 1) / (11 + 1))
    assert mm["era5"][3].item() == pytest.approx((83 + 3) / (13 + 3))
    l1c = MMEarth(root, modalities=["sentinel2"], bands=["B2"])[0]  # tile 0, L1C
    assert l1c["image_sentinel2"][0, 0, 0].item() == pytest.approx((10 - 1.5) / 3)


def test_plot_and_errors(root: Path, tmp_path: Path) -> None:
    ds = MMEarth(root, modalities=["sentinel2", "sentinel1"], normalization="none")
    check_plot(ds)
    with pytest.raises(ValueError, match="variant '10k' is not one of 1M, 1M_64, 100k"):
        MMEarth(root, variant="10k")
    with pytest.raises(ValueError, match="normalization 'l2' is not one of"):
        MMEarth(root, normalization="l2")
    with pytest.raises(ValueError, match="unknown modality"):
        MMEarth(root, modalities=["landsat"])
    with pytest.raises(DatasetNotFoundError, match="MMEarth-data"):
        MMEarth(tmp_path, variant="1M")


def test_splits_listed_empty(tmp_path: Path) -> None:
    """TorchGeo's sample lists ``"val": [], "test": []``: empty datasets, not an error."""
    made = fake.make(tmp_path / "src", splits={"train": [0, 1, 2, 3, 4, 5], "val": [],
                                               "test": []})
    copy_archives(made["dir"], tmp_path / "root", list(made["archives"]))
    assert len(MMEarth(tmp_path / "root")) == 6
    with pytest.warns(UserWarning, match="lists no tile for 'val'"):
        val = MMEarth(tmp_path / "root", split="val")
    assert len(val) == 0
    with pytest.raises(IndexError):
        val[0]


def test_not_found(tmp_path: Path) -> None:
    check_not_found(MMEarth, tmp_path)


def test_download(made: dict[str, Any], http_server: Served, http_root: Path, tmp_path: Path,
                  monkeypatch: pytest.MonkeyPatch) -> None:
    serve_made(MMEarth, made, http_server.url, http_root, monkeypatch)
    ds = MMEarth(tmp_path, split="val", download=True, checksum=True)
    assert len(ds) == 1 and not math.isnan(ds[0]["image_aster"][0, 0, 0].item())


def test_checksum_mismatch(made: dict[str, Any], tmp_path: Path,
                           monkeypatch: pytest.MonkeyPatch) -> None:
    check_made_checksum(MMEarth, made, monkeypatch, tmp_path, "data_100k_v001.zip")


def test_plugin(root: Path) -> None:
    assert geoplug.datasets.get("mmearth") is MMEarth
    check_dataset_plugin("mmearth", data=root)
