"""OPTIMAL-31: 31-class aerial scene classification (Wang et al., 2019).

1,860 RGB JPEG scenes of 256x256 px from Google Earth, 60 per class, introduced with the
recurrent-attention scene classifier of Wang, Liu, Chanussot and Li (IEEE TGRS 57(2), 2019).
The authors share one archive through a cloud drive (no direct URL) that unpacks to
``OPTIMAL-31/Images/<class>/<class>(<n>).jpg`` with lower-case, underscore class folders
(``baseball_diamond``, ``rectangular_farmland``). Put ``OPTIMAL-31.zip`` or the extracted
``OPTIMAL-31/`` (or ``Images/``) folder in ``root``; a mirror that puts the class folders
directly in ``root`` is read too. The labels follow the folders in alphabetical order.

The publisher defines no split: the single split ``"train"`` is the whole dataset (split it
with ``torch.utils.data.random_split`` for held-out evaluation).
"""

from __future__ import annotations

from geoplug.core.download import Resource
from geoplug.core.nongeo import NonGeoClassificationDataset
from geoplug.datasets._catalog import spec
from geoplug.datasets._seg_modern import prepare_manual

__all__ = ["OPTIMAL31"]

#: the authors' cloud-drive copy (a viewer page, not a file: it is never "downloaded")
DRIVE = "https://drive.google.com/file/d/1Fk9a0DW8UyyQsR8dP2Qdakmr69NVBhq9/view"


class OPTIMAL31(NonGeoClassificationDataset, spec=spec("optimal31")):
    """OPTIMAL-31 RGB scenes; ``image`` float32 ``[3, 256, 256]``, ``label`` int64 (31 classes)."""

    extensions = (".jpg", ".jpeg")
    image_dirs = ("OPTIMAL-31/Images", "Images", "OPTIMAL-31", ".")
    complete_classes = True  # no split list: a missing class folder is a partial copy
    #: fetched by hand; no checksum is published
    resources = (Resource(url=DRIVE, filename="OPTIMAL-31.zip"),)

    def _prepare(self, download: bool, checksum: bool) -> None:
        """Extract ``OPTIMAL-31.zip`` found in ``root``; never "download" the drive page.

        Raises:
            DatasetNotFoundError: neither the class folders nor ``OPTIMAL-31.zip`` are in
                ``root`` (even with ``download=True``: the archive sits behind a cloud drive).
            InvalidDataError: the class folders are still missing after extraction.
        """
        prepare_manual(self, checksum, hint=(
            f"OPTIMAL-31 is shared only through a cloud drive ({DRIVE}): download it there "
            f"and put OPTIMAL-31.zip (or its extracted OPTIMAL-31/Images/<class>/ folders) in "
            f"{self.root}."))
