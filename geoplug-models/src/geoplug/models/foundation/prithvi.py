"""Prithvi-EO-2.0: a ViT over space and time for HLS time series.

Szwarcman et al., "Prithvi-EO-2.0: A Versatile Multi-Temporal Foundation Model for Earth
Observation Applications" (arXiv:2412.02732); checkpoints: hf.co/ibm-nasa-geospatial.

Input layout: ``[B, T, C, H, W]`` by default, the layout of geoplug's time-series samples;
``layout="BCTHW"`` takes Prithvi's own ``[B, C, T, H, W]``. A ``[B, C, H, W]`` input is one
frame. Bands: the six HLS bands (blue, green, red, narrow NIR, SWIR 1, SWIR 2); other band
sets get the patch kernels placed by band name like any geoplug model.

Architecture (from the paper and the published files): a 3-D patch embedding (``Conv3d`` with
``1 x p x p`` tubelets, key ``patch_embed.proj``), a fixed 3-D sin-cos position table (width
split 6:6:4 between x, y and time) on the pretraining grid of 224 px, built for the input's
frames and resized bicubically (corners aligned) to another patch grid, as the publisher's
code does (the checkpoint's ``pos_embed`` is that table, so it is not loaded), optional
sin-cos encodings of the acquisition date (year, day of year) and of the location (latitude,
longitude), each scaled by a learned factor (the ``-TL`` models; keys
``temporal_embed_enc.scale``, ``location_embed_enc.scale``), a class token, timm blocks and a
final ``norm``. The published files hold the whole MAE (``encoder.*`` and
``decoder.*``); the weights entries read the ``encoder.`` part.
"""

from __future__ import annotations

import math
from typing import Any, Literal

import torch
from timm.models.vision_transformer import Block
from torch import nn

from geoplug.models.foundation._common import drop_on_load, sincos_1d

__all__ = [
    "Prithvi",
    "prithvi_eo_v2_300",
    "prithvi_eo_v2_300_tl",
    "prithvi_eo_v2_600",
    "prithvi_eo_v2_600_tl",
]


class _PatchEmbed3D(nn.Module):
    def __init__(self, in_chans: int, embed_dim: int, patch: tuple[int, int, int]) -> None:
        super().__init__()
        self.patch_size = patch
        self.proj = nn.Conv3d(in_chans, embed_dim, kernel_size=patch, stride=patch)

    def forward(self, x: torch.Tensor) -> tuple[torch.Tensor, tuple[int, int, int]]:
        out = self.proj(x)
        grid = (int(out.shape[2]), int(out.shape[3]), int(out.shape[4]))
        return out.flatten(2).transpose(1, 2), grid


class _CoordEncoder(nn.Module):
    """Sin-cos encoding of two numbers (year and day of year, or latitude and longitude),
    halves of the width each, times a learned scale."""

    def __init__(self, embed_dim: int) -> None:
        super().__init__()
        self.first = embed_dim // 2
        self.second = embed_dim - self.first
        self.scale = nn.Parameter(torch.full((1,), 0.1))

    def forward(self, coords: torch.Tensor) -> torch.Tensor:
        lead = coords.shape[:-1]
        a = sincos_1d(self.first, coords[..., 0]).reshape(*lead, self.first)
        b = sincos_1d(self.second, coords[..., 1]).reshape(*lead, self.second)
        return self.scale * torch.cat([a, b], dim=-1).to(self.scale.device)


def _pos_table(dim: int, grid: tuple[int, int, int], base: tuple[int, int]) -> torch.Tensor:
    """The table ``[t*h*w, dim]`` of a patch grid ``(t, h, w)``: the pretraining grid's
    (``base`` rows and columns) for ``t`` frames, resized to ``h x w`` as the publisher's code
    resizes it (bicubic, corners aligned): a model pretrained at 224 px never saw the
    positions a larger grid would count to."""
    t, h, w = grid
    table = _pos_table_3d(dim, (t, *base))
    if (h, w) == base:
        return table
    maps = table.reshape(t, *base, dim).permute(0, 3, 1, 2)
    maps = nn.functional.interpolate(maps, size=(h, w), mode="bicubic", align_corners=True)
    return maps.permute(0, 2, 3, 1).reshape(t * h * w, dim)


