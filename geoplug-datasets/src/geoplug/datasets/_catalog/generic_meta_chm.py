"""Spec of Meta / WRI's 1 m global canopy height map (plain data: imported when listing).

Facts: the AWS Open Data registry entry (https://registry.opendata.aws/dataforgood-fb-forests/),
Tolan et al. (2024), and users of the bucket: tiles
``s3://dataforgood-fb-data/forests/v1/alsgedi_global_v6_float/chm/<quadkey>.tif`` named by
their zoom-9 Bing quadkey, uint8 canopy height in metres, EPSG:3857, 65536 x 65536 pixels of
about 1.19 m, with an index ``tiles.geojson`` beside ``chm/``.
"""

from __future__ import annotations

from typing import Any

__all__ = ["SPECS"]

SPECS: list[dict[str, Any]] = [
    {
        "name": "meta_chm",
        "target": "geoplug.datasets.meta_chm:MetaCHM",
        "task": "regression",
        "kind": "geo",
        "sensors": ["Maxar Vivid2", "GEDI", "aerial lidar"],
        "bands": ["height"],
        "resolution": 1.19,
        "license": "CC-BY-4.0",
        "homepage": "https://registry.opendata.aws/dataforgood-fb-forests/",
        "citation": (
            "@article{tolan2024very,\n  title={Very high resolution canopy height maps from "
            "RGB imagery using self-supervised vision transformer and convolutional decoder "
            "trained on aerial lidar},\n  author={Tolan, Jamie and Yang, Hung-I and Nosarzewski, "
            "Benjamin and Couairon, Guillaume and Vo, Huy V. and Brandt, John and Spore, Justine "
            "and Majumdar, Sayantan and Haziza, Daniel and Vamaraju, Janaki and Moutakanni, "
            "Theo and Bojanowski, Piotr and Johns, Tracy and White, Brian and Tiecke, Tobias "
            "and Couprie, Camille},\n  journal={Remote Sensing of Environment},\n"
            "  volume={300},\n  pages={113888},\n  year={2024},\n"
            "  doi={10.1016/j.rse.2023.113888}\n}"),
        "download_size": "global: many TB; one zoom-9 tile is tens to hundreds of MB; "
                         "download=True fetches the quadkeys asked for",
        "description": "Global canopy height (m) at about 1.19 m from Maxar imagery "
                       "(mostly 2018-2020) by a self-supervised ViT trained on aerial lidar "
                       "and GEDI: uint8 COGs in EPSG:3857 named by zoom-9 quadkey "
                       "(<quadkey>.tif).",
    },
]
