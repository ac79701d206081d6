"""QuakeSet: Sentinel-1 image pairs to detect earthquake-affected areas (Rege Cambrin & Garza).

The publisher ships one HDF5 file, ``earthquakes.h5`` (Hugging Face ``DarthReca/quakeset``):
one group per earthquake (attributes ``split`` = ``train``/``validation``/``test`` and
``magnitude``), holding one sub-group per patch with ``[H, W, 2]`` float32 arrays (VV, VH)
``pre`` and ``post`` (the acquisitions around the event) and, for most patches, ``before`` (an
earlier acquisition), plus the patch coordinate arrays ``x`` and ``y``. A pre/post pair is an
affected area (label 1, the event's magnitude); the before/pre pair of the same patch is the
hard negative (label 0, magnitude 0), as in the paper.
"""

from __future__ import annotations

from typing import Any, ClassVar

import numpy as np

from geoplug.core.download import Resource
from geoplug.core.nongeo import NonGeoDataset, Sample
from geoplug.datasets._catalog import spec
from geoplug.datasets._sequences import channels_first, open_h5, read_h5

__all__ = ["QuakeSet"]

_SPLIT_ATTR = {"train": "train", "val": "validation", "test": "test"}


def _text(value: Any) -> str:
    return value.decode() if isinstance(value, bytes) else str(value)


class QuakeSet(NonGeoDataset, spec=spec("quakeset")):
    """Sentinel-1 pairs -> affected or not, with the magnitude.

    Samples: ``image`` float32 ``[2, C, H, W]`` (earlier, later acquisition; missing SAR
    values, NaN in the file, become 0), ``label`` int64 (1: earthquake-affected),
    ``magnitude`` float32, ``event`` and ``patch`` (the HDF5 group names).
    """

    filename: ClassVar[str] = "earthquakes.h5"
    resources: ClassVar[tuple[Resource, ...]] = (
        Resource(url="https://hf.co/datasets/DarthReca/quakeset/resolve/"
                     "bead1d25fb9979dbf703f9ede3e8b349f73b29f7/earthquakes.h5",
                 filename="earthquakes.h5", md5="76fc7c76b7ca56f4844d852e175e1560",
                 extract=False),
    )

    def _exists(self) -> bool:
        return (self.root / self.filename).is_file()

    def _load(self) -> None:
        import h5py

        wanted = _SPLIT_ATTR[self.split]
        self.items: list[tuple[str, str, tuple[str, str], int, float]] = []
        with open_h5(self.root / self.filename) as f:
            for event in sorted(f):
                group = f[event]
                if _text(group.attrs.get("split", "")) != wanted:
                    continue
                magnitude = float(group.attrs.get("magnitude", np.nan))
                for patch in sorted(group):
                    node = group[patch]
                    if not isinstance(node, h5py.Group) or not {"pre", "post"} <= set(node):
                        continue  # the x / y coordinate arrays
                    self.items.append((event, patch, ("pre", "post"), 1, magnitude))
                    if "before" in node:
                        self.items.append((event, patch, ("before", "pre"), 0, 0.0))

    def _empty_reason(self) -> str:
        return (f"no earthquake group of {self.root / self.filename} has split="
                f"{_SPLIT_ATTR[self.split]!r} and a patch with pre/post images")

    def __len__(self) -> int:
        return len(self.items)

    def __getitem__(self, index: int) -> Sample:
        import torch

        event, patch, (first, second), label, magnitude = self.items[index]
        with open_h5(self.root / self.filename) as f:
            pair = [read_h5(f, f"{event}/{patch}/{name}") for name in (first, second)]
        image = np.stack([channels_first(a, self.band_indices) for a in pair])
        image = np.nan_to_num(image.astype(np.float32), nan=0.0)
        sample: Sample = {
            "image": torch.from_numpy(image),
            "label": torch.tensor(label, dtype=torch.int64),
            "magnitude": torch.tensor(magnitude, dtype=torch.float32),
            "event": event,
            "patch": patch,
        }
        return self._apply(sample)
