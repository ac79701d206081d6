"""DFC2020: the 2020 IEEE GRSS Data Fusion Contest patches with 10 m land cover labels.

The contest (Schmitt, Hughes, Ghamisi, Yokoya, Hänsch; IEEE DataPort, DOI 10.21227/rha7-m332)
released SEN12MS-style 256x256 patch quadruplets in two sets, ``validation`` (986 patches,
our split ``val``) and ``test`` (5,128, split ``test``), each as ``ROIs0000_<set>/`` holding
one folder per sensor, ``<sensor>_validation/`` in the validation set and ``<sensor>_0/`` in
the test set (``s1``, ``s2``, ``lc`` the MODIS IGBP labels, not read, and ``dfc``), of files
``ROIs0000_<set>_<sensor>_0_p<n>.tif`` (the organisers' ``dfc_sen12ms_dataset.py``):

* ``s1``: VV, VH backscatter in dB (float);
* ``s2``: 13 bands B01...B12 with B8A, uint16 reflectance x 10000;
* ``dfc``: one band, the label codes 1-10 (Forest ... Water, the simplified IGBP scheme) with
  0 for unlabelled pixels.

The first release on IEEE DataPort came as one zip per sensor and set (``s1_validation.zip``,
``s2_0.zip``, ``dfc_0.zip``, ...) whose folders are named ``<sensor>_validation`` or
``<sensor>_0``, with or without a wrapping folder, so files are found by their (stable) names
in any of those folders. DataPort needs a (free) login: the zips are put in ``root`` by hand
and extracted here; no checksum is published.
"""

from __future__ import annotations

import os
import re
from collections.abc import Sequence
from pathlib import Path
from typing import ClassVar

import numpy as np

from geoplug.core.download import Resource
from geoplug.core.errors import InvalidDataError
from geoplug.core.nongeo import NonGeoDataset, Sample, Transforms
from geoplug.datasets._catalog import spec
from geoplug.datasets._catalog.segmentation import SEN12MS_S1, SEN12MS_S2
from geoplug.datasets._catalog.segmentation_dfc2020 import DFC2020_CLASSES, DFC2020_SETS
from geoplug.datasets._s1s2 import StackPlan, plan_stack, read_stack
from geoplug.datasets._seg_modern import prepare_manual, seg_sample
from geoplug.datasets._tiling import read_window

__all__ = ["DFC2020"]

#: the contest page on IEEE DataPort (login needed to download)
PAGE = "https://ieee-dataport.org/competitions/2020-ieee-grss-data-fusion-contest"
#: DataPort zip suffix of each split (``s1_validation.zip``, ``s1_0.zip``)
_ZIP_SUFFIX = {"val": "validation", "test": "0"}
_NAME = re.compile(r"^ROIs0000_(?:validation|test)_(?:s1|s2|dfc)_([A-Za-z0-9]+)_p(\d+)\.tif$")
Key = tuple[str, int]  # (scene, patch number)


