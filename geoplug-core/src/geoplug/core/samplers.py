"""Geospatial samplers: PyTorch samplers that yield ``BoundingBox`` queries for a GeoDataset.

A geo dataset is indexed by space and time, not by integers, so the sampler decides *where*
patches come from and the dataset only reads them. Every sampler here works on the scenes of
``dataset.index`` (one footprint per file or feature), optionally clipped to a region of
interest, and shards its epoch across ``torch.distributed`` ranks.

Conventions shared by all samplers:

* ``size`` and ``stride`` are an int or ``(height, width)``; in ``units="pixels"`` (default)
  they are converted to CRS units with ``dataset.res``, in ``units="crs"`` they are used as is.
* Time: a patch carries the time span of the scene (clipped to the roi) it was drawn from.
  A scene dated at an instant on a roi's end belongs to the roi after it (rois that split
  time share their ends), unless the roi spans all the data's time: end a last temporal split
  past the data (``maxt=inf``) so that the last instant is kept, and a split before it at
  that instant so that it is not.
* Sharding: with ``num_replicas``/``rank`` left to ``None`` they are read from
  ``torch.distributed`` when a process group is initialised (else one replica). With
  PyTorch Lightning, pass ``use_distributed_sampler=False`` to the Trainer so that it does not
  wrap these samplers in its own ``DistributedSampler``.
* ``set_epoch(epoch)`` makes a pass reproducible (as with ``DistributedSampler``); without it,
  each new pass over a random sampler uses the next epoch number, so passes differ but the
  whole sequence is reproducible from the seed.
* Samplers keep no reference to the dataset (only the scene footprints), so they pickle cheaply.
"""

from __future__ import annotations

import bisect
import itertools
import math
from collections.abc import Iterator, Sequence
from typing import Literal, TypeVar

import torch
from torch.utils.data import Sampler

from geoplug.core.bbox import BoundingBox
from geoplug.core.geodataset import GeoDataset
from geoplug.core.sampling_layout import (
    _EPS,
    _derive_seed,
    _grid_origin,
    _grid_step,
    _initial_seed,
    _resolution,
    _resolve_shard,
    _scenes,
    _shard_range,
    _slots,
    _snap,
    _to_crs_units,
    tile_positions,
    tiling_origin,
    widen_to_grid,
)

__all__ = [
    "GeoSampler",
    "GridGeoSampler",
    "PreChippedGeoSampler",
    "RandomBatchGeoSampler",
    "RandomGeoSampler",
    "Units",
    "tile_positions",
]

Units = Literal["pixels", "crs"]
T = TypeVar("T")



class GeoSampler(Sampler[T]):
    """Base of geoplug samplers: sharding across ranks, seeding and epochs.

    Subclasses implement ``__iter__`` and ``__len__`` for *this* rank's share.
    """

    def __init__(
        self,
        *,
        seed: int | None = None,
        generator: torch.Generator | None = None,
        default_seed: int | None = None,
        num_replicas: int | None = None,
        rank: int | None = None,
    ) -> None:
        super().__init__()
        self.num_replicas, self.rank = _resolve_shard(num_replicas, rank)
        self.seed = _initial_seed(seed, generator, default_seed)
        self.epoch: int | None = None
        self._passes = 0

    def set_epoch(self, epoch: int) -> None:
        """Use ``epoch`` for the next passes (call it before each epoch, as Lightning does)."""
        self.epoch = int(epoch)

    def _pass_epoch(self) -> int:
        """The epoch of the pass starting now: the one set, else a per-pass counter."""
        if self.epoch is not None:
            return self.epoch
        epoch = self._passes
        self._passes += 1
        return epoch

    def _generator(self, epoch: int, rank: int) -> torch.Generator:
        generator = torch.Generator()
        generator.manual_seed(_derive_seed(self.seed, epoch, rank))
        return generator

    def __len__(self) -> int:
        """Items this rank yields per epoch."""
        raise NotImplementedError

    def __iter__(self) -> Iterator[T]:
        raise NotImplementedError

    def __repr__(self) -> str:
        return (f"{type(self).__name__}(len={len(self)}, num_replicas={self.num_replicas}, "
                f"rank={self.rank})")


