"""U-Net whose encoder is any timm backbone (Ronneberger et al., 2015).

The encoder is a complete timm model (classifier removed) read through
``forward_intermediates``, so its state-dict keys are exactly those of the classification
backbone and pre-trained backbone weights load into it unchanged. The decoder upsamples to the
size of each skip feature rather than by a fixed factor, so any input size works (e.g. 33x47).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import timm
import torch
import torch.nn.functional as F
from torch import nn

__all__ = ["UNet", "UNetDecoder", "build_encoder", "unet"]


class ConvBlock(nn.Sequential):
    """Two 3x3 convolutions with batch norm and ReLU: the U-Net's basic unit."""

    def __init__(self, in_channels: int, out_channels: int) -> None:
        super().__init__(
            nn.Conv2d(in_channels, out_channels, 3, padding=1, bias=False),
            nn.BatchNorm2d(out_channels),
            nn.ReLU(inplace=True),
            nn.Conv2d(out_channels, out_channels, 3, padding=1, bias=False),
            nn.BatchNorm2d(out_channels),
            nn.ReLU(inplace=True),
        )


class UNetDecoder(nn.Module):
    """Upsample the deepest feature, merging each shallower skip feature on the way up.

    ``encoder_channels`` lists the features' channels from shallow to deep. The last block
    works at full input resolution without a skip (encoders start at stride 2 or 4).
    """

    def __init__(self, encoder_channels: Sequence[int],
                 decoder_channels: Sequence[int] = (256, 128, 64, 32, 16)) -> None:
        super().__init__()
        n = len(encoder_channels)
        if n < 1:
            raise ValueError("the encoder returns no features")
        if len(decoder_channels) < n:
            raise ValueError(
                f"decoder_channels needs {n} values for an encoder with {n} stages, "
                f"got {len(decoder_channels)}"
            )
        channels = list(decoder_channels[:n])
        skips = list(reversed(encoder_channels[:-1]))
        blocks: list[nn.Module] = []
        previous = encoder_channels[-1]
        for skip, out in zip(skips, channels):
            blocks.append(ConvBlock(previous + skip, out))
            previous = out
        self.blocks = nn.ModuleList(blocks)
        self.final = ConvBlock(previous, channels[-1])
        self.out_channels = channels[-1]

    def forward(self, features: Sequence[torch.Tensor], size: tuple[int, int]) -> torch.Tensor:
        x = features[-1]
        for block, skip in zip(self.blocks, reversed(features[:-1])):
            x = F.interpolate(x, size=skip.shape[-2:], mode="nearest")
            x = block(torch.cat([x, skip], dim=1))
        x = F.interpolate(x, size=size, mode="bilinear", align_corners=False)
        return self.final(x)


def build_encoder(name: str, in_chans: int, **kwargs: Any) -> nn.Module:
    """A timm backbone without classifier that can return its intermediate features.

    Raises:
        ValueError: the architecture does not support ``forward_intermediates``.
    """
    encoder: nn.Module = timm.create_model(
        name, pretrained=False, in_chans=in_chans, num_classes=0, **kwargs
    )
    if not hasattr(encoder, "forward_intermediates"):
        raise ValueError(f"timm model {name!r} cannot return intermediate features")
    return encoder


def encoder_channels(encoder: nn.Module) -> list[int]:
    """Channels of each intermediate feature, shallow to deep (timm's ``feature_info``)."""
    info: Any = encoder.feature_info
    return [int(stage["num_chs"]) for stage in info]


def encode(encoder: nn.Module, x: torch.Tensor) -> list[torch.Tensor]:
    """Intermediate features of ``x``, shallow to deep."""
    features: Any = encoder.forward_intermediates(x, intermediates_only=True)  # type: ignore[operator]
    return list(features)


class UNet(nn.Module):
    """Semantic segmentation: ``[B, C, H, W]`` -> logits ``[B, num_classes, H, W]``.

    Table 3 of the TorchGeo paper uses ResNet-18 and ResNet-50 encoders
    (``get_model("unet_resnet18")``, ``get_model("unet", encoder="resnet50")``).
    """

    def __init__(
        self,
        encoder: str = "resnet18",
        in_chans: int = 3,
        num_classes: int = 2,
        decoder_channels: Sequence[int] = (256, 128, 64, 32, 16),
        encoder_kwargs: dict[str, Any] | None = None,
    ) -> None:
        super().__init__()
        if num_classes < 1:
            raise ValueError(f"num_classes must be at least 1, got {num_classes}")
        self.encoder_name = encoder
        self.in_chans = in_chans
        self.num_classes = num_classes
        self.encoder = build_encoder(encoder, in_chans, **(encoder_kwargs or {}))
        self.decoder = UNetDecoder(encoder_channels(self.encoder), decoder_channels)
        self.head = nn.Conv2d(self.decoder.out_channels, num_classes, 1)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        features = encode(self.encoder, x)
        return self.head(self.decoder(features, (x.shape[-2], x.shape[-1])))


def unet(encoder: str = "resnet18", in_chans: int = 3, num_classes: int = 2,
         **kwargs: Any) -> UNet:
    """Registry builder of :class:`UNet`."""
    return UNet(encoder=encoder, in_chans=in_chans, num_classes=num_classes, **kwargs)
