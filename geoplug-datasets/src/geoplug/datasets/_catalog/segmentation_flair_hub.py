"""Specs of FLAIR-HUB (IGN's multimodal French land-cover and crop benchmark) and its toy subset.

Plain data only (no torch): the folder suffix and band order of each modality, the domain-years
of the release and the two label nomenclatures are written once here and read by
:mod:`geoplug.datasets.flair_hub`.
"""

from __future__ import annotations

from typing import Any

#: modality key -> (the publisher's folder/zip suffix, its bands in on-disk order, bands per
#: date for a time series (0: a single image))
FLAIR_HUB_MODALITIES: dict[str, tuple[str, tuple[str, ...], int]] = {
    "aerial": ("AERIAL_RGBI", ("R", "G", "B", "NIR"), 0),
    "spot": ("SPOT_RGBI", ("R", "G", "B", "NIR"), 0),
    "dem": ("DEM_ELEV", ("DSM", "DTM"), 0),
    "aerial_rlt": ("AERIAL-RLT_PAN", ("PAN",), 0),
    "s2": ("SENTINEL2_TS", ("B02", "B03", "B04", "B05", "B06", "B07", "B08", "B8A", "B11",
                            "B12"), 10),
    "s2_mask": ("SENTINEL2_MSK-SC", ("snow", "cloud"), 2),
    "s1_asc": ("SENTINEL1-ASC_TS", ("VV", "VH"), 2),
    "s1_desc": ("SENTINEL1-DESC_TS", ("VV", "VH"), 2),
}
#: label source -> its folder/zip suffix (the LPIS rasters hold three nomenclature levels)
FLAIR_HUB_LABELS = {"cosia": "AERIAL_LABEL-COSIA", "lpis": "ALL_LABEL-LPIS"}
#: the year the historical (1950s) aerial folders carry instead of the domain's year
FLAIR_HUB_RLT_YEAR = "195X"

#: COSIA land-cover classes, pixel values 0-18 (dataset paper; IGNF/FLAIR-HUB nomenclature)
FLAIR_HUB_COSIA = ("building", "greenhouse", "swimming pool", "impervious surface",
                   "pervious surface", "bare soil", "water", "snow", "herbaceous vegetation",
                   "agricultural land", "plowed land", "vineyard", "deciduous", "coniferous",
                   "brushwood", "clear cut", "ligneous", "mixed", "undefined")
#: LPIS crop classes of the first nomenclature level (band 1), pixel values 0-22
FLAIR_HUB_LPIS = ("grasses", "wheat", "barley", "maize", "other cereals", "rice",
                  "flax/hemp/tobacco", "sunflower", "rapeseed", "other oilseed crops", "soy",
                  "other protein crops", "fodder legumes", "beetroots", "potatoes",
                  "other arable crops", "vineyard", "olive groves", "fruits orchards",
                  "nut orchards", "other permanent crops", "mixed crops", "background")

#: domain (French department code, merged ones joined) -> years of the release
FLAIR_HUB_DOMAINS: dict[str, tuple[str, ...]] = {
    "D004": ("2021",), "D005": ("2018",), "D006": ("2020",), "D007": ("2020",),
    "D008": ("2019",), "D009": ("2019",), "D010": ("2019",), "D011": ("2021",),
    "D012": ("2019",), "D013": ("2020",), "D014": ("2020",), "D015": ("2020",),
    "D016": ("2020",), "D017": ("2018", "2021"), "D018": ("2020",), "D020": ("2019",),
    "D021": ("2020",), "D022": ("2021",), "D023": ("2020",), "D024047": ("2021",),
    "D025039": ("2020",), "D026": ("2020",), "D029": ("2021",), "D030": ("2021",),
    "D031": ("2019",), "D032": ("2019",), "D033": ("2018", "2021"), "D034": ("2021",),
    "D035": ("2020",), "D036": ("2020",), "D037": ("2021",), "D038": ("2021",),
    "D040": ("2021",), "D041": ("2021",), "D044": ("2020", "2022"), "D045": ("2020",),
    "D046": ("2019",), "D049": ("2020",), "D051": ("2019",), "D052": ("2019",),
    "D054057": ("2018",), "D055": ("2018",), "D056": ("2019",), "D058": ("2020",),
    "D059062": ("2021",), "D060": ("2021",), "D061": ("2020",), "D063": ("2019",),
    "D064": ("2021",), "D065": ("2019",), "D066": ("2021",), "D067": ("2021",),
    "D068": ("2021",), "D069": ("2020",), "D070": ("2020",), "D071": ("2020",),
    "D072": ("2019",), "D073": ("2022",), "D074": ("2020",), "D075": ("2021",),
    "D076": ("2019",), "D077": ("2021",), "D078": ("2021",), "D080": ("2017", "2021"),
    "D081": ("2020",), "D083": ("2020",), "D084": ("2021",), "D085": ("2019",),
    "D086": ("2020",), "D091": ("2021",),
}