def _too_small_error(dataset: GeoDataset, roi: BoundingBox, height: float, width: float
                     ) -> ValueError:
    return ValueError(
        f"no item of {type(dataset).__name__} inside {roi} is at least {height} x {width} "
        f"(height x width, CRS units) large enough to hold one patch; use a smaller size, a "
        f"larger roi, or GridGeoSampler, which also covers scenes smaller than a patch"
    )


# --------------------------------------------------------------------------- random


class RandomGeoSampler(GeoSampler[BoundingBox]):
    """Random patches, each entirely inside one scene (and the roi).

    Scenes are picked with probability proportional to their area inside the roi: where
    scenes do not overlap every unit of area is equally likely to be sampled, and where
    several overlap it is sampled once per scene (as in TorchGeo). Patch origins are whole
    pixels from the dataset's pixel grid (its ``grid_origin``; else from the scene's top-left
    corner), so a patch needs no resampling of data already on that grid, whichever scene
    (possibly one reprojected from another CRS) it was drawn from. Scenes (clipped to the
    roi) smaller than the patch are skipped; if none is large enough the constructor raises.

    Args:
        dataset: the dataset to sample (its index, ``res`` and ``bounds`` are read once).
        size: patch ``(height, width)`` or one number, in ``units``.
        length: patches per epoch over all ranks; default: how many non-overlapping patches
            fit in the scenes (at least 1).
        roi: region of interest (CRS units and time); default: the dataset's bounds.
        units: ``"pixels"`` (converted with ``dataset.res``) or ``"crs"``.
        generator: draws the base seed once (not kept, so the sampler stays picklable).
        seed: base seed; default one draw from torch's global RNG.
        num_replicas, rank: sharding; default from ``torch.distributed`` when initialised.
            Each rank draws ``ceil(length / num_replicas)`` patches from its own seed stream.

    Raises:
        ValueError: bad size, length, units or seed arguments, an roi outside the data, or
            no scene large enough for a patch.
    """

    def __init__(
        self,
        dataset: GeoDataset,
        size: float | Sequence[float],
        length: int | None = None,
        roi: BoundingBox | None = None,
        units: Units = "pixels",
        generator: torch.Generator | None = None,
        seed: int | None = None,
        num_replicas: int | None = None,
        rank: int | None = None,
    ) -> None:
        super().__init__(seed=seed, generator=generator, num_replicas=num_replicas, rank=rank)
        self.size = _to_crs_units(size, units, dataset, "size")
        xres, yres = _resolution(dataset) if units == "pixels" else _grid_step(dataset)
        self.roi, scenes = _scenes(dataset, roi)
        height, width = self.size
        self._slots = _slots(scenes, height, width, xres, yres, _grid_origin(dataset))
        if not self._slots:
            raise _too_small_error(dataset, self.roi, height, width)
        self._weights = torch.tensor([s.scene.region.area for s in self._slots],
                                     dtype=torch.float64)
        if length is None:
            length = max(1, sum(
                int(s.scene.region.width / width + _EPS) * int(s.scene.region.height / height
                                                                + _EPS)
                for s in self._slots))
        if length < 1:
            raise ValueError(f"length must be at least 1, got {length}")
        self.length = int(length)

    def __len__(self) -> int:
        """Patches this rank yields per epoch."""
        return math.ceil(self.length / self.num_replicas)

    def __iter__(self) -> Iterator[BoundingBox]:
        generator = self._generator(self._pass_epoch(), self.rank)
        count = len(self)
        picks = torch.multinomial(self._weights, count, replacement=True, generator=generator)
        draws = torch.rand(count, 2, generator=generator, dtype=torch.float64)
        height, width = self.size
        for pick, (ux, uy) in zip(picks.tolist(), draws.tolist()):
            yield self._slots[pick].patch(ux, uy, height, width)


