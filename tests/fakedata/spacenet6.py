"""Fake SpaceNet 6: the Rotterdam train and public test tarballs in the SN6 layout.

``SN6_buildings_AOI_11_Rotterdam_train.tar.gz`` holds ``train/AOI_11_Rotterdam/`` with the five
product folders, ``geojson_buildings/`` and ``SummaryData/SAR_orientations.txt``;
``SN6_buildings_AOI_11_Rotterdam_test_public.tar.gz`` holds
``test_public/AOI_11_Rotterdam/SAR-Intensity/``. Tiles are EPSG:32631 (SAR-Intensity float32,
optical uint16); tile ``k`` (0-based, in :data:`TILES` order) has pixels ``_dc_util.sn_value``
of base ``100 (k + 1) + 10 p`` (product ``p``) and its building ``SN_BLOCK`` moved ``k`` rows
down; the last train tile's label is an empty FeatureCollection.
"""

from __future__ import annotations

from pathlib import Path

from fakedata._dc_util import spacenet_chip, tar_dirs

AOI = "AOI_11_Rotterdam"
STRIPS = ("20190804111224_20190804111453", "20190823161806_20190823162129")
#: (strip, tile number) of the train tiles, in the loader's order
TILES = ((STRIPS[0], 1), (STRIPS[0], 12), (STRIPS[1], 2747))
TEST_TILES = ((STRIPS[0], 5), (STRIPS[1], 6))
PRODUCTS = {"SAR-Intensity": 4, "PS-RGB": 3, "PS-RGBNIR": 4, "RGBNIR": 4, "PAN": 1}
CRS = "EPSG:32631"


def _chip(path: Path, label: Path | None, product: str, base: int, k: int,
          building: bool = True) -> None:
    spacenet_chip(path, label, PRODUCTS[product], base, CRS, (594000.0 + 200 * k, 5753000.0),
                  2.0 if product == "RGBNIR" else 0.5, building=building,
                  dtype="float32" if product == "SAR-Intensity" else "uint16", shift=k)


def make(root: Path) -> dict[str, object]:
    staging = root / "_staging"
    top = staging / "train" / AOI
    for k, (strip, tile) in enumerate(TILES):
        label = top / "geojson_buildings" / (
            f"SN6_Train_{AOI}_Buildings_{strip}_tile_{tile}.geojson")
        for p, product in enumerate(PRODUCTS):
            _chip(top / product / f"SN6_Train_{AOI}_{product}_{strip}_tile_{tile}.tif",
                  label if p == 0 else None, product, 100 * (k + 1) + 10 * p, k,
                  building=k < len(TILES) - 1)
    (top / "SummaryData").mkdir(parents=True)
    (top / "SummaryData" / "SAR_orientations.txt").write_text(
        "".join(f"{strip} {i % 2}\n" for i, strip in enumerate(STRIPS)))
    for k, (strip, tile) in enumerate(TEST_TILES):
        folder = staging / "test_public" / AOI / "SAR-Intensity"
        _chip(folder / f"SN6_Test_Public_{AOI}_SAR-Intensity_{strip}_tile_{tile}.tif", None,
              "SAR-Intensity", 900 + 10 * k, k)
    archives = {}
    for split, folder in (("train", "train"), ("test_public", "test_public")):
        name = f"SN6_buildings_{AOI}_{split}.tar.gz"
        archives[name] = tar_dirs(staging, [folder], root / name)
    return {"dir": root, "archives": archives,
            "counts": {"train": len(TILES), "test": len(TEST_TILES)}}
