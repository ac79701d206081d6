"""CROMA: contrastive radar-optical masked autoencoders (Sentinel-1 + Sentinel-2 encoders).

Fuller, Millard, Green, "CROMA: Remote Sensing Representations with Contrastive Radar-Optical
Masked Autoencoders" (NeurIPS 2023, arXiv:2311.00566); code and checkpoints:
github.com/antofuller/CROMA, hf.co/antofuller/CROMA.

Two ViTs (radar: half the depth; optical: full depth) embed 8x8 patches with a linear layer on
the flattened ``(band, row, column)`` pixels, add no position embedding but a 2-D ALiBi
attention bias (minus the patch distance times a per-head slope), and a cross-attention
encoder fuses radar tokens (queries) with optical tokens. Each encoder has a "GAP-FFN" head on
its mean-pooled tokens. The published file holds five nested state dicts (``s1_encoder``,
``s1_GAP_FFN``, ``s2_encoder``, ``s2_GAP_FFN``, ``joint_encoder``); geoplug's loader joins them
with dots, which are this module's key names.

Bands: Sentinel-1 ``VV, VH`` and the twelve Sentinel-2 L1C bands without B10. ``bands=`` may
list them in any order (and only one sensor's bands, for a radar-only or optical-only model);
inputs are reordered to CROMA's order inside the model.
"""

from __future__ import annotations

import itertools
import math
from collections.abc import Sequence
from typing import Any, cast

import torch
import torch.nn.functional as F
from torch import nn

from geoplug.core import sensors
from geoplug.core.errors import BandMismatchError
from geoplug.models.foundation._common import drop_on_load

__all__ = ["CROMA", "S1_BANDS", "S2_BANDS", "croma_base", "croma_large"]

S1_BANDS = ("VV", "VH")
S2_BANDS = ("B01", "B02", "B03", "B04", "B05", "B06", "B07", "B08", "B8A", "B09", "B11", "B12")
_PATCH = 8
_HEADS = 16


def alibi_2d(grid: int, heads: int = _HEADS) -> torch.Tensor:
    """CROMA's attention bias ``[1, heads, grid^2, grid^2]``: minus the Euclidean distance of
    two patches times the head's slope (geometric, from ``2^(-8/heads)``)."""
    start = 2 ** (-(2 ** -(math.log2(heads) - 3)))
    slopes = torch.tensor([start * start**i for i in range(heads)])
    points = torch.tensor(list(itertools.product(range(grid), range(grid))), dtype=torch.float32)
    distance = torch.cdist(points, points)
    return (-distance[None] * slopes[:, None, None]).unsqueeze(0)