def _pos_table_3d(dim: int, grid: tuple[int, int, int]) -> torch.Tensor:
    """Prithvi's 3-D sin-cos table ``[t*h*w, dim]`` (x: 6/16, y: 6/16, time: 4/16 of the width;
    tokens ordered time, row, column)."""
    t, h, w = grid
    dx = dy = dim // 16 * 6
    dt = dim - dx - dy
    tt, yy, xx = torch.meshgrid(torch.arange(t), torch.arange(h), torch.arange(w),
                                indexing="ij")
    return torch.cat([sincos_1d(dx, xx), sincos_1d(dy, yy), sincos_1d(dt, tt)], dim=1)


class Prithvi(nn.Module):
    """Prithvi-EO-2.0 encoder with an optional linear head on mean-pooled patch tokens.

    ``forward(x, temporal_coords=None, location_coords=None)``: ``temporal_coords``
    ``[B, T, 2]`` holds (year, day of year) per frame, ``location_coords`` ``[B, 2]``
    (latitude, longitude); the ``-TL`` models add their encodings, the others (trained
    without them) ignore them.
    """

    def __init__(self, *, name: str, in_chans: int, embed_dim: int, depth: int,
                 num_heads: int, patch_size: int, coords: bool, num_classes: int = 0,
                 layout: Literal["BTCHW", "BCTHW"] = "BTCHW", tubelet: int = 1,
                 drop_path_rate: float = 0.0, img_size: int = 224) -> None:
        super().__init__()
        if in_chans < 1 or num_classes < 0:
            raise ValueError(f"in_chans must be >= 1 and num_classes >= 0, got {in_chans} and "
                             f"{num_classes}")
        if layout not in ("BTCHW", "BCTHW"):
            raise ValueError(f"layout must be 'BTCHW' or 'BCTHW', got {layout!r}")
        if embed_dim % 16:
            raise ValueError(f"embed_dim must be a multiple of 16, got {embed_dim}")
        self.layout = layout
        self.patch_embed = _PatchEmbed3D(in_chans, embed_dim, (tubelet, patch_size, patch_size))
        self.cls_token = nn.Parameter(torch.randn(1, 1, embed_dim) * 0.02)
        self.coords = coords
        if coords:
            self.temporal_embed_enc = _CoordEncoder(embed_dim)
            self.location_embed_enc = _CoordEncoder(embed_dim)
        rates = [drop_path_rate * i / max(depth - 1, 1) for i in range(depth)]
        self.blocks = nn.ModuleList(
            Block(embed_dim, num_heads, 4.0, qkv_bias=True, drop_path=rate) for rate in rates
        )
        self.norm = nn.LayerNorm(embed_dim)
        self.head = nn.Linear(embed_dim, num_classes) if num_classes else nn.Identity()
        self.embed_dim = self.num_features = embed_dim
        self.num_classes = num_classes
        self.in_chans = in_chans
        #: the patch grid of pretraining (224 px), whose position table others resize
        self.base_grid = (img_size // patch_size, img_size // patch_size)
        drop_on_load(self, ["pos_embed"])  # the base grid's sin-cos table, rebuilt here
        self.pretrained_cfg = {"architecture": name, "first_conv": "patch_embed.proj",
                               "classifier": "head"}

    def _as_bcthw(self, x: torch.Tensor) -> torch.Tensor:
        if x.dim() == 4:
            return x.unsqueeze(2)
        if x.dim() != 5:
            raise ValueError(f"Prithvi takes [B, T, C, H, W] (layout={self.layout!r}) or "
                             f"[B, C, H, W] inputs, got shape {tuple(x.shape)}")
        x = x.transpose(1, 2) if self.layout == "BTCHW" else x
        if x.shape[1] != self.in_chans:
            raise ValueError(f"the model takes {self.in_chans} bands but the input has "
                             f"{x.shape[1]} (layout {self.layout}: check the band axis)")
        return x

    def forward_features(self, x: torch.Tensor, temporal_coords: torch.Tensor | None = None,
                         location_coords: torch.Tensor | None = None) -> torch.Tensor:
        """Normalised tokens ``[B, 1 + T' * H' * W', D]`` (class token first, then frame by
        frame, row by row).

        Raises:
            ValueError: the input shape does not fit, or coordinates have the wrong shape.
        """
        tokens, grid = self.patch_embed(self._as_bcthw(x))
        pos = _pos_table(self.embed_dim, grid, self.base_grid).to(tokens)
        tokens = tokens + pos.unsqueeze(0)
        per_frame = grid[1] * grid[2]
        if self.coords and temporal_coords is not None:
            if temporal_coords.shape[:2] != (x.shape[0], grid[0]) or temporal_coords.shape[-1] != 2:
                raise ValueError(f"temporal_coords must be [B, T, 2] = [{x.shape[0]}, "
                                 f"{grid[0]}, 2] (year, day of year), got "
                                 f"{tuple(temporal_coords.shape)}")
            enc = self.temporal_embed_enc(temporal_coords.float())
            tokens = tokens + enc.repeat_interleave(per_frame, dim=1).to(tokens)
        if self.coords and location_coords is not None:
            if tuple(location_coords.shape) != (x.shape[0], 2):
                raise ValueError(f"location_coords must be [B, 2] (latitude, longitude), got "
                                 f"{tuple(location_coords.shape)}")
            tokens = tokens + self.location_embed_enc(location_coords.float()).unsqueeze(1).to(
                tokens)
        cls = self.cls_token.expand(tokens.shape[0], -1, -1)  # its position entry is zero
        out = torch.cat([cls, tokens], dim=1)
        for block in self.blocks:
            out = block(out)
        return self.norm(out)

    def feature_maps(self, tokens: torch.Tensor, frames: int) -> torch.Tensor:
        """Tokens of :meth:`forward_features` as ``[B, T' * D, H', W']`` maps for 2-D decoders
        (frames stacked on the channel axis). Square patch grids only.

        Raises:
            ValueError: the tokens do not form ``frames`` square grids.
        """
        patches = tokens[:, 1:]
        side = math.isqrt(patches.shape[1] // frames)
        if side * side * frames != patches.shape[1]:
            raise ValueError(f"{patches.shape[1]} patch tokens are not {frames} square grids")
        maps = patches.reshape(patches.shape[0], frames, side, side, -1)
        return maps.permute(0, 1, 4, 2, 3).reshape(patches.shape[0], -1, side, side)

    def forward(self, x: torch.Tensor, temporal_coords: torch.Tensor | None = None,
                location_coords: torch.Tensor | None = None) -> torch.Tensor:
        tokens = self.forward_features(x, temporal_coords, location_coords)
        return self.head(tokens[:, 1:].mean(dim=1))


def _doc(size: str, width: int, depth: int, patch: int, tl: bool) -> str:
    coords = (" with the date and location encodings (pass ``temporal_coords`` and "
              "``location_coords`` to forward)" if tl else "")
    return (f"Prithvi-EO-2.0-{size}{'-TL' if tl else ''} ({width} wide, {depth} blocks, "
            f"1x{patch}x{patch} tubelets){coords}.\n\n"
            "    ``in_chans`` defaults to the six HLS bands; ``layout`` is ``'BTCHW'`` "
            "(default) or ``'BCTHW'``;\n    ``num_classes=0`` returns pooled features.\n\n"
            "    Raises:\n        ValueError: bad ``in_chans``, ``num_classes`` or ``layout``.\n")


def prithvi_eo_v2_300(in_chans: int = 6, num_classes: int = 0, **kwargs: Any) -> Prithvi:
    return Prithvi(name="prithvi_eo_v2_300", in_chans=in_chans, embed_dim=1024, depth=24,
                   num_heads=16, patch_size=16, coords=False, num_classes=num_classes,
                   **kwargs)


def prithvi_eo_v2_300_tl(in_chans: int = 6, num_classes: int = 0, **kwargs: Any) -> Prithvi:
    return Prithvi(name="prithvi_eo_v2_300_tl", in_chans=in_chans, embed_dim=1024, depth=24,
                   num_heads=16, patch_size=16, coords=True, num_classes=num_classes, **kwargs)


def prithvi_eo_v2_600(in_chans: int = 6, num_classes: int = 0, **kwargs: Any) -> Prithvi:
    return Prithvi(name="prithvi_eo_v2_600", in_chans=in_chans, embed_dim=1280, depth=32,
                   num_heads=16, patch_size=14, coords=False, num_classes=num_classes,
                   **kwargs)


def prithvi_eo_v2_600_tl(in_chans: int = 6, num_classes: int = 0, **kwargs: Any) -> Prithvi:
    return Prithvi(name="prithvi_eo_v2_600_tl", in_chans=in_chans, embed_dim=1280, depth=32,
                   num_heads=16, patch_size=14, coords=True, num_classes=num_classes, **kwargs)


prithvi_eo_v2_300.__doc__ = _doc("300M", 1024, 24, 16, False)
prithvi_eo_v2_300_tl.__doc__ = _doc("300M", 1024, 24, 16, True)
prithvi_eo_v2_600.__doc__ = _doc("600M", 1280, 32, 14, False)
prithvi_eo_v2_600_tl.__doc__ = _doc("600M", 1280, 32, 14, True)
