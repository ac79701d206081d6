"""Forest Damages - Larch Casebearer: tree boxes and damage levels in Swedish drone images.

The Swedish Forest Agency's release on LILA BC is one zip, ``Data_Set_Larch_Casebearer.zip``::

    Data_Set_Larch_Casebearer/<area>_<yyyymmdd>/Images/B<batch>_<nnnn>.JPG
    Data_Set_Larch_Casebearer/<area>_<yyyymmdd>/Annotations/B<batch>_<nnnn>.xml

ten drone surveys (areas Bebehojd, Ekbacka, Jallasvag, Kampe, Nordkap, each flown twice) of
one batch each. The annotations are Pascal VOC: every ``<object>`` has a ``<bndbox>``, a
``<tree>`` species (Larch / Other) and, in batches 1-5, a ``<damage>`` level (H, LD, HD,
other). The label of a box is its damage level; a box without one is "other". An image is
paired with the annotation of the same stem in its survey folder; an image without one
(re-packagings count a few fewer annotated images than the 1,543) is not a sample. There is
no official split: "train" holds every image.
"""

from __future__ import annotations

from pathlib import Path
from typing import ClassVar

import numpy as np

from geoplug.core.download import Resource
from geoplug.core.nongeo import Sample
from geoplug.datasets._boxes import (
    BoxDataset,
    ClassIndex,
    parse_voc,
    read_rgb,
    sample_boxes,
)
from geoplug.datasets._catalog import spec

__all__ = ["ForestDamage"]

_FOLDER = "Data_Set_Larch_Casebearer"
_IMAGE_SUFFIXES = (".jpg", ".jpeg")


class ForestDamage(BoxDataset, spec=spec("forest_damage")):
    """Forest Damage: ``image`` float32 [3,H,W], ``bbox_xyxy`` float32 [N,4] (pixels) and
    ``label`` int64 [N] (0 other, 1 H healthy, 2 LD light damage, 3 HD high damage).

    ``root`` holds the zip, or its extracted ``Data_Set_Larch_Casebearer/`` folder, or the
    survey folders themselves. ``unannotated`` lists the images left out for want of an XML.
    """

    resources: ClassVar[tuple[Resource, ...]] = (
        Resource("https://storage.googleapis.com/public-datasets-lila/larch-casebearer/"
                 f"{_FOLDER}.zip", f"{_FOLDER}.zip", md5="907815bcc739bff89496fac8f8ce63d7"),
    )

    def _surveys(self) -> list[Path]:
        """The survey folders (those with an ``Images`` folder), under the zip's top folder
        or directly under ``root``."""
        for base in (self.root / _FOLDER, self.root):
            if base.is_dir():
                found = sorted(p for p in base.iterdir() if (p / "Images").is_dir())
                if found:
                    return found
        return []

    def _exists(self) -> bool:
        return bool(self._surveys())

    def _load(self) -> None:
        self.samples: list[tuple[Path, Path]] = []
        self.unannotated: list[Path] = []
        for survey in self._surveys():
            for image in sorted((survey / "Images").iterdir()):
                if image.suffix.lower() not in _IMAGE_SUFFIXES:
                    continue
                xml = survey / "Annotations" / f"{image.stem}.xml"
                if xml.is_file():
                    self.samples.append((image, xml))
                else:
                    self.unannotated.append(image)
        self.class_index = ClassIndex(self.classes, self.name)

    def _empty_reason(self) -> str:
        return (f"none of the {len(self.unannotated)} images has its annotation in the survey's "
                "Annotations/ folder; extract Data_Set_Larch_Casebearer.zip again")

    def __len__(self) -> int:
        return len(self.samples)

    def __getitem__(self, index: int) -> Sample:
        import torch

        image_path, xml = self.samples[index]
        found = parse_voc(xml, label_tag="damage", missing_label="other")
        image = read_rgb(image_path)[self.band_indices]
        sample: Sample = {"image": torch.from_numpy(image.astype(np.float32))}
        sample.update(sample_boxes(found.xyxy, self.class_index(found.names, xml)))
        return self._apply(sample)
