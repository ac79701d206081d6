"""Specs of recent scene classification and regression benchmarks: Million-AID, FireRisk,
SKIPP'D, BioMassters, Digital Typhoon, QuakeSet. Plain data only: this module is imported
whenever the registry is listed."""

from __future__ import annotations

from typing import Any

#: Million-AID's 51 leaf scene classes (third level of its category tree), sorted
MILLIONAID_CLASSES = (
    "apartment", "apron", "bare_land", "baseball_field", "basketball_court", "beach",
    "bridge", "cemetery", "church", "commercial_area", "dam", "desert", "detached_house",
    "dry_field", "forest", "golf_course", "greenhouse", "ground_track_field", "helipad",
    "ice_land", "intersection", "island", "lake", "meadow", "mine", "mobile_home_park",
    "oil_field", "orchard", "paddy_field", "parking_lot", "pier", "quarry", "railway",
    "river", "road", "rock_land", "roundabout", "runway", "solar_power_plant",
    "sparse_shrub_land", "stadium", "storage_tank", "substation", "swimming_pool",
    "tennis_court", "terraced_field", "train_station", "viaduct", "wastewater_plant",
    "wind_turbine", "works",
)
#: the 73 labels of Million-AID's multi-label task: every node of the three-level tree
MILLIONAID_MULTILABEL_CLASSES = (
    "agriculture_land", "airport_area", "apartment", "apron", "arable_land", "bare_land",
    "baseball_field", "basketball_court", "beach", "bridge", "cemetery", "church",
    "commercial_area", "commercial_land", "dam", "desert", "detached_house", "dry_field",
    "factory_area", "forest", "golf_course", "grassland", "greenhouse", "ground_track_field",
    "helipad", "highway_area", "ice_land", "industrial_land", "intersection", "island", "lake",
    "leisure_land", "meadow", "mine", "mining_area", "mobile_home_park", "oil_field",
    "orchard", "paddy_field", "parking_lot", "pier", "port_area", "power_station",
    "public_service_land", "quarry", "railway", "railway_area", "religious_land",
    "residential_land", "river", "road", "rock_land", "roundabout", "runway",
    "solar_power_plant", "sparse_shrub_land", "special_land", "sports_land", "stadium",
    "storage_tank", "substation", "swimming_pool", "tennis_court", "terraced_field",
    "train_station", "transportation_land", "unutilized_land", "viaduct", "wastewater_plant",
    "water_area", "wind_turbine", "woodland", "works",
)

#: BioMassters Sentinel-1 bands as stored in ``<chip>_S1_<MM>.tif``
BIOMASSTERS_S1 = ("VV_asc", "VH_asc", "VV_desc", "VH_desc")
#: BioMassters Sentinel-2 L2A bands as stored in ``<chip>_S2_<MM>.tif`` (CLP: cloud probability)
BIOMASSTERS_S2 = ("B02", "B03", "B04", "B05", "B06", "B07", "B08", "B8A", "B11", "B12", "CLP")

#: Digital Typhoon best-track columns of ``metadata/<id>.csv`` usable as targets
DIGITAL_TYPHOON_TARGETS = ("grade", "lat", "lng", "pressure", "wind", "dir50", "long50",
                           "short50", "dir30", "long30", "short30", "landfall")

