"""The generic data module for geo datasets: compose layers, split by region, sample patches.

Layers are given as objects or registry names, combined with ``&`` (a list) and ``|`` (a
nested list): ``[["landsat7", "landsat8"], "cdl"]`` is ``(landsat7 | landsat8) & cdl``.
Training draws random patches (:class:`~geoplug.core.RandomBatchGeoSampler`: one scene per
batch); validation, test and prediction tile their region with
:class:`~geoplug.core.GridGeoSampler`. The samplers shard across ``torch.distributed`` ranks
themselves, so run the Trainer with ``use_distributed_sampler=False``. Validation and test
score each pixel once where their tiles overlap (the grid's last row and column, overlapping
scenes: :mod:`~geoplug.trainers.tile_scoring`), across ranks too: a rank leaves the pixels
of the tiles of the ranks before it to them, and the tiles that pad every rank to the same
count (the ranks step together) score nothing.

On a CUDA device the warped raster layers defer their resampling
(:func:`geoplug.core.deferred_compose.auto_defer`): the workers read the source pixels and a compact
warp description, and :class:`~geoplug.core.Resample` finishes each batch on the device in
``on_after_batch_transfer``, before normalisation and augmentation. Batches are pinned and
copied without blocking. On a CPU the layers resample eagerly in the workers (faster there);
``defer_resampling`` overrides either choice.

A dataset that reads remote files (``read_threads`` above 1) is read ahead in training
(:class:`~geoplug.core.readahead.ReadAheadDataset`): each worker walks the batch sampler and
keeps reads in flight across batches; ``read_ahead`` overrides that choice.
"""

from __future__ import annotations

import math
from collections.abc import Iterator, Sequence
from typing import Any, TypeAlias

import numpy as np
import torch
from torch import Tensor, nn
from torch.utils.data import DataLoader

from geoplug.core.bbox import BoundingBox
from geoplug.core.geodataset import GeoDataset
from geoplug.core.sampling_layout import tiling_origin
from geoplug.core.transforms import Normalize
from geoplug.trainers.datamodule import BaseDataModule
from geoplug.trainers.epoch_loader import EpochDataLoader

__all__ = ["GeoDataModule", "build_geo_dataset", "to_bbox"]

_STAGES = ("train", "val", "test")

LayerLike: TypeAlias = GeoDataset | str | dict[str, Any] | Sequence[Any]
BoxLike: TypeAlias = BoundingBox | Sequence[float]


def to_bbox(value: BoxLike | None) -> BoundingBox | None:
    """A ``BoundingBox`` from one, or from ``[minx, maxx, miny, maxy(, mint, maxt)]``.

    Raises:
        ValueError: not 4 or 6 numbers.
    """
    if value is None or isinstance(value, BoundingBox):
        return value
    numbers = [float(v) for v in value]
    if len(numbers) not in (4, 6):
        raise ValueError(f"a region is [minx, maxx, miny, maxy] (optionally mint, maxt), "
                         f"got {list(value)}")
    return BoundingBox(*numbers)


def _shared(a: BoundingBox, b: BoundingBox, dataset: GeoDataset) -> BoundingBox | None:
    """Where ``a`` and ``b`` share pixels (more than half a pixel across in x and y), and
    time as the samplers take it: ``None`` where they at most touch.

    Regions that touch at an instant share it only where one of them keeps that instant
    (an instant, or a region spanning all the data's time; :mod:`geoplug.core.samplers`).
    """
    res, data = dataset.res, dataset.bounds
    minx, maxx = max(a.minx, b.minx), min(a.maxx, b.maxx)
    miny, maxy = max(a.miny, b.miny), min(a.maxy, b.maxy)
    mint, maxt = max(a.mint, b.mint), min(a.maxt, b.maxt)
    if maxx - minx <= res[0] / 2 or maxy - miny <= res[1] / 2 or mint > maxt:
        return None
    if mint == maxt and not all(
            mint < r.maxt or r.mint == r.maxt or (r.mint <= data.mint and r.maxt >= data.maxt)
            for r in (a, b)):
        return None
    return BoundingBox(minx, maxx, miny, maxy, mint, maxt)


def _free_strip(lo: float, hi: float, taken: Sequence[BoundingBox]
                ) -> tuple[float, float] | None:
    """The widest part of ``[lo, hi]`` (the first of equals) outside the x ranges of
    ``taken``; ``None`` where they cover it."""
    free = [(lo, hi)]
    for box in taken:
        free = [piece for a, b in free
                for piece in ((a, min(b, box.minx)), (max(a, box.maxx), b)) if piece[1] > piece[0]]
    return max(free, key=lambda piece: piece[1] - piece[0], default=None)


