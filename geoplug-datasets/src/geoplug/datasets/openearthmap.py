"""OpenEarthMap: 8-class land cover of 97 regions in 44 countries at 0.25-0.5 m.

The publisher (Zenodo record 7223446) ships ``OpenEarthMap.zip``, which extracts to::

    OpenEarthMap_wo_xBD/train.txt, val.txt, test.txt     the image file names of each split
    OpenEarthMap_wo_xBD/xbd_files.csv                    xBD file name, OpenEarthMap file name
    OpenEarthMap_wo_xBD/<region>/images/<region>_<n>.tif RGB GeoTIFF, uint8
    OpenEarthMap_wo_xBD/<region>/labels/<region>_<n>.tif uint8: 0 unknown, 1 bareland ...
                                                         8 building

Labels of the test split are not released (kept for the leaderboard), so test samples have
no ``mask``. The images of the regions cut from the xBD dataset are not in the zip either:
the publisher's readme asks users to download xBD from xview2.org and add them to the region
folders (its ``compile_xbd.py`` writes them to ``<region>/images/`` using
``xbd_files.csv``). Until then those listed files are left out, with a warning that says how
many and how to add them; once added they are read like the others. The folder may sit in
``root``, in one folder below it, or be ``root`` itself.
"""

from __future__ import annotations

import re
import warnings
from pathlib import Path
from typing import ClassVar

from geoplug.core.download import Resource
from geoplug.core.errors import InvalidDataError
from geoplug.core.nongeo import NonGeoDataset, Sample
from geoplug.datasets._catalog import spec
from geoplug.datasets._catalog.segmentation_openearthmap import (
    OPENEARTHMAP_FOLDER,
    OPENEARTHMAP_LABELLED,
    OPENEARTHMAP_XBD_LIST,
)
from geoplug.datasets._seg_modern import locate, seg_sample
from geoplug.datasets._tiling import read_window

__all__ = ["OpenEarthMap"]

_ZENODO = "https://zenodo.org/records/7223446/files"
#: a split list entry: ``<region>_<n>.tif`` (regions may hold "_" and "-": ``les_cayes``)
_ENTRY = re.compile(r"(?P<region>.+)_\d+\.tiff?")
_XBD_HOWTO = ("download xBD from https://xview2.org/dataset and run the publisher's "
              "data/compile_xbd.py (https://github.com/bao18/open_earth_map), which writes "
              "them to <region>/images/; it takes a multi-word region (el_rodeo, les_cayes, "
              "leilane_estates, little_rock) for its first word and skips it, so write those "
              "images to <region>/images/<name> on their label's grid by hand")


class OpenEarthMap(NonGeoDataset, spec=spec("openearthmap")):
    """OpenEarthMap tiles of one of the publisher's split lists.

    Samples: ``image`` float32 ``[C,H,W]`` (selected of R, G, B), ``mask`` int64 ``[H,W]``
    with the publisher's codes (0 unknown ... 8 building; absent in ``test``, whose labels
    are not released) and the tile's ``crs``/``bounds``. :attr:`xbd_missing` names the listed
    files left out because their xBD image has not been added.

    Citation: Xia et al., "OpenEarthMap: A Benchmark Dataset for Global High-Resolution Land
    Cover Mapping", WACV 2023.
    """

    resources: ClassVar[tuple[Resource, ...]] = (
        Resource(url=f"{_ZENODO}/OpenEarthMap.zip?download=1", filename="OpenEarthMap.zip",
                 md5="64155d1dc9d3b68536063f79878e1a67"),
    )

    @property
    def base(self) -> Path:
        """``<root>/OpenEarthMap_wo_xBD`` (or one folder below the root), or the root itself
        when it holds the split lists."""
        if (self.root / f"{self.split}.txt").is_file():
            return self.root
        return locate(self.root, f"{OPENEARTHMAP_FOLDER}/{self.split}.txt") / OPENEARTHMAP_FOLDER

    def _list(self) -> Path:
        return self.base / f"{self.split}.txt"

    def _exists(self) -> bool:
        return self._list().is_file()

    def _xbd_names(self) -> set[str]:
        """The OpenEarthMap file names ``xbd_files.csv`` maps to xBD images (empty if absent)."""
        path = self.base / OPENEARTHMAP_XBD_LIST
        if not path.is_file():
            return set()
        rows = (line.split(",") for line in path.read_text(encoding="utf-8").splitlines())
        return {row[1].strip() for row in rows if len(row) > 1}

    def _load(self) -> None:
        """Index the listed tiles, leaving out those whose xBD image has not been added.

        A listed image is taken to be xBD's when ``xbd_files.csv`` names it, or (without that
        file) when its region has no image at all; any other missing file is an error.

        Raises:
            InvalidDataError: an entry is not ``<region>_<n>.tif``, a listed image that is
                not xBD's is missing, or a train/val label is missing (names the file).
        """
        base = self.base
        names = [line.strip() for line in self._list().read_text(encoding="utf-8").splitlines()
                 if line.strip()]
        xbd = self._xbd_names()
        has_images: dict[str, bool] = {}
        labelled = self.split in OPENEARTHMAP_LABELLED
        self.files: list[tuple[Path, Path | None]] = []
        self.xbd_missing: list[str] = []
        for name in names:
            found = _ENTRY.fullmatch(name)
            if found is None:
                raise InvalidDataError(f"{self.name}: entry {name!r} of {self._list()} is not "
                                       "'<region>_<n>.tif'; it is not the publisher's list")
            region = base / found["region"]
            image, label = region / "images" / name, region / "labels" / name
            if not image.is_file():
                if region.name not in has_images:
                    has_images[region.name] = any((region / "images").glob("*.tif*"))
                if name in xbd or not has_images[region.name]:
                    self.xbd_missing.append(name)
                    continue
                raise InvalidDataError(f"{self.name}: {image} (listed in {self._list()}) is "
                                       "missing; extract OpenEarthMap.zip again")
            if labelled and not label.is_file():
                raise InvalidDataError(f"{self.name}: {image.name} has no label {label}; "
                                       "extract OpenEarthMap.zip again")
            self.files.append((image, label if label.is_file() else None))
        if self.xbd_missing:
            warnings.warn(
                f"{self.name}: {len(self.xbd_missing)} of the {len(names)} files of "
                f"{self._list().name} are xBD images, which OpenEarthMap.zip does not hold "
                f"(e.g. {self.xbd_missing[0]}); they are left out. To include them, "
                f"{_XBD_HOWTO}.", UserWarning, stacklevel=3)

    def _empty_reason(self) -> str:
        if self.xbd_missing:
            return (f"every file it lists is an xBD image not added yet; {_XBD_HOWTO}")
        return f"{self._list()} lists no file; extract OpenEarthMap.zip again"

    def __len__(self) -> int:
        return len(self.files)

    def __getitem__(self, index: int) -> Sample:
        image_path, label_path = self.files[index]
        image, geo = read_window(image_path, None, [i + 1 for i in self.band_indices])
        mask = read_window(label_path, None, [1])[0][0] if label_path is not None else None
        return self._apply(seg_sample(image, mask, **geo))
