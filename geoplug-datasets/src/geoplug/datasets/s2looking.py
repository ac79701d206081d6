"""S2Looking: side-looking satellite image pairs of rural areas with building-change masks.

Shen et al. (Remote Sensing 2021) publish 5,000 registered pairs of 1024x1024 RGB PNGs
(0.5-0.8 m, off-nadir views) in one archive, ``S2Looking.zip``, that unpacks to
``S2Looking/<split>/`` with five same-named files per pair:

- ``Image1/<id>.png`` and ``Image2/<id>.png``: the two acquisitions (8-bit RGB), returned in
  this order as ``image[0]`` and ``image[1]``;
- ``label/<id>.png``: the change mask (greyscale, 0 / 255), the default ``mask``;
- ``label1/<id>.png`` (newly built buildings) and ``label2/<id>.png`` (demolished buildings):
  RGB maps, one drawn in blue and the other in red, 0 / 255; any non-zero channel marks a
  pixel, so the colour of either map does not matter.

Ids are integers from one pool of 1..5000 shared by the three splits (3,500 train, 500 val,
1,000 test) and are read in numeric order. A copy extracted without the ``S2Looking`` top
folder (``<root>/<split>/Image1``) is read as well.

``mask="direction"`` returns the two publisher maps in one ``[H, W]`` mask: 0 no change,
1 newly built (``label1``), 2 demolished (``label2``), 3 both (a footprint the annotators
marked in both maps, typically rebuilt in place). Codes 1 and 2 follow the publisher's
folders and the paper's words for them; their meaning relative to ``image[0]`` and
``image[1]`` is unverified: the publisher does not state which image is the earlier, and a
third-party audit found ``label1`` buildings visible in ``Image1`` (which would make code 1
"demolished" if ``Image1`` were the earlier). Check a few pairs before relying on the
direction of change.
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from pathlib import Path
from typing import ClassVar

import numpy as np

from geoplug.core.download import Resource
from geoplug.core.errors import InvalidDataError
from geoplug.core.nongeo import NonGeoDataset, Sample, Transforms
from geoplug.datasets._bitemporal import natural_key
from geoplug.datasets._catalog import spec
from geoplug.datasets._catalog.change_s2looking import (
    S2LOOKING_CHANGE_CLASSES,
    S2LOOKING_DIR,
    S2LOOKING_DIRECTION_CLASSES,
)
from geoplug.datasets._chipio import read_image
from geoplug.datasets._seg_modern import locate

__all__ = ["S2Looking"]

#: Google Drive's direct-download endpoint of the one file of the publisher's Drive folder
#: (``confirm=t`` skips the page Drive shows for large files)
_URL = ("https://drive.usercontent.google.com/download?export=download&confirm=t&"
        "id=1YAUrUp3QtZ6VMM1nSuqOjveIVO9ADOY1")
_SHA256 = "4100e5bfadd53556a3508cdec99bdf789a2289a303328119469437d6d1b0c6b8"
#: the folders of one split: the two images, then the masks
_IMAGES = ("Image1", "Image2")
#: mask option -> the mask folders it reads and the classes of its codes
_MASKS: dict[str, tuple[tuple[str, ...], tuple[str, ...]]] = {
    "change": (("label",), S2LOOKING_CHANGE_CLASSES),
    "direction": (("label1", "label2"), S2LOOKING_DIRECTION_CLASSES),
}


def _marked(path: Path) -> np.ndarray:
    """``[H, W]`` bool: pixels non-zero in any channel (grey, blue-only or red-only maps)."""
    return np.asarray(read_image(path, "RGB").max(axis=0) > 0)


class S2Looking(NonGeoDataset, spec=spec("s2looking")):
    """S2Looking building change detection: ``image`` float32 [2, 3, H, W] (``Image1``,
    ``Image2``), ``mask`` int64 [H, W] (``mask="change"``: 1 = change;
    ``mask="direction"``: 0 none, 1 newly built, 2 demolished, 3 both)."""

    resources: ClassVar[tuple[Resource, ...]] = (
        Resource(url=_URL, filename="S2Looking.zip", sha256=_SHA256),
    )

    def __init__(
        self,
        root: str | os.PathLike[str] = "data",
        split: str = "train",
        bands: Sequence[str] | None = None,
        transforms: Transforms | None = None,
        download: bool = False,
        checksum: bool = False,
        *,
        mask: str = "change",
    ) -> None:
        """
        Args:
            mask: ``"change"`` (``label/``, binary) or ``"direction"`` (``label1/`` and
                ``label2/`` coded 0-3, see the module docstring).

        Raises:
            ValueError: unknown split, band or ``mask``.
            DatasetNotFoundError: neither the extracted split nor ``S2Looking.zip`` is under
                ``root`` and ``download`` is False.
            ChecksumError: ``checksum`` is True and ``S2Looking.zip`` does not match.
            InvalidDataError: an ``Image1`` file has no partner of its name in another folder.
        """
        if mask not in _MASKS:
            raise ValueError(f"{self.name}: mask={mask!r} is not one of {', '.join(_MASKS)}")
        self.mask = mask
        self._mask_dirs, classes = _MASKS[mask]
        self.classes = classes  # type: ignore[misc]  # follows mask
        super().__init__(root, split, bands, transforms, download, checksum)

    def _split_dir(self) -> Path:
        """``<root>/S2Looking/<split>`` as the archive unpacks (``S2Looking/S2Looking/<split>``
        in a clone of the publisher's repository), else ``<root>/<split>`` or the split under
        the one folder below ``root`` that holds it."""
        for nested in (self.root / S2LOOKING_DIR, self.root / S2LOOKING_DIR / S2LOOKING_DIR):
            if (nested / self.split / "Image1").is_dir():  # the archive, the publisher's git
                return nested / self.split
        return locate(self.root, f"{self.split}/Image1") / self.split

    def _exists(self) -> bool:
        return (self._split_dir() / "Image1").is_dir()

    def _not_found_hint(self) -> str:
        return (f"looked for {S2LOOKING_DIR}/{self.split}/Image1 and {self.split}/Image1 and "
                f"for S2Looking.zip under {self.root}; pass download=True to fetch the archive "
                "(11 GB) from the publisher's Google Drive folder, or download it from "
                "https://github.com/S2Looking/Dataset and put it there")

    def _empty_reason(self) -> str:
        return (f"{self._split_dir() / 'Image1'} holds no <id>.png; extract S2Looking.zip "
                "again or pass download=True")

    def _load(self) -> None:
        """Index ``(Image1, Image2, *masks)`` per pair, in the publisher's numeric order.

        Raises:
            InvalidDataError: a pair lacks its ``Image2`` or a mask file (a partly extracted
                archive would otherwise pair the wrong files or crash mid-epoch).
        """
        folder = self._split_dir()
        firsts = sorted((p for p in (folder / "Image1").glob("*.png")
                         if not p.name.startswith(".")), key=natural_key)
        self.files: list[tuple[Path, ...]] = []
        for first in firsts:
            paths = (first, *(folder / sub / first.name
                              for sub in (*_IMAGES[1:], *self._mask_dirs)))
            missing = [str(p) for p in paths if not p.is_file()]
            if missing:
                raise InvalidDataError(
                    f"{self.name}: {first} has no partner {' nor '.join(missing)}; the archive "
                    "looks incompletely extracted — delete the S2Looking folder and extract "
                    "S2Looking.zip again"
                )
            self.files.append(paths)

    def __len__(self) -> int:
        return len(self.files)

    def _read_mask(self, paths: Sequence[Path]) -> np.ndarray:
        """The ``[H, W]`` int64 mask: ``label`` as 0/1, or ``label1`` + 2 * ``label2``."""
        marked = [_marked(path) for path in paths]
        code = np.zeros(marked[0].shape, dtype=np.int64)
        for bit, layer in enumerate(marked):
            code |= layer.astype(np.int64) << bit
        return code

    def __getitem__(self, index: int) -> Sample:
        import torch

        paths = self.files[index]
        dates = [read_image(path)[self.band_indices] for path in paths[:2]]
        mask = self._read_mask(paths[2:])
        if any(d.shape[1:] != mask.shape for d in dates):
            raise InvalidDataError(
                f"{self.name}: {paths[0].name} is {dates[0].shape[1:]} in Image1, "
                f"{dates[1].shape[1:]} in Image2 and {mask.shape} in its mask; the files "
                "are damaged — extract S2Looking.zip again"
            )
        return self._apply({"image": torch.from_numpy(np.stack(dates).astype(np.float32)),
                            "mask": torch.from_numpy(mask)})
