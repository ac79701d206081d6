"""Geospatial samplers: PyTorch samplers that yield ``BoundingBox`` queries for a GeoDataset.

A geo dataset is indexed by space and time, not by integers, so the sampler decides *where*
patches come from and the dataset only reads them. Every sampler here works on the scenes of
``dataset.index`` (one footprint per file or feature), optionally clipped to a region of
interest, and shards its epoch across ``torch.distributed`` ranks.

Conventions shared by all samplers:

* ``size`` and ``stride`` are an int or ``(height, width)``; in ``units="pixels"`` (default)
  they are converted to CRS units with ``dataset.res``, in ``units="crs"`` they are used as is.
* Time: a patch carries the time span of the scene (clipped to the roi) it was drawn from.
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
import hashlib
import itertools
import math
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from typing import Any, Literal, TypeVar

import torch
from torch.utils.data import Sampler

from geoplug.core.bbox import BoundingBox
from geoplug.core.geodataset import GeoDataset

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

# Relative tolerance when comparing float extents, so that a scene of exactly N strides does
# not get a spurious extra tile (or lose one) to rounding.
_EPS = 1e-9


# --------------------------------------------------------------------------- helpers


def _pair(value: float | Sequence[float], name: str) -> tuple[float, float]:
    """``(height, width)`` from a number or a 2-sequence.

    Raises:
        ValueError: not one or two positive finite numbers.
    """
    if isinstance(value, (int, float)):
        pair = (float(value), float(value))
    else:
        items = tuple(value)
        if len(items) != 2:
            raise ValueError(f"{name} must be a number or a (height, width) pair, got {value!r}")
        pair = (float(items[0]), float(items[1]))
    if not all(math.isfinite(v) and v > 0 for v in pair):
        raise ValueError(f"{name} must be positive and finite, got {value!r}")
    return pair


def _resolution(dataset: GeoDataset) -> tuple[float, float]:
    """``(xres, yres)`` of the dataset, accepting a single number as well.

    Raises:
        ValueError: the dataset has no usable resolution.
    """
    res: Any = getattr(dataset, "res", None)
    if res is None:
        raise ValueError(
            f"{type(dataset).__name__} has no 'res'; pass units='crs' with sizes in CRS units"
        )
    if isinstance(res, (int, float)):
        xres = yres = float(res)
    else:
        xres, yres = (abs(float(r)) for r in res)
    if not (xres > 0 and yres > 0):
        raise ValueError(f"{type(dataset).__name__}.res must be positive, got {res!r}")
    return xres, yres


def _grid_step(dataset: GeoDataset) -> tuple[float, float]:
    """Pixel size to snap origins to when sizes are in CRS units (continuous if unknown)."""
    try:
        return _resolution(dataset)
    except ValueError:
        return (math.inf, math.inf)


def _to_crs_units(
    value: float | Sequence[float], units: str, dataset: GeoDataset, name: str
) -> tuple[float, float]:
    """``(height, width)`` in CRS units of a size or stride given in ``units``.

    Raises:
        ValueError: bad value or unknown ``units``.
    """
    hw = _pair(value, name)
    if units == "crs":
        return hw
    if units == "pixels":
        xres, yres = _resolution(dataset)
        return (hw[0] * yres, hw[1] * xres)
    raise ValueError(f"units must be 'pixels' or 'crs', got {units!r}")


def _grid_origin(dataset: GeoDataset) -> tuple[float, float] | None:
    """The dataset's pixel-grid corner to snap patches to (``None``: snap to each scene)."""
    origin = getattr(dataset, "grid_origin", None)
    if origin is None:
        return None
    x, y = (float(v) for v in origin)
    return (x, y) if math.isfinite(x) and math.isfinite(y) else None


def _snap(value: float, origin: float, step: float, up: bool) -> float:
    """``value`` moved down (or ``up``) onto the grid line ``origin + k * step`` nearest it.

    A value already on the grid (to float precision) is returned unchanged.
    """
    if not math.isfinite(step) or step <= 0:
        return value
    k = (value - origin) / step
    n = math.ceil(k - _EPS * max(1.0, abs(k))) if up else math.floor(k + _EPS * max(1.0, abs(k)))
    snapped = origin + n * step
    return value if abs(snapped - value) <= _EPS * max(1.0, abs(value)) else snapped


