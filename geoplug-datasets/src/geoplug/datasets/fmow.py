"""Functional Map of the World (Christie et al., 2018) and its Sentinel-2 version fMoW-Sentinel.

**fMoW** (https://github.com/fMoW/dataset) ships two versions on AWS S3
(``s3://spacenet-dataset/Hosted-Datasets/fmow/fmow-rgb`` and ``.../fmow-full``), as loose files,
not archives. ``train/`` and ``val/`` hold one folder per category and one per location::

    train/<category>/<category>_<location>/<category>_<location>_<T>_<type>.<ext>

``test/`` and ``seq/`` hold one folder per (anonymised) location instead,
``test/<id>/<id>_<T>_<type>.<ext>``. ``<T>`` numbers the temporal views of a location; ``<type>``
is ``rgb`` (pan-sharpened; ``.jpg`` in fMoW-rgb, ``.tif`` in fMoW-full) or ``msrgb`` (the
multispectral image as RGB, ``.jpg``); fMoW-full's 4/8-band ``_ms.tif`` is not read here. Every
image has a JSON of the same name with its metadata (gsd, utm, timestamp, angles, ...) and
``bounding_boxes``: a list (older files: one object) of ``{"ID", "box": [x, y, width, height],
"category"}``; the labelled box is the one with ``ID`` -1 where others are false detections
(``false_detection`` is never the label). The test and seq JSONs carry no category: the ground
truth came later in ``groundtruth.tar.bz2`` (``<split>_gt_mapping.json`` from each hidden
folder to ``<split>_gt/<category>/<instance>/``); unpacked beside ``test/``, it labels those
samples, else they are labelled -1. fMoW-full's ``_rgb.tif`` keep the sensor's digital numbers
(likely 11-bit, in uint16), not fMoW-rgb's 8-bit JPEG values: normalise per version.

**fMoW-Sentinel** (SatMAE, Cong et al., 2022; https://purl.stanford.edu/vg497cb6002): 13-band
Sentinel-2 GeoTIFFs at the fMoW locations, one CSV per split with the columns ``category``,
``location_id``, ``image_id`` and ``timestamp``. As the SatMAE README says, the image of a row
is ``fmow-sentinel/<split>/<category>/<category>_<location_id>/<category>_<location_id>_
<image_id>.tif`` (the CSV's own ``image_path`` column names the authors' machine).
"""

from __future__ import annotations

import json
import os
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, ClassVar

import numpy as np

from geoplug.core.chipfiles import read_chip
from geoplug.core.errors import InvalidDataError
from geoplug.core.nongeo import NonGeoDataset, Sample, Transforms
from geoplug.datasets._boxes import ClassIndex, find_dir, read_csv_rows, read_rgb, xywh_to_xyxy
from geoplug.datasets._catalog import spec
from geoplug.datasets._seg_modern import prepare_manual
from geoplug.datasets._spacenet import check_choices

if TYPE_CHECKING:  # pragma: no cover
    from matplotlib.figure import Figure

__all__ = ["FMoW", "FMoWSentinel"]

_FMOW_S3 = "s3://spacenet-dataset/Hosted-Datasets/fmow"
_SENTINEL_PAGE = "https://purl.stanford.edu/vg497cb6002"
_SENTINEL_COLUMNS = ("category", "location_id", "image_id", "timestamp")


