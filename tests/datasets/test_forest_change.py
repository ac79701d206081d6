from __future__ import annotations

import json
import shutil
import zipfile
from pathlib import Path
from typing import Any

import pytest
import torch

import geoplug.datasets
from fakedata import forest_change as fake
from fakedata._dc_checks import (
    archive_fixtures,
    check_made_checksum,
    check_not_found,
    check_plot,
    serve_made,
)
from geoplug.core.errors import InvalidDataError
from geoplug.core.testing import check_dataset_plugin
from geoplug.datasets.forest_change import ForestChange
from testkit.http import Served

#: the archive only: the first dataset built on it extracts it
made, root = archive_fixtures(fake.make, "forest_change")


@pytest.fixture
def extracted(tmp_path: Path) -> Path:
    """The extracted folder alone (no archive), for tests that change files."""
    fake.make(tmp_path, extract=True)
    (tmp_path / fake.ARCHIVE).unlink()
    return tmp_path


def assert_pair(sample: dict[str, Any], split: str, n: int) -> None:
    """Exactly the images, mask and captions the generator wrote as pair ``n`` of ``split``."""
    g = fake.number(split, n)
    want = torch.stack([torch.from_numpy(fake.image(g, d)) for d in (0, 1)]).float()
    assert sample["image"].dtype == torch.float32
    assert sample["image"].shape == (2, 3, fake.HEIGHT, fake.WIDTH)
    assert torch.equal(sample["image"], want)
    assert sample["mask"].dtype == torch.int64
    assert torch.equal(sample["mask"], torch.from_numpy(fake.change(g)).long())
    assert sample["captions"] == fake.captions(g)
    assert sample["caption"] == fake.captions(g)[0]


def test_archive_has_the_published_layout(made: dict[str, Any]) -> None:
    with zipfile.ZipFile(made["dir"] / fake.ARCHIVE) as zf:
        names = set(zf.namelist())
    assert "Forest-Change-dataset/ForestChatcaptions.json" in names
    assert "Forest-Change-dataset/images/val/label/val_000001.png" in names


@pytest.mark.parametrize("split", ["train", "val", "test"])
def test_split_lengths_and_samples(root: Path, split: str) -> None:
    ds = ForestChange(root, split=split)
    assert len(ds) == fake.COUNTS[split]
    for n in range(len(ds)):
        assert_pair(ds[n], split, n)


def test_pixel_address(root: Path) -> None:
    """Pixel (3, 5) of file f (A: 2g, B: 2g + 1): 41 f + 17 b + 7*3 + 3*5 + 3*5 (mod 256)."""
    image = ForestChange(root, split="val")[1]["image"]
    g = fake.number("val", 1)
    assert image[:, :, 3, 5].tolist() == [
        [(41 * (2 * g + d) + 17 * b + 51) % 256 for b in range(3)] for d in (0, 1)]


def test_file_order_and_blank_sentence(root: Path) -> None:
    """Pairs in file-name order; the blank sentence of pair 0 is no caption."""
    train = ForestChange(root)
    assert [p[0].name for p in train.files] == [
        fake.name("train", n) for n in range(fake.COUNTS["train"])]
    assert len(train[0]["captions"]) == 5


def test_captions_of_the_split_only(extracted: Path) -> None:
    """An entry of another split that names the same file is not this pair's."""
    path = extracted / fake.FOLDER / "ForestChatcaptions.json"
    data = json.loads(path.read_text())
    data["images"].append({"filename": fake.name("val", 0), "split": "train",
                           "sentences": [{"raw": "decoy"}]})
    path.write_text(json.dumps(data))
    assert_pair(ForestChange(extracted, split="val")[0], "val", 0)