class _Attention(nn.Module):
    def __init__(self, dim: int, cross: bool = False) -> None:
        super().__init__()
        self.cross = cross
        if cross:
            self.to_q = nn.Linear(dim, dim, bias=False)
            self.to_k = nn.Linear(dim, dim, bias=False)
            self.to_v = nn.Linear(dim, dim, bias=False)
        else:
            self.to_qkv = nn.Linear(dim, 3 * dim, bias=False)
        self.to_out = nn.Linear(dim, dim)
        self.input_norm = nn.LayerNorm(dim)

    def forward(self, x: torch.Tensor, bias: torch.Tensor,
                context: torch.Tensor | None = None) -> torch.Tensor:
        x = self.input_norm(x)
        if self.cross:
            assert context is not None
            context = self.input_norm(context)
            q, k, v = self.to_q(x), self.to_k(context), self.to_v(context)
        else:
            q, k, v = self.to_qkv(x).chunk(3, dim=-1)
        b, n, d = q.shape
        q, k, v = (t.reshape(b, -1, _HEADS, d // _HEADS).transpose(1, 2) for t in (q, k, v))
        out = F.scaled_dot_product_attention(q, k, v, attn_mask=bias.to(q.dtype))
        return self.to_out(out.transpose(1, 2).reshape(b, n, d))


class _FFN(nn.Module):
    def __init__(self, dim: int) -> None:
        super().__init__()
        self.net = nn.Sequential(nn.Linear(dim, 4 * dim), nn.GELU(), nn.Dropout(0.0),
                                 nn.Linear(4 * dim, dim))
        self.input_norm = nn.LayerNorm(dim)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return self.net(self.input_norm(x))


class _Transformer(nn.Module):
    def __init__(self, dim: int, depth: int, cross: bool = False) -> None:
        super().__init__()
        self.cross = cross
        self.layers = nn.ModuleList(
            nn.ModuleList([_Attention(dim), *([_Attention(dim, cross=True)] if cross else []),
                           _FFN(dim)])
            for _ in range(depth)
        )
        self.norm_out = nn.LayerNorm(dim)

    def forward(self, x: torch.Tensor, bias: torch.Tensor,
                context: torch.Tensor | None = None) -> torch.Tensor:
        for layer in self.layers:
            layer = cast(nn.ModuleList, layer)
            x = layer[0](x, bias) + x
            if self.cross:
                x = layer[1](x, bias, context) + x
            x = layer[-1](x) + x
        return self.norm_out(x)


class _Encoder(nn.Module):
    def __init__(self, dim: int, depth: int, bands: int) -> None:
        super().__init__()
        self.linear_input = nn.Linear(_PATCH * _PATCH * bands, dim)
        self.transformer = _Transformer(dim, depth)

    def forward(self, image: torch.Tensor, bias: torch.Tensor) -> torch.Tensor:
        b, c, h, w = image.shape
        patches = image.reshape(b, c, h // _PATCH, _PATCH, w // _PATCH, _PATCH)
        patches = patches.permute(0, 2, 4, 1, 3, 5).reshape(b, -1, c * _PATCH * _PATCH)
        return self.transformer(self.linear_input(patches), bias)


def _gap_ffn(dim: int) -> nn.Sequential:
    return nn.Sequential(nn.LayerNorm(dim), nn.Linear(dim, 4 * dim), nn.GELU(),
                         nn.Linear(4 * dim, dim))


class CROMA(nn.Module):
    """CROMA's radar, optical and joint encoders with an optional linear head.

    ``forward(x=None, *, image_s1=None, image_s2=None)``: either one tensor ``x`` holding the
    model's ``bands`` in the order given at build time, or the radar ``[B, 2, H, W]`` and
    optical ``[B, 12, H, W]`` images in CROMA's band order. Sides divisible by 8 (CROMA was
    trained at 120 px). Returns the head's output on the joint pooled features (both sensors)
    or on the one sensor's GAP-FFN features; :meth:`forward_features` returns every encoding.
    """

    _s1_index: torch.Tensor
    _s2_index: torch.Tensor

    def __init__(self, *, name: str, dim: int, depth: int, bands: Sequence[str],
                 num_classes: int = 0) -> None:
        super().__init__()
        if num_classes < 0:
            raise ValueError(f"num_classes must be >= 0 (0: features only), got {num_classes}")
        self.bands = tuple(bands)
        self.radar = any(b in S1_BANDS for b in self.bands)
        self.optical = any(b in S2_BANDS for b in self.bands)
        if self.radar:
            self.s1_encoder = _Encoder(dim, depth // 2, len(S1_BANDS))
            self.s1_GAP_FFN = _gap_ffn(dim)
        if self.optical:
            self.s2_encoder = _Encoder(dim, depth, len(S2_BANDS))
            self.s2_GAP_FFN = _gap_ffn(dim)
        if self.radar and self.optical:
            self.joint_encoder = _Transformer(dim, depth // 2, cross=True)
        self.head = nn.Linear(dim, num_classes) if num_classes else nn.Identity()
        self.register_buffer("_s1_index", torch.tensor(
            [self.bands.index(b) for b in S1_BANDS if self.radar]), persistent=False)
        self.register_buffer("_s2_index", torch.tensor(
            [self.bands.index(b) for b in S2_BANDS if self.optical]), persistent=False)
        self.embed_dim = self.num_features = dim
        self.num_classes = num_classes
        self.in_chans = len(self.bands)
        self.pretrained_cfg = {"architecture": name, "first_conv": None, "classifier": "head"}
        # a one-sensor model takes the published two-sensor file: the other encoders are unused
        absent = [*([] if self.radar else ["s1_encoder", "s1_GAP_FFN"]),
                  *([] if self.optical else ["s2_encoder", "s2_GAP_FFN"]),
                  *([] if self.radar and self.optical else ["joint_encoder"])]
        drop_on_load(self, absent, submodules=True)

    def _split(self, x: torch.Tensor | None, image_s1: torch.Tensor | None,
               image_s2: torch.Tensor | None) -> tuple[torch.Tensor | None, torch.Tensor | None]:
        if x is not None:
            if image_s1 is not None or image_s2 is not None:
                raise ValueError("pass either x or image_s1/image_s2, not both")
            if x.shape[1] != len(self.bands):
                raise ValueError(f"x has {x.shape[1]} bands; the model takes {len(self.bands)} "
                                 f"({', '.join(self.bands)})")
            image_s1 = x[:, self._s1_index] if self.radar else None
            image_s2 = x[:, self._s2_index] if self.optical else None
        for image, wanted, what in ((image_s1, self.radar, "image_s1"),
                                    (image_s2, self.optical, "image_s2")):
            if image is not None and not wanted:
                raise ValueError(f"{what} given but the model was built without those bands")
        if image_s1 is None and image_s2 is None:
            raise ValueError("give x, or image_s1 (VV, VH) and/or image_s2 (12 bands)")
        return image_s1, image_s2

    def forward_features(self, x: torch.Tensor | None = None, *,
                         image_s1: torch.Tensor | None = None,
                         image_s2: torch.Tensor | None = None) -> dict[str, torch.Tensor]:
        """``sar_encodings``/``sar_GAP``, ``optical_encodings``/``optical_GAP`` and, with
        both, ``joint_encodings``/``joint_GAP`` (TorchGeo's and CROMA's names).

        Raises:
            ValueError: inputs missing, of the wrong band count, or sides not divisible by 8.
        """
        s1, s2 = self._split(x, image_s1, image_s2)
        sizes = {tuple(i.shape[-2:]) for i in (s1, s2) if i is not None}
        h, w = next(iter(sizes))
        if len(sizes) != 1 or h != w or h % _PATCH:
            raise ValueError(f"CROMA takes square images with sides divisible by {_PATCH} (the "
                             f"same for both sensors), got {sorted(sizes)}")
        bias = alibi_2d(h // _PATCH).to(next(self.parameters()).device)
        out: dict[str, torch.Tensor] = {}
        if s1 is not None:
            out["sar_encodings"] = self.s1_encoder(s1, bias)
            out["sar_GAP"] = self.s1_GAP_FFN(out["sar_encodings"].mean(dim=1))
        if s2 is not None:
            out["optical_encodings"] = self.s2_encoder(s2, bias)
            out["optical_GAP"] = self.s2_GAP_FFN(out["optical_encodings"].mean(dim=1))
        if s1 is not None and s2 is not None and hasattr(self, "joint_encoder"):
            joint = self.joint_encoder(out["sar_encodings"], bias, out["optical_encodings"])
            out["joint_encodings"] = joint
            out["joint_GAP"] = joint.mean(dim=1)
        return out

    def forward(self, x: torch.Tensor | None = None, *, image_s1: torch.Tensor | None = None,
                image_s2: torch.Tensor | None = None) -> torch.Tensor:
        out = self.forward_features(x, image_s1=image_s1, image_s2=image_s2)
        pooled = out.get("joint_GAP", out.get("optical_GAP", out.get("sar_GAP")))
        assert pooled is not None
        return self.head(pooled)


def _croma_bands(name: str, bands: Sequence[str] | None, in_chans: int | None) -> list[str]:
    if bands is None:
        chosen = [*S1_BANDS, *S2_BANDS]
    else:
        chosen = []
        for band in bands:
            key = sensors.band_key(band, ("sentinel1", "sentinel2"))
            match = next((b for b in (*S1_BANDS, *S2_BANDS)
                          if sensors.band_key(b, ("sentinel1", "sentinel2")) == key), None)
            if match is None:
                raise BandMismatchError(f"{name} takes Sentinel-1 {', '.join(S1_BANDS)} and "
                                        f"Sentinel-2 {', '.join(S2_BANDS)}; {band!r} is neither")
            chosen.append(match)
        for group, what in ((S1_BANDS, "Sentinel-1"), (S2_BANDS, "Sentinel-2")):
            have = [b for b in chosen if b in group]
            if have and sorted(have) != sorted(group):
                missing = [b for b in group if b not in have]
                raise BandMismatchError(f"{name} needs all {what} bands it was trained on or "
                                        f"none; missing {', '.join(missing)}")
        if len(set(chosen)) != len(chosen):
            raise BandMismatchError(f"{name}: a band is named twice in {list(bands)}")
    if in_chans is not None and in_chans != len(chosen):
        raise BandMismatchError(f"in_chans={in_chans} but the model takes {len(chosen)} bands")
    return chosen


def _doc(size: str, dim: int, depth: int) -> str:
    return (f"CROMA-{size} (optical {depth} blocks, radar and joint {depth // 2}, {dim} wide).\n\n"
            "    ``bands`` (any order; default: VV, VH and the 12 optical bands) choose the\n"
            "    sensors; ``num_classes=0`` returns pooled features.\n\n    Raises:\n"
            "        BandMismatchError: a band CROMA was not trained on, an incomplete sensor,\n"
            "            or ``in_chans`` that disagrees.\n")


def croma_base(in_chans: int | None = None, num_classes: int = 0, *,
               bands: Sequence[str] | None = None, sensor: Any = None) -> CROMA:
    return CROMA(name="croma_base", dim=768, depth=12,
                 bands=_croma_bands("croma_base", bands, in_chans), num_classes=num_classes)


def croma_large(in_chans: int | None = None, num_classes: int = 0, *,
                bands: Sequence[str] | None = None, sensor: Any = None) -> CROMA:
    return CROMA(name="croma_large", dim=1024, depth=24,
                 bands=_croma_bands("croma_large", bands, in_chans), num_classes=num_classes)


croma_base.__doc__ = _doc("base", 768, 12)
croma_large.__doc__ = _doc("large", 1024, 24)
