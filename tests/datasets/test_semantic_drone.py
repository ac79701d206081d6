"""Semantic Drone Dataset loader against the publisher's layout (archive and extracted) and the
Kaggle copy's."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
import torch
from PIL import Image

import geoplug.datasets
from fakedata import semantic_drone as fake
from fakedata._dc_checks import check_plot
from fakedata._made import check_not_found_hint, check_wrong_md5, made_root
from geoplug.core.errors import InvalidDataError
from geoplug.core.testing import check_dataset_plugin
from geoplug.datasets.semantic_drone import SemanticDrone

root = made_root(fake.make, "semantic_drone", extract=True)


@pytest.fixture(scope="module")
def kaggle(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("semantic_drone_kaggle")
    fake.make(path, layout="kaggle")
    return path


def decoded(path: Path) -> np.ndarray:
    """Pillow's ``[3,H,W]`` decoding of a JPEG (the reference the loader must match)."""
    with Image.open(path) as img:
        return np.asarray(img.convert("RGB")).transpose(2, 0, 1).astype(np.float32)


def test_registry() -> None:
    assert geoplug.datasets.get("semantic_drone") is SemanticDrone
    info = geoplug.datasets.info("semantic_drone")
    # no official split: the house convention, one 'train' split of every public image
    assert info.splits == ("train",) and info.num_classes == 24
    assert info.classes == tuple(row[0] for row in fake.CLASS_DICT)


@pytest.mark.parametrize("layout", ["icg", "kaggle"])
def test_length_and_name_order(root: Path, kaggle: Path, layout: str) -> None:
    ds = SemanticDrone(root if layout == "icg" else kaggle)
    assert len(ds) == len(fake.IDS)
    assert ds.coded is (layout == "kaggle")
    assert [(image.stem, label.stem) for image, label in ds.files] == [(i, i) for i in fake.IDS]
    assert [p for pair in ds.files for p in pair] == [
        p for i in fake.IDS for p in fake.paths(root if layout == "icg" else kaggle, i, layout)]


@pytest.mark.parametrize("layout", ["icg", "kaggle"])
@pytest.mark.parametrize("position", [0, 3, 4])
def test_image_and_mask_pair(root: Path, kaggle: Path, layout: str, position: int) -> None:
    base = root if layout == "icg" else kaggle
    ident = fake.IDS[position]
    sample = SemanticDrone(base)[position]
    assert set(sample) == {"image", "mask"}
    assert sample["image"].dtype == torch.float32 and sample["mask"].dtype == torch.int64
    assert sample["image"].shape == (3, fake.H, fake.W)
    assert sample["mask"].shape == (fake.H, fake.W)
    image_path, _ = fake.paths(base, ident, layout)
    pixels = decoded(image_path)
    assert torch.equal(sample["image"], torch.from_numpy(pixels))
    assert np.abs(pixels - fake.image(ident).astype(np.float32)).max() <= 6
    # colour labels decoded (icg) and code labels kept (kaggle) give the same codes, exactly
    assert torch.equal(sample["mask"], torch.from_numpy(fake.labels(ident)))
    others = [i for i in fake.IDS if i != ident]
    assert all(not np.array_equal(fake.labels(i), fake.labels(ident)) for i in others)


def test_every_colour_decoded(root: Path) -> None:
    """All 24 class_dict.csv colours appear and map to their row (conflicting = 23)."""
    ds = SemanticDrone(root)
    codes: set[int] = set()
    for position in range(len(ds)):
        codes |= set(np.unique(ds[position]["mask"].numpy()).tolist())
    assert codes == set(range(24))
    _, label = fake.paths(root, "040")
    with Image.open(label) as img:
        rgb = np.asarray(img.convert("RGB"))
    mask = ds[3]["mask"].numpy()
    row, col = map(int, np.argwhere(mask == 23)[0])
    assert tuple(rgb[row, col]) == (255, 0, 0)


def test_band_selection(root: Path) -> None:
    image = SemanticDrone(root, bands=["B", "R"])[2]["image"]
    full = decoded(fake.paths(root, "002")[0])
    assert torch.equal(image, torch.from_numpy(full[[2, 0]]))


def test_extracts_archive_on_disk(tmp_path: Path) -> None:
    fake.make(tmp_path)
    assert not (tmp_path / "semantic_drone_dataset").exists()
    assert len(SemanticDrone(tmp_path)) == 5
    assert fake.paths(tmp_path, "598")[1].is_file()


@pytest.mark.parametrize("inner", ["", "semantic_drone_dataset",
                                   "semantic_drone_dataset/training_set"])
