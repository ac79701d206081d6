"""Vision transformers with any number of input bands: timm ViTs and torchvision Swin-V2.

ViTs are timm's ``VisionTransformer`` (the key names of the SSL4EO-S12, SSL4EO-L and SoftCon
checkpoints); :func:`build_vit` builds any timm ViT architecture and is the one entry point
that models built on a plain ViT (DOFA, Scale-MAE, Prithvi...) can reuse. Swin-V2 follows
torchvision's ``swin_v2_t``/``swin_v2_b``, because SatlasPretrain's published backbones are
torchvision Swin Transformers (``features.0.0`` is the patch embedding); timm's ``swinv2_*``
names its layers otherwise and would need a key mapping.

Every model carries a timm-style ``pretrained_cfg`` (architecture, ``first_conv``,
``classifier``), so :func:`geoplug.models.adapt.load_adapted` finds the patch embedding and
places pre-trained kernels by band name exactly as it does for a CNN's first convolution.
"""

from __future__ import annotations

from typing import Any

import timm
from torch import nn

__all__ = [
    "build_swin_v2",
    "build_vit",
    "swin_v2_b",
    "swin_v2_t",
    "vit_base_patch14_dinov2",
    "vit_base_patch16_224",
    "vit_huge_patch14_224",
    "vit_large_patch16_224",
    "vit_small_patch14_dinov2",
    "vit_small_patch16_224",
]


def _check(in_chans: int, num_classes: int) -> None:
    if in_chans < 1:
        raise ValueError(f"in_chans must be at least 1, got {in_chans}")
    if num_classes < 0:
        raise ValueError(f"num_classes must be >= 0 (0: features only), got {num_classes}")


def build_vit(
    architecture: str,
    in_chans: int = 3,
    num_classes: int = 1000,
    img_size: int | tuple[int, int] | None = None,
    **kwargs: Any,
) -> nn.Module:
    """A timm vision transformer ``architecture`` with ``in_chans`` bands, randomly initialised.

    ``img_size`` sets the patch grid (default: the architecture's); published weights trained
    at another size are resampled to it when loaded. ``num_classes=0`` returns pooled features.
    Other keyword arguments go to :func:`timm.create_model` (``drop_path_rate``,
    ``global_pool``, ``dynamic_img_size``...).

    Raises:
        ValueError: ``in_chans`` < 1, ``num_classes`` < 0, or the architecture is not a timm
            vision transformer.
        RuntimeError: timm does not know ``architecture`` (timm's message).
    """
    _check(in_chans, num_classes)
    if img_size is not None:
        kwargs["img_size"] = img_size
    model: nn.Module = timm.create_model(
        architecture, pretrained=False, in_chans=in_chans, num_classes=num_classes, **kwargs
    )
    if not hasattr(model, "patch_embed"):
        raise ValueError(f"timm model {architecture!r} is not a vision transformer (it has no "
                         "patch_embed); use get_model('timm', model_name=...) for it")
    return model


def vit_small_patch16_224(in_chans: int = 3, num_classes: int = 1000,
                          **kwargs: Any) -> nn.Module:
    """ViT-S/16 (384 wide, 12 blocks), the SSL4EO-S12 and SSL4EO-L backbone."""
    return build_vit("vit_small_patch16_224", in_chans, num_classes, **kwargs)


def vit_base_patch16_224(in_chans: int = 3, num_classes: int = 1000,
                         **kwargs: Any) -> nn.Module:
    """ViT-B/16 (768 wide, 12 blocks)."""
    return build_vit("vit_base_patch16_224", in_chans, num_classes, **kwargs)


def vit_large_patch16_224(in_chans: int = 3, num_classes: int = 1000,
                          **kwargs: Any) -> nn.Module:
    """ViT-L/16 (1024 wide, 24 blocks)."""
    return build_vit("vit_large_patch16_224", in_chans, num_classes, **kwargs)


def vit_huge_patch14_224(in_chans: int = 3, num_classes: int = 1000,
                         **kwargs: Any) -> nn.Module:
    """ViT-H/14 (1280 wide, 32 blocks)."""
    return build_vit("vit_huge_patch14_224", in_chans, num_classes, **kwargs)


def vit_small_patch14_dinov2(in_chans: int = 3, num_classes: int = 1000,
                             img_size: int | tuple[int, int] = 224, **kwargs: Any) -> nn.Module:
    """ViT-S/14 in the DINOv2 layout (LayerScale); 224 px, the size SoftCon was trained at
    (timm's default is DINOv2's 518 px)."""
    return build_vit("vit_small_patch14_dinov2", in_chans, num_classes, img_size, **kwargs)


def vit_base_patch14_dinov2(in_chans: int = 3, num_classes: int = 1000,
                            img_size: int | tuple[int, int] = 224, **kwargs: Any) -> nn.Module:
    """ViT-B/14 in the DINOv2 layout (LayerScale); 224 px by default, as SoftCon."""
    return build_vit("vit_base_patch14_dinov2", in_chans, num_classes, img_size, **kwargs)


def build_swin_v2(architecture: str, in_chans: int = 3, num_classes: int = 1000,
                  **kwargs: Any) -> nn.Module:
    """torchvision's Swin Transformer V2 ``architecture`` with ``in_chans`` bands.

    The patch embedding (``features.0.0``) is rebuilt for ``in_chans`` bands, as Satlas does;
    ``num_classes=0`` replaces the classifier by an identity (pooled features). Keyword
    arguments go to the torchvision builder (``stochastic_depth_prob``...).

    Raises:
        ValueError: ``in_chans`` < 1, ``num_classes`` < 0 or an unknown architecture.
    """
    import torchvision.models

    _check(in_chans, num_classes)
    if architecture not in ("swin_v2_t", "swin_v2_s", "swin_v2_b"):
        raise ValueError(f"unknown Swin-V2 architecture {architecture!r}; use swin_v2_t, "
                         "swin_v2_s or swin_v2_b")
    builder = getattr(torchvision.models, architecture)
    model: nn.Module = builder(weights=None, num_classes=max(num_classes, 1), **kwargs)
    stem: Any = model.features[0]  # type: ignore[index]
    old: nn.Conv2d = stem[0]
    if in_chans != old.in_channels:
        stem[0] = nn.Conv2d(in_chans, old.out_channels,
                            kernel_size=(old.kernel_size[0], old.kernel_size[1]),
                            stride=(old.stride[0], old.stride[1]))
    head: nn.Linear = model.head  # type: ignore[assignment]
    if num_classes == 0:
        model.head = nn.Identity()
    # what geoplug's weight loading reads (the same fields as a timm model's config)
    model.pretrained_cfg = {  # type: ignore[assignment]
        "architecture": architecture, "first_conv": "features.0.0", "classifier": "head",
        "num_features": head.in_features,
    }
    model.num_classes = num_classes  # type: ignore[assignment]
    model.in_chans = in_chans  # type: ignore[assignment]
    return model


def swin_v2_t(in_chans: int = 3, num_classes: int = 1000, **kwargs: Any) -> nn.Module:
    """Swin-V2-T (96 wide; 2, 2, 6, 2 blocks; window 8), Satlas' tiny backbone."""
    return build_swin_v2("swin_v2_t", in_chans, num_classes, **kwargs)


def swin_v2_b(in_chans: int = 3, num_classes: int = 1000, **kwargs: Any) -> nn.Module:
    """Swin-V2-B (128 wide; 2, 2, 18, 2 blocks; window 8), Satlas' base backbone."""
    return build_swin_v2("swin_v2_b", in_chans, num_classes, **kwargs)
