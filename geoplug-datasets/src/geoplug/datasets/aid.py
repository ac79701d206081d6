"""AID: 30-class aerial scene classification (Xia et al., 2017).

10,000 RGB JPEG scenes of 600x600 px (about 0.5-8 m GSD) collected from Google Earth, 220 to
420 per class. The authors distribute ``AID.zip`` only through OneDrive and BaiduPan links on
the project page (no direct URL), which unpacks to ``AID/<Class>/<class>_<n>.jpg``: CamelCase
class folders (``BareLand``, ``StorageTanks``) holding lower-case, unpadded file names
(``bareland_53.jpg``). Put ``AID.zip`` (or its extracted ``AID/`` folder) in ``root``.

The publisher defines no split: the single split ``"train"`` is the whole dataset (split it
with ``torch.utils.data.random_split`` for held-out evaluation).
"""

from __future__ import annotations

from geoplug.core.download import Resource
from geoplug.core.nongeo import NonGeoClassificationDataset
from geoplug.datasets._catalog import spec
from geoplug.datasets._seg_modern import prepare_manual

__all__ = ["AID"]

#: the project page listing the OneDrive and BaiduPan links
PAGE = "https://captain-whu.github.io/AID/"


class AID(NonGeoClassificationDataset, spec=spec("aid")):
    """AID RGB scenes; ``image`` float32 ``[3, 600, 600]``, ``label`` int64 (30 classes)."""

    extensions = (".jpg", ".jpeg")
    image_dirs = ("AID", ".")
    #: the publisher's archive, fetched by hand (the URL is the page naming the links); no
    #: checksum is published
    resources = (Resource(url=PAGE, filename="AID.zip"),)

    def _prepare(self, download: bool, checksum: bool) -> None:
        """Extract ``AID.zip`` found in ``root``; never "download" the project page.

        Raises:
            DatasetNotFoundError: neither ``AID/`` nor ``AID.zip`` is in ``root`` (even with
                ``download=True``: the archive sits behind cloud-drive links).
            InvalidDataError: the class folders are still missing after extraction.
        """
        prepare_manual(self, checksum, hint=(
            f"AID is distributed only through OneDrive/BaiduPan links on {PAGE}: download "
            f"AID.zip there and put it (or its extracted AID/ folder) in {self.root}."))
