"""Remote sensing image captioning: RSICD, UCM-Captions and Sydney-Captions.

The three share one layout, which is why they share one class here: a folder of images and
one Karpathy-style captions file (the format of ``dataset_coco.json``),
``{"images": [{"filename", "imgid", "split", "sentids", "sentences": [{"tokens", "raw",
"imgid", "sentid"}]}], "dataset": ...}``, whose ``split`` field (``train``, ``val``,
``test``) is the official split. Samples are the image as stored and its captions as text
(tokenising them is the model's business):

* RSICD (Lu et al., 2017; https://github.com/201528014227051/RSICD_optimal): 10,921 RGB
  JPEGs of 224x224 px from Google Earth, Baidu Map, MapABC and Tianditu, in
  ``RSICD_images/`` (``RSICDimages/`` in some copies), captions in ``dataset_rsicd.json``;
  8,734 / 1,094 / 1,093 images. The publisher's repository holds ``RSICD_images.zip`` (Git
  LFS, SHA-256 published in its pointer), fetched with ``download=True``; the captions file
  comes only through the cloud-drive links of its README.
* UCM-Captions (Qu et al., 2016): the 2,100 UC Merced chips renamed ``imgs/1.tif`` ...
  ``imgs/2100.tif`` (256x256, 1 ft), captions in ``dataset.json``; ``UCM_captions.zip``.
* Sydney-Captions (Qu et al., 2016): 613 RGB TIFFs (500x500 px, 0.5 m) of Sydney,
  ``imgs/1.tif`` ..., captions in ``dataset.json``; ``Sydney_captions.zip``.

UCM- and Sydney-Captions are shared only through MEGA / Baidu / Google Drive folders (no
direct URL, no checksum), so put the zip (or what it unpacks to) in ``root``. A zip found
there is extracted; a ``.rar`` of the images (some copies ship ``imgs.rar``) must be
unpacked by the user (no RAR reader is assumed). Images are returned at their stored size
(a few UC Merced chips are not 256x256: resize in ``transforms`` to batch them).
"""

from __future__ import annotations

import json
import os
import textwrap
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, ClassVar

import numpy as np

from geoplug.core.chipfiles import read_chip
from geoplug.core.download import Resource, fetch
from geoplug.core.errors import DatasetNotFoundError, InvalidDataError
from geoplug.core.nongeo import NonGeoDataset, Sample, Transforms
from geoplug.datasets._catalog import spec

if TYPE_CHECKING:  # pragma: no cover
    from matplotlib.figure import Figure

__all__ = ["RSICD", "CaptionedImages", "SydneyCaptions", "UCMCaptions", "read_karpathy"]

_RSICD_PAGE = "https://github.com/201528014227051/RSICD_optimal"
#: the commit of the publisher's repository that added RSICD_images.zip (Git LFS)
_RSICD_COMMIT = "30bf7e85ddfb919dc724a7b2b4a46fbd39e8371e"
#: the MEGA folders the publisher's README points to for the two Qu et al. datasets
_UCM_PAGE = "https://mega.nz/folder/wCpSzSoS#RXzIlrv--TDt3ENZdKN8JA"
_SYDNEY_PAGE = "https://mega.nz/folder/pG4yTYYA#4c4buNFLibryZnlujsrwEQ"
#: the caption archives' top folders and the captions file names, so that one dataset never
#: takes another's dataset.json or image folder for its own in a shared root
_ARCHIVE_TOPS = ("UCM_captions", "Sydney_captions")
_CAPTIONS_FILES = ("dataset.json", "dataset_rsicd.json", "dataset_RSITMD.json", "dataset_nwpu.json")


def read_karpathy(path: Path, split: str) -> list[tuple[str, list[str]]]:
    """``(filename, captions)`` of the entries of ``split`` in a Karpathy-style captions file,
    in file order; blank sentences (stray ``" "`` entries) are not captions.

    Raises:
        InvalidDataError: the file is missing, does not parse, or lacks ``images`` /
            ``filename`` / ``sentences``.
    """
    try:
        entries = json.loads(path.read_text(encoding="utf-8-sig"))["images"]
        found = []
        for entry in entries:
            if entry.get("split") != split:
                continue
            texts = [str(s.get("raw") or "").strip() for s in entry["sentences"]]
            found.append((str(entry["filename"]), [t for t in texts if t]))
    except FileNotFoundError as exc:
        raise InvalidDataError(f"no captions file {path}") from exc
    except (OSError, UnicodeDecodeError, ValueError, KeyError, TypeError,
            AttributeError) as exc:
        raise InvalidDataError(
            f"cannot parse {path} ({exc!r}); expected Karpathy-style captions "
            "{'images': [{'filename', 'split', 'sentences': [{'raw'}]}]}; the file may be "
            "truncated or of another dataset — get it again") from exc
    return found


