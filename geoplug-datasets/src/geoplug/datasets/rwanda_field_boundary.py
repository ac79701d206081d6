"""Rwanda Field Boundary: NASA Harvest field boundaries on monthly Planet NICFI chips.

Source Cooperative (``nasa/rwanda-field-boundary-competition``, served from Radiant Earth's
blob store ``https://radiantearth.blob.core.windows.net/mlhub/``
``nasa_rwanda_field_boundary_competition``) ships loose GeoTIFFs::

    source/<split>/<YYYY_MM>/<id>_<band>.tif    uint16, 256x256 px, bands B01-B04
    labels/train/<id>.tif                        uint8 0/1 (the train chips only)

with ``<split>`` ``train`` (ids 00-56) or ``test`` (00-12) and six months of 2021. The
former Radiant MLHub archives (``nasa_rwanda_field_boundary_competition_source_train.tar.gz``,
``..._source_test.tar.gz``, ``..._labels_train.tar.gz``, extracted by the loader when they lie
in ``root``) hold one folder per chip and month instead:
``..._source_<split>/..._source_<split>_<id>_<YYYY_MM>/B01.tif`` and
``..._labels_train/..._labels_train_<id>/raster_labels.tif``. Both layouts are read.
"""

from __future__ import annotations

import os
import re
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any, ClassVar

import numpy as np

from geoplug.core.download import Resource, fetch
from geoplug.core.errors import DatasetNotFoundError, InvalidDataError
from geoplug.core.nongeo import NonGeoDataset, Sample, Transforms
from geoplug.datasets._catalog import spec
from geoplug.datasets._catalog.segmentation_rwanda_field_boundary import (
    RWANDA_CHIPS,
    RWANDA_DATES,
    RWANDA_MD5,
)
from geoplug.datasets._chipio import geo_fields, read_raster
from geoplug.datasets._seg_modern import read_mask, seg_sample

if TYPE_CHECKING:  # pragma: no cover
    from matplotlib.figure import Figure

__all__ = ["RwandaFieldBoundary", "file_resources"]

BASE_URL = "https://radiantearth.blob.core.windows.net/mlhub/nasa_rwanda_field_boundary_competition"
_MLHUB = "nasa_rwanda_field_boundary_competition"
_BANDS = ("B01", "B02", "B03", "B04")


def file_resources(base_url: str = BASE_URL, chips: dict[str, int] = RWANDA_CHIPS,
                   dates: Sequence[str] = RWANDA_DATES) -> tuple[Resource, ...]:
    """Every published file as a (non-archive) resource of its split, relative to
    ``base_url``: the source chips of both splits and the train labels."""
    found = []
    for split, count in chips.items():
        paths = [f"source/{split}/{d}/{i:02d}_{b}.tif"
                 for i in range(count) for d in dates for b in _BANDS]
        if split == "train":
            paths += [f"labels/train/{i:02d}.tif" for i in range(count)]
        found += [Resource(url=f"{base_url}/{p}", filename=p, extract=False, splits=(split,))
                  for p in paths]
    return tuple(found)


