"""ReforesTree: tree crowns, species groups and biomass in drone images of Ecuadorian farms.

Zenodo record 6813783 publishes ``reforesTree.zip``, which holds::

    tiles/<site>/<site>_RGB_<...>.png     (4000x4000 RGB tiles, 2 cm)
    mapping/final_dataset.csv             (one row per tree crown)

The table's ``img_path`` names the tile (file name only), ``xmin, ymin, xmax, ymax`` the
crown box in tile pixels, ``group`` the species group and ``AGB`` the above-ground biomass
measured in the field. Some copies keep a top ``reforesTree/`` folder; both are read. There is
no official split: the one split, "train", holds every tile.
"""

from __future__ import annotations

from collections import defaultdict
from pathlib import Path
from typing import ClassVar

import numpy as np

from geoplug.core.archives import find_below
from geoplug.core.download import Resource
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

__all__ = ["ReforesTree"]

_COLUMNS = ("img_path", "xmin", "ymin", "xmax", "ymax", "group", "AGB")


class ReforesTree(BoxDataset, spec=spec("reforestree")):
    """ReforesTree: ``image`` float32 [3,H,W], ``bbox_xyxy`` [N,4], ``label`` [N] (species
    group) and ``agb`` float32 [N] (above-ground biomass of each crown, kg)."""

    resources: ClassVar[tuple[Resource, ...]] = (
        Resource("https://zenodo.org/records/6813783/files/reforesTree.zip?download=1",
                 "reforesTree.zip", md5="f6a4a1d8207aeaa5fbab7b21b683a302"),
    )

    def _base(self) -> Path | None:
        """The folder holding ``tiles/`` and ``mapping/final_dataset.csv``."""
        for base in (self.root, self.root / "reforesTree"):
            if (base / "tiles").is_dir() and (base / "mapping" / "final_dataset.csv").is_file():
                return base
        return None

    def _exists(self) -> bool:
        return self._base() is not None

    def _load(self) -> None:
        base = self._base()
        assert base is not None
        self.table = base / "mapping" / "final_dataset.csv"
        self.files = sorted(find_below(base / "tiles", "*.png"))
        self.rows: dict[str, list[dict[str, str]]] = defaultdict(list)
        for row in read_csv_rows(self.table, _COLUMNS):
            self.rows[Path(row["img_path"]).name].append(row)
        self.class_index = ClassIndex(self.classes, self.name)

    def _empty_reason(self) -> str:
        return "no .png tile was found under tiles/; extract reforesTree.zip again"

    def __len__(self) -> int:
        return len(self.files)

    def __getitem__(self, index: int) -> Sample:
        import torch

        path = self.files[index]
        rows = self.rows.get(path.name, [])
        boxes = np.asarray([[number(r, c, self.table) for c in _COLUMNS[1:5]] for r in rows],
                           np.float32)
        labels = self.class_index((r["group"] for r in rows), self.table)
        agb = np.asarray([number(r, "AGB", self.table) for r in rows], np.float32)
        image = read_rgb(path)[self.band_indices]
        sample: Sample = {"image": torch.from_numpy(image.astype(np.float32))}
        sample.update(sample_boxes(boxes, labels))
        sample["agb"] = torch.from_numpy(agb)
        return self._apply(sample)