SPECS: list[dict[str, Any]] = [
    {
        "name": "millionaid",
        "target": "geoplug.datasets.millionaid:MillionAID",
        "task": "classification",
        "kind": "nongeo",
        "sensors": ("Google Earth (aerial/satellite RGB)",),
        "bands": ("R", "G", "B"),
        "rgb_bands": ("R", "G", "B"),
        "num_classes": 51,
        "classes": MILLIONAID_CLASSES,
        "splits": ("train", "test"),
        "num_samples": 1000848,
        "license": "Research use only (terms of the DiRS / Million-AID site)",
        "homepage": "https://captain-whu.github.io/DiRS/",
        "citation": """@article{long2021dirs,
  author = {Long, Yang and Xia, Gui-Song and Li, Shengyang and Yang, Wen and Yang, Michael Ying
            and Zhu, Xiao Xiang and Zhang, Liangpei and Li, Deren},
  title = {On Creating Benchmark Dataset for Aerial Image Interpretation: Reviews, Guidances,
           and Million-AID},
  journal = {IEEE Journal of Selected Topics in Applied Earth Observations and Remote Sensing},
  volume = {14}, pages = {4205--4230}, year = {2021},
  doi = {10.1109/JSTARS.2021.3070368}
}""",
        "description": (
            "Million-AID: about one million Google Earth RGB JPEG scenes (0.5-153 m GSD, "
            "varying sizes) in a three-level category tree (8 / 28 / 51 nodes), stored as "
            "<split>/<level 1>/[<level 2>/]<level 3>/*.jpg. task='multi-class' labels the 51 "
            "leaves; task='multi-label' gives a multi-hot of the 73 tree nodes on its path."
        ),
    },
    {
        "name": "fire_risk",
        "target": "geoplug.datasets.fire_risk:FireRisk",
        "task": "classification",
        "kind": "nongeo",
        "sensors": ("NAIP aerial RGB",),
        "bands": ("R", "G", "B"),
        "rgb_bands": ("R", "G", "B"),
        "num_classes": 7,
        "classes": ("High", "Low", "Moderate", "Non-burnable", "Very_High", "Very_Low",
                    "Water"),
        "splits": ("train", "val"),
        "resolution": 1.0,
        "patch_size": 270,
        "num_samples": 91872,
        "license": "Research use (terms of the FireRisk repository)",
        "homepage": "https://github.com/CharmonyShen/FireRisk",
        "citation": """@article{shen2023firerisk,
  author = {Shen, Shuchang and Seneviratne, Sachith and Wanyan, Xinye and Kirley, Michael},
  title = {{FireRisk}: A Remote Sensing Dataset for Fire Risk Assessment with Benchmarks
           Using Supervised and Self-supervised Learning},
  journal = {arXiv preprint arXiv:2303.07035}, year = {2023}
}""",
        "description": (
            "FireRisk: 91,872 NAIP RGB PNG chips (270x270, 1 m) labelled with the 7 Wildfire "
            "Hazard Potential classes, FireRisk/{train,val}/<class>/"
            "<pointid>_<grid_code>_<x>_<y>.png (70,331 / 21,541)."
        ),
    },
    {
        "name": "skippd",
        "target": "geoplug.datasets.skippd:SKIPPD",
        "task": "regression",
        "kind": "nongeo",
        "sensors": ("Hikvision fish-eye sky camera (RGB)",),
        "bands": ("R", "G", "B"),
        "rgb_bands": ("R", "G", "B"),
        "splits": ("trainval", "test"),
        "patch_size": 64,
        "num_samples": 363375,
        "license": "CC-BY-4.0",
        "homepage": "https://purl.stanford.edu/dj417rh1007",
        "citation": """@article{nie2023skippd,
  author = {Nie, Yuhao and Li, Xiatong and Scott, Andea and Sun, Yuchi and Venugopal, Vignesh
            and Brandt, Adam},
  title = {{SKIPP'D}: A SKy Images and Photovoltaic Power Generation Dataset for short-term
           solar forecasting},
  journal = {Solar Energy}, volume = {255}, pages = {171--179}, year = {2023},
  doi = {10.1016/j.solener.2023.03.043}
}""",
        "description": (
            "SKIPP'D benchmark: 64x64 RGB sky images each minute (2017-2019, Stanford) with "
            "the PV output (kW) of a 30 kW array, 2017_2019_images_pv_processed.hdf5 groups "
            "trainval/test (images_log, pv_log) and times_{trainval,test}.npy. "
            "task='nowcast': one image -> concurrent PV; task='forecast': the last 16 "
            "minutes of images -> PV 15 minutes ahead."
        ),
    },
    {
        "name": "biomassters",
        "target": "geoplug.datasets.biomassters:BioMassters",
        "task": "regression",
        "kind": "nongeo",
        "sensors": ("Sentinel-1", "Sentinel-2"),
        "bands": BIOMASSTERS_S1 + BIOMASSTERS_S2,
        "rgb_bands": ("B04", "B03", "B02"),
        "splits": ("train", "test"),
        "resolution": 10.0,
        "patch_size": 256,
        "num_samples": 11462,
        "license": "CC-BY-4.0",
        "homepage": "https://nascetti-a.github.io/BioMasster/",
        "citation": """@inproceedings{nascetti2023biomassters,
  author = {Nascetti, Andrea and Yadav, Ritu and Brodt, Kirill and Qu, Qixun and Fan, Hongwei
            and Shendryk, Yuri and Shah, Isha and Chung, Christine},
  title = {{BioMassters}: A Benchmark Dataset for Forest Biomass Estimation using
           Multi-modal Satellite Time-series},
  booktitle = {NeurIPS Datasets and Benchmarks Track}, year = {2023}
}""",
        "download_size": "291 GB",
        "description": (
            "BioMassters: Finnish forest chips (256x256, 10 m) with 12 monthly Sentinel-1 "
            "(4 bands) and Sentinel-2 L2A (11 bands incl. cloud probability) images, "
            "<split>_features/<chip>_<S1|S2>_<MM>.tif (MM 00 = September), and a LiDAR "
            "above-ground biomass raster <split>_agbm/<chip>_agbm.tif (Mg/ha) as a float32 "
            "pixelwise target."
        ),
    },
    {
        "name": "digital_typhoon",
        "target": "geoplug.datasets.digital_typhoon:DigitalTyphoon",
        "task": "regression",
        "kind": "nongeo",
        "sensors": ("Himawari / GMS / MTSAT infrared",),
        "bands": ("IR",),
        "splits": ("train",),
        "resolution": 5000.0,
        "patch_size": 512,
        "num_samples": 189364,
        "license": "Terms of use of the Digital Typhoon dataset page (NII)",
        "homepage": "http://agora.ex.nii.ac.jp/digital-typhoon/dataset/",
        "citation": """@inproceedings{kitamoto2023digital,
  author = {Kitamoto, Asanobu and Hwang, Jared and Vuillod, Bastien and Gautier, Lucas and
            Tian, Yingtao and Clanuwat, Tarin},
  title = {Digital Typhoon: Long-term Satellite Image Dataset for the Spatio-Temporal Modeling
           of Tropical Cyclones},
  booktitle = {NeurIPS Datasets and Benchmarks Track}, year = {2023},
  doi = {10.20783/DIAS.664}
}""",
        "description": (
            "Digital Typhoon (WP): 189,364 hourly typhoon-centred 512x512 infrared brightness "
            "temperature images (K) of 1,099 western Pacific typhoons, WP/image/<id>/*.h5 "
            "with best-track metadata WP/metadata/<id>.csv. Samples are sequences of "
            "consecutive hourly images -> the track values (wind, pressure, ...) of the last."
        ),
    },
    {
        "name": "quakeset",
        "target": "geoplug.datasets.quakeset:QuakeSet",
        "task": "classification",
        "kind": "nongeo",
        "sensors": ("Sentinel-1",),
        "bands": ("VV", "VH"),
        "num_classes": 2,
        "classes": ("unaffected_area", "earthquake_affected_area"),
        "splits": ("train", "val", "test"),
        "patch_size": 512,
        "num_samples": 3327,
        "license": "OpenRAIL",
        "homepage": "https://huggingface.co/datasets/DarthReca/quakeset",
        "citation": """@article{cambrin2024quakeset,
  author = {Rege Cambrin, Daniele and Garza, Paolo},
  title = {{QuakeSet}: A Dataset and Low-Resource Models to Monitor Earthquakes through
           Sentinel-1},
  journal = {Proceedings of the International ISCRAM Conference}, year = {2024},
  doi = {10.59297/n89yc374}
}""",
        "description": (
            "QuakeSet: Sentinel-1 VV/VH image pairs around earthquakes (earthquakes.h5, one "
            "group per event with split and magnitude attributes). A pre/post pair is label 1 "
            "(affected) with the event's magnitude; a before/pre pair of the same patch is a "
            "hard negative (label 0, magnitude 0). Images are [2, 2, H, W] (before, after)."
        ),
    },
]
