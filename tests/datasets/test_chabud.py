"""ChaBuD read from a fake ``train_eval.hdf5`` in the challenge's layout."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import numpy as np
import pytest
import torch

import geoplug.datasets
from fakedata import chabud as fake
from fakedata._dc_checks import archive_fixtures, check_not_found, check_plot, serve_made
from fakedata.cabuar import SIZE, burned, pixel
from geoplug.core.errors import ChecksumError
from geoplug.core.testing import check_dataset_plugin
from geoplug.datasets.chabud import ChaBuD
from testkit.http import Served

made, root = archive_fixtures(fake.make, "chabud")
ROWS, COLS = np.mgrid[0:SIZE, 0:SIZE]


@pytest.mark.parametrize(("split", "ids"), [("train", ["1e2f", "3c4d"]),
                                            ("val", ["0c1d", "4e5f"])])
def test_splits_follow_folds(root: Path, split: str, ids: list[str]) -> None:
    ds = ChaBuD(root, split=split)
    assert [ds[i]["id"] for i in range(len(ds))] == ids  # 2a3b has no pre-fire image


def test_sample(root: Path) -> None:
    sample = ChaBuD(root, split="val")[1]  # 4e5f, patch k = 4
    assert sample["image"].shape == (2, 12, SIZE, SIZE)
    assert sample["image"].dtype == torch.float32 and sample["mask"].dtype == torch.int64
    assert np.array_equal(sample["image"][0, 0].numpy(), pixel(4, 0, 0, ROWS, COLS))
    assert np.array_equal(sample["image"][1, 9].numpy(), pixel(4, 1, 9, ROWS, COLS))
    assert np.array_equal(sample["mask"].numpy(), burned(4))
    rgb = ChaBuD(root, bands=["B04", "B03", "B02"])
    assert rgb.rgb_indices == [0, 1, 2]
    assert np.array_equal(rgb[0]["image"][0, 2].numpy(), pixel(1, 0, 1, ROWS, COLS))
    with pytest.raises(ValueError, match="split 'test'"):
        ChaBuD(root, split="test")


def test_not_found(tmp_path: Path) -> None:
    check_not_found(ChaBuD, tmp_path)


def test_download(made: dict[str, Any], http_server: Served, http_root: Path, tmp_path: Path,
                  monkeypatch: pytest.MonkeyPatch) -> None:
    serve_made(ChaBuD, made, http_server.url, http_root, monkeypatch)
    assert len(ChaBuD(tmp_path / "dl", download=True, checksum=True)) == 2
    serve_made(ChaBuD, {"dir": made["dir"], "archives": {"train_eval.hdf5": "0" * 32}},
               http_server.url, http_root, monkeypatch)
    with pytest.raises(ChecksumError):
        ChaBuD(tmp_path / "dl2", download=True)


def test_plot_and_registry(root: Path) -> None:
    check_plot(ChaBuD(root))
    assert geoplug.datasets.get("chabud") is ChaBuD
    assert check_dataset_plugin("chabud", data=root).passed


def test_float_fold_attributes(tmp_path: Path) -> None:
    fake.make(tmp_path, float_folds=True)  # fold 1.0, 0.0, ...
    for split, ids in (("train", ["1e2f", "3c4d"]), ("val", ["0c1d", "4e5f"])):
        ds = ChaBuD(tmp_path, split=split)
        assert [ds[i]["id"] for i in range(len(ds))] == ids
