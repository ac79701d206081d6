"""CaBuAr: California burned areas, pre/post-fire Sentinel-2 pairs (Rege Cambrin et al., 2023).

The publisher (Hugging Face ``DarthReca/california_burned_areas``) ships the 512x512 patches
as ``raw/patched/512x512.hdf5``: one group per patch (a UUID) with ``post_fire`` and, for most,
``pre_fire`` uint16 ``[512, 512, 12]`` arrays (Sentinel-2 L2A B01-B12 with B8A after B08) and a
``mask`` ``[512, 512, 1]`` of CAL FIRE burned areas; the group attribute ``fold`` (0-4) is the
publisher's cross-validation fold. ``chabud_test.h5`` holds the ChaBuD challenge's test
patches (every group, whatever its ``fold``). Splits here: ``train`` = folds 1-4, ``val`` =
fold 0, ``test`` = the ChaBuD test patches. Patches without a pre-fire image are skipped. The
publisher compresses some files with filters of ``hdf5plugin``; install it if h5py reports a
missing filter.
"""

from __future__ import annotations

from typing import ClassVar

from geoplug.core.download import Resource
from geoplug.datasets._catalog import spec
from geoplug.datasets._sequences import FoldH5ChangeDataset

__all__ = ["CaBuAr"]

_HF = "https://huggingface.co/datasets/DarthReca/california_burned_areas/resolve/main/raw/patched/"


class CaBuAr(FoldH5ChangeDataset, spec=spec("cabuar")):
    """CaBuAr pairs: ``image`` float32 ``[2, C, 512, 512]`` (pre, post), ``mask`` int64
    ``[512, 512]`` (1: burned), ``id`` (the patch UUID)."""

    split_files: ClassVar[dict[str, str]] = {"train": "512x512.hdf5", "val": "512x512.hdf5",
                                             "test": "chabud_test.h5"}
    split_folds: ClassVar[dict[str, tuple[str, ...] | None]] = {
        "train": ("1", "2", "3", "4"), "val": ("0",), "test": None}
    resources: ClassVar[tuple[Resource, ...]] = (
        Resource(url=f"{_HF}512x512.hdf5", filename="512x512.hdf5",
                 md5="15d78fb825f9a81dad600db828d22c08", extract=False, splits=("train", "val")),
        Resource(url=f"{_HF}chabud_test.h5", filename="chabud_test.h5",
                 md5="a70bb7e4a2788657c2354c4c3d9296fe", extract=False, splits=("test",)),
    )
