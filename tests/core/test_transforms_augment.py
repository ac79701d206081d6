"""AugmentationSequential moves image, mask and boxes of dict samples together."""

from __future__ import annotations

import math
from pathlib import Path

import kornia.augmentation as K
import numpy as np
import pytest
import torch
from torch import Tensor, nn

from geoplug.core.transforms import AugmentationSequential, Normalize

DEVICES = ["cpu"] + (["cuda"] if torch.cuda.is_available() else [])


def _random_affine() -> K.RandomAffine:
    return K.RandomAffine(
        degrees=45, translate=(0.2, 0.2), scale=(0.7, 1.3), resample="nearest", p=1.0
    )


def _box_of(mask: Tensor) -> list[float]:
    """Pixel-edge xyxy box of the non-zero pixels of a [H,W] mask."""
    ys, xs = torch.nonzero(mask, as_tuple=True)
    return [xs.min().item(), ys.min().item(), xs.max().item() + 1.0, ys.max().item() + 1.0]


def test_hflip_single_sample_moves_image_and_mask_and_keeps_other_keys() -> None:
    image = torch.rand(7, 5, 6)
    mask = torch.randint(0, 4, (5, 6))
    bounds = object()
    sample = {"image": image, "mask": mask, "crs": "EPSG:32631", "bounds": bounds}
    out = AugmentationSequential(K.RandomHorizontalFlip(p=1.0))(sample)
    assert out["image"].shape == (7, 5, 6)
    assert torch.equal(out["image"], image.flip(-1))
    assert torch.equal(out["mask"], mask.flip(-1))
    assert out["mask"].dtype == torch.int64
    assert out["crs"] == "EPSG:32631" and out["bounds"] is bounds
    assert sample["image"] is image  # the input dict is not modified


def test_random_geometry_hits_image_and_mask_identically_per_sample() -> None:
    torch.manual_seed(0)
    mask = torch.randint(0, 5, (4, 16, 16)) * 3
    image = torch.rand(4, 6, 16, 16)
    image[:, 2] = mask.float()
    out = AugmentationSequential(_random_affine())({"image": image, "mask": mask})
    assert out["mask"].dtype == torch.int64
    assert not torch.equal(out["mask"], mask)
    # pixel by pixel, the band that carries the mask still equals the mask
    assert torch.equal(out["image"][:, 2], out["mask"].float())
    assert set(out["mask"].unique().tolist()) <= set(mask.unique().tolist())
    # each sample of the batch gets its own draw
    assert not torch.equal(out["mask"][0], out["mask"][1])


def test_boxes_flip_to_the_right_coordinates() -> None:
    box = torch.tensor([[1.0, 2.0, 3.0, 5.0]])
    sample = {"image": torch.rand(3, 6, 8), "bbox_xyxy": box, "label": torch.tensor([4])}
    h = AugmentationSequential(K.RandomHorizontalFlip(p=1.0))(sample)
    assert torch.equal(h["bbox_xyxy"], torch.tensor([[5.0, 2.0, 7.0, 5.0]]))
    assert h["bbox_xyxy"].dtype == torch.float32
    assert torch.equal(h["label"], torch.tensor([4]))
    v = AugmentationSequential(K.RandomVerticalFlip(p=1.0))(sample)
    assert torch.equal(v["bbox_xyxy"], torch.tensor([[1.0, 1.0, 3.0, 4.0]]))


@pytest.mark.parametrize("flip", [K.RandomHorizontalFlip, K.RandomVerticalFlip])
def test_flipped_box_matches_flipped_mask(flip: type[K.RandomHorizontalFlip]) -> None:
    mask = torch.zeros(9, 11, dtype=torch.int64)
    mask[2:7, 1:4] = 1
    sample = {"image": torch.rand(2, 9, 11), "mask": mask,
              "bbox_xyxy": torch.tensor([_box_of(mask)])}
    out = AugmentationSequential(flip(p=1.0))(sample)
    assert out["bbox_xyxy"][0].tolist() == _box_of(out["mask"])


