"""CropHarvest: monthly satellite and climate time series of labelled crop / non-crop points.

Tseng et al. (2021) gathered crop labels from many sources and paired each labelled location
with a year of monthly Sentinel-1, Sentinel-2, ERA5 and SRTM values. The Zenodo release
(record 7257688) that the publisher's ``cropharvest`` package downloads is two files:

* ``features.tar.gz``, extracting to ``features/arrays/<index>_<dataset>.h5`` (plus
  ``features/normalizing_dict.h5``): each file holds the dataset ``array``, ``[12, 18]``
  (12 monthly steps ending on the label's ``export_end_date``; bands as
  :data:`~geoplug.datasets._catalog.classification_cropharvest.CROPHARVEST_BANDS`, missing
  values already filled by the publisher);
* ``labels.geojson``, one feature per label with the properties ``index`` and ``dataset``
  (naming the array file), ``is_crop``, ``label`` (crop name or null),
  ``classification_label`` (FAO crop group or null), ``is_test``, ``lat``, ``lon`` and dates.

More labels than arrays are published (points without usable imagery have no array); only
labels with an array are samples. Splits follow ``is_test``, which the publisher's loader
uses to keep its evaluation points out of training.
"""

from __future__ import annotations

import json
import os
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any, ClassVar

import numpy as np

from geoplug.core.download import Resource
from geoplug.core.errors import InvalidDataError
from geoplug.core.nongeo import NonGeoDataset, Sample, Transforms
from geoplug.datasets._catalog import spec
from geoplug.datasets._catalog.classification_cropharvest import (
    CROPHARVEST_GROUPS,
    CROPHARVEST_IS_CROP,
)
from geoplug.datasets._sequences import open_h5, read_h5

if TYPE_CHECKING:  # pragma: no cover
    from matplotlib.figure import Figure

__all__ = ["CropHarvest"]

_URL = "https://zenodo.org/records/7257688/files/"
_LABELS = "labels.geojson"
_TARGETS = ("is_crop", "classification_label")
#: how the label files name the array's index (older releases of the package: dataset_index)
_INDEX_KEYS = ("index", "dataset_index")


def _flag(value: Any) -> bool:
    """A GeoJSON boolean as published (``true``, ``1``, ``1.0`` or ``"True"``)."""
    if isinstance(value, str):
        return value.strip().lower() in ("true", "1", "1.0", "yes")
    return bool(value) if value is not None else False


def _array_key(path: Path) -> tuple[str, int] | None:
    """``(dataset, index)`` of ``<index>_<dataset>.h5`` (dataset names hold ``-``, not ``_``
    at the start), or None for a file that is not an array of the release."""
    head, _, dataset = path.stem.partition("_")
    return (dataset, int(head)) if head.isdigit() and dataset else None


