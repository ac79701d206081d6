"""DeepGlobe 2018 Land Cover Classification: 0.5 m RGB images with 7-class colour masks.

The challenge data is distributed on Kaggle (``archive.zip``, login required) with
``train/<id>_sat.jpg`` + ``train/<id>_mask.png`` (803 pairs), ``valid/<id>_sat.jpg`` (171) and
``test/<id>_sat.jpg`` (172; the validation and test masks were never released), plus
``class_dict.csv`` (``name,r,g,b``) and ``metadata.csv``. The challenge's own archives extract to
``land-train/``, ``land-valid/`` and ``land-test/`` with the same file names; both are read.
Mask colours are binarised at 128 (the publisher's instruction: the PNGs are not pure 0/255)
and mapped to the class index of ``class_dict.csv`` order: urban, agriculture, rangeland,
forest, water, barren, unknown.
"""

from __future__ import annotations

import csv
from pathlib import Path
from typing import ClassVar

from geoplug.core.download import Resource, fetch
from geoplug.core.errors import DatasetNotFoundError
from geoplug.core.nongeo import NonGeoDataset, Sample
from geoplug.datasets._catalog import spec
from geoplug.datasets._catalog.segmentation_modern import DEEPGLOBE_COLOURS
from geoplug.datasets._chipio import read_image
from geoplug.datasets._seg_modern import colours_to_index, locate, seg_sample

__all__ = ["DeepGlobeLandCover"]

KAGGLE = "https://www.kaggle.com/datasets/balraj98/deepglobe-land-cover-classification-dataset"
#: split -> its folder in the Kaggle archive, then in the challenge's archives
FOLDERS = {"train": ("train", "land-train"), "val": ("valid", "land-valid"),
           "test": ("test", "land-test")}
#: names the Kaggle download gets (browser, then the kaggle CLI)
ARCHIVES = ("archive.zip", "deepglobe-land-cover-classification-dataset.zip")


class DeepGlobeLandCover(NonGeoDataset, spec=spec("deepglobe_land_cover")):
    """DeepGlobe land cover images of one split (masks public only for ``train``).

    Samples: ``image`` float32 ``[3,H,W]`` (R, G, B), ``mask`` int64 ``[H,W]`` (class index;
    always in train, in val/test only where a ``<id>_mask.png`` is present).

    Citation: Demir et al., "DeepGlobe 2018: A Challenge to Parse the Earth through Satellite
    Images", CVPR Workshops 2018.
    """

    resources: ClassVar[tuple[Resource, ...]] = (Resource(url=KAGGLE, filename=ARCHIVES[0]),)

    @property
    def folder(self) -> Path:
        """The split's folder (``train``/``valid``/``test`` or ``land-*``)."""
        for name in FOLDERS[self.split]:
            base = locate(self.root, name)
            if (base / name).is_dir():
                return base / name
        return self.root / FOLDERS[self.split][0]

    def _exists(self) -> bool:
        return self.folder.is_dir()

    def _prepare(self, download: bool, checksum: bool) -> None:
        """Extract the Kaggle archive when it is on disk (it cannot be fetched without login).

        Raises:
            DatasetNotFoundError: neither the split's folder nor the archive is there.
            InvalidDataError: the archive does not hold the split's folder.
        """
        if self._exists():
            return
        archive = next((self.root / a for a in ARCHIVES if (self.root / a).is_file()), None)
        if archive is None:
            raise DatasetNotFoundError(
                self.name, self.root,
                hint=f"Kaggle requires a login: download it from {KAGGLE} (or `kaggle datasets "
                "download balraj98/deepglobe-land-cover-classification-dataset`) and put "
                f"{' or '.join(ARCHIVES)}, or its extracted train/ valid/ test/ folders, in "
                f"{self.root}.")
        fetch([Resource(url=KAGGLE, filename=archive.name)], self.root, checksum)
        if not self._exists():
            from geoplug.core.errors import InvalidDataError

            raise InvalidDataError(f"{self.name}: {archive} holds no "
                                   f"{' or '.join(FOLDERS[self.split])} folder; is it the "
                                   "DeepGlobe land cover archive?")

    def _colours(self) -> tuple[tuple[int, int, int], ...]:
        """Class colours from ``class_dict.csv`` when present (by class name), else the
        published table."""
        table = locate(self.root, "class_dict.csv") / "class_dict.csv"
        colours = list(DEEPGLOBE_COLOURS)
        if table.is_file():
            with open(table, newline="", encoding="utf-8") as f:
                for row in csv.DictReader(f):
                    name = (row.get("name") or "").strip()
                    if name in self.classes:
                        colours[self.classes.index(name)] = (int(row["r"]), int(row["g"]),
                                                             int(row["b"]))
        return tuple(colours)

    def _load(self) -> None:
        self.colours = self._colours()
        folder = self.folder
        self.files: list[tuple[Path, Path | None]] = []
        for image in sorted(folder.glob("*_sat.jpg")):
            mask = folder / image.name.replace("_sat.jpg", "_mask.png")
            labelled = self.split == "train" or mask.is_file()
            self.files.append((image, mask if labelled else None))

    def _empty_reason(self) -> str:
        return f"{self.folder} holds no <id>_sat.jpg image; extract the archive again"

    def __len__(self) -> int:
        return len(self.files)

    def __getitem__(self, index: int) -> Sample:
        image_path, mask_path = self.files[index]
        image = read_image(image_path, "RGB")[self.band_indices]
        mask = None
        if mask_path is not None:
            mask = colours_to_index(read_image(mask_path, "RGB"), self.colours, mask_path)
        return self._apply(seg_sample(image, mask))
