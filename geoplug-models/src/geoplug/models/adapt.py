"""Fit pre-trained weights into a model whose input bands differ from the weights' bands.

Only the first convolution depends on the input bands. Its kernels are matched **by band
name**: a kernel trained on Sentinel-2 ``B04`` goes to wherever ``B04`` sits in the new band
order, bands the weights never saw keep the model's own random initialisation, and bands of the
weights that the data lacks are dropped. When the weights are RGB (ImageNet) and the data is
multispectral, the sensor's red, green and blue bands receive the R, G and B kernels: this is the
"ImageNet (+ random)" initialisation of the TorchGeo paper.

Band names, their aliases (``B2`` = ``B02``, Landsat ``SR_B4`` = ``B4``) and each sensor's red,
green and blue bands come from the one sensor table, :mod:`geoplug.core.sensors`, that the
registries' filters use too.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import torch
from torch import nn

from geoplug.core import sensors
from geoplug.core.errors import BandMismatchError

__all__ = [
    "BandMismatchError",
    "adapt_first_conv",
    "backbone_of",
    "first_conv_key",
    "load_adapted",
    "match_bands",
]

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
                                name, colour))
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
    sensor, case and zero padding are ignored). Failing that, by colour: the sensor table
    says which bands are red, green and blue, ``src_rgb``/``dst_rgb`` override it, and bands
    of no known sensor literally called ``red``/``green``/``blue`` (or ``R``/``G``/``B``)
    count too. ``None`` marks a band that keeps its random initialisation.
    """
    src = _describe(src_bands, src_sensor, src_rgb)
    dst = _describe(dst_bands, dst_sensor, dst_rgb)
    by_colour: dict[str, int] = {}
    for i, band in enumerate(src):
        if band.colour is not None:
            by_colour.setdefault(band.colour, i)
    mapping: list[int | None] = []
    for band in dst:
        index = next((i for i, s in enumerate(src) if _same_band(s, band)), None)
        if index is None and band.colour is not None:
            index = by_colour.get(band.colour)
        mapping.append(index)
    return mapping


def adapt_first_conv(
    pretrained: torch.Tensor,
    current: torch.Tensor,
    mapping: Sequence[int | None],
) -> torch.Tensor:
    """A first-conv kernel for the model's bands: pre-trained where mapped, ``current`` else.

    ``pretrained`` is ``[out, src_bands, k, k]``, ``current`` the model's own (randomly
    initialised) ``[out, dst_bands, k, k]`` kernel and ``mapping`` comes from
    :func:`match_bands`.

    Raises:
        BandMismatchError: shapes disagree, or no band maps at all.
    """
    if len(mapping) != current.shape[1]:
        raise BandMismatchError(
            f"{len(mapping)} bands given for a first convolution with {current.shape[1]} inputs"
        )
    if pretrained.shape[0] != current.shape[0] or pretrained.shape[2:] != current.shape[2:]:
        raise BandMismatchError(
            f"first convolution shapes differ beyond the band axis: weights "
            f"{tuple(pretrained.shape)}, model {tuple(current.shape)}"
        )
    if all(m is None for m in mapping):
        raise BandMismatchError(
            "none of the model's bands appears among the weights' bands; name the model's "
            "bands with their sensor's band names, and its red, green and blue bands with "
            "sensor=... or rgb_bands=... to use RGB weights"
        )
    kernel = current.detach().clone().to(pretrained.dtype)
    for dst, src in enumerate(mapping):
        if src is not None:
            kernel[:, dst] = pretrained[:, src]
    return kernel


def backbone_of(model: nn.Module) -> tuple[str, nn.Module]:
    """The timm architecture name and module that pre-trained backbone weights load into.

    geoplug's encoder-decoder models expose ``encoder_name``/``encoder``; a timm
    classification model is its own backbone.

    Raises:
        TypeError: the model is neither.
    """
    name = getattr(model, "encoder_name", None)
    encoder = getattr(model, "encoder", None)
    if isinstance(name, str) and isinstance(encoder, nn.Module):
        return name, encoder
    cfg = getattr(model, "pretrained_cfg", None)
    if isinstance(cfg, Mapping) and cfg.get("architecture"):
        return str(cfg["architecture"]), model
    raise TypeError(
        f"{type(model).__name__} has no pre-trainable backbone (no timm pretrained_cfg and no "
        "encoder/encoder_name attributes)"
    )


