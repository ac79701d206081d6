"""Batched resampling of deferred samples, on whatever device the batch is on.

A :class:`~geoplug.core.raster.RasterDataset` created with ``defer_resampling=True`` does the
cheap part of a warped read in the DataLoader worker (the reading plan and one windowed read in
the source dtype, see :mod:`geoplug.core.deferred`) and leaves the interpolation to
:class:`Resample`, which runs it for a whole collated batch (CPU, or GPU after moving the
batch's tensors there).

A deferred layer is described by a :class:`DeferredLayer`; in a sample it travels as three
tensors, so that the default collate stacks it. For ``key`` ``"image"`` (``"mask"`` for mask
datasets):

* ``{key}_src``: ``[C, N]`` source dtype: the source pixels the patch needs, window row by
  window row (each row's *span*: the columns some kernel tap reaches; see
  :mod:`geoplug.core.warp.compact`), packed into a buffer of a capacity ``N`` fixed per
  dataset and patch size (about the patch's pixel count), so samples stack. A finished layer
  (:data:`FINAL`) holds its ``H x W`` pixels, row-major.
* ``{key}_spans``: ``[R, 2]`` int32: each window row's span ``[start, end)``.
* ``{key}_warp``: ``[2 * PART_SIZE]`` float64: the compact warp description of up to two
  parts: the resampling, nodata, fill, the window's place and size, the level's size, the
  kernel's half-widths, the first row of the part's spans and the pixel map's rule
  (:class:`~geoplug.core.warp.pixelmap.MapRule`: an affine, or the exact source coordinates of
  three anchor columns at five node rows, from which every pixel's position follows as GDAL's
  approximate transformer computes it). See the ``W_*`` indices.

A second part (its mode not :data:`FINAL`) is a second source behind the first: a patch whose
first scene leaves pixels without data (its nodata edge) that the next scene fills. Its spans
follow the first part's, and its pixels the first part's in ``{key}_src``; the second keeps
only the pixels it gives (those the first leaves empty), the first its whole window where the
second's pixels fit after it (else only its valid pixels), and
``Resample`` takes the first part's valid pixels, the second's where the first has none, and
the fill value where neither has, as the eager composite does.

Never a per-pixel grid: a deferred sample is about the size of the finished patch.

:class:`Resample` expands the description where the batch is and resamples. On a CPU it runs
the eager path's own kernels per sample (exact: nearest and bilinear equal the eager path bit
for bit); elsewhere (``batched=True``, the default off the CPU) one batched gather kernel for
the whole batch: nearest exact, bilinear within float rounding (GDAL's widened kernel
included; weights renormalised over valid taps as GDAL does); pixels outside the data or
whose centre pixel is nodata get the fill value.
"""

from __future__ import annotations

from collections.abc import Mapping, MutableMapping
from dataclasses import dataclass
from typing import Any

import numpy as np
import torch
from torch import Tensor, nn

__all__ = ["BILINEAR", "DEFERRED_SUFFIXES", "FINAL", "NEAREST", "PART_SIZE", "WARP_SIZE",
           "DeferredBatch", "DeferredLayer", "Resample"]

#: the buffer already holds the final pixels (aligned reads, overlapping files, other methods
#: or merges): nothing left to resample
FINAL = 0
NEAREST = 1
BILINEAR = 2
_KEYS = ("image", "mask")
#: the keys of a deferred layer are ``{key}_src``, ``{key}_spans`` and ``{key}_warp``
DEFERRED_SUFFIXES = ("_src", "_spans", "_warp")

# indices into ``{key}_warp``
W_MODE, W_HAS_NODATA, W_NODATA, W_FILL, W_KEEP = 0, 1, 2, 3, 4
W_ROWS, W_COLS, W_COL_OFF, W_ROW_OFF = 5, 6, 7, 8  # the window, in the level's pixels
W_HALF_X, W_HALF_Y, W_CLIPPED = 9, 10, 11
W_LEVEL_W, W_LEVEL_H = 12, 13  # the level (raster or overview) size
W_FX, W_FY, W_SCALED = 14, 15, 16  # factor applied to the rule's map (an overview)
W_KIND, W_H, W_W = 17, 18, 19  # the rule's kind and the destination size
W_WIN_NODATA = 20  # the window (a second part: the box of its kept pixels) held nodata
W_SPAN_ROW = 21  # the part's first row in ``{key}_spans`` (0 for the first part)
W_COEF = 22  # 30 coefficients of the rule (an affine uses 6)
#: one part's description; a layer's ``{key}_warp`` holds two (the second's mode 0: none)
PART_SIZE = W_COEF + 30
WARP_SIZE = 2 * PART_SIZE


