"""Fake Fields of The World: ``<country>.zip`` archives as on Source Cooperative.

Each archive (no top folder; extracted into ``<root>/<country>/``) holds
``s2_images/window_a|window_b/<aoi>.tif`` (4-band uint16, 10 m, UTM), ``label_masks/
semantic_2class|semantic_3class|instance/<aoi>.tif`` (uint8/uint8/int32) and the chips table
``chips_<country>.parquet`` (``aoi_id``, ``split``). Without pyarrow the table cannot be
written as Parquet here, so the generator writes ``chips_<country>.csv`` with the same columns
(the loader's documented fallback); ``info["parquet"]`` says which. One chip per country lacks
its window_b image, as a few hundred do in the release.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import numpy as np

from fakedata._made import unstage
from fakedata._segutil import files_under, md5, write_tif, zip_tree

H, W = 10, 12
#: country -> [(aoi_id, split)] in table order
CHIPS = {
    "austria": [("g211_c0017_r3", "train"), ("g211_c0018_r3", "val"),
                ("g212_c0001_r1", "train"), ("g212_c0002_r1", "test"),
                ("g212_c0003_r1", "train")],
    "rwanda": [("g0_c0100_r9", "train"), ("g0_c0101_r9", "val")],
}
#: chips whose window_b image is missing (skipped by the loader)
MISSING_B = {"g212_c0003_r1"}


def chip_index(aoi: str) -> int:
    return [a for chips in CHIPS.values() for a, _ in chips].index(aoi)


def image(aoi: str, window: int) -> np.ndarray:
    """``[4,H,W]`` uint16: 1000*window + 100*band + row*W + col + 3*chip."""
    bands, rows, cols = np.indices((4, H, W))
    return (1000 * window + 100 * bands + rows * W + cols + 3 * chip_index(aoi)).astype(np.uint16)


def mask(aoi: str, target: str) -> np.ndarray:
    rows, cols = np.indices((H, W))
    i = chip_index(aoi)
    if target == "semantic_2class":
        return ((rows + cols + i) % 2).astype(np.uint8)
    if target == "semantic_3class":
        return ((rows + 2 * cols + i) % 3).astype(np.uint8)
    return ((rows // 3) * 4 + cols // 3 + 1 + i).astype(np.int32)


def _table(folder: Path, country: str) -> bool:
    rows = CHIPS[country]
    try:
        import pyarrow as pa
        import pyarrow.parquet as pq
    except ImportError:
        (folder / f"chips_{country}.csv").write_text(
            "aoi_id,split\n" + "".join(f"{a},{s}\n" for a, s in rows))
        return False
    pq.write_table(pa.table({"aoi_id": [a for a, _ in rows], "split": [s for _, s in rows]}),
                   folder / f"chips_{country}.parquet")
    return True


def make(root: Path, extract: bool = False) -> dict[str, Any]:
    md5s = {}
    parquet = False
    for country, chips in CHIPS.items():
        stage = root / f".stage_{country}"
        stage.mkdir(parents=True, exist_ok=True)
        for aoi, _ in chips:
            for w, window in enumerate(("window_a", "window_b")):
                if window == "window_b" and aoi in MISSING_B:
                    continue
                write_tif(stage / "s2_images" / window / f"{aoi}.tif", image(aoi, w),
                          crs="EPSG:32633", origin=(500000.0 + 3000 * chip_index(aoi), 5300000.0),
                          res=10.0)
            for target in ("semantic_2class", "semantic_3class", "instance"):
                write_tif(stage / "label_masks" / target / f"{aoi}.tif", mask(aoi, target),
                          crs="EPSG:32633", origin=(500000.0 + 3000 * chip_index(aoi), 5300000.0),
                          res=10.0)
        parquet = _table(stage, country)
        archive = zip_tree(root / f"{country}.zip", stage, files_under(stage))
        md5s[archive.name] = md5(archive)
        unstage(stage, root / country, extract)
    return {"dir": root, "archives": md5s, "parquet": parquet}