def _check_disjoint(regions: dict[str, BoundingBox | str], dataset: GeoDataset) -> None:
    """Refuse train, val and test regions sharing a pixel: validation or test would score
    pixels the model trained on (or validation choose on test's).

    Raises:
        ValueError: two regions share a pixel.
    """
    boxes = [(s, box) for s in _STAGES
             if isinstance(box := regions.get(s), BoundingBox)]
    for i, (first, a) in enumerate(boxes):
        for second, b in boxes[i + 1:]:
            box = _shared(a, b, dataset)
            if box is None:
                continue
            raise ValueError(
                f"the {first} region ({_describe(a)}) and the {second} region "
                f"({_describe(b)}) share the pixels of {_describe(box)}: {second} would be "
                f"scored on pixels {first} also uses. Change {first}_roi or {second}_roi "
                "(snapped to the pixel grid, rois may touch at an edge but not overlap); the "
                "split cuts the stages without an roi from the strip along x they leave")


def _describe(box: BoundingBox) -> str:
    """``box`` in words: x and y ranges, and its time range where it has one."""
    text = f"x {box.minx:.12g} to {box.maxx:.12g}, y {box.miny:.12g} to {box.maxy:.12g}"
    if math.isinf(box.mint) and math.isinf(box.maxt):
        return text
    return text + f", t {box.mint:.12g} to {box.maxt:.12g}"


def _named(name: str, kwargs: dict[str, Any]) -> GeoDataset:
    from geoplug.core.registry import datasets

    spec = datasets.info(name)
    if spec.kind != "geo":
        raise ValueError(f"dataset {name!r} is not a geo dataset; use NonGeoDataModule")
    dataset: GeoDataset = datasets.get(name)(**kwargs)
    return dataset


def build_geo_dataset(layers: LayerLike, kwargs: dict[str, Any] | None = None,
                      _depth: int = 0) -> GeoDataset:
    """Compose ``layers``: a list intersects (``&``) its items, a nested list unites (``|``).

    An item is a ``GeoDataset``, a registry name (built with ``kwargs``) or a dict
    ``{"name": ..., **constructor kwargs}``.

    Raises:
        UnknownNameError: unknown dataset name (a ``KeyError``).
        ValueError: an empty list, a non-geo dataset, or an item of another type.
    """
    if isinstance(layers, GeoDataset):
        return layers
    if isinstance(layers, str):
        return _named(layers, dict(kwargs or {}))
    if isinstance(layers, dict):
        options = dict(layers)
        name = options.pop("name", None)
        if not isinstance(name, str):
            raise ValueError(f"a layer given as a dict needs a 'name', got {layers}")
        return _named(name, options)
    if isinstance(layers, Sequence) and len(layers) > 0:
        parts = [build_geo_dataset(item, kwargs, _depth + 1) for item in layers]
        combined = parts[0]
        for part in parts[1:]:
            combined = combined | part if _depth % 2 else combined & part
        return combined
    raise ValueError(f"cannot build a geo dataset from {layers!r}: give a GeoDataset, a "
                     "registry name, a {'name': ...} dict or a list of them")


