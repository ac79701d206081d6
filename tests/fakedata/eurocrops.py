"""Fake EuroCrops v9: ``<CC>_<YEAR>_EC21.shp`` parcels in the national CRS with the HCAT
columns ``EC_hcat_c``/``EC_hcat_n`` (next to a national column), ``HCAT2.csv`` (the taxonomy),
and ``<CC>_<YEAR>.zip`` holding ``<CC>_<YEAR>/<CC>_<YEAR>_EC21.shp`` as Zenodo ships it."""

from __future__ import annotations

import csv
import zipfile
from pathlib import Path

import fiona

__all__ = ["HCAT", "ORIGIN", "PARCELS", "hcat_csv", "region_shapefile", "region_zip"]

#: (HCAT2_code, HCAT2_name): a branch of the hierarchy, parents before children
HCAT = [
    ("3300000000", "arable_crops"),
    ("3301000000", "cereals"),
    ("3301010000", "wheat_spelt"),
    ("3301010300", "common_soft_wheat"),
    ("3301010301", "winter_common_soft_wheat"),
    ("3301060000", "maize"),
    ("3301060701", "grain_maize_corn_popcorn"),
    ("3302000000", "legumes_harvested_green"),
]
#: upper-left corner of the parcels in EPSG:31287 (Austria Lambert), metres
ORIGIN = (400_000.0, 400_000.0)
#: (x0, y0, x1, y1) offsets from ORIGIN in metres, HCAT code, national crop name
PARCELS = [
    ((0, -100, 100, 0), "3301010301", "WINTERWEICHWEIZEN"),
    ((100, -100, 200, 0), "3301060701", "KOERNERMAIS"),
    ((0, -200, 200, -120), "3302000000", "KLEEGRAS"),
    ((200, -200, 260, 0), "3301010000", "WEIZEN"),
]


def hcat_csv(root: str | Path) -> Path:
    """Write ``root/HCAT2.csv``; return its path."""
    path = Path(root) / "HCAT2.csv"
    path.parent.mkdir(parents=True, exist_ok=True)
    with open(path, "w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(["HCAT2_name", "HCAT2_code"])
        writer.writerows([name, code] for code, name in HCAT)
    return path


def region_shapefile(root: str | Path, stem: str = "AT_2021_EC21", crs: str = "EPSG:31287",
                     origin: tuple[float, float] = ORIGIN, code_type: str = "str:10") -> Path:
    """Write ``root/<stem>.shp`` (+ .shx, .dbf, .prj) with the parcels; return the .shp.

    ``code_type`` is the DBF type of ``EC_hcat_c``: some national files store it as a number
    (``"int:18"``, ``"float:19.1"``).
    """
    path = Path(root) / f"{stem}.shp"
    path.parent.mkdir(parents=True, exist_ok=True)
    names = dict(HCAT)
    schema = {"geometry": "Polygon",
              "properties": {"SNAR_BEZEI": "str:80", "EC_trans_n": "str:80",
                             "EC_hcat_n": "str:80", "EC_hcat_c": code_type}}
    with fiona.open(path, "w", driver="ESRI Shapefile", crs=crs, schema=schema) as dst:
        for (x0, y0, x1, y1), code, national in PARCELS:
            ox, oy = origin
            ring = [(ox + x0, oy + y0), (ox + x1, oy + y0), (ox + x1, oy + y1),
                    (ox + x0, oy + y1), (ox + x0, oy + y0)]
            dst.write({"geometry": {"type": "Polygon", "coordinates": [ring]},
                       "properties": {"SNAR_BEZEI": national, "EC_trans_n": national.lower(),
                                      "EC_hcat_n": names[code],
                                      "EC_hcat_c": code if code_type.startswith("str")
                                      else float(code) if code_type.startswith("float")
                                      else int(code)}})
    return path


def region_zip(root: str | Path, region: str = "AT_2021") -> Path:
    """Write ``root/<region>.zip`` holding ``<region>/<region>_EC21.shp`` and its sidecars
    (Zenodo's zips keep the shapefile in a folder named after the zip)."""
    root = Path(root)
    shp = region_shapefile(root / ".staging", f"{region}_EC21")
    path = root / f"{region}.zip"
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        for part in sorted(shp.parent.glob(f"{region}_EC21.*")):
            archive.write(part, f"{region}/{part.name}")
            part.unlink()
    shp.parent.rmdir()
    return path
