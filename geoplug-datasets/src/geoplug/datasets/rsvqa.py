"""RSVQA: visual question answering for remote sensing data (Lobry et al., TGRS 2020).

Both variants are published on Zenodo with the same JSON schema (the publisher's
``AutomaticDB/DataSpecification.md`` in https://github.com/syvlo/RSVQA), three files per split:

* ``<prefix>_split_<split>_images.json``: ``{"images": [{"id", "questions_ids", "active",
  ...}]}``;
* ``<prefix>_split_<split>_questions.json``: ``{"questions": [{"id", "img_id", "type",
  "question", "answers_ids", "active", ...}]}``;
* ``<prefix>_split_<split>_answers.json``: ``{"answers": [{"id", "question_id", "answer",
  "active", ...}]}``.

Every split file lists the ids of the whole database; the entries of other splits are
``active: false`` (and may carry nothing but ``id`` and ``active``), so only active entries
are read. The publisher's loader (``VQA_model/VQALoader.py``) filters the images only and takes
every question they list and the first of its ``answers_ids``; here an inactive question or
answer is skipped too (the two agree unless a file marks a question of an active image
inactive). A question's answer is the first active entry of its ``answers_ids``. Question
types are the publisher's words:
``presence``, ``comp`` (comparison), ``count``, ``rural_urban`` (LR only) and ``area`` (HR
only). Answers stay text (``"yes"``, ``"12"``, ``"rural"``, ``"153m2"``): binning counts and
areas into classes is the model's business.

* RSVQA-LR (https://zenodo.org/records/6344334): 772 Sentinel-2 RGB tiles of 256x256 px at
  10 m over the Netherlands in ``Images_LR.zip`` (unpacking to ``Images_LR/<id>.tif``),
  prefix ``LR``; 57,223 / 10,005 / 10,004 questions in train / val / test.
* RSVQA-HR (https://zenodo.org/records/6344367): 10,659 USGS orthophotos of 512x512 px at
  15 cm in ``Images.tar`` (unpacking to ``Data/<id>.tif``, each with a ``.png`` copy), prefix
  ``USGS``; 625,340 / 102,843 / 222,684 questions in train / val / test, and 105,647 in
  ``test_phili`` (Philadelphia, another sensor, unseen in training).
"""

from __future__ import annotations

import json
import textwrap
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any, ClassVar

import numpy as np

from geoplug.core.chipfiles import read_chip
from geoplug.core.download import Resource
from geoplug.core.errors import InvalidDataError
from geoplug.core.nongeo import NonGeoDataset, Sample
from geoplug.datasets._catalog import spec

if TYPE_CHECKING:  # pragma: no cover
    from matplotlib.figure import Figure

__all__ = ["RSVQAHR", "RSVQALR"]

#: the three files of a split, by the key holding their list
_KINDS = ("images", "questions", "answers")


def _zenodo(record: str, name: str) -> str:
    return f"https://zenodo.org/records/{record}/files/{name}?download=1"


def _split_resources(record: str, prefix: str, splits: Sequence[str]) -> tuple[Resource, ...]:
    """The per-split JSON files (Zenodo publishes no checksum we could confirm for them)."""
    return tuple(Resource(_zenodo(record, f"{prefix}_split_{split}_{kind}.json"),
                          f"{prefix}_split_{split}_{kind}.json", extract=False, splits=(split,))
                 for split in splits for kind in _KINDS)


