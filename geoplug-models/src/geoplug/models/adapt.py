"""Fit pre-trained weights into a model whose input bands differ from the weights' bands.

Only the layer that sees the bands depends on them: the first convolution of a CNN, the patch
embedding of a ViT or a Swin Transformer (a convolution whose kernel is the patch), or a 3-D
patch embedding (``[out, bands, t, p, p]``). All of them are kernels ``[out, bands, ...]``, and
one code path (:func:`input_projection_key`, :func:`adapt_first_conv`) adapts them. Their
kernels are matched **by band name**: a kernel trained on Sentinel-2 ``B04`` goes to wherever
``B04`` sits in the new band order, bands the weights never saw keep the model's own random
initialisation, and bands of the weights that the data lacks are dropped. When the weights are
RGB (ImageNet) and the data is multispectral, the sensor's red, green and blue bands receive the
R, G and B kernels: this is the "ImageNet (+ random)" initialisation of the TorchGeo paper.

Band names, their aliases (``B2`` = ``B02``, Landsat ``SR_B4`` = ``B4``) and each sensor's red,
green and blue bands come from the one sensor table, :mod:`geoplug.core.sensors`, that the
registries' filters use too.

Transformer checkpoints also differ from the model in ways unrelated to bands: a position
embedding trained at another image size is resampled to the model's patch grid, and tensors
that only pre-training uses (the DINOv2/MAE ``mask_token``) are dropped when the model has none.
Any other extra or missing key is an error, so a wrong key mapping fails loudly.
"""

from __future__ import annotations

import logging
from collections.abc import Mapping, Sequence
from typing import Any

import torch
import torch.nn.functional as F
from torch import nn

from geoplug.core.bandmatch import match_bands
from geoplug.core.errors import BandMismatchError

__all__ = [
    "BandMismatchError",
    "adapt_first_conv",
    "backbone_of",
    "first_conv_key",
    "fit_position_embedding",
    "input_projection_key",
    "load_adapted",
    "match_bands",
]

_log = logging.getLogger(__name__)

# tensors that pre-training code keeps in the checkpoint but inference models need not have
TRAINING_ONLY_KEYS = ("mask_token",)

