"""Fake PASTIS100: torchgeo/PASTIS-R-100 ships a ``PASTIS-R.zip`` in the full release's layout
(``PASTIS-R/metadata.geojson``, ``DATA_S2``, ``DATA_S1A``, ``DATA_S1D``, ``ANNOTATIONS``,
``INSTANCE_ANNOTATIONS``), so the fake is :mod:`fakedata.pastis`'s (six patches in folds
1, 2, 3, 4, 5, 1), written under the subset's archive name.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from fakedata import pastis

IDS, FOLDS, SIZE = pastis.IDS, pastis.FOLDS, pastis.SIZE
series, semantic, instances = pastis.series, pastis.semantic, pastis.instances


def make(root: Path, extract: bool = False) -> dict[str, Any]:
    return pastis.make(root, extract=extract)
