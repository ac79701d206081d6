"""Specs of the pretraining corpora (issue 19): large unlabeled chip collections.

Plain data only (no torch): imported whenever the registry is listed. Facts that vary with a
constructor argument (the product of SSL4EO-S12 and SSL4EO-L) are named constants here.
"""

from __future__ import annotations

from typing import Any

from geoplug.datasets._catalog import band_sets
from geoplug.datasets._catalog.generic import CDL_CLASSES

__all__ = ["HYSPECNET_BANDS", "HYSPECNET_DROPPED", "MMEARTH_MODALITIES", "SATLAS_PRODUCTS",
           "SEASONET_CLASSES", "SEASONET_FILES", "SPECS", "SSL4EO_L_BANDS", "SSL4EO_L_RGB",
           "SSL4EO_L_SENSORS",
           "SSL4EO_S12_BANDS"]

_S2_L1C = ("B1", "B2", "B3", "B4", "B5", "B6", "B7", "B8", "B8A", "B9", "B10", "B11", "B12")
_S2_L2A = tuple(b for b in _S2_L1C if b != "B10")

#: SSL4EO-S12 product folder -> its band files, in the dataset's order
SSL4EO_S12_BANDS: dict[str, tuple[str, ...]] = {
    "s1": ("VV", "VH"),
    "s2c": _S2_L1C,
    "s2a": _S2_L2A,
}

#: SSL4EO-L product -> the bands of its all_bands.tif, in file order (GEE band names)
SSL4EO_L_BANDS: dict[str, tuple[str, ...]] = {
    "tm_toa": ("B1", "B2", "B3", "B4", "B5", "B6", "B7"),
    "etm_toa": ("B1", "B2", "B3", "B4", "B5", "B6_VCID_1", "B6_VCID_2", "B7", "B8"),
    "etm_sr": ("SR_B1", "SR_B2", "SR_B3", "SR_B4", "SR_B5", "SR_B7"),
    "oli_tirs_toa": ("B1", "B2", "B3", "B4", "B5", "B6", "B7", "B8", "B9", "B10", "B11"),
    "oli_sr": ("SR_B1", "SR_B2", "SR_B3", "SR_B4", "SR_B5", "SR_B6", "SR_B7"),
}

#: SSL4EO-L product -> its true-colour bands
SSL4EO_L_RGB: dict[str, tuple[str, ...]] = {
    "tm_toa": ("B3", "B2", "B1"),
    "etm_toa": ("B3", "B2", "B1"),
    "etm_sr": ("SR_B3", "SR_B2", "SR_B1"),
    "oli_tirs_toa": ("B4", "B3", "B2"),
    "oli_sr": ("SR_B4", "SR_B3", "SR_B2"),
}
_OLI = ("Landsat 8 OLI/TIRS", "Landsat 9 OLI-2/TIRS-2")
#: SSL4EO-L product -> the sensors that took it (the wavelengths of its bands)
SSL4EO_L_SENSORS: dict[str, tuple[str, ...]] = {
    "tm_toa": ("Landsat 5 TM",),
    "etm_toa": ("Landsat 7 ETM+",),
    "etm_sr": ("Landsat 7 ETM+",),
    "oli_tirs_toa": _OLI,
    "oli_sr": _OLI,
}

#: SeasoNet's band files (name suffix) and the Sentinel-2 bands each holds, in file order
SEASONET_FILES: dict[str, tuple[str, ...]] = {
    "10m_RGB": ("B4", "B3", "B2"),
    "10m_IR": ("B8",),
    "20m": ("B5", "B6", "B7", "B8A", "B11", "B12"),
    "60m": ("B1", "B9"),
}
#: SeasoNet's classes (LBM-DE2018 / CLC 2018 level 3 present in Germany), label codes 1..33
SEASONET_CLASSES = (
    "Continuous urban fabric", "Discontinuous urban fabric", "Industrial or commercial units",
    "Road and rail networks and associated land", "Port areas", "Airports",
    "Mineral extraction sites", "Dump sites", "Construction sites", "Green urban areas",
    "Sport and leisure facilities", "Non-irrigated arable land", "Vineyards",
    "Fruit trees and berry plantations", "Pastures", "Broad-leaved forest",
    "Coniferous forest", "Mixed forest", "Natural grasslands", "Moors and heathland",
    "Transitional woodland/shrub", "Beaches, dunes, sands", "Bare rock",
    "Sparsely vegetated areas", "Inland marshes", "Peat bogs", "Salt marshes",
    "Intertidal flats", "Water courses", "Water bodies", "Coastal lagoons", "Estuaries",
    "Sea and ocean",
)

