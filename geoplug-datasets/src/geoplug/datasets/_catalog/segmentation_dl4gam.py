"""Spec of DL4GAM-Alps, glacier mapping in the European Alps (plain data: imported when listing).

Facts from the publisher: the dataset card huggingface.co/datasets/dcodrut/dl4gam_alps
(licence CC-BY-4.0, ``data/patches/inv_r_128_s_{128,64}.tar.gz``,
``data/map_all_splits_all_folds.csv``), the authors' code github.com/dcodrut/dl4gam_alps
(``dl4gam/utils/sampling_utils.py``: one folder per glacier of
``<entry_id>_patch_<i>_xc_<x>_yc_<y>.nc`` files and the five area-balanced west-to-east
folds; ``dl4gam/task/data.py``: the variables read, the ``split_<k>`` columns holding
``fold_train``/``fold_valid``/``fold_test`` and the gap filling) and TorchGeo's
``DL4GAMAlps`` (pinned revision, md5s, patch and glacier counts, band names).
"""

from __future__ import annotations

from typing import Any

#: Sentinel-2 bands as the NetCDF ``band_data`` variable names them (its ``long_name``)
DL4GAM_S2_BANDS = ("B1", "B2", "B3", "B4", "B5", "B6", "B7", "B8", "B8A", "B9", "B10", "B11",
                   "B12")
#: the other input layers of each patch (DEM and derived features, dh/dt 2010-2015, velocity)
DL4GAM_FEATURES = ("dem", "slope", "aspect", "planform_curvature", "profile_curvature",
                   "terrain_ruggedness_index", "dhdt", "v")
#: version -> the patch archive's stem: patch radius 128 px, sampling step 128 or 64 px
DL4GAM_VERSIONS = {"small": "inv_r_128_s_128", "large": "inv_r_128_s_64"}
#: our split -> the fold value in the ``split_<k>`` columns of the splits table
DL4GAM_FOLDS = {"train": "fold_train", "val": "fold_valid", "test": "fold_test"}
DL4GAM_SPLITS_CSV = "map_all_splits_all_folds.csv"

SPECS: list[dict[str, Any]] = [
    {
        "name": "dl4gam_alps",
        "aliases": ("dl4gam",),
        "target": "geoplug.datasets.dl4gam:DL4GAMAlps",
        "task": "segmentation",
        "kind": "nongeo",
        "sensors": ("Sentinel-2", "Copernicus DEM GLO-30"),
        "bands": (*DL4GAM_S2_BANDS, *DL4GAM_FEATURES),
        "rgb_bands": ("B4", "B3", "B2"),
        "num_classes": 2,
        "classes": ("no glacier", "glacier"),
        "splits": tuple(DL4GAM_FOLDS),
        "resolution": 10.0,
        "patch_size": 256,
        "num_samples": 2251,
        "license": "CC-BY-4.0",
        "homepage": "https://huggingface.co/datasets/dcodrut/dl4gam_alps",
        "citation": (
            "@article{diaconu2024dl4gam,\n  title={DL4GAM: a multi-modal Deep Learning-based "
            "framework for Glacier Area Monitoring, trained and validated on the European "
            "Alps},\n  author={Diaconu, Codru{\\c{t}}-Andrei and Heidler, Konrad and Bamber, "
            "Jonathan L. and Zekollari, Harry},\n  journal={ESS Open Archive},\n"
            "  year={2024},\n  doi={10.22541/essoar.173557607.70204641/v1}\n}"),
        "download_size": "5.8 GB (inv_r_128_s_128.tar.gz, 2251 patches; 11 GB extracted) or "
                         "29.5 GB for version='large' (inv_r_128_s_64.tar.gz, 11440 patches), "
                         "plus map_all_splits_all_folds.csv",
        "description": "Sentinel-2 patches (mostly 2015, else 2016-2017) of the 1593 Alpine "
                       "glaciers larger than 0.1 km2, 256x256 px at 10 m in local UTM zones, "
                       "one NetCDF-4 file per patch (<entry_id>/<entry_id>_patch_<i>_xc_<x>"
                       "_yc_<y>.nc) stacking band_data (13 bands plus CLOUDLESS_MASK and "
                       "FILL_MASK), the glacier ids mask_all_g_id (fill value off glacier), "
                       "mask_debris, the Copernicus DEM and five derived layers, dh/dt and "
                       "velocity. Five geographic cross-validation splits (cv_split=1..5, "
                       "70/10/20 by glacier area). mask: 1 where any glacier is. NaNs are "
                       "filled as the authors do (band mean; 0 for dhdt).",
    },
]
