"""Resampling kernels: a source window onto destination pixels, as GDAL's warper does.

Each kernel takes the source window a reading plan read, where it sits in the source
(a :class:`~rasterio.windows.Window`) and the :class:`~geoplug.core.warp.pixelmap.Footprint` of
the destination grid, and returns a :class:`~geoplug.core.warp.sources.Patch` in the source
dtype, in one vectorised step straight onto the destination grid (never an intermediate grid):

* :func:`nearest`: a gather of ``floor(x + 1e-10)``, like GDAL's kernel.
* :func:`bilinear`: GDAL's four-tap formula (``torch`` ``grid_sample`` over all bands at once),
  renormalised over the valid (in-raster, non-nodata) neighbours like GDAL's.
* :func:`widened`: GDAL's general bilinear case. GDAL computes a kernel scale per axis from the
  source window the destination grid covers (destination pixels per source pixel, snapped to
  ``1/n`` when within 0.05 of it). While both are at least 0.95 it uses the four-tap formula;
  below that (downsampling, or a grid rotated by more than about 3 degrees against the source,
  e.g. adjacent UTM zones) it widens the triangle kernel to a half-width of ``1/scale`` source
  pixels, and so does this kernel (:func:`half_widths`).

A destination pixel is valid when the source pixel containing its centre is inside the raster
and not nodata; resampled values are rounded half up and clamped to the source dtype.

The torch kernels of a patch run on one thread (:func:`patch_threads`): at a training patch's
size, torch's thread team costs twice the CPU for no gain in speed (measured on 224 x 224
patches), and in a main process beside DataLoader workers it spins on the cores they read on.
"""

from __future__ import annotations

import contextlib
import functools
import math
from collections.abc import Callable, Iterator
from typing import ParamSpec, TypeVar

import numpy as np
import torch
import torch.nn.functional as F
from rasterio.windows import Window

from geoplug.core.warp.pixelmap import Footprint
from geoplug.core.warp.sources import Patch, nodata_valid, window_valid

__all__ = ["FOUR_TAP_MIN_SCALE", "THREADED_PIXELS", "bilinear", "half_widths", "nearest",
           "patch_threads", "round_to", "widened"]

#: GDAL keeps its four-tap bilinear formula while both kernel scales are at least this.
FOUR_TAP_MIN_SCALE = 0.95
#: destination pixels from which a kernel keeps torch's thread team (a whole scene, not a patch)
THREADED_PIXELS = 1 << 20

P = ParamSpec("P")
R = TypeVar("R")


@contextlib.contextmanager
def patch_threads(pixels: int) -> Iterator[None]:
    """Run the torch ops inside on this thread alone when they make ``pixels`` destination
    pixels (fewer than :data:`THREADED_PIXELS`); the caller's thread count is restored after.

    OpenMP keeps the count per thread, so other threads (a model's forward in the main
    thread, say) keep theirs; on torch's native thread pool, which cannot change its size
    once used, the ops run as they are.
    """
    threads = torch.get_num_threads()
    if threads == 1 or pixels >= THREADED_PIXELS or not _openmp():
        yield
        return
    torch.set_num_threads(1)
    try:
        yield
    finally:
        torch.set_num_threads(threads)


@functools.cache
def _openmp() -> bool:
    """Whether torch runs on OpenMP, whose thread count can change at any time, per thread
    (torch's native pool refuses a change once it has run)."""
    return "parallel backend: OpenMP" in torch.__config__.parallel_info()


def _one_thread_per_patch(kernel: Callable[P, R]) -> Callable[P, R]:
    """``kernel(win, at, fp, ...)`` under :func:`patch_threads` of the footprint's size."""
    @functools.wraps(kernel)
    def run(*args: P.args, **kwargs: P.kwargs) -> R:
        fp = args[2]
        assert isinstance(fp, Footprint)
        with patch_threads(fp.xs.size):
            return kernel(*args, **kwargs)
    return run


def half_widths(scales: tuple[float, float]) -> tuple[float, float]:
    """Bilinear kernel half-widths from GDAL's kernel scales (1: the four-tap formula)."""
    if min(scales) >= FOUR_TAP_MIN_SCALE:
        return 1.0, 1.0
    return tuple(1.0 / s if s < 1.0 else 1.0 for s in scales)  # type: ignore[return-value]


