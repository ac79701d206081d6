"""Google Open Buildings v3: building polygons rasterised to masks.

Google distributes one gzipped CSV per S2 level-4 cell, ``<token>_buildings.csv.gz`` (e.g.
``0e7_buildings.csv.gz``) with the columns ``latitude``, ``longitude``, ``area_in_meters``,
``confidence``, ``geometry`` (the polygon as WGS 84 WKT) and ``full_plus_code``, and an index
``tiles.geojson`` whose features (the cells) carry ``tile_id``, ``tile_url`` and ``size_mb``.
A cell's extent comes from ``tiles.geojson`` when it lies next to the files (else the file is
scanned once); its polygons are read on the first query that touches it. Files without the
header row (Google's ``..._no_header`` variants) are read in the same column order. A sample's
``mask`` is 1 on buildings whose confidence reaches ``min_confidence``, 0 elsewhere.
"""

from __future__ import annotations

import csv
import itertools
import json
import os
from collections.abc import Sequence
from pathlib import Path
from typing import Any, ClassVar

import numpy as np
import shapely
from rasterio.crs import CRS

from geoplug.core.archives import find_below
from geoplug.core.bbox import BoundingBox
from geoplug.core.download import Resource, fetch
from geoplug.core.errors import DatasetNotFoundError, InvalidDataError
from geoplug.core.geodataset import INDEX_LOCK, GeoDataset, check_res, parse_crs
from geoplug.core.headers import transformer
from geoplug.core.points import open_text
from geoplug.core.raster import find_files, path_list
from geoplug.core.vector import VectorDataset
from geoplug.datasets._catalog import spec
from geoplug.datasets._geodownload import download_folder

__all__ = ["OpenBuildings"]

TILES_URL = "https://openbuildings-public-dot-gweb-research.uw.r.appspot.com/public/tiles.geojson"
_URL = "https://storage.googleapis.com/open-buildings-data/v3/polygons_s2_level_4_gzip/{}"
#: the column order of the files (those without a header row use it too)
COLUMNS = ("latitude", "longitude", "area_in_meters", "confidence", "geometry",
           "full_plus_code")
_WGS84 = CRS.from_epsg(4326).to_wkt()
#: how far a building may reach beyond its cell (a file holds the buildings whose centre is in
#: the cell): about 1.1 km, as 0.01 degree or metres
_REACH_DEG, _REACH_M = 0.01, 1_100.0