#: HySpecNet-11k keeps 202 of EnMAP's 224 bands: B127-B141 and B161-B167 (water vapour
#: absorption, all-zero) are dropped (hyspecnet-tools, tif_to_npy)
HYSPECNET_DROPPED = (*range(127, 142), *range(161, 168))
HYSPECNET_BANDS = tuple(f"B{i}" for i in range(1, 225) if i not in HYSPECNET_DROPPED)

#: MMEarth's pixel modalities -> their bands in the HDF5 arrays' order (names made unique
#: across modalities: Sentinel-1 orbit as a suffix, ASTER's b1 is the elevation)
MMEARTH_MODALITIES: dict[str, tuple[str, ...]] = {
    "sentinel2": ("B1", "B2", "B3", "B4", "B5", "B6", "B7", "B8A", "B8", "B9", "B10", "B11",
                  "B12"),
    "sentinel1": ("VV_asc", "VH_asc", "HH_asc", "HV_asc", "VV_desc", "VH_desc", "HH_desc",
                  "HV_desc"),
    "aster": ("elevation", "slope"),
    "canopy_height_eth": ("canopy_height", "canopy_height_std"),
}

#: SatlasPretrain image products -> (band, PNG folder, channel) in the dataset's band order
SATLAS_PRODUCTS: dict[str, tuple[tuple[str, str, int], ...]] = {
    "sentinel2": (("B4", "tci", 0), ("B3", "tci", 1), ("B2", "tci", 2), ("B5", "b05", 0),
                  ("B6", "b06", 0), ("B7", "b07", 0), ("B8", "b08", 0), ("B11", "b11", 0),
                  ("B12", "b12", 0)),
    "naip": (("R", "tci", 0), ("G", "tci", 1), ("B", "tci", 2), ("NIR", "ir", 0)),
    "sentinel1": (("VH", "vh", 0), ("VV", "vv", 0)),
    # Landsat 8/9 OLI/TIRS (2022, satlas-dataset-v1-landsat.tar): folders b1 ... b11
    "landsat": tuple((f"B{i}", f"b{i}", 0) for i in range(1, 12)),
}

_SSL4EO_S12_CITATION = (
    "@article{wang2023ssl4eo,\n  title={SSL4EO-S12: A large-scale multimodal, multitemporal "
    "dataset for self-supervised learning in Earth observation},\n  author={Wang, Yi and "
    "Braham, Nassim Ait Ali and Xiong, Zhitong and Liu, Chenying and Albrecht, Conrad M and "
    "Zhu, Xiao Xiang},\n  journal={IEEE Geoscience and Remote Sensing Magazine},\n  "
    "volume={11},\n  number={3},\n  pages={98--106},\n  year={2023}\n}"
)
_SSL4EO_L_CITATION = (
    "@inproceedings{stewart2023ssl4eo,\n  title={SSL4EO-L: Datasets and Foundation Models "
    "for Landsat Imagery},\n  author={Stewart, Adam J and Lehmann, Nils and Corley, Isaac A "
    "and Wang, Yi and Chang, Yi-Chia and Braham, Nassim Ait Ali and Sehgal, Shradha and "
    "Robinson, Caleb and Banerjee, Arindam},\n  booktitle={NeurIPS Datasets and "
    "Benchmarks},\n  year={2023}\n}"
)

