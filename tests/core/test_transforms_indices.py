"""Spectral indices: hand-computed values, safe division, shapes and band checks."""

from __future__ import annotations

import pytest
import torch

from geoplug.core.transforms import (
    EVI,
    MNDWI,
    NBR,
    NDBI,
    NDSI,
    NDVI,
    NDWI,
    AppendIndex,
    NormalizedDifference,
)

# one pixel of vegetation-like surface reflectance, bands: blue, green, red, nir, swir1, swir2
BLUE, GREEN, RED, NIR, SWIR1, SWIR2 = 0.05, 0.08, 0.04, 0.40, 0.20, 0.10
PIXEL = torch.tensor([BLUE, GREEN, RED, NIR, SWIR1, SWIR2], dtype=torch.float64).view(6, 1, 1)


def _index(transform: AppendIndex) -> float:
    out = transform({"image": PIXEL.clone()})["image"]
    assert out.shape == (7, 1, 1)
    assert torch.equal(out[:6], PIXEL)
    return out[6, 0, 0].item()


@pytest.mark.parametrize(
    ("transform", "expected"),
    [
        (NDVI(nir=3, red=2), (0.40 - 0.04) / (0.40 + 0.04)),
        (NDWI(green=1, nir=3), (0.08 - 0.40) / (0.08 + 0.40)),
        (MNDWI(green=1, swir1=4), (0.08 - 0.20) / (0.08 + 0.20)),
        (NDBI(swir1=4, nir=3), (0.20 - 0.40) / (0.20 + 0.40)),
        (NDSI(green=1, swir1=4), (0.08 - 0.20) / (0.08 + 0.20)),
        (NBR(nir=3, swir2=5), (0.40 - 0.10) / (0.40 + 0.10)),
        (NormalizedDifference(5, 0), (0.10 - 0.05) / (0.10 + 0.05)),
        (EVI(nir=3, red=2, blue=0), 2.5 * 0.36 / (0.40 + 6 * 0.04 - 7.5 * 0.05 + 1)),
    ],
)
def test_index_equals_hand_computed_value(transform: AppendIndex, expected: float) -> None:
    assert _index(transform) == pytest.approx(expected, rel=1e-12)


def test_known_ndvi_values() -> None:
    assert _index(NDVI(nir=3, red=2)) == pytest.approx(0.8181818181818)
    assert _index(EVI(nir=3, red=2, blue=0)) == pytest.approx(0.9 / 1.265)


def test_evi_scale_converts_digital_numbers() -> None:
    dn = (PIXEL * 10000).round().to(torch.int32)
    out = EVI(nir=3, red=2, blue=0, scale=1e-4)({"image": dn})["image"]
    assert out.dtype == torch.float32
    assert out[6, 0, 0].item() == pytest.approx(0.9 / 1.265, rel=1e-5)


@pytest.mark.parametrize(
    "transform",
    [NDVI(nir=3, red=2, scale=2.75e-5, offset=-0.2), NBR(nir=3, swir2=5, scale=2.75e-5,
                                                          offset=-0.2),
     EVI(nir=3, red=2, blue=0, scale=2.75e-5, offset=-0.2)],
)
def test_scale_and_offset_read_collection2_numbers_as_reflectance(transform: AppendIndex
                                                                  ) -> None:
    """Landsat Collection 2 Level-2 stores (reflectance + 0.2) / 2.75e-5: an offset a
    normalised difference does not cancel. With scale and offset the index is the
    reflectance's; without, NDVI 0.82 read as 0.43."""
    dn = ((PIXEL + 0.2) / 2.75e-5).round().to(torch.int32)
    expected = _index(type(transform)(*transform.band_indices()))
    got = transform({"image": dn})["image"][-1, 0, 0].item()
    assert got == pytest.approx(expected, abs=1e-4)
    assert NDVI(nir=3, red=2)({"image": dn})["image"][-1, 0, 0].item() == pytest.approx(
        0.4286, abs=1e-3)


def test_half_precision_digital_numbers_do_not_overflow() -> None:
    """NIR + red above 65504 overflowed float16 to inf and the index to 0."""
    image = torch.tensor([30000.0, 40000.0], dtype=torch.float16).view(2, 1, 1)
    out = NDVI(nir=1, red=0)({"image": image})["image"]
    assert out.dtype == torch.float16
    assert out[-1, 0, 0].item() == pytest.approx(1 / 7, abs=1e-3)


def test_zero_denominator_gives_zero_not_nan() -> None:
    image = torch.zeros(4, 2, 2)
    image[3, 0, 0], image[2, 0, 0] = 0.3, 0.1
    out = NDVI(nir=3, red=2)({"image": image})["image"][4]
    assert torch.isfinite(out).all()
    assert out.tolist() == [[pytest.approx(0.5), 0.0], [0.0, 0.0]]
    evi = EVI(nir=0, red=0, blue=1)({"image": torch.tensor([[[0.0]], [[1.0 / 7.5]]])})["image"]
    assert evi[2].item() == 0.0  # 0 + 0 - 1 + 1 == 0


def test_batches_and_time_series_append_on_the_band_axis() -> None:
    image = torch.rand(2, 3, 6, 4, 4, dtype=torch.float64)  # [B,T,C,H,W]
    out = NDVI(nir=3, red=2)({"image": image})["image"]
    assert out.shape == (2, 3, 7, 4, 4)
    expected = (image[:, :, 3] - image[:, :, 2]) / (image[:, :, 3] + image[:, :, 2])
    assert torch.allclose(out[:, :, 6], expected)


def test_indices_chain_in_order_and_promote_integers() -> None:
    image = torch.tensor([[[10]], [[30]]], dtype=torch.int32)
    chain = torch.nn.Sequential(NormalizedDifference(1, 0), NormalizedDifference(0, 1))
    out = chain({"image": image, "label": 3})
    assert out["image"].dtype == torch.float32
    assert out["image"].flatten().tolist() == [10.0, 30.0, 0.5, -0.5]
    assert out["label"] == 3


def test_band_out_of_range_raises() -> None:
    with pytest.raises(IndexError, match="only 3 bands"):
        NDVI(nir=7, red=3)({"image": torch.zeros(3, 2, 2)})
