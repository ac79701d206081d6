"""Fake SpaceNet 7: ``SN7_buildings_train.tar.gz`` and ``SN7_buildings_test_public.tar.gz``.

Mosaics are Web Mercator RGBA uint8 as published; footprints are EPSG:4326 GeoJSON. Month
``m`` of region ``r`` has base ``10 r + m`` (``_dc_util.sn_value``); the building (month 2018_02
only) is ``SN_BLOCK`` moved ``3 r`` rows down.
"""

from __future__ import annotations

from pathlib import Path

from fakedata._dc_util import spacenet_chip, tar_dirs

REGIONS = ["L15-0331E-1257N_1327_3160_13", "L15-0566E-1185N_2265_3451_13"]
MONTHS = ["2018_01", "2018_02"]
CRS = "EPSG:3857"


def make(root: Path) -> dict[str, object]:
    staging = root / "_staging"
    for r, region in enumerate(REGIONS):
        for m, month in enumerate(MONTHS):
            stem = f"global_monthly_{month}_mosaic_{region}"
            origin = (-1000000.0 + 50000 * r, 4000000.0)
            for product in ("images", "images_masked"):
                spacenet_chip(staging / "train" / region / product / f"{stem}.tif",
                              staging / "train" / region / "labels" / f"{stem}_Buildings.geojson",
                              4, 10 * r + m, CRS, origin, 4.0, building=m == 1, dtype="uint8",
                              shift=3 * r)
            match = staging / "train" / region / "labels_match" / f"{stem}_Buildings.geojson"
            match.parent.mkdir(parents=True, exist_ok=True)
            match.write_text((staging / "train" / region / "labels"
                              / f"{stem}_Buildings.geojson").read_text())
            spacenet_chip(staging / "train" / region / "UDM_masks" / f"{stem}_UDM.tif", None,
                          1, 0, CRS, origin, 4.0, dtype="uint8")
    spacenet_chip(staging / "test_public" / REGIONS[0] / "images_masked"
                  / f"global_monthly_2019_01_mosaic_{REGIONS[0]}.tif", None, 4, 77, CRS,
                  (0.0, 0.0), 4.0, dtype="uint8")
    archives = {
        "SN7_buildings_train.tar.gz": tar_dirs(staging, ["train"],
                                               root / "SN7_buildings_train.tar.gz"),
        "SN7_buildings_test_public.tar.gz": tar_dirs(staging, ["test_public"],
                                                     root / "SN7_buildings_test_public.tar.gz"),
    }
    return {"dir": root, "archives": archives,
            "counts": {"train": len(REGIONS) * len(MONTHS), "test": 1}}
