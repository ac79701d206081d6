"""Spec of the Global Distribution of Mangroves USGS (2011), Giri et al. (plain data).

Facts from UNEP-WCMC's dataset page (WCMC-010, https://data.unep-wcmc.org/datasets/4) and its
metadata sheet: polygons of mangrove forest for about 2000 from some 1,000 Landsat scenes
(1997-2000), attribute table with AREA_KM2 and AREA_M2 (ISO3 dropped in v1.4, March 2021).
"""

from __future__ import annotations

from typing import Any

__all__ = ["GIRI_CLASSES", "SPECS"]

#: mask values: 1 inside a mangrove polygon
GIRI_CLASSES = ("background", "mangrove")

SPECS: list[dict[str, Any]] = [
    {
        "name": "global_mangrove_distribution",
        "target": "geoplug.datasets.global_mangrove_distribution:GlobalMangroveDistribution",
        "task": "segmentation",
        "kind": "geo",
        "sensors": ["Landsat"],
        "classes": GIRI_CLASSES,
        "num_classes": len(GIRI_CLASSES),
        "resolution": 30.0,
        "license": "UNEP-WCMC general data licence (non-commercial; no redistribution)",
        "homepage": "https://data.unep-wcmc.org/datasets/4",
        "citation": (
            "@article{giri2011status,\n  title={Status and distribution of mangrove forests of "
            "the world using earth observation satellite data},\n  author={Giri, C. and "
            "Ochieng, E. and Tieszen, L. L. and Zhu, Z. and Singh, A. and Loveland, T. and "
            "Masek, J. and Duke, N.},\n  journal={Global Ecology and Biogeography},\n"
            "  volume={20},\n  number={1},\n  pages={154--159},\n  year={2011},\n"
            "  doi={10.1111/j.1466-8238.2010.00584.x}\n}"),
        "download_size": "about 300 MB (UNEP-WCMC data pack, after accepting its terms)",
        "description": "Global mangrove forest polygons for about 2000 (Giri et al. 2011, "
                       "USGS; versions 1.3/1.4 by UNEP-WCMC) in the shapefile "
                       "14_001_WCMC010_MangroveUSGS2011_v1_<n>.shp (WGS 84), rasterised to "
                       "masks (1 mangrove).",
    },
]
