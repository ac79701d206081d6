"""Classification backbones from timm that accept any number of input bands."""

from __future__ import annotations

from typing import Any

import timm
from torch import nn

__all__ = ["resnet18", "resnet50", "timm_model"]


def timm_model(
    model_name: str,
    in_chans: int = 3,
    num_classes: int = 1000,
    pretrained: bool = False,
    **kwargs: Any,
) -> nn.Module:
    """Any timm architecture with ``in_chans`` input bands (``num_classes=0``: features only).

    ``pretrained=True`` fetches timm's own (ImageNet) weights and adapts them with timm's rule;
    geoplug's registered weights (``get_model(name, weights=...)``) map bands by name instead.

    Raises:
        ValueError: ``in_chans`` < 1 or ``num_classes`` < 0.
        RuntimeError: timm does not know ``model_name`` (timm's message).
    """
    if in_chans < 1:
        raise ValueError(f"in_chans must be at least 1, got {in_chans}")
    if num_classes < 0:
        raise ValueError(f"num_classes must be >= 0, got {num_classes}")
    model: nn.Module = timm.create_model(
        model_name, pretrained=pretrained, in_chans=in_chans, num_classes=num_classes, **kwargs
    )
    return model


def resnet18(in_chans: int = 3, num_classes: int = 1000, **kwargs: Any) -> nn.Module:
    """ResNet-18 (He et al., 2016) with ``in_chans`` bands: the paper's small backbone."""
    return timm_model("resnet18", in_chans=in_chans, num_classes=num_classes, **kwargs)


def resnet50(in_chans: int = 3, num_classes: int = 1000, **kwargs: Any) -> nn.Module:
    """ResNet-50 (He et al., 2016) with ``in_chans`` bands: the paper's large backbone."""
    return timm_model("resnet50", in_chans=in_chans, num_classes=num_classes, **kwargs)
