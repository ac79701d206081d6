"""Spec of MADOS, Marine Debris and Oil Spill (plain data: imported when listing).

Facts from the publisher: the Zenodo record 10664073 (``MADOS.zip``, its MD5 and size, CC BY
4.0), github.com/gkakogeorgiou/mados (utils/dataset.py and utils/stack_patches.py: the
``Scene_<n>/<10|20|60>/Scene_<n>_L2R_rhorc_<wavelength>_<crop>.tif`` files, bands sorted by
wavelength and upsampled (nearest) to 10 m, ``_L2R_cl_`` labels minus 1 with 0 not annotated,
``splits/<split>_X.txt``, the per-band mean/std used to fill NaN) and Kikaki et al., ISPRS
J. Photogramm. Remote Sens. 210, 2024 (the 15 classes).
"""

from __future__ import annotations

from typing import Any

#: the 11 ACOLITE rhorc bands in ascending wavelength (the file names hold the centre
#: wavelength of the acquiring satellite: S2A 443 492 560 665 704 740 783 833 865 1614 2202,
#: S2B 442 492 559 665 704 739 780 833 864 1610 2186)
MADOS_BANDS = ("B01", "B02", "B03", "B04", "B05", "B06", "B07", "B08", "B8A", "B11", "B12")
#: the classes of ``_L2R_cl_`` values 1..15 (mask value = code - 1)
MADOS_CLASSES = ("Marine Debris", "Dense Sargassum", "Sparse Floating Algae",
                 "Natural Organic Material", "Ship", "Oil Spill", "Marine Water",
                 "Sediment-Laden Water", "Foam", "Turbid Water", "Shallow Water",
                 "Waves & Wakes", "Oil Platform", "Jellyfish", "Sea snot")
#: our split name -> the publisher's list in ``splits/``
MADOS_SPLITS = {"train": "train_X.txt", "val": "val_X.txt", "test": "test_X.txt"}
#: mask value of pixels without annotation (``_L2R_cl_`` code 0)
MADOS_IGNORE = -1
#: per-band mean and std of the publisher's training code (utils/dataset.py)
MADOS_MEAN = (0.0582676, 0.05223386, 0.04381474, 0.0357083, 0.03412902, 0.03680401,
              0.03999107, 0.03566642, 0.03965081, 0.0267993, 0.01978944)
MADOS_STD = (0.03240627, 0.03432253, 0.0354812, 0.0375769, 0.03785412, 0.04992323,
             0.05884482, 0.05545856, 0.06423746, 0.04211187, 0.03019115)

SPECS: list[dict[str, Any]] = [
    {
        "name": "mados",
        "target": "geoplug.datasets.mados:MADOS",
        "task": "segmentation",
        "kind": "nongeo",
        "sensors": ("Sentinel-2",),
        "bands": MADOS_BANDS,
        "rgb_bands": ("B04", "B03", "B02"),
        "num_classes": len(MADOS_CLASSES),
        "ignore_index": -1,  # not annotated
        "classes": MADOS_CLASSES,
        "splits": tuple(MADOS_SPLITS),
        "resolution": 10.0,
        "patch_size": 240,
        "num_samples": 2803,
        "mean": MADOS_MEAN,
        "std": MADOS_STD,
        "license": "CC-BY-4.0",
        "homepage": "https://marine-pollution.github.io/",
        "citation": (
            "@article{kikaki2024mados,\n  title={Detecting Marine Pollutants and Sea Surface "
            "Features with Deep Learning in Sentinel-2 Imagery},\n  author={Kikaki, Katerina "
            "and Kakogeorgiou, Ioannis and Hoteit, Ibrahim and Karantzalos, Konstantinos},\n"
            "  journal={ISPRS Journal of Photogrammetry and Remote Sensing},\n  volume={210},\n"
            "  pages={39--54},\n  year={2024},\n  doi={10.1016/j.isprsjprs.2024.02.017}\n}"
        ),
        "download_size": "4.04 GB (MADOS.zip on Zenodo, record 10664073); about 5.4 GB "
                         "extracted",
        "description": "2803 sparsely annotated crops of 240x240 px (10 m) from 174 Sentinel-2 "
                       "scenes, atmospherically corrected with ACOLITE (Rayleigh-corrected "
                       "reflectance, rhorc): one GeoTIFF per band and crop in Scene_<n>/10, "
                       "/20 and /60 (named by centre wavelength; 20 m and 60 m bands are "
                       "upsampled to 10 m with nearest, NaN filled with the publisher's band "
                       "mean, as the publisher's loader does) and the label "
                       "Scene_<n>/10/Scene_<n>_L2R_cl_<crop>.tif (codes 1-15, 0 not "
                       "annotated; mask = code - 1, so -1 is to be ignored). Splits from "
                       "splits/{train,val,test}_X.txt.",
    },
]
