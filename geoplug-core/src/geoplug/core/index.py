"""Building the spatial index of a raster dataset: file headers, their cache, footprints.

Opening every file of a 10,000-file dataset at each construction is what makes datasets slow to
create. Headers (CRS, transform, size, bands, dtype, nodata, overviews) are read once, in a
thread pool (GDAL releases the GIL while opening), and cached on disk as JSON keyed by each
file's path, size and modification time; a later construction stats the files and opens only
the new or changed ones. Footprints are then computed from the cached headers for any target
CRS with one vectorised PROJ call per distinct source CRS, so changing the target CRS never
re-opens a file either.

The cache folder is ``$GEOPLUG_CACHE_DIR/index`` or ``~/.cache/geoplug/index``.
"""

from __future__ import annotations

import hashlib
import json
import os
import tempfile
import warnings
from collections.abc import Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import asdict, dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

import numpy as np
from affine import Affine
from pyproj import Transformer
from rasterio.crs import CRS

from geoplug.core import handles
from geoplug.core.errors import InvalidDataError

__all__ = [
    "RasterHeader",
    "cache_dir",
    "footprints",
    "read_header",
    "read_headers",
    "transformer",
]

_CACHE_VERSION = 1


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

    @property
    def affine(self) -> Affine:
        return Affine(*self.transform)

    @property
    def res(self) -> tuple[float, float]:
        """Pixel size in CRS units (x, y), positive."""
        a, b, _, d, e, _ = self.transform
        return (float(np.hypot(a, d)), float(np.hypot(b, e)))

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> RasterHeader:
        return cls(
            path=data["path"], crs_wkt=data["crs_wkt"],
            transform=tuple(data["transform"]),  # type: ignore[arg-type]
            width=int(data["width"]), height=int(data["height"]), count=int(data["count"]),
            dtype=data["dtype"], nodata=data["nodata"], overviews=tuple(data["overviews"]),
        )


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
        )


def cache_dir() -> Path:
    """Where index caches live: ``$GEOPLUG_CACHE_DIR/index`` or ``~/.cache/geoplug/index``."""
    root = os.environ.get("GEOPLUG_CACHE_DIR")
    base = Path(root) if root else Path.home() / ".cache" / "geoplug"
    return base / "index"


def _stat(path: str) -> tuple[int, int] | None:
    if handles.is_remote(path):
        return None
    try:
        st = os.stat(path)
    except OSError:
        return None
    return (st.st_size, st.st_mtime_ns)


def _load_cache(file: Path) -> dict[str, Any]:
    try:
        data = json.loads(file.read_text())
    except (OSError, ValueError):
        return {}
    if not isinstance(data, dict) or data.get("version") != _CACHE_VERSION:
        return {}
    entries = data.get("entries")
    return entries if isinstance(entries, dict) else {}


def _save_cache(file: Path, entries: dict[str, Any]) -> None:
    """Write atomically (temp file then rename); an unwritable cache is only a warning."""
    try:
        file.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=file.parent, prefix=file.name, suffix=".tmp")
        with os.fdopen(fd, "w") as f:
            json.dump({"version": _CACHE_VERSION, "entries": entries}, f)
        os.replace(tmp, file)
    except OSError as err:
        warnings.warn(f"could not write the index cache {file}: {err}", stacklevel=3)


def read_headers(
    paths: Sequence[str], cache_key: str | None = None, max_workers: int | None = None
) -> list[RasterHeader]:
    """Headers of ``paths`` (same order), from the on-disk cache where still valid.

    ``cache_key`` names the cache file (e.g. the dataset's paths argument and glob); ``None``
    disables caching. Local files are re-validated by size and mtime; URLs are always read.

    Raises:
        InvalidDataError: a file cannot be opened or lacks a CRS.
    """
    cache_file = None
    entries: dict[str, Any] = {}
    if cache_key is not None:
        digest = hashlib.sha256(cache_key.encode()).hexdigest()[:32]
        cache_file = cache_dir() / f"{digest}.json"
        entries = _load_cache(cache_file)

    stats = [_stat(p) for p in paths]
    result: list[RasterHeader | None] = [None] * len(paths)
    todo: list[int] = []
    for i, (path, st) in enumerate(zip(paths, stats)):
        entry = entries.get(path)
        if st is not None and entry is not None and entry.get("stat") == list(st):
            try:
                result[i] = RasterHeader.from_json(entry["header"])
                continue
            except (KeyError, TypeError, ValueError):
                pass
        todo.append(i)

    if todo:
        workers = max_workers or min(32, (os.cpu_count() or 1) * 4)
        if len(todo) == 1 or workers == 1:
            fresh = [read_header(paths[i]) for i in todo]
        else:
            with ThreadPoolExecutor(max_workers=workers) as pool:
                fresh = list(pool.map(read_header, [paths[i] for i in todo]))
        for i, header in zip(todo, fresh):
            result[i] = header
        if cache_file is not None:
            valid = {p: e for p, e in entries.items() if p in set(paths)}
            for i, header in zip(todo, fresh):
                st = stats[i]
                if st is not None:
                    valid[paths[i]] = {"stat": list(st), "header": asdict(header)}
            _save_cache(cache_file, valid)
    return [h for h in result if h is not None]


@lru_cache(maxsize=256)
def _transformer(src_wkt: str, dst_wkt: str, pid: int) -> Transformer:
    return Transformer.from_crs(CRS.from_wkt(src_wkt).to_wkt(), CRS.from_wkt(dst_wkt).to_wkt(),
                                always_xy=True)


def transformer(src_wkt: str, dst_wkt: str) -> Transformer:
    """A cached ``pyproj.Transformer`` (x, y order) for this process."""
    return _transformer(src_wkt, dst_wkt, os.getpid())


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
        bad = ~(np.isfinite(xs).all(axis=1) & np.isfinite(ys).all(axis=1))
        if bad.any():
            path = headers[idx[int(np.flatnonzero(bad)[0])]].path
            raise InvalidDataError(
                f"the extent of {path!r} cannot be transformed into {dst_crs}; choose a target "
                "crs that covers the data"
            )
        out[idx, 0] = xs.min(axis=1)
        out[idx, 1] = xs.max(axis=1)
        out[idx, 2] = ys.min(axis=1)
        out[idx, 3] = ys.max(axis=1)
    return out