def round_to(values: np.ndarray, dtype: np.dtype) -> np.ndarray:
    """Cast resampled floats to ``dtype`` the way GDAL does (round half up, clamp).

    Rounds ``values`` (a scratch array) in place.
    """
    if np.issubdtype(dtype, np.integer):
        info = np.iinfo(dtype)
        values += 0.5
        np.floor(values, out=values)
        np.clip(values, info.min, info.max, out=values)
    return values.astype(dtype, copy=False)


def _centre_valid(win_valid: np.ndarray, at: Window, fp: Footprint) -> np.ndarray:
    """Whether the window pixel holding each destination centre has data."""
    wh, ww = win_valid.shape
    ix, iy = fp.indices()
    centre = (np.clip(iy - int(at.row_off), 0, wh - 1) * ww
              + np.clip(ix - int(at.col_off), 0, ww - 1))
    return win_valid.ravel()[centre]


def _patch(data: np.ndarray, valid: np.ndarray | None, fp: Footprint) -> Patch:
    return Patch(data, None if valid is None or valid.all() else valid, fp.rows, fp.cols)


def nearest(win: np.ndarray, at: Window, fp: Footprint, nodata: float | None,
            mask: np.ndarray | None = None) -> Patch:
    """Nearest neighbour: the window pixel holding each destination centre.

    ``win`` is the window ``at`` of the source; it holds every pixel the footprint picks.
    ``mask``: the window pixels with data, for a source whose file masks them (the kernels
    leave them out as they leave nodata out).
    """
    c0, r0 = int(at.col_off), int(at.row_off)
    wh, ww = win.shape[1:]
    ix, iy = fp.indices()
    if fp.full:  # every index is inside the window: (iy - r0) * width + (ix - c0)
        flat = iy - r0
        flat *= ww
        flat += ix
        flat -= c0
        flat = flat.ravel()
    else:
        flat = (np.clip(iy - r0, 0, wh - 1) * ww + np.clip(ix - c0, 0, ww - 1)).ravel()
    h, w = fp.xs.shape
    data = np.take(win.reshape(win.shape[0], -1), flat, axis=1).reshape(-1, h, w)
    valid = fp.inside
    nd = nodata_valid(data, nodata)
    if mask is not None:
        picked = mask.ravel()[flat].reshape(h, w)
        nd = picked if nd is None else nd & picked
    if nd is not None:
        valid = nd if valid is None else valid & nd
    return _patch(data, valid, fp)


@_one_thread_per_patch
def bilinear(win: np.ndarray, at: Window, fp: Footprint, nodata: float | None,
             mask: np.ndarray | None = None) -> Patch:
    """GDAL's four-tap bilinear, taps around ``(x - 0.5, y - 0.5)``.

    ``win`` is clipped to the raster, and ``grid_sample``'s border padding then equals GDAL's
    renormalisation over in-raster taps; nodata taps are left out and the others renormalised.
    """
    c0, r0 = int(at.col_off), int(at.row_off)
    wh, ww = win.shape[1:]
    xs, ys = fp.xs, fp.ys
    h, w = xs.shape
    grid_xy = np.empty((1, h, w, 2), dtype=np.float32)
    grid_xy[0, :, :, 0] = (xs - c0) * (2.0 / ww) - 1.0
    grid_xy[0, :, :, 1] = (ys - r0) * (2.0 / wh) - 1.0
    grid_t = torch.from_numpy(grid_xy)
    win_t = torch.from_numpy(win.astype(np.float32, copy=False))
    win_valid = window_valid(win, nodata, mask)
    valid = fp.inside
    if win_valid is not None and not win_valid.all():
        # nodata-aware: average the valid taps only (GDAL renormalises their weights)
        vmask = torch.from_numpy(win_valid.astype(np.float32))
        # nodata taps hold 0, not ``value * 0``: a NaN nodata times 0 is NaN
        data = torch.where(torch.from_numpy(win_valid), win_t, 0.0)
        stacked = torch.cat([data, vmask[None]], dim=0)[None]
        res = F.grid_sample(stacked, grid_t, mode="bilinear", padding_mode="border",
                            align_corners=False)[0]
        wsum = res[-1]
        values = (res[:-1] / wsum.clamp_min(1e-12)).numpy()
        ok = (wsum.numpy() >= 1e-5) & _centre_valid(win_valid, at, fp)
        valid = ok if valid is None else valid & ok
    else:
        values = F.grid_sample(win_t[None], grid_t, mode="bilinear", padding_mode="border",
                               align_corners=False)[0].numpy()
    return _patch(round_to(values, win.dtype), valid, fp)


