"""Spec of NCCM, the 10 m crop maps of Northeast China 2017-2019 (plain data: imported when
listing).

The figshare release (article 13090442, doi:10.6084/m9.figshare.13090442) has one GeoTIFF per
year; its file names, file ids and MD5s, and the class codes, are as TorchGeo's NCCM loader
records them (torchgeo/datasets/nccm.py).
"""

from __future__ import annotations

from typing import Any

#: the published class codes and names; 15 is no data
NCCM_CLASSES: dict[int, str] = {
    0: "Paddy rice", 1: "Maize", 2: "Soybean", 3: "Other crops and lands", 15: "No data",
}
#: year -> the GeoTIFF as figshare names it (2018's has a ``1`` after ``clip``)
NCCM_FILES: dict[int, str] = {
    2017: "CDL2017_clip.tif", 2018: "CDL2018_clip1.tif", 2019: "CDL2019_clip.tif",
}
#: year -> figshare file id (``https://figshare.com/ndownloader/files/<id>``)
NCCM_FILE_IDS: dict[int, int] = {2017: 25070582, 2018: 25070624, 2019: 25070540}
#: year -> MD5 of the GeoTIFF
NCCM_MD5: dict[int, str] = {
    2017: "d047fbe4a85341fa6248fd7e0badab6c", 2018: "b3bb4894478d10786aa798fb11693ec1",
    2019: "0d062bbd42e483fdc8239d22dba7020f",
}
#: display colours (RGB) of the ordinal classes 0..4 (chosen here: the release has no legend
#: colours that could be confirmed)
NCCM_COLORS: dict[int, tuple[int, int, int]] = {
    0: (52, 150, 220), 1: (240, 190, 30), 2: (110, 170, 60), 3: (170, 160, 150),
    4: (255, 255, 255),
}

SPECS: list[dict[str, Any]] = [
    {
        "name": "nccm",
        "target": "geoplug.datasets.nccm:NCCM",
        "task": "segmentation",
        "kind": "geo",
        "sensors": ["Sentinel-2"],
        "classes": tuple(NCCM_CLASSES.values()),
        "num_classes": len(NCCM_CLASSES),
        "resolution": 10.0,
        "license": "CC-BY-4.0",
        "homepage": "https://doi.org/10.6084/m9.figshare.13090442",
        "citation": (
            "@article{you2021the,\n  title={The 10-m crop type maps in Northeast China during "
            "2017--2019},\n  author={You, Nanshan and Dong, Jinwei and Huang, Jianxi and Du, "
            "Guoming and Zhang, Geli and He, Yingli and Yang, Tong and Di, Yuanyuan and Xiao, "
            "Xiangming},\n  journal={Scientific Data},\n  volume={8},\n  number={41},\n"
            "  year={2021},\n  doi={10.1038/s41597-021-00827-9}\n}"),
        "download_size": "three GeoTIFFs on figshare 13090442 (CDL2017_clip.tif, "
                         "CDL2018_clip1.tif, CDL2019_clip.tif); download=True fetches the "
                         "years asked for",
        "description": "Annual crop type maps of Northeast China for 2017, 2018 and 2019 from "
                       "Sentinel-2 time series and random forests: one GeoTIFF per year, "
                       "CDL<year>_clip*.tif, codes 0 paddy rice, 1 maize, 2 soybean, 3 other "
                       "crops and lands, 15 no data (mapped to 0..4), 10 m.",
    },
]
