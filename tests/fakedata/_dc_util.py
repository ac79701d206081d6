"""Archive and checksum helpers for the detection / change / time-series fake datasets."""

from __future__ import annotations

import hashlib
import tarfile
import zipfile
from pathlib import Path
from typing import Any

import numpy as np
import rasterio
from PIL import Image
from rasterio.transform import from_origin


def md5(path: Path) -> str:
    return hashlib.md5(path.read_bytes()).hexdigest()


def zip_dir(staging: Path, top: str, archive: Path) -> str:
    """Zip ``staging/top`` (members named ``top/...``) into ``archive``; return its md5."""
    archive.parent.mkdir(parents=True, exist_ok=True)
    with zipfile.ZipFile(archive, "w") as zf:
        for path in sorted((staging / top).rglob("*")):
            zf.write(path, path.relative_to(staging).as_posix())
    return md5(archive)


def tar_dirs(staging: Path, tops: list[str], archive: Path) -> str:
    """Tar-gzip ``staging/<top>`` folders (members ``top/...``) into ``archive``; return md5."""
    archive.parent.mkdir(parents=True, exist_ok=True)
    with tarfile.open(archive, "w:gz") as tf:
        for top in tops:
            tf.add(staging / top, arcname=top)
    return md5(archive)


def write_png(path: Path, array: np.ndarray) -> None:
    """``[H,W]`` or ``[H,W,3]`` uint8 array as PNG."""
    path.parent.mkdir(parents=True, exist_ok=True)
    Image.fromarray(array.astype(np.uint8)).save(path)


def write_tif(path: Path, array: np.ndarray, crs: str | None = "EPSG:32633",
              origin: tuple[float, float] = (500000.0, 4000000.0), res: float = 10.0) -> None:
    """``[C,H,W]`` array as a GeoTIFF (georeferenced unless ``crs`` is None)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    profile = {"driver": "GTiff", "width": array.shape[2], "height": array.shape[1],
               "count": array.shape[0], "dtype": array.dtype.name}
    if crs is not None:
        profile.update(crs=crs, transform=from_origin(*origin, res, res))
    with rasterio.open(path, "w", **profile) as dst:
        dst.write(array)


SN_SIZE = 16
SN_BLOCK = (3, 7, 2, 6)  # rows 3..6, cols 2..5 of a chip are one building (16 px)


def sn_value(base: int, band: int, row: Any, col: Any, dtype: str = "uint16") -> Any:
    """Pixel (row, col) of band ``band`` of a SpaceNet chip written with ``base``.

    ``base + band + 7 row + 3 col + row col`` (modulo the dtype's range): ``base + band`` at the
    origin, and no other window or a transpose reads the same values.
    """
    return (base + band + 7 * row + 3 * col + row * col) % (256 if dtype == "uint8" else 65536)


def spacenet_chip(tif: Path, geojson: Path | None, count: int, base: int, crs: str,
                  origin: tuple[float, float], res: float, building: bool = True,
                  dtype: str = "uint16", shift: int = 0) -> None:
    """A SpaceNet-style chip (pixels: :func:`sn_value`); its footprints in EPSG:4326 GeoJSON.

    The building covers :data:`SN_BLOCK` moved ``shift`` rows down, in pixel space; with
    ``building=False`` the GeoJSON is an empty FeatureCollection, as SpaceNet ships for chips
    without buildings.
    """
    import json

    from pyproj import Transformer

    rows, cols = np.indices((SN_SIZE, SN_SIZE))
    array = np.stack([sn_value(base, b, rows, cols, dtype) for b in range(count)])
    write_tif(tif, array.astype(dtype), crs=crs, origin=origin, res=res)
    if geojson is None:
        return
    features = []
    if building:
        r0, r1, c0, c1 = SN_BLOCK
        r0, r1 = r0 + shift, r1 + shift
        x0, x1 = origin[0] + c0 * res, origin[0] + c1 * res
        y0, y1 = origin[1] - r0 * res, origin[1] - r1 * res
        to_wgs = Transformer.from_crs(crs, "EPSG:4326", always_xy=True)
        ring = [list(to_wgs.transform(x, y)) for x, y in
                ((x0, y0), (x1, y0), (x1, y1), (x0, y1), (x0, y0))]
        features.append({"type": "Feature", "properties": {"building": "yes"},
                         "geometry": {"type": "Polygon", "coordinates": [ring]}})
    geojson.parent.mkdir(parents=True, exist_ok=True)
    geojson.write_text(json.dumps({"type": "FeatureCollection", "features": features}))