class GeoDataModule(BaseDataModule):
    """Random patches for training, grid tiles for val/test/predict, split by region.

    Args:
        dataset: the layers (see :func:`build_geo_dataset`).
        dataset_kwargs: constructor arguments of a dataset given by a bare name.
        patch_size: patch side (or ``(height, width)``) in ``units``.
        batch_size: patches per batch.
        length: training patches per epoch (default: as many as fit in the training region).
        stride: grid step for val/test/predict (default ``patch_size``: no overlap).
        units: ``"pixels"`` or ``"crs"``.
        train_roi, val_roi, test_roi, predict_roi: explicit regions (BoundingBox or
            ``[minx, maxx, miny, maxy]``), snapped to the pixel grid. Without them the
            dataset's bounds are cut along x into ``split`` fractions (train, val, test);
            the stages without one share the widest strip along x (full height) that the
            others' rois leave, by their fractions. Train, val and test may touch at an edge
            but not share a pixel. Predict covers the whole bounds.
        split: fractions of the bounds for train, val, test (summing to 1).
        seed: seed of the random training sampler (default: a fresh draw).
        batch_size, num_workers, mean, std, augmentations, pin_memory, statistics: see
            :class:`~geoplug.trainers.datamodule.BaseDataModule`; without ``mean``/``std``
            they come from the spec of the first layer named by registry name, if it has them,
            else from ``statistics`` random patches of the training region.
            Memory is pinned anyway when the trainer runs on a CUDA device.
        defer_resampling: resample the warped layers on the batch's device (``True``), in
            the workers (``False``), or by the trainer's device (``None``, the default:
            deferred on a CUDA device, eager on a CPU, where the workers resample fastest).
        read_ahead: read the training batches ahead across batch boundaries (``True``), one
            batch at a time (``False``), or when the dataset reads remote files (``None``, the
            default: its ``read_threads`` is above 1).

    Raises:
        ValueError: bad split fractions or regions; layers that cannot be built.
    """

    normalize: Normalize | None

    def __init__(
        self,
        dataset: Any,
        dataset_kwargs: dict[str, Any] | None = None,
        patch_size: int | float | Sequence[float] = 256,
        batch_size: int = 8,
        length: int | None = None,
        stride: int | float | Sequence[float] | None = None,
        units: str = "pixels",
        train_roi: BoxLike | None = None,
        val_roi: BoxLike | None = None,
        test_roi: BoxLike | None = None,
        predict_roi: BoxLike | None = None,
        split: Sequence[float] = (0.8, 0.1, 0.1),
        seed: int | None = None,
        num_workers: int = 0,
        mean: Sequence[float] | None = None,
        std: Sequence[float] | None = None,
        augmentations: nn.Module | str | None = "default",
        pin_memory: bool = False,
        defer_resampling: bool | None = None,
        read_ahead: bool | None = None,
        statistics: int = 256,
    ) -> None:
        super().__init__(batch_size, num_workers, mean, std, augmentations, pin_memory,
                         statistics)
        self.defer_resampling = defer_resampling
        self.read_ahead = read_ahead
        #: the layers resampling on the device (class names), set when the dataset is built
        self.deferred_layers: list[str] = []
        #: which pixels each validation/test tile scores, per stage
        self._scoring: dict[str, Any] = {}
        #: per grid (``val``, ``test``), the tiles of the ranks before this one
        self._scored_elsewhere: dict[str, list[BoundingBox]] = {}
        if len(split) != 3 or any(s < 0 for s in split) or abs(sum(split) - 1) > 1e-6:
            raise ValueError(f"split gives the train, val and test fractions summing to 1, "
                             f"got {list(split)}")
        self.layers = dataset
        self.dataset_kwargs = dict(dataset_kwargs or {})
        self.patch_size = patch_size
        self.length = length
        self.stride = stride
        self.units = units
        self.split = tuple(float(s) for s in split)
        self.seed = seed
        self.rois: dict[str, BoundingBox | None] = {
            "train": to_bbox(train_roi), "val": to_bbox(val_roi), "test": to_bbox(test_roi),
            "predict": to_bbox(predict_roi)}
        self.dataset: GeoDataset | None = None
        if self.normalize is None:
            self.normalize = self._spec_normalize()

    def _spec_normalize(self) -> Normalize | None:
        """The image layer's spec statistics, of the bands it is built with, in their order."""
        from geoplug.core.registry import datasets
        from geoplug.trainers.spectral import first_layer

        name, kwargs = first_layer(self.layers, self.dataset_kwargs)
        if name is None:
            return None
        spec = datasets.info(name)
        if not spec.mean or not spec.std:
            return None
        return Normalize.from_spec(spec, kwargs.get("bands"))

    def model_inputs(self) -> dict[str, Any]:
        """The spec facts of the first layer named by registry name (the image layer)."""
        from geoplug.trainers.spectral import dataset_inputs

        return dataset_inputs(self.layers, self.dataset_kwargs)

    def label_ignore_index(self) -> int | None:
        """The spec's ``ignore_index`` of the label layer (the last one)."""
        from geoplug.trainers.spectral import label_ignore_index

        return label_ignore_index(self.layers, self.dataset_kwargs)

    def region(self, stage: str) -> BoundingBox:
        """The region sampled for ``stage`` (``train``, ``val``, ``test``, ``predict``).

        Explicit rois are snapped to the pixel grid; the stages without one share, by their
        ``split`` fractions and in that order, the widest strip of the bounds along x that
        the explicit rois leave (the whole bounds without them).

        Raises:
            ValueError: the split leaves ``stage`` an empty region, or one narrower or
                shorter than a patch (its tiles would read beyond it: into another split's
                region, or past the data, where the fill value would be scored as a class);
                or two of the train, val and test regions share a pixel (validation or test
                would score pixels the model trained on).
        """
        if stage == "predict":
            return self.rois["predict"] or self._dataset().bounds
        regions = self._regions()
        found = regions[stage]
        if isinstance(found, str):
            raise ValueError(found)
        _check_disjoint(regions, self._dataset())
        return found

    def _regions(self) -> dict[str, BoundingBox | str]:
        """The train, val and test regions, or why a stage has none."""
        dataset = self._dataset()
        bounds = dataset.bounds
        # cuts on pixel edges: a pixel split by a cut lay in both regions' tiles (or, with
        # the training patches placed off the grid, in a patch of each)
        origin = tiling_origin(dataset, bounds)
        step = dataset.res

        def on_grid(x: float, axis: int = 0) -> float:
            return origin[axis] + round((x - origin[axis]) / step[axis]) * step[axis]

        out: dict[str, BoundingBox | str] = {}
        for stage in _STAGES:
            roi = self.rois[stage]
            if roi is not None:  # an roi whose edges another's shares keeps them shared
                snapped = BoundingBox(on_grid(roi.minx), on_grid(roi.maxx),
                                      on_grid(roi.miny, 1), on_grid(roi.maxy, 1), roi.mint,
                                      roi.maxt)
                out[stage] = snapped if _shared(snapped, bounds, dataset) is not None else (
                    f"{stage}_roi {tuple(roi)} shares no pixel with the data's bounds "
                    f"{tuple(bounds)}: its samples would hold the fill value only (scored as "
                    f"a class). Pass a {stage}_roi inside the data (in its CRS, "
                    f"{dataset.crs.to_string() if dataset.crs else 'unknown'})")
        taken = [box for box in out.values() if isinstance(box, BoundingBox)
                 and _shared(box, bounds, dataset) is not None]
        strip = _free_strip(bounds.minx, bounds.maxx, taken)
        cut = [s for s in _STAGES if s not in out]
        fractions = dict(zip(_STAGES, self.split))
        total = sum(fractions[s] for s in cut)
        before = 0.0
        for stage in cut:
            share = fractions[stage]
            if share == 0:
                out[stage] = f"split gives {stage} no region; pass {stage}_roi or change split"
                continue
            if strip is None:
                given = " and ".join(f"{s}_roi" for s in _STAGES if s not in cut)
                verb = "leave" if " " in given else "leaves"
                out[stage] = (f"{given} {verb} no strip of the bounds along x (full height) "
                              f"from which split could cut {stage}'s region: pass {stage}_roi, "
                              f"shrink {given}, or give {stage} a 0 share (split=...)")
                continue
            lo, hi = strip
            start = lo + (hi - lo) * (before / total)
            # the very expression of the next region's ``start``: one cut, rounded once
            end = lo + (hi - lo) * ((before + share) / total)
            if before > 0:
                start = on_grid(start)
            if before + share < total - 1e-12:
                end = on_grid(end)
            before += share
            out[stage] = BoundingBox(start, end, bounds.miny, bounds.maxy, bounds.mint,
                                     bounds.maxt)
        for stage, box in out.items():
            if isinstance(box, BoundingBox):
                try:
                    out[stage] = self._fits_a_patch(box, stage, dataset)
                except ValueError as error:
                    out[stage] = str(error)
        return out

    def _fits_a_patch(self, region: BoundingBox, stage: str, dataset: GeoDataset
                      ) -> BoundingBox:
        """``region``, checked to hold one patch (``predict`` may be smaller: its tiles
        overhang the data, whose prediction is cut to the region)."""
        if stage == "predict":
            return region
        size = self.patch_size
        height, width = (size, size) if isinstance(size, (int, float)) else size
        if self.units == "pixels":
            height, width = height * dataset.res[1], width * dataset.res[0]
        if region.width < width * (1 - 1e-9) or region.height < height * (1 - 1e-9):
            raise ValueError(
                f"the {stage} region is {region.width:g} x {region.height:g} (CRS units), "
                f"smaller than one patch ({width:g} x {height:g}): its tiles would read "
                f"beyond it, into another split or past the data. Give {stage} a larger "
                f"share (split=...), pass {stage}_roi=..., or use a smaller patch_size")
        return region

    def _device(self) -> torch.device | None:
        """The trainer's device (``None`` without a trainer)."""
        trainer = self.trainer
        if trainer is None:
            return None
        return trainer.strategy.root_device

    def _defers(self) -> bool:
        if self.defer_resampling is not None:
            return self.defer_resampling
        device = self._device()
        return device is not None and device.type == "cuda"

    def _pin(self) -> bool:
        device = self._device()
        return self.pin_memory or (device is not None and device.type == "cuda")

    def _dataset(self) -> GeoDataset:
        if self.dataset is None:
            self.dataset = build_geo_dataset(self.layers, self.dataset_kwargs)
            if self._defers():
                from geoplug.core.deferred_compose import auto_defer

                self.deferred_layers = auto_defer(self.dataset)
        return self.dataset

    def setup(self, stage: str | None = None) -> None:
        """Build (once) the composed dataset, and without statistics from you or the spec,
        take them from ``statistics`` random patches of the training region (their pixels
        with data)."""
        from geoplug.trainers.prediction import image_fill_value

        dataset = self._dataset()
        if self.normalize is None and self.statistics:
            self._fit_statistics(self._statistics_samples(dataset), image_fill_value(dataset))

    def _with_scored(self, batch: dict[str, Any], stage: str) -> dict[str, Any]:
        """``batch`` with ``scored`` ``[B, H, W]`` in a validation or test pass of dense
        labels (``mask``); as it is otherwise."""
        mask = batch.get("mask")
        if stage not in ("validate", "test", "sanity_check") or not isinstance(mask, Tensor) \
                or mask.ndim < 3 or "bounds" not in batch or "scored" in batch:
            return batch
        from geoplug.trainers.tile_scoring import ScoredPixels

        scoring = self._scoring.get(stage)
        if scoring is None:
            scoring = self._scoring[stage] = ScoredPixels()
            for box in self._scored_elsewhere.get("test" if stage == "test" else "val", []):
                scoring.mark(box)
        height, width = mask.shape[-2:]
        owned = np.stack([scoring.owned(box, height, width) for box in batch["bounds"]])
        return {**batch, "scored": torch.from_numpy(owned).to(mask.device)}

    def _statistics_samples(self, dataset: GeoDataset) -> Iterator[dict[str, Any]]:
        """A fixed draw of training patches (resampled here when deferred); none when the
        split gives training no region."""
        from geoplug.core.collate import stack_samples
        from geoplug.core.resample import Resample
        from geoplug.core.samplers import RandomGeoSampler

        try:
            region = self.region("train")
        except ValueError:
            return
        # one draw for the whole world: every rank normalises with the same statistics
        sampler = RandomGeoSampler(dataset, self.patch_size, length=self.statistics,
                                   roi=region, units=self.units,  # type: ignore[arg-type]
                                   seed=0, num_replicas=1, rank=0)
        for box in sampler:
            sample = dataset[box]
            if "image_src" in sample:
                sample = Resample()(stack_samples([sample]))
                sample["image"] = sample["image"][0]
            yield sample

    def train_dataloader(self) -> DataLoader[Any]:
        from geoplug.core.samplers import RandomBatchGeoSampler

        dataset = self._dataset()
        sampler = RandomBatchGeoSampler(dataset, self.patch_size, self.batch_size,
                                        length=self.length, roi=self.region("train"),
                                        units=self.units, seed=self.seed)  # type: ignore[arg-type]
        ahead = self.read_ahead if self.read_ahead is not None else dataset.read_threads > 1
        if ahead:  # the workers walk the batch sampler: whole batches, read ahead
            from geoplug.core.readahead import ReadAheadDataset

            return EpochDataLoader(ReadAheadDataset(dataset, sampler),
                                   batch_size=self.batch_size, epoch=self.fit_epoch,
                                   **self._worker_options())
        return EpochDataLoader(dataset, batch_sampler=sampler, epoch=self.fit_epoch,
                               **self._worker_options())

    def grid_dataloader(self, stage: str, even_shards: bool) -> DataLoader[Any]:
        """Tiles of ``stage``'s region in grid order (``even_shards`` pads ranks to one count).

        Raises:
            ValueError: as :class:`~geoplug.core.GridGeoSampler`.
        """
        from geoplug.core.samplers import GridGeoSampler

        dataset = self._dataset()
        from geoplug.trainers.tile_scoring import PassSampler

        if stage in ("val", "test"):
            self._check_scored_tiling(dataset)
        sampler: Any = GridGeoSampler(dataset, self.patch_size, self.stride,
                                      roi=self.region(stage), units=self.units,  # type: ignore[arg-type]
                                      even_shards=even_shards)
        if stage in ("val", "test"):  # each pass scores its pixels afresh, and leaves those
            # of earlier ranks' tiles to them
            self._scored_elsewhere[stage] = sampler.earlier_tiles()
            sampler = PassSampler(sampler, self._scoring.clear)
        return DataLoader(dataset, sampler=sampler,  # type: ignore[arg-type]
                          batch_size=self.batch_size, **self._worker_options())

    def _check_scored_tiling(self, dataset: GeoDataset) -> None:
        """Refuse val/test tiles that would not score each pixel once, as it is: off the
        pixel grid (``units="crs"`` sizes or strides of a fraction of a pixel resample the
        labels, dropping or repeating pixels) or apart (a stride above the patch leaves
        pixels between the tiles unscored).

        Raises:
            ValueError: either.
        """
        def pair(value: Any) -> tuple[float, float]:
            return ((float(value), float(value)) if isinstance(value, (int, float))
                    else (float(value[0]), float(value[1])))

        size = pair(self.patch_size)
        stride = pair(self.stride) if self.stride is not None else size
        if self.units == "crs":
            res = (dataset.res[1], dataset.res[0])  # (height, width) as the sizes are
            for name, value in (("patch_size", size), ("stride", stride)):
                pixels = [v / r for v, r in zip(value, res)]
                if any(abs(p - round(p)) > 1e-6 for p in pixels):
                    raise ValueError(
                        f"{name}={list(value)} (CRS units) is {pixels} pixels of "
                        f"{list(dataset.res)}: validation and test score whole pixels; give "
                        "sizes and strides in whole pixels (or units='pixels')")
        if stride[0] > size[0] + 1e-9 or stride[1] > size[1] + 1e-9:
            raise ValueError(
                f"stride {list(stride)} above patch_size {list(size)}: validation and test "
                "tiles would leave the pixels between them unscored; use a stride at most "
                "the patch size")

    def val_dataloader(self) -> DataLoader[Any]:
        # every rank needs the same number of steps so that synchronised logging cannot hang
        return self.grid_dataloader("val", even_shards=True)

    def test_dataloader(self) -> DataLoader[Any]:
        return self.grid_dataloader("test", even_shards=True)

    def predict_dataloader(self) -> DataLoader[Any]:
        # no padding: a repeated tile would count twice in the blended prediction
        return self.grid_dataloader("predict", even_shards=False)

    def transfer_batch_to_device(self, batch: Any, device: torch.device,
                                 dataloader_idx: int) -> Any:
        """Move tensors (and lists of tensors) without blocking: from pinned memory the copy
        overlaps the host's work, and the device's stream orders it before any use."""
        if not isinstance(batch, dict):
            return super().transfer_batch_to_device(batch, device, dataloader_idx)
        moved: dict[str, Any] = {}
        for key, value in batch.items():
            if isinstance(value, Tensor):
                moved[key] = value.to(device, non_blocking=True)
            elif isinstance(value, list) and value and all(isinstance(v, Tensor) for v in value):
                moved[key] = [v.to(device, non_blocking=True) for v in value]
            else:
                moved[key] = value
        return moved

    def on_after_batch_transfer(self, batch: Any, dataloader_idx: int) -> Any:
        """Resample deferred layers on the batch's device; when validating or testing, add
        ``scored`` (the pixels of each tile that no earlier tile covered:
        :mod:`~geoplug.trainers.tile_scoring`); when predicting, add ``valid`` (where the raw
        image has data) before normalising, so that
        :class:`~geoplug.trainers.GeoTIFFPredictionWriter` keeps nodata as nodata."""
        if isinstance(batch, dict) and any(k.endswith("_warp") for k in batch):
            from geoplug.core.resample import Resample

            batch = Resample()(batch)
        trainer = self.trainer
        if trainer is not None and isinstance(batch, dict):
            stage = trainer.state.stage
            batch = self._with_scored(batch, stage.value if stage is not None else "")
        if (trainer is not None and trainer.predicting and isinstance(batch, dict)
                and isinstance(batch.get("image"), Tensor) and "valid" not in batch):
            from geoplug.trainers.prediction import image_fill_value, valid_pixels

            fill = image_fill_value(self._dataset())
            batch = {**batch, "valid": valid_pixels(batch["image"], fill)}
        return super().on_after_batch_transfer(batch, dataloader_idx)
