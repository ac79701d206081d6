"""Collate helpers for dict samples."""

from __future__ import annotations

from typing import Any

import pytest
import torch
from rasterio.crs import CRS

from geoplug.core.bbox import BoundingBox
from geoplug.core.collate import PER_OBJECT_KEYS, concat_samples, stack_samples, unbind_samples

CRS_UTM = CRS.from_epsg(32615)


def sample(i: int) -> dict[str, Any]:
    return {
        "image": torch.full((3, 4, 5), float(i)),
        "mask": torch.full((4, 5), i, dtype=torch.int64),
        "crs": CRS_UTM,
        "bounds": BoundingBox(i, i + 1, 0, 1),
    }


def test_stack_samples_stacks_tensors_and_lists_the_rest() -> None:
    batch = stack_samples([sample(0), sample(1), sample(2)])
    assert list(batch) == ["image", "mask", "crs", "bounds"]
    assert batch["image"].shape == (3, 3, 4, 5)
    assert batch["image"].dtype == torch.float32
    assert batch["image"][:, 0, 0, 0].tolist() == [0.0, 1.0, 2.0]
    assert batch["mask"].dtype == torch.int64
    assert batch["mask"][2].unique().tolist() == [2]
    assert batch["crs"] == [CRS_UTM] * 3
    assert batch["bounds"] == [BoundingBox(i, i + 1, 0, 1) for i in range(3)]


def test_unbind_is_the_inverse_of_stack() -> None:
    samples = [sample(0), sample(1)]
    back = unbind_samples(stack_samples(samples))
    assert len(back) == 2
    for original, restored in zip(samples, back):
        assert restored.keys() == original.keys()
        assert torch.equal(restored["image"], original["image"])
        assert torch.equal(restored["mask"], original["mask"])
        assert restored["crs"] == original["crs"]
        assert restored["bounds"] == original["bounds"]


def test_concat_samples_joins_variable_counts() -> None:
    one = {"bbox_xyxy": torch.zeros(2, 4), "label": torch.tensor([1, 2]), "crs": CRS_UTM}
    two = {"bbox_xyxy": torch.ones(3, 4), "label": torch.tensor([3, 4, 5]), "crs": CRS_UTM}
    joined = concat_samples([one, two])
    assert joined["bbox_xyxy"].shape == (5, 4)
    assert joined["bbox_xyxy"][:, 0].tolist() == [0, 0, 1, 1, 1]
    assert joined["label"].tolist() == [1, 2, 3, 4, 5]
    assert joined["crs"] == [CRS_UTM, CRS_UTM]


def test_concat_samples_merges_band_stacks() -> None:
    joined = concat_samples([{"image": torch.zeros(2, 4, 4)}, {"image": torch.ones(1, 4, 4)}])
    assert joined["image"].shape == (3, 4, 4)
    assert joined["image"][:, 0, 0].tolist() == [0, 0, 1]


def test_mixed_tensor_and_non_tensor_values_stay_a_list() -> None:
    batch = stack_samples([{"x": torch.zeros(1)}, {"x": None}])
    assert isinstance(batch["x"], list) and batch["x"][1] is None


def test_stack_of_different_shapes_says_what_to_do() -> None:
    with pytest.raises(ValueError, match=r"'image'.*\(3, 4, 5\).*concat_samples"):
        stack_samples([sample(0), {**sample(1), "image": torch.zeros(3, 4, 6)}])


def test_concat_of_mismatched_trailing_shapes_raises() -> None:
    with pytest.raises(ValueError, match="first dimension"):
        concat_samples([{"a": torch.zeros(2, 4)}, {"a": torch.zeros(2, 5)}])


def test_different_keys_and_empty_input_raise() -> None:
    with pytest.raises(ValueError, match=r"sample 1 lacks \['mask'\]"):
        stack_samples([sample(0), {k: v for k, v in sample(1).items() if k != "mask"}])
    with pytest.raises(ValueError, match="empty"):
        stack_samples([])
    with pytest.raises(ValueError, match="empty"):
        concat_samples([])


def test_unbind_rejects_inconsistent_batches() -> None:
    with pytest.raises(ValueError, match="different lengths"):
        unbind_samples({"image": torch.zeros(2, 3), "crs": [CRS_UTM]})
    with pytest.raises(ValueError, match="scalar"):
        unbind_samples({"loss": torch.tensor(1.0)})
    with pytest.raises(ValueError, match="type int"):
        unbind_samples({"n": 3})
    with pytest.raises(ValueError, match="empty"):
        unbind_samples({})


def test_plain_default_collate_keeps_crs_and_bounds_as_lists() -> None:
    from rasterio.crs import CRS
    from torch.utils.data import default_collate

    import geoplug.core.collate  # noqa: F401  (registers the types)
    from geoplug.core.bbox import BoundingBox

    boxes = [BoundingBox(0, 1, 0, 1), BoundingBox(1, 2, 0, 1)]
    batch = default_collate([{"image": torch.zeros(2, 3, 3), "crs": CRS.from_epsg(32631),
                              "bounds": box} for box in boxes])
    assert batch["image"].shape == (2, 2, 3, 3)
    assert batch["bounds"] == boxes
    assert batch["crs"] == [CRS.from_epsg(32631)] * 2


def detection(n: int, value: float) -> dict[str, Any]:
    return {"image": torch.full((3, 4, 4), value), "bbox_xyxy": torch.full((n, 4), value),
            "label": torch.arange(n)}


def test_stack_keeps_as_lists_keys_per_sample_even_when_stackable() -> None:
    batch = stack_samples([detection(2, 0.0), detection(2, 1.0)], as_lists=PER_OBJECT_KEYS)
    assert isinstance(batch["bbox_xyxy"], list) and len(batch["bbox_xyxy"]) == 2
    assert batch["bbox_xyxy"][1].shape == (2, 4) and float(batch["bbox_xyxy"][1][0, 0]) == 1.0
    assert batch["image"].shape == (2, 3, 4, 4)  # other keys still stack
    assert batch["label"].shape == (2, 2)


def test_ragged_stack_lists_tensors_of_different_shapes() -> None:
    batch = stack_samples([detection(1, 0.0), detection(3, 1.0)], as_lists=PER_OBJECT_KEYS,
                          ragged=True)
    assert [t.shape for t in batch["bbox_xyxy"]] == [(1, 4), (3, 4)]
    assert [t.tolist() for t in batch["label"]] == [[0], [0, 1, 2]]
    assert batch["image"].shape == (2, 3, 4, 4)
    # without ragged the same samples are refused with what to do
    with pytest.raises(ValueError, match=r"'label'.*concat_samples"):
        stack_samples([detection(1, 0.0), detection(3, 1.0)], as_lists=PER_OBJECT_KEYS)
