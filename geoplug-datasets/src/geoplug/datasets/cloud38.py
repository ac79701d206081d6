"""38-Cloud and 95-Cloud: Landsat 8 cloud segmentation patches (Mohajerani & Saeedi).

The publisher cuts Landsat 8 Collection 1 Level-1 scenes into 384x384 patches and ships one
uint16 TIF per band and patch, each band in its own folder, with the 0/255 ground truth
beside them (training set only; the test set has scene-level truth in ``Entire_scene_gts``)::

    38-Cloud_training/train_red/red_patch_<n>_<r>_by_<c>_<scene id>.TIF
                      train_green/  train_blue/  train_nir/  train_gt/gt_patch_....TIF
                      training_patches_38-Cloud.csv          (column ``name``)
    38-Cloud_test/test_red/red_patch_....TIF  test_green/ test_blue/ test_nir/
                  test_patches_38-Cloud.csv
    training_patches_38-cloud_nonempty.csv                   (Kaggle; 38-Cloud_training/ too)

95-Cloud adds ``95-cloud_training_only_additional_to38-cloud/`` whose band folders are named
``train_<band>_additional_to38cloud/`` in the publisher's release (``train_<band>/`` is read
too), with ``training_patches_95-cloud_nonempty.csv`` listing the informative patches of both
parts. Its test set is 38-Cloud's.

Some patches are all black (the scene's margin). ``nonempty=True`` keeps only the patches of
the publisher's non-empty list (patches with less than 80 % margin, training split only); the
default ``False`` reads every patch, as the paper's patch counts do. The publisher distributes
the data through SFU vault share links and Kaggle (login), without checksums, so there is no
``download=True``.
"""

from __future__ import annotations

import csv
import os
from collections.abc import Sequence
from pathlib import Path
from typing import ClassVar

import numpy as np
import torch

from geoplug.core.errors import DatasetNotFoundError, InvalidDataError
from geoplug.core.nongeo import NonGeoDataset, Sample, Transforms
from geoplug.datasets._catalog import spec
from geoplug.datasets._catalog.segmentation_cloud38 import CLOUD38_FOLDERS
from geoplug.datasets._tiling import read_window

__all__ = ["Cloud38", "Cloud95"]

_TRAIN = "38-Cloud_training"
_TEST = "38-Cloud_test"
_EXTRA = "95-cloud_training_only_additional_to38-cloud"
_LISTS = {"train": "training_patches_38-Cloud.csv", "test": "test_patches_38-Cloud.csv"}


def _read_names(path: Path) -> list[str]:
    """The ``name`` column of a publisher patch list.

    Raises:
        InvalidDataError: the file cannot be read or has no ``name`` column.
    """
    try:
        with open(path, newline="", encoding="utf-8-sig") as f:
            reader = csv.DictReader(f)
            if reader.fieldnames is None or "name" not in reader.fieldnames:
                raise InvalidDataError(f"{path} has no 'name' column; it is not a 38-Cloud "
                                       "patch list")
            return [row["name"].strip() for row in reader if row["name"].strip()]
    except OSError as exc:
        raise InvalidDataError(f"cannot read {path}: {exc}") from exc


class _Part:
    """One folder of patches: where its band files lie and which patches it holds."""

    def __init__(self, base: Path, prefix: str, suffix: str, names: list[str]) -> None:
        self.base, self.prefix, self.suffix, self.names = base, prefix, suffix, names

    def band_path(self, colour: str, name: str) -> Path:
        return self.base / f"{self.prefix}_{colour}{self.suffix}" / f"{colour}_{name}.TIF"


