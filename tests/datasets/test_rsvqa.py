"""RSVQA-LR and RSVQA-HR from the publisher's image archive and per-split JSON files."""

from __future__ import annotations

import json
import shutil
from pathlib import Path
from typing import Any

import numpy as np
import pytest
import torch

import geoplug.datasets
from fakedata import rsvqa as fake
from fakedata._dc_checks import (
    check_checksum_mismatch,
    check_not_found,
    check_plot,
    serve_resources,
)
from geoplug.core.errors import DatasetNotFoundError, InvalidDataError
from geoplug.core.testing import check_dataset_plugin
from geoplug.datasets.rsvqa import RSVQAHR, RSVQALR
from testkit.http import Served

CLASSES = {"lr": RSVQALR, "hr": RSVQAHR}


@pytest.fixture(scope="module")
def made(tmp_path_factory: pytest.TempPathFactory) -> dict[str, dict[str, Any]]:
    return fake.make(tmp_path_factory.mktemp("rsvqa_src"))


def copy_published(made: dict[str, Any], dst: Path) -> Path:
    """The archive and JSON files as a user downloads them into one folder."""
    dst.mkdir(parents=True, exist_ok=True)
    for name in [*made["archives"], *made["jsons"]]:
        shutil.copy(made["dir"] / name, dst / name)
    return dst


@pytest.fixture(scope="module")
def roots(made: dict[str, dict[str, Any]], tmp_path_factory: pytest.TempPathFactory
          ) -> dict[str, Path]:
    base = tmp_path_factory.mktemp("rsvqa")
    return {v: copy_published(made[v], base / v) for v in made}


CASES = [(v, s) for v in fake.VARIANTS for s in fake.VARIANTS[v]["splits"]]


@pytest.mark.parametrize(("variant", "split"), CASES)
def test_samples(made: dict[str, dict[str, Any]], roots: dict[str, Path], variant: str,
                 split: str) -> None:
    """Every active question, in file order, with its own image's pixels and its answer."""
    ds = CLASSES[variant](roots[variant], split=split)
    expected = made[variant]["expected"][split]
    assert len(ds) == len(expected) > 0
    for i, (image_id, question, kind, answer) in enumerate(expected):
        sample = ds[i]
        assert sample["question"] == question
        assert sample["question_type"] == kind
        assert sample["answer"] == answer
        assert sample["image"].dtype == torch.float32
        np.testing.assert_array_equal(sample["image"].numpy(),
                                      fake.image(image_id, made[variant]["shape"]))


def test_exact_values_and_inactive_entries(roots: dict[str, Path]) -> None:
    """Written out by hand: LR train holds images 0-2, question 4 is deactivated."""
    ds = RSVQALR(roots["lr"], split="train")
    assert len(ds) == 8  # 3 images x 3 questions, less the deactivated one
    assert "question number 4" not in " ".join(ds.questions)
    assert ds.image_ids == [0, 0, 0, 1, 1, 2, 2, 2]
    s = ds[4]  # question 5 (odd) of image 1, type (1 + 2) % 4: rural_urban
    assert (s["question"], s["question_type"], s["answer"]) == (
        "Is it a rural or an urban area (5)?", "rural_urban", "urban")
    # band 2, row 3, col 4 of image 1: 40 + 180 + 21 + 12 + 12 = 265 -> 9
    assert s["image"].shape == (3, 8, 10)
    assert s["image"][2, 3, 4].item() == 9.0
    assert s["image"][0, 0, 0].item() == 40.0
    hr = RSVQAHR(roots["hr"], split="test_phili")
    assert hr.image_ids == [5, 5, 5, 6, 6, 6]
    # question 17 of image 5, type (5 + 2) % 4: area, 7 * 17 m2
    assert hr[2]["question_type"] == "area" and hr[2]["answer"] == "119m2"
    assert hr[2]["image"].shape == (3, 10, 8)


def test_questions_of_inactive_images_are_skipped(roots: dict[str, Path],
                                                  tmp_path: Path) -> None:
    """The publisher's loader starts from the active images: an image deactivated in the
    images file takes its questions out of the split."""
    copy = tmp_path / "lr"
    shutil.copytree(roots["lr"], copy)
    path = copy / "LR_split_train_images.json"
    data = json.loads(path.read_text())
    data["images"][2]["active"] = False
    path.write_text(json.dumps(data))
    assert RSVQALR(copy, split="train").image_ids == [0, 0, 0, 1, 1]


def test_bands(made: dict[str, dict[str, Any]], roots: dict[str, Path]) -> None:
    ds = RSVQAHR(roots["hr"], split="val", bands=["B", "R"])
    np.testing.assert_array_equal(ds[0]["image"].numpy(),
                                  fake.image(3, made["hr"]["shape"])[[2, 0]])


