"""RSSCN7: 7-class remote sensing scene classification (Zou et al., 2015).

2,800 RGB JPEG scenes of 400x400 px from Google Earth, 400 per class sampled at four scales
(100 each). The authors publish the images as the GitHub repository ``palewithout/RSSCN7``:
one folder per class named by a letter and the class (``aGrass``, ``bField``, ``cIndustry``,
``dRiverLake``, ``eForest``, ``fResident``, ``gParking``) holding ``<letter>NNN.jpg``
(``a001.jpg`` ... ``a400.jpg``). The loader downloads the repository's ``master`` archive,
which unpacks to ``RSSCN7-master/<class>/``; a ``git clone`` (``RSSCN7/``) or the class
folders directly in ``root`` are read too. The labels follow the folders' letters.

The publisher defines no split: the single split ``"train"`` is the whole dataset.
"""

from __future__ import annotations

from geoplug.core.download import Resource
from geoplug.core.nongeo import NonGeoClassificationDataset
from geoplug.datasets._catalog import spec

__all__ = ["RSSCN7"]


class RSSCN7(NonGeoClassificationDataset, spec=spec("rsscn7")):
    """RSSCN7 RGB scenes; ``image`` float32 ``[3, 400, 400]``, ``label`` int64 (7 classes)."""

    extensions = (".jpg", ".jpeg")
    image_dirs = ("RSSCN7-master", "RSSCN7", ".")
    #: GitHub's archive of the branch; the repository publishes no checksum and GitHub does
    #: not promise byte-stable archives, so none is pinned
    resources = (
        Resource(url="https://github.com/palewithout/RSSCN7/archive/refs/heads/master.zip",
                 filename="RSSCN7-master.zip"),
    )
