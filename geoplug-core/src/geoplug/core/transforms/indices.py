"""Spectral indices appended to the image as extra channels.

Each index is an ``nn.Module`` on dict samples: it reads bands of ``sample["image"]`` by their
position on the band axis (the third from the end, so single chips, batches and time series all
work) and appends one channel. Band positions depend on the dataset's band order; for example
with Sentinel-2's 13 bands (B01..B08, B8A, B09..B12) ``NDVI(nir=7, red=3)``, and with Landsat 8/9
OLI bands (B1..B7) ``NDVI(nir=4, red=3)``.

Every index takes ``scale`` and ``offset`` (reflectance = value * scale + offset) to read digital
numbers as reflectance. A normalised difference cancels a scale but not an offset: Landsat
Collection 2 Level-2 (``scale=2.75e-5, offset=-0.2``) and Sentinel-2 L2A from processing
baseline 04.00 (``scale=1e-4, offset=-0.1``) need both, or the index is biased (an NDVI of 0.82
read as 0.43).

Where a denominator is zero (e.g. both bands are nodata 0) the index is 0, not NaN or inf, so a
few empty pixels cannot poison a loss. Indices are computed in float32 at least (integer and
half-precision images alike, whose sums would overflow) and appended in the image's float dtype.
"""

from __future__ import annotations

from typing import Any

import torch
from torch import Tensor, nn

__all__ = [
    "EVI",
    "MNDWI",
    "NBR",
    "NDBI",
    "NDSI",
    "NDVI",
    "NDWI",
    "AppendIndex",
    "NormalizedDifference",
]


def _safe_divide(numerator: Tensor, denominator: Tensor) -> Tensor:
    """``numerator / denominator`` with 0 where the denominator is 0 (no NaN, no inf)."""
    zero = denominator == 0
    quotient = numerator / denominator.masked_fill(zero, 1)
    return torch.where(zero, torch.zeros_like(quotient), quotient)


class AppendIndex(nn.Module):
    """Base class: compute one index from the image's bands and append it as a channel.

    ``scale`` and ``offset`` turn the stored values into reflectance before the formula.
    """

    def __init__(self, key: str = "image", *, scale: float = 1.0, offset: float = 0.0) -> None:
        super().__init__()
        self.key = key
        self.scale, self.offset = scale, offset

    def band(self, image: Tensor, position: int) -> Tensor:
        """Band ``position`` of ``image`` as reflectance (``value * scale + offset``)."""
        values = image[..., position, :, :]
        if self.scale != 1.0:
            values = values * self.scale
        return values + self.offset if self.offset else values

    def band_indices(self) -> tuple[int, ...]:
        """The band positions this index reads (checked against the image before computing)."""
        raise NotImplementedError

    def compute(self, image: Tensor) -> Tensor:
        """The index as a ``[..., H, W]`` tensor (the band axis removed)."""
        raise NotImplementedError

    def forward(self, sample: dict[str, Any]) -> dict[str, Any]:
        """Return a new sample whose image has one more channel: the index, last.

        Raises:
            KeyError: if ``key`` is missing from the sample.
            IndexError: if a band position is outside the image's bands.
        """
        image: Tensor = sample[self.key]
        if image.ndim < 3:
            raise IndexError(f"{self.key} must have a band axis ([...,C,H,W]), got {image.ndim}-D")
        bands = image.shape[-3]
        bad = [i for i in self.band_indices() if not -bands <= i < bands]
        if bad:
            raise IndexError(
                f"{type(self).__name__} reads band positions {bad} but {self.key} has only "
                f"{bands} bands"
            )
        if not image.is_floating_point():
            image = image.to(torch.float32)
        work = image.to(torch.promote_types(image.dtype, torch.float32))
        index = self.compute(work).to(image.dtype).unsqueeze(-3)
        out = dict(sample)
        out[self.key] = torch.cat([image, index], dim=-3)
        return out


class NormalizedDifference(AppendIndex):
    """Append ``(a - b) / (a + b)`` of bands ``index_a`` and ``index_b``; in [-1, 1] for
    non-negative inputs. Every index below except EVI is one of these.
    """

    def __init__(self, index_a: int, index_b: int, key: str = "image", *, scale: float = 1.0,
                 offset: float = 0.0) -> None:
        super().__init__(key, scale=scale, offset=offset)
        self.index_a = index_a
        self.index_b = index_b

    def band_indices(self) -> tuple[int, ...]:
        return (self.index_a, self.index_b)

    def compute(self, image: Tensor) -> Tensor:
        a = self.band(image, self.index_a)
        b = self.band(image, self.index_b)
        return _safe_divide(a - b, a + b)

    def extra_repr(self) -> str:
        return (f"index_a={self.index_a}, index_b={self.index_b}, scale={self.scale}, "
                f"offset={self.offset}, key={self.key!r}")


class NDVI(NormalizedDifference):
    """Normalized Difference Vegetation Index: ``(NIR - Red) / (NIR + Red)``.

    High for green vegetation. Reference: Rouse, Haas, Schell & Deering (1974), "Monitoring
    vegetation systems in the Great Plains with ERTS", NASA SP-351.

    Args:
        nir: position of the near-infrared band.
        red: position of the red band.
    """

    def __init__(self, nir: int, red: int, key: str = "image", *, scale: float = 1.0,
                 offset: float = 0.0) -> None:
        super().__init__(nir, red, key, scale=scale, offset=offset)


