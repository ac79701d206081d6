"""Chips that pair several modalities (sensors, seasons, auxiliary layers) per location.

MMFlood, MapInWild, PASTIS-R and TreeSatAI ship one file per modality and location, often on
grids of different sizes (TreeSatAI: 304x304 aerial beside 6x6 Sentinel pixels). Stacking them
into one ``image`` would need resampling and hide which band came from where, so their
samples hold one ``image_<modality>`` key per modality (DESIGN.md "Sample conventions").

A subclass declares ``modality_bands`` (each modality's band order on disk; seasons of one
sensor may share band names), optionally ``default_modalities``, and implements
:meth:`MultiModalChipDataset._read_modality` and :meth:`MultiModalChipDataset._targets`
besides the usual ``_exists``/``_load``/``__len__``. ``bands`` then selects bands across all
modalities, and ``modalities`` which modalities a sample holds.
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from typing import TYPE_CHECKING, ClassVar

import numpy as np

from geoplug.core.nongeo import NonGeoDataset, Sample, Transforms

if TYPE_CHECKING:  # pragma: no cover
    from matplotlib.figure import Figure

__all__ = ["MultiModalChipDataset"]


class MultiModalChipDataset(NonGeoDataset):
    """Base of chip datasets whose samples hold one ``image_<modality>`` per modality.

    ``modalities`` (default :attr:`default_modalities`, else all) picks the modalities;
    ``bands`` (default: all) the bands, applied to every chosen modality that has them (a
    Sentinel-2 band selection applies to each season). A chosen modality left with no selected
    band is an error, so a sample never silently lacks a modality that was asked for.
    """

    #: modality -> its band names in on-disk order
    modality_bands: ClassVar[dict[str, tuple[str, ...]]] = {}
    #: modalities loaded when ``modalities`` is None (empty: all)
    default_modalities: ClassVar[tuple[str, ...]] = ()

    def __init__(
        self,
        root: str | os.PathLike[str] = "data",
        split: str = "train",
        bands: Sequence[str] | None = None,
        transforms: Transforms | None = None,
        download: bool = False,
        checksum: bool = False,
        modalities: Sequence[str] | None = None,
    ) -> None:
        """
        Raises:
            ValueError: unknown split, band or modality, or a chosen modality has none of
                the selected bands.
            DatasetNotFoundError: files absent and ``download`` is False.
            ChecksumError: ``checksum`` is True and a file does not match.
            InvalidDataError: the files are there but this split yields no sample.
        """
        self.modalities = self.select_modalities(modalities)
        super().__init__(root, split, bands, transforms, download, checksum)

    def select_modalities(self, modalities: Sequence[str] | None) -> tuple[str, ...]:
        """Validate a modality selection (``None``: the defaults).

        Raises:
            ValueError: a modality is unknown or repeated, or none is given.
        """
        if modalities is None:
            return self.default_modalities or tuple(self.modality_bands)
        if isinstance(modalities, str):
            modalities = [modalities]
        unknown = [m for m in modalities if m not in self.modality_bands]
        if unknown:
            raise ValueError(f"{self.name}: unknown modality {unknown}; available: "
                             f"{', '.join(self.modality_bands)}")
        if len(set(modalities)) != len(modalities) or not modalities:
            raise ValueError(f"{self.name}: modalities {list(modalities)} must be distinct "
                             "and at least one")
        return tuple(modalities)

    def select_bands(self, bands: Sequence[str] | None) -> tuple[str, ...]:
        """The selected bands (``None``: every band of the chosen modalities).

        Raises:
            ValueError: a band is unknown, repeated or of no chosen modality, or a chosen
                modality has none of them.
        """
        if bands is None:
            chosen = {b for m in self.modalities for b in self.modality_bands[m]}
            return tuple(b for b in self.all_bands if b in chosen)
        selected = super().select_bands(bands)
        chosen = {b for m in self.modalities for b in self.modality_bands[m]}
        stray = [b for b in selected if b not in chosen]
        if stray:
            raise ValueError(f"{self.name}: band(s) {stray} belong to none of the modalities "
                             f"{list(self.modalities)}; add their modality with "
                             "modalities=[...]")
        empty = [m for m in self.modalities if not set(self.modality_bands[m]) & set(selected)]
        if empty:
            raise ValueError(
                f"{self.name}: modality {empty} has none of the bands {list(selected)}; add "
                f"some of its bands ({', '.join(self.modality_bands[empty[0]])}) or leave it "
                "out with modalities=[...]"
            )
        return selected

    def modality_indices(self, modality: str) -> list[int]:
        """0-based on-disk positions of the selected bands of ``modality``, in band order."""
        order = self.modality_bands[modality]
        return [order.index(b) for b in self.bands if b in order]

    # -- reading ------------------------------------------------------------------------------
    def _read_modality(self, index: int, modality: str, indices: list[int]) -> np.ndarray:
        """The ``[C,H,W]`` (or ``[T,C,H,W]``) array of the bands ``indices`` of ``modality``."""
        raise NotImplementedError

    def _targets(self, index: int, sample: Sample) -> Sample:
        """Mask/label entries (and ``crs``/``bounds``) of sample ``index``; ``sample`` holds
        its images already (a subclass may fix them up, e.g. nodata)."""
        raise NotImplementedError

    def __getitem__(self, index: int) -> Sample:
        if not -len(self) <= index < len(self):
            raise IndexError(f"{self.name}: index {index} is out of range for {len(self)} "
                             "samples")
        import torch

        index %= len(self)
        sample: Sample = {}
        for modality in self.modalities:
            array = self._read_modality(index, modality, self.modality_indices(modality))
            sample[f"image_{modality}"] = torch.from_numpy(
                np.ascontiguousarray(array, dtype=np.float32))
        sample.update(self._targets(index, sample))
        return self._apply(sample)

    # -- plotting -----------------------------------------------------------------------------
    def _rgb(self, modality: str) -> list[int]:
        """Positions of the RGB bands in the modality's image, if all are selected."""
        mine = [b for b in self.bands if b in self.modality_bands[modality]]
        if self.rgb_bands and all(b in mine for b in self.rgb_bands):
            return [mine.index(b) for b in self.rgb_bands]
        return []

    def plot(self, sample: Sample, show_titles: bool = True, suptitle: str | None = None
             ) -> Figure:
        """One panel per modality (true colour where the RGB bands are there, else the first
        band; the first date of a series), then the mask and prediction, label as a title."""
        import matplotlib.pyplot as plt

        from geoplug.core.plot import to_display

        panels: list[tuple[str, np.ndarray, bool]] = []
        for key, value in sample.items():
            if key.startswith("image_") and hasattr(value, "ndim"):
                arr = value.detach().cpu().numpy()
                arr = arr[0] if arr.ndim == 4 else arr
                rgb = self._rgb(key[len("image_"):])
                panels.append((key[len("image_"):], to_display(arr, rgb), False))
        for key in ("mask", "prediction"):
            value = sample.get(key)
            if value is not None and getattr(value, "ndim", 0) >= 2:
                arr = np.asarray(value.detach().cpu() if hasattr(value, "detach") else value)
                if arr.ndim == 3:  # instance masks: their union, one colour each
                    arr = (arr * np.arange(1, arr.shape[0] + 1)[:, None, None]).max(axis=0)
                panels.append((key, arr, True))
        fig, axes = plt.subplots(1, max(1, len(panels)), figsize=(3.5 * max(1, len(panels)), 3.5),
                                 squeeze=False)
        for ax, (title, data, categorical) in zip(axes[0], panels):
            ax.imshow(data, cmap="tab20" if categorical else (None if data.ndim == 3 else "gray"),
                      interpolation="nearest")
            ax.set_axis_off()
            if show_titles:
                ax.set_title(title)
        label = sample.get("label")
        if show_titles and label is not None and getattr(label, "ndim", 0) == 1 \
                and "bbox_xyxy" not in sample:
            names = [self.classes[i] for i in np.flatnonzero(np.asarray(label))
                     if i < len(self.classes)]
            fig.text(0.5, 0.01, "label: " + (", ".join(names) or "none"), ha="center")
        if suptitle:
            fig.suptitle(suptitle)
        fig.tight_layout()
        return fig

    def __repr__(self) -> str:
        return (f"{type(self).__name__}(root={str(self.root)!r}, split={self.split!r}, "
                f"modalities={list(self.modalities)}, bands={len(self.bands)}, "
                f"samples={len(self)})")

