"""Held-out splits carved from a training split, with no pixel shared across them.

A dataset without its own validation (or labelled test) split has it carved from ``train``
(:class:`~geoplug.trainers.datamodule.NonGeoDataModule`). Samples drawn at random are
disjoint only when each sample is its own file; chips cut from large tiles with a stride below
their size (CV4A Kenya, 256 px every 128 px), or with a last chip flush with the tile's edge,
share pixels with their neighbours, so a random carve validated and tested on pixels the model
trained on. Such datasets say where each sample lies (``footprints()``: ``(file, row, col,
height, width)`` per index); the carve then takes whole blocks of a tile, and leaves out of
training (and of validation) the chips that still overlap a held-out one.
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
    whole blocks, and the rest and the earlier parts lose the samples that overlap a later
    part's (validation loses those that overlap test: test is scored, validation chooses).

    Raises:
        ValueError: ``footprints`` do not match ``size``, or nothing is left to train on.
    """
    order = torch.randperm(size, generator=torch.Generator().manual_seed(seed)).tolist()
    if footprints is None:
        parts, start = [], 0
        for count in counts:
            parts.append(order[start:start + count])
            start += count
        return order[start:], parts
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
    parts = []
    for count in counts:
        part: list[int] = []
        while len(part) < count and queue:
            part.extend(queue.pop(0))
        parts.append(part)
    rest = [i for block in queue for i in block]
    # what overlaps a later part leaves: rest first, then each part (but the last)
    groups = [rest, *parts]
    dropped = [0] * len(groups)
    for g in range(len(groups) - 1):
        later = [i for part in groups[g + 1:] for i in part]
        keep = ~_overlapping(boxes, groups[g], later)
        dropped[g] = int((~keep).sum())
        groups[g] = [i for i, k in zip(groups[g], keep.tolist()) if k]
    if not all(groups):
        raise ValueError(
            f"held-out splits of {list(counts)} of {size} chips that share no pixel with "
            "training (or with each other) leave a split without chips: neighbouring chips "
            "overlap; change the val/test split fractions, or lower the dataset's chip "
            "overlap (stride)")
    if any(dropped):
        _log.info("carved splits: %d training and %d held-out chips overlap a later split's "
                  "and are left out", dropped[0], sum(dropped[1:]))
    return groups[0], groups[1:]


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
