"""DeepGlobe 2018 Road Extraction: 0.5 m RGB images with binary road masks.

The challenge data is distributed on Kaggle (``archive.zip``, login required) with
``train/<id>_sat.jpg`` + ``train/<id>_mask.png`` (6,226 pairs), ``valid/<id>_sat.jpg`` (1,243)
and ``test/<id>_sat.jpg`` (1,101; the validation and test masks were never released), plus
``metadata.csv`` (``image_id,split,sat_image_path,mask_path``; split ``train``/``valid``/
``test``, paths relative to the CSV). Images are 1024x1024 JPEGs. Masks are white roads on
black; the publisher warns the PNG values are not pure 0/255 and says to binarise at 128.
"""

from __future__ import annotations

import csv
from pathlib import Path
from typing import ClassVar

from geoplug.core.download import Resource
from geoplug.core.errors import InvalidDataError
from geoplug.core.nongeo import NonGeoDataset, Sample
from geoplug.datasets._catalog import spec
from geoplug.datasets._catalog.segmentation_deepglobe_roads import DEEPGLOBE_ROADS_KAGGLE
from geoplug.datasets._chipio import read_image
from geoplug.datasets._seg_modern import locate, prepare_manual, read_mask, seg_sample

__all__ = ["DeepGlobeRoads"]

#: split -> its folder in the Kaggle archive (also the ``split`` value of metadata.csv)
FOLDERS = {"train": "train", "val": "valid", "test": "test"}
ARCHIVE = "archive.zip"
#: the publisher's instruction: mask values at or above this are road
THRESHOLD = 128


class DeepGlobeRoads(NonGeoDataset, spec=spec("deepglobe_roads")):
    """DeepGlobe road images of one split (masks public only for ``train``).

    Samples: ``image`` float32 ``[3,H,W]`` (R, G, B), ``mask`` int64 ``[H,W]`` (1 road,
    0 background; in val/test only where a mask file is present). The split's files come
    from ``metadata.csv`` when it is there (the publisher's index), else from the folder.

    Citation: Demir et al., "DeepGlobe 2018: A Challenge to Parse the Earth through Satellite
    Images", CVPR Workshops 2018.
    """

    resources: ClassVar[tuple[Resource, ...]] = (
        Resource(url=DEEPGLOBE_ROADS_KAGGLE, filename=ARCHIVE),)

    @property
    def base(self) -> Path:
        """The folder holding ``train/``, ``valid/``, ``test/`` (root or one level below)."""
        return locate(self.root, FOLDERS[self.split])

    def _exists(self) -> bool:
        return (self.base / FOLDERS[self.split]).is_dir()

    def _prepare(self, download: bool, checksum: bool) -> None:
        """Extract ``archive.zip`` when it is on disk; Kaggle cannot be fetched without login.

        Raises:
            DatasetNotFoundError: neither the split's folder nor the archive is there.
            InvalidDataError: the archive does not hold the split's folder.
        """
        prepare_manual(self, checksum, hint=(
            f"Kaggle requires a login: download it from {DEEPGLOBE_ROADS_KAGGLE} (or `kaggle "
            "datasets download balraj98/deepglobe-road-extraction-dataset`) and put "
            f"{ARCHIVE}, or its extracted train/ valid/ test/ folders and metadata.csv, in "
            f"{self.root}."))

    def _from_metadata(self, table: Path) -> list[tuple[Path, Path | None]]:
        """The split's (image, mask) pairs listed in ``metadata.csv``.

        Raises:
            InvalidDataError: the table lacks the publisher's columns or names a missing file.
        """
        base = table.parent
        pairs: list[tuple[Path, Path | None]] = []
        with open(table, newline="", encoding="utf-8") as f:
            reader = csv.DictReader(f)
            if not {"split", "sat_image_path"} <= set(reader.fieldnames or ()):
                raise InvalidDataError(f"{table} has columns {reader.fieldnames}, not the "
                                       "publisher's image_id,split,sat_image_path,mask_path")
            for row in reader:
                if row["split"].strip() != FOLDERS[self.split]:
                    continue
                image = base / row["sat_image_path"].strip()
                mask_name = (row.get("mask_path") or "").strip()
                mask = base / mask_name if mask_name else None
                for path in (image, mask):
                    if path is not None and not path.is_file():
                        raise InvalidDataError(f"{table} lists {path}, which is missing; "
                                               "extract the archive again")
                pairs.append((image, mask))
        return sorted(pairs)

    def _from_folder(self) -> list[tuple[Path, Path | None]]:
        """The split's ``<id>_sat.jpg`` files and their ``<id>_mask.png`` where present."""
        pairs: list[tuple[Path, Path | None]] = []
        for image in sorted((self.base / FOLDERS[self.split]).glob("*_sat.jpg")):
            mask = image.with_name(image.name.replace("_sat.jpg", "_mask.png"))
            if self.split == "train" and not mask.is_file():
                raise InvalidDataError(f"{image} has no mask {mask}; extract the archive again")
            pairs.append((image, mask if mask.is_file() else None))
        return pairs

    def _load(self) -> None:
        table = self.base / "metadata.csv"
        self.files = self._from_metadata(table) if table.is_file() else self._from_folder()

    def _empty_reason(self) -> str:
        return (f"{self.base / FOLDERS[self.split]} holds no <id>_sat.jpg image (or "
                "metadata.csv lists none); extract the archive again")

    def __len__(self) -> int:
        return len(self.files)

    def __getitem__(self, index: int) -> Sample:
        image_path, mask_path = self.files[index]
        image = read_image(image_path, "RGB")[self.band_indices]
        mask = None
        if mask_path is not None:
            mask = (read_mask(mask_path) >= THRESHOLD).astype("int64")
        return self._apply(seg_sample(image, mask))
