"""DOFA: a ViT whose patch embedding is generated from each band's wavelength.

Xiong et al., "Neural Plasticity-Inspired Multimodal Foundation Model for Earth Observation"
(arXiv:2403.15356); publisher's code and checkpoints: github.com/zhu-xlab/DOFA.

The patch kernel of band ``c`` is not a stored weight: a small transformer (the "weight
generator") turns the sin-cos encoding of the band's wavelength into a ``[D, k, k]`` kernel and
one bias for all bands, so one set of weights embeds any sensor. Keys follow the published
files: ``patch_embed.weight_generator.*`` (a one-layer ``nn.TransformerEncoder`` over 128
learned weight tokens, the band encodings and a bias token, then ``fc_weight``/``fc_bias``),
``patch_embed.fclayer.w1``/``w2`` (a residual MLP on the encodings), ``cls_token``, the fixed
sin-cos ``pos_embed`` and timm ``blocks``. The files hold no final norm: ``fc_norm`` (after
mean pooling of the patch tokens) and ``head`` start fresh, as in the publisher's fine-tuning.
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import partial
from typing import Any

import torch
import torch.nn.functional as F
from timm.models.vision_transformer import Block
from torch import nn

from geoplug.models.foundation._common import resolve_spectra, sincos_1d

__all__ = [
    "DOFA",
    "dofa_base_patch16_224",
    "dofa_huge_patch14_224",
    "dofa_large_patch16_224",
    "dofa_small_patch16_224",
]

_WAVE_DIM = 128  # width of the wavelength encoding and of the weight generator
_WEIGHT_TOKENS = 128
_SCALE = 0.01  # the generated kernels and bias are scaled down by this (publisher's value)


class _ResidualMLP(nn.Module):
    """``x + relu(w2(relu(w1(x))))`` on the wavelength encodings."""

    def __init__(self, dim: int) -> None:
        super().__init__()
        self.w1 = nn.Linear(dim, dim)
        self.w2 = nn.Linear(dim, dim)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return x + F.relu(self.w2(F.relu(self.w1(x))))


class _WeightGenerator(nn.Module):
    """Kernels for each band (``[bands, k*k*D]``) and one bias (``[D]``) from the encodings."""

    def __init__(self, kernel_numel: int, embed_dim: int) -> None:
        super().__init__()
        layer = nn.TransformerEncoderLayer(d_model=_WAVE_DIM, nhead=4, activation="gelu",
                                           dropout=0.0, norm_first=False)
        self.transformer_encoder = nn.TransformerEncoder(layer, num_layers=1,
                                                         enable_nested_tensor=False)
        self.fc_weight = nn.Linear(_WAVE_DIM, kernel_numel)
        self.fc_bias = nn.Linear(_WAVE_DIM, embed_dim)
        self.weight_tokens = nn.Parameter(torch.randn(_WEIGHT_TOKENS, _WAVE_DIM) * 0.02)
        self.bias_token = nn.Parameter(torch.randn(1, _WAVE_DIM) * 0.02)

    def forward(self, waves: torch.Tensor) -> tuple[torch.Tensor, torch.Tensor]:
        sequence = torch.cat([self.weight_tokens, waves, self.bias_token], dim=0)
        out = self.transformer_encoder(sequence)  # one unbatched sequence [tokens, 128]
        weights = self.fc_weight(out[_WEIGHT_TOKENS:-1] + waves)
        return weights, self.fc_bias(out[-1])


class DynamicPatchEmbed(nn.Module):
    """A ``k x k`` stride-``k`` patch embedding whose kernels come from the band wavelengths."""

    def __init__(self, patch_size: int, embed_dim: int, img_size: int) -> None:
        super().__init__()
        self.patch_size = patch_size
        self.embed_dim = embed_dim
        self.weight_generator = _WeightGenerator(patch_size * patch_size * embed_dim, embed_dim)
        self.fclayer = _ResidualMLP(_WAVE_DIM)
        side = (img_size + 2 - patch_size) // patch_size + 1  # the publisher pads by 1 pixel
        self.grid_size = (side, side)
        for module in (self.weight_generator, self.fclayer):
            for sub in module.modules():
                if isinstance(sub, nn.Linear):
                    nn.init.xavier_uniform_(sub.weight)
                    if sub.bias is not None:
                        nn.init.constant_(sub.bias, 0.01)

    def kernels(self, wavelengths: torch.Tensor) -> tuple[torch.Tensor, torch.Tensor]:
        """The ``[D, bands, k, k]`` kernel and ``[D]`` bias for bands at ``wavelengths`` (um)."""
        waves = self.fclayer(sincos_1d(_WAVE_DIM, wavelengths * 1000).to(wavelengths.device))
        weight, bias = self.weight_generator(waves)
        k = self.patch_size
        # row c of the [bands, k*k*D] output is band c's kernel, laid out [k, k, D]: band c
        # must get its own row, so that the kernel follows its wavelength (the publisher's
        # fixed layout; a plain [D, bands, k, k] view mixed the bands' rows together)
        kernel = weight.reshape(wavelengths.numel(), k, k, self.embed_dim).permute(3, 0, 1, 2)
        return kernel * _SCALE, bias * _SCALE

    def forward(self, x: torch.Tensor, wavelengths: torch.Tensor) -> torch.Tensor:
        kernel, bias = self.kernels(wavelengths)
        out = F.conv2d(x, kernel.to(x.dtype), bias.to(x.dtype), stride=self.patch_size,
                       padding=1)
        return out.flatten(2).transpose(1, 2)


class DOFA(nn.Module):
    """DOFA encoder: wavelength-conditioned patch embedding, ViT blocks, mean-pooled head.

    ``forward(x, wavelengths=None)`` takes ``[B, C, H, W]`` and the ``C`` wavelengths in um
    (default: those the model was built with). ``num_classes=0`` returns pooled features.
    """

    wavelengths: torch.Tensor

    def __init__(self, *, name: str, wavelengths: Sequence[float], patch_size: int,
                 embed_dim: int, depth: int, num_heads: int, num_classes: int = 0,
                 img_size: int = 224, drop_path_rate: float = 0.0) -> None:
        super().__init__()
        if num_classes < 0:
            raise ValueError(f"num_classes must be >= 0 (0: features only), got {num_classes}")
        self.patch_embed = DynamicPatchEmbed(patch_size, embed_dim, img_size)
        grid = self.patch_embed.grid_size
        self.cls_token = nn.Parameter(torch.zeros(1, 1, embed_dim))
        self.pos_embed = nn.Parameter(_pos_table(embed_dim, grid), requires_grad=False)
        rates = [drop_path_rate * i / max(depth - 1, 1) for i in range(depth)]
        self.blocks = nn.ModuleList(
            Block(embed_dim, num_heads, 4.0, qkv_bias=True, drop_path=rate,
                  norm_layer=partial(nn.LayerNorm, eps=1e-6))  # type: ignore[arg-type]
            for rate in rates
        )
        self.fc_norm = nn.LayerNorm(embed_dim, eps=1e-6)
        self.head = nn.Linear(embed_dim, num_classes) if num_classes else nn.Identity()
        self.register_buffer("wavelengths", torch.tensor(list(wavelengths), dtype=torch.float32),
                             persistent=False)
        self.embed_dim = self.num_features = embed_dim
        self.num_classes = num_classes
        self.in_chans = len(wavelengths)
        # what geoplug's weight loading reads: no per-band kernel to remap (first_conv None)
        self.pretrained_cfg = {"architecture": name, "first_conv": None,
                               "classifier": ("fc_norm", "head")}

    def _waves(self, wavelengths: Sequence[float] | torch.Tensor | None,
               channels: int) -> torch.Tensor:
        waves = self.wavelengths if wavelengths is None else torch.as_tensor(
            wavelengths, dtype=torch.float32, device=self.cls_token.device)
        if waves.numel() != channels:
            raise ValueError(f"the input has {channels} bands but {waves.numel()} wavelengths "
                             "are given; pass wavelengths=[...] (um) for these bands")
        return waves

    def forward_features(self, x: torch.Tensor,
                         wavelengths: Sequence[float] | torch.Tensor | None = None,
                         ) -> torch.Tensor:
        """Token features ``[B, 1 + patches, D]`` after the last block (class token first)."""
        tokens = self.patch_embed(x, self._waves(wavelengths, x.shape[1]))
        if tokens.shape[1] != self.pos_embed.shape[1] - 1:
            raise ValueError(f"the model was built for {self.pos_embed.shape[1] - 1} patches "
                             f"and the input gives {tokens.shape[1]}; build it with "
                             "img_size=<the input's size>")
        tokens = tokens + self.pos_embed[:, 1:]
        cls = (self.cls_token + self.pos_embed[:, :1]).expand(x.shape[0], -1, -1)
        out = torch.cat([cls, tokens], dim=1)
        for block in self.blocks:
            out = block(out)
        return out

    def forward(self, x: torch.Tensor,
                wavelengths: Sequence[float] | torch.Tensor | None = None) -> torch.Tensor:
        pooled = self.fc_norm(self.forward_features(x, wavelengths)[:, 1:].mean(dim=1))
        return self.head(pooled)


def _pos_table(dim: int, grid: tuple[int, int]) -> torch.Tensor:
    """MAE's fixed 2-D sin-cos position table with a zero row for the class token."""
    rows, cols = torch.meshgrid(torch.arange(grid[0]), torch.arange(grid[1]), indexing="ij")
    # MAE encodes the column index in the first half, the row index in the second
    table = torch.cat([sincos_1d(dim // 2, cols), sincos_1d(dim // 2, rows)], dim=1)
    return torch.cat([torch.zeros(1, dim), table]).unsqueeze(0)


def _build(name: str, patch: int, width: int, depth: int, heads: int, *,
           in_chans: int | None, num_classes: int, wavelengths: Sequence[float] | None,
           bands: Sequence[str] | None, sensor: str | Sequence[str] | None,
           **kwargs: Any) -> DOFA:
    spectra = resolve_spectra(name, wavelengths=wavelengths, bands=bands, sensor=sensor,
                              in_chans=in_chans)
    radar = [i for i in range(len(spectra)) if spectra.is_radar(i)]
    if radar and wavelengths is None:
        raise ValueError(
            f"{name}: bands {[spectra.bands[i] for i in radar] if spectra.bands else radar} "
            "are radar polarisations, which have no optical wavelength; pass wavelengths=[...] "
            "(um) by hand with the values the DOFA authors use for SAR"
        )
    return DOFA(name=name, wavelengths=spectra.wavelengths, patch_size=patch, embed_dim=width,
                depth=depth, num_heads=heads, num_classes=num_classes, **kwargs)


_DOC = """DOFA {size} ({width} wide, {depth} blocks, {patch}x{patch} patches) for any bands.

    The bands are given by ``wavelengths`` (um) or by ``bands`` with ``sensor`` (looked up in
    geoplug's sensor table); ``in_chans``, when given, must agree. Other keyword arguments:
    ``img_size`` (224), ``drop_path_rate``.

    Raises:
        NoWavelengthError: neither wavelengths nor bands with a sensor are given.
        BandMismatchError: band, wavelength and ``in_chans`` counts disagree.
        ValueError: radar bands without explicit wavelengths, or nanometre-looking values.
    """


def dofa_small_patch16_224(in_chans: int | None = None, num_classes: int = 0, *,
                           wavelengths: Sequence[float] | None = None,
                           bands: Sequence[str] | None = None,
                           sensor: str | Sequence[str] | None = None, **kwargs: Any) -> DOFA:
    return _build("dofa_small_patch16_224", 16, 384, 12, 6, in_chans=in_chans,
                  num_classes=num_classes, wavelengths=wavelengths, bands=bands, sensor=sensor,
                  **kwargs)


def dofa_base_patch16_224(in_chans: int | None = None, num_classes: int = 0, *,
                          wavelengths: Sequence[float] | None = None,
                          bands: Sequence[str] | None = None,
                          sensor: str | Sequence[str] | None = None, **kwargs: Any) -> DOFA:
    return _build("dofa_base_patch16_224", 16, 768, 12, 12, in_chans=in_chans,
                  num_classes=num_classes, wavelengths=wavelengths, bands=bands, sensor=sensor,
                  **kwargs)


def dofa_large_patch16_224(in_chans: int | None = None, num_classes: int = 0, *,
                           wavelengths: Sequence[float] | None = None,
                           bands: Sequence[str] | None = None,
                           sensor: str | Sequence[str] | None = None, **kwargs: Any) -> DOFA:
    return _build("dofa_large_patch16_224", 16, 1024, 24, 16, in_chans=in_chans,
                  num_classes=num_classes, wavelengths=wavelengths, bands=bands, sensor=sensor,
                  **kwargs)


def dofa_huge_patch14_224(in_chans: int | None = None, num_classes: int = 0, *,
                          wavelengths: Sequence[float] | None = None,
                          bands: Sequence[str] | None = None,
                          sensor: str | Sequence[str] | None = None, **kwargs: Any) -> DOFA:
    return _build("dofa_huge_patch14_224", 14, 1280, 32, 16, in_chans=in_chans,
                  num_classes=num_classes, wavelengths=wavelengths, bands=bands, sensor=sensor,
                  **kwargs)


for _fn, _args in ((dofa_small_patch16_224, ("small", 384, 12, 16)),
                   (dofa_base_patch16_224, ("base", 768, 12, 16)),
                   (dofa_large_patch16_224, ("large", 1024, 24, 16)),
                   (dofa_huge_patch14_224, ("huge", 1280, 32, 14))):
    _fn.__doc__ = _DOC.format(size=_args[0], width=_args[1], depth=_args[2], patch=_args[3])
