"""Spec of ESA WorldCover, the 10 m global land cover maps (plain data: imported when listing).

Class codes, names and legend colours as ESA publishes them (Product User Manual; the
``classification:classes`` of the tiles' STAC items), and the two releases.
"""

from __future__ import annotations

from typing import Any

#: the published class codes and names; 0 is no data
WORLDCOVER_CLASSES: dict[int, str] = {
    0: "No data", 10: "Tree cover", 20: "Shrubland", 30: "Grassland", 40: "Cropland",
    50: "Built-up", 60: "Bare / sparse vegetation", 70: "Snow and ice",
    80: "Permanent water bodies", 90: "Herbaceous wetland", 95: "Mangroves",
    100: "Moss and lichen",
}
#: ESA's legend colours (RGB) per code
WORLDCOVER_COLORS: dict[int, tuple[int, int, int]] = {
    0: (0, 0, 0), 10: (0, 100, 0), 20: (255, 187, 34), 30: (255, 255, 76), 40: (240, 150, 255),
    50: (250, 0, 0), 60: (180, 180, 180), 70: (240, 240, 240), 80: (0, 100, 200),
    90: (0, 150, 160), 95: (0, 207, 117), 100: (250, 230, 160),
}
#: map year -> algorithm version of the release
WORLDCOVER_RELEASES: dict[int, str] = {2020: "v100", 2021: "v200"}

SPECS: list[dict[str, Any]] = [
    {
        "name": "esa_worldcover",
        "target": "geoplug.datasets.esa_worldcover:ESAWorldCover",
        "task": "segmentation",
        "kind": "geo",
        "sensors": ["Sentinel-1", "Sentinel-2"],
        "classes": tuple(WORLDCOVER_CLASSES.values()),
        "num_classes": len(WORLDCOVER_CLASSES),
        "ignore_index": 0,  # no data (and outside the tiles)
        "resolution": 10.0,
        "license": "CC-BY-4.0",
        "homepage": "https://esa-worldcover.org/en",
        "citation": (
            "@misc{zanaga2022esa,\n  title={ESA WorldCover 10 m 2021 v200},\n  author={Zanaga, "
            "Daniele and Van De Kerchove, Ruben and Daems, Dirk and De Keersmaecker, Wanda and "
            "Brockmann, Carsten and Kirches, Grit and Wevers, Jan and Cartus, Oliver and "
            "Santoro, Maurizio and Fritz, Steffen and Lesiv, Myroslava and Herold, Martin and "
            "Tsendbazar, Nandin-Erdene and Xu, Panpan and Ramoino, Fabrizio and Arino, "
            "Olivier},\n  publisher={Zenodo},\n  year={2022},\n"
            "  doi={10.5281/zenodo.7254221}\n}"),
        "download_size": "about 117 GB (2020, v100) or 120 GB (2021, v200): 2651 tiles of "
                         "3 x 3 degrees; download=True fetches the tiles asked for",
        "description": "Global land cover for 2020 (algorithm v100) and 2021 (v200) from "
                       "Sentinel-1 and Sentinel-2, 11 classes (uint8 codes 10-100, 0 no data), "
                       "WGS 84, 1/12000 degree (10 m), 3 x 3 degree tiles "
                       "ESA_WorldCover_10m_<year>_<version>_<tile>_Map.tif; codes mapped to "
                       "0..11.",
    },
]
