"""Fake OpenAerialMap services and files: the catalog API's answer (``{"meta", "results"}``,
each result with ``_id``, ``uuid``, ``title``, ``bbox``, ``gsd``, ``acquisition_end``,
``properties.tms``), 256 x 256 RGB PNG tiles laid out as ``tiles.openaerialmap.org`` serves
them (``<upload id>/0/<image id>/{z}/{x}/{y}.png``), and Open Imagery Network GeoTIFFs
(``<image id>.tif``, RGBA uint8).

Tile pixels encode place and tile: R is the column, G the row within the tile, B is
``100 + 10 * (x - X0) + (y - Y0)``, so a test can tell which tile and window it read. The
north-east tile is an RGBA PNG lying on the image's eastern edge: its columns
:data:`TRANSPARENT`.. are outside the image, alpha 0 (their RGB still hold the encoded values,
which a reader must not take for imagery).
"""

from __future__ import annotations

import json
import math
from pathlib import Path
from typing import Any

import numpy as np
import rasterio
from rasterio.transform import from_bounds

__all__ = ["BBOX", "IMAGE_ID", "NEIGHBOUR_ID", "SECOND_ID", "TILES", "TRANSPARENT", "UPLOAD_ID",
           "X0", "Y0", "ZOOM", "catalog", "oin_geotiff", "oin_neighbour", "second_image",
           "serve", "tile_pixels"]

ZOOM = 18
#: the north-west tile of the area (Banepa, Nepal) and the area: 2 x 2 tiles
X0, Y0 = 193251, 110000
UPLOAD_ID, IMAGE_ID = "62d85d11d8499800053796c1", "62d85d11d8499800053796c2"
#: a later Open Imagery Network image (ids grow with time: it sorts after IMAGE_ID)
NEIGHBOUR_ID = "62e1a0b2d8499800053797a4"
SIZE = 256
#: the first transparent column of the north-east tile (X0 + 1, Y0)
TRANSPARENT = 192
#: a newer image (the uploader names it by a UUID), overlapping the north-east tile's east
SECOND_ID = "d7c0a1e2-3b4f-4c5d-9e6f-7a8b9c0d1e2f"


def _lonlat(x: float, y: float, z: int = ZOOM) -> tuple[float, float]:
    """(lon, lat) of the tile corner (x, y) at zoom z (slippy-map formulas)."""
    n = 2**z
    lat = math.degrees(math.atan(math.sinh(math.pi * (1 - 2 * y / n))))
    return x / n * 360.0 - 180.0, lat


def _bbox() -> tuple[float, float, float, float]:
    # a quarter tile inside each of the four tiles around the corner (X0 + 1, Y0 + 1)
    west, north = _lonlat(X0 + 0.5, Y0 + 0.5)
    east, south = _lonlat(X0 + 1.5, Y0 + 1.5)
    return west, south, east, north


BBOX = _bbox()
TILES = [(X0, Y0), (X0 + 1, Y0), (X0, Y0 + 1), (X0 + 1, Y0 + 1)]


def tile_pixels(x: int, y: int) -> np.ndarray:
    """The ``[3, 256, 256]`` uint8 pixels of tile (x, y)."""
    rows, cols = np.mgrid[0:SIZE, 0:SIZE]
    blue = np.full((SIZE, SIZE), 100 + 10 * (x - X0) + (y - Y0))
    return np.stack([cols, rows, blue]).astype(np.uint8)


def _png(path: Path, pixels: np.ndarray, alpha: bool) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    opaque = np.full((1, SIZE, SIZE), 255, np.uint8)
    opaque[:, :, TRANSPARENT:] = 0  # outside the image
    data = np.concatenate([pixels, opaque]) if alpha else pixels
    with rasterio.open(path, "w", driver="PNG", width=SIZE, height=SIZE, count=len(data),
                       dtype="uint8") as dst:
        dst.write(data)
    for aux in path.parent.glob(path.name + ".aux.xml"):
        aux.unlink()


def catalog(base: str) -> dict[str, Any]:
    """The catalog's answer: a newer image without tiles (skipped), then ours."""
    tms = f"{base}/tiles/{UPLOAD_ID}/0/{IMAGE_ID}/{{z}}/{{x}}/{{y}}.png"
    uuid = f"https://oin-hotosm.s3.amazonaws.com/{UPLOAD_ID}/0/{IMAGE_ID}.tif"
    return {"meta": {"provided_by": "OpenAerialMap", "license": "CC-BY 4.0",
                     "website": "http://beta.openaerialmap.org", "page": 1, "limit": 100,
                     "found": 2},
            "results": [
                {"_id": "64b0c0ffee0000000000aaaa", "title": "processing", "properties": {},
                 "acquisition_end": "2024-01-01T00:00:00.000Z"},
                {"_id": IMAGE_ID, "uuid": uuid, "title": "Banepa drone survey",
                 "bbox": list(BBOX), "gsd": 0.04, "provider": "NAXA",
                 "acquisition_start": "2022-07-20T00:00:00.000Z",
                 "acquisition_end": "2022-07-20T00:00:00.000Z",
                 "meta_uri": uuid.replace(".tif", "_meta.json"),
                 "properties": {"tms": tms, "thumbnail": uuid.replace(".tif", ".thumb.png"),
                                "license": "CC-BY 4.0"}},
            ]}


