"""Fake SatlasPretrain: product folders of per-band PNG tiles, split JSONs, static labels.

``<product>/<image>/<band>/<col>_<row>.png`` as in SatlasPretrain.md: two Sentinel-2 images
(2016 and 2022; both hold tile 10_21, the 2022 one must win), one NAIP image at zoom 17, one
Sentinel-1 image, one Landsat 8/9 month ``landsat/2022-03/`` (tiles 10_20 and 12_20) whose
``b8`` is 8 x 8, ``b10``/``b11`` 2 x 2 and the other bands 4 x 4 (TorchGeo's sample sizes).
Sentinel-2 ``tci`` (RGB) is 8 x 8, ``b05`` … ``b12`` are 4 x 4 (their coarser grid); NAIP
``tci``/``ir`` 8 x 8; Sentinel-1 ``vh``/``vv`` 8 x 8.

Every Sentinel-2 band is one plane of the 8 x 8 grid, sampled at its pixel centres:
``base(image, tile, band) + 2 y + 2 x`` — exact under bilinear upsampling away from the edge
(rows/cols 1..6; 2..5 for the 2 x 2 bands). Landsat band ``b`` is the plane
``landsat_at(tile, b, y, x)`` sampled the same way. Other PNGs: ``base + 2 r + c``.
``static/10_20/land_cover.png`` holds ``(3 r + c) % 12``; 10_21 has no land-cover label.
``metadata/good_images_lowres_all.json`` lists every ``[col, row, image]`` of Sentinel-2
written (``..._highres_all.json`` of NAIP), as the publisher's lists do: they were made from
those products' images only; :func:`write_good_images` writes another. The tree is tarred as the
publisher's ``satlas-dataset-v1-*.tar`` files too.
"""

from __future__ import annotations

import json
import tarfile
from pathlib import Path

import numpy as np

from fakedata._dc_util import md5, write_png

S2_IMAGES = ["S2A_MSIL1C_20160808T181452_N0204_R041_T12SVC_20160808T181447",
             "S2B_MSIL1C_20221230T180749_N0509_R041_T12SVC_20221230T195817"]
S2_TILES = {0: ["10_20", "10_21"], 1: ["10_21", "12_20"]}
S2_BANDS = ["B4", "B3", "B2", "B5", "B6", "B7", "B8", "B11", "B12"]
S2_FILES = ["b05", "b06", "b07", "b08", "b11", "b12"]
NAIP_IMAGE = "m_2508008_nw_17_1_20151013"
NAIP_TILES = ["1000_2000", "1000_2001"]
S1_IMAGE = "S1A_IW_GRDH_1SDV_20220605T000000"
LANDSAT_IMAGE = "2022-03"
LANDSAT_TILES = ["10_20", "12_20"]
#: Landsat band folder -> PNG size (b8 15 m, b10/b11 thermal coarser)
LANDSAT_SIZES = {f"b{i}": 8 if i == 8 else 2 if i in (10, 11) else 4 for i in range(1, 12)}
SPLITS = {"train_lowres": [[10, 20], [10, 21], [11, 20], [12, 20]],
          "test_lowres": [[10, 21]],
          "train_highres": [[1000, 2000], [1000, 2001]], "test_highres": [[1000, 2001]]}
TARS = {"satlas-dataset-v1-sentinel2-a.tar": ("sentinel2", S2_IMAGES[0]),
        "satlas-dataset-v1-sentinel2-b.tar": ("sentinel2", S2_IMAGES[1]),
        "satlas-dataset-v1-naip-2015.tar": ("naip", None),
        "satlas-dataset-v1-sentinel1.tar": ("sentinel1", None),
        "satlas-dataset-v1-landsat.tar": ("landsat", None),
        "satlas-dataset-v1-labels-static.tar": ("static", None),
        "satlas-dataset-v1-metadata.tar": ("metadata", None)}


TILES = ["10_20", "10_21", "12_20", "1000_2000", "1000_2001"]


def base(image: int, tile: str, band: int) -> int:
    return 40 * image + 20 * TILES.index(tile) + 3 * band


