"""IDTReeS 2020: tree-crown boxes and species in NEON airborne plots.

Zenodo record 3934932 publishes ``IDTREES_competition_train_v2.zip`` and
``IDTREES_competition_test_v2.zip``. Extracted::

    train/RemoteSensing/{RGB,HSI,CHM,LAS}/<SITE>_<n>.tif|.las   (20x20 m plots)
    train/ITC/train_<SITE>.shp        (crown polygons, UTM; properties id, indvdID)
    train/Field/itc_rsFile.csv        (id, indvdID, rsFile: the crown's plot image)
    train/Field/train_data.csv        (indvdID, taxonID, ... field survey)
    task1/RemoteSensing/...           (test plots of the detection task, no crowns)
    task2/RemoteSensing/..., task2/ITC/test_<SITE>.shp  (crowns with plotID, species withheld)

Crowns become pixel boxes of the plot's RGB image (0.1 m) through its geotransform. The test
split reads ``task2``: its crowns are given but their species are not, so ``label`` is -1.
Training crowns without a polygon or a survey row are skipped. Crown ids are compared as
numbers when they are numbers (a shapefile's Real field reads ``57.0``, the table ``57``) and
plots by file stem (``plotID``/``rsFile`` with or without ``.tif``); a table none of whose
crowns matches a polygon or a plot image is an error, never a dataset of empty plots.
"""

from __future__ import annotations

import os
from collections import defaultdict
from collections.abc import Sequence
from pathlib import Path
from typing import Any, ClassVar

import numpy as np

from geoplug.core.download import Resource
from geoplug.core.errors import InvalidDataError
from geoplug.core.nongeo import Sample, Transforms
from geoplug.datasets._boxes import (
    BoxDataset,
    ClassIndex,
    clip_boxes,
    read_csv_rows,
    sample_boxes,
)
from geoplug.datasets._catalog import spec
from geoplug.datasets._chipio import geo_fields, read_raster

__all__ = ["IDTReeS"]


def _key(value: Any) -> str:
    """A join key: a number as its integer text (``57.0`` and ``57`` alike), else the
    stripped text."""
    text = str(value).strip()
    try:
        number = float(text)
    except ValueError:
        return text
    return str(int(number)) if number.is_integer() else text


_ZENODO = "https://zenodo.org/records/3934932/files"


