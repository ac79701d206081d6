"""PASTIS100: 100 PASTIS-R patches for tutorials and tests.

TorchGeo's Hugging Face repository ``torchgeo/PASTIS-R-100`` ships a ``PASTIS-R.zip`` of the
same layout as the full PASTIS-R (``PASTIS-R/metadata.geojson``, ``DATA_S2``, ``DATA_S1A``,
``DATA_S1D``, ``ANNOTATIONS``, ``INSTANCE_ANNOTATIONS``) holding 100 patches, so
:class:`~geoplug.datasets.pastis.PASTIS` reads it as it is; splits are folds as there
(train 1-3, val 4, test 5, or ``folds=[...]``).

The archive has the full release's file name and folder: keep the two in different roots (a
folder of more than 100 Sentinel-2 patches is refused rather than read as the subset).
"""

from __future__ import annotations

from pathlib import Path
from typing import ClassVar

from geoplug.core.download import Resource
from geoplug.core.errors import InvalidDataError
from geoplug.core.nongeo import NonGeoDataset
from geoplug.datasets._catalog import spec
from geoplug.datasets.pastis import PASTIS

__all__ = ["PASTIS100"]


class PASTIS100(PASTIS, spec=spec("pastis100")):
    """The 100 patches of torchgeo/PASTIS-R-100: samples as :class:`PASTIS`."""

    resources: ClassVar[tuple[Resource, ...]] = (
        Resource(url="https://huggingface.co/datasets/torchgeo/PASTIS-R-100/resolve/"
                     "acd0180e834e40934b79c0121f606d4f8ca3299d/PASTIS-R.zip",
                 filename="PASTIS-R.zip", md5="6b4a428bd27cdbc2abda44973ba42892"),
    )

    def _needed(self) -> list[Resource]:
        """Only the subset's archive: a full ``PASTIS.zip`` beside it is not this dataset."""
        return NonGeoDataset._needed(self)

    @property
    def base(self) -> Path:
        """``PASTIS-R/`` (what the subset's zip extracts to) or the root itself; never a full
        release's ``PASTIS/``."""
        for folder in (self.root / "PASTIS-R", self.root):
            if (folder / "metadata.geojson").is_file():
                return folder
        return self.root / "PASTIS-R"

    def _load(self) -> None:
        """As :class:`PASTIS`, refusing a folder of the full release.

        Raises:
            InvalidDataError: the folder holds more than the subset's 100 patches.
        """
        found = sum(1 for _ in (self.base / "DATA_S2").glob("S2_*.npy"))
        if found > 100:
            raise InvalidDataError(
                f"{self.name}: {self.base / 'DATA_S2'} holds {found} patches, not the 100 of "
                "PASTIS-R-100: this is the full PASTIS-R; use the 'pastis' dataset for it or "
                "another root for the subset")
        super()._load()