class CropHarvest(NonGeoDataset, spec=spec("cropharvest")):
    """CropHarvest points: ``image`` float32 ``[12, C, 1, 1]`` (the monthly series of one
    pixel, so per-band transforms and time-series models apply as to any chip), ``label``
    int64 and ``id`` (``"<index>_<dataset>"``, the array's file name).

    ``target="is_crop"`` (default; the publisher's crop / non-crop task) labels 0 non-crop,
    1 crop. ``target="classification_label"`` labels the FAO crop group in the order of
    :data:`~geoplug.datasets._catalog.classification_cropharvest.CROPHARVEST_GROUPS`; a
    non-crop point without a group is ``non_crop`` (0), and crop points without a group are
    left out (their group is unknown). Samples are ordered by dataset, then index.
    """

    resources: ClassVar[tuple[Resource, ...]] = (
        Resource(url=_URL + "features.tar.gz", filename="features.tar.gz",
                 md5="cad4df655c75caac805a80435e46ee3e"),
        Resource(url=_URL + _LABELS, filename=_LABELS, md5="bf7bae6812fc7213481aff6a2e34517d",
                 extract=False),
    )

    def __init__(
        self,
        root: str | os.PathLike[str] = "data",
        split: str = "train",
        bands: Sequence[str] | None = None,
        transforms: Transforms | None = None,
        download: bool = False,
        checksum: bool = False,
        target: str = "is_crop",
    ) -> None:
        """
        Raises:
            ValueError: unknown split, band or target.
            DatasetNotFoundError: files absent and ``download`` is False.
            ChecksumError: ``checksum`` is True and a file does not match.
            InvalidDataError: ``labels.geojson`` is unreadable, an array has no label, or a
                label names an unknown crop group.
        """
        if target not in _TARGETS:
            raise ValueError(f"cropharvest: target {target!r} is not one of "
                             f"{', '.join(_TARGETS)}")
        self.target = target
        self.classes = (  # type: ignore[misc]
            CROPHARVEST_IS_CROP if target == "is_crop" else CROPHARVEST_GROUPS)
        super().__init__(root, split, bands, transforms, download, checksum)

    # -- files ------------------------------------------------------------------------------
    @property
    def arrays(self) -> Path:
        """The folder of the per-point HDF5 arrays."""
        return self.root / "features" / "arrays"

    def _exists(self) -> bool:
        return self.arrays.is_dir() and (self.root / _LABELS).is_file()

    def _labels(self) -> dict[tuple[str, int], Mapping[str, Any]]:
        """``(dataset, index) -> properties`` of every feature of ``labels.geojson``.

        Raises:
            InvalidDataError: the file is not GeoJSON or its features lack dataset/index.
        """
        path = self.root / _LABELS
        try:
            with open(path, encoding="utf-8") as f:
                features = json.load(f)["features"]
        except (OSError, ValueError, KeyError, TypeError) as exc:
            raise InvalidDataError(f"{self.name}: cannot read the features of {path}: {exc}; "
                                   "delete it and download again") from exc
        table: dict[tuple[str, int], Mapping[str, Any]] = {}
        for feature in features:
            props = feature.get("properties") or {}
            index = next((props[k] for k in _INDEX_KEYS if props.get(k) is not None), None)
            if props.get("dataset") is None or index is None:
                raise InvalidDataError(f"{self.name}: a feature of {path} has no 'dataset' "
                                       f"and 'index' property ({sorted(props)[:12]})")
            table[(str(props["dataset"]), int(index))] = props
        return table

    def _label(self, props: Mapping[str, Any], path: Path) -> int | None:
        """The label of a point for :attr:`target` (None: left out, its group is unknown).

        Raises:
            InvalidDataError: ``classification_label`` is not a known crop group.
        """
        crop = _flag(props.get("is_crop"))
        if self.target == "is_crop":
            return int(crop)
        group = props.get("classification_label")
        if group is None:
            return None if crop else 0
        if group not in CROPHARVEST_GROUPS:
            raise InvalidDataError(f"{self.name}: {path.name} has the classification_label "
                                   f"{group!r}, none of {', '.join(CROPHARVEST_GROUPS)}")
        return CROPHARVEST_GROUPS.index(group)

    def _load(self) -> None:
        table = self._labels()
        keyed = sorted((key, path) for path in self.arrays.glob("*.h5")
                       if (key := _array_key(path)) is not None)
        want_test = self.split == "test"
        self.files: list[Path] = []
        self.targets: list[int] = []
        for key, path in keyed:
            props = table.get(key)
            if props is None:
                raise InvalidDataError(f"{self.name}: {path} has no feature with dataset "
                                       f"{key[0]!r} and index {key[1]} in {_LABELS}; the two "
                                       "files are of different releases")
            if _flag(props.get("is_test")) != want_test:
                continue
            label = self._label(props, path)
            if label is not None:
                self.files.append(path)
                self.targets.append(label)
        self._found = len(keyed)

    def _empty_reason(self) -> str:
        if not self._found:
            return f"{self.arrays} holds no <index>_<dataset>.h5 array"
        return (f"none of the {self._found} arrays has is_test={self.split == 'test'}"
                + (" and a crop group" if self.target != "is_crop" else ""))

    # -- samples ----------------------------------------------------------------------------
    def __len__(self) -> int:
        return len(self.files)

    def __getitem__(self, index: int) -> Sample:
        import torch

        path = self.files[index]
        with open_h5(path) as f:
            array = read_h5(f, "array")
        if array.ndim != 2 or array.shape[1] != len(self.all_bands):
            raise InvalidDataError(f"{self.name}: {path} holds an array of shape "
                                   f"{array.shape}; expected [months, {len(self.all_bands)}]")
        image = array[:, self.band_indices].astype(np.float32)[:, :, None, None]
        sample: Sample = {"image": torch.from_numpy(np.ascontiguousarray(image)),
                          "label": torch.tensor(self.targets[index], dtype=torch.int64),
                          "id": path.stem}
        return self._apply(sample)

    def plot(self, sample: Sample, show_titles: bool = True, suptitle: str | None = None
             ) -> Figure:
        """The series as a months x bands grid, each band scaled to its own range (bands
        differ by orders of magnitude), titled with the label and prediction."""
        import matplotlib.pyplot as plt

        series = np.asarray(sample["image"], dtype=np.float64).reshape(
            sample["image"].shape[0], -1)
        low, high = series.min(axis=0), series.max(axis=0)
        scaled = (series - low) / np.where(high > low, high - low, 1.0)
        fig, ax = plt.subplots(figsize=(6, 0.3 * series.shape[1] + 2))
        ax.imshow(scaled.T, aspect="auto", cmap="viridis", interpolation="nearest")
        ax.set_xticks(range(series.shape[0]), [str(m + 1) for m in range(series.shape[0])])
        ax.set_xlabel("month of the series")
        names = self.bands if len(self.bands) == series.shape[1] else range(series.shape[1])
        ax.set_yticks(range(series.shape[1]), [str(b) for b in names])
        if show_titles:
            parts = [f"{key}: {self.classes[int(sample[key])]}" for key in ("label", "prediction")
                     if key in sample]
            ax.set_title(", ".join(parts))
        if suptitle is not None:
            fig.suptitle(suptitle)
        return fig
