"""Spec of xBD's distribution-shift variant (TorchGeo's XView2DistShift): xView2's facts,
re-split by event into a two-class building segmentation. Plain data only: this module is
imported whenever the registry is listed."""

from __future__ import annotations

from typing import Any

from geoplug.datasets._catalog.detection_change import SPECS as _CHANGE

_XVIEW2 = next(s for s in _CHANGE if s["name"] == "xview2")

#: the 10 xBD events of the challenge's train and test sets, as the image file names spell
#: them (``<event>_<id>_<pre|post>_disaster``); the other 9 are in Tier 3 only, not read here
XBD_DISASTERS = (
    "guatemala-volcano", "hurricane-florence", "hurricane-harvey", "hurricane-matthew",
    "hurricane-michael", "mexico-earthquake", "midwest-flooding", "palu-tsunami",
    "santa-rosa-wildfire", "socal-fire",
)

SPECS: list[dict[str, Any]] = [{
    **_XVIEW2,
    "name": "xbd_dist_shift",
    "target": "geoplug.datasets.xbd_dist_shift:XView2DistShift",
    "task": "segmentation",
    "num_classes": 2,
    "classes": ("background", "building"),
    "splits": ("train", "test"),
    "num_samples": None,
    "description": (
        "xBD distribution shift: building segmentation (the pre-disaster building "
        "footprints) trained on the images of one xBD event and tested on another "
        "(id_ood_disaster, pre- or post-disaster images or both), pooled across the "
        "challenge's train and test folders. Registration at xview2.org is required "
        "to download."
    ),
}]
