"""Listing a registry must stay light: no torch, rasterio or dataset module imported."""

from __future__ import annotations

import json
import subprocess
import sys

HEAVY = ["torch", "rasterio", "fiona", "kornia", "numpy", "geoplug.core.raster",
         "geoplug.core.samplers"]


def test_listing_imports_nothing_heavy() -> None:
    code = (
        "import sys, json, time\n"
        "t = time.perf_counter()\n"
        "import geoplug.core.registry as r\n"
        "names = r.datasets.names(); r.models.names(); r.weights.names()\n"
        "import geoplug.core.plugins\n"
        "elapsed = time.perf_counter() - t\n"
        f"print(json.dumps({{'heavy': [m for m in {HEAVY!r} if m in sys.modules], "
        "'elapsed': elapsed}))\n"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                            timeout=60, check=True)
    report = json.loads(result.stdout.strip().splitlines()[-1])
    assert report["heavy"] == []
    # a coarse guard only (importing torch alone takes seconds); the real figure is in the bench
    assert report["elapsed"] < 2.0


def test_core_public_names_resolve_lazily() -> None:
    code = "import sys, geoplug.core as c; print('torch' in sys.modules, 'BoundingBox' in dir(c))"
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                            timeout=60, check=True)
    assert result.stdout.split() == ["False", "True"]
