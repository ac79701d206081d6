"""Tessera embeddings: the TESSERA model's annual 128-D embeddings at 10 m, per 0.1 degree tile.

GeoTessera publishes each tile of the 0.1 degree grid, named by its centre
(``grid_0.15_52.05``: 0.1-0.2 E, 52.0-52.1 N), as NumPy arrays and a GeoTIFF:

- ``global_0.1_degree_representation/<year>/<tile>/<tile>.npy``: int8 ``(H, W, 128)``, the
  quantised embedding of each 10 m pixel;
- ``.../<tile>/<tile>_scales.npy``: float32 ``(H, W)`` (or ``(H, W, 128)``), the factor that
  de-quantises it: ``embedding = int8 * scale``;
- ``global_0.1_degree_tiff_all/<tile>.tiff`` (for every year): the tile's land mask, whose CRS
  (the UTM zone of the tile's centre) and transform georeference the arrays.

Each found tile is read as a raster through a small GDAL VRT (written beside the arrays, or in
the cache when that folder is read-only): its bands address the ``.npy`` bytes in place and
multiply each quantised value by its scale, so a query reads only the window it needs and
samples hold the de-quantised ``image`` float32 ``[128, H, W]`` in the tile's UTM grid, dated
by the ``<year>`` folder. ``download=True`` fetches ``tiles`` of a ``year`` from Source
Cooperative (``https://data.source.coop/tessera/tessera/npy/v1`` and ``.../landmasks/v1``).
"""

from __future__ import annotations

import math
import re
from collections.abc import Sequence
from pathlib import Path
from typing import Any, ClassVar

import numpy as np
import rasterio
from numpy.lib import format as npy_format

from geoplug.core.archives import find_below
from geoplug.core.download import Resource, fetch
from geoplug.core.errors import DatasetNotFoundError, InvalidDataError
from geoplug.core.filematch import path_list
from geoplug.datasets._catalog import spec
from geoplug.datasets._earth_embeddings import EmbeddingLayer, year_of
from geoplug.datasets._geodownload import derived_folder, download_folder

__all__ = ["TesseraEmbeddings", "tile_name", "tiles_covering"]

_NPY_URL = "https://data.source.coop/tessera/tessera/npy/v1"
_LANDMASK_URL = "https://data.source.coop/tessera/tessera/landmasks/v1"
_EMBEDDINGS = "global_0.1_degree_representation"
_LANDMASKS = "global_0.1_degree_tiff_all"
_TILE = r"grid_-?\d+\.\d{2}_-?\d+\.\d{2}"
_NPY = re.compile(rf"^(?P<tile>{_TILE})\.npy$")
_HINT = (f"Expected {_EMBEDDINGS}/<year>/<tile>/<tile>.npy with <tile>_scales.npy, and "
         f"{_LANDMASKS}/<tile>.tiff (tiles named grid_<lon>_<lat> by their centre). Get them "
         "with GeoTessera (https://github.com/ucam-eo/geotessera) or pass download=True with "
         "year= and tiles=[...] (tessera.tiles_covering(west, south, east, north) names those "
         "of an area).")


def tile_name(lon: float, lat: float) -> str:
    """The tile whose 0.1 degree cell holds (``lon``, ``lat``): ``grid_<lon>_<lat>`` of its
    centre, two decimals."""
    return f"grid_{math.floor(lon * 10) / 10 + 0.05:.2f}_{math.floor(lat * 10) / 10 + 0.05:.2f}"


def tiles_covering(west: float, south: float, east: float, north: float) -> list[str]:
    """The tiles meeting a WGS 84 box (degrees), south-west first.

    Raises:
        ValueError: the box is not (west, south, east, north).
    """
    if west > east or south > north:
        raise ValueError(f"the box ({west}, {south}, {east}, {north}) is not (west, south, "
                         "east, north)")
    cols = range(math.floor(west * 10), max(math.ceil(east * 10), math.floor(west * 10) + 1))
    rows = range(math.floor(south * 10), max(math.ceil(north * 10), math.floor(south * 10) + 1))
    return [tile_name(c / 10, r / 10) for r in rows for c in cols]


def _npy_layout(path: Path) -> tuple[tuple[int, ...], np.dtype, int]:
    """Shape, dtype and data offset of a C-ordered ``.npy`` file.

    Raises:
        InvalidDataError: not a ``.npy`` file, one in Fortran order or one shorter than its
            header says.
    """
    try:
        with open(path, "rb") as f:
            version = npy_format.read_magic(f)
            read = (npy_format.read_array_header_1_0 if version == (1, 0)
                    else npy_format.read_array_header_2_0)
            shape, fortran, dtype = read(f)
            offset = f.tell()
    except (OSError, ValueError) as err:
        raise InvalidDataError(f"{path} is not a readable .npy array: {err}") from err
    if fortran:
        raise InvalidDataError(f"{path} is in Fortran order; Tessera arrays are C-ordered")
    need = offset + math.prod(shape) * np.dtype(dtype).itemsize
    size = path.stat().st_size
    if size < need:  # GDAL would read the missing bytes as zero vectors
        raise InvalidDataError(
            f"{path} holds {size - offset} of the {need - offset} data bytes its header "
            "announces (an interrupted download?); download the tile again")
    return tuple(shape), np.dtype(dtype), offset


