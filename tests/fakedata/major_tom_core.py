"""Fake Major TOM Core collections as the Hugging Face repositories Major-TOM/<collection> ship
them: ``<collection>/metadata.parquet`` and ``<collection>/images/part_00001.parquet``, ...,
each row one grid cell in its own row group (the publisher's ``parquet_row`` is a row-group
index), band columns holding GeoTIFF bytes.

Sentinel-2 bands are stored at their native GSD on a 12 px 10 m grid (20 m bands 6 px, 60 m
bands 2 px), uint16; stored pixel (R, C) of band ``b`` of cell ``i`` holds
``1000 (i + 1) + 200 b + 3 R + 7 C``, so the 10 m pixel (y, x) of a nearest upsampled band
holds :func:`at` with R = y // s, C = x // s (s = GSD / 10). Sentinel-1 ``vv``/``vh`` are
float32 at 10 m holding ``100 (i + 1) + 10 b + R / 4 + C / 16``. Cells alternate two UTM
zones, and their grid cells, dates and origins differ, so a test proves which row was read.
The S2 parts carry ``timestamp``, the S1 parts ``product_datetime`` (as the S1RTC card).
"""

from __future__ import annotations

import io
from pathlib import Path
from typing import Any

import numpy as np

__all__ = ["COLLECTIONS", "PARTS", "PX", "at", "cell", "make", "origin"]

PX = 12  # the 10 m grid of a fake cell (the real one is 1068 px)
S2_GSD = {"B01": 60, "B02": 10, "B03": 10, "B04": 10, "B05": 20, "B06": 20, "B07": 20,
          "B08": 10, "B8A": 20, "B09": 60, "B10": 60, "B11": 20, "B12": 20}
COLLECTIONS: dict[str, tuple[str, ...]] = {
    "Core-S2L2A": tuple(b for b in S2_GSD if b != "B10"),
    "Core-S2L1C": tuple(S2_GSD),
    "Core-S1RTC": ("vv", "vh"),
}
#: rows (grid cells) of each part: part 1 holds cells 0-2, part 2 cells 3-4
PARTS = {1: (0, 1, 2), 2: (3, 4)}
CRS = ("EPSG:32633", "EPSG:32718")


def cell(i: int) -> str:
    """The grid cell id of row ``i`` (Major TOM's ``<row>U_<col>R``/``D``/``L`` form)."""
    return f"{433 + i}U_{1175 - 2 * i}R" if i % 2 == 0 else f"{12 + i}D_{40 + i}L"


def origin(i: int) -> tuple[float, float]:
    return 300000.0 + 20000.0 * i, 5600000.0 - 10000.0 * i


def timestamp(i: int) -> str:
    return f"2020-0{1 + i}-1{i}T10:1{i}:21"


def stored(collection: str, i: int, band: str) -> np.ndarray:
    """Band ``band`` of cell ``i`` at its native GSD, as the publisher stores it."""
    b = COLLECTIONS[collection].index(band)
    if collection == "Core-S1RTC":
        rows, cols = np.indices((PX, PX), dtype=np.float32)
        return (100.0 * (i + 1) + 10 * b + rows / 4 + cols / 16).astype(np.float32)
    n = PX // (S2_GSD[band] // 10)
    rows, cols = np.indices((n, n))
    return (1000 * (i + 1) + 200 * b + 3 * rows + 7 * cols).astype(np.uint16)


def at(collection: str, i: int, band: str, y: Any, x: Any) -> Any:
    """The expected 10 m pixel (y, x) of ``band`` of cell ``i`` (nearest upsampling)."""
    b = COLLECTIONS[collection].index(band)
    if collection == "Core-S1RTC":
        return 100.0 * (i + 1) + 10 * b + y / 4 + x / 16
    s = S2_GSD[band] // 10
    return 1000 * (i + 1) + 200 * b + 3 * (y // s) + 7 * (x // s)


def geotiff(array: np.ndarray, i: int, gsd: float) -> bytes:
    """``array`` as GeoTIFF bytes on cell ``i``'s grid at ``gsd`` metres."""
    from rasterio.crs import CRS as RioCRS
    from rasterio.io import MemoryFile
    from rasterio.transform import from_origin

    with MemoryFile() as memory:
        with memory.open(driver="GTiff", width=array.shape[1], height=array.shape[0], count=1,
                         dtype=array.dtype.name, crs=RioCRS.from_string(CRS[i % 2]),
                         transform=from_origin(*origin(i), gsd, gsd)) as dst:
            dst.write(array, 1)
        return bytes(memory.read())


def png(i: int) -> bytes:
    from PIL import Image

    buffer = io.BytesIO()
    Image.fromarray(np.full((PX, PX, 3), 10 * i, dtype=np.uint8)).save(buffer, "PNG")
    return buffer.getvalue()


def row(collection: str, i: int) -> dict[str, Any]:
    """The columns of cell ``i`` in an images/ part."""
    s1 = collection == "Core-S1RTC"
    product = {"Core-S2L2A": "S2A_MSIL2A", "Core-S2L1C": "S2A_MSIL1C",
               "Core-S1RTC": "S1A_IW_GRDH"}[collection]
    values: dict[str, Any] = {"product_id": f"{product}_2020010{i}T101321_{i}",
                              "grid_cell": cell(i)}
    if s1:
        values["product_datetime"] = timestamp(i)
    else:
        values.update(grid_row_u=433 + i, grid_col_r=1175 - i, timestamp=timestamp(i),
                      cloud_cover=float(5 * i), nodata=0.0, centre_lat=50.0 - i,
                      centre_lon=12.0 + i, crs=CRS[i % 2])
    values["thumbnail"] = png(i)
    for band in COLLECTIONS[collection]:
        gsd = 10 if s1 else S2_GSD[band]
        values[band] = geotiff(stored(collection, i, band), i, float(gsd))
    if not s1:
        values["cloud_mask"] = geotiff(np.full((PX, PX), i % 2, dtype=np.uint8), i, 10.0)
    return values


def write_part(path: Path, collection: str, cells: tuple[int, ...]) -> None:
    """One part, each cell in its own row group (as the publisher writes them)."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    rows = [row(collection, i) for i in cells]
    table = pa.table({k: [r[k] for r in rows] for k in rows[0]})
    path.parent.mkdir(parents=True, exist_ok=True)
    pq.write_table(table, path, row_group_size=1)


def make(root: Path, collection: str = "Core-S2L2A", served: bool = False) -> dict[str, Any]:
    """Write ``collection`` into ``root/<collection>`` (``served``: under
    ``root/<collection>/resolve/main``, as the Hugging Face resolve URLs lay it out).

    Returns ``parts`` (part number -> its cells) and ``folder``.
    """
    import pyarrow as pa
    import pyarrow.parquet as pq

    folder = root / collection / "resolve" / "main" if served else root / collection
    for number, cells in PARTS.items():
        write_part(folder / "images" / f"part_{number:05d}.parquet", collection, cells)
    meta = [(i, number, g) for number, cells in PARTS.items() for g, i in enumerate(cells)]
    pq.write_table(pa.table({
        "grid_cell": [cell(i) for i, _, _ in meta],
        "timestamp": [timestamp(i) for i, _, _ in meta],
        "parquet_url": [f"https://huggingface.co/datasets/Major-TOM/{collection}/resolve/main/"
                        f"images/part_{n:05d}.parquet" for _, n, _ in meta],
        "parquet_row": [g for _, _, g in meta],
    }), folder / "metadata.parquet")
    return {"parts": PARTS, "folder": folder}
