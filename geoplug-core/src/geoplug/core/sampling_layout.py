"""Where samplers may put patches: sizes in CRS units, the scenes of a dataset, grid slots,
and how an epoch is seeded and split across ``torch.distributed`` ranks.

Shared by every sampler in :mod:`geoplug.core.samplers`; nothing here yields a query.
"""

from __future__ import annotations

import hashlib
import math
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import torch

from geoplug.core.bbox import BoundingBox
from geoplug.core.geodataset import GeoDataset

__all__ = ["grid_region", "tile_positions", "tiling_origin", "widen_to_grid"]

# Relative tolerance when comparing float extents, so that a scene of exactly N strides does
# not get a spurious extra tile (or lose one) to rounding.
_EPS = 1e-9
# The same, in pixels: a coordinate this close to a grid line is on it.
_PIXEL_EPS = 1e-6


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
    # the tolerance is a fraction of a pixel (one of the coordinate, 1e-9 * 4.5e6 m, would
    # be 3 % of a 0.1 m pixel)
    n = math.ceil(k - _PIXEL_EPS) if up else math.floor(k + _PIXEL_EPS)
    return value if abs(k - n) <= _PIXEL_EPS else origin + n * step


def tiling_origin(dataset: GeoDataset, roi: BoundingBox) -> tuple[float, float]:
    """The corner of the pixel grid :class:`~geoplug.core.samplers.GridGeoSampler` tiles
    ``roi`` on: the dataset's ``grid_origin``, or else the roi's own top-left corner."""
    return _grid_origin(dataset) or (roi.minx, roi.maxy)


def widen_to_grid(box: BoundingBox, origin: tuple[float, float],
                  step: tuple[float, float]) -> BoundingBox:
    """``box`` widened (by under a pixel) onto the grid lines ``origin + k * step``."""
    return BoundingBox(_snap(box.minx, origin[0], step[0], up=False),
                       _snap(box.maxx, origin[0], step[0], up=True),
                       _snap(box.miny, origin[1], step[1], up=False),
                       _snap(box.maxy, origin[1], step[1], up=True), box.mint, box.maxt)


def grid_region(dataset: GeoDataset, region: BoundingBox) -> BoundingBox:
    """``region`` widened onto the pixel grid that
    :class:`~geoplug.core.samplers.GridGeoSampler` tiles it on (:func:`tiling_origin`).
    Whoever writes the tiles back into one raster (a georeferenced prediction) lays it out
    on this box, so that every tile lands on whole pixels of it."""
    return widen_to_grid(region, tiling_origin(dataset, region), _grid_step(dataset))


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
    bounds = dataset.bounds
    if roi is None:
        roi = bounds
    # an instant on the roi's end belongs to the roi after it (as pixels on an edge do),
    # unless the roi is no temporal cut: it spans all the data's time, or is an instant
    closed_end = (roi.maxt == roi.mint
                  or (roi.mint <= bounds.mint and roi.maxt >= bounds.maxt))
    scenes = []
    if type(dataset)._overlapping is not GeoDataset._overlapping:
        # a layer whose index items are no footprints (a point layer: one per point) samples
        # the regions it composes with (its envelope), not one tile per item
        hits = list(enumerate(dataset._overlapping(roi)))
    else:
        hits = [(int(h.id), BoundingBox(*h.bounds))
                for h in dataset.index.intersection(tuple(roi), objects=True)]
    for hit_id, footprint in hits:
        region = footprint & roi
        # touching along an edge is no overlap, in time as in space (a scene dated at the
        # instant a temporal split ends belongs to one side only)
        instant = footprint.maxt == footprint.mint
        in_time = (region.maxt > region.mint if not instant
                   else footprint.mint < roi.maxt or closed_end)
        if in_time and (region.area > 0 or (footprint.area == 0 and region == footprint)):
            scenes.append(_Scene(hit_id, footprint, region))
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
