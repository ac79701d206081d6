"""Rwanda Field Boundary loader against fake files in both published layouts."""

from __future__ import annotations

from pathlib import Path

import matplotlib
import numpy as np
import pytest
import torch
from rasterio.crs import CRS

import geoplug.datasets
from fakedata import rwanda_field_boundary as fake
from fakedata._dc_checks import check_checksum_mismatch, check_not_found, serve_resources
from fakedata._made import made_root
from geoplug.core.errors import DatasetNotFoundError, InvalidDataError
from geoplug.core.testing import check_dataset_plugin
from geoplug.datasets.rwanda_field_boundary import RwandaFieldBoundary, file_resources

matplotlib.use("Agg")

root = made_root(fake.make, "rwanda_field_boundary")


def expected_image(split: str, chip: int, months: range | list[int] = range(6),
                   bands: list[int] | None = None) -> torch.Tensor:
    """The stacked ``[T*C,H,W]`` image the fake files hold, month by month."""
    bands = bands if bands is not None else [0, 1, 2, 3]
    stack = [fake.image(split, chip, m)[bands] for m in months]
    return torch.from_numpy(np.concatenate(stack).astype(np.float32))


def test_registry() -> None:
    assert geoplug.datasets.get("rwanda_field_boundary") is RwandaFieldBoundary
    info = geoplug.datasets.info("rwanda_field_boundary")
    assert info.bands == fake.BANDS
    assert info.classes == ("no field boundary", "field boundary")
    assert info.splits == ("train", "test")


def test_published_file_list() -> None:
    names = [r.filename for r in RwandaFieldBoundary.resources]
    assert len(names) == 57 * 6 * 4 + 57 + 13 * 6 * 4
    assert "source/train/2021_03/00_B01.tif" in names
    assert "source/test/2021_12/12_B04.tif" in names
    assert "labels/train/56.tif" in names
    assert "labels/train/57.tif" not in names and "source/test/2021_03/13_B01.tif" not in names
    splits = {r.filename: r.splits for r in RwandaFieldBoundary.resources}
    assert splits["labels/train/00.tif"] == ("train",)
    assert splits["source/test/2021_08/03_B02.tif"] == ("test",)


@pytest.mark.parametrize(("split", "n"), [("train", 3), ("test", 2)])
def test_lengths(root: Path, split: str, n: int) -> None:
    ds = RwandaFieldBoundary(root, split=split)
    assert len(ds) == n
    assert ds.chips == [f"{k:02d}" for k in range(n)]


def test_train_sample_pairs_image_and_mask(root: Path) -> None:
    ds = RwandaFieldBoundary(root)
    sample = ds[1]
    assert sample["chip"] == "01"
    assert sample["image"].shape == (24, fake.SIZE, fake.SIZE)
    assert sample["image"].dtype == torch.float32
    assert torch.equal(sample["image"], expected_image("train", 1))
    # month 2021_08 (index 2), band B03 (index 2), row 3, column 5: 1000 i + 100 b + 7r + 3c + rc
    i = fake.file_index("train", 1, 2)
    assert sample["image"][2 * 4 + 2, 3, 5].item() == 1000 * i + 200 + 21 + 15 + 15
    assert sample["mask"].dtype == torch.int64
    assert torch.equal(sample["mask"], torch.from_numpy(fake.label(1).astype(np.int64)))
    assert not torch.equal(sample["mask"], torch.from_numpy(fake.label(0).astype(np.int64)))
    assert sample["crs"] == CRS.from_epsg(3857)
    assert sample["bounds"].minx == pytest.approx(fake.ORIGIN[0] + fake.SIZE * fake.RES)
    assert sample["bounds"].maxy == pytest.approx(fake.ORIGIN[1])


def test_test_split_has_no_mask(root: Path) -> None:
    ds = RwandaFieldBoundary(root, split="test")
    sample = ds[1]
    assert "mask" not in sample
    assert torch.equal(sample["image"], expected_image("test", 1))


def test_dates_and_bands_select_and_order(root: Path) -> None:
    ds = RwandaFieldBoundary(root, bands=["B04", "B01"], dates=["2021_08", "2021_03"],
                             transforms=lambda s: {**s, "image": s["image"] + 1})
    assert ds[2]["image"].shape == (4, fake.SIZE, fake.SIZE)
    assert torch.equal(ds[2]["image"], expected_image("train", 2, [2, 0], [3, 0]) + 1)
    one = RwandaFieldBoundary(root, dates="2021_12")
    assert torch.equal(one[0]["image"], expected_image("train", 0, [5]))


@pytest.mark.parametrize("dates", [["2021_05"], [], ["2021_03", "2021_03"]])
def test_bad_dates(root: Path, dates: list[str]) -> None:
    with pytest.raises(ValueError, match="dates"):
        RwandaFieldBoundary(root, dates=dates)