@dataclass(frozen=True, slots=True)
class DeferredLayer:
    """One deferred layer of a sample (worker side): what :class:`Resample` needs to finish it.

    ``packed`` ``[C, N]`` (source dtype), ``spans`` ``[R, 2]`` int32 and ``warp``
    ``[WARP_SIZE]`` float64, as described in the module docstring.
    """

    packed: np.ndarray
    spans: np.ndarray
    warp: np.ndarray

    def entries(self, key: str) -> dict[str, Tensor]:
        """The ``{key}_src``/``{key}_spans``/``{key}_warp`` tensors of a sample."""
        return {f"{key}_src": torch.from_numpy(self.packed),
                f"{key}_spans": torch.from_numpy(self.spans),
                f"{key}_warp": torch.from_numpy(self.warp)}

    @property
    def nbytes(self) -> int:
        """Bytes the layer's tensors take."""
        return self.packed.nbytes + self.spans.nbytes + self.warp.nbytes


def warp_vector(mode: int, nodata: float | None, fill: float, keep_dtype: bool, height: int,
                width: int) -> np.ndarray:
    """A ``{key}_warp`` vector with the fields every layer has (the rest zero)."""
    warp = np.zeros(WARP_SIZE, dtype=np.float64)
    warp[W_MODE] = mode
    warp[W_HAS_NODATA] = nodata is not None
    warp[W_NODATA] = 0.0 if nodata is None else nodata
    warp[W_FILL], warp[W_KEEP], warp[W_H], warp[W_W] = fill, keep_dtype, height, width
    return warp


def _bits(t: Tensor) -> Tensor:
    """``t`` viewed with a signed dtype of the same size (unsigned types lack indexing ops)."""
    signed = {torch.uint16: torch.int16, torch.uint32: torch.int32, torch.uint64: torch.int64}
    return t.view(signed[t.dtype]) if t.dtype in signed else t


