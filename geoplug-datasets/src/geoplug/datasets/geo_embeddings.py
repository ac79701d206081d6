"""Patch embeddings in GeoParquet (Clay, Earth Index, Major TOM) queried by bounding box.

Embedding products ship one row per image chip: the chip's footprint (``geometry``, WKB in
WGS 84, as GeoParquet 1.0 writes it) and its vector (a list column). A query returns the chips
whose footprint centre lies in the box, in file and row order:

- ``embedding`` float32 ``[N, D]``: the chips' vectors;
- ``points`` float32 ``[N, 2]``: the footprint centres in the dataset's CRS;
- ``bbox_xyxy`` float32 ``[N, 4]``: the footprint envelopes in the dataset's CRS;
- ``time`` float64 ``[N]`` (POSIX seconds of the chip's date; NaN when undated), ``crs``,
  ``bounds``.

A chip is owned by the box holding its centre (as :class:`~geoplug.core.points.PointDataset`
owns points), so a grid of queries counts each chip once. Batches of these variable-length
samples: :func:`collate_embeddings`. Reading needs pyarrow (``geoplug-datasets[parquet]``).
"""

from __future__ import annotations

import json
import math
import os
import re
from collections.abc import Mapping, Sequence
from datetime import date
from pathlib import Path
from typing import Any, ClassVar

import numpy as np
import shapely
import torch
from rasterio.crs import CRS

from geoplug.core.bbox import BoundingBox, GeoQuery
from geoplug.core.collate import stack_samples
from geoplug.core.download import Resource, fetch
from geoplug.core.errors import InvalidDataError
from geoplug.core.filematch import PathsLike, find_files, path_list
from geoplug.core.geodataset import Transform
from geoplug.core.headers import transformer
from geoplug.core.points import POINT_KEYS, PointDataset, parse_time
from geoplug.datasets._catalog import spec
from geoplug.datasets._geodownload import download_folder

__all__ = ["EMBEDDING_KEYS", "ClayEmbeddings", "EarthIndexEmbeddings", "EmbeddingDataset",
           "MajorTOMEmbeddings", "collate_embeddings"]

#: sample keys whose length is the number of chips (kept as lists when batching)
EMBEDDING_KEYS: tuple[str, ...] = (*POINT_KEYS, "embedding", "bbox_xyxy")
#: WKT of the longitude/latitude the samples start from (what the transformers take)
_WGS84 = CRS.from_epsg(4326).to_wkt()
#: the CRS GeoParquet assumes when a file's metadata names none, and its equivalents
_LONLAT = {"OGC:CRS84", "EPSG:4326", "EPSG:6326", "OGC:CRS84H"}


def collate_embeddings(samples: Sequence[dict[str, Any]]) -> dict[str, Any]:
    """A DataLoader ``collate_fn``: each sample's chips (``embedding``, ``points``,
    ``bbox_xyxy``, ``time``) as one list entry per sample, other keys stacked.

    Raises:
        ValueError: no samples, or samples with different keys.
    """
    return stack_samples(samples, as_lists=EMBEDDING_KEYS)


def _pyarrow() -> Any:
    try:
        import pyarrow.parquet as pq
    except ImportError:
        raise ImportError("reading GeoParquet embeddings needs pyarrow: pip install "
                          "'geoplug-datasets[parquet]' (or pyarrow)") from None
    return pq


def _vectors(column: Any, path: str, name: str) -> np.ndarray:
    """A list column of equal-length float vectors as a float32 ``[N, D]`` array.

    Raises:
        InvalidDataError: the column is not a list of numbers, holds nulls or ragged rows.
    """
    import pyarrow as pa
    import pyarrow.compute as pc

    array = column.combine_chunks() if isinstance(column, pa.ChunkedArray) else column
    if not (pa.types.is_list(array.type) or pa.types.is_large_list(array.type)
            or pa.types.is_fixed_size_list(array.type)):
        raise InvalidDataError(f"{path!r}: column {name!r} is {array.type}, not a list of "
                               "numbers (one embedding per row)")
    if len(array) == 0:
        return np.zeros((0, 0), dtype=np.float32)
    if array.null_count:
        raise InvalidDataError(f"{path!r}: {array.null_count} row(s) of {name!r} are null")
    lengths = pc.list_value_length(array).to_numpy(zero_copy_only=False)
    if lengths.min() != lengths.max():
        raise InvalidDataError(f"{path!r}: the embeddings of {name!r} have different lengths "
                               f"({int(lengths.min())} to {int(lengths.max())})")
    flat = pc.list_flatten(array).to_numpy(zero_copy_only=False)
    return np.asarray(flat, dtype=np.float32).reshape(len(array), int(lengths[0]))


