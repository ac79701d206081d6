"""Patches read ahead across batches (geoplug.core.readahead): the sampler's patches, each
read once over the workers and equal to a local read; more requests in flight than a batch
holds; passes that differ, and repeat under one seed; skips and errors as ``ds[query]``."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import numpy as np
import pytest
import torch
from torch.utils.data import DataLoader

from geoplug.core import ReadAheadDataset, handles, remote, stack_samples
from geoplug.core.bbox import BoundingBox
from geoplug.core.errors import SampleSkippedError, SkippedSampleWarning, UnreadableFileError
from geoplug.core.raster import RasterDataset
from geoplug.core.samplers import GridGeoSampler, RandomBatchGeoSampler, RandomGeoSampler
from geoplug.core.testing.http import LocalHTTPServer
from geoplug.core.testing.rasters import write_geotiff_scenes

PATCH = 32


@pytest.fixture
def served(tmp_path: Path) -> Iterator[tuple[list[str], LocalHTTPServer, RasterDataset]]:
    """Two tiled scenes on a server with 20 ms per request, their URLs, and the local files
    as a dataset (the reference)."""
    scenes = write_geotiff_scenes(tmp_path / "cogs", count=2, size=128, tiled=True,
                                  blocksize=32)
    handles.clear()
    local = RasterDataset(str(tmp_path / "cogs"), keep_dtype=True, cache=False)
    with LocalHTTPServer(tmp_path / "cogs", latency=0.02) as server:
        yield [f"{server.url}/{Path(p).name}" for p in scenes.files], server, local
    handles.clear()


def assert_local_reads(batches: list[dict[str, Any]], local: RasterDataset) -> None:
    """Every stacked image equals the local file's read at its bounds."""
    for batch in batches:
        for image, box in zip(batch["image"], batch["bounds"]):
            np.testing.assert_array_equal(image.numpy(), local[box]["image"].numpy())


def bounds_of(loader: DataLoader) -> list[BoundingBox]:
    return [b for batch in loader for b in batch["bounds"]]


def test_in_the_main_process_the_samplers_pass_is_read_in_order(
        served: tuple[list[str], LocalHTTPServer, RasterDataset]) -> None:
    urls, _, local = served
    ds = RasterDataset(urls, keep_dtype=True, cache=False)
    expected = list(RandomGeoSampler(ds, PATCH, 12, seed=3))  # pass 0 of a seed-3 sampler
    samples = list(ReadAheadDataset(ds, RandomGeoSampler(ds, PATCH, 12, seed=3), depth=5))
    assert [s["bounds"] for s in samples] == expected
    for sample in samples:
        np.testing.assert_array_equal(sample["image"].numpy(),
                                      local[sample["bounds"]]["image"].numpy())
    assert len({s["image"].numpy().tobytes() for s in samples}) == len(samples)


def test_workers_share_a_pass_and_read_each_patch_once(
        served: tuple[list[str], LocalHTTPServer, RasterDataset]) -> None:
    urls, _, local = served
    ds = RasterDataset(urls, keep_dtype=True, cache=False)
    sampler = RandomGeoSampler(ds, PATCH, 20, seed=5)
    sampler.set_epoch(4)
    expected = list(sampler)
    ahead = ReadAheadDataset(ds, RandomGeoSampler(ds, PATCH, 20, seed=5))
    ahead.set_epoch(4)
    assert len(ahead) == 20 and ahead.depth == 2 * ds.read_threads
    loader = DataLoader(ahead, batch_size=3, num_workers=2, collate_fn=stack_samples,
                        multiprocessing_context="spawn")
    batches = list(loader)
    got = [b for batch in batches for b in batch["bounds"]]
    assert len(got) == 20 and set(got) == set(expected) and len(set(got)) == 20
    assert_local_reads(batches, local)


def test_set_epoch_between_passes_reaches_persistent_workers(
        served: tuple[list[str], LocalHTTPServer, RasterDataset]) -> None:
    # persistent workers keep the copy of the dataset they were started with: an epoch set
    # after their first pass (as a fit sets each epoch's) did not reach them
    urls, _, _ = served
    ds = RasterDataset(urls, keep_dtype=True, cache=False)

    def epoch_pass(epoch: int) -> set[BoundingBox]:
        sampler = RandomGeoSampler(ds, PATCH, 12, seed=7)
        sampler.set_epoch(epoch)
        return set(sampler)

    ahead = ReadAheadDataset(ds, RandomGeoSampler(ds, PATCH, 12, seed=7))
    loader = DataLoader(ahead, batch_size=3, num_workers=2, collate_fn=stack_samples,
                        persistent_workers=True, multiprocessing_context="spawn")
    got = []
    for epoch in (0, 3, 1):
        ahead.set_epoch(epoch)
        got.append(set(bounds_of(loader)))
    assert got == [epoch_pass(0), epoch_pass(3), epoch_pass(1)]
    assert got[0] != got[1] != got[2]


def test_reads_overlap_across_batches(
        served: tuple[list[str], LocalHTTPServer, RasterDataset]) -> None:
    """With a batch of one, a map-style loader has one sample in flight; read ahead, eight."""
    urls, server, _ = served
    ds = RasterDataset(urls, keep_dtype=True, cache=False)
    queries = list(GridGeoSampler(ds, PATCH, PATCH))
    server.stats.reset()
    plain = bounds_of(DataLoader(ds, sampler=queries, batch_size=1, collate_fn=stack_samples))
    one_at_a_time = server.stats.most_in_flight  # GDAL's parallel ranges within one window
    for url in urls:  # the second pass fetches every tile again
        remote.clear_cache(url)
    server.stats.reset()
    ahead = ReadAheadDataset(ds, GridGeoSampler(ds, PATCH, PATCH), depth=8)
    read = bounds_of(DataLoader(ahead, batch_size=1, collate_fn=stack_samples))
    assert read == plain == queries
    assert server.stats.bytes_sent > 0
    assert server.stats.most_in_flight > one_at_a_time + 2


