"""EnviroAtlas (Rolf et al., UAI 2022): several co-registered 1 m layers per tile, four cities.

Zenodo record 5778193 is ``enviroatlas_lotp.zip`` holding ``enviroatlas_lotp/`` with
``spatial_index.geojson`` and one folder per city and split,
``<city>-<split>_tiles-debuffered/`` (``pittsburgh_pa-2010_1m`` train/val/test/val5,
``durham_nc-2012_1m``, ``austin_tx-2012_1m``, ``phoenix_az-2010_1m`` test/val5). Each tile,
named after its NAIP quarter quad (``3009726_sw``), has one GeoTIFF per layer (UTM NAD83):
``_a_naip`` (4-band RGBN), ``_b_nlcd``, ``_c_roads``, ``_d_water``, ``_d1_waterways``,
``_d2_waterbodies``, ``_e_buildings``, ``_h_highres_labels`` (EnviroAtlas codes 0, 10, 20,
30, 40, 52, 70, 80, 82, 91, 92, mapped to 0-10), ``_prior_from_cooccurrences_101_31`` and
``_prior_from_cooccurrences_101_31_no_osm_no_buildings`` (land cover priors).

Samples: the image layers asked for stacked as ``image`` float32 ``[C, H, W]``, the mask
layer (``lc``, or ``nlcd``) as ``mask`` int64 ``[H, W]``, and extra layers under their names.
"""

from __future__ import annotations

import glob
import os
from collections.abc import Sequence
from typing import Any

from geoplug.core.download import Resource, fetch
from geoplug.core.errors import DatasetNotFoundError
from geoplug.core.raster import RasterDataset, path_list
from geoplug.datasets._catalog import spec
from geoplug.datasets._catalog.generic_layers import ENVIROATLAS_IMAGE_LAYERS
from geoplug.datasets._geodownload import download_folder, extract_found
from geoplug.datasets._layers import TileLayers, ordinal_lookup

__all__ = ["LAYERS", "EnviroAtlas"]

_URL = "https://zenodo.org/record/5778193/files/enviroatlas_lotp.zip?download=1"
_ZIP = "enviroatlas_lotp.zip"
_MD5 = "bfe601be21c7c001315fc6154be8ef14"
_PRIOR = "prior_from_cooccurrences_101_31"
#: layer name -> file suffix after ``<tile>_``
LAYERS: dict[str, str] = {
    "naip": "a_naip", "nlcd": "b_nlcd", "roads": "c_roads", "water": "d_water",
    "waterways": "d1_waterways", "waterbodies": "d2_waterbodies", "buildings": "e_buildings",
    "lc": "h_highres_labels", "prior": _PRIOR,
    "prior_no_osm_no_buildings": f"{_PRIOR}_no_osm_no_buildings",
}
_LABEL_LAYERS = ("lc", "nlcd")
_LC_CODES = (0, 10, 20, 30, 40, 52, 70, 80, 82, 91, 92)


def _layer_class(layer: str) -> type[RasterDataset]:
    """A RasterDataset reading one layer (``<tile>_<suffix>.tif``) of every tile."""
    is_image = layer not in _LABEL_LAYERS
    lut = ordinal_lookup(_LC_CODES) if layer == "lc" else None
    return type(f"_EnviroAtlas_{layer}", (RasterDataset,), {
        "filename_glob": f"*_{LAYERS[layer]}.tif",
        "filename_regex": rf"^\d{{7}}_[ns][ew]_{LAYERS[layer]}\.tif$",
        "is_image": is_image,
        "resampling": None if is_image else "nearest",
        "_lookup": lut,
        "__module__": __name__,
    })


