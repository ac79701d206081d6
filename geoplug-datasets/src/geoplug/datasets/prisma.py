"""PRISMA: the Italian Space Agency's hyperspectral mission, Level-2D (geocoded reflectance).

ASI distributes each scene as HDF5-EOS, ``PRS_L2D_STD_<start>_<stop>_<version>.he5``
(``<start>``/``<stop>``: ``yyyymmddHHMMSS``; often zipped as ``.zip``): the hyperspectral
cubes ``HDFEOS/SWATHS/PRS_L2D_HCO/Data Fields/VNIR_Cube`` (66 layers) and ``SWIR_Cube``
(173 layers), uint16, stored ``[row, layer, column]``, and root attributes with the grid
(``Epsg_Code``; ``Product_ULcorner_easting``/``_northing`` and ``Product_LRcorner_*``, the
centres of the corner pixels, 30 m UTM), each layer's centre wavelength and width
(``List_Cw_Vnir``, ``List_Fwhm_Vnir``, ... in nm; 0 for unused layers; VNIR stored from long
to short wavelengths) and the reflectance scaling (``L2ScaleVnirMin``/``Max``,
``L2ScaleSwirMin``/``Max``: reflectance = min + DN * (max - min) / 65535).

HDF5 has no georeferencing GDAL can warp, so each scene is converted once into a GeoTIFF
beside it (``<name>.reflectance.tif``, float32 reflectance, or ``<name>.dn.tif`` with
``scale=False``; in the cache folder when the data folder is read-only), written atomically,
the padding around the swath (DN 0 in every layer) as no data (NaN, or 0 for DN);
the warp engine then reads windows of it like any layer. Zips found under ``paths`` are
extracted first (into the cache when read-only). Products already delivered as GeoTIFF
(``PRS_<level>_<product>[_<order>]_<start>_<stop>_<version>[_<n>].tif``, all layers as bands,
as in TorchGeo's sample) are read as stored. Bands are the cube layers in the file's order,
``VNIR_1``-``VNIR_66`` then ``SWIR_1``-``SWIR_173``; :attr:`PRISMA.wavelengths`
gives their centres from the first scene.
"""

from __future__ import annotations

import os
import re
from collections.abc import Sequence
from pathlib import Path
from typing import Any, ClassVar

import numpy as np

from geoplug.core.errors import DatasetNotFoundError, InvalidDataError
from geoplug.core.raster import RasterDataset, find_files, path_list
from geoplug.datasets._catalog import spec
from geoplug.datasets._geodownload import derived_folder, extract_found

__all__ = ["PRISMA", "convert_l2d"]

_HE5 = re.compile(r"^PRS_L2D_[A-Z]{3}_\d{14}_\d{14}_\d{4}\.he5$")
#: a product delivered as GeoTIFF (not one of our own ``.reflectance.tif``/``.dn.tif``)
_TIF = re.compile(r"^PRS_[A-Z\d]+_[A-Z]+(?:_[A-Z_]+?)?_\d{14}_\d{14}_\d{4}(?:_\d)?\.tif$")
_SWATH = "HDFEOS/SWATHS/PRS_L2D_HCO/Data Fields"


def _attr(attrs: Any, name: str, path: Path) -> Any:
    try:
        return attrs[name]
    except KeyError as err:
        raise InvalidDataError(f"{path} lacks the attribute {name!r}; is it a PRISMA L2D "
                               "product?") from err