class RandomBatchGeoSampler(GeoSampler[list[BoundingBox]]):
    """A batch sampler: each batch holds ``batch_size`` random patches from *one* scene.

    Reading a batch then touches one file (or a few), which keeps file handles and block
    caches hot. Use it as ``DataLoader(ds, batch_sampler=...)``. Scene choice and patch
    placement follow :class:`RandomGeoSampler` (area-weighted, pixel-aligned, small scenes
    skipped).

    Args:
        dataset, size, roi, units, generator, seed, num_replicas, rank: as for
            :class:`RandomGeoSampler`.
        batch_size: patches per batch.
        length: patches per epoch over all ranks (default as :class:`RandomGeoSampler`);
            the epoch has ``ceil(length / batch_size)`` full batches, of which each rank draws
            ``ceil(batches / num_replicas)``.

    Raises:
        ValueError: as :class:`RandomGeoSampler`, or ``batch_size < 1``.
    """

    def __init__(
        self,
        dataset: GeoDataset,
        size: float | Sequence[float],
        batch_size: int,
        length: int | None = None,
        roi: BoundingBox | None = None,
        units: Units = "pixels",
        generator: torch.Generator | None = None,
        seed: int | None = None,
        num_replicas: int | None = None,
        rank: int | None = None,
    ) -> None:
        if batch_size < 1:
            raise ValueError(f"batch_size must be at least 1, got {batch_size}")
        if seed is None and generator is None:
            # draw here so that the inner sampler does not consume a second global draw
            seed = _initial_seed(None, None, None)
        self._inner = RandomGeoSampler(dataset, size, length, roi, units, generator, seed,
                                       num_replicas, rank)
        super().__init__(seed=self._inner.seed, num_replicas=self._inner.num_replicas,
                         rank=self._inner.rank)
        self.batch_size = int(batch_size)
        self.size = self._inner.size
        self.roi = self._inner.roi
        self.length = self._inner.length

    @property
    def sampler(self) -> RandomBatchGeoSampler:
        """This sampler: Lightning calls ``set_epoch`` on a batch sampler's ``sampler`` (a
        resumed run then draws the epochs it resumes at, not epoch 0's patches again)."""
        return self

    def __len__(self) -> int:
        """Batches this rank yields per epoch."""
        batches = math.ceil(self.length / self.batch_size)
        return math.ceil(batches / self.num_replicas)

    def __iter__(self) -> Iterator[list[BoundingBox]]:
        generator = self._generator(self._pass_epoch(), self.rank)
        slots = self._inner._slots
        count = len(self)
        picks = torch.multinomial(self._inner._weights, count, replacement=True,
                                  generator=generator)
        height, width = self.size
        for pick in picks.tolist():
            draws = torch.rand(self.batch_size, 2, generator=generator, dtype=torch.float64)
            yield [slots[pick].patch(ux, uy, height, width) for ux, uy in draws.tolist()]


# --------------------------------------------------------------------------- grid


