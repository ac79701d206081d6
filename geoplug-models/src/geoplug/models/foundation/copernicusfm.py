"""Copernicus-FM: a ViT with a hypernetwork patch embedding driven by wavelength and bandwidth,
and encodings of location, time and pixel area.

Wang et al., "Towards a Unified Copernicus Foundation Model for Earth Vision"
(arXiv:2503.11849); code and checkpoint: github.com/zhu-xlab/Copernicus-FM.

The patch kernels come from DOFA's weight generator
(:class:`geoplug.models.foundation.dofa.DynamicPatchEmbed`'s parts), fed with the sum of two
Fourier expansions (log-spaced periods, Aurora's ``FourierExpansion``): of the centre
wavelength (100 nm to 1 m) and of the bandwidth (1 nm to 1 m). Unlike DOFA the generated
``[bands, k*k*D]`` output is reshaped to ``[bands, k, k, D]`` and permuted to a kernel. A second
("variable") hypernetwork takes a 2048-wide language embedding of a variable name instead
(``patch_embed_variable``, with ``language_proj``). Per sample, metadata
``[longitude, latitude, days since 1970-01-01, patch area km^2]`` is Fourier-encoded and added
to every token through ``coord_fc``/``time_fc``/``scale_fc``; unknown values (NaN) use learned
tokens instead. The published file has no final norm: ``fc_norm`` and ``head`` start fresh.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from typing import Any

import torch
import torch.nn.functional as F
from timm.models.vision_transformer import Block
from torch import nn

from geoplug.models.foundation._common import RADAR_BANDWIDTH_NM, resolve_spectra
from geoplug.models.foundation.dofa import _SCALE, _WAVE_DIM, _ResidualMLP, _WeightGenerator

__all__ = ["CopernicusFM", "copernicusfm_base", "fourier_expansion"]

_SAR_WAVELENGTH_NM = 5e7  # Copernicus-FM's convention for Sentinel-1 (5 cm)


def fourier_expansion(x: torch.Tensor, dim: int, lower: float, upper: float) -> torch.Tensor:
    """``[..., dim]``: ``sin``/``cos`` of ``2 pi x / p`` for ``dim/2`` periods ``p``
    log-spaced from ``lower`` to ``upper`` (computed in float64)."""
    periods = torch.logspace(math.log10(lower), math.log10(upper), dim // 2,
                             dtype=torch.float64, device=x.device)
    angles = x.double()[..., None] * (2 * math.pi / periods)
    return torch.cat([angles.sin(), angles.cos()], dim=-1).float()


class _HyperPatchEmbed(nn.Module):
    language_proj: nn.Linear  # the variable hypernetwork only

    def __init__(self, embed_dim: int, patch: int, variable: bool) -> None:
        super().__init__()
        self.embed_dim, self.patch = embed_dim, patch
        if variable:
            self.language_proj = nn.Linear(2048, _WAVE_DIM)
        self.weight_generator = _WeightGenerator(patch * patch * embed_dim, embed_dim)
        self.fclayer = _ResidualMLP(_WAVE_DIM)
        for sub in self.modules():
            if isinstance(sub, nn.Linear):
                nn.init.xavier_uniform_(sub.weight)
                if sub.bias is not None:
                    nn.init.constant_(sub.bias, 0.01)

    def forward(self, x: torch.Tensor, codes: torch.Tensor) -> torch.Tensor:
        weight, bias = self.weight_generator(self.fclayer(codes))
        k = self.patch
        kernel = weight.reshape(codes.shape[0], k, k, self.embed_dim).permute(3, 0, 1, 2)
        out = F.conv2d(x, (kernel * _SCALE).to(x.dtype), (bias * _SCALE).to(x.dtype),
                       stride=k, padding=1)
        return out.flatten(2).transpose(1, 2)


class CopernicusFM(nn.Module):
    """Copernicus-FM encoder (spectral or variable input) with a mean-pooled head.

    ``forward(x, meta=None, *, wavelengths=None, bandwidths=None, language_embed=None)``:
    ``meta`` is ``[B, 4]`` (longitude, latitude in degrees, days since 1970-01-01, patch
    area km^2; NaN where unknown, the default). Wavelengths/bandwidths (um) default to those
    the model was built for; ``language_embed`` (2048 values) switches to variable mode.
    """

    wavelengths_nm: torch.Tensor
    bandwidths_nm: torch.Tensor

    def __init__(self, *, wavelengths_nm: Sequence[float], bandwidths_nm: Sequence[float],
                 embed_dim: int = 768, depth: int = 12, num_heads: int = 12, patch: int = 16,
                 img_size: int = 224, num_classes: int = 0, drop_path_rate: float = 0.0) -> None:
        super().__init__()
        if num_classes < 0:
            raise ValueError(f"num_classes must be >= 0 (0: features only), got {num_classes}")
        self.patch_embed_spectral = _HyperPatchEmbed(embed_dim, patch, variable=False)
        self.patch_embed_variable = _HyperPatchEmbed(embed_dim, patch, variable=True)
        self.grid = (img_size + 2 - patch) // patch + 1  # the publisher pads by 1 pixel
        self.cls_token = nn.Parameter(torch.zeros(1, 1, embed_dim))
        self.pos_embed = nn.Parameter(torch.zeros(1, 1 + self.grid**2, embed_dim),
                                      requires_grad=False)
        self.coord_fc = nn.Linear(embed_dim, embed_dim)
        self.scale_fc = nn.Linear(embed_dim, embed_dim)
        self.time_fc = nn.Linear(embed_dim, embed_dim)
        # used where the metadata is unknown (NaN)
        self.coord_token = nn.Parameter(torch.zeros(1, 1, embed_dim))
        self.scale_token = nn.Parameter(torch.zeros(1, 1, embed_dim))
        self.time_token = nn.Parameter(torch.zeros(1, 1, embed_dim))
        rates = [drop_path_rate * i / max(depth - 1, 1) for i in range(depth)]
        self.blocks = nn.ModuleList(Block(embed_dim, num_heads, 4.0, qkv_bias=True,
                                          drop_path=rate) for rate in rates)
        self.fc_norm = nn.LayerNorm(embed_dim)
        self.head = nn.Linear(embed_dim, num_classes) if num_classes else nn.Identity()
        self.register_buffer("wavelengths_nm", torch.tensor(list(wavelengths_nm)),
                             persistent=False)
        self.register_buffer("bandwidths_nm", torch.tensor(list(bandwidths_nm)),
                             persistent=False)
        self.embed_dim = self.num_features = embed_dim
        self.num_classes = num_classes
        self.in_chans = len(wavelengths_nm)
        self.pretrained_cfg = {"architecture": "copernicusfm_base", "first_conv": None,
                               "classifier": ("fc_norm", "head")}

    def _codes(self, channels: int, wavelengths: Any, bandwidths: Any,
               language_embed: torch.Tensor | None) -> tuple[torch.Tensor, bool]:
        device = self.cls_token.device
        if language_embed is not None:
            return language_embed.reshape(1, -1).to(device), True
        # float32 nanometres, as the publisher feeds them (then expanded in float64)
        waves = self.wavelengths_nm if wavelengths is None else (torch.as_tensor(
            wavelengths, dtype=torch.float64, device=device) * 1000).float()
        widths = self.bandwidths_nm if bandwidths is None else (torch.as_tensor(
            bandwidths, dtype=torch.float64, device=device) * 1000).float()
        if waves.numel() != channels or widths.numel() != channels:
            raise ValueError(f"the input has {channels} bands but {waves.numel()} wavelengths "
                             f"and {widths.numel()} bandwidths are given")
        codes = (fourier_expansion(waves, _WAVE_DIM, 100, 1e9)
                 + fourier_expansion(widths, _WAVE_DIM, 1, 1e9))
        return codes, False

    def _metadata(self, meta: torch.Tensor | None, batch: int) -> torch.Tensor:
        d = self.embed_dim
        if meta is None:
            meta = torch.full((batch, 4), float("nan"), device=self.cls_token.device)
        lon, lat, days, area = meta.unbind(dim=1)
        coord: torch.Tensor
        if torch.isnan(lon).any() or torch.isnan(lat).any():
            coord = self.coord_token
        else:
            half = d // 2
            coord = torch.cat([fourier_expansion(lon + 180, half, 1e-4, 720),
                               fourier_expansion(lat + 90, half, 1e-4, 720)], dim=-1)
            coord = F.pad(coord, (0, d - coord.shape[-1])).unsqueeze(1)
        scale: torch.Tensor = (self.scale_token if torch.isnan(area).any()
                 else fourier_expansion(area, d, 1e-3, 5.1e8).unsqueeze(1))
        time: torch.Tensor = (self.time_token if torch.isnan(days).any()
                else fourier_expansion(days, d, 1, 365.25).unsqueeze(1))
        return self.coord_fc(coord) + self.scale_fc(scale) + self.time_fc(time)

    def forward_features(self, x: torch.Tensor, meta: torch.Tensor | None = None, *,
                         wavelengths: Sequence[float] | None = None,
                         bandwidths: Sequence[float] | None = None,
                         language_embed: torch.Tensor | None = None) -> torch.Tensor:
        """Tokens ``[B, 1 + patches, D]`` after the last block (class token first).

        Raises:
            ValueError: band counts disagree, or ``meta`` is not ``[B, 4]``.
        """
        if meta is not None and tuple(meta.shape) != (x.shape[0], 4):
            raise ValueError(f"meta must be [B, 4] (lon, lat, days, km^2), got "
                             f"{tuple(meta.shape)}")
        codes, variable = self._codes(x.shape[1], wavelengths, bandwidths, language_embed)
        embed = self.patch_embed_variable if variable else self.patch_embed_spectral
        if variable:
            codes = embed.language_proj(codes)
        tokens = embed(x, codes.to(self.cls_token.dtype))
        pos = _resize_table(self.pos_embed, round(tokens.shape[1] ** 0.5))
        pos = pos + self._metadata(meta, x.shape[0])
        out = torch.cat([(self.cls_token + pos[:, :1]).expand(x.shape[0], -1, -1),
                         tokens + pos[:, 1:]], dim=1)
        for block in self.blocks:
            out = block(out)
        return out

    def forward(self, x: torch.Tensor, meta: torch.Tensor | None = None, **kwargs: Any
                ) -> torch.Tensor:
        tokens = self.forward_features(x, meta, **kwargs)
        return self.head(self.fc_norm(tokens[:, 1:].mean(dim=1)))


def _resize_table(table: torch.Tensor, side: int) -> torch.Tensor:
    """The position table for a ``side x side`` grid (bicubic, antialiased, as published)."""
    old = round((table.shape[1] - 1) ** 0.5)
    if old == side:
        return table
    grid = table[:, 1:].reshape(1, old, old, -1).permute(0, 3, 1, 2)
    grid = F.interpolate(grid, size=(side, side), mode="bicubic", antialias=True)
    return torch.cat([table[:, :1], grid.permute(0, 2, 3, 1).reshape(1, side * side, -1)], 1)


def copernicusfm_base(in_chans: int | None = None, num_classes: int = 0, *,
                      wavelengths: Sequence[float] | None = None,
                      bandwidths: Sequence[float] | None = None,
                      bands: Sequence[str] | None = None,
                      sensor: str | Sequence[str] | None = None, **kwargs: Any) -> CopernicusFM:
    """Copernicus-FM ViT-B/16 (768 wide, 12 blocks) for any bands.

    The bands are given by ``wavelengths`` and ``bandwidths`` (um), or by ``bands`` with
    ``sensor`` (looked up in geoplug's sensor table; Sentinel-1 polarisations take the
    publisher's 5 cm wavelength and 1 m bandwidth). Other keyword arguments: ``img_size``,
    ``drop_path_rate``.

    Raises:
        NoWavelengthError: the bands' wavelengths or bandwidths are unknown.
        BandMismatchError: band, wavelength, bandwidth and ``in_chans`` counts disagree.
    """
    spectra = resolve_spectra("copernicusfm_base", wavelengths=wavelengths,
                              bandwidths=bandwidths, bands=bands, sensor=sensor,
                              in_chans=in_chans, need_bandwidths=True)
    assert spectra.bandwidths is not None
    waves = [_SAR_WAVELENGTH_NM if spectra.is_radar(i) and wavelengths is None else w * 1000
             for i, w in enumerate(spectra.wavelengths)]
    widths = [RADAR_BANDWIDTH_NM if spectra.is_radar(i) and bandwidths is None else w * 1000
              for i, w in enumerate(spectra.bandwidths)]
    return CopernicusFM(wavelengths_nm=waves, bandwidths_nm=widths, num_classes=num_classes,
                        **kwargs)
