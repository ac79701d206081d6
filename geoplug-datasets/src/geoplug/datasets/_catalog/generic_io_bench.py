"""Spec of I/O Bench (TorchGeo's I/O benchmark: one Landsat 9 scene and the 2023 CDL).

Plain dicts only: this module is imported whenever the registry is listed.
"""

from __future__ import annotations

from typing import Any

from geoplug.datasets._catalog.generic import CDL_CLASSES, LANDSAT_OLI_RGB, LANDSAT_OLI_SR

#: the archives' variants of the same data: as downloaded from USGS EarthExplorer and USDA
#: CropScape; compressed with the CDL clipped to the scene; compressed, reprojected to one
#: CRS, as target-aligned COGs
IO_BENCH_SPLITS = ("original", "raw", "preprocessed")
#: the Landsat 9 Level-2 files each variant holds: the reflectance bands and the aerosol QA
IO_BENCH_BANDS = (*LANDSAT_OLI_SR, "SR_QA_AEROSOL")

SPECS: list[dict[str, Any]] = [
    {
        "name": "io_bench",
        "aliases": ("iobench",),
        "target": "geoplug.datasets.io_bench:IOBench",
        "task": "segmentation",
        "kind": "geo",
        "sensors": ["Landsat 9 OLI-2/TIRS-2"],
        "bands": IO_BENCH_BANDS,
        "rgb_bands": LANDSAT_OLI_RGB["L2"],
        "num_classes": len(CDL_CLASSES),
        "resolution": 30.0,
        "license": "Public domain (USGS Landsat, USDA NASS CDL)",
        "homepage": "https://huggingface.co/datasets/torchgeo/io",
        "citation": (
            "@inproceedings{stewart2022torchgeo,\n  title={TorchGeo: Deep Learning With "
            "Geospatial Data},\n  author={Stewart, Adam J. and Robinson, Caleb and Corley, "
            "Isaac A. and Ortiz, Anthony and Lavista Ferres, Juan M. and Banerjee, Arindam},\n"
            "  booktitle={Proceedings of the 30th International Conference on Advances in "
            "Geographic Information Systems},\n  pages={1--12},\n  year={2022},\n  "
            "doi={10.1145/3557915.3560953}\n}"
        ),
        "description": "I/O Bench: one 2023 Landsat 9 Level-2 scene (SR_B1-SR_B7, "
                       "SR_QA_AEROSOL) with the 2023 Cropland Data Layer as mask, in three "
                       "variants (split= 'original', 'raw', 'preprocessed'), each one "
                       "<split>.tar.gz of <split>/landsat/ and <split>/cdl/; for benchmarking "
                       "the data path.",
    },
]
