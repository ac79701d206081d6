"""Fake GeoTIFF scenes whose pixel values say where they come from.

Every pixel holds ``1 + index`` where ``index`` is the pixel's linear position among all
pixels written, ``((file * bands + band) * height + row) * width + col``. A test can then
prove which file, band and window a sample was read from (:meth:`SceneSet.expected`,
:meth:`SceneSet.decode`), that nothing was transposed, and that two layers were read at the
same place. Values never equal 0, so 0 is safe as nodata. Integer dtypes too small for every
index wrap around (``1 + index % max``) and stay different between neighbouring pixels;
:attr:`SceneSet.exact` says whether :meth:`SceneSet.decode` is unambiguous.
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

import numpy as np

__all__ = ["FakeScene", "SceneSet", "pixel_values", "write_geotiff_scenes"]


def _capacity(dtype: np.dtype[Any]) -> int:
    """How many distinct positive values ``dtype`` holds exactly (excluding 0)."""
    if dtype.kind == "f":
        return 2 ** (np.finfo(dtype).nmant + 1)
    if dtype.kind in "iu":
        return int(np.iinfo(dtype).max)
    raise ValueError(f"dtype {dtype} is not an integer or float type; use e.g. 'uint16'")


def pixel_values(index: np.ndarray | int, dtype: str | np.dtype[Any]) -> np.ndarray:
    """The value the kit writes for linear pixel ``index``: ``1 + index`` (wrapped to fit).

    Raises:
        ValueError: ``dtype`` is not numeric.
    """
    dt = np.dtype(dtype)
    cap = _capacity(dt)
    idx = np.asarray(index, dtype=np.int64)
    if dt.kind == "f":
        return (1 + idx).astype(dt)
    return (1 + idx % cap).astype(dt)


@dataclass(frozen=True)
class FakeScene:
    """One scene written by :func:`write_geotiff_scenes`.

    ``paths`` holds one file (all bands) or, with ``separate_files``, one file per band in
    band order. ``transform`` is the affine ``(a, b, c, d, e, f)``: x = c + a * col,
    y = f + e * row at pixel corners.
    """

    index: int
    paths: tuple[Path, ...]
    width: int
    height: int
    transform: tuple[float, float, float, float, float, float]
    date: date | None

    @property
    def path(self) -> Path:
        """The scene's (first) file."""
        return self.paths[0]

    @property
    def bounds(self) -> tuple[float, float, float, float]:
        """``(minx, maxx, miny, maxy)`` in the scene's CRS."""
        a, _, c, _, e, f = self.transform
        return (c, c + a * self.width, f + e * self.height, f)

    def xy(self, row: float, col: float) -> tuple[float, float]:
        """Map coordinates of the centre of pixel ``(row, col)``."""
        a, _, c, _, e, f = self.transform
        return (c + a * (col + 0.5), f + e * (row + 0.5))

    def rowcol(self, x: float, y: float) -> tuple[int, int]:
        """The pixel ``(row, col)`` holding map point ``(x, y)``."""
        a, _, c, _, e, f = self.transform
        return (int(np.floor((y - f) / e)), int(np.floor((x - c) / a)))


@dataclass(frozen=True)
class SceneSet:
    """What :func:`write_geotiff_scenes` wrote, and the values to expect from it."""

    root: Path
    crs: str
    res: tuple[float, float]
    bands: tuple[str, ...]
    dtype: str
    nodata: float | None
    scenes: tuple[FakeScene, ...]

    @property
    def files(self) -> list[Path]:
        """Every file written, scene by scene."""
        return [p for s in self.scenes for p in s.paths]

    @property
    def bounds(self) -> tuple[float, float, float, float]:
        """``(minx, maxx, miny, maxy)`` of all scenes."""
        boxes = np.array([s.bounds for s in self.scenes])
        return (boxes[:, 0].min(), boxes[:, 1].max(), boxes[:, 2].min(), boxes[:, 3].max())

    @property
    def exact(self) -> bool:
        """True when every pixel has its own value, so :meth:`decode` is unambiguous."""
        s = self.scenes[0]
        total = len(self.scenes) * len(self.bands) * s.height * s.width
        return total < _capacity(np.dtype(self.dtype))

    def expected(self, scene: int, band: int | str, rows: slice | Any = slice(None),
                 cols: slice | Any = slice(None)) -> np.ndarray:
        """The values written in scene ``scene``, band ``band`` (index or name), window
        ``rows, cols`` (slices or index arrays), in the file's dtype.

        Raises:
            ValueError: unknown band name.
            IndexError: no such scene.
        """
        b = self.bands.index(band) if isinstance(band, str) else int(band)
        s = self.scenes[scene]
        r = np.arange(s.height)[rows]
        c = np.arange(s.width)[cols]
        index = ((scene * len(self.bands) + b) * s.height + r[..., None]) * s.width + c
        return pixel_values(index, self.dtype)

    def decode(self, values: np.ndarray | Any) -> dict[str, np.ndarray]:
        """``{"scene", "band", "row", "col"}`` arrays of the pixels that hold ``values``.

        Raises:
            ValueError: the dtype wraps (``exact`` is False), so values are ambiguous; or a
                value is 0 (nodata, or a pixel the kit never wrote).
        """
        if not self.exact:
            raise ValueError(f"{self.dtype} is too small for a unique value per pixel of these "
                             "scenes; compare with expected() instead")
        index = np.rint(np.asarray(values, dtype=np.float64)).astype(np.int64) - 1
        if (index < 0).any():
            raise ValueError("some values are 0 (nodata or fill), which no written pixel holds")
        s = self.scenes[0]
        col = index % s.width
        row = index // s.width % s.height
        band = index // (s.width * s.height) % len(self.bands)
        scene = index // (s.width * s.height * len(self.bands))
        return {"scene": scene, "band": band, "row": row, "col": col}


