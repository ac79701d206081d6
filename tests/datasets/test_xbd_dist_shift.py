"""XView2DistShift: xBD re-split by event (fake challenge archives of several events)."""

from __future__ import annotations

import shutil
import tarfile
from pathlib import Path
from typing import Any

import pytest
import torch

import geoplug.datasets
from fakedata import xbd_dist_shift as fake
from fakedata._dc_checks import (
    archive_fixtures,
    check_made_checksum,
    check_not_found,
    check_plot,
    copy_archives,
    serve_made,
)
from geoplug.core.errors import InvalidDataError
from geoplug.core.testing import check_dataset_plugin
from geoplug.datasets.xbd_dist_shift import XView2DistShift
from testkit.http import Served

made, root = archive_fixtures(fake.make, "xbd_dist_shift")


def _pair(name: str, phase: str) -> dict[str, str]:
    return {"disaster_name": name, "pre-post": phase}


def test_registry() -> None:
    assert geoplug.datasets.get("xbd_dist_shift") is XView2DistShift
    spec = geoplug.datasets.info("xbd_dist_shift")
    assert spec.task == "segmentation" and spec.classes == ("background", "building")
    assert spec.splits == ("train", "test")


@pytest.mark.parametrize(("split", "samples"), [("train", [0, 5]), ("test", [1, 4])])
def test_default_events_pool_every_folder(root: Path, split: str, samples: list[int]) -> None:
    """Default: train = Hurricane Matthew, test = Mexico earthquake, post images, from the
    train and test folders alike (hold's Hurricane Matthew image 3 is not read)."""
    ds = XView2DistShift(root, split=split)
    assert [f["image"].name for f in ds.files] == [
        f"{fake.stem(g)}_post_disaster.png" for g in samples]
    for i, g in enumerate(samples):
        sample = ds[i]
        assert set(sample) == {"image", "mask"}
        assert sample["image"].dtype == torch.float32
        assert torch.equal(sample["image"], torch.from_numpy(fake.image(g, "post")).float())
        assert sample["mask"].dtype == torch.int64
        # the pre-disaster footprints, not the post-disaster damage grades
        assert torch.equal(sample["mask"], torch.from_numpy(fake.footprints(g)).long())


def test_phases(root: Path) -> None:
    pre = XView2DistShift(root, split="test", id_ood_disaster=[
        _pair("socal-fire", "pre"), _pair("hurricane-matthew", "pre")])
    assert torch.equal(pre[0]["image"], torch.from_numpy(fake.image(0, "pre")).float())
    both = XView2DistShift(root, split="train", id_ood_disaster=[
        _pair("socal-fire", "both"), _pair("mexico-earthquake", "post")])
    assert [f["image"].name for f in both.files] == [
        f"{fake.stem(2)}_pre_disaster.png", f"{fake.stem(2)}_post_disaster.png"]
    assert torch.equal(both[0]["mask"], both[1]["mask"])


def test_labels_stand_in_for_a_missing_target(root: Path, tmp_path: Path) -> None:
    for folder in ("train", "test"):
        shutil.copytree(root / folder, tmp_path / folder)
    (tmp_path / "test" / "targets" / f"{fake.stem(4)}_pre_disaster_target.png").unlink()
    ds = XView2DistShift(tmp_path, split="test")
    assert torch.equal(ds[1]["mask"], torch.from_numpy(fake.footprints(4)).long())
    (tmp_path / "test" / "labels" / f"{fake.stem(4)}_pre_disaster.json").unlink()
    with pytest.raises(InvalidDataError, match=fake.stem(4)):
        XView2DistShift(tmp_path, split="test")


def test_bad_events(root: Path) -> None:
    with pytest.raises(ValueError, match="not an xBD event"):
        XView2DistShift(root, id_ood_disaster=[_pair("atlantis-flood", "post"),
                                               _pair("socal-fire", "post")])
    with pytest.raises(ValueError, match="needs the keys"):
        XView2DistShift(root, id_ood_disaster=[{"disaster_name": "socal-fire"},
                                               _pair("socal-fire", "post")])
    with pytest.raises(ValueError, match="'pre', 'post' or 'both'"):
        XView2DistShift(root, id_ood_disaster=[_pair("socal-fire", "during"),
                                               _pair("socal-fire", "post")])
    with pytest.raises(ValueError, match="two entries"):
        XView2DistShift(root, id_ood_disaster=[_pair("socal-fire", "post")])
    with pytest.raises(ValueError, match="split"):
        XView2DistShift(root, split="val")


def test_event_without_images(root: Path) -> None:
    with pytest.raises(InvalidDataError, match="'palu-tsunami'"):
        XView2DistShift(root, split="test", id_ood_disaster=[
            _pair("socal-fire", "post"), _pair("palu-tsunami", "post")])


def test_band_selection(root: Path) -> None:
    ds = XView2DistShift(root, bands=["B", "R"])
    assert torch.equal(ds[0]["image"], torch.from_numpy(fake.image(0, "post")[[2, 0]]).float())


def test_not_found(tmp_path: Path) -> None:
    check_not_found(XView2DistShift, tmp_path)


def test_hold_is_never_read(made: dict[str, Any], tmp_path: Path) -> None:
    copy_archives(made["dir"], tmp_path, ["train_images_labels_targets.tar.gz",
                                          "test_images_labels_targets.tar.gz"])
    ds = XView2DistShift(tmp_path)  # extracts both archives; no hold folder
    assert len(ds) == 2 and not (tmp_path / "hold").exists()
    copy_archives(made["dir"], tmp_path, ["hold_images_labels_targets.tar.gz"])
    with tarfile.open(tmp_path / "hold_images_labels_targets.tar.gz") as archive:
        archive.extractall(tmp_path, filter="data")
    assert (tmp_path / "hold" / "images" / f"{fake.stem(3)}_post_disaster.png").is_file()
    assert [f["image"] for f in XView2DistShift(tmp_path).files] == [f["image"] for f in ds.files]


def test_download(made: dict[str, Any], http_server: Served, http_root: Path, tmp_path: Path,
                  monkeypatch: pytest.MonkeyPatch) -> None:
    serve_made(XView2DistShift, made, http_server.url, http_root, monkeypatch)
    ds = XView2DistShift(tmp_path / "dl", split="test", download=True, checksum=True)
    assert len(ds) == 2  # the test event's images in train/ and test/ (hold not fetched)
    assert (tmp_path / "dl" / "train" / "images").is_dir()


def test_checksum_mismatch(made: dict[str, Any], tmp_path: Path,
                           monkeypatch: pytest.MonkeyPatch) -> None:
    check_made_checksum(XView2DistShift, made, monkeypatch, tmp_path,
                        "test_images_labels_targets.tar.gz")


def test_plot(root: Path) -> None:
    check_plot(XView2DistShift(root))


def test_conformance(root: Path) -> None:
    check_dataset_plugin("xbd_dist_shift", data=root)
