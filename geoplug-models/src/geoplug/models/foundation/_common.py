"""What the any-sensor models share: spectra from the sensor table, sin-cos encodings, and
checkpoint tensors that a model recomputes instead of loading.

Units: every ``wavelengths=``/``bandwidths=`` keyword of geoplug's foundation models is in
**micrometres** (DOFA's published convention); the sensor table (:mod:`geoplug.core.sensors`)
is in nanometres and is converted here, in one place.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any

import torch
from torch import nn

from geoplug.core import sensors
from geoplug.core.errors import BandMismatchError
from geoplug.core.sensors import NoWavelengthError

__all__ = [
    "Spectra",
    "drop_on_load",
    "resolve_spectra",
    "sincos_1d",
]

# optical and thermal wavelengths are below ~15 um; radar wavelengths are centimetres (>= 1e4
# um). Values in between are what nanometres passed as micrometres look like.
_NM_LOOKING = (100.0, 10_000.0)


class Spectra:
    """Per-band centre wavelengths and bandwidths (um) and, when known, the band names."""

    def __init__(self, wavelengths: list[float], bandwidths: list[float] | None,
                 bands: list[str] | None, sensor: str | None) -> None:
        self.wavelengths = wavelengths
        self.bandwidths = bandwidths
        self.bands = bands
        self.sensor = sensor

    def __len__(self) -> int:
        return len(self.wavelengths)

    def is_radar(self, index: int) -> bool:
        """Whether band ``index`` is a radar polarisation (its wavelength is centimetres)."""
        return self.wavelengths[index] >= _NM_LOOKING[1]


def _floats(values: Iterable[float], what: str, model: str) -> list[float]:
    out = [float(v) for v in values]
    if not out:
        raise BandMismatchError(f"{model}: {what} is empty; give one value per band")
    if any(not v > 0 for v in out):
        raise ValueError(f"{model}: {what} must be positive (micrometres), got {out}")
    odd = [v for v in out if _NM_LOOKING[0] <= v < _NM_LOOKING[1]]
    if odd:
        raise ValueError(
            f"{model}: {what} {odd} look like nanometres; geoplug's foundation models take "
            "micrometres (Sentinel-2 B04 is 0.665), divide by 1000"
        )
    return out


def resolve_spectra(
    model: str,
    *,
    wavelengths: Sequence[float] | None = None,
    bandwidths: Sequence[float] | None = None,
    bands: Sequence[str] | None = None,
    sensor: str | Sequence[str] | None = None,
    in_chans: int | None = None,
    need_bandwidths: bool = False,
) -> Spectra:
    """The input bands' wavelengths (and bandwidths) in um, given or looked up by band name.

    ``wavelengths``/``bandwidths`` given by hand win; otherwise ``bands`` are looked up in
    the sensor table for ``sensor`` (one name or several, e.g. a dataset of Sentinel-1 and
    Sentinel-2 bands), so a caller holding a dataset's spec passes only its bands and sensor.

    Raises:
        NoWavelengthError: neither wavelengths nor bands with a sensor are given, or the
            sensor's publisher gives no wavelength (bandwidth) for a band (a ``ValueError``).
        UnknownSensorError, UnknownBandError: the sensor or a band is not in the table.
        BandMismatchError: the counts of bands, wavelengths, bandwidths and ``in_chans``
            disagree (a ``ValueError``).
        ValueError: values are not positive or look like nanometres.
    """
    names = list(bands) if bands is not None else None
    sensor_names: list[str] = (
        [sensor] if isinstance(sensor, str) else [s for s in sensor or () if s]
    )
    if wavelengths is None:
        if names is None or not sensor_names:
            raise NoWavelengthError(
                f"{model} embeds each band by its wavelength: pass wavelengths=[...] in "
                "micrometres, or bands=[...] with sensor=... (e.g. the dataset spec's bands and "
                "sensor) so that they are looked up in geoplug.core.sensors"
            )
        try:
            waves = [w / 1000.0 for w in sensors.wavelengths(names, sensor_names)]
        except NoWavelengthError as exc:
            raise NoWavelengthError(f"{model}: {str(exc).split(';')[0]}; pass wavelengths=[...] "
                                    "in micrometres for these bands") from None
    else:
        waves = _floats(wavelengths, "wavelengths", model)
    widths: list[float] | None = None
    if bandwidths is not None:
        widths = _floats(bandwidths, "bandwidths", model)
    elif need_bandwidths:
        if names is None or not sensor_names:
            raise NoWavelengthError(
                f"{model} also embeds each band's bandwidth: pass bandwidths=[...] in "
                "micrometres, or bands=[...] with sensor=..."
            )
        try:
            widths = [w / 1000.0 for w in _bandwidths_or_radar(names, sensor_names)]
        except NoWavelengthError as exc:
            raise NoWavelengthError(f"{model}: {str(exc).split(';')[0]}; pass bandwidths=[...] "
                                    "in micrometres for these bands") from None
    counts = {"wavelengths": len(waves)}
    if widths is not None:
        counts["bandwidths"] = len(widths)
    if names is not None:
        counts["bands"] = len(names)
    if in_chans is not None:
        counts["in_chans"] = in_chans
    if len(set(counts.values())) != 1:
        told = ", ".join(f"{k}={v}" for k, v in counts.items())
        raise BandMismatchError(f"{model}: the numbers of bands disagree ({told})")
    return Spectra(waves, widths, names, sensor_names[0] if sensor_names else None)


RADAR_BANDWIDTH_NM = 1e9  # Copernicus-FM's convention for SAR: a 1 m "bandwidth"


def _bandwidths_or_radar(names: list[str], sensor_names: list[str]) -> list[float]:
    """Bandwidths (nm); radar polarisations, which have none, get Copernicus-FM's 1 m."""
    out: list[float] = []
    for found, band in sensors.resolve_bands(names, sensor_names):
        if band.bandwidth is not None:
            out.append(band.bandwidth)
        elif (band.wavelength or 0) > 1e7:
            out.append(RADAR_BANDWIDTH_NM)
        else:
            raise sensors.NoWavelengthError(
                f"{found.title} publishes no bandwidth for band {band.name!r}; pass the "
                "bandwidths (nm) by hand")
    return out


