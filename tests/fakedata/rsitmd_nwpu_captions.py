"""Fake RSITMD and NWPU-Captions in the publishers' layouts.

* RSITMD: ``RSITMD.zip`` holding the folder the README lists, ``RSITMD/images/<class>_<n>.tif``
  (3-band uint8 TIFF, no georeference), ``RSITMD/dataset_RSITMD.json`` (Karpathy-style:
  ``images`` entries with ``filename``, ``imgid``, ``split`` (train / test), ``sentids``,
  ``sentences`` of ``tokens`` / ``raw`` / ``imgid`` / ``sentid``, and ``keywords``) and
  ``RSITMD/rsitmd_api.py``;
* NWPU-Captions: ``dataset_nwpu.json`` loose in the folder, as in the publisher's repository
  (a mapping of class to entries ``{filename, split, raw, raw_1 ... raw_4, sentids, imgid}``),
  and ``NWPU_images.tar.gz`` holding ``NWPU_images/<class>/<class>_<nnn>.jpg``.

Image ``n`` (its ``imgid``) is ``coded_image(n)``: file, band, row and column in every pixel.
Splits interleave in the files as in the real ones (``RSITMD_SPLITS``, ``NWPU_ENTRIES``).
RSITMD's image 0 has a blank sentence among its five (as old copies had) and image 3 no
keywords; NWPU's image 1 has a blank ``raw_2`` and image 2 its ``raw_*`` keys in reverse
order. JPEG is lossy, so NWPU's expected pixels are the written files as Pillow decodes them.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import numpy as np
from PIL import Image

from fakedata._made import unstage
from fakedata._scene_classification import write_jpeg, write_tif
from fakedata._segutil import coded_image, files_under, md5, tar_tree, zip_tree

RSITMD_NAMES = ("airport_12.tif", "baseballfield_452.tif", "beach_3.tif", "boat_77.tif",
                "bridge_101.tif", "church_8.tif", "denseresidential_40.tif")
RSITMD_SPLITS = ("train", "test", "train", "train", "test", "train", "test")
RSITMD_SHAPE = (12, 16)
#: (class, filename, split) of NWPU image n, class by class as in dataset_nwpu.json
NWPU_ENTRIES = (("airplane", "airplane_001.jpg", "train"),
                ("airplane", "airplane_002.jpg", "val"),
                ("airplane", "airplane_003.jpg", "test"),
                ("baseball_diamond", "baseball_diamond_001.jpg", "train"),
                ("baseball_diamond", "baseball_diamond_002.jpg", "train"),
                ("baseball_diamond", "baseball_diamond_003.jpg", "test"),
                ("sea_ice", "sea_ice_001.jpg", "val"),
                ("sea_ice", "sea_ice_002.jpg", "train"))
NWPU_SHAPE = (16, 24)


def captions(name: str, n: int) -> list[str]:
    """The five (non-blank) captions of image ``n`` of dataset ``name`` as written."""
    return [f"{name} image {n} caption {k} : a white plane is near the runway ." for k in range(5)]


def keywords(n: int) -> list[str]:
    """RSITMD keywords of image ``n`` (image 3 has none)."""
    return [] if n == 3 else [f"keyword {n}", RSITMD_NAMES[n].split("_")[0]]


def split_indices(name: str, split: str) -> list[int]:
    """The imgids of ``split``, in file order."""
    splits = RSITMD_SPLITS if name == "rsitmd" else tuple(e[2] for e in NWPU_ENTRIES)
    return [n for n, s in enumerate(splits) if s == split]


def write_rsitmd_json(path: Path) -> None:
    entries = []
    for n, filename in enumerate(RSITMD_NAMES):
        sentences = [{"tokens": t.split(), "raw": t, "imgid": n, "sentid": 5 * n + k}
                     for k, t in enumerate(captions("rsitmd", n))]
        if n == 0:
            sentences.insert(2, {"tokens": [], "raw": "", "imgid": 0, "sentid": 999})
        entry: dict[str, Any] = {"filename": filename, "imgid": n, "split": RSITMD_SPLITS[n],
                                 "sentids": [s["sentid"] for s in sentences],
                                 "sentences": sentences}
        if keywords(n):
            entry["keywords"] = keywords(n)
        entries.append(entry)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps({"images": entries, "dataset": "RSITMD"}))


def write_nwpu_json(path: Path) -> None:
    data: dict[str, list[dict[str, Any]]] = {}
    for n, (cls, filename, split) in enumerate(NWPU_ENTRIES):
        texts = captions("nwpu_captions", n)
        if n == 1:
            texts = [*texts[:2], " ", *texts[2:4]]  # a blank raw_2; raw_4 is then texts[3]
        entry: dict[str, Any] = {"filename": filename, "split": split}
        raws = [("raw" if k == 0 else f"raw_{k}", t) for k, t in enumerate(texts)]
        entry.update(reversed(raws) if n == 2 else raws)  # key order must not matter
        entry.update(sentids=list(range(5 * n, 5 * n + 5)), imgid=n)
        data.setdefault(cls, []).append(entry)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(data))


def nwpu_captions_of(n: int) -> list[str]:
    """NWPU image ``n``'s captions as the loader returns them (blank raw_2 of image 1 out)."""
    texts = captions("nwpu_captions", n)
    return texts[:4] if n == 1 else texts


def make(root: Path, name: str, extract: bool = False) -> dict[str, Any]:
    """Write dataset ``name`` into ``root`` as published (with ``extract``, also unpacked).

    Returns ``dir``, ``archives`` (name -> md5) and ``pixels`` (imgid -> ``[3, H, W]`` uint8
    as a reader decodes them).
    """
    stage = root / ".stage"
    pixels: dict[int, np.ndarray] = {}
    if name == "rsitmd":
        top = stage / "RSITMD"
        for n, filename in enumerate(RSITMD_NAMES):
            pixels[n] = coded_image(n, 3, *RSITMD_SHAPE)
            write_tif(top / "images" / filename, pixels[n])
        write_rsitmd_json(top / "dataset_RSITMD.json")
        (top / "rsitmd_api.py").write_text("# the publisher's annotation parser\n")
        archive = zip_tree(root / "RSITMD.zip", stage, files_under(stage))
    else:
        for n, (cls, filename, _) in enumerate(NWPU_ENTRIES):
            path = stage / "NWPU_images" / cls / filename
            write_jpeg(path, coded_image(n, 3, *NWPU_SHAPE))
            with Image.open(path) as img:
                pixels[n] = np.array(img).transpose(2, 0, 1)
        write_nwpu_json(root / "dataset_nwpu.json")
        archive = tar_tree(root / "NWPU_images.tar.gz", stage, files_under(stage))
    unstage(stage, root, extract)
    return {"dir": root, "archives": {archive.name: md5(archive)}, "pixels": pixels}