class GridGeoSampler(GeoSampler[BoundingBox]):
    """Tiles covering every scene (clipped to the roi) to its edges, in a fixed order.

    Per scene, rows run top to bottom and columns left to right from the top-left corner,
    every ``stride``; the last row and column are shifted back to end exactly at the bottom
    and right edges, so (with ``stride <= size``) no pixel is missed and no tile repeats. A
    scene smaller than the patch along an axis gets one tile there, anchored at its top/left
    edge and overhanging the other, so all tiles have the same size; where that would take
    it past a given roi, it is moved back to end at the roi's edge (a roi split into train
    and val regions keeps each tile in its own region). Only a roi smaller than the patch is
    overhung (past the data, the dataset fills the overhang with nodata). Overlapping scenes
    are tiled separately.

    Tiles of scene ``s`` with height ``H`` and width ``W``: ``rows * cols`` with
    ``rows = ceil((H - h) / stride_h) + 1`` (1 when ``H <= h``), likewise for columns.

    With several ranks, the full tile list is split into contiguous, disjoint blocks that
    together are exactly the grid (block sizes differ by at most one). For DDP *training*,
    which needs the same count on every rank, pass ``even_shards=True``: the last ranks then
    repeat a few leading tiles.

    Args:
        dataset: the dataset to tile.
        size: tile ``(height, width)`` or one number, in ``units``.
        stride: step between tiles; default ``size`` (no overlap).
        roi: region of interest; default the dataset's bounds. Tiles start at the roi's
            corner inside each scene, once that corner and the far edges are widened (by
            under a pixel) onto one pixel grid: the dataset's ``grid_origin``, or else the
            roi's top-left corner (:func:`~geoplug.core.sampling_layout.tiling_origin`). So
            the tiles of every scene, even one reprojected from another CRS, and the last
            ones of each row and column, are pixel-aligned with each other.
        units: ``"pixels"`` (converted with ``dataset.res``) or ``"crs"``.
        num_replicas, rank: sharding; default from ``torch.distributed`` when initialised.
        even_shards: pad so every rank has ``ceil(total / num_replicas)`` tiles.

    Raises:
        ValueError: bad size, stride or units, or an roi outside the data.
    """

    def __init__(
        self,
        dataset: GeoDataset,
        size: float | Sequence[float],
        stride: float | Sequence[float] | None = None,
        roi: BoundingBox | None = None,
        units: Units = "pixels",
        num_replicas: int | None = None,
        rank: int | None = None,
        even_shards: bool = False,
    ) -> None:
        super().__init__(default_seed=0, num_replicas=num_replicas, rank=rank)
        self.size = _to_crs_units(size, units, dataset, "size")
        self.stride = (self.size if stride is None
                       else _to_crs_units(stride, units, dataset, "stride"))
        given = roi is not None
        self.roi, scenes = _scenes(dataset, roi)
        self.even_shards = bool(even_shards)
        height, width = self.size
        origin, step = tiling_origin(dataset, self.roi), _grid_step(dataset)
        bound = widen_to_grid(self.roi, origin, step)
        self._scenes: list[tuple[BoundingBox, list[float], list[float]]] = []
        for scene in scenes:
            r = scene.region
            # widened onto one pixel grid (by under a pixel): every tile of every scene, its
            # last ones included, lies on whole pixels of it (grid_region)
            wide = widen_to_grid(r, origin, step)
            left, right, bottom, top = wide.minx, wide.maxx, wide.miny, wide.maxy
            cols = tile_positions(left, right, width, self.stride[1])
            # rows from the top: positions of the tile tops, measured downwards
            tops = [top - (p - bottom) for p in
                    tile_positions(bottom, top, height, self.stride[0])]
            # a scene clipped by a given roi narrower than a patch: its one tile is pulled
            # back inside the roi where the roi holds a patch (it overhung into another
            # split's pixels); without a roi it overhangs the data, into the fill value
            if given and len(cols) == 1 and cols[0] + width > bound.maxx:
                cols = [max(bound.minx, _snap(bound.maxx - width, origin[0], step[0], False))]
            if given and len(tops) == 1 and tops[0] - height < bound.miny:
                tops = [min(bound.maxy, _snap(bound.miny + height, origin[1], step[1], True))]
            self._scenes.append((r, sorted(tops, reverse=True), cols))
        self._counts = [len(rows) * len(cols) for _, rows, cols in self._scenes]
        self._starts = [0, *itertools.accumulate(self._counts)][:-1]
        self.total = sum(self._counts)

    def _tile(self, index: int) -> BoundingBox:
        """The ``index``-th tile of the whole grid (scene by scene, row-major)."""
        scene = bisect.bisect_right(self._starts, index) - 1
        region, tops, cols = self._scenes[scene]
        row, col = divmod(index - self._starts[scene], len(cols))
        top, minx = tops[row], cols[col]
        height, width = self.size
        return BoundingBox(minx, minx + width, top - height, top, region.mint, region.maxt)

    def earlier_tiles(self) -> list[BoundingBox]:
        """The tiles the ranks before this one yield (their blocks of the grid): what a
        scoring of this rank's tiles leaves to them, so that each pixel is scored once over
        all ranks."""
        if self.even_shards:
            start = math.ceil(self.total / self.num_replicas) * self.rank
        else:
            start = _shard_range(self.total, self.num_replicas, self.rank)[0]
        return [self._tile(i) for i in range(min(start, self.total))]

    def _indices(self) -> range | list[int]:
        if self.even_shards:
            per = math.ceil(self.total / self.num_replicas)
            return [i % self.total for i in range(per * self.rank, per * (self.rank + 1))]
        return range(*_shard_range(self.total, self.num_replicas, self.rank))

    def __len__(self) -> int:
        """Tiles this rank yields (all of them with one replica)."""
        return len(self._indices())

    def __iter__(self) -> Iterator[BoundingBox]:
        for index in self._indices():
            yield self._tile(index)


