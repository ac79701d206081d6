"""WHU-RS19: 19-class satellite scene classification (Xia et al., 2010).

1,005 RGB JPEG scenes of 600x600 px (up to 0.5 m GSD) from Google Earth, about 50 per class.
The CAPTAIN group of Wuhan University publishes ``WHU-RS19.zip`` on its BED4RS page (a Git LFS
file of the ``CAPTAIN-WHU/BED4RS`` repository) with one folder per class, named with the
publisher's mixed case: ``Airport`` ... ``Viaduct`` but ``footballField`` and
``railwayStation``; files are ``.jpg`` named after the class (``airport_01.jpg``).

The publisher defines no split: the single split ``"train"`` is the whole dataset.
"""

from __future__ import annotations

from pathlib import Path

from geoplug.core.download import Resource
from geoplug.core.nongeo import NonGeoClassificationDataset
from geoplug.datasets._catalog import spec

__all__ = ["WHURS19"]


class WHURS19(NonGeoClassificationDataset, spec=spec("whu_rs19")):
    """WHU-RS19 RGB scenes; ``image`` float32 ``[3, 600, 600]``, ``label`` int64 (19 classes)."""

    extensions = (".jpg", ".jpeg")
    image_dirs = ("WHU-RS19", ".")
    #: the publisher publishes no checksum of the archive
    resources = (
        Resource(url="https://github.com/CAPTAIN-WHU/BED4RS/raw/main/datasets/WHU-RS19.zip",
                 filename="WHU-RS19.zip"),
    )

    def _class_root(self) -> Path:
        """``WHU-RS19/`` or ``root`` itself, else the one folder below ``root`` holding the
        class folders: the archive's top folder is not documented, so any name is accepted."""
        folder = super()._class_root()
        if self._has_classes(folder) or not self.root.is_dir():
            return folder
        found = [p for p in sorted(self.root.iterdir()) if p.is_dir() and self._has_classes(p)]
        return found[0] if len(found) == 1 else folder