@_one_thread_per_patch
def widened(win: np.ndarray, at: Window, fp: Footprint, nodata: float | None,
            half: tuple[float, float], clipped: bool, mask: np.ndarray | None = None
            ) -> Patch:
    """Bilinear with GDAL's widened kernel of half-widths ``half`` (source pixels).

    ``win`` holds every tap within reach of the footprint unless ``clipped`` says the raster's
    edge cut it (those taps are then missing, and the others renormalised).
    """
    c0, r0 = int(at.col_off), int(at.row_off)
    win_valid = window_valid(win, nodata, mask)
    if win_valid is not None and win_valid.all():
        win_valid = None
    xs, ys = fp.xs, fp.ys
    h, w = xs.shape
    complete = fp.full and win_valid is None and not clipped
    # window-relative positions in float32 (what grid_sample computes in): half the traffic
    u, v = np.empty(xs.shape, dtype=np.float32), np.empty(ys.shape, dtype=np.float32)
    np.subtract(xs, c0 + 0.5, out=u, casting="same_kind")
    np.subtract(ys, r0 + 0.5, out=v, casting="same_kind")
    values, wsum = _widened_bilinear(win, win_valid, u.ravel(), v.ravel(), half, (h, w),
                                     complete)
    data = round_to(values.reshape(-1, h, w), win.dtype)
    if complete:  # every pixel inside, every tap present
        return Patch(data, None, fp.rows, fp.cols)
    valid = wsum.reshape(h, w) >= 1e-5
    if fp.inside is not None:
        valid &= fp.inside
    if win_valid is not None:
        valid &= _centre_valid(win_valid, at, fp)
    return _patch(data, valid, fp)


def _tap_pairs(pos: np.ndarray, half: float, size: int
               ) -> list[tuple[np.ndarray, np.ndarray, bool]]:
    """(normalised sample coordinate, weight, whether every pixel reaches it) ``[N]`` of each
    pair of taps along one axis.

    The taps within reach of position ``pos`` (pixel ``k`` centred at ``k``) are the pixels
    after ``pos - half`` and before ``pos + half``, at most ``ceil(2 half)``, each weighing
    ``1 - |tap - pos| / half``. They are taken two by two from the first: one bilinear sample
    at a pair's weighted centre times the pair's weight equals its two taps (a tap past the
    reach weighs 0; the last pair is often past it for most pixels).
    """
    pos = pos.astype(np.float64)
    first = np.floor(pos - half) + 1.0
    scale = 2.0 / size
    out = []
    for k in range(math.ceil(math.ceil(2.0 * half) / 2.0)):
        tap = first + 2 * k
        wa = np.maximum(0.0, 1.0 - np.abs(tap - pos) / half)
        wb = np.maximum(0.0, 1.0 - np.abs(tap + 1.0 - pos) / half)
        weight = wa + wb
        reached = weight > 0
        shift = np.divide(wb, weight, out=np.zeros_like(weight), where=reached)
        out.append(((tap + shift + 0.5) * scale - 1.0, weight, bool(reached.all())))
    return out


