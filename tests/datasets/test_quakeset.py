"""QuakeSet read from a fake ``earthquakes.h5`` in the publisher's layout."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
import torch

import geoplug.datasets
from fakedata import quakeset as fake
from fakedata._dc_checks import check_not_found, check_plot, serve_resources
from fakedata._made import made_root
from geoplug.core.errors import ChecksumError
from geoplug.core.testing import check_dataset_plugin
from geoplug.datasets.quakeset import QuakeSet
from testkit.http import Served

ROWS, COLS = np.mgrid[0:fake.SIZE, 0:fake.SIZE]


root = made_root(fake.make, "quakeset")


@pytest.mark.parametrize(("split", "count"), [("train", 5), ("val", 3), ("test", 2)])
def test_lengths(root: Path, split: str, count: int) -> None:
    # train: event 0 patch 0 (pre/post + before/pre), patch 1 (pre/post only),
    #        event 1 patch 0 (both pairs)
    assert len(QuakeSet(root, split=split)) == count


def test_positive_and_negative_pairs(root: Path) -> None:
    ds = QuakeSet(root)
    positive, negative = ds[0], ds[1]
    assert set(positive) == {"image", "label", "magnitude", "event", "patch"}
    assert positive["image"].shape == (2, 2, fake.SIZE, fake.SIZE)
    assert positive["image"].dtype == torch.float32
    assert positive["label"].dtype == torch.int64 and int(positive["label"]) == 1
    assert positive["magnitude"].item() == 5.5 and int(negative["label"]) == 0
    assert negative["magnitude"].item() == 0.0
    assert np.allclose(positive["image"][0, 1, 3:].numpy(), fake.pixel(0, 0, 1, ROWS, COLS, 1)[3:])
    assert np.allclose(positive["image"][1, 0].numpy(), fake.pixel(0, 0, 2, ROWS, COLS, 0))
    assert positive["image"][1, 1, 0, 0].item() == 0.0  # NaN in the file
    assert np.allclose(negative["image"][0, 1].numpy(), fake.pixel(0, 0, 0, ROWS, COLS, 1))
    assert np.allclose(negative["image"][1, 0].numpy(), fake.pixel(0, 0, 1, ROWS, COLS, 0))
    third = ds[2]
    assert (third["event"], third["patch"], int(third["label"])) == ("611645479", "patch_1", 1)


def test_band_selection(root: Path) -> None:
    image = QuakeSet(root, split="test", bands=["VH"])[1]["image"]
    assert image.shape == (2, 1, fake.SIZE, fake.SIZE)
    assert np.allclose(image[1, 0].numpy(), fake.pixel(3, 0, 1, ROWS, COLS, 1))


def test_not_found(tmp_path: Path) -> None:
    check_not_found(QuakeSet, tmp_path)


def test_download_and_checksum(http_server: Served, http_root: Path, tmp_path: Path,
                               monkeypatch: pytest.MonkeyPatch) -> None:
    md5 = fake.make(http_root)
    serve_resources(QuakeSet, monkeypatch, http_server.url, md5)
    assert len(QuakeSet(tmp_path / "dl", split="val", download=True, checksum=True)) == 3
    serve_resources(QuakeSet, monkeypatch, http_server.url, {"earthquakes.h5": "0" * 32})
    with pytest.raises(ChecksumError):
        QuakeSet(tmp_path / "dl2", download=True)
    assert not (tmp_path / "dl2" / "earthquakes.h5").exists()


def test_plot_and_registry(root: Path) -> None:
    check_plot(QuakeSet(root))
    assert geoplug.datasets.get("quakeset") is QuakeSet
    assert check_dataset_plugin("quakeset", data=root).passed