SPECS: list[dict[str, Any]] = [
    {
        "name": "ssl4eo_s12",
        "target": "geoplug.datasets.ssl4eo_s12:SSL4EOS12",
        "task": "self_supervised",
        "kind": "nongeo",
        "sensors": ("Sentinel-1", "Sentinel-2"),
        "bands": _S2_L1C,
        "rgb_bands": ("B4", "B3", "B2"),
        "band_sets": band_sets(
            "product", SSL4EO_S12_BANDS,
            rgb={"s2c": ("B4", "B3", "B2"), "s2a": ("B4", "B3", "B2")},
            sensors={"s1": ("Sentinel-1",), "s2c": ("Sentinel-2",), "s2a": ("Sentinel-2",)}),
        "splits": ("train",),
        "resolution": 10.0,
        "patch_size": 264,
        "num_samples": 251079,
        "license": "CC-BY-4.0",
        "homepage": "https://github.com/zhu-xlab/SSL4EO-S12",
        "citation": _SSL4EO_S12_CITATION,
        "download_size": "about 1.5 TB (s1.tar.gz, s2_l1c.tar.gz, s2_l2a.tar.gz, ~500 GB each)",
        "description": "SSL4EO-S12: 251,079 locations x 4 seasons of Sentinel-1 GRD (VV, VH), "
                       "Sentinel-2 L1C (13 bands) and L2A (12 bands), 264 x 264 px at 10 m; "
                       "folders <product>/<location>/<acquisition>/<band>.tif. The bands are "
                       "the L1C product's; product='s1'/'s2a' select the others.",
    },
    {
        "name": "ssl4eo_l",
        "target": "geoplug.datasets.ssl4eo_l:SSL4EOL",
        "task": "self_supervised",
        "kind": "nongeo",
        "sensors": ("Landsat 5 TM", "Landsat 7 ETM+", "Landsat 8 OLI/TIRS",
                    "Landsat 9 OLI-2/TIRS-2"),
        "bands": SSL4EO_L_BANDS["oli_sr"],
        "rgb_bands": SSL4EO_L_RGB["oli_sr"],
        "band_sets": band_sets("product", SSL4EO_L_BANDS, SSL4EO_L_RGB, SSL4EO_L_SENSORS),
        "splits": ("train",),
        "resolution": 30.0,
        "patch_size": 264,
        "num_samples": 250000,
        "license": "CC0-1.0",
        "homepage": "https://huggingface.co/datasets/torchgeo/ssl4eo_l",
        "citation": _SSL4EO_L_CITATION,
        "download_size": "300-400 GB per product (ssl4eo_l_<product>.tar.gz in 7-9 parts)",
        "description": "SSL4EO-L: 250,000 locations x 4 seasons of Landsat, one uint8 "
                       "all_bands.tif of 264 x 264 px at 30 m per acquisition, in five "
                       "products: tm_toa (7 bands), etm_toa (9), etm_sr (6), oli_tirs_toa "
                       "(11), oli_sr (7). The bands are oli_sr's; product= selects another.",
    },
    {
        "name": "ssl4eo_l_benchmark",
        "target": "geoplug.datasets.ssl4eo_l_benchmark:SSL4EOLBenchmark",
        "task": "segmentation",
        "kind": "nongeo",
        "sensors": ("Landsat 5 TM", "Landsat 7 ETM+", "Landsat 8 OLI/TIRS",
                    "Landsat 9 OLI-2/TIRS-2"),
        "bands": SSL4EO_L_BANDS["oli_sr"],
        "rgb_bands": SSL4EO_L_RGB["oli_sr"],
        "band_sets": band_sets("sensor", SSL4EO_L_BANDS, SSL4EO_L_RGB, SSL4EO_L_SENSORS),
        "classes": tuple(CDL_CLASSES.values()),
        "num_classes": len(CDL_CLASSES),
        "splits": ("train", "val", "test"),
        "resolution": 30.0,
        "patch_size": 264,
        "num_samples": 25000,
        "license": "CC0-1.0",
        "homepage": "https://huggingface.co/datasets/torchgeo/ssl4eo-l-benchmark",
        "citation": _SSL4EO_L_CITATION,
        "download_size": "about 1-2 GB per sensor (images) plus the CDL/NLCD mask tarballs",
        "description": "SSL4EO-L benchmark: 25,000 CONUS Landsat patches per sensor product "
                       "(ssl4eo_l_<sensor>_benchmark/<location>/<scene>/all_bands.tif, uint8, "
                       "264 x 264 px at 30 m) with CDL or NLCD masks of the same grid "
                       "(ssl4eo_l_<tm|etm|oli>_<cdl|nlcd>/.../<product>_<year>.tif); classes "
                       "are CDL's 134 codes by default (product='nlcd': NLCD's 17), mapped to "
                       "0..n-1; a 70/15/15 seeded random split.",
    },
    {
        "name": "seasonet",
        "target": "geoplug.datasets.seasonet:SeasoNet",
        "task": "segmentation",
        "kind": "nongeo",
        "sensors": ("Sentinel-2",),
        "bands": tuple(b for bands in SEASONET_FILES.values() for b in bands),
        "rgb_bands": ("B4", "B3", "B2"),
        "classes": SEASONET_CLASSES,
        "num_classes": len(SEASONET_CLASSES),
        "ignore_index": 255,  # a code of no class (unlabelled)
        "splits": ("train", "val", "test"),
        "resolution": 10.0,
        "patch_size": 120,
        "num_samples": 1759830,
        "license": "CC-BY-4.0",
        "homepage": "https://zenodo.org/records/5850307",
        "citation": (
            "@inproceedings{kossmann2022seasonet,\n  title={SeasoNet: A Seasonal Scene "
            "Classification, Segmentation and Retrieval Dataset for Satellite Imagery over "
            "Germany},\n  author={Ko{\\ss}mann, Dominik and Brack, Viktor and Wilhelm, "
            "Thorsten},\n  booktitle={IGARSS},\n  pages={243--246},\n  year={2022},\n  "
            "doi={10.1109/IGARSS46834.2022.9884079}\n}"),
        "download_size": "about 450 GB (spring/summer/fall/winter/snow.zip, splits.zip, "
                         "meta.csv)",
        "description": "SeasoNet: 1,759,830 Sentinel-2 L2A patches of 519,547 locations in "
                       "Germany, per season (and a snowy set) and two half-shifted grids, with "
                       "LBM-DE2018 land-cover masks (33 CLC classes); "
                       "<season>/grid<g>/<patch>/<patch>_{10m_RGB,10m_IR,20m,60m,labels}.tif "
                       "indexed by meta.csv and splits/<split>.csv.",
    },
    {
        "name": "hyspecnet",
        "target": "geoplug.datasets.hyspecnet:HySpecNet11k",
        "task": "self_supervised",
        "kind": "nongeo",
        "sensors": ("EnMAP HSI",),
        "bands": HYSPECNET_BANDS,
        "rgb_bands": ("B48", "B30", "B16"),
        "splits": ("train", "val", "test"),
        "resolution": 30.0,
        "patch_size": 128,
        "num_samples": 11483,
        "license": "CC0-1.0",
        "homepage": "https://hyspecnet.rsim.berlin/",
        "citation": (
            "@inproceedings{fuchs2023hyspecnet,\n  title={HySpecNet-11k: A Large-Scale "
            "Hyperspectral Dataset for Benchmarking Learning-Based Hyperspectral Image "
            "Compression Methods},\n  author={Fuchs, Martin Hermann Paul and Demir, "
            "Beg{\\\"u}m},\n  booktitle={IGARSS},\n  pages={1779--1782},\n  year={2023}\n}"),
        "download_size": "about 67 GB (hyspecnet-11k-01..10.tar.gz, hyspecnet-11k-splits.tar.gz)",
        "description": "HySpecNet-11k: 11,483 EnMAP L2A patches of 128 x 128 px at 30 m from "
                       "250 tiles, <tile>/<patch>/<patch>-SPECTRAL_IMAGE.TIF (224 int16 "
                       "bands, 202 kept); easy (patch-wise) and hard (tile-wise) 70/20/10 "
                       "splits in splits/<easy|hard>/<split>.csv. Wavelengths: sensor "
                       "'EnMAP HSI'.",
    },
    {
        "name": "mmearth",
        "target": "geoplug.datasets.mmearth:MMEarth",
        "task": "self_supervised",
        "kind": "nongeo",
        "sensors": ("Sentinel-2", "Sentinel-1", "ASTER GDEM", "ERA5", "ESA WorldCover",
                    "Dynamic World", "ETH Global Canopy Height"),
        "bands": tuple(b for bands in MMEARTH_MODALITIES.values() for b in bands),
        "rgb_bands": ("B4", "B3", "B2"),
        "splits": ("train", "val", "test"),
        "resolution": 10.0,
        "patch_size": 128,
        "num_samples": 1200000,
        "license": "CC-BY-4.0",
        "homepage": "https://vishalned.github.io/mmearth/",
        "citation": (
            "@inproceedings{nedungadi2024mmearth,\n  title={MMEarth: Exploring Multi-Modal "
            "Pretext Tasks For Geospatial Representation Learning},\n  author={Nedungadi, "
            "Vishal and Kariryaa, Ankit and Oehmcke, Stefan and Belongie, Serge and Igel, "
            "Christian and Lang, Nico},\n  booktitle={ECCV},\n  year={2024}\n}"),
        "download_size": "48 GB (100k), 579 GB (1M), 162 GB (1M at 64 px)",
        "description": "MMEarth: 1.2M (or 100k) global tiles of 12 aligned modalities in one "
                       "HDF5 file per variant (data_<variant>/data_<variant>.h5) with "
                       "per-modality band statistics, splits and tile-info JSON files; "
                       "Sentinel-2, Sentinel-1 (both orbits), ASTER DEM, canopy height as "
                       "image_<modality>, ESA WorldCover and Dynamic World masks, ERA5 "
                       "climate, biome and ecoregion per tile.",
    },
    {
        "name": "satlas_pretrain",
        "target": "geoplug.datasets.satlas_pretrain:SatlasPretrain",
        "task": "self_supervised",
        "kind": "nongeo",
        "sensors": ("Sentinel-2", "NAIP", "Sentinel-1", "Landsat 8 OLI/TIRS",
                    "Landsat 9 OLI-2/TIRS-2"),
        # Landsat 8/9 shares B2 ... B8, B11 with Sentinel-2 by name: a selection applies to both
        "bands": tuple(dict.fromkeys(b for bands in SATLAS_PRODUCTS.values() for b, _, _ in bands)),
        "rgb_bands": ("B4", "B3", "B2"),
        "splits": ("train_lowres", "test_lowres", "train_highres", "test_highres"),
        "resolution": 10.0,
        "patch_size": 512,
        "license": "ODC-BY-1.0 (new labels); imagery and other labels under their sources' "
                   "licences (Copernicus, USGS public domain, ODbL, CC-BY-4.0)",
        "homepage": "https://satlas-pretrain.allen.ai/",
        "citation": (
            "@inproceedings{bastani2023satlaspretrain,\n  title={SatlasPretrain: A "
            "Large-Scale Dataset for Remote Sensing Image Understanding},\n  author={Bastani, "
            "Favyen and Wolters, Piper and Gupta, Ritwik and Ferdinando, Joe and Kembhavi, "
            "Aniruddha},\n  booktitle={ICCV},\n  pages={16772--16782},\n  year={2023}\n}"),
        "download_size": "about 30 TB in all (Sentinel-2 a/b tars, 10 NAIP tars by year, "
                         "Sentinel-1, Landsat, labels, metadata)",
        "description": "SatlasPretrain: Web-Mercator zoom-13 tiles (512 x 512 px PNGs) of "
                       "Sentinel-2 (tci + b05..b12), Sentinel-1 and Landsat 8/9 (b1..b11) for "
                       "the low-resolution splits and NAIP (tci + ir, zoom 17) for the "
                       "high-resolution ones, <product>/<image>/<band>/<col>_<row>.png, split "
                       "lists metadata/<split>.json, the usable images metadata/good_images_"
                       "<lowres|highres>_all.json and static label PNGs static/<col>_<row>/.",
    },
]