class Cloud38(NonGeoDataset, spec=spec("cloud38")):
    """38-Cloud patches: ``image`` float32 ``[C,384,384]`` (selected bands of B4 red, B3
    green, B2 blue, B5 NIR, raw uint16 values), ``mask`` int64 ``[H,W]`` (0 clear, 1 cloud;
    train split only: the test split has no patch ground truth).

    ``nonempty``: keep only the patches of the publisher's non-empty list (train split; default
    ``False``, every patch).
    """

    #: file names of the publisher's non-empty patch list, first found wins
    nonempty_lists: ClassVar[tuple[str, ...]] = ("training_patches_38-cloud_nonempty.csv",)

    def __init__(self, root: str | os.PathLike[str] = "data", split: str = "train",
                 bands: Sequence[str] | None = None, transforms: Transforms | None = None,
                 download: bool = False, checksum: bool = False, *,
                 nonempty: bool = False) -> None:
        """See :class:`~geoplug.core.nongeo.NonGeoDataset`; ``nonempty`` as in the class doc.

        Raises:
            DatasetNotFoundError: the split's folders are absent (also with ``download=True``:
                the publisher offers no direct download).
            InvalidDataError: a patch list is unreadable, or ``nonempty`` without the list.
        """
        self.nonempty = nonempty
        super().__init__(root, split, bands, transforms, download, checksum)

    # -- files --------------------------------------------------------------------------------
    def _split_folder(self) -> Path:
        return self.root / (_TRAIN if self.split == "train" else _TEST)

    def _exists(self) -> bool:
        return (self._split_folder() / f"{self.split}_red").is_dir()

    def _not_found_hint(self) -> str:
        return (f"expected {self._split_folder() / (self.split + '_red')} and its sibling band "
                "folders; download the dataset from the links of "
                f"{self.spec.homepage if self.spec else 'the homepage'} (SFU vault or Kaggle, "
                "no direct download: download=True cannot fetch it) and extract it into root")

    def _prepare(self, download: bool, checksum: bool) -> None:
        """Only find the files: the publisher has no direct, checksummed download."""
        if not self._exists():
            raise DatasetNotFoundError(self.name, self.root, hint=self._not_found_hint())

    def _names(self, folder: Path, listing: str | None, band_folder: Path) -> list[str]:
        """Patch names of one part: its CSV when shipped, else the red band files."""
        if listing is not None and (folder / listing).is_file():
            return _read_names(folder / listing)
        if not band_folder.is_dir():
            return []
        return sorted(p.name[len("red_"):-len(".TIF")] for p in band_folder.iterdir()
                      if p.name.startswith("red_") and p.name.upper().endswith(".TIF"))

    def _parts(self) -> list[_Part]:
        folder = self._split_folder()
        return [_Part(folder, self.split, "",
                      self._names(folder, _LISTS[self.split], folder / f"{self.split}_red"))]

    def _nonempty_names(self) -> set[str]:
        """The publisher's non-empty list, looked for in root and the training folders.

        Raises:
            InvalidDataError: no list is found.
        """
        for listing in self.nonempty_lists:
            for folder in (self.root, self.root / _TRAIN, self.root / _EXTRA):
                if (folder / listing).is_file():
                    return set(_read_names(folder / listing))
        raise InvalidDataError(
            f"{self.name}: nonempty=True needs {' or '.join(self.nonempty_lists)} in {self.root} "
            f"or {self.root / _TRAIN}; it was not found")

    def _load(self) -> None:
        self.parts = self._parts()
        keep = self._nonempty_names() if self.nonempty and self.split == "train" else None
        self.patches: list[tuple[_Part, str]] = [
            (part, name) for part in self.parts for name in part.names
            if keep is None or name in keep]

    def _empty_reason(self) -> str:
        return ("no patch is listed in the split's CSV or found as red_*.TIF"
                + (" among the non-empty list" if self.nonempty else ""))

    # -- samples ------------------------------------------------------------------------------
    def __len__(self) -> int:
        return len(self.patches)

    def __getitem__(self, index: int) -> Sample:
        part, name = self.patches[index]
        image = np.stack([read_window(part.band_path(CLOUD38_FOLDERS[b], name), None, [1])[0][0]
                          for b in self.bands]).astype(np.float32)
        sample: Sample = {"image": torch.from_numpy(image)}
        if self.split == "train":
            gt, _ = read_window(part.band_path("gt", name), None, [1])
            sample["mask"] = torch.from_numpy((gt[0] > 0).astype(np.int64))
        return self._apply(sample)


class Cloud95(Cloud38, spec=spec("cloud95")):
    """95-Cloud: 38-Cloud's training patches plus those of
    ``95-cloud_training_only_additional_to38-cloud/`` (samples as :class:`Cloud38`); the test
    split is 38-Cloud's. ``nonempty`` filters both parts by
    ``training_patches_95-cloud_nonempty.csv``.
    """

    nonempty_lists: ClassVar[tuple[str, ...]] = ("training_patches_95-cloud_nonempty.csv",)

    def _extra(self) -> _Part | None:
        """The additional training part, in the publisher's or the plain folder naming."""
        base = self.root / _EXTRA
        for suffix in ("_additional_to38cloud", ""):
            red = base / f"train_red{suffix}"
            if red.is_dir():
                return _Part(base, "train", suffix, self._names(base, None, red))
        return None

    def _exists(self) -> bool:
        return super()._exists() and (self.split == "test" or self._extra() is not None)

    def _not_found_hint(self) -> str:
        hint = super()._not_found_hint()
        if self.split == "train":
            hint += f", next to {self.root / _EXTRA}/train_red_additional_to38cloud"
        return hint

    def _parts(self) -> list[_Part]:
        parts = super()._parts()
        extra = self._extra() if self.split == "train" else None
        return parts + ([extra] if extra is not None else [])
