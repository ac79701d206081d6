"""Compact warped reads: the source pixels a patch needs, row by row, and their resampling.

A deferred sample (:mod:`geoplug.core.deferred`) ships a
:class:`~geoplug.core.warp.plan.CompactPlan`'s window without the pixels no kernel tap
reaches: a patch warped by a few
degrees covers a tilted square in the source, and its bounding window holds ``1 + sin 2a``
times the patch's pixels, the part outside the tilted square is wasted. Here each window row
keeps only its *span*, the columns some destination pixel's taps reach, with one more pixel at
each end and the taps of the rows next to it (the kernels read taps in pairs), and the spans are
packed one after the other:

* :func:`row_spans`: the ``[rows, 2]`` (start, end) columns of each window row, computed from
  the map's rule (each destination row of the map is a line in the source), never from the
  per-pixel map;
* :func:`pack` / :func:`unpack`: window <-> the packed pixels ``[C, n]``;
* :func:`finish_patch`: the destination pixels of one packed window and where they are
  valid, with the very kernels of the eager path (:mod:`geoplug.core.warp.kernels`): what
  ``Resample`` runs on a CPU.
"""

from __future__ import annotations

import math

import numpy as np
from rasterio.enums import Resampling
from rasterio.windows import Window

from geoplug.core.warp import kernels
from geoplug.core.warp.pixelmap import AFFINE, MapRule, expand_rule, footprint, row_lines
from geoplug.core.warp.plan import CompactPlan
from geoplug.core.warp.sources import Patch, Region, nodata_valid

__all__ = ["finish_patch", "outside_value", "pack", "row_spans", "unpack"]

_EPS = 1e-6  # positions this close to a pixel edge count on both sides (float rounding)


def _reach(resampling: Resampling, half: float) -> tuple[float, float]:
    """Offsets ``(lo, hi)``: a pixel at position ``p`` taps pixels ``floor(p + lo)`` to
    ``floor(p + hi)`` along an axis (a superset of the kernel's taps)."""
    if resampling == Resampling.nearest:
        return 1e-10, 1e-10
    return 0.5 - half, half - 0.5


def row_spans(plan: CompactPlan, needed: tuple[np.ndarray, np.ndarray] | None = None
              ) -> np.ndarray:
    """``[rows, 2]`` int32: the window columns ``[start, end)`` each window row must keep.

    Row ``r`` of the destination is the source line ``(x0 + dx c, y0 + dy c)``; for each
    window row ``k`` it reaches, the destination columns whose taps include row ``k`` form an
    interval of ``c``, whose ends give the extreme columns tapped in row ``k``. ``needed``
    ``(first, last)`` ``[H]`` limits each destination row to the columns ``first[r]`` to
    ``last[r]`` (none where ``first[r] > last[r]``): the pixels a second source must give.
    """
    x0, dx, y0, dy = row_lines(plan.rule)
    if plan.factor is not None:
        fx, fy = plan.factor
        x0, dx, y0, dy = x0 * fx, dx * fx, y0 * fy, dy * fy
    width = plan.rule.width
    lox, hix = _reach(plan.resampling, plan.half[0])
    loy, hiy = _reach(plan.resampling, plan.half[1])
    win = plan.window
    c0, r0, ww, wh = int(win.col_off), int(win.row_off), int(win.width), int(win.height)
    y_end = y0 + dy * (width - 1)
    # one more row each side too (a pair of taps along y; see the columns below)
    kmin = np.floor(np.minimum(y0, y_end) + loy - _EPS).astype(np.int64) - 1
    kmax = np.floor(np.maximum(y0, y_end) + hiy + _EPS).astype(np.int64) + 1
    kmin, kmax = np.maximum(kmin, r0), np.minimum(kmax, r0 + wh - 1)
    counts = np.maximum(kmax - kmin + 1, 0)
    spans = np.zeros((wh, 2), dtype=np.int32)
    total = int(counts.sum())
    if total == 0:
        return spans
    row = np.repeat(np.arange(counts.size), counts)
    k = kmin[row] + (np.arange(total) - np.repeat(np.cumsum(counts) - counts, counts))
    # destination columns whose y lies in [k - hiy - 1, k + 2 - loy): they tap window row k
    # or a row next to it
    ya, yb = k - hiy - 1 - _EPS - y0[row], k + 2 - loy + _EPS - y0[row]
    slope = dy[row]
    flat = np.abs(slope) < 1e-12
    with np.errstate(divide="ignore", invalid="ignore"):
        ca, cb = ya / slope, yb / slope
    lo = np.where(flat, np.where((ya <= 0) & (yb >= 0), 0.0, np.inf), np.minimum(ca, cb))
    hi = np.where(flat, np.where((ya <= 0) & (yb >= 0), width - 1.0, -np.inf),
                  np.maximum(ca, cb))
    cs = np.maximum(np.ceil(lo), 0.0)
    ce = np.minimum(np.floor(hi), width - 1.0)
    if needed is not None:
        cs = np.maximum(cs, needed[0][row])
        ce = np.minimum(ce, needed[1][row])
    some = cs <= ce
    row, k, cs, ce = row[some], k[some], cs[some], ce[some]
    xa, xb = x0[row] + dx[row] * cs, x0[row] + dx[row] * ce
    # one more pixel at each end: the kernels read taps in pairs (one bilinear sample per
    # pair), and a pair's zero-weight partner still enters the float sum, so it must hold
    # the real pixel, not the unpacked filler
    first = np.floor(np.minimum(xa, xb) + lox - _EPS).astype(np.int64) - c0 - 1
    last = np.floor(np.maximum(xa, xb) + hix + _EPS).astype(np.int64) - c0 + 2
    start = np.full(wh, ww, dtype=np.int64)
    end = np.zeros(wh, dtype=np.int64)
    np.minimum.at(start, k - r0, first)
    np.maximum.at(end, k - r0, last)
    # (np.clip costs more than the two ufuncs on arrays this short)
    start, end = np.minimum(np.maximum(start, 0), ww), np.minimum(np.maximum(end, 0), ww)
    spans[:, 0] = np.minimum(start, end)
    spans[:, 1] = end
    return spans


