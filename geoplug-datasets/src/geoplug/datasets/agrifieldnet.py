"""AgriFieldNet India Challenge: Sentinel-2 chips of crop fields with surveyed crop types.

Radiant Earth / IDinsight publish (Source Cooperative ``radiantearth/agrifieldnet-competition``)
``ref_agrifieldnet_competition_v1/`` with three collections of 256 x 256 px chips, one folder
per chip id (five characters):

* ``ref_agrifieldnet_competition_v1_source/ref_agrifieldnet_competition_v1_source_<id>/``
  ``B01.tif`` ... ``B12.tif`` (12 Sentinel-2 bands, all at 10 m, UTM);
* ``..._labels_train/..._labels_train_<id>/raster_labels.tif`` (crop codes 1-36, 0 no data)
  and ``field_ids.tif``;
* ``..._labels_test/..._labels_test_<id>/field_ids.tif`` (no crop types).

:class:`AgriFieldNet` is ``AgriFieldNetImage & AgriFieldNetMask``: where train labels exist,
``image`` float32 ``[C, H, W]`` and ``mask`` int64 ``[H, W]`` (codes mapped to 0..13 in the
order of the spec's classes).
"""

from __future__ import annotations

import os
import re
from typing import ClassVar

from geoplug.core.errors import DatasetNotFoundError
from geoplug.core.raster import PathsLike, RasterDataset, _as_list, find_files
from geoplug.datasets._catalog import spec
from geoplug.datasets._catalog.generic_layers import AGRIFIELDNET_CODES
from geoplug.datasets._layers import ClassLayer, PairedLayers, ordinal_lookup

__all__ = ["AgriFieldNet", "AgriFieldNetImage", "AgriFieldNetMask"]

_PREFIX = "ref_agrifieldnet_competition_v1"
_COLORS = {0: (0, 0, 0), 1: (255, 211, 0), 2: (255, 37, 37), 3: (0, 168, 226),
           4: (255, 158, 9), 5: (37, 111, 0), 6: (255, 255, 0), 7: (111, 166, 0),
           8: (0, 175, 73), 9: (222, 166, 9), 10: (140, 100, 9), 11: (124, 211, 255),
           12: (226, 0, 124), 13: (137, 96, 83)}


def _in_folders(ds: RasterDataset, paths: PathsLike, folder: str) -> list[str]:
    """The files of ``ds`` under ``paths`` whose folder is named like ``folder`` (the band
    files have generic names such as ``B01.tif``).

    Raises:
        DatasetNotFoundError: there is none.
    """
    pattern = re.compile(folder)
    found = [f for f in find_files(paths, ds.filename_glob)
             if pattern.match(os.path.basename(os.path.dirname(f)))]
    if not found:
        raise DatasetNotFoundError(type(ds).__name__, _as_list(paths), hint=ds._no_files_hint())
    return found


class AgriFieldNetImage(RasterDataset):
    """The Sentinel-2 source chips (``image`` float32 ``[C, H, W]``)."""

    filename_glob: ClassVar[str] = "B[018][0-9A].tif"
    filename_regex: ClassVar[str] = r"^(?P<band>B(?:0[1-9]|1[12]|8A))\.tif$"
    files_wanted: ClassVar[str] = f"AgriFieldNet source chips ({_PREFIX}_source_<id>/B01.tif)"
    separate_files: ClassVar[bool] = True
    all_bands: ClassVar[tuple[str, ...]] = tuple(spec("agrifieldnet").bands)

    def _match_files(self, paths: PathsLike) -> tuple[list[str], list[tuple[float, float]],
                                                     list[list[str]]]:
        return super()._match_files(_in_folders(self, paths, rf"^{_PREFIX}_source_\w+$"))


class AgriFieldNetMask(ClassLayer):
    """The crop types of the train fields (``mask`` int64 ``[H, W]``, 0..13)."""

    filename_glob: ClassVar[str] = "raster_labels.tif"
    filename_regex: ClassVar[str] = r"^raster_labels\.tif$"
    files_wanted: ClassVar[str] = (f"AgriFieldNet train labels ({_PREFIX}_labels_train_<id>/"
                                   "raster_labels.tif)")

    _lookup = ordinal_lookup(list(AGRIFIELDNET_CODES))

    def _match_files(self, paths: PathsLike) -> tuple[list[str], list[tuple[float, float]],
                                                     list[list[str]]]:
        return super()._match_files(_in_folders(self, paths, rf"^{_PREFIX}_labels_train_\w+$"))


class AgriFieldNet(PairedLayers, spec=spec("agrifieldnet")):
    """AgriFieldNet chips with the crop types of their train fields (see
    :class:`~geoplug.datasets._layers.PairedLayers` for the arguments)."""

    image_layer = AgriFieldNetImage
    mask_layer = AgriFieldNetMask
    homepage = "https://source.coop/radiantearth/agrifieldnet-competition"
    files_hint = (f"{_PREFIX}_source/{_PREFIX}_source_<id>/B01.tif ... and "
                  f"{_PREFIX}_labels_train/{_PREFIX}_labels_train_<id>/raster_labels.tif")
    colors = _COLORS
    panel_titles = ("image", "crop type")
