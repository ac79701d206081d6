"""GDAL's chunks: the parts of a destination grid its warper warps one by one.

GDAL's warper (``GDALWarpOperation::CollectChunkList``) halves a destination whose source
window lies mostly off the raster (its *fill ratio*, the clamped source window's area over the
unclamped one, below one half) when it is over 100 pixels on a side: along its longer side
(width first on a tie of neither), recursively. Each chunk is then warped on its own: its rows
are interpolated between their own anchors (the approximate transformer sees the chunk's
rows) and its bilinear kernel has the chunk's scale. A patch mostly off a scene is therefore
warped by GDAL in chunks, and mirroring GDAL there means warping the same chunks.

(GDAL also splits a warp whose buffers exceed its memory limit, 64 MB by default: not
mirrored, a patch that large is not a training sample.)
"""

from __future__ import annotations

import math

from affine import Affine
from rasterio.enums import Resampling

from geoplug.core.headers import RasterHeader
from geoplug.core.warp.pixelmap import outline
from geoplug.core.warp.sources import Grid

__all__ = ["fill_ratio", "gdal_chunks", "sub_grid"]

#: GDAL splits a destination over this many pixels on a side (``nDstXSize > 100``)
_SPLIT_SIDE = 100
#: The reach of GDAL's kernels in source pixels (``GWKGetFilterRadius``; area methods: 0)
_RADIUS = {Resampling.bilinear: 1, Resampling.cubic: 2, Resampling.cubic_spline: 2,
           Resampling.lanczos: 3}


def sub_grid(grid: Grid, row: int, col: int, height: int, width: int) -> Grid:
    """The ``height`` x ``width`` part of ``grid`` from pixel ``(row, col)``."""
    return Grid(grid.crs, grid.crs_wkt, grid.transform @ Affine.translation(col, row), width,
                height)


def _round_close(value: float) -> float:
    rounded = round(value)
    return float(rounded) if abs(rounded - value) < 1e-6 else value


def _axis(lo: float, hi: float, n_dst: int, n_src: int, radius: int) -> tuple[int, float]:
    """The clamped source window's size along one axis and the unclamped extent (with the
    kernel's reach on both sides), as ``ComputeSourceWindow`` computes them."""
    extent = hi - lo
    scale = max(1e-3, n_dst / extent) if extent > 0 else math.inf
    reach = math.ceil(radius / scale) if scale < 0.95 else radius
    lo_clamped = int(max(0.0, lo))
    hi_clamped = int(min(math.ceil(hi), float(n_src)))
    if hi_clamped - lo_clamped > 0.9 * n_src:
        size = n_src
    else:
        start = max(0, min(lo_clamped - reach, n_src))
        size = max(0, min(n_src - start, hi_clamped - start + reach))
    return size, extent + 2 * reach


def fill_ratio(header: RasterHeader, grid: Grid, same_crs: bool, resampling: Resampling,
               factor: tuple[float, float] = (1.0, 1.0),
               size: tuple[int, int] | None = None) -> float:
    """GDAL's source fill ratio of ``grid`` (0 when its window misses the raster), for a
    raster of ``size`` pixels ``factor`` times ``header``'s (an overview level)."""
    box = outline(header, grid, same_crs)
    if box is None:
        return 0.0
    width, height = size if size is not None else (header.width, header.height)
    x0, x1, y0, y1 = (box[0] * factor[0], box[1] * factor[0], box[2] * factor[1],
                      box[3] * factor[1])
    if x0 > width or x1 < 0 or y0 > height or y1 < 0:
        return 0.0
    x0, x1, y0, y1 = (_round_close(v) for v in (x0, x1, y0, y1))
    radius = _RADIUS.get(resampling, 0)
    sx, ex = _axis(x0, x1, grid.width, width, radius)
    sy, ey = _axis(y0, y1, grid.height, height, radius)
    return sx * sy / max(1.0, ex * ey)


def gdal_chunks(header: RasterHeader, grid: Grid, same_crs: bool, resampling: Resampling,
                factor: tuple[float, float] = (1.0, 1.0), size: tuple[int, int] | None = None
                ) -> list[tuple[int, int, int, int]]:
    """``(row, col, height, width)`` of the chunks GDAL warps ``grid`` in (one: the whole)."""
    chunks: list[tuple[int, int, int, int]] = []

    def visit(row: int, col: int, height: int, width: int) -> None:
        if width > _SPLIT_SIDE or height > _SPLIT_SIDE:
            part = sub_grid(grid, row, col, height, width)
            ratio = fill_ratio(header, part, same_crs, resampling, factor, size)
            if 0 < ratio < 0.5:
                if width > height:
                    half = width // 2
                    visit(row, col, height, half)
                    visit(row, col + half, height, width - half)
                else:
                    half = height // 2
                    visit(row, col, half, width)
                    visit(row + half, col, height - half, width)
                return
        chunks.append((row, col, height, width))

    visit(0, 0, grid.height, grid.width)
    return chunks
