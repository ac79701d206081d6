"""S2-100K: SatCLIP's 100,000 Sentinel-2 patches, each with the lon/lat it was taken at.

Layout as the SatCLIP README distributes it (https://github.com/microsoft/satclip)::

    index.csv          https://satclip.z13.web.core.windows.net/satclip/index.csv
                       one row per patch: ``fn`` (file name), ``lon``, ``lat`` (and more)
    images/            satclip.tar, downloaded into and extracted in ``images/``
        patch_<i>.tif  12 Sentinel-2 L2A bands, 256 x 256 px, uint16 reflectance x 10,000

Whether the tar holds the patches at its top or under an ``images/`` folder of its own, both
``images/<fn>`` and ``images/images/<fn>`` are read. Some patches are almost all no-data
(SatCLIP's loader drops files under 10 kB); ``min_file_size`` does the same on request.
"""

from __future__ import annotations

import csv
import os
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, ClassVar

import numpy as np

from geoplug.core.chipfiles import read_chip
from geoplug.core.download import Resource, fetch
from geoplug.core.errors import DatasetNotFoundError, InvalidDataError
from geoplug.core.nongeo import NonGeoDataset, Sample, Transforms
from geoplug.datasets._catalog import spec

if TYPE_CHECKING:  # pragma: no cover
    from matplotlib.figure import Figure

__all__ = ["S2100K"]

_BASE = "https://satclip.z13.web.core.windows.net/satclip"
INDEX = "index.csv"
ARCHIVE = "satclip.tar"


class S2100K(NonGeoDataset, spec=spec("s2_100k")):
    """Sentinel-2 L2A patches and their location, for location-encoder pretraining.

    Samples: ``image`` float32 ``[C, 256, 256]`` (the selected ``bands``; raw reflectance
    x 10,000 as stored; scenes of processing baseline 04.00 and later, from 25 January 2022,
    may carry ESA's +1000 offset, which SatCLIP does not remove either) and ``point`` float32
    ``[2]``: (lon, lat) in degrees, in that order
    as SatCLIP's location encoders take it; ``filename`` is the patch's ``fn``. There is no
    official split (``train``: every row of ``index.csv``), and no checksum is published,
    so ``checksum`` has nothing to verify.

    Citation: K. Klemmer, E. Rolf, C. Robinson, L. Mackey, M. Rußwurm, "SatCLIP: Global,
    General-Purpose Location Embeddings with Satellite Imagery", arXiv:2311.17179, 2023.
    """

    resources: ClassVar[tuple[Resource, ...]] = (
        Resource(url=f"{_BASE}/{INDEX}", filename=INDEX, extract=False),
        Resource(url=f"{_BASE}/{ARCHIVE}", filename=ARCHIVE),
    )

    def __init__(
        self,
        root: str | os.PathLike[str] = "data",
        split: str = "train",
        bands: Sequence[str] | None = None,
        transforms: Transforms | None = None,
        download: bool = False,
        checksum: bool = False,
        min_file_size: int = 0,
    ) -> None:
        """
        Args:
            min_file_size: leave out patches whose file is smaller (bytes); SatCLIP uses
                10000 to drop near-empty patches.

        Raises:
            ValueError: unknown split or band.
            DatasetNotFoundError: ``index.csv`` or the patches are absent and ``download``
                is False.
            InvalidDataError: ``index.csv`` lacks ``fn``/``lon``/``lat``, or lists a patch
                that is not in ``images/``.
        """
        self.min_file_size = min_file_size
        super().__init__(root, split, bands, transforms, download, checksum)

    # -- files ------------------------------------------------------------------------------
    def _images(self) -> Path:
        """``images/`` or, when the tar kept its own top folder, ``images/images/``."""
        nested = self.root / "images" / "images"
        return nested if nested.is_dir() else self.root / "images"

    def _exists(self) -> bool:
        folder = self._images()
        return (self.root / INDEX).is_file() and folder.is_dir() and any(
            name.endswith(".tif") for name in os.listdir(folder))

    def _prepare(self, download: bool, checksum: bool) -> None:
        """Fetch ``index.csv`` into ``root`` and ``satclip.tar`` into ``root/images`` (where
        the README extracts it); a tar already in either place is extracted there.

        Raises:
            DatasetNotFoundError: a file is absent and ``download`` is False.
            OSError: a download failed.
            InvalidDataError: still no patch after extraction.
        """
        if self._exists():
            return
        index, archive = self.resources
        images = self.root / "images"
        if (self.root / ARCHIVE).is_file() and not (images / ARCHIVE).exists():
            images.mkdir(parents=True, exist_ok=True)
            os.replace(self.root / ARCHIVE, images / ARCHIVE)
        have = [(self.root / INDEX).is_file(), (images / ARCHIVE).is_file()]
        if not download and not all(have):
            raise DatasetNotFoundError(self.name, self.root, hint=(
                f"Pass download=True, or put {INDEX} in root and {ARCHIVE} in root/images "
                f"(from {_BASE}/)."))
        fetch([index], self.root, checksum)
        fetch([archive], images, checksum)
        if not self._exists():
            raise InvalidDataError(f"{self.name}: {images / ARCHIVE} holds no .tif patch; "
                                   "delete it and download again")

    def _load(self) -> None:
        path = self.root / INDEX
        with open(path, newline="", encoding="utf-8") as f:
            reader = csv.DictReader(f)
            missing = {"fn", "lon", "lat"} - set(reader.fieldnames or ())
            if missing:
                raise InvalidDataError(f"{self.name}: {path} has no column(s) "
                                       f"{sorted(missing)}; download it again")
            rows = list(reader)
        folder = self._images()
        self.files: list[Path] = []
        points: list[tuple[float, float]] = []
        absent = []
        for row in rows:
            file = folder / row["fn"]
            if not file.is_file():
                absent.append(row["fn"])
                continue
            if self.min_file_size and file.stat().st_size < self.min_file_size:
                continue
            self.files.append(file)
            points.append((float(row["lon"]), float(row["lat"])))
        if absent:
            raise InvalidDataError(f"{self.name}: {len(absent)} patch(es) listed in {path} "
                                   f"are not in {folder}, e.g. {absent[0]}; extract "
                                   f"{ARCHIVE} there again")
        self.points = np.array(points, dtype=np.float32).reshape(-1, 2)

    def _empty_reason(self) -> str:
        return (f"every patch listed in {self.root / INDEX} is smaller than min_file_size="
                f"{self.min_file_size} bytes")

    def __len__(self) -> int:
        return len(self.files)

    def __getitem__(self, index: int) -> Sample:
        import torch

        array = read_chip(self.files[index], self.band_indices)[0]
        sample: Sample = {"image": torch.from_numpy(array.astype(np.float32)),
                          "point": torch.from_numpy(self.points[index].copy()),
                          "filename": self.files[index].name}
        return self._apply(sample)

    def plot(self, sample: Sample, show_titles: bool = True, suptitle: str | None = None
             ) -> Figure:
        """The patch in true colour (else its first band), titled with its lon/lat."""
        import matplotlib.pyplot as plt

        from geoplug.core.plot import to_display

        data = to_display(sample["image"], self.rgb_indices or [0])
        fig, ax = plt.subplots(figsize=(4, 4))
        ax.imshow(data, cmap=None if data.ndim == 3 else "gray")
        ax.set_axis_off()
        if show_titles:
            lon, lat = (float(v) for v in sample["point"])
            ax.set_title(f"lon {lon:.4f}, lat {lat:.4f}")
        if suptitle:
            fig.suptitle(suptitle)
        return fig
