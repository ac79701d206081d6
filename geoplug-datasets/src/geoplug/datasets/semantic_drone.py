"""Semantic Drone Dataset (TU Graz, ICG): semantic segmentation of nadir drone images.

The publisher hands the data out after a form on its homepage; its archive extracts to::

    semantic_drone_dataset/training_set/images/<nnn>.jpg                  RGB JPEG, 6000x4000
    semantic_drone_dataset/training_set/gt/semantic/label_images/<nnn>.png  RGB colours
    semantic_drone_dataset/training_set/gt/semantic/class_dict.csv        name, r, g, b

The widely used Kaggle copy lays the same images out as::

    dataset/semantic_drone_dataset/original_images/<nnn>.jpg
    dataset/semantic_drone_dataset/label_images_semantic/<nnn>.png      one band, codes 0-23

Both are read: colour labels are mapped to the codes of ``class_dict.csv`` (row order, 0
unlabeled ... 23 conflicting), code labels are kept as stored. Image and label are paired by
their ``<nnn>`` name.
"""

from __future__ import annotations

from pathlib import Path
from typing import ClassVar

from geoplug.core.download import Resource
from geoplug.core.errors import InvalidDataError
from geoplug.core.nongeo import NonGeoDataset, Sample
from geoplug.datasets._catalog import spec
from geoplug.datasets._catalog.segmentation_semantic_drone import (
    SEMANTIC_DRONE_ARCHIVE,
    SEMANTIC_DRONE_COLORS,
    SEMANTIC_DRONE_HOMEPAGE,
    SEMANTIC_DRONE_LAYOUTS,
)
from geoplug.datasets._chipio import read_image
from geoplug.datasets._seg_modern import (
    check_codes,
    exact_colours_to_index,
    locate,
    prepare_manual,
    read_mask,
    seg_sample,
)

__all__ = ["SemanticDrone"]


class SemanticDrone(NonGeoDataset, spec=spec("semantic_drone")):
    """The 400 public images of the Semantic Drone Dataset, in name order.

    The dataset has no official split (its 200 test images are kept private): ``train``
    holds every public image, as for the other datasets without one.

    Samples: ``image`` float32 ``[C,H,W]`` (selected of R, G, B), ``mask`` int64 ``[H,W]``
    with class codes 0-23. :attr:`files` lists ``(image, label)`` of each sample and
    :attr:`coded` says whether the labels are one-band codes (Kaggle copy) or colours.

    The publisher hands the archive out after a form, so ``download=True`` cannot fetch it:
    put ``semantic_drone_dataset_semantics_v1.1.zip`` (or what it extracts to, or the
    Kaggle copy's ``dataset`` folder) in ``root``.

    Citation: Semantic Drone Dataset, Institute of Computer Graphics and Vision, Graz
    University of Technology, http://dronedataset.icg.tugraz.at.
    """

    resources: ClassVar[tuple[Resource, ...]] = (
        Resource(url=SEMANTIC_DRONE_HOMEPAGE, filename=SEMANTIC_DRONE_ARCHIVE),)

    def _find(self) -> tuple[Path, str, str, bool] | None:
        """``(folder, images, labels, coded)`` of the first layout whose images and labels
        folders are both there: under the root, one folder below it, or with the root being
        one of the layout's inner folders (e.g. ``semantic_drone_dataset``)."""
        for folder, images, labels, coded in SEMANTIC_DRONE_LAYOUTS:
            parts = folder.split("/")
            for k in range(len(parts) + 1):
                inner = "/".join(parts[k:])
                base = locate(self.root, f"{inner}/{images}".lstrip("/"))
                path = base / inner if inner else base
                if (path / images).is_dir() and (path / labels).is_dir():
                    return path, images, labels, coded
        return None

    def _exists(self) -> bool:
        return self._find() is not None

    def _prepare(self, download: bool, checksum: bool) -> None:
        """Never fetch the form page: extract a local archive, or raise DatasetNotFoundError
        with the hint (see :func:`prepare_manual`)."""
        prepare_manual(self, checksum, hint=self._not_found_hint())

    def _not_found_hint(self) -> str:
        wanted = " or ".join(f"{folder}/{images} with {folder}/{labels}"
                             for folder, images, labels, _ in SEMANTIC_DRONE_LAYOUTS)
        return (f"looked for {wanted} in {self.root} and one folder below; the publisher hands"
                f" the data out after a form at {SEMANTIC_DRONE_HOMEPAGE}: download "
                f"{SEMANTIC_DRONE_ARCHIVE} and put it, or the semantic_drone_dataset folder it "
                f"extracts to, in {self.root}.")

    def _load(self) -> None:
        """Index ``(image, label)`` of every image, names in order.

        Raises:
            InvalidDataError: an image has no label or a label no image (names the file).
        """
        found = self._find()
        assert found is not None  # _prepare made sure
        folder, images, labels, self.coded = found
        image_dir, label_dir = folder / images, folder / labels
        pictures = {p.stem: p for p in image_dir.glob("*.jpg") if not p.name.startswith(".")}
        masks = {p.stem: p for p in label_dir.glob("*.png") if not p.name.startswith(".")}
        for have, lack, kind, other_dir, suffix in (
                (pictures, masks, "label", label_dir, ".png"),
                (masks, pictures, "image", image_dir, ".jpg")):
            lone = sorted(set(have) - set(lack))
            if lone:  # a file lost in extraction: its sample would vanish silently
                raise InvalidDataError(
                    f"{self.name}: {have[lone[0]]} has no {kind} "
                    f"{other_dir / (lone[0] + suffix)} ({len(lone)} such); extract "
                    f"{SEMANTIC_DRONE_ARCHIVE} again")
        self.files: list[tuple[Path, Path]] = [(pictures[s], masks[s]) for s in sorted(pictures)]

    def _empty_reason(self) -> str:
        found = self._find()
        where = found[0] / found[1] if found else self.root
        return f"{where} holds no <nnn>.jpg; extract {SEMANTIC_DRONE_ARCHIVE} again"

    def __len__(self) -> int:
        return len(self.files)

    def __getitem__(self, index: int) -> Sample:
        """The image's selected bands and its label's class codes.

        Raises:
            InvalidDataError: a file is unreadable, the pair differs in size, a code label
                holds a code above 23, or a colour label a colour of no class.
        """
        image_path, label_path = self.files[index]
        image = read_image(image_path, "RGB")[self.band_indices]
        if self.coded:
            what = "a label_images_semantic code PNG"
            mask = check_codes(read_mask(label_path, what), len(self.classes), label_path, what)
        else:
            mask = exact_colours_to_index(read_image(label_path, "RGB"), SEMANTIC_DRONE_COLORS,
                                          label_path)
        return self._apply(seg_sample(image, mask))
