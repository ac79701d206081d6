"""Per-band normalisation of dict samples.

Datasets may keep the source dtype (e.g. uint16) so that samples are cheap to move; this module
turns them into standardised float32 wherever the batch is, CPU worker or GPU.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, Protocol

import torch
from torch import Tensor, nn

__all__ = ["Normalize"]


class _HasStats(Protocol):
    """What :meth:`Normalize.from_spec` reads: a dataset or weights spec."""

    @property
    def mean(self) -> Sequence[float] | None: ...

    @property
    def std(self) -> Sequence[float] | None: ...

    @property
    def bands(self) -> Sequence[str]: ...


class Normalize(nn.Module):
    """Standardise each band of ``sample[key]``: ``(x - mean[c]) / std[c]``, as float32.

    The band axis is the third from the end, so ``[C,H,W]``, ``[B,C,H,W]``, ``[T,C,H,W]`` and
    ``[B,T,C,H,W]`` all work. Only ``key`` (``"image"``) is changed; masks, boxes and the
    rest of the sample pass through.
    """

    mean: Tensor
    std: Tensor

    def __init__(self, mean: Sequence[float], std: Sequence[float], key: str = "image") -> None:
        """Store per-band statistics as buffers so ``.to(device)`` moves them with the module.

        Raises:
            ValueError: if ``mean`` and ``std`` differ in length, are empty, or a std is <= 0.
        """
        super().__init__()
        if len(mean) != len(std) or not mean:
            raise ValueError(
                f"mean and std need one value per band, got {len(mean)} and {len(std)}"
            )
        if any(s <= 0 for s in std):
            raise ValueError(f"std values must be positive, got {list(std)}")
        self.key = key
        self.register_buffer("mean", torch.tensor(list(mean), dtype=torch.float32).view(-1, 1, 1))
        self.register_buffer("std", torch.tensor(list(std), dtype=torch.float32).view(-1, 1, 1))

    @classmethod
    def from_spec(
        cls, spec: _HasStats, bands: Sequence[str] | None = None, key: str = "image"
    ) -> Normalize:
        """Build from a spec's ``mean``/``std`` (e.g. ``geoplug.datasets.info(name)``).

        ``bands`` selects the statistics of the bands a dataset was opened with, in that order,
        by name from ``spec.bands``; by default all of the spec's statistics are used.

        Raises:
            ValueError: if the spec has no statistics, or a requested band is not in it.
        """
        if not spec.mean or not spec.std:
            name = getattr(spec, "name", type(spec).__name__)
            raise ValueError(f"{name} has no per-band mean/std to normalise with")
        mean, std = list(spec.mean), list(spec.std)
        if bands is not None:
            known = list(spec.bands)
            missing = [b for b in bands if b not in known]
            if missing or len(known) != len(mean):
                raise ValueError(
                    f"cannot select bands {missing or list(bands)}: spec bands are {known} "
                    f"with {len(mean)} statistics"
                )
            mean = [mean[known.index(b)] for b in bands]
            std = [std[known.index(b)] for b in bands]
        return cls(mean, std, key=key)

    def forward(self, sample: dict[str, Any] | Tensor) -> Any:
        """Return a new sample whose ``key`` tensor is normalised float32.

        A bare tensor is accepted too and returned normalised (for model inputs).

        Raises:
            KeyError: if ``key`` is missing.
            ValueError: if the tensor's band count does not match the statistics.
        """
        if isinstance(sample, Tensor):
            return self.forward({self.key: sample})[self.key]
        image: Tensor = sample[self.key]
        bands = self.mean.shape[0]
        if image.ndim < 3 or image.shape[-3] != bands:
            raise ValueError(
                f"{self.key} of shape {tuple(image.shape)} does not have {bands} bands on "
                "axis -3; build Normalize with one mean/std per band (appended index "
                "channels included)"
            )
        out = dict(sample)
        out[self.key] = (image.to(torch.float32) - self.mean) / self.std
        return out

    def extra_repr(self) -> str:
        return f"key={self.key!r}, bands={self.mean.shape[0]}"
