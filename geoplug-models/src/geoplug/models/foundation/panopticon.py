"""Panopticon: a DINOv2 ViT-B/14 whose patch embedding attends over any set of channels.

Waldmann et al., "Panopticon: Advancing Any-Sensor Foundation Models for Earth Observation"
(arXiv:2503.10845); code and checkpoint: github.com/Panopticon-FM/panopticon,
hf.co/lewaldm/panopticon.

Every band is patchified on its own by one shared ``Conv3d`` (kernel ``1 x 14 x 14``, 2304
channels, key ``patch_embed.conv3d.conv3d``), plus a channel embedding: the sin-cos encoding of
its wavelength in whole nanometres for optical bands, learned transmit/receive/orbit vectors
for radar polarisations (``patch_embed.chnfus.chnemb``). For each patch, one learned query
(``chnfus.query``) cross-attends over the bands (16 heads, key and value projections
``chnfus.xattn.inproj_k``/``inproj_v``, no query or output projection) and ``patch_embed.proj``
maps the result to the ViT's 768 wide tokens. The rest is timm's DINOv2 ViT-B/14 (LayerScale),
built by :func:`geoplug.models.transformers.build_vit`; the published teacher was trained at
518 px, so its position table is resampled to the model's grid on load and its pre-training
``mask_token`` dropped.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, cast

import torch
from timm.models.vision_transformer import VisionTransformer
from torch import nn

from geoplug.core import sensors
from geoplug.models.foundation._common import resolve_spectra, sincos_1d
from geoplug.models.transformers import build_vit

__all__ = ["Panopticon", "PanopticonPatchEmbed", "channel_ids", "panopticon_vitb14"]

_ATTN_DIM = 2304
_PATCH = 14
# Panopticon's radar channel ids: -1..-4 = VV, VH, HH, HV (orbit direction averaged)
_SAR_IDS = {"VV": -1.0, "VH": -2.0, "HH": -3.0, "HV": -4.0}


class _ChannelEmbedding(nn.Module):
    def __init__(self, dim: int) -> None:
        super().__init__()
        third = dim // 3
        self.dim = dim
        self.embed_transmit = nn.Parameter(torch.zeros(2, third))  # 0: V, 1: H
        self.embed_receive = nn.Parameter(torch.zeros(2, third))  # 0: V, 1: H
        self.embed_orbit = nn.Parameter(torch.zeros(2, dim - 2 * third))  # ascending, descending

    def forward(self, ids: torch.Tensor) -> torch.Tensor:
        """``[C, dim]`` embeddings of channel ids (nm for optical bands, negative for radar)."""
        radar = ids < 0
        out = torch.zeros(ids.shape[0], self.dim, device=ids.device,
                          dtype=self.embed_transmit.dtype)
        optical = torch.floor(ids[~radar])  # whole nanometres, as published
        out[~radar] = sincos_1d(self.dim, optical).to(out)
        index = (-ids[radar] - 1).long()  # 0..11: polarisation (VV, VH, HH, HV) x orbit (3)
        pol, orbit = index % 4, index // 4
        transmit = self.embed_transmit[(pol >= 2).long()]
        receive = self.embed_receive[((pol == 1) | (pol == 2)).long()]
        orbits = torch.cat([self.embed_orbit.mean(dim=0, keepdim=True), self.embed_orbit])
        out[radar] = torch.cat([transmit, receive, orbits[orbit]], dim=1)
        return out


class _KeyValue(nn.Module):
    """The key and value projections of the channel cross-attention (the publisher's
    ``xattn``; its query is the learned token itself, unprojected)."""

    def __init__(self, dim: int) -> None:
        super().__init__()
        self.inproj_k = nn.Linear(dim, dim, bias=False)
        self.inproj_v = nn.Linear(dim, dim, bias=False)


class _Conv3dHolder(nn.Module):
    """Holds the per-band patch convolution under the publisher's key ``conv3d.conv3d``."""

    def __init__(self) -> None:
        super().__init__()
        self.conv3d = nn.Conv3d(1, _ATTN_DIM, kernel_size=(1, _PATCH, _PATCH),
                                stride=(1, _PATCH, _PATCH))


