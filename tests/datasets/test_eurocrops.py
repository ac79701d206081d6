"""EuroCrops: HCAT-coded parcels rasterised to crop-type masks, at a chosen HCAT level."""

from __future__ import annotations

import hashlib
from pathlib import Path

import numpy as np
import pytest
import torch

from fakedata.eurocrops import HCAT, ORIGIN, hcat_csv, region_shapefile, region_zip
from geoplug.core import BoundingBox
from geoplug.core.errors import ChecksumError, DatasetNotFoundError
from geoplug.core.testing import check_dataset_plugin
from geoplug.datasets import eurocrops as ec_module
from geoplug.datasets.eurocrops import EuroCrops, hcat_parent

X0, Y0 = ORIGIN
# the parcels' extent at 10 m: columns 0..25 (x 0..260 m), rows 0..19 (y 0..-200 m)
QUERY = BoundingBox(X0, X0 + 260, Y0 - 200, Y0)
CODES = [code for code, _ in HCAT]


def test_default_classes_are_the_hcat_codes(tmp_path: Path) -> None:
    hcat_csv(tmp_path)
    region_shapefile(tmp_path)
    ds = EuroCrops(tmp_path, res=10.0)
    assert ds.crs.to_epsg() == 31287 and len(ds) == 1
    mask = ds[QUERY]["mask"]
    assert mask.dtype == torch.int64 and mask.shape == (20, 26)
    # value = 1 + the code's row in HCAT2.csv
    assert (mask[0:10, 0:10] == 1 + CODES.index("3301010301")).all()  # winter wheat
    assert (mask[0:10, 10:20] == 1 + CODES.index("3301060701")).all()  # grain maize
    assert (mask[12:20, 0:20] == 1 + CODES.index("3302000000")).all()  # legumes
    assert (mask[0:20, 20:26] == 1 + CODES.index("3301010000")).all()  # wheat
    assert (mask[10:12, 0:20] == 0).all()  # the gap between parcels
    assert ds.plot(ds[QUERY]).axes


@pytest.mark.parametrize("code_type", ["int:18", "float:19.1"])
def test_numeric_code_field(tmp_path: Path, code_type: str) -> None:
    """A national file whose EC_hcat_c is a numeric DBF field."""
    hcat_csv(tmp_path)
    region_shapefile(tmp_path, code_type=code_type)
    ds = EuroCrops(tmp_path, res=10.0)
    mask = ds[QUERY]["mask"]
    assert (mask[0:10, 0:10] == 1 + CODES.index("3301010301")).all()
    assert (mask[12:20, 0:20] == 1 + CODES.index("3302000000")).all()
    assert (mask[10:12, 0:20] == 0).all()


def test_classes_choose_a_level(tmp_path: Path) -> None:
    hcat_csv(tmp_path)
    region_shapefile(tmp_path)
    # parent codes gather their descendants: cereals -> 1, legumes (by name) -> 2
    ds = EuroCrops(tmp_path, res=10.0, classes=["3301000000", "legumes_harvested_green"])
    mask = ds[QUERY]["mask"]
    assert (mask[0:10, 0:20] == 1).all() and (mask[0:20, 20:26] == 1).all()
    assert (mask[12:20, 0:20] == 2).all()
    # a subset: wheat and its children only; maize and legumes become background
    wheat = EuroCrops(tmp_path, res=10.0, classes=["3301010000"])[QUERY]["mask"]
    assert set(np.unique(wheat.numpy())) == {0, 1}
    assert (wheat[0:10, 0:10] == 1).all() and (wheat[0:10, 10:20] == 0).all()
    assert hcat_parent("3301010301") == "3301010300"
    assert hcat_parent("3301010300") == "3301010000" and hcat_parent("0000000000") is None
    with pytest.raises(ValueError, match="neither an HCAT code nor a name"):
        EuroCrops(tmp_path, classes=["turnips"])


def test_regions_in_two_crs_default_to_wgs84(tmp_path: Path) -> None:
    hcat_csv(tmp_path)
    region_shapefile(tmp_path)
    region_shapefile(tmp_path, "DK_2019_EC21", crs="EPSG:25832",
                     origin=(500_000.0, 6_200_000.0))
    ds = EuroCrops(tmp_path)
    assert ds.crs.to_epsg() == 4326 and len(ds) == 2 and ds.res == (1e-5, 1e-5)
    b = ds.bounds
    # Denmark's parcels start at x = 500 km of UTM 32N, its central meridian 9E, near 56N;
    # Austria's lie near 13.3E 47.5N
    assert b.minx == pytest.approx(9.0, abs=1e-6) and 55.9 < b.maxy < 56.0
    assert 13.3 < b.maxx < 13.4 and 47.4 < b.miny < 47.6


