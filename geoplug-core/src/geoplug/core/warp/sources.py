"""What the warp engine reads and gives back: grids, source scenes, their levels, patches.

A :class:`Source` is one scene (one or several files on one pixel grid); it is read at full
resolution or at one of its overviews, a :class:`Level`, one window of every band at once
(:func:`read_window`). Reading a source onto a destination :class:`Grid` gives a
:class:`Patch`: the destination pixels the source covers.
"""

from __future__ import annotations

import functools
import math
from dataclasses import dataclass

import numpy as np
from affine import Affine
from rasterio.crs import CRS
from rasterio.enums import Resampling
from rasterio.errors import RasterioError
from rasterio.windows import Window

from geoplug.core import handles, remote
from geoplug.core.errors import GeoplugError, UnreadableFileError
from geoplug.core.headers import RasterHeader

__all__ = ["Grid", "Level", "Patch", "Region", "Source", "nodata_valid", "pick_overview",
           "read_mask", "read_window", "resampling_of", "window_valid"]


def resampling_of(value: str | int | Resampling) -> Resampling:
    """Parse a resampling method name (``"nearest"``, ``"bilinear"``, ``"cubic"``, ...).

    Raises:
        ValueError: unknown method.
    """
    if isinstance(value, Resampling):
        return value
    try:
        return Resampling[value] if isinstance(value, str) else Resampling(value)
    except (KeyError, ValueError) as err:
        names = ", ".join(r.name for r in Resampling)
        raise ValueError(f"unknown resampling {value!r}; choose one of {names}") from err


@dataclass(frozen=True, slots=True)
class Grid:
    """A destination pixel grid: CRS, north-up affine transform and size."""

    crs: CRS
    crs_wkt: str
    transform: Affine
    width: int
    height: int

    @classmethod
    def from_bounds(cls, crs: CRS, res: tuple[float, float], minx: float, maxy: float,
                    width: int, height: int, crs_wkt: str | None = None) -> Grid:
        return cls(crs, crs_wkt or crs.to_wkt(),
                   Affine(res[0], 0.0, minx, 0.0, -res[1], maxy), width, height)


@dataclass(frozen=True, slots=True)
class Source:
    """One scene to read: files sharing ``header``'s grid, and the bands taken from each."""

    paths: tuple[str, ...]
    indexes: tuple[tuple[int, ...], ...]  # 1-based band indexes read from each path
    header: RasterHeader
    nodata: float | None

    @property
    def count(self) -> int:
        return sum(len(i) for i in self.indexes)


@dataclass(frozen=True, slots=True)
class Level:
    """A source as read: at full resolution (``overview`` ``None``) or at one overview.

    ``transform`` maps this level's pixels to the source CRS; ``width``/``height`` are its size.
    """

    source: Source
    overview: int | None
    transform: Affine
    width: int
    height: int

    @classmethod
    def full(cls, source: Source) -> Level:
        header = source.header
        return cls(source, None, header.affine, header.width, header.height)

    @classmethod
    def of(cls, source: Source, overview: int) -> Level:
        """Overview ``overview`` of ``source`` (its size comes from the cached handle)."""
        header = source.header
        handle = handles.read_handle(source.paths[0], overview)
        fx, fy = handle.width / header.width, handle.height / header.height
        return cls(source, overview, header.affine @ Affine.scale(1 / fx, 1 / fy),
                   handle.width, handle.height)

    @property
    def factor(self) -> tuple[float, float]:
        """This level's pixels per full-resolution pixel along (x, y)."""
        header = self.source.header
        return self.width / header.width, self.height / header.height


#: A box of destination pixels ``(rows, cols)``: what a composite still needs from a source.
Region = tuple[slice, slice]


@dataclass(slots=True)
class Patch:
    """Destination pixels a source covers: ``data[:, i, j]`` is pixel ``(rows.start + i, ...)``.

    ``valid`` is ``None`` when every pixel of the box holds data.
    """

    data: np.ndarray  # [C, h, w], the source dtype
    valid: np.ndarray | None  # [h, w] bool
    rows: slice
    cols: slice
    #: nodata not yet applied to ``valid`` (the aligned path defers it: a lone source skips it)
    nodata: float | None = None

    def mask(self) -> np.ndarray | None:
        """Valid pixels including the deferred nodata check (``None``: all valid)."""
        if self.nodata is None:
            return self.valid
        nd = nodata_valid(self.data, self.nodata)
        self.nodata = None
        if nd is not None and nd.all():
            nd = None
        if nd is not None and self.valid is not None:
            nd &= self.valid
        self.valid = nd if nd is not None else self.valid
        return self.valid


