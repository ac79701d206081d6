"""Brazilian Coffee Scenes read from a fake ``brazilian_coffee_dataset.zip`` (five folds,
``fold<k>.txt`` lists of ``<label>.<name>``)."""

from __future__ import annotations

import zipfile
from pathlib import Path
from typing import Any

import numpy as np
import pytest
import torch

from fakedata import brazilian_coffee_scenes as fake
from fakedata._dc_checks import (
    archive_fixtures,
    check_made_checksum,
    check_not_found,
    serve_made,
)
from fakedata._scene_folders import TOLERANCE, check_registered, chip
from geoplug.core.errors import InvalidDataError
from geoplug.datasets.brazilian_coffee_scenes import BrazilianCoffeeScenes
from testkit.http import Served

made, root = archive_fixtures(fake.make, "brazilian_coffee_scenes")


def expected_of(made: dict[str, Any], folds: list[int]) -> list[dict[str, Any]]:
    return [e for k in folds for e in made["expected"][k]]


def check_samples(ds: BrazilianCoffeeScenes, expected: list[dict[str, Any]]) -> None:
    """Every sample is its listed file: its label and its green, red and NIR pixels."""
    assert len(ds) == len(expected)
    for i, exp in enumerate(expected):
        sample = ds[i]
        assert set(sample) == {"image", "label"}
        assert sample["image"].dtype == torch.float32 and sample["image"].shape == (3, 12, 12)
        assert sample["label"].dtype == torch.int64 and sample["label"].ndim == 0
        assert int(sample["label"]) == exp["label"], exp["member"]
        np.testing.assert_allclose(sample["image"].numpy(), chip(exp["n"]), rtol=0,
                                   atol=TOLERANCE, err_msg=exp["member"])


@pytest.mark.parametrize("fold", [1, 2, 5])
def test_folds_give_train_and_test(made: dict[str, Any], root: Path, fold: int) -> None:
    test = BrazilianCoffeeScenes(root, split="test", fold=fold)
    check_samples(test, expected_of(made, [fold]))
    train = BrazilianCoffeeScenes(root, split="train", fold=fold)
    check_samples(train, expected_of(made, [k for k in range(1, 6) if k != fold]))


def test_labels_follow_the_lists(root: Path) -> None:
    ds = BrazilianCoffeeScenes(root, split="test", fold=2)  # noncoffee first, then coffee
    assert [int(ds[i]["label"]) for i in range(2)] == [0, 1]
    assert [p.name for p, _ in ds.samples] == ["guaranesia.T128.B192.L64.R128.jpg",
                                               "guaranesia.T64.B128.L1024.R1088.jpg"]
    assert ds.classes == ("noncoffee", "coffee")


def test_bands(made: dict[str, Any], root: Path) -> None:
    ds = BrazilianCoffeeScenes(root, split="test", bands=("NIR", "G"))
    np.testing.assert_allclose(ds[0]["image"].numpy(), chip(0)[[2, 0]], rtol=0,
                               atol=TOLERANCE)
    assert BrazilianCoffeeScenes(root, split="test").rgb_indices == [2, 1, 0]


@pytest.mark.parametrize("fold", [0, 6, "1"])
def test_bad_fold_and_split(root: Path, fold: Any) -> None:
    with pytest.raises(ValueError, match="fold"):
        BrazilianCoffeeScenes(root, fold=fold)
    with pytest.raises(ValueError, match="split 'val'"):
        BrazilianCoffeeScenes(root, split="val")


def extracted(made: dict[str, Any], tmp_path: Path) -> Path:
    with zipfile.ZipFile(made["dir"] / fake.ARCHIVE) as zf:
        zf.extractall(tmp_path)
    return tmp_path / fake.TOP


def test_missing_image_is_named(made: dict[str, Any], tmp_path: Path) -> None:
    top = extracted(made, tmp_path)
    (top / "fold3" / "guaxupe.T0.B64.L192.R256.jpg").unlink()
    with pytest.raises(InvalidDataError, match=r"guaxupe\.T0\.B64\.L192\.R256\.jpg"):
        BrazilianCoffeeScenes(tmp_path, split="test", fold=3)
    assert len(BrazilianCoffeeScenes(tmp_path, split="test", fold=4)) == 2


def test_bad_list_line_is_named(made: dict[str, Any], tmp_path: Path) -> None:
    top = extracted(made, tmp_path)
    (top / "fold1.txt").write_text("coffee.arceburgo.T64.B128.L4672.R4736\nforest.x\n")
    with pytest.raises(InvalidDataError, match=r"line 2 of .*fold1\.txt"):
        BrazilianCoffeeScenes(tmp_path, split="test", fold=1)


def test_not_found(tmp_path: Path) -> None:
    check_not_found(BrazilianCoffeeScenes, tmp_path)


def test_download(made: dict[str, Any], http_server: Served, http_root: Path, tmp_path: Path,
                  monkeypatch: pytest.MonkeyPatch) -> None:
    serve_made(BrazilianCoffeeScenes, made, http_server.url, http_root, monkeypatch)
    ds = BrazilianCoffeeScenes(tmp_path / "dl", split="test", fold=4, download=True,
                               checksum=True)
    assert (tmp_path / "dl" / fake.TOP / "fold4.txt").is_file()
    check_samples(ds, expected_of(made, [4]))


def test_checksum_mismatch(made: dict[str, Any], tmp_path: Path,
                           monkeypatch: pytest.MonkeyPatch) -> None:
    check_made_checksum(BrazilianCoffeeScenes, made, monkeypatch, tmp_path, fake.ARCHIVE)


def test_plot_and_registry(root: Path) -> None:
    check_registered(BrazilianCoffeeScenes, "brazilian_coffee_scenes", root, 2)
