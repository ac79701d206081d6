"""SECOND loader against a fake ``SECOND_train_set.zip`` and a label-less ``test/`` folder."""

from __future__ import annotations

import dataclasses
import shutil
import zipfile
from pathlib import Path
from typing import Any

import numpy as np
import pytest
import torch
from PIL import Image

import geoplug.datasets
from fakedata import second as fake
from fakedata._dc_checks import check_plot
from fakedata._made import check_not_found_hint, check_wrong_md5, made_root
from geoplug.core.errors import DatasetNotFoundError, InvalidDataError
from geoplug.core.testing import check_dataset_plugin
from geoplug.datasets.second import SECOND
from testkit.http import Served

root = made_root(fake.make, "second")

#: the publisher's colour table, written out here so the test does not trust the loader's
PUBLISHED = {(255, 255, 255): 0, (0, 0, 255): 1, (128, 128, 128): 2, (0, 128, 0): 3,
             (0, 255, 0): 4, (128, 0, 0): 5, (255, 0, 0): 6}


def expected(split: str, n: int) -> dict[str, torch.Tensor]:
    """What the generator wrote as file ``n`` of ``split``."""
    g = fake.number(split, n)
    sample = {"image": torch.from_numpy(np.stack([fake.image(g, 0), fake.image(g, 1)])).float()}
    if split == "train":
        sample["mask"] = torch.from_numpy(np.stack([fake.codes(g, 0), fake.codes(g, 1)]))
    return sample


def assert_sample(sample: dict[str, Any], split: str, n: int) -> None:
    want = expected(split, n)
    assert {k: (v.dtype, tuple(v.shape)) for k, v in sample.items()} == {
        k: (v.dtype, tuple(v.shape)) for k, v in want.items()}
    for key in want:
        assert torch.equal(sample[key], want[key]), key


def test_archive_has_the_publisher_layout(root: Path) -> None:
    with zipfile.ZipFile(root / fake.ARCHIVE) as zf:
        names = sorted(zf.namelist())
    assert len(names) == 4 * len(fake.IDS["train"])
    assert names[0] == "SECOND_train_set/im1/00003.png"
    assert {n.split("/")[1] for n in names} == {"im1", "im2", "label1", "label2"}


def test_train_extracts_the_archive_and_reads_every_pair(root: Path) -> None:
    ds = SECOND(root)
    assert (root / fake.TOP / "label2" / "00101.png").is_file()
    assert len(ds) == len(fake.IDS["train"])
    assert [p[0].name for p in ds.files] == [f"{i}.png" for i in fake.IDS["train"]]
    for n in range(len(ds)):
        assert_sample(ds[n], "train", n)
    # pixel (row 3, col 5) of file f: 41 f + 17 b + 7*3 + 3*5 + 3*5 (mod 256)
    g = fake.number("train", 2)
    assert ds[2]["image"][:, :, 3, 5].tolist() == [
        [float((41 * (2 * g + d) + 17 * b + 51) % 256) for b in range(3)] for d in (0, 1)]
    assert ds[2]["image"].shape == (2, 3, fake.HEIGHT, fake.WIDTH)


def test_label_colours_map_to_the_published_codes(root: Path) -> None:
    ds = SECOND(root)
    seen: set[int] = set()
    for n, (_, _, *labels) in enumerate(ds.files):
        mask = ds[n]["mask"]
        for t, path in enumerate(labels):
            rgb = np.asarray(Image.open(path).convert("RGB"))
            for colour, code in PUBLISHED.items():
                where = torch.from_numpy((rgb == colour).all(axis=-1))
                assert bool((mask[t][where] == code).all()), (path, colour)
                seen.update([code] if bool(where.any()) else [])
    assert seen == set(PUBLISHED.values())  # every class colour occurs in the fake labels


def test_no_change_pixels_agree_between_dates(root: Path) -> None:
    mask = SECOND(root)[1]["mask"]
    assert torch.equal(mask[0] == 0, mask[1] == 0)
    assert 0 < int((mask[0] == 0).sum()) < mask[0].numel()
    assert not torch.equal(mask[0], mask[1])  # the dates carry their own classes


def test_test_split_has_no_labels(root: Path) -> None:
    ds = SECOND(root, split="test")
    assert len(ds) == len(fake.IDS["test"])
    for n in range(len(ds)):
        assert_sample(ds[n], "test", n)
    assert "mask" not in ds[0]


@pytest.mark.parametrize("where", ["train", "SECOND/train", "SECOND_train_set"])
def test_split_folder_names(root: Path, tmp_path: Path, where: str) -> None:
    """``<root>/train`` (most copies), one folder below root, and the publisher's folder."""
    SECOND(root)  # extracted
    shutil.copytree(root / fake.TOP, tmp_path / where)
    ds = SECOND(tmp_path)
    assert ds.folder == tmp_path / where
    assert_sample(ds[3], "train", 3)
    with pytest.raises(DatasetNotFoundError):
        SECOND(tmp_path, split="test")


def test_root_may_be_the_split_folder(root: Path) -> None:
    SECOND(root)
    ds = SECOND(root / fake.TOP)
    assert ds.folder == root / fake.TOP
    assert_sample(ds[0], "train", 0)
    with pytest.raises(DatasetNotFoundError):
        SECOND(root / fake.TOP, split="test")