def _resolve_shard(num_replicas: int | None, rank: int | None) -> tuple[int, int]:
    """World size and rank: explicit values, else ``torch.distributed``'s, else ``(1, 0)``.

    Raises:
        ValueError: ``num_replicas < 1`` or ``rank`` outside ``[0, num_replicas)``.
    """
    initialised = torch.distributed.is_available() and torch.distributed.is_initialized()
    if num_replicas is None:
        num_replicas = torch.distributed.get_world_size() if initialised else 1
    if rank is None:
        rank = torch.distributed.get_rank() if initialised else 0
    if num_replicas < 1:
        raise ValueError(f"num_replicas must be at least 1, got {num_replicas}")
    if not 0 <= rank < num_replicas:
        raise ValueError(f"rank must be in [0, {num_replicas}), got {rank}")
    return num_replicas, rank


def _derive_seed(*parts: int) -> int:
    """A 63-bit seed from integers; distinct inputs give independent-looking streams."""
    digest = hashlib.blake2b(":".join(str(p) for p in parts).encode(), digest_size=8).digest()
    return int.from_bytes(digest, "little") >> 1


def _initial_seed(seed: int | None, generator: torch.Generator | None, default: int | None
                  ) -> int:
    """The sampler's base seed.

    ``seed`` wins; else one draw from ``generator``; else ``default``; else one draw from
    torch's global RNG (so ``torch.manual_seed``/``seed_everything`` makes it reproducible).
    The generator itself is not kept, which keeps samplers picklable.

    Raises:
        ValueError: both ``seed`` and ``generator`` are given.
    """
    if seed is not None and generator is not None:
        raise ValueError("pass either seed or generator, not both")
    if seed is not None:
        return int(seed)
    if generator is None and default is not None:
        return default
    return int(torch.randint(0, 2**62, (), generator=generator).item())


def _shard_range(total: int, num_replicas: int, rank: int) -> tuple[int, int]:
    """Contiguous, balanced ``[start, stop)`` of ``total`` items for ``rank``.

    Contiguous (rather than strided) blocks keep neighbouring patches of a scene on the same
    rank, which is kinder to file-handle and block caches.
    """
    return total * rank // num_replicas, total * (rank + 1) // num_replicas


@dataclass(frozen=True)
class _Scene:
    """One index item: its whole footprint and the part of it inside the roi."""

    id: int
    footprint: BoundingBox
    region: BoundingBox


def _scenes(dataset: GeoDataset, roi: BoundingBox | None) -> tuple[BoundingBox, list[_Scene]]:
    """The roi (default: dataset bounds) and the scenes overlapping it with positive area.

    Scenes are sorted by index id (then footprint) so that every rank and every run sees them
    in the same order, whatever rtree's traversal order is.

    Raises:
        ValueError: the dataset is empty, or the roi does not overlap any scene.
    """
    if len(dataset.index) == 0:
        raise ValueError(f"{type(dataset).__name__} has no items to sample from (empty index)")
    if roi is None:
        roi = dataset.bounds
    scenes = []
    for hit in dataset.index.intersection(tuple(roi), objects=True):
        footprint = BoundingBox(*hit.bounds)
        region = footprint & roi
        if region.area > 0 or (footprint.area == 0 and region == footprint):
            scenes.append(_Scene(int(hit.id), footprint, region))
    if not scenes:
        raise ValueError(
            f"the region of interest {roi} does not overlap any item of "
            f"{type(dataset).__name__} (bounds {dataset.bounds}); check that the roi is in the "
            f"dataset's CRS ({getattr(dataset, 'crs', 'unknown')}) and time range"
        )
    scenes.sort(key=lambda s: (s.id, tuple(s.footprint)))
    return roi, scenes


def tile_positions(lo: float, hi: float, size: float, stride: float) -> list[float]:
    """Start coordinates of tiles of ``size`` every ``stride`` covering ``[lo, hi]``.

    The last tile is shifted back to end exactly at ``hi`` (when ``stride <= size`` nothing is
    missed and no position repeats). An extent shorter than ``size`` gets one tile at ``lo``
    that overhangs ``hi``. Count: ``ceil((hi - lo - size) / stride) + 1`` (1 if it does not fit).
    """
    length = hi - lo
    tol = _EPS * max(1.0, abs(lo), abs(hi))
    if length <= size + tol:
        return [lo]
    steps = math.ceil((length - size) / stride - _EPS * max(1.0, length / stride))
    positions = [lo + i * stride for i in range(steps)]
    positions.append(hi - size)
    return positions


