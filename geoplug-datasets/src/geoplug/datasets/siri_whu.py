"""SIRI-WHU: 12-class scene classification over Wuhan (Zhao et al., 2016).

The Google image set of SIRI-WHU (RS-IDEA group, Wuhan University): 2,400 RGB TIFF scenes of
200x200 px at 2 m from Google Earth over urban Wuhan, China, 200 per class. The group's page
links one archive (no direct URL) that unpacks to ``Google dataset of
SIRI-WHU_earth_im_tiff/12class_tif/<class>/<nnnn>.tif`` (``agriculture/0001.tif``) with
lower-case class folders (``idle_land``). Put the archive or the extracted folder (or just
``12class_tif/``) in ``root``. The labels follow the folders in alphabetical order.

Not every chip is 200x200 (``pond/0002.tif`` is 190x200): such chips are resized (bilinear,
antialiased) so that every sample can be batched.

The publisher defines no split: the single split ``"train"`` is the whole dataset (split it
with ``torch.utils.data.random_split`` for held-out evaluation).
"""

from __future__ import annotations

from geoplug.core.download import Resource
from geoplug.datasets._catalog import spec
from geoplug.datasets._fixed_size import FixedSizeChips
from geoplug.datasets._seg_modern import prepare_manual

__all__ = ["SIRIWHU"]

#: the RS-IDEA page of Zhong Yanfei's group that links the data sets
PAGE = "http://www.lmars.whu.edu.cn/prof_web/zhongyanfei/e-code.html"
#: the folder the archive unpacks to (a space in its name, as published)
TOP = "Google dataset of SIRI-WHU_earth_im_tiff"


class SIRIWHU(FixedSizeChips, spec=spec("siri_whu")):
    """SIRI-WHU RGB scenes; ``image`` float32 ``[3, 200, 200]``, ``label`` int64 (12 classes)."""

    extensions = (".tif", ".tiff")
    image_dirs = (f"{TOP}/12class_tif", "12class_tif", "SIRI-WHU/12class_tif", ".")
    complete_classes = True  # no split list: a missing class folder is a partial copy
    #: fetched by hand; no checksum is published
    resources = (Resource(url=PAGE, filename=f"{TOP}.zip"),)

    def _prepare(self, download: bool, checksum: bool) -> None:
        """Extract the archive found in ``root``; never "download" the group's page.

        Raises:
            DatasetNotFoundError: neither the class folders nor the archive are in ``root``
                (even with ``download=True``: the page links the archive on a cloud drive).
            InvalidDataError: the class folders are still missing after extraction.
        """
        prepare_manual(self, checksum, hint=(
            f"SIRI-WHU is linked from {PAGE}: download it there and put '{TOP}.zip' (or its "
            f"extracted 12class_tif/<class>/ folders) in {self.root}."))
