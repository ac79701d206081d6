"""UCAS-AOD: oriented boxes of cars and airplanes in Google Earth images.

Zhu et al., "Orientation robust object detection in aerial images using deep convolutional
neural network" (ICIP 2015, https://doi.org/10.1109/ICIP.2015.7351502). The extracted
package holds one folder per object class and one of negatives::

    CAR/P0001.png ... P0510.png      with CAR/P0001.txt ...   (cars)
    PLANE/P0001.png ... P1000.png    with PLANE/P0001.txt ... (airplanes; numbers restart)
    Neg/                             background images without objects (not read)

An annotation line reads ``x1 y1 x2 y2 x3 y3 x4 y4 theta`` and four box numbers that are not
read (tab-separated, often in exponent notation, a trailing tab); the four corners become
``bbox_xyxyxyxy`` and their envelope ``bbox_xyxy``. The class of every object is its
folder's (``car`` 0, ``airplane`` 1). ``root`` may hold ``CAR/`` and ``PLANE/`` or a folder
above them (``UCAS_AOD/``).

There is no official split: ``"train"`` holds every image, cars first, each folder in file
name order (the benchmark splits of third parties, e.g. ming71/UCAS-AOD-benchmark, renumber
the files and are not read).
"""

from __future__ import annotations

from pathlib import Path
from typing import ClassVar

import numpy as np

from geoplug.core.errors import InvalidDataError
from geoplug.core.nongeo import Sample
from geoplug.datasets._boxes import BoxDataset, enclosing_xyxy, find_dir, read_rgb, sample_boxes
from geoplug.datasets._catalog import spec

__all__ = ["UCASAOD", "parse_ucas_aod"]

#: the folder of each class, in label order
_FOLDERS = ("CAR", "PLANE")
_PAGE = "https://hyper.ai/datasets/5419"


def parse_ucas_aod(path: Path) -> np.ndarray:
    """The corners ``[N, 8]`` (float32) of a UCAS-AOD annotation file.

    Raises:
        InvalidDataError: unreadable file or a line without 8 leading numbers (names the file
            and line).
    """
    try:
        lines = path.read_text(encoding="utf-8-sig").splitlines()
    except (OSError, UnicodeDecodeError) as exc:
        raise InvalidDataError(f"cannot read {path}: {exc}; extract it again") from exc
    corners: list[list[float]] = []
    for number, line in enumerate(lines, start=1):
        fields = line.split()
        if not fields:
            continue
        try:
            if len(fields) < 8:
                raise ValueError(f"{len(fields)} fields, fewer than 8")
            corners.append([float(v) for v in fields[:8]])
        except ValueError as exc:
            raise InvalidDataError(
                f"cannot parse line {number} of {path}: {line.strip()!r} ({exc}); expected "
                "'x1 y1 x2 y2 x3 y3 x4 y4 theta ...'") from exc
    return np.asarray(corners, np.float32).reshape(-1, 8)


class UCASAOD(BoxDataset, spec=spec("ucas_aod")):
    """UCAS-AOD: ``image`` float32 [3,H,W] (uint8 values), ``bbox_xyxyxyxy`` float32 [N,8]
    (the published corners), ``bbox_xyxy`` float32 [N,4] (their envelope) and ``label``
    int64 [N] (0 car, 1 airplane). One split, ``train``: the dataset has no official split.
    """

    manual_hint: ClassVar[str] = (
        "Looked for CAR/ and PLANE/ (P0001.png with P0001.txt ...). UCAS-AOD has no direct "
        f"download: get the package from {_PAGE} and extract it, so that CAR/ and PLANE/ "
        "appear.")

    def _base(self) -> Path | None:
        """The folder holding ``CAR/`` and ``PLANE/``."""
        found = find_dir(self.root, "PLANE")
        base = found.parent if found is not None else None
        if base is not None and all((base / name).is_dir() for name in _FOLDERS):
            return base
        return None

    def _exists(self) -> bool:
        return self._base() is not None

    def _load(self) -> None:
        """Pair each image of ``CAR/`` and ``PLANE/`` with its annotation.

        Raises:
            InvalidDataError: an image has no annotation or a folder no image (names them).
        """
        base = self._base()
        assert base is not None
        self.samples: list[tuple[Path, Path, int]] = []
        for label, name in enumerate(_FOLDERS):
            images = sorted(p for p in (base / name).glob("*.png") if not p.name.startswith("."))
            if not images:
                raise InvalidDataError(f"{self.name}: {base / name} holds no PNG image; "
                                       "extract the package again")
            missing = [p.name for p in images if not p.with_suffix(".txt").is_file()]
            if missing:
                raise InvalidDataError(
                    f"{self.name}: {len(missing)} image(s) in {base / name} lack their "
                    f"annotation (first: {missing[0]} without "
                    f"{Path(missing[0]).with_suffix('.txt').name}); extract the package again")
            self.samples.extend((p, p.with_suffix(".txt"), label) for p in images)

    def __len__(self) -> int:
        return len(self.samples)

    def __getitem__(self, index: int) -> Sample:
        import torch

        path, notes, label = self.samples[index]
        image = read_rgb(path)[self.band_indices]
        corners = parse_ucas_aod(notes)
        labels = np.full(len(corners), label, np.int64)
        sample: Sample = {"image": torch.from_numpy(image.astype(np.float32))}
        sample.update(sample_boxes(enclosing_xyxy(corners), labels, corners))
        return self._apply(sample)