def _raw_band(path: Path, dtype: np.dtype, offset: int, step: int, line: int) -> str:
    gdal = {"i1": "Int8", "f4": "Float32"}[dtype.str[1:]]
    order = "MSB" if dtype.str[0] == ">" else "LSB"
    return (f'<VRTRasterBand dataType="{gdal}" subClass="VRTRawRasterBand">'
            f'<SourceFilename relativeToVRT="0">{path.resolve()}</SourceFilename>'
            f"<ImageOffset>{offset}</ImageOffset><PixelOffset>{step}</PixelOffset>"
            f"<LineOffset>{line}</LineOffset><ByteOrder>{order}</ByteOrder></VRTRasterBand>")


def _write(path: Path, text: str) -> None:
    """Write ``text`` to ``path`` unless it holds it already (an unchanged file keeps its
    mtime, so the header cache stays valid)."""
    if not path.is_file() or path.read_text(encoding="utf-8") != text:
        path.write_text(text, encoding="utf-8")


def tile_vrt(npy: Path, scales: Path, landmask: Path, year: str) -> Path:
    """Write (or keep) the VRT reading tile ``npy`` de-quantised in ``landmask``'s grid.

    Raises:
        InvalidDataError: an array is unreadable or not of the published dtypes and shapes,
            or the land mask's size differs from the arrays'.
    """
    shape, dtype, offset = _npy_layout(npy)
    s_shape, s_dtype, s_offset = _npy_layout(scales)
    if len(shape) != 3 or dtype.str[1:] != "i1" or s_dtype.str[1:] != "f4" or (
            s_shape not in (shape[:2], shape)):
        raise InvalidDataError(f"{npy} ({dtype} {shape}) and {scales} ({s_dtype} {s_shape}) "
                               "are not an int8 (H, W, C) embedding and its float32 (H, W) "
                               "scales")
    height, width, count = shape
    with rasterio.open(landmask) as src:
        if (src.height, src.width) != (height, width):
            raise InvalidDataError(f"{landmask} is {src.height} x {src.width} px but {npy} is "
                                   f"{height} x {width}: not the land mask of this tile")
        crs, transform = src.crs.to_wkt(), src.transform.to_gdal()
    folder = derived_folder(npy)
    stem = f"{npy.stem}_{year}"
    raw = folder / f"{stem}_raw.vrt"
    per_band = len(s_shape) == 3
    bands = [_raw_band(npy, dtype, offset + b, count, width * count) for b in range(count)]
    bands += [_raw_band(scales, s_dtype, s_offset + 4 * b, 4 * count, 4 * width * count)
              for b in range(count)] if per_band else [
        _raw_band(scales, s_dtype, s_offset, 4, 4 * width)]
    _write(raw, f'<VRTDataset rasterXSize="{width}" rasterYSize="{height}">'
                + "".join(bands) + "</VRTDataset>\n")
    derived = "".join(
        f'<VRTRasterBand dataType="Float32" band="{b + 1}" subClass="VRTDerivedRasterBand">'
        "<PixelFunctionType>mul</PixelFunctionType>"
        f'<SimpleSource><SourceFilename relativeToVRT="0">{raw}</SourceFilename>'
        f"<SourceBand>{b + 1}</SourceBand></SimpleSource>"
        f'<SimpleSource><SourceFilename relativeToVRT="0">{raw}</SourceFilename>'
        f"<SourceBand>{count + 1 + (b if per_band else 0)}</SourceBand></SimpleSource>"
        "</VRTRasterBand>" for b in range(count))
    out = folder / f"{stem}.vrt"
    geo = ", ".join(repr(float(v)) for v in transform)
    _write(out, f'<VRTDataset rasterXSize="{width}" rasterYSize="{height}">'
                f"<SRS>{crs.replace('&', '&amp;').replace('<', '&lt;')}</SRS>"
                f"<GeoTransform>{geo}</GeoTransform>{derived}</VRTDataset>\n")
    return out