def test_crop_clips_boxes_and_drops_empty_ones_with_their_labels() -> None:
    boxes = torch.tensor([[3.0, 3.0, 5.0, 5.0], [0.0, 0.0, 1.0, 1.0], [1.0, 3.0, 4.0, 5.0]])
    instances = torch.zeros(3, 8, 8, dtype=torch.uint8)
    instances[0, 3:5, 3:5] = 1
    instances[1, 0, 0] = 1
    instances[2, 3:5, 1:4] = 1
    sample = {"image": torch.rand(4, 8, 8), "bbox_xyxy": boxes,
              "label": torch.tensor([10, 20, 30]), "mask": instances}
    out = AugmentationSequential(K.CenterCrop(4))(sample)
    assert out["image"].shape == (4, 4, 4)
    assert out["bbox_xyxy"].tolist() == [[1.0, 1.0, 3.0, 3.0], [0.0, 1.0, 2.0, 3.0]]
    assert out["label"].tolist() == [10, 30]
    assert out["mask"].shape == (2, 4, 4) and out["mask"].dtype == torch.uint8
    assert _box_of(out["mask"][0]) == [1.0, 1.0, 3.0, 3.0]


def test_batched_boxes_of_different_counts_stay_aligned() -> None:
    boxes = [torch.tensor([[0.0, 0.0, 2.0, 2.0]]), torch.tensor([[1.0, 1.0, 3.0, 3.0],
                                                                 [4.0, 0.0, 5.0, 6.0]])]
    labels = [torch.tensor([1]), torch.tensor([2, 3])]
    batch = {"image": torch.rand(2, 3, 6, 6), "bbox_xyxy": boxes, "label": labels}
    out = AugmentationSequential(K.RandomHorizontalFlip(p=1.0))(batch)
    assert isinstance(out["bbox_xyxy"], list)
    assert out["bbox_xyxy"][0].tolist() == [[4.0, 0.0, 6.0, 2.0]]
    assert out["bbox_xyxy"][1].tolist() == [[3.0, 1.0, 5.0, 3.0], [1.0, 0.0, 2.0, 6.0]]
    assert [lab.tolist() for lab in out["label"]] == [[1], [2, 3]]


def test_change_pair_gets_the_same_transform_on_both_dates() -> None:
    torch.manual_seed(1)
    date = torch.rand(5, 12, 12)
    pair = torch.stack([date, date + 1.0])
    mask = torch.randint(0, 2, (12, 12))
    out = AugmentationSequential(_random_affine(), temporal=True)({"image": pair, "mask": mask})
    assert out["image"].shape == (2, 5, 12, 12)
    assert not torch.equal(out["image"][0], date)
    moved = out["image"][0] != 0  # pixels that came from inside the source
    assert torch.allclose(out["image"][1][moved], out["image"][0][moved] + 1.0)
    assert out["mask"].shape == (12, 12) and out["mask"].dtype == torch.int64


def test_batched_time_series_dates_share_a_transform_samples_do_not() -> None:
    torch.manual_seed(2)
    series = torch.rand(3, 1, 2, 10, 10).expand(3, 4, 2, 10, 10).contiguous()
    mask = torch.randint(0, 3, (3, 10, 10))
    series[:, :, 0] = mask[:, None].float()
    out = AugmentationSequential(_random_affine())({"image": series, "mask": mask})
    assert out["image"].shape == (3, 4, 2, 10, 10)
    for t in range(4):
        assert torch.equal(out["image"][:, t], out["image"][:, 0])
        assert torch.equal(out["image"][:, t, 0], out["mask"].float())
    assert not torch.equal(out["mask"][0], out["mask"][1])


def test_intensity_augmentation_leaves_mask_and_boxes_alone() -> None:
    image = torch.full((4, 5, 5), 0.5)
    mask = torch.randint(0, 3, (5, 5))
    box = torch.tensor([[1.0, 1.0, 2.0, 3.0]])
    aug = AugmentationSequential(K.RandomGaussianNoise(std=0.1, p=1.0))
    out = aug({"image": image, "mask": mask, "bbox_xyxy": box})
    assert not torch.equal(out["image"], image)
    assert torch.equal(out["mask"], mask)
    assert torch.equal(out["bbox_xyxy"], box)


