"""The shared chip-dataset path: find, extract, download, verify, select bands, plot."""

from __future__ import annotations

import hashlib
import zipfile
from pathlib import Path
from typing import ClassVar

import numpy as np
import pytest
import rasterio

from geoplug.core.errors import ChecksumError, DatasetNotFoundError
from geoplug.core.nongeo import NonGeoClassificationDataset, Resource
from testkit.http import Served


class ToyChips(NonGeoClassificationDataset):
    name = "toy_chips"
    splits = ("train",)
    all_bands = ("B1", "B2", "B3", "B4")
    rgb_bands = ("B3", "B2", "B1")
    classes = ("field", "water")
    resources: ClassVar[tuple[Resource, ...]] = (
        Resource(url="http://127.0.0.1:9/toy.zip", filename="toy.zip"),
    )

    def _class_root(self) -> Path:
        return self.root / "toy"


def _make_archive(folder: Path) -> str:
    """Two 4-band GeoTIFF chips per class, zipped as toy/<class>/<n>.tif; returns md5."""
    staging = folder / "staging"
    for label, cls in enumerate(ToyChips.classes):
        (staging / "toy" / cls).mkdir(parents=True)
        for n in range(2):
            data = np.stack([np.full((8, 8), 10 * label + band + n, np.uint16)
                             for band in range(4)])
            with rasterio.open(staging / "toy" / cls / f"{n}.tif", "w", driver="GTiff",
                               width=8, height=8, count=4, dtype="uint16") as dst:
                dst.write(data)
    archive = folder / "toy.zip"
    with zipfile.ZipFile(archive, "w") as zf:
        for path in sorted(staging.rglob("*.tif")):
            zf.write(path, path.relative_to(staging).as_posix())
    return hashlib.md5(archive.read_bytes()).hexdigest()


def test_missing_dataset_says_where_and_how(tmp_path: Path) -> None:
    with pytest.raises(DatasetNotFoundError) as info:
        ToyChips(root=tmp_path / "nowhere")
    message = str(info.value)
    assert str(tmp_path / "nowhere") in message and "download=True" in message
    assert isinstance(info.value, FileNotFoundError)


def test_archive_on_disk_is_extracted_and_read(tmp_path: Path) -> None:
    _make_archive(tmp_path)
    ds = ToyChips(root=tmp_path)
    assert len(ds) == 4 and ds.class_to_idx == {"field": 0, "water": 1}
    sample = ds[3]  # water, n=1
    assert sample["image"].dtype.is_floating_point and tuple(sample["image"].shape) == (4, 8, 8)
    assert sample["image"][:, 0, 0].tolist() == [11.0, 12.0, 13.0, 14.0]
    assert int(sample["label"]) == 1


def test_band_selection_order_and_errors(tmp_path: Path) -> None:
    _make_archive(tmp_path)
    ds = ToyChips(root=tmp_path, bands=["B4", "B1"])
    assert ds[3]["image"][:, 0, 0].tolist() == [14.0, 11.0]
    assert ds.rgb_indices == []
    assert ToyChips(root=tmp_path, bands=["B1", "B2", "B3"]).rgb_indices == [2, 1, 0]
    with pytest.raises(ValueError, match="unknown band"):
        ToyChips(root=tmp_path, bands=["B9"])
    with pytest.raises(ValueError, match="split 'val' is not one of train"):
        ToyChips(root=tmp_path, split="val")


def test_download_checksum_and_transforms(tmp_path: Path, http_root: Path,
                                          http_server: Served,
                                          monkeypatch: pytest.MonkeyPatch) -> None:
    md5 = _make_archive(http_root)
    monkeypatch.setattr(ToyChips, "resources", (
        Resource(url=f"{http_server.url}/toy.zip", filename="toy.zip", md5=md5),))
    ds = ToyChips(root=tmp_path / "dl", download=True, checksum=True,
                  transforms=lambda s: {**s, "image": s["image"] * 2})
    assert len(ds) == 4 and float(ds[0]["image"][0, 0, 0]) == 0.0
    assert float(ds[1]["image"][0, 0, 0]) == 2.0
    # a corrupt archive on disk is caught when checksum=True
    bad = tmp_path / "bad"
    bad.mkdir()
    (bad / "toy.zip").write_bytes(b"garbage")
    with pytest.raises(ChecksumError, match="delete it"):
        ToyChips(root=bad, checksum=True)


def test_plot_returns_figure(tmp_path: Path) -> None:
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    _make_archive(tmp_path)
    ds = ToyChips(root=tmp_path)
    figure = ds.plot(ds[0])
    assert figure.axes and "field" in figure.axes[0].get_xlabel()
    plt.close(figure)