def serve(root: str | Path, base: str, skip: tuple[int, int] | None = None) -> Path:
    """Lay out the catalog answer (``root/meta``) and the tiles under ``root`` (all four
    but ``skip``; the north-east one carries an alpha band, 0 from column
    :data:`TRANSPARENT`); return ``root``."""
    root = Path(root)
    root.mkdir(parents=True, exist_ok=True)
    (root / "meta").write_text(json.dumps(catalog(base)))
    for x, y in TILES:
        if (x, y) != skip:
            _png(root / "tiles" / UPLOAD_ID / "0" / IMAGE_ID / str(ZOOM) / str(x) / f"{y}.png",
                 tile_pixels(x, y), alpha=(x, y) == (X0 + 1, Y0))
    return root


def oin_geotiff(root: str | Path) -> Path:
    """``<image id>.tif``: a 4-band RGBA uint8 GeoTIFF in EPSG:4326 of 0.001 degree pixels,
    40 x 20, lon 85.50..85.54, lat 27.60..27.62; R = 10 + column, G = 50 + row, B = 200,
    alpha 255, but columns 36..39 are a transparent collar (alpha 0, RGB 0) as the image's
    edge leaves them."""
    rows, cols = np.mgrid[0:20, 0:40]
    data = np.stack([10 + cols, 50 + rows, np.full_like(rows, 200),
                     np.full_like(rows, 255)]).astype(np.uint8)
    data[:, :, 36:] = 0
    path = Path(root) / f"{IMAGE_ID}.tif"
    path.parent.mkdir(parents=True, exist_ok=True)
    with rasterio.open(path, "w", driver="GTiff", width=40, height=20, count=4, dtype="uint8",
                       crs="EPSG:4326", transform=from_bounds(85.50, 27.60, 85.54, 27.62, 40, 20),
                       photometric="RGB") as dst:
        dst.write(data)
    return path


def oin_neighbour(root: str | Path) -> Path:
    """``<NEIGHBOUR_ID>.tif``, a later image east of :func:`oin_geotiff`'s, overlapping its
    columns 35..39: RGBA uint8, EPSG:4326, 0.001 degree pixels, 20 x 20, lon 85.535..85.555,
    lat 27.60..27.62; R = 150 + column, G = 50 + row, B = 99, alpha 255."""
    rows, cols = np.mgrid[0:20, 0:20]
    data = np.stack([150 + cols, 50 + rows, np.full_like(rows, 99),
                     np.full_like(rows, 255)]).astype(np.uint8)
    path = Path(root) / f"{NEIGHBOUR_ID}.tif"
    path.parent.mkdir(parents=True, exist_ok=True)
    with rasterio.open(path, "w", driver="GTiff", width=20, height=20, count=4, dtype="uint8",
                       crs="EPSG:4326", transform=from_bounds(85.535, 27.60, 85.555, 27.62, 20, 20),
                       photometric="RGB") as dst:
        dst.write(data)
    return path


def second_image(root: str | Path) -> Path:
    """``<SECOND_ID>.tif``: a 4-band RGBA uint8 GeoTIFF in EPSG:3857 on the zoom-:data:`ZOOM`
    pixel grid, 96 x 32 pixels from column 160, row 0 of the north-east tile (X0 + 1, Y0);
    R = 30 + column, G = 60 + row, B = 77, alpha 255."""
    half = math.pi * 6378137.0
    size = 2 * half / 2**ZOOM / SIZE
    left, top = -half + ((X0 + 1) * SIZE + 160) * size, half - Y0 * SIZE * size
    rows, cols = np.mgrid[0:32, 0:96]
    data = np.stack([30 + cols, 60 + rows, np.full_like(rows, 77),
                     np.full_like(rows, 255)]).astype(np.uint8)
    path = Path(root) / f"{SECOND_ID}.tif"
    path.parent.mkdir(parents=True, exist_ok=True)
    with rasterio.open(path, "w", driver="GTiff", width=96, height=32, count=4, dtype="uint8",
                       crs="EPSG:3857", transform=from_bounds(left, top - 32 * size,
                                                              left + 96 * size, top, 96, 32),
                       photometric="RGB") as dst:
        dst.write(data)
    return path
