"""SYSU-CD: bitemporal aerial RGB pairs of Hong Kong with change masks.

Shi et al. (IEEE TGRS 2022) publish 20,000 pairs of 256x256 aerial images at 0.5 m taken
between 2007 and 2014, annotated for newly built buildings, suburban growth, groundwork,
vegetation change, road expansion and sea construction, in an official split of 12,000 train,
4,000 val and 4,000 test pairs. Each split is a folder of three sub-folders of same-named
PNGs: ``<split>/time1/`` (the earlier image), ``<split>/time2/`` (the later one) and
``<split>/label/`` (the change mask, 0 / 255). The publisher shares the data through
Baidu / Google Drive / OneDrive links (no direct download); ``<split>/`` is read in ``root``,
in ``root/SYSU-CD`` or in any one folder below ``root``.
"""

from __future__ import annotations

from geoplug.datasets._catalog import spec
from geoplug.datasets._folder_pairs import FolderPairs

__all__ = ["SYSUCD"]


class SYSUCD(FolderPairs, spec=spec("sysu_cd")):
    """SYSU-CD change detection: ``image`` float32 [2, 3, 256, 256] (time1, time2),
    ``mask`` int64 [256, 256] (1 = change)."""

    folders = ("time1", "time2", "label")
    image_suffix = ".png"
    mask_suffixes = (".png",)
    source_hint = ("get SYSU-CD from the links on https://github.com/liumency/SYSU-CD "
                   "(Baidu / Google Drive / OneDrive)")
