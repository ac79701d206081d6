"""AgriFieldNet India Challenge: Sentinel-2 chips of crop fields with surveyed crop types.

Radiant Earth / IDinsight publish 256 x 256 px chips (12 Sentinel-2 bands, all at 10 m, UTM;
crop codes 1-36, 0 no data), one chip id (five hex characters) each, in two layouts, both
read:

* Source Cooperative (``radiantearth/agrifieldnet-competition``, the current release):
  ``source/ref_agrifieldnet_competition_v1_source_<id>/ref_agrifieldnet_competition_v1_``
  ``source_<id>_B01_10m.tif`` ... ``_B12_10m.tif``; ``train_labels/ref_agrifieldnet_``
  ``competition_v1_labels_train_<id>.tif`` (crop codes) and ``..._<id>_field_ids.tif``;
  ``test_labels/..._labels_test_<id>_field_ids.tif`` (no crop types).
* Radiant MLHub (and its archive ``ref_agrifieldnet_competition_v1.tar.gz``, extracted where
  it lies): ``ref_agrifieldnet_competition_v1/`` with ``..._source/..._source_<id>/B01.tif``
  ... ``B12.tif``, ``..._labels_train/..._labels_train_<id>/raster_labels.tif`` and
  ``field_ids.tif``, ``..._labels_test/..._labels_test_<id>/field_ids.tif``.

:class:`AgriFieldNet` is ``AgriFieldNetImage & AgriFieldNetMask``: where train labels exist,
``image`` float32 ``[C, H, W]`` and ``mask`` int64 ``[H, W]`` (codes mapped to 0..13 in the
order of the spec's classes).
"""

from __future__ import annotations

import os
import re
from collections.abc import Sequence
from typing import Any, ClassVar

from geoplug.core.errors import DatasetNotFoundError
from geoplug.core.raster import PathsLike, RasterDataset, find_files, path_list
from geoplug.datasets._catalog import spec
from geoplug.datasets._catalog.generic_layers import AGRIFIELDNET_CODES
from geoplug.datasets._geodownload import extract_found
from geoplug.datasets._layers import ClassLayer, PairedLayers, ordinal_lookup

__all__ = ["AgriFieldNet", "AgriFieldNetImage", "AgriFieldNetMask"]

_PREFIX = "ref_agrifieldnet_competition_v1"
_COLORS = {0: (0, 0, 0), 1: (255, 211, 0), 2: (255, 37, 37), 3: (0, 168, 226),
           4: (255, 158, 9), 5: (37, 111, 0), 6: (255, 255, 0), 7: (111, 166, 0),
           8: (0, 175, 73), 9: (222, 166, 9), 10: (140, 100, 9), 11: (124, 211, 255),
           12: (226, 0, 124), 13: (137, 96, 83)}


def _in_folders(ds: RasterDataset, paths: PathsLike, folder: str,
                named: str | None = None) -> list[str]:
    """The files of ``ds`` under ``paths`` whose folder is named like ``folder`` (MLHub's band
    files have generic names such as ``B01.tif``), or whose own name matches ``named``.

    Raises:
        DatasetNotFoundError: there is none.
    """
    pattern = re.compile(folder)
    own = re.compile(named) if named else None
    found = [f for f in find_files(paths, ds.filename_glob)
             if pattern.match(os.path.basename(os.path.dirname(f)))
             or (own is not None and own.match(os.path.basename(f)))]
    if not found:
        raise DatasetNotFoundError(type(ds).__name__, path_list(paths), hint=ds._no_files_hint())
    return found


class AgriFieldNetImage(RasterDataset):
    """The Sentinel-2 source chips (``image`` float32 ``[C, H, W]``)."""

    filename_glob: ClassVar[str] = "*B[018][0-9A]*.tif"
    filename_regex: ClassVar[str] = (
        rf"^(?:{_PREFIX}_source_\w{{5}}_)?(?P<band>B(?:0[1-9]|1[12]|8A))(?:_10m)?\.tif$")
    files_wanted: ClassVar[str] = (f"AgriFieldNet source chips ({_PREFIX}_source_<id>/"
                                   f"{_PREFIX}_source_<id>_B01_10m.tif, or MLHub's "
                                   f"{_PREFIX}_source_<id>/B01.tif)")
    separate_files: ClassVar[bool] = True
    all_bands: ClassVar[tuple[str, ...]] = tuple(spec("agrifieldnet").bands)

    def _match_files(self, paths: PathsLike) -> tuple[list[str], list[tuple[float, float]],
                                                     list[list[str]]]:
        return super()._match_files(_in_folders(self, paths, rf"^{_PREFIX}_source_\w+$"))


class AgriFieldNetMask(ClassLayer):
    """The crop types of the train fields (``mask`` int64 ``[H, W]``, 0..13)."""

    filename_glob: ClassVar[str] = "*.tif"
    filename_regex: ClassVar[str] = rf"^(?:raster_labels|{_PREFIX}_labels_train_\w{{5}})\.tif$"
    files_wanted: ClassVar[str] = (f"AgriFieldNet train labels (train_labels/{_PREFIX}_labels_"
                                   f"train_<id>.tif or {_PREFIX}_labels_train_<id>/"
                                   "raster_labels.tif)")

    _lookup = ordinal_lookup(list(AGRIFIELDNET_CODES))

    def _match_files(self, paths: PathsLike) -> tuple[list[str], list[tuple[float, float]],
                                                     list[list[str]]]:
        return super()._match_files(_in_folders(self, paths, rf"^{_PREFIX}_labels_train_\w+$",
                                                rf"^{_PREFIX}_labels_train_\w{{5}}\.tif$"))


class AgriFieldNet(PairedLayers, spec=spec("agrifieldnet")):
    """AgriFieldNet chips with the crop types of their train fields (see
    :class:`~geoplug.datasets._layers.PairedLayers` for the arguments)."""

    image_layer = AgriFieldNetImage
    mask_layer = AgriFieldNetMask
    homepage = "https://source.coop/radiantearth/agrifieldnet-competition"
    files_hint = (f"source/{_PREFIX}_source_<id>/{_PREFIX}_source_<id>_B01_10m.tif ... and "
                  f"train_labels/{_PREFIX}_labels_train_<id>.tif (or MLHub's "
                  f"{_PREFIX}_source/{_PREFIX}_source_<id>/B01.tif ... and "
                  f"{_PREFIX}_labels_train/{_PREFIX}_labels_train_<id>/raster_labels.tif)")
    colors = _COLORS
    panel_titles = ("image", "crop type")

    def __init__(self, paths: Any = "data", crs: Any = None,
                 res: float | tuple[float, float] | None = None,
                 bands: Sequence[str] | None = None, transforms: Any = None,
                 **kwargs: Any) -> None:
        """Extract ``ref_agrifieldnet_competition_v1.tar.gz`` lying under ``paths`` (unless
        its folder is there), then pair the layers.

        Raises:
            DatasetNotFoundError: no source chip or no train label under ``paths``.
            InvalidDataError, UnsafeArchiveError: the archive is damaged or unsafe.
        """
        paths = extract_found(paths, rf"^{_PREFIX}\.tar\.gz$",
                              lambda archive: archive.with_name(_PREFIX).is_dir())
        super().__init__(paths, crs, res, bands, transforms, **kwargs)
