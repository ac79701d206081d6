"""Spec of the Copernicus DEM GLO-30 / GLO-90 (plain data: imported when listing)."""

from __future__ import annotations

from typing import Any

#: product resolution (m) -> the arc-seconds in its tile names (``Copernicus_DSM_COG_10_...``)
COPERNICUS_DEM_ARCSEC: dict[int, str] = {30: "10", 90: "30"}

SPECS: list[dict[str, Any]] = [
    {
        "name": "copernicus_dem",
        "target": "geoplug.datasets.copernicus_dem:CopernicusDEM",
        "task": "generic",
        "kind": "geo",
        "sensors": ["DEM"],
        "bands": ["elevation"],
        "resolution": 30.0,
        "license": "Copernicus DEM licence (GLO-30 Public, GLO-90: free and open, with notice)",
        "homepage": "https://registry.opendata.aws/copernicus-dem/",
        "citation": "Copernicus DEM (2021 release). © DLR e.V. 2010-2014 and © Airbus Defence "
                    "and Space GmbH 2014-2018 provided under COPERNICUS by the European Union "
                    "and ESA; all rights reserved. doi:10.5270/ESA-c5d3d65",
        "download_size": "about 25 MB per 1 x 1 degree GLO-30 tile (3 MB GLO-90); "
                         "download=True fetches the tiles asked for",
        "description": "TanDEM-X digital surface model, float32 metres (EGM2008), WGS 84, "
                       "1 x 1 degree Cloud Optimized GeoTIFFs Copernicus_DSM_COG_10_<N45>_00_"
                       "<E006>_00_DEM.tif (GLO-30, 1 arc-second) and Copernicus_DSM_COG_30_"
                       "..._DEM.tif (GLO-90, 3 arc-seconds); wider in longitude above 50 "
                       "degrees; ocean cells have no tile.",
    },
]
