"""Spec of OpenAerialMap imagery fetched through its catalog API and TMS tiles (plain data:
imported when listing).

OpenAerialMap serves each image as a web-mercator tile service; the loader fetches the tiles
of a bounding box and caches them on disk as georeferenced GeoTIFFs.
"""

from __future__ import annotations

from typing import Any

__all__ = ["OAM_CATALOG_URL", "SPECS"]

#: the OpenAerialMap catalog API's search of image metadata (hotosm/oam-catalog)
OAM_CATALOG_URL = "https://api.openaerialmap.org/meta"

SPECS: list[dict[str, Any]] = [
    {
        "name": "openaerialmap",
        "target": "geoplug.datasets.openaerialmap:OpenAerialMap",
        "task": "generic",
        "kind": "geo",
        "sensors": ["aerial / UAV / satellite RGB imagery"],
        "bands": ["R", "G", "B"],
        "rgb_bands": ["R", "G", "B"],
        "license": "CC-BY-4.0",
        "homepage": "https://openaerialmap.org/",
        "citation": "OpenAerialMap contributors, OpenAerialMap / Open Imagery Network, "
                    "https://openaerialmap.org (imagery under CC-BY-4.0)",
        "download_size": "query-dependent: 256 x 256 pixel tiles of one image over a bounding "
                         "box at a chosen zoom (zoom 19: about 0.3 m per pixel at the equator)",
        "description": "Openly licensed RGB imagery of the OpenAerialMap catalog, fetched as "
                       "web-mercator TMS tiles of the newest image over a WGS 84 bounding box "
                       "and cached as georeferenced GeoTIFFs OAM-<x>-<y>-<z>.tif (EPSG:3857); "
                       "the Open Imagery Network's own RGB GeoTIFFs are read too.",
    },
]