def test_root_inside_or_above(tmp_path: Path, inner: str) -> None:
    fake.make(tmp_path / "download", extract=True)  # one folder below tmp_path
    base = tmp_path if not inner else tmp_path / "download" / inner
    assert len(SemanticDrone(base)) == 5


def test_kaggle_root_inside(kaggle: Path) -> None:
    assert len(SemanticDrone(kaggle / "dataset")) == 5
    assert len(SemanticDrone(kaggle / "dataset" / "semantic_drone_dataset")) == 5


@pytest.mark.parametrize(("which", "text"), [(0, r"000\.jpg has no label .*000\.png"),
                                             (1, r"000\.png has no image .*000\.jpg")])
def test_lone_file_named(tmp_path: Path, which: int, text: str) -> None:
    fake.make(tmp_path, extract=True)
    fake.paths(tmp_path, "000")[1 - which].unlink()
    with pytest.raises(InvalidDataError, match=text):
        SemanticDrone(tmp_path)


def test_unknown_colour_named(tmp_path: Path) -> None:
    fake.make(tmp_path, extract=True)
    _, label = fake.paths(tmp_path, "001")
    rgb = fake.COLORS[fake.labels("001")]
    rgb[2, 7] = (1, 2, 3)
    Image.fromarray(rgb).save(label)
    with pytest.raises(InvalidDataError,
                       match=r"001\.png: pixel \(row 2, col 7\) has colour \(1, 2, 3\)"):
        SemanticDrone(tmp_path)[1]


def test_code_above_23_named(tmp_path: Path) -> None:
    fake.make(tmp_path, layout="kaggle")
    _, label = fake.paths(tmp_path, "002", "kaggle")
    codes = fake.labels("002").astype(np.uint8)
    codes[4, 1] = 24
    Image.fromarray(codes).save(label)
    with pytest.raises(InvalidDataError, match=r"002\.png: pixel \(row 4, col 1\) holds 24"):
        SemanticDrone(tmp_path)[2]


def test_colour_rendering_in_a_code_slot_refused(tmp_path: Path) -> None:
    """Grass (0, 102, 0), car (9, 143, 150), obstacle (2, 135, 115) rendered in colour: the red
    channel alone would pass as codes 0, 2, 9."""
    fake.make(tmp_path, layout="kaggle")
    _, label = fake.paths(tmp_path, "002", "kaggle")
    codes = fake.labels("002")
    rgb = np.zeros((*codes.shape, 3), np.uint8)
    rgb[:, : codes.shape[1] // 2] = (0, 102, 0)
    rgb[:, codes.shape[1] // 2:] = (9, 143, 150)
    Image.fromarray(rgb, "RGB").save(label)
    with pytest.raises(InvalidDataError, match="not one band of class codes"):
        SemanticDrone(tmp_path)[2]


def test_label_of_other_size_refused(tmp_path: Path) -> None:
    fake.make(tmp_path, layout="kaggle")
    Image.fromarray(np.zeros((4, fake.W), dtype=np.uint8)).save(
        fake.paths(tmp_path, "000", "kaggle")[1])
    with pytest.raises(InvalidDataError, match="not a pair"):
        SemanticDrone(tmp_path)[0]


def test_empty_folder_says_so(tmp_path: Path) -> None:
    for sub in ("images", "gt/semantic/label_images"):
        (tmp_path / fake.ICG / sub).mkdir(parents=True)
    with pytest.raises(InvalidDataError, match=r"holds no <nnn>\.jpg"):
        SemanticDrone(tmp_path)


def test_checksum_mismatch(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """No checksum is published; a known one would be verified before extraction."""
    fake.make(tmp_path)
    check_wrong_md5(SemanticDrone, monkeypatch, tmp_path)
    assert not (tmp_path / "semantic_drone_dataset").exists()


def test_not_found_names_where_and_how(tmp_path: Path) -> None:
    check_not_found_hint(SemanticDrone, tmp_path, "http://dronedataset.icg.tugraz.at",
                         fake.ARCHIVE, "semantic_drone_dataset/training_set/images",
                         "dataset/semantic_drone_dataset/original_images")


def test_only_train_split(root: Path) -> None:
    with pytest.raises(ValueError, match="split"):
        SemanticDrone(root, split="val")


def test_transforms(root: Path) -> None:
    ds = SemanticDrone(root, transforms=lambda s: {**s, "mask": s["mask"] + 100})
    assert torch.equal(ds[1]["mask"], torch.from_numpy(fake.labels("001") + 100))


def test_plot(root: Path, kaggle: Path) -> None:
    check_plot(SemanticDrone(root))
    check_plot(SemanticDrone(kaggle, bands=["G"]), index=4)


def test_conformance(root: Path) -> None:
    report = check_dataset_plugin("semantic_drone", data=root)
    assert "bands=['R'] selects one channel" in report.passed
