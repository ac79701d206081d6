"""Fake MADOS: ``MADOS.zip`` as on Zenodo, extracting to ``MADOS/Scene_<n>/{10,20,60}/`` and
``MADOS/splits/{train,val,test}_X.txt``.

Two scenes, one acquired by Sentinel-2A and one by 2B (their files are named by different
centre wavelengths), five crops of 12x18 px at 10 m (6x9 at 20 m, 2x3 at 60 m; the release
has 240x240). Band files are float32 whose native pixels encode crop, band (position in
wavelength order), row and column (:func:`fakedata._segutil.coded_image`); crop 0's B8A has a
NaN at :data:`NAN_AT` (native pixel). Labels ``_L2R_cl_`` are uint8 codes 0-15 hashed from crop,
row and column. Each crop also has ``_conf_``/``_rep_`` rasters and the scene a turbidity file,
which the loader must not take for bands.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import numpy as np

from fakedata._made import unstage
from fakedata._segutil import coded_image, coded_labels, files_under, md5, write_tif, zip_tree

#: (wavelength, resolution folder) of the 11 bands, in band order, per satellite
S2A = [(443, 60), (492, 10), (560, 10), (665, 10), (704, 20), (740, 20), (783, 20), (833, 10),
       (865, 20), (1614, 20), (2202, 20)]
S2B = [(442, 60), (492, 10), (559, 10), (665, 10), (704, 20), (739, 20), (780, 20), (833, 10),
       (864, 20), (1610, 20), (2186, 20)]
SCENES = {"Scene_0": S2A, "Scene_17": S2B}
#: crops in index order: (scene, crop id)
CROPS = [("Scene_0", "1"), ("Scene_0", "2"), ("Scene_0", "12"), ("Scene_17", "3"),
         ("Scene_17", "5")]
SPLITS = {"train": ["Scene_0_12", "Scene_17_3", "Scene_0_1"], "val": ["Scene_17_5"],
          "test": ["Scene_0_2"]}
HEIGHT, WIDTH = 12, 18
NAN_AT = (1, 4)  # crop 0, B8A (band 8), native 20 m pixel (row 1, col 4)
ARCHIVE = "MADOS.zip"


def index(name: str) -> int:
    scene, _, crop = name.rpartition("_")
    return CROPS.index((scene, crop))


def native(i: int, band: int) -> np.ndarray:
    """Band ``band`` of crop ``i`` at its native resolution, ``[h, w]`` float32."""
    scene, _ = CROPS[i]
    factor = SCENES[scene][band][1] // 10
    array = coded_image(i, 11, HEIGHT // factor, WIDTH // factor, "float32")[band]
    if i == 0 and band == 8:
        array[NAN_AT] = np.nan
    return array


def labels(i: int) -> np.ndarray:
    return coded_labels(i, HEIGHT, WIDTH, 16).astype(np.uint8)


def make(root: Path, extract: bool = False) -> dict[str, Any]:
    """Write ``MADOS.zip`` into ``root`` (and ``root/MADOS`` with ``extract``)."""
    stage = root / ".stage"
    top = stage / "MADOS"
    for i, (scene, crop) in enumerate(CROPS):
        for band, (wavelength, res) in enumerate(SCENES[scene]):
            write_tif(top / scene / str(res) / f"{scene}_L2R_rhorc_{wavelength}_{crop}.tif",
                      native(i, band), crs=None)
        ten = top / scene / "10"
        write_tif(ten / f"{scene}_L2R_cl_{crop}.tif", labels(i), crs=None)
        write_tif(ten / f"{scene}_L2R_conf_{crop}.tif", (labels(i) > 0).astype(np.uint8),
                  crs=None)
        write_tif(ten / f"{scene}_L2R_rep_{crop}.tif", np.zeros((HEIGHT, WIDTH), np.uint8),
                  crs=None)
    for scene in SCENES:
        write_tif(top / scene / "10" / f"{scene}_L2R_TUR_Nechad2016_665_1.tif",
                  np.ones((HEIGHT, WIDTH), np.float32), crs=None)
    (top / "splits").mkdir(parents=True)
    for split, names in SPLITS.items():
        (top / "splits" / f"{split}_X.txt").write_text("\n".join(names) + "\n")
    archive = zip_tree(root / ARCHIVE, stage, files_under(stage))
    unstage(stage, root, extract)
    return {"dir": root, "archives": {ARCHIVE: md5(archive)}}
