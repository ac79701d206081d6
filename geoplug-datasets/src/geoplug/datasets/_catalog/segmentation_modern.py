"""Specs of today's segmentation benchmarks (issue 18; plain data: imported when listing)."""

from __future__ import annotations

from typing import Any

#: LoveDA domains, as the archive's folder names (Train/Urban, Train/Rural, ...)
LOVEDA_DOMAINS = ("Urban", "Rural")

#: DeepGlobe land cover classes and their mask colours (class_dict.csv), index = position
DEEPGLOBE_CLASSES = ("urban_land", "agriculture_land", "rangeland", "forest_land", "water",
                     "barren_land", "unknown")
DEEPGLOBE_COLOURS = ((0, 255, 255), (255, 255, 0), (255, 0, 255), (0, 255, 0), (0, 0, 255),
                     (255, 255, 255), (0, 0, 0))

#: Fields of The World countries (one archive and folder each) and the archives' md5
FTW_MD5 = {
    "austria": "35604e3e3e78b4469e443bc756e19d26", "belgium": "111a9048e15391c947bc778e576e99b4",
    "brazil": "2ba96f9f01f37ead1435406c3f2b7c63", "cambodia": "581e9b8dae9713e4d03459bcec3c0bd0",
    "corsica": "0b38846063a98a31747fdeaf1ba03980", "croatia": "dc5d33e19ae9e587c97f8f4c9852c87e",
    "denmark": "ec817210b06351668cacdbd1a8fb9471", "estonia": "b9c89e559e3c7d53a724e7f32ccf88ea",
    "finland": "23f853d6cbaea5a3596d1d38cc27fd65", "france": "f05314f148642ff72d8bea903c01802d",
    "germany": "d57a7ed203b9cf89c709aab29d687cee", "india": "361a688507e2e5cc7ca7138be01a5b80",
    "kenya": "80ca0335b25440379f99b7011dfbdfa2", "latvia": "6eeaaa57cdf18f25497f84e854a86d42",
    "lithuania": "0a2f4ab3309633e2de121d936e0763ba",
    "luxembourg": "5a8357eae364cca836b87827b3c6a3d3",
    "netherlands": "3afc61d184aab5c4fd6beaecf2b6c0a9",
    "portugal": "10485b747e1d8c082d33c73d032a7e05", "rwanda": "087ce56bbf06b32571ef27ff67bac43b",
    "slovakia": "f66a0294491086d4c49dc4a804446e50",
    "slovenia": "6fa3ae3920bcc2c890a0d74435d9d29b",
    "south_africa": "b7f1412d69922e8551cf91081401ec8d",
    "spain": "908bbf29597077c2c6954c439fe8265f", "sweden": "4b07726c421981bb2019e8900023393e",
    "vietnam": "32e1cacebcb2da656d40ab8522eb6737",
}

#: GeoNRW test cities (the publisher's split); every other city folder is training data
GEONRW_TEST_CITIES = ("duesseldorf", "herne", "neuss")

