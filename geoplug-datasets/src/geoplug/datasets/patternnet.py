"""PatternNet: 38-class remote sensing scene classification and retrieval (Zhou et al., 2018).

30,400 RGB JPEG chips of 256x256 px (800 per class, 0.06-4.7 m GSD from Google Earth
imagery and the Google Map API) under ``PatternNet/images/<class>/<name>NNN.jpg`` in
``PatternNet.zip``. The publisher defines no split: the single split ``"train"`` is the whole
dataset (split it with ``torch.utils.data.random_split`` for held-out evaluation).
"""

from __future__ import annotations

from geoplug.core.download import Resource
from geoplug.core.nongeo import NonGeoClassificationDataset
from geoplug.datasets._catalog import spec

__all__ = ["PatternNet"]


class PatternNet(NonGeoClassificationDataset, spec=spec("patternnet")):
    """PatternNet RGB chips; ``image`` float32 ``[3, 256, 256]``, ``label`` int64."""

    extensions = (".jpg", ".jpeg")
    image_dirs = ("PatternNet/images", "images", ".")
    resources = (
        Resource(url="https://hf.co/datasets/torchgeo/PatternNet/resolve/"
                     "2dbd901b00e301967a5c5146b25454f5d3455ad0/PatternNet.zip",
                 filename="PatternNet.zip",
                 sha256="456dd031950b0429518b8ec7d30a5c4b3f6456261ee1dd573a3eee43efb29958"),
    )