@dataclass(frozen=True)
class _Axis:
    """Where a patch may start along one axis, as an offset from the scene's anchor corner.

    Offsets are whole multiples of ``step`` (pixel-aligned with the scene) in
    ``[first*step, (first+count-1)*step]``; when rounding to the pixel grid leaves no room
    (an roi off the grid), ``step`` is 0 and the offset is continuous in ``[low, high]``.
    """

    low: float
    high: float
    step: float
    first: int
    count: int

    @classmethod
    def fit(cls, low: float, high: float, size: float, step: float) -> _Axis | None:
        """Offsets of a ``size`` patch inside ``[low, high]``; ``None`` if it cannot fit."""
        top = high - size
        tol = _EPS * max(1.0, abs(low), abs(high))
        if top < low - tol:
            return None
        top = max(top, low)
        if not math.isfinite(step):
            return cls(low, top, 0.0, 0, 0)
        first = math.ceil(low / step - _EPS)
        last = math.floor(top / step + _EPS)
        if last >= first:
            return cls(low, top, step, first, last - first + 1)
        return cls(low, top, 0.0, 0, 0)

    def offset(self, u: float) -> float:
        """The offset for a uniform draw ``u`` in ``[0, 1)``, clamped inside the scene."""
        if self.step:
            value = (self.first + min(int(u * self.count), self.count - 1)) * self.step
        else:
            value = self.low + u * (self.high - self.low)
        return min(max(value, self.low), self.high)


@dataclass(frozen=True)
class _Slot:
    """A scene where a patch fits, with its x and y offset ranges from an anchor corner.

    The anchor is the scene's top-left corner, or the nearest corner of the dataset's pixel
    grid (``grid_origin``) when it has one, so that offsets in whole pixels land on that grid.
    """

    scene: _Scene
    x: _Axis
    y: _Axis
    anchor_x: float
    anchor_y: float

    def patch(self, ux: float, uy: float, height: float, width: float) -> BoundingBox:
        """The patch for uniform draws ``ux``, ``uy``; y offsets count down from the top."""
        region = self.scene.region
        minx = self.anchor_x + self.x.offset(ux)
        maxy = self.anchor_y - self.y.offset(uy)
        return BoundingBox(minx, minx + width, maxy - height, maxy, region.mint, region.maxt)


def _slots(scenes: list[_Scene], height: float, width: float, xres: float, yres: float,
           origin: tuple[float, float] | None = None) -> list[_Slot]:
    """Scenes (clipped to the roi) where a ``height x width`` patch fits."""
    slots = []
    for scene in scenes:
        fp, region = scene.footprint, scene.region
        ax, ay = fp.minx, fp.maxy
        if origin is not None:  # a grid corner at or outside the scene's top-left
            ax = _snap(fp.minx, origin[0], xres, up=False)
            ay = _snap(fp.maxy, origin[1], yres, up=True)
        x = _Axis.fit(region.minx - ax, region.maxx - ax, width, xres)
        y = _Axis.fit(ay - region.maxy, ay - region.miny, height, yres)
        if x is not None and y is not None:
            slots.append(_Slot(scene, x, y, ax, ay))
    return slots


# --------------------------------------------------------------------------- base class


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

    Scenes are picked with probability proportional to their area inside the roi, so every
    unit of area is equally likely to be sampled. Patch origins are whole pixels from the
    dataset's pixel grid (its ``grid_origin``; else from the scene's top-left corner), so a
    patch needs no resampling of data already on that grid, whichever scene (possibly one
    reprojected from another CRS) it was drawn from. Scenes
    (clipped to the roi) smaller than the patch are skipped; if none is large enough the
    constructor raises.

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
    edge and overhanging the other (the dataset fills the overhang with nodata), so all tiles
    have the same size. Overlapping scenes are tiled separately.

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
            corner inside each scene; when the dataset has a ``grid_origin`` that corner
            (and the far edges) are first widened onto its pixel grid, so tiles of every
            scene, even one reprojected from another CRS, are pixel-aligned with the grid.
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
        self.roi, scenes = _scenes(dataset, roi)
        self.even_shards = bool(even_shards)
        height, width = self.size
        origin = _grid_origin(dataset)
        xres, yres = _grid_step(dataset)
        self._scenes: list[tuple[BoundingBox, list[float], list[float]]] = []
        for scene in scenes:
            r = scene.region
            left, right, bottom, top = r.minx, r.maxx, r.miny, r.maxy
            if origin is not None:  # widen to the dataset's pixel grid (by under a pixel)
                left = _snap(left, origin[0], xres, up=False)
                right = _snap(right, origin[0], xres, up=True)
                bottom = _snap(bottom, origin[1], yres, up=False)
                top = _snap(top, origin[1], yres, up=True)
            cols = tile_positions(left, right, width, self.stride[1])
            # rows from the top: positions of the tile tops, measured downwards
            tops = [top - (p - bottom) for p in
                    tile_positions(bottom, top, height, self.stride[0])]
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
