"""Chesapeake Bay 1 m land cover: per-state rasters and the CVPR 2019 multi-layer tiles.

* :class:`Chesapeake`: the Chesapeake Conservancy land cover rasters, one per state: the
  2013/2014 edition ``DE_STATEWIDE.tif`` ... (``CIC2014_VA_STATEWIDE.tif`` for VA, and DC's
  ERDAS Imagine ``DC_11001/DC_11001.img``; delivered as ``_DE_STATEWIDE.zip`` ...,
  ``DC_11001.zip``), the bay-wide ``Baywide_13Class_20132014.tif``, and the 2022 edition per
  state and year
  ``<st>_lc_<year>_2022-Edition.tif`` (13-class land cover) or
  ``<st>_lulc_<year>_2022-Edition.tif`` (54-class land use/land cover, codes 11-127: another
  legend, read with ``product="lulc"``); uint8 codes, Albers equal area, 1 m. Zips of these
  (``<st>_lulc_<year>_2022-Edition.zip``) found under ``paths`` are extracted in place when
  no raster is there yet.
* :class:`ChesapeakeCVPR`: ``cvpr_chesapeake_landcover.zip`` (LILA) holds
  ``spatial_index.geojson`` and ``<state>_1m_<year>_extended-debuffered-<split>_tiles/``
  folders (year 2013 for DE, MD, NY, PA; 2014 for VA, WV); each tile, named after its NAIP
  quarter quad (``m_3807504_ne_18_1``), has one GeoTIFF per layer (UTM NAD83, EPSG:26917 or
  26918), ``<tile>_<layer>.tif``: ``naip-new`` / ``naip-old`` (4-band RGBN), ``landsat-leaf-on``
  / ``landsat-leaf-off`` (9 Landsat 8 bands resampled to the tile's 1 m grid), ``nlcd``
  (NLCD 2011 codes), ``lc`` (1 water, 2 tree canopy, 3 low vegetation, 4 barren,
  5 impervious (other), 6 impervious (road), 15 no data), ``buildings`` (0/1). Tile names
  carrying an acquisition date (``m_3807511_ne_18_060_20130918``) are accepted too.
"""

from __future__ import annotations

import glob
import os
import re
from collections.abc import Sequence
from typing import Any, ClassVar

import torch

from geoplug.core.archives import find_below
from geoplug.core.download import Resource, fetch
from geoplug.core.errors import DatasetNotFoundError
from geoplug.core.raster import RasterDataset, find_files, path_list
from geoplug.datasets._catalog import spec
from geoplug.datasets._catalog.generic import (
    CHESAPEAKE_CLASSES,
    CHESAPEAKE_CVPR_CLASSES,
    CHESAPEAKE_CVPR_IMAGE_LAYERS,
)
from geoplug.datasets._geodownload import download_folder, extract_found
from geoplug.datasets._layers import TileLayers

__all__ = ["CHESAPEAKE_CLASSES", "CVPR_CLASSES", "Chesapeake", "ChesapeakeCVPR"]

#: CVPR ``lc`` classes after mapping 15 (no data) to 0.
CVPR_CLASSES = CHESAPEAKE_CVPR_CLASSES
_IMAGE_LAYERS = CHESAPEAKE_CVPR_IMAGE_LAYERS
_LABEL_LAYERS = ("nlcd", "lc", "buildings")
LAYERS = _IMAGE_LAYERS + _LABEL_LAYERS
_CVPR_URL = ("https://lilawildlife.blob.core.windows.net/lila-wildlife/lcmcvpr2019/"
             "cvpr_chesapeake_landcover.zip")
_CVPR_MD5 = "1225ccbb9590e9396875f221e5031514"
STATES = ("de", "md", "va", "wv", "pa", "ny")
#: file names of each product: 13-class land cover, 2022-edition land use/land cover
_PRODUCTS = {
    "lc": r"""
        ^(?:(?:CIC2014_)?(?:[A-Z]{2}|Virginia)_STATEWIDE\.tif|DC_11001\.img
           |Baywide_13Class_20132014\.tif|[a-z]{2}_lc_(?P<date>\d{4})_2022-Edition\.tif)$
    """,
    "lulc": r"^[a-z]{2}_lulc_(?P<date>\d{4})_2022-Edition\.tif$",
}


