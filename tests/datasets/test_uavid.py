"""UAVid loader against a fake uavid_v1.5_official_release_image.zip."""

from __future__ import annotations

import shutil
from pathlib import Path

import numpy as np
import pytest
import torch
from PIL import Image

import geoplug.datasets
from fakedata import uavid as fake
from fakedata._dc_checks import check_plot
from fakedata._made import check_not_found_hint, check_wrong_md5, made_root
from fakedata._segutil import pixel_value
from geoplug.core.errors import InvalidDataError
from geoplug.core.testing import check_dataset_plugin
from geoplug.datasets.uavid import UAVid

root = made_root(fake.make, "uavid", extract=True)

#: (sequence, frame) of each split's samples, in the order the loader serves them
ORDER = {split: [(seq, frame) for seq, frames in fake.FRAMES[folder].items()
                 for frame in frames] for split, folder in fake.SPLITS.items()}


def test_registry() -> None:
    assert geoplug.datasets.get("uavid") is UAVid
    info = geoplug.datasets.info("uavid")
    assert info.classes[:3] == ("clutter", "building", "road")
    assert info.classes[7] == "moving car" and info.num_classes == 8


@pytest.mark.parametrize("split", ["train", "val", "test"])
def test_lengths_and_order(root: Path, split: str) -> None:
    ds = UAVid(root, split=split)
    assert len(ds) == len(ORDER[split])
    # seq2 before seq10: sequences sort by number, not by name
    assert [(seq, image.stem) for seq, image, _ in ds.files] == ORDER[split]


@pytest.mark.parametrize(("split", "position"), [("train", 0), ("train", 3), ("val", 1)])
def test_image_and_mask_pair(root: Path, split: str, position: int) -> None:
    seq, frame = ORDER[split][position]
    sample = UAVid(root, split=split)[position]
    assert set(sample) == {"image", "mask"}
    assert sample["image"].dtype == torch.float32 and sample["mask"].dtype == torch.int64
    expected = fake.image(seq, frame).astype(np.float32)
    assert sample["image"].shape == (3, fake.H, fake.width(seq))
    assert torch.equal(sample["image"], torch.from_numpy(expected))
    assert torch.equal(sample["mask"], torch.from_numpy(fake.classes(seq, frame)))
    # the image's pixel formula at band 2, row 5, column 11 (not transposed)
    assert sample["image"][2, 5, 11].item() == pixel_value(fake.index(seq, frame), 2, 5, 11)


def test_every_class_colour_maps_to_its_code(root: Path) -> None:
    """The labels hold all 8 colours; each decodes to its position in the publisher's list."""
    ds = UAVid(root)
    for position, (seq, frame) in enumerate(ORDER["train"]):
        mask = ds[position]["mask"].numpy()
        rgb = fake.label_rgb(seq, frame)
        for code, colour in enumerate(fake.COLORS):
            assert (mask[(rgb == colour).all(axis=-1)] == code).all()
    assert set(np.unique(ds[0]["mask"].numpy()).tolist()) == set(range(8))


def test_codes_are_the_toolkits_train_ids(root: Path) -> None:
    """UAVidToolKit's colorTransformer numbers static car 3, tree 4, human 6, moving car 7
    (written out here, not taken from the generator's table)."""
    toolkit = {(0, 0, 0): 0, (128, 0, 0): 1, (128, 64, 128): 2, (192, 0, 192): 3,
               (0, 128, 0): 4, (128, 128, 0): 5, (64, 64, 0): 6, (64, 0, 128): 7}
    ds = UAVid(root)
    seq, frame = ORDER["train"][0]
    mask = ds[0]["mask"].numpy()
    rgb = fake.label_rgb(seq, frame)
    for colour, code in toolkit.items():
        where = (rgb == colour).all(axis=-1)
        assert where.any() and (mask[where] == code).all(), colour
    assert ds.classes[3] == "static car" and ds.classes[7] == "moving car"


def test_stray_colour_is_clutter(root: Path) -> None:
    seq, frame = ORDER["val"][0]
    assert tuple(fake.label_rgb(seq, frame)[fake.STRAY]) == fake.STRAY_COLOR
    assert fake.classes(seq, frame)[fake.STRAY] == 0
    assert UAVid(root, split="val")[0]["mask"][fake.STRAY].item() == 0


def test_frames_of_two_sizes(root: Path) -> None:
    ds = UAVid(root)
    assert ds[0]["image"].shape[-1] == 16 and ds[2]["image"].shape[-1] == 17
    assert ds[2]["mask"].shape == (fake.H, 17)


def test_test_split_has_no_mask(root: Path) -> None:
    ds = UAVid(root, split="test")
    seq, frame = ORDER["test"][2]
    sample = ds[2]
    assert set(sample) == {"image"}
    assert torch.equal(sample["image"], torch.from_numpy(fake.image(seq, frame).astype(np.float32)))