@pytest.mark.parametrize("persistent", [False, True])
def test_passes_differ_unless_the_seed_repeats(
        served: tuple[list[str], LocalHTTPServer, RasterDataset], persistent: bool) -> None:
    urls, _, _ = served
    ds = RasterDataset(urls, keep_dtype=True, cache=False)
    loader = DataLoader(ReadAheadDataset(ds, RandomGeoSampler(ds, PATCH, 8, seed=1)),
                        batch_size=4, num_workers=2, collate_fn=stack_samples,
                        multiprocessing_context="spawn", persistent_workers=persistent)
    torch.manual_seed(0)
    first, second = bounds_of(loader), bounds_of(loader)
    assert set(first) != set(second)  # a new pass draws new patches
    assert len(first) == len(second) == 8
    if persistent:
        return  # the workers went on counting their passes: no third pass repeats the first
    torch.manual_seed(0)
    assert bounds_of(loader) == first  # and the seed makes it reproducible


def test_a_gone_file_raises_or_is_skipped_as_a_single_read_would(
        served: tuple[list[str], LocalHTTPServer, RasterDataset]) -> None:
    urls, server, _ = served
    name = urls[1].rsplit("/", 1)[1]
    strict = RasterDataset(urls, keep_dtype=True, cache=False)
    lenient = RasterDataset(urls, keep_dtype=True, cache=False, on_error="skip")
    serial = RasterDataset(urls, keep_dtype=True, cache=False, on_error="skip")
    queries = list(GridGeoSampler(strict, PATCH, PATCH))
    (server.root / name).unlink()
    handles.clear()
    with pytest.raises(UnreadableFileError, match=name):
        list(ReadAheadDataset(strict, GridGeoSampler(strict, PATCH, PATCH)))
    with pytest.warns(SkippedSampleWarning, match="on_error='skip'"):
        kept = list(ReadAheadDataset(lenient, GridGeoSampler(lenient, PATCH, PATCH)))
    expected = []
    for query in queries:  # what reading them one by one keeps
        try:
            expected.append(serial[query]["bounds"])
        except SampleSkippedError:
            continue
    assert 0 < len(expected) < len(queries)
    assert [s["bounds"] for s in kept] == expected
    assert lenient.skipped_samples == len(queries) - len(expected)


def test_a_batch_samplers_batches_stay_whole(
        served: tuple[list[str], LocalHTTPServer, RasterDataset]) -> None:
    """Workers take whole batches of a RandomBatchGeoSampler: each DataLoader batch is one of
    the sampler's (one scene), read ahead."""
    urls, _, local = served
    ds = RasterDataset(urls, keep_dtype=True, cache=False)
    sampler = RandomBatchGeoSampler(ds, PATCH, 4, length=24, seed=2)
    sampler.set_epoch(1)
    expected = {tuple(batch) for batch in sampler}
    ahead = ReadAheadDataset(ds, RandomBatchGeoSampler(ds, PATCH, 4, length=24, seed=2))
    ahead.set_epoch(1)
    assert ahead.batch_size == 4 and len(ahead) == 24
    batches = list(DataLoader(ahead, batch_size=4, num_workers=2, collate_fn=stack_samples,
                              multiprocessing_context="spawn"))
    assert {tuple(batch["bounds"]) for batch in batches} == expected and len(batches) == 6
    assert_local_reads(batches, local)


@pytest.mark.parametrize("workers", [0, 2])
def test_set_start_begins_the_passes_part_way_through_the_sequence(
        served: tuple[list[str], LocalHTTPServer, RasterDataset], workers: int) -> None:
    """A pass resumed mid-epoch reads the sampler's batches from the start on, in order,
    whichever worker takes them; start 0 reads the whole pass again (persistent workers)."""
    _, _, local = served
    sampler = RandomBatchGeoSampler(local, PATCH, 2, length=12, seed=4)
    sampler.set_epoch(2)
    expected = [list(batch) for batch in sampler]
    ahead = ReadAheadDataset(local, RandomBatchGeoSampler(local, PATCH, 2, length=12, seed=4))
    ahead.set_epoch(2)
    extra: dict[str, Any] = ({"persistent_workers": True, "multiprocessing_context": "spawn"}
                             if workers else {})
    loader = DataLoader(ahead, batch_size=2, num_workers=workers, collate_fn=stack_samples,
                        **extra)
    ahead.set_start(4)
    batches = list(loader)
    assert [list(batch["bounds"]) for batch in batches] == expected[4:]
    assert_local_reads(batches, local)
    ahead.set_start(0)
    assert [list(batch["bounds"]) for batch in loader] == expected
    with pytest.raises(ValueError, match=">= 0"):
        ahead.set_start(-1)


def test_bad_arguments_are_refused(
        served: tuple[list[str], LocalHTTPServer, RasterDataset]) -> None:
    urls, _, _ = served
    ds = RasterDataset(urls, keep_dtype=True, cache=False)
    sampler = RandomGeoSampler(ds, PATCH, 4, seed=0)
    for bad in (0, -1, 2.5, True):
        with pytest.raises(ValueError, match="whole number >= 1"):
            ReadAheadDataset(ds, sampler, depth=bad)  # type: ignore[arg-type]
    with pytest.raises(TypeError, match="GeoDataset"):
        ReadAheadDataset([1, 2, 3], sampler)  # type: ignore[arg-type]
