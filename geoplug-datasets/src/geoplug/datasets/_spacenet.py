"""Shared reading path of the SpaceNet building-footprint datasets (1, 2, 4 and 7).

Every SpaceNet release ships tarballs of GeoTIFF chips per imagery product plus GeoJSON building
footprints; they differ only in folder and file naming. Tarballs of one split unpack into
``<root>/<dataset_id>/<split>/`` (SpaceNet 1 train and test tarballs hold identically named
folders, so they cannot share a folder); a copy already unpacked directly under ``root`` is
used as is. Masks are rasterized from the footprints (reprojected to the chip's CRS when they
differ) and samples carry the chip's ``crs`` and ``bounds``.
"""

from __future__ import annotations

import abc
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
from geoplug.datasets._catalog.detection_change import SPACENET_WV8
from geoplug.datasets._chipio import geo_fields, rasterize_shapes, read_raster

__all__ = ["WV_8", "SpaceNet", "check_choices", "tarball_resources"]

WV_8 = SPACENET_WV8  # WorldView 8-band multispectral, in file order
S3 = "https://spacenet-dataset.s3.amazonaws.com/spacenet"


def check_choices(dataset: str, kind: str, chosen: Sequence[str] | None,
                  allowed: Sequence[str]) -> None:
    """Reject a subset option (AOIs, collects) that names something the release lacks.

    Raises:
        ValueError: an entry of ``chosen`` is not in ``allowed``; the message lists ``allowed``.
    """
    unknown = [c for c in chosen or () if c not in allowed]
    if unknown:
        raise ValueError(f"{dataset}: unknown {kind}(s) {unknown}; choose from {allowed}")


def tarball_resources(prefix: str, tarballs: dict[str, Sequence[tuple[str, str | None]]]
                      ) -> tuple[Resource, ...]:
    """Resources for ``{split: [(tarball, md5), ...]}`` hosted under ``prefix``."""
    return tuple(Resource(url=f"{prefix}/{name}", filename=name, md5=md5, splits=(split,))
                 for split, items in tarballs.items() for name, md5 in items)


