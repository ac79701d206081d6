"""Spec of Solar Plants Brazil, photovoltaic plant segmentation (plain data: imported when
listing).

Facts from TorchGeo's ``SolarPlantsBrazil`` and its test-data generator (the Hugging Face
dataset FederCO23/solar-plants-brazil at a pinned revision, ``solarplantsbrazil.zip`` and its
md5, the ``<split>/input/img(<n>).tif`` / ``<split>/labels/target(<n>).tif`` layout, 272
four-band float32 256x256 GeoTIFFs) and the authors' code repository
github.com/FederCO23/UCSD_MLBootcamp_Capstone.
"""

from __future__ import annotations

from typing import Any

SPECS: list[dict[str, Any]] = [
    {
        "name": "solar_plants_brazil",
        "target": "geoplug.datasets.solar_plants_brazil:SolarPlantsBrazil",
        "task": "segmentation",
        "kind": "nongeo",
        "sensors": ("Sentinel-2",),
        "bands": ("B04", "B03", "B02", "B08"),
        "rgb_bands": ("B04", "B03", "B02"),
        "num_classes": 2,
        "classes": ("background", "solar panel"),
        "splits": ("train", "val", "test"),
        "resolution": 10.0,
        "patch_size": 256,
        "num_samples": 272,
        "license": "not stated in the sources consulted (see the Hugging Face dataset card)",
        "homepage": "https://huggingface.co/datasets/FederCO23/solar-plants-brazil",
        "citation": (
            "@misc{solarplantsbrazil,\n  title={Solar Plants Brazil},\n"
            "  author={FederCO23},\n"
            "  howpublished={\\url{https://huggingface.co/datasets/FederCO23/"
            "solar-plants-brazil}},\n  note={code: https://github.com/FederCO23/"
            "UCSD_MLBootcamp_Capstone}\n}"),
        "download_size": "one zip, solarplantsbrazil.zip (about 360 MB)",
        "description": "Sentinel-2 chips (red, green, blue, near infrared; float32 GeoTIFF, "
                       "256x256) over photovoltaic power plants in Brazil with binary masks "
                       "(1 is panel; soil annotations > 1 are background): "
                       "{train,val,test}/input/img(<n>).tif paired with "
                       "{train,val,test}/labels/target(<n>).tif by the number n.",
    },
]