class _ChannelAttention(nn.Module):
    def __init__(self, dim: int, heads: int = 16) -> None:
        super().__init__()
        self.heads = heads
        self.chnemb = _ChannelEmbedding(dim)
        self.query = nn.Parameter(torch.randn(1, 1, dim) * 0.02)
        self.xattn = _KeyValue(dim)

    def forward(self, x: torch.Tensor, ids: torch.Tensor) -> torch.Tensor:
        b, c, n, d = x.shape
        x = (x + self.chnemb(ids)[None, :, None, :]).permute(0, 2, 1, 3).reshape(b * n, c, d)
        h = self.heads
        k = self.xattn.inproj_k(x).reshape(b * n, c, h, d // h).transpose(1, 2)
        v = self.xattn.inproj_v(x).reshape(b * n, c, h, d // h).transpose(1, 2)
        q = self.query.expand(b * n, -1, -1).reshape(b * n, 1, h, d // h).transpose(1, 2)
        out = torch.nn.functional.scaled_dot_product_attention(q, k, v)
        return out.transpose(1, 2).reshape(b, n, d)


class PanopticonPatchEmbed(nn.Module):
    """Per-band patchification, channel embeddings and cross-attention over the bands."""

    def __init__(self, embed_dim: int, img_size: int) -> None:
        super().__init__()
        self.conv3d = _Conv3dHolder()
        self.chnfus = _ChannelAttention(_ATTN_DIM)
        self.proj = nn.Linear(_ATTN_DIM, embed_dim)
        self.patch_size = (_PATCH, _PATCH)
        self.grid_size = (img_size // _PATCH, img_size // _PATCH)
        self.num_patches = self.grid_size[0] * self.grid_size[1]

    def forward(self, x: torch.Tensor, ids: torch.Tensor) -> torch.Tensor:
        if x.shape[1] != ids.numel():
            raise ValueError(f"the input has {x.shape[1]} bands but {ids.numel()} channel ids "
                             "(wavelengths) are known; build the model for these bands")
        out = self.conv3d.conv3d(x.unsqueeze(1))  # [B, 2304, C, H', W']
        out = out.flatten(3).permute(0, 2, 3, 1)  # [B, C, L, 2304]
        return self.proj(self.chnfus(out, ids.to(out.device)))


class Panopticon(VisionTransformer):
    """timm's DINOv2 ViT-B/14 with Panopticon's spectral patch embedding.

    ``forward(x, chn_ids=None)``: ``chn_ids`` (Panopticon's encoding: nm for optical bands,
    -1..-4 for VV, VH, HH, HV) default to the bands the model was built for.
    """

    chn_ids: torch.Tensor

    def forward_features(self, x: torch.Tensor,  # type: ignore[override]
                         chn_ids: torch.Tensor | None = None) -> torch.Tensor:
        ids = self.chn_ids if chn_ids is None else torch.as_tensor(chn_ids, dtype=torch.float32)
        if x.shape[-2:] != tuple(s * _PATCH for s in self.patch_embed.grid_size):
            raise ValueError(f"the model was built for {self.patch_embed.grid_size} patches of "
                             f"{_PATCH} px; build it with img_size={x.shape[-1]}")
        tokens = self._pos_embed(self.patch_embed(x, ids))
        tokens = self.norm_pre(self.patch_drop(tokens))
        return self.norm(self.blocks(tokens))

    def forward(self, x: torch.Tensor,  # type: ignore[override]
                chn_ids: torch.Tensor | None = None) -> torch.Tensor:
        return self.forward_head(self.forward_features(x, chn_ids))


def channel_ids(wavelengths_um: Sequence[float], bands: Sequence[str] | None) -> list[float]:
    """Panopticon's channel ids: wavelengths in nm, radar polarisations by name.

    Raises:
        ValueError: a radar band without a polarisation name (VV, VH, HH, HV).
    """
    ids: list[float] = []
    for i, wave in enumerate(wavelengths_um):
        if wave < 10_000:  # optical or thermal
            ids.append(wave * 1000.0)
            continue
        name = sensors.normalise_band(bands[i]) if bands is not None else ""
        if name not in _SAR_IDS:
            raise ValueError(f"band {i} is radar (wavelength {wave} um); Panopticon embeds radar "
                             "by polarisation: name it VV, VH, HH or HV with bands=[...]")
        ids.append(_SAR_IDS[name])
    return ids


def panopticon_vitb14(in_chans: int | None = None, num_classes: int = 0, *,
                      wavelengths: Sequence[float] | None = None,
                      bands: Sequence[str] | None = None, sensor: str | Sequence[str] | None = None,
                      img_size: int = 224, **kwargs: Any) -> Panopticon:
    """Panopticon ViT-B/14 (DINOv2 layout, 768 wide, 12 blocks) for any optical and radar bands.

    Bands are given by ``wavelengths`` (um) or by ``bands`` with ``sensor`` (Sentinel-1
    polarisations by name); ``img_size`` (224) must be a multiple of 14. Other keyword
    arguments go to :func:`geoplug.models.transformers.build_vit` (``drop_path_rate``...).

    Raises:
        NoWavelengthError: neither wavelengths nor bands with a sensor are given.
        BandMismatchError: band, wavelength and ``in_chans`` counts disagree.
        ValueError: a radar band not named by its polarisation, or a bad ``img_size``.
    """
    if img_size % _PATCH:
        raise ValueError(f"img_size must be a multiple of {_PATCH}, got {img_size}")
    spectra = resolve_spectra("panopticon_vitb14", wavelengths=wavelengths, bands=bands,
                              sensor=sensor, in_chans=in_chans)
    ids = channel_ids(spectra.wavelengths, spectra.bands)
    model = build_vit("vit_base_patch14_dinov2", 3, num_classes, img_size, **kwargs)
    model.patch_embed = PanopticonPatchEmbed(cast(int, model.embed_dim), img_size)
    model.__class__ = Panopticon  # same timm modules; only the patch embedding differs
    assert isinstance(model, Panopticon)
    model.register_buffer("chn_ids", torch.tensor(ids, dtype=torch.float32), persistent=False)
    model.in_chans = len(ids)  # type: ignore[assignment]
    cfg = dict(getattr(model, "pretrained_cfg", {}))
    model.pretrained_cfg = {  # type: ignore[assignment]
        **cfg, "architecture": "panopticon_vitb14", "first_conv": None}
    return model
