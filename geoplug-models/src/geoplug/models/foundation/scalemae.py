"""Scale-MAE: a ViT whose position encoding is scaled by the ground sample distance.

Reed et al., "Scale-MAE: A Scale-Aware Masked Autoencoder for Multiscale Geospatial
Representation Learning" (ICCV 2023, arXiv:2212.14532); code:
github.com/bair-climate-initiative/scale-mae.

The encoder is a plain ViT-L/16 (timm's layout, built with
:func:`geoplug.models.transformers.build_vit`); only the position encoding differs: instead of a
learned table, the 2-D sin-cos encoding of patch coordinates multiplied by the image's GSD, so
that a patch at the same ground distance gets the same encoding at any resolution. The
published encoder still carries its ``pos_embed`` table; it loads (strict key check) but is not
used.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import torch
from timm.models.vision_transformer import VisionTransformer

from geoplug.models.foundation._common import sincos_1d
from geoplug.models.transformers import build_vit

__all__ = ["ScaleMAE", "gsd_position_encoding", "scalemae_large_patch16"]


def gsd_position_encoding(dim: int, grid: int, gsd: torch.Tensor) -> torch.Tensor:
    """``[B, 1 + grid*grid, dim]``: sin-cos of (column, row) x GSD per sample (first half the
    column, second half the row, as MAE), with a zero row for the class token."""
    rows, cols = torch.meshgrid(torch.arange(grid, device=gsd.device),
                                torch.arange(grid, device=gsd.device), indexing="ij")
    tables = []
    for res in gsd.reshape(-1).tolist():
        table = torch.cat([sincos_1d(dim // 2, cols.flatten() * res),
                           sincos_1d(dim // 2, rows.flatten() * res)], dim=1)
        tables.append(torch.cat([torch.zeros(1, dim, device=gsd.device), table]))
    return torch.stack(tables)


class ScaleMAE(VisionTransformer):
    """timm's ViT with Scale-MAE's GSD position encoding.

    ``forward(x, gsd=None)``: ``gsd`` (metres per pixel; a number or one per sample) defaults
    to the value the model was built with.
    """

    gsd: float = 1.0
    _gsd_now: torch.Tensor | None = None

    def _pos_embed(self, x: torch.Tensor) -> torch.Tensor:
        side = round(x.shape[1] ** 0.5)
        if side * side != x.shape[1]:
            raise ValueError(f"Scale-MAE needs a square patch grid, got {x.shape[1]} patches")
        gsd = self._gsd_now if self._gsd_now is not None else torch.tensor([self.gsd])
        table = gsd_position_encoding(self.embed_dim, side, gsd.to(x.device)).to(x.dtype)
        if table.shape[0] not in (1, x.shape[0]):
            raise ValueError(f"{table.shape[0]} GSD values for a batch of {x.shape[0]}")
        assert self.cls_token is not None  # ViT-L/16 has one
        x = torch.cat([self.cls_token.expand(x.shape[0], -1, -1), x], dim=1)
        return self.pos_drop(x + table)

    def forward(self, x: torch.Tensor,  # type: ignore[override]
                gsd: float | Sequence[float] | torch.Tensor | None = None) -> torch.Tensor:
        self._gsd_now = None if gsd is None else torch.as_tensor(gsd, dtype=torch.float32)
        try:
            return super().forward(x)
        finally:
            self._gsd_now = None


def scalemae_large_patch16(in_chans: int = 3, num_classes: int = 0, *, gsd: float | None = None,
                           res: float | None = None, img_size: int = 224,
                           **kwargs: Any) -> ScaleMAE:
    """Scale-MAE ViT-L/16 (1024 wide, 24 blocks); ``gsd`` (alias ``res``, TorchGeo's name) is
    the input's metres per pixel (default 1.0). Other keyword arguments go to
    :func:`geoplug.models.transformers.build_vit` (``drop_path_rate``, ``global_pool``...).

    Raises:
        ValueError: both ``gsd`` and ``res`` given and different, a GSD that is not
            positive, or bad ``in_chans``/``num_classes``.
    """
    if gsd is not None and res is not None and gsd != res:
        raise ValueError(f"gsd={gsd} and res={res} name the same thing; pass one")
    value = float(gsd if gsd is not None else res if res is not None else 1.0)
    if not value > 0:
        raise ValueError(f"the GSD must be positive (metres per pixel), got {value}")
    model = build_vit("vit_large_patch16_224", in_chans, num_classes, img_size, **kwargs)
    model.__class__ = ScaleMAE  # same modules and keys; only the position encoding differs
    assert isinstance(model, ScaleMAE)
    model.gsd = value
    if model.pos_embed is not None:
        model.pos_embed.requires_grad_(False)
    cfg = dict(getattr(model, "pretrained_cfg", {}))
    model.pretrained_cfg = {  # type: ignore[assignment]
        **cfg, "architecture": "scalemae_large_patch16"}
    return model