def _source_crs(metadata: dict[bytes, bytes] | None, column: str, path: str) -> str | None:
    """WKT of the geometry column's CRS when the GeoParquet metadata names one other than
    longitude/latitude (``None``: WGS 84 longitude/latitude, GeoParquet's default).

    Raises:
        InvalidDataError: the metadata names a CRS that cannot be read.
    """
    from pyproj import CRS as ProjCRS
    from pyproj.exceptions import CRSError

    try:
        geo = json.loads((metadata or {}).get(b"geo", b"{}"))
        crs = geo.get("columns", {}).get(column, {}).get("crs")
    except (ValueError, AttributeError):
        return None
    if not crs:
        return None
    ident = crs.get("id", {}) if isinstance(crs, dict) else {}
    if f"{ident.get('authority')}:{ident.get('code')}" in _LONLAT:
        return None
    try:
        parsed = ProjCRS.from_user_input(crs if isinstance(crs, str) else json.dumps(crs))
    except CRSError as err:
        raise InvalidDataError(f"{path!r}: the GeoParquet metadata names a CRS that cannot "
                               f"be read ({err})") from err
    authority = parsed.to_authority()
    if authority and ":".join(authority) in _LONLAT:
        return None
    return str(parsed.to_wkt())


def _when(value: Any, formats: Sequence[str]) -> tuple[float, float]:
    """``(start, end)`` POSIX seconds of a date column value at its precision: a date covers
    its day, a time (naive: UTC) its second; strings as :func:`parse_time` reads them."""
    if value is None:
        return math.nan, math.nan
    if isinstance(value, date):  # datetime too: its isoformat carries the time and offset
        return parse_time(value.isoformat())
    return parse_time(str(value), formats)


