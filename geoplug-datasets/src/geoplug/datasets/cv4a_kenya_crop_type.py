"""CV4A Kenya Crop Type: Sentinel-2 time series of four tiles with crop and field-id rasters.

Published by Radiant Earth (now on Source Cooperative, ``radiantearth/african-crops-kenya-02``)
as loose files under ``data/<tile>/``: ``<t>_label.tif`` (crop code 1-7, 0 = no label or a test
field), ``<t>_field_id.tif`` (field ids of train and test fields) and one folder per date
``<YYYYMMDD>/<t>_<band>_<YYYYMMDD>.tif`` with 12 Sentinel-2 L2A bands plus the Sen2Cor cloud
probability ``CLD`` on a common 10 m grid (3035x2016 px tiles, 13 dates of 2019).

Chips of ``chip_size`` px every ``stride`` px are cut from the tiles by windowed reads. The
competition split is by field, published as ``FieldIds.csv`` (columns ``train``, ``test``):
``train`` chips contain train fields, ``test`` chips test fields. Without that file, train
fields are those with a crop code and test fields those with a field id but no crop code.
The layout of the former Radiant MLHub archives
(``ref_african_crops_kenya_02_{labels,source}/..._tile_<nn>_label/{labels,field_ids}.tif`` and
``..._tile_<nn>_<YYYYMMDD>/<band>.tif``) is read as well.
"""

from __future__ import annotations

import csv
import re
import warnings
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, ClassVar

import numpy as np
import torch

from geoplug.core.download import Resource
from geoplug.core.errors import InvalidDataError
from geoplug.core.nongeo import Sample
from geoplug.datasets._catalog import spec
from geoplug.datasets._catalog.segmentation import S2_L2A_CLD
from geoplug.datasets._tiling import Chip, chip_windows, read_window
from geoplug.datasets._timeseries import TimeSeriesChipDataset

if TYPE_CHECKING:
    from rasterio.windows import Window

__all__ = ["CV4AKenyaCropType"]

BANDS = S2_L2A_CLD  # the published files per date: the spec's bands
DATES = ("20190606", "20190701", "20190706", "20190711", "20190721", "20190805", "20190815",
         "20190825", "20190909", "20190919", "20190924", "20191004", "20191103")
BASE_URL = "https://radiantearth.blob.core.windows.net/mlhub/kenya-crop-challenge"
_MLHUB = "ref_african_crops_kenya_02"
#: the official split: field ids of the train and test sets
SPLIT_FILE = "FieldIds.csv"


def _escape(path: Path) -> str:
    return str(path).replace("{", "{{").replace("}", "}}")


@dataclass(frozen=True)
class _Tile:
    """Where one tile's rasters are: labels, field ids and a ``{date}``/``{band}`` template."""

    name: str
    label: Path
    field: Path
    dates: list[str]
    template: str

    def band_path(self, date: str, band: str) -> Path:
        return Path(self.template.format(date=date, band=band))


def file_resources(base_url: str = BASE_URL, tiles: Sequence[str] = ("0", "1", "2", "3"),
                   dates: Sequence[str] = DATES, bands: Sequence[str] = BANDS
                   ) -> tuple[Resource, ...]:
    """Every published file as a (non-archive) resource, relative to ``base_url``."""
    paths = []
    for t in tiles:
        paths += [f"data/{t}/{t}_label.tif", f"data/{t}/{t}_field_id.tif"]
        paths += [f"data/{t}/{d}/{t}_{b}_{d}.tif" for d in dates for b in bands]
    paths.append(SPLIT_FILE)
    return tuple(Resource(url=f"{base_url}/{p}", filename=p, extract=False) for p in paths)


def read_split_ids(path: Path) -> dict[str, set[int]]:
    """Field ids per split from the published ``FieldIds.csv`` (columns ``train,test``; the
    longer train column leaves the test cell empty or absent).

    Raises:
        InvalidDataError: the file is not that two-column table.
    """
    ids: dict[str, set[int]] = {"train": set(), "test": set()}
    with path.open(newline="") as f:
        rows = list(csv.reader(f))
    if not rows or [c.strip().lower() for c in rows[0][:2]] != ["train", "test"]:
        raise InvalidDataError(f"{path} does not start with the header 'train,test'; restore "
                               "the published file")
    for line, row in enumerate(rows[1:], start=2):
        for split, cell in zip(("train", "test"), row):
            if cell.strip():
                try:
                    ids[split].add(int(cell))
                except ValueError as exc:
                    raise InvalidDataError(f"{path}:{line}: {cell!r} is not a field id") from exc
    return ids


