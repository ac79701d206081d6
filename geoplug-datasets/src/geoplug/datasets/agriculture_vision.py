"""Agriculture-Vision: aerial RGB-NIR farmland tiles with nine annotated field patterns.

The 2021 challenge release (``Agriculture-Vision-2021.tar.gz`` on Hugging Face, the same tree
as the publisher's S3 copy ``cvpr_challenge_2021/supervised``) holds ``train/``, ``val/`` and
``test/``, each with ``images/rgb/<tile>.jpg`` and ``images/nir/<tile>.jpg`` (512x512),
``boundaries/<tile>.png`` (the field's extent) and ``masks/<tile>.png`` (valid pixels); train
and val also have ``labels/<pattern>/<tile>.png``, one binary mask per pattern, because
patterns overlap. Tiles are named ``<field id>_<x1>-<y1>-<x2>-<y2>``.

The challenge scores background plus eight patterns (storm damage is shipped but not
evaluated) and leaves pixels outside the boundary or the valid mask out; with overlapping
labels a prediction of any of a pixel's labels counts as correct. A single-label mask must
still pick one: here the first class in :attr:`classes` order wins, which the challenge's
metric scores the same as any other of the pixel's labels. A pixel marked with storm damage
alone is no background: it is left out (:data:`IGNORE_INDEX`), as the public conversion
scripts do; a pixel that also carries an evaluated pattern keeps that pattern.
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, ClassVar

import numpy as np

from geoplug.core.download import Resource
from geoplug.core.errors import InvalidDataError
from geoplug.core.nongeo import NonGeoDataset, Sample, Transforms
from geoplug.datasets._catalog import spec
from geoplug.datasets._catalog.segmentation_agriculture_vision import (
    AGRICULTURE_VISION_DIR,
    AGRICULTURE_VISION_HOMEPAGE,
    AGRICULTURE_VISION_IGNORE,
    AGRICULTURE_VISION_LABELS,
    AGRICULTURE_VISION_UNEVALUATED,
)
from geoplug.datasets._chipio import read_image
from geoplug.datasets._seg_modern import locate, read_mask, seg_sample

if TYPE_CHECKING:  # pragma: no cover
    from matplotlib.figure import Figure

__all__ = ["IGNORE_INDEX", "AgricultureVision"]

#: mask value of pixels the challenge does not evaluate (outside boundary or valid mask)
IGNORE_INDEX = AGRICULTURE_VISION_IGNORE
_ARCHIVE = f"{AGRICULTURE_VISION_DIR}.tar.gz"
_HF = ("https://huggingface.co/datasets/shi-labs/Agriculture-Vision/resolve/"
       "3d7d6c5fbf08e3d05aff6d04d0ea9dcb846b4acb")


class AgricultureVision(NonGeoDataset, spec=spec("agriculture_vision")):
    """Agriculture-Vision 2021 tiles of one split.

    Samples: ``image`` float32 ``[C,512,512]`` (R, G, B, NIR by default, 0-255); for train
    and val ``mask`` int64 ``[512,512]``: 0 background, 1-8 the patterns of :attr:`classes`
    (the first in that order where several overlap) and :data:`IGNORE_INDEX` (-1) outside
    the field boundary or the valid-pixel mask. With ``multilabel=True`` the ``mask`` is the
    multi-hot ``[8,512,512]`` instead (channel ``k`` = class ``k + 1``; -1 in every channel
    where the pixel is not evaluated), which keeps every overlapping label. The test split
    ships no labels: its samples hold ``image`` only.

    Citation: Chiu et al., "Agriculture-Vision: A Large Aerial Image Database for
    Agricultural Pattern Analysis", CVPR 2020.
    """

    resources: ClassVar[tuple[Resource, ...]] = (
        Resource(url=f"{_HF}/{_ARCHIVE}", filename=_ARCHIVE,
                 sha256="b952dbac47333f387a0348846eff8f322df99099c88ced50bd070eb455d089a6"),
    )

    def __init__(
        self,
        root: str | os.PathLike[str] = "data",
        split: str = "train",
        bands: Sequence[str] | None = None,
        transforms: Transforms | None = None,
        download: bool = False,
        checksum: bool = False,
        multilabel: bool = False,
    ) -> None:
        """
        Args:
            multilabel: return ``mask`` as the multi-hot ``[8,H,W]`` of every pattern
                rather than one class per pixel.

        Raises:
            ValueError: unknown split or band.
            DatasetNotFoundError: the split's folder and the archive are absent and
                ``download`` is False.
            ChecksumError: ``checksum`` is True and the archive does not match.
            InvalidDataError: the split holds no tile, or (when read) a tile's NIR image,
                boundary, valid mask or a pattern's label is missing or unreadable.
        """
        self.multilabel = multilabel
        super().__init__(root, split, bands, transforms, download, checksum)

    @property
    def folder(self) -> Path:
        """The split's folder: ``<base>/<split>``, where the base is ``root``, the archive's
        ``Agriculture-Vision-2021/`` below it, or the S3 copy's
        ``supervised/Agriculture-Vision-2021/``."""
        marker = f"{self.split}/images/rgb"
        for base in (self.root, self.root / AGRICULTURE_VISION_DIR,
                     self.root / "supervised" / AGRICULTURE_VISION_DIR):
            if (base / marker).is_dir():
                return base / self.split
        return locate(self.root, marker) / self.split

    def _exists(self) -> bool:
        return (self.folder / "images" / "rgb").is_dir()

    def _not_found_hint(self) -> str:
        return (f"looked for {self.split}/images/rgb/ under {self.root} (or under "
                f"{AGRICULTURE_VISION_DIR}/ or supervised/{AGRICULTURE_VISION_DIR}/ there); "
                f"pass download=True to fetch {_ARCHIVE} (21 GB) from {_HF}, or copy "
                "s3://intelinair-data-releases/agriculture-vision/cvpr_challenge_2021/"
                f"supervised into {self.root} (see {AGRICULTURE_VISION_HOMEPAGE})")

    def _load(self) -> None:
        rgb = self.folder / "images" / "rgb"
        self.tiles: list[str] = sorted(p.stem for p in rgb.glob("*.jpg"))
        self.labelled = (self.folder / "labels").is_dir()
        if self.split != "test" and self.tiles and not self.labelled:
            raise InvalidDataError(
                f"{self.name}: {self.folder / 'labels'} is missing (the {self.split!r} split "
                f"ships one folder per pattern there); extract {_ARCHIVE} again")

    def _empty_reason(self) -> str:
        return (f"{self.folder / 'images' / 'rgb'} holds no <field>_<x1>-<y1>-<x2>-<y2>.jpg "
                f"tile; extract {_ARCHIVE} again")

    def __len__(self) -> int:
        return len(self.tiles)

    def _path(self, *parts: str) -> Path:
        path = self.folder.joinpath(*parts)
        if not path.is_file():
            raise InvalidDataError(
                f"{self.name}: {path} is missing (tile {path.stem} of the {self.split!r} "
                f"split); extract {_ARCHIVE} again")
        return path

    def _image(self, tile: str) -> np.ndarray:
        """The selected bands ``[C,H,W]``; the RGB and NIR files are read only if needed."""
        layers: dict[int, np.ndarray] = {}
        if any(i < 3 for i in self.band_indices):
            rgb = read_image(self._path("images", "rgb", f"{tile}.jpg"), "RGB")
            layers.update({i: rgb[i] for i in range(3)})
        if 3 in self.band_indices:
            layers[3] = read_image(self._path("images", "nir", f"{tile}.jpg"), "L")
        return np.stack([layers[i] for i in self.band_indices])

    def labels(self, index: int) -> np.ndarray:
        """The multi-hot labels ``[8,H,W]`` of tile ``index`` (1 where a pattern is marked),
        before the boundary and valid mask are applied.

        Raises:
            InvalidDataError: a pattern's label file is missing or unreadable.
        """
        tile = self.tiles[index]
        return np.stack([read_mask(self._path("labels", name, f"{tile}.png")) > 0
                         for name in AGRICULTURE_VISION_LABELS]).astype(np.int64)

    def valid(self, index: int) -> np.ndarray:
        """True where the challenge evaluates tile ``index``: inside its field boundary and
        its valid-pixel mask."""
        tile = self.tiles[index]
        boundary = read_mask(self._path("boundaries", f"{tile}.png"))
        mask = read_mask(self._path("masks", f"{tile}.png"))
        return (boundary > 0) & (mask > 0)

    def unevaluated(self, index: int) -> np.ndarray | None:
        """True where tile ``index`` is marked with a pattern the challenge does not score
        (storm damage); ``None`` for a copy without those label files."""
        tile = self.tiles[index]
        marked = None
        for name in AGRICULTURE_VISION_UNEVALUATED:
            path = self._path("labels", name, f"{tile}.png")
            if path.is_file():
                layer = read_mask(path) > 0
                marked = layer if marked is None else marked | layer
        return marked

    def __getitem__(self, index: int) -> Sample:
        image = self._image(self.tiles[index])
        if not self.labelled:
            return self._apply(seg_sample(image, None))
        multi = self.labels(index)
        valid = self.valid(index)
        unscored = self.unevaluated(index)
        if unscored is not None:  # storm damage alone: neither background nor a class
            valid &= ~(unscored & ~multi.any(axis=0))
        if self.multilabel:
            mask = np.where(valid[None], multi, IGNORE_INDEX)
        else:
            mask = np.where(multi.any(axis=0), multi.argmax(axis=0) + 1, 0)
            mask = np.where(valid, mask, IGNORE_INDEX)
        return self._apply(seg_sample(image, mask))

    def plot(self, sample: Sample, show_titles: bool = True, suptitle: str | None = None
             ) -> Figure:
        """The image (RGB) and the mask; a multi-hot mask is shown as one class per pixel."""
        mask = sample.get("mask")
        if mask is not None and mask.ndim == 3:
            import torch

            marked = mask > 0
            single = torch.where(marked.any(dim=0), marked.int().argmax(dim=0) + 1, 0)
            sample = {**sample, "mask": torch.where(mask[0] < 0, IGNORE_INDEX, single)}
        return super().plot(sample, show_titles=show_titles, suptitle=suptitle)
