"""Skipping samples whose files turned unreadable (``RasterDataset(..., on_error="skip")``).

By default a file that cannot be read (deleted, truncated, corrupt) ends the epoch with an
:class:`~geoplug.core.errors.UnreadableFileError` naming it, raised in the main process even
when a DataLoader worker hit it. A dataset built with ``on_error="skip"`` instead:

* warns once per file and process with a :class:`~geoplug.core.errors.SkippedSampleWarning`
  naming the file (a DataLoader worker prints it on its standard error);
* counts the skipped sample in a counter shared by the DataLoader's worker processes, which
  the main process reads after (or during) the epoch as ``dataset.skipped_samples``;
* drops the sample: a DataLoader's batched fetch (``GeoDataset.__getitems__``, used whenever
  the DataLoader batches) leaves it out of its batch, so the batch is smaller and any collate
  function (PyTorch's ``default_collate``, :func:`~geoplug.core.stack_samples`) sees only
  complete samples. A batch whose samples were all skipped holds instead the last sample this
  process read successfully (a batch of one), so that a training loop always gets a batch;
  when there is none yet, the batch fails with :class:`~geoplug.core.errors.SampleSkippedError`.
  Indexing the dataset directly (``ds[query]``) raises that error too: there is no sample.

Nothing is ever replaced by zeros or nodata: a sample is read completely or skipped whole,
also when it is composed (``image & mask``): a skipped layer skips the composed sample.
"""

from __future__ import annotations

import multiprocessing.context
import warnings
import weakref
from collections.abc import Sequence
from multiprocessing.sharedctypes import RawArray
from typing import Any

from geoplug.core.errors import SampleSkippedError, SkippedSampleWarning

__all__ = ["ON_ERROR", "SkipCounter", "fetch_batch", "skip"]

#: The values of a dataset's ``on_error`` option.
ON_ERROR: tuple[str, ...] = ("raise", "skip")

#: Counter slots: one for the main process and one per DataLoader worker id (workers beyond
#: the last slot share slots, and their counts may then miss increments that race).
_SLOTS = 128

# last good sample of each dataset in this process (the stand-in of an all-skipped batch)
_LAST: weakref.WeakKeyDictionary[Any, Any] = weakref.WeakKeyDictionary()
_WARNED: set[str] = set()  # files this process has warned about


def _slot() -> int:
    from torch.utils.data import get_worker_info

    info = get_worker_info()
    return 0 if info is None else 1 + info.id % (_SLOTS - 1)


class SkipCounter:
    """How many samples a dataset skipped, summed over the processes reading it.

    Each process adds to its own slot of a shared array (no lock, no lost update), created in
    the process that builds the dataset and inherited by DataLoader workers, forked or spawned.
    Pickled outside a worker start (e.g. ``pickle.dumps(ds)``), the copy gets its own array
    starting from the current total.
    """

    def __init__(self, start: int = 0) -> None:
        self._counts = RawArray("q", _SLOTS)
        self._counts[0] = start

    def add(self) -> None:
        """Count one skipped sample for this process."""
        self._counts[_slot()] += 1

    @property
    def total(self) -> int:
        return int(sum(self._counts))

    def __getstate__(self) -> dict[str, Any]:
        if multiprocessing.context.get_spawning_popen() is not None:
            return {"counts": self._counts}  # a worker being spawned shares the array
        return {"start": self.total}

    def __setstate__(self, state: dict[str, Any]) -> None:
        if "counts" in state:
            self._counts = state["counts"]
        else:
            self.__init__(state["start"])  # type: ignore[misc]


def skip(owner: str, query: Any, error: Exception, counter: SkipCounter) -> SampleSkippedError:
    """Warn (once per file and process) and count a skipped sample; the error to raise.

    ``owner`` names the dataset class in the messages.
    """
    path = getattr(error, "path", None)
    counter.add()
    key = path if path is not None else str(error)
    if key not in _WARNED:
        _WARNED.add(key)
        what = f"{path!r} cannot be read" if path is not None else "a file cannot be read"
        reason = str(error).split(". ", 1)[0].rstrip(".")
        warnings.warn(
            f"{what} ({reason}), so {owner} skips the samples needing it (on_error='skip'); "
            "dataset.skipped_samples counts them. Re-create or remove the file, then rebuild "
            "the dataset.", SkippedSampleWarning, stacklevel=3)
    return SampleSkippedError(
        f"the sample of {owner} at {query} was skipped: {error}", path=path)


def fetch_batch(dataset: Any, queries: Sequence[Any]) -> list[Any]:
    """The samples of ``queries`` for a DataLoader batch, leaving out skipped ones.

    They are read by ``dataset.read_threads`` threads at once
    (:mod:`geoplug.core.concurrency`), and come back in the order of ``queries``.

    Raises:
        SampleSkippedError: every sample was skipped and this process read none before.
        Exception: the first error (in query order) that is not a skip, as reading it raised.
    """
    from geoplug.core.concurrency import map_ordered

    results = map_ordered(dataset.__getitem__, queries, getattr(dataset, "read_threads", 1))
    samples: list[Any] = []
    last: SampleSkippedError | None = None
    for result in results:
        if isinstance(result, SampleSkippedError):
            last = result
        elif isinstance(result, BaseException):
            raise result
        else:
            samples.append(result)
    if samples:
        _LAST[dataset] = samples[-1]
        return samples
    if last is None:  # no query at all
        return samples
    previous = _LAST.get(dataset)
    if previous is None:
        raise SampleSkippedError(
            f"every sample of a batch was skipped and none was read before to stand in for "
            f"it: {last}", path=last.path) from last
    return [previous]