def test_caption_index_bands_and_transforms(root: Path) -> None:
    ds = ForestChange(root, split="test", bands=["G"], caption_index=4,
                      transforms=lambda s: {**s, "changed": int(s["mask"].sum())})
    sample = ds[0]
    g = fake.number("test", 0)
    assert sample["image"].shape == (2, 1, fake.HEIGHT, fake.WIDTH)
    assert torch.equal(sample["image"][:, 0], torch.stack(
        [torch.from_numpy(fake.image(g, d)[1]) for d in (0, 1)]).float())
    assert sample["caption"] == fake.captions(g)[4]
    assert sample["changed"] == int(fake.change(g).sum())
    with pytest.raises(ValueError, match="caption_index"):
        ForestChange(root, caption_index=-1)
    with pytest.raises(InvalidDataError, match=r"test_000000\.png has 5 caption\(s\)"):
        ForestChange(root, split="test", caption_index=5)[0]


def test_root_may_be_the_extracted_folder(extracted: Path) -> None:
    ds = ForestChange(extracted / fake.FOLDER, split="val")
    assert_pair(ds[0], "val", 0)


def test_missing_partner(extracted: Path) -> None:
    (extracted / fake.FOLDER / "images" / "val" / "label" / "val_000001.png").unlink()
    with pytest.raises(InvalidDataError, match=r"val_000001\.png has no partner .*label"):
        ForestChange(extracted, split="val")


def test_captions_problems(extracted: Path) -> None:
    path = extracted / fake.FOLDER / "ForestChatcaptions.json"
    data = json.loads(path.read_text())
    data["images"] = [e for e in data["images"] if e["filename"] != "test_000001.png"]
    path.write_text(json.dumps(data))
    with pytest.raises(InvalidDataError, match=r"1 test pair.*first: test_000001\.png"):
        ForestChange(extracted, split="test")
    assert len(ForestChange(extracted, split="val")) == 2  # other splits are whole
    path.write_text('{"images": [{"filename": ')
    with pytest.raises(InvalidDataError, match=r"cannot parse .*ForestChatcaptions\.json"):
        ForestChange(extracted, split="val")
    path.unlink()
    with pytest.raises(InvalidDataError, match=r"no captions file"):
        ForestChange(extracted, split="val")


def test_captions_file_beside_the_folder(extracted: Path) -> None:
    shutil.move(extracted / fake.FOLDER / "ForestChatcaptions.json", extracted)
    assert_pair(ForestChange(extracted, split="val")[1], "val", 1)


def test_not_found(tmp_path: Path) -> None:
    check_not_found(ForestChange, tmp_path, split="val")
    with pytest.raises(FileNotFoundError, match=r"images/val/A/\*\.png.*JimmyBrocko"):
        ForestChange(tmp_path, split="val")


def test_download(made: dict[str, Any], http_server: Served, http_root: Path, tmp_path: Path,
                  monkeypatch: pytest.MonkeyPatch) -> None:
    serve_made(ForestChange, made, http_server.url, http_root, monkeypatch)
    data = tmp_path / "data"
    ds = ForestChange(data, split="test", download=True, checksum=True)
    assert_pair(ds[1], "test", 1)
    assert (data / fake.ARCHIVE).is_file()
    assert len(ForestChange(data)) == fake.COUNTS["train"]


def test_checksum_mismatch(made: dict[str, Any], tmp_path: Path,
                           monkeypatch: pytest.MonkeyPatch) -> None:
    check_made_checksum(ForestChange, made, monkeypatch, tmp_path, fake.ARCHIVE)


def test_plot(root: Path) -> None:
    check_plot(ForestChange(root, split="val"))
    ds = ForestChange(root, split="val")
    fig = ds.plot(ds[0])
    assert any(fake.captions(fake.number("val", 0))[0] in t.get_text() for t in fig.texts)


def test_registry_and_conformance(root: Path) -> None:
    assert geoplug.datasets.get("forest_change") is ForestChange
    info = geoplug.datasets.info("forest_change")
    assert info.task == "change_detection" and info.num_classes == 2
    check_dataset_plugin("forest_change", root)
