"""WorldStrat: 1.5 m SPOT 6/7 images paired with Sentinel-2 revisits, for super-resolution.

Layout of the Zenodo release (Cornebise et al. 2022, https://zenodo.org/records/15382551):
three archives and two tables beside them::

    hr_dataset.zip        -> hr_dataset/<AOI>/<AOI>_ps.tiff    (pansharpened R, G, B, NIR, 1.5 m)
                                             <AOI>_pan.tiff   (panchromatic, 1.5 m)
                                             <AOI>_rgbn.tiff  (native multispectral, 6 m)
                                             <AOI>_rgb.png    (8-bit R, G, B, NIR)
    lr_dataset_l1c.zip    -> lr_dataset/<AOI>/L1C/<AOI>-<n>-L1C_data.tiff  (13 bands)
    lr_dataset_l2a.zip    -> lr_dataset/<AOI>/L2A/<AOI>-<n>-L2A_data.tiff  (12 bands, no B10)
    metadata.csv                            (per AOI and revisit: lon, lat, dates, ...)
    stratified_train_val_test_split.csv     (columns include ``tile`` and ``split``)

``n`` counts the revisits from 1 (up to 16); they are stacked in that order, which the file
names do not give alphabetically (``-10-`` sorts before ``-2-``). The first release nested
the high-resolution folders one level deeper (``hr_dataset/12bit/<AOI>/``); both are read.
AOI names contain spaces (``Amnesty POI-1-1-1``).
"""

from __future__ import annotations

import csv
import os
import re
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any, ClassVar

import numpy as np

from geoplug.core.chipfiles import read_chip
from geoplug.core.download import Resource
from geoplug.core.errors import InvalidDataError
from geoplug.core.nongeo import NonGeoDataset, Sample, Transforms
from geoplug.datasets._catalog import spec
from geoplug.datasets._catalog.super_resolution_worldstrat import (
    WORLDSTRAT_L1C,
    WORLDSTRAT_L2A,
    WORLDSTRAT_MODALITIES,
)

if TYPE_CHECKING:  # pragma: no cover
    from matplotlib.figure import Figure

__all__ = ["WorldStrat"]

_RECORD = "https://zenodo.org/records/15382551/files"
#: file -> SHA-256 of the 2025 Zenodo record (as TorchGeo's WorldStrat lists them)
FILES: dict[str, str] = {
    "hr_dataset.zip": "7cf08ff4d9bd465f471da8d7f12a536eea78051d87d11fedc75079dc74326d54",
    "lr_dataset_l1c.zip": "a74ef88b04c0ce1b036510f3cd8a8533708d9c915fb5ecbab5869fded17625d3",
    "lr_dataset_l2a.zip": "0d35c199fd04618d94a5cc48dcb966d515566e0213fa57e07f8932aa1844f6e6",
    "metadata.csv": "36f72dc43290ff79b6722e2654e605a41f32f1a7feb7807f0dbcbc7286214bdb",
    "stratified_train_val_test_split.csv":
        "67a38f84fb122627bf8c89de6ca92004af22f30f001aa46fbe1da432c78a9a0b",
}
SPLIT_FILE = "stratified_train_val_test_split.csv"
#: modality -> the archive holding it
_ARCHIVE = {"hr_ps": "hr_dataset.zip", "hr_pan": "hr_dataset.zip", "hr_rgbn": "hr_dataset.zip",
            "lr_rgbn": "hr_dataset.zip", "l1c": "lr_dataset_l1c.zip",
            "l2a": "lr_dataset_l2a.zip"}
#: single-image modality -> file name suffix after ``<AOI>``
_HR_FILES = {"hr_ps": "_ps.tiff", "hr_pan": "_pan.tiff", "hr_rgbn": "_rgb.png",
             "lr_rgbn": "_rgbn.tiff"}
_LEVEL_BANDS = {"l1c": WORLDSTRAT_L1C, "l2a": WORLDSTRAT_L2A}