SPECS: list[dict[str, Any]] = [
    {
        "name": "loveda",
        "target": "geoplug.datasets.loveda:LoveDA",
        "task": "segmentation",
        "kind": "nongeo",
        "sensors": ["Google Earth"],
        "bands": ["R", "G", "B"],
        "rgb_bands": ["R", "G", "B"],
        "num_classes": 8,
        "classes": ["no-data", "background", "building", "road", "water", "barren", "forest",
                    "agriculture"],
        "ignore_index": 0,  # no-data, "to be ignored" (the publisher's README)
        "splits": ["train", "val", "test"],
        "resolution": 0.3,
        "patch_size": 1024,
        "num_samples": 5987,
        "license": "CC-BY-NC-SA-4.0",
        "homepage": "https://github.com/Junjue-Wang/LoveDA",
        "citation": (
            "@inproceedings{wang2021loveda,\n  title={Love{DA}: A Remote Sensing Land-Cover "
            "Dataset for Domain Adaptive Semantic Segmentation},\n  author={Wang, Junjue and "
            "Zheng, Zhuo and Ma, Ailong and Lu, Xiaoyan and Zhong, Yanfei},\n  booktitle={"
            "Proceedings of the Neural Information Processing Systems Track on Datasets and "
            "Benchmarks},\n  year={2021},\n  doi={10.5281/zenodo.5706578}\n}"
        ),
        "download_size": "three archives on Zenodo 5706578: Train.zip, Val.zip, Test.zip",
        "description": "5,987 Google Earth 1024x1024 RGB PNG tiles (0.3 m) of Nanjing, "
                       "Changzhou and Wuhan in two domains (Urban, Rural); masks keep the "
                       "publisher's codes: 0 no-data (ignore), 1 background ... 7 agriculture. "
                       "The test split ships no masks.",
    },
    {
        "name": "inria",
        "target": "geoplug.datasets.inria:InriaAerialImageLabeling",
        "task": "segmentation",
        "kind": "nongeo",
        "sensors": ["aerial orthophoto"],
        "bands": ["R", "G", "B"],
        "rgb_bands": ["R", "G", "B"],
        "num_classes": 2,
        "classes": ["not building", "building"],
        "splits": ["train", "val", "test"],
        "resolution": 0.3,
        "patch_size": 5000,
        "num_samples": 360,
        "license": "public-domain imagery and footprints; cite the paper (see homepage)",
        "homepage": "https://project.inria.fr/aerialimagelabeling/",
        "citation": (
            "@inproceedings{maggiori2017dataset,\n  title={Can Semantic Labeling Methods "
            "Generalize to Any City? The Inria Aerial Image Labeling Benchmark},\n  author={"
            "Maggiori, Emmanuel and Tarabalka, Yuliya and Charpiat, Guillaume and Alliez, "
            "Pierre},\n  booktitle={IEEE International Geoscience and Remote Sensing Symposium "
            "(IGARSS)},\n  pages={3226--3229},\n  year={2017},\n"
            "  doi={10.1109/IGARSS.2017.8127684}\n}"
        ),
        "download_size": "five 7-Zip parts (aerialimagelabeling.7z.001-.005) holding "
                         "NEW2-AerialImageDataset.zip; access on request",
        "description": "360 orthorectified RGB GeoTIFF tiles of 5000x5000 px (0.3 m): 180 "
                       "labelled tiles of Austin, Chicago, Kitsap, West Tyrol and Vienna (36 "
                       "each; the usual validation split is tiles 1-5 of each city) and 180 "
                       "unlabelled test tiles of five other places; building masks 0/255 read "
                       "as 0/1.",
    },
    {
        "name": "deepglobe_land_cover",
        "target": "geoplug.datasets.deepglobe_land_cover:DeepGlobeLandCover",
        "task": "segmentation",
        "kind": "nongeo",
        "sensors": ["WorldView-2/3 (DigitalGlobe Vivid+)"],
        "bands": ["R", "G", "B"],
        "rgb_bands": ["R", "G", "B"],
        "num_classes": 7,
        "classes": DEEPGLOBE_CLASSES,
        "ignore_index": 6,  # unknown: "not an active class used in evaluation"
        "splits": ["train", "val", "test"],
        "resolution": 0.5,
        "patch_size": 2448,
        "num_samples": 1146,
        "license": "DeepGlobe 2018 challenge terms (research use; see homepage)",
        "homepage": "https://www.kaggle.com/datasets/balraj98/"
                    "deepglobe-land-cover-classification-dataset",
        "citation": (
            "@inproceedings{demir2018deepglobe,\n  title={DeepGlobe 2018: A Challenge to Parse "
            "the Earth through Satellite Images},\n  author={Demir, Ilke and Koperski, Krzysztof "
            "and Lindenbaum, David and Pang, Guan and Huang, Jing and Basu, Saikat and Hughes, "
            "Forest and Tuia, Devis and Raskar, Ramesh},\n  booktitle={IEEE/CVF Conference on "
            "Computer Vision and Pattern Recognition Workshops (CVPRW)},\n  pages={172--181},\n"
            "  year={2018},\n  doi={10.1109/CVPRW.2018.00031}\n}"
        ),
        "download_size": "one Kaggle archive.zip (login required)",
        "description": "1,146 RGB satellite images of 2448x2448 px (0.5 m) over Thailand, "
                       "Indonesia and India: 803 train images <id>_sat.jpg with colour-coded "
                       "masks <id>_mask.png (7 classes, binarised at 128), 171 valid and 172 "
                       "test images without public masks.",
    },
    {
        "name": "dfc2022",
        "target": "geoplug.datasets.dfc2022:DFC2022",
        "task": "segmentation",
        "kind": "nongeo",
        "sensors": ["aerial orthophoto (IGN BD ORTHO)", "DEM (IGN RGE ALTI)"],
        "bands": ["R", "G", "B", "DEM"],
        "rgb_bands": ["R", "G", "B"],
        "num_classes": 16,
        "ignore_index": 0,  # no information: not scored by the contest
        "classes": ["No information", "Urban fabric",
                    "Industrial, commercial, public, military, private and transport units",
                    "Mine, dump and construction sites",
                    "Artificial non-agricultural vegetated areas", "Arable land (annual crops)",
                    "Permanent crops", "Pastures", "Complex and mixed cultivation patterns",
                    "Orchards at the fringe of urban classes", "Forests",
                    "Herbaceous vegetation associations",
                    "Open spaces with little or no vegetation", "Wetlands", "Water",
                    "Clouds and Shadows"],
        "splits": ["train", "unlabeled_train", "val"],
        "resolution": 0.5,
        "patch_size": 2000,
        "license": "Etalab Open Licence 2.0 (IGN) and Copernicus Urban Atlas terms; contest "
                   "data via IEEE DataPort (see homepage)",
        "homepage": "https://ieee-dataport.org/competitions/data-fusion-contest-2022-dfc2022",
        "citation": (
            "@article{castillonavarro2022minifrance,\n  title={Semi-Supervised Semantic "
            "Segmentation in Earth Observation: The MiniFrance Suite, Dataset Analysis and "
            "Multi-task Network Study},\n  author={Castillo-Navarro, Javiera and Le Saux, "
            "Bertrand and Boulch, Alexandre and Audebert, Nicolas and Lef{\\`e}vre, "
            "S{\\'e}bastien},\n  journal={Machine Learning},\n  volume={111},\n"
            "  pages={3125--3160},\n  year={2022},\n  doi={10.1007/s10994-020-05943-y}\n}"
        ),
        "download_size": "labeled_train.zip, unlabeled_train.zip and val.zip (IEEE DataPort "
                         "login required)",
        "description": "IEEE GRSS DFC 2022 (MiniFrance): 0.5 m BD ORTHO RGB tiles (about "
                       "2000x2000 px, Lambert-93) of 19 French urban areas with 1 m RGE ALTI "
                       "DEMs (resampled onto the image grid as band DEM) and UrbanAtlas 2012 "
                       "masks (16 classes) for the labelled training tiles.",
    },
    {
        "name": "ftw",
        "target": "geoplug.datasets.ftw:FieldsOfTheWorld",
        "task": "segmentation",
        "kind": "nongeo",
        "sensors": ["Sentinel-2"],
        "bands": ["B04", "B03", "B02", "B08"],
        "rgb_bands": ["B04", "B03", "B02"],
        "num_classes": 3,
        "classes": ["background", "field", "field boundary"],
        "splits": ["train", "val", "test"],
        "resolution": 10.0,
        "patch_size": 256,
        "num_samples": 70462,
        "license": "CC-BY-4.0 for most countries; some countries' labels carry other open "
                   "licences (see homepage)",
        "homepage": "https://source.coop/kerner-lab/fields-of-the-world",
        "citation": (
            "@inproceedings{kerner2025fields,\n  title={Fields of The World: A Machine Learning "
            "Benchmark Dataset for Global Agricultural Field Boundary Segmentation},\n"
            "  author={Kerner, Hannah and Chaudhari, Snehal and Ghosh, Aninda and Robinson, "
            "Caleb and Ahmad, Adeel and Choi, Eddie and Jacobs, Nathan and Holmes, Chris and "
            "Mohr, Matthias and Dodhia, Rahul and Lavista Ferres, Juan M. and Marcus, "
            "Jennifer},\n  booktitle={Proceedings of the AAAI Conference on Artificial "
            "Intelligence},\n  year={2025},\n  doi={10.48550/arXiv.2409.16252}\n}"
        ),
        "download_size": "one <country>.zip per country (25) on Source Cooperative",
        "description": "70,462 Sentinel-2 L2A chips of 256x256 px (10 m) in 25 countries, each "
                       "in two windows of the growing season (window_a, window_b; bands R, G, "
                       "B, NIR) with 2-class (field) and 3-class (field, boundary) masks and "
                       "instance masks; splits from chips_<country>.parquet. Presence-only "
                       "countries mark unlabelled pixels with 3.",
    },
    {
        "name": "geonrw",
        "target": "geoplug.datasets.geonrw:GeoNRW",
        "task": "segmentation",
        "kind": "nongeo",
        "sensors": ["aerial orthophoto", "DEM (lidar)"],
        "bands": ["R", "G", "B", "DEM"],
        "rgb_bands": ["R", "G", "B"],
        "num_classes": 11,
        "classes": ["background", "forest", "water", "agricultural",
                    "residential,commercial,industrial", "grassland,swamp,shrubbery",
                    "railway,trainstation", "highway,squares", "airport,shipyard", "roads",
                    "buildings"],
        "splits": ["train", "test"],
        "resolution": 1.0,
        "patch_size": 1000,
        "num_samples": 7783,
        "license": "Open.NRW geodata licence (see homepage)",
        "homepage": "https://ieee-dataport.org/open-access/geonrw",
        "citation": (
            "@article{baier2021geonrw,\n  title={Synthesizing Optical and SAR Imagery From Land "
            "Cover Maps and Auxiliary Raster Data},\n  author={Baier, Gerald and Deschemps, "
            "Antonin and Schmitt, Michael and Yokoya, Naoto},\n  journal={IEEE Transactions on "
            "Geoscience and Remote Sensing},\n  volume={60},\n  pages={1--12},\n"
            "  year={2022},\n  doi={10.1109/TGRS.2021.3068532}\n}"
        ),
        "download_size": "one archive, nrw_dataset.tar.gz",
        "description": "7,783 tiles of 1000x1000 px (1 m) from Open.NRW, North Rhine-Westphalia: "
                       "RGB orthophoto (<E>_<N>_rgb.jp2), lidar DEM (_dem.tif, appended as band "
                       "DEM) and 10-class land cover from ATKIS/ALKIS (_seg.tif, 0 background), "
                       "one folder per city; Duesseldorf, Herne and Neuss are the test split.",
    },
]
