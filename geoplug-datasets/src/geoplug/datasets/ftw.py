"""Fields of The World (FTW): field boundaries in Sentinel-2 chips of 25 countries.

Source Cooperative (``kerner-lab/fields-of-the-world-archive``) ships one ``<country>.zip`` per
country, extracted into ``<root>/<country>/`` (the publisher's ``ftw data unpack`` does the
same), holding ``s2_images/window_a/<aoi>.tif`` and ``s2_images/window_b/<aoi>.tif`` (4-band
uint16 Sentinel-2 L2A chips of 256x256 px, R G B NIR, at the start and the end of the growing
season), ``label_masks/semantic_2class``, ``semantic_3class`` and ``instance/<aoi>.tif``, and
``chips_<country>.parquet`` (a GeoParquet table with ``aoi_id`` and ``split`` per chip). Chips
whose imagery or mask is absent (a few hundred in the release) are skipped, as the publisher's
own loader does.

Reading the Parquet table needs ``pyarrow``; without it, a ``chips_<country>.csv`` with the
same ``aoi_id,split`` columns is read instead (export it once with any Parquet reader).
"""

from __future__ import annotations

import csv
import os
from collections.abc import Sequence
from pathlib import Path

import numpy as np

from geoplug.core.download import Resource, fetch
from geoplug.core.errors import DatasetNotFoundError, InvalidDataError
from geoplug.core.nongeo import NonGeoDataset, Sample, Transforms
from geoplug.datasets._catalog import spec
from geoplug.datasets._catalog.segmentation_modern import FTW_MD5
from geoplug.datasets._chipio import geo_fields, read_raster
from geoplug.datasets._seg_modern import read_mask, seg_sample

__all__ = ["FieldsOfTheWorld"]

BASE_URL = "https://data.source.coop/kerner-lab/fields-of-the-world-archive"
WINDOWS = ("window_a", "window_b")
TARGETS = ("semantic_2class", "semantic_3class", "instance")


def read_chip_table(folder: Path, country: str) -> list[tuple[str, str]]:
    """``(aoi_id, split)`` rows of ``chips_<country>.parquet`` (or ``.csv``) in ``folder``.

    Raises:
        ImportError: only the Parquet table is there and pyarrow is not installed.
        InvalidDataError: the table lacks the ``aoi_id`` or ``split`` column.
    """
    parquet = folder / f"chips_{country}.parquet"
    table = folder / f"chips_{country}.csv"
    columns: dict[str, list[object]] = {}
    if parquet.is_file():
        try:
            import pyarrow.parquet as pq
        except ImportError:
            if not table.is_file():
                raise ImportError(
                    f"reading {parquet} needs pyarrow (`pip install pyarrow`); or save its "
                    f"aoi_id and split columns as {table.name} beside it") from None
        else:
            try:
                columns = pq.read_table(parquet, columns=["aoi_id", "split"]).to_pydict()
            except (KeyError, ValueError) as exc:
                raise InvalidDataError(f"{parquet} has no aoi_id/split columns ({exc}); is it "
                                       "the publisher's chips table?") from exc
    if not columns:
        with open(table, newline="", encoding="utf-8") as f:
            rows = list(csv.DictReader(f))
        if rows and not {"aoi_id", "split"} <= set(rows[0]):
            raise InvalidDataError(f"{table} has columns {list(rows[0])}, expected aoi_id and "
                                   "split")
        columns = {"aoi_id": [r["aoi_id"] for r in rows], "split": [r["split"] for r in rows]}
    return [(str(a), str(s)) for a, s in zip(columns["aoi_id"], columns["split"], strict=True)]


