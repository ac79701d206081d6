"""DSIFN-CD: bitemporal Google Earth RGB pairs of six Chinese cities with change masks.

Zhang et al. (ISPRS J. Photogramm. 166, 2020) cut five city image pairs (Beijing, Chengdu,
Shenzhen, Chongqing, Wuhan) into 394 pairs of 512x512 px, augmented them to 3,600 train and
340 val pairs, and cut Xi'an into 48 test pairs. Each split is ``<split>/t1/<n>.jpg`` (the
earlier image), ``<split>/t2/<n>.jpg`` (the later one) and ``<split>/mask/<n>.png`` (the
change mask; the test masks are ``.tif``), non-zero marking change. The publisher shares it
through Baidu (no direct download); ``<split>/`` is read in ``root`` or one folder below it.
"""

from __future__ import annotations

from geoplug.datasets._catalog import spec
from geoplug.datasets._folder_pairs import FolderPairs

__all__ = ["DSIFNCD"]


class DSIFNCD(FolderPairs, spec=spec("dsifn_cd")):
    """DSIFN-CD change detection: ``image`` float32 [2, 3, 512, 512] (t1, t2),
    ``mask`` int64 [512, 512] (1 = change)."""

    folders = ("t1", "t2", "mask")
    image_suffix = ".jpg"
    mask_suffixes = (".png", ".tif", ".tiff")
    source_hint = ("get DSIFN-CD from the Baidu link on https://github.com/GeoZcx/A-deeply-"
                   "supervised-image-fusion-network-for-change-detection-in-remote-sensing-"
                   "images/tree/master/dataset")
