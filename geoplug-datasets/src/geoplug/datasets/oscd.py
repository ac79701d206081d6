"""OSCD: the Onera Satellite Change Detection dataset (Daudt et al., IGARSS 2018).

24 cities, each a pair of Sentinel-2 L1C acquisitions (13 bands, resampled to 10 m) with a
pixel-wise urban-change mask. Layout of the three published zips:

- ``Onera Satellite Change Detection dataset - Images/<city>/imgs_{1,2}_rect/B01.tif … B12.tif,
  B8A.tif`` (plus ``dates.txt``, and ``train.txt``/``test.txt`` listing the cities of each split)
- ``Onera Satellite Change Detection dataset - {Train,Test} Labels/<city>/cm/cm.png``
  (0 = no change, 255 = change; ``cm/<city>-cm.tif`` holds the same as 1 / 2)

Cities differ in size, so samples are whole cities of varying H, W.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any, ClassVar

import numpy as np

from geoplug.core.download import Resource
from geoplug.core.errors import InvalidDataError
from geoplug.core.nongeo import NonGeoDataset, Sample
from geoplug.datasets._catalog import spec
from geoplug.datasets._chipio import read_image, read_raster

__all__ = ["OSCD"]

_PREFIX = "Onera Satellite Change Detection dataset - "
_HF = "https://huggingface.co/datasets/hkristen/oscd/resolve/main/"


def _url(filename: str) -> str:
    return _HF + filename.replace(" ", "%20")


class OSCD(NonGeoDataset, spec=spec("oscd")):
    """OSCD change detection: ``image`` [2, C, H, W] (before, after), ``mask`` [H, W]."""

    resources: ClassVar[tuple[Resource, ...]] = (
        Resource(url=_url(f"{_PREFIX}Images.zip"), filename=f"{_PREFIX}Images.zip",
                 md5="c50d4a2941da64e03a47ac4dec63d915"),
        Resource(url=_url(f"{_PREFIX}Train Labels.zip"), filename=f"{_PREFIX}Train Labels.zip",
                 md5="4d2965af8170c705ebad3d6ee71b6990", splits=("train",)),
        Resource(url=_url(f"{_PREFIX}Test Labels.zip"), filename=f"{_PREFIX}Test Labels.zip",
                 md5="8177d437793c522653c442aa4e66c617", splits=("test",)),
    )

    @property
    def images_dir(self) -> Path:
        return self.root / f"{_PREFIX}Images"

    @property
    def labels_dir(self) -> Path:
        return self.root / f"{_PREFIX}{self.split.capitalize()} Labels"

    def _exists(self) -> bool:
        return self.images_dir.is_dir() and self.labels_dir.is_dir()

    def _cities(self) -> list[str]:
        """Cities of the split: the published ``<split>.txt`` list, else the label folders."""
        listing = self.images_dir / f"{self.split}.txt"
        if listing.is_file():
            names = listing.read_text().replace("\n", ",").split(",")
            return sorted(n.strip() for n in names if n.strip())
        return sorted(p.name for p in self.labels_dir.iterdir() if (p / "cm").is_dir())

    def _load(self) -> None:
        self.files: list[dict[str, Any]] = []
        for city in self._cities():
            mask = self.labels_dir / city / "cm" / "cm.png"
            dates = [self.images_dir / city / f"imgs_{i}_rect" for i in (1, 2)]
            missing = [p for p in (mask, *dates) if not p.exists()]
            if missing:
                raise InvalidDataError(
                    f"{self.name}: city {city!r} lacks {', '.join(map(str, missing))}; extract "
                    "the Images and Labels zips of this split again"
                )
            self.files.append({"city": city, "dates": dates, "mask": mask})

    def __len__(self) -> int:
        return len(self.files)

    def _read_date(self, folder: Path) -> np.ndarray:
        bands = [read_raster(folder / f"{self.all_bands[i]}.tif", [0])[0][0]
                 for i in self.band_indices]
        return np.stack(bands)

    def __getitem__(self, index: int) -> Sample:
        import torch

        item = self.files[index]
        before, after = (self._read_date(d) for d in item["dates"])
        mask = (read_image(item["mask"], "L") > 0).astype(np.int64)
        # the two acquisitions can differ by a pixel row/column at the edge: crop to the mask
        h, w = mask.shape
        if before.shape[1:] != (h, w) or after.shape[1:] != (h, w):
            h = min(h, before.shape[1], after.shape[1])
            w = min(w, before.shape[2], after.shape[2])
            before, after, mask = before[:, :h, :w], after[:, :h, :w], mask[:h, :w]
        pair = np.stack([before, after]).astype(np.float32)
        return self._apply({"image": torch.from_numpy(pair), "mask": torch.from_numpy(mask)})
