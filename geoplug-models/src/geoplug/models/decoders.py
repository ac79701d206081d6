"""Segmentation decoders on multi-level encoder features: UPerNet and a feature-pyramid head.

The encoder is any registry backbone built with ``num_classes=0``; four feature maps are read
from it according to its kind:

- a plain vision transformer (timm ViT, DOFA, Prithvi, Scale-MAE...: ``patch_embed`` and
  numbered ``blocks``): the tokens after four evenly spaced blocks, reshaped to 2-D grids (the
  frames of a time series stacked on the channel axis) and resampled to strides 4, 8, 16 and
  32 of a 16-px patch by a simple pyramid (two transposed convolutions, one, none, a max-pool;
  Li et al. 2022, ViTDet);
- torchvision's Swin Transformer (Satlas' backbones): the outputs of its four stages;
- a timm convolutional network: its last four feature levels.

UPerNet follows Xiao et al. (2018): a pyramid pooling module on the deepest level, a top-down
feature pyramid, and the fusion of all levels at the finest one. The feature-pyramid head is
the lighter semantic-FPN head (Kirillov et al., 2019): top-down pyramid, each level upsampled
to the finest and summed. Where a transformer pads a level to whole cells (Swin's patch
merging on an odd size, the ViT pyramid's ceil-mode pool, a padded patch grid), each level
is resized onto the area its cells cover and cut to the finer level or the input, rather
than stretched over it, so that no prediction moves; CNN levels are stretched as in the
reference decoders. The encoder stays at ``model.encoder`` under its registry name
(``model.encoder_name``), so registered backbone weights load into it as into a classifier.
"""

from __future__ import annotations

import inspect
import math
from collections.abc import Sequence
from typing import Any, Literal

import torch
import torch.nn.functional as F
from torch import Tensor, nn

__all__ = ["EncoderDecoder", "FeaturePyramidHead", "SimplePyramid", "UPerHead", "fpn",
           "multilevel_features", "upernet"]

Kind = Literal["vit", "swin", "cnn"]
# keyword arguments of any-sensor encoders that the decoder model forwards to their builders
_SPECTRAL = ("wavelengths", "bandwidths", "gsd", "sensor")


