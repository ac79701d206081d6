"""Sharding across real ``torch.distributed`` ranks (two processes, gloo backend).

The test starts this very file twice as a script (one process per rank): the workers then
need nothing from pytest's import machinery, which keeps the test independent of how pytest
imports test modules. The samplers are created *without* ``num_replicas``/``rank`` so they
must read them from the initialised process group.
"""

from __future__ import annotations

import pickle
import subprocess
import sys
from pathlib import Path
from typing import Any

import torch

WORLD = 2
GRID_TOTAL = 70  # see the count in test_samplers.py: 60 (scene A) + 9 (B) + 1 (C)
LENGTH = 19


def _run_rank(rank: int, init_file: str, out_dir: str) -> None:
    """One rank: draw every sampler's share for epoch 0, gather them all on rank 0."""
    import torch.distributed as dist
    from rasterio.crs import CRS
    from torch.utils.data import DataLoader

    from geoplug.core.bbox import BoundingBox
    from geoplug.core.collate import stack_samples
    from geoplug.core.geodataset import GeoDataset
    from geoplug.core.samplers import (
        GridGeoSampler,
        PreChippedGeoSampler,
        RandomBatchGeoSampler,
        RandomGeoSampler,
    )

    class SceneDataset(GeoDataset):
        def __init__(self, scenes: list[BoundingBox]) -> None:
            super().__init__()
            self.crs = CRS.from_epsg(32615)
            self.res = (10.0, 10.0)
            for i, box in enumerate(scenes):
                self.index.insert(i, tuple(box), i)

        def __getitem__(self, query: BoundingBox) -> dict[str, Any]:
            return {"image": torch.zeros(1, 16, 16), "bounds": query}

    dist.init_process_group("gloo", init_method=f"file://{init_file}", rank=rank,
                            world_size=WORLD)
    try:
        ds = SceneDataset([BoundingBox(0, 1000, 0, 600, 0, 10),
                           BoundingBox(2000, 2300, 0, 300, 20, 30),
                           BoundingBox(5000, 5050, 0, 50, 40, 50)])
        grid = GridGeoSampler(ds, size=16, stride=10)
        random = RandomGeoSampler(ds, size=16, length=LENGTH, seed=123)
        batches = RandomBatchGeoSampler(ds, size=16, batch_size=4, length=40, seed=123)
        chips = PreChippedGeoSampler(ds, shuffle=True)
        for sampler in (grid, random, batches, chips):
            sampler.set_epoch(0)
        loader: DataLoader[dict[str, Any]] = DataLoader(
            ds, batch_size=8, sampler=grid, collate_fn=stack_samples)
        mine = {
            "replicas": [s.num_replicas for s in (grid, random, batches, chips)],
            "grid": list(grid),
            "grid_len": len(grid),
            "loader": [b for batch in loader for b in batch["bounds"]],
            "random": list(random),
            "random_len": len(random),
            "batches": list(batches),
            "chips": list(chips),
        }
        gathered: list[Any] = [None] * WORLD
        dist.all_gather_object(gathered, mine)
        if rank == 0:
            Path(out_dir, "result.pkl").write_bytes(pickle.dumps(gathered))
    finally:
        dist.destroy_process_group()


def test_two_gloo_ranks_get_disjoint_shares_that_cover_the_epoch(tmp_path: Path) -> None:
    init_file = tmp_path / "rendezvous"
    procs = [
        subprocess.Popen([sys.executable, __file__, str(rank), str(init_file), str(tmp_path)],
                         stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
        for rank in range(WORLD)
    ]
    outputs = []
    for proc in procs:
        try:
            out, _ = proc.communicate(timeout=120)  # guard against a hang, not a timing test
        except subprocess.TimeoutExpired:
            for p in procs:
                p.kill()
            raise
        outputs.append(out)
    assert [p.returncode for p in procs] == [0, 0], "\n".join(outputs)

    ranks = pickle.loads((tmp_path / "result.pkl").read_bytes())
    assert [r["replicas"] for r in ranks] == [[WORLD] * 4] * WORLD

    # grid: disjoint contiguous halves that together are exactly the full grid
    grid0, grid1 = ranks[0]["grid"], ranks[1]["grid"]
    assert [r["grid_len"] for r in ranks] == [35, 35]
    assert not set(grid0) & set(grid1)
    assert len(set(grid0 + grid1)) == len(grid0 + grid1) == GRID_TOTAL
    assert [r["loader"] for r in ranks] == [grid0, grid1]

    # random: each rank draws ceil(19 / 2) from its own stream; no shared patch
    random0, random1 = ranks[0]["random"], ranks[1]["random"]
    assert [len(random0), len(random1)] == [10, 10] == [r["random_len"] for r in ranks]
    assert len(random0) + len(random1) >= LENGTH
    assert not set(random0) & set(random1)

    # batches: ceil(ceil(40 / 4) / 2) = 5 batches each, all different across ranks
    b0, b1 = ([tuple(b) for b in r["batches"]] for r in ranks)
    assert len(b0) == len(b1) == 5
    assert not set(b0) & set(b1)

    # pre-chipped: one shared permutation split in two, every chip exactly once
    chips = ranks[0]["chips"] + ranks[1]["chips"]
    assert [len(r["chips"]) for r in ranks] == [1, 2]
    assert len(set(chips)) == 3


if __name__ == "__main__":
    torch.set_num_threads(1)
    _run_rank(int(sys.argv[1]), sys.argv[2], sys.argv[3])