def test_integer_image_is_promoted_to_float32() -> None:
    image = torch.arange(2 * 3 * 4, dtype=torch.int16).reshape(2, 3, 4).to(torch.uint16)
    out = AugmentationSequential(K.RandomHorizontalFlip(p=1.0))({"image": image})
    assert out["image"].dtype == torch.float32
    assert torch.equal(out["image"], image.float().flip(-1))


@pytest.mark.parametrize("device", DEVICES)
def test_batched_pipeline_runs_on_the_device_of_the_batch(device: str) -> None:
    pipeline = torch.nn.Sequential(
        AugmentationSequential(K.RandomVerticalFlip(p=1.0)),
        Normalize([100.0, 200.0], [10.0, 20.0]),
    ).to(device)
    image = torch.tensor([[[100.0], [110.0]], [[200.0], [240.0]]]).expand(3, 2, 2, 1)
    batch = {"image": image.to(device), "mask": torch.tensor([[0], [1]]).expand(3, 2, 1).to(device)}
    out = pipeline(batch)
    assert out["image"].device.type == device
    assert out["image"][0, :, :, 0].tolist() == [[1.0, 0.0], [2.0, 0.0]]
    assert out["mask"][0].tolist() == [[1], [0]]


def test_errors_name_the_problem() -> None:
    aug = AugmentationSequential(K.RandomHorizontalFlip(p=1.0))
    with pytest.raises(KeyError, match="image"):
        aug({"mask": torch.zeros(3, 3)})
    with pytest.raises(ValueError, match="mask"):
        aug({"image": torch.rand(2, 4, 4), "mask": torch.zeros(5, 5)})
    with pytest.raises(ValueError, match=r"\[T,C,H,W\]"):
        temporal = AugmentationSequential(K.RandomHorizontalFlip(), temporal=True)
        temporal({"image": torch.rand(2, 4, 4)})
    with pytest.raises(ValueError, match="bbox_xyxy"):
        aug({"image": torch.rand(2, 4, 4), "bbox_xyxy": torch.zeros(4)})
    with pytest.raises(ValueError, match="at least one"):
        AugmentationSequential()


# --- oriented boxes and per-box values --------------------------------------------------------


def _close(actual: Tensor, expected: list[list[float]]) -> None:
    torch.testing.assert_close(actual, torch.tensor(expected), atol=1e-4, rtol=0)


def _enclosing(corners: list[list[float]]) -> list[list[float]]:
    return [[min(c[0::2]), min(c[1::2]), max(c[0::2]), max(c[1::2])] for c in corners]


def test_hflip_moves_oriented_corners_and_keeps_per_box_values() -> None:
    # a square turned by about 18 degrees, and an axis-aligned one, in a 6 x 8 image
    corners = [[2.0, 1.0, 5.0, 2.0, 4.0, 5.0, 1.0, 4.0], [6.0, 0.0, 8.0, 0.0, 8.0, 3.0, 6.0, 3.0]]
    sample = {"image": torch.rand(3, 6, 8), "bbox_xyxyxyxy": torch.tensor(corners),
              "bbox_xyxy": torch.tensor(_enclosing(corners)), "label": torch.tensor([7, 9]),
              "difficult": torch.tensor([False, True])}
    out = AugmentationSequential(K.RandomHorizontalFlip(p=1.0))(sample)
    # x -> 8 - x for every corner; y unchanged
    assert out["bbox_xyxyxyxy"].tolist() == [[6.0, 1.0, 3.0, 2.0, 4.0, 5.0, 7.0, 4.0],
                                             [2.0, 0.0, 0.0, 0.0, 0.0, 3.0, 2.0, 3.0]]
    assert out["bbox_xyxyxyxy"].dtype == torch.float32
    assert out["bbox_xyxy"].tolist() == [[3.0, 1.0, 7.0, 5.0], [0.0, 0.0, 2.0, 3.0]]
    assert out["label"].tolist() == [7, 9]
    assert out["difficult"].tolist() == [False, True]


