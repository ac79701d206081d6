"""Fake LandCover.ai v1 for the geo loader: ``landcover.ai.v1.zip`` holding
``images/<sheet>.tif`` (RGB uint8) and ``masks/<sheet>.tif`` (uint8 classes 0-4) in EPSG:2180,
two 25 cm orthophotos side by side and one 50 cm one apart, with ``split.py`` and the lists.

Orthophoto ``i`` holds ``coded_image(i, ...)`` and ``coded_labels(i, ...)`` from its
upper-left corner ``ORTHOS[i]``, so a window of either proves file, row and column.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import numpy as np

from fakedata._segutil import coded_image, coded_labels, files_under, write_tif, zip_tree

__all__ = ["ORTHOS", "lcai_image", "lcai_mask", "lcai_tree", "lcai_zip"]

#: sheet -> (origin x, origin y, resolution, height, width)
ORTHOS: dict[str, tuple[float, float, float, int, int]] = {
    "M-33-20-D-c-4-2": (500000.0, 300000.0, 0.25, 48, 64),
    "M-33-20-D-c-4-4": (500016.0, 300000.0, 0.25, 48, 64),  # east of the first
    "N-34-61-B-a-1-1": (600000.0, 400000.0, 0.5, 40, 40),
}


def lcai_image(sheet: str) -> np.ndarray:
    """The orthophoto ``[3, H, W]`` uint8 of ``sheet``."""
    _, _, _, h, w = ORTHOS[sheet]
    return coded_image(list(ORTHOS).index(sheet), 3, h, w)


def lcai_mask(sheet: str) -> np.ndarray:
    """The mask ``[H, W]`` (classes 0-4) of ``sheet``."""
    _, _, _, h, w = ORTHOS[sheet]
    return coded_labels(list(ORTHOS).index(sheet), h, w, 5).astype(np.uint8)


def lcai_tree(root: str | Path, sheets: tuple[str, ...] = tuple(ORTHOS)) -> Path:
    """Write the extracted archive's files (images/, masks/, split.py, lists) under ``root``."""
    root = Path(root)
    for sheet in sheets:
        x, y, res, _, _ = ORTHOS[sheet]
        write_tif(root / "images" / f"{sheet}.tif", lcai_image(sheet), crs="EPSG:2180",
                  origin=(x, y), res=res)
        write_tif(root / "masks" / f"{sheet}.tif", lcai_mask(sheet), crs="EPSG:2180",
                  origin=(x, y), res=res)
    (root / "split.py").write_text("TARGET_SIZE = 512\n")
    for split in ("train", "val", "test"):
        (root / f"{split}.txt").write_text(f"{sheets[0]}_0\n")
    return root


def lcai_zip(folder: str | Path, sheets: tuple[str, ...] = tuple(ORTHOS)) -> Path:
    """Write ``landcover.ai.v1.zip`` (files at its top) into ``folder``."""
    folder = Path(folder)
    stage = lcai_tree(folder / ".stage_lcai", sheets)
    archive = zip_tree(folder / "landcover.ai.v1.zip", stage, files_under(stage))
    shutil.rmtree(stage)
    return archive
