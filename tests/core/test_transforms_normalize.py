"""Normalize standardises each band of the image, from explicit or spec statistics."""

from __future__ import annotations

import pytest
import torch

from geoplug.core.plugins import DatasetSpec
from geoplug.core.transforms import Normalize


def test_known_values_per_band_and_other_keys_untouched() -> None:
    image = torch.tensor([[[10.0, 6.0]], [[0.0, 300.0]]])  # [2,1,2]
    mask = torch.tensor([[1, 2]])
    out = Normalize([4.0, 100.0], [2.0, 50.0])({"image": image, "mask": mask, "crs": "x"})
    assert out["image"].tolist() == [[[3.0, 1.0]], [[-2.0, 4.0]]]
    assert out["mask"] is mask and out["crs"] == "x"


@pytest.mark.parametrize("shape", [(3, 32, 32), (4, 3, 32, 32), (2, 5, 3, 32, 32)])
def test_output_has_zero_mean_unit_std_per_band(shape: tuple[int, ...]) -> None:
    torch.manual_seed(0)
    mean = torch.tensor([1000.0, 50.0, 7.0])
    std = torch.tensor([300.0, 4.0, 0.5])
    image = torch.randn(shape) * std.view(3, 1, 1) + mean.view(3, 1, 1)
    # normalise with the data's own statistics: every band must come out standardised
    dims = [d for d in range(len(shape)) if d != len(shape) - 3]
    data_mean = image.mean(dim=dims).tolist()
    data_std = image.std(dim=dims, unbiased=False).tolist()
    out = Normalize(data_mean, data_std)({"image": image})["image"]
    assert out.shape == shape and out.dtype == torch.float32
    assert torch.allclose(out.mean(dim=dims), torch.zeros(3), atol=1e-4)
    assert torch.allclose(out.std(dim=dims, unbiased=False), torch.ones(3), atol=1e-4)


def test_integer_input_becomes_float32() -> None:
    image = torch.full((2, 2, 2), 1200, dtype=torch.int32).to(torch.uint16)
    out = Normalize([1000.0, 1000.0], [100.0, 400.0])({"image": image})["image"]
    assert out.dtype == torch.float32
    assert out[0].unique().tolist() == [2.0] and out[1].unique().tolist() == [0.5]


def test_from_spec_selects_bands_by_name() -> None:
    spec = DatasetSpec(name="fake", target="fake.module:Fake", task="segmentation",
                       bands=("B02", "B03", "B04", "B08"), mean=(1.0, 2.0, 3.0, 4.0),
                       std=(1.0, 2.0, 4.0, 8.0))
    full = Normalize.from_spec(spec)
    assert full.mean.flatten().tolist() == [1.0, 2.0, 3.0, 4.0]
    subset = Normalize.from_spec(spec, bands=["B08", "B04"])
    out = subset({"image": torch.tensor([[[12.0]], [[11.0]]])})["image"]
    assert out.flatten().tolist() == [1.0, 2.0]
    with pytest.raises(ValueError, match="B01"):
        Normalize.from_spec(spec, bands=["B01"])
    bare = DatasetSpec(name="bare", target="fake.module:Fake", task="segmentation")
    with pytest.raises(ValueError, match="bare"):
        Normalize.from_spec(bare)


def test_errors() -> None:
    with pytest.raises(ValueError, match="one value per band"):
        Normalize([1.0, 2.0], [1.0])
    with pytest.raises(ValueError, match="positive"):
        Normalize([1.0], [0.0])
    with pytest.raises(ValueError, match="3 bands"):
        Normalize([0.0] * 3, [1.0] * 3)({"image": torch.zeros(4, 2, 2)})
