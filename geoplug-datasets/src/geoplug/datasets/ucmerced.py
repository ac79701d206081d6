"""UC Merced Land Use: 21-class aerial scene classification (Yang and Newsam, 2010).

2,100 RGB TIFF chips of 256x256 px at 1 ft (0.3 m) from USGS orthoimagery, under
``UCMerced_LandUse/Images/<class>/<class>NN.tif`` in the publisher's ``UCMerced_LandUse.zip``;
split by the train/val/test lists of Neumann et al. (2019), ``uc_merced-{train,val,test}.txt``
(1,260 / 420 / 420 chips). A few chips are not exactly 256x256 (e.g. 256x247); they are
resized (bilinear, antialiased) so that every sample can be batched.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any, ClassVar

import numpy as np

from geoplug.core.chipfiles import read_chip
from geoplug.core.download import Resource
from geoplug.core.nongeo import NonGeoClassificationDataset
from geoplug.datasets._catalog import spec
from geoplug.datasets._scene import split_list_resources

__all__ = ["UCMerced"]

_BASE = "https://hf.co/datasets/torchgeo/ucmerced/resolve/7c5ef3454d9b1cccfa7ccde0c01fc8f00a45909a/"
_SPLIT_MD5 = {
    "train": "f2fb12eb2210cfb53f93f063a35ff374",
    "val": "11ecabfc52782e5ea6a9c7c0d263aca0",
    "test": "046aff88472d8fc07c4678d03749e28d",
}


class UCMerced(NonGeoClassificationDataset, spec=spec("ucmerced")):
    """UC Merced RGB chips; ``image`` float32 ``[3, 256, 256]``, ``label`` int64."""

    extensions = (".tif", ".tiff")
    image_dirs = ("UCMerced_LandUse/Images", "Images", ".")
    split_lists: ClassVar[dict[str, str]] = {s: f"uc_merced-{s}.txt" for s in _SPLIT_MD5}
    size = 256
    resources = (
        Resource(url=f"{_BASE}UCMerced_LandUse.zip", filename="UCMerced_LandUse.zip",
                 md5="5b7ec56793786b6dc8a908e8854ac0e4"),
        *split_list_resources(_BASE, "uc_merced-{split}.txt", _SPLIT_MD5),
    )

    def _read(self, path: Path) -> tuple[np.ndarray, dict[str, Any]]:
        array, _ = read_chip(path, self.band_indices)
        if array.shape[1:] != (self.size, self.size):
            import torch
            import torch.nn.functional as F

            resized = F.interpolate(torch.from_numpy(array.astype(np.float32))[None],
                                    size=(self.size, self.size), mode="bilinear",
                                    align_corners=False, antialias=True)[0]
            array = resized.clamp_(0, 255).numpy()
        return array, {}
