"""Massachusetts Roads and Massachusetts Buildings (Mnih 2013): 1 m aerial tiles, binary maps.

The publisher (https://www.cs.toronto.edu/~vmnih/data/) lists every file on one page per split
and kind, ``<collection>/<split>/<kind>/index.html`` with collection ``mass_roads`` or
``mass_buildings``, split ``train``/``valid``/``test`` and kind ``sat`` (RGB images,
``<id>.tiff``) or ``map`` (targets, ``<id>.tif``, same ``<id>``). Tiles are 1500x1500 px;
targets hold 0 and 255 (one band for roads; the building maps are also read when they carry
three equal channels), read here as 0/1. White (255, 255, 255) image areas lie outside the
imagery and are labelled 0.

The widely used Kaggle copies (``balraj98/massachusetts-roads-dataset`` and
``.../massachusetts-buildings-dataset``, ``archive.zip``) hold the same split as
``tiff/<train|val|test>/<id>.tiff`` with ``tiff/<split>_labels/<id>.tif``; both layouts are
read, and the Kaggle archive is extracted when it is in ``root``.
"""

from __future__ import annotations

import os
import re
import urllib.parse
import urllib.request
from collections.abc import Sequence
from html.parser import HTMLParser
from pathlib import Path
from typing import ClassVar

from geoplug.core.download import Resource, fetch
from geoplug.core.errors import DatasetNotFoundError, InvalidDataError
from geoplug.core.nongeo import NonGeoDataset, Sample, Transforms
from geoplug.datasets._catalog import spec
from geoplug.datasets._catalog.segmentation_massachusetts import MASSACHUSETTS_HOME
from geoplug.datasets._seg_modern import locate, seg_sample
from geoplug.datasets._tiling import (
    Chip,
    check_chip_args,
    chip_footprints,
    chip_windows,
    raster_size,
    read_window,
)

__all__ = ["MassachusettsBuildings", "MassachusettsRoads"]

#: split -> the publisher's folder, then the Kaggle copy's folder (under ``tiff/``)
FOLDERS = {"train": ("train", "train"), "val": ("valid", "val"), "test": ("test", "test")}
#: the file names the listing pages may offer (anything else, e.g. a parent link, is skipped)
_LISTED = re.compile(r"^[\w.-]+\.tiff?$", re.IGNORECASE)


class _Links(HTMLParser):
    """The ``href`` of every ``<a>`` of a listing page."""

    def __init__(self) -> None:
        super().__init__()
        self.hrefs: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        href = dict(attrs).get("href")
        if tag == "a" and href:
            self.hrefs.append(href)


def listed_files(page: str, timeout: float = 60.0) -> dict[str, str]:
    """``{file name: url}`` of the TIFFs a publisher's ``index.html`` links to.

    The pages link absolute URLs with a doubled slash (``.../train/sat//<id>.tiff``); links
    are resolved against the page and only their last path part names the local file.

    Raises:
        OSError: the page cannot be fetched.
        InvalidDataError: the page links no TIFF.
    """
    with urllib.request.urlopen(page, timeout=timeout) as response:
        text = response.read().decode("utf-8", errors="replace")
    parser = _Links()
    parser.feed(text)
    found: dict[str, str] = {}
    for href in parser.hrefs:
        url = urllib.parse.urljoin(page, href)
        name = urllib.parse.unquote(urllib.parse.urlparse(url).path.rsplit("/", 1)[-1])
        if _LISTED.match(name):
            found.setdefault(name, url)
    if not found:
        raise InvalidDataError(f"{page} links no .tif/.tiff file; has the publisher's page "
                               "moved? Download the files by hand (see the dataset docstring)")
    return found


