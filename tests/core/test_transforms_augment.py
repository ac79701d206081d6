"""AugmentationSequential moves image, mask and boxes of dict samples together."""

from __future__ import annotations

import kornia.augmentation as K
import pytest
import torch
from torch import Tensor

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
