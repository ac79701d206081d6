"""Remote sensing image-text retrieval and captioning: RSITMD and NWPU-Captions.

Both are images with five captions each, read through :class:`CaptionedImages` (the base of
RSICD, UCM- and Sydney-Captions), so samples have the same keys: ``image`` float32
``[3, H, W]`` as stored, ``caption`` (str, the ``caption_index``-th caption) and ``captions``
(list of str, blank sentences dropped).

* RSITMD (Yuan et al., 2022; https://github.com/xiaoyuan1996/AMFMN/tree/master/RSITMD):
  4,743 RGB TIFFs of 256x256 px in ``RSITMD/images/<class>_<n>.tif`` with the captions in
  ``RSITMD/dataset_RSITMD.json``, a Karpathy-style file (``images`` entries with
  ``filename``, ``split``, ``sentences`` of ``raw`` / ``tokens``) whose ``split`` is
  ``train`` or ``test`` (no val). Each entry's ``keywords`` (fine-grained key words of the
  image) come as the sample's ``keywords`` (list of str; empty when an entry has none). The
  publisher shares the folder only through Google Drive and Baidu Netdisk (no direct URL,
  no checksum): put it (or its zip) in ``root``.
* NWPU-Captions (Cheng et al., 2022; https://github.com/HaiyanHuang98/NWPU-Captions): the
  31,500 NWPU-RESISC45 JPEGs (256x256, 45 classes) with five captions each. Its captions
  file ``dataset_nwpu.json`` is not Karpathy-style: it maps each class to a list of
  ``{filename, split, raw, raw_1, ..., raw_4, sentids, imgid}`` (split ``train`` / ``val`` /
  ``test``), and the images unpack from ``NWPU_images.tar.gz`` (Git LFS in the publisher's
  repository, SHA-256 published in its pointer) to ``NWPU_images/<class>/<filename>``. With
  ``dataset_nwpu.json`` in ``root``, ``download=True`` fetches the images.
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

from geoplug.core.download import Resource
from geoplug.core.errors import InvalidDataError
from geoplug.core.nongeo import Sample
from geoplug.datasets._catalog import spec
from geoplug.datasets.rs_captions import CaptionedImages

__all__ = ["RSITMD", "NWPUCaptions", "read_karpathy_keywords", "read_nwpu_captions"]

_RSITMD_PAGE = "https://github.com/xiaoyuan1996/AMFMN/tree/master/RSITMD"
_NWPU_PAGE = "https://github.com/HaiyanHuang98/NWPU-Captions"
#: the commit of the publisher's repository holding NWPU_images.tar.gz (Git LFS)
_NWPU_COMMIT = "3f57039cd675e2575414d18d53e2d4dae2bcc7ce"
#: ``raw``, ``raw_1`` ... : the caption fields of a dataset_nwpu.json entry
_RAW_KEY = re.compile(r"raw(?:_(\d+))?")


def _load_json(path: Path, expected: str) -> Any:
    """The parsed file; ``expected`` describes its structure for the error message.

    Raises:
        InvalidDataError: the file is missing or does not parse.
    """
    try:
        return json.loads(path.read_text(encoding="utf-8-sig"))
    except FileNotFoundError as exc:
        raise InvalidDataError(f"no captions file {path}") from exc
    except (OSError, UnicodeDecodeError, ValueError) as exc:
        raise InvalidDataError(
            f"cannot parse {path} ({exc!r}); expected {expected}; the file may be truncated "
            "or of another dataset — get it again") from exc


def read_karpathy_keywords(path: Path, split: str) -> list[list[str]]:
    """The ``keywords`` of the entries of ``split`` in a Karpathy-style file, in file order
    (the order of :func:`geoplug.datasets.rs_captions.read_karpathy`, which the base class
    reads the captions with); an entry without keywords has ``[]``.

    Raises:
        InvalidDataError: the file is missing, does not parse, or its ``keywords`` are
            neither a list nor a string.
    """
    data = _load_json(path, "{'images': [{'filename', 'split', 'keywords'}]}")
    found = []
    try:
        for entry in data["images"]:
            if entry.get("split") != split:
                continue
            words = entry.get("keywords") or []
            if isinstance(words, str):
                words = [words]
            if not isinstance(words, list):
                raise TypeError(f"keywords of {entry.get('filename')} is {words!r}")
            found.append([str(w).strip() for w in words if str(w).strip()])
    except (KeyError, TypeError, AttributeError) as exc:
        raise InvalidDataError(f"cannot read the keywords of {path} ({exc!r})") from exc
    return found


def read_nwpu_captions(path: Path, split: str) -> list[tuple[str, list[str]]]:
    """``(class/filename, captions)`` of the entries of ``split`` in NWPU-Captions'
    ``dataset_nwpu.json`` (class by class, as in the file); captions in the order ``raw``,
    ``raw_1`` ... ``raw_4``, blank ones dropped.

    Raises:
        InvalidDataError: the file is missing, does not parse, or is not a mapping of class
            to a list of entries with ``filename`` and ``raw``.
    """
    data = _load_json(path, "{'<class>': [{'filename', 'split', 'raw', 'raw_1', ...}]}")
    found = []
    try:
        for cls, entries in data.items():
            for entry in entries:
                if entry.get("split") != split:
                    continue
                keys = sorted((int(m[1] or 0), k) for k in entry
                              if (m := _RAW_KEY.fullmatch(k)))
                if not keys:
                    raise KeyError(f"raw (in the entry of {entry.get('filename')})")
                texts = [str(entry[k] or "").strip() for _, k in keys]
                found.append((f"{cls}/{entry['filename']}", [t for t in texts if t]))
    except (KeyError, TypeError, AttributeError) as exc:
        raise InvalidDataError(
            f"cannot read {path} ({exc!r}); expected NWPU-Captions' mapping of class to "
            "[{'filename', 'split', 'raw', 'raw_1', ...}] — is it dataset_nwpu.json?") from exc
    return found


class RSITMD(CaptionedImages, spec=spec("rsitmd")):
    """RSITMD: RGB TIFFs (256x256) with five captions and a few keywords each; samples add
    ``keywords`` (list of str) to the captioning keys."""

    captions_file = "dataset_RSITMD.json"
    image_folders = ("images",)
    #: the name the Google Drive file is assumed to have (a zip found in root is extracted)
    archives = ("RSITMD.zip",)
    page = _RSITMD_PAGE

    def _how_to_get(self) -> str:
        return (f"download=True cannot fetch it: the publisher shares the RSITMD folder "
                f"(images/ and dataset_RSITMD.json) only through the Google Drive / Baidu "
                f"Netdisk links of {_RSITMD_PAGE}; download it there and put it (or its zip) "
                f"in {self.root}.")

    def _load(self) -> None:
        super()._load()
        captions = self._captions_path()
        assert captions is not None
        self.keywords = read_karpathy_keywords(captions, self.split)
        if len(self.keywords) != len(self.files):  # the file changed between the two reads
            raise InvalidDataError(f"{self.name}: {captions} changed while being read")

    def _extra(self, index: int) -> Sample:
        return {"keywords": list(self.keywords[index])}


class NWPUCaptions(CaptionedImages, spec=spec("nwpu_captions")):
    """NWPU-Captions: the NWPU-RESISC45 RGB JPEGs (256x256) with five captions each."""

    captions_file = "dataset_nwpu.json"
    image_folders = ("NWPU_images",)
    archives = ("NWPU_images.tar.gz",)
    page = _NWPU_PAGE
    # the SHA-256 and size (407,575,520 bytes) are those of the Git LFS pointer
    resources = (
        Resource(f"{_NWPU_PAGE}/raw/{_NWPU_COMMIT}/NWPU_images.tar.gz", "NWPU_images.tar.gz",
                 sha256="720d6c3430489c9aa99232c3d53b6b9ca48d4b838918d17e7b6e766483fddbec"),
    )

    def _how_to_get(self) -> str:
        return (f"The captions file dataset_nwpu.json comes from the publisher's repository "
                f"{_NWPU_PAGE}: put it in {self.root}; then download=True fetches "
                f"NWPU_images.tar.gz from that repository (or put the archive, or the "
                "NWPU_images folder it unpacks to, there yourself).")

    def _load(self) -> None:
        captions = self._captions_path()
        folder = self._image_folder()
        assert captions is not None and folder is not None
        entries = read_nwpu_captions(captions, self.split)
        self.files = [folder / name for name, _ in entries]
        self.captions = [texts for _, texts in entries]
        missing = [p.relative_to(folder).as_posix() for p in self.files if not p.is_file()]
        if missing:
            raise InvalidDataError(
                f"{self.name}: {len(missing)} {self.split} image(s) listed in {captions} are "
                f"not in {folder} (first: {missing[0]}); the images may be of another "
                "release or partly extracted — extract NWPU_images.tar.gz again")
