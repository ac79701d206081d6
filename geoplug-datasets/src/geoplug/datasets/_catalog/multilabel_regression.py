"""Specs of BigEarthNet, So2Sat LCZ42, COWC (counting, detection) and Tropical Cyclone.

Plain data only: this module is imported whenever the registry is listed.
"""

from __future__ import annotations

from typing import Any

#: CORINE Land Cover classes of BigEarthNet: the original 43, and the 19-class nomenclature
#: of Sumbul et al. (2021) (the spec's classes; num_classes=43 picks the original ones)
BIGEARTHNET_CLASSES_43 = (
    "Continuous urban fabric", "Discontinuous urban fabric", "Industrial or commercial units",
    "Road and rail networks and associated land", "Port areas", "Airports",
    "Mineral extraction sites", "Dump sites", "Construction sites", "Green urban areas",
    "Sport and leisure facilities", "Non-irrigated arable land", "Permanently irrigated land",
    "Rice fields", "Vineyards", "Fruit trees and berry plantations", "Olive groves",
    "Pastures", "Annual crops associated with permanent crops", "Complex cultivation patterns",
    "Land principally occupied by agriculture, with significant areas of natural vegetation",
    "Agro-forestry areas", "Broad-leaved forest", "Coniferous forest", "Mixed forest",
    "Natural grassland", "Moors and heathland", "Sclerophyllous vegetation",
    "Transitional woodland/shrub", "Beaches, dunes, sands", "Bare rock",
    "Sparsely vegetated areas", "Burnt areas", "Inland marshes", "Peatbogs", "Salt marshes",
    "Salines", "Intertidal flats", "Water courses", "Water bodies", "Coastal lagoons",
    "Estuaries", "Sea and ocean",
)
BIGEARTHNET_CLASSES_19 = (
    "Urban fabric", "Industrial or commercial units", "Arable land", "Permanent crops",
    "Pastures", "Complex cultivation patterns",
    "Land principally occupied by agriculture, with significant areas of natural vegetation",
    "Agro-forestry areas", "Broad-leaved forest", "Coniferous forest", "Mixed forest",
    "Natural grassland and sparsely vegetated areas",
    "Moors, heathland and sclerophyllous vegetation", "Transitional woodland, shrub",
    "Beaches, dunes, sands", "Inland wetlands", "Coastal wetlands", "Inland waters",
    "Marine waters",
)
#: BigEarthNet band files of a Sentinel-1 and of a Sentinel-2 patch
BIGEARTHNET_S1 = ("VV", "VH")
BIGEARTHNET_S2 = ("B01", "B02", "B03", "B04", "B05", "B06", "B07", "B08", "B8A", "B09", "B11",
                  "B12")

#: So2Sat channels in the order of the HDF5 files' sen1 and sen2 arrays
SO2SAT_S1 = tuple(f"S1_B{i}" for i in range(1, 9))
SO2SAT_S2 = ("S2_B02", "S2_B03", "S2_B04", "S2_B05", "S2_B06", "S2_B07", "S2_B08", "S2_B8A",
             "S2_B11", "S2_B12")

_COWC_CITATION = (
    "@inproceedings{mundhenk2016cowc,\n"
    "  title={A Large Contextual Dataset for Classification, Detection and Counting of Cars "
    "with Deep Learning},\n"
    "  author={Mundhenk, T. Nathan and Konjevod, Goran and Sakla, Wesam A. and Boakye, Kofi},\n"
    "  booktitle={Computer Vision -- ECCV 2016},\n"
    "  pages={785--800},\n"
    "  year={2016},\n"
    "  doi={10.1007/978-3-319-46487-9_48}\n"
    "}"
)

