"""Fake RSICD, UCM-Captions and Sydney-Captions in the publishers' layouts.

* RSICD: ``dataset_rsicd.json`` loose in the folder (it comes through a cloud-drive link of
  its own) and ``RSICD_images.zip`` holding ``RSICD_images/<name>.jpg`` (class-named and
  numbered files, as in the real folder);
* UCM-Captions: ``UCM_captions.zip`` holding ``UCM_captions/dataset.json`` and
  ``UCM_captions/imgs/<n>.tif`` (3-band uint8 TIFF, no georeference);
* Sydney-Captions: ``Sydney_captions.zip``, the same with ``Sydney_captions/``.

Captions files are Karpathy-style (``images`` entries with ``filename``, ``imgid``,
``split``, ``sentids``, ``sentences`` of ``tokens``/``raw``/``imgid``/``sentid``; a top-level
``dataset``). Image ``n`` (its ``imgid``) is ``coded_image(n)``: file, band, row and column in
every pixel. The splits interleave in the file, as the real ones do: ``SPLITS`` gives each
image's split. Image 0 has a blank sentence among its five, as stray entries in the real
files have. JPEG is lossy, so RSICD's expected pixels are the written files decoded by Pillow.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
from PIL import Image

from fakedata._dc_util import md5
from fakedata._made import unstage
from fakedata._scene_classification import write_jpeg, write_tif
from fakedata._segutil import coded_image, files_under, zip_tree

#: split of image n (its imgid), interleaved as in the published files
SPLITS = ("train", "train", "val", "train", "test", "train", "val", "test", "train")


@dataclass(frozen=True)
class Layout:
    archive: str
    top: str  # the archive's top folder
    images: str  # the image folder's name
    captions: str  # the captions file's name
    names: tuple[str, ...]  # image file names, imgid order
    shape: tuple[int, int]
    captions_in_archive: bool


LAYOUTS = {
    "rsicd": Layout("RSICD_images.zip", "", "RSICD_images", "dataset_rsicd.json",
                    ("airport_1.jpg", "00002.jpg", "bareland_12.jpg", "beach_3.jpg",
                     "00005.jpg", "center_7.jpg", "church_2.jpg", "00008.jpg",
                     "viaduct_99.jpg"), (16, 24), False),
    "ucm_captions": Layout("UCM_captions.zip", "UCM_captions", "imgs", "dataset.json",
                           tuple(f"{n + 1}.tif" for n in range(len(SPLITS))), (12, 16), True),
    "sydney_captions": Layout("Sydney_captions.zip", "Sydney_captions", "imgs", "dataset.json",
                              tuple(f"{n + 1}.tif" for n in range(len(SPLITS))), (10, 14),
                              True),
}


def captions(name: str, n: int) -> list[str]:
    """The five captions of image ``n`` of dataset ``name`` as written."""
    return [f"{name} image {n} caption {k} : many buildings are near a road ." for k in range(5)]


def split_indices(split: str) -> list[int]:
    """The imgids of ``split``, in file order."""
    return [n for n, s in enumerate(SPLITS) if s == split]


def image(n: int, shape: tuple[int, int]) -> np.ndarray:
    """The ``[3, H, W]`` uint8 pixels written as image ``n``."""
    return coded_image(n, 3, *shape)


def write_captions(path: Path, name: str, names: tuple[str, ...]) -> None:
    entries = []
    for n, filename in enumerate(names):
        sentences = [{"tokens": text.split(), "raw": text, "imgid": n, "sentid": 5 * n + k}
                     for k, text in enumerate(captions(name, n))]
        if n == 0:
            sentences.insert(1, {"tokens": [], "raw": " ", "imgid": 0, "sentid": 999})
        entries.append({"filename": filename, "imgid": n, "split": SPLITS[n],
                        "sentids": [s["sentid"] for s in sentences], "sentences": sentences})
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps({"images": entries, "dataset": name}))


def make(root: Path, name: str, extract: bool = False) -> dict[str, Any]:
    """Write dataset ``name`` into ``root`` as published (with ``extract``, also unpacked).

    Returns ``dir``, ``archives`` (name -> md5) and ``pixels`` (imgid -> ``[3, H, W]`` uint8
    as a reader decodes them).
    """
    layout = LAYOUTS[name]
    stage = root / ".stage"
    base = stage / layout.top if layout.top else stage
    pixels: dict[int, np.ndarray] = {}
    for n, filename in enumerate(layout.names):
        path = base / layout.images / filename
        if filename.endswith(".jpg"):
            write_jpeg(path, image(n, layout.shape))
            with Image.open(path) as img:
                pixels[n] = np.array(img).transpose(2, 0, 1)
        else:
            write_tif(path, image(n, layout.shape))
            pixels[n] = image(n, layout.shape)
    captions_path = (base if layout.captions_in_archive else root) / layout.captions
    write_captions(captions_path, name, layout.names)
    archive = zip_tree(root / layout.archive, stage, files_under(stage))
    unstage(stage, root, extract)
    return {"dir": root, "archives": {layout.archive: md5(archive)}, "pixels": pixels}