class IDTReeS(BoxDataset, spec=spec("idtrees")):
    """IDTReeS: ``image`` float32 [3,200,200] (RGB), ``bbox_xyxy`` [N,4] (clipped to the
    plot), ``label`` [N] (taxon; -1 in the test split), ``crs``/``bounds``; ``modalities`` may
    add ``image_hsi`` (369 bands, 1 m) and ``image_chm`` (canopy height, 1 m) at their own
    resolution.
    """

    #: splits whose labels the publisher withholds (a data module tests on part of train)
    unlabelled_splits: ClassVar[tuple[str, ...]] = ("test",)
    resources: ClassVar[tuple[Resource, ...]] = (
        Resource(f"{_ZENODO}/IDTREES_competition_train_v2.zip?download=1",
                 "IDTREES_competition_train_v2.zip", md5="5ddfa76240b4bb6b4a7861d1d31c299c",
                 splits=("train",)),
        Resource(f"{_ZENODO}/IDTREES_competition_test_v2.zip?download=1",
                 "IDTREES_competition_test_v2.zip", md5="b108931c84a70f2a38a8234290131c9b",
                 splits=("test",)),
    )
    all_modalities: ClassVar[tuple[str, ...]] = ("rgb", "hsi", "chm")

    def __init__(
        self,
        root: str | os.PathLike[str] = "data",
        split: str = "train",
        bands: Sequence[str] | None = None,
        transforms: Transforms | None = None,
        download: bool = False,
        checksum: bool = False,
        modalities: Sequence[str] = ("rgb",),
    ) -> None:
        """
        Raises:
            ValueError: unknown split, band or modality.
            DatasetNotFoundError: files absent and ``download`` is False.
            ChecksumError: ``checksum`` is True and an archive does not match.
            InvalidDataError: a table lacks a column or a shapefile cannot be read.
        """
        unknown = [m for m in modalities if m not in self.all_modalities]
        if unknown or "rgb" not in modalities:
            raise ValueError(f"{self.name}: modalities {list(modalities)} must include 'rgb' "
                             f"and be among {', '.join(self.all_modalities)}")
        self.modalities = tuple(modalities)
        super().__init__(root, split, bands, transforms, download, checksum)

    @property
    def folder(self) -> Path:
        return self.root / ("train" if self.split == "train" else "task2")

    def _exists(self) -> bool:
        rgb = self.folder / "RemoteSensing" / "RGB"
        return rgb.is_dir() and (self.folder / "ITC").is_dir() and (
            self.split != "train" or (self.folder / "Field" / "itc_rsFile.csv").is_file())

    # -- index --------------------------------------------------------------------------------
    def _features(self) -> list[dict[str, Any]]:
        """Every crown polygon of the split's ITC shapefiles (properties and exterior ring).

        Raises:
            InvalidDataError: a shapefile cannot be read.
        """
        import fiona

        found = []
        for shp in sorted((self.folder / "ITC").glob("*.shp")):
            try:
                with fiona.open(shp) as src:
                    for feature in src:
                        geometry = feature["geometry"]
                        ring = (geometry["coordinates"][0] if geometry["type"] == "Polygon"
                                else geometry["coordinates"][0][0])
                        found.append({**dict(feature["properties"]), "ring": ring})
            except fiona.errors.FionaError as exc:
                raise InvalidDataError(f"{self.name}: cannot read {shp}: {exc}") from exc
        return found

    def _load(self) -> None:
        self.files = sorted((self.folder / "RemoteSensing" / "RGB").glob("*.tif"))
        self.class_index = ClassIndex(self.classes, self.name)
        #: plot image stem -> [(exterior ring, label)]
        self.crowns: dict[str, list[tuple[Any, int]]] = defaultdict(list)
        features = self._features()
        if self.split != "train":
            for feature in features:
                plot = Path(str(feature.get("plotID")).strip()).stem
                self.crowns[plot].append((feature["ring"], -1))
            self._check_joined(f"the plotID of the crowns in {self.folder / 'ITC'}",
                               set(self.crowns))
            return
        field = self.folder / "Field"
        taxa: dict[str, str] = {}
        table = field / "train_data.csv"
        for row in read_csv_rows(table, ("indvdID", "taxonID")):
            taxa.setdefault(row["indvdID"], row["taxonID"])
        rings = {_key(f.get("id")): f["ring"] for f in features}
        crowns = field / "itc_rsFile.csv"
        rows = read_csv_rows(crowns, ("id", "indvdID", "rsFile"))
        matched = 0
        for row in rows:
            ring, taxon = rings.get(_key(row["id"])), taxa.get(row["indvdID"])
            matched += ring is not None
            if ring is not None and taxon is not None:
                label = int(self.class_index([taxon], table)[0])
                self.crowns[Path(row["rsFile"].strip()).stem].append((ring, label))
        if rows and not matched:
            raise InvalidDataError(
                f"{self.name}: no crown id of {crowns} matches the id of a polygon in "
                f"{self.folder / 'ITC'} (e.g. {rows[0]['id']!r} vs {next(iter(rings), None)!r});"
                " are the table and the shapefiles of the same release?")
        self._check_joined(f"the rsFile column of {crowns}",
                           {Path(row["rsFile"].strip()).stem for row in rows})

    def _check_joined(self, what: str, plots: set[str]) -> None:
        """Raise when crowns name ``plots`` but none of them is an RGB image of the split.

        Raises:
            InvalidDataError: no crown's plot names an RGB image.
        """
        if plots and self.files and not plots & {p.stem for p in self.files}:
            raise InvalidDataError(
                f"{self.name}: no plot named by {what} (e.g. {sorted(plots)[0]!r})"
                f" is an image of {self.folder / 'RemoteSensing' / 'RGB'} (e.g. "
                f"{self.files[0].stem!r}); are they of the same release?")

    def __len__(self) -> int:
        return len(self.files)

    # -- samples ------------------------------------------------------------------------------
    def __getitem__(self, index: int) -> Sample:
        import torch

        path = self.files[index]
        image, transform, crs = read_raster(path, self.band_indices)
        inverse = ~transform
        height, width = image.shape[1], image.shape[2]
        boxes, labels = [], []
        for ring, label in self.crowns.get(path.stem, []):
            cols, rows = zip(*(inverse @ (x, y) for x, y, *_ in ring))
            boxes.append((min(cols), min(rows), max(cols), max(rows)))
            labels.append(label)
        sample: Sample = {"image": torch.from_numpy(image.astype(np.float32))}
        # crowns may reach past the plot's edge (the part inside is kept), or lie outside it
        sample.update(sample_boxes(*clip_boxes(np.asarray(boxes, np.float32).reshape(-1, 4),
                                               np.asarray(labels, np.int64), width, height)))
        sample.update(geo_fields(transform, crs, (height, width)))
        for modality in self.modalities[1:]:
            other = path.parents[1] / modality.upper() / path.name
            if not other.is_file():
                raise InvalidDataError(f"{self.name}: no {modality.upper()} image {other} for "
                                       f"plot {path.stem}; extract the archive again")
            array, _, _ = read_raster(other)
            sample[f"image_{modality}"] = torch.from_numpy(array.astype(np.float32))
        return self._apply(sample)