def test_rotation_by_90_degrees_turns_corners_like_the_image() -> None:
    image = torch.rand(2, 8, 8)
    inst = torch.zeros(1, 8, 8, dtype=torch.uint8)
    inst[0, 2:5, 1:3] = 1  # rows 2..4, columns 1..2: the box x 1..3, y 2..5
    sample = {"image": image, "mask": inst, "label": torch.tensor([3]),
              "bbox_xyxyxyxy": torch.tensor([[1.0, 2.0, 3.0, 2.0, 3.0, 5.0, 1.0, 5.0]]),
              "bbox_xyxy": torch.tensor([[1.0, 2.0, 3.0, 5.0]])}
    out = AugmentationSequential(K.RandomRotation(degrees=(90.0, 90.0), p=1.0))(sample)
    # kornia's +90 degrees is torch.rot90 (counter-clockwise as displayed): (x, y) -> (y, 8 - x)
    torch.testing.assert_close(out["image"], image.rot90(1, (-2, -1)), atol=1e-5, rtol=0)
    assert torch.equal(out["mask"][0], inst[0].rot90(1, (0, 1)))
    _close(out["bbox_xyxyxyxy"], [[2.0, 7.0, 2.0, 5.0, 5.0, 5.0, 5.0, 7.0]])
    _close(out["bbox_xyxy"], [[2.0, 5.0, 5.0, 7.0]])
    assert _box_of(out["mask"][0]) == [2.0, 5.0, 5.0, 7.0]
    assert out["label"].tolist() == [3]


def test_axis_aligned_box_is_derived_from_the_rotated_corners() -> None:
    # a diamond about the image centre (8, 8) turned by 45 degrees becomes an upright square;
    # the rotation about the centre is computed here by hand
    theta = math.radians(45.0)
    diamond = [[8.0, 5.0, 11.0, 8.0, 8.0, 11.0, 5.0, 8.0]]
    sample = {"image": torch.rand(1, 16, 16), "bbox_xyxyxyxy": torch.tensor(diamond),
              "bbox_xyxy": torch.tensor(_enclosing(diamond)), "label": torch.tensor([1])}
    rotate = AugmentationSequential(K.RandomRotation(degrees=(45.0, 45.0), p=1.0))
    out = rotate(sample)
    expected = []
    for x, y in zip(diamond[0][0::2], diamond[0][1::2]):
        dx, dy = x - 8.0, y - 8.0
        expected += [8.0 + dx * math.cos(theta) + dy * math.sin(theta),
                     8.0 - dx * math.sin(theta) + dy * math.cos(theta)]
    _close(out["bbox_xyxyxyxy"], [expected])
    half = 3.0 / math.sqrt(2.0)  # half the side of the upright square
    _close(out["bbox_xyxy"], [[8.0 - half, 8.0 - half, 8.0 + half, 8.0 + half]])
    _close(out["bbox_xyxy"], _enclosing([expected]))
    # warping the enclosing box [5, 5, 11, 11] on its own would give a box 2 * 3 * sqrt(2) wide
    alone = rotate({"image": sample["image"], "bbox_xyxy": sample["bbox_xyxy"]})["bbox_xyxy"]
    wide = 3.0 * math.sqrt(2.0)
    _close(alone, [[8.0 - wide, 8.0 - wide, 8.0 + wide, 8.0 + wide]])


