"""Change chips kept as one folder per split, ``<split>/<before>/``, ``<split>/<after>/`` and
``<split>/<mask>/``, whose files share a stem: SYSU-CD, CDD and DSIFN-CD differ only in the
folder names, the file suffixes, where the split folders sit and how a mask marks change.

:class:`~geoplug.datasets._bitemporal.BitemporalPairs` fixes ``A``/``B``/``label`` and one
suffix, so these datasets declare their names here as class attributes instead of copying a
reader each.
"""

from __future__ import annotations

from pathlib import Path
from typing import ClassVar

import numpy as np

from geoplug.core.errors import InvalidDataError
from geoplug.core.nongeo import NonGeoDataset, Sample
from geoplug.datasets._bitemporal import natural_key
from geoplug.datasets._chipio import read_image
from geoplug.datasets._seg_modern import locate, prepare_manual

__all__ = ["FolderPairs"]


class FolderPairs(NonGeoDataset):
    """Pairs of same-stem images in two folders of a split with a binary change mask:
    ``image`` float32 ``[2, C, H, W]`` (before, after), ``mask`` int64 ``[H, W]`` (1 = change).

    A subclass sets:

    * ``folders``: the before, after and mask folder names inside ``<split>/``;
    * ``image_suffix``: the suffix of the two images;
    * ``mask_suffixes``: suffixes a mask may have, tried in order (DSIFN-CD's test masks are
      ``.tif`` where its other masks are ``.png``);
    * ``parents``: where ``<split>/`` sits under ``root`` (``""``: in ``root``), each also
      looked for one folder below ``root`` (an archive extracted into its own folder);
    * ``change_above``: mask values above it are change (127 for masks saved as JPEG,
      whose 0/255 edges are blurred);
    * ``source_hint``: where the publisher shares the files (none has a direct download).
    """

    folders: ClassVar[tuple[str, str, str]] = ("A", "B", "label")
    image_suffix: ClassVar[str] = ".png"
    mask_suffixes: ClassVar[tuple[str, ...]] = (".png",)
    parents: ClassVar[tuple[str, ...]] = ("",)
    change_above: ClassVar[int] = 0
    source_hint: ClassVar[str] = ""

    files: list[tuple[Path, Path, Path]]

    def _marker(self, parent: str) -> str:
        return "/".join(p for p in (parent, self.split, self.folders[0]) if p)

    def _split_dir(self) -> Path | None:
        """``<parent>/<split>`` under ``root`` or one folder below it, for the first of
        :attr:`parents` that holds the split's before-folder; ``None`` when none does."""
        for parent in self.parents:
            marker = self._marker(parent)
            base = locate(self.root, marker)
            if (base / marker).is_dir():
                return (base / marker).parent
        return None

    def _exists(self) -> bool:
        return self._split_dir() is not None

    def _prepare(self, download: bool, checksum: bool) -> None:
        """Find the split's folders; the publishers share the data through cloud-drive pages
        that cannot be fetched, so ``download`` changes nothing.

        Raises:
            DatasetNotFoundError: no ``<split>/<before>/`` folder where it was looked for.
        """
        where = " or ".join(self._marker(parent) + "/" for parent in self.parents)
        prepare_manual(self, checksum, hint=(
            f"looked for {where} under {self.root} (or one folder below it). No direct "
            f"download exists (download=True cannot fetch it): {self.source_hint} and "
            f"extract it there."))

    def _load(self) -> None:
        """Index ``(before, after, mask)`` per pair, in the publisher's numeric order.

        Raises:
            InvalidDataError: a before image has no after image or mask of its stem, or an
                after image or mask has no before image (a partly extracted copy would
                otherwise pair the wrong files or lose pairs).
        """
        folder = self._split_dir()
        self.files = []
        if folder is None:
            return
        before_dir, after_dir, mask_dir = (folder / name for name in self.folders)
        befores = (p for p in before_dir.glob(f"*{self.image_suffix}")
                   if not p.name.startswith("."))  # no macOS ``._<id>`` leftovers
        for before in sorted(befores, key=natural_key):
            after = after_dir / before.name
            masks = [mask_dir / f"{before.stem}{s}" for s in self.mask_suffixes]
            mask = next((m for m in masks if m.is_file()), None)
            missing = ([] if after.is_file() else [str(after)]) + (
                [] if mask is not None else [" / ".join(str(m) for m in masks)])
            if missing or mask is None:
                raise InvalidDataError(
                    f"{self.name}: {before} has no partner {' nor '.join(missing)}; the copy "
                    "looks incompletely extracted — extract the archive again")
            self.files.append((before, after, mask))
        stems = {before.stem for before, _, _ in self.files}
        orphans = sorted(p for d, suffixes in ((after_dir, (self.image_suffix,)),
                                               (mask_dir, self.mask_suffixes))
                         for s in suffixes for p in d.glob(f"*{s}")
                         if not p.name.startswith(".") and p.stem not in stems)
        if orphans:  # a before image lost in extraction: the pair would vanish silently
            raise InvalidDataError(
                f"{self.name}: {orphans[0]} has no before image "
                f"{before_dir / (orphans[0].stem + self.image_suffix)} ({len(orphans)} such "
                "files); the copy looks incompletely extracted — extract the archive again")

    def _empty_reason(self) -> str:
        folder = self._split_dir()
        where = folder / self.folders[0] if folder is not None else self.root
        return f"{where} holds no *{self.image_suffix} image; extract the archive again"

    def __len__(self) -> int:
        return len(self.files)

    def __getitem__(self, index: int) -> Sample:
        """The pair's bands and its mask.

        Raises:
            InvalidDataError: a file cannot be decoded, or the three files differ in size.
        """
        import torch

        paths = self.files[index]
        dates = [read_image(path)[self.band_indices] for path in paths[:2]]
        mask = read_image(paths[2], "L")
        sizes = [d.shape[1:] for d in dates] + [mask.shape]
        if len(set(sizes)) > 1:
            raise InvalidDataError(
                f"{self.name}: {paths[0].name} is {sizes[0]}, {paths[1].name} {sizes[1]} and "
                f"{paths[2].name} {sizes[2]} px; the files are damaged — extract them again")
        change = (mask > self.change_above).astype(np.int64)
        return self._apply({"image": torch.from_numpy(np.stack(dates).astype(np.float32)),
                            "mask": torch.from_numpy(change)})
