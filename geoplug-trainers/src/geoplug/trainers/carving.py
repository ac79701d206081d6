"""Held-out splits carved from a training split, with no pixel shared across them.

A dataset without its own validation (or labelled test) split has it carved from ``train``
(:class:`~geoplug.trainers.datamodule.NonGeoDataModule`). Samples drawn at random are
disjoint only when each sample is its own file; chips cut from large tiles with a stride below
their size (CV4A Kenya, 256 px every 128 px), or with a last chip flush with the tile's edge,
share pixels with their neighbours, so a random carve validated and tested on pixels the model
trained on. Such datasets say where each sample lies (``footprints()``: ``(file, row, col,
height, width)`` per index); the carve then takes whole blocks of a tile, and leaves out of
training (and of validation) the chips that still overlap a held-out one. Each held-out part
takes the blocks that bring it closest to its count (counting the chips it keeps); training
loses the held-out blocks' overlapping neighbours, which with half-overlapping chips can be a
large share: a carve far from the sizes asked is logged as a warning.
"""

from __future__ import annotations

import logging
from collections import defaultdict
from collections.abc import Sequence

import numpy as np
import torch

__all__ = ["BLOCK_CHIPS", "MIN_BLOCKS", "carve"]

_log = logging.getLogger(__name__)

#: A carved block is this many chip sides square: large enough that few chips straddle its
#: border (and are left out), small enough that a tile holds several blocks
BLOCK_CHIPS = 4

#: Fewer blocks than this, and the blocks shrink (to 2 chip sides, then 1)
MIN_BLOCKS = 20

Footprint = tuple[int, int, int, int, int]