class EmbeddingDataset(PointDataset):
    """Chip embeddings of GeoParquet files, answered as the chips whose centre is in a query.

    Layers of a publisher's product set the file pattern and the column names; the base reads
    any GeoParquet with a WKB ``geometry`` and a list column of floats.

    Args:
        paths: folder(s) searched recursively for the product's files, or the files.
        crs: CRS of the samples (default EPSG:4326, the files'); footprints are projected.
        res: resolution given to samplers and ``&`` partners (default 1e-5 degree).
        bands: unused (an embedding has no bands); must be ``None``.
        transforms: a callable applied to each sample.

    Raises:
        DatasetNotFoundError: no file of the product under ``paths``.
        InvalidDataError: a file is not Parquet, lacks the geometry or embedding column, or
            its embeddings differ in length from the other files'.
        ImportError: pyarrow is not installed.
        ValueError: ``bands`` given.
    """

    #: the files searched when none matches :attr:`filename_regex` (and said when none found)
    filename_glob: ClassVar[str] = "*.parquet"
    #: names of the product's files (matched against the file name)
    filename_regex: ClassVar[str] = r".*\.(parquet|gpq|geoparquet)"
    geometry_column: ClassVar[str] = "geometry"
    #: the first of these columns present holds the embeddings
    embedding_columns: ClassVar[tuple[str, ...]] = ("embedding", "embeddings")
    #: the first of these columns present holds the chip's date (none: :meth:`file_time`)
    date_columns: ClassVar[tuple[str, ...]] = ()

    def __init__(
        self,
        paths: PathsLike = "data",
        crs: Any = None,
        res: float | tuple[float, float] | None = None,
        bands: Sequence[str] | None = None,
        transforms: Transform | None = None,
    ) -> None:
        self._parts: list[tuple[np.ndarray, np.ndarray, np.ndarray]] = []
        self._geoms: np.ndarray | None = None
        super().__init__(paths, crs, res, bands, transforms)

    # -- reading --------------------------------------------------------------------------------
    def prepare(self, paths: PathsLike) -> PathsLike | None:
        """The product's files under ``paths`` (by :attr:`filename_regex`), when there are any."""
        pattern = re.compile(self.filename_regex)
        found = [f for f in find_files(paths, "*") if pattern.fullmatch(os.path.basename(f))]
        return found or None

    @staticmethod
    def _chosen(paths: PathsLike, found: PathsLike | None, names: tuple[str, ...] | None,
                name_of: Any) -> PathsLike | None:
        """The files of ``found`` whose ``name_of(basename)`` is one of ``names`` (all when
        ``names`` is ``None``); none chosen gives paths that name the missing files, so that
        the search finds nothing and the error says what was looked for."""
        if found is None or names is None:
            return found
        chosen = [f for f in path_list(found) if name_of(os.path.basename(f)) in names]
        return chosen or [os.path.join(p, f"{n}*") for p in path_list(paths) for n in names]

    def file_time(self, path: str) -> tuple[float, float]:
        """``(start, end)`` of every chip of ``path`` when rows carry no date (NaN: undated)."""
        return math.nan, math.nan

    def read_points(self, path: str) -> tuple[np.ndarray, ...]:
        """Footprint centres (longitude, latitude) and dates of one file's chips; keeps the
        embeddings and footprints for the samples.

        Raises:
            InvalidDataError: the file cannot be read or lacks the columns.
        """
        pq = _pyarrow()
        try:
            schema = pq.read_schema(path)
            names = list(schema.names)
            vector = next((c for c in self.embedding_columns if c in names), None)
            stamp = next((c for c in self.date_columns if c in names), None)
            if vector is None or self.geometry_column not in names:
                raise InvalidDataError(
                    f"{path!r} has no {' / '.join(self.embedding_columns)} or "
                    f"{self.geometry_column!r} column; its columns are {names[:16]} (is it "
                    f"{type(self).__name__}'s GeoParquet?)")
            wanted = [self.geometry_column, vector] + ([stamp] if stamp else [])
            table = pq.read_table(path, columns=wanted)
        except InvalidDataError:
            raise
        except (OSError, ValueError) as err:  # pyarrow's ArrowInvalid is a ValueError
            raise InvalidDataError(f"cannot read {path!r} as Parquet: {err}") from err
        try:
            geoms = np.asarray(shapely.from_wkb(table.column(self.geometry_column).to_pylist()))
        except (shapely.errors.GEOSException, TypeError) as err:
            raise InvalidDataError(f"{path!r}: {self.geometry_column!r} is not WKB geometry "
                                   f"(GeoParquet's encoding): {err}") from err
        source = _source_crs(schema.metadata, self.geometry_column, path)
        if source is not None and len(geoms):
            tr = transformer(source, _WGS84)
            geoms = shapely.transform(geoms, lambda c: np.column_stack(
                tr.transform(c[:, 0], c[:, 1])))
        vectors = _vectors(table.column(vector), path, vector)
        n = len(geoms)
        centre = shapely.centroid(geoms)
        valid = ~shapely.is_missing(centre) & ~shapely.is_empty(centre)
        x, y = np.full(n, math.nan), np.full(n, math.nan)
        x[valid], y[valid] = shapely.get_x(centre[valid]), shapely.get_y(centre[valid])
        if stamp is not None:
            times = np.asarray([_when(v, self.time_formats)
                                for v in table.column(stamp).to_pylist()],
                               dtype=np.float64).reshape(-1, 2)
        else:
            times = np.tile(np.asarray(self.file_time(path), dtype=np.float64), (n, 1))
        self._parts.append((vectors, geoms, np.column_stack([x, y])))
        return x, y, times[:, 0], times[:, 1]

    def _gather(self) -> None:
        """Join the files' embeddings and footprints, dropping chips without a geometry (as
        the base drops their points)."""
        dims = {v.shape[1] for v, _, _ in self._parts if len(v)}
        if len(dims) > 1:
            raise InvalidDataError(f"{type(self).__name__}: the files hold embeddings of "
                                   f"different lengths {sorted(dims)} ({self._files})")
        dim = dims.pop() if dims else 0
        xy = np.concatenate([p[2] for p in self._parts])
        keep = np.isfinite(xy).all(axis=1)
        self._embedding = np.concatenate(
            [v.reshape(-1, dim) for v, _, _ in self._parts]).astype(np.float32)[keep]
        self._geoms = np.concatenate([g for _, g, _ in self._parts])[keep]
        self._parts = []

    def _project(self) -> None:
        """Project the centres (the base) and the footprints' envelopes into ``self.crs``."""
        if self._geoms is None:
            self._gather()
        super()._project()
        geoms = self._geoms
        assert geoms is not None
        if self._crs != self._src and len(geoms):
            tr = transformer(self._src.to_wkt(), self._crs.to_wkt())
            geoms = shapely.transform(geoms, lambda c: np.column_stack(
                tr.transform(c[:, 0], c[:, 1])))
        self._boxes = shapely.bounds(geoms).astype(np.float64).reshape(-1, 4)

    # -- samples --------------------------------------------------------------------------------
    @property
    def embedding_dim(self) -> int:
        """Length of one embedding."""
        return int(self._embedding.shape[1])

    def __getitem__(self, query: GeoQuery) -> dict[str, Any]:
        """``embedding`` ``[N,D]``, ``points`` ``[N,2]``, ``bbox_xyxy`` ``[N,4]``, ``time``
        ``[N]``, ``crs`` and ``bounds`` of the chips whose centre is in ``query``.

        Raises:
            QueryOutsideDataError: ``query`` does not meet the chips' extent.
            TypeError, ValueError: ``query`` is not a valid box or slice query.
        """
        query, ids = self._ids(query)
        sample = {"embedding": torch.from_numpy(self._embedding[ids]),
                  "points": torch.from_numpy(self._xy[ids].astype(np.float32)),
                  "bbox_xyxy": torch.from_numpy(self._boxes[ids].astype(np.float32)),
                  "time": torch.from_numpy(self._t0[ids].copy()),
                  "crs": self._crs, "bounds": query}
        return self._finish(sample)

    def plot(self, sample: Mapping[str, Any], show_titles: bool = True,
             suptitle: str | None = None) -> Any:
        """The chips' footprints coloured by their embeddings' first principal component, and
        the embeddings as an image (one row per chip); returns the Figure."""
        import matplotlib.pyplot as plt
        from matplotlib.patches import Rectangle

        vectors = np.asarray(sample["embedding"], dtype=np.float64)
        boxes = np.asarray(sample["bbox_xyxy"], dtype=np.float64).reshape(-1, 4)
        score = np.zeros(len(vectors))
        if len(vectors) > 1:
            centred = vectors - vectors.mean(axis=0)
            score = centred @ np.linalg.svd(centred, full_matrices=False)[2][0]
        span = float(np.ptp(score)) if len(score) else 0.0
        shade = (score - score.min()) / span if span > 0 else np.full(len(score), 0.5)
        figure, (left, right) = plt.subplots(1, 2, figsize=(10, 5))
        cmap = plt.get_cmap("viridis")
        for (x0, y0, x1, y1), value in zip(boxes, shade, strict=True):
            left.add_patch(Rectangle((x0, y0), x1 - x0, y1 - y0, color=cmap(value), alpha=0.8))
        box = sample.get("bounds")
        if isinstance(box, BoundingBox):
            left.set_xlim(box.minx, box.maxx)
            left.set_ylim(box.miny, box.maxy)
        elif len(boxes):
            left.set_xlim(boxes[:, 0].min(), boxes[:, 2].max())
            left.set_ylim(boxes[:, 1].min(), boxes[:, 3].max())
        left.set_aspect("equal")
        right.imshow(vectors.reshape(len(vectors), -1) if len(vectors) else np.zeros((1, 1)),
                     aspect="auto", interpolation="nearest", cmap="coolwarm")
        right.set_xlabel("embedding dimension")
        right.set_ylabel("chip")
        if show_titles:
            left.set_title(f"{len(boxes)} chips (colour: first principal component)")
            right.set_title("embeddings")
        if suptitle is not None:
            figure.suptitle(suptitle)
        return figure