class _RSVQA(NonGeoDataset):
    """The reader both variants share: a split's three JSON files and one image folder.

    A subclass sets ``prefix`` (of the JSON names), ``image_dirs`` (candidate image folders
    under ``root``, the publisher's archive layout first), ``suffixes`` (image file suffixes,
    in order of preference) and ``archive`` (the image archive's name). The constructor is
    the base one; besides its errors it raises ``DatasetNotFoundError`` when the split's JSON
    files or the image folder are missing (naming both) and ``InvalidDataError`` when a JSON
    file does not parse or an active question lacks a field or its answer.
    """

    prefix: ClassVar[str] = ""
    image_dirs: ClassVar[tuple[str, ...]] = ()
    suffixes: ClassVar[tuple[str, ...]] = (".tif",)
    archive: ClassVar[str] = ""

    # -- layout -------------------------------------------------------------------------------
    def json_path(self, kind: str) -> Path:
        """The publisher's ``<prefix>_split_<split>_<kind>.json`` of this split."""
        return self.root / f"{self.prefix}_split_{self.split}_{kind}.json"

    def _image_dir(self) -> Path | None:
        return next((self.root / d for d in self.image_dirs if (self.root / d).is_dir()), None)

    def _exists(self) -> bool:
        return (all(self.json_path(k).is_file() for k in _KINDS)
                and self._image_dir() is not None)

    def _not_found_hint(self) -> str:
        names = ", ".join(self.json_path(k).name for k in _KINDS)
        return (f"Looked for {names} and the image folder {' or '.join(self.image_dirs)} in "
                f"{self.root}. Pass download=True to download them ({self.archive} is "
                f"extracted), or put the files from {self.spec.homepage if self.spec else ''} "
                f"in {self.root}.")

    # -- index --------------------------------------------------------------------------------
    def _active(self, kind: str) -> dict[int, dict[str, Any]]:
        """The active entries of one JSON file by id.

        Raises:
            InvalidDataError: the file does not parse or lacks its list.
        """
        path = self.json_path(kind)
        try:
            entries = json.loads(path.read_text(encoding="utf-8-sig"))[kind]
            return {int(e["id"]): e for e in entries if e.get("active")}
        except (OSError, UnicodeDecodeError, ValueError, KeyError, TypeError,
                AttributeError) as exc:
            raise InvalidDataError(
                f"{self.name}: cannot read {path} ({exc!r}); expected {{{kind!r}: [{{'id', "
                f"'active', ...}}]}} — download the file again") from exc

    def _load(self) -> None:
        """Index the split's active questions (file order) with their image and answer.

        Raises:
            InvalidDataError: an active question lacks a field, or has no active answer
                although its answers are listed.
        """
        images = self._active("images")
        answers = self._active("answers")
        questions = self._active("questions")
        self.image_ids: list[int] = []
        self.questions: list[str] = []
        self.question_types: list[str] = []
        self.answers: list[str] = []
        path = self.json_path("questions")
        for qid, entry in questions.items():
            try:
                img_id = int(entry["img_id"])
                if img_id not in images:  # the publisher reads active images only
                    continue
                found = [answers[int(a)] for a in entry["answers_ids"] if int(a) in answers]
                text, kind = str(entry["question"]), str(entry["type"])
                answer = str(found[0]["answer"]) if found else None
            except (KeyError, TypeError, ValueError) as exc:
                raise InvalidDataError(f"{self.name}: active question {qid} of {path} lacks "
                                       f"{exc!r}; the file may be of another release") from exc
            if answer is None:
                raise InvalidDataError(
                    f"{self.name}: active question {qid} of {path} has no active answer in "
                    f"{self.json_path('answers')}; the files may be of different releases")
            self.image_ids.append(img_id)
            self.questions.append(text)
            self.question_types.append(kind)
            self.answers.append(answer)

    def _empty_reason(self) -> str:
        return (f"{self.json_path('questions')} holds no active question of an active image "
                f"of {self.json_path('images')}; the files may be of another release")

    def __len__(self) -> int:
        return len(self.questions)

    # -- reading ------------------------------------------------------------------------------
    def image_path(self, image_id: int) -> Path:
        """The file of one image: the first of ``suffixes`` present (the first if none is)."""
        folder = self._image_dir() or self.root / self.image_dirs[0]
        paths = [folder / f"{image_id}{suffix}" for suffix in self.suffixes]
        return next((p for p in paths if p.is_file()), paths[0])

    def __getitem__(self, index: int) -> Sample:
        """``image`` float32 [3, H, W] (values as stored), ``question``, ``question_type`` and
        ``answer`` (str).

        Raises:
            InvalidDataError: the question's image is missing or unreadable.
        """
        import torch

        path = self.image_path(self.image_ids[index])
        if not path.is_file():
            raise InvalidDataError(f"{self.name}: {path}, the image of question {index} of "
                                   f"{self.json_path('questions').name}, is missing; extract "
                                   f"{self.archive} again")
        array, _ = read_chip(path, self.band_indices)
        sample: Sample = {
            "image": torch.from_numpy(array.astype(np.float32)),
            "question": self.questions[index],
            "question_type": self.question_types[index],
            "answer": self.answers[index],
        }
        return self._apply(sample)

    def plot(self, sample: Sample, show_titles: bool = True, suptitle: str | None = None
             ) -> Figure:
        """The image, titled with its question and answer (and a prediction if given)."""
        fig = super().plot(sample, show_titles=show_titles, suptitle=suptitle)
        if show_titles and "question" in sample:
            lines = [textwrap.fill(f"Q ({sample.get('question_type', '?')}): "
                                   f"{sample['question']}", 48),
                     f"A: {sample.get('answer', '?')}"]
            if "prediction" in sample and isinstance(sample["prediction"], str):
                lines.append(f"predicted: {sample['prediction']}")
            fig.axes[0].set_title("\n".join(lines), fontsize=8)
        return fig


class RSVQALR(_RSVQA, spec=spec("rsvqa_lr")):
    """RSVQA-LR: Sentinel-2 RGB tiles (``Images_LR/<id>.tif``) with questions and answers."""

    prefix = "LR"
    image_dirs = ("Images_LR",)
    suffixes = (".tif",)
    archive = "Images_LR.zip"
    resources: ClassVar[tuple[Resource, ...]] = (
        Resource(_zenodo("6344334", "Images_LR.zip"), "Images_LR.zip"),
        *_split_resources("6344334", "LR", ("train", "val", "test")),
    )


class RSVQAHR(_RSVQA, spec=spec("rsvqa_hr")):
    """RSVQA-HR: USGS 15 cm orthophotos (``Data/<id>.tif``, or the ``.png`` copy) with
    questions and answers; splits ``train``, ``val``, ``test`` and ``test_phili``."""

    prefix = "USGS"
    image_dirs = ("Data", "Images")
    suffixes = (".tif", ".png")
    archive = "Images.tar"
    resources: ClassVar[tuple[Resource, ...]] = (
        # md5 as quoted from the Zenodo record by a public download script (not confirmed)
        Resource(_zenodo("6344367", "Images.tar"), "Images.tar",
                 md5="e16c21a040ef4a17afe2d20dffe7758b"),
        *_split_resources("6344367", "USGS", ("train", "val", "test", "test_phili")),
    )
