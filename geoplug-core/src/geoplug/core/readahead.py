"""Reading a sampler's patches ahead, across batches, for datasets that wait on a network.

Through a map-style ``DataLoader`` a worker reads one batch at a time: the batch's samples
overlap their round trips (:attr:`~geoplug.core.geodataset.GeoDataset.read_threads`), but the
worker waits for the batch's slowest sample before it asks for the next batch, so no more than
a batch is ever in flight, and a small batch leaves the network idle between batches.
:class:`ReadAheadDataset` instead walks the sampler inside each worker and keeps ``depth``
reads in flight at every moment, whatever the batch size::

    ds = RasterDataset(urls)  # or a StacDataset, or ``image & mask``
    loader = DataLoader(ReadAheadDataset(ds, RandomGeoSampler(ds, 224, 10_000)),
                        batch_size=8, num_workers=2, collate_fn=stack_samples)

Each worker takes every ``num_workers``-th patch of the sampler's sequence, so the workers
together read each patch of the pass once (a ``torch.distributed`` rank's share, as the sampler
shards it). A batch sampler (``RandomBatchGeoSampler``: one scene per batch) is walked batch by
batch: each worker takes whole batches, so a ``DataLoader`` given the same ``batch_size`` keeps
the sampler's batches (unless a skipped sample shifts them).

A pass's sequence is the sampler's for the epoch given to :meth:`set_epoch`; when none was
given, each ``iter(loader)`` draws a new one from the DataLoader's base seed, which
``torch.manual_seed`` makes reproducible. :meth:`set_start` starts the passes part way through
that sequence (a fit resumed mid-epoch): the queries before are drawn but not read. Samples
come back in the sampler's order within a worker, and equal those read one by one; a sample
skipped for an unreadable file (``on_error="skip"``) is left out, and any other read error is
raised as ``ds[query]`` raises it.
"""

from __future__ import annotations

import itertools
from collections import deque
from collections.abc import Iterator
from concurrent.futures import Future
from typing import Any

import torch
from torch.utils.data import BatchSampler, IterableDataset, Sampler, get_worker_info

from geoplug.core.errors import SampleSkippedError
from geoplug.core.geodataset import GeoDataset
from geoplug.core.sampling_layout import _derive_seed

__all__ = ["ReadAheadDataset"]


