"""Which band of one list is which band of another: the kernels of pre-trained weights and
their statistics go to the data's bands by this match (:func:`match_bands`).

Names resolve through the one sensor table, :mod:`geoplug.core.sensors`.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from geoplug.core import sensors

__all__ = ["match_bands"]

_COLOURS = ("red", "green", "blue")
# colour words that name a band when no sensor of the table knows it
_COLOUR_WORDS = {"red": "red", "r": "red", "green": "green", "g": "green", "blue": "blue",
                 "b": "blue"}


@dataclass(frozen=True)
class _Named:
    """A band as the matcher sees it: its family-qualified identity, loose name and colour."""

    family: str | None  # the sensor family when the sensor table knows the band
    name: str  # the table's canonical name, or the given name, normalised
    colour: str | None
    common: str | None  # the STAC common name (nir08, swir16, ...) when the table knows it


def _describe(bands: Sequence[str], sensor: str | None,
              rgb: Sequence[str] | None) -> list[_Named]:
    """Resolve ``bands`` through the sensor table; ``rgb`` (red, green, blue band names of
    the same data) overrides the table's colours."""
    known = sensors.find_sensor(sensor) if sensor else None
    rgb_keys = {sensors.band_key(b, sensor or ()): c for b, c in zip(rgb or (), _COLOURS)}
    described: list[_Named] = []
    for band in bands:
        hit = known.find_band(band) if known is not None else None
        name = sensors.normalise_band(hit.name if hit is not None else band)
        if rgb is not None:
            colour = rgb_keys.get(name)
        elif hit is not None:
            colour = hit.common_name if hit.common_name in _COLOURS else None
        else:
            colour = _COLOUR_WORDS.get(band.strip().lower())
        described.append(_Named(known.family if hit is not None and known else None,
                                name, colour, hit.common_name if hit is not None else None))
    return described


def _same_band(a: _Named, b: _Named) -> bool:
    # both known to the table: same family (Landsat 8 and 9, or 4, 5 and 7) and same band;
    # Landsat 5 "B1" (blue) is not Landsat 8 "B1" (coastal aerosol)
    if a.family is not None and b.family is not None:
        return a.family == b.family and a.name == b.name
    return a.name == b.name


def match_bands(
    src_bands: Sequence[str],
    dst_bands: Sequence[str],
    *,
    src_sensor: str | None = None,
    dst_sensor: str | None = None,
    src_rgb: Sequence[str] | None = None,
    dst_rgb: Sequence[str] | None = None,
) -> list[int | None]:
    """For every destination band, the index of the source band it takes its kernel from.

    Bands match by name through the sensor table of :mod:`geoplug.core.sensors` (``B02`` ==
    ``B2`` == ``blue`` on Sentinel-2, Level-2 ``SR_B4`` == ``B4`` on Landsat; without a known
    sensor, case and zero padding are ignored); a name repeated in both (two dates stacked) is
    matched in order, the n-th with the n-th. Failing that, by colour: the sensor table
    says which bands are red, green and blue, ``src_rgb``/``dst_rgb`` override it, and bands
    of no known sensor literally called ``red``/``green``/``blue`` (or ``R``/``G``/``B``)
    count too. Failing that, across sensors by the table's common name (Sentinel-2 ``B8A``,
    HLS ``NIR_NARROW`` and Landsat 8 ``B5`` are all ``nir08``; ``B11`` and ``SWIR_1`` are
    ``swir16``), so weights of one sensor keep their NIR and SWIR kernels on another's data.
    ``None`` marks a band that keeps its random initialisation.
    """
    src = _describe(src_bands, src_sensor, src_rgb)
    dst = _describe(dst_bands, dst_sensor, dst_rgb)
    by_colour: dict[str, int] = {}
    by_common: dict[str, int] = {}
    for i, band in enumerate(src):
        if band.colour is not None:
            by_colour.setdefault(band.colour, i)
        if band.common is not None:
            by_common.setdefault(band.common, i)
    mapping: list[int | None] = []
    for k, band in enumerate(dst):
        same = [i for i, s in enumerate(src) if _same_band(s, band)]
        index: int | None = None
        if same:
            # a name given again (the second date of a stacked time series) takes the
            # weights' next band of that name, wrapping round when the weights have fewer
            index = same[sum(_same_band(d, band) for d in dst[:k]) % len(same)]
        elif band.colour is not None:
            index = by_colour.get(band.colour)
        if index is None and band.common is not None:
            index = by_common.get(band.common)
        mapping.append(index)
    return mapping