class _Massachusetts(NonGeoDataset):
    """What the two datasets share: layouts, download from the listing pages, samples.

    Samples: ``image`` float32 ``[3,H,W]`` (R, G, B), ``mask`` int64 ``[H,W]`` (1 = the
    class), plus ``crs``/``bounds`` when the tile is georeferenced. ``patch_size`` cuts each
    tile into windowed chips (``None``: whole tiles, as published).

    Citation: V. Mnih, "Machine Learning for Aerial Image Labeling", PhD thesis, University
    of Toronto, 2013.
    """

    #: the publisher's folder of this dataset (``mass_roads``, ``mass_buildings``)
    collection: ClassVar[str] = ""
    #: the Kaggle copy's slug (its archive is ``archive.zip`` or ``<slug>.zip``)
    kaggle: ClassVar[str] = ""
    #: where the publisher's listing pages live (tests point it at a local server)
    base_url: ClassVar[str] = MASSACHUSETTS_HOME.rstrip("/")

    def __init__(
        self,
        root: str | os.PathLike[str] = "data",
        split: str = "train",
        bands: Sequence[str] | None = None,
        transforms: Transforms | None = None,
        download: bool = False,
        checksum: bool = False,
        patch_size: int | None = None,
        stride: int | None = None,
    ) -> None:
        """
        Args:
            patch_size: chip side in pixels (``None``: whole 1500x1500 tiles).
            stride: step between chips (default ``patch_size``).

        Raises:
            ValueError: unknown split or band, or a non-positive ``patch_size``/``stride``.
            DatasetNotFoundError: the split's files are absent and ``download`` is False.
            OSError: a download failed.
            InvalidDataError: an image has no target map, or a file cannot be read.
        """
        check_chip_args(self.name, patch_size, stride)
        self.patch_size = patch_size
        self.stride = stride
        super().__init__(root, split, bands, transforms, download, checksum)

    # -- layouts ------------------------------------------------------------------------------
    @property
    def archives(self) -> tuple[str, ...]:
        """Names the Kaggle download gets (browser, then the kaggle CLI)."""
        return ("archive.zip", f"{self.kaggle.rsplit('/', 1)[-1]}.zip")

    def _folders(self) -> tuple[Path, Path]:
        """The split's image and target folders, in the first layout found under the root.

        Tried in turn: the publisher's ``<collection>/<split>/sat|map`` (in the root or one
        folder below), its ``<split>/sat|map`` without the collection folder, and the Kaggle
        ``tiff/<split>`` + ``tiff/<split>_labels``. Defaults to the publisher's layout.
        """
        publisher, kaggle = FOLDERS[self.split]
        for marker in (f"{self.collection}/{publisher}", publisher):
            base = locate(self.root, f"{marker}/sat") / marker
            if (base / "sat").is_dir():
                return base / "sat", base / "map"
        base = locate(self.root, f"tiff/{kaggle}") / "tiff"
        if (base / kaggle).is_dir():
            return base / kaggle, base / f"{kaggle}_labels"
        base = self.root / self.collection / publisher
        return base / "sat", base / "map"

    def _exists(self) -> bool:
        images, targets = self._folders()
        return images.is_dir() and targets.is_dir()

    # -- getting the files --------------------------------------------------------------------
    def _prepare(self, download: bool, checksum: bool) -> None:
        """Extract a Kaggle archive on disk, else download the split from the listing pages.

        Raises:
            DatasetNotFoundError: nothing is there and ``download`` is False.
            OSError: a listing page or file cannot be fetched.
            InvalidDataError: the files are still missing after extraction or download.
        """
        if self._exists():
            return
        archive = next((self.root / a for a in self.archives if (self.root / a).is_file()), None)
        if archive is not None:
            fetch([Resource(url=f"https://www.kaggle.com/datasets/{self.kaggle}",
                            filename=archive.name)], self.root, checksum)
            source = str(archive)
        elif download:
            self._download()
            source = f"{self.base_url}/{self.collection}/{FOLDERS[self.split][0]}/"
        else:
            raise DatasetNotFoundError(self.name, self.root, hint=(
                f"Pass download=True to fetch the {self.split} split file by file from "
                f"{self.base_url}/{self.collection}/ (no archive is published), or put the "
                f"Kaggle copy (https://www.kaggle.com/datasets/{self.kaggle}, saved as "
                f"{' or '.join(self.archives)}) or its extracted tiff/ folder in {self.root}."))
        if not self._exists():
            images, targets = self._folders()
            raise InvalidDataError(f"{self.name}: {images} or {targets} is still missing after "
                                   f"getting {source}; is it the {self.name} release?")

    def _download(self) -> None:
        """Fetch every image and its map listed on the split's pages, pair by pair.

        Files are written atomically and pairs one after the other, so an interrupted run
        leaves at most one image without its map (reported by name when loading).
        """
        folder = f"{self.collection}/{FOLDERS[self.split][0]}"
        pages = {kind: listed_files(f"{self.base_url}/{folder}/{kind}/index.html")
                 for kind in ("sat", "map")}
        maps = {Path(name).stem: name for name in pages["map"]}
        order = [(kind, name) for image in sorted(pages["sat"])
                 for kind, name in (("sat", image), ("map", maps.pop(Path(image).stem, None)))
                 if name is not None]
        order += [("map", name) for name in sorted(maps.values())]
        fetch([Resource(url=pages[kind][name], filename=f"{folder}/{kind}/{name}",
                        extract=False) for kind, name in order], self.root)

    # -- samples ------------------------------------------------------------------------------
    def _load(self) -> None:
        images, targets = self._folders()
        by_stem = {p.stem: p for p in targets.iterdir() if _LISTED.match(p.name)}
        self.pairs: list[tuple[Path, Path]] = []
        for image in sorted(p for p in images.iterdir() if _LISTED.match(p.name)):
            target = by_stem.get(image.stem)
            if target is None:
                raise InvalidDataError(
                    f"{self.name}: {image} has no target map {targets / (image.stem + '.tif')}; "
                    "delete the image or get the map again (download=True fetches what is "
                    "missing once the folder is removed)")
            self.pairs.append((image, target))
        self.chips: list[Chip] = []
        for i, (image, _) in enumerate(self.pairs):
            width, height = raster_size(image)
            self.chips.extend(Chip(i, w) for w in chip_windows(width, height, self.patch_size,
                                                               self.stride))

    def _empty_reason(self) -> str:
        images, _ = self._folders()
        return f"{images} holds no .tiff image; download or extract the split again"

    def __len__(self) -> int:
        return len(self.chips)

    def footprints(self) -> list[tuple[int, int, int, int, int]]:
        return chip_footprints(self.chips)

    def __getitem__(self, index: int) -> Sample:
        chip = self.chips[index]
        image_path, target_path = self.pairs[chip.tile]
        image, geo = read_window(image_path, chip.window, [i + 1 for i in self.band_indices])
        target, _ = read_window(target_path, chip.window, [1])
        mask = (target[0] >= 128).astype("int64")  # published as 0/255
        return self._apply(seg_sample(image, mask, **geo))


class MassachusettsRoads(_Massachusetts, spec=spec("massachusetts_roads")):
    """Massachusetts Roads tiles (or chips) of the train (1,108), val (14) or test (49) split.

    ``mask``: 1 = road (OpenStreetMap centre lines rasterised by the publisher).
    """

    collection = "mass_roads"
    kaggle = "balraj98/massachusetts-roads-dataset"


class MassachusettsBuildings(_Massachusetts, spec=spec("massachusetts_buildings")):
    """Massachusetts Buildings tiles (or chips) of the train (137), val (4) or test (10) split.

    ``mask``: 1 = building (OpenStreetMap footprints rasterised by the publisher).
    """

    collection = "mass_buildings"
    kaggle = "balraj98/massachusetts-buildings-dataset"