class FMoW(NonGeoDataset, spec=spec("fmow")):
    """fMoW images; ``image`` float32 ``[3, H, W]`` (sizes vary), ``label`` int64,
    ``bbox_xyxy`` float32 ``[N, 4]`` (pixel boxes of the JSON's ``bounding_boxes``).

    ``label`` is the category of the image's first bounding box (fMoW labels one object per
    image; the baseline classifies that box), -1 where the JSON carries no category (test and
    seq as released). ``product="msrgb"`` reads the ``_msrgb.jpg`` images instead of ``_rgb``.
    ``root`` holds the split folders (``root/train``) or the bucket's folder holding them
    (``root/fmow-rgb/train``, ``root/fmow-full/train``).
    """

    products: ClassVar[tuple[str, ...]] = ("rgb", "msrgb")

    def __init__(
        self,
        root: str | os.PathLike[str] = "data",
        split: str = "train",
        bands: Sequence[str] | None = None,
        transforms: Transforms | None = None,
        download: bool = False,
        checksum: bool = False,
        product: str = "rgb",
    ) -> None:
        """
        Raises:
            ValueError: unknown split, band or product.
            DatasetNotFoundError: no ``<split>/`` folder under ``root`` (fMoW comes from AWS
                S3 as loose files; the message gives the command).
            InvalidDataError: an image has no JSON, or a JSON is unreadable or names a
                category that fMoW does not have.
        """
        check_choices(self.name, "product", [product], self.products)
        self.product = product
        super().__init__(root, split, bands, transforms, download, checksum)

    # -- layout -------------------------------------------------------------------------------
    def _split_dir(self) -> Path | None:
        """``<split>/`` in ``root`` or in the bucket's folder name below it."""
        return find_dir(self.root, *(f"{top}{self.split}" for top in
                                     ("", "fmow-rgb/", "fmow-full/", "fmow/")), depth=0)

    def _exists(self) -> bool:
        return self._split_dir() is not None

    def _prepare(self, download: bool, checksum: bool) -> None:
        """fMoW has no archive to download: the files are synced from S3 by the user.

        Raises:
            DatasetNotFoundError: no ``<split>/`` folder under ``root``.
        """
        prepare_manual(self, checksum, hint=(
            f"fMoW is distributed as loose files on AWS S3 ({_FMOW_S3}/fmow-rgb, or "
            f"{_FMOW_S3}/fmow-full), see https://github.com/fMoW/dataset: e.g. `aws s3 sync "
            f"--no-sign-request {_FMOW_S3}/fmow-rgb/{self.split} {self.root / self.split}`."))

    def _load(self) -> None:
        """Index the split's ``*_<product>.jpg`` (or ``.tif``) images and their JSONs.

        Raises:
            InvalidDataError: an image has no JSON beside it.
        """
        folder = self._split_dir()
        assert folder is not None
        self.folder = folder
        suffixes = (f"_{self.product}.jpg", f"_{self.product}.tif")
        self.images: list[Path] = []
        for dirpath, dirnames, filenames in os.walk(folder):
            dirnames.sort()
            names = set(filenames)
            for name in sorted(filenames):
                if not name.endswith(suffixes):
                    continue
                meta = os.path.splitext(name)[0] + ".json"
                if meta not in names:
                    raise InvalidDataError(
                        f"{self.name}: {Path(dirpath) / name} has no metadata {meta} beside "
                        "it; sync the folder from S3 again")
                self.images.append(Path(dirpath) / name)
        self.class_index = ClassIndex(self.classes, self.name)
        mapping = folder.parent / f"{self.split}_gt_mapping.json"
        self.gt_mapping: dict[str, str] | None = None
        if self.split in ("test", "seq") and mapping.is_file():
            self.gt_mapping = {m["output"].split("/")[1]: m["input"]
                               for m in json.loads(mapping.read_text(encoding="utf-8"))}

    def _empty_reason(self) -> str:
        return (f"no *_{self.product}.jpg or *_{self.product}.tif image is under {self.folder}"
                "; is it an fMoW-rgb or fMoW-full split folder?")

    # -- reading ------------------------------------------------------------------------------
    def _metadata(self, path: Path) -> tuple[np.ndarray, int]:
        """Boxes and label of one image from its JSON.

        Raises:
            InvalidDataError: the JSON cannot be read, lacks ``bounding_boxes`` or names an
                unknown category.
        """
        meta = path.with_suffix(".json")
        try:
            with open(meta, encoding="utf-8") as f:
                entries = json.load(f)["bounding_boxes"]
            if isinstance(entries, dict):  # early files hold one object, not a list
                entries = [entries]
            boxes = xywh_to_xyxy([entry["box"] for entry in entries])
        except (OSError, ValueError, KeyError, TypeError) as exc:
            raise InvalidDataError(f"{self.name}: cannot read the bounding boxes of {meta}: "
                                   f"{exc!r}; sync the file again") from exc
        entries = entries or [{}]
        truth = [e for e in entries if e.get("ID") == -1] or entries  # GT box has ID -1
        categories = [e["category"] for e in truth
                      if e.get("category") and e["category"] != "false_detection"]
        if not categories and self.gt_mapping is not None:
            categories = self._gt_category(path, meta)
        label = int(self.class_index(categories[:1], meta)[0]) if categories else -1
        return boxes, label

    def _gt_category(self, path: Path, meta: Path) -> list[str]:
        """Category of a test/seq view from the published ground truth
        (``<split>_gt_mapping.json`` + ``<split>_gt/<category>/<instance>/...json``)."""
        secret = path.parent.name
        target = (self.gt_mapping or {}).get(secret)
        if target is None:
            return []
        view = path.name[len(secret):]  # "_<T>_<product>.jpg"
        instance = Path(target).name
        gt = self.folder.parent / target / (instance + Path(view).with_suffix(".json").name)
        try:
            boxes = json.loads(gt.read_text(encoding="utf-8"))["bounding_boxes"]
        except (OSError, ValueError, KeyError) as exc:
            raise InvalidDataError(f"{self.name}: cannot read the ground truth {gt} of {meta}: "
                                   f"{exc!r}") from exc
        boxes = [boxes] if isinstance(boxes, dict) else boxes
        truth = [b for b in boxes if b.get("ID") == -1] or boxes
        return [b["category"] for b in truth
                if b.get("category") and b["category"] != "false_detection"][:1]

    def __len__(self) -> int:
        return len(self.images)

    def __getitem__(self, index: int) -> Sample:
        import torch

        path = self.images[index]
        if path.suffix == ".jpg":
            image = read_rgb(path, large=True)[self.band_indices]
        else:
            image, _ = read_chip(path, self.band_indices)
        boxes, label = self._metadata(path)
        sample: Sample = {"image": torch.from_numpy(image.astype(np.float32)),
                          "label": torch.tensor(label, dtype=torch.int64),
                          "bbox_xyxy": torch.from_numpy(boxes)}
        return self._apply(sample)

    def plot(self, sample: Sample, show_titles: bool = True, suptitle: str | None = None
             ) -> Figure:
        """The image with its boxes, titled with the category."""
        from geoplug.core.plot import plot_sample

        fig = plot_sample(sample, rgb_indices=self.rgb_indices, classes=self.classes,
                          show_titles=show_titles, suptitle=suptitle)
        label = int(sample["label"])
        if show_titles:
            fig.axes[0].set_title(self.classes[label] if label >= 0 else "(unlabelled)")
        return fig