def test_hr_png_copy_and_images_folder(made: dict[str, dict[str, Any]], roots: dict[str, Path],
                                       tmp_path: Path) -> None:
    """HR ships each image as .tif and .png; an ``Images`` folder of PNGs is read too."""
    copy = tmp_path / "hr"
    copy.mkdir()
    for name in made["hr"]["jsons"]:
        shutil.copy(roots["hr"] / name, copy / name)
    RSVQAHR(roots["hr"], split="val")  # makes sure Data/ is extracted
    shutil.copytree(roots["hr"] / "Data", copy / "Images",
                    ignore=shutil.ignore_patterns("*.tif"))
    ds = RSVQAHR(copy, split="test")
    assert ds.image_path(4).name == "4.png"
    np.testing.assert_array_equal(ds[0]["image"].numpy(), fake.image(4, made["hr"]["shape"]))


def test_missing_image(roots: dict[str, Path], tmp_path: Path) -> None:
    copy = tmp_path / "lr"
    shutil.copytree(roots["lr"], copy)
    ds = RSVQALR(copy, split="val")
    (copy / "Images_LR" / "3.tif").unlink()
    with pytest.raises(InvalidDataError, match=r"3\.tif.*Images_LR\.zip"):
        ds[0]


def test_bad_json(roots: dict[str, Path], tmp_path: Path) -> None:
    copy = tmp_path / "lr"
    shutil.copytree(roots["lr"], copy)
    path = copy / "LR_split_test_questions.json"
    path.write_text("{not json")
    with pytest.raises(InvalidDataError, match=r"LR_split_test_questions\.json"):
        RSVQALR(copy, split="test")
    # an active question without its answer
    answers = copy / "LR_split_val_answers.json"
    data = json.loads(answers.read_text())
    for entry in data["answers"]:
        entry["active"] = False
    answers.write_text(json.dumps(data))
    with pytest.raises(InvalidDataError, match="no active answer"):
        RSVQALR(copy, split="val")


def test_not_found(made: dict[str, dict[str, Any]], tmp_path: Path) -> None:
    check_not_found(RSVQALR, tmp_path / "empty")
    check_not_found(RSVQAHR, tmp_path / "empty", split="test_phili")
    # the JSON files without the image archive
    only_json = tmp_path / "json"
    only_json.mkdir()
    for name in made["lr"]["jsons"]:
        shutil.copy(made["lr"]["dir"] / name, only_json / name)
    with pytest.raises(DatasetNotFoundError, match="Images_LR"):
        RSVQALR(only_json)


def test_unknown_split(roots: dict[str, Path]) -> None:
    with pytest.raises(ValueError, match="test_phili"):
        RSVQALR(roots["lr"], split="test_phili")


@pytest.mark.parametrize("variant", list(fake.VARIANTS))
def test_checksum_mismatch(made: dict[str, dict[str, Any]], variant: str, tmp_path: Path,
                           monkeypatch: pytest.MonkeyPatch) -> None:
    root = copy_published(made[variant], tmp_path / variant)
    check_checksum_mismatch(CLASSES[variant], monkeypatch, root,
                            fake.VARIANTS[variant]["archive"], split="val")


@pytest.mark.parametrize("variant", list(fake.VARIANTS))
def test_download(made: dict[str, dict[str, Any]], variant: str, http_server: Served,
                  http_root: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Only the split's JSON files and the image archive are fetched, then extracted."""
    cls = CLASSES[variant]
    copy_published(made[variant], http_root)
    serve_resources(cls, monkeypatch, http_server.url, made[variant]["archives"])
    ds = cls(tmp_path / "dl", split="val", download=True, checksum=True)
    expected = made[variant]["expected"]["val"]
    assert [(s["question"], s["answer"]) for s in (ds[i] for i in range(len(ds)))] == [
        (q, a) for _, q, _, a in expected]
    prefix = fake.VARIANTS[variant]["prefix"]
    assert sorted(p.name for p in (tmp_path / "dl").iterdir() if p.suffix == ".json") == [
        f"{prefix}_split_val_{k}.json" for k in ("answers", "images", "questions")]


def test_plot(roots: dict[str, Path]) -> None:
    ds = RSVQALR(roots["lr"], split="test")
    check_plot(ds)
    sample = ds[0]
    fig = ds.plot({**sample, "prediction": "yes"})
    title = fig.axes[0].get_title()
    assert sample["question"][:20] in title and "predicted: yes" in title


@pytest.mark.parametrize(("name", "variant", "cls"), [("rsvqa_lr", "lr", RSVQALR),
                                                      ("rsvqa_hr", "hr", RSVQAHR)])
def test_registry_and_conformance(roots: dict[str, Path], name: str, variant: str,
                                  cls: type) -> None:
    assert geoplug.datasets.get(name) is cls
    check_dataset_plugin(name, roots[variant])