class NDWI(NormalizedDifference):
    """Normalized Difference Water Index (McFeeters): ``(Green - NIR) / (Green + NIR)``.

    Positive over open water. Reference: McFeeters (1996), "The use of the Normalized Difference
    Water Index (NDWI) in the delineation of open water features", IJRS 17(7):1425-1432.

    Args:
        green: position of the green band.
        nir: position of the near-infrared band.
    """

    def __init__(self, green: int, nir: int, key: str = "image", *, scale: float = 1.0,
                 offset: float = 0.0) -> None:
        super().__init__(green, nir, key, scale=scale, offset=offset)


class MNDWI(NormalizedDifference):
    """Modified NDWI: ``(Green - SWIR1) / (Green + SWIR1)``.

    Separates water from built-up land better than NDWI. Reference: Xu (2006), "Modification of
    normalised difference water index (NDWI) to enhance open water features in remotely sensed
    imagery", IJRS 27(14):3025-3033.

    Args:
        green: position of the green band.
        swir1: position of the first short-wave infrared band (~1.6 um).
    """

    def __init__(self, green: int, swir1: int, key: str = "image", *, scale: float = 1.0,
                 offset: float = 0.0) -> None:
        super().__init__(green, swir1, key, scale=scale, offset=offset)


class NDBI(NormalizedDifference):
    """Normalized Difference Built-up Index: ``(SWIR1 - NIR) / (SWIR1 + NIR)``.

    Positive over built-up areas. Reference: Zha, Gao & Ni (2003), "Use of normalized difference
    built-up index in automatically mapping urban areas from TM imagery", IJRS 24(3):583-594.

    Args:
        swir1: position of the first short-wave infrared band (~1.6 um).
        nir: position of the near-infrared band.
    """

    def __init__(self, swir1: int, nir: int, key: str = "image", *, scale: float = 1.0,
                 offset: float = 0.0) -> None:
        super().__init__(swir1, nir, key, scale=scale, offset=offset)


class NDSI(NormalizedDifference):
    """Normalized Difference Snow Index: ``(Green - SWIR1) / (Green + SWIR1)``.

    Snow is typically above 0.4. Same formula as MNDWI, different use. Reference: Hall, Riggs &
    Salomonson (1995), "Development of methods for mapping global snow cover using moderate
    resolution imaging spectroradiometer data", Remote Sensing of Environment 54(2):127-140.

    Args:
        green: position of the green band.
        swir1: position of the first short-wave infrared band (~1.6 um).
    """

    def __init__(self, green: int, swir1: int, key: str = "image", *, scale: float = 1.0,
                 offset: float = 0.0) -> None:
        super().__init__(green, swir1, key, scale=scale, offset=offset)


class NBR(NormalizedDifference):
    """Normalized Burn Ratio: ``(NIR - SWIR2) / (NIR + SWIR2)``.

    Drops over burned areas (dNBR maps burn severity). Reference: Key & Benson (2006),
    "Landscape Assessment (LA): sampling and analysis methods", USDA Forest Service
    RMRS-GTR-164-CD.

    Args:
        nir: position of the near-infrared band.
        swir2: position of the second short-wave infrared band (~2.2 um).
    """

    def __init__(self, nir: int, swir2: int, key: str = "image", *, scale: float = 1.0,
                 offset: float = 0.0) -> None:
        super().__init__(nir, swir2, key, scale=scale, offset=offset)


class EVI(AppendIndex):
    """Enhanced Vegetation Index:
    ``G * (NIR - Red) / (NIR + C1 * Red - C2 * Blue + L)``.

    Standard MODIS coefficients ``G=2.5, C1=6, C2=7.5, L=1``. Unlike the normalized differences,
    EVI depends on the scale of its inputs: it expects surface reflectance in [0, 1], so pass
    ``scale`` to convert digital numbers (e.g. ``1e-4`` for Sentinel-2 L2A). Reference: Huete et
    al. (2002), "Overview of the radiometric and biophysical performance of the MODIS vegetation
    indices", Remote Sensing of Environment 83(1-2):195-213.

    Args:
        nir: position of the near-infrared band.
        red: position of the red band.
        blue: position of the blue band.
        scale, offset: reflectance = value * scale + offset (e.g. ``1e-4`` for Sentinel-2
            L2A before processing baseline 04.00).
    """

    def __init__(
        self,
        nir: int,
        red: int,
        blue: int,
        scale: float = 1.0,
        gain: float = 2.5,
        c1: float = 6.0,
        c2: float = 7.5,
        canopy: float = 1.0,
        key: str = "image",
        offset: float = 0.0,
    ) -> None:
        super().__init__(key, scale=scale, offset=offset)
        self.nir, self.red, self.blue = nir, red, blue
        self.gain, self.c1, self.c2, self.canopy = gain, c1, c2, canopy

    def band_indices(self) -> tuple[int, ...]:
        return (self.nir, self.red, self.blue)

    def compute(self, image: Tensor) -> Tensor:
        nir = self.band(image, self.nir)
        red = self.band(image, self.red)
        blue = self.band(image, self.blue)
        denominator = nir + self.c1 * red - self.c2 * blue + self.canopy
        return self.gain * _safe_divide(nir - red, denominator)

    def extra_repr(self) -> str:
        return (
            f"nir={self.nir}, red={self.red}, blue={self.blue}, scale={self.scale}, "
            f"offset={self.offset}, "
            f"G={self.gain}, C1={self.c1}, C2={self.c2}, L={self.canopy}"
        )
