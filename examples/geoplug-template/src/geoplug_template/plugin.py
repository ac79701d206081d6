"""What this distribution registers. Light on purpose: no torch, rasterio or fiona here.

``geoplug datasets`` imports this module to list the specs; only
``geoplug.datasets.get(name)`` imports a ``target``. The dataset classes read their facts
(bands, classes, splits) from these same dicts, so the listing and the class cannot drift.
"""

from __future__ import annotations

from typing import Any

from geoplug.core.plugins import hookimpl

_BANDS = ("blue", "green", "red", "nir")

#: Four-band scenes named ``TPL_<tile>_<YYYYMMDD>.tif``, in any CRS.
SCENES: dict[str, Any] = {
    "name": "template_scenes",
    "target": "geoplug_template.scenes:TemplateScenes",
    "task": "generic",
    "kind": "geo",
    "description": "Template four-band scenes, one GeoTIFF per tile and date",
    "bands": _BANDS,
    "rgb_bands": ("red", "green", "blue"),
    "resolution": 10.0,
    "license": "CC0-1.0",
    "homepage": "https://github.com/geoplug/geoplug/tree/main/examples/geoplug-template",
    "citation": "geoplug developers, geoplug-template (2025)",
}

#: Class-per-folder chips shipped as ``template_chips.zip``.
CHIPS: dict[str, Any] = {
    "name": "template_chips",
    "target": "geoplug_template.chips:TemplateChips",
    "task": "classification",
    "kind": "nongeo",
    "description": "Template land-cover chips, one folder per class",
    "bands": _BANDS,
    "rgb_bands": ("red", "green", "blue"),
    "classes": ("cropland", "forest", "water"),
    "num_classes": 3,
    "splits": ("train", "test"),
    "patch_size": 16,
    "resolution": 10.0,
    "license": "CC0-1.0",
    "homepage": "https://github.com/geoplug/geoplug/tree/main/examples/geoplug-template",
    "citation": "geoplug developers, geoplug-template (2025)",
    "download_size": "1 MB",
}


@hookimpl
def geoplug_datasets() -> list[dict[str, Any]]:
    """The datasets of geoplug-template (plain dicts are accepted as well as specs)."""
    return [SCENES, CHIPS]
