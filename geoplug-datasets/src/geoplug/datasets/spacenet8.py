"""SpaceNet 8: flooded buildings and roads in Germany and Louisiana (Maxar, pre/post event).

Each area ships as one tarball, ``SN8_floods/tarballs/<folder>.tar.gz`` with ``<folder>`` one of
``Germany_Training_Public``, ``Louisiana-East_Training_Public`` (train) and
``Louisiana-West_Test_Public`` (public test), whose members have no top folder:
``PRE-event/<catalog id>_<tile>.tif`` and ``POST-event/<catalog id>_<tile>.tif`` (GeoTIFFs in
EPSG:4326; a post-event collect has its own grid), ``annotations/<tile>.geojson`` (train only:
buildings carry ``building``, roads ``highway``, both ``flooded`` = "yes" or null), and
``<folder>_label_image_mapping.csv`` with columns ``label``, ``pre-event image``,
``post-event image 1`` and ``post-event image 2`` (the second post image is often empty) — the
publisher's pairing of tiles, which this loader follows row by row. Annotation names repeat
between areas, so each tarball is unpacked into ``<root>/SN8_floods/<folder>/``; a copy
unpacked elsewhere below ``root`` is found by its mapping CSV.

A sample is ``image`` [2, C, H, W] (pre-event, then post-event resampled bilinearly onto the
pre-event grid, as the baseline's ``POST-event-warped`` tiles) and ``mask`` [H, W] with
0 background, 1 building, 2 flooded building, 3 road, 4 flooded road (roads buffered
``buffer`` metres each side, 3 m as the baseline). Where features overlap the higher value
wins: roads over buildings, flooded over not flooded.
"""

from __future__ import annotations

import csv
import dataclasses
import json
import os
import warnings
from collections.abc import Sequence
from pathlib import Path
from typing import Any, ClassVar

import numpy as np

from geoplug.core.archives import find_below
from geoplug.core.download import Resource, fetch
from geoplug.core.errors import DatasetNotFoundError, InvalidDataError
from geoplug.core.nongeo import NonGeoDataset, Sample, Transforms
from geoplug.datasets._catalog import spec
from geoplug.datasets._catalog.change_spacenet8 import SPACENET8_AOIS, SPACENET8_ROAD_BUFFER_M
from geoplug.datasets._chipio import geo_fields, rasterize_shapes, read_raster
from geoplug.datasets._spacenet import S3, check_choices
from geoplug.datasets.spacenet3 import buffer_lines

__all__ = ["SpaceNet8"]

#: published md5s (TorchGeo's SpaceNet8); the one listed there for the test tarball is the
#: md5 of an empty file, so none is used for it
_MD5 = {"Germany_Training_Public": "81383a9050b93e8f70c8557d4568e8a2",
        "Louisiana-East_Training_Public": "fa40ae3cf6ac212c90073bf93d70bd95"}
_PRE, _POST = "pre-event image", ("post-event image 1", "post-event image 2")
#: ``flooded`` values that mean flooded (the baseline's ``geojson_prep.py``: yes, 1, True)
_FLOODED = ("yes", "1", "true")


def _is_flooded(value: Any) -> bool:
    return value is not None and str(value).strip().lower() in _FLOODED


@dataclasses.dataclass(frozen=True)
class _Tile:
    """One row of a mapping CSV, resolved to files."""

    pre: Path
    post: Path
    label: Path | None


