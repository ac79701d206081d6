"""South Africa Crop Type: Sentinel-1/2 time series of Western Cape fields with crop types.

The Western Cape Department of Agriculture and Radiant Earth publish (Source Cooperative
``radiantearth/south-africa-crops-competition``) per split (``train``, ``test``):

* ``<split>/imagery/s2/<field>/<yyyy_mm_dd>/<field>_<yyyy_mm_dd>_<band>_10m.tif``: 12
  Sentinel-2 bands (B01-B12, B8A) and the cloud mask ``CLM``, 10 m, UTM 34S;
* ``<split>/imagery/s1/<field>/<yyyy_mm_dd>/<field>_<yyyy_mm_dd>_<VH|VV>_10m.tif``;
* ``<split>/labels/<field>.tif``: crop type codes 0 (no data) - 9.

Each (field, date) is one item dated by its folder, so a query's time range picks the
acquisitions (overlapping ones merge ``first``: the earliest). Sentinel-1 and Sentinel-2 are
acquired on different dates: ``bands`` takes bands of one of them (default the 12 Sentinel-2
bands). :class:`SouthAfricaCropType` is ``SouthAfricaCropTypeImage & SouthAfricaCropTypeMask``:
``image`` float32 ``[C, H, W]`` and ``mask`` int64 ``[H, W]``.
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from typing import Any, ClassVar

from geoplug.core.errors import DatasetNotFoundError
from geoplug.core.raster import PathsLike, RasterDataset, find_files, path_list
from geoplug.datasets._catalog import spec
from geoplug.datasets._catalog.generic_layers import (
    SOUTH_AFRICA_S1_BANDS,
    SOUTH_AFRICA_S2_BANDS,
)
from geoplug.datasets._layers import ClassLayer, PairedLayers, class_figure

__all__ = ["SouthAfricaCropType", "SouthAfricaCropTypeImage", "SouthAfricaCropTypeMask"]

_COLORS = {0: (0, 0, 0), 1: (255, 211, 0), 2: (255, 37, 37), 3: (0, 168, 226),
           4: (255, 158, 9), 5: (37, 111, 0), 6: (255, 255, 0), 7: (222, 166, 9),
           8: (111, 166, 0), 9: (0, 175, 73)}


class SouthAfricaCropTypeImage(RasterDataset):
    """The Sentinel-1 or Sentinel-2 acquisitions of the fields (``image`` float32)."""

    filename_glob: ClassVar[str] = "*_10m.tif"
    filename_regex: ClassVar[str] = r"""
        ^(?P<field_id>\d+)_(?P<date>\d{4}_\d{2}_\d{2})
        _(?P<band>B0[1-9]|B1[12]|B8A|CLM|VH|VV)_10m\.tif$
    """
    files_wanted: ClassVar[str] = ("South Africa crop type imagery (imagery/s2/<field>/<date>/"
                                   "<field>_<date>_B01_10m.tif)")
    date_format: ClassVar[str] = "%Y_%m_%d"
    separate_files: ClassVar[bool] = True
    all_bands: ClassVar[tuple[str, ...]] = SOUTH_AFRICA_S1_BANDS + SOUTH_AFRICA_S2_BANDS

    def __init__(self, paths: PathsLike = "data", crs: Any = None,
                 res: float | tuple[float, float] | None = None,
                 bands: Sequence[str] | None = None, transforms: Any = None,
                 **kwargs: Any) -> None:
        chosen = tuple(bands or SOUTH_AFRICA_S2_BANDS[:-1])
        if {"VH", "VV"} & set(chosen) and not set(chosen) <= {"VH", "VV"}:
            raise ValueError(f"bands {list(chosen)} mix Sentinel-1 (VH, VV) and Sentinel-2 "
                             "bands, which were acquired on different dates; ask for one of "
                             "them (and compose two datasets with & if both are needed)")
        super().__init__(paths, crs, res, chosen, transforms, **kwargs)


class SouthAfricaCropTypeMask(ClassLayer):
    """The crop types of the fields (``mask`` int64 ``[H, W]``, 0-9)."""

    filename_glob: ClassVar[str] = "*.tif"
    filename_regex: ClassVar[str] = r"^\d+\.tif$"
    files_wanted: ClassVar[str] = "South Africa crop type labels (labels/<field>.tif)"

    def _match_files(self, paths: PathsLike) -> tuple[list[str], list[tuple[float, float]],
                                                     list[list[str]]]:
        """Only ``labels/<field>.tif`` (the imagery has other names)."""
        found = [f for f in find_files(paths, self.filename_glob)
                 if os.path.basename(os.path.dirname(f)) == "labels"]
        if not found:
            raise DatasetNotFoundError(type(self).__name__, path_list(paths),
                                       hint=self._no_files_hint())
        return super()._match_files(found)


class SouthAfricaCropType(PairedLayers, spec=spec("south_africa_crop_type")):
    """Field imagery with crop types (see :class:`~geoplug.datasets._layers.PairedLayers`
    for the arguments; ``bands`` of Sentinel-1 or of Sentinel-2)."""

    image_layer = SouthAfricaCropTypeImage
    mask_layer = SouthAfricaCropTypeMask
    homepage = "https://source.coop/radiantearth/south-africa-crops-competition"
    files_hint = ("<split>/imagery/s2/<field>/<date>/<field>_<date>_<band>_10m.tif and "
                  "<split>/labels/<field>.tif")

    def plot(self, sample: dict[str, Any], show_titles: bool = True,
             suptitle: str | None = None) -> Any:
        """The crop types in colour (with a legend); returns the Figure."""
        return class_figure(sample["mask"], _COLORS, self.classes, "crop type", show_titles,
                            suptitle)
