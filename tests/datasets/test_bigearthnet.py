"""BigEarthNet v1.0 read from the publisher's archives and split lists."""

from __future__ import annotations

import dataclasses
import shutil
from pathlib import Path

import matplotlib
import pytest
import torch
from rasterio.crs import CRS

import geoplug.datasets
from fakedata import bigearthnet as fake
from geoplug.core.bbox import BoundingBox
from geoplug.core.collate import stack_samples
from geoplug.core.errors import ChecksumError, DatasetNotFoundError
from geoplug.datasets.bigearthnet import CLASSES_19, CLASSES_43, BigEarthNet
from testkit.http import Served

matplotlib.use("Agg")


@pytest.fixture(scope="module")
def data(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict]:
    root = tmp_path_factory.mktemp("ben")
    info = fake.make(root)
    BigEarthNet(root)  # extracts both archives
    return root, info


@pytest.mark.parametrize("split", ["train", "val", "test"])
def test_all_bands_per_split(data: tuple[Path, dict], split: str) -> None:
    root, info = data
    ds = BigEarthNet(root, split=split)
    assert len(ds) == fake.COUNTS[split]
    index = info["splits"][split][-1]
    sample = ds[len(ds) - 1]
    assert set(sample) == {"image", "label", "crs", "bounds"}
    assert sample["image"].dtype == torch.float32
    assert tuple(sample["image"].shape) == (14, fake.PX10, fake.PX10)
    expected = [fake.at(index, b, 5, 6) for b in BigEarthNet.all_bands]
    assert sample["image"][:, 5, 6].tolist() == expected
    rows, cols = torch.meshgrid(torch.arange(3.0, 9.0), torch.arange(3.0, 9.0), indexing="ij")
    for b, band in enumerate(BigEarthNet.all_bands):  # 20/60 m bands land on the 10 m plane
        assert torch.equal(sample["image"][b, 3:9, 3:9], fake.at(index, band, rows, cols)), band
    assert sample["crs"] == CRS.from_string(fake.CRS)
    x, y = fake.origin(index)
    assert sample["bounds"] == BoundingBox(x, x + 10 * fake.PX10, y - 10 * fake.PX10, y)


def test_labels_19_and_43(data: tuple[Path, dict]) -> None:
    root, _ = data
    ds43 = BigEarthNet(root, num_classes=43)
    ds19 = BigEarthNet(root)
    assert ds43.classes == CLASSES_43 and ds19.classes == CLASSES_19
    label43, label19 = ds43[0]["label"], ds19[0]["label"]
    assert label43.dtype == label19.dtype == torch.int64
    assert label43.shape == (43,) and label19.shape == (19,)
    # Continuous urban fabric, Port areas, Water bodies
    assert label43.nonzero().flatten().tolist() == [0, 4, 39]
    # Urban fabric, Inland waters (port areas has no 19-class counterpart)
    assert label19.nonzero().flatten().tolist() == [0, 17]
    assert BigEarthNet(root, split="val", num_classes=43)[1]["label"].nonzero().flatten(
        ).tolist() == [32]  # Burnt areas
    assert BigEarthNet(root, split="val")[1]["label"].sum().item() == 0
    with pytest.raises(ValueError, match="19 or 43"):
        BigEarthNet(root, num_classes=10)


def test_band_subsets_resampled_in_order(data: tuple[Path, dict]) -> None:
    root, _ = data
    ds = BigEarthNet(root, bands=["B09", "VH", "B8A", "B02"])
    image = ds[1]["image"]
    assert tuple(image.shape) == (4, fake.PX10, fake.PX10)  # 60 m and 20 m bands upsampled
    # 10 m pixel (4, 7): 2000 + 200 band + 8*4 + 4*7 for S2, -(14 + 2) - 4/16 - 7/256 for VH
    assert image[:, 4, 7].tolist() == [3860.0, -16.0 - 4 / 16 - 7 / 256, 3660.0, 2260.0]
    low = BigEarthNet(root, bands=["B01"])  # only a 60 m band: still on the 10 m grid
    assert tuple(low[0]["image"].shape) == (1, fake.PX10, fake.PX10)
    rgb = BigEarthNet(root, bands=["B04", "B03", "B02"])
    assert rgb.rgb_indices == [0, 1, 2] and rgb.sensors == ("s2",)
    s1 = BigEarthNet(root, bands=["VV", "VH"])
    assert s1.rgb_indices == [] and s1.sensors == ("s1",)
    assert s1[0]["label"].nonzero().flatten().tolist() == [0, 17]  # from the S1 json
    with pytest.raises(ValueError, match="unknown band"):
        BigEarthNet(root, bands=["B10"])


def test_transforms_plot_and_collate(data: tuple[Path, dict]) -> None:
    root, _ = data
    ds = BigEarthNet(root, bands=["B04", "B03", "B02"],
                     transforms=lambda s: {**s, "image": s["image"] / 10})
    assert ds[0]["image"][0, 0, 0].item() == pytest.approx(fake.value(0, "B04") / 10)
    batch = stack_samples([ds[0], ds[1]])
    assert tuple(batch["image"].shape) == (2, 3, fake.PX10, fake.PX10)
    assert len(batch["crs"]) == 2
    fig = ds.plot(ds[0])
    assert isinstance(fig, matplotlib.figure.Figure)
    matplotlib.pyplot.close(fig)


