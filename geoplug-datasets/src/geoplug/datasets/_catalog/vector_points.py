"""Specs of the point and vector layers: species observations and polygon layers.

Point layers (``gbif``, ``inaturalist``, ``eddmaps``) answer a query with the observations in
the box (``points`` ``[N,2]`` and ``time`` ``[N]``, no raster); polygon layers
(``open_buildings``, ``eurocrops``) are rasterised onto the query grid as masks.
"""

from __future__ import annotations

from typing import Any

__all__ = ["SPECS"]

_PER_RECORD = "per record: CC0-1.0, CC-BY-4.0 or CC-BY-NC-4.0"

SPECS: list[dict[str, Any]] = [
    {
        "name": "gbif",
        "target": "geoplug.datasets.gbif:GBIF",
        "task": "generic",
        "kind": "geo",
        "sensors": ["in situ"],
        "license": _PER_RECORD,
        "homepage": "https://www.gbif.org/occurrence/search",
        "citation": "GBIF.org (YYYY), GBIF Occurrence Download https://doi.org/10.15468/dl.XXXX "
                    "(cite the DOI of your download, https://www.gbif.org/citation-guidelines)",
        "download_size": "query-dependent (a GBIF account creates the download)",
        "description": "Species occurrence records of a GBIF 'simple' download (tab-delimited "
                       "<key>.csv: decimalLongitude, decimalLatitude, eventDate or "
                       "year/month/day) as points with their time.",
    },
    {
        "name": "inaturalist",
        "target": "geoplug.datasets.inaturalist:INaturalist",
        "task": "generic",
        "kind": "geo",
        "sensors": ["in situ"],
        "license": _PER_RECORD,
        "homepage": "https://www.inaturalist.org/observations/export",
        "citation": "iNaturalist contributors, iNaturalist observations exported from "
                    "https://www.inaturalist.org (see https://www.inaturalist.org/pages/help#cite)",
        "download_size": "query-dependent (exported from the iNaturalist website)",
        "description": "iNaturalist observations export (observations-<id>.csv: latitude, "
                       "longitude, time_observed_at or observed_on) as points with their time.",
    },
    {
        "name": "eddmaps",
        "target": "geoplug.datasets.eddmaps:EDDMapS",
        "task": "generic",
        "kind": "geo",
        "sensors": ["in situ"],
        "license": "EDDMapS terms of use (cite EDDMapS)",
        "homepage": "https://www.eddmaps.org/",
        "citation": "EDDMapS. YEAR. Early Detection & Distribution Mapping System. The University "
                    "of Georgia - Center for Invasive Species and Ecosystem Health. Available "
                    "online at https://www.eddmaps.org/; last accessed DATE.",
        "download_size": "query-dependent (mappings.csv of a query result)",
        "description": "Invasive species and pest sightings of an EDDMapS query (mappings.csv: "
                       "Latitude, Longitude, ObsDate) as points with their date.",
    },
    {
        "name": "open_buildings",
        "target": "geoplug.datasets.open_buildings:OpenBuildings",
        "task": "segmentation",
        "kind": "geo",
        "sensors": ["high-resolution satellite imagery"],
        "num_classes": 2,
        "classes": ["background", "building"],
        "resolution": 0.5,
        "license": "CC-BY-4.0 or ODbL-1.0 (at the user's choice)",
        "homepage": "https://sites.research.google/open-buildings/",
        "citation": "W. Sirko, S. Kashubin, M. Ritter, A. Annkah, Y. S. E. Bouchareb, Y. "
                    "Dauphin, D. Keysers, M. Neumann, M. Cisse, J. Quinn, Continental-Scale "
                    "Building Detection from High Resolution Satellite Imagery, "
                    "arXiv:2107.12283, 2021",
        "download_size": "v3: 333 S2 level-4 cell files (<token>_buildings.csv.gz, median "
                         "about 145 MB each) and tiles.geojson",
        "description": "Google Open Buildings v3 building polygons (WKT in per-S2-cell CSVs "
                       "with confidence and Plus Code) rasterised to building masks, with a "
                       "confidence threshold.",
    },
    {
        "name": "eurocrops",
        "target": "geoplug.datasets.eurocrops:EuroCrops",
        "task": "segmentation",
        "kind": "geo",
        "sensors": ["farmer declarations (IACS/LPIS)"],
        "license": "CC-BY-4.0",
        "homepage": "https://github.com/maja601/EuroCrops",
        "citation": "M. Schneider, T. Schelte, F. Schmitz, M. Koerner, EuroCrops: The Largest "
                    "Harmonized Open Crop Dataset Across the European Union, Scientific Data "
                    "10, 612 (2023)",
        "download_size": "v9 (Zenodo 8229128): 16 country/region zips of shapefiles and "
                         "HCAT2.csv, about 22 million parcels",
        "description": "Self-declared crop parcels of EU countries harmonised to the HCAT "
                       "taxonomy (EC_hcat_c / EC_hcat_n), rasterised to masks of chosen HCAT "
                       "classes at any level of the hierarchy.",
    },
]
