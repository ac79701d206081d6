"""COWC counting and detection patch sets read from LLNL's archives and lists."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import matplotlib
import pytest
import torch

import geoplug.datasets
from fakedata import cowc as fake
from geoplug.core.errors import ChecksumError, DatasetNotFoundError, InvalidDataError
from geoplug.datasets.cowc import COWCCounting, COWCDetection
from testkit.http import Served

matplotlib.use("Agg")

KINDS = {"counting": COWCCounting, "detection": COWCDetection}


@pytest.fixture(scope="module", params=["counting", "detection"])
def prepared(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
             ) -> tuple[type, Path, dict]:
    kind = request.param
    root = tmp_path_factory.mktemp(kind)
    info = fake.make(root, kind)
    cls = KINDS[kind]
    cls(root, split="train")  # extracts the archives already on disk
    return cls, root, info


@pytest.mark.parametrize("split", ["train", "test"])
def test_samples(prepared: tuple[type, Path, dict], split: str) -> None:
    cls, root, info = prepared
    ds = cls(root, split=split)
    rows = info["rows"][split]
    assert len(ds) == len(rows) == (12 if split == "train" else 6)
    for i in (0, len(ds) - 1):
        sample = ds[i]
        assert set(sample) == {"image", "label"}
        assert sample["image"].dtype == torch.float32
        assert tuple(sample["image"].shape) == (3, 16, 16)
        assert sample["image"][:, 3, 4].tolist() == fake.at(rows[i][2], 3, 4)
        assert sample["image"][:, 4, 3].tolist() == fake.at(rows[i][2], 4, 3)
        assert torch.equal(sample["image"],
                           torch.from_numpy(fake.patch(rows[i][2], 16)).permute(2, 0, 1).float())
        if cls is COWCCounting:
            assert sample["label"].dtype == torch.float32
        else:
            assert sample["label"].dtype == torch.int64 and int(sample["label"]) in (0, 1)
        assert sample["label"].item() == rows[i][1]


def test_bands_transforms_plot(prepared: tuple[type, Path, dict]) -> None:
    cls, root, info = prepared
    ds = cls(root, bands=["B", "R"], transforms=lambda s: {**s, "image": s["image"] + 1})
    r, _, b = info["rows"]["train"][1][2]
    assert ds[1]["image"][:, 0, 0].tolist() == [b + 1, r + 1]
    assert ds[1]["image"][:, 2, 5].tolist() == [b + 40, r + 40]  # 7*2 + 3*5 + 2*5, plus one
    assert ds.rgb_indices == []
    full = cls(root)
    assert full.rgb_indices == [0, 1, 2]
    with pytest.raises(ValueError, match="unknown band"):
        cls(root, bands=["NIR"])
    with pytest.raises(ValueError, match="split 'val'"):
        cls(root, split="val")
    fig = full.plot(full[0])
    assert isinstance(fig, matplotlib.figure.Figure)
    matplotlib.pyplot.close(fig)


def test_extraction_of_archives_on_disk(tmp_path: Path) -> None:
    fake.make(tmp_path, "counting")
    ds = COWCCounting(tmp_path, split="test")
    assert len(ds) == 6
    assert (tmp_path / "COWC_test_list_64_class.txt").is_file()
    assert all((tmp_path / city / "test").is_dir() for city in fake.CITIES)


def test_missing_and_incomplete(tmp_path: Path) -> None:
    with pytest.raises(DatasetNotFoundError) as info:
        COWCDetection(tmp_path / "none")
    assert str(tmp_path / "none") in str(info.value) and "download=True" in str(info.value)
    fake.make(tmp_path, "detection")
    (tmp_path / "COWC_Detection_Utah_AGRC.tbz").unlink()
    with pytest.raises(DatasetNotFoundError):  # one city archive absent, nothing extracted
        COWCDetection(tmp_path)


def test_bad_list_line(tmp_path: Path) -> None:
    fake.make(tmp_path, "counting")
    COWCCounting(tmp_path)
    (tmp_path / "COWC_train_list_64_class.txt").write_text("Utah_AGRC/train/x.png many\n")
    with pytest.raises(InvalidDataError, match="line 1"):
        COWCCounting(tmp_path)


def test_checksum_mismatch(tmp_path: Path) -> None:
    fake.make(tmp_path, "detection")
    with pytest.raises(ChecksumError, match="published checksum"):
        COWCDetection(tmp_path, checksum=True)


def test_download(http_server: Served, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    info = fake.make(http_server.root, "counting")
    resources = tuple(
        dataclasses.replace(r, url=f"{http_server.url}/{r.filename}", md5=info["md5"][r.filename])
        for r in COWCCounting.resources)
    monkeypatch.setattr(COWCCounting, "resources", resources)
    ds = COWCCounting(tmp_path / "dl", split="test", download=True, checksum=True)
    assert len(ds) == 6
    assert not (tmp_path / "dl" / "COWC_train_list_64_class.txt.bz2").exists()


def test_registered() -> None:
    assert geoplug.datasets.get("cowc_counting") is COWCCounting
    assert geoplug.datasets.get("cowc_detection") is COWCDetection
    assert geoplug.datasets.info("cowc_detection").classes == COWCDetection.classes