class SpaceNet8(NonGeoDataset, spec=spec("spacenet8")):
    """SpaceNet 8 flood detection: ``image`` [2, 3, H, W] (pre, post), ``mask`` [H, W] in 0..4.

    ``aois`` restricts to some areas (train: Germany, Louisiana-East; test: Louisiana-West);
    ``buffer`` is the half-width of a road in metres. Test samples have no ``mask``.
    """

    dataset_id = "SN8_floods"
    resources: ClassVar[tuple[Resource, ...]] = tuple(
        Resource(url=f"{S3}/SN8_floods/tarballs/{folder}.tar.gz", filename=f"{folder}.tar.gz",
                 md5=_MD5.get(folder), splits=(split,))
        for split, areas in SPACENET8_AOIS.items() for folder in areas.values())

    def __init__(
        self,
        root: str | os.PathLike[str] = "data",
        split: str = "train",
        bands: Sequence[str] | None = None,
        transforms: Transforms | None = None,
        download: bool = False,
        checksum: bool = False,
        aois: Sequence[str] | None = None,
        buffer: float = SPACENET8_ROAD_BUFFER_M,
    ) -> None:
        """
        Raises:
            ValueError: unknown split, band or area, a buffer that is not positive.
            DatasetNotFoundError: no area's files are there and ``download`` is False.
            ChecksumError: ``checksum`` is True and a tarball does not match.
            InvalidDataError: a tarball lacks its mapping CSV, or a CSV names a missing file.
        """
        areas = SPACENET8_AOIS.get(split, {})
        check_choices(self.name, "area", aois, list(areas))
        if not buffer > 0:
            raise ValueError(f"{self.name}: buffer must be a positive width in metres, not "
                             f"{buffer!r}")
        self.aois = tuple(aois or areas)
        self.buffer = float(buffer)
        super().__init__(root, split, bands, transforms, download, checksum)

    # -- files --------------------------------------------------------------------------------
    def _folders(self) -> dict[str, str]:
        """Chosen area -> its folder (and tarball stem)."""
        return {a: SPACENET8_AOIS[self.split][a] for a in self.aois}

    def _mapping(self, folder: str) -> Path | None:
        """The area's mapping CSV: in ``<root>/SN8_floods/<folder>`` first, else anywhere."""
        name = f"{folder}_label_image_mapping.csv"
        own = self.root / self.dataset_id / folder / name
        if own.is_file():
            return own
        if not self.root.is_dir():
            return None
        return next((p for p in find_below(self.root, name) if p.is_file()), None)

    def _exists(self) -> bool:
        return all(self._mapping(f) is not None for f in self._folders().values())

    def _tarball(self, filename: str) -> Path | None:
        top = self.root / self.dataset_id
        for candidate in (self.root / filename, top / filename, top / "tarballs" / filename):
            if candidate.is_file():
                return candidate
        return next((p for p in find_below(top, filename) if p.is_file()), None) \
            if top.is_dir() else None

    def _prepare(self, download: bool, checksum: bool) -> None:
        """Unpack (downloading if asked) each missing area's tarball into its own folder.

        Areas whose tarball is absent (``download`` False) are left out with a warning, as
        long as one area is there.

        Raises:
            DatasetNotFoundError: no chosen area is there and ``download`` is False.
            ChecksumError, OSError: see :func:`~geoplug.core.download.fetch`.
            InvalidDataError: a tarball holds no mapping CSV of its area.
        """
        by_name = {r.filename: r for r in self._needed()}
        absent = []
        for area, folder in self._folders().items():
            if self._mapping(folder) is not None:
                continue
            resource = by_name[f"{folder}.tar.gz"]
            path = self._tarball(resource.filename)
            if path is None and not download:
                absent.append(area)
                continue
            path = path or self.root / self.dataset_id / resource.filename
            fetch([dataclasses.replace(resource, filename=path.relative_to(self.root)
                                       .as_posix())],
                  self.root, checksum, extract_to=self.root / self.dataset_id / folder)
            if self._mapping(folder) is None:
                raise InvalidDataError(
                    f"{self.name}: {path} holds no {folder}_label_image_mapping.csv; the "
                    "tarball may be incomplete or of another release — delete it and "
                    "download again")
        if len(absent) == len(self.aois):
            raise DatasetNotFoundError(self.name, self.root)
        if absent:
            warnings.warn(f"{self.name}: no files of {', '.join(absent)} under {self.root}; "
                          f"using {', '.join(a for a in self.aois if a not in absent)} "
                          "(download=True fetches the rest)", stacklevel=3)
            self.aois = tuple(a for a in self.aois if a not in absent)

    def _load(self) -> None:
        """Index the tiles of the chosen areas, in the order of their mapping CSVs.

        Raises:
            InvalidDataError: a CSV lacks a column, or names an image or annotation that is
                not there (a partly extracted tarball would otherwise pair wrong files).
        """
        self.files: list[_Tile] = []
        for folder in self._folders().values():
            path = self._mapping(folder)
            assert path is not None  # _prepare made sure
            base = path.parent
            with open(path, newline="", encoding="utf-8-sig") as f:
                rows = list(csv.DictReader(f))
            for n, row in enumerate(rows, start=2):
                try:
                    pre = base / "PRE-event" / row[_PRE]
                    post_name = row[_POST[0]] or row.get(_POST[1]) or ""
                    label_name = row["label"]
                except KeyError as exc:
                    raise InvalidDataError(f"{self.name}: {path} has no column {exc}; expected "
                                           f"label, {_PRE}, {', '.join(_POST)}") from exc
                post = base / "POST-event" / post_name
                label = base / "annotations" / label_name if self.split == "train" else None
                missing = [str(p) for p in (pre, post, label) if p is not None
                           and not p.is_file()]
                if missing or not post_name:
                    raise InvalidDataError(
                        f"{self.name}: line {n} of {path} names missing file(s) "
                        f"{', '.join(missing) or '(no post-event image)'}; the tarball looks "
                        "incomplete — delete the folder and extract or download it again")
                self.files.append(_Tile(pre, post, label))

    def __len__(self) -> int:
        return len(self.files)

    # -- samples ------------------------------------------------------------------------------
    def _post_on_pre_grid(self, path: Path, transform: Any, crs: Any,
                          shape: tuple[int, int]) -> np.ndarray:
        """The selected bands of a post-event tile on the pre-event grid (bilinear; read
        as is when the grids already match).

        Raises:
            InvalidDataError: the file cannot be read.
        """
        import rasterio
        from rasterio.enums import Resampling
        from rasterio.vrt import WarpedVRT

        indexes = [i + 1 for i in self.band_indices]
        try:
            with rasterio.open(path) as src:
                if (src.crs, src.transform, src.shape) == (crs, transform, shape):
                    return src.read(indexes)
                with WarpedVRT(src, crs=crs, transform=transform, width=shape[1],
                               height=shape[0], resampling=Resampling.bilinear) as vrt:
                    return vrt.read(indexes)
        except rasterio.errors.RasterioError as exc:
            raise InvalidDataError(f"{self.name}: cannot read {path}: {exc}; extract or "
                                   "download it again") from exc

    def _mask(self, path: Path, transform: Any, crs: Any, shape: tuple[int, int]
              ) -> np.ndarray:
        """Burn an annotation file: buildings 1/2 (flooded), roads buffered 3/4 (flooded);
        features that are neither (no ``building``, no ``highway``) and roads without
        ``lanes`` are left out, as the baseline's ``geojson_prep.py`` does.

        Raises:
            InvalidDataError: the file is not GeoJSON.
        """
        from rasterio.crs import CRS
        from rasterio.warp import transform_geom

        try:
            text = path.read_text(encoding="utf-8")
            data = json.loads(text) if text.strip() else {}
            features = data.get("features") or []
            src = CRS.from_user_input(((data.get("crs") or {}).get("properties") or {})
                                      .get("name", "EPSG:4326"))
        except (OSError, ValueError, AttributeError) as exc:
            raise InvalidDataError(f"{self.name}: cannot read {path}: {exc}") from exc
        buildings, roads = [], []
        for feature in features:
            geom, props = feature.get("geometry"), feature.get("properties") or {}
            if geom is None:
                continue
            if crs is not None and src != crs:
                geom = transform_geom(src, crs, geom)
            flooded = _is_flooded(props.get("flooded"))
            if props.get("building") is not None:
                buildings.append((geom, 2 if flooded else 1))
            elif props.get("highway") is not None and props.get("lanes") is not None:
                roads.append((geom, 4 if flooded else 3))
        widened = buffer_lines([g for g, _ in roads], crs, self.buffer)
        shapes = buildings + [(g, v) for g, (_, v) in zip(widened, roads)]
        # where features overlap the higher value wins: roads over buildings, flooded over not
        shapes.sort(key=lambda item: item[1])
        return rasterize_shapes(shapes, shape, transform)

    def __getitem__(self, index: int) -> Sample:
        import torch

        tile = self.files[index]
        pre, transform, crs = read_raster(tile.pre, self.band_indices)
        shape = (pre.shape[1], pre.shape[2])
        post = self._post_on_pre_grid(tile.post, transform, crs, shape)
        sample: dict[str, Any] = {
            "image": torch.from_numpy(np.stack([pre, post]).astype(np.float32))}
        if tile.label is not None:
            sample["mask"] = torch.from_numpy(self._mask(tile.label, transform, crs, shape))
        sample.update(geo_fields(transform, crs, shape))
        return self._apply(sample)