class Chesapeake(RasterDataset, spec=spec("chesapeake")):
    """Per-state 1 m land cover rasters (``mask`` int64, codes of :data:`CHESAPEAKE_CLASSES`).

    The 13-class land cover (``product="lc"``: the state-wide, bay-wide and 2022-edition
    ``_lc_`` rasters) and the 2022 edition's land use/land cover (``product="lulc"``: the
    ``_lulc_`` rasters, the publisher's codes 11-127 as they are, ``classes`` empty) are two
    legends, never mixed in one dataset.

    Args:
        paths: folder holding the state rasters (searched recursively), or files.
        crs, res, transforms: see :class:`~geoplug.core.raster.RasterDataset` (masks always
            use nearest resampling).
        bands: unused; must be ``None``.
        product: ``"lc"`` (default) or ``"lulc"``.
        **kwargs: ``merge``, ``keep_dtype``, ``cache``, ``use_overviews``.

    Raises:
        DatasetNotFoundError: no state raster of ``product`` under ``paths``.
        ValueError: unknown ``product``.
    """

    filename_glob: ClassVar[str] = "*.[ti][im][fg]"  # .tif, and DC's .img
    filename_regex: ClassVar[str] = _PRODUCTS["lc"]
    date_format: ClassVar[str] = "%Y"
    is_image: ClassVar[bool] = False
    resampling: ClassVar[str | None] = "nearest"

    def __init__(self, paths: Any = "data", crs: Any = None,
                 res: float | tuple[float, float] | None = None,
                 bands: Sequence[str] | None = None, transforms: Any = None,
                 product: str = "lc", **kwargs: Any) -> None:
        if product not in _PRODUCTS:
            raise ValueError(f"product is 'lc' (13-class land cover) or 'lulc' (land use/land "
                             f"cover), got {product!r}")
        self.product = product
        self.filename_regex = _PRODUCTS[product]  # type: ignore[misc]  # varies with product
        if product == "lulc":
            self.classes = ()  # type: ignore[misc]  # the codes 11-127 as published
        _extract_state_zips(paths)
        try:
            super().__init__(paths, crs, res, bands, transforms, **kwargs)
        except DatasetNotFoundError as err:
            other = "lulc" if product == "lc" else "lc"
            if any(re.match(_PRODUCTS[other], os.path.basename(f), re.VERBOSE)
                   for f in find_files(paths, self.filename_glob)):
                raise DatasetNotFoundError(
                    type(self).__name__, path_list(paths),
                    hint=f"No {product!r} raster, but {other!r} rasters are there (another "
                         f"legend): pass product={other!r}.") from err
            raise

    def plot(self, sample: dict[str, Any], show_titles: bool = True,
             suptitle: str | None = None) -> Any:
        """The land cover mask; returns the Figure."""
        from geoplug.core.plot import plot_sample

        return plot_sample(sample, classes=self.classes, show_titles=show_titles,
                           suptitle=suptitle)


def _extract_state_zips(paths: Any) -> None:
    """Extract the publisher's per-state zips under ``paths`` whose raster is not there yet."""
    extract_found(
        paths, r"^(?:[a-z]{2}_(?:lc|lulc)_\d{4}_2022-Edition|Baywide_13Class_20132014)\.zip$",
        lambda archive: any(find_below(archive.parent, archive.stem + ".tif")))
    # the 2013/2014 edition's: ``_VA_STATEWIDE.zip`` holds ``CIC2014_VA_STATEWIDE.tif``
    extract_found(
        paths, r"^(?:_[A-Z]{2}_STATEWIDE|DC_11001)\.zip$",
        lambda archive: any(find_below(archive.parent,
                                       f"*{archive.stem.lstrip('_')}.[ti][im][fg]")))


def _layer_class(layer: str) -> type[RasterDataset]:
    """A RasterDataset reading one CVPR layer (``<tile>_<layer>.tif``)."""
    is_image = layer in _IMAGE_LAYERS
    return type(f"_CVPR_{layer.replace('-', '_')}", (RasterDataset,), {
        "filename_glob": f"m_*_{layer}.tif",
        "filename_regex": (r"^m_\d{7}_[ns][ew]_\d{2}_\d+(?:_(?P<date>\d{8}))?_"
                           + layer.replace("-", r"\-") + r"\.tif$"),
        "date_format": "%Y%m%d",
        "is_image": is_image,
        "resampling": None if is_image else "nearest",
        "__module__": __name__,
    })


