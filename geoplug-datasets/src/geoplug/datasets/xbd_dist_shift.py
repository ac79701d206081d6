"""XView2DistShift: xBD re-split by disaster to measure distribution shift.

TorchGeo's variant of xView2 (``XView2DistShift``) ignores the challenge's train/test
folders and splits by event instead: ``train`` holds the images of an in-distribution event,
``test`` those of an out-of-distribution one, each chosen with its phase
(``{"disaster_name": ..., "pre-post": "pre" | "post" | "both"}``). The task becomes building
segmentation: one RGB image against the building footprints of the event's *pre*-disaster
target PNG (``targets/<event>_<id>_pre_disaster_target.png``, 0 background, 1 building), which
also serves the post-disaster image of the same place. Files are those of the xView2 archives
(see :mod:`geoplug.datasets.xview2`): the challenge's ``train`` and ``test`` folders, as
TorchGeo reads them; ``hold`` (the challenge's hold-out set) is never read, so a split does not
change with what else lies in the root.
"""

from __future__ import annotations

import dataclasses
import os
from collections.abc import Mapping, Sequence
from typing import ClassVar

import numpy as np

from geoplug.core.download import Resource
from geoplug.core.errors import InvalidDataError
from geoplug.core.nongeo import Sample, Transforms
from geoplug.datasets._catalog import spec
from geoplug.datasets._catalog.segmentation_xbd_dist_shift import XBD_DISASTERS
from geoplug.datasets._chipio import read_image
from geoplug.datasets.xview2 import XView2

__all__ = ["XView2DistShift"]

#: TorchGeo's default: train on Hurricane Matthew, test on the Mexico earthquake (post images)
DEFAULT_ID_OOD: tuple[Mapping[str, str], Mapping[str, str]] = (
    {"disaster_name": "hurricane-matthew", "pre-post": "post"},
    {"disaster_name": "mexico-earthquake", "pre-post": "post"},
)
_FOLDERS = ("train", "test")


def _check_event(entry: Mapping[str, str]) -> tuple[str, tuple[str, ...]]:
    """(event, phases) of one ``{"disaster_name", "pre-post"}`` entry.

    Raises:
        ValueError: a key is missing, the event is not an xBD event or the phase is unknown.
    """
    if "disaster_name" not in entry or "pre-post" not in entry:
        raise ValueError(f"xbd_dist_shift: each id_ood_disaster entry needs the keys "
                         f"'disaster_name' and 'pre-post', got {dict(entry)}")
    name, phase = entry["disaster_name"], entry["pre-post"]
    if name not in XBD_DISASTERS:
        raise ValueError(f"xbd_dist_shift: {name!r} is not an xBD event; one of "
                         f"{', '.join(XBD_DISASTERS)}")
    if phase not in ("pre", "post", "both"):
        raise ValueError(f"xbd_dist_shift: 'pre-post' must be 'pre', 'post' or 'both', "
                         f"not {phase!r}")
    return name, ("pre", "post") if phase == "both" else (phase,)


class XView2DistShift(XView2, spec=spec("xbd_dist_shift")):
    """xBD by event: ``image`` float32 ``[3,H,W]``, ``mask`` int64 ``[H,W]`` (1 = building).

    ``id_ood_disaster``: the in-distribution (``train``) and out-of-distribution (``test``)
    entries, each ``{"disaster_name": <event>, "pre-post": "pre" | "post" | "both"}``.
    """

    resources: ClassVar[tuple[Resource, ...]] = tuple(
        dataclasses.replace(r, splits=None) for r in XView2.resources)

    def __init__(
        self,
        root: str | os.PathLike[str] = "data",
        split: str = "train",
        bands: Sequence[str] | None = None,
        transforms: Transforms | None = None,
        download: bool = False,
        checksum: bool = False,
        id_ood_disaster: Sequence[Mapping[str, str]] = DEFAULT_ID_OOD,
    ) -> None:
        """
        Raises:
            ValueError: unknown split or band, or ``id_ood_disaster`` is not two valid
                entries.
            DatasetNotFoundError: the train or test folder is absent and ``download`` is False.
            InvalidDataError: an image has no pre-disaster target, or the chosen event and
                phase have no image.
        """
        if len(id_ood_disaster) != 2:
            raise ValueError("xbd_dist_shift: id_ood_disaster takes two entries, the "
                             f"in-distribution and the out-of-distribution event, got "
                             f"{len(id_ood_disaster)}")
        self.events = {s: _check_event(e) for s, e in zip(("train", "test"), id_ood_disaster,
                                                          strict=True)}
        super().__init__(root, split, bands, transforms, download, checksum)

    def _exists(self) -> bool:
        return all((self.root / f / "images").is_dir() for f in _FOLDERS)

    def _needed(self) -> list[Resource]:
        """The train and test archives (hold's is not read)."""
        return [r for r in self.resources if not r.filename.startswith("hold")]

    def _load(self) -> None:
        event, phases = self.events[self.split]
        self.files = []
        for folder in (self.root / f for f in _FOLDERS):
            for phase in phases:
                for image in sorted((folder / "images").glob(f"{event}_*_{phase}_disaster.png")):
                    stem = image.name[: -len(f"_{phase}_disaster.png")]
                    target = folder / "targets" / f"{stem}_pre_disaster_target.png"
                    label = folder / "labels" / f"{stem}_pre_disaster.json"
                    if not (target.is_file() or label.is_file()):
                        raise InvalidDataError(
                            f"{self.name}: {image.name} has no pre-disaster target {target} "
                            f"(nor label {label}); extract the {folder.name} archive again")
                    self.files.append({"image": image, "target": target, "label": label})

    def _empty_reason(self) -> str:
        event, phases = self.events[self.split]
        return (f"no {'/'.join(phases)}-disaster image of {event!r} under "
                f"{', '.join(f + '/images' for f in _FOLDERS)}")

    def __getitem__(self, index: int) -> Sample:
        import torch

        item = self.files[index]
        image = read_image(item["image"])[self.band_indices].astype(np.float32)
        if item["target"].is_file():
            mask = (read_image(item["target"], "L") > 0).astype(np.int64)
        else:  # the pre-disaster polygons carry no damage grade: every building is 1
            mask = (self._mask(item["label"], image.shape[1:]) > 0).astype(np.int64)
        return self._apply({"image": torch.from_numpy(image), "mask": torch.from_numpy(mask)})
