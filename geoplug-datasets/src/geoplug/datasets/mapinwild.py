"""MapInWild: wilderness (protected area) mapping from multi-modal, multi-season imagery.

The publisher (Hugging Face ``burakekim/mapinwild``, also Harvard Dataverse) ships one zip
per modality, large ones in two parts, and the split table::

    esa_wc/ESA_WC.zip -> ESA_WC/<id>.tif         viirs/VIIRS.zip -> VIIRS/<id>.tif
    mask/mask.zip     -> mask/<id>.tif           s1/s1_part{1,2}.zip -> s1_part{1,2}/<id>.tif
    s2_<season>/s2_<season>_part{1,2}.zip -> s2_<season>_part{1,2}/<id>.tif
    split_IDs/split_IDs.csv                      columns train, validation, test (ids)

with seasons ``summer``, ``autumn``, ``spring``, ``winter`` and ``temporal_subset`` (one
chosen date per area). Each area is 1920x1920 px: Sentinel-1 VV, VH; Sentinel-2 B2-B8A, B11,
B12 (10 bands); ESA WorldCover codes; VIIRS night-time radiance; the mask is non-zero inside
a protected area. Parts are read where they were extracted (no merging), and merged
``s1/``-style folders are found too.
"""

from __future__ import annotations

import csv
import dataclasses
import math
from pathlib import Path
from typing import ClassVar

import numpy as np
import torch

from geoplug.core.download import Resource
from geoplug.core.errors import InvalidDataError
from geoplug.core.nongeo import Sample
from geoplug.datasets._catalog import spec
from geoplug.datasets._catalog.segmentation_multimodal import MAPINWILD_S2, MAPINWILD_SEASONS
from geoplug.datasets._multimodal import MultiModalChipDataset
from geoplug.datasets._tiling import read_window

__all__ = ["MapInWild"]

_URL = ("https://hf.co/datasets/burakekim/mapinwild/resolve/"
        "d963778e31e7e0ed2329c0f4cbe493be532f0e71/")
#: file -> sha256, as published
_SHA256 = {
    "ESA_WC.zip": "2705d4b37d6fef5941fe28c3e0897218972374bc821df30d16fe8c149dd65c21",
    "VIIRS.zip": "9e629ca6c7be148bffbbb7468b0b2df541c8da7f629c5bfe4b32bc3f781b45f1",
    "mask.zip": "0d41675fa4b90c2f6400a802e3e0c15a6c2035c7530e3e183bfc9336c5acf458",
    "s1_part1.zip": "304287a8356d03cb4a30e2c26d569aa1e1b69a00539f977f701955c17b72a4d1",
    "s1_part2.zip": "cc00d739ed8580ca1f3865b9eb7938b2f48ee0d2f7db39b1590902157818e889",
    "s2_temporal_subset_part1.zip":
        "d2e1e1d9c821e90a8df3371502c3fa555dd131b6261e9843077f08fa96c418b3",
    "s2_temporal_subset_part2.zip":
        "61f48e485bc3f2c5e4a8cf681a681470979723242e9cd46468994d0637627af4",
    "s2_autumn_part1.zip": "119598477923e8c3a71ece56c3e0d85438574c7b70a9c892ede6d9b1e7e89dd8",
    "s2_autumn_part2.zip": "31cf7d1d033250b41e7db23b69ceb5f41481c2d10499707eb52c3decb15a2f74",
    "s2_spring_part1.zip": "00f5fe8e7cfa982b166d1d83ef5e2d16ae4d89ff60046296193c3e5cbd5227fb",
    "s2_spring_part2.zip": "1f2fe86dd908d8c4b41a6478855cba27a9b0ddf46b97d7cf18d239c3be49f2f2",
    "s2_summer_part1.zip": "dfb757efbcc5791c6aaaa1e7b62de3f7bbf51f651b4c9ae94f4d84b771ac65aa",
    "s2_summer_part2.zip": "7241882579d5be88364e1ed2bc9fca427a1aef4192c39b037d45af88972d0e06",
    "s2_winter_part1.zip": "8876d54eddfe708325d94c5efd89278fcc4ad78b7b992bb73f6a9084d0a9a93a",
    "s2_winter_part2.zip": "725ff6d7b2b1ff6bfe7c3e41ccb64e1b878a4d8ba6f5baf224d70978b1696396",
    "split_IDs.csv": "c8b2c5f343fc592b9c50e5be6a24ffa06970313a92a20e16c7114ffc70fcb0fe",
}
#: modality (and the mask) -> (remote folder, archives)
_ARCHIVES: dict[str, tuple[str, tuple[str, ...]]] = {
    "s1": ("s1", ("s1_part1.zip", "s1_part2.zip")),
    **{s: (s, (f"{s}_part1.zip", f"{s}_part2.zip")) for s in MAPINWILD_SEASONS},
    "esa_wc": ("esa_wc", ("ESA_WC.zip",)),
    "viirs": ("viirs", ("VIIRS.zip",)),
    "mask": ("mask", ("mask.zip",)),
}
_FOLDERS = {"esa_wc": ("ESA_WC", "esa_wc"), "viirs": ("VIIRS", "viirs"), "mask": ("mask",)}
#: file -> the folder of the publisher's repository that holds it (a copy of that tree works)
_REMOTE = {name: folder for folder, names in _ARCHIVES.values() for name in names}
_REMOTE["split_IDs.csv"] = "split_IDs"


