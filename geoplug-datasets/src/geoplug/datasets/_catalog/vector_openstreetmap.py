"""Spec of OpenStreetMap features fetched from an Overpass API endpoint (plain data:
imported when listing).

OpenStreetMap distributes no per-area files: the loader asks the Overpass API for the features
of the chosen tags in a bounding box and caches the answer on disk as GeoJSON.
"""

from __future__ import annotations

from typing import Any

__all__ = ["OVERPASS_URL", "SPECS"]

#: the main public Overpass API instance (Overpass API wiki, "Public Overpass API instances")
OVERPASS_URL = "https://overpass-api.de/api/interpreter"

SPECS: list[dict[str, Any]] = [
    {
        "name": "openstreetmap",
        "target": "geoplug.datasets.openstreetmap:OpenStreetMap",
        "task": "segmentation",
        "kind": "geo",
        "sensors": ["volunteered geographic information"],
        "classes": ["background", "building"],
        "num_classes": 2,
        "license": "ODbL-1.0",
        "homepage": "https://www.openstreetmap.org/copyright",
        "citation": "OpenStreetMap contributors, OpenStreetMap, https://www.openstreetmap.org "
                    "(data under the Open Database License, "
                    "https://www.openstreetmap.org/copyright)",
        "download_size": "query-dependent: the features of the chosen tags in one bounding "
                         "box, fetched from an Overpass API endpoint",
        "description": "OpenStreetMap nodes, ways and multipolygon relations carrying chosen "
                       "tags (Overpass QL filters such as 'building' or 'highway=primary|"
                       "secondary'), fetched for a WGS 84 bounding box with `out geom`, cached "
                       "as GeoJSON and rasterised to masks: class k is the k-th filter "
                       "(default one class, buildings).",
    },
]
