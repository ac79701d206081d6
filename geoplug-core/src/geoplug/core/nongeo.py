"""Datasets of pre-cut chips, indexed by integer.

One shared path handles what every benchmark dataset needs — finding its files, extracting
archives already on disk, downloading (verified, atomic) when asked, band selection and the
``DatasetNotFoundError`` that tells the user where we looked — so that each dataset only
declares its resources and reads its own layout.
"""

from __future__ import annotations

import abc
import os
from collections.abc import Callable, Mapping, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any, ClassVar

from torch.utils.data import ConcatDataset, Dataset

import geoplug.core.collate  # noqa: F401  (lets default_collate batch crs/bounds)
from geoplug.core.archives import settle_extractions
from geoplug.core.download import Resource, fetch
from geoplug.core.errors import DatasetNotFoundError, InvalidDataError

if TYPE_CHECKING:  # pragma: no cover
    from matplotlib.figure import Figure

    from geoplug.core.specs import DatasetSpec

__all__ = ["NonGeoClassificationDataset", "NonGeoDataset", "Resource", "Sample", "Transforms"]

Sample = dict[str, Any]
Transforms = Callable[[Sample], Sample]


class NonGeoDataset(Dataset[Sample], abc.ABC):
    """Base of chip datasets: ``Cls(root, split, bands, transforms, download, checksum)``.

    Subclasses take ``name``, ``task``, ``splits``, ``all_bands``/``rgb_bands`` and ``classes``
    from their spec (``class MyData(NonGeoDataset, spec=SPEC)``, see
    :mod:`geoplug.core.specfacts`), declare ``resources`` and implement :meth:`_exists` (are
    the extracted files there?), :meth:`_load` (index the split) and
    ``__getitem__``/``__len__``.
    """

    name: ClassVar[str] = "dataset"
    splits: ClassVar[tuple[str, ...]] = ("train", "val", "test")
    all_bands: ClassVar[tuple[str, ...]] = ()
    rgb_bands: ClassVar[tuple[str, ...]] = ()
    classes: ClassVar[tuple[str, ...]] = ()
    task: ClassVar[str] = ""
    spec: ClassVar[DatasetSpec | None] = None
    resources: ClassVar[tuple[Resource, ...]] = ()

    def __init_subclass__(cls, spec: DatasetSpec | Mapping[str, Any] | None = None,
                          **kwargs: Any) -> None:
        """``class MyData(NonGeoDataset, spec=SPEC)`` reads the class facts from its spec.

        Raises:
            DatasetSpecError: the spec is invalid, not ``kind="nongeo"``, lists no splits,
                names RGB bands that are not among its bands, or the class body restates a
                fact it sets.
        """
        super().__init_subclass__(**kwargs)
        if spec is not None:
            from geoplug.core.specfacts import apply_spec

            apply_spec(cls, spec, "nongeo")

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
            InvalidDataError: the files are there but this split yields no sample (the
                message says why, see :meth:`_empty_reason`).
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
        settle_extractions(self.root)  # a killed or concurrent extraction is not a dataset
        self._prepare(download, checksum)
        self._load()
        if len(self) == 0 and not self._listed_empty():  # never a silent empty dataset
            raise InvalidDataError(
                f"{self.name}: found the files under {self.root} but the {split!r} split "
                f"yields no sample: {self._empty_reason()}"
            )

    def _listed_empty(self) -> bool:
        """True when the publisher's own index lists this split with no sample on purpose
        (an empty split is then allowed); subclasses that can tell override it."""
        return False

    def _empty_reason(self) -> str:
        """Why :meth:`_load` found no sample; subclasses name their own cause."""
        return ("its index (split list, tiles or annotations) is empty; the download may be "
                "incomplete or of another release — delete the folder and download again")

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
        """Find, else fetch (download, verify, extract) the files this split needs.

        Raises:
            DatasetNotFoundError: a resource is absent and ``download`` is False.
            ChecksumError: a file does not match its published checksum (see :func:`fetch`).
            OSError: a download failed.
            InvalidDataError: the expected files are still missing after extraction, or an
                archive is damaged (it is moved aside so the next download retries).
        """
        if self._exists():
            return
        needed = self._needed()
        if not download and any(not (self.root / r.filename).is_file() for r in needed):
            raise DatasetNotFoundError(self.name, self.root, hint=self._not_found_hint())
        fetch(needed, self.root, checksum)
        if not self._exists():
            raise InvalidDataError(
                f"{self.name}: the files expected in {self.root} are missing even after "
                f"extracting {', '.join(r.filename for r in needed) or 'nothing'}; the archive "
                "may be incomplete or of another version — delete it and download again"
            )

    def _not_found_hint(self) -> str:
        """Where the files were looked for and how to get them, when that says more than the
        default message (``""``)."""
        return ""

    # -- misc ---------------------------------------------------------------------------------
    @abc.abstractmethod
    def __getitem__(self, index: int) -> Sample: ...

    @abc.abstractmethod
    def __len__(self) -> int: ...

    def footprints(self) -> list[tuple[int, int, int, int, int]] | None:
        """Where each sample lies in the publisher's files, ``(file, row, col, height,
        width)`` per index, for chips cut from larger files (neighbours may share pixels);
        ``None`` (the default): each sample is a file of its own. A split carved from this one
        (:mod:`geoplug.trainers.carving`) then shares no pixel with it."""
        return None

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
    """Class-per-folder chips, ``<root>/<image dir>/<class>/<image>``: one label per chip.

    The one reader of such trees (EuroSAT, RESISC45, UC Merced, PatternNet, ADVANCE and any
    plugin's). A subclass sets, besides its spec's facts:

    * ``classes``: class folder names in label order (empty: the sorted sub-folders);
    * ``image_dirs``: candidate folders under ``root`` holding the class folders, in order of
      preference (the publisher's archive layout first, then mirrors; default: ``root``), or
      overrides :meth:`_class_root` when the folder depends on the split;
    * ``split_lists``: per split, the file under ``root`` listing its images, one per line
      (a split without one holds every image). Entries match on the file *stem*, because
      published lists may name ``.jpg`` files for a GeoTIFF release;
    * ``extensions``: the image suffixes to read;
    * ``complete_classes``: every class of ``classes`` ships a folder, so a split without a
      list that misses one is a partly extracted copy (raised, not read as fewer classes).

    JPEG/PNG chips are decoded with Pillow, others with rasterio, selected bands only
    (:func:`~geoplug.core.chipfiles.read_chip`); :meth:`_read` may add sample entries.
    """

    extensions: ClassVar[tuple[str, ...]] = (".tif", ".tiff", ".png", ".jpg", ".jpeg")
    image_dirs: ClassVar[tuple[str, ...]] = ()
    split_lists: ClassVar[dict[str, str]] = {}
    complete_classes: ClassVar[bool] = False

    # -- files --------------------------------------------------------------------------------
    def _has_classes(self, folder: Path) -> bool:
        if not folder.is_dir():
            return False
        if self.classes:
            return any((folder / c).is_dir() for c in self.classes)
        return any(p.is_dir() for p in folder.iterdir())

    def _class_root(self) -> Path:
        """The folder holding the class folders: the first of ``image_dirs`` that does."""
        for rel in self.image_dirs:
            if self._has_classes(self.root / rel):
                return self.root / rel
        return self.root / self.image_dirs[0] if self.image_dirs else self.root

    def _split_list_path(self) -> Path | None:
        name = self.split_lists.get(self.split)
        return self.root / name if name else None

    def _exists(self) -> bool:
        if not self._has_classes(self._class_root()):
            return False
        split_list = self._split_list_path()
        return split_list is None or split_list.is_file()

    def _split_filter(self) -> set[str] | None:
        """Stems of this split's files, or ``None`` when the split has no list."""
        path = self._split_list_path()
        if path is None:
            return None
        with open(path, encoding="utf-8") as f:
            return {os.path.splitext(os.path.basename(line.strip()))[0]
                    for line in f if line.strip()}

    def _load(self) -> None:
        """Index ``(path, label)`` of this split's images.

        Raises:
            InvalidDataError: the class folders hold no image of this split, or a class of
                the dataset's fixed list has no folder while a folder of no class is there
                (a copy that renamed it: ``Bareland`` for ``BareLand`` lost all its images),
                or an image of the split's list is in no class folder, or (with
                ``complete_classes``) a class has no folder at all.
        """
        folder = self._class_root()
        names = self.classes or tuple(sorted(p.name for p in folder.iterdir() if p.is_dir()))
        missing = [c for c in names if not (folder / c).is_dir()]
        strays = sorted(p.name for p in folder.iterdir() if p.is_dir() and p.name not in names
                        and not p.name.startswith(".")) if missing and folder.is_dir() else []
        if strays:
            raise InvalidDataError(
                f"{self.name}: no folder for the class(es) {missing} under {folder}, which "
                f"holds folders of no class: {strays}; restore the publisher's class folder "
                "names (they are case-sensitive) or download again")
        keep = self._split_filter()
        if missing and self.complete_classes and keep is None:
            raise InvalidDataError(
                f"{self.name}: no folder for the class(es) {missing} under {folder}; the "
                "archive was not fully extracted: delete the folder and extract it again")
        self.class_names = names
        self.class_to_idx = {c: i for i, c in enumerate(names)}
        suffixes = {e.lower() for e in self.extensions}
        self.samples: list[tuple[Path, int]] = []
        for label, cls_name in enumerate(names):
            class_dir = folder / cls_name
            if not class_dir.is_dir():
                continue
            with os.scandir(class_dir) as found:
                files = sorted(e.name for e in found if e.is_file())
            for file in files:
                stem, suffix = os.path.splitext(file)
                if suffix.lower() in suffixes and (keep is None or stem in keep):
                    self.samples.append((class_dir / file, label))
        if not self.samples:
            listed = f" listed in {self._split_list_path()}" if keep is not None else ""
            raise InvalidDataError(
                f"{self.name}: no {'/'.join(self.extensions)} image{listed} was found in the "
                f"class folders ({', '.join(names)}) under {folder}; the download may be "
                "incomplete or of another release — delete the folder and download again"
            )
        absent = sorted(keep - {p.stem for p, _ in self.samples}) if keep is not None else []
        if absent:  # a split quietly smaller than the one published
            raise InvalidDataError(
                f"{self.name}: {len(absent)} image(s) listed in {self._split_list_path()} "
                f"are in none of the class folders under {folder}, e.g. "
                f"{', '.join(absent[:3])}; the download may be incomplete — delete the folder "
                "and download again")

    # -- reading ------------------------------------------------------------------------------
    def _read(self, path: Path) -> tuple[Any, Sample]:
        """The selected bands of one chip as a ``[C, H, W]`` array, plus extra sample entries.

        Raises:
            InvalidDataError: the file cannot be decoded.
        """
        from geoplug.core.chipfiles import read_chip

        array, _ = read_chip(path, self.band_indices if self.all_bands else None)
        return array, {}

    def __len__(self) -> int:
        return len(self.samples)

    def __getitem__(self, index: int) -> Sample:
        import numpy as np
        import torch

        path, label = self.samples[index]
        array, extra = self._read(path)
        sample: Sample = {"image": torch.from_numpy(array.astype(np.float32)),
                          "label": torch.tensor(label, dtype=torch.int64)}
        sample.update(extra)
        return self._apply(sample)
