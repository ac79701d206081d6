"""SEN12MS: co-registered Sentinel-1, Sentinel-2 and MODIS land-cover patch triplets.

The publisher (TUM mediaTUM, m1474000) ships one archive per season and source,
``ROIs<id>_<season>_{s1,s2,lc}.tar.gz`` (seasons ``1158_spring``, ``1868_summer``,
``1970_fall``, ``2017_winter``). Each extracts to ``ROIs<id>_<season>/<source>_<scene>/`` holding
256x256 GeoTIFF patches ``ROIs<id>_<season>_<source>_<scene>_p<patch>.tif``:

* ``s1``: 2 bands VV, VH, float32 backscatter in dB;
* ``s2``: 13 bands B01...B12 with B8A, uint16 reflectance x 10000;
* ``lc``: 4 bands IGBP, LCCS land cover, LCCS land use, LCCS surface hydrology (uint16).

The official scene-wise split comes from the SEN12MS repository as ``train_list.txt`` and
``test_list.txt`` (one patch file name per line).
"""

from __future__ import annotations

from pathlib import Path
from typing import ClassVar

import numpy as np
import torch

from geoplug.core.download import Resource, fetch
from geoplug.core.errors import InvalidDataError
from geoplug.core.nongeo import NonGeoDataset, Sample
from geoplug.datasets._catalog import spec
from geoplug.datasets._catalog.segmentation import SEN12MS_S1, SEN12MS_S2
from geoplug.datasets._s1s2 import plan_stack, read_stack
from geoplug.datasets._tiling import read_window

__all__ = ["SEN12MS"]

SEASONS = ("ROIs1158_spring", "ROIs1868_summer", "ROIs1970_fall", "ROIs2017_winter")
S1_BANDS = SEN12MS_S1  # band order of the s1 files
S2_BANDS = SEN12MS_S2  # band order of the s2 files
_MD5 = {  # per archive, as published
    "ROIs1158_spring_lc": "6e2e8fa8b8cba77ddab49fd20ff5c37b",
    "ROIs1158_spring_s1": "fba019bb27a08c1db96b31f718c34d79",
    "ROIs1158_spring_s2": "d58af2c15a16f376eb3308dc9b685af2",
    "ROIs1868_summer_lc": "2c5bd80244440b6f9d54957c6b1f23d4",
    "ROIs1868_summer_s1": "01044b7f58d33570c6b57fec28a3d449",
    "ROIs1868_summer_s2": "4dbaf72ecb704a4794036fe691427ff3",
    "ROIs1970_fall_lc": "9b126a68b0e3af260071b3139cb57cee",
    "ROIs1970_fall_s1": "19132e0aab9d4d6862fd42e8e6760847",
    "ROIs1970_fall_s2": "b8f117818878da86b5f5e06400eb1866",
    "ROIs2017_winter_lc": "0fa0420ef7bcfe4387c7e6fe226dc728",
    "ROIs2017_winter_s1": "bb8cbfc16b95a4f054a3d5380e0130ed",
    "ROIs2017_winter_s2": "3807545661288dcca312c9c538537b63",
}
_SPLITS_URL = "https://raw.githubusercontent.com/schmitt-muc/SEN12MS/master/splits/"


class SEN12MS(NonGeoDataset, spec=spec("sen12ms")):
    """SEN12MS triplets: Sentinel-1 + Sentinel-2 image, MODIS IGBP land cover mask.

    Samples: ``image`` float32 ``[C,H,W]`` with the selected bands in the order asked (any
    mix of ``VV``, ``VH`` and the 13 Sentinel-2 bands; only the files needed are read),
    ``mask`` int64 ``[H,W]`` with the IGBP class code (1-17, index into :attr:`classes`), and
    the patch's ``crs``/``bounds``. Splits: ``train`` and ``test`` (official scene lists).

    Citation: Schmitt et al., ISPRS Annals IV-2/W7, 153-160, 2019.
    """

    resources: ClassVar[tuple[Resource, ...]] = (
        *(Resource(url=f"ftp://m1474000:m1474000@dataserv.ub.tum.de/{name}.tar.gz",
                   filename=f"{name}.tar.gz", md5=md5) for name, md5 in _MD5.items()),
        Resource(url=_SPLITS_URL + "train_list.txt", filename="train_list.txt",
                 md5="0a68d4e1eb24f128fccdb930000b2546", extract=False, splits=("train",)),
        Resource(url=_SPLITS_URL + "test_list.txt", filename="test_list.txt",
                 md5="c7faad064001e646445c4c634169484d", extract=False, splits=("test",)),
    )

    @property
    def base(self) -> Path:
        """The folder holding the season folders: the root, or a single folder below it that
        holds them (e.g. ``sen12ms/``, as some tools lay the dataset out)."""
        if not any((self.root / season).is_dir() for season in SEASONS) and self.root.is_dir():
            nested = sorted({p.parent for season in SEASONS
                             for p in self.root.glob(f"*/{season}") if p.is_dir()})
            if len(nested) == 1:
                return nested[0]
        return self.root

    def _list(self) -> Path:
        name = f"{self.split}_list.txt"
        return self.root / name if (self.root / name).is_file() else self.base / name

    def _exists(self) -> bool:
        return self._list().is_file() and any(
            (self.base / season).is_dir() for season in SEASONS)

    def _prepare(self, download: bool, checksum: bool) -> None:
        """Like the base, but once the archives are extracted (for the other split) only this
        split's list is fetched instead of extracting hundreds of GB again.

        Raises:
            DatasetNotFoundError: files absent and ``download`` is False.
            ChecksumError: ``checksum`` is True and a file does not match.
        """
        extracted = any((self.base / season).is_dir() for season in SEASONS)
        if download and extracted and not self._exists():
            fetch([r for r in self._needed() if not r.extract], self.root, checksum)
            return
        super()._prepare(download, checksum)

    def _load(self) -> None:
        self.ids = [line.strip() for line in self._list().read_text().splitlines()
                    if line.strip()]
        self._base = self.base
        self._plan = plan_stack(self.bands, {"s1": S1_BANDS, "s2": S2_BANDS})

    def path(self, patch_id: str, source: str) -> Path:
        """File of ``source`` (``s1``, ``s2``, ``lc``) for a list entry such as
        ``ROIs1158_spring_s2_1_p30.tif``.

        Raises:
            InvalidDataError: the entry is not a SEN12MS patch name.
        """
        parts = patch_id.split("_")
        if len(parts) != 5 or not parts[0].startswith("ROIs"):
            raise InvalidDataError(
                f"sen12ms: {patch_id!r} in {self._list()} is not a patch name like "
                "ROIs1158_spring_s2_1_p30.tif"
            )
        roi, season, _, scene, patch = parts
        return (self._base / f"{roi}_{season}" / f"{source}_{scene}"
                / f"{roi}_{season}_{source}_{scene}_{patch}")

    def __len__(self) -> int:
        return len(self.ids)

    def __getitem__(self, index: int) -> Sample:
        patch_id = self.ids[index]
        image, geo = read_stack(self._plan, {s: self.path(patch_id, s)
                                             for s in self._plan.sources})
        lc, lc_geo = read_window(self.path(patch_id, "lc"), None, [1])
        sample: Sample = {
            "image": torch.from_numpy(np.ascontiguousarray(image)),
            "mask": torch.from_numpy(lc[0].astype(np.int64)),
            **(geo or lc_geo),
        }
        return self._apply(sample)
