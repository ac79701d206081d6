"""File headers: read in parallel once, cached on disk, footprints in any CRS."""

from __future__ import annotations

import json
import math
import os
import re
import warnings
from pathlib import Path

import numpy as np
import pytest
import rasterio
from affine import Affine
from pyproj import Transformer
from rasterio.crs import CRS

from geoplug.core import handles
from geoplug.core import headers as header_cache
from geoplug.core.bbox import BoundingBox
from geoplug.core.errors import InvalidDataError
from geoplug.core.headers import CacheWarning, cache_dir, footprints, read_header, read_headers
from geoplug.core.raster import RasterDataset


@pytest.fixture(autouse=True)
def _cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("GEOPLUG_CACHE_DIR", str(tmp_path / "cache"))


def write_tiles(root: Path, n: int, crs: str = "EPSG:32615") -> list[Path]:
    """``n`` tiny 4x4 tiles side by side (30 m), like a large tiled product."""
    root.mkdir(parents=True, exist_ok=True)
    paths = []
    for i in range(n):
        path = root / f"tile_{i:04d}.tif"
        transform = Affine(30, 0, 500_000 + (i % 20) * 120, 0, -30, 4_400_000 - (i // 20) * 120)
        with rasterio.open(path, "w", driver="GTiff", width=4, height=4, count=1,
                           dtype="uint8", crs=crs, transform=transform) as dst:
            dst.write(np.full((1, 4, 4), i % 251, dtype="uint8"))
        paths.append(path)
    return paths


def test_second_construction_opens_no_file(tmp_path: Path) -> None:
    paths = write_tiles(tmp_path / "tiles", 300)
    before = handles.OPEN_COUNT
    first = RasterDataset(tmp_path / "tiles")
    assert handles.OPEN_COUNT - before == 300
    assert len(first) == 300
    before = handles.OPEN_COUNT
    second = RasterDataset(tmp_path / "tiles")
    assert before == handles.OPEN_COUNT  # everything came from the cache
    assert second.bounds == first.bounds
    assert second.bounds == BoundingBox(500_000, 500_000 + 20 * 120, 4_400_000 - 15 * 120,
                                        4_400_000, second.bounds.mint, second.bounds.maxt)
    # a changed file is re-read, and only that one
    os.utime(paths[7], ns=(1, 1))
    before = handles.OPEN_COUNT
    RasterDataset(tmp_path / "tiles")
    assert handles.OPEN_COUNT - before == 1
    # another target CRS still opens nothing
    before = handles.OPEN_COUNT
    other = RasterDataset(tmp_path / "tiles", crs="EPSG:5070")
    assert before == handles.OPEN_COUNT
    assert other.crs.to_epsg() == 5070


def test_parallel_equals_serial_and_corrupt_cache_is_rebuilt(tmp_path: Path) -> None:
    paths = [str(p) for p in write_tiles(tmp_path / "t", 12)]
    serial = read_headers(paths, cache_key=None, max_workers=1)
    parallel = read_headers(paths, cache_key="k", max_workers=4)
    assert serial == parallel
    assert parallel[3].transform[2] == 500_000 + 3 * 120
    (file,) = cache_dir().glob("*.json")
    file.write_text("{not json")
    before = handles.OPEN_COUNT
    with pytest.warns(CacheWarning, match=f"{file}.*not valid JSON"):
        assert read_headers(paths, cache_key="k") == serial
    assert handles.OPEN_COUNT - before == 12
    entries = json.loads(next(cache_dir().glob("*.json")).read_text())["entries"]
    assert set(entries) == set(paths)


def test_cache_holds_each_crs_once_and_survives_malformed_rows(tmp_path: Path) -> None:
    paths = [str(p) for p in write_tiles(tmp_path / "t", 30)]
    paths += [str(p) for p in write_tiles(tmp_path / "u", 5, crs="EPSG:32616")]
    first = read_headers(paths, cache_key="k")
    file = next(cache_dir().glob("*.json"))
    data = json.loads(file.read_text())
    assert len(data["crs"]) == 2  # 35 files, two CRSs, each WKT stored once
    assert sorted(CRS.from_wkt(w).to_epsg() for w in data["crs"]) == [32615, 32616]
    # a malformed row (here a CRS index out of the table) is re-read, not trusted
    data["entries"][paths[4]][CRS_AT] = 9
    data["entries"][paths[5]][CRS_AT] = -1
    data["entries"][paths[32]][CRS_AT] = 2  # 32 is in EPSG:32616: its CRS entry is not a string
    data["crs"].append({"not": "wkt"})
    file.write_text(json.dumps(data))
    before = handles.OPEN_COUNT
    with pytest.warns(CacheWarning, match=f"{file} holds a wrong row.* and 2 more"):
        assert read_headers(paths, cache_key="k") == first
    assert handles.OPEN_COUNT - before == 3


# where a cache entry ``[size, mtime_ns, inode, crs, transform, width, height, count, dtype,
# nodata, overviews]`` holds each value
CRS_AT, TRANSFORM_AT, WIDTH_AT, HEIGHT_AT, COUNT_AT, DTYPE_AT, NODATA_AT, OVERVIEWS_AT = (
    range(3, 11))
GOOD_TRANSFORM = [30.0, 0.0, 500_000.0, 0.0, -30.0, 4_400_000.0]


@pytest.mark.parametrize(("at", "value", "reason"), [
    (HEIGHT_AT, "12", "height '12'"),
    (HEIGHT_AT, 4.0, "height 4.0"),
    (COUNT_AT, 2.7, "count 2.7"),
    (WIDTH_AT, 0, "width 0"),
    (WIDTH_AT, -4, "width -4"),
    (WIDTH_AT, True, "width True"),
    (DTYPE_AT, "uint12", "dtype 'uint12'"),
    (DTYPE_AT, 1, "dtype 1"),
    (NODATA_AT, "0", "nodata '0'"),
    (OVERVIEWS_AT, [2, 0], r"overviews \[2, 0\]"),
    (OVERVIEWS_AT, 2, "overviews 2"),
    (CRS_AT, 3, "CRS index 3"),
    (CRS_AT, "0", "CRS index '0'"),
    (TRANSFORM_AT, GOOD_TRANSFORM[:5], "not 6 finite numbers"),
    (TRANSFORM_AT, [*GOOD_TRANSFORM, 1.0], "not 6 finite numbers"),
    (TRANSFORM_AT, [30.0, 0.0, "500000", 0.0, -30.0, 4_400_000.0], "not 6 finite numbers"),
    (TRANSFORM_AT, [30.0, 0.0, math.inf, 0.0, -30.0, 4_400_000.0], "not 6 finite numbers"),
    (TRANSFORM_AT, [0.0, 0.0, 500_000.0, 0.0, 0.0, 4_400_000.0], "not invertible"),
])
def test_a_wrong_cache_value_is_read_again(tmp_path: Path, at: int, value: object,
                                           reason: str) -> None:
    paths = [str(p) for p in write_tiles(tmp_path / "t", 4)]
    first = read_headers(paths, cache_key="k")
    (file,) = cache_dir().glob("*.json")
    data = json.loads(file.read_text())
    assert data["entries"][paths[2]][TRANSFORM_AT] == [
        30.0, 0.0, 500_240.0, 0.0, -30.0, 4_400_000.0]  # the layout this test relies on
    data["entries"][paths[2]][at] = value
    file.write_text(json.dumps(data))
    before = handles.OPEN_COUNT
    with pytest.warns(CacheWarning,
                      match=rf"{re.escape(str(file))} holds a wrong row for .*tile_0002.*{reason}"):
        assert read_headers(paths, cache_key="k") == first
    assert handles.OPEN_COUNT - before == 1  # only the wrong row's file was opened again
    # the cache was repaired: the next read trusts it, warns nothing and opens nothing
    before = handles.OPEN_COUNT
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        assert read_headers(paths, cache_key="k") == first
    assert before == handles.OPEN_COUNT


@pytest.mark.parametrize("damage", ["short row", "not a list", "unparsable CRS",
                                    "CRS not text", "no CRS table", "binary garbage"])
def test_a_malformed_cache_is_read_again(tmp_path: Path, damage: str) -> None:
    paths = [str(p) for p in write_tiles(tmp_path / "t", 3)]
    first = read_headers(paths, cache_key="k")
    (file,) = cache_dir().glob("*.json")
    data = json.loads(file.read_text())
    reopened = 1
    if damage == "short row":
        data["entries"][paths[1]].pop()
    elif damage == "not a list":
        data["entries"][paths[1]] = {"width": 4}
    elif damage == "unparsable CRS":  # every row uses it
        data["crs"][0] = 'PROJCS["UTM 15N",GEOGCS["broken'
        reopened = 3
    elif damage == "CRS not text":
        data["crs"][0] = 32615
        reopened = 3
    elif damage == "no CRS table":
        del data["crs"]
        reopened = 3
    file.write_text(json.dumps(data))
    if damage == "binary garbage":
        file.write_bytes(b"\xff\xfe\x00garbage")
        reopened = 3
    before = handles.OPEN_COUNT
    with pytest.warns(CacheWarning, match=re.escape(str(file))):
        assert read_headers(paths, cache_key="k") == first
    assert handles.OPEN_COUNT - before == reopened


def test_a_wrong_cache_row_gives_the_right_pixels(tmp_path: Path) -> None:
    # the user-visible harm of trusting a wrong row: shifted bounds and zero-filled pixels
    paths = write_tiles(tmp_path / "t", 2)
    q = BoundingBox(500_120, 500_240, 4_399_880, 4_400_000)  # all of tile 1, which holds 1s
    good = RasterDataset(tmp_path / "t")
    assert (good[q]["image"] == 1).all()
    (file,) = cache_dir().glob("*.json")
    data = json.loads(file.read_text())
    data["entries"][str(paths[1])][HEIGHT_AT] = "12"
    data["entries"][str(paths[1])][TRANSFORM_AT][2] = "500120"
    file.write_text(json.dumps(data))
    with pytest.warns(CacheWarning, match=re.escape(str(file))):
        ds = RasterDataset(tmp_path / "t")
    assert ds.bounds == good.bounds
    assert (ds[q]["image"] == 1).all() and ds[q]["image"].shape == (1, 4, 4)


def test_many_files_are_read_by_forked_processes(tmp_path: Path,
                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(header_cache, "PROCESS_POOL_MIN", 8)
    paths = [str(p) for p in write_tiles(tmp_path / "t", 24)]
    serial = read_headers(paths, cache_key=None, max_workers=1)
    before = handles.OPEN_COUNT
    assert read_headers(paths, cache_key=None, max_workers=2) == serial
    assert handles.OPEN_COUNT - before == 24
    # an unreadable file fails the build with the error naming it, as a serial read does
    Path(paths[17]).write_bytes(b"II*\x00 not a tiff")
    with pytest.raises(InvalidDataError, match="tile_0017"):
        read_headers(paths, cache_key=None, max_workers=2)


def test_index_workers_come_from_the_environment(tmp_path: Path,
                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(header_cache, "PROCESS_POOL_MIN", 2)
    paths = [str(p) for p in write_tiles(tmp_path / "t", 6)]
    monkeypatch.setenv("GEOPLUG_INDEX_WORKERS", "1")  # serial: opens counted one by one
    calls = []
    monkeypatch.setattr(header_cache, "ProcessPoolExecutor", lambda *a, **k: calls.append(a))
    assert len(read_headers(paths, cache_key=None)) == 6 and not calls
    monkeypatch.setenv("GEOPLUG_INDEX_WORKERS", "two")
    with pytest.raises(ValueError, match="GEOPLUG_INDEX_WORKERS"):
        read_headers(paths, cache_key=None)


def test_external_overviews_are_found_without_listing_the_folder(tmp_path: Path) -> None:
    (path,) = write_tiles(tmp_path, 1)
    with rasterio.open(path) as src:
        data = src.read()
    with rasterio.open(path, "w", driver="GTiff", width=64, height=64, count=1, dtype="uint8",
                       crs="EPSG:32615", transform=Affine(30, 0, 500_000, 0, -30, 4_400_000)
                       ) as dst:
        dst.write(np.resize(data, (1, 64, 64)))
    with rasterio.Env(TIFF_USE_OVR=True), rasterio.open(path, "r+") as dst:
        dst.build_overviews([2, 4])  # written to a side-car tile_0000.tif.ovr
    assert (tmp_path / "tile_0000.tif.ovr").exists()
    assert handles._local_options()["GDAL_DISABLE_READDIR_ON_OPEN"] == "TRUE"
    assert read_header(str(path)).overviews == (2, 4)


def test_a_users_gdal_options_win(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("GDAL_DISABLE_READDIR_ON_OPEN", "EMPTY_DIR")
    monkeypatch.setenv("GTIFF_VIRTUAL_MEM_IO", "NO")
    assert handles._local_options() == {}


def test_footprint_in_other_crs_encloses_the_transformed_corners(tmp_path: Path) -> None:
    (path,) = write_tiles(tmp_path, 1)
    header = read_header(str(path))
    assert header.res == (30.0, 30.0) and header.count == 1 and header.dtype == "uint8"
    (minx, maxx, miny, maxy), = footprints([header], CRS.from_epsg(4326))
    to_ll = Transformer.from_crs("EPSG:32615", "EPSG:4326", always_xy=True)
    for x, y in ((500_000, 4_400_000), (500_120, 4_399_880)):
        lon, lat = to_ll.transform(x, y)
        assert minx <= lon <= maxx and miny <= lat <= maxy
    assert maxx - minx < 0.002


def test_a_global_grid_is_indexed_in_a_utm_zone_within_its_area_of_use(tmp_path: Path) -> None:
    # a 0.25 degree global map (Copernicus-Embed's grid) reaches where UTM has no finite
    # coordinates; it is indexed where the zone is used, and a patch reads the cell under it
    cells = (np.arange(721 * 1440, dtype=np.uint32) % 65521).astype(np.uint16)
    cells = cells.reshape(721, 1440)
    path = tmp_path / "global.tif"
    with rasterio.open(path, "w", driver="GTiff", width=1440, height=721, count=1,
                       dtype="uint16", crs="EPSG:4326",
                       transform=Affine(0.25, 0, -180.125, 0, -0.25, 90.125)) as dst:
        dst.write(cells[None])
    header = read_header(str(path))
    utm11 = CRS.from_epsg(32611)
    (minx, maxx, miny, maxy), = footprints([header], utm11)
    assert np.isfinite([minx, maxx, miny, maxy]).all() and minx < 500_000 < maxx
    to_utm = Transformer.from_crs("EPSG:4326", "EPSG:32611", always_xy=True)
    for lon, lat in ((-117.3, 37.1), (-120.0, 10.0)):  # inside zone 11's band
        x, y = to_utm.transform(lon, lat)
        assert minx <= x <= maxx and miny <= y <= maxy
    ds = RasterDataset(str(tmp_path), crs="EPSG:32611", res=10.0, resampling="nearest",
                       cache=False)
    x, y = to_utm.transform(-117.3, 37.1)
    patch = ds[BoundingBox(x - 40, x + 40, y - 40, y + 40, -math.inf, math.inf)]["image"]
    row, col = round((90.125 - 37.1) / 0.25 - 0.5), round((-117.3 + 180.125) / 0.25 - 0.5)
    assert float(patch[0, 4, 4]) == float(cells[row, col])
    with pytest.raises(InvalidDataError, match="cannot be transformed"):  # no area there
        footprints([read_header(str(write_tiles(tmp_path / "far", 1, "EPSG:32615")[0]))],
                   CRS.from_string("+proj=ortho +lat_0=-60 +lon_0=60"))