SPECS: list[dict[str, Any]] = [
    {
        "name": "bigearthnet",
        "target": "geoplug.datasets.bigearthnet:BigEarthNet",
        "task": "multilabel",
        "kind": "nongeo",
        "description": (
            "BigEarthNet v1.0: 590,326 pairs of Sentinel-1 (VV, VH) and Sentinel-2 (12 bands) "
            "120x120 px patches from 125 tiles over 10 European countries (Jun 2017 - May "
            "2018), multi-labelled with CORINE Land Cover 2018 classes (43 original classes or "
            "the 19-class nomenclature; pass num_classes=43 for the original ones). Official "
            "train/val/test split lists of the BigEarthNet-MM models."
        ),
        "sensors": ["Sentinel-1", "Sentinel-2"],
        "bands": BIGEARTHNET_S1 + BIGEARTHNET_S2,
        "rgb_bands": ["B04", "B03", "B02"],
        "num_classes": len(BIGEARTHNET_CLASSES_19),
        "classes": BIGEARTHNET_CLASSES_19,
        "splits": ["train", "val", "test"],
        "resolution": 10.0,
        "patch_size": 120,
        "num_samples": 590326,
        "license": "CDLA-Permissive-1.0",
        "homepage": "https://bigearth.net/",
        "citation": (
            "@inproceedings{sumbul2019bigearthnet,\n"
            "  title={BigEarthNet: A Large-Scale Benchmark Archive for Remote Sensing Image "
            "Understanding},\n"
            "  author={Sumbul, Gencer and Charfuelan, Marcela and Demir, Beg{\\\"u}m and "
            "Markl, Volker},\n"
            "  booktitle={IGARSS 2019 - IEEE International Geoscience and Remote Sensing "
            "Symposium},\n"
            "  pages={5901--5904},\n"
            "  year={2019},\n"
            "  doi={10.1109/IGARSS.2019.8900532}\n"
            "}\n"
            "@article{sumbul2021bigearthnetmm,\n"
            "  title={BigEarthNet-MM: A Large-Scale, Multimodal, Multilabel Benchmark Archive "
            "for Remote Sensing Image Classification and Retrieval},\n"
            "  author={Sumbul, Gencer and de Wall, Arne and Kreuziger, Tristan and Marcelino, "
            "Filipe and Costa, Hugo and Benevides, Pedro and Caetano, M{\\'a}rio and Demir, "
            "Beg{\\\"u}m and Markl, Volker},\n"
            "  journal={IEEE Geoscience and Remote Sensing Magazine},\n"
            "  volume={9},\n"
            "  number={3},\n"
            "  pages={174--180},\n"
            "  year={2021},\n"
            "  doi={10.1109/MGRS.2021.3089174}\n"
            "}"
        ),
        "download_size": "66 GB (Sentinel-2) + 55 GB (Sentinel-1), tar.gz",
    },
    {
        "name": "so2sat",
        "target": "geoplug.datasets.so2sat:So2Sat",
        "task": "classification",
        "kind": "nongeo",
        "description": (
            "So2Sat LCZ42 (second version): 400,673 co-registered 32x32 px Sentinel-1 (8 SAR "
            "channels) and Sentinel-2 (10 bands) patches labelled with 17 local climate zones; "
            "city-based splits (training: 42 cities; validation/testing: western/eastern "
            "halves of 10 other cities). HDF5 files training.h5, validation.h5, testing.h5; "
            "version='3_random'|'3_block'|'3_culture_10' reads the third version's "
            "<folder>/{training,testing}.h5."
        ),
        "sensors": ["Sentinel-1", "Sentinel-2"],
        "bands": SO2SAT_S1 + SO2SAT_S2,
        "rgb_bands": ["S2_B04", "S2_B03", "S2_B02"],
        "num_classes": 17,
        "classes": [
            "Compact high rise", "Compact mid rise", "Compact low rise", "Open high rise",
            "Open mid rise", "Open low rise", "Lightweight low rise", "Large low rise",
            "Sparsely built", "Heavy industry", "Dense trees", "Scattered trees",
            "Bush, scrub", "Low plants", "Bare rock or paved", "Bare soil or sand", "Water",
        ],
        "splits": ["train", "val", "test"],
        "resolution": 10.0,
        "patch_size": 32,
        "num_samples": 400673,
        # Per-band statistics of the training file as computed for TorchGeo's So2Sat module.
        "mean": [
            -3.591224256609313e-05, -7.658561276843396e-06, 5.9373857475971184e-05,
            2.5166231537121083e-05, 0.04420110659759328, 0.25761027084996196,
            0.0007556743372573258, 0.0013503466830024448, 0.12375696117681859,
            0.1092774636368323, 0.1010855203267882, 0.1142398616114001, 0.1592656692023089,
            0.18147236008771792, 0.1745740312291377, 0.19501607349635292,
            0.15428468872076637, 0.10905050699570007,
        ],
        "std": [
            0.17555201137417686, 0.17556463274968204, 0.45998793417834255, 0.455988755730148,
            2.8559909213125763, 8.324800606439833, 2.4498757382563103, 1.4647352984509094,
            0.03958795985905458, 0.047778262752410296, 0.06636616706371974,
            0.06358874912497474, 0.07744387147984592, 0.09101635085921553,
            0.09218466562387101, 0.10164581233948201, 0.09991773043519253,
            0.08780632509122865,
        ],
        "license": "CC-BY-4.0",
        "homepage": "https://mediatum.ub.tum.de/1483140",
        "citation": (
            "@article{zhu2020so2sat,\n"
            "  title={So2Sat LCZ42: A Benchmark Data Set for the Classification of Global Local "
            "Climate Zones},\n"
            "  author={Zhu, Xiao Xiang and Hu, Jingliang and Qiu, Chunping and Shi, Yilei and "
            "Kang, Jian and Mou, Lichao and Bagheri, Hossein and H{\\\"a}berle, Matthias and "
            "Hua, Yuansheng and Huang, Rong and others},\n"
            "  journal={IEEE Geoscience and Remote Sensing Magazine},\n"
            "  volume={8},\n"
            "  number={3},\n"
            "  pages={76--89},\n"
            "  year={2020},\n"
            "  doi={10.1109/MGRS.2020.2964708}\n"
            "}"
        ),
        "download_size": "51 GB (three HDF5 files)",
    },
    {
        "name": "cowc_counting",
        "target": "geoplug.datasets.cowc:COWCCounting",
        "task": "regression",
        "kind": "nongeo",
        "description": (
            "Cars Overhead With Context, counting patch set: RGB aerial patches at 15 cm from "
            "Toronto, Selwyn, Potsdam, Vaihingen, Columbus and Utah, each labelled with the "
            "number of cars it contains (the 64-class lists: counts 0-63). Official train/test "
            "lists COWC_{train,test}_list_64_class.txt."
        ),
        "sensors": ["aerial RGB"],
        "bands": ["R", "G", "B"],
        "rgb_bands": ["R", "G", "B"],
        "splits": ["train", "test"],
        "resolution": 0.15,
        "license": "AGPL-3.0",
        "homepage": "https://gdo152.llnl.gov/cowc/",
        "citation": _COWC_CITATION,
        "download_size": "about 3 GB (six city archives + lists)",
    },
    {
        "name": "cowc_detection",
        "target": "geoplug.datasets.cowc:COWCDetection",
        "task": "classification",
        "kind": "nongeo",
        "description": (
            "Cars Overhead With Context, detection patch set: RGB aerial patches at 15 cm, "
            "each labelled 1 if a car is centred in it and 0 otherwise (58,247 hard negative "
            "and 32,716 positive examples; the publisher frames detection as this patch "
            "classification). Official train/test lists COWC_{train,test}_list_detection.txt."
        ),
        "sensors": ["aerial RGB"],
        "bands": ["R", "G", "B"],
        "rgb_bands": ["R", "G", "B"],
        "num_classes": 2,
        "classes": ["no car", "car"],
        "splits": ["train", "test"],
        "resolution": 0.15,
        "license": "AGPL-3.0",
        "homepage": "https://gdo152.llnl.gov/cowc/",
        "citation": _COWC_CITATION,
        "download_size": "about 5 GB (six city archives + lists)",
    },
    {
        "name": "cyclone",
        "target": "geoplug.datasets.cyclone:TropicalCyclone",
        "task": "regression",
        "kind": "nongeo",
        "aliases": ["tropical_cyclone", "nasa_tropical_storm_competition"],
        "description": (
            "NASA Tropical Storm Wind Speed Competition (Radiant MLHub collection "
            "nasa_tropical_storm_competition): single-band GOES infrared 366x366 px images of "
            "Atlantic and East Pacific storms (2000-2019), each labelled with the maximum "
            "sustained surface wind speed in knots; train and test splits, with storm id, "
            "relative time and ocean as features. Reads the current flat layout "
            "(train/, test/, {training,test}_set_{features,labels}.csv) and the retired "
            "MLHub STAC archives."
        ),
        "sensors": ["GOES"],
        "bands": ["IR"],
        "splits": ["train", "test"],
        "patch_size": 366,
        "num_samples": 114634,
        "license": "CC-BY-4.0",
        "homepage": "https://www.drivendata.org/competitions/72/predict-wind-speeds/",
        "citation": (
            "@article{maskey2020deepti,\n"
            "  title={Deepti: Deep-Learning-Based Tropical Cyclone Intensity Estimation System},\n"
            "  author={Maskey, Manil and Ramachandran, Rahul and Ramasubramanian, Muthukumaran "
            "and Gurung, Iksha and Freitag, Brian and Kaulfus, Aaron and Bollinger, Drew and "
            "Cecil, Daniel J. and Miller, Jeffrey},\n"
            "  journal={IEEE Journal of Selected Topics in Applied Earth Observations and Remote "
            "Sensing},\n"
            "  volume={13},\n"
            "  pages={4271--4281},\n"
            "  year={2020},\n"
            "  doi={10.1109/JSTARS.2020.3011907}\n"
            "}"
        ),
        "download_size": "about 2 GB (four tar.gz archives)",
    },
]