def _default_origin(crs: Any, width: int, height: int, res: tuple[float, float]
                    ) -> tuple[float, float]:
    """Upper-left corner of a scene near the centre of the CRS's area of use."""
    from pyproj import CRS, Transformer

    pcrs = CRS.from_user_input(crs)
    area = pcrs.area_of_use
    lon, lat = ((area.west + area.east) / 2, (area.south + area.north) / 2) if area else (0, 0)
    if pcrs.is_geographic:
        x, y = lon, lat
    else:
        x, y = Transformer.from_crs("EPSG:4326", pcrs, always_xy=True).transform(lon, lat)
    left = np.floor((x - width * res[0] / 2) / res[0]) * res[0]
    top = np.floor((y + height * res[1] / 2) / res[1]) * res[1]
    return float(left), float(top)


def write_geotiff_scenes(
    root: str | os.PathLike[str],
    *,
    crs: Any = "EPSG:32631",
    bands: Sequence[str] = ("B1", "B2", "B3"),
    dtype: str = "uint16",
    res: float | tuple[float, float] = 10.0,
    size: int | tuple[int, int] = 32,
    count: int = 2,
    origin: tuple[float, float] | None = None,
    overlap: int = 0,
    dates: Sequence[date] | None = None,
    filename: str = "scene_{index:02d}.tif",
    separate_files: bool = False,
    nodata: float | None = None,
    tiled: bool = False,
    blocksize: int = 16,
) -> SceneSet:
    """Write ``count`` GeoTIFF scenes in a row from west to east, in any CRS, bands and dtype.

    Scene ``i``'s upper-left corner is ``origin`` shifted east by ``i * (width - overlap)``
    pixels (default origin: near the centre of the CRS's area of use, on the ``res`` grid).
    ``filename`` is formatted with ``index``, ``date`` (from ``dates``, e.g.
    ``"T_{index}_{date:%Y%m%d}.tif"``) and, with ``separate_files`` (one single-band file per
    band, as Landsat or Sentinel-2 ship), ``band``. ``size`` is ``width`` or
    ``(width, height)``; ``res`` is in CRS units (degrees for a geographic CRS). Band names are
    written as band descriptions.

    Returns:
        A :class:`SceneSet` that gives the values to expect anywhere.

    Raises:
        ValueError: ``filename`` lacks ``{band}`` with ``separate_files``, names repeat,
            ``dates`` does not match ``count``, or bad sizes.
    """
    import rasterio
    from affine import Affine

    width, height = (size, size) if isinstance(size, int) else size
    resxy = (float(res), float(res)) if isinstance(res, (int, float)) else (
        float(res[0]), float(res[1]))
    bands = tuple(bands)
    if count < 1 or width < 1 or height < 1 or not bands:
        raise ValueError("count, size and bands must be positive / non-empty")
    if not 0 <= overlap < width:
        raise ValueError(f"overlap must be in [0, width) pixels, got {overlap}")
    if dates is not None and len(dates) != count:
        raise ValueError(f"give one date per scene: {count} scenes, {len(dates)} dates")
    if separate_files and "{band" not in filename:
        raise ValueError("with separate_files, filename needs a {band} field, e.g. "
                         "'scene_{index:02d}_{band}.tif'")
    if origin is None:
        origin = _default_origin(crs, width, height, resxy)
    root = Path(root)
    root.mkdir(parents=True, exist_ok=True)
    profile: dict[str, Any] = {"driver": "GTiff", "width": width, "height": height,
                               "dtype": dtype, "crs": crs, "nodata": nodata}
    if tiled:
        profile.update(tiled=True, blockxsize=blocksize, blockysize=blocksize)
    written = SceneSet(root, str(crs), resxy, bands, np.dtype(dtype).name, nodata, ())
    scenes: list[FakeScene] = []
    seen: set[Path] = set()
    for i in range(count):
        when = dates[i] if dates is not None else None
        left = origin[0] + i * (width - overlap) * resxy[0]
        transform = Affine(resxy[0], 0.0, left, 0.0, -resxy[1], origin[1])
        data = np.stack([
            _scene_band(written, i, b, width, height) for b in range(len(bands))])
        groups = ([(bands[b], [b]) for b in range(len(bands))] if separate_files
                  else [(None, list(range(len(bands))))])
        paths: list[Path] = []
        for band_name, indexes in groups:
            path = root / filename.format(index=i, date=when, band=band_name)
            if path in seen:
                raise ValueError(f"filename {filename!r} gives {path.name} twice; add {{index}}")
            seen.add(path)
            path.parent.mkdir(parents=True, exist_ok=True)
            with rasterio.open(path, "w", count=len(indexes), transform=transform,
                               **profile) as dst:
                dst.write(data[indexes])
                for k, b in enumerate(indexes, start=1):
                    dst.set_band_description(k, bands[b])
            paths.append(path)
        scenes.append(FakeScene(i, tuple(paths), width, height, tuple(transform)[:6], when))
    return SceneSet(root, str(crs), resxy, bands, np.dtype(dtype).name, nodata, tuple(scenes))


def _scene_band(scenes: SceneSet, index: int, band: int, width: int, height: int
                ) -> np.ndarray:
    rows = np.arange(height)[:, None]
    cols = np.arange(width)[None, :]
    linear = ((index * len(scenes.bands) + band) * height + rows) * width + cols
    return pixel_values(linear, scenes.dtype)