@dataclass(frozen=True, slots=True)
class DeferredBatch:
    """The deferred layers of one key of a collated batch, as tensors on the batch's device:
    ``src`` ``[B, C, N]``, ``spans`` ``[B, R, 2]``, ``warp`` ``[B, WARP_SIZE]``."""

    src: Tensor
    spans: Tensor
    warp: Tensor

    @classmethod
    def pop(cls, batch: MutableMapping[str, Any], key: str) -> DeferredBatch | None:
        """Remove ``key``'s deferred tensors from ``batch`` and decode them (``None``: none).

        Raises:
            ValueError: only some of the three tensors are there, or ``key`` is there too.
        """
        names = [key + suffix for suffix in DEFERRED_SUFFIXES]
        present = [n in batch for n in names]
        if not any(present):
            return None
        if not all(present):
            raise ValueError(f"the batch has only some of {names}; a deferred sample needs "
                             "all three (collate with stack_samples)")
        if key in batch:
            raise ValueError(f"the batch has both {key!r} and deferred {names[0]!r}; "
                             "combine at most one deferred image dataset with &")
        src, spans, warp = (batch.pop(n) for n in names)
        return cls(src, spans, warp)

    @property
    def mode(self) -> Tensor:
        """``[B]`` int64: :data:`FINAL`, :data:`NEAREST` or :data:`BILINEAR`."""
        return self.warp[:, W_MODE].round().long()

    @property
    def keep_dtype(self) -> bool:
        return bool(self.warp[0, W_KEEP] > 0.5)

    @property
    def shape(self) -> tuple[int, int]:
        """The destination ``(H, W)``."""
        return int(self.warp[0, W_H]), int(self.warp[0, W_W])

    def select(self, idx: Tensor) -> DeferredBatch:
        """The layers at positions ``idx``."""
        return DeferredBatch(_bits(self.src)[idx].view(self.src.dtype), self.spans[idx],
                             self.warp[idx])

    def part(self, k: int) -> DeferredBatch:
        """The same layers with part ``k``'s description (0 or 1) as the first."""
        if k == 0:
            return self
        return DeferredBatch(self.src, self.spans, self.warp[:, PART_SIZE:])

    def resample(self, batched: bool | None = None) -> Tensor:
        """Final ``[B, C, H, W]`` pixels in the source dtype.

        ``batched``: one batched kernel (``True``), the eager kernels per sample (``False``,
        CPU tensors only), or the first off the CPU and the second on it (``None``).
        """
        if batched is None:
            batched = self.src.device.type != "cpu"
        b, c, _ = self.src.shape
        h, w = self.shape
        if not batched:
            from geoplug.core.deferred import finish_layer  # rasterio and the eager kernels

            src, warps = self.src.numpy(), self.warp.numpy()
            pixels = np.empty((b, c, h, w), dtype=src.dtype)
            for i in range(b):
                if warps[i, W_MODE] == FINAL:
                    pixels[i] = src[i, :, :h * w].reshape(c, h, w)
                else:
                    pixels[i] = finish_layer(src[i], self.spans[i].numpy(), warps[i])
            return torch.from_numpy(pixels)
        out = _bits(self.src)[:, :, :h * w].reshape(b, c, h, w).view(self.src.dtype)
        if out.data_ptr() == self.src.data_ptr():  # a view (no padding): never write into it
            out = out.clone()
        second = self.part(1).mode
        for code, bilinear in ((NEAREST, False), (BILINEAR, True)):
            idx = torch.nonzero(self.mode == code).flatten()
            if not idx.numel():
                continue
            layers = self.select(idx)
            values, valid = _warp(layers, bilinear)
            behind = second[idx]
            for code2, bilinear2 in ((NEAREST, False), (BILINEAR, True)):
                sel = torch.nonzero(behind == code2).flatten()
                if sel.numel():  # the second part fills what the first leaves empty
                    more, more_valid = _warp(layers.select(sel).part(1), bilinear2)
                    empty = ~valid[sel]
                    values[sel] = torch.where(empty[:, None], more, values[sel])
                    valid[sel] = valid[sel] | (empty & more_valid)
            _bits(out)[idx] = _bits(_finished(layers, values, valid))
        return out


def _work_dtype(dtype: torch.dtype) -> torch.dtype:
    """Float dtype holding every value of ``dtype`` exactly (as the eager path computes)."""
    if dtype in (torch.uint8, torch.int8, torch.int16, torch.uint16, torch.float16,
                 torch.bfloat16, torch.float32):
        return torch.float32
    return torch.float64


_BASES: dict[tuple[int, str], Tensor] = {}


def _basis(height: int, device: torch.device) -> Tensor:
    """The node-row Lagrange matrix ``[H, 5]`` of :mod:`geoplug.core.warp.pixelmap`."""
    key = (height, str(device))
    if key not in _BASES:
        from geoplug.core.warp.pixelmap import _row_interpolation

        _BASES[key] = torch.from_numpy(_row_interpolation(height)[1][:height]).to(device)
    return _BASES[key]