class FieldsOfTheWorld(NonGeoDataset, spec=spec("ftw")):
    """FTW chips of one split, from the chosen countries, windows and mask kind.

    Samples: ``image`` float32 ``[W*C,H,W]`` (the selected bands of each window in ``windows``
    order: window A's, then window B's), ``mask`` int64 ``[H,W]`` (``target``:
    ``semantic_2class`` 0 background / 1 field, ``semantic_3class`` adds 2 boundary;
    ``instance`` field ids; 3 marks unlabelled pixels of presence-only countries), ``crs`` and
    ``bounds``.

    Citation: Kerner et al., "Fields of The World: A Machine Learning Benchmark Dataset for
    Global Agricultural Field Boundary Segmentation", AAAI 2025.
    """

    def __init__(
        self,
        root: str | os.PathLike[str] = "data",
        split: str = "train",
        bands: Sequence[str] | None = None,
        transforms: Transforms | None = None,
        download: bool = False,
        checksum: bool = False,
        countries: str | Sequence[str] | None = None,
        target: str = "semantic_2class",
        windows: str | Sequence[str] = WINDOWS,
    ) -> None:
        """
        Args:
            countries: country folders to read (``None``: every one found under ``root``;
                name them to download).
            target: ``semantic_2class``, ``semantic_3class`` or ``instance``.
            windows: ``window_a``, ``window_b`` or both, in the order stacked (the
                publisher's baselines stack ``("window_b", "window_a")``).

        Raises:
            ValueError: unknown split, band, country, target or window; ``download`` without
                ``countries``.
            DatasetNotFoundError: a country's folder and archive are absent and ``download``
                is False.
            ImportError: a chips table is Parquet only and pyarrow is not installed.
        """
        if target not in TARGETS:
            raise ValueError(f"{self.name}: target {target!r} is not one of {', '.join(TARGETS)}")
        self.windows = (windows,) if isinstance(windows, str) else tuple(windows)
        if not self.windows or any(w not in WINDOWS for w in self.windows):
            raise ValueError(f"{self.name}: windows {list(self.windows)} must be among "
                             f"{', '.join(WINDOWS)}")
        chosen = [countries] if isinstance(countries, str) else countries
        if chosen is not None:
            # a folder of a country beyond the archive list is read; only downloads need the list
            unknown = [c for c in chosen if c.lower() not in FTW_MD5 and not any(
                self._has_in(base, c.lower()) for base in (Path(root), Path(root) / "ftw"))]
            if unknown or not chosen:
                raise ValueError(f"{self.name}: unknown countries {unknown}; choose among "
                                 f"{', '.join(FTW_MD5)} (or a country folder under {root})")
        elif download:
            raise ValueError(f"{self.name}: name the countries to download (countries=[...]; "
                             f"the release has {', '.join(FTW_MD5)})")
        self._chosen = None if chosen is None else [c.lower() for c in chosen]
        self.target = target
        super().__init__(root, split, bands, transforms, download, checksum)

    @staticmethod
    def _has_in(base: Path, country: str) -> bool:
        folder = base / country
        return (folder / "s2_images").is_dir() and any(
            (folder / f"chips_{country}{ext}").is_file() for ext in (".parquet", ".csv"))

    @property
    def base(self) -> Path:
        """The folder of the country folders: the root, or ``<root>/ftw`` (where the
        publisher's ``ftw data unpack`` puts them) when only that holds any."""
        nested = self.root / "ftw"
        if not self._found_in(self.root) and self._found_in(nested):
            return nested
        return self.root

    def _found_in(self, base: Path) -> list[str]:
        if not base.is_dir():
            return []
        return sorted(p.name for p in base.iterdir() if self._has_in(base, p.name))

    def _has(self, country: str) -> bool:
        return self._has_in(self.base, country)

    @property
    def countries(self) -> list[str]:
        """The chosen countries, or every country folder found (sorted by name)."""
        if self._chosen is not None:
            return self._chosen
        return self._found_in(self.base)

    def _exists(self) -> bool:
        return bool(self.countries) and all(self._has(c) for c in self.countries)

    def _prepare(self, download: bool, checksum: bool) -> None:
        """Extract or download each missing country's archive into ``<root>/<country>/``.

        With no ``countries`` named, every ``<country>.zip`` of the release lying in the root
        is extracted (the folders already there are read as they are).

        Raises:
            DatasetNotFoundError: a country is absent and ``download`` is False.
        """
        chosen = self._chosen
        if chosen is None:
            chosen = sorted(p.stem for p in self.root.glob("*.zip") if p.stem in FTW_MD5)
        for country in chosen:
            if self._has(country):
                continue
            if country not in FTW_MD5:
                raise DatasetNotFoundError(self.name, self.root)
            resource = Resource(url=f"{BASE_URL}/{country}.zip", filename=f"{country}.zip",
                                md5=FTW_MD5[country])
            if not download and not (self.root / resource.filename).is_file():
                raise DatasetNotFoundError(self.name, self.root)
            fetch([resource], self.root, checksum, extract_to=self.root / country)
        if not self._exists():
            raise DatasetNotFoundError(self.name, self.root)

    def _load(self) -> None:
        self.files: list[tuple[Path, str]] = []
        for country in self.countries:
            folder = self.base / country
            for aoi, split in read_chip_table(folder, country):
                if split != self.split:
                    continue
                needed = [folder / "s2_images" / w / f"{aoi}.tif" for w in self.windows]
                needed.append(folder / "label_masks" / self.target / f"{aoi}.tif")
                if all(p.is_file() for p in needed):
                    self.files.append((folder, aoi))

    def _empty_reason(self) -> str:
        return (f"no chip of chips_<country>.parquet is in the {self.split!r} split with its "
                f"{' and '.join(self.windows)} images and {self.target} mask in "
                f"{', '.join(self.countries)}")

    def __len__(self) -> int:
        return len(self.files)

    def __getitem__(self, index: int) -> Sample:
        folder, aoi = self.files[index]
        stack = []
        for window in self.windows:
            array, transform, crs = read_raster(folder / "s2_images" / window / f"{aoi}.tif",
                                                self.band_indices)
            stack.append(array)
        mask = read_mask(folder / "label_masks" / self.target / f"{aoi}.tif")
        image = np.concatenate(stack)
        return self._apply(seg_sample(image, mask, **geo_fields(transform, crs,
                                                                image.shape[-2:])))