def test_palette_and_code_labels_read_alike(root: Path, tmp_path: Path) -> None:
    SECOND(root)
    shutil.copytree(root / fake.TOP, tmp_path / "train")
    label1, label2 = tmp_path / "train" / "label1" / "00010.png", \
        tmp_path / "train" / "label2" / "00010.png"
    with Image.open(label1) as img:
        img.convert("P", palette=Image.Palette.ADAPTIVE, colors=8).save(label1)
    Image.fromarray(fake.codes(1, 1).astype(np.uint8), mode="L").save(label2)
    assert Image.open(label1).mode == "P"
    assert_sample(SECOND(tmp_path)[1], "train", 1)


def test_codes_under_another_palette_are_codes(root: Path, tmp_path: Path) -> None:
    """A code map saved as a palette PNG with VOC's colours (what segmentation kits write):
    code 1 is VOC's dark red, SECOND's "building" colour, yet it is water (1)."""
    SECOND(root)
    shutil.copytree(root / fake.TOP, tmp_path / "train")
    voc = [0, 0, 0, 128, 0, 0, 0, 128, 0, 128, 128, 0, 0, 0, 128, 128, 0, 128, 0, 128, 128]
    for folder, date in (("label1", 0), ("label2", 1)):
        img = Image.fromarray(fake.codes(1, date).astype(np.uint8), mode="P")
        img.putpalette(voc + [0] * (768 - len(voc)))
        img.save(tmp_path / "train" / folder / "00010.png")
    assert_sample(SECOND(tmp_path)[1], "train", 1)


def test_macos_appledouble_files_are_no_pairs(root: Path, tmp_path: Path) -> None:
    SECOND(root)
    shutil.copytree(root / fake.TOP, tmp_path / "train")
    (tmp_path / "train" / "im1" / "._00010.png").write_bytes(b"\x00\x05\x16\x07")
    ds = SECOND(tmp_path)
    assert len(ds) == len(SECOND(root))
    assert_sample(ds[1], "train", 1)


def test_missing_partner_is_named(root: Path, tmp_path: Path) -> None:
    SECOND(root)
    shutil.copytree(root / fake.TOP, tmp_path / "train")
    (tmp_path / "train" / "label2" / "00026.png").unlink()
    with pytest.raises(InvalidDataError, match=r"label2/00026\.png"):
        SECOND(tmp_path)


def test_label_of_another_size_is_refused(root: Path, tmp_path: Path) -> None:
    SECOND(root)
    shutil.copytree(root / fake.TOP, tmp_path / "train")
    path = tmp_path / "train" / "label1" / "00003.png"
    Image.fromarray(np.full((fake.WIDTH, fake.HEIGHT, 3), 255, np.uint8)).save(path)
    ds = SECOND(tmp_path)
    assert_sample(ds[1], "train", 1)
    with pytest.raises(InvalidDataError, match="not a pair"):
        ds[0]


def test_band_selection_order(root: Path) -> None:
    ds = SECOND(root, bands=["B", "R"])
    assert torch.equal(ds[1]["image"], expected("train", 1)["image"][:, [2, 0]])
    assert ds.rgb_indices == []


def test_invalid_split(root: Path) -> None:
    with pytest.raises(ValueError, match="val"):
        SECOND(root, split="val")


def test_not_found_says_where_to_get_it(tmp_path: Path) -> None:
    check_not_found_hint(SECOND, tmp_path, "captain-whu.com/project/SCD", fake.ARCHIVE,
                         "train/ or SECOND_train_set/")
    check_not_found_hint(SECOND, tmp_path, "test/ or SECOND_test_set/", split="test")


def test_download_never_fetches_the_drive_page(root: Path, http_server: Served,
                                                http_root: Path, tmp_path: Path,
                                                monkeypatch: pytest.MonkeyPatch) -> None:
    """Even with the archive reachable at the resource URL, ``download=True`` asks the user
    to fetch it (the publisher's links are cloud-drive pages) and requests nothing."""
    shutil.copy(root / fake.ARCHIVE, http_root / fake.ARCHIVE)
    monkeypatch.setattr(SECOND, "resources", tuple(
        dataclasses.replace(r, url=f"{http_server.url}/{r.filename}")
        for r in SECOND.resources))
    with pytest.raises(DatasetNotFoundError, match="Google Drive"):
        SECOND(tmp_path / "dl", download=True)
    assert http_server.stats.requests == []
    assert not (tmp_path / "dl").exists() or not any((tmp_path / "dl").iterdir())


def test_checksum(root: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    shutil.copy(root / fake.ARCHIVE, tmp_path / fake.ARCHIVE)
    check_wrong_md5(SECOND, monkeypatch, tmp_path)
    assert not (tmp_path / fake.TOP).exists()  # nothing extracted from a mismatching archive
    monkeypatch.setattr(SECOND, "resources", tuple(
        dataclasses.replace(r, md5=fake.md5(root / fake.ARCHIVE)) for r in SECOND.resources))
    assert len(SECOND(tmp_path, checksum=True)) == len(fake.IDS["train"])


def test_plot(root: Path) -> None:
    check_plot(SECOND(root))
    check_plot(SECOND(root, split="test"))


def test_registry() -> None:
    assert geoplug.datasets.get("second") is SECOND
    assert geoplug.datasets.SECOND is SECOND
    info = geoplug.datasets.info("second")
    assert info.task == "semantic_change_detection"
    assert info.splits == ("train", "test")
    assert SECOND.classes[0] == "no change" and len(SECOND.classes) == 7


def test_plugin(root: Path) -> None:
    check_dataset_plugin("second", data=root)
