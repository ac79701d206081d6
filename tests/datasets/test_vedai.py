from __future__ import annotations

import dataclasses
import shutil
from pathlib import Path
from typing import Any

import pytest
import torch

import geoplug.datasets
from fakedata import vedai as fake
from fakedata._dc_checks import (
    check_checksum_mismatch,
    check_plot,
    copy_archives,
    serve_made,
    serve_resources,
)
from fakedata._made import made_root
from geoplug.core.errors import ChecksumError, DatasetNotFoundError, InvalidDataError
from geoplug.core.testing import check_dataset_plugin
from geoplug.datasets._catalog.detection_vedai import VEDAI_CLASSES
from geoplug.datasets.vedai import VEDAI, VEDAI_CODES, parse_vedai
from testkit.http import Served

#: the extracted tree, written once (tests that change files use ``fresh``)
root = made_root(fake.make, "vedai")


@pytest.fixture(name="fresh")
def fresh_root(tmp_path: Path) -> Path:
    fake.make(tmp_path)
    return tmp_path


def written(k: int) -> torch.Tensor:
    return torch.from_numpy(fake.image(k)).float()


def note(base: Path, k: int) -> Path:
    return base / "Annotations1024" / f"{fake.image_id(k)}.txt"


@pytest.mark.parametrize(("fold", "split", "length"),
                         [(1, "train", 3), (1, "test", 1), (2, "train", 2), (2, "test", 2)])
def test_lengths(root: Path, fold: int, split: str, length: int) -> None:
    assert len(VEDAI(root, split=split, fold=fold)) == length


def test_sample(root: Path) -> None:
    sample = VEDAI(root)[0]  # tile 0: a car and a plane
    assert set(sample) == {"image", "bbox_xyxy", "bbox_xyxyxyxy", "label"}
    assert sample["image"].dtype == torch.float32
    assert sample["image"].shape == (4, fake.HEIGHT, fake.WIDTH)
    assert torch.equal(sample["image"], written(0))
    # the file lists x1..x4 then y1..y4; corners come interleaved
    assert sample["bbox_xyxyxyxy"].dtype == torch.float32
    assert sample["bbox_xyxyxyxy"].tolist() == [[2, 3, 8, 3, 8, 6, 2, 6],
                                                [10.5, 1, 14, 2, 13, 6, 9.5, 5]]
    assert sample["bbox_xyxy"].dtype == torch.float32
    assert sample["bbox_xyxy"].tolist() == [[2, 3, 8, 6], [9.5, 1, 14, 6]]
    assert sample["label"].dtype == torch.int64
    assert sample["label"].tolist() == [0, 10]  # car (code 1), plane (code 31)


def test_pixels_pair_with_their_annotations(root: Path) -> None:
    """Every sample of every split is its own tile (both PNGs) with its own annotation."""
    for fold, lists in fake.FOLDS.items():
        for split, ids in zip(("train", "test"), lists):
            ds = VEDAI(root, split=split, fold=fold)
            for index, k in enumerate(ids):
                sample = ds[index]
                assert torch.equal(sample["image"], written(k)), (fold, split, k)
                codes = [code for code, _, _ in fake.OBJECTS[k]]
                assert sample["label"].tolist() == [VEDAI_CODES.index(c) for c in codes]
    test = VEDAI(root, split="test")[0]  # tile 3, pixel at row 9, col 17
    assert test["image"][:, 9, 17].tolist() == list(fake.pixel(3, 9, 17))
    assert test["label"].tolist() == [9, 1, 6]  # boat, truck, van


def test_tile_without_vehicles(root: Path) -> None:
    empty = VEDAI(root)[2]
    assert torch.equal(empty["image"], written(2))
    assert empty["bbox_xyxyxyxy"].shape == (0, 8) and empty["bbox_xyxy"].shape == (0, 4)
    assert empty["label"].shape == (0,) and empty["label"].dtype == torch.int64


