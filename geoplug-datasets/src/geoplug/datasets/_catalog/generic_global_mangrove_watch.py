"""Spec of Global Mangrove Watch v3.0 (plain data: imported when listing).

Facts from the Zenodo record 10.5281/zenodo.6894273 (one ``gmw_v3_<year>_gtiff.zip`` per
epoch, 1 x 1 degree tiles) and the classification of the tiles' STAC items (stactools
package ``global-mangrove-watch``: 0 no mangrove / no data, 1 mangrove, colour 0,150,0).
"""

from __future__ import annotations

from typing import Any

__all__ = ["GMW_CLASSES", "GMW_COLORS", "GMW_MD5", "SPECS"]

#: mask values (0 is everything that is not mapped as mangrove)
GMW_CLASSES = ("Not mangrove", "Mangrove")
#: display colours (RGB): the tiles' colour table for mangrove
GMW_COLORS: dict[int, tuple[int, int, int]] = {0: (255, 255, 255), 1: (0, 150, 0)}
#: the epochs and the MD5 of their ``gmw_v3_<year>_gtiff.zip`` as listed on Zenodo
GMW_MD5: dict[int, str] = {
    1996: "7bc81d3aa514d3db5da61e20a36670ca", 2007: "4d14ca9a5ce2ae605623a1fdcf01d2ef",
    2008: "2643d1b88618da62742dd3ba75fbe4ae", 2009: "650d969fed2bf85f794db97ff92237a5",
    2010: "99aa8a3c627cd580495ddc2e776385ed", 2015: "bf5c888e78db0ce62c86d0bfd2e56b4f",
    2016: "0bc2c9eacf36d9b67aa3a50265a7b74e", 2017: "9aea4660e3a40e5c3a9ff21de4d8bba6",
    2018: "6bda7daf2b7a3f31451c2d2713d3318b", 2019: "d3017880056c6045305b0631058c8cc7",
    2020: "c85f7528de7df83e5701f3b162ac37b4",
}

SPECS: list[dict[str, Any]] = [
    {
        "name": "global_mangrove_watch",
        "target": "geoplug.datasets.global_mangrove_watch:GlobalMangroveWatch",
        "task": "segmentation",
        "kind": "geo",
        "sensors": ["JERS-1 SAR", "ALOS PALSAR", "ALOS-2 PALSAR-2", "Landsat"],
        "classes": GMW_CLASSES,
        "num_classes": len(GMW_CLASSES),
        "resolution": 25.0,
        "license": "CC-BY-4.0",
        "homepage": "https://zenodo.org/records/6894273",
        "citation": (
            "@article{bunting2022global,\n  title={Global Mangrove Extent Change 1996--2020: "
            "Global Mangrove Watch Version 3.0},\n  author={Bunting, Pete and Rosenqvist, Ake "
            "and Hilarides, Lammert and Lucas, Richard M. and Thomas, Nathan and Tadono, "
            "Takeo and Worthington, Thomas A. and Spalding, Mark and Murray, Nicholas J. and "
            "Rebelo, Lisa-Maria},\n  journal={Remote Sensing},\n  volume={14},\n"
            "  number={15},\n  pages={3657},\n  year={2022},\n  doi={10.3390/rs14153657}\n}"),
        "download_size": "one gmw_v3_<year>_gtiff.zip per epoch (1996, 2007-2010, "
                         "2015-2020) from Zenodo",
        "description": "Global mangrove extent for 11 epochs 1996-2020 (GMW v3.0) from "
                       "L-band SAR: uint8 GeoTIFF tiles of 1 x 1 degree, "
                       "GMW_<N|S><lat><E|W><lon>_<year>_v3.tif named by the upper-left "
                       "corner, WGS 84, 1/4500 degree (about 25 m), 1 mangrove, 0 not.",
    },
]
