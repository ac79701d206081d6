"""CDD: Lebedev et al.'s season-varying change detection dataset (Google Earth RGB).

Lebedev et al. (ISPRS Archives XLII-2, 2018) cut 11 season-varying Google Earth image pairs
(0.03-1 m; seven of 4725x2200 px, four of 1900x1000 px) into 256x256 crops: 10,000 train,
3,000 val and 3,000 test pairs that change in buildings, roads and cars but not in season.
The one Google Drive archive (no checksum published) also holds synthetic ``Model/`` images;
the real pairs are ``Real/subset/<split>/A/<n>.jpg`` (earlier), ``B/<n>.jpg`` (later) and
``OUT/<n>.jpg``, the change mask saved as JPEG: 0 / 255 with blurred edges, so a pixel is
change when it is above 127 (what loaders of the release do). ``Real/subset`` is read in
``root`` or one folder below it (e.g. ``ChangeDetectionDataset/``), and a copy arranged as
``<root>/<split>/{A,B,OUT}`` as well.
"""

from __future__ import annotations

from geoplug.datasets._catalog import spec
from geoplug.datasets._folder_pairs import FolderPairs

__all__ = ["CDD"]


class CDD(FolderPairs, spec=spec("cdd")):
    """CDD season-varying change detection: ``image`` float32 [2, 3, 256, 256] (A, B),
    ``mask`` int64 [256, 256] (1 = change: ``OUT`` above 127)."""

    folders = ("A", "B", "OUT")
    image_suffix = ".jpg"
    mask_suffixes = (".jpg",)
    parents = ("Real/subset", "")
    change_above = 127
    source_hint = ("download the archive from Google Drive, "
                   "https://drive.google.com/file/d/1GX656JqqOyBi_Ef0w65kDGVto-nHrNs9")
