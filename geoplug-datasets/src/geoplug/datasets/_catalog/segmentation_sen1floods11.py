"""Spec of Sen1Floods11, hand-labelled subset (plain data: imported when listing).

Facts from the publisher: github.com/cloudtostreet/Sen1Floods11 (README: layers, band order,
dtypes, label values; docs/README.md: the ``sen1floods11`` bucket's v1.1 folders) and the
Bonafilia et al. CVPR Workshops 2020 paper (446 hand-labelled chips, Bolivia held out).
"""

from __future__ import annotations

from typing import Any

#: band order of each HandLabeled folder's GeoTIFFs (publisher README)
SEN1FLOODS11_BANDS = {
    "s1": ("VV", "VH"),
    "s2": ("B01", "B02", "B03", "B04", "B05", "B06", "B07", "B08", "B8A", "B09", "B10",
           "B11", "B12"),
}
#: our split name -> the publisher's list in ``v1.1/splits/flood_handlabeled/``
SEN1FLOODS11_SPLITS = {"train": "flood_train_data.csv", "val": "flood_valid_data.csv",
                       "test": "flood_test_data.csv", "bolivia": "flood_bolivia_data.csv"}
#: LabelHand value of pixels without a valid label (kept in ``mask``; losses should ignore it)
SEN1FLOODS11_IGNORE = -1

SPECS: list[dict[str, Any]] = [
    {
        "name": "sen1floods11",
        "target": "geoplug.datasets.sen1floods11:Sen1Floods11",
        "task": "segmentation",
        "kind": "nongeo",
        "sensors": ("Sentinel-1", "Sentinel-2"),
        "bands": (*SEN1FLOODS11_BANDS["s1"], *SEN1FLOODS11_BANDS["s2"]),
        "rgb_bands": ("B04", "B03", "B02"),
        "num_classes": 2,
        "ignore_index": SEN1FLOODS11_IGNORE,
        "classes": ("not water", "water"),
        "splits": tuple(SEN1FLOODS11_SPLITS),
        "resolution": 10.0,
        "patch_size": 512,
        "num_samples": 446,
        "license": "not stated in the publisher's README (see homepage)",
        "homepage": "https://github.com/cloudtostreet/Sen1Floods11",
        "citation": (
            "@inproceedings{bonafilia2020sen1floods11,\n  title={Sen1Floods11: a georeferenced "
            "dataset to train and test deep learning flood algorithms for Sentinel-1},\n"
            "  author={Bonafilia, Derrick and Tellman, Beth and Anderson, Tyler and Issenberg, "
            "Erica},\n  booktitle={Proceedings of the IEEE/CVF Conference on Computer Vision "
            "and Pattern Recognition Workshops},\n  pages={210--211},\n  year={2020}\n}"
        ),
        "download_size": "about 4 GB for the hand-labelled chips (loose GeoTIFFs in the public "
                         "GCS bucket gs://sen1floods11, v1.1/; the whole bucket is about 14 GB)",
        "description": "446 hand-labelled 512x512 chips of 11 flood events (EPSG:4326, 10 m): "
                       "Sentinel-1 GRD (VV, VH, float32 dB; NaN where no data, read as 0), "
                       "Sentinel-2 L1C (13 bands, TOA reflectance x 10000) and the water label "
                       "(int16: -1 no data, 0 not water, 1 water; -1 is kept, to be ignored). "
                       "The publisher's lists flood_{train,valid,test,bolivia}_data.csv give "
                       "252/89/90/15 chips; bolivia is the held-out event. modality='s1', "
                       "'s2' or 'both'. Samples: image_s1, image_s2, mask.",
    },
]
