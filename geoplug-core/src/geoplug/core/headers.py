"""File headers of raster datasets and their on-disk cache, and footprints in any CRS.

Opening every file of a 10,000-file dataset at each construction is what makes datasets slow to
create. Headers (CRS, transform, size, bands, dtype, nodata, overviews) are read once, in
parallel (processes for local files, threads for URLs), and cached on disk as JSON (one compact
row per file, CRSs in a shared table) keyed by each file's path, size, modification time and
inode; a later construction stats the files and opens only the new or changed ones. Every row is
checked before it is trusted (whole positive sizes, a finite invertible transform, a dtype and
CRS that exist, ...): a wrong row is read again from its file, with a :class:`CacheWarning`
naming the cache file, and the cache is rewritten. Indexing also tells the handle cache
(:func:`geoplug.core.handles.revalidate`) to re-open files that changed. Footprints are then
computed from the cached headers for any target CRS with one vectorised PROJ call per distinct
source CRS, so changing the target CRS never re-opens a file either.

The cache folder is ``$GEOPLUG_CACHE_DIR/index`` or ``~/.cache/geoplug/index``;
``GEOPLUG_INDEX_WORKERS`` caps the parallel header reads (``1``: serial).
"""

from __future__ import annotations

import gc
import hashlib
import json
import math
import multiprocessing
import os
import sys
import tempfile
import warnings
from collections.abc import Iterator, Sequence
from concurrent.futures import ProcessPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

import numpy as np
from affine import Affine
from pyproj import Transformer
from pyproj.exceptions import ProjError
from rasterio.crs import CRS
from rasterio.dtypes import dtype_rev
from rasterio.enums import MaskFlags
from rasterio.errors import CRSError

from geoplug.core import handles
from geoplug.core.concurrency import read_pool
from geoplug.core.errors import GeoplugWarning, InvalidDataError

__all__ = [
    "CacheWarning",
    "RasterHeader",
    "cache_dir",
    "footprints",
    "gc_paused",
    "read_header",
    "read_headers",
    "transformer",
]

_CACHE_VERSION = 4  # 2: a shared CRS table and one compact row per file; 3: inode in the
# key; 4: whether a mask says where the data is

#: The dtype names rasterio reads (what ``DatasetReader.dtypes`` holds).
_DTYPES = frozenset(name for name in dtype_rev if isinstance(name, str))
#: The types of JSON numbers (``bool`` is an ``int`` subclass, not one of them).
_NUMBER_TYPES = frozenset({int, float})


class CacheWarning(GeoplugWarning):
    """A header cache file was unreadable or held wrong rows; they were read again."""


@contextmanager
def gc_paused() -> Iterator[None]:
    """Pause Python's cyclic garbage collector while indexing builds many small objects.

    Each pass over a growing heap of acyclic rows costs time and frees nothing, and a large
    dataset re-opened from the cache builds many such rows.
    """
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