class CaptionedImages(NonGeoDataset):
    """Images with several captions each: ``image`` float32 ``[C, H, W]`` (values as stored),
    ``caption`` (str, the ``caption_index``-th of the image's captions) and ``captions``
    (list of str, all of them, in the file's order).

    A subclass names its ``captions_file``, the candidate ``image_folders`` (the publisher's
    name first), the ``archives`` that unpack to them, and the ``page`` to get them from.
    """

    captions_file: ClassVar[str] = "dataset.json"
    image_folders: ClassVar[tuple[str, ...]] = ("imgs", "images")
    #: zips of the publisher (extracted when found in ``root``); ``resources`` are the ones
    #: that can also be downloaded
    archives: ClassVar[tuple[str, ...]] = ()
    page: ClassVar[str] = ""

    def __init__(
        self,
        root: str | os.PathLike[str] = "data",
        split: str = "train",
        bands: Sequence[str] | None = None,
        transforms: Transforms | None = None,
        download: bool = False,
        checksum: bool = False,
        caption_index: int = 0,
    ) -> None:
        """
        Raises:
            ValueError: unknown split or band, or a negative ``caption_index``.
            DatasetNotFoundError: the captions file or the image folder is not under
                ``root`` (nor a zip that makes them); the message says where it looked
                and how to get them.
            ChecksumError: ``checksum`` is True and a published archive does not match.
            InvalidDataError: the captions file does not parse, or lists an image of the
                split that is not in the image folder (the first is named).
        """
        if caption_index < 0:
            raise ValueError(f"{self.name}: caption_index must be >= 0, not {caption_index}")
        self.caption_index = caption_index
        super().__init__(root, split, bands, transforms, download, checksum)

    # -- layout -------------------------------------------------------------------------------
    def _captions_path(self) -> Path | None:
        """The captions file: in ``root``, in the folder the zip makes (``UCM_captions/``),
        else the only one up to two folders down (never another dataset's ``dataset.json``
        when several share ``root``)."""
        for base in (self.root, *(self.root / Path(a).stem for a in self.archives)):
            if (base / self.captions_file).is_file():
                return base / self.captions_file
        found = self._nested_captions()
        return found[0] if len(found) == 1 else None

    def _nested_captions(self) -> list[Path]:
        others = set(_ARCHIVE_TOPS) - {Path(a).stem for a in self.archives}
        return sorted(p for pattern in ("*/", "*/*/")
                      for p in self.root.glob(pattern + self.captions_file)
                      if not others & set(p.relative_to(self.root).parts[:-1]))

    def _image_folder(self) -> Path | None:
        """The image folder beside the captions file, else anywhere two levels down."""
        captions = self._captions_path()
        if captions is not None:
            for name in self.image_folders:
                if (captions.parent / name).is_dir():
                    return captions.parent / name
        for level in range(3):  # up to two folders down, never beside another captions file
            for name in self.image_folders:
                for folder in sorted(self.root.glob("/".join(["*"] * level + [name]))):
                    if folder.is_dir() and not any(
                            (folder.parent / f).is_file() and folder.parent / f != captions
                            for f in _CAPTIONS_FILES):
                        return folder
        return None

    def _exists(self) -> bool:
        return self._captions_path() is not None and self._image_folder() is not None

    def _prepare(self, download: bool, checksum: bool) -> None:
        """Extract the publisher's zips found in ``root``; download what can be downloaded.

        Raises:
            DatasetNotFoundError: the files are still missing (the hint says which and where
                to get them).
            ChecksumError: ``checksum`` is True and a published archive does not match.
        """
        if self._exists():
            return
        known = {r.filename: r for r in self.resources}
        present = [known.get(name, Resource(self.page, name)) for name in self.archives
                   if (self.root / name).is_file()]
        if present:
            fetch(present, self.root, checksum)
        if download and not self._exists() and self.resources and self._captions_path():
            fetch(self.resources, self.root, checksum)
        if not self._exists():
            raise DatasetNotFoundError(self.name, self.root, hint=self._not_found_hint())

    def _not_found_hint(self) -> str:
        captions = self._captions_path()
        rars = sorted(p.name for pattern in ("*.rar", "*/*.rar", "*/*/*.rar")
                      for p in self.root.glob(pattern))
        nested = self._nested_captions()
        if captions is None and len(nested) > 1:
            missing = (f"one captions file {self.captions_file} (found {len(nested)}: "
                       f"{', '.join(str(p) for p in nested)}; pass the folder of this "
                       "dataset's as root)")
        elif captions is None:
            missing = f"the captions file {self.captions_file}"
        else:
            missing = f"the image folder ({' or '.join(self.image_folders)})"
        text = (f"Looked for {missing} in {self.root} and two folders down. "
                + self._how_to_get())
        if rars:
            text += (f" Found {', '.join(rars)}: geoplug does not read RAR archives; unpack "
                     f"it (unrar x / 7z x) into {self.root}.")
        return text

    def _how_to_get(self) -> str:
        """Where the files come from (the hint's second sentence)."""
        return (f"download=True cannot fetch it: the publisher shares "
                f"{' / '.join(self.archives)} only through {self.page}; download it there "
                f"and put it (or its extracted folder) in {self.root}.")

    def _load(self) -> None:
        captions = self._captions_path()
        folder = self._image_folder()
        assert captions is not None and folder is not None
        entries = read_karpathy(captions, self.split)
        self.files = [folder / name for name, _ in entries]
        self.captions = [texts for _, texts in entries]
        missing = [p.name for p in self.files if not p.is_file()]
        if missing:
            raise InvalidDataError(
                f"{self.name}: {len(missing)} {self.split} image(s) listed in {captions} are "
                f"not in {folder} (first: {missing[0]}); the images may be of another "
                "release or partly extracted — extract them again")

    def _empty_reason(self) -> str:
        return (f"no entry of {self._captions_path()} has split {self.split!r}; is it the "
                f"captions file of {self.name}?")

    def __len__(self) -> int:
        return len(self.files)

    def __getitem__(self, index: int) -> Sample:
        """Raises: InvalidDataError: the image is unreadable, or has fewer captions than
        ``caption_index`` + 1."""
        import torch

        captions = self.captions[index]
        if self.caption_index >= len(captions):
            raise InvalidDataError(
                f"{self.name}: {self.files[index].name} has {len(captions)} caption(s); "
                f"caption_index {self.caption_index} is out of range")
        array, _ = read_chip(self.files[index], self.band_indices)
        sample: Sample = {"image": torch.from_numpy(array.astype(np.float32)),
                          "caption": captions[self.caption_index],
                          "captions": list(captions)}
        sample.update(self._extra(index))
        return self._apply(sample)

    def _extra(self, index: int) -> Sample:
        """Entries a subclass adds to sample ``index`` (its transforms see them too)."""
        return {}

    def plot(self, sample: Sample, show_titles: bool = True, suptitle: str | None = None
             ) -> Figure:
        """The image, titled with its caption."""
        fig = super().plot(sample, show_titles=show_titles, suptitle=suptitle)
        if show_titles and sample.get("caption"):
            fig.axes[0].set_title(textwrap.fill(str(sample["caption"]), 48), fontsize=8)
        return fig


