"""Fake TreeSatAI: 20 ``aerial_60m_<species>.zip``, ``s1.zip``, ``s2.zip``, ``labels.zip`` and
the split lists, one patch per species (16 train, 4 test).

Aerial patches are 16x16 uint8 CIR (EPSG:25832; the release has 304x304), Sentinel patches
2x2 (S1 float32, S2 uint16 of 12 bands; the release has 6x6). Pixels encode patch, band, row
and column. Aerial zips hold bare file names (extracted into ``aerial/60m/``); s1/s2 zips hold
``s1/60m/...``. Each patch's labels: its own genus (share 0.75) and, for odd patches, the next
genus in the class list (0.25).
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import numpy as np

from fakedata._made import unstage
from fakedata._segutil import coded_image, files_under, md5, write_tif, zip_tree

SPECIES = ["abies_alba", "acer_pseudoplatanus", "alnus_spec", "betula_spec", "cleared",
           "fagus_sylvatica", "fraxinus_excelsior", "larix_decidua", "larix_kaempferi",
           "picea_abies", "pinus_nigra", "pinus_strobus", "pinus_sylvestris", "populus_spec",
           "prunus_spec", "pseudotsuga_menziesii", "quercus_petraea", "quercus_robur",
           "quercus_rubra", "tilia_spec"]
CLASSES = ["Abies", "Acer", "Alnus", "Betula", "Cleared", "Fagus", "Fraxinus", "Larix",
           "Picea", "Pinus", "Populus", "Prunus", "Pseudotsuga", "Quercus", "Tilia"]
AERIAL, SENTINEL = 16, 2
TEST = {3, 8, 12, 19}


def name(i: int) -> str:
    genus, _, rest = SPECIES[i].partition("_")
    rest = rest.replace("spec", "spec.")
    return f"{genus.capitalize()}_{rest}_{i % 5 + 1}_{1000 + 37 * i}_WEFL_NLF.tif".replace(
        "__", "_")


def labels(i: int) -> list[list[Any]]:
    genus = SPECIES[i].split("_")[0].capitalize()
    out: list[list[Any]] = [[genus, 0.75 if i % 2 else 1.0]]
    if i % 2:
        out.append([CLASSES[(CLASSES.index(genus) + 1) % len(CLASSES)], 0.25])
    return out


def aerial(i: int) -> np.ndarray:
    return coded_image(i, 4, AERIAL, AERIAL, "uint8")


def s1(i: int) -> np.ndarray:
    return coded_image(i, 3, SENTINEL, SENTINEL, "float32")


def s2(i: int) -> np.ndarray:
    return coded_image(i, 12, SENTINEL, SENTINEL, "uint16")


def split(which: str) -> list[int]:
    return [i for i in range(len(SPECIES)) if (i in TEST) == (which == "test")]


def make(root: Path, extract: bool = False) -> dict[str, Any]:
    stage = root / ".stage"
    archives = []
    for i, species in enumerate(SPECIES):
        folder = stage / "aerial" / "60m"
        write_tif(folder / name(i), aerial(i), crs="EPSG:25832",
                  origin=(552245.4 + 60 * i, 5728215.0), res=0.2)
        archives.append(zip_tree(root / f"aerial_60m_{species}.zip", folder,
                                 [folder / name(i)]))
        for sensor, layer in (("s1", s1), ("s2", s2)):
            write_tif(stage / sensor / "60m" / name(i), layer(i), crs="EPSG:32632",
                      origin=(552245.0 + 60 * i, 5728215.0), res=10)
    for sensor in ("s1", "s2"):
        archives.append(zip_tree(root / f"{sensor}.zip", stage, files_under(stage / sensor)))
    (stage / "labels").mkdir()
    (stage / "labels" / "TreeSatBA_v9_60m_multi_labels.json").write_text(
        json.dumps({name(i): labels(i) for i in range(len(SPECIES))}))
    archives.append(zip_tree(root / "labels.zip", stage, files_under(stage / "labels")))
    for which in ("train", "test"):
        path = root / f"{which}_filenames.lst"
        path.write_text("\n".join(name(i) for i in split(which)) + "\n")
        archives.append(path)
    unstage(stage, root, extract)
    return {"md5": {p.name: md5(p) for p in archives}}
