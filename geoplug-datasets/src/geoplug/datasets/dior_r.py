"""DIOR-R: DIOR's images with oriented boxes (Cheng et al., TGRS 2022, AOPG).

DIOR-R re-annotates the 23,463 images of DIOR with oriented boxes; it ships the same files
as DIOR (``JPEGImages-trainval/``, ``JPEGImages-test/``, ``ImageSets/Main/{train,val,test}.txt``)
plus ``Annotations/Oriented Bounding Boxes/<id>.xml``, Pascal VOC files whose objects hold a
``<robndbox>`` with the corners ``x_left_top, y_left_top, x_right_top, y_right_top,
x_right_bottom, y_right_bottom, x_left_bottom, y_left_bottom`` (and an ``<angle>`` that the
corners make redundant). Layout, splits and XML reading are DIOR's (:mod:`.dior`); this class
fixes the oriented annotations so DIOR-R has its own registry entry and sample keys.
"""

from __future__ import annotations

import os
from collections.abc import Sequence

from geoplug.core.nongeo import Transforms
from geoplug.datasets._catalog import spec
from geoplug.datasets.dior import DIOR

__all__ = ["DIORR"]


class DIORR(DIOR, spec=spec("dior_r")):
    """DIOR-R: ``image`` float32 [3,800,800] (uint8 values), ``bbox_xyxyxyxy`` float32 [N,8]
    (four corners: left-top, right-top, right-bottom, left-bottom), ``bbox_xyxy`` float32
    [N,4] (their enclosing boxes) and ``label`` int64 [N] (DIOR's 20 classes).

    Only the oriented annotations are read: ``Annotations/Horizontal Bounding Boxes`` may be
    absent.
    """

    orientations = ("oriented",)

    def __init__(
        self,
        root: str | os.PathLike[str] = "data",
        split: str = "train",
        bands: Sequence[str] | None = None,
        transforms: Transforms | None = None,
        download: bool = False,
        checksum: bool = False,
    ) -> None:
        """
        Raises:
            ValueError: unknown split or band.
            DatasetNotFoundError: the images, oriented annotations or split list are not
                under ``root`` (the message says where to get them).
            InvalidDataError: the split list names an image that is missing, or an
                annotation lacks its ``<robndbox>``.
        """
        super().__init__(root, split, bands, transforms, download, checksum,
                         orientation="oriented")
