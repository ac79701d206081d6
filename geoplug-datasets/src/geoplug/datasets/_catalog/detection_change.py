"""Specs of the detection, building-footprint, change-detection and time-series benchmarks.

Plain dicts only: this module is imported whenever the registry is listed.
"""

from __future__ import annotations

from typing import Any

from geoplug.datasets._catalog import band_sets
from geoplug.datasets._catalog.change_s2looking import S2LOOKING_CITATION

_S2_13 = ("B01", "B02", "B03", "B04", "B05", "B06", "B07", "B08", "B8A", "B09", "B10", "B11",
          "B12")
#: SpaceNet imagery products -> band names in file order, and their true-colour bands. The
#: first product is the default one, whose bands the spec lists (``image=`` picks another).
SPACENET_WV8 = ("coastal", "blue", "green", "yellow", "red", "red_edge", "nir1", "nir2")
_RGB = ("red", "green", "blue")
_Products = dict[str, tuple[str, ...]]
SPACENET1_PRODUCTS: _Products = {"3band": ("R", "G", "B"), "8band": SPACENET_WV8}
SPACENET1_RGB: _Products = {"3band": ("R", "G", "B"), "8band": _RGB}
SPACENET2_PRODUCTS: _Products = {"MUL-PanSharpen": SPACENET_WV8, "MUL": SPACENET_WV8,
                                 "PAN": ("pan",), "RGB-PanSharpen": _RGB}
SPACENET2_RGB: _Products = {"MUL-PanSharpen": _RGB, "MUL": _RGB, "RGB-PanSharpen": _RGB}
SPACENET4_PRODUCTS: _Products = {"Pan-Sharpen": ("blue", "green", "red", "nir"),
                                 "MS": SPACENET_WV8, "PAN": ("pan",)}
SPACENET4_RGB: _Products = {"Pan-Sharpen": _RGB, "MS": _RGB}
SPACENET7_PRODUCTS: _Products = {"images": (*_RGB, "alpha"), "images_masked": (*_RGB, "alpha")}
SPACENET7_RGB: _Products = {"images": _RGB, "images_masked": _RGB}
SPACENET_CLASSES = ("background", "building")
SPACENET_CITE = (
    "@article{van2018spacenet,\n  title={SpaceNet: A Remote Sensing Dataset and Challenge "
    "Series},\n  author={Van Etten, Adam and Lindenbaum, Dave and Bacastow, Todd M},\n  "
    "journal={arXiv preprint arXiv:1807.01232},\n  year={2018}\n}"
)
SPACENET_LICENSE = "CC-BY-SA-4.0"

#: what LEVIR-CD and its extension LEVIR-CD+ share
_LEVIR: dict[str, Any] = {
    "task": "change_detection",
    "kind": "nongeo",
    "sensors": ("Google Earth",),
    "bands": ("R", "G", "B"),
    "rgb_bands": ("R", "G", "B"),
    "num_classes": 2,
    "classes": ("no change", "change"),
    "resolution": 0.5,
    "patch_size": 1024,
}

