"""A plain fully-convolutional network: the no-downsampling baseline of segmentation tables."""

from __future__ import annotations

import torch
from torch import nn

__all__ = ["FCN", "fcn"]


class FCN(nn.Module):
    """``depth`` 3x3 convolutions (LeakyReLU) at full resolution, then a 1x1 classifier.

    Without pooling the output keeps the input size exactly, which makes it the simplest
    per-pixel baseline for any band count.
    """

    def __init__(self, in_chans: int = 3, num_classes: int = 2, num_filters: int = 64,
                 depth: int = 5) -> None:
        super().__init__()
        if min(in_chans, num_classes, num_filters, depth) < 1:
            raise ValueError("in_chans, num_classes, num_filters and depth must be >= 1")
        self.in_chans = in_chans
        self.num_classes = num_classes
        layers: list[nn.Module] = []
        channels = in_chans
        for _ in range(depth):
            layers += [nn.Conv2d(channels, num_filters, 3, padding=1), nn.LeakyReLU(inplace=True)]
            channels = num_filters
        self.backbone = nn.Sequential(*layers)
        self.head = nn.Conv2d(num_filters, num_classes, 1)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return self.head(self.backbone(x))


def fcn(in_chans: int = 3, num_classes: int = 2, **kwargs: int) -> FCN:
    """Registry builder of :class:`FCN`."""
    return FCN(in_chans=in_chans, num_classes=num_classes, **kwargs)
