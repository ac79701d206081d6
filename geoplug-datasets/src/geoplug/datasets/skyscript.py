"""SkyScript: remote sensing image-text pairs built from OpenStreetMap (Wang et al., AAAI 2024).

As the publisher's README (https://github.com/wangzhecheng/SkyScript) describes, the 5.2 million
JPEGs come in six archives ``images2.zip`` ... ``images7.zip``, each unpacking to a folder of the
same name (``images2/a198234555_CH_19.jpg``: OSM object, image source alias, year), and the
pairs are CSV files with the columns ``filepath`` (relative to the folder holding the image
folders), ``title`` (caption of the focus object) and ``title_multi_objects`` (focus and
surrounding objects). All are direct downloads from ``opendatasharing.s3.us-west-2`` (no
checksums published). The splits are the publisher's CSVs:

* train: ``SkyScript_train_top30pct_filtered_by_CLIP_<filtering>.csv`` (``subset="top30pct"``,
  the default), ``..._top50pct_...`` or ``SkyScript_train_unfiltered_5M.csv``;
* val: ``SkyScript_val_5K_filtered_by_CLIP_<filtering>.csv``;
* test: ``SkyScript_test_30K_filtered_by_CLIP_<filtering>.csv``;

``<filtering>`` is ``openai`` (default) or ``laion_RS``, the CLIP model that ranked the pairs.
Only the image archives a split's CSV refers to are downloaded.
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from pathlib import Path, PurePosixPath
from typing import TYPE_CHECKING, ClassVar

import numpy as np

from geoplug.core.download import Resource, fetch
from geoplug.core.errors import DatasetNotFoundError, InvalidDataError
from geoplug.core.nongeo import NonGeoDataset, Sample, Transforms
from geoplug.datasets._boxes import read_csv_rows, read_rgb
from geoplug.datasets._catalog import spec
from geoplug.datasets._spacenet import check_choices

if TYPE_CHECKING:  # pragma: no cover
    from matplotlib.figure import Figure

__all__ = ["SkyScript"]

_BASE = "https://opendatasharing.s3.us-west-2.amazonaws.com/SkyScript/"
#: the image archives as published; each unpacks to the folder of its stem
IMAGE_ARCHIVES = tuple(f"images{k}.zip" for k in range(2, 8))


class SkyScript(NonGeoDataset, spec=spec("skyscript")):
    """SkyScript pairs: ``image`` float32 ``[3, H, W]`` (RGB JPEG as stored) and ``caption``
    (str: the ``title`` column, or ``title_multi_objects`` with ``caption="title_multi_objects"``).
    """

    filterings: ClassVar[tuple[str, ...]] = ("openai", "laion_RS")
    subsets: ClassVar[tuple[str, ...]] = ("top30pct", "top50pct", "unfiltered_5M")
    captions: ClassVar[tuple[str, ...]] = ("title", "title_multi_objects")
    resources: ClassVar[tuple[Resource, ...]] = tuple(
        Resource(f"{_BASE}{name}", name) for name in IMAGE_ARCHIVES)

    def __init__(
        self,
        root: str | os.PathLike[str] = "data",
        split: str = "train",
        bands: Sequence[str] | None = None,
        transforms: Transforms | None = None,
        download: bool = False,
        checksum: bool = False,
        filtering: str = "openai",
        subset: str = "top30pct",
        caption: str = "title",
    ) -> None:
        """
        Raises:
            ValueError: unknown split, band, filtering, subset or caption column.
            DatasetNotFoundError: the split's CSV or an image folder it refers to is not
                under ``root`` and ``download`` is False.
            InvalidDataError: the CSV lacks a column or refers to a folder no archive makes.
        """
        check_choices(self.name, "filtering", [filtering], self.filterings)
        check_choices(self.name, "subset", [subset], self.subsets)
        check_choices(self.name, "caption", [caption], self.captions)
        self.filtering, self.subset, self.caption = filtering, subset, caption
        super().__init__(root, split, bands, transforms, download, checksum)

    # -- layout -------------------------------------------------------------------------------
    @property
    def table_name(self) -> str:
        """The publisher's CSV of this split."""
        if self.split == "train":
            if self.subset == "unfiltered_5M":
                return "SkyScript_train_unfiltered_5M.csv"
            return f"SkyScript_train_{self.subset}_filtered_by_CLIP_{self.filtering}.csv"
        size = "5K" if self.split == "val" else "30K"
        return f"SkyScript_{self.split}_{size}_filtered_by_CLIP_{self.filtering}.csv"

    def _folders(self) -> list[str]:
        """The image folders (``images2`` ...) the split's CSV refers to."""
        return sorted({PurePosixPath(r["filepath"]).parts[0] for r in self._rows()
                       if len(PurePosixPath(r["filepath"]).parts) > 1})

    def _rows(self) -> list[dict[str, str]]:
        if not hasattr(self, "_table_rows"):
            self._table_rows = read_csv_rows(self.root / self.table_name,
                                             ("filepath", self.caption))
        return self._table_rows

    def _exists(self) -> bool:
        return ((self.root / self.table_name).is_file()
                and all((self.root / f).is_dir() for f in self._folders()))

    def _prepare(self, download: bool, checksum: bool) -> None:
        """Fetch the CSV, then the archives of the image folders it refers to that are missing.

        Raises:
            DatasetNotFoundError: something is missing and ``download`` is False.
            InvalidDataError: the CSV refers to a folder that no published archive makes, or
                the folder is still missing after extraction.
        """
        table = Resource(f"{_BASE}dataframe/{self.table_name}", self.table_name, extract=False)
        if not (self.root / table.filename).is_file():
            if not download:
                raise DatasetNotFoundError(self.name, self.root)
            fetch([table], self.root, checksum)
        by_folder = {Path(r.filename).stem: r for r in self.resources}
        missing = [f for f in self._folders() if not (self.root / f).is_dir()]
        unknown = [f for f in missing if f not in by_folder]
        if unknown:
            raise InvalidDataError(
                f"{self.name}: {self.root / self.table_name} refers to the folder(s) {unknown}, "
                f"which none of the published archives ({', '.join(IMAGE_ARCHIVES)}) makes")
        needed = [by_folder[f] for f in missing]
        if any(not (self.root / r.filename).is_file() for r in needed) and not download:
            raise DatasetNotFoundError(self.name, self.root)
        fetch(needed, self.root, checksum)
        still = [f for f in missing if not (self.root / f).is_dir()]
        if still:
            names = ", ".join(r.filename for r in needed)
            raise InvalidDataError(f"{self.name}: extracting {names} did not make {still} in "
                                   f"{self.root}; the archive may be incomplete — delete it "
                                   "and download again")

    def _load(self) -> None:
        rows = self._rows()
        self.paths = [r["filepath"] for r in rows]
        self.texts = [r[self.caption] for r in rows]
        del self._table_rows

    def __len__(self) -> int:
        return len(self.paths)

    def __getitem__(self, index: int) -> Sample:
        """Raises: InvalidDataError: the row's image is missing or unreadable."""
        import torch

        path = self.root / self.paths[index]
        if not path.is_file():
            raise InvalidDataError(f"{self.name}: {path}, row {index} of {self.table_name}, is "
                                   "missing; extract its image archive again")
        image = read_rgb(path)[self.band_indices]
        sample: Sample = {"image": torch.from_numpy(image.astype(np.float32)),
                          "caption": self.texts[index]}
        return self._apply(sample)

    def plot(self, sample: Sample, show_titles: bool = True, suptitle: str | None = None
             ) -> Figure:
        """The image, titled with its caption."""
        import textwrap

        fig = super().plot(sample, show_titles=show_titles, suptitle=suptitle)
        if show_titles and "caption" in sample:
            fig.axes[0].set_title(textwrap.fill(str(sample["caption"]), 48), fontsize=8)
        return fig