class ChesapeakeCVPR(TileLayers, spec=spec("chesapeake_cvpr")):
    """The CVPR 2019 Chesapeake tiles: image layers stacked, ``lc`` (or another) as mask.

    The published tile names carry no date, so tiles span all time; names with the
    ``naip-new`` acquisition date (``..._060_20130918``) get that date.

    Args:
        paths: the folder holding ``cvpr_chesapeake_landcover/`` (or the tile folders).
        crs, res: target grid (default: the first tile's CRS, 1 m).
        bands: image layers stacked into ``image``, in order (default ``["naip-new"]``).
        transforms: a callable applied to each sample.
        splits: ``"<state>-<split>"`` names, e.g. ``["de-train", "md-val"]`` (kept as
            ``state_splits``; the class attribute ``splits`` is the official train/val/test).
        mask_layer: label layer returned as ``mask`` (``"lc"``: 15 is mapped to 0,
            ``"nlcd"``, ``"buildings"``), or ``None``.
        extra_layers: further label layers returned under their own keys.
        download: fetch and extract the LILA zip into ``paths`` when no tile is found.
        checksum: verify an already downloaded zip's MD5.
        cache: cache file headers (see :mod:`geoplug.core.headers`).

    Raises:
        DatasetNotFoundError: no tile of ``splits`` under ``paths``.
        ValueError: unknown split or layer names.
    """

    def __init__(
        self,
        paths: Any = "data",
        crs: Any = None,
        res: float | tuple[float, float] | None = None,
        bands: Sequence[str] | None = None,
        transforms: Any = None,
        *,
        splits: Sequence[str] = ("de-train",),
        mask_layer: str | None = "lc",
        extra_layers: Sequence[str] = (),
        download: bool = False,
        checksum: bool = False,
        cache: bool = True,
    ) -> None:
        super().__init__(transforms)
        self.bands = tuple(bands or ("naip-new",))
        bad = [b for b in self.bands if b not in _IMAGE_LAYERS]
        bad += [m for m in (mask_layer, *extra_layers)
                if m is not None and m not in _LABEL_LAYERS]
        if bad:
            raise ValueError(f"unknown layer(s) {bad}: image layers are {list(_IMAGE_LAYERS)}, "
                             f"label layers {list(_LABEL_LAYERS)}")
        valid = [f"{s}-{sp}" for s in STATES for sp in self.splits]
        unknown = [s for s in splits if s not in valid]
        if unknown:
            raise ValueError(f"unknown split(s) {unknown}; choose from {valid}")
        self.paths = paths
        self.state_splits = list(splits)
        self.mask_layer = mask_layer
        if mask_layer != "lc":  # the spec's legend is lc's: NLCD codes as they are, or 0/1
            legend = ("No building", "Building") if mask_layer == "buildings" else ()
            self.classes = legend  # type: ignore[misc]
        self.extra_layers = tuple(extra_layers)
        folders = self._split_folders(paths)
        zip_there = isinstance(paths, (str, os.PathLike)) and os.path.isfile(
            os.path.join(paths, "cvpr_chesapeake_landcover.zip"))
        if not folders and (download or zip_there):  # a zip already there is extracted
            folder = download_folder(paths, type(self).__name__)
            fetch([Resource(_CVPR_URL, "cvpr_chesapeake_landcover.zip", md5=_CVPR_MD5)],
                  folder, checksum)
            folders = self._split_folders(paths)
        if not folders:
            raise DatasetNotFoundError(
                type(self).__name__, path_list(paths),
                hint=f"No tile folder <state>_1m_<year>_extended-debuffered-<split>_tiles for "
                     f"{self.state_splits}. Pass download=True or run `geoplug datasets "
                     "download chesapeake_cvpr --root DIR`.")
        self._build_layers(_layer_class, folders, crs, res, cache)
        self._lc_lut = torch.zeros(256, dtype=torch.int64)
        self._lc_lut[1:7] = torch.arange(1, 7)

    @classmethod
    def ignore_index_for(cls, mask_layer: str | None = "lc", **_: object) -> int | None:
        """The no-data mask value of ``mask_layer``'s masks (the spec's 0 is lc's, and
        NLCD's 0 is no code): none for ``buildings``, whose 0 is "no building"."""
        return None if mask_layer == "buildings" else 0

    def _split_folders(self, paths: Any) -> list[str]:
        found: list[str] = []
        for root in path_list(paths):
            for split in self.state_splits:
                state, part = split.split("-")
                name = f"{state}_1m_20[0-9][0-9]_extended-debuffered-{part}_tiles"
                found += glob.glob(os.path.join(glob.escape(root), "**", name), recursive=True)
        return sorted(p for p in set(found) if os.path.isdir(p))

    def _layer_value(self, layer: str, value: Any) -> Any:
        """``lc`` with 15 (no data) mapped to 0; other label layers as read."""
        return self._lc_lut[value.clamp(0, 255)] if layer == "lc" else value

    def plot(self, sample: dict[str, Any], show_titles: bool = True,
             suptitle: str | None = None) -> Any:
        """NAIP RGB (or the first layer) next to the land cover mask; returns the Figure."""
        from geoplug.core.plot import plot_sample

        return plot_sample(sample, rgb_indices=(0, 1, 2), classes=self.classes,
                           show_titles=show_titles, suptitle=suptitle)