def test_download_and_errors(tmp_path: Path, http_root: Path, http_server: object,
                             monkeypatch: pytest.MonkeyPatch) -> None:
    archive = region_zip(http_root, "AT_2021")
    hcat = hcat_csv(http_root)
    monkeypatch.setattr(ec_module, "_URL", http_server.url + "/{}")  # type: ignore[attr-defined]
    monkeypatch.setattr(ec_module, "HCAT_FILE",
                        ("HCAT2.csv", hashlib.md5(hcat.read_bytes()).hexdigest()))
    monkeypatch.setitem(ec_module.ZIPS, "AT_2021.zip", "0" * 32)
    root = tmp_path / "ec"
    with pytest.raises(ChecksumError):
        EuroCrops(root, regions=["AT_2021"], download=True)
    monkeypatch.setitem(ec_module.ZIPS, "AT_2021.zip",
                        hashlib.md5(archive.read_bytes()).hexdigest())
    ds = EuroCrops(root, res=10.0, regions=["AT_2021"], download=True)
    assert (root / "AT_2021" / "AT_2021_EC21.shp").is_file() and (root / "HCAT2.csv").is_file()
    assert ds[QUERY]["mask"][5, 5].item() == 1 + CODES.index("3301010301")
    with pytest.raises(ValueError, match="unknown region"):
        EuroCrops(root, regions=["XX_1999"])
    with pytest.raises(ValueError, match="no bands"):
        EuroCrops(root, bands=["x"])
    with pytest.raises(DatasetNotFoundError, match=r"zenodo\.org/records/8229128"):
        EuroCrops(tmp_path / "empty")


def test_zip_found_unextracted(tmp_path: Path) -> None:
    region_zip(tmp_path, "AT_2021")  # no HCAT2.csv: the codes of the files, sorted
    ds = EuroCrops(tmp_path, res=10.0)
    mask = ds[QUERY]["mask"]
    found = sorted({"3301010301", "3301060701", "3302000000", "3301010000"})
    assert mask[5, 5].item() == 1 + found.index("3301010301")
    assert mask[15, 5].item() == 1 + found.index("3302000000")


def test_conformance(tmp_path: Path) -> None:
    hcat_csv(tmp_path)
    region_shapefile(tmp_path)
    check_dataset_plugin("eurocrops", tmp_path, kwargs={"res": 10.0})


def test_a_files_parcels_are_of_its_year(tmp_path: Path) -> None:
    # crops rotate: AT_2021's parcels were of all time, so a 2018 scene took 2021's labels
    import rasterio
    from rasterio.transform import from_origin

    from geoplug.core import RasterDataset
    from geoplug.core.errors import InvalidDataError

    hcat_csv(tmp_path / "ec")
    region_shapefile(tmp_path / "ec", stem="AT_2020_EC21")
    region_shapefile(tmp_path / "ec", stem="AT_2021_EC21")
    ds = EuroCrops(tmp_path / "ec", res=10.0)
    start = np.datetime64("2020-01-01T00:00:00").astype("datetime64[s]").astype(float)
    end = np.datetime64("2022-01-01T00:00:00").astype("datetime64[s]").astype(float)
    assert ds.bounds.mint == start and ds.bounds.maxt == pytest.approx(end, abs=1e-5)
    in_2021 = BoundingBox(X0, X0 + 260, Y0 - 200, Y0, end - 86400 * 200, end - 86400 * 100)
    assert [Path(p).stem for p in ds.index.intersection(tuple(in_2021), objects="raw")] == [
        "AT_2021_EC21"]

    class Scene(RasterDataset):
        filename_regex = r"^scene_(?P<date>\d{8})\.tif$"

    for day in ("20180601", "20210601"):
        folder = tmp_path / day
        folder.mkdir()
        with rasterio.open(folder / f"scene_{day}.tif", "w", driver="GTiff", width=26,
                           height=20, count=1, dtype="uint16", crs="EPSG:31287",
                           transform=from_origin(X0, Y0, 10, 10)) as dst:
            dst.write(np.arange(520, dtype=np.uint16).reshape(1, 20, 26))
    with pytest.raises(InvalidDataError, match="no spatio-temporal overlap"):
        Scene(tmp_path / "20180601") & EuroCrops(tmp_path / "ec", res=10.0)
    pair = Scene(tmp_path / "20210601") & EuroCrops(tmp_path / "ec", res=10.0)
    assert len(pair) == 1


def test_regions_in_two_crs_refuse_a_resolution_in_metres(tmp_path: Path) -> None:
    # the samples are then in degrees: res=10 gave 10-degree pixels without a word
    hcat_csv(tmp_path)
    region_shapefile(tmp_path)
    region_shapefile(tmp_path, "DK_2019_EC21", crs="EPSG:25832", origin=(500_000.0, 6_200_000.0))
    with pytest.raises(ValueError, match=r"several CRSs.*res=10"):
        EuroCrops(tmp_path, res=10)
    assert EuroCrops(tmp_path, crs="EPSG:3035", res=10).res == (10.0, 10.0)
