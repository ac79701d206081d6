"""Batched resampling of deferred samples, on whatever device the batch is on.

A :class:`~geoplug.core.raster.RasterDataset` created with ``defer_resampling=True`` does the
cheap part of a warped read in the DataLoader worker (the reading plan and one windowed read in
the source dtype, see :mod:`geoplug.core.deferred`) and leaves the interpolation to
:class:`Resample`, which runs it for a whole collated batch at once (CPU, or GPU after
``batch.to("cuda")``).

A deferred layer is described by a :class:`DeferredLayer`; in a sample it travels as three
tensors, so that the default collate stacks it. For ``key`` ``"image"`` (``"mask"`` for mask
datasets):

* ``{key}_src``: ``[C, P, P]`` source dtype: the covering source window at the top-left,
  padded (edge-replicated) to a side ``P`` fixed per dataset and patch size, so samples stack.
* ``{key}_grid``: ``[H, W, 2]`` float32: each output pixel's ``(x, y)`` sampling position in
  ``{key}_src``, normalised to ``[-1, 1]`` as :func:`torch.nn.functional.grid_sample` expects
  (``align_corners=False``); for ``nearest`` it is the centre of the picked source pixel.
* ``{key}_params``: ``[9]`` float64: ``(mode, has_nodata, nodata, fill, keep_dtype, rows,
  cols, half_x, half_y)``, the scalar fields of :class:`DeferredLayer`.

:class:`Resample` reads the three back as a :class:`DeferredBatch`. The result equals the eager
path: nearest exactly; bilinear up to float rounding (GDAL's widened kernel included; weights
are renormalised over valid neighbours where the window holds nodata, as GDAL does); pixels
outside the data or whose centre pixel is nodata get the fill value.

Only torch and numpy are needed here, so a batch saved in a worker can be resampled where
neither rasterio nor the files are.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, MutableMapping
from dataclasses import dataclass
from typing import Any

import numpy as np
import torch
import torch.nn.functional as F
from torch import Tensor, nn

__all__ = ["BILINEAR", "FINAL", "NEAREST", "DeferredBatch", "DeferredLayer", "Resample"]

#: the window's top-left ``H x W`` already holds the final pixels (aligned reads, overlapping
#: files, other methods or merges): nothing left to resample
FINAL = 0
NEAREST = 1
BILINEAR = 2
_KEYS = ("image", "mask")
_SUFFIXES = ("_src", "_grid", "_params")


@dataclass(frozen=True, slots=True)
class DeferredLayer:
    """One deferred layer of a sample (worker side): what :class:`Resample` needs to finish it.

    ``window`` ``[C, P, P]`` (source dtype) holds the covering source window at its top-left,
    ``rows`` x ``cols`` pixels, edge-padded to ``P``; ``grid`` ``[H, W, 2]`` float32 the
    normalised sampling position of each output pixel in it. ``mode`` is :data:`FINAL`,
    :data:`NEAREST` or :data:`BILINEAR`; ``half`` the bilinear kernel's half-widths in source
    pixels (1: GDAL's four-tap formula, more where GDAL widens it: downsampling, or a grid
    rotated by more than about 3 degrees against the source).
    """

    window: np.ndarray
    grid: np.ndarray
    mode: int
    rows: int
    cols: int
    nodata: float | None
    fill: float
    keep_dtype: bool
    half: tuple[float, float] = (1.0, 1.0)

    def entries(self, key: str) -> dict[str, Tensor]:
        """The ``{key}_src``/``{key}_grid``/``{key}_params`` tensors of a sample."""
        nodata = self.nodata
        params = torch.tensor([self.mode, nodata is not None, 0.0 if nodata is None else nodata,
                               self.fill, self.keep_dtype, self.rows, self.cols, *self.half],
                              dtype=torch.float64)
        return {f"{key}_src": torch.from_numpy(self.window),
                f"{key}_grid": torch.from_numpy(self.grid), f"{key}_params": params}


def _bits(t: Tensor) -> Tensor:
    """``t`` viewed with a signed dtype of the same size (unsigned types lack indexing ops)."""
    signed = {torch.uint16: torch.int16, torch.uint32: torch.int32, torch.uint64: torch.int64}
    return t.view(signed[t.dtype]) if t.dtype in signed else t


@dataclass(frozen=True, slots=True)
class DeferredBatch:
    """The deferred layers of one key of a collated batch, as tensors on the batch's device.

    Fields as in :class:`DeferredLayer`, stacked: ``src`` ``[B, C, P, P]``, ``grid``
    ``[B, H, W, 2]``, ``mode`` ``[B]`` int64, ``has_nodata`` ``[B]`` bool, ``nodata``,
    ``fill``, ``rows``, ``cols`` ``[B]`` float64 and ``half`` ``[B, 2]`` float64.
    """

    src: Tensor
    grid: Tensor
    mode: Tensor
    has_nodata: Tensor
    nodata: Tensor
    fill: Tensor
    keep_dtype: bool
    rows: Tensor
    cols: Tensor
    half: Tensor

    @classmethod
    def pop(cls, batch: MutableMapping[str, Any], key: str) -> DeferredBatch | None:
        """Remove ``key``'s deferred tensors from ``batch`` and decode them (``None``: none).

        Raises:
            ValueError: only some of the three tensors are there, or ``key`` is there too.
        """
        names = [key + suffix for suffix in _SUFFIXES]
        present = [n in batch for n in names]
        if not any(present):
            return None
        if not all(present):
            raise ValueError(f"the batch has only some of {names}; a deferred sample needs "
                             "all three (collate with stack_samples)")
        if key in batch:
            raise ValueError(f"the batch has both {key!r} and deferred {names[0]!r}; "
                             "combine at most one deferred image dataset with &")
        src, grid, params = (batch.pop(n) for n in names)
        return cls(src, grid, params[:, 0].round().long(), params[:, 1] > 0.5, params[:, 2],
                   params[:, 3], bool(params[0, 4] > 0.5), params[:, 5], params[:, 6],
                   params[:, 7:9])

    def select(self, idx: Tensor) -> DeferredBatch:
        """The layers at positions ``idx``."""
        return DeferredBatch(_bits(self.src)[idx].view(self.src.dtype), self.grid[idx],
                             self.mode[idx], self.has_nodata[idx], self.nodata[idx],
                             self.fill[idx], self.keep_dtype, self.rows[idx], self.cols[idx],
                             self.half[idx])

    def resample(self) -> Tensor:
        """Final ``[B, C, H, W]`` pixels in the source dtype."""
        h, w = self.grid.shape[1:3]
        out = self.src[:, :, :h, :w].clone()  # FINAL layers are ready (the others overwritten)
        for code, bilinear in ((NEAREST, False), (BILINEAR, True)):
            idx = torch.nonzero(self.mode == code).flatten()
            if idx.numel():
                _bits(out)[idx] = _bits(_warp(self.select(idx), bilinear))
        return out


def _work_dtype(dtype: torch.dtype) -> torch.dtype:
    """Float dtype holding every value of ``dtype`` exactly (as the eager path computes)."""
    if dtype in (torch.uint8, torch.int8, torch.int16, torch.uint16, torch.float16,
                 torch.bfloat16, torch.float32):
        return torch.float32
    return torch.float64


def _warp(layers: DeferredBatch, bilinear: bool) -> Tensor:
    """Resample ``layers`` (all nearest, or all bilinear) like the eager path.

    Returns the final pixels in the source dtype (rounded like GDAL, fill where invalid).
    """
    src, grid = layers.src, layers.grid
    b, c, side, _ = src.shape
    h, w = grid.shape[1:3]
    wdt = _work_dtype(src.dtype)
    data = src.to(wdt)
    fill = layers.fill.to(wdt).view(b, 1, 1, 1)
    has_nd = layers.has_nodata
    vmask: Tensor | None = None  # [b, P, P]: pixel with data in some band
    if bool(has_nd.any()):
        nodata = layers.nodata.to(wdt).view(b, 1, 1, 1)
        if bool(torch.isnan(nodata).any()):
            is_nd = torch.where(torch.isnan(nodata), torch.isnan(data), data == nodata)
        else:
            is_nd = data == nodata
        vmask = ~(is_nd.all(dim=1) & has_nd.view(b, 1, 1))
    # the source pixel holding each output centre (the in-raster and nodata test)
    pix = (grid.to(torch.float32) + 1.0).mul_(side / 2.0).floor_()  # [b, H, W, 2] (col, row)
    ix, iy = pix[..., 0], pix[..., 1]
    inside = ((ix >= 0) & (iy >= 0) & (ix < layers.cols.to(pix.dtype).view(b, 1, 1))
              & (iy < layers.rows.to(pix.dtype).view(b, 1, 1)))
    flat = (iy.clamp(0, side - 1) * side + ix.clamp(0, side - 1)).long().view(b, -1)
    if not bilinear:
        values = torch.gather(data.view(b, c, -1), 2, flat[:, None].expand(b, c, -1))
        values = values.view(b, c, h, w)
        valid = inside
        if vmask is not None:
            valid = valid & torch.gather(vmask.view(b, -1), 1, flat).view(b, h, w)
    elif bool((layers.half > 1.0).any()):
        values, wsum = _widened(data, grid.to(wdt), layers, vmask)
        valid = inside & (wsum >= 1e-5)
        if vmask is not None:
            valid &= torch.gather(vmask.view(b, -1), 1, flat).view(b, h, w)
        if not src.dtype.is_floating_point:
            values = torch.floor(values + 0.5)
    else:
        g32 = grid.to(wdt)
        holes = (torch.zeros(b, dtype=torch.bool, device=src.device) if vmask is None
                 else (~vmask).view(b, -1).any(dim=1))  # windows needing renormalisation
        values = torch.empty((b, c, h, w), dtype=wdt, device=src.device)
        valid = inside.clone()
        plain = torch.nonzero(~holes).flatten()
        if plain.numel():
            values[plain] = F.grid_sample(data[plain], g32[plain], mode="bilinear",
                                          padding_mode="border", align_corners=False)
        renorm = torch.nonzero(holes).flatten()
        if renorm.numel():
            assert vmask is not None
            v = vmask[renorm].to(wdt)[:, None]
            res = F.grid_sample(torch.cat([data[renorm] * v, v], dim=1), g32[renorm],
                                mode="bilinear", padding_mode="border", align_corners=False)
            wsum = res[:, c]
            values[renorm] = res[:, :c] / wsum.clamp_min(1e-12)[:, None]
            centre = torch.gather(vmask[renorm].view(renorm.numel(), -1), 1, flat[renorm])
            valid[renorm] &= (wsum >= 1e-5) & centre.view(-1, h, w)
        if not src.dtype.is_floating_point:
            values = torch.floor(values + 0.5)
    if not src.dtype.is_floating_point:
        info = torch.iinfo(src.dtype)
        values = values.clamp_(info.min, info.max)
    return torch.where(valid[:, None], values, fill).to(src.dtype)


def _widened(data: Tensor, grid: Tensor, layers: DeferredBatch, vmask: Tensor | None
             ) -> tuple[Tensor, Tensor]:
    """GDAL's widened bilinear (a triangle kernel of half-widths ``layers.half``).

    Taps outside the window's data part (``rows`` x ``cols``) or at nodata are left out and the
    others renormalised, like the eager path; as there, taps go two by two along each axis
    (a 2 x 2 block of separable weights is one bilinear ``grid_sample``). Returns ``(values
    [b, C, H, W], weight sum [b, H, W])``.
    """
    b, c, side, _ = data.shape
    dev, wdt = data.device, data.dtype
    index = torch.arange(side, device=dev)
    keep = ((index.view(1, side, 1) < layers.rows.view(b, 1, 1).to(dev))
            & (index.view(1, 1, side) < layers.cols.view(b, 1, 1).to(dev)))
    if vmask is not None:
        keep = keep & vmask
    weight_plane = keep.to(wdt)[:, None]
    planes = torch.cat([data * weight_plane, weight_plane], dim=1)  # [b, C + 1, P, P]

    def pairs(pos: Tensor, half: Tensor) -> list[tuple[Tensor, Tensor]]:
        """(normalised coordinate, weight) of each pair of taps along one axis."""
        base = torch.floor(pos)
        frac = pos - base
        reach = math.ceil(float(half.max()))
        out = []
        for k in range(-(reach // 2), reach // 2 + 1):
            wa = (1.0 - (2 * k - frac).abs() / half).clamp_min(0.0)
            wb = (1.0 - (2 * k + 1 - frac).abs() / half).clamp_min(0.0)
            weight = wa + wb
            t = torch.where(weight > 0, wb / weight.clamp_min(1e-12), torch.zeros_like(wb))
            out.append(((base + (2 * k + 0.5) + t) * (2.0 / side) - 1.0, weight))
        return out

    u = (grid[..., 0] + 1.0) * (side / 2.0) - 0.5  # window pixel k is centred at k
    v = (grid[..., 1] + 1.0) * (side / 2.0) - 0.5
    half_x = layers.half[:, 0].to(device=dev, dtype=wdt).view(b, 1, 1)
    half_y = layers.half[:, 1].to(device=dev, dtype=wdt).view(b, 1, 1)
    h, w = grid.shape[1:3]
    total = torch.zeros((b, c + 1, h, w), dtype=wdt, device=dev)
    across = pairs(u, half_x)
    for gy, wy in pairs(v, half_y):
        for gx, wx in across:
            taps = F.grid_sample(planes, torch.stack([gx, gy], dim=-1), mode="bilinear",
                                 padding_mode="zeros", align_corners=False)
            total += taps * (wx * wy)[:, None]
    wsum = total[:, c]
    return total[:, :c] / wsum.clamp_min(1e-12)[:, None], wsum


class Resample(nn.Module):
    """Resample the deferred keys of a collated batch (see the module docstring).

    Use it after :func:`~geoplug.core.collate.stack_samples`, e.g. in the training step after
    moving the batch to the GPU: ``batch = Resample()(batch)``. It replaces each
    ``{key}_src``/``{key}_grid``/``{key}_params`` triple with ``key`` (``image`` ``[B, C, H,
    W]``, ``mask`` ``[B, H, W]``), in the source dtype with ``keep_dtype``, else float32 images
    and int64 masks, as the eager path returns; other keys pass through.
    """

    def forward(self, batch: Mapping[str, Any]) -> dict[str, Any]:
        """The batch with its deferred keys resampled.

        Raises:
            ValueError: a deferred key is incomplete, or clashes with an existing key.
        """
        out = dict(batch)
        for key in _KEYS:
            layers = DeferredBatch.pop(out, key)
            if layers is None:
                continue
            pixels = layers.resample()
            if key == "image":
                out[key] = pixels if layers.keep_dtype else pixels.to(torch.float32)
            else:
                band = pixels[:, 0]
                out[key] = band if layers.keep_dtype else band.to(torch.int64)
        return out
