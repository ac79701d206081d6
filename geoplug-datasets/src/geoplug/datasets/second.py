"""SECOND: bitemporal aerial RGB pairs with a semantic land-cover label for each date.

Yang et al. (IEEE TGRS 2022, arXiv 2010.05687) collected 4,662 pairs of 512x512 aerial images
(0.5-3 m) of Chinese cities and labelled, in both images of a pair, the pixels that changed,
with one of six land-cover classes; unchanged pixels are white in both labels. The publisher
released the 2,968 training pairs (Baidu / Google Drive links on
http://www.captain-whu.com/project/SCD/, no direct download) and withheld the test labels.
A split's folder holds four sub-folders of same-named PNGs::

    <split>/im1/<nnnnn>.png      the earlier image (RGB)
    <split>/im2/<nnnnn>.png      the later image
    <split>/label1/<nnnnn>.png   the classes of the changed pixels in im1, colour-coded RGB
    <split>/label2/<nnnnn>.png   the same pixels' classes in im2

``<split>`` is ``train`` / ``test`` (the layout most copies use) or the publisher's
``SECOND_train_set``, found in ``root`` or one folder below it (or ``root`` is that folder);
``SECOND_train_set.zip`` put in ``root`` is extracted. Label colours are mapped to the codes
of the spec's ``classes`` (0 = no change, the publisher's white); the binary change map is
``mask[0] != 0``.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any, ClassVar

import numpy as np

from geoplug.core.download import Resource
from geoplug.core.errors import InvalidDataError
from geoplug.core.nongeo import NonGeoDataset, Sample
from geoplug.datasets._bitemporal import natural_key
from geoplug.datasets._catalog import spec
from geoplug.datasets._catalog.change_second import SECOND_COLOURS, SECOND_FOLDERS
from geoplug.datasets._chipio import read_image
from geoplug.datasets._isprs import rgb_to_index
from geoplug.datasets._seg_modern import locate, prepare_manual

if TYPE_CHECKING:  # pragma: no cover
    from matplotlib.figure import Figure

__all__ = ["SECOND", "label_codes"]

HOMEPAGE = "http://www.captain-whu.com/project/SCD/"
#: the publisher's training archive (it unpacks to ``SECOND_train_set/``)
ARCHIVE = "SECOND_train_set.zip"
IMAGES = ("im1", "im2")
LABELS = ("label1", "label2")


def _palette_codes(path: Path) -> np.ndarray | None:
    """The indices of a palette PNG that holds class codes 0-6 under another palette (what
    segmentation tool kits write, e.g. VOC's colours), else ``None``: decoding those colours
    would turn code 1 into SECOND's dark red "building"."""
    from PIL import Image

    try:
        with Image.open(path) as img:
            if img.mode != "P":
                return None
            index = np.asarray(img)
            palette = np.asarray(img.getpalette() or [], dtype=np.int64).reshape(-1, 3)
    except (OSError, ValueError):
        return None  # read_image names the unreadable file
    used = np.unique(index)
    if used.max() >= len(SECOND_COLOURS) or all(
            v < len(palette) and tuple(palette[v]) in SECOND_COLOURS for v in used):
        return None  # a palette of SECOND's own colours: decoded as colours
    return index.astype(np.int64)


def label_codes(path: Path) -> np.ndarray:
    """Class codes ``[H,W]`` (int64) of a ``label1``/``label2`` PNG.

    Colours map to their position in the publisher's table (any other colour counts as
    no change, as the widely used Bi-SRNet loader treats it). A grey image whose values are
    all 0-6, or a palette image of codes 0-6 under another palette, is a copy already
    converted to codes and is read as such (no class colour is a grey that dark).

    Raises:
        InvalidDataError: the file is missing or cannot be decoded.
    """
    index = _palette_codes(path)
    if index is not None:
        return index
    rgb = read_image(path, "RGB")
    if rgb.max() < len(SECOND_COLOURS) and (rgb[0] == rgb[1]).all() and (rgb[0] == rgb[2]).all():
        return rgb[0].astype(np.int64)
    return rgb_to_index(rgb, SECOND_COLOURS, unknown=0)  # as the publisher's code maps them


class SECOND(NonGeoDataset, spec=spec("second")):
    """SECOND semantic change detection pairs of one split.

    Samples: ``image`` float32 ``[2, C, H, W]`` (im1, im2; R, G, B), ``mask`` int64
    ``[2, H, W]`` (the class codes of each date, 0 = no change; absent for a split whose
    ``label1/`` and ``label2/`` folders are absent, as in the unreleased test set).
    """

    resources: ClassVar[tuple[Resource, ...]] = (
        Resource(url=HOMEPAGE, filename=ARCHIVE, splits=("train",)),)

    @property
    def folder(self) -> Path | None:
        """The folder holding this split's ``im1/`` (see :data:`SECOND_FOLDERS`): ``root``
        itself when it is named so, else in ``root`` or one folder below it; ``None`` when
        there is none."""
        if self.root.name in SECOND_FOLDERS[self.split] and (self.root / "im1").is_dir():
            return self.root
        for name in SECOND_FOLDERS[self.split]:
            base = locate(self.root, f"{name}/im1")
            if (base / name / "im1").is_dir():
                return base / name
        return None

    def _exists(self) -> bool:
        return self.folder is not None

    def _prepare(self, download: bool, checksum: bool) -> None:
        """Extract the training archive when it is on disk; the publisher's links are cloud
        drive pages that cannot be fetched, so ``download`` changes nothing.

        Raises:
            DatasetNotFoundError: neither the split's folder nor the archive is there.
            ChecksumError: ``checksum`` is True and the archive does not match.
        """
        folders = " or ".join(f"{name}/" for name in SECOND_FOLDERS[self.split])
        archive = f"put {ARCHIVE} or " if self._needed() else "put "
        prepare_manual(self, checksum, hint=(
            f"SECOND is shared through Baidu / Google Drive links on {HOMEPAGE} (no direct "
            f"download): {archive}a folder {folders} holding im1/ im2/ label1/ label2/ in "
            f"{self.root}."))

    def _load(self) -> None:
        folder = self.folder
        self.files: list[tuple[Path, ...]] = []
        if folder is None:
            return
        labelled = any((folder / name).is_dir() for name in LABELS)
        partners = IMAGES[1:] + (LABELS if labelled else ())
        firsts = (p for p in (folder / IMAGES[0]).glob("*.png") if not p.name.startswith("."))
        for before in sorted(firsts, key=natural_key):  # no macOS ``._<id>.png`` files
            paths = [folder / sub / before.name for sub in partners]
            missing = [str(p) for p in paths if not p.is_file()]
            if missing:
                raise InvalidDataError(
                    f"{self.name}: {before} has no partner {' nor '.join(missing)}; the "
                    "archive looks incompletely extracted — extract it again")
            self.files.append((before, *paths))

    def _empty_reason(self) -> str:
        return f"{self.folder} holds no im1/<n>.png image; extract the archive again"

    def __len__(self) -> int:
        return len(self.files)

    def __getitem__(self, index: int) -> Sample:
        import torch

        paths = self.files[index]
        dates = np.stack([read_image(p)[self.band_indices] for p in paths[:2]])
        sample: Sample = {"image": torch.from_numpy(dates.astype(np.float32))}
        if len(paths) > 2:
            masks = [label_codes(p) for p in paths[2:]]
            for path, mask in zip(paths[2:], masks):
                if mask.shape != dates.shape[-2:]:
                    raise InvalidDataError(
                        f"{self.name}: {path} is {mask.shape[0]}x{mask.shape[1]} px but "
                        f"{paths[0]} is {dates.shape[-2]}x{dates.shape[-1]}; the files are "
                        "not a pair — extract the archive again")
            sample["mask"] = torch.from_numpy(np.stack(masks))
        return self._apply(sample)

    def plot(self, sample: Sample, show_titles: bool = True, suptitle: str | None = None
             ) -> Figure:
        """Both images, then each date's mask (and prediction, if any) in the publisher's
        colours with a legend of the classes present."""
        from matplotlib.patches import Patch

        from geoplug.core.plot import plot_panels, to_display

        palette = np.asarray(SECOND_COLOURS, dtype=np.uint8)
        panels: list[tuple[str, np.ndarray]] = []
        image = np.asarray(sample["image"])
        for t, name in enumerate(IMAGES):
            panels.append((f"{name} (date {t + 1})", to_display(image[t], self.rgb_indices)))
        present: set[int] = set()
        for key in ("mask", "prediction"):
            value: Any = sample.get(key)
            if value is None:
                continue
            codes = np.clip(np.asarray(value), 0, len(palette) - 1).astype(np.int64)
            for t in range(codes.shape[0]):
                present.update(int(v) for v in np.unique(codes[t]))
                panels.append((f"{key} date {t + 1}", palette[codes[t]]))
        fig = plot_panels(panels, show_titles, suptitle, interpolation="nearest")
        if show_titles and present:
            handles = []
            for v in sorted(present):
                r, g, b = (c / 255 for c in SECOND_COLOURS[v])
                handles.append(Patch(facecolor=(r, g, b), edgecolor="black",
                                     label=self.classes[v]))
            fig.legend(handles=handles, loc="lower center", ncol=len(handles), fontsize=7)
        return fig
