"""Fake Landsat 8 Collection-2 scenes and a fake CDL mask, in the publishers' on-disk formats.

* :func:`landsat8_scene` writes one Level-2 product folder
  ``LC08_L2SP_<PPPRRR>_<acq>_<proc>_02_T1/`` holding one GeoTIFF per surface-reflectance band,
  ``LC08_L2SP_<PPPRRR>_<acq>_<proc>_02_T1_SR_B<n>.TIF`` (uint16, WGS 84 / UTM, 30 m, pixel
  edges on odd multiples of 15 m like the real grid, fill value 0 in the corners like the
  rotated footprint of a real scene), tiled, optionally with internal overviews or as a COG.
* :func:`landsat8_scenes` writes the standard workload: scenes in two UTM zones (15N and 16N)
  straddling 90°W at 40°N, overlapping each other, on two dates per zone.
* :func:`cdl` writes ``<year>_30m_cdls.tif``: a uint8 crop-type mask in CONUS Albers
  (EPSG:5070), 30 m, nodata 0, with the CDL colormap entries it uses; by default it covers
  the scenes of :func:`landsat8_scenes`.

Sizes are tiny by default for tests; pass ``size`` (pixels per side) to make a benchmark.
Pixel values depend only on map position (and band / date), so overlapping scenes agree.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path

import numpy as np
import rasterio
import rasterio.shutil
from affine import Affine
from pyproj import Transformer
from rasterio.enums import Resampling

from geoplug.core.raster import RasterDataset

__all__ = [
    "CDL_CLASSES",
    "LANDSAT8_BANDS",
    "Scene",
    "cdl",
    "landsat8_scene",
    "landsat8_scenes",
    "to_cog",
    "utm_origin",
]

LANDSAT8_BANDS = ("SR_B1", "SR_B2", "SR_B3", "SR_B4", "SR_B5", "SR_B6", "SR_B7")

#: A few real CDL codes with their official colours (RGBA).
CDL_CLASSES: dict[int, tuple[int, int, int, int]] = {
    1: (255, 211, 0, 255),  # corn
    5: (38, 112, 0, 255),  # soybeans
    24: (168, 112, 0, 255),  # winter wheat
    111: (77, 112, 163, 255),  # open water
    121: (153, 153, 153, 255),  # developed/open space
    141: (147, 204, 147, 255),  # deciduous forest
    176: (232, 255, 191, 255),  # grassland/pasture
}


@dataclass(frozen=True)
class Scene:
    """What :func:`landsat8_scene` wrote."""

    folder: Path
    files: tuple[Path, ...]  # one per band, in LANDSAT8_BANDS order
    crs: str
    transform: Affine
    size: int
    date: date


def _snap(value: float, res: float) -> float:
    """Snap to the Landsat/CDL grid: pixel edges at odd multiples of res/2."""
    return (np.floor(value / res) * res) + res / 2


def utm_origin(lon: float, lat: float, epsg: int, size: int, res: float = 30.0
               ) -> tuple[float, float]:
    """Upper-left corner (snapped to the grid) of a ``size`` px scene centred on lon/lat."""
    x, y = Transformer.from_crs("EPSG:4326", f"EPSG:{epsg}", always_xy=True).transform(lon, lat)
    half = size * res / 2
    return _snap(x - half, res), _snap(y + half, res)


def _field(xs: np.ndarray, ys: np.ndarray, band: int, day: int) -> np.ndarray:
    """Smooth reflectance-like values (Landsat C2 scale, 7,000-30,000) from map coordinates."""
    base = 8000 + 1800 * band + 15 * (day % 97)
    wave = (np.sin(xs / 1700.0 + band) * np.cos(ys / 2300.0 - band) * 4000
            + np.sin((xs + ys) / 410.0) * 900)
    return np.clip(base + wave, 1, 65535).astype(np.uint16)


def _profile(crs: str, transform: Affine, size: int, dtype: str, nodata: float | None,
             tiled: bool, blocksize: int, count: int = 1) -> dict[str, object]:
    profile: dict[str, object] = {
        "driver": "GTiff", "width": size, "height": size, "count": count, "dtype": dtype,
        "crs": crs, "transform": transform, "nodata": nodata,
    }
    if tiled:
        profile.update(tiled=True, blockxsize=blocksize, blockysize=blocksize)
    return profile


def to_cog(path: Path, blocksize: int = 512) -> Path:
    """Rewrite ``path`` in place as a Cloud Optimized GeoTIFF (overviews first, tiled)."""
    tmp = path.with_suffix(".cog.tmp")
    rasterio.shutil.copy(path, tmp, driver="COG", BLOCKSIZE=blocksize, COMPRESS="NONE",
                         OVERVIEWS="AUTO", RESAMPLING="NEAREST")
    tmp.replace(path)
    return path


def landsat8_scene(
    root: str | Path,
    *,
    epsg: int = 32615,
    origin: tuple[float, float] | None = None,
    size: int = 64,
    res: float = 30.0,
    path_row: str = "023032",
    acquired: date = date(2023, 6, 15),
    bands: Sequence[str] = LANDSAT8_BANDS,
    nodata_corners: bool = True,
    tiled: bool = True,
    blocksize: int = 256,
    overviews: Sequence[int] = (),
    cog: bool = False,
    nodata: float | None = 0,
) -> Scene:
    """Write one Landsat 8 C2 L2 product folder under ``root``; return what was written.

    ``origin`` is the upper-left corner in the UTM zone ``epsg`` (default: a scene centred on
    90.05°W 40°N). ``overviews`` are decimation factors (e.g. ``(2, 4)``) built internally.
    """
    if origin is None:
        origin = utm_origin(-90.05, 40.0, epsg, size, res)
    transform = Affine(res, 0.0, origin[0], 0.0, -res, origin[1])
    processed = acquired + timedelta(days=8)
    product = (f"LC08_L2SP_{path_row}_{acquired:%Y%m%d}_{processed:%Y%m%d}_02_T1")
    folder = Path(root) / product
    folder.mkdir(parents=True, exist_ok=True)
    cols, rows = np.meshgrid(np.arange(size), np.arange(size))
    xs = origin[0] + (cols + 0.5) * res
    ys = origin[1] - (rows + 0.5) * res
    corner = size // 4
    fill = ((rows + cols < corner) | ((size - 1 - rows) + (size - 1 - cols) < corner)
            | (rows + (size - 1 - cols) < corner // 2))
    crs = f"EPSG:{epsg}"
    files = []
    for name in bands:
        band = int(name.rsplit("B", 1)[-1])
        data = _field(xs, ys, band, acquired.toordinal())
        if nodata_corners:
            data[fill] = 0
        path = folder / f"{product}_{name}.TIF"
        with rasterio.open(path, "w", **_profile(crs, transform, size, "uint16", nodata, tiled,
                                                  blocksize)) as dst:
            dst.write(data, 1)
            if overviews:
                dst.build_overviews(list(overviews), Resampling.nearest)
        if cog:
            to_cog(path, blocksize)
        files.append(path)
    return Scene(folder, tuple(files), crs, transform, size, acquired)


def landsat8_scenes(root: str | Path, *, size: int = 64, overviews: Sequence[int] = (),
                    cog: bool = False, blocksize: int = 256, zones: Sequence[int] = (15, 16),
                    dates: Sequence[date] = (date(2023, 6, 15), date(2023, 7, 1))
                    ) -> list[Scene]:
    """The standard workload: per UTM zone, one scene per date, overlapping across zones.

    Scenes of zone 15N sit just west of 90°W and those of 16N just east, overlapping by about
    half a scene; the scene of the second date is shifted by a quarter scene.
    """
    res = 30.0
    shift_deg = size * res * 0.25 / 85_000.0  # ~a quarter scene in degrees of longitude
    scenes = []
    for zone in zones:
        epsg = 32600 + zone
        lon = -90.0 - shift_deg if zone == 15 else -90.0 + shift_deg
        for k, when in enumerate(dates):
            origin = utm_origin(lon, 40.0, epsg, size, res)
            origin = (origin[0] + k * size * res / 4, origin[1] - k * size * res / 4)
            path_row = f"{23 if zone == 15 else 22:03d}032"
            scenes.append(landsat8_scene(root, epsg=epsg, origin=origin, size=size,
                                         path_row=path_row, acquired=when,
                                         overviews=overviews, cog=cog, blocksize=blocksize))
    return scenes


def cdl(
    root: str | Path,
    *,
    year: int = 2023,
    bounds: tuple[float, float, float, float] | None = None,
    res: float = 30.0,
    cover: Sequence[Scene] = (),
    margin: float = 300.0,
    tiled: bool = True,
    blocksize: int = 256,
    field: int = 7,
) -> Path:
    """Write ``<root>/<year>_30m_cdls.tif`` (EPSG:5070, uint8, nodata 0); return its path.

    The extent is ``bounds`` (minx, miny, maxx, maxy in EPSG:5070), else the scenes ``cover``
    (plus ``margin`` metres), else the default :func:`landsat8_scenes` area. Classes form
    ``field``-pixel blocks, like fields, from :data:`CDL_CLASSES`.
    """
    if bounds is None:
        scenes = list(cover) or None
        pts_x: list[float] = []
        pts_y: list[float] = []
        if scenes is None:
            lon = np.array([-90.06, -89.94, -90.06, -89.94])
            lat = np.array([39.97, 39.97, 40.03, 40.03])
            x, y = Transformer.from_crs("EPSG:4326", "EPSG:5070", always_xy=True).transform(
                lon, lat)
            pts_x, pts_y = list(x), list(y)
        else:
            for s in scenes:
                ext = s.size * s.transform.a
                cx = np.array([0, ext, 0, ext]) + s.transform.c
                cy = np.array([0, 0, -ext, -ext]) + s.transform.f
                x, y = Transformer.from_crs(s.crs, "EPSG:5070", always_xy=True).transform(cx, cy)
                pts_x += list(x)
                pts_y += list(y)
        bounds = (min(pts_x) - margin, min(pts_y) - margin, max(pts_x) + margin,
                  max(pts_y) + margin)
    minx, miny, maxx, maxy = bounds
    left, top = _snap(minx, res), _snap(maxy, res) + res
    width = int(np.ceil((maxx - left) / res))
    height = int(np.ceil((top - miny) / res))
    transform = Affine(res, 0.0, left, 0.0, -res, top)
    rows, cols = np.mgrid[0:height, 0:width]
    gx = (left / res + cols) // field
    gy = (top / res - rows) // field
    codes = np.array(sorted(CDL_CLASSES), dtype=np.uint8)
    pick = ((gx * 7919 + gy * 104729) % len(codes)).astype(np.int64)
    data = codes[pick]
    path = Path(root) / f"{year}_30m_cdls.tif"
    path.parent.mkdir(parents=True, exist_ok=True)
    profile = _profile("EPSG:5070", transform, 0, "uint8", 0, tiled, blocksize)
    profile.update(width=width, height=height)
    with rasterio.open(path, "w", **profile) as dst:
        dst.write(data, 1)
        dst.write_colormap(1, CDL_CLASSES)
    return path


def warp_scene(path: str | Path, crs: str, res: float, size: int, dtype: str,
               nodata: float | None, seed: int, shift: tuple[float, float] = (0.0, 0.0)
               ) -> Path:
    """Write a 2-band ``size`` x ``size`` GeoTIFF in ``crs`` centred on 90.3 W, 41.5 N (moved
    east and south by ``shift`` times its size): smooth waves plus noise, different per band
    (a warp sweep's source). With ``nodata``, a corner triangle and 1% of scattered pixels
    hold it."""
    rng = np.random.default_rng(seed)
    cx, cy = Transformer.from_crs("EPSG:4326", crs, always_xy=True).transform(-90.3, 41.5)
    cx, cy = cx + shift[0] * size * res, cy - shift[1] * size * res
    transform = Affine(res, 0.0, cx - size * res / 2, 0.0, -res, cy + size * res / 2)
    yy, xx = np.mgrid[0:size, 0:size]
    bands = []
    for b in range(2):
        v = (100 + 40 * np.sin(xx / (7 + 3 * b)) * np.cos(yy / 5) + rng.normal(0, 15, xx.shape)
             + xx * 0.3 + yy * 0.2 * (b + 1))
        kind = np.dtype(dtype)
        bands.append(v.astype(dtype) if kind.kind == "f"
                     else np.clip(v, 1, np.iinfo(kind).max).astype(dtype))
    data = np.stack(bands)
    if nodata is not None:
        data[:, (xx + yy < size * 0.3) | (rng.random(xx.shape) < 0.01)] = nodata
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    with rasterio.open(path, "w", **_profile(crs, transform, size, dtype, nodata, True, 64,
                                             count=2)) as dst:
        dst.write(data)
    return path


# -- RasterDataset subclasses reading what this module writes -------------------------------
# Defined here (not in test modules) so that DataLoader workers started with "spawn" can
# unpickle them by import.


class Landsat8(RasterDataset):
    """The Landsat-8-like scenes written by :func:`landsat8_scene`, one file per band."""

    filename_glob = "LC08_*_SR_B*.TIF"
    filename_regex = (r"^LC08_L2SP_(?P<wrs>\d{6})_(?P<date>\d{8})_\d{8}_02_T1_"
                      r"(?P<band>SR_B\d)\.TIF$")
    separate_files = True
    all_bands = LANDSAT8_BANDS
    rgb_bands = ("SR_B4", "SR_B3", "SR_B2")


class Cdl(RasterDataset):
    """The CDL-like masks written by :func:`cdl`."""

    filename_glob = "*_30m_cdls.tif"
    filename_regex = r"^(?P<date>\d{4})_30m_cdls\.tif$"
    date_format = "%Y"
    is_image = False
