"""Change chips as same-named PNGs in ``A/`` (before), ``B/`` (after) and ``label/`` (mask): the
layout LEVIR-CD and LEVIR-CD+ share; only the way each finds a split's files differs."""

from __future__ import annotations

import re
from collections.abc import Iterable
from pathlib import Path

import numpy as np

from geoplug.core.errors import InvalidDataError
from geoplug.core.nongeo import NonGeoDataset, Sample
from geoplug.datasets._chipio import read_image

__all__ = ["BitemporalPairs", "natural_key"]


def natural_key(path: Path) -> tuple[object, ...]:
    """Sort ``train_2.png`` before ``train_10.png``: the publisher's numbering, not ASCII."""
    return tuple(int(part) if part.isdigit() else part for part in re.split(r"(\d+)", path.name))


class BitemporalPairs(NonGeoDataset):
    """Change chips stored as same-named PNGs in ``A/`` (before), ``B/`` (after) and
    ``label/`` (mask, any value > 0 is change): ``image`` [2, C, H, W], ``mask`` [H, W].

    A subclass lists its split's ``A/`` images in :meth:`_load` and hands them to
    :meth:`_pair`; reading, band selection and transforms are shared.
    """

    files: list[tuple[Path, Path, Path]]

    def _pair(self, befores: Iterable[Path]) -> None:
        """Index ``(A, B, label)`` for each ``A/`` image, in the order given.

        Raises:
            InvalidDataError: an ``A/`` image has no ``B/`` image or ``label/`` mask of its name
                (a partly extracted archive would otherwise shift every later pair).
        """
        self.files = []
        for before in befores:
            folder = before.parent.parent
            after, label = folder / "B" / before.name, folder / "label" / before.name
            missing = [str(p) for p in (after, label) if not p.is_file()]
            if missing:
                raise InvalidDataError(
                    f"{self.name}: {before} has no partner {' nor '.join(missing)}; the archive "
                    "looks incomplete — delete the extracted folders and the archive, then "
                    "download again"
                )
            self.files.append((before, after, label))

    def __len__(self) -> int:
        return len(self.files)

    def __getitem__(self, index: int) -> Sample:
        import torch

        before, after, label = self.files[index]
        dates = [read_image(path)[self.band_indices] for path in (before, after)]
        change = read_image(label, "L") > 0
        return self._apply({"image": torch.from_numpy(np.stack(dates).astype(np.float32)),
                            "mask": torch.from_numpy(change.astype(np.int64))})
