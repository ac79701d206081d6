"""Fully-convolutional Siamese networks for change detection (Daudt et al., 2018).

Both dates go through one shared encoder; the skip features of the two dates are merged by
concatenation (FC-Siam-conc) or absolute difference (FC-Siam-diff) before a U-Net decoder.
As in TorchGeo, the encoder is a (pre-trainable) timm backbone instead of the paper's small
custom one.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, Literal

import torch
from torch import nn

from geoplug.models.unet import UNetDecoder, build_encoder, encode, encoder_channels

__all__ = ["FCSiam", "fcsiam_conc", "fcsiam_diff"]


class FCSiam(nn.Module):
    """Change detection: ``[B, 2, C, H, W]`` (before, after) -> logits ``[B, K, H, W]``."""

    def __init__(
        self,
        merge: Literal["conc", "diff"] = "conc",
        encoder: str = "resnet18",
        in_chans: int = 3,
        num_classes: int = 2,
        decoder_channels: Sequence[int] = (256, 128, 64, 32, 16),
        encoder_kwargs: dict[str, Any] | None = None,
    ) -> None:
        super().__init__()
        if merge not in ("conc", "diff"):
            raise ValueError(f"merge must be 'conc' or 'diff', got {merge!r}")
        if num_classes < 1:
            raise ValueError(f"num_classes must be at least 1, got {num_classes}")
        self.merge = merge
        self.encoder_name = encoder
        self.in_chans = in_chans
        self.num_classes = num_classes
        self.encoder = build_encoder(encoder, in_chans, **(encoder_kwargs or {}))
        channels = encoder_channels(self.encoder)
        if merge == "conc":
            channels = [2 * c for c in channels]
        self.decoder = UNetDecoder(channels, decoder_channels)
        self.head = nn.Conv2d(self.decoder.out_channels, num_classes, 1)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        """Raises ValueError unless ``x`` is ``[B, 2, C, H, W]``."""
        if x.ndim != 5 or x.shape[1] != 2:
            raise ValueError(f"expected a [B, 2, C, H, W] image pair, got {tuple(x.shape)}")
        batch = x.shape[0]
        features = encode(self.encoder, x.flatten(0, 1))
        merged = []
        for f in features:
            before, after = f.unflatten(0, (batch, 2)).unbind(1)
            merged.append(
                torch.cat([before, after], 1) if self.merge == "conc" else (after - before).abs()
            )
        return self.head(self.decoder(merged, (x.shape[-2], x.shape[-1])))


def fcsiam_conc(encoder: str = "resnet18", in_chans: int = 3, num_classes: int = 2,
                **kwargs: Any) -> FCSiam:
    """FC-Siam-conc: skip features of both dates concatenated."""
    return FCSiam("conc", encoder, in_chans, num_classes, **kwargs)


def fcsiam_diff(encoder: str = "resnet18", in_chans: int = 3, num_classes: int = 2,
                **kwargs: Any) -> FCSiam:
    """FC-Siam-diff: absolute difference of the two dates' skip features."""
    return FCSiam("diff", encoder, in_chans, num_classes, **kwargs)
