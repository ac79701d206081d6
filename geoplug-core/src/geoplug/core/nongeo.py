"""Datasets of pre-cut chips, indexed by integer.

One shared path handles what every benchmark dataset needs — finding its files, extracting
archives already on disk, downloading (verified, atomic) when asked, band selection and the
``DatasetNotFoundError`` that tells the user where we looked — so that each dataset only
declares its resources and reads its own layout.
"""

from __future__ import annotations

import abc
import os
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any, ClassVar

from torch.utils.data import ConcatDataset, Dataset

import geoplug.core.collate  # noqa: F401  (lets default_collate batch crs/bounds)
from geoplug.core.download import check_integrity, download_url, extract_archive
from geoplug.core.errors import ChecksumError, DatasetNotFoundError, InvalidDataError

if TYPE_CHECKING:  # pragma: no cover
    from matplotlib.figure import Figure

__all__ = ["NonGeoClassificationDataset", "NonGeoDataset", "Resource", "Sample", "Transforms"]

Sample = dict[str, Any]
Transforms = Callable[[Sample], Sample]


@dataclass(frozen=True)
class Resource:
    """A file the publisher distributes: where to get it and how to check it.

    ``splits`` limits the resource to those splits (``None``: needed by every split);
    ``extract`` unpacks it into the dataset root after download.
    """

    url: str
    filename: str
    md5: str | None = None
    sha256: str | None = None
    extract: bool = True
    splits: tuple[str, ...] | None = None


