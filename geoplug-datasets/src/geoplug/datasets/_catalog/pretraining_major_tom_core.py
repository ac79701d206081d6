"""Spec of Major TOM Core (ESA Phi-lab's Core-S2L2A, Core-S2L1C, Core-S1RTC on Hugging Face).

Plain data only (no torch): imported whenever the registry is listed. The bands follow the
``collection`` argument; their names are the Parquet column names the publisher ships (upper
case ``B01`` ... ``B12``, ``B8A`` for Sentinel-2, lower case ``vv``/``vh`` for Sentinel-1).
"""

from __future__ import annotations

from typing import Any

from geoplug.datasets._catalog import band_sets
from geoplug.datasets._catalog.generic import SENTINEL2_L1C, SENTINEL2_L2A

__all__ = ["MAJOR_TOM_BANDS", "SPECS"]

#: collection (the Hugging Face repository under Major-TOM/) -> its band columns, in order
MAJOR_TOM_BANDS: dict[str, tuple[str, ...]] = {
    "Core-S2L2A": SENTINEL2_L2A,
    "Core-S2L1C": SENTINEL2_L1C,
    "Core-S1RTC": ("vv", "vh"),
}

_CITATION = (
    "@inproceedings{francis2024major,\n"
    "  title={Major {TOM}: Expandable Datasets for Earth Observation},\n"
    "  author={Francis, Alistair and Czerkawski, Mikolaj},\n"
    "  booktitle={IGARSS 2024 - IEEE International Geoscience and Remote Sensing "
    "Symposium},\n"
    "  year={2024},\n"
    "  note={arXiv:2402.12095}\n"
    "}"
)

SPECS: list[dict[str, Any]] = [
    {
        "name": "major_tom_core",
        "target": "geoplug.datasets.major_tom_core:MajorTOMCore",
        "task": "self_supervised",
        "kind": "nongeo",
        "sensors": ("Sentinel-2",),
        "bands": SENTINEL2_L2A,
        "rgb_bands": ("B04", "B03", "B02"),
        "band_sets": band_sets(
            "collection", MAJOR_TOM_BANDS,
            rgb={"Core-S2L2A": ("B04", "B03", "B02"), "Core-S2L1C": ("B04", "B03", "B02")},
            sensors={"Core-S2L2A": ("Sentinel-2",), "Core-S2L1C": ("Sentinel-2",),
                     "Core-S1RTC": ("Sentinel-1",)}),
        "splits": ("train",),
        "resolution": 10.0,
        "patch_size": 1068,
        "num_samples": 2245886,  # Core-S2L2A (and S2L1C); Core-S1RTC has 1,469,955 (README)
        "license": "CC-BY-SA-4.0",
        "homepage": "https://huggingface.co/Major-TOM",
        "citation": _CITATION,
        "download_size": "about 23 TB (Core-S2L2A, Core-S2L1C) or 16 TB (Core-S1RTC) in "
                         "images/part_XXXXX.parquet files; download=True fetches only the "
                         "parts named by parts=",
        "description": (
            "Major TOM Core: global Sentinel-2 L2A / L1C and Sentinel-1 RTC patches of "
            "1068 x 1068 px at 10 m on the Major TOM grid (10 km cells), as Parquet files "
            "images/part_XXXXX.parquet whose rows hold one grid cell each with one GeoTIFF "
            "per band. Samples: image (the bands at 20/60 m upsampled by nearest neighbour "
            "onto the 10 m grid), crs, bounds, grid_cell, timestamp. The bands are "
            "Core-S2L2A's; collection='Core-S2L1C'/'Core-S1RTC' selects the others."
        ),
    },
]