class SpaceNet(NonGeoDataset, abc.ABC):
    """A SpaceNet release: ``image`` float32 [C,H,W], ``mask`` int64 [H,W] (1 = building).

    ``image`` picks the imagery product (its band set in the spec becomes ``all_bands`` and
    ``rgb_bands``); test splits have no published labels, so their samples have no ``mask``.
    Subclasses take ``products`` from their catalog module, the rest from their spec.
    """

    dataset_id: ClassVar[str] = ""
    #: imagery product -> its band names, in file order
    products: ClassVar[dict[str, tuple[str, ...]]] = {}
    default_image: ClassVar[dict[str, str]] = {}

    def __init__(
        self,
        root: str | os.PathLike[str] = "data",
        split: str = "train",
        bands: Sequence[str] | None = None,
        transforms: Transforms | None = None,
        download: bool = False,
        checksum: bool = False,
        image: str | None = None,
    ) -> None:
        """
        Args:
            image: imagery product (folder name of the release); default per split.

        Raises:
            ValueError: unknown split, product or band.
            DatasetNotFoundError: files absent and ``download`` is False.
            ChecksumError: ``checksum`` is True and a tarball does not match.
        """
        product = image or self.default_image.get(split, next(iter(self.products)))
        if product not in self.products:
            raise ValueError(f"{self.name}: image {product!r} is not one of "
                             f"{', '.join(self.products)}")
        self.image = product
        chosen = spec(self.name).bands_for({"image": product})
        self.all_bands = chosen.bands  # type: ignore[misc]
        self.rgb_bands = chosen.rgb_bands  # type: ignore[misc]
        super().__init__(root, split, bands, transforms, download, checksum)

    @property
    def split_dir(self) -> Path:
        """Where this split's tarballs are unpacked."""
        return self.root / self.dataset_id / self.split

    def _search_dir(self) -> Path:
        """``<root>/<dataset_id>/<split>`` once we manage the root, else ``root`` itself."""
        return self.split_dir if (self.root / self.dataset_id).is_dir() else self.root

    @abc.abstractmethod
    def _find(self, folder: Path) -> list[tuple[Path, Path | None]]:
        """(image, label or None) pairs of this split and product under ``folder``."""

    def _exists(self) -> bool:
        folder = self._search_dir()
        return folder.is_dir() and bool(self._find(folder))

    def _prepare(self, download: bool, checksum: bool) -> None:
        """Like the base, but unpack into ``<root>/<dataset_id>/<split>``.

        A tarball is looked for in that folder, in ``root`` and anywhere under
        ``<root>/<dataset_id>`` (the S3 key layout); a missing one is downloaded into
        ``<root>/<dataset_id>/<split>``.

        Raises:
            DatasetNotFoundError: tarballs absent and ``download`` is False.
            ChecksumError: a tarball does not match its published checksum (see
                :func:`~geoplug.core.download.fetch`).
            OSError: a download failed.
            InvalidDataError: the tarballs do not contain the expected files, or one is
                damaged (it is moved aside so that the next download retries).
        """
        if self._exists():
            return
        located: list[Resource] = []
        missing: list[str] = []
        for res in self._needed():
            path = next((c for c in (self.split_dir / res.filename, self.root / res.filename)
                         if c.is_file()), None) or self._find_tarball(res.filename)
            if path is None:
                missing.append(res.filename)
                if not download:
                    continue
                path = self.split_dir / res.filename
            located.append(dataclasses.replace(
                res, filename=path.relative_to(self.root).as_posix()))
        if missing and not download:
            if not located:
                raise DatasetNotFoundError(self.name, self.root)
            # some areas' (or collects') tarballs only: those, as their extracted folders
            # would be, and a word on the rest
            names = ", ".join(missing[:3]) + (", ..." if len(missing) > 3 else "")
            warnings.warn(f"{self.name}: {len(missing)} of {len(missing) + len(located)} "
                          f"tarballs are not under {self.root} ({names}); using the "
                          f"{len(located)} found (download=True fetches the rest)",
                          stacklevel=4)
        fetch(located, self.root, checksum, extract_to=self.split_dir)
        if not self._exists():
            raise InvalidDataError(
                f"{self.name}: no {self.image!r} chips of split {self.split!r} under "
                f"{self.split_dir} after extracting the tarballs; they may be incomplete — "
                "delete them and download again"
            )

    def _find_tarball(self, filename: str) -> Path | None:
        """A tarball anywhere under ``<root>/<dataset_id>`` (tarball names are unique)."""
        top = self.root / self.dataset_id
        if not top.is_dir():
            return None
        return next((p for p in find_below(top, filename) if p.is_file()), None)

    def _load(self) -> None:
        self.files = self._find(self._search_dir())

    def __len__(self) -> int:
        return len(self.files)

    # -- samples ------------------------------------------------------------------------------
    def _footprints(self, path: Path, crs: Any) -> list[Any]:
        """Building geometries of a GeoJSON file, in ``crs``.

        An empty file or an empty FeatureCollection means no buildings.

        Raises:
            InvalidDataError: the file is not valid GeoJSON.
        """
        import fiona
        from fiona.transform import transform_geom

        try:
            # SpaceNet 1 ships zero-byte label files for chips without buildings
            if not path.read_bytes().strip():
                return []
        except OSError as exc:
            raise InvalidDataError(f"{self.name}: cannot read {path}: {exc}") from exc
        try:
            with fiona.open(path) as src:
                src_crs = src.crs
                geoms = [dict(f["geometry"]) for f in src if f["geometry"] is not None]
        except fiona.errors.FionaError as exc:
            # SpaceNet ships empty FeatureCollections for chips without buildings, which
            # some GDAL versions refuse to open: accept exactly those
            try:
                if not json.loads(path.read_text()).get("features"):
                    return []
            except ValueError:
                pass
            raise InvalidDataError(f"{self.name}: cannot read {path}: {exc}") from exc
        if geoms and crs is not None and src_crs and src_crs != crs:
            geoms = [transform_geom(src_crs, crs, g) for g in geoms]
        return geoms

    def __getitem__(self, index: int) -> Sample:
        import torch

        image_path, label_path = self.files[index]
        array, transform, crs = read_raster(image_path, self.band_indices)
        shape = (array.shape[1], array.shape[2])
        sample: dict[str, Any] = {"image": torch.from_numpy(array.astype(np.float32))}
        if label_path is not None:
            geoms = self._footprints(label_path, crs)
            sample["mask"] = torch.from_numpy(
                rasterize_shapes(((g, 1) for g in geoms), shape, transform))
        sample.update(geo_fields(transform, crs, shape))
        return self._apply(sample)
