"""SeasoNet: seasonal Sentinel-2 patches over Germany with LBM-DE2018 land-cover masks.

Layout as released on Zenodo (Koßmann et al., record 5850307): ``spring.zip``, ``summer.zip``,
``fall.zip``, ``winter.zip``, ``snow.zip`` (each extracting to its season folder),
``splits.zip`` (``splits/train.csv``, ``val.csv``, ``test.csv``: one ``Index`` of meta.csv per
line, no header) and ``meta.csv`` (``Index,Season,Grid,Latitude,Longitude,…,Path``). A patch
is the folder ``Path`` = ``<season>/grid<g>/<name>`` holding ``<name>_10m_RGB.tif`` (B4, B3,
B2), ``<name>_10m_IR.tif`` (B8), ``<name>_20m.tif`` (B5, B6, B7, B8A, B11, B12),
``<name>_60m.tif`` (B1, B9), uint16 at their native GSD (120, 60 and 20 px), and
``<name>_labels.tif`` (uint8 codes 1..33, mapped to classes 0..32; other codes, none in the
release, to 255). Coarser bands are resampled bilinearly on read to the 10 m grid.
"""

from __future__ import annotations

import csv
import os
import random
from collections.abc import Sequence
from pathlib import Path
from typing import ClassVar

import numpy as np

from geoplug.core.download import Resource
from geoplug.core.errors import InvalidDataError
from geoplug.core.nongeo import NonGeoDataset, Sample, Transforms
from geoplug.datasets._catalog import spec
from geoplug.datasets._catalog.pretraining import SEASONET_FILES
from geoplug.datasets._chipio import read_raster

__all__ = ["SeasoNet"]

_ZENODO = "https://zenodo.org/records/5850307/files"
SEASONS = ("Spring", "Summer", "Fall", "Winter", "Snow")
_MD5 = {"spring.zip": "de4cdba7b6196aff624073991b187561",
        "summer.zip": "6a54d4e134d27ae4eb03f180ee100550",
        "fall.zip": "5f94920fe41a63c6bfbab7295f7d6b95",
        "winter.zip": "dc5e3e09e52ab5c72421b1e3186c9a48",
        "snow.zip": "e1b300994143f99ebb03f51d6ab1cbe6",
        "splits.zip": "e4ec4a18bc4efc828f0944a7cf4d5fed",
        "meta.csv": "43ea07974936a6bf47d989c32e16afe7"}
IGNORE_INDEX = 255


