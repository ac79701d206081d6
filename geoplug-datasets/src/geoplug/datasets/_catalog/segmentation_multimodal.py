"""Specs of multi-modal and time-series segmentation/multi-label benchmarks (plain data).

MMFlood, Cloud Cover Detection, Substation, MapInWild, PASTIS and TreeSatAI. The band order
of each modality's files is a named constant here, imported by the dataset classes.
"""

from __future__ import annotations

from typing import Any

#: MMFlood modalities: s1_raw (VV, VH float32), DEM (float32), hydro (uint8)
MMFLOOD_BANDS = {"s1": ("VV", "VH"), "dem": ("DEM",), "hydro": ("hydro",)}
#: Cloud Cover Detection Challenge: one GeoTIFF per band
CLOUD_COVER_BANDS = ("B02", "B03", "B04", "B08")
#: Substation image stacks: the 13 Sentinel-2 L1C bands
SUBSTATION_BANDS = ("B01", "B02", "B03", "B04", "B05", "B06", "B07", "B08", "B8A", "B09",
                    "B10", "B11", "B12")
#: MapInWild: Sentinel-2 (10 bands, every season folder), Sentinel-1, ESA WorldCover, VIIRS
MAPINWILD_S2 = ("B02", "B03", "B04", "B05", "B06", "B07", "B08", "B8A", "B11", "B12")
MAPINWILD_SEASONS = ("s2_summer", "s2_autumn", "s2_spring", "s2_winter", "s2_temporal_subset")
#: PASTIS Sentinel-2 bands (DATA_S2), PASTIS-R Sentinel-1 (DATA_S1A / DATA_S1D)
PASTIS_S2 = ("B02", "B03", "B04", "B05", "B06", "B07", "B08", "B8A", "B11", "B12")
PASTIS_S1 = ("VV", "VH", "VV/VH")
#: TreeSatAI band order per sensor folder (archive documentation, 220629_doc)
TREESATAI_BANDS = {
    "aerial": ("IR", "G", "B", "R"),
    "s1": ("VV", "VH", "VV/VH"),
    "s2": ("B02", "B03", "B04", "B08", "B05", "B06", "B07", "B8A", "B11", "B12", "B01", "B09"),
}

