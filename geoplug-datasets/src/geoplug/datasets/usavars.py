"""USAVars: NAIP tiles of the contiguous USA with the seven MOSAIKS outcomes (Rolf et al. 2021).

The tiles (``uar.zip``, first published on the MOSAIKS blob store, now mirrored on Hugging Face
``torchgeo/usavars``) extract to ``uar/tile_<i>,<j>.tif``: 4-band (R, G, B, NIR) uint8 NAIP
crops of 256x256 px at 4 m, one per grid cell ``<i>,<j>`` of the MOSAIKS CONTUS grid sampled
uniformly at random (UAR). The labels are the publisher's outcome tables
``outcomes_sampled_<var>_CONTUS_16_640_UAR_100000_0.csv`` (columns ``ID`` = ``"<i>,<j>"``,
``lon``, ``lat`` and the value), also read under the mirror's names ``<var>.csv``; the splits
are ``{train,val,test}_split.txt``, one tile file name per line.

The value column is the variable's name, or the publisher's own where it differs
(``y`` for nightlights, ``length`` for roads, ``price_per_sqft`` for housing), or else the
table's only column besides ``ID``/``lon``/``lat``. Values are returned as published (no log
transform); a tile absent from a table, or an empty/NA cell, gives NaN (the public housing
table covers a subset of the cells).
"""

from __future__ import annotations

import csv
import math
import os
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, ClassVar

import numpy as np

from geoplug.core.chipfiles import read_chip
from geoplug.core.download import Resource
from geoplug.core.errors import InvalidDataError
from geoplug.core.nongeo import NonGeoDataset, Sample, Transforms
from geoplug.datasets._boxes import find_dir, number, read_csv_rows
from geoplug.datasets._catalog import spec
from geoplug.datasets._catalog.regression_usavars import USAVARS_COLUMNS, USAVARS_LABELS

if TYPE_CHECKING:  # pragma: no cover
    from matplotlib.figure import Figure

__all__ = ["USAVars", "label_filename"]

_URL = ("https://hf.co/datasets/torchgeo/usavars/resolve/"
        "01377abfaf50c0cc8548aaafb79533666bbf288f/")
_SPLIT_MD5 = {"train": "3f58fffbf5fe177611112550297200e7",
              "val": "bca7183b132b919dec0fc24fb11662a0",
              "test": "97bb36bc003ae0bf556a8d6e8f77141a"}
#: cells that mean "no value" in the publisher's tables (R writes NA, pandas an empty cell)
_MISSING = {"", "na", "nan", "null", "none"}
#: the placeholder the mirrored tables (income, housing) give a cell without a value; none of
#: the seven outcomes can take it (elevation is above -100 m in the conterminous US)
_NODATA = -999.0
#: columns of an outcome table that are not the value (pandas writes its index unnamed)
_NOT_VALUE = {"id", "lon", "lat", ""}


def label_filename(label: str) -> str:
    """The publisher's outcome table of ``label`` (the MOSAIKS UAR sample of 100,000 cells)."""
    return f"outcomes_sampled_{label}_CONTUS_16_640_UAR_100000_0.csv"


def _tile_name(line: str) -> str:
    """A split-list entry as the tile's file name (entries may omit ``tile_`` or ``.tif``)."""
    name = Path(line.strip()).name
    name = name if name.lower().endswith(".tif") else f"{name}.tif"
    return name if name.startswith("tile_") else f"tile_{name}"


