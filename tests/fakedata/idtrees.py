"""Fake IDTReeS: the two competition zips (train/, task1/, task2/) with GeoTIFF plots, ITC
shapefiles and the field tables.

RGB plots are uint8 in UTM 17N at 0.1 m: band 1 = 10 * row + column, band 2 = 60 * plot +
row, band 3 = 5 * column + plot (plot = position in :data:`PLOTS`). HSI (369 bands) and CHM are
2x2 float32 rasters at 1 m whose values encode plot, band, row and column.
"""

from __future__ import annotations

import csv
import shutil
from pathlib import Path

import numpy as np

from fakedata._dc_util import md5, write_tif, zip_dir

SIZE = 20
RES = 0.1
CRS = "EPSG:32617"
HSI_BANDS = 369
#: folder -> plots (their position in this tuple is the plot number)
PLOTS = {"train": ("MLBS_1", "OSBS_1"), "task1": ("MLBS_4",), "task2": ("TALL_2", "OSBS_15")}
ORIGINS = {"MLBS_1": (542055.0, 4135000.0), "OSBS_1": (403000.0, 3284000.0),
           "MLBS_4": (542155.0, 4135100.0), "TALL_2": (462000.0, 3645000.0),
           "OSBS_15": (404000.0, 3285000.0)}
#: training crowns: (id, indvdID, plot, taxonID, (col0, row0, col1, row1) in pixels)
CROWNS = [(57, "MLBS01681", "MLBS_1", "AMLA", (2, 3, 8, 11)),
          (45, "MLBS01679", "MLBS_1", "QURU", (10, 0, 18, 6)),
          (1307, "OSBS00044", "OSBS_1", "PIPA2", (15, 15, 23, 22)),  # past the plot's edge
          (1308, "OSBS00120", "OSBS_1", "QULA2", (1, 1, 3, 4))]
#: test (task 2) crowns: (indvdID, plot, pixel box)
TEST_CROWNS = [("TALLE00001", "TALL_2", (4, 5, 9, 12)), ("TALLE00002", "TALL_2", (0, 0, 2, 2)),
               ("OSBSE00001", "OSBS_15", (6, 6, 10, 10))]


def rgb(plot: int) -> np.ndarray:
    rows, cols = np.mgrid[0:SIZE, 0:SIZE]
    return np.stack([10 * rows + cols, 60 * plot + rows, 5 * cols + plot]).astype(np.uint8)


def hsi(plot: int) -> np.ndarray:
    rows, cols = np.mgrid[0:2, 0:2]
    return np.stack([1000 * plot + 10 * b + 2 * rows + cols for b in range(HSI_BANDS)]
                    ).astype(np.float32)


def ring(plot: str, box: tuple[float, float, float, float]) -> list[tuple[float, float]]:
    x0, y0 = ORIGINS[plot]
    c0, r0, c1, r1 = box
    corners = [(c0, r0), (c1, r0), (c1, r1), (c0, r1), (c0, r0)]
    return [(x0 + c * RES, y0 - r * RES) for c, r in corners]


def _shapefile(path: Path, properties: dict[str, str], rows: list[tuple[dict, list]]) -> None:
    import fiona

    path.parent.mkdir(parents=True, exist_ok=True)
    schema = {"geometry": "Polygon", "properties": properties}
    with fiona.open(path, "w", driver="ESRI Shapefile", crs=CRS, schema=schema) as dst:
        for props, coords in rows:
            dst.write({"geometry": {"type": "Polygon", "coordinates": [coords]},
                       "properties": props})


def make(root: Path, float_ids: bool = False, bare_plots: bool = False) -> dict[str, object]:
    """Write both zips into ``root``. ``float_ids``: the shapefiles store ``id`` as a Real
    field (read back as ``57.0``) and the crown table writes ``id`` as ``57.0`` too for half
    the rows; ``bare_plots``: ``plotID`` and ``rsFile`` name the plot without ``.tif``."""
    staging = root / "_staging"
    tif = "" if bare_plots else ".tif"
    for folder, plots in PLOTS.items():
        for i, plot in enumerate(plots):
            rs = staging / folder / "RemoteSensing"
            write_tif(rs / "RGB" / f"{plot}.tif", rgb(i), crs=CRS, origin=ORIGINS[plot], res=RES)
            write_tif(rs / "HSI" / f"{plot}.tif", hsi(i), crs=CRS, origin=ORIGINS[plot], res=1.0)
            write_tif(rs / "CHM" / f"{plot}.tif", hsi(i)[:1] + 0.5, crs=CRS,
                      origin=ORIGINS[plot], res=1.0)
    for site in ("MLBS", "OSBS"):
        _shapefile(staging / "train" / "ITC" / f"train_{site}.shp",
                   {"id": "float" if float_ids else "int", "indvdID": "str"},
                   [({"id": float(c[0]) if float_ids else c[0], "indvdID": c[1]},
                     ring(c[2], c[4]))
                    for c in CROWNS if c[2].startswith(site)])
    for site in ("TALL", "OSBS"):
        _shapefile(staging / "task2" / "ITC" / f"test_{site}.shp",
                   {"indvdID": "str", "plotID": "str"},
                   [({"indvdID": c[0], "plotID": f"{c[1]}{tif}"}, ring(c[1], c[2]))
                    for c in TEST_CROWNS if c[1].startswith(site)])
    field = staging / "train" / "Field"
    field.mkdir(parents=True)
    with open(field / "itc_rsFile.csv", "w", newline="") as f:
        writer = csv.writer(f, quoting=csv.QUOTE_NONNUMERIC)
        writer.writerow(["id", "indvdID", "rsFile"])
        writer.writerows([float(c[0]) if float_ids and i % 2 else c[0], c[1], f"{c[2]}{tif}"]
                         for i, c in enumerate(CROWNS))
    with open(field / "train_data.csv", "w", newline="") as f:
        writer = csv.writer(f)
        writer.writerow(["indvdID", "siteID", "taxonID", "scientificName", "plantStatus"])
        for c in CROWNS:  # a repeated survey row, as the published table has
            writer.writerow([c[1], c[2][:4], c[3], "x", "Live"])
            writer.writerow([c[1], c[2][:4], c[3], "x", "No longer qualifies"])
    train = root / "IDTREES_competition_train_v2.zip"
    test = root / "IDTREES_competition_test_v2.zip"
    archives = {train.name: zip_dir(staging, "train", train)}
    shutil.move(staging / "task1", staging / "test" / "task1")
    shutil.move(staging / "task2", staging / "test" / "task2")
    import zipfile

    with zipfile.ZipFile(test, "w") as zf:
        for path in sorted((staging / "test").rglob("*")):
            zf.write(path, path.relative_to(staging / "test").as_posix())
    archives[test.name] = md5(test)
    return {"dir": root, "archives": archives}
