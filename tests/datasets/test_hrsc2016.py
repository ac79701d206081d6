from __future__ import annotations

import math
import shutil
from pathlib import Path

import numpy as np
import pytest
import torch

import geoplug.datasets
from fakedata import hrsc2016 as fake
from fakedata._dc_checks import check_plot
from fakedata._made import check_not_found_hint, made_root
from geoplug.core.errors import DatasetNotFoundError, InvalidDataError
from geoplug.core.testing import check_dataset_plugin
from geoplug.datasets.hrsc2016 import HRSC2016, parse_hrsc2016, rotated_corners

#: the extracted tree, written once (tests that change files use ``fresh``)
root = made_root(fake.make, "hrsc2016")


@pytest.fixture(name="fresh")
def fresh_root(tmp_path: Path) -> Path:
    fake.make(tmp_path)
    return tmp_path


def written(k: int) -> torch.Tensor:
    return torch.from_numpy(fake.image(k)).float()


def xml(base: Path, k: int) -> Path:
    return base / "HRSC2016" / "FullDataSet" / "Annotations" / f"{fake.image_id(k)}.xml"


@pytest.mark.parametrize(("split", "length"),
                         [("train", 2), ("val", 1), ("trainval", 3), ("test", 2)])
def test_lengths(root: Path, split: str, length: int) -> None:
    assert len(HRSC2016(root, split=split)) == length


def test_sample(root: Path) -> None:
    sample = HRSC2016(root)[0]  # 100000001: an upright box and a tilted, difficult one
    assert set(sample) == {"image", "bbox_xyxy", "bbox_xyxyxyxy", "label"}
    assert sample["image"].dtype == torch.float32
    assert sample["image"].shape == (3, fake.HEIGHT, fake.WIDTH)
    assert torch.equal(sample["image"], written(1))
    # the published horizontal boxes, not the envelope of the corners (2.5..13.5 x 7..17)
    assert sample["bbox_xyxy"].dtype == torch.float32
    assert sample["bbox_xyxy"].tolist() == [[10, 8, 20, 12], [3, 7, 13, 17]]
    corners = sample["bbox_xyxyxyxy"]
    assert corners.dtype == torch.float32 and corners.shape == (2, 8)
    expected = [[10, 8, 20, 8, 20, 12, 10, 12], [5.5, 7, 13.5, 13, 10.5, 17, 2.5, 11]]
    assert torch.allclose(corners, torch.tensor(expected), atol=1e-4)
    assert sample["label"].dtype == torch.int64
    assert sample["label"].tolist() == [0, 0]  # level 1: every object is a ship


def test_pixels_pair_with_their_annotations(root: Path) -> None:
    """Each sample is its own image (untransposed, bands in order) with its own XML."""
    for split, numbers in fake.SPLITS.items():
        ds = HRSC2016(root, split=split)
        for index, k in enumerate(numbers):
            sample = ds[index]
            assert torch.equal(sample["image"], written(k)), (split, k)
            boxes = [list(obj[2]) for obj in fake.OBJECTS[k]]
            assert sample["bbox_xyxy"].tolist() == boxes, (split, k)
    test = HRSC2016(root, split="test")[1]  # 100000005, pixel at row 13, column 27
    assert test["image"][:, 13, 27].tolist() == list(fake.pixel(5, 13, 27))


def test_angle_convention(root: Path) -> None:
    """A negative quarter turn puts the box's width along the rows (y down)."""
    sample = HRSC2016(root)[1]  # 100000002: cx 20, cy 6, w 8, h 2, angle -pi/2
    assert torch.allclose(sample["bbox_xyxyxyxy"],
                          torch.tensor([[19.0, 10, 19, 2, 21, 2, 21, 10]]), atol=1e-4)
    # 45 degrees: the c + u end lies down and to the right of the centre
    corners = HRSC2016(root, split="test")[0]["bbox_xyxyxyxy"][1].reshape(4, 2)
    bow = (corners[1] + corners[2]) / 2
    assert torch.allclose(bow, torch.tensor([25 + 3 / math.sqrt(2), 15 + 3 / math.sqrt(2)]),
                          atol=1e-4)


