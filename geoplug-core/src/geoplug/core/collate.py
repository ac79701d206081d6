"""Collate helpers for dict samples (``collate_fn`` of a DataLoader, and their inverse).

Geo samples carry tensors (``image``, ``mask``, ...) next to metadata that must not be turned
into tensors (``crs``, ``bounds``, file paths). These helpers batch the tensors and keep every
other value as a list, one entry per sample, so a batch can be traced back to its locations.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping, Sequence
from typing import Any

import torch
from rasterio.crs import CRS
from torch.utils.data._utils.collate import default_collate_fn_map

from geoplug.core.bbox import BoundingBox

__all__ = ["PER_OBJECT_KEYS", "concat_samples", "stack_samples", "unbind_samples"]

#: sample keys holding one row per object (detection boxes): their count varies between
#: samples, so models take them as a list of per-sample tensors (``stack_samples(as_lists=)``)
PER_OBJECT_KEYS: tuple[str, ...] = ("bbox_xyxy", "bbox_xyxyxyxy")


def _as_list(batch: Sequence[Any], *, collate_fn_map: Any = None) -> list[Any]:
    return list(batch)


# PyTorch's ``default_collate`` is extended through this documented map: with it, a plain
# ``DataLoader`` batches samples carrying ``crs``/``bounds`` by keeping them as lists.
default_collate_fn_map.setdefault(BoundingBox, _as_list)
default_collate_fn_map.setdefault(CRS, _as_list)


_stack_tensors = default_collate_fn_map[torch.Tensor]


def _check_keys(samples: Sequence[Mapping[str, Any]], what: str) -> list[str]:
    """The keys shared by all samples, in the first sample's order.

    Raises:
        ValueError: no samples, or samples with different keys.
    """
    if len(samples) == 0:
        raise ValueError(f"cannot {what} an empty list of samples")
    keys = list(samples[0])
    expected = set(keys)
    for i, sample in enumerate(samples[1:], start=1):
        if set(sample) != expected:
            missing = sorted(expected - set(sample))
            extra = sorted(set(sample) - expected)
            raise ValueError(
                f"cannot {what} samples with different keys: sample {i} lacks {missing} and "
                f"adds {extra} compared with sample 0; make the dataset return the same keys "
                f"for every sample"
            )
    return keys


def _combine(samples: Sequence[Mapping[str, Any]], what: str, dim_op: str,
             as_lists: Collection[str] = (), ragged: bool = False) -> dict[str, Any]:
    keys = _check_keys(samples, what)
    batch: dict[str, Any] = {}
    for key in keys:
        values = [sample[key] for sample in samples]
        tensors = all(isinstance(v, torch.Tensor) for v in values)
        uneven = tensors and len({tuple(v.shape) for v in values}) > 1
        if key in as_lists or (ragged and uneven):
            batch[key] = values
        elif tensors:
            try:
                # PyTorch's own tensor collate stacks straight into shared memory inside a
                # DataLoader worker, saving the copy that sending the batch would make
                batch[key] = (_stack_tensors(values) if dim_op == "stack"
                              else torch.cat(values))
            except RuntimeError as error:
                shapes = sorted({tuple(v.shape) for v in values})
                hint = ("use concat_samples, or a sampler with a fixed patch size"
                        if dim_op == "stack" else "only the first dimension may differ")
                raise ValueError(
                    f"cannot {what} {key!r}: tensors have shapes {shapes}; {hint}"
                ) from error
        else:
            batch[key] = values
    return batch


def stack_samples(samples: Sequence[Mapping[str, Any]], *, as_lists: Collection[str] = (),
                  ragged: bool = False) -> dict[str, Any]:
    """Batch samples: tensors stacked along a new first dimension, other values as lists.

    ``[{"image": [C,H,W], "crs": c}] * B`` becomes ``{"image": [B,C,H,W], "crs": [c] * B}``.
    A key whose values are not all tensors is kept as a list.

    Args:
        samples: dict samples with the same keys.
        as_lists: keys kept as a list of per-sample values even when their tensors could be
            stacked (e.g. :data:`PER_OBJECT_KEYS`, whose row count is the object count).
        ragged: keep a key whose tensors differ in shape as a list instead of raising (what
            a training loop over detection samples wants: ``label`` ``[N]`` varies with N).

    Raises:
        ValueError: no samples, samples with different keys, or (unless ``ragged``) tensors
            of different shapes.
    """
    return _combine(samples, "stack", "stack", as_lists, ragged)


def concat_samples(samples: Sequence[Mapping[str, Any]]) -> dict[str, Any]:
    """Join samples along their existing first dimension, other values as lists.

    For per-sample variable counts (detection boxes ``[N,4]`` become ``[sum N, 4]``) or to
    merge band stacks read for the same place (``[C1,H,W]`` + ``[C2,H,W]``).

    Raises:
        ValueError: no samples, samples with different keys, or tensors whose shapes differ
            beyond the first dimension (or zero-dimensional tensors).
    """
    return _combine(samples, "concatenate", "cat")


def unbind_samples(batch: Mapping[str, Any]) -> list[dict[str, Any]]:
    """Split a batch back into samples: the inverse of :func:`stack_samples`.

    Tensors are unbound along the first dimension; lists (and tuples) give one item each.

    Raises:
        ValueError: an empty batch, a value that is neither a tensor nor a sequence (or a
            zero-dimensional tensor), or values of different lengths.
    """
    if not batch:
        raise ValueError("cannot unbind an empty batch (no keys)")
    columns: dict[str, Sequence[Any]] = {}
    for key, value in batch.items():
        if isinstance(value, torch.Tensor):
            if value.dim() == 0:
                raise ValueError(f"cannot unbind {key!r}: it is a scalar tensor, not a batch")
            columns[key] = value.unbind(0)
        elif isinstance(value, (list, tuple)):
            columns[key] = value
        else:
            raise ValueError(
                f"cannot unbind {key!r} of type {type(value).__name__}: a batch holds tensors "
                f"or lists (one entry per sample), as stack_samples makes"
            )
    lengths = {key: len(column) for key, column in columns.items()}
    if len(set(lengths.values())) > 1:
        raise ValueError(f"cannot unbind a batch whose values have different lengths: {lengths}")
    size = next(iter(lengths.values()))
    return [{key: column[i] for key, column in columns.items()} for i in range(size)]
