"""Specs of the Functional Map of the World benchmarks (fMoW-RGB / fMoW-full, fMoW-Sentinel).

Plain dicts only: this module is imported whenever the registry is listed.
"""

from __future__ import annotations

from typing import Any

#: the 62 categories as the publisher lists them (https://github.com/fMoW/dataset, README
#: "Categories"); label order is this order. The 63rd, ``false_detection``, only appears in
#: the separate val-sample release and is not a class here.
FMOW_CLASSES = (
    "airport", "airport_hangar", "airport_terminal", "amusement_park", "aquaculture",
    "archaeological_site", "barn", "border_checkpoint", "burial_site", "car_dealership",
    "construction_site", "crop_field", "dam", "debris_or_rubble", "educational_institution",
    "electric_substation", "factory_or_powerplant", "fire_station", "flooded_road", "fountain",
    "gas_station", "golf_course", "ground_transportation_station", "helipad", "hospital",
    "impoverished_settlement", "interchange", "lake_or_pond", "lighthouse", "military_facility",
    "multi-unit_residential", "nuclear_powerplant", "office_building", "oil_or_gas_facility",
    "park", "parking_lot_or_garage", "place_of_worship", "police_station", "port", "prison",
    "race_track", "railway_bridge", "recreational_facility", "road_bridge", "runway",
    "shipyard", "shopping_mall", "single-unit_residential", "smokestack", "solar_farm",
    "space_facility", "stadium", "storage_tank", "surface_mine", "swimming_pool", "toll_booth",
    "tower", "tunnel_opening", "waste_disposal", "water_treatment_facility", "wind_farm", "zoo",
)

#: fMoW-Sentinel's 13 Sentinel-2 bands in the order of its GeoTIFFs (SatMAE's per-band mean and
#: std and its ``--dropped_bands 0 9 10`` = B01, B09, B10 follow this order)
FMOW_SENTINEL_BANDS = ("B01", "B02", "B03", "B04", "B05", "B06", "B07", "B08", "B8A", "B09",
                       "B10", "B11", "B12")

_FMOW_CITATION = """@inproceedings{christie2018fmow,
  title = {Functional Map of the World},
  author = {Christie, Gordon and Fendley, Neil and Wilson, James and Mukherjee, Ryan},
  booktitle = {CVPR}, year = {2018}
}
"""

SPECS: list[dict[str, Any]] = [
    {
        "name": "fmow",
        "target": "geoplug.datasets.fmow:FMoW",
        "task": "classification",
        "kind": "nongeo",
        "sensors": ("WorldView-2", "WorldView-3", "QuickBird", "GeoEye-1"),
        "bands": ("R", "G", "B"),
        "rgb_bands": ("R", "G", "B"),
        "num_classes": len(FMOW_CLASSES),
        "classes": FMOW_CLASSES,
        "splits": ("train", "val", "test", "seq"),
        "num_samples": 1047691,
        "license": "Functional Map of the World Challenge Public License",
        "homepage": "https://github.com/fMoW/dataset",
        "citation": _FMOW_CITATION,
        "download_size": "about 200 GB (fMoW-rgb), 3.5 TB (fMoW-full), from AWS S3",
        "description": (
            "fMoW: over a million satellite images of 62 functional categories (airport, "
            "zoo, ...) from over 200 countries, in temporal sequences per location, each with "
            "a JSON of metadata and bounding boxes ([x, y, width, height]). Reads fMoW-rgb's "
            "JPEGs (<image>_<T>_rgb.jpg or _msrgb.jpg) and fMoW-full's pan-sharpened "
            "<image>_<T>_rgb.tif; label is the category, bbox_xyxy the boxes. test and seq "
            "carry no category unless the ground-truth metadata was merged (label -1)."
        ),
    },
    {
        "name": "fmow_sentinel",
        "target": "geoplug.datasets.fmow:FMoWSentinel",
        "task": "classification",
        "kind": "nongeo",
        "sensors": ("Sentinel-2",),
        "bands": FMOW_SENTINEL_BANDS,
        "rgb_bands": ("B04", "B03", "B02"),
        "num_classes": len(FMOW_CLASSES),
        "classes": FMOW_CLASSES,
        "splits": ("train", "val", "test"),
        "resolution": 10.0,
        "license": "as stated on its Stanford Digital Repository page (Copernicus Sentinel data)",
        "homepage": "https://purl.stanford.edu/vg497cb6002",
        "citation": """@inproceedings{cong2022satmae,
  title = {Sat{MAE}: Pre-training Transformers for Temporal and Multi-Spectral Satellite
           Imagery},
  author = {Cong, Yezhen and Khanna, Samar and Meng, Chenlin and Liu, Patrick and Rozi, Erik
            and He, Yutong and Burke, Marshall and Lobell, David B. and Ermon, Stefano},
  booktitle = {Advances in Neural Information Processing Systems}, year = {2022}
}
""" + _FMOW_CITATION,
        "description": (
            "fMoW-Sentinel (SatMAE): Sentinel-2 13-band GeoTIFF crops at the fMoW locations, "
            "several dates per location, 62 fMoW categories; one CSV per split "
            "(category, location_id, image_id, timestamp) and images under "
            "fmow-sentinel/<split>/<category>/<category>_<location_id>/"
            "<category>_<location_id>_<image_id>.tif."
        ),
    },
]