def test_band_selection(root: Path) -> None:
    seq, frame = ORDER["val"][1]
    image = UAVid(root, split="val", bands=["B", "R"])[1]["image"]
    full = fake.image(seq, frame).astype(np.float32)
    assert torch.equal(image, torch.from_numpy(full[[2, 0]]))


def test_extracts_archive_on_disk(tmp_path: Path) -> None:
    fake.make(tmp_path)
    assert not (tmp_path / fake.FOLDER).exists()
    assert len(UAVid(tmp_path, split="val")) == 2
    assert (tmp_path / fake.FOLDER / "uavid_train" / "seq10" / "Labels" / "000900.png").is_file()


def test_split_folders_in_root_and_toolkit_names(tmp_path: Path) -> None:
    """The split folders directly in root, and renamed train/valid/test as the toolkit says."""
    fake.make(tmp_path / "x", extract=True)
    for folder, renamed in (("uavid_train", "train"), ("uavid_val", "valid"),
                            ("uavid_test", "test")):
        shutil.move(tmp_path / "x" / fake.FOLDER / folder, tmp_path / renamed)
    assert len(UAVid(tmp_path, split="val")) == 2
    assert [s for s, _, _ in UAVid(tmp_path, split="test").files] == ["seq3", "seq28", "seq28"]


def test_archive_extracted_into_folder_of_its_name(tmp_path: Path) -> None:
    fake.make(tmp_path / fake.FOLDER, extract=True)  # .../<FOLDER>/<FOLDER>/uavid_train
    assert len(UAVid(tmp_path)) == 4
    fake.make(tmp_path / "other" / "downloads", extract=True)  # one folder below the root
    assert len(UAVid(tmp_path / "other", split="test")) == 3


def test_folder_without_sequences_is_skipped(tmp_path: Path) -> None:
    """A split-named folder without ``seq<k>/Images`` (empty, or another dataset's) in the
    root does not hide the release's folder below it."""
    fake.make(tmp_path, extract=True)
    (tmp_path / "uavid_test" / "images").mkdir(parents=True)
    assert len(UAVid(tmp_path, split="test")) == 3


def test_missing_label_named(tmp_path: Path) -> None:
    fake.make(tmp_path, extract=True)
    (tmp_path / fake.FOLDER / "uavid_train" / "seq2" / "Labels" / "000100.png").unlink()
    with pytest.raises(InvalidDataError, match=r"seq2/Images/000100\.png has no label"):
        UAVid(tmp_path)


def test_truncated_image_named(tmp_path: Path) -> None:
    fake.make(tmp_path, extract=True)
    path = tmp_path / fake.FOLDER / "uavid_val" / "seq16" / "Images" / "000300.png"
    path.write_bytes(path.read_bytes()[:40])
    with pytest.raises(InvalidDataError, match=r"000300\.png"):
        UAVid(tmp_path, split="val")[1]


def test_label_of_other_size_refused(tmp_path: Path) -> None:
    fake.make(tmp_path, extract=True)
    label = tmp_path / fake.FOLDER / "uavid_train" / "seq2" / "Labels" / "000000.png"
    Image.fromarray(np.zeros((fake.H, 5, 3), dtype=np.uint8)).save(label)
    with pytest.raises(InvalidDataError, match="not a pair"):
        UAVid(tmp_path)[0]


def test_empty_split_says_so(tmp_path: Path) -> None:
    (tmp_path / "uavid_test" / "seq28" / "Images").mkdir(parents=True)
    with pytest.raises(InvalidDataError, match="hold no PNG"):
        UAVid(tmp_path, split="test")


def test_checksum_mismatch(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """No checksum is published; a known one would be verified before extraction."""
    fake.make(tmp_path)
    check_wrong_md5(UAVid, monkeypatch, tmp_path)
    assert not (tmp_path / fake.FOLDER).exists()


def test_not_found_names_where_and_how(tmp_path: Path) -> None:
    check_not_found_hint(UAVid, tmp_path, "https://uavid.nl/", fake.ARCHIVE, "uavid_train")


def test_unknown_split(root: Path) -> None:
    with pytest.raises(ValueError, match="split"):
        UAVid(root, split="valid")


def test_transforms(root: Path) -> None:
    seq, frame = ORDER["train"][1]
    ds = UAVid(root, transforms=lambda s: {**s, "mask": s["mask"] + 10})
    assert torch.equal(ds[1]["mask"], torch.from_numpy(fake.classes(seq, frame) + 10))


def test_plot(root: Path) -> None:
    check_plot(UAVid(root))
    check_plot(UAVid(root, split="test"))


def test_conformance(root: Path) -> None:
    report = check_dataset_plugin("uavid", data=root)
    assert "bands=['R'] selects one channel" in report.passed
