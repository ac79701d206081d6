"""Spec of the Multi-Temporal Crop Classification benchmark (plain data: imported when listing).

Facts from the publisher's Hugging Face dataset card
(huggingface.co/datasets/ibm-nasa-geospatial/multi-temporal-crop-classification: README.md,
file listing and LFS details) and the NASA/IBM fine-tuning config
(github.com/NASA-IMPACT/hls-foundation-os: configs/multi_temporal_crop_classification.py).
"""

from __future__ import annotations

from typing import Any

from geoplug.datasets._catalog.segmentation_hls_burn_scars import HLS_BURN_SCARS_BANDS

#: the six HLS S30 bands of each date, in file order (the same as HLS Burn Scars')
MTCC_BANDS = HLS_BURN_SCARS_BANDS
#: dates per chip: the file stacks them band-fastest, 3 x 6 = 18 bands
MTCC_DATES = 3
#: our split -> the release's name (``<name>_chips.tgz``, ``<name>_data.txt``); test is the
#: validation set, as in the NASA/IBM fine-tuning config (the release has no test set)
MTCC_SPLITS = {"train": "training", "val": "validation", "test": "validation"}

SPECS: list[dict[str, Any]] = [
    {
        "name": "multi_temporal_crop_classification",
        "target": "geoplug.datasets.multi_temporal_crop_classification:"
                  "MultiTemporalCropClassification",
        "task": "time_series",
        "kind": "nongeo",
        "sensors": ("HLS",),
        "bands": MTCC_BANDS,
        "rgb_bands": ("B04", "B03", "B02"),
        "num_classes": 14,
        "ignore_index": 0,  # "No Data"
        "classes": ("No Data", "Natural Vegetation", "Forest", "Corn", "Soybeans", "Wetlands",
                    "Developed/Barren", "Open Water", "Winter Wheat", "Alfalfa",
                    "Fallow/Idle Cropland", "Cotton", "Sorghum", "Other"),
        "splits": tuple(MTCC_SPLITS),
        "resolution": 30.0,
        "patch_size": 224,
        "num_samples": 3854,
        "mean": (494.905781, 815.239594, 924.335066, 2968.881459, 2634.621962, 1739.579917),
        "std": (284.925432, 357.84876, 575.566823, 896.601013, 951.900334, 921.407808),
        "license": "CC-BY-4.0",
        "homepage": "https://huggingface.co/datasets/ibm-nasa-geospatial/"
                    "multi-temporal-crop-classification",
        "citation": (
            "@misc{hls_multi_temporal_crop_classification_2023,\n  author={Cecil, Michael and "
            "Kordi, Fatemehsadat and Li, Hanxi and Khallaghi, Sam and Alemohammad, Hamed},\n"
            "  title={{HLS Multi Temporal Crop Classification}},\n  year={2023},\n"
            "  publisher={Hugging Face},\n  doi={10.57967/hf/0955},\n"
            "  url={https://huggingface.co/datasets/ibm-nasa-geospatial/"
            "multi-temporal-crop-classification}\n}"
        ),
        "download_size": "about 11.8 GB (training_chips.tgz 10.6 GB, validation_chips.tgz "
                         "1.18 GB)",
        "description": "3,854 chips of 224x224 px at 30 m (EPSG:5070) over the contiguous US, "
                       "2022: three cloud-free Harmonized Landsat Sentinel-2 (S30) dates between "
                       "March and September, 6 bands each (B02, B03, B04, B8A, B11, B12) stacked "
                       "in chip_<id>_merged.tif (18 bands), and chip_<id>.mask.tif with 13 "
                       "classes derived from the USDA Cropland Data Layer (codes kept: 0 No Data, "
                       "to be ignored, 1 Natural Vegetation ... 13 Other). Randomly split 80/20 "
                       "into training and validation (training_data.txt, validation_data.txt); "
                       "test is validation, as in the NASA/IBM config. The image is a series "
                       "[3, C, H, W]; mean/std are the config's per-band values.",
    },
]
