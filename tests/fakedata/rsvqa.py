"""Fake RSVQA-LR and RSVQA-HR as published on Zenodo (records 6344334 and 6344367).

LR: ``Images_LR.zip`` (members ``Images_LR/<id>.tif``, 3-band uint8 GeoTIFFs) and
``LR_split_<split>_{images,questions,answers}.json``. HR: ``Images.tar`` (plain tar, members
``Data/<id>.tif`` and the ``Data/<id>.png`` copy) and ``USGS_split_<split>_...json`` for
``train``, ``val``, ``test`` and ``test_phili``.

As in the real files, ids are global to the database and each split file lists every id: the
entries of other splits are stubs ``{"id": n, "active": false}``. One question of an active
image is deactivated inside its own split (full fields, ``active: false``) and must be
skipped. Pixels encode the image id, band, row and column (:func:`pixel`), so a test proves
which image a question was paired with and that nothing is transposed.
"""

from __future__ import annotations

import json
import tarfile
from pathlib import Path
from typing import Any

import numpy as np

from fakedata._dc_util import md5, write_png, write_tif, zip_dir

#: per variant: JSON prefix, image folder, archive, image shape (rows, cols), question types,
#: split -> image ids
VARIANTS: dict[str, dict[str, Any]] = {
    "lr": {"prefix": "LR", "folder": "Images_LR", "archive": "Images_LR.zip",
           "shape": (8, 10), "types": ("presence", "comp", "count", "rural_urban"),
           "splits": {"train": [0, 1, 2], "val": [3], "test": [4, 5]}},
    "hr": {"prefix": "USGS", "folder": "Data", "archive": "Images.tar",
           "shape": (10, 8), "types": ("presence", "comp", "count", "area"),
           "splits": {"train": [0, 1, 2], "val": [3], "test": [4], "test_phili": [5, 6]}},
}
QUESTIONS_PER_IMAGE = 3
#: (variant, question id) deactivated inside its own split
DEACTIVATED = {"lr": 4, "hr": 1}


def pixel(image_id: int, band: int, row: Any, col: Any) -> Any:
    """Value of (band, row, col) in image ``image_id``: no other image, band or transpose
    holds the same values."""
    return (40 * image_id + 90 * band + 7 * row + 3 * col + row * col) % 256


def image(image_id: int, shape: tuple[int, int]) -> np.ndarray:
    rows, cols = np.mgrid[0:shape[0], 0:shape[1]]
    return np.stack([pixel(image_id, b, rows, cols) for b in range(3)]).astype(np.uint8)


def question_text(kind: str, qid: int) -> str:
    return {
        "presence": f"Is there a road number {qid}?",
        "comp": f"Are there more buildings than roads in question {qid}?",
        "count": f"How many buildings are there in question {qid}?",
        "rural_urban": f"Is it a rural or an urban area ({qid})?",
        "area": f"What is the area covered by buildings in question {qid}?",
    }[kind]


def answer_text(kind: str, qid: int) -> str:
    return {
        "presence": "yes" if qid % 2 else "no",
        "comp": "no" if qid % 2 else "yes",
        "count": str(3 * qid + 1),
        "rural_urban": "urban" if qid % 2 else "rural",
        "area": f"{7 * qid}m2",
    }[kind]


def _write_json(path: Path, key: str, entries: list[dict[str, Any]]) -> None:
    path.write_text(json.dumps({key: entries}), encoding="utf-8")


def make_variant(root: Path, variant: str) -> dict[str, Any]:
    """One variant's archive and JSON files under ``root``.

    Returns ``archives`` (name -> md5), ``jsons`` (file names), ``expected`` (split -> list of
    ``(image id, question, type, answer)`` in file order) and ``shape``.
    """
    v = VARIANTS[variant]
    root.mkdir(parents=True, exist_ok=True)
    staging = root / "_staging"
    all_images = [i for ids in v["splits"].values() for i in ids]
    for image_id in all_images:
        array = image(image_id, v["shape"])
        write_tif(staging / v["folder"] / f"{image_id}.tif", array,
                  crs="EPSG:32631" if variant == "lr" else "EPSG:26918")
        if variant == "hr":  # the publisher's redundant PNG copy
            write_png(staging / v["folder"] / f"{image_id}.png", array.transpose(1, 2, 0))
    if variant == "lr":
        archives = {v["archive"]: zip_dir(staging, v["folder"], root / v["archive"])}
    else:
        with tarfile.open(root / v["archive"], "w") as tf:
            tf.add(staging / v["folder"], arcname=v["folder"])
        archives = {v["archive"]: md5(root / v["archive"])}

    # the whole database: question qid of image i is i * QUESTIONS_PER_IMAGE + k
    full_images, full_questions, full_answers = [], [], []
    for image_id in range(len(all_images)):
        qids = [image_id * QUESTIONS_PER_IMAGE + k for k in range(QUESTIONS_PER_IMAGE)]
        full_images.append({"id": image_id, "date_added": 1579864752.9,
                            "original_name": f"{1000 + image_id}.png", "sensor": "S",
                            "people_id": 0, "type": "0", "questions_ids": qids,
                            "active": True})
        for k, qid in enumerate(qids):
            kind = v["types"][(image_id + k) % len(v["types"])]
            full_questions.append({"id": qid, "date_added": 1579864753.0, "img_id": image_id,
                                   "people_id": 0, "type": kind,
                                   "question": question_text(kind, qid),
                                   "answers_ids": [2 * qid + 1], "active": True})
            # answer ids differ from question ids, and a decoy answer of the same question
            # precedes the listed one: a reader must follow answers_ids
            full_answers.append({"id": 2 * qid, "date_added": 1579865382.0, "question_id": qid,
                                 "people_id": 1, "answer": "decoy", "active": True})
            full_answers.append({"id": 2 * qid + 1, "date_added": 1579865382.1,
                                 "question_id": qid, "people_id": 0,
                                 "answer": answer_text(kind, qid), "active": True})

    answer_by_id = {a["id"]: a for a in full_answers}
    expected: dict[str, list[tuple[int, str, str, str]]] = {}
    jsons = []
    for split, ids in v["splits"].items():
        in_split = set(ids)

        def keep(entry: dict[str, Any], image_id: int, off: bool = False,
                 in_split: set[int] = in_split) -> dict[str, Any]:
            if image_id in in_split and not off:
                return entry
            if image_id in in_split:  # deactivated inside its own split: fields kept
                return {**entry, "active": False}
            return {"id": entry["id"], "active": False}

        off = DEACTIVATED[variant]
        images = [keep(e, e["id"]) for e in full_images]
        questions = [keep(e, e["img_id"], e["id"] == off) for e in full_questions]
        answers = [keep(e, full_questions[e["question_id"]]["img_id"], e["question_id"] == off)
                   for e in full_answers]
        for key, entries in (("images", images), ("questions", questions),
                             ("answers", answers)):
            name = f"{v['prefix']}_split_{split}_{key}.json"
            _write_json(root / name, key, entries)
            jsons.append(name)
        expected[split] = [(q["img_id"], q["question"], q["type"],
                            answer_by_id[q["answers_ids"][0]]["answer"])
                           for q in questions if q["active"]]
    return {"dir": root, "archives": archives, "jsons": jsons, "expected": expected,
            "shape": v["shape"]}


def make(root: Path) -> dict[str, dict[str, Any]]:
    """Both variants, each in its own folder ``root/lr`` and ``root/hr``."""
    return {variant: make_variant(root / variant, variant) for variant in VARIANTS}