SPECS: list[dict[str, Any]] = [
    {
        "name": "mmflood",
        "target": "geoplug.datasets.mmflood:MMFlood",
        "task": "segmentation",
        "kind": "nongeo",
        "sensors": ["Sentinel-1", "MapZen DEM", "OpenStreetMap"],
        "bands": ["VV", "VH", "DEM", "hydro"],
        "num_classes": 2,
        "ignore_index": 255,  # no Sentinel-1 data (mmflood.IGNORE_INDEX)
        "classes": ["no flood", "flood"],
        "splits": ["train", "val", "test"],
        "num_samples": 1748,
        "license": "CC-BY-4.0",
        "homepage": "https://github.com/edornd/mmflood",
        "citation": (
            "@article{montello2022mmflood,\n  title={MMFlood: A Multimodal Dataset for Flood "
            "Delineation From Satellite Imagery},\n  author={Montello, Fabio and Arnaudo, "
            "Edoardo and Rossi, Claudio},\n  journal={IEEE Access},\n  volume={10},\n"
            "  pages={96774--96787},\n  year={2022},\n  doi={10.1109/ACCESS.2022.3205419}\n}"
        ),
        "download_size": "about 13 GB (activations.tar.gz in 11 parts, activations.json)",
        "description": "1,748 Sentinel-1 GRD tiles (VV, VH) of 95 Copernicus EMS flood "
                       "activations with a MapZen DEM, an OpenStreetMap hydrography map (for "
                       "1,012 tiles) and the EMS flood delineation; split per activation "
                       "by activations.json. Samples: image_s1, image_dem, image_hydro.",
    },
    {
        "name": "cloud_cover_detection",
        "target": "geoplug.datasets.cloud_cover_detection:CloudCoverDetection",
        "task": "segmentation",
        "kind": "nongeo",
        "sensors": ["Sentinel-2"],
        "bands": CLOUD_COVER_BANDS,
        "rgb_bands": ["B04", "B03", "B02"],
        "num_classes": 2,
        "classes": ["no cloud", "cloud"],
        "splits": ["train", "test"],
        "resolution": 10.0,
        "patch_size": 512,
        "num_samples": 22728,
        "license": "CC-BY-4.0",
        "homepage": "https://source.coop/radiantearth/cloud-cover-detection-challenge",
        "citation": (
            "@misc{radiant2022cloudcover,\n  title={Sentinel-2 Cloud Cover Segmentation "
            "Dataset},\n  author={{Radiant Earth Foundation} and {DrivenData}},\n"
            "  publisher={Radiant MLHub},\n  year={2022},\n  doi={10.34911/RDNT.HFQ6M7}\n}"
        ),
        "download_size": "about 30 GB (loose GeoTIFFs: public/ train, private/ test)",
        "description": "512x512 Sentinel-2 L2A chips (B02, B03, B04, B08 as one GeoTIFF "
                       "each, uint16) of Africa, South America and Australia, 2018-2020, with "
                       "expert-checked binary cloud masks; the challenge's public (train) and "
                       "private (test) sets.",
    },
    {
        "name": "substation",
        "target": "geoplug.datasets.substation:Substation",
        "task": "segmentation",
        "kind": "nongeo",
        "sensors": ["Sentinel-2"],
        "bands": SUBSTATION_BANDS,
        "rgb_bands": ["B04", "B03", "B02"],
        "num_classes": 2,
        "classes": ["background", "substation"],
        "splits": ["train"],
        "resolution": 10.0,
        "patch_size": 228,
        "num_samples": 26522,
        "license": "see homepage (TransitionZero; OpenStreetMap ODbL labels, Copernicus "
                   "Sentinel-2 data)",
        "homepage": "https://github.com/Lindsay-Lab/substation-seg",
        "citation": (
            "@article{jindgar2024substation,\n  title={Improving satellite imagery segmentation "
            "using multiple Sentinel-2 revisits},\n  author={Jindgar, Kartik and Lindsay, "
            "Grace W.},\n  journal={arXiv preprint arXiv:2409.17363},\n  year={2024},\n"
            "  doi={10.48550/arXiv.2409.17363}\n}"
        ),
        "download_size": "about 12 GB (image_stack.tar.gz, mask.tar.gz)",
        "description": "26,522 locations of power substations (OpenStreetMap) with a stack "
                       "of Sentinel-2 revisits (mostly 5; 13 bands, 228x228 px) as "
                       "image_stack/<id>.npz and the OSM mask as mask/<id>.npz (class 3 = "
                       "substation). No official split: one 'train' split of all files.",
    },
    {
        "name": "mapinwild",
        "target": "geoplug.datasets.mapinwild:MapInWild",
        "task": "segmentation",
        "kind": "nongeo",
        "sensors": ["Sentinel-1", "Sentinel-2", "ESA WorldCover", "VIIRS"],
        "bands": ["VV", "VH", *MAPINWILD_S2, "ESA_WC", "VIIRS"],
        "rgb_bands": ["B04", "B03", "B02"],
        "num_classes": 2,
        "classes": ["not protected", "protected (wilderness)"],
        "splits": ["train", "validation", "test"],
        "resolution": 10.0,
        "patch_size": 1920,
        "num_samples": 1018,
        "license": "CC-BY-4.0",
        "homepage": "https://huggingface.co/datasets/burakekim/mapinwild",
        "citation": (
            "@article{ekim2023mapinwild,\n  title={MapInWild: A remote sensing dataset to "
            "address the question of what makes nature wild},\n  author={Ekim, Burak and "
            "Stomberg, Timo T. and Roscher, Ribana and Schmitt, Michael},\n  journal={IEEE "
            "Geoscience and Remote Sensing Magazine},\n  volume={11},\n  number={1},\n"
            "  pages={103--114},\n  year={2023},\n  doi={10.1109/MGRS.2022.3226525}\n}"
        ),
        "download_size": "about 365 GB (one or two zips per modality, split_IDs.csv)",
        "description": "1,018 areas of the World Database on Protected Areas, 1920x1920 px: "
                       "Sentinel-1 (VV, VH), Sentinel-2 (10 bands) for four seasons and a "
                       "single-date subset, ESA WorldCover and VIIRS night lights; mask: "
                       "protected area. Samples: image_<modality>.",
    },
    {
        "name": "pastis",
        "target": "geoplug.datasets.pastis:PASTIS",
        "task": "segmentation",
        "kind": "nongeo",
        "sensors": ["Sentinel-2", "Sentinel-1"],
        "bands": [*PASTIS_S2, *PASTIS_S1],
        "rgb_bands": ["B04", "B03", "B02"],
        "num_classes": 20,
        "classes": ["background", "meadow", "soft winter wheat", "corn", "winter barley",
                    "winter rapeseed", "spring barley", "sunflower", "grapevine", "beet",
                    "winter triticale", "winter durum wheat", "fruits, vegetables, flowers",
                    "potatoes", "leguminous fodder", "soybeans", "orchard", "mixed cereal",
                    "sorghum", "void label"],
        "ignore_index": 19,  # void: out of the loss and the metrics in the publisher's U-TAE
        "splits": ["train", "val", "test"],
        "resolution": 10.0,
        "patch_size": 128,
        "num_samples": 2433,
        "license": "CC-BY-4.0",
        "homepage": "https://github.com/VSainteuf/pastis-benchmark",
        "citation": (
            "@inproceedings{garnot2021panoptic,\n  title={Panoptic Segmentation of Satellite "
            "Image Time Series with Convolutional Temporal Attention Networks},\n"
            "  author={Sainte Fare Garnot, Vivien and Landrieu, Loic},\n  booktitle={"
            "Proceedings of the IEEE/CVF International Conference on Computer Vision},\n"
            "  pages={4872--4881},\n  year={2021},\n  doi={10.1109/ICCV48922.2021.00483}\n}"
        ),
        "download_size": "about 29 GB (PASTIS.zip) or 54 GB (PASTIS-R.zip with Sentinel-1)",
        "description": "2,433 patches of 128x128 px over France with a Sentinel-2 time "
                       "series (T = 33-61 dates, 10 bands) and, in PASTIS-R, Sentinel-1 "
                       "ascending/descending series; semantic (18 crops, background, void) "
                       "and parcel instance targets. Five official folds: train = folds 1-3, "
                       "val = 4, test = 5 (the paper's first cross-validation round), or "
                       "any folds=[...].",
    },
    {
        "name": "treesatai",
        "target": "geoplug.datasets.treesatai:TreeSatAI",
        "task": "multilabel",
        "kind": "nongeo",
        "sensors": ["aerial CIR", "Sentinel-1", "Sentinel-2"],
        "bands": [*TREESATAI_BANDS["aerial"], *TREESATAI_BANDS["s1"],
                  *TREESATAI_BANDS["s2"]],
        "rgb_bands": ["R", "G", "B"],
        "num_classes": 15,
        "classes": ["Abies", "Acer", "Alnus", "Betula", "Cleared", "Fagus", "Fraxinus",
                    "Larix", "Picea", "Pinus", "Populus", "Prunus", "Pseudotsuga", "Quercus",
                    "Tilia"],
        "splits": ["train", "test"],
        "resolution": 0.2,
        "patch_size": 304,
        "num_samples": 50381,
        "license": "CC-BY-4.0",
        "homepage": "https://zenodo.org/records/6780578",
        "citation": (
            "@article{ahlswede2023treesatai,\n  title={TreeSatAI Benchmark Archive: a "
            "multi-sensor, multi-label dataset for tree species classification in remote "
            "sensing},\n  author={Ahlswede, Steve and Schulz, Christian and Gava, Christiano "
            "and Helber, Patrick and Bischke, Benjamin and F{\\\"o}rster, Michael and Arias, "
            "Florencia and Hees, J{\\\"o}rn and Demir, Beg{\\\"u}m and Kleinschmit, Birgit},\n"
            "  journal={Earth System Science Data},\n  volume={15},\n  number={2},\n"
            "  pages={681--695},\n  year={2023},\n  doi={10.5194/essd-15-681-2023}\n}"
        ),
        "download_size": "about 18 GB (20 aerial_60m_<species>.zip, s1.zip, s2.zip, "
                         "labels.zip, split lists)",
        "description": "50,381 60x60 m forest patches of Lower Saxony: 20 cm aerial CIR "
                       "(304x304 px), Sentinel-1 and Sentinel-2 (6x6 px) with the genus "
                       "shares of the federal forest inventory as multi-labels (15 genera); "
                       "fixed train/test lists. Samples: image_aerial, image_s1, image_s2.",
    },
]