def carve(size: int, counts: Sequence[int], seed: int,
          footprints: Sequence[Footprint] | None = None) -> tuple[list[int], list[list[int]]]:
    """Split the indices ``0..size-1`` into held-out parts of ``counts`` samples (about, in
    whole blocks when ``footprints`` are given) and the rest: ``(rest, parts)``.

    Without footprints the parts are a seeded random draw. With them, each part is made of
    whole blocks, drawn in a seeded order, the last part first: a block joins a part while
    it brings the part closer to its count (a block too large is passed over for a later
    one). A part leaves out its chips that overlap a later part's (validation loses those
    that overlap test: test is scored, validation chooses), and counts only those it keeps;
    the rest loses the chips that overlap any part. A count of 0 gives an empty part. Sizes
    far from those asked, or many chips left out, are logged as a warning.

    Raises:
        ValueError: ``footprints`` do not match ``size``, or a split is left without chips.
    """
    order = torch.randperm(size, generator=torch.Generator().manual_seed(seed)).tolist()
    if footprints is None:
        drawn, start = [], 0
        for count in counts:
            drawn.append(order[start:start + count])
            start += count
        return order[start:], drawn
    if len(footprints) != size:
        raise ValueError(f"footprints() gave {len(footprints)} windows for {size} samples")
    boxes = np.asarray(footprints, dtype=np.int64).reshape(size, 5)
    chip = max(int(boxes[:, 3].max()), int(boxes[:, 4].max()), 1)
    for chips in (BLOCK_CHIPS, 2, 1):  # smaller blocks where the data holds too few
        side = chips * chip
        blocks: dict[tuple[int, int, int], list[int]] = defaultdict(list)
        for i in order:  # blocks keyed by where their chips start, in the draw's order
            tile, row, col = (int(v) for v in boxes[i, :3])
            blocks[(tile, row // side, col // side)].append(i)
        if len(blocks) >= MIN_BLOCKS:
            break
    rank = torch.randperm(len(blocks), generator=torch.Generator().manual_seed(seed + 1))
    keys = list(blocks)
    queue = [blocks[keys[r]] for r in rank.tolist()]
    parts: list[list[int]] = [[] for _ in counts]
    later: list[int] = []  # the chips of the parts carved so far (those after this one)
    for p in reversed(range(len(counts))):
        queue, parts[p] = _fill(queue, counts[p], boxes, later)
        later += parts[p]
    pool = [i for block in queue for i in block]
    rest = [i for i, hit in zip(pool, _overlapping(boxes, pool, later).tolist()) if not hit]
    if not rest or any(count > 0 and not part for count, part in zip(counts, parts)):
        raise ValueError(
            f"held-out splits of {list(counts)} of {size} chips that share no pixel with "
            "training (or with each other) leave a split without chips: neighbouring chips "
            "overlap; change the val/test split fractions, or lower the dataset's chip "
            "overlap (stride)")
    _report(size, counts, rest, parts)
    return rest, parts


def _fill(queue: list[list[int]], count: int, boxes: np.ndarray, later: list[int]
          ) -> tuple[list[list[int]], list[int]]:
    """A part of about ``count`` chips from whole blocks of ``queue``, in its order, and the
    blocks left: a block joins where it brings the part closer to ``count`` (else it is
    passed over; where none does, the smallest joins alone), counting only its chips that
    share no pixel with ``later``, which it leaves out."""
    if count <= 0:
        return queue, []
    pool = [i for block in queue for i in block]
    free = dict(zip(pool, (~_overlapping(boxes, pool, later)).tolist()))
    kept = [[i for i in block if free[i]] for block in queue]
    chosen: list[int] = []
    total = 0
    for b, chips in enumerate(kept):
        if total >= count:
            break
        if chips and abs(total + len(chips) - count) < count - total:
            chosen.append(b)
            total += len(chips)
    if not chosen:  # every block overshoots by more than its count: the smallest
        sizes = [len(chips) or len(pool) + 1 for chips in kept]
        if sizes and min(sizes) <= len(pool):
            chosen = [sizes.index(min(sizes))]
    taken = set(chosen)
    return ([block for b, block in enumerate(queue) if b not in taken],
            [i for b in chosen for i in kept[b]])


def _report(size: int, counts: Sequence[int], rest: list[int], parts: list[list[int]]
            ) -> None:
    """Warn where the carve is far from what was asked: a split off its size by over a
    quarter, or over a fifth of the chips left out (they overlap a held-out chip)."""
    asked = [size - sum(counts), *counts]
    got = [len(rest), *(len(p) for p in parts)]
    left_out = size - sum(got)
    off = any(abs(g - a) > 0.25 * a for a, g in zip(asked, got) if a > 0)
    if off or left_out > 0.2 * size:
        why = (f"{left_out} chips ({100 * left_out / size:.0f}%) are left out of every split "
               "because they share pixels with a chip of another split (chips cut with a "
               "stride below their size overlap their neighbours). A larger stride, or other "
               "split fractions, change this" if left_out else
               "held-out splits are whole blocks of a tile, too coarse for the sizes asked")
        _log.warning("carving held-out splits from %d chips: asked %s (training, then each "
                     "held-out split), got %s; %s", size, "/".join(map(str, asked)),
                     "/".join(map(str, got)), why)
    elif left_out:
        _log.info("carved splits: %d chips overlap a later split's and are left out",
                  left_out)


def _overlapping(boxes: np.ndarray, these: list[int], others: list[int]) -> np.ndarray:
    """Per index of ``these``: whether its window shares a pixel with one of ``others``'."""
    out = np.zeros(len(these), dtype=bool)
    if not these or not others:
        return out
    a, b = boxes[these], boxes[others]
    for tile in np.intersect1d(a[:, 0], b[:, 0]):
        ia, bb = np.flatnonzero(a[:, 0] == tile), b[b[:, 0] == tile]
        aa = a[ia]
        rows = ((aa[:, None, 1] < bb[None, :, 1] + bb[None, :, 3])
                & (bb[None, :, 1] < aa[:, None, 1] + aa[:, None, 3]))
        cols = ((aa[:, None, 2] < bb[None, :, 2] + bb[None, :, 4])
                & (bb[None, :, 2] < aa[:, None, 2] + aa[:, None, 4]))
        out[ia] = (rows & cols).any(axis=1)
    return out