# --------------------------------------------------------------------------- pre-chipped


class PreChippedGeoSampler(GeoSampler[BoundingBox]):
    """One query per index item, covering its whole footprint (for datasets of ready chips).

    An item belongs to the roi when the centre of its footprint lies in it (``[min, max)``
    in x and y, overlapping in time), so disjoint rois split the chips without sharing any.
    With several ranks the (optionally shuffled) list is split into contiguous disjoint
    blocks that together hold every chip once; ``even_shards=True`` pads as in
    :class:`GridGeoSampler`. All ranks shuffle with the same seed (default 0, as
    ``DistributedSampler``), so pass the same ``seed`` everywhere.

    Args:
        dataset: the dataset whose items are the chips.
        roi: region of interest; default the dataset's bounds.
        shuffle: new order each epoch (see ``set_epoch``); else index order.
        generator, seed: base seed for shuffling.
        num_replicas, rank, even_shards: sharding, as :class:`GridGeoSampler`.

    Raises:
        ValueError: no item has its centre in the roi, or both seed and generator are given.
    """

    def __init__(
        self,
        dataset: GeoDataset,
        roi: BoundingBox | None = None,
        shuffle: bool = False,
        generator: torch.Generator | None = None,
        seed: int | None = None,
        num_replicas: int | None = None,
        rank: int | None = None,
        even_shards: bool = False,
    ) -> None:
        super().__init__(seed=seed, generator=generator, default_seed=0,
                         num_replicas=num_replicas, rank=rank)
        self.roi, scenes = _scenes(dataset, roi)
        self.shuffle = bool(shuffle)
        self.even_shards = bool(even_shards)
        roi_ = self.roi

        def inside(box: BoundingBox) -> bool:
            cx, cy = box.center
            return ((roi_.minx <= cx < roi_.maxx or cx == roi_.minx == roi_.maxx)
                    and (roi_.miny <= cy < roi_.maxy or cy == roi_.miny == roi_.maxy))

        self.chips = [s.footprint for s in scenes if inside(s.footprint)]
        if not self.chips:
            raise ValueError(
                f"no item of {type(dataset).__name__} has its centre inside {self.roi}; "
                f"enlarge the roi or check that it is in the dataset's CRS"
            )

    def _order(self) -> list[int]:
        total = len(self.chips)
        if self.shuffle:
            # same stream on every rank (rank 0's), so the blocks partition one permutation
            order = torch.randperm(total, generator=self._generator(self._pass_epoch(), 0))
            return [int(i) for i in order]
        return list(range(total))

    def _mine(self, order: list[int]) -> list[int]:
        total = len(order)
        if self.even_shards:
            per = math.ceil(total / self.num_replicas)
            return [order[i % total] for i in range(per * self.rank, per * (self.rank + 1))]
        start, stop = _shard_range(total, self.num_replicas, self.rank)
        return order[start:stop]

    def __len__(self) -> int:
        """Chips this rank yields per epoch."""
        return len(self._mine(list(range(len(self.chips)))))

    def __iter__(self) -> Iterator[BoundingBox]:
        for index in self._mine(self._order()):
            yield self.chips[index]