@pytest.mark.parametrize("bands", [["NIR"], ["B", "NIR", "R"], ["G"]])
def test_bands(root: Path, bands: list[str]) -> None:
    sample = VEDAI(root, split="test", bands=bands)[0]
    order = [("R", "G", "B", "NIR").index(b) for b in bands]
    assert torch.equal(sample["image"], written(3)[order])


def test_transforms(root: Path) -> None:
    ds = VEDAI(root, transforms=lambda s: {**s, "n": len(s["label"])})
    assert ds[1]["n"] == 1


def test_classes() -> None:
    assert VEDAI.classes == VEDAI_CLASSES
    assert len(VEDAI_CODES) == len(VEDAI_CLASSES) == 11
    assert VEDAI_CLASSES[VEDAI_CODES.index(11)] == "pickup"


def test_512_copy(fresh: Path) -> None:
    (fresh / "Vehicules1024").rename(fresh / "Vehicules512")
    (fresh / "Annotations1024").rename(fresh / "Annotations512")
    assert torch.equal(VEDAI(fresh, size=512)[1]["image"], written(1))
    with pytest.raises(DatasetNotFoundError):
        VEDAI(fresh)


def test_extra_top_folder(fresh: Path) -> None:
    top = fresh / "VEDAI"
    top.mkdir()
    for name in ("Vehicules1024", "Annotations1024"):
        (fresh / name).rename(top / name)
    assert len(VEDAI(fresh)) == 3


def test_fold_lists_decide(root: Path) -> None:
    ids = [p.name for _, _, p in VEDAI(root).samples]
    assert fake.image_id(fake.UNLISTED) + ".txt" not in ids


def test_parse_vedai(root: Path) -> None:
    corners, labels = parse_vedai(note(root, 1))
    assert corners.tolist() == [[5, 2, 9, 2, 9, 4, 5, 4]] and labels.tolist() == [8]


@pytest.mark.parametrize(("line", "message"), [
    ("1 2 3 1 1 0 1 2 3 4 5 6 7", r"line 1 .*13 fields, not 14"),
    ("1 2 3 1 1 0 1 2 3 x 5 6 7 8", r"line 1 .*could not convert"),
    ("1 2 3 6 1 0 1 2 3 4 5 6 7 8", r"unknown class code 6"),
])
def test_bad_annotation(fresh: Path, line: str, message: str) -> None:
    note(fresh, 1).write_text(line + "\n")
    ds = VEDAI(fresh)
    ds[0]  # the other files still read
    with pytest.raises(InvalidDataError, match=message):
        ds[1]


@pytest.mark.parametrize("name", ["{}_co.png", "{}_ir.png", "{}.txt"])
def test_missing_file(fresh: Path, name: str) -> None:
    missing = name.format(fake.image_id(1))
    folder = "Annotations1024" if name.endswith(".txt") else "Vehicules1024"
    (fresh / folder / missing).unlink()
    with pytest.raises(InvalidDataError, match=rf"1 id\(s\) listed in .*fold01\.txt.*{missing}"):
        VEDAI(fresh)
    assert len(VEDAI(fresh, split="test")) == 1


def test_truncated_png(fresh: Path) -> None:
    path = fresh / "Vehicules1024" / f"{fake.image_id(3)}_ir.png"
    path.write_bytes(path.read_bytes()[:30])
    ds = VEDAI(fresh, split="test")
    with pytest.raises(InvalidDataError, match=r"_ir\.png"):
        ds[0]
    assert VEDAI(fresh, split="test", bands=["R"])[0]["image"].shape[0] == 1


def test_not_found(tmp_path: Path) -> None:
    for kwargs in ({}, {"size": 512, "download": True}):  # no download of the 512 px copy
        with pytest.raises(DatasetNotFoundError) as info:
            VEDAI(tmp_path, **kwargs)  # type: ignore[arg-type]
        message = str(info.value)
        for text in (str(tmp_path), "downloads.greyc.fr/vedai", "Vehicules1024.tar.001",
                     "Annotations1024.tar", "download=True", "fold<NN>"):
            assert text in message, text


