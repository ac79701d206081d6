"""Fake SustainBench crop yield release: ``soybeans.zip`` holding
``soybeans/<country>/<split>_{hists,yields,ndvi,years,keys}.npz`` (each array named ``data``,
as ``np.savez(..., data=...)`` writes it), for the countries usa, argentina, brazil and the
publisher's splits train, dev, test.

Histogram values encode country, split, row, bin, time step and band (:func:`hist`), so that
tests prove which row was read and that bins, steps and bands are not transposed; yields,
years, NDVI and keys encode country, split and row too. Years are stored as text (``<U4``)
and yields as a column ``[N, 1]``, two of the forms the release's readers accept.
"""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any

import numpy as np

from fakedata._dc_util import zip_dir

BINS, STEPS, BANDS = 32, 32, 9
COUNTRIES = ("usa", "argentina", "brazil")
#: rows per split file, the same for every country
ROWS = {"train": 3, "dev": 2, "test": 1}


def _code(country: str, split: str) -> int:
    return 10 * COUNTRIES.index(country) + list(ROWS).index(split)


def hist(country: str, split: str, row: int) -> np.ndarray:
    """The float64 ``[BINS, STEPS, BANDS]`` histogram of one row (exact in float32)."""
    bins, steps, bands = np.mgrid[0:BINS, 0:STEPS, 0:BANDS]
    return (_code(country, split) * 1000 + row * 100 + bins + steps / 64 + bands * 0.25
            ).astype(np.float64)


def yield_(country: str, split: str, row: int) -> float:
    return 1.0 + _code(country, split) / 8 + row / 4


def year(country: str, split: str, row: int) -> int:
    return 2005 + (_code(country, split) + row) % 12


def ndvi(country: str, split: str, row: int) -> np.ndarray:
    return (np.arange(STEPS) / 64 + _code(country, split) + row / 8).astype(np.float64)


def key(country: str, split: str, row: int) -> str:
    return f"{17 + row}_{_code(country, split)}_{year(country, split, row)}"


def make(root: Path) -> dict[str, Any]:
    """Write ``soybeans.zip`` into ``root``; return its md5."""
    stage = root / "_staging"
    for country in COUNTRIES:
        folder = stage / "soybeans" / country
        folder.mkdir(parents=True)
        for split, count in ROWS.items():
            rows = range(count)
            parts = {
                "hists": np.stack([hist(country, split, r) for r in rows]),
                "yields": np.array([[yield_(country, split, r)] for r in rows]),
                "ndvi": np.stack([ndvi(country, split, r) for r in rows]),
                "years": np.array([str(year(country, split, r)) for r in rows], dtype="<U4"),
                "keys": np.array([key(country, split, r) for r in rows]),
            }
            for part, data in parts.items():
                np.savez(folder / f"{split}_{part}.npz", data=data)
    archives = {"soybeans.zip": zip_dir(stage, "soybeans", root / "soybeans.zip")}
    shutil.rmtree(stage)
    return {"dir": root, "archives": archives}