class EnviroAtlas(TileLayers, spec=spec("enviroatlas")):
    """EnviroAtlas tiles: image layers stacked, a label layer as mask.

    Args:
        paths: the folder holding ``enviroatlas_lotp/`` (or the tile folders).
        crs, res: target grid (default: the first tile's UTM zone, 1 m).
        bands: image layers stacked into ``image``, in order (default ``["naip"]``).
        transforms: a callable applied to each sample.
        splits: ``"<city>-<split>"`` names, e.g. ``["pittsburgh_pa-2010_1m-train"]``.
        mask_layer: ``"lc"`` (high-resolution land cover, 0-10), ``"nlcd"`` or ``None``.
        extra_layers: further layers returned under their own names.
        download: fetch and extract the Zenodo zip into ``paths`` when no tile is found.
        checksum: verify an already downloaded zip's MD5.
        cache: cache file headers (see :mod:`geoplug.core.headers`).

    Raises:
        DatasetNotFoundError: no tile folder of ``splits`` under ``paths`` (lists those found).
        ValueError: unknown layer names.
    """

    def __init__(self, paths: Any = "data", crs: Any = None,
                 res: float | tuple[float, float] | None = None,
                 bands: Sequence[str] | None = None, transforms: Any = None, *,
                 splits: Sequence[str] = ("pittsburgh_pa-2010_1m-train",),
                 mask_layer: str | None = "lc", extra_layers: Sequence[str] = (),
                 download: bool = False, checksum: bool = False, cache: bool = True) -> None:
        super().__init__(transforms)
        self.bands = tuple(bands or ("naip",))
        bad = [b for b in self.bands if b not in ENVIROATLAS_IMAGE_LAYERS]
        bad += [m for m in (mask_layer, *extra_layers) if m is not None and m not in LAYERS]
        bad += [mask_layer] if mask_layer is not None and mask_layer not in _LABEL_LAYERS else []
        if bad:
            raise ValueError(f"unknown layer(s) {bad}: image layers are "
                             f"{list(ENVIROATLAS_IMAGE_LAYERS)}, mask layers "
                             f"{list(_LABEL_LAYERS)}, extra layers any of {list(LAYERS)}")
        self.city_splits = list(splits)
        self.mask_layer = mask_layer
        if mask_layer != "lc":  # the spec's legend is lc's: NLCD codes are read as they are
            self.classes = ()  # type: ignore[misc]
        self.extra_layers = tuple(extra_layers)
        # Zenodo (and hand downloads) leave only enviroatlas_lotp.zip: extract it first.
        paths = extract_found(paths, r"^enviroatlas_lotp\.zip$",
                              lambda a: (a.parent / "enviroatlas_lotp").is_dir())
        folders = self._folders(paths)
        if not folders and download:
            folder = download_folder(paths, type(self).__name__)
            fetch([Resource(_URL, _ZIP, md5=_MD5)], folder, checksum)
            folders = self._folders(paths)
        if not folders:
            raise DatasetNotFoundError(type(self).__name__, path_list(paths), hint=(
                f"No tile folder <city>-<split>_tiles-debuffered for {self.city_splits} (found: "
                f"{self._found(paths) or 'none'}). Pass download=True or run `geoplug datasets "
                "download enviroatlas --root DIR`."))
        self._build_layers(_layer_class, folders, crs, res, cache)

    @staticmethod
    def _found(paths: Any) -> list[str]:
        names: list[str] = []
        for root in path_list(paths):
            pattern = os.path.join(glob.escape(root), "**", "*_tiles-debuffered")
            names += [os.path.basename(p)[: -len("_tiles-debuffered")]
                      for p in glob.glob(pattern, recursive=True) if os.path.isdir(p)]
        return sorted(set(names))

    def _folders(self, paths: Any) -> list[str]:
        found: list[str] = []
        for root in path_list(paths):
            for split in self.city_splits:
                pattern = os.path.join(glob.escape(root), "**",
                                       f"{glob.escape(split)}_tiles-debuffered")
                found += glob.glob(pattern, recursive=True)
        return sorted(p for p in set(found) if os.path.isdir(p))

    def plot(self, sample: dict[str, Any], show_titles: bool = True,
             suptitle: str | None = None) -> Any:
        """NAIP (or the first layer) next to the land cover mask; returns the Figure."""
        from geoplug.core.plot import plot_sample

        return plot_sample(sample, rgb_indices=(0, 1, 2) if sample["image"].shape[0] >= 3
                           else (), classes=self.classes, show_titles=show_titles,
                           suptitle=suptitle)