class FMoWSentinel(NonGeoDataset, spec=spec("fmow_sentinel")):
    """fMoW-Sentinel: ``image`` float32 ``[13, H, W]`` (Sentinel-2 values as stored),
    ``label`` int64 (62 categories), plus the chip's ``crs`` and ``bounds``.

    Rows come in the CSV's order. ``root`` holds ``<split>.csv`` (``test_gt.csv`` is also
    accepted for the test split) and ``fmow-sentinel/<split>/``, or is that ``fmow-sentinel``
    folder with the CSVs inside it.
    """

    tables: ClassVar[dict[str, tuple[str, ...]]] = {
        "train": ("train.csv",), "val": ("val.csv",), "test": ("test_gt.csv", "test.csv")}

    def _paths(self) -> tuple[Path | None, Path | None]:
        """The split's CSV and the folder holding its category folders."""
        table = next((base / name for base in (self.root, self.root / "fmow-sentinel")
                      for name in self.tables[self.split] if (base / name).is_file()), None)
        names = ("test_gt", "test") if self.split == "test" else (self.split,)
        images = next((p for name in names for p in (self.root / "fmow-sentinel" / name,
                                                     self.root / name) if p.is_dir()), None)
        return table, images

    def _exists(self) -> bool:
        return all(p is not None for p in self._paths())

    def _prepare(self, download: bool, checksum: bool) -> None:
        """The Stanford Digital Repository page lists the files; they are fetched by hand.

        Raises:
            DatasetNotFoundError: the split's CSV or image folder is not under ``root``.
        """
        prepare_manual(self, checksum, hint=(
            f"fMoW-Sentinel is published on the Stanford Digital Repository, {_SENTINEL_PAGE}: "
            f"download the {self.split} CSV and the images, and put "
            f"{' or '.join(self.tables[self.split])} and the extracted fmow-sentinel/"
            f"{self.split}/ folder in {self.root}."))

    def _load(self) -> None:
        """Index the CSV's rows.

        Raises:
            InvalidDataError: the CSV lacks a column or names an unknown category.
        """
        table, images = self._paths()
        assert table is not None and images is not None
        self.table, self.folder = table, images
        rows = read_csv_rows(table, _SENTINEL_COLUMNS)
        labels = ClassIndex(self.classes, self.name)((r["category"] for r in rows), table)
        self.samples: list[tuple[Path, int]] = []
        for row, label in zip(rows, labels):
            place = f"{row['category']}_{row['location_id']}"
            self.samples.append((images / row["category"] / place
                                 / f"{place}_{row['image_id']}.tif", int(label)))

    def __len__(self) -> int:
        return len(self.samples)

    def __getitem__(self, index: int) -> Sample:
        """Raises: InvalidDataError: the row's GeoTIFF is missing or unreadable."""
        import torch

        path, label = self.samples[index]
        if not path.is_file():
            raise InvalidDataError(f"{self.name}: {path}, named by row {index} of {self.table}, "
                                   "is missing; extract the images of this split again")
        image, georef = read_chip(path, self.band_indices)
        sample: Sample = {"image": torch.from_numpy(image.astype(np.float32)),
                          "label": torch.tensor(label, dtype=torch.int64), **georef}
        return self._apply(sample)