def _fetch_files(paths: Any, name: str, wanted: Sequence[tuple[str, str]],
                 checksum: bool) -> None:
    """Download ``(url, relative filename)`` pairs into the one folder ``paths`` names."""
    folder = download_folder(paths, name)
    fetch([Resource(url, filename, extract=False) for url, filename in wanted], folder,
          checksum)


class ClayEmbeddings(EmbeddingDataset, spec=spec("clay_embeddings")):
    """Clay model embeddings: one GeoParquet per MGRS tile and date range.

    Clay v0 names its files ``{MGRS}_{MINDATE}_{MAXDATE}_v{VERSION}.gpq`` (e.g.
    ``27WXN_20200101_20231231_v001.gpq``) with the columns ``index``, ``source_url``, ``date``
    (a day), ``embeddings`` (768 float32) and ``geometry`` (the chip polygon, OGC:CRS84); later
    releases that call them ``embedding`` and ``datetime``, in ``.parquet`` files, are read too.

    Args:
        paths: the folder of the ``.gpq`` files (searched recursively), or the files.
        crs: CRS of the samples (default EPSG:4326).
        res: resolution given to samplers and ``&`` partners (default 1e-5 degree).
        bands: unused; must be ``None``.
        transforms: a callable applied to each sample.

    Raises:
        DatasetNotFoundError: no Clay GeoParquet under ``paths``.
        InvalidDataError: a file is not Clay's GeoParquet.
    """

    filename_glob: ClassVar[str] = "*.gpq"
    filename_regex: ClassVar[str] = r"[^.]+\.(gpq|parquet|geoparquet)"
    date_columns: ClassVar[tuple[str, ...]] = ("date", "datetime")
    missing_hint: ClassVar[str] = (
        "Clay v0 embeddings are {MGRS}_{MINDATE}_{MAXDATE}_v{VERSION}.gpq files at "
        "https://source.coop/clay/clay-model-v0-embeddings (Clay v1.5: "
        "https://source.coop/clay/lgnd-clay-v1-5-sentinel-2-l2a); download the tiles you "
        "need into this folder.")