@dataclass(frozen=True, slots=True)
class RasterHeader:
    """What geoplug needs to know about a raster file without reading its pixels."""

    path: str
    crs_wkt: str
    transform: tuple[float, float, float, float, float, float]  # Affine a, b, c, d, e, f
    width: int
    height: int
    count: int
    dtype: str
    nodata: float | None
    overviews: tuple[int, ...]  # decimation factors of band 1, e.g. (2, 4, 8)
    #: no nodata value, but a mask (an internal or ``.msk`` mask, an alpha band) says which
    #: pixels have data, as JPEG-compressed imagery often does
    masked: bool = False

    @property
    def affine(self) -> Affine:
        return Affine(*self.transform)

    @property
    def res(self) -> tuple[float, float]:
        """Pixel size in CRS units (x, y), positive."""
        a, b, _, d, e, _ = self.transform
        return (float(np.hypot(a, d)), float(np.hypot(b, e)))

    def to_row(self, crs_index: int) -> list[Any]:
        """This header as a compact cache row (the CRS as an index into a shared table)."""
        return [crs_index, list(self.transform), self.width, self.height, self.count,
                self.dtype, self.nodata, list(self.overviews), self.masked]

    @classmethod
    def from_row(cls, path: str, row: Any, crs_table: Sequence[str | None]) -> RasterHeader:
        """The header cached as ``row`` (see :meth:`to_row`), checked value by value.

        ``crs_table`` holds the cache's CRS WKTs, ``None`` where one does not parse. The
        values must be what :func:`read_header` produces, not merely convertible to it: a
        row that says ``"12"`` for a height was not written by geoplug.

        Raises:
            ValueError: ``row`` is malformed; the message says which value is wrong.
        """
        if not isinstance(row, list) or len(row) != 9:
            raise ValueError(f"a row has 9 values, got {row!r}")
        crs, transform, width, height, count, dtype, nodata, overviews, masked = row
        if type(masked) is not bool:
            raise ValueError(f"masked {masked!r} is not true or false")
        if type(crs) is not int or not 0 <= crs < len(crs_table):
            raise ValueError(f"CRS index {crs!r} is not in the CRS table")
        wkt = crs_table[crs]
        if wkt is None:
            raise ValueError(f"CRS {crs} of the table is not a CRS")
        if (not isinstance(transform, list) or len(transform) != 6
                or not set(map(type, transform)) <= _NUMBER_TYPES
                or not math.isfinite(sum(transform))):  # any inf or NaN makes the sum one
            raise ValueError(f"transform {transform!r} is not 6 finite numbers")
        a, b, _, d, e, _ = transform
        if a * e - b * d == 0:
            raise ValueError(f"transform {transform!r} is not invertible")
        for name, value in (("width", width), ("height", height), ("count", count)):
            if type(value) is not int or value < 1:
                raise ValueError(f"{name} {value!r} is not a whole number >= 1")
        if dtype not in _DTYPES:  # also rejects non-strings: the set holds only names
            raise ValueError(f"dtype {dtype!r} is not one rasterio reads")
        if nodata is not None and type(nodata) not in _NUMBER_TYPES:
            raise ValueError(f"nodata {nodata!r} is not a number or null")
        if not isinstance(overviews, list) or (overviews and (
                not set(map(type, overviews)) <= {int} or min(overviews) < 1)):
            raise ValueError(f"overviews {overviews!r} are not whole decimation factors")
        return cls(path=path, crs_wkt=wkt,
                   transform=tuple(float(v) for v in transform),  # type: ignore[arg-type]
                   width=width, height=height, count=count, dtype=dtype,
                   nodata=None if nodata is None else float(nodata),
                   overviews=tuple(overviews), masked=masked)


def read_header(path: str) -> RasterHeader:
    """Open ``path`` and read its header (no pixels).

    Raises:
        InvalidDataError: the file cannot be opened, or has no CRS or no geotransform.
    """
    with handles.open_raster(path) as src:
        if src.crs is None:
            raise InvalidDataError(
                f"raster {path!r} has no CRS, so it cannot be placed on a map. Assign the right "
                "one, e.g. `gdal_edit.py -a_srs EPSG:32615 FILE` or rasterio's "
                "`rio edit-info --crs`."
            )
        if src.transform.is_identity:
            raise InvalidDataError(
                f"raster {path!r} has no geotransform (pixel coordinates only); georeference it "
                "first (e.g. `gdal_edit.py -a_ullr`)."
            )
        nodata = src.nodata
        return RasterHeader(
            path=path,
            crs_wkt=src.crs.to_wkt(),
            transform=tuple(src.transform)[:6],  # type: ignore[arg-type]
            width=src.width,
            height=src.height,
            count=src.count,
            dtype=src.dtypes[0],
            nodata=None if nodata is None else float(nodata),
            overviews=tuple(src.overviews(1)),
            masked=nodata is None and any(
                MaskFlags.per_dataset in flags or MaskFlags.alpha in flags
                for flags in src.mask_flag_enums),
        )


def cache_dir() -> Path:
    """Where index caches live: ``$GEOPLUG_CACHE_DIR/index`` or ``~/.cache/geoplug/index``."""
    root = os.environ.get("GEOPLUG_CACHE_DIR")
    base = Path(root) if root else Path.home() / ".cache" / "geoplug"
    return base / "index"


def _load_cache(file: Path) -> tuple[dict[str, Any], list[str | None]]:
    """``(entries, crs_table)`` of a cache file; empty if missing, corrupt or outdated.

    Table entries that are not a parsable CRS WKT are ``None`` (rows using them are re-read).
    A corrupt file is reported (:class:`CacheWarning`, naming it) and then rebuilt.
    """
    try:
        raw = file.read_bytes()
    except FileNotFoundError:
        return {}, []
    except OSError as err:
        _warn_cache(file, f"cannot be read ({err})")
        return {}, []
    try:
        data = json.loads(raw)
    except ValueError as err:  # also text that is not UTF-8
        _warn_cache(file, f"is not valid JSON ({err})")
        return {}, []
    if isinstance(data, dict) and data.get("version") != _CACHE_VERSION:
        return {}, []  # written by another geoplug version: rebuilt silently
    entries = data.get("entries") if isinstance(data, dict) else None
    crs_table = data.get("crs") if isinstance(data, dict) else None
    if not isinstance(entries, dict) or not isinstance(crs_table, list):
        _warn_cache(file, "does not hold a header cache (no 'entries' and 'crs')")
        return {}, []
    return entries, [_parsable_wkt(wkt) for wkt in crs_table]


