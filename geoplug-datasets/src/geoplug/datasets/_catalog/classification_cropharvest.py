"""Spec of CropHarvest (per-location monthly time series with crop labels). Plain data only:
this module is imported whenever the registry is listed."""

from __future__ import annotations

from typing import Any

#: the 18 bands of each ``features/arrays/*.h5`` array, in the publisher's order
#: (cropharvest/engineer.py ``BANDS``: Sentinel-1 and Sentinel-2 without B1 and B10, ERA5,
#: SRTM, then NDVI computed from B8 and B4)
CROPHARVEST_BANDS = (
    "VV", "VH", "B2", "B3", "B4", "B5", "B6", "B7", "B8", "B8A", "B9", "B11", "B12",
    "temperature_2m", "total_precipitation", "elevation", "slope", "NDVI",
)
#: the FAO indicative crop groups of ``classification_label`` in the publisher's code order
#: (cropharvest/crops.py ``CropClassifications``): target="classification_label" labels these
CROPHARVEST_GROUPS = (
    "non_crop", "cereals", "vegetables_melons", "fruits_nuts", "oilseeds", "root_tuber",
    "beverage_spice", "leguminous", "sugar", "other",
)
#: what each sample's label means with target="is_crop" (the default, the publisher's task)
CROPHARVEST_IS_CROP = ("non_crop", "crop")

SPECS: list[dict[str, Any]] = [
    {
        "name": "cropharvest",
        "target": "geoplug.datasets.cropharvest:CropHarvest",
        "task": "classification",
        "kind": "nongeo",
        "sensors": ("Sentinel-1", "Sentinel-2", "ERA5", "SRTM"),
        "bands": CROPHARVEST_BANDS,
        "rgb_bands": ("B4", "B3", "B2"),
        "num_classes": len(CROPHARVEST_IS_CROP),
        "classes": CROPHARVEST_IS_CROP,
        "splits": ("train", "test"),
        "resolution": 10.0,
        "patch_size": 1,
        "num_samples": 70213,
        "license": "CC-BY-SA-4.0",
        "homepage": "https://github.com/nasaharvest/cropharvest",
        "citation": (
            "@inproceedings{tseng2021cropharvest,\n  title={CropHarvest: A global dataset for "
            "crop-type classification},\n  author={Tseng, Gabriel and Zvonkov, Ivan and "
            "Nakalembe, Catherine Lilian and Kerner, Hannah},\n  booktitle={Thirty-fifth "
            "Conference on Neural Information Processing Systems Datasets and Benchmarks "
            "Track (Round 2)},\n  year={2021}\n}"
        ),
        "download_size": "features.tar.gz + labels.geojson (Zenodo record 7257688)",
        "description": (
            "CropHarvest (Zenodo record 7257688): one HDF5 file per labelled location, "
            "features/arrays/<index>_<dataset>.h5, holding 'array' [12 months, 18 bands] "
            "(Sentinel-1, Sentinel-2, ERA5, SRTM, NDVI), and labels.geojson with is_crop, "
            "label, classification_label and is_test per (index, dataset). Samples: 'image' "
            "float32 [12, C, 1, 1] (one pixel's monthly series) and 'label' int64: is_crop "
            "(default) or, with target='classification_label', the FAO crop group. "
            "Splits: is_test false (train) / true (test)."
        ),
    },
]
