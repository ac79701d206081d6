"""NWPU-RESISC45: 45-class aerial scene classification (Cheng et al., 2017).

31,500 RGB JPEG chips of 256x256 px (700 per class, 0.2-30 m GSD) under
``NWPU-RESISC45/<class>/<class>_NNN.jpg``. The publisher ships a RAR archive; the loader
downloads the ZIP re-packaging of the same tree and the train/val/test lists of Neumann et
al. (2019), ``resisc45-{train,val,test}.txt`` (18,900 / 6,300 / 6,300 chips).
"""

from __future__ import annotations

from typing import ClassVar

from geoplug.core.download import Resource
from geoplug.core.nongeo import NonGeoClassificationDataset
from geoplug.datasets._catalog import spec
from geoplug.datasets._scene import split_list_resources

__all__ = ["RESISC45"]

_BASE = "https://hf.co/datasets/isaaccorley/resisc45/resolve/883edc0eee77b2c84225472f10f126e3ed83fa6e/"
_SPLIT_SHA256 = {
    "train": "ecfa963be4d85eac83665f8be8634abcb4fe6f3546472cc0e87999e2cab4449b",
    "val": "08d81f642526bec240589000af7f49a47e8d071a6e7925b0f36246a78ab64342",
    "test": "e0927e80130b47317a2f18520d98382b6fc56f0d3edd3345140f7d02267c3805",
}


class RESISC45(NonGeoClassificationDataset, spec=spec("resisc45")):
    """RESISC45 RGB JPEG chips; ``image`` float32 ``[3, 256, 256]``, ``label`` int64."""

    extensions = (".jpg", ".jpeg")
    image_dirs = ("NWPU-RESISC45", ".")
    split_lists: ClassVar[dict[str, str]] = {s: f"resisc45-{s}.txt" for s in _SPLIT_SHA256}
    resources = (
        Resource(url=f"{_BASE}NWPU-RESISC45.zip", filename="NWPU-RESISC45.zip",
                 sha256="beeecd0b63656290ae6d65cf7763185b0c1c4c54a753ef8088d6fba3faaf1f53"),
        *split_list_resources(_BASE, "resisc45-{split}.txt", _SPLIT_SHA256, "sha256"),
    )
