"""``VectorDataset``: vector files (shapefile, GeoPackage, GeoJSON, ...) rasterized into masks.

Each file readable by fiona is one index item (its extent, in the dataset CRS). On the first
query that touches a file, the process reads its features once, reprojects them into the
dataset CRS and keeps them in a shapely STRtree, so later queries only intersect geometries in
memory and burn them with ``rasterio.features.rasterize``. Samples: ``mask`` int64 ``[H, W]``
(0 = background; the feature's ``label_name`` property, or 1), ``crs``, ``bounds``.
"""

from __future__ import annotations

import math
import os
import re
from typing import Any, ClassVar

import fiona
import numpy as np
import shapely
import torch
from affine import Affine
from fiona.errors import FionaError
from rasterio.crs import CRS
from rasterio.features import rasterize
from rtree.index import Index, Property

from geoplug.core.bbox import GeoQuery
from geoplug.core.errors import DatasetNotFoundError, InvalidDataError
from geoplug.core.filematch import PathsLike, find_files, name_dates, path_list
from geoplug.core.geodataset import GeoDataset, Transform, check_res, parse_crs
from geoplug.core.headers import transformer

__all__ = ["VectorDataset"]


class VectorDataset(GeoDataset):
    """Vector features rasterized on the fly onto the query grid.

    Args:
        paths: folder(s) searched with ``filename_glob``, or files.
        crs: target CRS (default: the first file's).
        res: resolution in target CRS units (default 1 m in projected CRSs, 1e-5 degree in
            geographic ones).
        transforms: a callable applied to each sample.
        label_name: property holding the integer class of each feature (default: 1 for all).
        all_touched: burn every pixel a geometry touches, not only pixels whose centre is in.
        layer: the layer to read of files holding several (a GeoPackage of roads and
            buildings); such a file without ``layer`` is refused rather than read in part.

    Raises:
        DatasetNotFoundError: no file matches.
        InvalidDataError: a file cannot be read, lacks a CRS, ``label_name`` or ``layer``,
            or holds several layers and ``layer`` is not given.
    """

    filename_glob: ClassVar[str] = "*"
    #: file names read (others are ignored); a named group ``date``, read with
    #: ``date_format``, dates a file's features (a yearly release: the year), which are
    #: otherwise of all time
    filename_regex: ClassVar[str] = ".*"
    date_format: ClassVar[str] = "%Y%m%d"
    #: extensions tried when searching folders (other files are ignored)
    extensions: ClassVar[tuple[str, ...]] = (".shp", ".gpkg", ".geojson", ".json", ".fgb",
                                             ".gml", ".kml", ".sqlite")

    def __init__(
        self,
        paths: PathsLike = "data",
        crs: Any = None,
        res: float | tuple[float, float] | None = None,
        transforms: Transform | None = None,
        label_name: str | None = None,
        *,
        all_touched: bool = False,
        dtype: str = "int64",
        layer: str | None = None,
    ) -> None:
        super().__init__(transforms)
        self.paths = paths
        self.label_name = label_name
        self.layer = layer
        self.all_touched = all_touched
        regex = re.compile(self.filename_regex, re.VERBOSE)
        self._files: list[str] = []
        #: each file's time span (its name's date)
        self._times: list[tuple[float, float]] = []
        for path in find_files(paths, self.filename_glob):
            match = regex.match(os.path.basename(path.rstrip("/")))
            if match is not None and path.lower().endswith(self.extensions):
                self._files.append(path)
                self._times.append(name_dates(match, self.date_format, path))
        if not self._files:
            raise DatasetNotFoundError(
                type(self).__name__, path_list(paths),
                hint=f"No vector file ({', '.join(self.extensions)}) matches filename_glob "
                     f"{self.filename_glob!r}.",
            )
        metas = [self._read_meta(path) for path in self._files]
        # a file without features has no extent (fiona says (0, 0, 0, 0)): nothing to index
        kept = [i for i, meta in enumerate(metas) if meta[1] is not None]
        if not kept:
            raise InvalidDataError(f"every vector file of {type(self).__name__} under "
                                   f"{path_list(paths)} is empty (no feature)")
        self._files = [self._files[i] for i in kept]
        self._times = [self._times[i] for i in kept]
        self._src: list[tuple[str, tuple[float, float, float, float]]] = [
            (wkt, box) for wkt, box in metas if box is not None]
        self._dtype = np.dtype(dtype)
        self._crs = parse_crs(crs) if crs is not None else CRS.from_wkt(self._src[0][0])
        self._features: dict[int, tuple[shapely.STRtree, list[Any], np.ndarray]] = {}
        self._reindex()
        if res is None:
            res = 1e-5 if self._crs.is_geographic else 1.0
        self._res = check_res(res, self._crs)

    def _open(self, path: str) -> Any:
        """``path`` opened at :attr:`layer` (fiona would read only the first of several).

        Raises:
            InvalidDataError: ``layer`` is not in the file, or the file holds several and no
                ``layer`` was given.
        """
        layers = fiona.listlayers(path)
        if self.layer is None:
            if len(layers) > 1:
                raise InvalidDataError(
                    f"{path!r} holds {len(layers)} layers {layers}; pass layer= (one of them) "
                    "to choose the one to burn")
            return fiona.open(path)
        if self.layer not in layers:
            raise InvalidDataError(f"{path!r} has no layer {self.layer!r}; its layers are "
                                   f"{layers}")
        return fiona.open(path, layer=self.layer)

    def _read_meta(self, path: str) -> tuple[str, tuple[float, float, float, float] | None]:
        """The file's CRS (WKT) and bounds, ``None`` for a file without features."""
        try:
            with self._open(path) as src:
                if not src.crs:
                    raise InvalidDataError(
                        f"vector file {path!r} has no CRS; add one (e.g. a .prj file, or "
                        "`ogr2ogr -a_srs EPSG:4326`)"
                    )
                if self.label_name is not None and self.label_name not in src.schema.get(
                        "properties", {}):
                    raise InvalidDataError(
                        f"{path!r} has no property {self.label_name!r}; its properties are "
                        f"{list(src.schema.get('properties', {}))}"
                    )
                wkt = CRS.from_user_input(src.crs.to_wkt()).to_wkt()
                if len(src) == 0:
                    return wkt, None
                minx, miny, maxx, maxy = src.bounds
        except (FionaError, OSError) as err:
            raise InvalidDataError(f"cannot read vector file {path!r}: {err}") from err
        return wkt, (minx, miny, maxx, maxy)

    def _reindex(self) -> None:
        dst_wkt = self._crs.to_wkt()
        index = Index(interleaved=False, properties=Property(dimension=3))
        for i, (wkt, (minx, miny, maxx, maxy)) in enumerate(self._src):
            if wkt != dst_wkt:  # every edge densified (PROJ), finely: a curved edge's
                # bulge is kept (within metres on a continent-wide polar file)
                minx, miny, maxx, maxy = transformer(wkt, dst_wkt).transform_bounds(
                    minx, miny, maxx, maxy, densify_pts=1001)
            index.insert(i, (float(minx), float(maxx), float(miny), float(maxy),
                             *self._span(i)), self._files[i])
        self.index = index
        self._features = {}

    def _span(self, i: int) -> tuple[float, float]:
        """File ``i``'s time span; all time for a layer that lists its files itself
        (Open Buildings' cells, OpenStreetMap's extracts)."""
        times = getattr(self, "_times", None)
        return times[i] if times is not None else (-math.inf, math.inf)

    def _set_crs(self, crs: CRS) -> None:
        self._crs = crs
        self._reindex()

    def _load(self, i: int) -> tuple[shapely.STRtree, list[Any], np.ndarray]:
        """Features of file ``i`` in the dataset CRS, cached per process."""
        cached = self._features.get(i)
        if cached is not None:
            return cached
        path = self._files[i]
        wkt = self._src[i][0]
        dst_wkt = self._crs.to_wkt()
        geoms: list[Any] = []
        labels: list[int] = []
        try:
            with self._open(path) as src:
                for feature in src:
                    if feature.geometry is None:
                        continue
                    value = 1
                    if self.label_name is not None:
                        raw = feature.properties.get(self.label_name)
                        if raw is None:
                            continue
                        value = self._label(raw, path)
                    geoms.append(shapely.geometry.shape(feature.geometry))
                    labels.append(value)
        except (FionaError, OSError) as err:
            raise InvalidDataError(f"cannot read vector file {path!r}: {err}") from err
        if wkt != dst_wkt and geoms:
            tr = transformer(wkt, dst_wkt)
            geoms = [shapely.transform(g, lambda c, tr=tr: np.column_stack(
                tr.transform(c[:, 0], c[:, 1]))) for g in geoms]
        tree = shapely.STRtree(geoms)
        entry = (tree, geoms, np.asarray(labels, dtype=np.int64))
        self._features[i] = entry
        return entry

    def _label(self, raw: Any, path: str) -> int:
        """The class code of a feature's ``label_name`` value.

        Raises:
            InvalidDataError: a value that is no whole number (2.7 was burnt as 2), or one
                the mask ``dtype`` cannot hold (300 in uint8 was burnt as 44).
        """
        try:
            number = float(raw)
        except (TypeError, ValueError):
            number = math.nan
        if not math.isfinite(number) or number != int(number):
            raise InvalidDataError(
                f"{path!r}: {self.label_name}={raw!r} is not a whole class code; burn integer "
                "codes (map names or fractions to codes first)")
        value = int(number)
        if self._dtype.kind in "iu":
            info = np.iinfo(self._dtype)
            if not info.min <= value <= info.max:
                raise InvalidDataError(
                    f"{path!r}: {self.label_name}={value} does not fit the {self._dtype} "
                    f"masks ({info.min}..{info.max}); pass a wider dtype (e.g. dtype='int64')")
        return value

    def __getitem__(self, query: GeoQuery) -> dict[str, Any]:
        """Sample for ``query`` (a box or TorchGeo 0.8 slices): ``mask``, ``crs``, ``bounds``.

        Raises:
            QueryOutsideDataError: no file's extent intersects ``query``.
            InvalidDataError: a file cannot be read.
            TypeError, ValueError: ``query`` is not a valid box or slice query.
        """
        query = self._box(query)
        hits = sorted(self._hits(query))
        resx, resy = self._res
        width = max(1, round((query.maxx - query.minx) / resx))
        height = max(1, round((query.maxy - query.miny) / resy))
        transform = Affine(resx, 0.0, query.minx, 0.0, -resy, query.maxy)
        box = shapely.box(query.minx, query.miny, query.maxx, query.maxy)
        shapes: list[tuple[Any, int]] = []
        for i in hits:
            tree, geoms, labels = self._load(i)
            # in file order: where features overlap the last one burnt wins, as when
            # rasterizing the file (the tree answers in its own order)
            for j in np.sort(tree.query(box)):
                shapes.append((geoms[int(j)], int(labels[int(j)])))
        shapes = self._burn_order(shapes)
        if shapes:
            mask = rasterize(shapes, out_shape=(height, width), transform=transform, fill=0,
                             all_touched=self.all_touched, dtype="int64")
        else:
            mask = np.zeros((height, width), dtype=np.int64)
        sample = {"mask": torch.from_numpy(mask.astype(self._dtype, copy=False)),
                  "crs": self._crs, "bounds": query}
        return self._finish(sample)

    def _burn_order(self, shapes: list[tuple[Any, int]]) -> list[tuple[Any, int]]:
        """The shapes of every file hit, in the order they are burnt (the last burnt wins
        where they overlap): file by file, each in its own order. A layer whose labels rank
        (OpenStreetMap's first filter wins) orders them across files here."""
        return shapes

    @property
    def files(self) -> list[str]:
        return list(self._files)

    def __getstate__(self) -> dict[str, Any]:
        state = self.__dict__.copy()
        state["index"] = None
        state["_features"] = {}
        return state

    def __setstate__(self, state: dict[str, Any]) -> None:
        self.__dict__.update(state)
        self._reindex()