def _parsable_wkt(wkt: Any) -> str | None:
    """``wkt`` if it is a CRS rasterio understands, else ``None``."""
    if not isinstance(wkt, str):
        return None
    try:
        CRS.from_wkt(wkt)
    except CRSError:
        return None
    return wkt


def _warn_cache(file: Path, problem: str) -> None:
    warnings.warn(
        f"the header cache {file} {problem}; the files concerned are read again and the cache "
        "rewritten (delete the file if this repeats)", CacheWarning, stacklevel=4)


def _save_cache(file: Path, entries: dict[str, Any], crs_table: list[str]) -> None:
    """Write atomically (temp file then rename); an unwritable cache is only a warning."""
    tmp = None
    try:
        file.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=file.parent, prefix=file.name, suffix=".tmp")
        with os.fdopen(fd, "w") as f:
            json.dump({"version": _CACHE_VERSION, "crs": crs_table, "entries": entries}, f,
                      separators=(",", ":"))
        os.replace(tmp, file)
    except OSError as err:
        if tmp is not None and os.path.exists(tmp):
            os.remove(tmp)
        warnings.warn(f"could not write the header cache {file}: {err}", CacheWarning,
                      stacklevel=3)


def read_headers(
    paths: Sequence[str], cache_key: str | None = None, max_workers: int | None = None
) -> list[RasterHeader]:
    """Headers of ``paths`` (same order), from the on-disk cache where still valid.

    ``cache_key`` names the cache file (e.g. the dataset's paths argument and glob); ``None``
    disables caching. Local files are re-validated by size, mtime and inode; URLs are always
    read. Cached handles of files that changed since they were opened are re-opened at their
    next use (:func:`geoplug.core.handles.revalidate`), with or without ``cache_key``.

    Raises:
        InvalidDataError: a file cannot be opened or lacks a CRS.

    Warns:
        CacheWarning: the cache file is corrupt or holds wrong rows (they are read again).
    """
    handles.refresh_remote(paths)  # also revalidates the cached handles of local files
    cache_file = None
    entries: dict[str, Any] = {}
    crs_table: list[str | None] = []
    if cache_key is not None:
        digest = hashlib.sha256(cache_key.encode()).hexdigest()[:32]
        cache_file = cache_dir() / f"{digest}.json"
        entries, crs_table = _load_cache(cache_file)

    stats = [handles.signature(p) for p in paths]
    result: list[RasterHeader | None] = [None] * len(paths)
    todo: list[int] = []
    wrong: list[str] = []
    for i, (path, st) in enumerate(zip(paths, stats)):
        row = entries.get(path)
        if st is not None and row is not None:
            if not isinstance(row, list):
                wrong.append(f"{path!r}: {row!r} is not a list")
            elif row[:3] == list(st):  # else the file changed since: read it again
                try:
                    result[i] = RasterHeader.from_row(path, row[3:], crs_table)
                    continue
                except ValueError as err:
                    wrong.append(f"{path!r}: {err}")
        todo.append(i)
    if wrong and cache_file is not None:
        more = f" and {len(wrong) - 1} more" if len(wrong) > 1 else ""
        _warn_cache(cache_file, f"holds a wrong row for {wrong[0]}{more}")

    if todo:
        fresh = _read_many([paths[i] for i in todo], max_workers)
        for i, header in zip(todo, fresh):
            result[i] = header
        if cache_file is not None:
            _save_cache(cache_file, *_cache_rows(paths, stats, result))
    return [h for h in result if h is not None]


#: fewer local files than this are read in this process (starting workers costs more)
PROCESS_POOL_MIN = 512