def test_mlhub_archives_are_extracted(tmp_path: Path, root: Path) -> None:
    made = fake.make(tmp_path, layout="mlhub")
    assert not (tmp_path / "nasa_rwanda_field_boundary_competition_source_train").exists()
    ds = RwandaFieldBoundary(tmp_path)
    assert len(ds) == 3
    assert (tmp_path / "nasa_rwanda_field_boundary_competition_labels_train").is_dir()
    coop = RwandaFieldBoundary(root)
    for k in range(3):
        assert torch.equal(ds[k]["image"], coop[k]["image"])
        assert torch.equal(ds[k]["mask"], coop[k]["mask"])
    test = RwandaFieldBoundary(tmp_path, split="test")
    assert torch.equal(test[1]["image"], expected_image("test", 1))
    assert len(made["archives"]) == 3


def test_mlhub_folder_of_the_client(tmp_path: Path) -> None:
    """The MLHub client downloads into ``nasa_rwanda_field_boundary_competition/``."""
    fake.make(tmp_path / "nasa_rwanda_field_boundary_competition", layout="mlhub", extract=True)
    for archive in (tmp_path / "nasa_rwanda_field_boundary_competition").glob("*.tar.gz"):
        archive.unlink()
    ds = RwandaFieldBoundary(tmp_path, dates="2021_04")
    assert torch.equal(ds[2]["image"], expected_image("train", 2, [1]))
    assert torch.equal(ds[2]["mask"], torch.from_numpy(fake.label(2).astype(np.int64)))


def test_checksum(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    made = fake.make(tmp_path, layout="mlhub")
    serve_resources(RwandaFieldBoundary, monkeypatch, "http://127.0.0.1:9", made["archives"],
                    attr="archives")
    assert len(RwandaFieldBoundary(tmp_path, checksum=True)) == 3  # the right md5s pass
    check_checksum_mismatch(RwandaFieldBoundary, monkeypatch, tmp_path,
                            "nasa_rwanda_field_boundary_competition_labels_train.tar.gz",
                            attr="archives")


def test_published_md5_rejects_other_archives(tmp_path: Path) -> None:
    from geoplug.core.errors import ChecksumError

    fake.make(tmp_path, layout="mlhub")
    with pytest.raises(ChecksumError, match="1f9ec08038218e67e11f82a86849b333"):
        RwandaFieldBoundary(tmp_path, checksum=True)


def test_not_found(tmp_path: Path) -> None:
    check_not_found(RwandaFieldBoundary, tmp_path)
    with pytest.raises(DatasetNotFoundError, match=r"source_train\.tar\.gz"):
        RwandaFieldBoundary(tmp_path)


def test_download(tmp_path: Path, http_root: Path, http_server,
                  monkeypatch: pytest.MonkeyPatch) -> None:
    fake.make(http_root)
    monkeypatch.setattr(RwandaFieldBoundary, "resources",
                        file_resources(http_server.url, fake.CHIPS))
    ds = RwandaFieldBoundary(tmp_path / "data", download=True)
    assert len(ds) == 3
    assert torch.equal(ds[2]["image"], expected_image("train", 2))
    assert torch.equal(ds[2]["mask"], torch.from_numpy(fake.label(2).astype(np.int64)))
    assert not (tmp_path / "data" / "source" / "test").exists()  # only the split asked for
    test = RwandaFieldBoundary(tmp_path / "data", split="test", download=True)
    assert torch.equal(test[0]["image"], expected_image("test", 0))


def test_incomplete_download_names_the_file(tmp_path: Path) -> None:
    fake.make(tmp_path)
    (tmp_path / "source" / "train" / "2021_11" / "02_B03.tif").unlink()
    with pytest.raises(InvalidDataError, match=r"chip 02 .*2021_11/02_B03\.tif"):
        RwandaFieldBoundary(tmp_path)
    (tmp_path / "labels" / "train" / "01.tif").unlink()
    with pytest.raises(InvalidDataError, match=r"labels/train/01\.tif"):
        RwandaFieldBoundary(tmp_path, dates="2021_03")
    assert len(RwandaFieldBoundary(tmp_path, split="test")) == 2


def test_plot(root: Path) -> None:
    import matplotlib.pyplot as plt

    ds = RwandaFieldBoundary(root)
    sample = ds[0]
    fig = ds.plot(sample, time_step=-1)
    assert isinstance(fig, plt.Figure)
    assert len(fig.axes) == 2  # one month and the mask
    assert fig.get_suptitle() == "chip 00 2021_12"
    with pytest.raises(IndexError, match="time_step"):
        ds.plot(sample, time_step=6)
    test = RwandaFieldBoundary(root, split="test")
    assert len(test.plot(test[0]).axes) == 1


def test_conformance(root: Path) -> None:
    report = check_dataset_plugin("rwanda_field_boundary", data=root,
                                  kwargs={"dates": "2021_03"})
    assert any("samples" in p for p in report.passed)
