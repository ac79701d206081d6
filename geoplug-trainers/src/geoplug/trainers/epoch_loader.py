"""A training DataLoader that starts every pass at the fit's epoch, and a resumed pass where its
checkpoint left it.

Lightning gives a loader's samplers the epoch (``set_epoch``) at the start of each epoch, but
it opens the loader's iterator before that, on a resumed fit even before its fit loop has moved
on from the checkpoint's epoch: a map-style loader's workers then already hold indices drawn
for the wrong epoch, and a read-ahead dataset's workers walk their own copy of the sampler. A
fit resumed from a checkpoint taken at an epoch's last batch trained the next epoch on that
epoch's patches. :class:`EpochDataLoader` opens each pass's iterator at the pass's first
batch, when the fit loop has settled the epoch, and gives the epoch to whatever draws before
any worker does.

A fit resumed from a checkpoint taken part way through an epoch
(``ModelCheckpoint(every_n_train_steps=...)``, validation within the epoch) continues that
epoch: the loader is stateful in Lightning's sense, so the checkpoint holds its
:meth:`~EpochDataLoader.state_dict` (the epoch of the pass and the batches it gave), which the
resumed fit hands back; the pass then starts at the next batch of the epoch's order, the
batches before drawn from the sampler but not read (Lightning 2.2 counts the checkpoint's
own batch as not trained: its resumed epoch ends a batch early rather than train it again).
The batches trained after the resume are then those of an uninterrupted fit with the same
seed, except where

- a read-ahead dataset walks a sampler of single patches with more than one worker: as many
  patches are skipped, not exactly those trained (its workers share out patches, not batches);
- the order of an epoch is not fixed by the epoch (a ``shuffle=True`` sampler draws it from the
  global random state);
- the checkpoint was written before this loader kept a state: the epoch starts again at its
  first batch.
"""

from __future__ import annotations

import itertools
import warnings
from collections.abc import Callable, Iterator
from typing import Any

from torch.utils.data import DataLoader, IterableDataset

__all__ = ["EpochDataLoader", "set_epochs"]