def _read_many(paths: Sequence[str], max_workers: int | None) -> list[RasterHeader]:
    """Headers of ``paths`` (same order), read in parallel where that pays.

    Opening a local file is CPU work that mostly holds the GIL (rasterio's Python around
    ``GDALOpen``): threads made a large build slower than one thread, so on Linux many local
    files are split across forked processes, as PyTorch's DataLoader forks its workers.
    Remote files wait on the network, so they
    are read by threads. Local files are read serially elsewhere (macOS forks unsafely, and
    ``spawn`` would re-run the user's main module) and in daemonic processes (a DataLoader
    worker), which may not have children. ``max_workers`` (default: the environment variable
    ``GEOPLUG_INDEX_WORKERS``, else the CPU count) of 1 reads serially.
    """
    if not paths:
        return []
    if max_workers is None and os.environ.get("GEOPLUG_INDEX_WORKERS", "").strip():
        try:
            max_workers = max(1, int(os.environ["GEOPLUG_INDEX_WORKERS"]))
        except ValueError:
            raise ValueError("GEOPLUG_INDEX_WORKERS must be a whole number of workers, e.g. 1 "
                             f"to read file headers serially; got "
                             f"{os.environ['GEOPLUG_INDEX_WORKERS']!r}") from None
    cpus = os.cpu_count() or 1
    if any(handles.is_remote(p) for p in paths):
        workers = max_workers or 16
        if workers == 1 or len(paths) == 1:
            return [read_header(p) for p in paths]
        # the process's lasting read threads: threads that exit here could leave SQLite's
        # mutex locked in the DataLoader workers forked next (concurrency.read_pool)
        return list(read_pool(workers).map(read_header, paths))
    workers = min(max_workers or cpus, cpus, len(paths))
    if (workers == 1 or len(paths) < PROCESS_POOL_MIN or not sys.platform.startswith("linux")
            or multiprocessing.current_process().daemon):
        return [read_header(p) for p in paths]
    context = multiprocessing.get_context("fork")
    chunk = max(1, math.ceil(len(paths) / (4 * workers)))
    with ProcessPoolExecutor(max_workers=workers, mp_context=context) as pool:
        headers = list(pool.map(read_header, paths, chunksize=chunk))
    handles.count_opens(len(paths))  # opened in the workers, one each
    return headers


def _cache_rows(paths: Sequence[str], stats: Sequence[handles.Signature],
                headers: Sequence[RasterHeader | None]) -> tuple[dict[str, Any], list[str]]:
    """Cache entries ``path: [size, mtime_ns, inode, *header row]`` and their CRS table (local
    files only: a URL has no size and time to validate against)."""
    crs_index: dict[str, int] = {}
    entries: dict[str, Any] = {}
    for path, st, header in zip(paths, stats, headers):
        if st is not None and header is not None:
            index = crs_index.setdefault(header.crs_wkt, len(crs_index))
            entries[path] = [*st, *header.to_row(index)]
    return entries, list(crs_index)


@lru_cache(maxsize=256)
def _transformer(src_wkt: str, dst_wkt: str, pid: int) -> Transformer:
    return Transformer.from_crs(CRS.from_wkt(src_wkt).to_wkt(), CRS.from_wkt(dst_wkt).to_wkt(),
                                always_xy=True)


def transformer(src_wkt: str, dst_wkt: str) -> Transformer:
    """A cached ``pyproj.Transformer`` (x, y order) for this process."""
    return _transformer(src_wkt, dst_wkt, os.getpid())


def refuse_wrapped(xs: np.ndarray, dst_crs: CRS, names: Sequence[str]) -> None:
    """Refuse outlines ``xs`` ``[N, points]`` that cross the antimeridian of a geographic
    ``dst_crs``: their box would span every longitude, and almost every patch drawn in it
    would be empty.

    Raises:
        InvalidDataError: one does; the message names it (``names``) and what to do.
    """
    if not dst_crs.is_geographic or xs.shape[1] < 2:
        return
    with np.errstate(invalid="ignore"):
        width = xs.max(axis=1) - xs.min(axis=1)
        # the outline followed without its jumps of 360 degrees: narrow for data across the
        # antimeridian, as wide as ever for data around the globe
        unwrapped = np.degrees(np.unwrap(np.radians(xs), axis=1))
        narrow = unwrapped.max(axis=1) - unwrapped.min(axis=1) < 180.0
    wraps = np.flatnonzero((width > 180.0) & narrow)
    if len(wraps):
        raise InvalidDataError(
            f"{names[wraps[0]]!r} crosses the antimeridian in {dst_crs}: its footprint there "
            "would span every longitude; index the data in a projected crs that holds it "
            "(its UTM zone, or EPSG:3832 across the Pacific)")