def test_corners_against_a_rotation_matrix() -> None:
    """The corners are the upright rectangle turned by the angle (an independent formula)."""
    rng = np.random.default_rng(0)
    boxes = np.column_stack([rng.uniform(0, 500, (20, 2)), rng.uniform(5, 200, (20, 2)),
                             rng.uniform(-math.pi / 2, math.pi / 2, 20)])
    for box, got in zip(boxes, rotated_corners(boxes)):
        cx, cy, w, h, a = box
        upright = np.array([[-w, -h], [w, -h], [w, h], [-w, h]]) / 2
        turn = np.array([[math.cos(a), -math.sin(a)], [math.sin(a), math.cos(a)]])
        np.testing.assert_allclose(got.reshape(4, 2), upright @ turn.T + [cx, cy], atol=1e-3)


def test_published_ship_head_fixes_the_sign(tmp_path: Path) -> None:
    """A published annotation (image 100000001 as quoted by brambox's HRSC parser): its ship
    head lies at the c + u end of the box in this convention, not at the mirrored one."""
    path = tmp_path / "100000001.xml"
    path.write_text(
        "<HRSC_Image><HRSC_Objects><HRSC_Object><Class_ID>100000013</Class_ID>"
        "<difficult>0</difficult><box_xmin>194</box_xmin><box_ymin>243</box_ymin>"
        "<box_xmax>972</box_xmax><box_ymax>507</box_ymax><mbox_cx>582.9349</mbox_cx>"
        "<mbox_cy>353.2006</mbox_cy><mbox_w>778.1303</mbox_w><mbox_h>174.2541</mbox_h>"
        "<mbox_ang>-0.2144308</mbox_ang><header_x>964</header_x><header_y>290</header_y>"
        "</HRSC_Object></HRSC_Objects></HRSC_Image>")
    objects = parse_hrsc2016(path)
    corners = objects.corners[0].reshape(4, 2)
    bow, stern = (corners[1] + corners[2]) / 2, (corners[0] + corners[3]) / 2
    head = np.array([964, 290])
    assert np.linalg.norm(bow - head) < 25 < np.linalg.norm(stern - head)
    mirrored = np.array([582.9349, 353.2006]) + 778.1303 / 2 * np.array(
        [math.cos(0.2144308), math.sin(0.2144308)])
    assert np.linalg.norm(mirrored - head) > 100
    assert objects.class_ids == ["100000013"] and objects.difficult.tolist() == [False]
    assert objects.xyxy.tolist() == [[194, 243, 972, 507]]


def test_include_difficult(root: Path) -> None:
    sample = HRSC2016(root, include_difficult=False)[0]
    assert sample["bbox_xyxy"].tolist() == [[10, 8, 20, 12]]
    assert sample["bbox_xyxyxyxy"].shape == (1, 8) and sample["label"].tolist() == [0]


def test_image_without_ships(root: Path) -> None:
    empty = HRSC2016(root, split="val")[0]
    assert torch.equal(empty["image"], written(3))
    assert empty["bbox_xyxy"].shape == (0, 4) and empty["bbox_xyxyxyxy"].shape == (0, 8)
    assert empty["label"].shape == (0,) and empty["label"].dtype == torch.int64


def test_bands_and_transforms(root: Path) -> None:
    ds = HRSC2016(root, split="test", bands=["B", "R"],
                  transforms=lambda s: {**s, "n": len(s["label"])})
    sample = ds[0]
    assert torch.equal(sample["image"], written(4)[[2, 0]])
    assert sample["n"] == 2


def test_split_lists_decide(root: Path) -> None:
    """The image in no list is in no split; trainval is train then val."""
    ids = [p.stem for p, _ in HRSC2016(root, split="trainval").samples]
    assert ids == [fake.image_id(k) for k in (1, 2, 3)]
    every = {p.stem for s in fake.SPLITS for p, _ in HRSC2016(root, split=s).samples}
    assert fake.image_id(fake.UNLISTED) not in every


