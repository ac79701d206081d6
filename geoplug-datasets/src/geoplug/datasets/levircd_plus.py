"""LEVIR-CD+: bitemporal Google Earth RGB chips over Texas cities with building-change masks.

Layout of ``LEVIR-CD+.zip`` (Shen et al.): ``LEVIR-CD+/{train,test}/{A,B,label}/<name>.png``;
``A`` is the earlier image, ``B`` the later one, ``label`` the change mask (0 / 255), all
1024x1024. The official split is train (637 pairs) / test (348 pairs). A copy extracted
without the ``LEVIR-CD+`` top folder (``<root>/{train,test}/...``) is read as well.
"""

from __future__ import annotations

from pathlib import Path
from typing import ClassVar

from geoplug.core.download import Resource
from geoplug.datasets._bitemporal import BitemporalPairs
from geoplug.datasets._catalog import spec

__all__ = ["LEVIRCDPlus"]


class LEVIRCDPlus(BitemporalPairs, spec=spec("levircd_plus")):
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
        self._pair(sorted((self._split_dir() / "A").glob("*.png")))