def footprints(headers: Sequence[RasterHeader], dst_crs: CRS, densify: int = 21) -> np.ndarray:
    """Bounds ``[N, 4]`` = (minx, maxx, miny, maxy) of each file's extent in ``dst_crs``.

    Each edge is densified so curved edges after reprojection are enclosed.

    Raises:
        InvalidDataError: a file's extent cannot be expressed in ``dst_crs``.
    """
    n = len(headers)
    out = np.empty((n, 4), dtype=np.float64)
    if n == 0:
        return out
    dst_wkt = dst_crs.to_wkt()
    t = np.linspace(0.0, 1.0, densify)
    # pixel coordinates of the densified outline of a unit raster, shared by all files
    ring_u = np.concatenate([t, np.ones_like(t), t[::-1], np.zeros_like(t)])
    ring_v = np.concatenate([np.zeros_like(t), t, np.ones_like(t), t[::-1]])
    groups: dict[str, list[int]] = {}
    for i, h in enumerate(headers):
        groups.setdefault(h.crs_wkt, []).append(i)
    for src_wkt, idx in groups.items():
        tr = np.array([headers[i].transform for i in idx])  # [n, 6]
        size = np.array([(headers[i].width, headers[i].height) for i in idx], dtype=np.float64)
        cols = ring_u[None, :] * size[:, :1]
        rows = ring_v[None, :] * size[:, 1:]
        xs = tr[:, 0:1] * cols + tr[:, 1:2] * rows + tr[:, 2:3]
        ys = tr[:, 3:4] * cols + tr[:, 4:5] * rows + tr[:, 5:6]
        if src_wkt != dst_wkt and CRS.from_wkt(src_wkt) != dst_crs:
            xs, ys = transformer(src_wkt, dst_wkt).transform(xs, ys)
            xs, ys = np.asarray(xs), np.asarray(ys)
            refuse_wrapped(xs, dst_crs, [headers[i].path for i in idx])
        bad = ~(np.isfinite(xs).all(axis=1) & np.isfinite(ys).all(axis=1))
        out[idx, 0] = xs.min(axis=1)
        out[idx, 1] = xs.max(axis=1)
        out[idx, 2] = ys.min(axis=1)
        out[idx, 3] = ys.max(axis=1)
        for k in np.flatnonzero(bad):  # e.g. a global grid in a UTM zone or a national CRS
            box = _footprint_within_area_of_use(headers[idx[k]], dst_crs)
            if box is None:
                raise InvalidDataError(
                    f"the extent of {headers[idx[k]].path!r} cannot be transformed into "
                    f"{dst_crs}; choose a target crs that covers the data")
            out[idx[k]] = box
    return out


#: degrees added around a CRS's area of use when a file reaching past it is indexed: scenes
#: of a zone's layer reach a little beyond the zone
_AREA_OF_USE_MARGIN = 5.0


def _footprint_within_area_of_use(header: RasterHeader, dst_crs: CRS, densify: int = 101
                                  ) -> tuple[float, float, float, float] | None:
    """The bounds in ``dst_crs`` of the part of a file inside ``dst_crs``'s area of use (plus
    a margin), from a dense grid of its points; ``None`` when the CRS states no area of use
    or none of those points has finite coordinates there."""
    from pyproj import CRS as ProjCRS

    epsg = dst_crs.to_epsg()
    area = (ProjCRS.from_epsg(epsg) if epsg else ProjCRS.from_wkt(dst_crs.to_wkt())).area_of_use
    if area is None:
        return None
    m = _AREA_OF_USE_MARGIN
    west, south = max(area.west - m, -180.0), max(area.south - m, -90.0)
    east, north = min(area.east + m, 180.0), min(area.north + m, 90.0)
    lonlat = CRS.from_epsg(4326).to_wkt()
    a, b, c, d, e, f = header.transform[:6]
    corners_x = [c, c + a * header.width, c + b * header.height,
                 c + a * header.width + b * header.height]
    corners_y = [f, f + d * header.width, f + e * header.height,
                 f + d * header.width + e * header.height]
    try:
        w, s_, e_, n = transformer(lonlat, header.crs_wkt).transform_bounds(
            west, south, east, north, densify_pts=21)
    except ProjError:  # a box the source CRS cannot express
        return None
    x0, x1 = max(min(corners_x), w), min(max(corners_x), e_)
    y0, y1 = max(min(corners_y), s_), min(max(corners_y), n)
    if not (np.isfinite([x0, x1, y0, y1]).all() and x0 < x1 and y0 < y1):
        return None
    gx, gy = np.meshgrid(np.linspace(x0, x1, densify), np.linspace(y0, y1, densify))
    px, py = transformer(header.crs_wkt, dst_crs.to_wkt()).transform(gx.ravel(), gy.ravel())
    px, py = np.asarray(px), np.asarray(py)
    ok = np.isfinite(px) & np.isfinite(py)
    if not ok.any():
        return None
    return float(px[ok].min()), float(px[ok].max()), float(py[ok].min()), float(py[ok].max())