@pytest.fixture(scope="module", name="made")
def made_fixture(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    return fake.make_archives(tmp_path_factory.mktemp("vedai_src"))


def _point_archive(monkeypatch: pytest.MonkeyPatch, md5: str) -> None:
    monkeypatch.setattr(VEDAI, "archive", dataclasses.replace(VEDAI.archive, md5=md5))


def test_download_joins_volumes(made: dict[str, Any], http_server: Served, http_root: Path,
                                tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    serve_made(VEDAI, made, http_server.url, http_root, monkeypatch)
    _point_archive(monkeypatch, made["joined"])
    data = tmp_path / "data"
    ds = VEDAI(data, split="test", download=True, checksum=True)
    assert len(ds) == 1 and torch.equal(ds[0]["image"], written(3))
    assert ds[0]["label"].tolist() == [9, 1, 6]
    assert sorted(p.name for p in data.glob("*.tar*")) == sorted(
        [*made["archives"], "Vehicules1024.tar"])
    assert len(VEDAI(data, fold=2)) == 2  # no second download needed


def test_archives_in_root_are_joined_and_extracted(made: dict[str, Any], tmp_path: Path,
                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    serve_resources(VEDAI, monkeypatch, "http://127.0.0.1:9", made["archives"])  # unreachable
    names = list(made["archives"])
    copy_archives(made["dir"], tmp_path, names[1:])  # a volume is missing
    with pytest.raises(DatasetNotFoundError):
        VEDAI(tmp_path)
    copy_archives(made["dir"], tmp_path, names[:1])
    ds = VEDAI(tmp_path, checksum=True)
    assert len(ds) == 3 and torch.equal(ds[1]["image"], written(1))


def test_checksum_mismatch(made: dict[str, Any], tmp_path: Path,
                           monkeypatch: pytest.MonkeyPatch) -> None:
    copy_archives(made["dir"], tmp_path, list(made["archives"]))
    serve_resources(VEDAI, monkeypatch, "http://127.0.0.1:9", made["archives"])
    check_checksum_mismatch(VEDAI, monkeypatch, tmp_path, "Vehicules1024.tar.003")
    _point_archive(monkeypatch, "0" * 32)
    serve_resources(VEDAI, monkeypatch, "http://127.0.0.1:9", made["archives"])
    with pytest.raises(ChecksumError):
        VEDAI(tmp_path, checksum=True)  # the joined tar is verified too


def test_fold_list_absent(fresh: Path) -> None:
    (fresh / "Annotations1024" / "fold02test.txt").unlink()
    with pytest.raises(DatasetNotFoundError):
        VEDAI(fresh, split="test", fold=2)
    shutil.copy(fresh / "Annotations1024" / "fold01test.txt", fresh / "fold02test.txt")
    assert len(VEDAI(fresh, split="test", fold=2)) == 1  # a list moved beside the folders


@pytest.mark.parametrize(("kwargs", "message"), [
    ({"split": "val"}, "split 'val'"), ({"fold": 11}, "fold 11"), ({"size": 256}, "size 256"),
    ({"bands": ["SWIR"]}, "SWIR"),
])
def test_bad_arguments(root: Path, kwargs: dict[str, object], message: str) -> None:
    with pytest.raises(ValueError, match=message):
        VEDAI(root, **kwargs)  # type: ignore[arg-type]


def test_plot(root: Path) -> None:
    check_plot(VEDAI(root))
    check_plot(VEDAI(root), index=2)  # no vehicles
    check_plot(VEDAI(root, bands=["NIR"]))


def test_registry_and_conformance(root: Path) -> None:
    assert geoplug.datasets.get("vedai") is VEDAI
    info = geoplug.datasets.info("vedai")
    assert info.num_classes == 11 and info.task == "detection"
    assert info.bands == ("R", "G", "B", "NIR")
    check_dataset_plugin("vedai", root)