SPECS: list[dict[str, Any]] = [
    {
        "name": "vhr10",
        "target": "geoplug.datasets.vhr10:VHR10",
        "task": "instance_segmentation",
        "kind": "nongeo",
        "sensors": ("Google Earth", "Vaihingen aerial"),
        "bands": ("R", "G", "B"),
        "rgb_bands": ("R", "G", "B"),
        "num_classes": 10,
        "classes": ("airplane", "ship", "storage tank", "baseball diamond", "tennis court",
                    "basketball court", "ground track field", "harbor", "bridge", "vehicle"),
        "splits": ("train", "positive", "negative"),
        "resolution": 0.5,
        "num_samples": 800,
        "license": "research use only",
        "homepage": "https://github.com/chaozhong2010/VHR-10_dataset_coco",
        "citation": (
            "@article{cheng2014multi,\n  title={Multi-class geospatial object detection and "
            "geographic image classification based on collection of part detectors},\n  "
            "author={Cheng, Gong and Han, Junwei and Zhou, Peicheng and Guo, Lei},\n  "
            "journal={ISPRS Journal of Photogrammetry and Remote Sensing},\n  volume={98},\n"
            "  pages={119--132},\n  year={2014}\n}"
        ),
        "download_size": "73 MB",
        "description": "NWPU VHR-10: 650 positive images with boxes of 10 object classes "
                       "(and COCO instance masks) plus 150 negative images, 0.08-2 m GSD.",
    },
    {
        "name": "spacenet1",
        "target": "geoplug.datasets.spacenet1:SpaceNet1",
        "task": "segmentation",
        "kind": "nongeo",
        "sensors": ("WorldView-2",),
        "bands": SPACENET1_PRODUCTS["3band"],
        "rgb_bands": SPACENET1_RGB["3band"],
        "band_sets": band_sets("image", SPACENET1_PRODUCTS, SPACENET1_RGB,
                               resolution={"8band": 2.0}),
        "num_classes": len(SPACENET_CLASSES),
        "classes": SPACENET_CLASSES,
        "splits": ("train", "test"),
        "resolution": 0.5,
        "patch_size": 438,
        "num_samples": 6940,
        "license": SPACENET_LICENSE,
        "homepage": "https://spacenet.ai/spacenet-buildings-dataset-v1/",
        "citation": SPACENET_CITE,
        "download_size": "4.9 GB",
        "description": "SpaceNet 1 (Rio de Janeiro): building footprints (GeoJSON) over "
                       "pan-sharpened RGB (0.5 m) or 8-band multispectral (2 m) chips; "
                       "image='3band' or '8band'.",
    },
    {
        "name": "spacenet2",
        "target": "geoplug.datasets.spacenet2:SpaceNet2",
        "task": "segmentation",
        "kind": "nongeo",
        "sensors": ("WorldView-3",),
        "bands": SPACENET2_PRODUCTS["MUL-PanSharpen"],
        "rgb_bands": SPACENET2_RGB["MUL-PanSharpen"],
        "band_sets": band_sets("image", SPACENET2_PRODUCTS, SPACENET2_RGB),
        "num_classes": len(SPACENET_CLASSES),
        "classes": SPACENET_CLASSES,
        "splits": ("train", "test"),
        "resolution": 0.3,
        "patch_size": 650,
        "num_samples": 10592,  # 3850 Vegas + 1148 Paris + 4582 Shanghai + 1012 Khartoum
        "license": SPACENET_LICENSE,
        "homepage": "https://spacenet.ai/spacenet-buildings-dataset-v2/",
        "citation": SPACENET_CITE,
        "download_size": "26 GB",
        "description": "SpaceNet 2 (Las Vegas, Paris, Shanghai, Khartoum): building "
                       "footprints over PAN, MUL, MUL-PanSharpen and RGB-PanSharpen chips.",
    },
    {
        "name": "spacenet4",
        "target": "geoplug.datasets.spacenet4:SpaceNet4",
        "task": "segmentation",
        "kind": "nongeo",
        "sensors": ("WorldView-2",),
        "bands": SPACENET4_PRODUCTS["Pan-Sharpen"],
        "rgb_bands": SPACENET4_RGB["Pan-Sharpen"],
        "band_sets": band_sets("image", SPACENET4_PRODUCTS, SPACENET4_RGB),
        "num_classes": len(SPACENET_CLASSES),
        "classes": SPACENET_CLASSES,
        "splits": ("train", "test"),
        "resolution": 0.5,
        "patch_size": 900,
        "num_samples": 28728,
        "license": SPACENET_LICENSE,
        "homepage": "https://spacenet.ai/off-nadir-building-detection/",
        "citation": (
            "@inproceedings{weir2019spacenet,\n  title={SpaceNet MVOI: A Multi-View Overhead "
            "Imagery Dataset},\n  author={Weir, Nicholas and Lindenbaum, David and Bastidas, "
            "Alexei and Van Etten, Adam and McPherson, Sean and Shermeyer, Jacob and "
            "Kumar, Varun and Tang, Hanlin},\n  booktitle={ICCV},\n  year={2019}\n}"
        ),
        "download_size": "186 GB",
        "description": "SpaceNet 4 off-nadir (Atlanta): 27 WorldView-2 collects at 7-54 degrees "
                       "off-nadir, PAN / MS / Pan-Sharpen chips with building footprints.",
    },
    {
        "name": "spacenet7",
        "target": "geoplug.datasets.spacenet7:SpaceNet7",
        "task": "segmentation",
        "kind": "nongeo",
        "sensors": ("PlanetScope Dove",),
        "bands": SPACENET7_PRODUCTS["images"],
        "rgb_bands": SPACENET7_RGB["images"],
        "band_sets": band_sets("image", SPACENET7_PRODUCTS, SPACENET7_RGB),
        "num_classes": len(SPACENET_CLASSES),
        "classes": SPACENET_CLASSES,
        "splits": ("train", "test"),
        "resolution": 4.0,
        "patch_size": 1024,
        "num_samples": 1889,
        "license": SPACENET_LICENSE,
        "homepage": "https://spacenet.ai/sn7-challenge/",
        "citation": (
            "@inproceedings{van2021multi,\n  title={The Multi-Temporal Urban Development "
            "SpaceNet Dataset},\n  author={Van Etten, Adam and Hogan, Daniel and Manso, Jesus "
            "Martinez and Shermeyer, Jacob and Weir, Nicholas and Lewis, Ryan},\n  "
            "booktitle={CVPR},\n  pages={6398--6407},\n  year={2021}\n}"
        ),
        "download_size": "21 GB",
        "description": "SpaceNet 7: monthly Planet mosaics (2017-2020) of >100 regions with "
                       "building footprints; one sample per month and region.",
    },
    {
        "name": "xview2",
        "target": "geoplug.datasets.xview2:XView2",
        "task": "change_detection",
        "kind": "nongeo",
        "sensors": ("Maxar WorldView",),
        "bands": ("R", "G", "B"),
        "rgb_bands": ("R", "G", "B"),
        "num_classes": 5,
        "classes": ("background", "no-damage", "minor-damage", "major-damage", "destroyed"),
        "splits": ("train", "val", "test"),
        "resolution": 0.8,
        "patch_size": 1024,
        "num_samples": 11034,
        "license": "CC-BY-NC-SA-4.0",
        "homepage": "https://xview2.org/",
        "citation": (
            "@inproceedings{gupta2019creating,\n  title={Creating xBD: A Dataset for "
            "Assessing Building Damage from Satellite Imagery},\n  author={Gupta, Ritwik "
            "and Goodman, Bryce and Patel, Nirav and Hosfelt, Ricky and Sajeev, Sandra and "
            "Heim, Eric and Doshi, Jigar and Lucas, Keane and Choset, Howie and Gaston, "
            "Matthew},\n  booktitle={CVPR Workshops},\n  pages={10--17},\n  year={2019}\n}"
        ),
        "download_size": "10 GB",
        "description": "xView2 (xBD): pre/post-disaster image pairs; the post-disaster building "
                       "polygons are rasterized into a 4-grade damage mask (+ background). "
                       "Registration at xview2.org is required to download.",
    },
    {
        "name": "levircd",
        "aliases": ("levir_cd",),
        "target": "geoplug.datasets.levircd:LEVIRCD",
        **_LEVIR,
        "splits": ("train", "val", "test"),
        "num_samples": 637,  # 445 train + 64 val + 128 test
        "license": "unspecified by the publisher (Google Earth imagery; research use)",
        "homepage": "https://justchenhao.github.io/LEVIR/",
        "citation": (
            "@article{chen2020levircd,\n  author={Chen, Hao and Shi, Zhenwei},\n  title={A "
            "Spatial-Temporal Attention-Based Method and a New Dataset for Remote Sensing "
            "Image Change Detection},\n  journal={Remote Sensing},\n  volume={12},\n  "
            "number={10},\n  pages={1662},\n  year={2020},\n  doi={10.3390/rs12101662}\n}"
        ),
        "description": "LEVIR-CD: 637 bitemporal 1024x1024 Google Earth RGB pairs (0.5 m, "
                       "5-14 years apart) of Texas cities with 31,333 annotated building "
                       "changes; official split 445 train / 64 val / 128 test, one archive "
                       "per split.",
    },
    {
        "name": "levircd_plus",
        "target": "geoplug.datasets.levircd_plus:LEVIRCDPlus",
        **_LEVIR,
        "splits": ("train", "test"),
        "num_samples": 985,
        "license": "research use only",
        "homepage": "https://github.com/S2Looking/Dataset",
        "citation": S2LOOKING_CITATION,  # LEVIR-CD+ was released with S2Looking's paper
        "download_size": "3.6 GB",
        "description": "LEVIR-CD+: 985 bitemporal 1024x1024 RGB pairs (5-14 years apart) over "
                       "Texas with building change masks.",
    },
    {
        "name": "oscd",
        "target": "geoplug.datasets.oscd:OSCD",
        "task": "change_detection",
        "kind": "nongeo",
        "sensors": ("Sentinel-2",),
        "bands": _S2_13,
        "rgb_bands": ("B04", "B03", "B02"),
        "num_classes": 2,
        "classes": ("no change", "change"),
        "splits": ("train", "test"),
        "resolution": 10.0,
        "num_samples": 24,
        "license": "CC-BY-NC-SA-4.0",
        "homepage": "https://rcdaudt.github.io/oscd/",
        "citation": (
            "@inproceedings{daudt2018urban,\n  title={Urban Change Detection for Multispectral "
            "Earth Observation Using Convolutional Neural Networks},\n  author={Caye Daudt, "
            "Rodrigo and Le Saux, Bertrand and Boulch, Alexandre and Gousseau, Yann},\n  "
            "booktitle={IGARSS},\n  pages={2115--2118},\n  year={2018}\n}"
        ),
        "download_size": "500 MB",
        "description": "Onera Satellite Change Detection: 24 cities, Sentinel-2 13-band pairs "
                       "with urban change masks (14 train, 10 test cities).",
    },
    {
        "name": "zuericrop",
        "target": "geoplug.datasets.zuericrop:ZueriCrop",
        "task": "time_series",
        "kind": "nongeo",
        "sensors": ("Sentinel-2",),
        "bands": ("NIR", "B03", "B02", "B04", "B05", "B06", "B07", "B11", "B12"),
        "rgb_bands": ("B04", "B03", "B02"),
        "splits": ("train",),
        "resolution": 10.0,
        "patch_size": 24,
        "num_samples": 116000,
        "license": "CC-BY-NC-4.0",
        "homepage": "https://github.com/0zgur0/ms-convSTAR",
        "citation": (
            "@article{turkoglu2021crop,\n  title={Crop mapping from image time series: Deep "
            "learning with multi-scale label hierarchies},\n  author={Turkoglu, Mehmet Ozgur "
            "and D'Aronco, Stefano and Perich, Gregor and Liebisch, Frank and Streit, "
            "Constantin and Schindler, Konrad and Wegner, Jan Dirk},\n  journal={Remote "
            "Sensing of Environment},\n  volume={264},\n  pages={112603},\n  year={2021}\n}"
        ),
        "download_size": "39 GB",
        "description": "ZueriCrop: 71-date Sentinel-2 time series of 24x24 px patches over "
                       "Zurich/Thurgau with per-pixel crop-type and field-instance labels.",
    },
    {
        "name": "seco",
        "target": "geoplug.datasets.seco:SeasonalContrastS2",
        "task": "self_supervised",
        "kind": "nongeo",
        "sensors": ("Sentinel-2",),
        "bands": ("B1", "B2", "B3", "B4", "B5", "B6", "B7", "B8", "B8A", "B9", "B11", "B12"),
        "rgb_bands": ("B4", "B3", "B2"),
        "splits": ("train",),
        "resolution": 10.0,
        "patch_size": 264,
        "num_samples": 100000,
        "license": "CC-BY-4.0",
        "homepage": "https://github.com/ServiceNow/seasonal-contrast",
        "citation": (
            "@inproceedings{manas2021seasonal,\n  title={Seasonal Contrast: Unsupervised "
            "Pre-Training From Uncurated Remote Sensing Data},\n  author={Manas, Oscar and "
            "Lacoste, Alexandre and Giro-i-Nieto, Xavier and Vazquez, David and Rodriguez, "
            "Pau},\n  booktitle={ICCV},\n  pages={9414--9423},\n  year={2021}\n}"
        ),
        "download_size": "7.3 GB (100k) / 36.3 GB (1m)",
        "description": "SeCo: Sentinel-2 L2A patches of the same locations at 5 dates a year "
                       "apart in season, returned as a [T, C, H, W] stack.",
    },
]