class SeasoNet(NonGeoDataset, spec=spec("seasonet")):
    """``image`` float32 [C,H,W] (or [T,C,H,W] with ``time_steps`` > 1), ``mask`` int64 [H,W].

    ``seasons`` picks the season folders (default all five, "Snow" included) and ``grids``
    the two half-shifted grids. With ``time_steps=T`` > 1 a sample is a location: T of its
    chosen seasons (in ``SEASONS`` order, or drawn at random per access with
    ``random_seasons``) stacked; locations with fewer are left out.
    """

    resources: ClassVar[tuple[Resource, ...]] = tuple(
        Resource(url=f"{_ZENODO}/{name}?download=1", filename=name, md5=md5,
                 extract=name.endswith(".zip"))
        for name, md5 in _MD5.items()
    )

    def __init__(
        self,
        root: str | os.PathLike[str] = "data",
        split: str = "train",
        bands: Sequence[str] | None = None,
        transforms: Transforms | None = None,
        download: bool = False,
        checksum: bool = False,
        seasons: Sequence[str] = SEASONS,
        grids: Sequence[int] = (1, 2),
        time_steps: int = 1,
        random_seasons: bool = False,
    ) -> None:
        """
        Args:
            seasons: any of Spring, Summer, Fall, Winter, Snow.
            grids: any of 1, 2.
            time_steps: seasons per sample (1: one patch per sample).
            random_seasons: with ``time_steps`` > 1, draw the seasons at random per access.

        Raises:
            ValueError: unknown season or grid, ``time_steps`` outside 1..len(seasons), or an
                unknown split or band.
            DatasetNotFoundError: files absent and ``download`` is False.
            ChecksumError: ``checksum`` is True and a file does not match.
            InvalidDataError: meta.csv lacks a column or an index of the split list.
        """
        unknown = [s for s in seasons if s not in SEASONS]
        if unknown or not seasons:
            raise ValueError(f"seasonet: seasons {list(seasons)} must be some of "
                             f"{', '.join(SEASONS)}")
        if not set(grids) <= {1, 2} or not grids:
            raise ValueError(f"seasonet: grids {list(grids)} must be some of 1, 2")
        if not 1 <= time_steps <= len(seasons):
            raise ValueError(f"seasonet: time_steps must be in 1..{len(seasons)} (the chosen "
                             f"seasons), got {time_steps}")
        self.seasons = tuple(s for s in SEASONS if s in seasons)
        self.grids = tuple(grids)
        self.time_steps = time_steps
        self.random_seasons = random_seasons
        super().__init__(root, split, bands, transforms, download, checksum)

    def _needed(self) -> list[Resource]:
        wanted = {f"{s.lower()}.zip" for s in self.seasons} | {"splits.zip", "meta.csv"}
        return [r for r in self.resources if r.filename in wanted]

    def _exists(self) -> bool:
        return ((self.root / "meta.csv").is_file()
                and (self.root / "splits" / f"{self.split}.csv").is_file()
                and all((self.root / s.lower()).is_dir() for s in self.seasons))

    def _load(self) -> None:
        with open(self.root / "splits" / f"{self.split}.csv", encoding="utf-8") as f:
            cells = [line.split(",")[0].strip() for line in f]
        chosen = [int(float(c)) for c in cells if c.replace(".", "", 1).isdigit()]
        with open(self.root / "meta.csv", newline="", encoding="utf-8") as f:
            reader = csv.reader(f)
            header = next(reader, [])
            missing = {"Season", "Grid", "Latitude", "Longitude", "Path"} - set(header)
            if missing:
                raise InvalidDataError(f"seasonet: {self.root / 'meta.csv'} lacks the columns "
                                       f"{sorted(missing)}; download meta.csv again")
            # columns before Classes by position, Path as the last field (an unquoted class
            # list would shift the fields after it)
            at = {name: header.index(name) for name in ("Season", "Grid", "Latitude",
                                                         "Longitude")}
            rows: dict[int, dict[str, str]] = {}
            for n, fields in enumerate(reader):
                if not fields:
                    continue
                entry = {name: fields[i] for name, i in at.items()}
                entry["Path"] = fields[-1]
                rows[int(fields[0]) if header[0] == "Index" else n] = entry
        groups: dict[tuple[str, str], list[tuple[int, Path]]] = {}
        for index in chosen:
            row = rows.get(index)
            if row is None:
                raise InvalidDataError(f"seasonet: splits/{self.split}.csv names Index {index} "
                                       "that meta.csv lacks; download both again")
            if row["Season"] not in self.seasons or int(row["Grid"]) not in self.grids:
                continue
            key = (row["Latitude"], row["Longitude"]) if self.time_steps > 1 else (str(index), "")
            groups.setdefault(key, []).append(
                (self.seasons.index(row["Season"]), self.root / row["Path"]))
        self.samples: list[list[Path]] = [
            [p for _, p in sorted(g)] for g in groups.values() if len(g) >= self.time_steps]

    def __len__(self) -> int:
        return len(self.samples)

    def __getitem__(self, index: int) -> Sample:
        import torch

        patches = self.samples[index]
        if self.time_steps > 1:
            picked = (sorted(random.sample(range(len(patches)), self.time_steps))
                      if self.random_seasons else range(self.time_steps))
            patches = [patches[i] for i in picked]
        first = patches[0]
        codes = read_raster(first / f"{first.name}_labels.tif", [0])[0][0].astype(np.int64)
        mask = np.where((codes >= 1) & (codes <= len(self.classes)), codes - 1, IGNORE_INDEX)
        shape = mask.shape
        images = [self._read_patch_on(folder, shape) for folder in patches]
        image = images[0] if self.time_steps == 1 else np.stack(images)
        return self._apply({"image": torch.from_numpy(image.astype(np.float32)),
                            "mask": torch.from_numpy(mask)})

    def _read_patch_on(self, folder: Path, shape: tuple[int, int]) -> np.ndarray:
        """The selected bands of one patch on the ``shape`` (10 m) grid, in ``bands`` order."""
        name = folder.name
        by_band: dict[str, np.ndarray] = {}
        for suffix, file_bands in SEASONET_FILES.items():
            wanted = [b for b in self.bands if b in file_bands]
            if wanted:
                array = read_raster(folder / f"{name}_{suffix}.tif",
                                    [file_bands.index(b) for b in wanted], shape)[0]
                by_band.update(zip(wanted, array))
        return np.stack([by_band[b] for b in self.bands])
