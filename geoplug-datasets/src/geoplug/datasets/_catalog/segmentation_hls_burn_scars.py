"""Spec of HLS Burn Scars (plain data: imported when listing).

Facts from the publisher's Hugging Face dataset card and loading script
(huggingface.co/datasets/ibm-nasa-geospatial/hls_burn_scars: README.md, hls_burn_scars.py).
"""

from __future__ import annotations

from typing import Any

#: band order of the ``*_merged.tif`` scenes (dataset card: HLS S30 band names)
HLS_BURN_SCARS_BANDS = ("B02", "B03", "B04", "B8A", "B11", "B12")
#: our split name -> the archive's folder; the publisher's loading script serves validation/
#: as its test split too (there is no separate test set)
HLS_BURN_SCARS_FOLDERS = {"train": "training", "val": "validation", "test": "validation"}
#: mask value of pixels without data (kept in ``mask``; losses should ignore it)
HLS_BURN_SCARS_IGNORE = -1

SPECS: list[dict[str, Any]] = [
    {
        "name": "hls_burn_scars",
        "target": "geoplug.datasets.hls_burn_scars:HLSBurnScars",
        "task": "segmentation",
        "kind": "nongeo",
        "sensors": ("HLS",),
        "bands": HLS_BURN_SCARS_BANDS,
        "rgb_bands": ("B04", "B03", "B02"),
        "num_classes": 2,
        "ignore_index": HLS_BURN_SCARS_IGNORE,
        "classes": ("not burned", "burn scar"),
        "splits": tuple(HLS_BURN_SCARS_FOLDERS),
        "resolution": 30.0,
        "patch_size": 512,
        "num_samples": 804,
        "license": "CC-BY-4.0",
        "homepage": "https://huggingface.co/datasets/ibm-nasa-geospatial/hls_burn_scars",
        "citation": (
            "@software{HLS_Foundation_2023,\n  author={Phillips, Christopher and Roy, Sujit and "
            "Ankur, Kumar and Ramachandran, Rahul},\n  title={{HLS Foundation Burnscars "
            "Dataset}},\n  month={aug},\n  year={2023},\n  doi={10.57967/hf/0956},\n"
            "  url={https://huggingface.co/ibm-nasa-geospatial/hls_burn_scars}\n}"
        ),
        "download_size": "about 2.6 GB (hls_burn_scars.tar.gz)",
        "description": "804 scenes of 512x512 px of Harmonized Landsat Sentinel-2 (S30) over "
                       "burn scars of the contiguous United States, 2018-2021, the NASA/IBM "
                       "Prithvi fine-tuning benchmark: 6 bands (B02, B03, B04, B8A, B11, B12; "
                       "float32 reflectance) in <scene>_merged.tif and the mask <scene>.mask.tif "
                       "(1 burn scar, 0 not burned, -1 no data; -1 is kept, to be ignored). "
                       "Randomly split by the publisher into training/ (2/3) and validation/ "
                       "(1/3); test is validation/, as in the publisher's loading script.",
    },
]