def test_only_needed_sensor_archive(tmp_path: Path) -> None:
    fake.make(tmp_path)
    (tmp_path / "BigEarthNet-S1-v1.0.tar.gz").unlink()
    ds = BigEarthNet(tmp_path, split="test", bands=["B02", "B03"])
    assert len(ds) == 1 and (tmp_path / "BigEarthNet-v1.0").is_dir()
    with pytest.raises(DatasetNotFoundError) as info:
        BigEarthNet(tmp_path, split="test")  # S1 bands need the S1 archive
    assert str(tmp_path) in str(info.value) and "download=True" in str(info.value)


def test_publisher_split_file_name_and_header(data: tuple[Path, dict], tmp_path: Path) -> None:
    root, _ = data
    for folder in ("BigEarthNet-v1.0", "BigEarthNet-S1-v1.0"):
        shutil.copytree(root / folder, tmp_path / folder)
    lines = (root / "bigearthnet-val.csv").read_text()
    (tmp_path / "val.csv").write_text("S2_name,S1_name\n" + lines)
    assert len(BigEarthNet(tmp_path, split="val")) == fake.COUNTS["val"]


def test_checksum_mismatch(tmp_path: Path) -> None:
    fake.make(tmp_path)
    with pytest.raises(ChecksumError, match=r"BigEarthNet-S1-v1\.0\.tar\.gz"):
        BigEarthNet(tmp_path, checksum=True)


def test_download(http_server: Served, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    info = fake.make(http_server.root)
    resources = tuple(
        dataclasses.replace(r, url=f"{http_server.url}/{r.filename}", md5=info["md5"][r.filename])
        for r in BigEarthNet.resources)
    monkeypatch.setattr(BigEarthNet, "resources", resources)
    ds = BigEarthNet(tmp_path / "dl", split="val", bands=["VV"], download=True, checksum=True)
    assert len(ds) == 2 and ds[0]["image"][0, 0, 0].item() == fake.value(3, "VV")
    assert sorted(p.name for p in (tmp_path / "dl").iterdir()) == [
        "BigEarthNet-S1-v1.0", "BigEarthNet-S1-v1.0.tar.gz", "bigearthnet-val.csv"]


def test_registered() -> None:
    assert geoplug.datasets.get("bigearthnet") is BigEarthNet
    spec = geoplug.datasets.info("bigearthnet")
    assert spec.bands == BigEarthNet.all_bands and spec.classes == CLASSES_19


def test_file_names_longer_than_their_patch_folder(data: tuple[Path, dict],
                                                   tmp_path: Path) -> None:
    """Some S1 folders hold ``<folder>_<n>_<band>.tif``: files are found by their suffix."""
    root, info = data
    for folder in ("BigEarthNet-v1.0", "BigEarthNet-S1-v1.0"):
        shutil.copytree(root / folder, tmp_path / folder)
    shutil.copy(root / "bigearthnet-test.csv", tmp_path)
    index = info["splits"]["test"][0]
    _, s1 = fake.names(index)
    for path in (tmp_path / "BigEarthNet-S1-v1.0" / s1).iterdir():
        path.rename(path.with_name(path.name.replace(s1, f"{s1}_41")))
    ds = BigEarthNet(tmp_path, split="test", bands=["VH", "VV"])
    sample = ds[0]
    assert sample["image"][0, 0, 0].item() == fake.value(index, "VH")
    assert sample["image"][1, 0, 0].item() == fake.value(index, "VV")
    assert sample["label"].sum().item() >= 1


def test_bands_of_any_file_size_land_on_the_120_px_patch(data: tuple[Path, dict],
                                                         tmp_path: Path) -> None:
    """A patch whose files are smaller than the publisher's (1 x 1 VV, 2 x 2 others, as in
    small sample data) is still resampled onto the documented 120 x 120 plane, so the
    samples of a split always batch."""
    import numpy as np
    import rasterio

    root, info = data
    for folder in ("BigEarthNet-v1.0", "BigEarthNet-S1-v1.0"):
        shutil.copytree(root / folder, tmp_path / folder)
    shutil.copy(root / "bigearthnet-train.csv", tmp_path)
    index = info["splits"]["train"][0]
    s2, s1 = fake.names(index)
    for path in [*(tmp_path / "BigEarthNet-v1.0" / s2).glob("*.tif"),
                 *(tmp_path / "BigEarthNet-S1-v1.0" / s1).glob("*.tif")]:
        with rasterio.open(path) as src:
            profile, value = src.profile, src.read(1)[0, 0]
        side = 1 if path.name.endswith("_VV.tif") else 2
        profile.update(width=side, height=side, transform=src.transform @ src.transform.scale(
            src.width / side, src.height / side))
        with rasterio.open(path, "w", **profile) as dst:
            dst.write(np.full((1, side, side), value, dtype=profile["dtype"]))
    ds = BigEarthNet(tmp_path, split="train")
    small, regular = ds[0], ds[1]
    assert tuple(small["image"].shape) == tuple(regular["image"].shape) == (14, 120, 120)
    assert small["image"][0].unique().tolist() == [fake.value(index, "VV")]
    assert tuple(stack_samples([small, regular])["image"].shape) == (2, 14, 120, 120)