class RwandaFieldBoundary(NonGeoDataset, spec=spec("rwanda_field_boundary")):
    """Rwanda field-boundary chips of one split.

    Samples: ``image`` float32 ``[T*C,256,256]`` (the selected bands of each month in
    ``dates``, month by month, as FTW stacks its windows), ``mask`` int64 ``[H,W]`` (0 no
    field boundary, 1 field boundary; train only: the test chips' labels were never
    published), ``chip`` (the chip id, e.g. ``"07"``), ``crs`` and ``bounds``. Only fields
    large enough to see on the basemap and wholly inside a chip were labelled.

    Citation: NASA Harvest, "Rwanda Field Boundary Detection Dataset", Radiant MLHub, 2022,
    doi:10.34911/RDNT.G580WW.
    """

    resources: ClassVar[tuple[Resource, ...]] = file_resources()
    #: the former MLHub archives: extracted when they lie in ``root`` (MLHub is retired)
    archives: ClassVar[tuple[Resource, ...]] = tuple(
        Resource(url=f"https://api.radiant.earth/mlhub/v1/archive/{name}",
                 filename=f"{name}.tar.gz", md5=md5,
                 splits=(name.rsplit("_", 1)[1],))
        for name, md5 in RWANDA_MD5.items())

    def __init__(
        self,
        root: str | os.PathLike[str] = "data",
        split: str = "train",
        bands: Sequence[str] | None = None,
        transforms: Transforms | None = None,
        download: bool = False,
        checksum: bool = False,
        dates: str | Sequence[str] = RWANDA_DATES,
    ) -> None:
        """
        Args:
            dates: the months (``"2021_03"`` ... ``"2021_12"``) stacked, in this order.

        Raises:
            ValueError: unknown split, band or month.
            DatasetNotFoundError: the files are absent and ``download`` is False.
            ChecksumError: ``checksum`` is True and an MLHub archive in ``root`` does not
                match its published md5.
            InvalidDataError: a chip lacks a month's band file or (train) its label.
        """
        chosen = (dates,) if isinstance(dates, str) else tuple(dates)
        unknown = [d for d in chosen if d not in RWANDA_DATES]
        if unknown or not chosen or len(set(chosen)) != len(chosen):
            raise ValueError(f"{self.name}: dates {list(chosen)} must be distinct months among "
                             f"{', '.join(RWANDA_DATES)}")
        self.dates = chosen
        super().__init__(root, split, bands, transforms, download, checksum)

    # -- files ------------------------------------------------------------------------------
    def _source_coop(self) -> Path | None:
        """``root`` if it holds the Source Cooperative tree of this split."""
        return self.root if (self.root / "source" / self.split).is_dir() else None

    def _mlhub(self) -> Path | None:
        """The folder holding MLHub's extracted collections: ``root`` or
        ``root/nasa_rwanda_field_boundary_competition`` (the MLHub client's folder)."""
        for base in (self.root, self.root / _MLHUB):
            if (base / f"{_MLHUB}_source_{self.split}").is_dir():
                return base
        return None

    def _exists(self) -> bool:
        return self._source_coop() is not None or self._mlhub() is not None

    def _prepare(self, download: bool, checksum: bool) -> None:
        """Extract MLHub's archives lying in ``root``, else download the loose files.

        Raises:
            DatasetNotFoundError: neither the files nor the archives are there and
                ``download`` is False.
            ChecksumError: ``checksum`` is True and an archive does not match.
        """
        archives = [r for r in self.archives if r.splits is None or self.split in r.splits]
        have_archives = bool(archives) and all((self.root / r.filename).is_file()
                                               for r in archives)
        if have_archives and (checksum or not self._exists()):
            fetch(archives, self.root, checksum)  # verified, then extracted
        elif not self._exists():
            if not download:
                raise DatasetNotFoundError(self.name, self.root, hint=(
                    "Pass download=True to fetch the Source Cooperative files (source/ and "
                    f"labels/ from {BASE_URL}), or put MLHub's "
                    f"{', '.join(r.filename for r in archives)} in root."))
            fetch(self._needed(), self.root, checksum)
        if not self._exists():
            raise InvalidDataError(f"{self.name}: no source/{self.split}/ nor "
                                   f"{_MLHUB}_source_{self.split}/ in {self.root} even after "
                                   "extracting or downloading; the files are of another release")

    def _paths(self, chip: str) -> tuple[list[Path], Path | None]:
        """The band files (month by month) and the label file (train) of ``chip``."""
        coop = self._source_coop()
        if coop is not None:
            images = [coop / "source" / self.split / d / f"{chip}_{b}.tif"
                      for d in self.dates for b in self.bands]
            label = coop / "labels" / "train" / f"{chip}.tif"
        else:
            base = self._mlhub()
            assert base is not None  # _exists guarantees one layout
            source = base / f"{_MLHUB}_source_{self.split}"
            images = [source / f"{_MLHUB}_source_{self.split}_{chip}_{d}" / f"{b}.tif"
                      for d in self.dates for b in self.bands]
            label = (base / f"{_MLHUB}_labels_train" / f"{_MLHUB}_labels_train_{chip}"
                     / "raster_labels.tif")
        return images, (label if self.split == "train" else None)

    def _chip_ids(self) -> list[str]:
        """The chip ids of the split, from the first chosen month's files."""
        coop = self._source_coop()
        if coop is not None:
            folder = coop / "source" / self.split / self.dates[0]
            pattern = re.compile(rf"^(\d+)_{self.bands[0]}\.tif$")
            names = os.listdir(folder) if folder.is_dir() else []
        else:
            base = self._mlhub()
            assert base is not None
            folder = base / f"{_MLHUB}_source_{self.split}"
            pattern = re.compile(rf"^{_MLHUB}_source_{self.split}_(\d+)_{self.dates[0]}$")
            names = os.listdir(folder)
        return sorted({m.group(1) for n in names if (m := pattern.match(n))}, key=int)

    def _load(self) -> None:
        self.chips = self._chip_ids()
        for chip in self.chips:
            images, label = self._paths(chip)
            missing = [p for p in [*images, *([label] if label else [])] if not p.is_file()]
            if missing:
                raise InvalidDataError(
                    f"{self.name}: chip {chip} of the {self.split} split lacks {missing[0]}"
                    f"{f' (and {len(missing) - 1} more files)' if len(missing) > 1 else ''}; "
                    "the download is incomplete — download or extract it again")

    def _empty_reason(self) -> str:
        return (f"no {self.bands[0]} file of month {self.dates[0]} was found for the "
                f"{self.split} split under {self.root}")

    # -- samples ----------------------------------------------------------------------------
    def __len__(self) -> int:
        return len(self.chips)

    def __getitem__(self, index: int) -> Sample:
        chip = self.chips[index]
        images, label = self._paths(chip)
        layers = []
        for path in images:
            array, transform, crs = read_raster(path, [0])
            layers.append(array[0])
        image = np.stack(layers)
        mask = read_mask(label) if label is not None else None
        extra = geo_fields(transform, crs, image.shape[-2:])
        return self._apply(seg_sample(image, mask, chip=chip, **extra))

    def plot(self, sample: Sample, show_titles: bool = True, suptitle: str | None = None,
             time_step: int = 0) -> Figure:
        """The month ``time_step`` of :attr:`dates` (true colour when B03, B02, B01 are
        selected), the mask and any prediction; returns the Figure.

        Raises:
            IndexError: ``time_step`` is outside the stacked months.
        """
        from geoplug.core.plot import plot_sample

        count = len(self.dates)
        if not -count <= time_step < count:
            raise IndexError(f"{self.name}: time_step {time_step} is outside the {count} "
                             "months of the sample")
        step = time_step % count
        size = len(self.bands)
        frame: dict[str, Any] = {k: v for k, v in sample.items() if k in ("mask", "prediction")}
        frame["image"] = sample["image"][step * size:(step + 1) * size]
        return plot_sample(frame, rgb_indices=self.rgb_indices, classes=self.classes,
                           show_titles=show_titles,
                           suptitle=suptitle or f"chip {sample.get('chip', '')} "
                                                f"{self.dates[step]}".strip())