def _folders(modality: str) -> tuple[str, ...]:
    """Folders that may hold a modality's files (as extracted, or merged)."""
    if modality in _FOLDERS:
        return _FOLDERS[modality]
    return (modality, f"{modality}_part1", f"{modality}_part2", modality.upper())


class MapInWild(MultiModalChipDataset, spec=spec("mapinwild")):
    """MapInWild areas: one ``image_<modality>`` per chosen modality, ``mask`` int64 ``[H,W]``
    (1 inside a protected area) and the area's ``crs``/``bounds``.

    Modalities: ``s1`` (VV, VH), ``s2_summer``, ``s2_autumn``, ``s2_spring``, ``s2_winter``,
    ``s2_temporal_subset`` (10 bands each), ``esa_wc``, ``viirs``; default ``s1`` and
    ``s2_summer``. Only the archives of the chosen modalities are downloaded. Splits:
    ``train``, ``validation``, ``test`` (``split_IDs.csv``).
    """

    modality_bands: ClassVar[dict[str, tuple[str, ...]]] = {
        "s1": ("VV", "VH"), **{s: MAPINWILD_S2 for s in MAPINWILD_SEASONS},
        "esa_wc": ("ESA_WC",), "viirs": ("VIIRS",),
    }
    default_modalities: ClassVar[tuple[str, ...]] = ("s1", "s2_summer")
    resources: ClassVar[tuple[Resource, ...]] = (
        *(Resource(url=f"{_URL}{folder}/{name}", filename=name, sha256=_SHA256[name])
          for folder, names in _ARCHIVES.values() for name in names),
        Resource(url=f"{_URL}split_IDs/split_IDs.csv", filename="split_IDs.csv",
                 sha256=_SHA256["split_IDs.csv"], extract=False),
    )


    def _needed(self) -> list[Resource]:
        """The chosen modalities' archives and the split table, each where it is on disk:
        ``root/<file>`` or, in a copy of the publisher's repository, ``root/<folder>/<file>``
        (extracted into ``root`` all the same)."""
        names = {n for m in ("mask", *self.modalities) for n in _ARCHIVES[m][1]}
        needed = []
        for resource in self.resources:
            if resource.filename in names or not resource.extract:
                nested = f"{_REMOTE.get(resource.filename, '.')}/{resource.filename}"
                if not (self.root / resource.filename).is_file() and \
                        (self.root / nested).is_file():
                    resource = dataclasses.replace(resource, filename=nested)
                needed.append(resource)
        return needed

    def _split_table(self) -> Path:
        """``split_IDs.csv`` in the root, else in ``split_IDs/`` as the repository has it."""
        flat, nested = self.root / "split_IDs.csv", self.root / "split_IDs" / "split_IDs.csv"
        return nested if not flat.is_file() and nested.is_file() else flat

    def _exists(self) -> bool:
        # a folder is not enough: the repository's mask/ and s1/ hold only the zips
        return self._split_table().is_file() and all(
            any(any((self.root / f).glob("*.tif")) for f in _folders(m))
            for m in ("mask", *self.modalities))

    def _load(self) -> None:
        path = self._split_table()
        with open(path, newline="", encoding="utf-8") as f:
            rows = list(csv.DictReader(f))
        if rows and self.split not in rows[0]:
            raise InvalidDataError(f"{self.name}: {path} has no column {self.split!r}; "
                                   "download split_IDs.csv again")
        self.ids: list[int] = []
        for row in rows:
            value = (row.get(self.split) or "").strip()
            if value and not math.isnan(float(value)):
                self.ids.append(int(float(value)))

    def __len__(self) -> int:
        return len(self.ids)

    def _path(self, modality: str, area: int) -> Path:
        """The file of ``area`` in whichever of the modality's folders holds it.

        Raises:
            InvalidDataError: no folder of the modality holds it.
        """
        for folder in _folders(modality):
            path = self.root / folder / f"{area}.tif"
            if path.is_file():
                return path
        raise InvalidDataError(f"{self.name}: area {area} has no {modality} file "
                               f"({' or '.join(f'{f}/{area}.tif' for f in _folders(modality))})"
                               f" under {self.root}; extract {', '.join(_ARCHIVES[modality][1])}"
                               " again")

    def _read_modality(self, index: int, modality: str, indices: list[int]) -> np.ndarray:
        array, _ = read_window(self._path(modality, self.ids[index]), None,
                               [i + 1 for i in indices])
        return array

    def _targets(self, index: int, sample: Sample) -> Sample:
        mask, geo = read_window(self._path("mask", self.ids[index]), None, [1])
        return {"mask": torch.from_numpy((mask[0] != 0).astype(np.int64)), **geo}
