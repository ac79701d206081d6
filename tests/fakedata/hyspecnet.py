"""Fake HySpecNet-11k: ``hyspecnet-11k-01..10.tar.gz`` of patches and the splits tarball.

Ten EnMAP tiles (one per archive) of two patches each, ``hyspecnet-11k/patches/<tile>/
<patch>/<patch>-SPECTRAL_IMAGE.TIF`` (224 int16 bands, 4 x 4 for 128 x 128) plus a
``-DATA.npy`` of the 202 kept bands; split lists name the ``-DATA.npy`` files.
easy: patches 0..13 train, 14..17 val, 18..19 test (interleaved across tiles);
hard: tiles 0..6 train, 7..8 val, 9 test.

Pixel (r, c) of on-disk band b (0-based) of patch p: ``1013 p + 7 b + 4 r + c``.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np

from fakedata._dc_util import tar_dirs, write_tif

DROPPED = {*range(127, 142), *range(161, 168)}  # 1-based
SIZE = 4
TILES = [f"ENMAP01-____L2A-DT00000049{50 + t:02d}_20221103T1624{t:02d}Z_001_V010110_"
         f"20221118T145147Z" for t in range(10)]


def patch_name(tile: int, k: int) -> str:
    return f"{TILES[tile]}-Y0{146 + k}0273_X0567069{tile}"


def patch_index(tile: int, k: int) -> int:
    return 2 * tile + k


def value(p: int, band: int, row: int, col: int) -> int:
    return 1013 * p + 7 * band + 4 * row + col


def make(root: Path, strategies: tuple[str, ...] = ("easy", "hard")) -> dict[str, object]:
    """Write the eleven archives; ``strategies=("easy",)`` leaves the hard split lists out, as
    TorchGeo's sample does."""
    staging = root / "_staging"
    top = staging / "hyspecnet-11k"
    rows, cols = np.indices((SIZE, SIZE))
    easy: dict[str, list[str]] = {"train": [], "val": [], "test": []}
    hard: dict[str, list[str]] = {"train": [], "val": [], "test": []}
    archives: dict[str, str] = {}
    for t in range(10):
        for k in range(2):
            p = patch_index(t, k)
            name = patch_name(t, k)
            folder = top / "patches" / TILES[t] / name
            cube = np.stack([value(p, b, rows, cols) for b in range(224)]).astype(np.int16)
            write_tif(folder / f"{name}-SPECTRAL_IMAGE.TIF", cube, crs="EPSG:32617",
                      res=30.0)
            kept = [b for b in range(224) if b + 1 not in DROPPED]
            np.save(folder / f"{name}-DATA.npy", cube[kept].astype(np.float32))
            entry = f"{TILES[t]}/{name}/{name}-DATA.npy"
            order = k * 10 + t  # interleave tiles
            easy["train" if order < 14 else "val" if order < 18 else "test"].append(entry)
            hard["train" if t < 7 else "val" if t < 9 else "test"].append(entry)
    for strategy, lists in (("easy", easy), ("hard", hard)):
        if strategy not in strategies:
            continue
        for split, entries in lists.items():
            path = top / "splits" / strategy / f"{split}.csv"
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text("\n".join(sorted(entries)) + "\n")
    # one tile per archive: stage each under its own hyspecnet-11k/patches/<tile>
    for t in range(10):
        part = root / f"_part{t}"
        (part / "hyspecnet-11k" / "patches").mkdir(parents=True)
        (top / "patches" / TILES[t]).rename(part / "hyspecnet-11k" / "patches" / TILES[t])
        archive = root / f"hyspecnet-11k-{t + 1:02d}.tar.gz"
        archives[archive.name] = tar_dirs(part, ["hyspecnet-11k"], archive)
    archive = root / "hyspecnet-11k-splits.tar.gz"
    (top / "patches").rmdir()
    archives[archive.name] = tar_dirs(staging, ["hyspecnet-11k"], archive)
    return {"dir": root, "archives": archives}
