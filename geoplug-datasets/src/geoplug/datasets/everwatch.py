"""EverWatch: wading-bird boxes and species in drone images of Everglades colonies.

Zenodo record 11165946 publishes ``everwatch-benchmark.zip``, which unpacks into
``everwatch-benchmark/`` holding the image files and two tables, ``train.csv`` and
``test.csv``, with one row per bird: ``image_path`` (relative to that folder), ``xmin``,
``ymin``, ``xmax``, ``ymax`` (pixels) and ``label`` (the species name). A sample is one image
with all its rows, in the order images first appear in the table. Rows whose box has zero
width or height are dropped (they are points, not boxes).
"""

from __future__ import annotations

from pathlib import Path
from typing import ClassVar

import numpy as np

from geoplug.core.download import Resource
from geoplug.core.errors import InvalidDataError
from geoplug.core.nongeo import Sample
from geoplug.datasets._boxes import (
    BoxDataset,
    ClassIndex,
    number,
    read_csv_rows,
    read_rgb,
    sample_boxes,
)
from geoplug.datasets._catalog import spec

__all__ = ["EverWatch"]

_COLUMNS = ("image_path", "xmin", "ymin", "xmax", "ymax", "label")


class EverWatch(BoxDataset, spec=spec("everwatch")):
    """EverWatch: ``image`` float32 [3,H,W], ``bbox_xyxy`` [N,4], ``label`` [N] (species)."""

    folder = "everwatch-benchmark"
    resources: ClassVar[tuple[Resource, ...]] = (
        Resource("https://zenodo.org/records/11165946/files/everwatch-benchmark.zip?download=1",
                 "everwatch-benchmark.zip", md5="ab34b0873b659656e36a9b41648f98db"),
    )

    def _table(self) -> Path | None:
        for base in (self.root / self.folder, self.root):
            if (base / f"{self.split}.csv").is_file():
                return base / f"{self.split}.csv"
        return None

    def _exists(self) -> bool:
        return self._table() is not None

    def _load(self) -> None:
        table = self._table()
        assert table is not None
        self.table = table
        self.class_index = ClassIndex(self.classes, self.name)
        self.images: dict[str, list[dict[str, str]]] = {}
        for row in read_csv_rows(table, _COLUMNS):
            boxes = self.images.setdefault(row["image_path"], [])
            x0, y0, x1, y1 = (number(row, c, table) for c in _COLUMNS[1:5])
            if x1 > x0 and y1 > y0:
                boxes.append(row)
        self.paths = list(self.images)
        missing = [p for p in self.paths if not (table.parent / p).is_file()]
        if missing:
            raise InvalidDataError(
                f"{self.name}: {len(missing)} image(s) named in {table} are not in "
                f"{table.parent} (first: {missing[0]}); extract everwatch-benchmark.zip again")

    def __len__(self) -> int:
        return len(self.paths)

    def __getitem__(self, index: int) -> Sample:
        import torch

        name = self.paths[index]
        rows = self.images[name]
        boxes = np.asarray([[number(r, c, self.table) for c in _COLUMNS[1:5]] for r in rows],
                           np.float32)
        labels = self.class_index((r["label"] for r in rows), self.table)
        image = read_rgb(self.table.parent / name)[self.band_indices]
        sample: Sample = {"image": torch.from_numpy(image.astype(np.float32))}
        sample.update(sample_boxes(boxes, labels))
        return self._apply(sample)