class OpenBuildings(VectorDataset, spec=spec("open_buildings")):
    """Building masks from Open Buildings v3 cell files.

    Args:
        paths: the folder holding ``<token>_buildings.csv.gz`` (and ``tiles.geojson``).
        crs: target CRS (default EPSG:4326, the files'); pick a UTM zone for metre patches.
        res: resolution in ``crs`` units (default 1e-5 degree, about 1 m).
        bands: unused (masks only); must be ``None``.
        transforms: a callable applied to each sample.
        min_confidence: keep buildings whose ``confidence`` is at least this (Google's v3 has
            0.65 and up; 0.75 or more favours precision). Default: every building.
        tiles: S2 cell tokens (e.g. ``["0e7", "1dd"]``) to read, or to download.
        download: fetch ``tiles.geojson`` and the ``tiles``' files into ``paths``.
        checksum: unused (Google publishes no checksums); accepted for the common signature.

    Raises:
        DatasetNotFoundError: no ``*_buildings.csv(.gz)`` under ``paths``.
        InvalidDataError: a file lacks the ``geometry`` column or holds unreadable WKT.
        ValueError: ``bands`` given, ``download`` without ``tiles``, or a bad confidence.
    """

    filename_glob: ClassVar[str] = "*_buildings.csv*"

    def __init__(
        self,
        paths: Any = "data",
        crs: Any = None,
        res: float | tuple[float, float] | None = None,
        bands: Sequence[str] | None = None,
        transforms: Any = None,
        *,
        min_confidence: float | None = None,
        tiles: Sequence[str] | None = None,
        download: bool = False,
        checksum: bool = False,
    ) -> None:
        if bands is not None:
            raise ValueError("OpenBuildings has no bands (it yields masks)")
        if min_confidence is not None and not 0 <= min_confidence <= 1:
            raise ValueError(f"min_confidence must lie in [0, 1], got {min_confidence!r}")
        if download:
            if not tiles:
                raise ValueError("download=True needs tiles=[...]: the S2 cell tokens to fetch "
                                 f"(see tile_id in {TILES_URL})")
            folder = download_folder(paths, type(self).__name__)
            wanted = [Resource(TILES_URL, "tiles.geojson", extract=False)]
            wanted += [Resource(_URL.format(f"{t}_buildings.csv.gz"), f"{t}_buildings.csv.gz",
                                extract=False) for t in tiles
                       if not (folder / f"{t}_buildings.csv").exists()]
            fetch(wanted, folder, checksum)
        GeoDataset.__init__(self, transforms)
        self.paths = paths
        self.label_name = None
        self.all_touched = False
        self.min_confidence = min_confidence
        files = [f for f in find_files(paths, self.filename_glob)
                 if f.endswith(("_buildings.csv", "_buildings.csv.gz"))]
        if tiles is not None:
            files = [f for f in files if os.path.basename(f).split("_")[0] in set(tiles)]
        # a cell present both gzipped and extracted is read once (the extracted copy)
        plain = {f for f in files if f.endswith(".csv")}
        self._files = [f for f in files if not (f.endswith(".gz") and f[:-3] in plain)]
        if not self._files:
            raise DatasetNotFoundError(
                type(self).__name__, path_list(paths),
                hint="Expected Open Buildings v3 <token>_buildings.csv.gz files (and "
                     f"tiles.geojson, {TILES_URL}). Pass download=True with tiles=[...], "
                     "or fetch them from https://sites.research.google/open-buildings/.")
        extents = _tile_extents(paths)
        self._src = [(_WGS84, extents.get(_cell(f)) or self._scan(f)) for f in self._files]
        self._dtype = np.dtype("int64")
        self._crs = parse_crs(crs) if crs is not None else CRS.from_epsg(4326)
        self._features: dict[int, tuple[shapely.STRtree, list[Any], np.ndarray]] = {}
        self._reindex()
        self._res = check_res(res if res is not None else (
            1e-5 if self._crs.is_geographic else 1.0), self._crs)

    def _hits(self, query: BoundingBox) -> list[int]:
        """The cells meeting ``query``, and those within a building's reach of it: a cell's
        extent is its S2 polygon, but its file holds buildings that cross into the next."""
        hits = super()._hits(query)
        if self._crs.is_geographic:
            reach = _REACH_DEG
        else:
            reach = _REACH_M / (self._crs.linear_units_factor[1] or 1.0)
        wide = (query.minx - reach, query.maxx + reach, query.miny - reach, query.maxy + reach,
                query.mint, query.maxt)
        with INDEX_LOCK:
            near = set(self.index.intersection(wide))
        return sorted(near | set(hits))

    def _read(self, path: str) -> tuple[list[str], list[float]]:
        """WKT polygons and confidences of one file.

        Raises:
            InvalidDataError: the file cannot be read or lacks ``geometry``.
        """
        csv.field_size_limit(2**31 - 1)
        wkts: list[str] = []
        scores: list[float] = []
        try:
            with open_text(path) as handle:
                reader = csv.reader(handle)
                first = next(reader, None) or []
                has_header = first[:1] == ["latitude"]
                header = first if has_header else list(COLUMNS)
                if "geometry" not in header or "confidence" not in header:
                    raise InvalidDataError(f"{path!r} has no 'geometry'/'confidence' column; "
                                           f"its header is {header}")
                g, c = header.index("geometry"), header.index("confidence")
                rows = reader if has_header else itertools.chain([first], reader)
                for row in rows:
                    if len(row) > g and row[g]:
                        wkts.append(row[g])
                        scores.append(float(row[c]) if len(row) > c and row[c] else 1.0)
        except InvalidDataError:
            raise
        except (OSError, ValueError, EOFError, csv.Error) as err:
            raise InvalidDataError(f"cannot read {path!r}: {err}") from err
        return wkts, scores

    def _scan(self, path: str) -> tuple[float, float, float, float]:
        """Extent of a file without ``tiles.geojson``: the bounds of all its polygons."""
        wkts, _ = self._read(path)
        if not wkts:
            raise InvalidDataError(f"{path!r} holds no building")
        bounds = shapely.bounds(self._parse(path, wkts))
        return (float(bounds[:, 0].min()), float(bounds[:, 1].min()),
                float(bounds[:, 2].max()), float(bounds[:, 3].max()))

    @staticmethod
    def _parse(path: str, wkts: list[str]) -> np.ndarray:
        try:
            return np.asarray(shapely.from_wkt(wkts))
        except shapely.errors.GEOSException as err:
            raise InvalidDataError(f"{path!r} holds unreadable WKT geometry: {err}") from err

    def _load(self, i: int) -> tuple[shapely.STRtree, list[Any], np.ndarray]:
        """Buildings of file ``i`` (confidence-filtered) in the dataset CRS, cached."""
        cached = self._features.get(i)
        if cached is not None:
            return cached
        path = self._files[i]
        wkts, scores = self._read(path)
        if self.min_confidence is not None:
            keep = [k for k, s in enumerate(scores) if s >= self.min_confidence]
            wkts = [wkts[k] for k in keep]
        geoms = list(self._parse(path, wkts))
        dst = self._crs.to_wkt()
        if dst != _WGS84 and geoms:
            tr = transformer(_WGS84, dst)
            geoms = list(shapely.transform(np.asarray(geoms), lambda c: np.column_stack(
                tr.transform(c[:, 0], c[:, 1]))))
        entry = (shapely.STRtree(geoms), geoms, np.ones(len(geoms), dtype=np.int64))
        self._features[i] = entry
        return entry

    def plot(self, sample: dict[str, Any], show_titles: bool = True,
             suptitle: str | None = None) -> Any:
        """The building mask (and prediction, if present); returns the Figure."""
        from geoplug.core.plot import plot_sample

        return plot_sample(sample, classes=self.classes,
                           show_titles=show_titles, suptitle=suptitle)


def _cell(path: str) -> str:
    return os.path.basename(path).split("_")[0]


def _tile_extents(paths: Any) -> dict[str, tuple[float, float, float, float]]:
    """``tile_id -> (minx, miny, maxx, maxy)`` from the ``tiles.geojson`` files under paths."""
    found: dict[str, tuple[float, float, float, float]] = {}
    for item in path_list(paths):
        folder = Path(item) if os.path.isdir(item) else Path(item).parent
        for index in sorted(find_below(folder, "tiles.geojson")) if folder.is_dir() else []:
            try:
                features = json.loads(index.read_text())["features"]
            except (OSError, ValueError, KeyError) as err:
                raise InvalidDataError(f"cannot read the tile index {index}: {err}") from err
            for feature in features:
                props = feature.get("properties") or {}
                name = str(props.get("tile_url") or props.get("tile_id") or "")
                token = os.path.basename(name).split("_")[0]
                minx, miny, maxx, maxy = shapely.geometry.shape(feature["geometry"]).bounds
                found[token] = (minx, miny, maxx, maxy)
    return found