class EarthIndexEmbeddings(EmbeddingDataset, spec=spec("earth_index_embeddings")):
    """Earth Index embeddings (Earth Genome): one GeoParquet per MGRS tile and year.

    Files are ``<year>/<MGRS>_<start>_<end>.parquet`` (e.g. ``2024/21MNT_2024-01-01_2025-01-01
    .parquet``) with the columns ``id``, ``embedding`` (384 float32 of SoftCon on an annual
    Sentinel-2 mosaic) and ``geometry`` (the 320 m chip, WGS 84). Rows carry no date: a chip's
    time is its file's period, ``start`` to just before ``end``.

    Args:
        paths: the folder holding the files (searched recursively), or the files.
        crs: CRS of the samples (default EPSG:4326).
        res: resolution given to samplers and ``&`` partners (default 1e-5 degree).
        bands: unused; must be ``None``.
        transforms: a callable applied to each sample.
        tiles: MGRS tiles (e.g. ``["21MNT"]``) to read, or to download.
        year: the mosaic year to download (default 2024).
        download: fetch the ``tiles`` of ``year`` from Source Cooperative into ``paths``.
        checksum: accepted for the common signature (Earth Genome publishes no checksums).

    Raises:
        DatasetNotFoundError: no Earth Index file under ``paths``.
        InvalidDataError: a file is not Earth Index's GeoParquet.
        ValueError: ``download`` without ``tiles``, or ``paths`` not one folder.
    """

    url: ClassVar[str] = "https://data.source.coop/earthgenome/earthindexembeddings"
    filename_glob: ClassVar[str] = "*_*_*.parquet"
    filename_regex: ClassVar[str] = (r"(\d{1,2}[A-Z]{3})_(\d{4}-\d{2}-\d{2})"
                                     r"_(\d{4}-\d{2}-\d{2})\.parquet")
    missing_hint: ClassVar[str] = (
        "Earth Index embeddings are <year>/<MGRS>_<start>_<end>.parquet files at "
        "https://source.coop/earthgenome/earthindexembeddings; pass download=True with "
        "tiles=[...] (MGRS tiles) or fetch them into this folder.")

    def __init__(
        self,
        paths: PathsLike = "data",
        crs: Any = None,
        res: float | tuple[float, float] | None = None,
        bands: Sequence[str] | None = None,
        transforms: Transform | None = None,
        *,
        tiles: Sequence[str] | None = None,
        year: int = 2024,
        download: bool = False,
        checksum: bool = False,
    ) -> None:
        self.tiles = tuple(tiles) if tiles is not None else None
        if download:
            if not tiles:
                raise ValueError("EarthIndexEmbeddings: download=True needs tiles=[...], the "
                                 "MGRS tiles to fetch (e.g. ['21MNT'])")
            period = f"{year}-01-01_{year + 1}-01-01"
            _fetch_files(paths, type(self).__name__, [
                (f"{self.url}/{year}/{t}_{period}.parquet", f"{year}/{t}_{period}.parquet")
                for t in tiles], checksum)
        super().__init__(paths, crs, res, bands, transforms)

    def prepare(self, paths: PathsLike) -> PathsLike | None:
        """The files of the chosen ``tiles`` (all tiles when none is chosen)."""
        return self._chosen(paths, super().prepare(paths), self.tiles,
                            lambda name: name.split("_")[0])

    def file_time(self, path: str) -> tuple[float, float]:
        """The period the file name states: ``start`` to just before ``end``."""
        match = re.fullmatch(self.filename_regex, os.path.basename(path))
        if match is None:
            return math.nan, math.nan
        start, end = parse_time(match.group(2))[0], parse_time(match.group(3))[0]
        return start, end - 1e-6


