"""Brazilian Coffee Scenes: coffee / non-coffee SPOT tiles (Penatti et al., 2015).

64x64 px tiles cut from SPOT scenes of 2005 over four counties of Minas Gerais, Brazil
(Arceburgo, Guaranesia, Guaxupe and Monte Santo), labelled by agricultural researchers as
coffee or non-coffee. Each tile is a 3-channel JPEG whose channels are **green, red and
near-infrared** (not RGB). The PATREO group (UFMG) publishes ``brazilian_coffee_dataset.zip``,
which unpacks to ``brazilian_coffee_scenes/`` holding five folds for cross-validation:
``fold1/`` ... ``fold5/`` with the images, named after their place
(``arceburgo.T64.B128.L4672.R4736.jpg``), and ``fold1.txt`` ... ``fold5.txt`` listing each
fold's images with their label, one ``<label>.<name>`` per line
(``coffee.arceburgo.T64.B128.L4672.R4736``, ``noncoffee.<name>``).

Splits follow the published folds: ``split="test"`` is fold ``fold`` (1-5, default 1) and
``split="train"`` the four other folds, so that ``fold=1`` ... ``fold=5`` give the authors'
five-fold cross-validation. Labels: 0 = ``noncoffee``, 1 = ``coffee``.
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from pathlib import Path

from geoplug.core.download import Resource
from geoplug.core.errors import InvalidDataError
from geoplug.core.nongeo import NonGeoClassificationDataset, Transforms
from geoplug.datasets._catalog import spec

__all__ = ["BrazilianCoffeeScenes"]

#: the published folds
FOLDS = (1, 2, 3, 4, 5)


class BrazilianCoffeeScenes(NonGeoClassificationDataset,
                            spec=spec("brazilian_coffee_scenes")):
    """Coffee / non-coffee SPOT tiles; ``image`` float32 ``[3, 64, 64]`` (green, red, NIR),
    ``label`` int64 (0 non-coffee, 1 coffee)."""

    extensions = (".jpg",)
    image_dirs = ("brazilian_coffee_scenes", ".")
    #: the publisher's archive; no checksum is published, so none is pinned
    resources = (
        Resource(url="http://www.patreo.dcc.ufmg.br/wp-content/uploads/2017/11/"
                     "brazilian_coffee_dataset.zip",
                 filename="brazilian_coffee_dataset.zip"),
    )

    def __init__(
        self,
        root: str | os.PathLike[str] = "data",
        split: str = "train",
        bands: Sequence[str] | None = None,
        transforms: Transforms | None = None,
        download: bool = False,
        checksum: bool = False,
        fold: int = 1,
    ) -> None:
        """``fold`` (1-5) is the published fold held out as ``"test"``; ``"train"`` is the
        four others.

        Raises:
            ValueError: ``fold`` is not 1-5, or an unknown split or band.
            DatasetNotFoundError: files absent and ``download`` is False.
            ChecksumError: ``checksum`` is True and the archive does not match.
            InvalidDataError: a fold list is malformed or names an image that is absent.
        """
        if fold not in FOLDS:
            raise ValueError(f"{self.name}: fold {fold!r} is not one of 1, 2, 3, 4, 5")
        self.fold = fold
        super().__init__(root, split, bands, transforms, download, checksum)

    def _folds(self) -> tuple[int, ...]:
        """The published folds this split reads."""
        return (self.fold,) if self.split == "test" else tuple(
            k for k in FOLDS if k != self.fold)

    def _has_classes(self, folder: Path) -> bool:
        """The image root holds the fold lists and folders (not one folder per class)."""
        return all((folder / f"fold{k}.txt").is_file() and (folder / f"fold{k}").is_dir()
                   for k in self._folds())

    def _load(self) -> None:
        """Index ``(path, label)`` of this split's folds, in fold then list order.

        Raises:
            InvalidDataError: a line is not ``<label>.<name>`` with a known label, or names
                an image missing from its fold folder.
        """
        folder = self._class_root()
        self.class_names = self.classes
        self.class_to_idx = {c: i for i, c in enumerate(self.classes)}
        self.samples: list[tuple[Path, int]] = []
        missing: list[str] = []
        for k in self._folds():
            listing = folder / f"fold{k}.txt"
            with open(listing, encoding="utf-8") as f:
                lines = [line.strip() for line in f if line.strip()]
            for number, line in enumerate(lines, 1):
                label, _, name = line.partition(".")
                if label not in self.class_to_idx or not name:
                    raise InvalidDataError(
                        f"{self.name}: line {number} of {listing} is {line!r}, expected "
                        f"'<label>.<name>' with a label of {', '.join(self.classes)}; the "
                        "list is damaged — delete the folder and download again")
                path = folder / f"fold{k}" / f"{name}.jpg"
                if not path.is_file():
                    missing.append(str(path))
                self.samples.append((path, self.class_to_idx[label]))
        if missing:
            raise InvalidDataError(
                f"{self.name}: {len(missing)} image(s) listed in the fold lists are missing, "
                f"e.g. {', '.join(missing[:3])}; the download may be incomplete — delete the "
                "folder and download again")
        if not self.samples:
            raise InvalidDataError(
                f"{self.name}: the fold lists under {folder} name no image; the download may "
                "be incomplete — delete the folder and download again")
