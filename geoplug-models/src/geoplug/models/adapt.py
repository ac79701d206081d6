"""Fit pre-trained weights into a model whose input bands differ from the weights' bands.

Only the first convolution depends on the input bands. Its kernels are matched **by band
name**: a kernel trained on Sentinel-2 ``B04`` goes to wherever ``B04`` sits in the new band
order, bands the weights never saw keep the model's own random initialisation, and bands of the
weights that the data lacks are dropped. When the weights are RGB (ImageNet) and the data is
multispectral, the sensor's red, green and blue bands receive the R, G and B kernels: this is the
"ImageNet (+ random)" initialisation of the TorchGeo paper.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from typing import Any

import torch
from torch import nn

__all__ = [
    "RGB_BANDS",
    "BandMismatchError",
    "adapt_first_conv",
    "backbone_of",
    "canonical_band",
    "first_conv_key",
    "load_adapted",
    "match_bands",
]

# which band of each sensor is red, green and blue (publishers' band names)
RGB_BANDS: dict[str, tuple[str, str, str]] = {
    "sentinel2": ("B04", "B03", "B02"),
    "landsat4": ("B3", "B2", "B1"),
    "landsat5": ("B3", "B2", "B1"),
    "landsat7": ("B3", "B2", "B1"),
    "landsat8": ("B4", "B3", "B2"),
    "landsat9": ("B4", "B3", "B2"),
    "naip": ("R", "G", "B"),
    "rgb": ("red", "green", "blue"),
}
_COLOURS = ("red", "green", "blue")
_COLOUR_NAMES = {"red": "red", "r": "red", "green": "green", "g": "green", "blue": "blue",
                 "b": "blue"}


class BandMismatchError(ValueError):
    """The weights' input bands cannot be mapped onto the model's input bands."""


def canonical_band(band: str) -> str:
    """Compare band names the way publishers vary them: ``B02`` == ``b2``, ``SR_B1`` kept."""
    return re.sub(r"(?<=[A-Z_])0+(?=\d)", "", band.strip().upper())


def _roles(bands: Sequence[str], rgb: Sequence[str] | None) -> list[str | None]:
    """The colour ("red", "green", "blue") each band plays, if any."""
    rgb_map = {canonical_band(b): c for b, c in zip(rgb or (), _COLOURS)}
    return [rgb_map.get(canonical_band(b), _COLOUR_NAMES.get(b.strip().lower())) for b in bands]


def match_bands(
    src_bands: Sequence[str],
    dst_bands: Sequence[str],
    *,
    src_rgb: Sequence[str] | None = None,
    dst_rgb: Sequence[str] | None = None,
) -> list[int | None]:
    """For every destination band, the index of the source band it takes its kernel from.

    Bands match by name (case and zero padding ignored); failing that, by colour, where
    ``src_rgb``/``dst_rgb`` name each side's (red, green, blue) bands and bands literally
    called ``red``/``green``/``blue`` (or ``R``/``G``/``B``) count too. ``None`` marks a band
    that keeps its random initialisation.
    """
    by_name = {canonical_band(b): i for i, b in enumerate(src_bands)}
    src_roles = _roles(src_bands, src_rgb)
    by_colour = {role: i for i, role in enumerate(src_roles) if role is not None}
    dst_roles = _roles(dst_bands, dst_rgb)
    mapping: list[int | None] = []
    for band, role in zip(dst_bands, dst_roles):
        index = by_name.get(canonical_band(band))
        if index is None and role is not None:
            index = by_colour.get(role)
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
    src_rgb: Sequence[str] | None = None,
    dst_rgb: Sequence[str] | None = None,
) -> list[str]:
    """Load ``state_dict`` into ``model``, remapping the first convolution's bands by name.

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
        mapping = match_bands(src_bands, dst_bands, src_rgb=src_rgb, dst_rgb=dst_rgb)
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