def positions(warp: Tensor, height: int, width: int) -> tuple[Tensor, Tensor]:
    """Source pixel coordinates ``(x, y)`` ``[B, H, W]`` float64 of each destination pixel
    centre, expanded from the compact warp descriptions ``warp`` ``[B, WARP_SIZE]``."""
    dev = warp.device
    b = warp.shape[0]
    px = torch.arange(width, dtype=torch.float64, device=dev) + 0.5
    py = torch.arange(height, dtype=torch.float64, device=dev) + 0.5
    coef = warp[:, W_COEF:PART_SIZE]
    xs = torch.empty((b, height, width), dtype=torch.float64, device=dev)
    ys = torch.empty_like(xs)
    affine = warp[:, W_KIND] < 0.5
    if bool(affine.any()):
        a, bb, c, d, e, f = (coef[affine, k].view(-1, 1, 1) for k in range(6))
        xs[affine] = a * px.view(1, 1, -1) + bb * py.view(1, -1, 1) + c
        ys[affine] = d * px.view(1, 1, -1) + e * py.view(1, -1, 1) + f
    anchored = ~affine
    if bool(anchored.any()):
        nodes = coef[anchored].view(-1, 2, 5, 3)
        basis = _basis(height, dev)
        sx, sy = basis @ nodes[:, 0], basis @ nodes[:, 1]  # [n, H, 3]
        span = float(width - 1)
        dist = (px - 0.5).view(1, 1, -1)
        xs[anchored] = ((sx[..., 2] - sx[..., 0]) / span).unsqueeze(-1) * dist + sx[..., :1]
        ys[anchored] = ((sy[..., 2] - sy[..., 0]) / span).unsqueeze(-1) * dist + sy[..., :1]
    scaled = warp[:, W_SCALED] > 0.5
    if bool(scaled.any()):
        xs[scaled] = xs[scaled] * warp[scaled, W_FX].view(-1, 1, 1)
        ys[scaled] = ys[scaled] * warp[scaled, W_FY].view(-1, 1, 1)
    return xs, ys


class _Taps:
    """Lookup of window pixels ``(row, col)`` in packed buffers: flat index and presence."""

    def __init__(self, spans: Tensor, warp: Tensor, size: int) -> None:
        self.start = spans[..., 0].long()
        self.end = spans[..., 1].long()
        lengths = self.end - self.start
        # a part's rows follow the parts before it, and so do its pixels
        self.offset = torch.cumsum(lengths, dim=1) - lengths
        self.rows = warp[:, W_ROWS].long().view(-1, 1)
        self.first = warp[:, W_SPAN_ROW].long().view(-1, 1)
        self.size = size

    def __call__(self, row: Tensor, col: Tensor) -> tuple[Tensor, Tensor]:
        """``row``/``col`` ``[B, M]`` (window-relative): ``(flat index, present)``."""
        inrow = (row >= 0) & (row < self.rows)
        r = (row + self.first).clamp(0, self.start.shape[1] - 1)
        start = torch.gather(self.start, 1, r)
        present = inrow & (col >= start) & (col < torch.gather(self.end, 1, r))
        flat = (torch.gather(self.offset, 1, r) + col - start).clamp(0, self.size - 1)
        return flat, present


def _finished(layers: DeferredBatch, values: Tensor, valid: Tensor) -> Tensor:
    """``values`` ``[b, C, H * W]`` (work dtype) as final pixels ``[b, C, H, W]`` in the source
    dtype: the fill value where not ``valid``."""
    b, c, _ = values.shape
    h, w = layers.shape
    fill = layers.warp[:, W_FILL].to(values.dtype).view(b, 1, 1)
    return torch.where(valid[:, None], values, fill).to(layers.src.dtype).view(b, c, h, w)


