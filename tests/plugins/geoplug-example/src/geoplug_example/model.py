"""A tiny classifier taking any number of bands."""

from __future__ import annotations

from torch import nn


class ExampleNet(nn.Sequential):
    def __init__(self, in_chans: int = 4, num_classes: int = 2) -> None:
        super().__init__(nn.Conv2d(in_chans, 8, 3, padding=1), nn.AdaptiveAvgPool2d(1),
                         nn.Flatten(), nn.Linear(8, num_classes))