def sincos_1d(dim: int, positions: torch.Tensor) -> torch.Tensor:
    """The MAE sin-cos encoding ``[sin(p w_i), cos(p w_i)]`` of ``positions`` (``[M, dim]``).

    Raises:
        ValueError: ``dim`` is odd.
    """
    if dim % 2:
        raise ValueError(f"a sin-cos encoding needs an even width, got {dim}")
    omega = torch.arange(dim // 2, dtype=torch.float64, device=positions.device)
    omega = 1.0 / 10000 ** (omega / (dim / 2.0))
    angles = positions.reshape(-1).to(torch.float64)[:, None] * omega[None, :]
    return torch.cat([angles.sin(), angles.cos()], dim=1).to(torch.float32)


def drop_on_load(module: nn.Module, keys: Sequence[str], *, submodules: bool = False) -> None:
    """Ignore ``keys`` of a checkpoint loaded into ``module``: tensors the publisher saved but
    the model recomputes (fixed sin-cos position tables) or does not have (the encoder of a
    sensor it was built without; ``submodules=True`` drops every key under those names), so a
    strict load still checks every other key."""
    dropped = tuple(keys)

    def hook(_module: nn.Module, state_dict: dict[str, Any], prefix: str,
             *_args: Any) -> None:
        for key in dropped:
            state_dict.pop(prefix + key, None)
            if submodules:
                for name in [k for k in state_dict if k.startswith(f"{prefix}{key}.")]:
                    del state_dict[name]

    module.register_load_state_dict_pre_hook(hook)