def _tiles_found(paths: Any, year: int | None) -> list[Path]:
    """The VRTs of the complete tiles (array, scales, land mask) under ``paths``.

    Raises:
        InvalidDataError: a tile's scales or land mask is missing, or a tile is malformed.
    """
    folders = [Path(p) for p in path_list(paths) if Path(p).is_dir()]
    masks = {p.stem: p for folder in folders for p in find_below(folder, "grid_*.tiff")
             if p.parent.name == _LANDMASKS}
    vrts = []
    for folder in folders:
        for npy in sorted(find_below(folder, "grid_*.npy")):
            if (match := _NPY.match(npy.name)) is None or npy.parent.name != npy.stem:
                continue
            tile, found_year = match.group("tile"), year_of(str(npy))
            if found_year is None or (year is not None and found_year != str(year)):
                continue
            scales = npy.with_name(f"{tile}_scales.npy")
            if not scales.is_file():
                raise InvalidDataError(f"{npy} has no {scales.name} beside it (the factors "
                                       "that de-quantise it); download the tile again")
            if tile not in masks:
                raise InvalidDataError(f"{npy} has no land mask {_LANDMASKS}/{tile}.tiff "
                                       f"under {folder} (it georeferences the tile); get it "
                                       f"from {_LANDMASK_URL}/{tile}.tiff")
            vrts.append(tile_vrt(npy, scales, masks[tile], found_year))
    return vrts


class TesseraEmbeddings(EmbeddingLayer, spec=spec("tessera")):
    """Tessera annual embeddings (``image`` float32 ``[C, H, W]``, de-quantised).

    Args:
        paths: the folder holding ``global_0.1_degree_representation/`` and
            ``global_0.1_degree_tiff_all/`` as GeoTessera lays them out (searched
            recursively).
        crs, res, transforms: see :class:`~geoplug.core.raster.RasterDataset` (default: the
            first tile's UTM zone, 10 m); ``nearest`` resampling keeps published vectors.
        bands: dimensions to read, of ``E000``-``E127`` (default all, in order).
        year: keep the tiles of this year only (default every year, each dated by its
            folder); with ``download``, the year to fetch.
        tiles: with ``download``, the tiles to fetch (``"grid_0.15_52.05"``;
            :func:`tiles_covering` names those of an area).
        download: fetch the missing arrays and land masks of ``tiles`` into ``paths``.
        checksum: unused: the publisher's manifest carries no checksums.
        **kwargs: ``merge``, ``keep_dtype`` (the product is float32 once de-quantised),
            ``resampling``, ``cache``, ``use_overviews``.

    Raises:
        DatasetNotFoundError: no tile (of ``year``) under ``paths``.
        InvalidDataError: a tile lacks its scales or land mask, or does not match them.
        ValueError: unknown band names, ``download`` without ``year`` and ``tiles``, or a
            malformed tile name.
    """

    filename_glob: ClassVar[str] = "grid_*.vrt"
    filename_regex: ClassVar[str] = rf"^(?P<tile>{_TILE})_(?P<date>\d{{4}})\.vrt$"
    files_wanted: ClassVar[str] = "Tessera tiles"
    date_format: ClassVar[str] = "%Y"
    title: ClassVar[str] = "Tessera"

    def __init__(self, paths: Any = "data", crs: Any = None,
                 res: float | tuple[float, float] | None = None,
                 bands: Sequence[str] | None = None, transforms: Any = None, *,
                 year: int | None = None, tiles: Sequence[str] | None = None,
                 download: bool = False, checksum: bool = False, **kwargs: Any) -> None:
        if download:
            self._download(paths, year, tiles)
        self.year = year
        vrts = _tiles_found(paths, year)
        if not vrts:
            raise DatasetNotFoundError(type(self).__name__, path_list(paths), hint=(
                "" if year is None else f"No tile of year={year}. ") + _HINT)
        EmbeddingLayer.__init__(self, [str(v) for v in vrts], crs, res, bands, transforms,
                                **kwargs)

    def _download(self, paths: Any, year: int | None, tiles: Sequence[str] | None) -> None:
        name = type(self).__name__
        if year is None or not tiles:
            raise ValueError(f"{name}: download=True needs year= and tiles=['grid_<lon>_<lat>', "
                             "...] (tessera.tiles_covering(west, south, east, north) names "
                             "those of an area)")
        bad = [t for t in tiles if not re.fullmatch(_TILE, t)]
        if bad:
            raise ValueError(f"{name}: {bad[0]!r} is not a tile name like 'grid_0.15_52.05'")
        folder = download_folder(paths, name)
        wanted = []
        for tile in tiles:
            for file in (f"{tile}.npy", f"{tile}_scales.npy"):
                wanted.append(Resource(f"{_NPY_URL}/{year}/{tile}/{file}",
                                       f"{_EMBEDDINGS}/{year}/{tile}/{file}", extract=False))
            wanted.append(Resource(f"{_LANDMASK_URL}/{tile}.tiff",
                                   f"{_LANDMASKS}/{tile}.tiff", extract=False))
        fetch(wanted, folder)