class RSICD(CaptionedImages, spec=spec("rsicd")):
    """RSICD: RGB JPEGs of 224x224 px with five captions each."""

    captions_file = "dataset_rsicd.json"
    image_folders = ("RSICD_images", "RSICDimages", "images")
    archives = ("RSICD_images.zip",)
    page = _RSICD_PAGE
    # the SHA-256 and size (484,955,574 bytes) are those of the Git LFS pointer
    resources = (
        Resource(f"{_RSICD_PAGE}/raw/{_RSICD_COMMIT}/RSICD_images.zip", "RSICD_images.zip",
                 sha256="0d3ebda15b8b1e5c2754270d38462251e8c61489b54e463e499c978da4b91d10"),
    )

    def _how_to_get(self) -> str:
        return (f"The captions file dataset_rsicd.json is shared only through the Google "
                f"Drive / Baidu / MEGA links of {_RSICD_PAGE}: put it in {self.root}; then "
                f"download=True fetches RSICD_images.zip from that repository (or put the "
                "images there yourself).")


class UCMCaptions(CaptionedImages, spec=spec("ucm_captions")):
    """UCM-Captions: the UC Merced RGB TIFFs (256x256) with five captions each."""

    archives = ("UCM_captions.zip",)
    page = _UCM_PAGE


class SydneyCaptions(CaptionedImages, spec=spec("sydney_captions")):
    """Sydney-Captions: RGB TIFFs of Sydney (500x500) with five captions each."""

    archives = ("Sydney_captions.zip",)
    page = _SYDNEY_PAGE