def test_crop_drops_oriented_boxes_outside_from_every_per_box_key() -> None:
    # 8 x 8 image, CenterCrop(4) keeps x, y in 2..6 and shifts everything by -2
    corners = torch.tensor([
        [4.0, 3.0, 5.0, 4.0, 4.0, 5.0, 3.0, 4.0],  # diamond well inside
        [0.0, 0.0, 1.5, 0.0, 1.5, 1.5, 0.0, 1.5],  # square outside the crop
        [1.0, -0.8, 2.8, 1.0, 1.0, 2.8, -0.8, 1.0],  # diamond: its enclosing box reaches the
        #  crop (2..2.8), the diamond itself does not (|x-1|+|y-1| = 2 > 1.8 at (2, 2))
        [6.0, 3.0, 7.0, 4.0, 6.0, 5.0, 5.0, 4.0],  # diamond cut by the crop's right edge
    ])
    instances = torch.zeros(4, 8, 8, dtype=torch.uint8)
    for i in range(4):
        instances[i, 2 + i, 2:6] = i + 1
    sample = {"image": torch.rand(2, 8, 8), "bbox_xyxyxyxy": corners,
              "bbox_xyxy": torch.tensor(_enclosing(corners.tolist())),
              "label": torch.tensor([10, 11, 12, 13]), "mask": instances,
              "agb": torch.tensor([1.5, 2.5, 3.5, 4.5]),
              "difficult": torch.tensor([True, False, False, True]),
              "names": ["a", "b", "c", "d"], "height": torch.tensor([5.0, 6.0, 7.0, 8.0])}
    out = AugmentationSequential(K.CenterCrop(4))(sample)
    # corners are shifted, never clamped; the axis-aligned box is the visible part
    assert out["bbox_xyxyxyxy"].tolist() == [[2.0, 1.0, 3.0, 2.0, 2.0, 3.0, 1.0, 2.0],
                                             [4.0, 1.0, 5.0, 2.0, 4.0, 3.0, 3.0, 2.0]]
    assert out["bbox_xyxy"].tolist() == [[1.0, 1.0, 3.0, 3.0], [3.0, 1.0, 4.0, 3.0]]
    assert out["label"].tolist() == [10, 13]
    assert out["agb"].tolist() == [1.5, 4.5]
    assert out["difficult"].tolist() == [True, True]
    assert torch.equal(out["mask"], instances[[0, 3], 2:6, 2:6])
    # keys not known as per-box are left alone by default ...
    assert out["names"] == ["a", "b", "c", "d"]
    assert out["height"].tolist() == [5.0, 6.0, 7.0, 8.0]
    # ... and filtered when named
    named = AugmentationSequential(K.CenterCrop(4), per_box_keys=["names", "height"])(sample)
    assert named["names"] == ["a", "d"]
    assert named["height"].tolist() == [5.0, 8.0]
    assert named["label"].tolist() == [10, 13]  # label is always per-box
    assert named["agb"].tolist() == [1.5, 2.5, 3.5, 4.5]  # not named this time


def test_without_clipping_corners_move_and_nothing_is_dropped() -> None:
    corners = [[0.0, 0.0, 1.5, 0.0, 1.5, 1.5, 0.0, 1.5]]
    sample = {"image": torch.rand(1, 8, 8), "bbox_xyxyxyxy": torch.tensor(corners),
              "bbox_xyxy": torch.tensor(_enclosing(corners)), "agb": torch.tensor([2.0])}
    out = AugmentationSequential(K.CenterCrop(4), clip_boxes=False)(sample)
    assert out["bbox_xyxyxyxy"].tolist() == [[-2.0, -2.0, -0.5, -2.0, -0.5, -0.5, -2.0, -0.5]]
    assert out["bbox_xyxy"].tolist() == [[-2.0, -2.0, -0.5, -0.5]]
    assert out["agb"].tolist() == [2.0]


def test_axis_aligned_crop_drops_other_per_box_values_too() -> None:
    boxes = torch.tensor([[3.0, 3.0, 5.0, 5.0], [0.0, 0.0, 1.0, 1.0]])
    sample = {"image": torch.rand(1, 8, 8), "bbox_xyxy": boxes, "label": torch.tensor([1, 2]),
              "agb": np.array([10.0, 20.0], np.float32)}
    out = AugmentationSequential(K.CenterCrop(4))(sample)
    assert out["bbox_xyxy"].tolist() == [[1.0, 1.0, 3.0, 3.0]]
    assert out["label"].tolist() == [1]
    assert isinstance(out["agb"], np.ndarray) and out["agb"].tolist() == [10.0]