def _narrow_axis(pos: np.ndarray, half: float, size: int
                 ) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """One axis of a kernel with ``1 <= half < 1.5``, weights relative to the central pair's.

    Returns ``(centre, pixels, outer, weight)``: the normalised sample coordinate of the
    central pair of taps ``floor(pos)``, ``+ 1`` for every pixel (the pair weighs
    ``2 - 1 / half``, the unit here), and for the ``pixels`` that reach a third tap (at most
    one: ``floor(pos) - 1`` when ``frac < half - 1``, ``+ 2`` when ``frac > 2 - half``) that
    tap's normalised coordinate and relative weight.
    """
    scale = 2.0 / size
    frac = np.floor(pos)
    np.subtract(pos, frac, out=frac)
    if half > 1.0:
        # frac < half - 1 or frac > 2 - half (a tap at the threshold weighs 0 either way)
        pixels = np.flatnonzero(np.abs(frac - 0.5) > 1.5 - half)
        d = frac[pixels]
        left = d < 0.5
        outer = (pos[pixels] - d + np.where(left, -0.5, 2.5)) * scale - 1.0
        weight = (1.0 - np.where(left, 1.0 + d, 2.0 - d) / half) / (2.0 - 1.0 / half)
    else:
        pixels, outer, weight = np.empty(0, dtype=np.int64), np.empty(0), np.empty(0)
    # the pair's weighted centre, floor(pos) + (half - 1 + frac) / (2 half - 1), normalised
    a = (2.0 * half - 2.0) / (2.0 * half - 1.0)
    b = (0.5 + (half - 1.0) / (2.0 * half - 1.0)) * scale - 1.0
    centre = frac  # reused in place: one temporary less on this hot path
    centre *= -a
    centre += pos
    centre *= scale
    centre += b
    return centre, pixels, outer, weight


def _narrow_taps(source: torch.Tensor, u: np.ndarray, v: np.ndarray,
                 half: tuple[float, float], shape: tuple[int, int]
                 ) -> tuple[torch.Tensor, np.ndarray, float]:
    """Weighted tap sums ``[P, N]`` of a kernel with both half-widths below 1.5.

    The central 2 x 2 block reaches every pixel: one bilinear ``grid_sample`` on the patch's
    shape. The outer taps (one extra column, row or corner at most) are sampled only at the
    pixels they reach, all in one more ``grid_sample``. Weights are relative to the central
    block's, which saves scaling the whole patch. Returns ``(sums, full, unit)``: the sums,
    the relative weight of all taps of each pixel, and the central block's absolute weight.
    """
    gx, ix, ox, owx = _narrow_axis(u, half[0], source.shape[3])
    gy, iy, oy, owy = _narrow_axis(v, half[1], source.shape[2])
    coords = np.empty((1, *shape, 2), dtype=np.float32)
    coords[..., 0] = gx.reshape(shape)
    coords[..., 1] = gy.reshape(shape)
    total = F.grid_sample(source, torch.from_numpy(coords), mode="bilinear",
                          padding_mode="zeros", align_corners=False)[0].reshape(
                              source.shape[1], -1)
    full_x, full_y = np.ones(u.size, dtype=np.float32), np.ones(v.size, dtype=np.float32)
    full_x[ix] += owx
    full_y[iy] += owy
    # pixels reaching both an outer column and an outer row, and where they sit in ix / iy
    in_x = np.zeros(u.size, dtype=bool)
    in_x[ix] = True
    both = iy[in_x[iy]]
    bx, by = np.searchsorted(ix, both), np.searchsorted(iy, both)
    pixels = np.concatenate([ix, iy, both])
    if pixels.size:
        grid = np.empty((1, 1, pixels.size, 2), dtype=np.float32)
        grid[0, 0, :, 0] = np.concatenate([ox, gx[iy], ox[bx]])
        grid[0, 0, :, 1] = np.concatenate([gy[ix], oy, oy[by]])
        weights = np.concatenate([owx, owy, owx[bx] * owy[by]]).astype(np.float32)
        taps = F.grid_sample(source, torch.from_numpy(grid), mode="bilinear",
                             padding_mode="zeros", align_corners=False)[0, :, 0]
        taps *= torch.from_numpy(weights)
        total.index_add_(1, torch.from_numpy(pixels), taps)
    unit = (2.0 - 1.0 / half[0]) * (2.0 - 1.0 / half[1])
    return total, full_x * full_y, unit