class ReadAheadDataset(IterableDataset[dict[str, Any]]):
    """The samples of ``dataset`` at ``sampler``'s patches, read ``depth`` ahead (see the
    module docstring).

    Args:
        dataset: the dataset to read (its ``read_threads`` threads per process read at once).
        sampler: a sampler yielding one query per patch (``RandomGeoSampler``,
            ``GridGeoSampler``, ...), or a batch sampler with a ``batch_size``
            (``RandomBatchGeoSampler``).
        depth: reads in flight per process; default twice ``dataset.read_threads``.

    Raises:
        TypeError: ``dataset`` is not a GeoDataset.
        ValueError: ``depth`` is not a whole number >= 1.
    """

    def __init__(self, dataset: GeoDataset, sampler: Sampler[Any], depth: int | None = None
                 ) -> None:
        from geoplug.core.samplers import RandomBatchGeoSampler

        if not isinstance(dataset, GeoDataset):
            raise TypeError(f"ReadAheadDataset reads a GeoDataset, got {type(dataset).__name__}")
        if depth is not None and (isinstance(depth, bool) or not isinstance(depth, int)
                                  or depth < 1):
            raise ValueError(f"depth must be a whole number >= 1 (reads in flight per "
                             f"process), got {depth!r}")
        self.dataset = dataset
        self.sampler = sampler
        #: patches per batch of a batch sampler (``None``: the sampler yields single patches)
        self.batch_size: int | None = (
            int(getattr(sampler, "batch_size", 1))
            if isinstance(sampler, (RandomBatchGeoSampler, BatchSampler)) else None)
        self._depth = depth
        #: (set?, epoch) in shared memory: set_epoch in the main process reaches the copies
        #: that persistent workers keep
        self._epoch = torch.zeros(2, dtype=torch.int64).share_memory_()
        #: where the passes start in the sampler's sequence, shared as the epoch is
        self._start = torch.zeros(1, dtype=torch.int64).share_memory_()
        self._passes = 0  # passes of this copy (a worker's, when workers persist)

    @property
    def depth(self) -> int:
        """Reads in flight per process."""
        return self._depth if self._depth is not None else 2 * self.dataset.read_threads

    def set_epoch(self, epoch: int) -> None:
        """Read the sampler's sequence of ``epoch`` in the next passes (as ``set_epoch`` of a
        sampler). Call it before ``iter(loader)``: the workers, persistent ones included, walk
        the sampler from there."""
        self._epoch[1] = int(epoch)
        self._epoch[0] = 1

    def set_start(self, start: int) -> None:
        """Start the next passes at the ``start``-th query of the sampler's sequence (its
        ``start``-th batch for a batch sampler), as if the ones before had been read: they are
        drawn, not read. Call it before ``iter(loader)``, as :meth:`set_epoch`.

        Raises:
            ValueError: ``start`` is negative.
        """
        if int(start) < 0:
            raise ValueError(f"start must be >= 0, got {start!r}")
        self._start[0] = int(start)

    def __len__(self) -> int:
        """Patches per pass (before skipped samples; at most, after a batch sampler's last
        partial batch), over all workers."""
        return len(self.sampler) * (self.batch_size or 1)  # type: ignore[arg-type]

    def __iter__(self) -> Iterator[dict[str, Any]]:
        info = get_worker_info()
        set_epoch = getattr(self.sampler, "set_epoch", None)
        if bool(self._epoch[0]) and set_epoch is not None:
            set_epoch(int(self._epoch[1]))
        elif info is not None and set_epoch is not None:
            # a worker's copy of the sampler forgets its passes. The DataLoader's base seed
            # (info.seed - info.id: one draw per iter(loader), the same in every worker)
            # tells passes apart; persistent workers keep their first base seed but also this
            # copy, which counts its passes
            set_epoch(_derive_seed(info.seed - info.id, self._passes))
            self._passes += 1
        queries: Iterator[Any] = iter(self.sampler)
        start = int(self._start[0])
        if info is not None and info.num_workers > 1:
            queries = itertools.islice(queries, start + info.id, None, info.num_workers)
        elif start:
            queries = itertools.islice(queries, start, None)
        if self.batch_size is not None:  # whole batches per worker, read as one stream
            queries = itertools.chain.from_iterable(queries)
        return _read_ahead(self.dataset, queries, self.depth)

    def __repr__(self) -> str:
        return (f"ReadAheadDataset({type(self.dataset).__name__}, {self.sampler!r}, "
                f"depth={self.depth})")


def _read_ahead(dataset: GeoDataset, queries: Iterator[Any], depth: int
                ) -> Iterator[dict[str, Any]]:
    """``dataset[q]`` for each of ``queries``, in order, with up to ``depth`` reads in flight
    on the process's read threads; skipped samples left out."""
    threads = dataset.read_threads
    if threads <= 1 or depth <= 1:
        for query in queries:
            try:
                yield dataset[query]
            except SampleSkippedError:
                continue
        return
    from geoplug.core.concurrency import read_pool

    pool = read_pool(threads)
    pending: deque[Future[dict[str, Any]]] = deque()
    try:
        for query in queries:
            pending.append(pool.submit(dataset.__getitem__, query))
            if len(pending) >= depth:
                yield from _done(pending.popleft())
        while pending:
            yield from _done(pending.popleft())
    finally:
        for future in pending:  # the consumer stopped early, or a read raised
            future.cancel()


def _done(future: Future[dict[str, Any]]) -> list[dict[str, Any]]:
    """The future's sample, or none when it was skipped (``on_error="skip"``)."""
    try:
        return [future.result()]
    except SampleSkippedError:
        return []
