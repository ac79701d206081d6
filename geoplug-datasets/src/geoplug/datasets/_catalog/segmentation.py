"""Specs of the semantic segmentation benchmarks (plain data: imported when listing)."""

from __future__ import annotations

from typing import Any

#: ISPRS 2D semantic labelling classes, in the order of their label colours
ISPRS_CLASSES = ("Clutter/background", "Impervious surfaces", "Building", "Low vegetation",
                 "Tree", "Car")
_ISPRS_CITATION = (
    "@article{rottensteiner2012isprs,\n"
    "  title={The ISPRS benchmark on urban object classification and 3D building "
    "reconstruction},\n"
    "  author={Rottensteiner, Franz and Sohn, Gunho and Jung, Jaewook and Gerke, Markus and "
    "Baillard, Caroline and Benitez, Sebastien and Breitkopf, Uwe},\n"
    "  journal={ISPRS Annals of the Photogrammetry, Remote Sensing and Spatial Information "
    "Sciences},\n  volume={I-3},\n  pages={293--298},\n  year={2012}\n}"
)

#: SEN12MS band order of its Sentinel-1 and Sentinel-2 files
SEN12MS_S1 = ("VV", "VH")
SEN12MS_S2 = ("B01", "B02", "B03", "B04", "B05", "B06", "B07", "B08", "B8A", "B09", "B10",
              "B11", "B12")
#: Radiant MLHub Sentinel-2 L2A time series (CV4A Kenya, Benin cashews): 12 bands + cloud prob.
S2_L2A_CLD = ("B01", "B02", "B03", "B04", "B05", "B06", "B07", "B08", "B8A", "B09", "B11",
              "B12", "CLD")
_IGBP = ["None", "Evergreen Needleleaf Forests", "Evergreen Broadleaf Forests",
         "Deciduous Needleleaf Forests", "Deciduous Broadleaf Forests", "Mixed Forests",
         "Closed Shrublands", "Open Shrublands", "Woody Savannas", "Savannas", "Grasslands",
         "Permanent Wetlands", "Croplands", "Urban and Built-Up Lands",
         "Cropland/Natural Vegetation Mosaics", "Permanent Snow and Ice", "Barren",
         "Water Bodies"]

