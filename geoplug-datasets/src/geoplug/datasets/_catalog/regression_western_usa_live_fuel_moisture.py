"""Spec of the Western USA Live Fuel Moisture table (plain data: imported when listing)."""

from __future__ import annotations

from typing import Any

#: the remote-sensing and terrain variables of one time step, as the feature files name them
#: (with the suffix ``(t)``, ``(t-1)``, ``(t-2)`` or ``(t-3)``)
_VARIABLES = (
    "slope", "elevation", "canopy_height", "forest_cover", "silt", "sand", "clay", "vv", "vh",
    "red", "green", "blue", "swir", "nir", "ndvi", "ndwi", "nirv", "vv_red", "vv_green",
    "vv_blue", "vv_swir", "vv_nir", "vv_ndvi", "vv_ndwi", "vv_nirv", "vh_red", "vh_green",
    "vh_blue", "vh_swir", "vh_nir", "vh_ndvi", "vh_ndwi", "vh_nirv", "vh_vv",
)
#: the 136 time-step variables (t, t-1, t-2, t-3) and the point's lat, lon: the input features
LFM_FEATURES = (*(f"{v}({t})" for t in ("t", "t-1", "t-2", "t-3") for v in _VARIABLES),
                "lat", "lon")
#: the property holding the target, live fuel moisture content (%)
LFM_TARGET = "percent(t)"

SPECS: list[dict[str, Any]] = [
    {
        "name": "western_usa_live_fuel_moisture",
        "target": "geoplug.datasets.western_usa_live_fuel_moisture:WesternUSALiveFuelMoisture",
        "aliases": ("su_sar_moisture_content",),
        "task": "regression",
        "kind": "nongeo",
        "sensors": ("Sentinel-1", "Landsat-8"),
        "bands": LFM_FEATURES,
        "splits": ("train",),
        "num_samples": 2615,
        "license": "see homepage (Radiant MLHub collection su_sar_moisture_content)",
        "homepage": "https://mlhub.earth/data/su_sar_moisture_content_main",
        "citation": (
            "@article{rao2020sar,\n  title={SAR-enhanced mapping of live fuel moisture "
            "content},\n  author={Rao, Krishna and Williams, A. Park and Fortin, Jacqueline "
            "Fl{\\'e}fil and Konings, Alexandra G.},\n  journal={Remote Sensing of "
            "Environment},\n  volume={245},\n  pages={111797},\n  year={2020},\n"
            "  doi={10.1016/j.rse.2020.111797}\n}"
        ),
        "download_size": "2,615 small GeoJSON files (or MLHub's su_sar_moisture_content.tar.gz)",
        "description": "Live fuel moisture content (percent(t), % of dry mass) measured at "
                       "sites of the western USA (the National Fuel Moisture Database) "
                       "with 136 Sentinel-1 / Landsat-8 / terrain / soil variables of the "
                       "sample's month and the three before (t, t-1, t-2, t-3) plus the "
                       "site's lat/lon: one GeoJSON point feature per sample. Samples are "
                       "'image' float32 [C,1,1] (the selected features as channels of one "
                       "pixel) and 'label' float32.",
    },
]
