"""LEVIR-CD+: bitemporal Google Earth RGB chips over Texas cities with building-change masks.

Layout of ``LEVIR-CD+.zip`` (Shen et al.): ``LEVIR-CD+/{train,test}/{A,B,label}/<name>.png``;
``A`` is the earlier image, ``B`` the later one, ``label`` the change mask (0 / 255), all
1024x1024. The official split is train (637 pairs) / test (348 pairs). A copy extracted
without the ``LEVIR-CD+`` top folder (``<root>/{train,test}/...``) is read as well.
"""

from __future__ import annotations

from pathlib import Path
from typing import ClassVar

import numpy as np

from geoplug.core.download import Resource
from geoplug.core.errors import InvalidDataError
from geoplug.core.nongeo import NonGeoDataset, Sample
from geoplug.datasets._catalog import spec
from geoplug.datasets._chipio import read_image

__all__ = ["LEVIRCDPlus"]


class LEVIRCDPlus(NonGeoDataset, spec=spec("levircd_plus")):
    """LEVIR-CD+ change detection: ``image`` [2, 3, H, W] (before, after), ``mask`` [H, W]."""

    folder = "LEVIR-CD+"
    resources: ClassVar[tuple[Resource, ...]] = (
        Resource(url="https://drive.google.com/uc?export=download&id=1JamSsxiytXdzAIk6VDVWfc-OsX-81U81",
                 filename="LEVIR-CD+.zip", md5="1adf156f628aa32fb2e8fe6cada16c04"),
    )

    def _split_dir(self) -> Path:
        """``LEVIR-CD+/<split>``, or ``<split>`` when the zip was extracted without its top."""
        nested = self.root / self.folder / self.split
        flat = self.root / self.split
        return flat if not (nested / "A").is_dir() and (flat / "A").is_dir() else nested

    def _exists(self) -> bool:
        return (self._split_dir() / "A").is_dir()

    def _load(self) -> None:
        folder = self._split_dir()
        self.files: list[tuple[Path, Path, Path]] = []
        for before in sorted((folder / "A").glob("*.png")):
            after, label = folder / "B" / before.name, folder / "label" / before.name
            if not (after.is_file() and label.is_file()):
                raise InvalidDataError(
                    f"{self.name}: {before} has no matching B/ image or label/ mask; the "
                    "archive looks incomplete — delete it and download again"
                )
            self.files.append((before, after, label))

    def __len__(self) -> int:
        return len(self.files)

    def __getitem__(self, index: int) -> Sample:
        import torch

        before, after, label = self.files[index]
        pair = np.stack([read_image(before)[self.band_indices],
                         read_image(after)[self.band_indices]])
        mask = (read_image(label, "L") > 0).astype(np.int64)
        return self._apply({"image": torch.from_numpy(pair.astype(np.float32)),
                            "mask": torch.from_numpy(mask)})
