"""A training DataLoader that starts every pass at the trainer's epoch.

Lightning gives a loader's samplers the epoch (``set_epoch``) at the start of each epoch, but
on the first epoch of a fit, a resumed fit's included, it starts the loader's iterator before
that: a map-style loader's workers then already hold indices drawn for the sampler's old epoch,
and a read-ahead dataset's workers walk their own copy of the sampler. A fit resumed at epoch
3 trained its first epoch on epoch 0's patches. :class:`EpochDataLoader` asks the trainer for
the epoch when each pass starts, before any worker draws.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from torch.utils.data import DataLoader
from torch.utils.data.dataloader import _BaseDataLoaderIter

__all__ = ["EpochDataLoader", "set_epochs"]


class EpochDataLoader(DataLoader[Any]):
    """A ``DataLoader`` whose passes start at ``epoch()``'s epoch (``None``: as they would).

    Args:
        epoch: the epoch of the pass about to start, asked at each ``iter(loader)``; the data
            modules give the fit loop's (the number Lightning hands ``set_epoch``).

    The other arguments are ``DataLoader``'s.
    """

    def __init__(self, *args: Any, epoch: Callable[[], int | None] | None = None,
                 **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.epoch = epoch

    def __iter__(self) -> _BaseDataLoaderIter:
        epoch = self.epoch() if self.epoch is not None else None
        if epoch is not None:
            set_epochs(self, epoch)
        return super().__iter__()


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