def _conv_bn_relu(in_channels: int, out_channels: int, kernel: int = 3) -> nn.Sequential:
    return nn.Sequential(
        nn.Conv2d(in_channels, out_channels, kernel, padding=kernel // 2, bias=False),
        nn.BatchNorm2d(out_channels), nn.ReLU(inplace=True))


def encoder_kind(encoder: nn.Module) -> Kind:
    """How to read multi-level features from ``encoder``.

    Raises:
        ValueError: not a plain ViT, a torchvision Swin or a timm CNN with intermediate
            features.
    """
    cfg = getattr(encoder, "pretrained_cfg", None)
    if isinstance(cfg, dict) and cfg.get("first_conv") == "features.0.0":
        return "swin"
    if hasattr(encoder, "patch_embed") and isinstance(getattr(encoder, "blocks", None),
                                                      (nn.ModuleList, nn.Sequential)):
        return "vit"
    if hasattr(encoder, "forward_intermediates") and hasattr(encoder, "feature_info"):
        return "cnn"
    raise ValueError(
        f"{type(encoder).__name__} gives no multi-level features: use a vision transformer "
        "(patch_embed + blocks), a torchvision Swin ('swin_v2_t') or a timm CNN ('resnet50')")


def vit_indices(depth: int, count: int = 4) -> list[int]:
    """``count`` evenly spaced block indices ending with the last (12 blocks: 2, 5, 8, 11)."""
    if depth < count:
        return [min(i, depth - 1) for i in range(count)]
    return [depth * (i + 1) // count - 1 for i in range(count)]


def _prefix_tokens(encoder: nn.Module) -> int:
    if getattr(encoder, "no_embed_class", False) and not hasattr(encoder, "cls_token"):
        return 0
    prefix = getattr(encoder, "num_prefix_tokens", None)
    if prefix is not None:
        return int(prefix)
    return 1 if getattr(encoder, "cls_token", None) is not None else 0


def token_grid(encoder: nn.Module, size: tuple[int, int]) -> tuple[int, int] | None:
    """The ``(rows, cols)`` of patch tokens ``encoder`` makes of an input of ``size``: from
    its patch embedding (timm's, padded or not; a ``patch_size`` stride dropping the rest),
    ``None`` when it does not say."""
    embed = getattr(encoder, "patch_embed", None)
    feat_size = getattr(embed, "dynamic_feat_size", None)
    if callable(feat_size):
        rows, cols = feat_size(size)
        return int(rows), int(cols)
    patch = getattr(embed, "patch_size", None)
    if isinstance(patch, int):
        patch = (patch, patch)
    if isinstance(patch, (tuple, list)) and len(patch) >= 2:
        return size[0] // int(patch[-2]), size[1] // int(patch[-1])
    return None


def _tokens_to_maps(tokens: Tensor, prefix: int, frames: int, size: tuple[int, int],
                    grid: tuple[int, int] | None = None) -> Tensor:
    """``[B, prefix + frames * h * w, D]`` tokens as ``[B, frames * D, h, w]`` maps, on the
    patch ``grid`` (:func:`token_grid`) or, unknown, the one of the input's aspect.

    Raises:
        ValueError: the tokens do not form ``frames`` such grids.
    """
    patches = tokens[:, prefix:]
    count = patches.shape[1] // frames
    if grid is not None and grid[0] * grid[1] == count:
        height, width = grid  # an aspect guess could swap a 4 x 3 grid for 3 x 4
    else:
        height = max(1, round(math.sqrt(count * size[0] / size[1])))
        width = count // height
    if height * width * frames != patches.shape[1]:
        raise ValueError(f"{patches.shape[1]} patch tokens do not form {frames} grid(s) of a "
                         f"{size[0]}x{size[1]} input; check frames=")
    maps = patches.reshape(patches.shape[0], frames, height, width, -1)
    return maps.permute(0, 1, 4, 2, 3).reshape(patches.shape[0], -1, height, width)


def token_frames(encoder: nn.Module, x: Tensor) -> int:
    """Frames of tokens a transformer makes of ``x``: 1 for ``[B,C,H,W]``; for a time series
    its ``T`` (``[B,T,C,H,W]``, or ``[B,C,T,H,W]`` when the encoder's ``layout`` says so)
    divided by the temporal size of a 3-D patch embedding."""
    if x.ndim != 5:
        return 1
    frames = int(x.shape[2] if getattr(encoder, "layout", "BTCHW") == "BCTHW" else x.shape[1])
    proj = getattr(getattr(encoder, "patch_embed", None), "proj", None)
    kernel = getattr(proj, "kernel_size", ())
    if isinstance(kernel, tuple) and len(kernel) == 3:
        frames //= int(kernel[0])
    return max(frames, 1)


def multilevel_features(encoder: nn.Module, x: Tensor, kind: Kind,
                        indices: Sequence[int] = (), frames: int = 1,
                        temporal: Literal["stack", "mean"] = "stack",
                        **forward_kwargs: Any) -> list[Tensor]:
    """Four ``[B, C, h, w]`` feature maps of ``x``, fine to coarse (see the module doc).

    A time series' frames are stacked on the channel axis (``temporal="stack"``: ``frames``
    of them) or averaged (``"mean"``: any number). ``forward_kwargs`` go to a transformer's
    ``forward_features`` (``wavelengths`` of DOFA, ``temporal_coords`` of Prithvi).

    Raises:
        ValueError: with ``"stack"``, a series of another length than ``frames``.
    """
    size = (int(x.shape[-2]), int(x.shape[-1]))
    if kind == "swin":
        out: list[Tensor] = []
        stages: Any = encoder.features  # type: ignore[attr-defined]
        h = x
        for index, stage in enumerate(stages):
            h = stage(h)
            if index % 2 == 1:
                out.append(h.permute(0, 3, 1, 2))
        return out
    if kind == "cnn":
        feats: Any = encoder.forward_intermediates(x, intermediates_only=True)  # type: ignore[operator]
        return list(feats)[-4:]
    captured: dict[int, Tensor] = {}
    blocks: Any = encoder.blocks  # type: ignore[attr-defined]
    hooks = [blocks[i].register_forward_hook(
        lambda _m, _i, output, i=i: captured.__setitem__(i, output)) for i in set(indices)]
    try:
        encoder.forward_features(x, **forward_kwargs)  # type: ignore[operator]
    finally:
        for hook in hooks:
            hook.remove()
    prefix = _prefix_tokens(encoder)
    seen = token_frames(encoder, x)
    if temporal == "stack" and seen != frames:
        raise ValueError(f"the model stacks {frames} frame(s) but the input has {seen}; build "
                         f"it with frames={seen}, or temporal='mean' for series of any length")
    grid = token_grid(encoder, size)
    maps = [_tokens_to_maps(captured[i], prefix, seen, size, grid) for i in indices]
    if temporal == "mean" and seen > 1:
        maps = [m.reshape(m.shape[0], seen, -1, *m.shape[-2:]).mean(dim=1) for m in maps]
    return maps


def _vit_width(encoder: nn.Module) -> int:
    width = getattr(encoder, "embed_dim", None) or getattr(encoder, "num_features", None)
    if width is None:
        raise ValueError(f"{type(encoder).__name__} has no embed_dim")
    return int(width)


def feature_channels(encoder: nn.Module, kind: Kind, frames: int = 1) -> list[int]:
    """Channels of the four maps :func:`multilevel_features` returns."""
    if kind == "swin":
        stages: Any = encoder.features  # type: ignore[attr-defined]
        return [int(stages[i][0].norm1.normalized_shape[0]) for i in (1, 3, 5, 7)]
    if kind == "cnn":
        info: Any = encoder.feature_info  # type: ignore[attr-defined]
        return [int(stage["num_chs"]) for stage in info][-4:]
    return [_vit_width(encoder) * frames] * 4


class SimplePyramid(nn.Module):
    """Single-stride ViT maps to strides /4, /8, /16, /32 (for 16-px patches): x4, x2, x1, /2.

    The ViTDet recipe: transposed convolutions upsample, a max-pool downsamples.
    """

    def __init__(self, channels: int) -> None:
        super().__init__()
        self.up4 = nn.Sequential(
            nn.ConvTranspose2d(channels, channels, 2, stride=2), nn.BatchNorm2d(channels),
            nn.GELU(), nn.ConvTranspose2d(channels, channels, 2, stride=2))
        self.up2 = nn.ConvTranspose2d(channels, channels, 2, stride=2)
        self.down2 = nn.MaxPool2d(2, ceil_mode=True)

    def forward(self, features: Sequence[Tensor]) -> list[Tensor]:
        return [self.up4(features[0]), self.up2(features[1]), features[2],
                self.down2(features[3])]


def _upsample(level: Tensor, size: Sequence[int], factor: int, corner: bool) -> Tensor:
    """``level`` resized to the finer grid ``size``, ``factor`` times its cells: stretched over
    it (the reference decoders'), or with ``corner`` each cell onto ``factor`` x ``factor``
    finer cells from the top-left, so that a level padded (or cut) to whole cells keeps its
    place (``_resize_onto``)."""
    if not corner:
        return F.interpolate(level, size=tuple(size), mode="bilinear", align_corners=False)
    rows, cols = int(level.shape[-2]), int(level.shape[-1])
    return _resize_onto(level, (rows * factor, cols * factor), (int(size[0]), int(size[1])))


class _TopDown(nn.Module):
    """Lateral 1x1 convolutions and the top-down pathway of a feature pyramid (Lin et al.)."""

    def __init__(self, in_channels: Sequence[int], channels: int, skip_last: bool,
                 corner: bool = False) -> None:
        super().__init__()
        self.corner = corner
        used = in_channels[:-1] if skip_last else in_channels
        self.lateral = nn.ModuleList(_conv_bn_relu(c, channels, 1) for c in used)
        self.smooth = nn.ModuleList(_conv_bn_relu(channels, channels) for _ in used)

    def forward(self, features: Sequence[Tensor], top: Tensor | None = None) -> list[Tensor]:
        levels = [lat(f) for lat, f in zip(self.lateral, features)]
        if top is not None:
            levels.append(top)
        for i in range(len(levels) - 1, 0, -1):
            levels[i - 1] = levels[i - 1] + _upsample(levels[i], levels[i - 1].shape[-2:], 2,
                                                      self.corner)
        smoothed = [conv(level) for conv, level in zip(self.smooth, levels)]
        return smoothed + levels[len(smoothed):]


class UPerHead(nn.Module):
    """UPerNet decoder: pyramid pooling on the deepest level, FPN, fusion of all levels.

    ``corner``: each level's cells are 2 x 2 cells of the finer level from the top-left, the
    last row or column possibly past its edge (Swin pads odd sizes at the bottom and right);
    otherwise every level is stretched over the finer one, as the reference UPerNet does.
    """

    def __init__(self, in_channels: Sequence[int], channels: int = 256,
                 pool_scales: Sequence[int] = (1, 2, 3, 6), corner: bool = False) -> None:
        super().__init__()
        deepest = in_channels[-1]
        # no batch norm after pooling: a 1x1 pooled map of one image has no batch statistics
        self.ppm = nn.ModuleList(
            nn.Sequential(nn.AdaptiveAvgPool2d(s), nn.Conv2d(deepest, channels, 1),
                          nn.ReLU(inplace=True))
            for s in pool_scales)
        self.bottleneck = _conv_bn_relu(deepest + len(pool_scales) * channels, channels)
        self.fpn = _TopDown(in_channels, channels, skip_last=True, corner=corner)
        self.fuse = _conv_bn_relu(len(in_channels) * channels, channels)
        self.out_channels = channels

    def forward(self, features: Sequence[Tensor]) -> Tensor:
        deepest = features[-1]
        pooled = [F.interpolate(branch(deepest), size=deepest.shape[-2:], mode="bilinear",
                                align_corners=False) for branch in self.ppm]
        top = self.bottleneck(torch.cat([deepest, *pooled], dim=1))
        levels = self.fpn(features[:-1], top)
        size = levels[0].shape[-2:]
        up = [levels[0]] + [_upsample(level, size, 2 ** k, self.fpn.corner)
                            for k, level in enumerate(levels[1:], 1)]
        fused: Tensor = self.fuse(torch.cat(up, dim=1))
        return fused


class FeaturePyramidHead(nn.Module):
    """Semantic-FPN head: top-down pyramid, every level upsampled to the finest and summed.

    ``corner`` as :class:`UPerHead`.
    """

    def __init__(self, in_channels: Sequence[int], channels: int = 256,
                 corner: bool = False) -> None:
        super().__init__()
        self.fpn = _TopDown(in_channels, channels, skip_last=False, corner=corner)
        self.fuse = _conv_bn_relu(channels, channels)
        self.out_channels = channels

    def forward(self, features: Sequence[Tensor]) -> Tensor:
        levels = self.fpn(features)
        size = levels[0].shape[-2:]
        total = levels[0]
        for k, level in enumerate(levels[1:], 1):
            total = total + _upsample(level, size, 2 ** k, self.fpn.corner)
        fused: Tensor = self.fuse(total)
        return fused


class EncoderDecoder(nn.Module):
    """Dense prediction ``[B, C, H, W]`` (or ``[B, T, C, H, W]``) -> ``[B, num_classes, H, W]``.

    Args:
        encoder: registry name of the backbone (``vit_small_patch16_224``, ``swin_v2_t``,
            ``resnet50``, ``dofa_base_patch16_224``, ``timm/<name>``...).
        decoder: ``"upernet"`` or ``"fpn"``.
        in_chans: input bands.
        num_classes: output channels.
        decoder_channels: width of the decoder.
        feature_indices: the ViT blocks read (default: four evenly spaced, the last included).
        frames: time steps of a time-series input whose maps are stacked on channels.
        temporal: ``"stack"`` (``frames`` steps on the channel axis) or ``"mean"`` (the
            steps' maps averaged: series of any length).
        dropout: dropout before the classifier.
        encoder_kwargs: further arguments of the encoder's builder (``img_size``...).

    Raises:
        ValueError: the encoder gives no multi-level features, or ``num_classes`` < 1.
        UnknownNameError: unknown encoder name (a ``KeyError``).
    """

    def __init__(self, encoder: str, decoder: Literal["upernet", "fpn"] = "upernet",
                 in_chans: int = 3, num_classes: int = 2, decoder_channels: int = 256,
                 feature_indices: Sequence[int] | None = None, frames: int = 1,
                 temporal: Literal["stack", "mean"] = "stack", dropout: float = 0.1,
                 encoder_kwargs: dict[str, Any] | None = None) -> None:
        super().__init__()
        from geoplug.models.factory import build_model

        if num_classes < 1:
            raise ValueError(f"num_classes must be at least 1, got {num_classes}")
        if decoder not in ("upernet", "fpn"):
            raise ValueError(f"decoder must be 'upernet' or 'fpn', got {decoder!r}")
        if temporal not in ("stack", "mean"):
            raise ValueError(f"temporal must be 'stack' or 'mean', got {temporal!r}")
        self.temporal = temporal
        self.encoder_name = encoder
        self.in_chans = in_chans
        self.num_classes = num_classes
        self.frames = frames
        self.encoder = build_model(encoder, in_chans=in_chans, num_classes=0,
                                   **(encoder_kwargs or {}))
        self.kind = encoder_kind(self.encoder)
        self.indices: list[int] = []
        if self.kind == "vit":
            depth = len(self.encoder.blocks)  # type: ignore[arg-type]
            self.indices = list(feature_indices) if feature_indices else vit_indices(depth)
            if len(self.indices) != 4 or not all(0 <= i < depth for i in self.indices):
                raise ValueError(f"feature_indices must be 4 block indices in [0, {depth}), "
                                 f"got {list(self.indices)}")
        channels = feature_channels(self.encoder, self.kind,
                                    frames if temporal == "stack" else 1)
        self.neck = SimplePyramid(channels[0]) if self.kind == "vit" else None
        self.corner = _corner_levels(self.encoder, self.kind)
        head: nn.Module = (UPerHead(channels, decoder_channels, corner=self.corner)
                           if decoder == "upernet"
                           else FeaturePyramidHead(channels, decoder_channels, corner=self.corner))
        self.decoder = head
        self.head = nn.Sequential(nn.Dropout2d(dropout),
                                  nn.Conv2d(decoder_channels, num_classes, 1))

    def forward(self, x: Tensor, **encoder_kwargs: Any) -> Tensor:
        features = multilevel_features(self.encoder, x, self.kind, self.indices, self.frames,
                                       self.temporal, **encoder_kwargs)
        if self.neck is not None:
            features = self.neck(features)
        logits: Tensor = self.head(self.decoder(features))
        size = (int(x.shape[-2]), int(x.shape[-1]))
        covered = _covered(self.encoder, size, self.kind) if self.corner else None
        # the finest level covers the input padded (or cut) to whole patches: resized onto
        # that area, then cut (or edge-extended) to the input, so every pixel keeps its place
        return _resize_onto(logits, covered or size, size)


def _resize_onto(x: Tensor, covered: tuple[int, int], size: tuple[int, int]) -> Tensor:
    """``x`` resized onto ``covered`` rows and columns from the top-left, then cut or
    edge-extended to ``size``: a grid padded past the target (or cut short of it) keeps
    every cell in place, where resizing straight to ``size`` would stretch it."""
    x = F.interpolate(x, size=covered, mode="bilinear", align_corners=False)
    if covered == size:
        return x
    pad = (0, max(size[1] - covered[1], 0), 0, max(size[0] - covered[0], 0))
    if any(pad):
        x = F.pad(x, pad, mode="replicate")
    return x[..., :size[0], :size[1]]


def _corner_levels(encoder: nn.Module, kind: Kind) -> bool:
    """Whether each level's cells are 2 x 2 cells of the finer level from the top-left, the
    last row or column past the finer level's edge on an odd size: the ViT pyramid (a
    ceil-mode pool), torchvision's and timm's Swin (patch merging pads at the bottom and
    right). CNNs' centred stride-2 convolutions are not; they keep the reference stretch."""
    if kind != "cnn":
        return True
    return any(type(m).__name__ == "PatchMerging"
               and type(m).__module__.startswith("timm.models.swin") for m in encoder.modules())


def _covered(encoder: nn.Module, size: tuple[int, int], kind: Kind) -> tuple[int, int] | None:
    """The input area ``(rows, cols)`` in pixels the finest level covers: a Swin's stride-4
    patch embedding drops the last rows and columns short of a patch, a ViT's patch grid
    covers the input padded or cut to whole patches; ``None`` when the encoder does not say."""
    if kind == "swin":
        step: Any = encoder.features[0][0].stride  # type: ignore[attr-defined, index]
        return size[0] // int(step[0]) * int(step[0]), size[1] // int(step[1]) * int(step[1])
    grid = token_grid(encoder, size)
    patch = getattr(getattr(encoder, "patch_embed", None), "patch_size", None)
    if isinstance(patch, int):
        patch = (patch, patch)
    if grid is None or not isinstance(patch, (tuple, list)) or len(patch) < 2:
        return None
    return grid[0] * int(patch[-2]), grid[1] * int(patch[-1])


def _encoder_kwargs(encoder: str, given: dict[str, Any] | None,
                    spectral: dict[str, Any]) -> dict[str, Any]:
    """``given`` plus the spectral keywords the encoder's builder names (any-sensor models)."""
    kwargs = dict(given or {})
    wanted = {k: v for k, v in spectral.items() if v is not None}
    if not wanted:
        return kwargs
    from geoplug.core.registry import models

    builder = models.get(encoder) if not encoder.startswith("timm/") else None
    params = inspect.signature(builder).parameters if builder is not None else {}
    unknown = sorted(k for k in wanted if k not in params)
    if unknown:
        raise ValueError(f"encoder {encoder!r} takes no {', '.join(unknown)}; only any-sensor "
                         "encoders (DOFA, Panopticon, Scale-MAE...) do")
    kwargs.update(wanted)
    return kwargs


def upernet(encoder: str = "vit_small_patch16_224", in_chans: int = 3, num_classes: int = 2,
            *, wavelengths: Sequence[float] | None = None,
            bandwidths: Sequence[float] | None = None, gsd: float | None = None,
            encoder_kwargs: dict[str, Any] | None = None, **kwargs: Any) -> EncoderDecoder:
    """UPerNet on any multi-level encoder; ``wavelengths``/``bandwidths`` (um) and ``gsd`` go
    to an any-sensor encoder. Other arguments as :class:`EncoderDecoder`.

    Raises:
        ValueError: as :class:`EncoderDecoder`, or spectral arguments the encoder lacks.
    """
    extra = _encoder_kwargs(encoder, encoder_kwargs, {
        "wavelengths": wavelengths, "bandwidths": bandwidths, "gsd": gsd})
    return EncoderDecoder(encoder, "upernet", in_chans, num_classes, encoder_kwargs=extra,
                          **kwargs)


def fpn(encoder: str = "vit_small_patch16_224", in_chans: int = 3, num_classes: int = 2,
        *, wavelengths: Sequence[float] | None = None,
        bandwidths: Sequence[float] | None = None, gsd: float | None = None,
        encoder_kwargs: dict[str, Any] | None = None, **kwargs: Any) -> EncoderDecoder:
    """Feature-pyramid head on any multi-level encoder; arguments as :func:`upernet`.

    Raises:
        ValueError: as :func:`upernet`.
    """
    extra = _encoder_kwargs(encoder, encoder_kwargs, {
        "wavelengths": wavelengths, "bandwidths": bandwidths, "gsd": gsd})
    return EncoderDecoder(encoder, "fpn", in_chans, num_classes, encoder_kwargs=extra,
                          **kwargs)
