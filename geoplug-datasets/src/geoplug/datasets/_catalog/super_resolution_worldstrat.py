"""Spec of WorldStrat (plain data: imported when listing).

Facts: the Zenodo record (https://zenodo.org/records/15382551, earlier
https://zenodo.org/record/6810792), the companion code (https://github.com/worldstrat/worldstrat:
``src/utils/dataset_download_tools.py`` checks ``hr_dataset``, ``lr_dataset``, ``metadata.csv``,
``stratified_train_val_test_split.csv``; ``src/datasources.py`` indexes the 12 L2A bands
1-based with true colour ``[4, 3, 2]``) and TorchGeo's ``WorldStrat`` docs (archive names and
SHA-256 of the 2025 record).
"""

from __future__ import annotations

from typing import Any

from geoplug.datasets._catalog.pretraining import SSL4EO_S12_BANDS

__all__ = ["SPECS", "WORLDSTRAT_L1C", "WORLDSTRAT_L2A", "WORLDSTRAT_MODALITIES"]

#: Sentinel-2 bands of the ``<AOI>-<n>-L1C_data.tiff`` revisits, in file order (B1 ... B8,
#: B8A, B9, B10, B11, B12, as Sentinel Hub delivers all bands)
WORLDSTRAT_L1C = SSL4EO_S12_BANDS["s2c"]
#: the L2A revisits: the same without the cirrus band B10
WORLDSTRAT_L2A = SSL4EO_S12_BANDS["s2a"]
#: sample key suffix -> what it holds (``image_<modality>``)
WORLDSTRAT_MODALITIES = {
    "hr_ps": "SPOT 6/7 pansharpened R, G, B, NIR, 1.5 m, 12-bit (<AOI>_ps.tiff)",
    "hr_pan": "SPOT 6/7 panchromatic, 1.5 m (<AOI>_pan.tiff)",
    "hr_rgbn": "SPOT 6/7 8-bit R, G, B, NIR of the pansharpened image (<AOI>_rgb.png, RGBA)",
    "lr_rgbn": "SPOT 6/7 native multispectral R, G, B, NIR, 6 m (<AOI>_rgbn.tiff)",
    "l1c": "Sentinel-2 L1C revisits, 13 bands, 10 m (L1C/<AOI>-<n>-L1C_data.tiff)",
    "l2a": "Sentinel-2 L2A revisits, 12 bands, 10 m (L2A/<AOI>-<n>-L2A_data.tiff)",
}

SPECS: list[dict[str, Any]] = [
    {
        "name": "worldstrat",
        "target": "geoplug.datasets.worldstrat:WorldStrat",
        "task": "super_resolution",
        "kind": "nongeo",
        "sensors": ("Sentinel-2", "SPOT-6/7"),
        "bands": WORLDSTRAT_L2A,
        "rgb_bands": ("B4", "B3", "B2"),
        "splits": ("train", "val", "test"),
        "resolution": 10.0,
        "license": "CC-BY-NC-4.0 (SPOT imagery; see the Zenodo record for the Sentinel-2 part)",
        "homepage": "https://worldstrat.github.io/",
        "citation": (
            "@inproceedings{cornebise2022open,\n  title={Open High-Resolution Satellite "
            "Imagery: The WorldStrat Dataset -- With Application to Super-Resolution},\n"
            "  author={Cornebise, Julien and Or{\\v{s}}oli{\\'c}, Ivan and Kalaitzis, "
            "Freddie},\n  booktitle={Thirty-sixth Conference on Neural Information "
            "Processing Systems Datasets and Benchmarks Track},\n  year={2022},\n"
            "  doi={10.5281/zenodo.6810792}\n}"),
        "download_size": "about 107 GB (hr_dataset.zip, lr_dataset_l1c.zip, "
                         "lr_dataset_l2a.zip, metadata.csv, stratified_train_val_test_split.csv)",
        "description": "WorldStrat: about 4,000 areas of interest worldwide, each a 1.5 m "
                       "Airbus SPOT 6/7 image (pansharpened RGBN, panchromatic, 6 m RGBN) "
                       "paired with up to 16 Sentinel-2 L1C and L2A revisits, for "
                       "multi-frame super-resolution; stratified train/val/test split. "
                       "Samples: image_<modality> per selected modality (image_l2a, "
                       "image_l1c [T,C,H,W]; image_hr_ps, image_hr_pan, image_hr_rgbn, "
                       "image_lr_rgbn [C,H,W]). The bands are L2A's; without modality "
                       "'l2a' the L1C revisits offer B10 too.",
    },
]
