"""TreeSatAI Benchmark Archive: multi-sensor, multi-label tree genus classification.

The publisher (Zenodo record 6780578) ships 20 ``aerial_60m_<species>.zip`` (extracted into
``aerial/60m/``), ``s1.zip`` and ``s2.zip`` (``s1/60m/``, ``s2/60m/``, also ``200m/``),
``labels.zip`` (``labels/TreeSatBA_v9_60m_multi_labels.json``: file name -> list of
``[genus, share]``) and the fixed split lists ``train_filenames.lst`` / ``test_filenames.lst``.
Patches of one name exist in each sensor folder: aerial CIR (IR, G, B, R; uint8, 304x304 px,
20 cm, EPSG:25832), Sentinel-1 (VV, VH, VV/VH; float32, 6x6 px, nodata -9999) and Sentinel-2
(12 bands, uint16, 6x6 px).
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import ClassVar

import numpy as np
import torch

from geoplug.core.archives import find_below
from geoplug.core.download import Resource, fetch
from geoplug.core.errors import DatasetNotFoundError, InvalidDataError
from geoplug.core.nongeo import Sample
from geoplug.datasets._catalog import spec
from geoplug.datasets._catalog.segmentation_multimodal import TREESATAI_BANDS
from geoplug.datasets._multimodal import MultiModalChipDataset
from geoplug.datasets._tiling import read_window

__all__ = ["TreeSatAI"]

_URL = "https://zenodo.org/records/6780578/files/"
_MD5 = {
    "aerial_60m_abies_alba.zip": "4298b1c9fbf6d0d85f7aa208ff5fe0c9",
    "aerial_60m_acer_pseudoplatanus.zip": "7c31d7ddea841f6509deece8f984a79e",
    "aerial_60m_alnus_spec.zip": "34ea107f43c6172c6d2652dbf26306af",
    "aerial_60m_betula_spec.zip": "69de9373739a027692a823846434fa0c",
    "aerial_60m_cleared.zip": "8dffbb2f6aad17ef83721cffa5b52d96",
    "aerial_60m_fagus_sylvatica.zip": "77b277e69e90bfbd3c5fd15a73d228fe",
    "aerial_60m_fraxinus_excelsior.zip": "9a88a8e6821f8a54ded950de9238831f",
    "aerial_60m_larix_decidua.zip": "aa0bc5b091b099018a078536ef429031",
    "aerial_60m_larix_kaempferi.zip": "429df073f69f8bbf60aef765e1c925ba",
    "aerial_60m_picea_abies.zip": "edb9b1bc9a5a7b405f4cbb0d71cedf54",
    "aerial_60m_pinus_nigra.zip": "96bf1798ef82f712ea46c2963ddb7083",
    "aerial_60m_pinus_strobus.zip": "0ff818c6d31f59b8488880e49b300c7a",
    "aerial_60m_pinus_sylvestris.zip": "298cbaac4d9f07a204e1e74e8446798d",
    "aerial_60m_populus_spec.zip": "46fcff76b119cc24f3caf938a0bb433a",
    "aerial_60m_prunus_spec.zip": "fb1c570d3ea925a049630224ccb354bc",
    "aerial_60m_pseudotsuga_menziesii.zip": "2d05511ceabf4037b869eca928f3c04e",
    "aerial_60m_quercus_petraea.zip": "31f573fb0419b2b453ed7da1c4d2a298",
    "aerial_60m_quercus_robur.zip": "bcd90506509de26692c043f4c8d73af0",
    "aerial_60m_quercus_rubra.zip": "71d8495725ed1b4f27d9e382409fcc5e",
    "aerial_60m_tilia_spec.zip": "f81558c9c7189ac8a257d041ee43c1c9",
    "labels.zip": "656f1b68ec9ab70afd02bb127b75bb24",
    "s1.zip": "bed4fc8cb65da46a24ec1bc6cea2763c",
    "s2.zip": "453ba69056aa33a3c6b97afb7b6afadb",
    "test_filenames.lst": "2166903d947f0025f61e342da466f917",
    "train_filenames.lst": "a1a0148e8120b0268f76d2e98a68436f",
}
LABELS = "labels/TreeSatBA_v9_60m_multi_labels.json"


class TreeSatAI(MultiModalChipDataset, spec=spec("treesatai")):
    """TreeSatAI 60 m patches: ``image_aerial`` ``[4,304,304]``, ``image_s1`` ``[3,6,6]``,
    ``image_s2`` ``[12,6,6]`` (float32, chosen with ``modalities``/``bands``).

    ``label`` int64 multi-hot ``[15]`` of the genera present and ``label_share`` float32
    ``[15]``, each genus's share of the patch as published. Splits: ``train``, ``test``.
    """

    modality_bands: ClassVar[dict[str, tuple[str, ...]]] = TREESATAI_BANDS
    resources: ClassVar[tuple[Resource, ...]] = tuple(
        Resource(url=_URL + name, filename=name, md5=md5, extract=name.endswith(".zip"),
                 splits=(name.split("_")[0],) if name.endswith(".lst") else None)
        for name, md5 in _MD5.items())


    def _needed(self) -> list[Resource]:
        needed = super()._needed()
        if "aerial" not in self.modalities:
            needed = [r for r in needed if not r.filename.startswith("aerial_")]
        return [r for r in needed if not r.filename.startswith(("s1.", "s2."))
                or r.filename[:2] in self.modalities]

    def _exists(self) -> bool:
        return (self.root / f"{self.split}_filenames.lst").is_file() and (
            self.root / LABELS).is_file() and all(
            (self.root / m / "60m").is_dir() for m in self.modalities)

    def _prepare(self, download: bool, checksum: bool) -> None:
        """Fetch and extract the files; the aerial zips go to ``aerial/60m/``.

        Raises:
            DatasetNotFoundError: files absent and ``download`` is False.
            ChecksumError: ``checksum`` is True and a file does not match.
            InvalidDataError: a folder is still missing after extraction.
        """
        if self._exists():
            return
        needed = self._needed()
        if not download and any(not (self.root / r.filename).is_file() for r in needed):
            raise DatasetNotFoundError(self.name, self.root)
        aerial = [r for r in needed if r.filename.startswith("aerial_")]
        fetch([r for r in needed if r not in aerial], self.root, checksum)
        fetch(aerial, self.root, checksum, extract_to=self.root / "aerial" / "60m")
        if not self._exists():
            raise InvalidDataError(f"{self.name}: {self.root} still lacks the split list, "
                                   f"{LABELS} or a <sensor>/60m folder after extraction; "
                                   "delete the archives and download again")

    def _load(self) -> None:
        names = (self.root / f"{self.split}_filenames.lst").read_text().split()
        labels = json.loads((self.root / LABELS).read_text(encoding="utf-8"))
        unlabelled = [n for n in names if n not in labels]
        if unlabelled:
            raise InvalidDataError(f"{self.name}: {unlabelled[0]} (and {len(unlabelled) - 1} "
                                   f"more) of {self.split}_filenames.lst has no entry in "
                                   f"{LABELS}; the label file is of another release")
        self.files = names
        self.labels = labels
        # aerial patches may sit in species sub-folders, depending on how a zip was unpacked
        self.aerial = {p.name: p for p in find_below(self.root / "aerial" / "60m", "*.tif")} \
            if "aerial" in self.modalities else {}

    def __len__(self) -> int:
        return len(self.files)

    def _path(self, modality: str, name: str) -> Path:
        if modality == "aerial":
            return self.aerial.get(name, self.root / "aerial" / "60m" / name)
        return self.root / modality / "60m" / name

    def _read_modality(self, index: int, modality: str, indices: list[int]) -> np.ndarray:
        array, _ = read_window(self._path(modality, self.files[index]), None,
                               [i + 1 for i in indices])
        return array

    def _targets(self, index: int, sample: Sample) -> Sample:
        share = np.zeros(len(self.classes), dtype=np.float32)
        for genus, value in self.labels[self.files[index]]:
            if genus not in self.classes:
                raise InvalidDataError(f"{self.name}: unknown genus {genus!r} for "
                                       f"{self.files[index]} in {LABELS}")
            share[self.classes.index(genus)] += float(value)
        return {"label": torch.from_numpy((share > 0).astype(np.int64)),
                "label_share": torch.from_numpy(share)}
