"""Cars Overhead With Context (COWC): counting and detection patch sets.

LLNL distributes each patch set as one ``.tbz`` archive per city
(``COWC_<Set>_<City>.tbz``, holding ``<City>/…/<patch>.png``) and two bzip2-compressed
lists, ``COWC_{train,test}_list_<suffix>.txt.bz2``, whose lines read ``<path> <label>``
with the path relative to the folder the archives were extracted into. Counting labels are
the number of cars in the patch; detection labels are 1 when a car is centred in it.
"""

from __future__ import annotations

import csv
from pathlib import Path, PurePosixPath
from typing import ClassVar

import numpy as np

from geoplug.core.download import Resource
from geoplug.core.errors import InvalidDataError
from geoplug.core.nongeo import NonGeoDataset, Sample
from geoplug.datasets._catalog import spec

__all__ = ["COWCCounting", "COWCDetection"]

_BASE_URL = "https://gdo152.llnl.gov/cowc/download/cowc/datasets/patch_sets/"
CITIES = ("Toronto_ISPRS", "Selwyn_LINZ", "Potsdam_ISPRS", "Vaihingen_ISPRS",
          "Columbus_CSUAV_AFRL", "Utah_AGRC")


def _resources(folder: str, prefix: str, suffix: str, md5s: dict[str, str]
               ) -> tuple[Resource, ...]:
    names: list[tuple[str, tuple[str, ...] | None]] = [
        (f"COWC_{split}_list_{suffix}.txt.bz2", (split,)) for split in ("train", "test")]
    names += [(f"COWC_{prefix}_{city}.tbz", None) for city in CITIES]
    return tuple(Resource(f"{_BASE_URL}{folder}/{name}", name, md5=md5s[name], splits=splits)
                 for name, splits in names)


class _COWC(NonGeoDataset):
    """Shared reader: the split list names each PNG patch and its label."""

    suffix: ClassVar[str] = ""

    @property
    def list_path(self) -> Path:
        """The extracted list of this split."""
        return self.root / f"COWC_{self.split}_list_{self.suffix}.txt"

    def _read_list(self) -> list[tuple[str, int]]:
        rows: list[tuple[str, int]] = []
        # The published lists start with a byte-order mark; fields are separated by spaces.
        with open(self.list_path, encoding="utf-8-sig", newline="") as f:
            for number, row in enumerate(csv.reader(f, delimiter=" "), start=1):
                fields = [field for field in row if field]
                if not fields:
                    continue
                try:
                    rows.append((fields[0], int(fields[1])))
                except (IndexError, ValueError) as exc:
                    raise InvalidDataError(
                        f"{self.name}: line {number} of {self.list_path} is not "
                        f"'<path> <label>': {' '.join(row)!r}"
                    ) from exc
        return rows

    def _exists(self) -> bool:
        if not self.list_path.is_file():
            return False
        folders = {PurePosixPath(path).parts[0] for path, _ in self._read_list()
                   if PurePosixPath(path).parts}
        return all((self.root / folder).is_dir() for folder in folders)

    def _load(self) -> None:
        self.samples = self._read_list()

    def __len__(self) -> int:
        return len(self.samples)

    def _label(self, value: int) -> object:
        import torch

        return torch.tensor(value, dtype=torch.int64)

    def __getitem__(self, index: int) -> Sample:
        import torch
        from PIL import Image, UnidentifiedImageError

        relative, value = self.samples[index]
        path = self.root / relative
        try:
            with Image.open(path) as img:
                array = np.asarray(img.convert("RGB"))
        except (OSError, UnidentifiedImageError) as exc:
            raise InvalidDataError(
                f"{self.name}: cannot read {path} listed in {self.list_path.name}: {exc}"
            ) from exc
        image = array.transpose(2, 0, 1)[self.band_indices].astype(np.float32)
        sample: Sample = {"image": torch.from_numpy(image), "label": self._label(value)}
        return self._apply(sample)


class COWCCounting(_COWC, spec=spec("cowc_counting")):
    """COWC counting patch set: RGB patches (15 cm) labelled with their number of cars.

    Samples are ``{"image": float32 [3, H, W], "label": float32 count}`` (a regression
    target; the "64_class" lists cap counts at 63 so they can also be used as classes).
    Splits: ``train``, ``test``.

    Citation: T. N. Mundhenk et al., "A Large Contextual Dataset for Classification, Detection
    and Counting of Cars with Deep Learning", ECCV 2016, doi:10.1007/978-3-319-46487-9_48.
    """

    suffix = "64_class"
    resources: ClassVar[tuple[Resource, ...]] = _resources("counting", "Counting", suffix, {
        "COWC_train_list_64_class.txt.bz2": "187543d20fa6d591b8da51136e8ef8fb",
        "COWC_test_list_64_class.txt.bz2": "930cfd6e160a7b36db03146282178807",
        "COWC_Counting_Toronto_ISPRS.tbz": "bc2613196dfa93e66d324ae43e7c1fdb",
        "COWC_Counting_Selwyn_LINZ.tbz": "ea842ae055f5c74d0d933d2194764545",
        "COWC_Counting_Potsdam_ISPRS.tbz": "19a77ab9932b722ef52b197d70e68ce7",
        "COWC_Counting_Vaihingen_ISPRS.tbz": "4009c1e420566390746f5b4db02afdb9",
        "COWC_Counting_Columbus_CSUAV_AFRL.tbz": "daf8033c4e8ceebbf2c3cac3fabb8b10",
        "COWC_Counting_Utah_AGRC.tbz": "777ec107ed2a3d54597a739ce74f95ad",
    })

    def _label(self, value: int) -> object:
        import torch

        return torch.tensor(float(value), dtype=torch.float32)


class COWCDetection(_COWC, spec=spec("cowc_detection")):
    """COWC detection patch set: RGB patches (15 cm) labelled 1 when a car is centred.

    The publisher frames detection as classifying patches, so samples are
    ``{"image": float32 [3, H, W], "label": int64 0 or 1}`` (classes "no car", "car").
    Splits: ``train``, ``test``.

    Citation: T. N. Mundhenk et al., "A Large Contextual Dataset for Classification, Detection
    and Counting of Cars with Deep Learning", ECCV 2016, doi:10.1007/978-3-319-46487-9_48.
    """

    suffix = "detection"
    resources: ClassVar[tuple[Resource, ...]] = _resources("detection", "Detection", suffix, {
        "COWC_train_list_detection.txt.bz2": "c954a5a3dac08c220b10cfbeec83893c",
        "COWC_test_list_detection.txt.bz2": "c6c2d0a78f12a2ad88b286b724a57c1a",
        "COWC_Detection_Toronto_ISPRS.tbz": "11af24f43b198b0f13c8e94814008a48",
        "COWC_Detection_Selwyn_LINZ.tbz": "22fd37a86961010f5d519a7da0e1fc72",
        "COWC_Detection_Potsdam_ISPRS.tbz": "bf053545cc1915d8b6597415b746fe48",
        "COWC_Detection_Vaihingen_ISPRS.tbz": "23945d5b22455450a938382ccc2a8b27",
        "COWC_Detection_Columbus_CSUAV_AFRL.tbz": "f40522dc97bea41b10117d4a5b946a6f",
        "COWC_Detection_Utah_AGRC.tbz": "195da7c9443a939a468c9f232fd86ee3",
    })
