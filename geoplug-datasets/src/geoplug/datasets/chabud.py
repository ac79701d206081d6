"""ChaBuD: burned-area change detection of the ECML-PKDD 2023 Discovery Challenge.

The challenge data (Hugging Face ``chabud-team/chabud-ecml-pkdd2023``) is one HDF5 file,
``train_eval.hdf5``: one group per 512x512 patch with ``pre_fire`` / ``post_fire`` uint16
``[512, 512, 12]`` Sentinel-2 L2A arrays (B01-B12, B8A after B08), a ``mask`` ``[512, 512, 1]``
of burned areas and a ``fold`` attribute (0-4). Splits: ``train`` = folds 1-4, ``val`` = fold
0; groups without a pre-fire image are skipped. The challenge's hidden test set was published
later inside CaBuAr (``geoplug.datasets.get("cabuar")``, split ``test``).
"""

from __future__ import annotations

from typing import ClassVar

from geoplug.core.download import Resource
from geoplug.datasets._catalog import spec
from geoplug.datasets._sequences import FoldH5ChangeDataset

__all__ = ["ChaBuD"]


class ChaBuD(FoldH5ChangeDataset, spec=spec("chabud")):
    """ChaBuD pairs: ``image`` float32 ``[2, C, 512, 512]`` (pre, post), ``mask`` int64
    ``[512, 512]`` (1: burned), ``id`` (the patch UUID)."""

    split_files: ClassVar[dict[str, str]] = {"train": "train_eval.hdf5",
                                             "val": "train_eval.hdf5"}
    split_folds: ClassVar[dict[str, tuple[str, ...] | None]] = {
        "train": ("1", "2", "3", "4"), "val": ("0",)}
    resources: ClassVar[tuple[Resource, ...]] = (
        Resource(url="https://huggingface.co/datasets/chabud-team/chabud-ecml-pkdd2023/"
                     "resolve/main/train_eval.hdf5",
                 filename="train_eval.hdf5", md5="15d78fb825f9a81dad600db828d22c08",
                 extract=False),
    )
