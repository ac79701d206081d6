"""Specs of the published EuroSAT variants: the longitude-disjoint splits (EuroSATSpatial) and
the 100-chip subset (EuroSAT100). Every fact but the split definition and the sample count is
EuroSAT's own, so the entries are built from the ``eurosat`` entry. Plain data only: this
module is imported whenever the registry is listed."""

from __future__ import annotations

from typing import Any

from geoplug.datasets._catalog.scene_classification import SPECS as _SCENE

_EUROSAT = next(s for s in _SCENE if s["name"] == "eurosat")

SPECS: list[dict[str, Any]] = [
    {
        **_EUROSAT,
        "name": "eurosat_spatial",
        "target": "geoplug.datasets.eurosat_spatial:EuroSATSpatial",
        "description": (
            "EuroSAT multispectral (13-band Sentinel-2 GeoTIFF chips, 10 classes) with "
            "spatially disjoint splits: the chips ordered by longitude and cut 60/20/20 "
            "(16,200/5,400/5,400) into train/val/test, lists eurosat-spatial-{split}.txt as "
            "TorchGeo publishes them; same archive as eurosat."
        ),
    },
    {
        **_EUROSAT,
        "name": "eurosat100",
        "target": "geoplug.datasets.eurosat100:EuroSAT100",
        "num_samples": 100,
        "download_size": "7.7 MB",
        "description": (
            "EuroSAT100: 100 EuroSAT multispectral chips (10 per class; 6 train, 2 val, "
            "2 test each) in the layout of EuroSATallBands.zip, for tutorials and tests, not "
            "benchmarking; lists eurosat-100-{split}.txt."
        ),
    },
]