class USAVars(NonGeoDataset, spec=spec("usavars")):
    """USAVars: ``image`` float32 ``[4, 256, 256]`` (R, G, B, NIR) and ``label`` float32 ``[k]``,
    the outcomes chosen with ``labels`` (default: all seven) in that order.

    Splits are the published ``train`` / ``val`` / ``test`` lists. Download fetches
    ``uar.zip`` (17 GB), the split list and the chosen label tables from the Hugging Face
    mirror (``<var>.csv``); the publisher's ``outcomes_sampled_*`` tables placed in ``root``
    (or ``root/<var>/``, the publisher's folder per variable) are preferred when present.
    """

    resources: ClassVar[tuple[Resource, ...]] = (
        Resource(_URL + "uar.zip", "uar.zip", md5="677e89fd20e5dd0fe4d29b61827c2456"),
        *(Resource(_URL + f"{split}_split.txt", f"{split}_split.txt", md5=md5, extract=False,
                   splits=(split,)) for split, md5 in _SPLIT_MD5.items()),
        *(Resource(_URL + f"{label}.csv", f"{label}.csv", extract=False)
          for label in USAVARS_LABELS),
    )

    def __init__(
        self,
        root: str | os.PathLike[str] = "data",
        split: str = "train",
        bands: Sequence[str] | None = None,
        transforms: Transforms | None = None,
        download: bool = False,
        checksum: bool = False,
        labels: Sequence[str] | None = None,
    ) -> None:
        """
        Raises:
            ValueError: unknown split, band or label, or a label given twice.
            DatasetNotFoundError: files absent and ``download`` is False.
            ChecksumError: ``checksum`` is True and a file does not match.
            InvalidDataError: the split list names a tile that is not in ``uar/``, or a label
                table lacks ``ID`` or a recognisable value column.
        """
        chosen = tuple(USAVARS_LABELS if labels is None else
                       ([labels] if isinstance(labels, str) else labels))
        unknown = [lab for lab in chosen if lab not in USAVARS_LABELS]
        if unknown or not chosen or len(set(chosen)) != len(chosen):
            raise ValueError(f"usavars: labels {list(chosen)} must be distinct names among "
                             f"{', '.join(USAVARS_LABELS)}")
        self.labels = chosen
        super().__init__(root, split, bands, transforms, download, checksum)

    # -- files --------------------------------------------------------------------------------
    def _label_path(self, label: str) -> Path | None:
        """The outcome table of ``label``: the publisher's name first, then the mirror's."""
        for path in (self.root / label_filename(label), self.root / label / label_filename(label),
                     self.root / f"{label}.csv"):
            if path.is_file():
                return path
        return None

    def _tiles(self) -> Path | None:
        """``uar/`` (or ``usavars/uar/``, where early TorchGeo releases extracted it)."""
        return find_dir(self.root, "uar", depth=1)

    def _split_path(self) -> Path:
        return self.root / f"{self.split}_split.txt"

    def _needed(self) -> list[Resource]:
        tables = {f"{lab}.csv" for lab in self.labels if self._label_path(lab) is None}
        return [r for r in super()._needed()
                if not r.filename.endswith(".csv") or r.filename in tables]

    def _exists(self) -> bool:
        return (self._tiles() is not None and self._split_path().is_file()
                and all(self._label_path(lab) is not None for lab in self.labels))

    def _load(self) -> None:
        tiles = self._tiles()
        assert tiles is not None
        lines = self._split_path().read_text(encoding="utf-8").splitlines()
        self.files = [tiles / _tile_name(line) for line in lines if line.strip()]
        missing = [p.name for p in self.files if not p.is_file()]
        if missing:
            raise InvalidDataError(
                f"{self.name}: {len(missing)} tile(s) listed in {self._split_path()} are not in "
                f"{tiles} (first: {missing[0]}); extract uar.zip again")
        self.tables = {lab: self._read_table(lab) for lab in self.labels}

    def _read_table(self, label: str) -> dict[str, float]:
        """``ID -> value`` of one outcome table (NaN for empty and NA cells).

        Raises:
            InvalidDataError: no ``ID`` column, no recognisable value column, or a value
                that is not a number.
        """
        path = self._label_path(label)
        assert path is not None
        try:
            with open(path, encoding="utf-8-sig", newline="") as f:
                header = [h.strip() for h in next(csv.reader(f), [])]
        except (OSError, UnicodeDecodeError, csv.Error) as exc:
            raise InvalidDataError(f"cannot read {path}: {exc}") from exc
        lower = {h.lower(): h for h in header}
        candidates = [h for h in header if h.lower() not in _NOT_VALUE]
        column = lower.get(label) or lower.get(USAVARS_COLUMNS.get(label, label).lower()) or (
            candidates[0] if len(candidates) == 1 else None)
        if "id" not in lower or column is None:
            raise InvalidDataError(
                f"{self.name}: {path} has the columns {header}; expected 'ID' and the value "
                f"column {label!r} (or {USAVARS_COLUMNS.get(label, label)!r}). Is it the "
                f"{label} outcome table?")
        table: dict[str, float] = {}
        for row in read_csv_rows(path, ("ID", column)):
            cell = row[column]
            value = math.nan if cell.lower() in _MISSING else number(row, column, path)
            table[row["ID"]] = math.nan if value == _NODATA else value
        return table

    # -- samples ------------------------------------------------------------------------------
    def __len__(self) -> int:
        return len(self.files)

    def __getitem__(self, index: int) -> Sample:
        import torch

        path = self.files[index]
        cell = path.stem.removeprefix("tile_")
        image, _ = read_chip(path, self.band_indices)
        values = [self.tables[lab].get(cell, math.nan) for lab in self.labels]
        sample: Sample = {"image": torch.from_numpy(image.astype(np.float32)),
                          "label": torch.tensor(values, dtype=torch.float32)}
        return self._apply(sample)

    def plot(self, sample: Sample, show_titles: bool = True, suptitle: str | None = None
             ) -> Figure:
        """The RGB tile with each outcome named under it (and the prediction, if any)."""
        from geoplug.core.plot import plot_sample

        shown = {k: v for k, v in sample.items() if k not in ("label", "prediction")}
        fig = plot_sample(shown, rgb_indices=self.rgb_indices, show_titles=show_titles,
                          suptitle=suptitle)
        if show_titles:
            lines = []
            for key in ("label", "prediction"):
                if key in sample:
                    values = np.asarray(sample[key], np.float64).reshape(-1)
                    pairs = ", ".join(f"{lab}={v:.4g}" for lab, v in zip(self.labels, values))
                    lines.append(f"{key}: {pairs}")
            ax = fig.axes[0]
            ax.set_xlabel("\n".join(lines), fontsize=8)
            ax.set_axis_on()
            ax.set_xticks([])
            ax.set_yticks([])
        return fig
