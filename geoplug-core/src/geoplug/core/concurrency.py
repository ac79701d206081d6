"""Reading the samples of one batch at once, for datasets whose reads wait on a network.

A sample of a remote raster costs one or two round trips (the tiles it touches, fetched with
merged range requests), during which a process that reads its samples one after the other
sits idle: a DataLoader worker then delivers about one sample per round trip, whatever its
CPU. A dataset whose :attr:`~geoplug.core.geodataset.GeoDataset.read_threads` is above 1
has the samples of each batch (PyTorch's batched fetch, ``GeoDataset.__getitems__``) read by
that many threads of the process at once, so their requests overlap. GDAL releases the GIL
while it waits and decodes, each thread reads through its own handles
(:mod:`geoplug.core.handles`), and GDAL's cache of fetched byte ranges is shared by the
process, so a tile two samples need is still fetched once when they do not ask at the same
moment. Samples come back in the order
of the queries and equal those read one by one.

The threads live in one pool per process, started at the first batch that wants them (a
forked DataLoader worker starts its own: threads do not survive a fork).
"""

from __future__ import annotations

import os
import threading
from collections.abc import Callable, Sequence
from concurrent.futures import Future, ThreadPoolExecutor
from typing import TypeVar

__all__ = ["REMOTE_READ_THREADS", "map_ordered", "read_pool"]

#: threads per process reading a batch of a dataset that reads remote files (the default of
#: ``RasterDataset.read_threads`` for URLs): enough to overlap a batch's round trips
REMOTE_READ_THREADS = 8

T = TypeVar("T")
R = TypeVar("R")

_LOCK = threading.Lock()
_POOLS: dict[int, ThreadPoolExecutor] = {}  # this process's pools, by size
_PID = os.getpid()  # the process _POOLS belongs to (a forked child starts its own)


def _start_thread(threads: int) -> None:
    from geoplug.core import handles

    handles.set_share(threads + 1)  # the pool's threads and the thread that waits for them


def read_pool(threads: int) -> ThreadPoolExecutor:
    """This process's pool of read threads with at least ``threads`` of them.

    Pools last as long as the process, and their threads never exit: a thread that exits runs
    GDAL's thread-local clean-up (closing its PROJ context's SQLite database) after Python's
    ``join`` has returned, and a DataLoader that forks its workers at that moment copies
    SQLite's locked memory mutex into them, whose first CRS lookup then waits forever. So a
    pool too small for a later request stays, idle, beside the larger one.
    """
    global _POOLS, _PID
    with _LOCK:
        if os.getpid() != _PID:  # the parent's pools have no threads here
            _POOLS, _PID = {}, os.getpid()
        fitting = [n for n in _POOLS if n >= threads]
        if fitting:
            return _POOLS[min(fitting)]
        pool = ThreadPoolExecutor(threads, thread_name_prefix="geoplug-read",
                                  initializer=_start_thread, initargs=(threads,))
        _POOLS[threads] = pool
        return pool


def map_ordered(function: Callable[[T], R], items: Sequence[T], threads: int
                ) -> list[R | BaseException]:
    """``function`` of each of ``items``, in order, computed by up to ``threads`` threads.

    An item whose call raised gives its exception in its place (the caller decides what to
    raise); with ``threads <= 1`` or a single item, everything runs in the calling thread.
    """
    if threads <= 1 or len(items) <= 1:
        return [_call(function, item) for item in items]
    pool = read_pool(threads)
    futures: list[Future[R]] = [pool.submit(function, item) for item in items]
    results: list[R | BaseException] = []
    for future in futures:
        error = future.exception()
        results.append(future.result() if error is None else error)
    return results


def _call(function: Callable[[T], R], item: T) -> R | BaseException:
    try:
        return function(item)
    except Exception as err:  # handed to the caller, in the item's place
        return err