def convert_l2d(he5: Path, out: Path, scale: bool = True) -> Path:
    """Write the VNIR and SWIR cubes of ``he5`` as one GeoTIFF ``out`` (atomic); return it.

    Raises:
        InvalidDataError: ``he5`` is not a readable PRISMA L2D product.
    """
    import h5py
    import rasterio
    from affine import Affine

    try:
        f = h5py.File(he5, "r")
    except OSError as err:
        raise InvalidDataError(f"cannot open {he5} as HDF5: {err}") from err
    tmp = out.with_name(f".{out.name}.part")
    with f:
        a = f.attrs
        if f"{_SWATH}/VNIR_Cube" not in f or f"{_SWATH}/SWIR_Cube" not in f:
            raise InvalidDataError(f"{he5} has no {_SWATH}/VNIR_Cube and SWIR_Cube")
        cubes = [(f[f"{_SWATH}/VNIR_Cube"], "Vnir"), (f[f"{_SWATH}/SWIR_Cube"], "Swir")]
        rows, _, cols = cubes[0][0].shape
        x0, y0 = float(_attr(a, "Product_ULcorner_easting", he5)), float(
            _attr(a, "Product_ULcorner_northing", he5))
        x1, y1 = float(_attr(a, "Product_LRcorner_easting", he5)), float(
            _attr(a, "Product_LRcorner_northing", he5))
        resx, resy = (x1 - x0) / (cols - 1), (y0 - y1) / (rows - 1)
        count = sum(c.shape[1] for c, _ in cubes)
        # the swath is padded to the rectangular grid with DN 0 in every layer: no data (a
        # pixel is data where any layer is not 0, as GDAL reads a nodata of 0)
        valid = np.zeros((rows, cols), dtype=bool)
        for cube, _ in cubes:
            for layer in range(cube.shape[1]):
                valid |= cube[:, layer, :] != 0
        profile = {"driver": "GTiff", "width": cols, "height": rows, "count": count,
                   "dtype": "float32" if scale else "uint16",
                   "nodata": float("nan") if scale else 0,
                   "crs": f"EPSG:{int(_attr(a, 'Epsg_Code', he5))}", "tiled": True,
                   "blockxsize": 256, "blockysize": 256, "interleave": "band",
                   "transform": Affine(resx, 0, x0 - resx / 2, 0, -resy, y0 + resy / 2)}
        band = 1
        try:
            with rasterio.open(tmp, "w", **profile) as dst:
                for cube, name in cubes:
                    lo = float(_attr(a, f"L2Scale{name}Min", he5))
                    hi = float(_attr(a, f"L2Scale{name}Max", he5))
                    centres = np.asarray(_attr(a, f"List_Cw_{name}", he5), dtype=float)
                    for layer in range(cube.shape[1]):
                        dn = cube[:, layer, :]
                        data = (np.where(valid, lo + dn.astype(np.float32)
                                         * np.float32((hi - lo) / 65535), np.float32(np.nan))
                                if scale else dn)
                        dst.write(data, band)
                        dst.set_band_description(band, f"{name.upper()}_{layer + 1} "
                                                       f"{centres[layer]:.3f} nm")
                        band += 1
        except BaseException:
            tmp.unlink(missing_ok=True)  # nothing that looks converted is left behind
            raise
    os.replace(tmp, out)
    return out


def _current(converted: Path) -> bool:
    """Whether ``converted`` exists as this version writes it: with its padding declared no
    data (earlier versions left it reflectance 0, read as data: converted again)."""
    import rasterio

    if not converted.exists():
        return False
    try:
        with rasterio.open(converted) as ds:
            return ds.nodata is not None
    except rasterio.errors.RasterioError:
        return False  # a broken conversion is made again