class EpochDataLoader(DataLoader[Any]):
    """A ``DataLoader`` whose passes start at ``epoch()``'s epoch (``None``: as they would),
    and whose state (:meth:`state_dict`) lets a resumed fit finish an epoch begun before.

    Args:
        epoch: the epoch of the pass about to start, asked at each pass's first batch; the data
            modules give the fit loop's (the number Lightning hands ``set_epoch``).

    The other arguments are ``DataLoader``'s.
    """

    def __init__(self, *args: Any, epoch: Callable[[], int | None] | None = None,
                 **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.epoch = epoch
        self._given: tuple[int | None, int] = (None, 0)  # the latest pass: epoch, batches given
        self._resume: tuple[int | None, int] | None = None  # a loaded state, for the next pass

    def __iter__(self) -> Iterator[Any]:  # type: ignore[override]
        return _Pass(self)

    def state_dict(self) -> dict[str, Any]:
        """The epoch of the latest pass (``None`` when not known) and the batches it has given:
        Lightning saves it in a fit's checkpoints."""
        epoch, batches = self._given
        return {"epoch": epoch, "batches": batches, "batch_size": self._per_batch()}

    def load_state_dict(self, state_dict: dict[str, Any]) -> None:
        """Have the next pass go on from ``state_dict`` (:meth:`state_dict`'s): at its next
        batch when the pass is at the same epoch (a finished one gives no more), from the
        start at another epoch. Without ``epoch()``'s epoch, the next pass takes the state's
        (the one after it, when the state's pass was finished).
        """
        epoch = state_dict.get("epoch")
        batches = int(state_dict.get("batches", 0))
        saved_size, size = state_dict.get("batch_size"), self._per_batch()
        if batches and saved_size and size and int(saved_size) != size:
            # the checkpoint's batches held another number of patches: skip as many patches
            # (a count of batches would skip too few or too many)
            patches = batches * int(saved_size)
            batches = patches // size
            warnings.warn(
                f"the checkpoint's training pass gave {patches} patches in batches of "
                f"{saved_size}; this loader's batches hold {size}: the resumed epoch skips "
                f"{batches} batches ({batches * size} patches), and its patches may differ "
                "from those of an uninterrupted fit", stacklevel=2)
        self._resume = (None if epoch is None else int(epoch), batches)

    def _per_batch(self) -> int | None:
        """Patches in a batch: the loader's batch size, or its batch sampler's."""
        from geoplug.core.readahead import ReadAheadDataset

        if isinstance(self.dataset, ReadAheadDataset) and self.dataset.batch_size is not None:
            return int(self.dataset.batch_size)
        size = self.batch_size or getattr(self.batch_sampler, "batch_size", None)
        return int(size) if size else None

    @property
    def _index_sampler(self) -> Any:
        # what DataLoader's iterators draw the indices from: the sampler or batch sampler, from
        # the pass's start on. One object, whose start is set at each pass (a persistent
        # workers' iterator keeps it); it holds no reference to the loader, as a cycle through
        # the iterator would leave that to the cyclic collector, which may run in a forked worker
        sampler = super()._index_sampler
        if isinstance(self.dataset, IterableDataset):
            return sampler
        wrapper = self.__dict__.get("_from_start")
        if wrapper is None or wrapper.sampler is not sampler:
            wrapper = self.__dict__["_from_start"] = _FromStart(sampler)
        return wrapper

    def _open(self) -> tuple[Iterator[Any], int | None, int]:
        """The iterator of the pass starting now, its epoch and the batches it skips: the
        fit's epoch, past the batches a loaded state gave of it."""
        from geoplug.core.readahead import ReadAheadDataset

        epoch = self.epoch() if self.epoch is not None else None
        start = 0
        if self._resume is not None:
            saved, batches = self._resume
            self._resume = None
            if epoch is None and saved is not None:  # no fit to ask: the state's pass goes on
                epoch, start = (saved + 1, 0) if batches >= _length(self) else (saved, batches)
            elif saved == epoch:
                start = batches
        if epoch is not None:
            set_epochs(self, epoch)
        index_sampler = self._index_sampler
        if isinstance(index_sampler, _FromStart):
            index_sampler.start = start
        if isinstance(self.dataset, ReadAheadDataset):  # its workers walk the sampler
            per_batch = (1 if self.dataset.batch_size is not None  # the sampler's batches
                         else self.batch_size or 1)
            self.dataset.set_start(start * per_batch)
        self._given = (epoch, start)
        return super().__iter__(), epoch, start


class _Pass(Iterator[Any]):
    """One pass of an :class:`EpochDataLoader`, opened at its first ``next()``; it counts the
    batches it gives into the loader's state."""

    def __init__(self, loader: EpochDataLoader) -> None:
        self.loader = loader
        self.iterator: Iterator[Any] | None = None
        self.epoch: int | None = None
        self.given = 0

    def __next__(self) -> Any:
        if self.iterator is None:
            self.iterator, self.epoch, self.given = self.loader._open()
        batch = next(self.iterator)
        self.given += 1
        self.loader._given = (self.epoch, self.given)
        return batch


class _FromStart:
    """A loader's index sampler that starts each pass at its ``start``-th item (the items
    before are drawn, not read); as long as the sampler."""

    def __init__(self, sampler: Any) -> None:
        self.sampler = sampler
        self.start = 0

    def __iter__(self) -> Iterator[Any]:
        items = iter(self.sampler)
        return itertools.islice(items, self.start, None) if self.start else items

    def __len__(self) -> int:
        return len(self.sampler)


def _length(loader: DataLoader[Any]) -> float:
    """``len(loader)``, or infinity for a loader without one."""
    try:
        return len(loader)
    except TypeError:
        return float("inf")


def set_epochs(loader: DataLoader[Any], epoch: int) -> None:
    """``set_epoch(epoch)`` on whatever of ``loader`` draws per epoch: its sampler, its batch
    sampler and that one's sampler, and its dataset (a
    :class:`~geoplug.core.readahead.ReadAheadDataset` walks a sampler in the workers)."""
    batch_sampler = getattr(loader, "batch_sampler", None)
    parts = (getattr(loader, "sampler", None), batch_sampler,
             getattr(batch_sampler, "sampler", None), getattr(loader, "dataset", None))
    seen: set[int] = set()
    for part in parts:
        set_epoch = getattr(part, "set_epoch", None)
        if part is None or id(part) in seen or not callable(set_epoch):
            continue
        seen.add(id(part))
        set_epoch(epoch)
