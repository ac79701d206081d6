"""Tiny stand-ins registered in memory: an any-sensor model that records the spectral
arguments it was built with, a small Prithvi-style time-series encoder, and small Sentinel-2
datasets (chips for classification, images and time series for segmentation) whose specs carry
a sensor, so that the spec's wavelengths can reach a model."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from typing import Any

import torch
from torch import nn

from geoplug.core.pluginmanager import plugin_manager
from geoplug.core.plugins import hookimpl

RECEIVED: list[dict[str, Any]] = []
"""What every :func:`recording_model` was built with, in order."""


class RecordingModel(nn.Module):
    """A small CNN classifier (or dense model) that keeps what its builder received."""

    def __init__(self, in_chans: int, num_classes: int, dense: bool,
                 received: dict[str, Any]) -> None:
        super().__init__()
        self.received = received
        self.dense = dense
        self.encoder = nn.Sequential(nn.Conv2d(in_chans, 8, 3, padding=1), nn.ReLU())
        # num_classes=0: features only, as timm builds an encoder (no zero-channel layer)
        self.head: nn.Module = nn.Conv2d(8, num_classes, 1) if num_classes else nn.Identity()

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        out: torch.Tensor = self.head(self.encoder(x))
        return out if self.dense else out.mean(dim=(2, 3))


def recording_model(in_chans: int | None = None, num_classes: int = 2, *,
                    wavelengths: Sequence[float] | None = None,
                    bandwidths: Sequence[float] | None = None, gsd: float | None = None,
                    dense: bool = False) -> RecordingModel:
    """Any-sensor stand-in: ``in_chans`` defaults to the number of wavelengths."""
    received = {"in_chans": in_chans, "num_classes": num_classes,
                "wavelengths": None if wavelengths is None else list(wavelengths),
                "bandwidths": None if bandwidths is None else list(bandwidths), "gsd": gsd}
    RECEIVED.append(received)
    channels = in_chans if in_chans is not None else len(wavelengths or ()) or 3
    return RecordingModel(channels, num_classes, dense, received)


def tiny_prithvi(in_chans: int = 6, num_classes: int = 0, **kwargs: Any) -> nn.Module:
    """geoplug's Prithvi encoder at toy size (32 wide, 4 blocks, 8-px patches)."""
    from geoplug.models.foundation.prithvi import Prithvi

    return Prithvi(name="tiny_prithvi", in_chans=in_chans, embed_dim=32, depth=4, num_heads=2,
                   patch_size=8, coords=False, num_classes=num_classes, **kwargs)


_M = "testkit.standins"
S2_BANDS = ("B02", "B03", "B04", "B05", "B06", "B07", "B08", "B8A", "B11", "B12")


class TinyS2Segmentation(torch.utils.data.Dataset[dict[str, Any]]):
    """Deterministic Sentinel-2 samples: ``image`` ``[C,H,W]`` (or ``[T,C,H,W]`` with
    ``frames``) and a ``mask`` marking where band 0 (averaged over time) is positive."""

    splits = ("train", "val", "test")

    def __init__(self, root: str = "data", split: str = "train",
                 bands: Sequence[str] | None = None, transforms: Any = None,
                 download: bool = False, checksum: bool = False, frames: int | None = None,
                 size: int = 32, length: int = 4) -> None:
        from geoplug.core import sensors

        self.bands = tuple(bands or S2_BANDS)
        canonical = [sensors.canonical_band("sentinel2", b) for b in self.bands]
        unknown = [b for b, c in zip(self.bands, canonical) if c not in S2_BANDS]
        if unknown:
            raise ValueError(f"unknown bands {unknown}")
        g = torch.Generator().manual_seed(self.splits.index(split))
        shape = (length, frames or 1, len(self.bands), size, size)
        self.images = torch.randn(shape, generator=g)
        self.frames = frames

    def __len__(self) -> int:
        return int(self.images.shape[0])

    def __getitem__(self, index: int) -> dict[str, Any]:
        series = self.images[index]
        mask = (series[:, 0].mean(0) > 0).long()
        return {"image": series if self.frames else series[0], "mask": mask}


class _StandinPlugin:
    @hookimpl
    def geoplug_models(self) -> list[dict[str, Any]]:
        return [
            {"name": "recording_model", "target": f"{_M}:recording_model",
             "task": "classification", "description": "test stand-in (records its inputs)"},
            {"name": "tiny_prithvi", "target": f"{_M}:tiny_prithvi", "task": "segmentation",
             "description": "test stand-in: a toy Prithvi-EO-2.0 encoder"},
        ]


def _chips_spec() -> dict[str, Any]:
    from fakedata import tiny_chips

    # the tiny chips' bands B1..B4 are Sentinel-2 band names: with the sensor in the spec,
    # their wavelengths are known
    return {**tiny_chips.SPEC, "name": "tiny_s2_chips", "sensors": ("Sentinel-2",),
            "resolution": 10.0}


class _StandinDatasets:
    @hookimpl
    def geoplug_datasets(self) -> list[dict[str, Any]]:
        common = {"target": f"{_M}:TinyS2Segmentation", "task": "segmentation",
                  "kind": "nongeo", "sensors": ("Sentinel-2",), "num_classes": 2,
                  "splits": TinyS2Segmentation.splits, "resolution": 10.0, "bands": S2_BANDS}
        return [_chips_spec(), {**common, "name": "tiny_s2_segmentation"},
                {**common, "name": "tiny_s2_series", "task": "time_series"}]


@contextmanager
def standin_models() -> Iterator[list[dict[str, Any]]]:
    """Register the stand-ins for the duration of the block; yields :data:`RECEIVED`."""
    manager = plugin_manager()
    plugin, data = _StandinPlugin(), _StandinDatasets()
    RECEIVED.clear()
    manager.register(plugin, name="test-standin-models", distribution="tests-standins")
    manager.register(data, name="test-standin-datasets", distribution="tests-standins")
    try:
        yield RECEIVED
    finally:
        manager.unregister(plugin)
        manager.unregister(data)