def _warp(layers: DeferredBatch, bilinear: bool) -> tuple[Tensor, Tensor]:
    """Resample ``layers`` (all nearest, or all bilinear) in one batched kernel.

    Returns the values ``[b, C, H * W]`` in the work dtype, rounded and clamped like GDAL,
    and where they are valid ``[b, H * W]``.
    """
    src, warp = layers.src, layers.warp
    b, c, size = src.shape
    h, w = layers.shape
    wdt = _work_dtype(src.dtype)
    data = src.to(wdt)
    xs, ys = positions(warp, h, w)
    xs, ys = xs.view(b, -1), ys.view(b, -1)
    col_off, row_off = warp[:, W_COL_OFF].view(b, 1), warp[:, W_ROW_OFF].view(b, 1)
    ixf, iyf = torch.floor(xs + 1e-10), torch.floor(ys + 1e-10)
    inside = ((ixf >= 0) & (iyf >= 0) & (ixf < warp[:, W_LEVEL_W].view(b, 1))
              & (iyf < warp[:, W_LEVEL_H].view(b, 1)))
    taps = _Taps(layers.spans, warp, size)
    has_nd = warp[:, W_HAS_NODATA] > 0.5
    vmask: Tensor | None = None  # [b, N]: pixel with data in some band
    if bool(has_nd.any()):
        nodata = warp[:, W_NODATA].to(wdt).view(b, 1, 1)
        is_nd = torch.where(torch.isnan(nodata), torch.isnan(data), data == nodata)
        vmask = ~(is_nd.all(dim=1) & has_nd.view(b, 1))
        if bilinear and data.is_floating_point():  # nodata taps hold 0 (NaN * 0 is NaN)
            data = torch.where(vmask[:, None], data, 0.0)
    centre, present = taps((iyf - row_off).long(), (ixf - col_off).long())
    valid = inside & present
    if vmask is not None:
        valid &= torch.gather(vmask, 1, centre)
    if not bilinear:
        values = torch.gather(data, 2, centre[:, None].expand(b, c, -1))
    else:
        u, v = xs - col_off - 0.5, ys - row_off - 0.5  # window pixel k is centred at k
        half_x = warp[:, W_HALF_X].view(b, 1)
        half_y = warp[:, W_HALF_Y].view(b, 1)
        first_x, first_y = torch.floor(u - half_x) + 1, torch.floor(v - half_y) + 1
        across = int(torch.ceil(2 * half_x).max())
        down = int(torch.ceil(2 * half_y).max())
        total = torch.zeros((b, c, h * w), dtype=wdt, device=src.device)
        wsum = torch.zeros((b, h * w), dtype=wdt, device=src.device)
        for ty in range(down):
            row = first_y + ty
            wy = (1.0 - (row - v).abs() / half_y).clamp_min(0.0)
            for tx in range(across):
                col = first_x + tx
                weight = wy * (1.0 - (col - u).abs() / half_x).clamp_min(0.0)
                flat, ok = taps(row.long(), col.long())
                if vmask is not None:
                    ok &= torch.gather(vmask, 1, flat)
                weight = torch.where(ok, weight, 0.0).to(wdt)
                tap = torch.gather(data, 2, flat[:, None].expand(b, c, -1)) * weight[:, None]
                # a tap out of reach adds nothing, whatever it holds (an undeclared NaN)
                total += torch.where(weight[:, None] > 0, tap, 0.0)
                wsum += weight
        values = total / wsum.clamp_min(1e-12)[:, None]
        valid &= wsum >= 1e-5
        if not src.dtype.is_floating_point:
            values = torch.floor(values + 0.5)
    if not src.dtype.is_floating_point:
        info = torch.iinfo(src.dtype)
        values = values.clamp_(info.min, info.max)
    return values, valid


class Resample(nn.Module):
    """Resample the deferred keys of a collated batch (see the module docstring).

    Use it after :func:`~geoplug.core.collate.stack_samples`, e.g. in the training step after
    moving the batch to the GPU: ``batch = Resample()(batch)``. It replaces each
    ``{key}_src``/``{key}_spans``/``{key}_warp`` triple with ``key`` (``image`` ``[B, C, H,
    W]``, ``mask`` ``[B, H, W]``), in the source dtype with ``keep_dtype``, else float32 images
    and int64 masks, as the eager path returns; other keys pass through.

    Args:
        batched: one batched kernel for the batch (``True``), the eager kernels per sample
            (``False``: CPU only, the fastest there), or by device (``None``: batched off
            the CPU).
    """

    def __init__(self, batched: bool | None = None) -> None:
        super().__init__()
        self.batched = batched

    def forward(self, batch: Mapping[str, Any]) -> dict[str, Any]:
        """The batch with its deferred keys resampled.

        Raises:
            ValueError: a deferred key is incomplete, or clashes with an existing key, or
                ``batched=False`` for tensors off the CPU.
        """
        out = dict(batch)
        for key in _KEYS:
            layers = DeferredBatch.pop(out, key)
            if layers is None:
                continue
            if self.batched is False and layers.src.device.type != "cpu":
                raise ValueError("Resample(batched=False) runs the eager kernels on the CPU; "
                                 f"the batch is on {layers.src.device}: use batched=None")
            pixels = layers.resample(self.batched)
            if key == "image":
                out[key] = pixels if layers.keep_dtype else pixels.to(torch.float32)
            else:
                band = pixels[:, 0]
                out[key] = band if layers.keep_dtype else band.to(torch.int64)
        return out
