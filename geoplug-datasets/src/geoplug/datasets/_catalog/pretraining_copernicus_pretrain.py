"""Spec of Copernicus-Pretrain, Copernicus-FM's pretraining corpus (plain data).

Facts: the Hugging Face dataset ``wangyi111/Copernicus-Pretrain`` (webdataset shards
``example-NNNNNN.tar``; one sample per 0.25-degree grid cell with members
``<grid>.s1_grd.pth``, ``<grid>.s2_toa.pth``, ``<grid>.s3_olci.pth``, ``<grid>.s5p_co.pth``,
``.s5p_no2.pth``, ``.s5p_o3.pth``, ``.s5p_so2.pth``, ``<grid>.dem.pth`` and ``<grid>.json``)
and the paper (Wang et al., https://arxiv.org/abs/2503.11849); the licence is the dataset
card's (README) ``license: cc-by-4.0``.
"""

from __future__ import annotations

from typing import Any

from geoplug.datasets._catalog.pretraining import SSL4EO_S12_BANDS

__all__ = ["COPERNICUS_PRETRAIN_MODALITIES", "COPERNICUS_PRETRAIN_SHARDS", "SPECS"]

#: modality (the member's extension before ``.pth``) -> its bands, in tensor order
COPERNICUS_PRETRAIN_MODALITIES: dict[str, tuple[str, ...]] = {
    "s1_grd": SSL4EO_S12_BANDS["s1"],
    "s2_toa": SSL4EO_S12_BANDS["s2c"],
    "s3_olci": tuple(f"Oa{i:02d}_radiance" for i in range(1, 22)),
    "s5p_co": ("CO",),
    "s5p_no2": ("NO2",),
    "s5p_o3": ("O3",),
    "s5p_so2": ("SO2",),
    "dem": ("DEM",),
}
#: variant -> (its folder in the Hugging Face repository, first and last shard number)
COPERNICUS_PRETRAIN_SHARDS: dict[str, tuple[str, int, int]] = {
    "100_example": ("example_100_grids/example_100_webdataset", 0, 9),
    "220k_aligned": ("ssl4eo_s_220k_aligned", 0, 2255),
    "220k_310k_union": ("ssl4eo_s_220k_310k_union", 2256, 3210),
}

SPECS: list[dict[str, Any]] = [
    {
        "name": "copernicus_pretrain",
        "target": "geoplug.datasets.copernicus_pretrain:CopernicusPretrain",
        "task": "self_supervised",
        "kind": "nongeo",
        "sensors": ("Sentinel-1", "Sentinel-2", "Sentinel-3 OLCI", "Sentinel-5P TROPOMI",
                    "Copernicus DEM GLO-30"),
        "bands": tuple(b for bands in COPERNICUS_PRETRAIN_MODALITIES.values() for b in bands),
        "rgb_bands": ("B4", "B3", "B2"),
        "splits": ("train",),
        "resolution": 10.0,
        "patch_size": 264,
        "num_samples": 310000,
        # the publisher's README (dataset card): cc-by-4.0
        "license": "CC-BY-4.0",
        "homepage": "https://huggingface.co/datasets/wangyi111/Copernicus-Pretrain",
        "citation": (
            "@article{wang2025copernicusfm,\n  title={Towards a Unified Copernicus Foundation "
            "Model for Earth Vision},\n  author={Wang, Yi and Xiong, Zhitong and Liu, Chenying "
            "and Stewart, Adam J. and Dujardin, Thomas and Bountos, Nikolaos Ioannis and "
            "Zavras, Angelos and Gerken, Franziska and Papoutsis, Ioannis and Leal-Taix{\\'e}, "
            "Laura and Zhu, Xiao Xiang},\n  journal={arXiv preprint arXiv:2503.11849},\n"
            "  year={2025}\n}"),
        "download_size": "about 10 shards for the 100-grid example; 2,256 (all modalities) "
                         "plus 955 (the rest) shards for the full corpus",
        "description": "Copernicus-Pretrain: ~310k grid cells of 0.25 deg (ERA5's grid) over "
                       "land and near-land ocean, each a webdataset sample of Sentinel-1 GRD "
                       "and Sentinel-2 TOA local patches (264 px at 10 m) and time series of "
                       "Sentinel-3 OLCI (21 bands, 96 px), Sentinel-5P CO/NO2/O3/SO2 (28 px) "
                       "and a DEM (960 px). One sample per cell and S1/S2 local patch: "
                       "image_<modality> float32 [T,C,H,W] (DEM [1,H,W]), plus grid_id, "
                       "local_patch (its id) and the cell's JSON metadata.",
    },
]
