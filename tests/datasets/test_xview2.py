from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import torch

import geoplug.datasets
from fakedata import xview2 as fake
from fakedata._dc_checks import (
    archive_fixtures,
    check_made_checksum,
    check_not_found,
    check_plot,
    serve_made,
)
from geoplug.datasets.xview2 import XView2
from testkit.http import Served

made, root = archive_fixtures(fake.make, "xview2")


@pytest.mark.parametrize(("split", "folder", "index", "number"),
                         [("train", "train", 1, 1), ("val", "hold", 0, 2), ("test", "test", 0, 3)])
def test_split(root: Path, split: str, folder: str, index: int, number: int) -> None:
    ds = XView2(root, split=split)
    assert len(ds) == fake.COUNTS[folder]
    sample = ds[index]
    assert set(sample) == {"image", "mask"}
    assert sample["image"].shape == (2, 3, fake.SIZE, fake.SIZE)
    assert sample["image"].dtype == torch.float32
    # pixel (3, 5) of file f (pre 2g, post 2g + 1): 41 f + 17 b + 7*3 + 3*5 + 3*5 (mod 256)
    assert sample["image"][:, :, 3, 5].tolist() == [
        [(41 * (2 * number + k) + 17 * b + 51) % 256 for b in range(3)] for k in (0, 1)]
    assert torch.equal(sample["image"], torch.from_numpy(fake.images(number)).float())
    mask = sample["mask"]
    assert mask.dtype == torch.int64 and mask.shape == (fake.SIZE, fake.SIZE)
    assert torch.equal(mask, torch.from_numpy(fake.target(True, number)).long())
    _expected_counts(mask, number)


def _expected_counts(mask: torch.Tensor, number: int) -> None:
    counts = {v: int((mask == v).sum()) for v in range(5)}
    # no-damage 4x4 + un-classified 2x2, minor 2x4, major 4x4, destroyed 4x2
    assert counts == {0: 256 - 52, 1: 20, 2: 8, 3: 16, 4: 8}
    dx, dy = fake.shift(number)  # the polygons of sample g are moved by (dx, dy) pixels
    assert int(mask[dy + 1, dx + 11]) == 4  # destroyed: rows 0-1, columns 8-11 before the move
    assert int(mask[dy + 11, dx + 1]) == 2  # minor damage: rows 8-11, columns 0-1
    assert int(mask[dy + 13, dx + 13]) == 3  # major damage: rows and columns 10-13
    assert int(mask[dy + 1, dx + 12]) == 0 and int(mask[dy + 12, dx + 1]) == 0


@pytest.mark.parametrize("drop", ["labels", "targets"])
def test_mask_source(root: Path, tmp_path: Path, drop: str) -> None:
    """Targets alone (TorchGeo's copy) or label polygons alone give the same damage mask."""
    import shutil

    shutil.copytree(root / "train", tmp_path / "train")
    shutil.rmtree(tmp_path / "train" / drop)
    mask = XView2(tmp_path)[1]["mask"]
    assert mask.dtype == torch.int64
    _expected_counts(mask, 1)
    assert torch.equal(mask, torch.from_numpy(fake.target(True, 1)).long())


def test_missing_mask_files(root: Path, tmp_path: Path) -> None:
    import shutil

    from geoplug.core.errors import InvalidDataError

    shutil.copytree(root / "test", tmp_path / "test")
    shutil.rmtree(tmp_path / "test" / "targets")
    shutil.rmtree(tmp_path / "test" / "labels")
    with pytest.raises(InvalidDataError, match=r"_post_disaster_target\.png \(or .*\.json\)"):
        XView2(tmp_path, split="test")


def test_band_selection(root: Path) -> None:
    ds = XView2(root, bands=["G"])
    # sample 1, pre (file 2) and post (file 3), G (band 1) at pixel (2, 3): 41 f + 17 + 29
    assert ds[1]["image"][:, :, 2, 3].tolist() == [[128.0], [169.0]]
    assert ds.rgb_indices == []


def test_transforms(root: Path) -> None:
    ds = XView2(root, transforms=lambda s: {**s, "flag": 1})
    assert ds[0]["flag"] == 1


def test_not_found(tmp_path: Path) -> None:
    check_not_found(XView2, tmp_path, split="val")


def test_bad_label(root: Path, tmp_path: Path) -> None:
    import re
    import shutil

    from geoplug.core.errors import InvalidDataError

    shutil.copytree(root / "test", tmp_path / "test")
    shutil.rmtree(tmp_path / "test" / "targets")  # polygons are read only without targets
    label = next((tmp_path / "test" / "labels").glob("*_post_disaster.json"))
    label.write_text('{"features": {"xy": [{"wkt": "POLYGON ((0 0, 1"}]}}')
    with pytest.raises(InvalidDataError, match=re.escape(label.name)):
        XView2(tmp_path, split="test")[0]


def test_download(made: dict[str, Any], http_server: Served, http_root: Path, tmp_path: Path,
                  monkeypatch: pytest.MonkeyPatch) -> None:
    serve_made(XView2, made, http_server.url, http_root, monkeypatch)
    ds = XView2(tmp_path / "dl", split="val", download=True, checksum=True)
    assert len(ds) == 1
    assert sorted(p.name for p in (tmp_path / "dl").iterdir()) == [
        "hold", "hold_images_labels_targets.tar.gz"]


def test_checksum_mismatch(made: dict[str, Any], tmp_path: Path,
                           monkeypatch: pytest.MonkeyPatch) -> None:
    check_made_checksum(XView2, made, monkeypatch, tmp_path, "test_images_labels_targets.tar.gz",
                            split="test")


def test_plot(root: Path) -> None:
    check_plot(XView2(root))


def test_registry() -> None:
    assert geoplug.datasets.get("xview2") is XView2
    assert geoplug.datasets.info("xview2").num_classes == 5
