"""EuroSAT100: a 100-chip subset of EuroSAT multispectral for tutorials and tests.

TorchGeo publishes ``EuroSAT100.zip`` in its Hugging Face mirror (``torchgeo/eurosat``): ten
chips of each class in the folders of ``EuroSATallBands.zip``
(``ds/images/remote_sensing/otherDatasets/sentinel_2/tif/<Class>/<Class>_<n>.tif``), split
6 / 2 / 2 per class by the lists ``eurosat-100-{train,val,test}.txt``. Not a benchmark: too
small to rank models, big enough to run a pipeline end to end.
"""

from __future__ import annotations

from typing import ClassVar

from geoplug.core.download import Resource
from geoplug.datasets._catalog import spec
from geoplug.datasets._scene import split_list_resources
from geoplug.datasets.eurosat import EuroSAT
from geoplug.datasets.eurosat_spatial import _BASE

__all__ = ["EuroSAT100"]

_LIST_SHA256 = {
    "train": "7f2416377fc379d43197512ef2f7582e87f62c7b2b63ac576bd5c18f110e0a20",
    "val": "09e4744d15299c0e5b39a5bb211ce245b8dbaeafc5353ce3372f5db69f6e59d8",
    "test": "576738254dffa4fd3cdefed1763ecbd9f6e2b4de0f5ec8a9aa4ff301a6d8e00e",
}


class EuroSAT100(EuroSAT, spec=spec("eurosat100")):
    """The 100 chips of ``EuroSAT100.zip``, read as :class:`~geoplug.datasets.eurosat.EuroSAT`
    (13 bands as float32, ``label``, ``crs``, ``bounds``)."""

    image_dirs = (
        "ds/images/remote_sensing/otherDatasets/sentinel_2/tif",  # EuroSAT100.zip
        "EuroSAT100",  # a copy unpacked into a folder of its own
        ".",
    )
    split_lists: ClassVar[dict[str, str]] = {s: f"eurosat-100-{s}.txt" for s in _LIST_SHA256}
    resources: ClassVar[tuple[Resource, ...]] = (
        Resource(url=f"{_BASE}EuroSAT100.zip", filename="EuroSAT100.zip",
                 sha256="2ed4bb4a6808004c98691f64b366827f7783c76a49151e7c2b70423eb77a5b76"),
        *split_list_resources(_BASE, "eurosat-100-{split}.txt", _LIST_SHA256, "sha256"),
    )
