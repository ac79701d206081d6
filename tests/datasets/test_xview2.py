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


@pytest.mark.parametrize(("split", "folder"), [("train", "train"), ("val", "hold"),
                                               ("test", "test")])
def test_split(root: Path, split: str, folder: str) -> None:
    ds = XView2(root, split=split)
    assert len(ds) == fake.COUNTS[folder]
    sample = ds[0]
    assert set(sample) == {"image", "mask"}
    assert sample["image"].shape == (2, 3, fake.SIZE, fake.SIZE)
    assert sample["image"].dtype == torch.float32
    assert sample["image"][:, :, 0, 0].tolist() == [[10, 11, 12], [200, 201, 202]]
    mask = sample["mask"]
    assert mask.dtype == torch.int64 and mask.shape == (fake.SIZE, fake.SIZE)
    counts = {v: int((mask == v).sum()) for v in range(5)}
    # no-damage 4x4 + un-classified 2x2, minor 2x4, major 4x4, destroyed 4x2
    assert counts == {0: 256 - 52, 1: 20, 2: 8, 3: 16, 4: 8}
    assert int(mask[0, 9]) == 4 and int(mask[9, 0]) == 2 and int(mask[11, 11]) == 3


def _expected_counts(mask: torch.Tensor) -> None:
    counts = {v: int((mask == v).sum()) for v in range(5)}
    assert counts == {0: 256 - 52, 1: 20, 2: 8, 3: 16, 4: 8}
    assert int(mask[0, 9]) == 4 and int(mask[9, 0]) == 2 and int(mask[11, 11]) == 3


@pytest.mark.parametrize("drop", ["labels", "targets"])
def test_mask_source(root: Path, tmp_path: Path, drop: str) -> None:
    """Targets alone (TorchGeo's copy) or label polygons alone give the same damage mask."""
    import shutil

    shutil.copytree(root / "train", tmp_path / "train")
    shutil.rmtree(tmp_path / "train" / drop)
    mask = XView2(tmp_path)[1]["mask"]
    assert mask.dtype == torch.int64
    _expected_counts(mask)


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
    assert ds[1]["image"][:, :, 0, 0].tolist() == [[12], [202]]
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