def test_batched_oriented_boxes_of_different_counts() -> None:
    corners = [torch.tensor([[1.0, 1.0, 2.0, 1.0, 2.0, 2.0, 1.0, 2.0]]),
               torch.tensor([[0.0, 0.0, 1.0, 0.0, 1.0, 1.0, 0.0, 1.0],
                             [3.0, 2.0, 4.0, 3.0, 3.0, 4.0, 2.0, 3.0]])]
    batch = {"image": torch.rand(2, 1, 6, 6), "bbox_xyxyxyxy": corners,
             "label": [torch.tensor([5]), torch.tensor([6, 7])],
             "agb": [torch.tensor([0.5]), torch.tensor([1.5, 2.5])]}
    out = AugmentationSequential(K.RandomHorizontalFlip(p=1.0))(batch)
    assert isinstance(out["bbox_xyxyxyxy"], list)
    assert out["bbox_xyxyxyxy"][0].tolist() == [[5.0, 1.0, 4.0, 1.0, 4.0, 2.0, 5.0, 2.0]]
    assert out["bbox_xyxyxyxy"][1].tolist() == [[6.0, 0.0, 5.0, 0.0, 5.0, 1.0, 6.0, 1.0],
                                                [3.0, 2.0, 2.0, 3.0, 3.0, 4.0, 4.0, 3.0]]
    assert "bbox_xyxy" not in out  # not added when the sample had none
    # a crop of the second sample's top-left 4 x 4 (CenterCrop keeps 1..5) drops box 0 there
    cropped = AugmentationSequential(K.CenterCrop(4))(batch)
    assert cropped["bbox_xyxyxyxy"][0].tolist() == [[0.0, 0.0, 1.0, 0.0, 1.0, 1.0, 0.0, 1.0]]
    assert cropped["bbox_xyxyxyxy"][1].tolist() == [[2.0, 1.0, 3.0, 2.0, 2.0, 3.0, 1.0, 2.0]]
    assert [t.tolist() for t in cropped["label"]] == [[5], [7]]
    assert [t.tolist() for t in cropped["agb"]] == [[0.5], [2.5]]


def test_batched_stacked_oriented_boxes_stay_stacked() -> None:
    corners = torch.tensor([[[0.0, 0.0, 2.0, 0.0, 2.0, 1.0, 0.0, 1.0]],
                            [[1.0, 1.0, 3.0, 1.0, 3.0, 4.0, 1.0, 4.0]]])
    batch = {"image": torch.rand(2, 2, 4, 4), "bbox_xyxyxyxy": corners,
             "bbox_xyxy": torch.tensor([[[0.0, 0.0, 2.0, 1.0]], [[1.0, 1.0, 3.0, 4.0]]]),
             "label": torch.tensor([[1], [2]])}
    out = AugmentationSequential(K.RandomVerticalFlip(p=1.0))(batch)
    assert out["bbox_xyxyxyxy"].shape == (2, 1, 8)
    assert out["bbox_xyxyxyxy"].tolist() == [[[0.0, 4.0, 2.0, 4.0, 2.0, 3.0, 0.0, 3.0]],
                                             [[1.0, 3.0, 3.0, 3.0, 3.0, 0.0, 1.0, 0.0]]]
    assert out["bbox_xyxy"].tolist() == [[[0.0, 3.0, 2.0, 4.0]], [[1.0, 0.0, 3.0, 3.0]]]
    assert out["label"].tolist() == [[1], [2]]


def test_dota_sample_through_the_dataset_transforms(tmp_path: Path) -> None:
    datasets = pytest.importorskip("geoplug.datasets")
    fake = pytest.importorskip("fakedata.dota")
    dota = datasets.get("dota")
    root = fake.make(tmp_path)
    flipped = dota(root, version="1.0",
                   transforms=AugmentationSequential(K.RandomHorizontalFlip(p=1.0)))[0]
    # the fake's P0000 objects, x -> 16 - x
    assert flipped["bbox_xyxyxyxy"].tolist() == [[14, 3, 6, 2, 5, 9, 13, 10],
                                                 [3.5, 12, 1, 12, 1, 15, 3.5, 15]]
    assert flipped["bbox_xyxy"].tolist() == [[5, 2, 14, 10], [1, 12, 3.5, 15]]
    assert flipped["label"].tolist() == [0, 10]
    # CenterCrop(8) keeps x, y in 4..12: the small vehicle (x >= 12.5) leaves, the plane is cut
    cropped = dota(root, version="1.0", transforms=AugmentationSequential(K.CenterCrop(8)))[0]
    assert cropped["image"].shape == (3, 8, 8)
    assert cropped["bbox_xyxyxyxy"].tolist() == [[-2, -1, 6, -2, 7, 5, -1, 6]]
    # visible part: x from the left edge to the corner (7, 5), y from the top edge to where the
    # edge (7, 5)-(-1, 6) meets x = 0, at y = 5 + 7 / 8
    _close(cropped["bbox_xyxy"], [[0.0, 0.0, 7.0, 5.875]])
    assert cropped["label"].tolist() == [0]