def test_root_may_be_the_hrsc2016_folder(root: Path) -> None:
    assert len(HRSC2016(root / "HRSC2016", split="test")) == 2


def test_train_and_test_folders(fresh: Path) -> None:
    """Copies that keep the images in Train/ and Test/ instead of FullDataSet/."""
    base = fresh / "HRSC2016"
    for folder, numbers in (("Train", fake.SPLITS["trainval"]), ("Test", fake.SPLITS["test"])):
        for sub in ("AllImages", "Annotations"):
            (base / folder / sub).mkdir(parents=True)
        for k in numbers:
            stem = fake.image_id(k)
            for sub, name in (("AllImages", f"{stem}.bmp"), ("Annotations", f"{stem}.xml")):
                shutil.move(base / "FullDataSet" / sub / name, base / folder / sub / name)
    shutil.rmtree(base / "FullDataSet")
    test = HRSC2016(fresh, split="test")
    assert torch.equal(test[1]["image"], written(5))
    assert test[1]["bbox_xyxy"].tolist() == [[4, 10, 16, 14]]
    assert torch.equal(HRSC2016(fresh, split="val")[0]["image"], written(3))


def test_missing_image_or_annotation(fresh: Path) -> None:
    images = fresh / "HRSC2016" / "FullDataSet" / "AllImages"
    (images / f"{fake.image_id(2)}.bmp").unlink()
    with pytest.raises(InvalidDataError, match=r"1 id\(s\) listed in .*train\.txt.*first: "
                                               r"100000002 \(image\)"):
        HRSC2016(fresh)
    xml(fresh, 5).unlink()
    with pytest.raises(InvalidDataError, match=r"first: 100000005 \(annotation"):
        HRSC2016(fresh, split="test")
    assert len(HRSC2016(fresh, split="val")) == 1  # the other splits are whole


@pytest.mark.parametrize(("edit", "message"), [
    (lambda t: t[:200], r"cannot parse .*100000001\.xml"),
    (lambda t: t.replace("<mbox_ang>0</mbox_ang>", ""), r"100000001\.xml: an object has no "
                                                       r"<mbox_ang>"),
    (lambda t: t.replace("<box_xmax>20</box_xmax>", "<box_xmax>x</box_xmax>"),
     r"<box_xmax> is 'x', not a number"),
    (lambda t: t.replace("HRSC_Image>", "annotation>"), r"not <HRSC_Image>"),
])
def test_bad_annotation(fresh: Path, edit: object, message: str) -> None:
    path = xml(fresh, 1)
    path.write_text(edit(path.read_text()))  # type: ignore[operator]
    ds = HRSC2016(fresh)
    ds[1]  # the other files still read
    with pytest.raises(InvalidDataError, match=message):
        ds[0]


def test_not_found(tmp_path: Path) -> None:
    check_not_found_hint(HRSC2016, tmp_path, "aistudio.baidu.com", "HRSC2016_dataset.zip",
                         "ImageSets/<split>.txt")


def test_split_list_without_images(fresh: Path) -> None:
    shutil.rmtree(fresh / "HRSC2016" / "FullDataSet" / "AllImages")
    with pytest.raises(DatasetNotFoundError, match="FullDataSet/AllImages"):
        HRSC2016(fresh)


def test_unknown_split(root: Path) -> None:
    with pytest.raises(ValueError, match="split 'validation'"):
        HRSC2016(root, split="validation")


def test_plot(root: Path) -> None:
    check_plot(HRSC2016(root))
    check_plot(HRSC2016(root, split="val"))  # no ships


def test_registry_and_conformance(root: Path) -> None:
    assert geoplug.datasets.get("hrsc2016") is HRSC2016
    info = geoplug.datasets.info("hrsc2016")
    assert info.num_classes == 1 and info.task == "detection"
    assert info.splits == ("train", "val", "trainval", "test")
    check_dataset_plugin("hrsc2016", root)
