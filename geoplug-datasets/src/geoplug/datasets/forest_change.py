"""Forest-Change: bitemporal RGB pairs over deforestation fronts, change masks and captions.

Brock, Zhang & Anantrasirichai, "Forest-Chat: Adapting Vision-Language Agents for Interactive
Forest Change Analysis" (Ecological Informatics 2026, arXiv:2601.14637). The publisher shares
one archive on Hugging Face (https://huggingface.co/datasets/JimmyBrocko/Forest-Change),
``Forest-Change-dataset.zip``, which unpacks as::

    Forest-Change-dataset/images/<split>/A/<split>_<n>.png       (the earlier image)
    Forest-Change-dataset/images/<split>/B/<split>_<n>.png       (a year later)
    Forest-Change-dataset/images/<split>/label/<split>_<n>.png   (deforestation mask, > 0)
    Forest-Change-dataset/ForestChatcaptions.json

with ``<split>`` one of ``train`` (270 pairs), ``val`` (31) and ``test`` (33). The captions
file follows the LEVIR-CC layout: ``images`` lists one entry per pair with its ``filename``
(the PNG name), ``split`` and ``sentences`` (five, each with its text in ``raw``). Captions
stay text here: tokenising them is the model's business. A root that is the extracted
``Forest-Change-dataset`` folder itself is read too, as is a captions file kept beside it.
"""

from __future__ import annotations

import json
import os
import textwrap
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any, ClassVar

import numpy as np

from geoplug.core.download import Resource
from geoplug.core.errors import InvalidDataError
from geoplug.core.nongeo import Sample, Transforms
from geoplug.datasets._bitemporal import BitemporalPairs
from geoplug.datasets._catalog import spec
from geoplug.datasets._chipio import read_image

if TYPE_CHECKING:  # pragma: no cover
    from matplotlib.figure import Figure

__all__ = ["ForestChange"]

_PAGE = "https://huggingface.co/datasets/JimmyBrocko/Forest-Change"
_FOLDER = "Forest-Change-dataset"
_CAPTIONS = "ForestChatcaptions.json"


class ForestChange(BitemporalPairs, spec=spec("forest_change")):
    """Forest-Change: ``image`` float32 [2, 3, H, W] (before, after; uint8 values), ``mask``
    int64 [H, W] (1 = deforestation), ``caption`` (str, the ``caption_index``-th of the pair's
    captions, in the file's order) and ``captions`` (list of str, all of them).
    """

    # the archive at the revision TorchGeo pins, with its SHA-256 (torchgeo ForestChange)
    resources: ClassVar[tuple[Resource, ...]] = (
        Resource(f"{_PAGE.replace('huggingface.co', 'hf.co')}/resolve/"
                 f"e8b25bf09c85ec85633d1b1b554f7bb23e47724d/{_FOLDER}.zip", f"{_FOLDER}.zip",
                 sha256="424931a075f00f8cf21d4d2f622df688de559494844df4876b59bde13d3d855d"),
    )

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
            DatasetNotFoundError: the split's folders are not under ``root`` and ``download``
                is False (the message says where it looked).
            ChecksumError: ``checksum`` is True and the archive does not match.
            InvalidDataError: an image lacks its partner, its mask or its captions.
        """
        if caption_index < 0:
            raise ValueError(f"forest_change: caption_index must be >= 0, not {caption_index}")
        self.caption_index = caption_index
        super().__init__(root, split, bands, transforms, download, checksum)

    # -- layout -------------------------------------------------------------------------------
    def _befores(self, base: Path) -> list[Path]:
        return sorted((base / "images" / self.split / "A").glob("*.png"))

    def _base(self) -> Path | None:
        """The extracted dataset folder: ``root/Forest-Change-dataset``, else ``root``."""
        for base in (self.root / _FOLDER, self.root):
            if self._befores(base):
                return base
        return None

    def _exists(self) -> bool:
        return self._base() is not None

    def _not_found_hint(self) -> str:
        return (f"Looked for {self.root / _FOLDER}/images/{self.split}/A/*.png. Pass "
                f"download=True to download {_FOLDER}.zip from {_PAGE}, or put it (or its "
                f"extracted folder) in {self.root}.")

    def _load(self) -> None:
        base = self._base()
        assert base is not None
        self._pair(self._befores(base))
        self.captions = self._read_captions(base)

    def _read_captions(self, base: Path) -> list[list[str]]:
        """Each pair's captions, in the order of ``self.files``.

        Raises:
            InvalidDataError: no captions file, one that does not parse, or a pair without
                an entry (names the first).
        """
        path = next((p for p in (base / _CAPTIONS, self.root / _CAPTIONS) if p.is_file()),
                    base / _CAPTIONS)
        try:
            entries = json.loads(path.read_text(encoding="utf-8-sig"))["images"]
            found: dict[str, list[str]] = {}
            for entry in entries:
                if entry.get("split", self.split) == self.split:
                    found[str(entry["filename"])] = [
                        str(s["raw"]).strip() for s in entry.get("sentences", [])
                        if str(s.get("raw") or "").strip()]
        except FileNotFoundError as exc:
            raise InvalidDataError(f"{self.name}: no captions file {path}; extract "
                                   f"{_FOLDER}.zip again") from exc
        except (OSError, UnicodeDecodeError, ValueError, KeyError, TypeError,
                AttributeError) as exc:
            raise InvalidDataError(f"cannot parse {path} ({exc!r}); expected LEVIR-CC style "
                                   "{'images': [{'filename', 'split', 'sentences': [{'raw'}]}]}"
                                   f"; extract {_FOLDER}.zip again") from exc
        missing = [before.name for before, _, _ in self.files if before.name not in found]
        if missing:
            raise InvalidDataError(
                f"{self.name}: {len(missing)} {self.split} pair(s) have no captions in {path} "
                f"(first: {missing[0]}); the captions file may be of another release")
        return [found[before.name] for before, _, _ in self.files]

    def __getitem__(self, index: int) -> Sample:
        import torch

        before, after, label = self.files[index]
        dates = [read_image(path)[self.band_indices] for path in (before, after)]
        captions = self.captions[index]
        if self.caption_index >= len(captions):
            raise InvalidDataError(
                f"{self.name}: {before.name} has {len(captions)} caption(s); caption_index "
                f"{self.caption_index} is out of range")
        sample: Sample = {
            "image": torch.from_numpy(np.stack(dates).astype(np.float32)),
            "mask": torch.from_numpy((read_image(label, "L") > 0).astype(np.int64)),
            "caption": captions[self.caption_index],
            "captions": list(captions),
        }
        return self._apply(sample)

    def plot(self, sample: Sample, show_titles: bool = True, suptitle: str | None = None
             ) -> Figure:
        """Both dates and the mask, with the sample's caption underneath."""
        fig = super().plot(sample, show_titles=show_titles, suptitle=suptitle)
        caption: Any = sample.get("caption")
        if show_titles and caption:
            fig.text(0.5, 0.01, textwrap.fill(str(caption), 100), ha="center", va="bottom",
                     fontsize=8)
        return fig