def read_mask(level: Level, window: Window) -> np.ndarray | None:
    """Where ``window`` of a masked source has data (its file's mask, GDAL's reading of it);
    ``None`` for a source whose nodata value says it (or that has no mask).

    Raises:
        UnreadableFileError: the mask cannot be read.
    """
    source = level.source
    if not source.header.masked:
        return None
    path = source.paths[0]
    try:
        mask = handles.read_handle(path, level.overview).read_masks(1, window=window)
    except (RasterioError, OSError) as err:
        raise UnreadableFileError(remote.redact(
            f"cannot read the mask of window {window!r} of {path!r}: {err}; the file is "
            "probably truncated or corrupt"), path=path) from err
    return mask > 0


def window_valid(win: np.ndarray, nodata: float | None, mask: np.ndarray | None
                 ) -> np.ndarray | None:
    """Window pixels with data: not nodata (:func:`nodata_valid`) and within ``mask``."""
    valid = nodata_valid(win, nodata)
    if mask is None:
        return valid
    return mask if valid is None else valid & mask


def nodata_valid(data: np.ndarray, nodata: float | None) -> np.ndarray | None:
    """Pixels where at least one band is not nodata (GDAL's unified source nodata)."""
    if nodata is None:
        return None
    # a pixel is nodata only where every band is: a first band without any (or alone) spares
    # the rest
    if isinstance(nodata, float) and math.isnan(nodata):
        first = ~np.isnan(data[0])
        return first if len(data) == 1 or first.all() else ~np.isnan(data).all(axis=0)
    first = data[0] != nodata
    return first if len(data) == 1 or first.all() else (data != nodata).any(axis=0)


def pick_overview(source: Source, scale: float) -> int | None:
    """Index of the coarsest overview whose decimation is at most ``scale``, or None (also
    when the scene's band files lack that overview, or hold another one at that index: the
    header lists the first file's)."""
    best = None
    for i, factor in enumerate(source.header.overviews):
        if factor <= scale * (1 + 1e-9) and factor > 1:
            best = i
    if best is not None and len(source.paths) > 1 and not _shared_overview(source.paths, best):
        return None
    return best


@functools.lru_cache(maxsize=4096)
def _shared_overview(paths: tuple[str, ...], index: int) -> bool:
    """Whether every file of ``paths`` has an overview ``index`` of one size."""
    sizes = set()
    for path in paths:
        try:
            handle = handles.read_handle(path, index)
        except (GeoplugError, RasterioError, OSError):
            return False
        sizes.add((handle.width, handle.height))
    return len(sizes) == 1


def read_window(level: Level, window: Window, out: np.ndarray | None = None) -> np.ndarray:
    """Read ``window`` of every band of ``level``'s source into one ``[C, h, w]`` array
    (``out`` when given: any strides, e.g. the start of a deferred sample's buffer).

    Several band files at full resolution are read with one call through a VRT stacking them
    (:func:`handles.stack_handle`); on a read error they are re-read file by file, so that the
    error names the broken file. A URL's read that fails for a transient reason is retried on
    a fresh connection (:func:`handles.reread`).

    Raises:
        UnreadableFileError: a file cannot be read (truncated, corrupt, deleted).
        InvalidDataError: a band file differs in size from its scene's first file.
    """
    source, overview = level.source, level.overview
    header = source.header
    h, w = int(window.height), int(window.width)
    if out is None:
        out = np.empty((source.count, h, w), dtype=header.dtype)
    if len(source.paths) > 1 and overview is None:
        stack = handles.stack_handle(source.paths, source.indexes, header.width, header.height,
                                     out.dtype)
        if stack is not None:
            try:
                stack.read(window=window, out=out)
                return out
            except (RasterioError, OSError):
                pass  # find and name the broken file below
    k = 0
    for path, idx in zip(source.paths, source.indexes):
        handle = handles.read_handle(path, overview)
        if k and overview is None:
            handles.check_sibling(handle, source.paths[0], header.width, header.height)
        try:
            handle.read(list(idx), window=window, out=out[k:k + len(idx)])
        except (RasterioError, OSError) as first:
            # a URL's transient fault is read again on a fresh connection (handles.reread)
            err = handles.reread(path, overview, list(idx), window, out[k:k + len(idx)], first)
            if err is not None:
                raise UnreadableFileError(remote.redact(  # no signed URL's token in it
                    f"cannot read window {window!r} of {path!r}: {str(err).rstrip('.')}. The "
                    "file is probably truncated or corrupt; re-download or re-create it (or "
                    "pass on_error='skip' to the dataset to skip the samples needing it)."),
                    path=path) from err
        k += len(idx)
    return out
