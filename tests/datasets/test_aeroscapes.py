"""AeroScapes loader against a fake ``aeroscapes.tar.gz`` (and its extracted folder)."""

from __future__ import annotations

import shutil
from pathlib import Path

import numpy as np
import pytest
import torch
from PIL import Image

import geoplug.datasets
from fakedata import aeroscapes as fake
from fakedata._dc_checks import check_plot
from fakedata._made import check_wrong_md5, made_root
from fakedata._segutil import served_resources
from geoplug.core.errors import DatasetNotFoundError, InvalidDataError
from geoplug.core.testing import check_dataset_plugin
from geoplug.datasets.aeroscapes import Aeroscapes

root = made_root(fake.make, "aeroscapes", extract=True)


def decoded(path: Path) -> np.ndarray:
    """Pillow's ``[3,H,W]`` decoding of a JPEG (the reference the loader must match)."""
    with Image.open(path) as img:
        return np.asarray(img.convert("RGB")).transpose(2, 0, 1).astype(np.float32)


def test_registry() -> None:
    assert geoplug.datasets.get("aeroscapes") is Aeroscapes
    info = geoplug.datasets.info("aeroscapes")
    assert info.num_classes == 12 and info.splits == ("train", "val")
    # the publisher's code order, written out here rather than taken from the spec
    assert info.classes == ("background", "person", "bike", "car", "drone", "boat", "animal",
                            "obstacle", "construction", "vegetation", "road", "sky")


@pytest.mark.parametrize("split", ["train", "val"])
def test_lengths_and_list_order(root: Path, split: str) -> None:
    ds = Aeroscapes(root, split=split)
    assert len(ds) == len(fake.IDS[split])
    # the order of ImageSets/<list> (trn.txt is not in name order)
    assert [image.stem for image, _ in ds.files] == fake.IDS[split]
    assert [label.name for _, label in ds.files] == [f"{i}.png" for i in fake.IDS[split]]
    assert all(label.parent.name == "SegmentationClass" for _, label in ds.files)


@pytest.mark.parametrize(("split", "position"), [("train", 0), ("train", 2), ("val", 1)])
def test_image_and_mask_pair(root: Path, split: str, position: int) -> None:
    ident = fake.IDS[split][position]
    sample = Aeroscapes(root, split=split)[position]
    assert set(sample) == {"image", "mask"}
    assert sample["image"].dtype == torch.float32 and sample["mask"].dtype == torch.int64
    assert sample["image"].shape == (3, fake.H, fake.W)
    assert sample["mask"].shape == (fake.H, fake.W)
    # exactly the JPEG's pixels, [C,H,W] (not transposed), and near the written values
    pixels = decoded(fake.image_path(root, ident))
    assert torch.equal(sample["image"], torch.from_numpy(pixels))
    assert np.abs(pixels - fake.image(ident).astype(np.float32)).max() <= 6
    # the label's codes, exactly: the hash of this frame (another frame's would differ)
    assert torch.equal(sample["mask"], torch.from_numpy(fake.labels(ident)))
    others = [i for ids in fake.IDS.values() for i in ids if i != ident]
    assert all(not np.array_equal(fake.labels(i), fake.labels(ident)) for i in others)


def test_codes_kept_as_published(root: Path) -> None:
    codes: set[int] = set()
    for split in ("train", "val"):
        ds = Aeroscapes(root, split=split)
        for position in range(len(ds)):
            codes |= set(np.unique(ds[position]["mask"].numpy()).tolist())
    assert codes == set(range(12))


def test_band_selection(root: Path) -> None:
    ident = fake.IDS["val"][1]
    image = Aeroscapes(root, split="val", bands=["B", "R"])[1]["image"]
    assert torch.equal(image, torch.from_numpy(decoded(fake.image_path(root, ident))[[2, 0]]))


def test_download(tmp_path: Path, http_root: Path, http_server,
                  monkeypatch: pytest.MonkeyPatch) -> None:
    info = fake.make(http_root)
    monkeypatch.setattr(Aeroscapes, "resources", served_resources(
        Aeroscapes.resources, http_server.url, info["archives"]))
    ds = Aeroscapes(tmp_path / "x", split="val", download=True, checksum=True)
    assert len(ds) == 2
    assert (tmp_path / "x" / fake.ARCHIVE).is_file()
    assert fake.label_path(tmp_path / "x", "000001_002").is_file()
    assert torch.equal(ds[0]["mask"], torch.from_numpy(fake.labels("000002_001")))