def test_oriented_box_errors_name_the_problem() -> None:
    aug = AugmentationSequential(K.RandomHorizontalFlip(p=1.0))
    image = torch.rand(1, 4, 4)
    with pytest.raises(ValueError, match=r"bbox_xyxyxyxy must be \[N,8\]"):
        aug({"image": image, "bbox_xyxyxyxy": torch.zeros(2, 4)})
    with pytest.raises(ValueError, match="same boxes"):
        aug({"image": image, "bbox_xyxyxyxy": torch.zeros(2, 8), "bbox_xyxy": torch.zeros(1, 4)})
    strict = AugmentationSequential(K.RandomHorizontalFlip(p=1.0), per_box_keys=["agb"])
    with pytest.raises(ValueError, match=r"'agb' must have one entry per box \(2\)"):
        strict({"image": image, "bbox_xyxy": torch.zeros(2, 4), "agb": torch.zeros(3)})
    with pytest.raises(TypeError, match=r"per_box_keys=\['agb'\]"):
        AugmentationSequential(K.RandomHorizontalFlip(), per_box_keys="agb")


def test_visible_box_after_a_crop_matches_a_polygon_intersection() -> None:
    shapely = pytest.importorskip("shapely.geometry")
    # 200 rotated rectangles scattered in and around a 16 x 12 window of a 24 x 20 image
    gen = torch.Generator().manual_seed(3)
    centre = torch.rand(200, 2, generator=gen) * torch.tensor([24.0, 20.0])
    half = torch.rand(200, 2, generator=gen) * 4 + 0.25
    angle = torch.rand(200, generator=gen) * math.pi
    cos, sin = angle.cos()[:, None], angle.sin()[:, None]
    signs = torch.tensor([[-1.0, -1.0], [1.0, -1.0], [1.0, 1.0], [-1.0, 1.0]])
    dx, dy = signs[:, 0] * half[:, :1], signs[:, 1] * half[:, 1:]
    xs, ys = centre[:, :1] + dx * cos - dy * sin, centre[:, 1:] + dx * sin + dy * cos
    corners = torch.stack([xs, ys], -1).reshape(200, 8)
    out = AugmentationSequential(K.CenterCrop((12, 16)), per_box_keys=["index"])(
        {"image": torch.rand(1, 20, 24), "bbox_xyxyxyxy": corners, "bbox_xyxy":
         torch.tensor(_enclosing(corners.tolist())), "index": torch.arange(200)})
    window = shapely.box(4.0, 4.0, 20.0, 16.0)  # the crop in the input's pixels
    expected_index, expected_boxes = [], []
    for i, c in enumerate(corners.tolist()):
        part = shapely.Polygon(list(zip(c[0::2], c[1::2]))).intersection(window)
        if part.area > 1e-6:
            expected_index.append(i)
            x0, y0, x1, y1 = part.bounds
            expected_boxes.append([x0 - 4.0, y0 - 4.0, x1 - 4.0, y1 - 4.0])
    assert 20 < len(expected_index) < 180  # some boxes leave, some stay
    assert out["index"].tolist() == expected_index
    torch.testing.assert_close(out["bbox_xyxyxyxy"], corners[expected_index] - 4.0)
    _close(out["bbox_xyxy"], expected_boxes)


def test_unit_range_augmentations_refuse_digital_numbers() -> None:
    """Kornia's brightness, contrast, gamma... clamp to [0, 1]: on uint16 digital numbers the
    image came out one flat value. They raise instead; on [0, 1] images, or built with
    clip_output=False, they run."""
    dn = (torch.arange(4 * 8 * 8, dtype=torch.int32).reshape(4, 8, 8) * 37 + 213).to(
        torch.int32)
    for aug in (K.RandomBrightness((0.9, 1.1), p=1.0), K.RandomGamma((0.9, 1.1), p=1.0),
                K.ColorJiggle(brightness=0.1, p=1.0)):
        with pytest.raises(ValueError, match=r"clamp the image to \[0, 1\].*\[213, "):
            AugmentationSequential(aug)({"image": dn})
    unit = dn.float() / dn.max()
    out = AugmentationSequential(K.RandomBrightness((0.9, 1.1), p=1.0))({"image": unit})
    assert out["image"].unique().numel() > 100
    free = AugmentationSequential(K.RandomBrightness((1.0, 1.0), clip_output=False, p=1.0))
    torch.testing.assert_close(free({"image": dn})["image"], dn.float())