def s2_at(image: int, tile: str, band: int, row: int, col: int) -> int:
    """Sentinel-2 band ``band`` (spec order) at 8 x 8 pixel (row, col)."""
    return base(image, tile, band) + 2 * row + 2 * col


def other_at(image: int, tile: str, band: int, row: int, col: int) -> int:
    return base(image, tile, band) + 2 * row + col


def landsat_at(tile: str, band: int, row: float, col: float) -> float:
    """Landsat band ``band`` (0-based, B1 first) at 8 x 8 pixel (row, col)."""
    return base(3, tile, band) + 2 * row + 2 * col


def write_good_images(metadata: Path, triples: list[list[object]],
                      resolution: str = "lowres") -> Path:
    """Write ``metadata/good_images_<resolution>_all.json`` listing ``[col, row, image]``."""
    path = metadata / f"good_images_{resolution}_all.json"
    path.write_text(json.dumps(triples))
    return path


def land_cover(row: int, col: int) -> int:
    return (3 * row + col) % 12


def make(root: Path) -> dict[str, object]:
    tree = root / "tree"
    r8, c8 = np.indices((8, 8))
    r4, c4 = np.indices((4, 4))
    for i, image in enumerate(S2_IMAGES):
        for tile in S2_TILES[i]:
            tci = np.stack([s2_at(i, tile, b, r8, c8) for b in range(3)], axis=-1)
            write_png(tree / "sentinel2" / image / "tci" / f"{tile}.png", tci)
            for k, name in enumerate(S2_FILES):  # 4 x 4: the plane at coarse centres
                coarse = base(i, tile, 3 + k) + 2 + 4 * r4 + 4 * c4
                write_png(tree / "sentinel2" / image / name / f"{tile}.png", coarse)
    for tile in NAIP_TILES:
        tci = np.stack([other_at(0, tile, b, r8, c8) for b in range(3)], axis=-1)
        write_png(tree / "naip" / NAIP_IMAGE / "tci" / f"{tile}.png", tci)
        write_png(tree / "naip" / NAIP_IMAGE / "ir" / f"{tile}.png", other_at(0, tile, 3, r8, c8))
    for k, name in enumerate(("vh", "vv")):
        for tile in ("10_20", "10_21"):
            write_png(tree / "sentinel1" / S1_IMAGE / name / f"{tile}.png",
                      other_at(2, tile, k, r8, c8))
    for tile in LANDSAT_TILES:
        for b, (name, size) in enumerate(LANDSAT_SIZES.items()):
            step = 8 // size  # the 8 x 8 plane at the centres of the coarse pixels
            r, c = np.indices((size, size))
            plane = landsat_at(tile, b, step * r + (step - 1) / 2, step * c + (step - 1) / 2)
            write_png(tree / "landsat" / LANDSAT_IMAGE / name / f"{tile}.png",
                      np.asarray(plane, dtype=np.int64))
    write_png(tree / "static" / "10_20" / "land_cover.png", land_cover(r8, c8))
    (tree / "metadata").mkdir(parents=True)
    for split, tiles in SPLITS.items():
        (tree / "metadata" / f"{split}.json").write_text(json.dumps(tiles))
    (tree / "metadata" / "image_times.json").write_text("{}")
    pairs: dict[tuple[str, str], None] = {}
    for product in ("sentinel2", "naip"):  # the publisher lists these products' images only
        for folder in sorted((tree / product).iterdir()):
            for tile in sorted({p.stem for p in folder.rglob("*.png")}):
                pairs[(tile, folder.name)] = None
    good = [[*map(int, tile.split("_")), image] for tile, image in pairs]
    write_good_images(tree / "metadata", good)
    write_good_images(tree / "metadata", [g for g in good if g[2] == NAIP_IMAGE], "highres")
    archives: dict[str, str] = {}
    for name, (top, sub) in TARS.items():
        with tarfile.open(root / name, "w") as tf:
            tf.add(tree / top / sub if sub else tree / top,
                   arcname=f"{top}/{sub}" if sub else top)
        archives[name] = md5(root / name)
    return {"dir": root, "archives": archives, "tree": tree}