def first_conv_key(model: nn.Module) -> str:
    """State-dict key of the first convolution's weight (``conv1.weight`` for a ResNet).

    Raises:
        TypeError: the model has no convolution.
    """
    cfg = getattr(model, "pretrained_cfg", None)
    if isinstance(cfg, Mapping) and cfg.get("first_conv"):
        first = cfg["first_conv"]
        first = first[0] if isinstance(first, (list, tuple)) else first
        key = f"{first}.weight"
        if key in model.state_dict():
            return key
    for name, module in model.named_modules():
        if isinstance(module, nn.Conv2d):
            return f"{name}.weight"
    raise TypeError(f"{type(model).__name__} has no Conv2d")


def _classifier_prefixes(model: nn.Module) -> tuple[str, ...]:
    cfg = getattr(model, "pretrained_cfg", None)
    classifier: Any = cfg.get("classifier") if isinstance(cfg, Mapping) else None
    if classifier is None:
        return ()
    names = classifier if isinstance(classifier, (list, tuple)) else (classifier,)
    return tuple(f"{n}." for n in names)


def load_adapted(
    model: nn.Module,
    state_dict: Mapping[str, torch.Tensor],
    *,
    src_bands: Sequence[str] = (),
    dst_bands: Sequence[str] | None = None,
    src_sensor: str | None = None,
    dst_sensor: str | None = None,
    src_rgb: Sequence[str] | None = None,
    dst_rgb: Sequence[str] | None = None,
) -> list[str]:
    """Load ``state_dict`` into ``model``, remapping the first convolution's bands by name.

    ``src_*`` describe the weights, ``dst_*`` the model's input; bands match as
    :func:`match_bands` says.

    With equal band counts and no band names the kernels load as they are. A classifier whose
    shape differs (another ``num_classes``) or that the model lacks is skipped and keeps its
    initialisation.

    Returns:
        The model keys left at their initialisation (the classifier when skipped).

    Raises:
        BandMismatchError: band counts differ and band names do not say how to map them, or
            no band matches.
        ValueError: the state dict does not fit the architecture (other missing, unexpected
            or mis-shaped keys).
    """
    own = model.state_dict()
    state = dict(state_dict)
    key = first_conv_key(model)
    if key not in state:
        raise ValueError(f"the weights have no {key!r}: they do not fit {type(model).__name__}")
    src, dst = state[key], own[key]
    mapping: list[int | None] | None = None
    if dst_bands is not None and len(dst_bands) != dst.shape[1]:
        raise BandMismatchError(
            f"{len(dst_bands)} band names given for a model with {dst.shape[1]} input bands"
        )
    if src_bands and len(src_bands) != src.shape[1]:
        raise BandMismatchError(
            f"the weights list {len(src_bands)} bands but their first convolution has "
            f"{src.shape[1]} inputs"
        )
    if src_bands and dst_bands is not None:
        mapping = match_bands(src_bands, dst_bands, src_sensor=src_sensor,
                              dst_sensor=dst_sensor, src_rgb=src_rgb, dst_rgb=dst_rgb)
    elif src.shape[1] != dst.shape[1]:
        raise BandMismatchError(
            f"the weights take {src.shape[1]} bands ({', '.join(src_bands) or 'unnamed'}) but "
            f"the model takes {dst.shape[1]}; pass bands=[...] naming the model's input bands "
            "(and sensor=... or rgb_bands=... to map RGB weights onto a multispectral sensor)"
        )
    if mapping is not None and mapping != list(range(src.shape[1])):
        state[key] = adapt_first_conv(src, dst, mapping)

    skipped: list[str] = []
    classifier = _classifier_prefixes(model)
    for name in list(state):
        in_head = bool(classifier) and name.startswith(classifier)
        if in_head and (name not in own or own[name].shape != state[name].shape):
            del state[name]
    mis_shaped = [n for n in state if n in own and own[n].shape != state[n].shape]
    if mis_shaped:
        raise ValueError(
            "the weights do not fit the model; shapes differ for "
            + ", ".join(f"{n} {tuple(state[n].shape)} vs {tuple(own[n].shape)}"
                        for n in mis_shaped[:5])
        )
    result = model.load_state_dict(state, strict=False)
    missing = [n for n in result.missing_keys if not (classifier and n.startswith(classifier))]
    if missing or result.unexpected_keys:
        raise ValueError(
            f"the weights do not fit {type(model).__name__}: missing {missing[:5]}"
            f"{'...' if len(missing) > 5 else ''}, unexpected {result.unexpected_keys[:5]}"
            f"{'...' if len(result.unexpected_keys) > 5 else ''}"
        )
    skipped.extend(result.missing_keys)
    return skipped