class PRISMA(RasterDataset, spec=spec("prisma")):
    """PRISMA L2D scenes (``image`` float32 ``[C, H, W]``: reflectance, or DN).

    Args:
        paths: folders holding the ``.he5`` products, their zips or GeoTIFF deliveries
            (searched recursively), or files.
        crs, res, transforms: see :class:`~geoplug.core.raster.RasterDataset` (default: the
            first scene's UTM zone, 30 m).
        bands: cube layers in the order wanted (default all 239).
        scale: convert the numbers to reflectance with the scene's L2 scaling (``.he5``
            products only; GeoTIFF deliveries are read as stored).
        **kwargs: ``merge``, ``keep_dtype``, ``resampling``, ``cache``, ``use_overviews``.

    Raises:
        DatasetNotFoundError: no PRISMA L2D product under ``paths``.
        InvalidDataError: a product is not a readable L2D HDF5.
        ValueError: unknown band names.
    """

    filename_glob: ClassVar[str] = "PRS_L2D_*.tif"
    filename_regex: ClassVar[str] = r"""
        ^PRS_(?P<level>[A-Z\d]+)_(?P<product>[A-Z]+)(?:_(?P<order>[A-Z_]+?))?
        _(?P<date>\d{14})_(?P<stop>\d{14})_(?P<version>\d{4})(?:_(?P<valid>\d))?
        \.(?:reflectance\.|dn\.)?tif$
    """
    files_wanted: ClassVar[str] = "PRISMA L2D products (PRS_L2D_STD_<start>_<stop>_0001.he5)"
    date_format: ClassVar[str] = "%Y%m%d%H%M%S"

    def __init__(self, paths: Any = "data", crs: Any = None,
                 res: float | tuple[float, float] | None = None,
                 bands: Sequence[str] | None = None, transforms: Any = None, *,
                 scale: bool = True, **kwargs: Any) -> None:
        paths = extract_found(paths, r"^PRS_L2D_[A-Z]{3}_\d{14}_\d{14}_\d{4}\.zip$",
                              lambda z: z.with_suffix(".he5").exists())
        products = [Path(p) for p in find_files(paths, "PRS_L2D_*.he5")
                    if _HE5.match(os.path.basename(p))]
        delivered = [p for p in find_files(paths, "PRS_*.tif") if _TIF.match(os.path.basename(p))]
        if not products and not delivered:
            raise DatasetNotFoundError(type(self).__name__, path_list(paths), hint=(
                "No PRISMA product (PRS_L2D_STD_<start>_<stop>_<version>.he5, its zip, or a "
                "PRS_*_<start>_<stop>_<version>.tif GeoTIFF) found there. Order the scenes from "
                "https://prisma.asi.it/ (registration needed) and put them there."))
        kind = "reflectance" if scale else "dn"
        converted = []
        for he5 in products:
            out = he5.with_name(f"{he5.stem}.{kind}.tif")
            if not out.exists():  # a read-only folder: convert into the cache instead
                out = derived_folder(he5) / out.name
            converted.append(str(out if _current(out) else convert_l2d(he5, out, scale)))
        self.scale = scale
        self._products = products
        super().__init__(converted + delivered, crs, res, bands, transforms, **kwargs)

    @property
    def wavelengths(self) -> list[float]:
        """Centre wavelengths (nm) of :attr:`bands` in the first ``.he5`` scene (0: unused
        layer, or unknown when only GeoTIFF deliveries were found)."""
        import h5py

        if not self._products:
            return [0.0] * len(self.bands)
        with h5py.File(self._products[0], "r") as f:
            table = {f"{n.upper()}_{i + 1}": float(w) for n in ("Vnir", "Swir")
                     for i, w in enumerate(f.attrs[f"List_Cw_{n}"])}
        return [table[b] for b in self.bands]

    def plot(self, sample: dict[str, Any], show_titles: bool = True,
             suptitle: str | None = None) -> Any:
        """True colour from the layers nearest 650, 550 and 450 nm; returns the Figure."""
        from geoplug.core.plot import plot_sample

        waves = np.asarray(self.wavelengths)
        rgb: list[int] = []
        if len(self.bands) >= 3 and (waves > 0).any():
            valid = np.where(waves > 0, waves, np.inf)
            rgb = [int(np.argmin(np.abs(valid - target))) for target in (650, 550, 450)]
        return plot_sample({"image": sample["image"]}, rgb_indices=rgb,
                           show_titles=show_titles, suptitle=suptitle)