class DFC2020(NonGeoDataset, spec=spec("dfc2020")):
    """DFC2020 patches: Sentinel-1 + Sentinel-2 image, the contest's 10 m land cover mask.

    Samples: ``image`` float32 ``[C,256,256]`` with the selected bands in the order asked (any
    mix of ``VV``, ``VH`` and the 13 Sentinel-2 bands; only the files needed are read),
    ``mask`` int64 ``[256,256]`` with the label codes as stored (0 no label, the spec's
    ``ignore_index``; 1-10 index :attr:`classes`), and ``crs``/``bounds`` when the files are
    georeferenced. Patches are ordered by patch number. Splits: ``val`` (the publisher's
    ``validation`` set) and ``test``.

    Citation: Yokoya et al., "2020 IEEE GRSS Data Fusion Contest: Global Land Cover Mapping
    With Weak Supervision", IEEE GRSM 8(1), 2020; dataset DOI 10.21227/rha7-m332.
    """

    #: the DataPort zips, fetched by hand (the URL is the contest page); ``_needed`` keeps the
    #: sensors the band selection reads
    resources: ClassVar[tuple[Resource, ...]] = tuple(
        Resource(url=PAGE, filename=f"{sensor}_{suffix}.zip", splits=(split,))
        for split, suffix in _ZIP_SUFFIX.items() for sensor in ("s1", "s2", "dfc"))

    def __init__(
        self,
        root: str | os.PathLike[str] = "data",
        split: str = "val",
        bands: Sequence[str] | None = None,
        transforms: Transforms | None = None,
        download: bool = False,
        checksum: bool = False,
    ) -> None:
        """The default split is ``val``: the contest has no training set (train on SEN12MS).

        Raises:
            ValueError: unknown split or band.
            DatasetNotFoundError: neither the patches nor the DataPort zips are in ``root``
                (``download=True`` cannot help: DataPort needs a login).
            InvalidDataError: a label has no image file, or holds a code outside 0-10.
        """
        super().__init__(root, split, bands, transforms, download, checksum)

    # -- files --------------------------------------------------------------------------------
    @property
    def _plan(self) -> StackPlan:
        return plan_stack(self.bands, {"s1": SEN12MS_S1, "s2": SEN12MS_S2})

    def _prefix(self, sensor: str) -> str:
        return f"ROIs0000_{DFC2020_SETS[self.split]}_{sensor}_"

    def _folders(self, sensor: str) -> list[Path]:
        """Where ``sensor``'s files of the split may lie: the publisher's set folder (in
        ``root`` or one folder below), a DataPort zip's folder (with or without its wrapping
        folder), or ``root`` itself."""
        tag = DFC2020_SETS[self.split]
        patterns = (f"ROIs0000_{tag}/{sensor}_*", f"*/ROIs0000_{tag}/{sensor}_*",
                    f"{sensor}_*", f"{sensor}_*/{sensor}_*")
        found = [self.root] + [p for pattern in patterns
                               for p in sorted(self.root.glob(pattern)) if p.is_dir()]
        return list(dict.fromkeys(found))

    def _scan(self, sensor: str) -> dict[Key, Path]:
        """The split's ``sensor`` files by (scene, patch); the first folder found wins."""
        prefix = self._prefix(sensor)
        files: dict[Key, Path] = {}
        for folder in self._folders(sensor) if self.root.is_dir() else []:
            with os.scandir(folder) as entries:
                for entry in entries:
                    if entry.name.startswith(prefix) and (match := _NAME.match(entry.name)):
                        files.setdefault((match[1], int(match[2])), Path(entry.path))
        return files

    def _exists(self) -> bool:
        return all(self._scan(sensor) for sensor in ("dfc", *self._plan.sources))

    def _needed(self) -> list[Resource]:
        sensors = ("dfc", *self._plan.sources)
        return [r for r in super()._needed() if r.filename.split("_")[0] in sensors]

    def _not_found_hint(self) -> str:
        tag, zips = DFC2020_SETS[self.split], ", ".join(r.filename for r in self._needed())
        return (f"Looked for {self._prefix('dfc')}*_p*.tif and its s1/s2 files in "
                f"{self.root}/ROIs0000_{tag}/{{s1,s2,dfc}}_*/ (also one folder below, and in "
                f"folders <sensor>_*/ as the DataPort zips extract). DFC2020 is distributed on "
                f"IEEE DataPort after a free login: download {zips} from {PAGE} and put them "
                f"(or the extracted folders) in {self.root}.")

    def _prepare(self, download: bool, checksum: bool) -> None:
        """Extract the DataPort zips found in ``root``; never "download" the login page.

        Raises:
            DatasetNotFoundError: neither the patches nor the zips are there.
            InvalidDataError: the patches are still missing after extraction.
        """
        prepare_manual(self, checksum, hint=self._not_found_hint())

    def _load(self) -> None:
        """Index the split's labels and pair each with the image files the bands need.

        Raises:
            InvalidDataError: a label has no file of a sensor the bands need.
        """
        plan = self._plan
        self._labels = self._scan("dfc")
        self._images = {sensor: self._scan(sensor) for sensor in plan.sources}
        self._reads = plan
        self.keys = sorted(self._labels)
        for sensor, files in self._images.items():
            lonely = [key for key in self.keys if key not in files]
            if lonely:
                scene, number = lonely[0]
                raise InvalidDataError(
                    f"dfc2020: {len(lonely)} of the {len(self.keys)} {self.split!r} labels have "
                    f"no {sensor} file, e.g. {self._prefix(sensor)}{scene}_p{number}.tif for "
                    f"{self._labels[lonely[0]]}; the {sensor} files may be incomplete — "
                    "extract them again")

    def __len__(self) -> int:
        return len(self.keys)

    def _mask(self, path: Path) -> tuple[np.ndarray, dict]:
        """The label codes of ``path``, checked to be DFC codes (a MODIS ``lc_`` file holds
        IGBP codes up to 17 and would otherwise pass silently).

        Raises:
            InvalidDataError: a code is outside 0-10.
        """
        label, geo = read_window(path, None, [1])
        codes = label[0].astype(np.int64)
        bad = (codes < 0) | (codes >= len(DFC2020_CLASSES))
        if bad.any():
            row, col = (int(v[0]) for v in np.nonzero(bad))
            raise InvalidDataError(
                f"{path}: pixel (row {row}, col {col}) holds {codes[row, col]}, not a DFC2020 "
                "code 0-10; is this a MODIS lc_ file (IGBP 1-17) instead of the dfc_ label?")
        return codes, geo

    def __getitem__(self, index: int) -> Sample:
        key = self.keys[index]
        image, geo = read_stack(self._reads, {s: self._images[s][key] for s in self._images})
        mask, label_geo = self._mask(self._labels[key])
        return self._apply(seg_sample(image, mask, **(geo or label_geo)))