class WorldStrat(NonGeoDataset, spec=spec("worldstrat")):
    """Sentinel-2 revisits (low resolution) and the SPOT image of the same AOI (target).

    Samples hold ``image_<modality>`` float32 for each of ``modalities`` (default ``("l2a",
    "hr_ps")``, the benchmark's input and target): ``image_l1c`` / ``image_l2a`` ``[T,C,H,W]``
    (the revisits in order of ``n``; ``bands`` picks the Sentinel-2 bands, default the 12 of
    L2A, or the 13 of L1C when ``l2a`` is not among ``modalities``), ``image_hr_ps``
    ``[4,H,W]``, ``image_hr_pan`` ``[1,H,W]``, ``image_hr_rgbn`` ``[4,H,W]`` (every channel the
    PNG stores: R, G, B and NIR as alpha) and ``image_lr_rgbn`` ``[4,H,W]``; plus ``tile`` (the
    AOI) and, from ``metadata.csv`` when it describes the AOI, ``lon``, ``lat``,
    ``lowres_dates`` and ``highres_date``. Image sizes vary between AOIs (batch with
    ``batch_size=1`` or crop in ``transforms``). ``revisits`` keeps the first ``revisits``.

    Citation: J. Cornebise, I. Oršolić, F. Kalaitzis, "Open High-Resolution Satellite
    Imagery: The WorldStrat Dataset -- With Application to Super-Resolution", NeurIPS 2022
    Datasets and Benchmarks, doi:10.5281/zenodo.6810792.
    """

    resources: ClassVar[tuple[Resource, ...]] = tuple(
        Resource(url=f"{_RECORD}/{name}?download=1", filename=name, sha256=sha256,
                 extract=name.endswith(".zip"))
        for name, sha256 in FILES.items())
    all_modalities: ClassVar[tuple[str, ...]] = tuple(WORLDSTRAT_MODALITIES)

    def __init__(
        self,
        root: str | os.PathLike[str] = "data",
        split: str = "train",
        bands: Sequence[str] | None = None,
        transforms: Transforms | None = None,
        download: bool = False,
        checksum: bool = False,
        modalities: Sequence[str] = ("l2a", "hr_ps"),
        revisits: int | None = None,
    ) -> None:
        """
        Args:
            modalities: any of ``hr_ps``, ``hr_pan``, ``hr_rgbn``, ``lr_rgbn``, ``l1c``,
                ``l2a``; only their archives are needed.
            revisits: keep the first ``revisits`` Sentinel-2 revisits (``None``: all).

        Raises:
            ValueError: unknown split, band or modality (B10 is a band of ``l1c`` only:
                it cannot be asked together with ``l2a``).
            DatasetNotFoundError: the tables or archives are absent and ``download`` is
                False.
            ChecksumError: ``checksum`` is True and a file does not match its SHA-256.
            InvalidDataError: an AOI of the split has no folder, or too few revisits.
        """
        unknown = [m for m in modalities if m not in self.all_modalities]
        if unknown or not modalities:
            raise ValueError(f"worldstrat: modalities {list(modalities)} must be among "
                             f"{', '.join(self.all_modalities)}")
        if revisits is not None and revisits < 1:
            raise ValueError(f"worldstrat: revisits must be at least 1, got {revisits}")
        self.modalities = tuple(modalities)
        self.revisits = revisits
        # L2A has no B10: the band choice is L1C's only when L2A is not read
        level = "l2a" if "l2a" in self.modalities or "l1c" not in self.modalities else "l1c"
        self.all_bands = _LEVEL_BANDS[level]  # type: ignore[misc]  # varies with modalities
        super().__init__(root, split, bands, transforms, download, checksum)

    # -- files ------------------------------------------------------------------------------
    def _needed(self) -> list[Resource]:
        archives = {_ARCHIVE[m] for m in self.modalities}
        return [r for r in self.resources if r.filename.endswith(".csv")
                or r.filename in archives]

    def _hr_root(self) -> Path:
        """``hr_dataset/`` (2025 record) or ``hr_dataset/12bit/`` (first release)."""
        nested = self.root / "hr_dataset" / "12bit"
        return nested if nested.is_dir() else self.root / "hr_dataset"

    def _folders(self, tile: str) -> list[Path]:
        folders = []
        if any(m in _HR_FILES for m in self.modalities):
            folders.append(self._hr_root() / tile)
        folders += [self.root / "lr_dataset" / tile / m.upper() for m in self.modalities
                    if m in _LEVEL_BANDS]
        return folders

    def _exists(self) -> bool:
        tiles = self._split_tiles() if (self.root / SPLIT_FILE).is_file() else []
        return bool(tiles) and all(f.is_dir() for f in self._folders(tiles[0]))

    def _split_tiles(self) -> list[str]:
        """The AOIs of this split, in the table's order.

        Raises:
            InvalidDataError: the table has no ``tile`` or ``split`` column.
        """
        path = self.root / SPLIT_FILE
        with open(path, newline="", encoding="utf-8") as f:
            rows = list(csv.DictReader(f))
        if rows and not {"tile", "split"} <= set(rows[0]):
            raise InvalidDataError(f"{self.name}: {path} has no 'tile' and 'split' columns "
                                   f"(it has {list(rows[0])}); download it again")
        return [r["tile"] for r in rows if r["split"] == self.split]

    def _load(self) -> None:
        self.tiles = self._split_tiles()
        missing = [str(f) for t in self.tiles for f in self._folders(t) if not f.is_dir()]
        if missing:
            archives = ", ".join(sorted({_ARCHIVE[m] for m in self.modalities}))
            raise InvalidDataError(
                f"{self.name}: {len(missing)} folder(s) of the {self.split!r} AOIs are "
                f"missing, e.g. {missing[0]}; extract {archives} again")
        self.metadata = self._read_metadata()

    def _read_metadata(self) -> dict[str, list[dict[str, str]]]:
        """``metadata.csv`` rows per AOI (the AOI is the ``tile`` column, else the first)."""
        path = self.root / "metadata.csv"
        table: dict[str, list[dict[str, str]]] = {}
        if not path.is_file():
            return table
        with open(path, newline="", encoding="utf-8") as f:
            reader = csv.DictReader(f)
            key = "tile" if reader.fieldnames and "tile" in reader.fieldnames else \
                (reader.fieldnames or [""])[0]
            for row in reader:
                table.setdefault(row[key], []).append(row)
        return table

    def __len__(self) -> int:
        return len(self.tiles)

    # -- samples ----------------------------------------------------------------------------
    def _revisit_files(self, tile: str, level: str) -> list[tuple[int, Path]]:
        """``(n, <AOI>-<n>-<LEVEL>_data.tiff)`` sorted by ``n`` (the first ``revisits``).

        Raises:
            InvalidDataError: no revisit, or fewer than ``revisits``.
        """
        folder = self.root / "lr_dataset" / tile / level.upper()
        pattern = re.compile(rf"^{re.escape(tile)}-(\d+)-{level.upper()}_data\.tiff?$")
        found = sorted((int(m.group(1)), folder / name) for name in os.listdir(folder)
                       if (m := pattern.match(name)))
        need = self.revisits or 1
        if len(found) < need:
            raise InvalidDataError(f"{self.name}: {folder} holds {len(found)} "
                                   f"{tile}-<n>-{level.upper()}_data.tiff file(s), fewer than "
                                   f"{need}; extract the archive again")
        return found[: self.revisits]

    def _read_level(self, tile: str, level: str) -> tuple[np.ndarray, list[int]]:
        """The revisits ``[T, C, H, W]`` of ``level`` and their numbers ``n``."""
        names = _LEVEL_BANDS[level]
        indices = [names.index(b) for b in self.bands]
        found = self._revisit_files(tile, level)
        return np.stack([read_chip(p, indices)[0] for _, p in found]), [n for n, _ in found]

    def _read_single(self, tile: str, modality: str) -> np.ndarray:
        path = self._hr_root() / tile / f"{tile}{_HR_FILES[modality]}"
        if not path.is_file():
            raise InvalidDataError(f"{self.name}: {path} is missing; extract hr_dataset.zip "
                                   "again")
        if modality != "hr_rgbn":
            return read_chip(path)[0]
        from PIL import Image  # every channel as stored (read_chip would drop an alpha)

        with Image.open(path) as img:
            array = np.asarray(img)
        return (array[None] if array.ndim == 2 else array.transpose(2, 0, 1)).copy()

    def _describe(self, tile: str, revisits: list[int] | None = None) -> dict[str, Any]:
        """lon, lat and dates from ``metadata.csv``: ``lowres_dates`` those of the revisits
        read (``revisits``: their numbers ``n``), one per step of the time axis; the table
        lists revisits that have no file too."""
        rows = self.metadata.get(tile, [])
        if not rows:
            return {}
        if "n" in rows[0]:
            by_n = {int(float(r["n"])): r for r in rows if r["n"]}
            order = revisits if revisits is not None else sorted(by_n)
            rows = [by_n[n] for n in order if n in by_n] or rows[:1]
        elif revisits is not None:
            rows = rows[:len(revisits)]
        out: dict[str, Any] = {}
        for key in ("lon", "lat"):
            if rows[0].get(key):
                out[key] = float(rows[0][key])
        if "lowres_date" in rows[0]:
            out["lowres_dates"] = [r["lowres_date"] for r in rows]
        if rows[0].get("highres_date"):
            out["highres_date"] = rows[0]["highres_date"]
        return out

    def __getitem__(self, index: int) -> Sample:
        import torch

        tile = self.tiles[index]
        sample: Sample = {"tile": tile}
        revisits: list[int] | None = None
        for modality in self.modalities:
            if modality in _LEVEL_BANDS:
                array, found = self._read_level(tile, modality)
                revisits = found if revisits is None else revisits
            else:
                array = self._read_single(tile, modality)
            sample[f"image_{modality}"] = torch.from_numpy(array.astype(np.float32))
        sample.update(self._describe(tile, revisits))
        return self._apply(sample)

    def plot(self, sample: Sample, show_titles: bool = True, suptitle: str | None = None
             ) -> Figure:
        """First revisit in true colour beside the high-resolution images (and prediction)."""
        from geoplug.core.plot import plot_panels, to_display

        panels: list[tuple[str, np.ndarray]] = []
        rgb = self.rgb_indices
        for modality in self.modalities:
            image = sample.get(f"image_{modality}")
            if image is None:
                continue
            if modality in _LEVEL_BANDS:
                panels.append((f"{modality.upper()} revisit 1", to_display(image[0], rgb)))
            else:
                panels.append((modality, to_display(image, [0, 1, 2] if image.shape[0] >= 3
                                                    else [0])))
        if "prediction" in sample:
            prediction = sample["prediction"]
            panels.append(("prediction", to_display(prediction, [0, 1, 2]
                                                    if prediction.shape[0] >= 3 else [0])))
        return plot_panels(panels, show_titles, suptitle)
