"""Spec of MDAS, the multimodal Augsburg data set (plain data: imported when listing).

Facts from the publisher: Hu et al., ESSD 15, 113, 2023
(essd.copernicus.org/articles/15/113/2023); the authors' repository
github.com/zhu-xlab/augsburg_Multimodal_Data_Set_MDaS (``Augsburg_data_4_publication/README``:
the products and the sub-area folders; ``.../entire_city/OSM_label/README``: the OSM label
codes); TorchGeo's ``MDAS`` (its Hugging Face mirror ``torchgeo/mdas`` of
``Augsburg_data_4_publication.zip`` with md5, the ``<product>_sub_area<n>.tif`` names, band
counts, dtypes and shapes).
"""

from __future__ import annotations

from typing import Any

#: modality -> (the product's file-name stem, its band names in file order). HySpex and EnMAP
#: bands are numbered (their wavelengths are in the release's band_368/band_242 .hdr files);
#: the Sentinel-2 L2A product has 12 bands (no B10); the EeteS Sentinel-2 simulation has the
#: four 10 m bands.
MDAS_MODALITIES: dict[str, tuple[str, tuple[str, ...]]] = {
    "hyspex": ("HySpex", tuple(f"HySpex_{i:03d}" for i in range(1, 369))),
    "rgb_3k": ("3K_RGB", ("R", "G", "B", "alpha")),
    "dsm_3k": ("3K_DSM", ("DSM",)),
    "enmap_10m": ("EeteS_EnMAP_10m", tuple(f"EnMAP_{i:03d}" for i in range(1, 243))),
    "enmap_30m": ("EeteS_EnMAP_30m", tuple(f"EnMAP_{i:03d}" for i in range(1, 243))),
    "s2": ("Sentinel_2", ("B01", "B02", "B03", "B04", "B05", "B06", "B07", "B08", "B8A", "B09",
                          "B11", "B12")),
    "eetes_s2_10m": ("EeteS_Sentinel_2_10m", ("B02", "B03", "B04", "B08")),
    "s1": ("Sentinel_1", ("VV", "VH")),
}
#: label argument -> (file-name stem, OSM code of each class, class names); negative codes
#: (the release's -2147483647) are "no label"
MDAS_LABELS: dict[str, tuple[str, tuple[int, ...], tuple[str, ...]]] = {
    "landuse": ("osm_landuse",
                (-1, 7201, 7202, 7203, 7204, 7205, 7206, 7207, 7208, 7209, 7210, 7211, 7212,
                 7213, 7214, 7215, 7217, 7218, 7219),
                ("no label", "forest", "park", "residential", "industrial", "farm", "cemetery",
                 "allotments", "meadow", "commercial", "nature reserve", "recreation ground",
                 "retail", "military", "quarry", "orchard", "scrub", "grass", "heath")),
    "buildings": ("osm_buildings", (0, 1), ("non-building", "building")),
    "water": ("osm_water", (-1, 8200, 8201, 8202, 8221),
              ("no label", "water", "reservoir", "river", "wetland")),
}
MDAS_SUBAREAS = ("sub_area_1", "sub_area_2", "sub_area_3")
MDAS_DIR = "Augsburg_data_4_publication"


def _all_bands() -> tuple[str, ...]:
    """Every band once, in file order (the simulated Sentinel-2 bands follow the real ones)."""
    seen: dict[str, None] = {}
    for _, names in MDAS_MODALITIES.values():
        seen.update(dict.fromkeys(names))
    return tuple(seen)


SPECS: list[dict[str, Any]] = [
    {
        "name": "mdas",
        "aliases": ("mdas_augsburg",),
        "target": "geoplug.datasets.mdas:MDAS",
        "task": "segmentation",
        "kind": "nongeo",
        "sensors": ("HySpex", "EnMAP (EeteS simulation)", "Sentinel-2", "Sentinel-1",
                    "DLR 3K camera"),
        "bands": _all_bands(),
        "rgb_bands": ("B04", "B03", "B02"),
        "num_classes": len(MDAS_LABELS["landuse"][2]),
        "classes": MDAS_LABELS["landuse"][2],
        "ignore_index": 0,
        "splits": ("train",),
        "resolution": 2.2,
        "num_samples": len(MDAS_SUBAREAS),
        "license": "not stated in the sources consulted (see the release's record)",
        "homepage": "https://github.com/zhu-xlab/augsburg_Multimodal_Data_Set_MDaS",
        "citation": (
            "@article{hu2023mdas,\n  title={MDAS: a new multimodal benchmark dataset for "
            "remote sensing},\n  author={Hu, Jingliang and Liu, Rong and Hong, Danfeng and "
            "Camero, Andr{\\'e}s and Yao, Jing and Schneider, Mathias and Kurz, Franz and "
            "Segl, Karl and Zhu, Xiao Xiang},\n  journal={Earth System Science Data},\n"
            "  volume={15},\n  number={1},\n  pages={113},\n  year={2023},\n"
            "  doi={10.5194/essd-15-113-2023}\n}"),
        "download_size": "one zip, Augsburg_data_4_publication.zip (TorchGeo's Hugging Face "
                         "mirror torchgeo/mdas: the three sub-areas)",
        "description": "Augsburg, 7 May 2018: per sub-area (Augsburg_data_4_publication/"
                       "sub_area_<n>/<product>_sub_area<n>.tif) the 3K camera RGB and DSM, "
                       "HySpex (368 bands, 2.2 m), EeteS-simulated EnMAP (242 bands, 10 and "
                       "30 m) and Sentinel-2 (4 bands, 10 m), Sentinel-2 L2A (12 bands) and "
                       "Sentinel-1 GRD, with OSM labels on the 2.2 m grid (label='landuse': "
                       "18 classes + no label 0, ignored; 'buildings'; 'water'). One sample "
                       "per sub-area: image_<modality> at each product's own grid (the 3K "
                       "products only when asked for: 15000x18000 px), mask.",
    },
]
