"""rgb_image: percentile stretch to [0, 1], HWC, robust to constant bands and nodata."""

from __future__ import annotations

import numpy as np
import pytest
import torch

from geoplug.core.transforms import rgb_image


def test_stretch_maps_percentiles_to_zero_and_one() -> None:
    ramp = np.arange(100, dtype=np.uint16).reshape(10, 10)
    image = np.stack([ramp, ramp * 2, 1000 - ramp])
    out = rgb_image(image, [2, 1, 0], percentiles=(0, 100))
    assert out.shape == (10, 10, 3) and out.dtype == np.float32
    np.testing.assert_allclose(out[..., 2], ramp / 99, rtol=1e-6)
    np.testing.assert_allclose(out[..., 1], ramp / 99, rtol=1e-6)
    np.testing.assert_allclose(out[..., 0], (99 - ramp) / 99, rtol=1e-6)


def test_default_percentiles_clip_the_tails() -> None:
    ramp = torch.arange(101, dtype=torch.float32).reshape(1, 1, 101)
    out = rgb_image(ramp, [0])
    assert out.shape == (1, 101, 1)
    assert out[0, :3, 0].tolist() == [0.0, 0.0, 0.0]
    assert out[0, -3:, 0].tolist() == [1.0, 1.0, 1.0]
    assert out[0, 50, 0] == pytest.approx((50 - 2) / 96)


def test_constant_band_and_nodata_give_finite_values() -> None:
    image = np.zeros((3, 4, 4), dtype=np.float32)
    image[0] = 7.0  # constant band
    image[1] = np.arange(16).reshape(4, 4)
    image[2] = np.nan
    out = rgb_image(image, [0, 1, 0])
    assert np.isfinite(out).all()
    assert (out[..., 0] == 0).all()
    out_nan = rgb_image(image, [2, 1, 0])
    assert np.isfinite(out_nan).all() and (out_nan == 0).all()


def test_nodata_pixels_are_black_and_ignored_by_the_stretch() -> None:
    band = np.array([[0, 0, 10, 20, 30]], dtype=np.int16)  # 0 is nodata
    out = rgb_image(band[None], [0], percentiles=(0, 100), nodata=0)
    assert out[0, :, 0].tolist() == [0.0, 0.0, 0.0, 0.5, 1.0]


def test_errors() -> None:
    with pytest.raises(ValueError, match=r"\[C,H,W\]"):
        rgb_image(np.zeros((4, 4)), [0])
    with pytest.raises(ValueError, match="1 or 3"):
        rgb_image(np.zeros((4, 2, 2)), [0, 1])
    with pytest.raises(IndexError):
        rgb_image(np.zeros((2, 2, 2)), [0, 1, 5])
    with pytest.raises(ValueError, match="percentiles"):
        rgb_image(np.zeros((1, 2, 2)), [0], percentiles=(50, 10))