def test_channel_mixing_augmentations_refuse_time_series() -> None:
    """A time series is flattened to T*C channels: a channel shuffle moved bands between
    dates, breaking 'every date receives the same transform'."""
    with pytest.raises(ValueError, match="RandomChannelShuffle move values between channels"):
        AugmentationSequential(K.RandomChannelShuffle(p=1.0), temporal=True)
    AugmentationSequential(K.RandomChannelShuffle(p=1.0))  # one date: allowed
    # a batch of time series given without temporal=True is refused at the call
    with pytest.raises(ValueError, match="holds several dates"):
        AugmentationSequential(K.RandomChannelShuffle(p=1.0))({"image": torch.rand(1, 3, 4, 2, 2)})


def test_erasing_changes_the_image_only() -> None:
    # kornia's RandomErasing wrote 0 (a class, a target value) into the mask too
    image = torch.rand(2, 16, 16)
    mask = torch.full((16, 16), 3)
    target = torch.full((1, 16, 16), 42.0)
    aug = AugmentationSequential(K.RandomErasing(scale=(0.1, 0.2), p=1.0))
    out = aug({"image": image, "mask": mask})
    assert not torch.equal(out["image"], image)
    assert torch.equal(out["mask"], mask)
    assert torch.equal(aug({"image": image, "mask": target})["mask"], target)


@pytest.mark.parametrize("geometric", [
    K.RandomRotation((30.0, 30.0), p=1.0),
    K.RandomAffine(0.0, translate=(0.3, 0.3), p=1.0),
    K.RandomCrop((24, 24), pad_if_needed=True, p=1.0),
])
def test_pixels_from_outside_the_image_take_the_mask_fill(geometric: nn.Module) -> None:
    # classes 1.. in 4x4 blocks with -1 (ignored) nowhere: pixels a rotation, translation or
    # padding brings in were class 0; with mask_fill they are the ignore value
    torch.manual_seed(0)
    rows, cols = torch.meshgrid(torch.arange(16), torch.arange(16), indexing="ij")
    mask = 1 + (rows // 4 + cols // 4) % 5
    image = mask[None].float().repeat(3, 1, 1)
    plain = AugmentationSequential(geometric)({"image": image, "mask": mask})
    torch.manual_seed(0)
    filled = AugmentationSequential(geometric, mask_fill=-1)({"image": image, "mask": mask})
    outside = plain["mask"] == 0
    assert outside.any()
    assert torch.equal(filled["mask"], torch.where(outside, -1, plain["mask"]))
    assert filled["mask"].dtype == mask.dtype
    # a regression target: NaN there
    torch.manual_seed(0)
    target = AugmentationSequential(geometric, mask_fill=math.nan)(
        {"image": image, "mask": mask.float()})["mask"]
    assert torch.equal(torch.isnan(target), outside)


def test_a_batch_of_ragged_instance_masks_moves_with_its_boxes() -> None:
    # samples with 2 and 3 instances collate to a list of masks, which raised
    def sample(n: int) -> dict[str, Tensor]:
        masks = torch.zeros(n, 16, 16, dtype=torch.uint8)
        boxes = []
        for k in range(n):
            masks[k, 2 + 4 * k:4 + 4 * k, 1:5] = 1
            boxes.append([1.0, 2.0 + 4 * k, 5.0, 4.0 + 4 * k])
        return {"image": torch.rand(3, 16, 16), "mask": masks,
                "bbox_xyxy": torch.tensor(boxes), "label": torch.arange(n)}

    batch = {"image": torch.stack([sample(2)["image"], sample(3)["image"]]),
             **{key: [sample(2)[key], sample(3)[key]] for key in ("mask", "bbox_xyxy", "label")}}
    out = AugmentationSequential(K.RandomHorizontalFlip(p=1.0))(batch)
    assert [len(m) for m in out["mask"]] == [2, 3]
    for masks, boxes in zip(out["mask"], out["bbox_xyxy"]):
        assert [_box_of(m) for m in masks] == boxes.tolist()
        assert all(m[:, 11:15].all(dim=1).any() for m in masks)  # flipped: columns 11-14