def adapt_first_conv(
    pretrained: torch.Tensor,
    current: torch.Tensor,
    mapping: Sequence[int | None],
) -> torch.Tensor:
    """An input kernel for the model's bands: pre-trained where mapped, ``current`` else.

    ``pretrained`` is ``[out, src_bands, ...]``, ``current`` the model's own (randomly
    initialised) ``[out, dst_bands, ...]`` kernel of the first convolution or patch embedding
    (any number of trailing kernel axes), and ``mapping`` comes from :func:`match_bands`.

    Raises:
        BandMismatchError: shapes disagree, or no band maps at all.
    """
    if len(mapping) != current.shape[1]:
        raise BandMismatchError(
            f"{len(mapping)} bands given for an input kernel with {current.shape[1]} inputs"
        )
    if pretrained.shape[0] != current.shape[0] or pretrained.shape[2:] != current.shape[2:]:
        raise BandMismatchError(
            f"input kernel shapes differ beyond the band axis (another patch size?): weights "
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


def input_projection_key(model: nn.Module) -> str:
    """State-dict key of the kernel that sees the input bands.

    ``conv1.weight`` for a ResNet, ``patch_embed.proj.weight`` for a timm ViT,
    ``features.0.0.weight`` for a torchvision Swin: the ``first_conv`` of the model's
    ``pretrained_cfg`` when it names one, else a ``patch_embed.proj``, else the first
    convolution (2-D or 3-D).

    Raises:
        TypeError: the model has no convolution.
    """
    own = model.state_dict(keep_vars=True)
    cfg = getattr(model, "pretrained_cfg", None)
    if isinstance(cfg, Mapping) and cfg.get("first_conv"):
        first = cfg["first_conv"]
        first = first[0] if isinstance(first, (list, tuple)) else first
        key = f"{first}.weight"
        if key in own:
            return key
    if "patch_embed.proj.weight" in own:
        return "patch_embed.proj.weight"
    for name, module in model.named_modules():
        if isinstance(module, (nn.Conv2d, nn.Conv3d)):
            return f"{name}.weight"
    raise TypeError(f"{type(model).__name__} has no convolution or patch embedding")


first_conv_key = input_projection_key  # the name used before patch embeddings were covered


def fit_position_embedding(model: nn.Module, state: dict[str, torch.Tensor]) -> None:
    """Resample a checkpoint's ``pos_embed`` to the model's patch grid (in place).

    A ViT trained at 224 px has a 14x14 (patch 16) or 16x16 (patch 14) grid of position
    embeddings; a model built for another image size gets them bicubically resampled, the
    class-token embeddings kept as they are. Nothing happens when the shapes already agree.

    Raises:
        ValueError: the embedding widths differ, or the checkpoint's grid is not square.
    """
    own = model.state_dict(keep_vars=True).get("pos_embed")
    theirs = state.get("pos_embed")
    if own is None or theirs is None or own.shape == theirs.shape:
        return
    if own.shape[-1] != theirs.shape[-1] or own.dim() != 3 or theirs.dim() != 3:
        raise ValueError(
            f"the weights do not fit the model: their pos_embed {tuple(theirs.shape)} and the "
            f"model's {tuple(own.shape)} differ in width (another architecture?)"
        )
    grid = getattr(getattr(model, "patch_embed", None), "grid_size", None)
    prefix = int(getattr(model, "num_prefix_tokens", 1))
    if getattr(model, "no_embed_class", False):
        prefix = 0
    if grid is None:
        side = round((own.shape[1] - prefix) ** 0.5)
        grid = (side, side)
    old = theirs.shape[1] - prefix
    side = round(old**0.5)
    if side * side != old:
        raise ValueError(f"pos_embed of the weights holds {old} patch positions: not a square "
                         "grid, so it cannot be resampled to the model's image size")
    tokens, patches = theirs[:, :prefix], theirs[:, prefix:]
    if theirs.device.type == "meta":  # shapes only (checks that never allocate)
        resampled = patches.new_empty((1, int(grid[0]) * int(grid[1]), theirs.shape[-1]))
    else:
        image = patches.reshape(1, side, side, -1).permute(0, 3, 1, 2).float()
        # antialiased, as timm and the publishers resample (a 37 x 37 table to 16 x 16)
        image = F.interpolate(image, size=(int(grid[0]), int(grid[1])), mode="bicubic",
                              align_corners=False, antialias=True)
        resampled = image.permute(0, 2, 3, 1).reshape(1, -1, theirs.shape[-1])
    state["pos_embed"] = torch.cat([tokens, resampled.to(theirs.dtype)], dim=1)


def _fit_to_model(model: nn.Module, state: dict[str, torch.Tensor]) -> None:
    """Differences between a published checkpoint and its inference model that carry no
    information the model can use (in place): pre-training-only tokens, position grid."""
    own = model.state_dict(keep_vars=True)
    for key in TRAINING_ONLY_KEYS:
        if key in state and key not in own:
            del state[key]
    fit_position_embedding(model, state)


def _classifier_prefixes(model: nn.Module) -> tuple[str, ...]:
    cfg = getattr(model, "pretrained_cfg", None)
    classifier: Any = cfg.get("classifier") if isinstance(cfg, Mapping) else None
    if classifier is None:
        return ()
    names = classifier if isinstance(classifier, (list, tuple)) else (classifier,)
    return tuple(f"{n}." for n in names)


def _embeds_by_wavelength(model: nn.Module) -> bool:
    """Models whose ``pretrained_cfg`` says ``first_conv: None`` have no per-band kernel to
    remap: any-sensor models (DOFA, Panopticon, Copernicus-FM) compute their input embedding
    from each band's wavelength; CROMA reorders its fixed bands itself."""
    cfg = getattr(model, "pretrained_cfg", None)
    return isinstance(cfg, Mapping) and "first_conv" in cfg and cfg["first_conv"] is None


def _remap_input_kernel(model: nn.Module, own: Mapping[str, torch.Tensor],
                        state: dict[str, torch.Tensor], src_bands: Sequence[str],
                        dst_bands: Sequence[str] | None, src_sensor: str | None,
                        dst_sensor: str | None, src_rgb: Sequence[str] | None,
                        dst_rgb: Sequence[str] | None) -> None:
    """Fit the checkpoint's input kernel to the model's bands (in place), see load_adapted."""
    key = input_projection_key(model)
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
            f"the weights list {len(src_bands)} bands but their input kernel {key!r} has "
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
        unmatched = [b for b, m in zip(dst_bands or (), mapping) if m is None]
        if unmatched:
            _log.warning("%d of the model's %d bands match no band of the weights (%s): their "
                         "input kernels keep a random initialisation: %s", len(unmatched),
                         len(mapping), ", ".join(src_bands), ", ".join(unmatched))


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
    """Load ``state_dict`` into ``model``, remapping the input kernel's bands by name.

    ``src_*`` describe the weights, ``dst_*`` the model's input; bands match as
    :func:`match_bands` says.

    The input kernel is the first convolution or the patch embedding
    (:func:`input_projection_key`). With equal band counts and no band names the kernels load as
    they are. A classifier whose shape differs (another ``num_classes``) or that the model lacks
    is skipped and keeps its initialisation; pre-training-only tensors are dropped and a
    position embedding is resampled to the model's grid (:func:`fit_position_embedding`).

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
    _fit_to_model(model, state)
    if not _embeds_by_wavelength(model):
        _remap_input_kernel(model, own, state, src_bands, dst_bands, src_sensor, dst_sensor,
                            src_rgb, dst_rgb)

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
