"""Spec of LandCover.ai read as geo layers (plain data: imported when listing).

The facts of the orthophotos and masks (bands, classes, resolution, licence, citation) are
those of the ``landcoverai`` entry, read from there so they are written once.
"""

from __future__ import annotations

from typing import Any

from geoplug.datasets._catalog.segmentation import SPECS as _SEGMENTATION

__all__ = ["SPECS"]

_CHIPS = next(s for s in _SEGMENTATION if s["name"] == "landcoverai")

SPECS: list[dict[str, Any]] = [
    {
        **{k: _CHIPS[k] for k in ("sensors", "bands", "rgb_bands", "num_classes", "classes",
                                  "resolution", "license", "homepage", "citation",
                                  "download_size")},
        "name": "landcoverai_geo",
        "target": "geoplug.datasets.landcoverai_geo:LandCoverAIGeo",
        "task": "segmentation",
        "kind": "geo",
        "description": "LandCover.ai v1's 41 orthophotos of Poland (images/*.tif, RGB, 25 or "
                       "50 cm, EPSG:2180) and their masks (masks/*.tif: 0 background, 1 "
                       "building, 2 woodland, 3 water, 4 road) as a geo image & mask pair, "
                       "queried by BoundingBox instead of the official chips.",
    },
]
