"""Spec of the Rwanda Field Boundary competition (plain data: imported when listing)."""

from __future__ import annotations

from typing import Any

#: the six monthly NICFI basemaps of 2021, as the release names their folders
RWANDA_DATES = ("2021_03", "2021_04", "2021_08", "2021_10", "2021_11", "2021_12")
#: chips per split (ids 00 .. n-1); test chips have no labels
RWANDA_CHIPS = {"train": 57, "test": 13}
#: the former Radiant MLHub archives (collection ids) and their md5
RWANDA_MD5 = {
    "nasa_rwanda_field_boundary_competition_source_train": "1f9ec08038218e67e11f82a86849b333",
    "nasa_rwanda_field_boundary_competition_source_test": "17bb0e56eedde2e7a43c57aa908dc125",
    "nasa_rwanda_field_boundary_competition_labels_train": "10e4eb761523c57b6d3bdf9394004f5f",
}

SPECS: list[dict[str, Any]] = [
    {
        "name": "rwanda_field_boundary",
        "target": "geoplug.datasets.rwanda_field_boundary:RwandaFieldBoundary",
        "aliases": ("nasa_rwanda_field_boundary_competition",),
        "task": "segmentation",
        "kind": "nongeo",
        "sensors": ("PlanetScope (NICFI monthly basemap)",),
        "bands": ("B01", "B02", "B03", "B04"),
        "rgb_bands": ("B03", "B02", "B01"),
        "num_classes": 2,
        "classes": ("no field boundary", "field boundary"),
        "splits": ("train", "test"),
        "resolution": 4.77,
        "patch_size": 256,
        "num_samples": 70,
        "license": "CC-BY-4.0 (labels); imagery under Planet's NICFI participant licence",
        "homepage": "https://source.coop/nasa/rwanda-field-boundary-competition",
        "citation": (
            "@misc{nasaharvest2022rwanda,\n  title={NASA Harvest Rwanda Field Boundary "
            "Detection Dataset},\n  author={{NASA Harvest} and {TaQadam}},\n"
            "  publisher={Radiant MLHub},\n  year={2022},\n  doi={10.34911/RDNT.G580WW}\n}"
        ),
        "download_size": "about 1,700 small GeoTIFFs (source/<split>/<month>/<id>_<band>.tif, "
                         "labels/train/<id>.tif)",
        "description": "Field boundaries of smallholder farms in Gatsibo and Nyagatare "
                       "(Eastern Province, Rwanda), annotated by TaQadam for NASA Harvest on "
                       "Planet NICFI basemaps: 70 chips of 256x256 px (57 train with labels, "
                       "13 test without), 4 bands (B01-B04: blue, green, red, NIR) for six "
                       "months of 2021 (Mar, Apr, Aug, Oct, Nov, Dec). Samples stack the "
                       "chosen months' bands as channels, month by month.",
    },
]