class NonGeoDataset(Dataset[Sample], abc.ABC):
    """Base of chip datasets: ``Cls(root, split, bands, transforms, download, checksum)``.

    Subclasses declare ``name``, ``splits``, ``all_bands``/``rgb_bands``, ``resources`` and
    implement :meth:`_exists` (are the extracted files there?), :meth:`_load` (index the
    split) and ``__getitem__``/``__len__``.
    """

    name: ClassVar[str] = "dataset"
    splits: ClassVar[tuple[str, ...]] = ("train", "val", "test")
    all_bands: ClassVar[tuple[str, ...]] = ()
    rgb_bands: ClassVar[tuple[str, ...]] = ()
    classes: ClassVar[tuple[str, ...]] = ()
    resources: ClassVar[tuple[Resource, ...]] = ()

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
            DatasetNotFoundError: files absent and ``download`` is False.
            ChecksumError: ``checksum`` is True and an archive does not match.
        """
        if split not in self.splits:
            raise ValueError(
                f"{self.name}: split {split!r} is not one of {', '.join(self.splits)}"
            )
        self.root = Path(root)
        self.split = split
        self.bands = self.select_bands(bands)
        self.band_indices = [self.all_bands.index(b) for b in self.bands]
        self.transforms = transforms
        self.checksum = checksum
        self._prepare(download, checksum)
        self._load()

    # -- bands --------------------------------------------------------------------------------
    def select_bands(self, bands: Sequence[str] | None) -> tuple[str, ...]:
        """Validate a band selection (``None``: all bands, in the dataset's order).

        Checks against ``self.all_bands``, so a subclass whose bands depend on a constructor
        argument (e.g. the imagery product) sets ``self.all_bands`` before calling the base.

        Raises:
            ValueError: a band is unknown or repeated.
        """
        if bands is None:
            return tuple(self.all_bands)
        if isinstance(bands, str):
            bands = [bands]
        unknown = [b for b in bands if b not in self.all_bands]
        if unknown:
            raise ValueError(
                f"{self.name}: unknown band(s) {unknown}; available: {', '.join(self.all_bands)}"
            )
        if len(set(bands)) != len(bands):
            raise ValueError(f"{self.name}: bands {list(bands)} contain duplicates")
        if not bands:
            raise ValueError(f"{self.name}: select at least one band")
        return tuple(bands)

    @property
    def rgb_indices(self) -> list[int]:
        """Positions of the RGB bands within the selected bands (empty if not all present)."""
        if self.rgb_bands and all(b in self.bands for b in self.rgb_bands):
            return [self.bands.index(b) for b in self.rgb_bands]
        return []

    # -- files --------------------------------------------------------------------------------
    @abc.abstractmethod
    def _exists(self) -> bool:
        """True when the extracted files this split needs are under ``self.root``."""

    @abc.abstractmethod
    def _load(self) -> None:
        """Index the samples of ``self.split`` (called once the files exist)."""

    def _needed(self) -> list[Resource]:
        return [r for r in self.resources if r.splits is None or self.split in r.splits]

    def _prepare(self, download: bool, checksum: bool) -> None:
        if self._exists():
            return
        needed = self._needed()
        missing = [r for r in needed if not (self.root / r.filename).is_file()]
        if missing and not download:
            raise DatasetNotFoundError(self.name, self.root)
        for resource in needed:
            path = self.root / resource.filename
            if path.is_file():
                if checksum and not check_integrity(path, resource.md5, resource.sha256):
                    raise ChecksumError(
                        f"{path} does not match its published checksum; delete it and run "
                        "again with download=True"
                    )
            else:
                download_url(resource.url, self.root, resource.filename,
                             md5=resource.md5 if checksum else None,
                             sha256=resource.sha256 if checksum else None)
            if resource.extract:
                extract_archive(path, self.root)
        if not self._exists():
            raise InvalidDataError(
                f"{self.name}: the files expected in {self.root} are missing even after "
                f"extracting {', '.join(r.filename for r in needed) or 'nothing'}; the archive "
                "may be incomplete or of another version — delete it and download again"
            )

    # -- misc ---------------------------------------------------------------------------------
    @abc.abstractmethod
    def __getitem__(self, index: int) -> Sample: ...

    @abc.abstractmethod
    def __len__(self) -> int: ...

    def _apply(self, sample: Sample) -> Sample:
        return self.transforms(sample) if self.transforms is not None else sample

    def __add__(self, other: Dataset[Sample]) -> ConcatDataset[Sample]:
        return ConcatDataset([self, other])

    def __repr__(self) -> str:
        return (f"{type(self).__name__}(root={str(self.root)!r}, split={self.split!r}, "
                f"bands={len(self.bands)}, samples={len(self)})")

    def plot(self, sample: Sample, show_titles: bool = True, suptitle: str | None = None
             ) -> Figure:
        """A figure of the sample: image (RGB if available), masks, label and prediction."""
        from geoplug.core.plot import plot_sample

        return plot_sample(sample, rgb_indices=self.rgb_indices, classes=self.classes,
                           show_titles=show_titles, suptitle=suptitle)


class NonGeoClassificationDataset(NonGeoDataset):
    """Class-per-folder chips (``<root>/<folder>/<class>/<image>``), read with rasterio.

    ``classes`` and the folder holding the class folders (:meth:`_class_root`) come from the
    subclass; ``_split_filter`` may restrict the files to an official split list.
    """

    extensions: ClassVar[tuple[str, ...]] = (".tif", ".tiff", ".png", ".jpg", ".jpeg")

    def _class_root(self) -> Path:
        return self.root

    def _exists(self) -> bool:
        folder = self._class_root()
        return folder.is_dir() and any(p.is_dir() for p in folder.iterdir())

    def _split_filter(self) -> set[str] | None:
        """File names of this split, or ``None`` for all files."""
        return None

    def _load(self) -> None:
        folder = self._class_root()
        names = self.classes or tuple(sorted(p.name for p in folder.iterdir() if p.is_dir()))
        self.class_names = names
        self.class_to_idx = {c: i for i, c in enumerate(names)}
        keep = self._split_filter()
        self.samples: list[tuple[Path, int]] = []
        for cls_name in names:
            for path in sorted((folder / cls_name).glob("*")):
                if path.suffix.lower() in self.extensions and (
                    keep is None or path.name in keep
                ):
                    self.samples.append((path, self.class_to_idx[cls_name]))

    def __len__(self) -> int:
        return len(self.samples)

    def __getitem__(self, index: int) -> Sample:
        import rasterio
        import torch

        path, label = self.samples[index]
        try:
            with rasterio.open(path) as src:
                array = src.read(
                    [i + 1 for i in self.band_indices] if self.all_bands else None
                )
        except rasterio.errors.RasterioIOError as exc:
            raise InvalidDataError(f"{self.name}: cannot read {path}: {exc}") from exc
        sample = {"image": torch.from_numpy(array.astype("float32")),
                  "label": torch.tensor(label, dtype=torch.int64)}
        return self._apply(sample)
