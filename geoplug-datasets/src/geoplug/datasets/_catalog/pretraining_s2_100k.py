"""Spec of S2-100K, SatCLIP's pretraining corpus (plain data: imported when listing).

Facts: the SatCLIP repository (https://github.com/microsoft/satclip: README "Training"
section, ``satclip/datamodules/s2geo_dataset.py`` and ``transforms.py``) and the paper
(Klemmer et al., https://arxiv.org/abs/2311.17179).
"""

from __future__ import annotations

from typing import Any

from geoplug.datasets._catalog.pretraining import SSL4EO_S12_BANDS

__all__ = ["S2_100K_BANDS", "SPECS"]

#: the 12 Sentinel-2 L2A bands of every patch, in file order (SatCLIP inserts a zero B10
#: after the tenth to feed 13-band models)
S2_100K_BANDS = SSL4EO_S12_BANDS["s2a"]

SPECS: list[dict[str, Any]] = [
    {
        "name": "s2_100k",
        "target": "geoplug.datasets.s2_100k:S2100K",
        "task": "self_supervised",
        "kind": "nongeo",
        "sensors": ("Sentinel-2",),
        "bands": S2_100K_BANDS,
        "rgb_bands": ("B4", "B3", "B2"),
        "splits": ("train",),
        "resolution": 10.0,
        "patch_size": 256,
        "num_samples": 100000,
        "license": "see homepage (Copernicus Sentinel-2 data via the Microsoft Planetary "
                   "Computer; SatCLIP code MIT)",
        "homepage": "https://github.com/microsoft/satclip",
        "citation": (
            "@article{klemmer2023satclip,\n  title={SatCLIP: Global, General-Purpose Location "
            "Embeddings with Satellite Imagery},\n  author={Klemmer, Konstantin and Rolf, "
            "Esther and Robinson, Caleb and Mackey, Lester and Ru{\\ss}wurm, Marc},\n"
            "  journal={arXiv preprint arXiv:2311.17179},\n  year={2023}\n}"),
        "download_size": "index.csv plus satclip.tar (100,000 GeoTIFF patches)",
        "description": "S2-100K: 100,000 Sentinel-2 L2A patches of 256 x 256 px (12 bands) "
                       "sampled uniformly over the landmass from Planetary Computer scenes "
                       "of 2021-01-01 to 2023-05-17 with under 20 % cloud cover; index.csv "
                       "gives each file (fn) its lon/lat. Samples: 'image' float32 "
                       "[12,256,256] and 'point' float32 [2] (lon, lat).",
    },
]
