"""Held-out splits carved from train (geoplug.trainers.carving): a seeded draw for separate
files; for overlapping chips, whole blocks and no pixel shared between splits."""

from __future__ import annotations

import numpy as np
import pytest
import torch

from geoplug.trainers.carving import carve


def test_separate_files_are_drawn_at_random_as_before() -> None:
    order = torch.randperm(50, generator=torch.Generator().manual_seed(3)).tolist()
    rest, (val, test) = carve(50, [10, 5], seed=3)
    assert val == order[:10] and test == order[10:15] and rest == order[15:]


def grid_chips(tiles: int, side: int, chip: int, stride: int) -> list[tuple[int, ...]]:
    starts = range(0, side - chip + 1, stride)
    return [(t, r, c, chip, chip) for t in range(tiles) for r in starts for c in starts]


def covered(chips: list[tuple[int, ...]], part: list[int]) -> np.ndarray:
    tiles = 1 + max(c[0] for c in chips)
    side = max(c[1] + c[3] for c in chips)
    out = np.zeros((tiles, side, side), dtype=np.int32)
    for i in part:
        t, r, c, h, w = chips[i]
        out[t, r:r + h, c:c + w] = 1
    return out


@pytest.mark.parametrize("seed", [0, 1, 2])
def test_overlapping_chips_are_carved_in_blocks_sharing_no_pixel(seed: int) -> None:
    chips = grid_chips(tiles=3, side=1024, chip=64, stride=32)  # 31 x 31 chips per tile
    rest, (val, test) = carve(len(chips), [len(chips) // 10] * 2, seed, chips)
    masks = [covered(chips, p) for p in (rest, val, test)]
    assert int(sum(masks).max()) == 1  # no pixel in two splits
    assert len(set(rest) | set(val) | set(test)) == len(rest) + len(val) + len(test)
    # whole blocks: held-out parts near their share, and most of the rest kept for training
    assert all(0.05 < len(p) / len(chips) < 0.2 for p in (val, test))
    assert len(rest) > 0.5 * len(chips)


def test_footprints_must_match_and_leave_every_split_chips() -> None:
    chips = grid_chips(tiles=1, side=16, chip=8, stride=4)  # 9 chips, all overlapping
    with pytest.raises(ValueError, match="footprints"):
        carve(10, [1], 0, chips)
    with pytest.raises(ValueError, match="leave a split without chips"):
        carve(len(chips), [3, 3], 0, chips)


def flush_chips(tiles: int, width: int, height: int, chip: int,
                stride: int) -> list[tuple[int, ...]]:
    """Chips every ``stride`` px, the last flush with the tile's edge (as the datasets cut)."""
    def starts(n: int) -> list[int]:
        s = list(range(0, n - chip + 1, stride))
        return s if s[-1] == n - chip else [*s, n - chip]
    return [(t, r, c, chip, chip) for t in range(tiles) for r in starts(height)
            for c in starts(width)]


@pytest.mark.parametrize("seed", [0, 1, 2, 3, 4])
def test_held_out_parts_end_closest_to_their_counts(seed: int) -> None:
    # Benin cashews' tile (256 px every 128 px): asked 14/14, parts overshot by a whole
    # block and val then lost its chips overlapping test (9/16, 4/16, 2/16; seed 2 refused)
    chips = flush_chips(1, 1186, 1122, 256, 128)
    rest, (val, test) = carve(len(chips), [14, 14], seed, chips)
    assert abs(len(val) - 14) <= 2 and abs(len(test) - 14) <= 2, (len(val), len(test))
    masks = [covered(chips, p) for p in (rest, val, test)]
    assert rest and int(sum(masks).max()) == 1
    assert carve(len(chips), [14, 14], seed, chips) == (rest, [val, test])  # per seed


def test_a_zero_count_gives_an_empty_part() -> None:
    # counts=[k, 0] was refused: 'neighbouring chips overlap'
    chips = flush_chips(1, 1186, 1122, 256, 128)
    rest, (val, test) = carve(len(chips), [10, 0], 0, chips)
    assert test == [] and 8 <= len(val) <= 12 and len(rest) > 40
    assert int((covered(chips, rest) + covered(chips, val)).max()) == 1


def test_a_carve_far_from_the_sizes_asked_is_a_warning(caplog: pytest.LogCaptureFixture
                                                          ) -> None:
    # only an INFO line said that 30 of 72 chips were left out and train got 17 of 44
    chips = flush_chips(1, 1186, 1122, 256, 128)
    with caplog.at_level("INFO", logger="geoplug.trainers.carving"):
        rest, (val, test) = carve(len(chips), [14, 14], 0, chips)
    [record] = caplog.records
    assert record.levelname == "WARNING"
    assert (f"asked 44/14/14 (training, then each held-out split), got {len(rest)}/"
            f"{len(val)}/{len(test)}") in record.getMessage()
    assert "share pixels with a chip of another split" in record.getMessage()
    caplog.clear()
    chips = flush_chips(3, 1024, 1024, 64, 64)  # apart: nothing left out, sizes as asked
    with caplog.at_level("INFO", logger="geoplug.trainers.carving"):
        rest, (val, test) = carve(len(chips), [100, 100], 0, chips)
    assert not caplog.records and len(rest) + len(val) + len(test) == len(chips)
    assert abs(len(val) - 100) <= 8 and abs(len(test) - 100) <= 8