SPECS: list[dict[str, Any]] = [
    {
        "name": "sen12ms",
        "target": "geoplug.datasets.sen12ms:SEN12MS",
        "task": "segmentation",
        "kind": "nongeo",
        "sensors": ["Sentinel-1", "Sentinel-2", "MODIS"],
        "bands": SEN12MS_S1 + SEN12MS_S2,
        "rgb_bands": ["B04", "B03", "B02"],
        "num_classes": 18,
        "classes": _IGBP,
        "splits": ["train", "test"],
        "resolution": 10.0,
        "patch_size": 256,
        "num_samples": 180662,
        "license": "CC-BY-4.0",
        "homepage": "https://mediatum.ub.tum.de/1474000",
        "citation": (
            "@article{schmitt2019sen12ms,\n"
            "  title={SEN12MS -- A Curated Dataset of Georeferenced Multi-Spectral Sentinel-1/2 "
            "Imagery for Deep Learning and Data Fusion},\n"
            "  author={Schmitt, Michael and Hughes, Lloyd Haydn and Qiu, Chunping and Zhu, "
            "Xiao Xiang},\n"
            "  journal={ISPRS Annals of the Photogrammetry, Remote Sensing and Spatial "
            "Information Sciences},\n  volume={IV-2/W7},\n  pages={153--160},\n  year={2019},"
            "\n  doi={10.5194/isprs-annals-IV-2-W7-153-2019}\n}"
        ),
        "download_size": "about 420 GB (12 tar.gz archives: 4 seasons x s1/s2/lc)",
        "description": "180,662 co-registered 256x256 triplets of Sentinel-1 (VV, VH, dB), "
                       "Sentinel-2 (13 bands) and MODIS land cover (mask: IGBP layer, codes "
                       "1-17) over four seasons; official scene-wise train/test lists.",
    },
    {
        "name": "cv4a_kenya_crop_type",
        "target": "geoplug.datasets.cv4a_kenya_crop_type:CV4AKenyaCropType",
        "task": "segmentation",
        "kind": "nongeo",
        "sensors": ["Sentinel-2"],
        "bands": S2_L2A_CLD,
        "rgb_bands": ["B04", "B03", "B02"],
        "num_classes": 8,
        "ignore_index": 0,  # no label (or another split's field): not a crop to learn
        "classes": ["No data", "Maize", "Cassava", "Common Bean",
                    "Maize & Common Bean (intercropping)", "Maize & Cassava (intercropping)",
                    "Maize & Soybean (intercropping)", "Cassava & Common Bean (intercropping)"],
        "splits": ["train", "test"],
        "resolution": 10.0,
        "patch_size": 256,
        "license": "CC-BY-SA-4.0",
        "homepage": "https://source.coop/radiantearth/african-crops-kenya-02",
        "citation": (
            "@misc{cv4akenya2020,\n  title={CV4A Competition Kenya Crop Type Dataset},\n"
            "  author={{Radiant Earth Foundation} and {PlantVillage}},\n"
            "  publisher={Radiant MLHub},\n  year={2020},\n"
            "  doi={10.34911/RDNT.DW605X}\n}"
        ),
        "description": "Four Sentinel-2 L2A tiles (3035x2016 px) over western Kenya at 13 dates "
                       "(June-November 2019), 12 bands plus cloud probability, with crop type "
                       "and field id rasters (3,286 train / 1,402 test fields); time-series "
                       "chips [T,C,H,W] cut from the tiles.",
    },
    {
        "name": "etci2021",
        "target": "geoplug.datasets.etci2021:ETCI2021",
        "task": "segmentation",
        "kind": "nongeo",
        "sensors": ["Sentinel-1"],
        "bands": ["VV", "VH"],
        "num_classes": 2,
        "classes": ["no flood", "flood"],
        "splits": ["train", "val", "test"],
        "resolution": 20.0,
        "patch_size": 256,
        "num_samples": 66810,
        "license": "unspecified by the organisers (competition data; see homepage)",
        "homepage": "https://nasa-impact.github.io/etci2021/",
        "citation": (
            "@misc{etci2021,\n  title={ETCI 2021 Competition on Flood Detection},\n"
            "  author={{NASA Interagency Implementation and Advanced Concepts Team} and "
            "{IEEE GRSS Earth Science Informatics Technical Committee}},\n  year={2021},\n"
            "  howpublished={\\url{https://nasa-impact.github.io/etci2021/}}\n}"
        ),
        "download_size": "about 5.6 GB (train.zip, val_with_ref_labels.zip, "
                         "test_without_ref_labels.zip)",
        "description": "Sentinel-1 VV/VH 256x256 PNG chips (hyp3 RGB renderings) of flood "
                       "events in several regions, with flood and water-body masks; mask is "
                       "the flood mask, water_mask the reference water bodies.",
    },
    {
        "name": "gid15",
        "target": "geoplug.datasets.gid15:GID15",
        "task": "segmentation",
        "kind": "nongeo",
        "sensors": ["Gaofen-2"],
        "bands": ["R", "G", "B"],
        "rgb_bands": ["R", "G", "B"],
        "num_classes": 16,
        "classes": ["background", "industrial_land", "urban_residential", "rural_residential",
                    "traffic_land", "paddy_field", "irrigated_land", "dry_cropland",
                    "garden_plot", "arbor_woodland", "shrub_land", "natural_grassland",
                    "artificial_grassland", "river", "lake", "pond"],
        "splits": ["train", "val", "test"],
        "resolution": 4.0,
        "patch_size": 512,
        "license": "research use (see homepage)",
        "homepage": "https://captain-whu.github.io/GID15/",
        "citation": (
            "@article{tong2020gid,\n  title={Land-cover classification with high-resolution "
            "remote sensing images using transferable deep models},\n  author={Tong, Xin-Yi "
            "and Xia, Gui-Song and Lu, Qikai and Shen, Huanfeng and Li, Shengyang and You, "
            "Shucheng and Zhang, Liangpei},\n  journal={Remote Sensing of Environment},\n"
            "  volume={237},\n  pages={111322},\n  year={2020},\n"
            "  doi={10.1016/j.rse.2019.111322}\n}"
        ),
        "description": "150 Gaofen-2 scenes (about 7200x6800 px, RGB) annotated with 15 "
                       "land-cover classes plus background; windowed chips of the scenes.",
    },
    {
        "name": "landcoverai",
        "target": "geoplug.datasets.landcoverai:LandCoverAI",
        "task": "segmentation",
        "kind": "nongeo",
        "sensors": ["aerial orthophoto"],
        "bands": ["R", "G", "B"],
        "rgb_bands": ["R", "G", "B"],
        "num_classes": 5,
        "classes": ["Background", "Building", "Woodland", "Water", "Road"],
        "splits": ["train", "val", "test"],
        "resolution": 0.25,
        "patch_size": 512,
        "num_samples": 10674,
        "license": "CC-BY-NC-SA-4.0",
        "homepage": "https://landcover.ai.linuxpolska.com/",
        "citation": (
            "@inproceedings{boguszewski2021landcoverai,\n  title={LandCover.ai: Dataset for "
            "Automatic Mapping of Buildings, Woodlands, Water and Roads from Aerial Imagery},\n"
            "  author={Boguszewski, Adrian and Batorski, Dominik and Ziemba-Jankowska, Natalia "
            "and Dziedzic, Tomasz and Zambrzycka, Anna},\n  booktitle={Proceedings of the "
            "IEEE/CVF Conference on Computer Vision and Pattern Recognition Workshops},\n"
            "  pages={1102--1110},\n  year={2021}\n}"
        ),
        "download_size": "about 1.5 GB (landcover.ai.v1.zip)",
        "description": "41 aerial orthophotos of Poland (25 and 50 cm, RGB) with building, "
                       "woodland, water and road masks, cut into 512x512 chips listed by the "
                       "official train.txt/val.txt/test.txt (7470/1602/1602).",
    },
    {
        "name": "benin_cashew",
        "target": "geoplug.datasets.benin_cashew:BeninSmallHolderCashews",
        "task": "segmentation",
        "kind": "nongeo",
        "sensors": ["Sentinel-2"],
        "bands": S2_L2A_CLD,
        "rgb_bands": ["B04", "B03", "B02"],
        "num_classes": 7,
        "classes": ["No data", "Well-managed plantation", "Poorly-managed plantation",
                    "Non-plantation", "Residential", "Background", "Uncertain"],
        "ignore_index": 0,  # no data: pixels outside the labelled areas
        "splits": ["train"],
        "resolution": 10.0,
        "patch_size": 256,
        "license": "CC-BY-4.0",
        "homepage": "https://source.coop/technoserve/cashews-benin",
        "citation": (
            "@misc{jolivot2021benin,\n  title={Smallholder Cashew Plantations in Benin},\n"
            "  author={{Technoserve} and {Radiant Earth Foundation}},\n"
            "  publisher={Radiant MLHub},\n  year={2021},\n  doi={10.34911/rdnt.hfv20i}\n}"
        ),
        "description": "A 1186x1122 px Sentinel-2 L2A tile over central Benin at 70 dates "
                       "(Nov 2019 - Oct 2020), 12 bands plus cloud probability, with cashew "
                       "plantation polygons (labels corrected on Airbus Pleiades imagery) "
                       "rasterized into 7-class masks; time-series chips [T,C,H,W].",
    },
    {
        "name": "potsdam",
        "target": "geoplug.datasets.potsdam:Potsdam",
        "task": "segmentation",
        "kind": "nongeo",
        "sensors": ["aerial orthophoto"],
        "bands": ["R", "G", "B", "IR"],
        "rgb_bands": ["R", "G", "B"],
        "num_classes": 6,
        "classes": ISPRS_CLASSES,
        "ignore_index": 255,  # a label colour of no class (_isprs.UNKNOWN)
        "splits": ["train", "test"],
        "resolution": 0.05,
        "patch_size": 512,
        "license": "ISPRS benchmark terms (research use, data on request)",
        "homepage": "https://www.isprs.org/education/benchmarks/UrbanSemLab/"
                    "2d-sem-label-potsdam.aspx",
        "citation": _ISPRS_CITATION,
        "download_size": "about 4.3 GB (4_Ortho_RGBIR.zip + 5_Labels_all.zip)",
        "description": "ISPRS Potsdam 2D semantic labelling: 38 tiles of 6000x6000 px 5 cm "
                       "RGB+IR true orthophotos with colour-coded labels of 6 classes "
                       "(24 train / 14 test tiles); served as windowed chips.",
    },
    {
        "name": "vaihingen",
        "target": "geoplug.datasets.vaihingen:Vaihingen",
        "task": "segmentation",
        "kind": "nongeo",
        "sensors": ["aerial orthophoto"],
        "bands": ["IR", "R", "G"],
        "rgb_bands": ["IR", "R", "G"],  # the usual false-colour view (no blue band)
        "num_classes": 6,
        "classes": ISPRS_CLASSES,
        "ignore_index": 255,  # a label colour of no class (_isprs.UNKNOWN)
        "splits": ["train", "test"],
        "resolution": 0.09,
        "patch_size": 512,
        "license": "ISPRS benchmark terms (research use, data on request)",
        "homepage": "https://www.isprs.org/education/benchmarks/UrbanSemLab/"
                    "2d-sem-label-vaihingen.aspx",
        "citation": _ISPRS_CITATION,
        "download_size": "about 400 MB (image archive + ground truth COMPLETE)",
        "description": "ISPRS Vaihingen 2D semantic labelling: 33 IR-R-G true orthophoto "
                       "areas (about 2000x2500 px, 9 cm) with colour-coded labels of 6 "
                       "classes (16 train / 17 test areas); served as windowed chips.",
    },
]
