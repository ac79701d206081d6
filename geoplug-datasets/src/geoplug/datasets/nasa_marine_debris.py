"""NASA Marine Debris: floating-debris boxes in 256x256 PlanetScope chips (3 m).

Published on Source Cooperative (``nasa/marine-debris``, served from
``https://radiantearth.blob.core.windows.net/mlhub/nasa-marine-debris``) as loose files::

    source/<scene>_<tile>.tif    (3-band uint8 GeoTIFF; a .jpg copy beside it)
    labels/<scene>_<tile>.npy    (one row per box: xmin, ymin, xmax, ymax, class id 1)
    labels/<scene>_<tile>.geojson

Radiant MLHub's earlier archives (``nasa_marine_debris_source.tar.gz`` and
``nasa_marine_debris_labels.tar.gz``) unpack into one folder per chip,
``nasa_marine_debris_source/nasa_marine_debris_source_<chip>/image_geotiff.tif`` and
``nasa_marine_debris_labels/nasa_marine_debris_labels_<chip>/pixel_bounds.npy``; both layouts
are read. Chips pair by name; boxes of zero width or height (present in the labels) are
dropped. There is no official split: "train" holds every chip.
"""

from __future__ import annotations

from pathlib import Path
from typing import ClassVar

import numpy as np

from geoplug.core.download import Resource
from geoplug.core.errors import InvalidDataError
from geoplug.core.nongeo import Sample
from geoplug.datasets._boxes import BoxDataset, sample_boxes
from geoplug.datasets._catalog import spec
from geoplug.datasets._chipio import geo_fields, read_raster

__all__ = ["NASAMarineDebris"]

_URL = "https://radiantearth.blob.core.windows.net/mlhub/nasa-marine-debris"
_SRC, _LBL = "nasa_marine_debris_source", "nasa_marine_debris_labels"


class NASAMarineDebris(BoxDataset, spec=spec("nasa_marine_debris")):
    """NASA Marine Debris: ``image`` float32 [3,256,256], ``bbox_xyxy`` [N,4], ``label`` [N]
    (0 = marine debris), plus ``crs`` and ``bounds`` of the georeferenced chip."""

    manual_hint: ClassVar[str] = (
        "NASA Marine Debris is published as loose files on Source Cooperative "
        f"(https://source.coop/nasa/marine-debris); copy them with `azcopy sync {_URL} <root> "
        "--recursive=true` (source/ and labels/ folders), or extract MLHub's "
        f"{_SRC}.tar.gz and {_LBL}.tar.gz there.")
    resources: ClassVar[tuple[Resource, ...]] = (
        Resource(_URL, f"{_SRC}.tar.gz", md5="fe8698d1e68b3f24f0b86b04419a797d"),
        Resource(_URL, f"{_LBL}.tar.gz", md5="d8084f5a72778349e07ac90ec1e1d990"),
    )

    def _pairs(self) -> list[tuple[Path, Path]]:
        """(image, boxes) files of every chip present in either layout."""
        pairs: list[tuple[Path, Path]] = []
        source, labels = self.root / "source", self.root / "labels"
        if source.is_dir() and labels.is_dir():
            for tif in sorted(source.glob("*.tif")):
                npy = labels / f"{tif.stem}.npy"
                if npy.is_file():
                    pairs.append((tif, npy))
        source, labels = self.root / _SRC, self.root / _LBL
        if source.is_dir() and labels.is_dir():
            for folder in sorted(p for p in source.iterdir() if p.is_dir()):
                chip = folder.name.removeprefix(f"{_SRC}_")
                tif = folder / "image_geotiff.tif"
                npy = labels / f"{_LBL}_{chip}" / "pixel_bounds.npy"
                if tif.is_file() and npy.is_file():
                    pairs.append((tif, npy))
        return pairs

    def _exists(self) -> bool:
        return bool(self._pairs())

    def _load(self) -> None:
        self.pairs = self._pairs()

    def __len__(self) -> int:
        return len(self.pairs)

    def _boxes(self, path: Path) -> np.ndarray:
        """Pixel boxes ``[N, 4]`` of a label file, degenerate ones dropped.

        Raises:
            InvalidDataError: the file is not a NumPy array of rows of at least 4 numbers.
        """
        try:
            array = np.load(path, allow_pickle=False)
        except (OSError, ValueError) as exc:
            raise InvalidDataError(f"{self.name}: cannot read {path}: {exc}") from exc
        if array.size == 0:
            return np.zeros((0, 4), np.float32)
        if array.ndim == 1:
            array = array[None]
        if array.ndim != 2 or array.shape[1] < 4:
            raise InvalidDataError(f"{self.name}: {path} holds an array of shape "
                                   f"{list(array.shape)}; expected rows of xmin, ymin, xmax, "
                                   "ymax, class")
        boxes = array[:, :4].astype(np.float32)
        keep = (boxes[:, 2] > boxes[:, 0]) & (boxes[:, 3] > boxes[:, 1])
        return boxes[keep]

    def __getitem__(self, index: int) -> Sample:
        import torch

        tif, npy = self.pairs[index]
        image, transform, crs = read_raster(tif, self.band_indices)
        boxes = self._boxes(npy)
        sample: Sample = {"image": torch.from_numpy(image.astype(np.float32))}
        sample.update(sample_boxes(boxes, np.zeros(len(boxes), np.int64)))
        sample.update(geo_fields(transform, crs, (image.shape[1], image.shape[2])))
        return self._apply(sample)
