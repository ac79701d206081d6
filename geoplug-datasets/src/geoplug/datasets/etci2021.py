"""ETCI 2021 Flood Detection: Sentinel-1 VV/VH chips with flood and water-body masks.

The competition ships one zip per split: ``train.zip`` (folder ``train/``),
``val_with_ref_labels.zip`` (folder ``test/``) and ``test_without_ref_labels.zip`` (folder
``test_internal/``). Inside, each ``<region>_<date>/tiles/`` folder holds 256x256 PNG chips:
``vv/<chip>_vv.png``, ``vh/<chip>_vh.png``, ``water_body_label/<chip>.png`` and (train and val
only) ``flood_label/<chip>.png``; masks are 0 (no) / 255 (yes). The SAR chips are hyp3
renderings stored as three equal 8-bit channels, read here as one band each.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, ClassVar

import numpy as np
import torch
from PIL import Image, UnidentifiedImageError

from geoplug.core.download import Resource
from geoplug.core.errors import InvalidDataError
from geoplug.core.nongeo import NonGeoDataset, Sample
from geoplug.datasets._catalog import spec

if TYPE_CHECKING:  # pragma: no cover
    from matplotlib.figure import Figure

__all__ = ["ETCI2021"]

_DRIVE = "https://drive.google.com/uc?export=download&id="
#: folder each split's archive extracts to
_FOLDERS = {"train": "train", "val": "test", "test": "test_internal"}


def _read_png(path: Path, kind: str) -> np.ndarray:
    try:
        with Image.open(path) as img:
            return np.asarray(img.convert("L"))
    except FileNotFoundError as exc:
        raise InvalidDataError(f"etci2021: {kind} {path} is missing; extract the split's "
                               "archive again") from exc
    except (UnidentifiedImageError, OSError) as exc:
        raise InvalidDataError(f"etci2021: cannot read {kind} {path}: {exc}") from exc


class ETCI2021(NonGeoDataset, spec=spec("etci2021")):
    """ETCI 2021 flood detection chips.

    Samples: ``image`` float32 ``[C,H,W]`` (VV, VH; 0-255 renderings), ``water_mask`` int64
    ``[H,W]`` (reference water bodies, 0/1) and, for train and val, ``mask`` int64 ``[H,W]``
    (flood, 0/1). Splits: ``train``, ``val`` (the released validation set with labels) and
    ``test`` (the internal test set, without flood labels).
    """

    #: splits whose labels the publisher withholds (a data module tests on part of train)
    unlabelled_splits: ClassVar[tuple[str, ...]] = ("test",)
    resources: ClassVar[tuple[Resource, ...]] = (
        Resource(url=_DRIVE + "14HqNW5uWLS92n7KrxKgDwUTsSEST6LCr", filename="train.zip",
                 md5="1e95792fe0f6e3c9000abdeab2a8ab0f", splits=("train",)),
        Resource(url=_DRIVE + "19sriKPHCZLfJn_Jmk3Z_0b3VaCBVRVyn",
                 filename="val_with_ref_labels.zip", md5="fd18cecb318efc69f8319f90c3771bdf",
                 splits=("val",)),
        Resource(url=_DRIVE + "1rpMVluASnSHBfm2FhpPDio0GyCPOqg7E",
                 filename="test_without_ref_labels.zip", md5="da9fa69e1498bd49d5c766338c6dac3d",
                 splits=("test",)),
    )

    def _folder(self) -> Path:
        return self.root / _FOLDERS[self.split]

    def _exists(self) -> bool:
        return self._folder().is_dir() and any(self._folder().glob("*/tiles/vv/*.png"))

    def _load(self) -> None:
        self.has_flood = self.split != "test"
        self.files: list[dict[str, Path]] = []
        for vv in sorted(self._folder().glob("*/tiles/vv/*_vv.png")):
            tiles = vv.parent.parent
            stem = vv.name[: -len("_vv.png")]
            entry = {"VV": vv, "VH": tiles / "vh" / f"{stem}_vh.png",
                     "water": tiles / "water_body_label" / f"{stem}.png"}
            if self.has_flood:
                entry["flood"] = tiles / "flood_label" / f"{stem}.png"
            self.files.append(entry)

    def __len__(self) -> int:
        return len(self.files)

    def __getitem__(self, index: int) -> Sample:
        entry = self.files[index]
        image = np.stack([_read_png(entry[b], f"{b} chip") for b in self.bands])
        sample: Sample = {
            "image": torch.from_numpy(image.astype(np.float32)),
            "water_mask": torch.from_numpy(
                (_read_png(entry["water"], "water-body mask") > 0).astype(np.int64)),
        }
        if self.has_flood:
            sample["mask"] = torch.from_numpy(
                (_read_png(entry["flood"], "flood mask") > 0).astype(np.int64))
        return self._apply(sample)

    def plot(self, sample: Sample, show_titles: bool = True, suptitle: str | None = None
             ) -> Figure:
        """VV, VH, water-body mask, flood mask (and prediction) side by side."""
        from geoplug.core.plot import plot_panels

        panels = [(f"{b}", sample["image"][i].numpy(), "gray") for i, b in enumerate(self.bands)]
        panels.append(("water bodies", sample["water_mask"].numpy(), "Blues"))
        for key in ("mask", "prediction"):
            if key in sample:
                panels.append((key if key != "mask" else "flood", sample[key].numpy(), "Reds"))
        fig = plot_panels(panels, show_titles, suptitle, size=3, interpolation="nearest")
        fig.tight_layout()
        return fig
