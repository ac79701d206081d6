"""PatternNet: 38-class remote sensing scene classification and retrieval (Zhou et al., 2018).

30,400 RGB JPEG chips of 256x256 px (800 per class, 0.06-4.7 m GSD from Google Earth
imagery and the Google Map API) under ``PatternNet/images/<class>/<name>NNN.jpg`` in
``PatternNet.zip``. The publisher defines no split: the single split ``"train"`` is the whole
dataset (split it with ``torch.utils.data.random_split`` for held-out evaluation).
"""

from __future__ import annotations

from geoplug.core.nongeo import Resource
from geoplug.datasets._scene import SceneClassificationDataset

__all__ = ["PatternNet"]


class PatternNet(SceneClassificationDataset):
    """PatternNet RGB chips; ``image`` float32 ``[3, 256, 256]``, ``label`` int64."""

    name = "patternnet"
    splits = ("train",)
    all_bands = ("R", "G", "B")
    rgb_bands = ("R", "G", "B")
    classes = (
        "airplane", "baseball_field", "basketball_court", "beach", "bridge", "cemetery",
        "chaparral", "christmas_tree_farm", "closed_road", "coastal_mansion", "crosswalk",
        "dense_residential", "ferry_terminal", "football_field", "forest", "freeway",
        "golf_course", "harbor", "intersection", "mobile_home_park", "nursing_home",
        "oil_gas_field", "oil_well", "overpass", "parking_lot", "parking_space", "railway",
        "river", "runway", "runway_marking", "shipping_yard", "solar_panel",
        "sparse_residential", "storage_tank", "swimming_pool", "tennis_court",
        "transformer_station", "wastewater_treatment_plant",
    )
    extensions = (".jpg", ".jpeg")
    image_dirs = ("PatternNet/images", "images", ".")
    resources = (
        Resource(url="https://hf.co/datasets/torchgeo/PatternNet/resolve/"
                     "2dbd901b00e301967a5c5146b25454f5d3455ad0/PatternNet.zip",
                 filename="PatternNet.zip",
                 sha256="456dd031950b0429518b8ec7d30a5c4b3f6456261ee1dd573a3eee43efb29958"),
    )