def pack(win: np.ndarray, spans: np.ndarray, out: np.ndarray) -> int:
    """Write the kept pixels of ``win`` ``[C, h, w]`` row by row into ``out`` ``[C, n]``;
    returns how many there are per band. (One ``concatenate`` of the row views beats a copy
    per row, a boolean mask or an index array: rows are few and long.)"""
    rows = [win[:, r, a:b] for r, (a, b) in enumerate(spans.tolist()) if b > a]
    k = sum(row.shape[1] for row in rows)
    if rows:
        np.concatenate(rows, axis=1, out=out[:, :k])
    return k


def unpack(packed: np.ndarray, spans: np.ndarray, width: int, outside: float) -> np.ndarray:
    """The window ``[C, rows, width]`` of ``packed`` pixels; pixels outside the spans (which
    no tap reaches with any weight) get ``outside``."""
    rows = spans.shape[0]
    if (spans[:, 0] == 0).all() and (spans[:, 1] == width).all():  # whole rows: a view
        return packed[:, :rows * width].reshape(packed.shape[0], rows, width)
    win = np.full((packed.shape[0], spans.shape[0], width), outside, dtype=packed.dtype)
    k = 0
    for r, (a, b) in enumerate(spans.tolist()):
        win[:, r, a:b] = packed[:, k:k + b - a]
        k += b - a
    return win


def outside_value(dtype: np.dtype, nodata: float | None, window_has_nodata: bool) -> float:
    """What :func:`unpack` puts outside the spans so that the eager kernels take the same
    branch as on the full window: nodata if the window held some, else anything else."""
    if nodata is None or math.isnan(nodata):
        return 0.0
    if window_has_nodata:
        return nodata
    if np.issubdtype(dtype, np.integer) and nodata + 1 > np.iinfo(dtype).max:
        return nodata - 1
    return nodata + 1


def _whole_pixel_shift(rule: MapRule, factor: tuple[float, float] | None,
                      resampling: Resampling) -> tuple[int, int] | None:
    """``(dx, dy)`` when nearest on ``rule`` maps destination pixel ``(col, row)`` to source
    pixel ``(col + dx, row + dy)`` (an affine of unit scale, no rotation, offsets within
    1e-6 of whole pixels: ``floor`` of every position is then exact), else ``None``."""
    if resampling != Resampling.nearest or rule.kind != AFFINE or factor is not None:
        return None
    a, b, c, d, e, f = (float(v) for v in rule.coef)
    if (a, b, d, e) != (1.0, 0.0, 0.0, 1.0):
        return None
    dx, dy = round(c), round(f)  # the grid's corner in source pixels
    if abs(c - dx) > 1e-6 or abs(f - dy) > 1e-6:
        return None
    return dx, dy


def finish_patch(packed: np.ndarray, spans: np.ndarray, rule: MapRule,
                 factor: tuple[float, float] | None, window: Window,
                 level_size: tuple[int, int], resampling: Resampling,
                 half: tuple[float, float], clipped: bool, nodata: float | None,
                 window_has_nodata: bool, need: Region | None = None) -> Patch | None:
    """The patch (pixels and where they are valid) of one packed window, exactly as the eager
    path computes it (the same map, footprint and kernels), of the destination box ``need``
    only if given; ``None``: no pixel inside."""
    if not window_has_nodata:  # the worker found none in the whole window: skip the check
        nodata = None
    shift = _whole_pixel_shift(rule, factor, resampling)
    if shift is not None:  # an aligned window: nearest picks each window pixel as it is
        win = unpack(packed, spans, int(window.width),
                     outside_value(packed.dtype, nodata, window_has_nodata))
        r0, c0 = int(window.row_off) - shift[1], int(window.col_off) - shift[0]
        valid = nodata_valid(win, nodata)
        return Patch(win, None if valid is None or valid.all() else valid,
                     slice(r0, r0 + win.shape[1]), slice(c0, c0 + win.shape[2]))
    xs, ys = expand_rule(rule)
    if factor is not None:
        xs, ys = xs * factor[0], ys * factor[1]
    fp = footprint(xs, ys, *level_size, monotonic=True)
    if fp is not None and need is not None:
        fp = fp.crop(*need)
    if fp is None:
        return None
    win = unpack(packed, spans, int(window.width),
                 outside_value(packed.dtype, nodata, window_has_nodata))
    if resampling == Resampling.nearest:
        return kernels.nearest(win, window, fp, nodata)
    if half == (1.0, 1.0):
        return kernels.bilinear(win, window, fp, nodata)
    return kernels.widened(win, window, fp, nodata, half, clipped)
