"""MADOS: Marine Debris and Oil Spill, sparse 15-class segmentation of Sentinel-2 crops.

The publisher's Zenodo release (record 10664073) is ``MADOS.zip``, which extracts to
``MADOS/``: one folder per Sentinel-2 scene, holding per crop one GeoTIFF per band in the
folder of its native resolution, plus the split lists::

    Scene_<n>/10/Scene_<n>_L2R_rhorc_<wavelength>_<crop>.tif   492 559|560 665 833  (240x240)
    Scene_<n>/20/Scene_<n>_L2R_rhorc_<wavelength>_<crop>.tif   704 739|740 ...      (120x120)
    Scene_<n>/60/Scene_<n>_L2R_rhorc_<wavelength>_<crop>.tif   442|443              (40x40)
    Scene_<n>/10/Scene_<n>_L2R_cl_<crop>.tif     class codes 1-15, 0 not annotated
    Scene_<n>/10/Scene_<n>_L2R_{conf,rep}_<crop>.tif  (annotation confidence, report; unused)
    splits/{train,val,test}_X.txt                one crop per line, ``Scene_<n>_<crop>``

Bands are ACOLITE Rayleigh-corrected reflectance (rhorc), named by the centre wavelength of
the acquiring satellite (S2A and S2B differ slightly), so a crop's 11 band files are ordered
by wavelength, as the publisher's loader does. ``root`` may hold ``MADOS/`` or its content.
"""

from __future__ import annotations

import os
import re
from pathlib import Path
from typing import ClassVar

import numpy as np

from geoplug.core.download import Resource
from geoplug.core.errors import InvalidDataError
from geoplug.core.nongeo import NonGeoDataset, Sample
from geoplug.datasets._catalog import spec
from geoplug.datasets._catalog.segmentation_mados import (
    MADOS_IGNORE,
    MADOS_MEAN,
    MADOS_SPLITS,
)
from geoplug.datasets._seg_modern import locate, seg_sample
from geoplug.datasets._tiling import read_window

__all__ = ["IGNORE_INDEX", "MADOS"]

#: mask value of pixels without annotation (label code 0)
IGNORE_INDEX = MADOS_IGNORE
#: the resolution folders of a scene (metres)
RESOLUTIONS = ("10", "20", "60")
_BAND = re.compile(r"(Scene_\d+)_L2R_rhorc_(\d+)_(.+)\.tif")


class MADOS(NonGeoDataset, spec=spec("mados")):
    """MADOS crops of one of the publisher's split lists.

    Samples: ``image`` float32 ``[C,240,240]`` (selected of the 11 rhorc bands, B01-B12
    without B09/B10; 20 m and 60 m bands upsampled to the 10 m grid by pixel repetition, i.e.
    nearest; NaN filled with the band's mean from the spec, as the publisher's loader does),
    ``mask`` int64 ``[240,240]`` = label code - 1: classes 0-14 and :data:`IGNORE_INDEX` (-1)
    not annotated; ``id`` (``Scene_<n>_<crop>``); plus ``crs``/``bounds`` when the label file
    is georeferenced.

    Citation: Kikaki et al., "Detecting Marine Pollutants and Sea Surface Features with Deep
    Learning in Sentinel-2 Imagery", ISPRS J. Photogramm. Remote Sens. 210, 2024.
    """

    resources: ClassVar[tuple[Resource, ...]] = (
        Resource(url="https://zenodo.org/records/10664073/files/MADOS.zip?download=1",
                 filename="MADOS.zip", md5="1076b25d2797be3095d82a61105c7380"),
    )

    @property
    def base(self) -> Path:
        """The folder holding ``splits/`` and the scenes: ``root`` or e.g. ``root/MADOS``."""
        return locate(self.root, "splits")

    def _list(self) -> Path:
        return self.base / "splits" / MADOS_SPLITS[self.split]

    def _exists(self) -> bool:
        return self._list().is_file()

    def _scan(self, scene: str) -> dict[str, dict[int, Path]]:
        """crop -> wavelength -> band file, over the scene's resolution folders."""
        crops: dict[str, dict[int, Path]] = {}
        for res in RESOLUTIONS:
            folder = self.base / scene / res
            if not folder.is_dir():
                continue
            with os.scandir(folder) as entries:
                for entry in entries:
                    match = _BAND.fullmatch(entry.name)
                    if match:
                        crops.setdefault(match.group(3), {})[int(match.group(2))] = Path(
                            entry.path)
        return crops

    def _load(self) -> None:
        """Index the listed crops: their band files in wavelength order and their label.

        Raises:
            InvalidDataError: the list cannot be read, names no ``Scene_<n>_<crop>``, or a
                listed crop lacks its label or does not have exactly 11 band files.
        """
        path = self._list()
        try:
            names = path.read_text(encoding="utf-8").split()
        except OSError as exc:
            raise InvalidDataError(f"{self.name}: cannot read {path}: {exc}") from exc
        scans: dict[str, dict[str, dict[int, Path]]] = {}
        self.samples: list[tuple[str, list[Path], Path]] = []
        problems = []
        for name in names:
            scene, _, crop = name.rpartition("_")
            if not re.fullmatch(r"Scene_\d+", scene):
                raise InvalidDataError(f"{self.name}: {path} lists {name!r}, not "
                                       "'Scene_<n>_<crop>'; it is not the publisher's list")
            if scene not in scans:
                scans[scene] = self._scan(scene)
            bands = scans[scene].get(crop, {})
            label = self.base / scene / "10" / f"{scene}_L2R_cl_{crop}.tif"
            if len(bands) != len(self.all_bands):
                problems.append(f"{name} has {len(bands)} of {len(self.all_bands)} "
                                f"{scene}_L2R_rhorc_<wavelength>_{crop}.tif files under "
                                f"{self.base / scene}")
            elif not label.is_file():
                problems.append(f"{name} has no label {label}")
            else:
                self.samples.append((name, [bands[w] for w in sorted(bands)], label))
        if problems:
            raise InvalidDataError(
                f"{self.name}: {len(problems)} crop(s) listed in {path} are incomplete, e.g. "
                f"{'; '.join(problems[:3])}; extract MADOS.zip again")

    def _empty_reason(self) -> str:
        return f"{self._list()} lists no crop; extract MADOS.zip again"

    def __len__(self) -> int:
        return len(self.samples)

    def _band(self, path: Path, index: int, shape: tuple[int, int]) -> np.ndarray:
        """Band ``index`` (position in ``all_bands``) on the 10 m grid ``shape``.

        Raises:
            InvalidDataError: the band's size is not the grid's divided by a whole factor.
        """
        array = read_window(path, None, [1])[0][0].astype(np.float32)
        height, width = array.shape
        fy, fx = shape[0] // height, shape[1] // width
        if fy < 1 or fx < 1 or (height * fy, width * fx) != shape:
            raise InvalidDataError(
                f"{path} is {width}x{height} px, which does not divide the 10 m grid "
                f"{shape[1]}x{shape[0]} of its label; the files are not of one crop")
        if fy > 1 or fx > 1:
            array = np.repeat(np.repeat(array, fy, axis=0), fx, axis=1)
        return np.where(np.isnan(array), np.float32(MADOS_MEAN[index]), array)

    def __getitem__(self, index: int) -> Sample:
        name, bands, label = self.samples[index]
        codes, geo = read_window(label, None, [1])
        shape = (codes.shape[1], codes.shape[2])
        image = np.stack([self._band(bands[i], i, shape) for i in self.band_indices])
        mask = codes[0].astype(np.int64) - 1
        return self._apply(seg_sample(image, mask, id=name, **geo))