def test_extracts_archive_on_disk(tmp_path: Path) -> None:
    fake.make(tmp_path)
    assert not (tmp_path / fake.FOLDER).exists()
    assert len(Aeroscapes(tmp_path)) == 3


def test_root_is_the_folder_or_above_it(tmp_path: Path) -> None:
    fake.make(tmp_path / "downloads", extract=True)  # one folder below the root
    assert len(Aeroscapes(tmp_path)) == 3
    assert len(Aeroscapes(tmp_path / "downloads" / fake.FOLDER, split="val")) == 2


@pytest.mark.parametrize("which", ["image", "label"])
def test_missing_file_named(tmp_path: Path, which: str) -> None:
    fake.make(tmp_path, extract=True)
    path = (fake.image_path if which == "image" else fake.label_path)(tmp_path, "000001_001")
    path.unlink()
    with pytest.raises(InvalidDataError, match=rf"lists 000001_001, but .*{path.name}"):
        Aeroscapes(tmp_path)


def test_colour_visualization_refused(tmp_path: Path) -> None:
    """A Visualizations colour PNG in a label's place is named, not read as codes."""
    fake.make(tmp_path, extract=True)
    ident = fake.IDS["train"][0]
    shutil.copy(tmp_path / fake.FOLDER / "Visualizations" / f"{ident}.png",
                fake.label_path(tmp_path, ident))
    with pytest.raises(InvalidDataError, match=rf"{ident}\.png has 3 bands.* not an AeroScapes"):
        Aeroscapes(tmp_path)[0]


def test_colour_rendering_of_low_red_classes_refused(tmp_path: Path) -> None:
    """Vegetation (0, 64, 0) and sky (0, 128, 128) rendered in colour: their red channel is
    all 0, valid codes; only the band count tells the file is no code map."""
    fake.make(tmp_path, extract=True)
    ident = fake.IDS["train"][0]
    path = fake.label_path(tmp_path, ident)
    with Image.open(path) as img:
        height, width = img.height, img.width
    rgb = np.zeros((height, width, 3), np.uint8)
    rgb[: height // 2] = (0, 64, 0)
    rgb[height // 2:] = (0, 128, 128)
    Image.fromarray(rgb, "RGB").save(path)
    with pytest.raises(InvalidDataError, match="not one band of class codes"):
        Aeroscapes(tmp_path)[0]


def test_label_of_other_size_refused(tmp_path: Path) -> None:
    fake.make(tmp_path, extract=True)
    Image.fromarray(np.zeros((fake.H, 5), dtype=np.uint8)).save(
        fake.label_path(tmp_path, "000003_010"))
    with pytest.raises(InvalidDataError, match="not a pair"):
        Aeroscapes(tmp_path)[0]


def test_empty_list_says_so(tmp_path: Path) -> None:
    fake.make(tmp_path, extract=True)
    (tmp_path / fake.FOLDER / "ImageSets" / "val.txt").write_text("\n")
    with pytest.raises(InvalidDataError, match="lists no id"):
        Aeroscapes(tmp_path, split="val")


def test_checksum_mismatch(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """No checksum is published; a known one is verified before extraction."""
    fake.make(tmp_path)
    check_wrong_md5(Aeroscapes, monkeypatch, tmp_path)
    assert not (tmp_path / fake.FOLDER).exists()


@pytest.mark.parametrize(("split", "listing"), [("train", "trn.txt"), ("val", "val.txt")])
def test_not_found_names_where_and_how(tmp_path: Path, split: str, listing: str) -> None:
    with pytest.raises(DatasetNotFoundError) as info:
        Aeroscapes(tmp_path, split=split)
    message = str(info.value)
    for text in (str(tmp_path), "download=True", fake.ARCHIVE,
                 f"aeroscapes/ImageSets/{listing}", "cmu.box.com", "github.com/ishann/aeroscapes"):
        assert text in message, f"{text!r} not in {message!r}"


def test_unknown_split(root: Path) -> None:
    with pytest.raises(ValueError, match="split"):
        Aeroscapes(root, split="test")


def test_transforms(root: Path) -> None:
    ds = Aeroscapes(root, split="val", transforms=lambda s: {**s, "mask": s["mask"] + 10})
    assert torch.equal(ds[0]["mask"], torch.from_numpy(fake.labels("000002_001") + 10))


def test_plot(root: Path) -> None:
    check_plot(Aeroscapes(root))
    check_plot(Aeroscapes(root, split="val", bands=["G"]))


def test_conformance(root: Path) -> None:
    report = check_dataset_plugin("aeroscapes", data=root)
    assert "bands=['R'] selects one channel" in report.passed