class MajorTOMEmbeddings(EmbeddingDataset, spec=spec("major_tom_embeddings")):
    """Major TOM embedding datasets (e.g. ``Core-S2L2A-SSL4EO``): GeoParquet parts.

    Each dataset on Hugging Face holds ``embeddings/part_<first>-<last>.parquet`` (e.g.
    ``part_00001-00050.parquet``) with one row per fragment of a Major TOM grid cell: the
    columns ``unique_id``, ``embedding``, ``grid_cell``, ``grid_row_u``, ``grid_col_r``,
    ``product_id``, ``timestamp`` (of the Sentinel product), ``centre_lat``, ``centre_lon``,
    ``geometry`` (the fragment's footprint, WGS 84), ``utm_footprint``, ``utm_crs`` and
    ``pixel_bbox``. A chip's centre is its footprint's centroid.

    Args:
        paths: the folder holding ``embeddings/part_*.parquet`` (searched recursively).
        crs: CRS of the samples (default EPSG:4326).
        res: resolution given to samplers and ``&`` partners (default 1e-5 degree).
        bands: unused; must be ``None``.
        transforms: a callable applied to each sample.
        parts: part names (e.g. ``["part_00001-00050"]``) to read, or to download.
        collection: the Major TOM embedding dataset to download (default
            ``Core-S2L2A-SSL4EO``; also ``Core-S2L1C-SSL4EO``, ``Core-S1RTC-SSL4EO``,
            ``Core-S2RGB-SigLIP``, ``Core-S2RGB-DINOv2``).
        download: fetch the ``parts`` of ``collection`` from Hugging Face into ``paths``.
        checksum: accepted for the common signature (no checksums are listed by the dataset).

    Raises:
        DatasetNotFoundError: no ``part_*.parquet`` under ``paths``.
        InvalidDataError: a part is not Major TOM's GeoParquet.
        ValueError: ``download`` without ``parts``, or ``paths`` not one folder.
    """

    url: ClassVar[str] = "https://huggingface.co/datasets/Major-TOM/{collection}/resolve/main"
    filename_glob: ClassVar[str] = "part_*.parquet"
    filename_regex: ClassVar[str] = r"part_\d+(-\d+)?\.parquet"
    date_columns: ClassVar[tuple[str, ...]] = ("timestamp",)
    #: the Sentinel product's sensing time as its name writes it, else ISO 8601
    time_formats: ClassVar[tuple[str, ...]] = ("%Y%m%dT%H%M%S",)
    missing_hint: ClassVar[str] = (
        "Major TOM embeddings are embeddings/part_<first>-<last>.parquet files of "
        "https://huggingface.co/datasets/Major-TOM/Core-S2L2A-SSL4EO (and the other "
        "Major TOM embedding datasets); pass download=True with parts=[...] or fetch them.")

    def __init__(
        self,
        paths: PathsLike = "data",
        crs: Any = None,
        res: float | tuple[float, float] | None = None,
        bands: Sequence[str] | None = None,
        transforms: Transform | None = None,
        *,
        parts: Sequence[str] | None = None,
        collection: str = "Core-S2L2A-SSL4EO",
        download: bool = False,
        checksum: bool = False,
    ) -> None:
        self.parts = tuple(Path(p).name.removesuffix(".parquet") for p in parts or ()) or None
        if download:
            if not self.parts:
                raise ValueError("MajorTOMEmbeddings: download=True needs parts=[...], the "
                                 "embeddings/part_*.parquet names to fetch (e.g. "
                                 "['part_00001-00050'])")
            base = self.url.format(collection=collection)
            _fetch_files(paths, type(self).__name__, [
                (f"{base}/embeddings/{p}.parquet", f"embeddings/{p}.parquet")
                for p in self.parts], checksum)
        super().__init__(paths, crs, res, bands, transforms)

    def prepare(self, paths: PathsLike) -> PathsLike | None:
        """The chosen ``parts`` (all parts when none is chosen)."""
        return self._chosen(paths, super().prepare(paths), self.parts,
                            lambda name: name.removesuffix(".parquet"))
