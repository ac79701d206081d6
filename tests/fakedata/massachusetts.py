"""Fake Massachusetts Roads / Buildings in the publisher's and the Kaggle copy's layouts.

Publisher (https://www.cs.toronto.edu/~vmnih/data/): ``<collection>/<split>/sat/<id>.tiff``
(RGB uint8) and ``<collection>/<split>/map/<id>.tif`` (0/255; one band for roads, three equal
bands for buildings) with splits ``train``/``valid``/``test``, and in each folder the
``index.html`` listing page, whose links are absolute with a doubled slash
(``.../train/sat//<id>.tiff``). Kaggle: ``archive.zip`` with ``tiff/<train|val|test>/<id>.tiff``,
``tiff/<split>_labels/<id>.tif``, the same as PNG under ``png/``, ``metadata.csv`` and
``label_class_dict.csv``. Tiles are 20x16 px (not 1500x1500) whose pixels encode the file,
band, row and column; maps are hashed from file, row and column.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import numpy as np
from PIL import Image

from fakedata._made import unstage
from fakedata._segutil import coded_image, coded_labels, files_under, md5, write_tif, zip_tree

W, H = 20, 16
HOME = "http://www.cs.toronto.edu/~vmnih/data"
#: collection -> publisher split folder -> tile ids (listed in this, sorted, order)
IDS = {
    "mass_roads": {"train": ["10078660_15", "10228690_15", "99238675_15"],
                   "valid": ["10228675_15"], "test": ["10378780_15", "10828720_15"]},
    "mass_buildings": {"train": ["22678915_15", "22678930_15"], "valid": ["22978945_15"],
                       "test": ["22828930_15", "23429080_15"]},
}
#: publisher split folder -> Kaggle split folder
KAGGLE = {"train": "train", "valid": "val", "test": "test"}
#: the loader's split -> publisher split folder
SPLIT = {"train": "train", "val": "valid", "test": "test"}


def index(collection: str, ident: str) -> int:
    """The tile's number within its collection (what its pixels encode)."""
    every = [i for ids in IDS[collection].values() for i in ids]
    return every.index(ident)


def image(collection: str, ident: str) -> np.ndarray:
    """``[3,H,W]`` uint8 RGB whose values encode tile, band, row and column."""
    return coded_image(index(collection, ident), 3, H, W)


def labels(collection: str, ident: str) -> np.ndarray:
    """``[H,W]`` int64 0/1 (the class where 1), hashed from tile, row and column."""
    return coded_labels(index(collection, ident), H, W, 2)


def target(collection: str, ident: str) -> np.ndarray:
    """The published map: 0/255 uint8, ``[1,H,W]`` for roads, ``[3,H,W]`` for buildings."""
    mask = (labels(collection, ident) * 255).astype(np.uint8)
    return np.stack([mask] * (3 if collection == "mass_buildings" else 1))


def _listing(folder: Path, url: str) -> None:
    """The publisher's ``index.html``: one absolute link per file, doubled slash included."""
    names = sorted(p.name for p in folder.iterdir() if p.suffix in (".tif", ".tiff"))
    body = "".join(f'<a href="{url}//{n}">{n}</a> </br>\n' for n in names)
    (folder / "index.html").write_text(f"<html><body>\n{body}</body></html>\n")


def make(root: Path, collection: str = "mass_roads", url: str = HOME) -> dict[str, Any]:
    """The publisher's tree of ``collection`` under ``root`` (listing pages linking ``url``)."""
    for split, ids in IDS[collection].items():
        base = root / collection / split
        for ident in ids:
            write_tif(base / "sat" / f"{ident}.tiff", image(collection, ident), crs=None)
            write_tif(base / "map" / f"{ident}.tif", target(collection, ident), crs=None)
        for kind in ("sat", "map"):
            _listing(base / kind, f"{url}/{collection}/{split}/{kind}")
    return {"dir": root}


def make_kaggle(root: Path, collection: str = "mass_roads", extract: bool = False
                ) -> dict[str, Any]:
    """The Kaggle copy: ``archive.zip`` in ``root`` (and its tree too when ``extract``)."""
    stage = root / ".stage"
    rows = ["image_id,tiff_image_path,tif_label_path,png_image_path,png_label_path,split"]
    for split, ids in IDS[collection].items():
        name = KAGGLE[split]
        for ident in ids:
            write_tif(stage / "tiff" / name / f"{ident}.tiff", image(collection, ident),
                      crs=None)
            write_tif(stage / "tiff" / f"{name}_labels" / f"{ident}.tif",
                      target(collection, ident), crs=None)
            for folder, array in ((name, image(collection, ident)),
                                  (f"{name}_labels", target(collection, ident))):
                (stage / "png" / folder).mkdir(parents=True, exist_ok=True)
                pixels = array.transpose(1, 2, 0)
                Image.fromarray(pixels if pixels.shape[2] == 3 else pixels[..., 0]).save(
                    stage / "png" / folder / f"{ident}.png")
            rows.append(f"{ident},tiff/{name}/{ident}.tiff,tiff/{name}_labels/{ident}.tif,"
                        f"png/{name}/{ident}.png,png/{name}_labels/{ident}.png,{name}")
    (stage / "metadata.csv").write_text("\n".join(rows) + "\n")
    thing = "road" if collection == "mass_roads" else "building"
    (stage / "label_class_dict.csv").write_text(
        f"name,r,g,b\nbackground,0,0,0\n{thing},255,255,255\n")
    archive = zip_tree(root / "archive.zip", stage, files_under(stage))
    unstage(stage, root, extract)
    return {"dir": root, "archives": {"archive.zip": md5(archive)}}
