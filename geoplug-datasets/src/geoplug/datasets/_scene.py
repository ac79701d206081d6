"""Shared reading path of the class-per-folder scene classification benchmarks.

EuroSAT, RESISC45, UC Merced, PatternNet and ADVANCE all ship ``<folder>/<class>/<image>``
trees; most are split by the published lists of Neumann et al. (2019), one file name per line.
This module finds the class folder (publishers and mirrors nest it differently), filters it by
the split list (matching on the file *stem*, because the lists name ``.jpg`` files even for the
GeoTIFF release of EuroSAT) and reads images without loading anything it does not return.
"""

from __future__ import annotations

import os
import warnings
from collections.abc import Mapping
from pathlib import Path
from typing import Any, ClassVar, Literal

import numpy as np

from geoplug.core.errors import InvalidDataError
from geoplug.core.nongeo import NonGeoClassificationDataset, Resource, Sample

__all__ = ["SceneClassificationDataset", "read_pil", "read_raster", "split_list_resources"]

_PIL_SUFFIXES = (".jpg", ".jpeg", ".png")


def split_list_resources(base_url: str, pattern: str, checksums: Mapping[str, str],
                         algorithm: Literal["md5", "sha256"] = "md5") -> tuple[Resource, ...]:
    """One non-archive resource per split list ``pattern.format(split=...)`` under ``base_url``.

    The Neumann et al. (2019) lists are published next to each archive the same way, so the
    datasets using them only name the pattern and the checksum of each split.
    """
    resources = []
    for split, digest in checksums.items():
        filename = pattern.format(split=split)
        resources.append(Resource(url=f"{base_url}{filename}", filename=filename,
                                  md5=digest if algorithm == "md5" else None,
                                  sha256=digest if algorithm == "sha256" else None,
                                  extract=False, splits=(split,)))
    return tuple(resources)


def read_pil(path: Path, band_indices: list[int]) -> np.ndarray:
    """Decode a JPEG/PNG as ``[C, H, W]`` with the selected channels, in that order.

    Raises:
        InvalidDataError: the file is not a readable image.
    """
    from PIL import Image, UnidentifiedImageError

    try:
        with Image.open(path) as img:
            array = np.asarray(img.convert("RGB") if img.mode not in ("RGB", "L") else img)
    except (OSError, UnidentifiedImageError) as exc:
        raise InvalidDataError(f"cannot read image {path}: {exc}; the file is corrupt or "
                               "truncated — extract the archive again") from exc
    if array.ndim == 2:
        array = array[:, :, None]
    return np.ascontiguousarray(array.transpose(2, 0, 1)[band_indices])


def read_raster(path: Path, band_indices: list[int]) -> tuple[np.ndarray, Any]:
    """Read the selected bands of a (Geo)TIFF with rasterio; also return the open profile.

    Only the requested bands are decoded. Chips without georeferencing (UC Merced) are
    legitimate, so rasterio's ``NotGeoreferencedWarning`` is silenced here.

    Raises:
        InvalidDataError: the file cannot be read or has fewer bands than expected.
    """
    import rasterio
    from rasterio.errors import NotGeoreferencedWarning, RasterioIOError

    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", NotGeoreferencedWarning)
            with rasterio.open(path) as src:
                if max(band_indices) >= src.count:
                    raise InvalidDataError(
                        f"{path} has {src.count} bands, expected at least "
                        f"{max(band_indices) + 1}; is this the right release of the dataset?"
                    )
                array = src.read([i + 1 for i in band_indices])
                meta = {"crs": src.crs, "bounds": src.bounds}
    except RasterioIOError as exc:
        raise InvalidDataError(f"cannot read {path}: {exc}; the file is corrupt or truncated "
                               "— extract the archive again") from exc
    return array, meta


class SceneClassificationDataset(NonGeoClassificationDataset):
    """Class-per-folder chips, optionally restricted by a published split list.

    Subclasses declare:

    * ``image_dirs``: candidate folders (relative to ``root``) that hold the class folders,
      in order of preference (the publisher's archive layout first, then mirrors);
    * ``split_lists``: file name of each split's list in ``root`` (empty: no official split,
      every image belongs to the single split);
    * ``classes``: class folder names, in label order.
    """

    image_dirs: ClassVar[tuple[str, ...]] = ()
    split_lists: ClassVar[dict[str, str]] = {}

    # -- files --------------------------------------------------------------------------------
    def _class_root(self) -> Path:
        for rel in self.image_dirs:
            folder = self.root / rel
            if folder.is_dir() and any((folder / c).is_dir() for c in self.classes):
                return folder
        return self.root / self.image_dirs[0]

    def _split_list_path(self) -> Path | None:
        name = self.split_lists.get(self.split)
        return self.root / name if name else None

    def _exists(self) -> bool:
        folder = self._class_root()
        if not (folder.is_dir() and any((folder / c).is_dir() for c in self.classes)):
            return False
        split_list = self._split_list_path()
        return split_list is None or split_list.is_file()

    def _split_filter(self) -> set[str] | None:
        """Stems of this split's files, or ``None`` when the dataset has no split lists."""
        path = self._split_list_path()
        if path is None:
            return None
        with open(path, encoding="utf-8") as f:
            return {os.path.splitext(os.path.basename(line.strip()))[0]
                    for line in f if line.strip()}

    def _load(self) -> None:
        folder = self._class_root()
        self.class_names = self.classes
        self.class_to_idx = {c: i for i, c in enumerate(self.classes)}
        keep = self._split_filter()
        self.samples: list[tuple[Path, int]] = []
        for label, name in enumerate(self.classes):
            class_dir = folder / name
            if not class_dir.is_dir():
                continue
            with os.scandir(class_dir) as entries:
                files = sorted(e.name for e in entries if e.is_file())
            for file in files:
                stem, suffix = os.path.splitext(file)
                if suffix.lower() in self.extensions and (keep is None or stem in keep):
                    self.samples.append((class_dir / file, label))
        if not self.samples:
            where = f" listed in {self._split_list_path()}" if keep is not None else ""
            raise InvalidDataError(
                f"{self.name}: no images{where} were found under {folder}; the download may be "
                "incomplete or of another release — delete the folder and download again"
            )

    # -- reading ------------------------------------------------------------------------------
    def _read(self, path: Path) -> tuple[np.ndarray, dict[str, Any]]:
        """The selected bands of one chip as ``[C, H, W]`` plus extra sample entries."""
        if path.suffix.lower() in _PIL_SUFFIXES:
            return read_pil(path, self.band_indices), {}
        array, _ = read_raster(path, self.band_indices)
        return array, {}

    def __getitem__(self, index: int) -> Sample:
        import torch

        path, label = self.samples[index]
        array, extra = self._read(path)
        sample: Sample = {"image": torch.from_numpy(array.astype(np.float32)),
                          "label": torch.tensor(label, dtype=torch.int64)}
        sample.update(extra)
        return self._apply(sample)
