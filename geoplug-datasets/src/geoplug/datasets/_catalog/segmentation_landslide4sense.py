"""Spec of Landslide4Sense (plain data: imported when listing).

Facts from the publisher: github.com/iarai/Landslide4Sense-2022 (README: splits and their
sizes, folder and file names, 14 bands, 128x128 px at ~10 m, class codes;
dataset/landslide_dataset.py: the HDF5 keys ``img``/``mask``, channels last, and the per-band
mean/std of TrainData), the Zenodo record 10463239 (TrainData.zip, ValidData.zip,
TestData.zip) and Ghorbanzadeh et al., IEEE TGRS 60, 2022 (doi:10.1109/TGRS.2022.3215209).
"""

from __future__ import annotations

from typing import Any

#: band order of the ``img`` array (publisher README: Sentinel-2 B1-B12, B13 slope, B14 DEM)
LANDSLIDE4SENSE_BANDS = ("B01", "B02", "B03", "B04", "B05", "B06", "B07", "B08", "B09", "B10",
                         "B11", "B12", "slope", "DEM")
#: our split name -> the publisher's folder (competition release and Zenodo archives)
LANDSLIDE4SENSE_FOLDERS = {"train": "TrainData", "val": "ValidData", "test": "TestData"}
#: our split name -> the folder name of the Hugging Face mirror (ibm-nasa-geospatial)
LANDSLIDE4SENSE_MIRROR = {"train": "train", "val": "validation", "test": "test"}

SPECS: list[dict[str, Any]] = [
    {
        "name": "landslide4sense",
        "target": "geoplug.datasets.landslide4sense:Landslide4Sense",
        "task": "segmentation",
        "kind": "nongeo",
        "sensors": ("Sentinel-2", "ALOS PALSAR"),
        "bands": LANDSLIDE4SENSE_BANDS,
        "rgb_bands": ("B04", "B03", "B02"),
        "num_classes": 2,
        "classes": ("non-landslide", "landslide"),
        "splits": tuple(LANDSLIDE4SENSE_FOLDERS),
        "resolution": 10.0,
        "patch_size": 128,
        "num_samples": 4844,
        # computed by the publisher over TrainData (dataset/landslide_dataset.py)
        "mean": (-0.4914, -0.3074, -0.1277, -0.0625, 0.0439, 0.0803, 0.0644, 0.0802, 0.3000,
                 0.4082, 0.0823, 0.0516, 0.3338, 0.7819),
        "std": (0.9325, 0.8775, 0.8860, 0.8869, 0.8857, 0.8418, 0.8354, 0.8491, 0.9061,
                1.6072, 0.8848, 0.9232, 0.9018, 1.2913),
        "license": "MIT as stated by the Hugging Face mirror "
                   "(ibm-nasa-geospatial/Landslide4sense); the Zenodo record's licence "
                   "is not confirmed here",
        "homepage": "https://github.com/iarai/Landslide4Sense-2022",
        "citation": (
            "@article{ghorbanzadeh2022landslide4sense,\n  title={Landslide4Sense: Reference "
            "Benchmark Data and Deep Learning Models for Landslide Detection},\n  author="
            "{Ghorbanzadeh, Omid and Xu, Yonghao and Ghamisi, Pedram and Kopp, Michael and "
            "Kreil, David},\n  journal={IEEE Transactions on Geoscience and Remote Sensing},\n"
            "  volume={60},\n  year={2022},\n  doi={10.1109/TGRS.2022.3215209}\n}"
        ),
        "download_size": "TrainData.zip, ValidData.zip, TestData.zip on Zenodo (record "
                         "10463239); about 2.4 GB extracted",
        "description": "4844 patches of 128x128 px (~10 m) over landslides of Iburi, Kodagu, "
                       "Gorkha and Taiwan, the IARAI 2022 competition release: "
                       "<Split>Data/img/image_<n>.h5 holds the array 'img' (128x128x14, "
                       "channels last: Sentinel-2 B1-B12, ALOS PALSAR slope and DEM; values as "
                       "scaled by the publisher) and TrainData/mask/mask_<n>.h5 the array "
                       "'mask' (uint8, 0 non-landslide, 1 landslide). Splits train/val/test "
                       "(TrainData 3799, ValidData 245, TestData 800); the competition "
                       "published only TrainData's masks, those of the other splits are read "
                       "when present. The Hugging Face mirror's images/<split>/ and "
                       "annotations/<split>/ folders are read too.",
    },
]
