"""Multi-Temporal Crop Classification: crop types of the contiguous US from HLS time series.

The NASA/IBM fine-tuning benchmark of the Prithvi foundation model (prepared by Clark
University). The publisher (``ibm-nasa-geospatial/multi-temporal-crop-classification`` on
Hugging Face) ships::

    training_chips.tgz, validation_chips.tgz   -> training_chips/, validation_chips/ holding
        chip_<row>_<col>_merged.tif   18 bands: B02 B03 B04 B8A B11 B12 of date 1, then of
                                      date 2, then of date 3 (224x224 px, 30 m, EPSG:5070)
        chip_<row>_<col>.mask.tif     one band, 0 No Data, 1 Natural Vegetation ... 13 Other
    training_data.txt, validation_data.txt      the chip ids of each split, one a line

The lists may also sit in the chips folders, and the folders in ``root`` or in one folder
below it (an archive extracted into a folder of its own); chips extracted straight into
``root`` are found too.
"""

from __future__ import annotations

from pathlib import Path
from typing import ClassVar

from geoplug.core.download import Resource
from geoplug.core.errors import InvalidDataError
from geoplug.core.nongeo import NonGeoDataset, Sample
from geoplug.datasets._catalog import spec
from geoplug.datasets._catalog.time_series_multi_temporal_crop_classification import (
    MTCC_DATES,
    MTCC_SPLITS,
)
from geoplug.datasets._seg_modern import locate, seg_sample
from geoplug.datasets._tiling import read_window

__all__ = ["MultiTemporalCropClassification"]

#: the dataset repository at the revision whose archives the checksum describes
_HF = ("https://huggingface.co/datasets/ibm-nasa-geospatial/multi-temporal-crop-classification/"
       "resolve/04b439f179e52a7b144f69676210eecd30c39cfc")
_IMAGE, _MASK = "_merged.tif", ".mask.tif"


def _resources() -> tuple[Resource, ...]:
    """Each release name's archive and chip list, for the splits that read it."""
    out = []
    sha = {"training": None,
           "validation": "d6e616cc008858a1935a8937e0cdf852d574754273b0655fb696bd29aebd2fd3"}
    for name, digest in sha.items():
        splits = tuple(s for s, n in MTCC_SPLITS.items() if n == name)
        out.append(Resource(url=f"{_HF}/{name}_chips.tgz", filename=f"{name}_chips.tgz",
                            sha256=digest, splits=splits))
        out.append(Resource(url=f"{_HF}/{name}_data.txt", filename=f"{name}_data.txt",
                            extract=False, splits=splits))
    return tuple(out)


class MultiTemporalCropClassification(NonGeoDataset,
                                      spec=spec("multi_temporal_crop_classification")):
    """Multi-Temporal Crop Classification chips of one split.

    Samples: ``image`` float32 ``[3,C,224,224]`` (three dates of the selected bands of B02,
    B03, B04, B8A, B11, B12; reflectance x 10000 as stored), ``mask`` int64 ``[H,W]`` with
    the publisher's codes (0 No Data, to be ignored; 1-13 the CDL-derived classes), the
    ``chip`` id and its ``crs``/``bounds``. Splits: ``train`` (training), ``val`` and ``test``
    (both validation, as in the NASA/IBM fine-tuning config: there is no test set).

    Citation: Cecil et al., "HLS Multi Temporal Crop Classification", Hugging Face 2023,
    doi:10.57967/hf/0955.
    """

    #: the release's split each of ours reads (a data module then does not validate on the
    #: data it tests on)
    split_sources: ClassVar[dict[str, str]] = MTCC_SPLITS
    resources: ClassVar[tuple[Resource, ...]] = _resources()

    @property
    def release_name(self) -> str:
        """``training`` or ``validation``: the release's name of this split."""
        return MTCC_SPLITS[self.split]

    @property
    def folder(self) -> Path:
        """``<root>/<name>_chips`` (or one folder below the root); the root itself when it
        has no such folder but holds chips (an archive extracted without its folder)."""
        name = f"{self.release_name}_chips"
        found = locate(self.root, name) / name
        if not found.is_dir() and self.root.is_dir() and any(self.root.glob(f"*{_IMAGE}")):
            return self.root
        return found

    def _list(self) -> Path:
        """The chip list: beside the chips folder (as published) or inside it."""
        name = f"{self.release_name}_data.txt"
        folder = self.folder
        places = [folder / name] if folder == self.root else [folder.parent / name,
                                                              folder / name]
        return next((p for p in places if p.is_file()), places[0])

    def _exists(self) -> bool:
        return self.folder.is_dir() and self._list().is_file()

    def _load(self) -> None:
        """Index the listed chips.

        Raises:
            InvalidDataError: a listed chip's image or mask is missing (names them).
        """
        ids = [Path(line.strip()).name.removesuffix(_IMAGE).removesuffix(".tif")
               for line in self._list().read_text(encoding="utf-8").splitlines()
               if line.strip()]
        self.ids = list(dict.fromkeys(ids))
        self.chips_folder = self.folder
        missing = [str(p) for chip in self.ids for p in self._paths(chip) if not p.is_file()]
        if missing:
            raise InvalidDataError(
                f"{self.name}: {len(missing)} file(s) of chips listed in {self._list()} are "
                f"missing from {self.chips_folder}, e.g. {', '.join(missing[:3])}; extract "
                f"{self.release_name}_chips.tgz again")

    def _paths(self, chip: str) -> tuple[Path, Path]:
        return self.chips_folder / f"{chip}{_IMAGE}", self.chips_folder / f"{chip}{_MASK}"

    def _empty_reason(self) -> str:
        return f"{self._list()} lists no chip; download it again"

    def __len__(self) -> int:
        return len(self.ids)

    def __getitem__(self, index: int) -> Sample:
        """Read the chosen bands of every date; ``[T*C,H,W]`` on disk becomes ``[T,C,H,W]``.

        Raises:
            InvalidDataError: the image has fewer than 3 x 6 bands, a file is unreadable, or
                the mask is of another size.
        """
        chip = self.ids[index]
        image_path, mask_path = self._paths(chip)
        count = len(self.all_bands)
        indexes = [t * count + i + 1 for t in range(MTCC_DATES) for i in self.band_indices]
        try:
            image, geo = read_window(image_path, None, indexes)
        except IndexError as exc:  # rasterio: a band index beyond the file's count
            raise InvalidDataError(f"{self.name}: {image_path} does not hold the {MTCC_DATES} "
                                   f"x {count} bands of a chip ({exc}); extract "
                                   f"{self.release_name}_chips.tgz again") from exc
        mask = read_window(mask_path, None, [1])[0][0]
        sample = seg_sample(image, mask, chip=chip, **geo)
        sample["image"] = sample["image"].reshape(MTCC_DATES, len(self.bands), *image.shape[-2:])
        return self._apply(sample)
