"""Listing a registry must stay light: no torch, rasterio or dataset module imported."""

from __future__ import annotations

import json
import subprocess
import sys

HEAVY = ["torch", "rasterio", "fiona", "kornia", "numpy", "geoplug.core.raster",
         "geoplug.core.samplers"]


def test_listing_imports_nothing_heavy() -> None:
    """What listing costs is measured by the bench; here: which modules it pulls in."""
    code = (
        "import sys, json\n"
        "import geoplug.core.registry as r\n"
        "r.datasets.names(); r.models.names(); r.weights.names()\n"
        "import geoplug.core.plugins\n"
        f"print(json.dumps({{'heavy': [m for m in {HEAVY!r} if m in sys.modules]}}))\n"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                            timeout=60, check=True)
    report = json.loads(result.stdout.strip().splitlines()[-1])
    assert report["heavy"] == []


def test_core_public_names_resolve_lazily() -> None:
    code = "import sys, geoplug.core as c; print('torch' in sys.modules, 'BoundingBox' in dir(c))"
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                            timeout=60, check=True)
    assert result.stdout.split() == ["False", "True"]