_CITATION = (
    "@article{garioud2025flairhub,\n  title={FLAIR-HUB: Large-scale Multimodal Dataset for "
    "Land Cover and Crop Mapping},\n  author={Garioud, Anatol and Giordano, S{\\'e}bastien "
    "and David, Nicolas and Gonthier, Nicolas},\n  journal={arXiv preprint "
    "arXiv:2506.07080},\n  year={2025},\n  doi={10.48550/arXiv.2506.07080}\n}"
)
_COMMON: dict[str, Any] = {
    "task": "segmentation",
    "kind": "nongeo",
    "sensors": ["aerial RGBI (IGN BD ORTHO)", "SPOT 6/7", "IGN DSM/DTM",
                "historical aerial (1950s)", "Sentinel-2", "Sentinel-1"],
    # aerial and SPOT share R, G, B, NIR, both Sentinel-1 orbits VV, VH: a band selection
    # applies to every chosen modality that has it
    "bands": list(dict.fromkeys(b for _, bands, _ in FLAIR_HUB_MODALITIES.values()
                                for b in bands)),
    "rgb_bands": ["R", "G", "B"],
    "num_classes": len(FLAIR_HUB_COSIA),
    "classes": list(FLAIR_HUB_COSIA),
    "splits": ["train", "val", "test"],
    "resolution": 0.2,
    "patch_size": 512,
    "license": "etalab-2.0 (Licence Ouverte 2.0)",
    "homepage": "https://huggingface.co/datasets/IGNF/FLAIR-HUB",
    "citation": _CITATION,
}

SPECS: list[dict[str, Any]] = [
    {
        **_COMMON,
        "name": "flair_hub",
        "target": "geoplug.datasets.flair_hub:FLAIRHUB",
        "num_samples": 241100,
        "download_size": "about 750 GB (one zip per domain-year and modality, "
                         "GLOBAL_ALL_MTD.zip); only the chosen modalities are fetched",
        "description": "FLAIR-HUB: 241,100 patches of 512x512 px at 0.2 m over 2,528 km2 of "
                       "74 French departments; aerial RGBI, DSM/DTM, SPOT RGBI, 1950s "
                       "panchromatic aerial, Sentinel-2 (with snow/cloud masks) and Sentinel-1 "
                       "ascending/descending time series, each as image_<modality>; mask: "
                       "COSIA land cover (19 classes) or LPIS crop types (23). Splits from "
                       "GLOBAL_ALL_MTD_SPLIT.gpkg (split_1 ... split_5, split_flairchallenge).",
    },
    {
        **_COMMON,
        "name": "flair_hub_toy",
        "target": "geoplug.datasets.flair_hub:FLAIRHUBToy",
        "download_size": "about 750 MB (FLAIR-HUB_TOY_DATASET.zip)",
        "description": "The publisher's toy subset of FLAIR-HUB (every modality, a few "
                       "domains) in one zip, FLAIR-HUB_TOY/ laid out as the full release; "
                       "splits from the split_toy column of GLOBAL_ALL_MTD_SPLIT.gpkg.",
    },
]
