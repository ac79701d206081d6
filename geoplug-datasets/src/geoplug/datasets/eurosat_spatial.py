"""EuroSATSpatial: EuroSAT with spatially disjoint train/val/test splits.

The 27,000 multispectral EuroSAT chips of ``EuroSATallBands.zip`` split by longitude (60/20/20:
16,200 / 5,400 / 5,400 chips), so that no test chip lies next to a training chip as it can in
the random lists of Neumann et al. TorchGeo publishes the lists as
``eurosat-spatial-{train,val,test}.txt`` beside the archive in its Hugging Face mirror
(``torchgeo/eurosat``), naming the chips as the other EuroSAT lists do; only the lists differ
from :class:`~geoplug.datasets.eurosat.EuroSAT`, so everything else is inherited.
"""

from __future__ import annotations

from typing import ClassVar

from geoplug.core.download import Resource
from geoplug.datasets._catalog import spec
from geoplug.datasets._scene import split_list_resources
from geoplug.datasets.eurosat import _HF, _SPLITS_REV, EuroSAT

__all__ = ["EuroSATSpatial"]

#: the revision of torchgeo/eurosat that TorchGeo pins, holding the archive and every list
_BASE = f"{_HF}{_SPLITS_REV}/"
_SPATIAL_SHA256 = {
    "train": "2db7d455afb8dcbca898ea19a00f1f90c091734efdbba89e22aaf24056da243f",
    "val": "6c758477604b7057a0fd990d7f6327b63b99a6725aac11a6a9d0174a7fdd8f0b",
    "test": "de22dec83d350cac3b3e4ca8e285cb6733c81ab94bf5bcf9213a567993402452",
}


class EuroSATSpatial(EuroSAT, spec=spec("eurosat_spatial")):
    """EuroSAT multispectral chips under the longitude-disjoint lists.

    Samples as :class:`~geoplug.datasets.eurosat.EuroSAT`: ``image`` float32 ``[C,64,64]``,
    ``label`` int64, ``crs`` and ``bounds``. Shares the root (and the archive) with EuroSAT;
    only the ``eurosat-spatial-*.txt`` lists are added.
    """

    split_lists: ClassVar[dict[str, str]] = {
        s: f"eurosat-spatial-{s}.txt" for s in _SPATIAL_SHA256}
    resources: ClassVar[tuple[Resource, ...]] = (
        *(r for r in EuroSAT.resources if r.splits is None),  # EuroSATallBands.zip
        *split_list_resources(_BASE, "eurosat-spatial-{split}.txt", _SPATIAL_SHA256, "sha256"),
    )