def _general_taps(source: torch.Tensor, u: np.ndarray, v: np.ndarray,
                  half: tuple[float, float], shape: tuple[int, int]
                  ) -> tuple[torch.Tensor, np.ndarray]:
    """Weighted tap sums ``[P, N]`` of a kernel of any half-widths, and the full weight sum.

    Taps are taken two by two along each axis (:func:`_tap_pairs`): a 2 x 2 block of taps is
    one bilinear ``grid_sample``, over the patch, or only at the pixels that reach it.
    """
    across = _tap_pairs(u, half[0], source.shape[3])
    down = _tap_pairs(v, half[1], source.shape[2])
    coords = np.empty((1, *shape, 2), dtype=np.float32)
    total = torch.zeros((source.shape[1], u.size), dtype=source.dtype)
    for gy, wy, all_y in down:
        for gx, wx, all_x in across:
            weight = wx * wy
            if all_x and all_y:
                coords[..., 0] = gx.reshape(shape)
                coords[..., 1] = gy.reshape(shape)
                block = F.grid_sample(source, torch.from_numpy(coords), mode="bilinear",
                                      padding_mode="zeros", align_corners=False)[0]
                block = block.reshape(source.shape[1], -1)
                block *= torch.from_numpy(weight.astype(np.float32))
                total += block
                continue
            pixels = np.flatnonzero(weight > 0)
            if pixels.size == 0:
                continue
            at = np.empty((1, 1, pixels.size, 2), dtype=np.float32)
            at[0, 0, :, 0] = gx[pixels]
            at[0, 0, :, 1] = gy[pixels]
            taps = F.grid_sample(source, torch.from_numpy(at), mode="bilinear",
                                 padding_mode="zeros", align_corners=False)[0, :, 0]
            taps *= torch.from_numpy(weight[pixels].astype(np.float32))
            total.index_add_(1, torch.from_numpy(pixels), taps)  # one add per pixel
    # the weight sum is separable: (sum over x taps) * (sum over y taps)
    full_x, full_y = across[0][1].copy(), down[0][1].copy()
    for pairs, full in ((across[1:], full_x), (down[1:], full_y)):
        for _, weight, _ in pairs:
            full += weight
    return total, full_x * full_y


def _widened_bilinear(win: np.ndarray, win_valid: np.ndarray | None, u: np.ndarray,
                      v: np.ndarray, half: tuple[float, float], shape: tuple[int, int],
                      complete: bool = False) -> tuple[np.ndarray, np.ndarray]:
    """GDAL's general-case bilinear: a separable triangle kernel of half-widths ``half``.

    ``u``/``v`` are window-relative positions (pixel ``k`` centred at ``k``) of the ``shape``
    destination pixels, flattened. Every window pixel within reach weighs
    ``(1 - |k - u| / hx) * (1 - |l - v| / hy)``; taps outside the window (the raster) or at
    nodata are left out and the others renormalised, as in GDAL's ``GWKResample``: the valid
    taps' weights are summed in one more plane. ``complete`` says that no tap can be missing
    (the window holds every tap within reach and no nodata), so the weight sum is known
    without sampling it. Returns ``(values [C, N], weight sum [N])``.
    """
    channels = win.shape[0]
    # channels last: grid_sample then reads a tap's bands from one cache line, which more
    # than pays for the transposing copy
    planes = np.empty((*win.shape[1:], channels + (not complete)), dtype=np.float32)
    for k in range(channels):  # band by band: a third faster than one strided moveaxis copy
        planes[..., k] = win[k]
    if not complete:
        if win_valid is None:
            planes[..., channels] = 1.0
        else:
            planes[..., channels] = win_valid
            planes[~win_valid, :channels] = 0.0  # (a NaN nodata times 0 would stay NaN)
    source = torch.from_numpy(planes).permute(2, 0, 1)[None]
    unit = 1.0
    if max(half) < 1.5:  # at most one outer tap per axis: the common, fast case
        total, full, unit = _narrow_taps(source, u, v, half, shape)
    else:
        total, full = _general_taps(source, u, v, half, shape)
    if complete:
        den = torch.from_numpy(full.astype(np.float32, copy=False))
        return total.div_(den).numpy(), full * unit
    den = total[channels]
    values = total[:channels].div_(den.clamp_min(1e-12)).numpy()
    return values, den.numpy() * unit