class CV4AKenyaCropType(TimeSeriesChipDataset, spec=spec("cv4a_kenya_crop_type")):
    """CV4A Kenya crop type chips: ``image`` ``[T,C,H,W]`` time series with a crop mask.

    Samples: ``image`` float32 ``[T,C,H,W]`` (T dates found on disk, in date order; C the
    selected bands), ``mask`` int64 ``[H,W]`` crop code of the split's fields (0 none or
    another split's field, 1-7 the crops of :attr:`classes`; the ``test`` fields' codes are
    withheld by the publisher, so a test mask is all 0: score on a part of ``train``),
    ``field_ids`` int64 ``[H,W]``, ``tile`` and ``x``/``y`` (pixel offset of
    the chip in its tile). ``dates`` lists the acquisition dates. Constructor arguments and
    ``plot(time_step=...)``: see :class:`TimeSeriesChipDataset`; it raises
    ``InvalidDataError`` when a tile lacks its field ids or has no imagery.

    Citation: Radiant Earth Foundation and PlantVillage, "CV4A Competition Kenya Crop Type
    Dataset", Radiant MLHub, 2020, doi:10.34911/RDNT.DW605X.
    """

    resources: ClassVar[tuple[Resource, ...]] = file_resources()
    #: splits whose labels the publisher withholds (a data module tests on part of train)
    unlabelled_splits: ClassVar[tuple[str, ...]] = ("test",)

    def _tiles(self) -> list[_Tile]:
        """Tiles in the Source Cooperative layout, or else in the former MLHub archives'."""
        found: list[_Tile] = []
        data = self.root / "data"
        if data.is_dir():
            for folder in sorted(p for p in data.iterdir() if p.is_dir()):
                for label in sorted(folder.glob("*_label.tif")):
                    t = label.name[: -len("_label.tif")]
                    dates = sorted(p.name for p in folder.iterdir()
                                   if p.is_dir() and re.fullmatch(r"\d{8}", p.name))
                    found.append(_Tile(t, label, folder / f"{t}_field_id.tif", dates,
                                       f"{_escape(folder)}/{{date}}/{t}_{{band}}_{{date}}.tif"))
        if found:
            return found
        for base in (self.root, self.root / _MLHUB):
            labels, source = base / f"{_MLHUB}_labels", base / f"{_MLHUB}_source"
            if not labels.is_dir():
                continue
            for folder in sorted(labels.glob(f"{_MLHUB}_tile_*_label")):
                tile = folder.name[: -len("_label")]
                dates = sorted(p.name.rsplit("_", 1)[1] for p in source.glob(f"{tile}_*")
                               if p.is_dir() and re.fullmatch(r"\d{8}", p.name.rsplit("_", 1)[1]))
                found.append(_Tile(tile.rsplit("_", 1)[1], folder / "labels.tif",
                                   folder / "field_ids.tif", dates,
                                   f"{_escape(source)}/{tile}_{{date}}/{{band}}.tif"))
        return found

    def _exists(self) -> bool:
        return bool(self._tiles())

    def _load(self) -> None:
        self.tiles = self._tiles()
        split_file = self.root / SPLIT_FILE
        split_ids = read_split_ids(split_file) if split_file.is_file() else None
        #: the split's field ids (``None``: told by the labels, see the module docstring)
        self._fields: set[int] | None = None if split_ids is None else split_ids[self.split]
        self.chips: list[Chip] = []
        listed = (set().union(*split_ids.values()) if split_ids is not None else set())
        anywhere = False  # whether any field id of the split file occurs in the rasters
        windows: list[tuple[int, Window]] = []
        for index, tile in enumerate(self.tiles):
            if not tile.dates:
                raise InvalidDataError(f"{self.name}: tile {tile.name} has no imagery dates "
                                       f"next to {tile.label}; the download is incomplete")
            if not tile.field.is_file():
                raise InvalidDataError(f"{self.name}: {tile.field} is missing; the download is "
                                       "incomplete")
            labels = read_window(tile.label)[0][0]
            fields = read_window(tile.field)[0][0]
            if split_ids is not None:
                wanted = np.isin(fields, list(split_ids[self.split]))
                anywhere = anywhere or bool(np.isin(fields, list(listed)).any())
            else:
                wanted = labels > 0 if self.split == "train" else (fields > 0) & (labels == 0)
            height, width = labels.shape
            for w in chip_windows(width, height, self.chip_size, self.stride):
                windows.append((index, w))
                rows = slice(int(w.row_off), int(w.row_off + w.height))
                cols = slice(int(w.col_off), int(w.col_off + w.width))
                if wanted[rows, cols].any():
                    self.chips.append(Chip(index, w))
        self._split_source = (f"the field ids listed in {split_file}" if split_ids is not None
                              else "labelled fields" if self.split == "train"
                              else "unlabelled fields")
        if split_ids is not None and not anywhere and windows:
            # a split file that names none of these fields (a sample of other data, say)
            # splits nothing: every chip, as a loader without splits gives, and a warning
            warnings.warn(f"{self.name}: none of the {len(listed)} field ids of {split_file} "
                          "occurs in the field_ids rasters, so it cannot split this data; the "
                          f"{self.split} split is every chip of the {len(self.tiles)} tile(s)",
                          stacklevel=3)
            self.chips = [Chip(index, w) for index, w in windows]
            self._split_source = "every chip (the split file names none of these fields)"
            self._fields = None

    def _empty_reason(self) -> str:
        return (f"no {self.chip_size}x{self.chip_size} chip (stride {self.stride}) of its "
                f"{len(self.tiles)} tile(s) holds a field of the {self.split} split "
                f"({self._split_source}); check {SPLIT_FILE} and the field_ids rasters")

    def __getitem__(self, index: int) -> Sample:
        chip = self.chips[index]
        tile = self.tiles[chip.tile]
        frames = []
        for d in tile.dates:
            bands = [read_window(tile.band_path(d, b), chip.window, [1])[0][0]
                     for b in self.bands]
            frames.append(np.stack(bands))
        mask = read_window(tile.label, chip.window, [1])[0][0]
        fields = read_window(tile.field, chip.window, [1])[0][0]
        # the split's fields only: a test chip also holds train fields' labels (the test
        # fields' are withheld, 0), which scored the training data as the test
        if self._fields is not None:
            mask = np.where(np.isin(fields, list(self._fields)), mask, 0)
        elif self.split == "test":
            mask = np.zeros_like(mask)
        sample: Sample = {
            "image": torch.from_numpy(np.stack(frames).astype(np.float32)),
            "mask": torch.from_numpy(mask.astype(np.int64)),
            "field_ids": torch.from_numpy(fields.astype(np.int64)),
            "tile": tile.name,
            "x": int(chip.window.col_off),
            "y": int(chip.window.row_off),
            "dates": list(tile.dates),
        }
        return self._apply(sample)
