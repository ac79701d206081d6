"""PointDataset: points and times of CSV rows, time filtering, ``raster & points``, batching."""

from __future__ import annotations

import csv
import gzip
import pickle
from datetime import datetime, timezone
from pathlib import Path

import numpy as np
import pytest
import rasterio
import torch
from pyproj import Transformer
from rasterio.transform import from_origin
from torch.utils.data import DataLoader

from geoplug.core import BoundingBox, GridGeoSampler, PointDataset, RasterDataset
from geoplug.core.errors import (
    DatasetNotFoundError,
    InvalidDataError,
    QueryOutsideDataError,
)
from geoplug.core.points import collate_points, parse_time

UTM = "EPSG:32633"
X0, Y0, RES, SIZE = 499_000.0, 5_540_000.0, 10.0, 64  # raster's upper-left corner, 640 m wide
TO_LONLAT = Transformer.from_crs(UTM, "EPSG:4326", always_xy=True)
TO_UTM = Transformer.from_crs("EPSG:4326", UTM, always_xy=True)

# (column, row) of each observation on the raster grid (pixel centres), and its date
ROWS = [
    ((3, 5), "2021-05-07"),
    ((40, 12), "2021-05-08T10:13:35Z"),
    ((10, 50), ""),  # undated
    ((60, 60), "2020"),
    ((22, 33), "2021-06"),
    ((5, 7), "2021-05-09 08:00:00 +0200"),
]


class Observations(PointDataset):
    time_column = "observed"


def _lonlat(col: int, row: int) -> tuple[float, float]:
    lon, lat = TO_LONLAT.transform(X0 + (col + 0.5) * RES, Y0 - (row + 0.5) * RES)
    return round(lon, 7), round(lat, 7)


def write_csv(folder: Path, name: str = "obs.csv") -> list[dict[str, str]]:
    """The observations as a CSV (plus one row without coordinates); returns the rows."""
    folder.mkdir(parents=True, exist_ok=True)
    rows = []
    for (col, row), when in ROWS:
        lon, lat = _lonlat(col, row)
        rows.append({"id": str(len(rows)), "longitude": f"{lon:.7f}", "latitude": f"{lat:.7f}",
                     "observed": when})
    rows.append({"id": "99", "longitude": "", "latitude": "", "observed": "2021-05-07"})
    with open(folder / name, "w", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=["id", "longitude", "latitude", "observed"])
        writer.writeheader()
        writer.writerows(rows)
    return rows[:-1]


def write_raster(folder: Path) -> Path:
    """A one-band float32 GeoTIFF whose pixel (row, col) holds ``1 + row * SIZE + col``."""
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / "scene.tif"
    data = (1 + np.arange(SIZE * SIZE, dtype=np.float32)).reshape(1, SIZE, SIZE)
    with rasterio.open(path, "w", driver="GTiff", width=SIZE, height=SIZE, count=1,
                       dtype="float32", crs=UTM, transform=from_origin(X0, Y0, RES, RES)) as dst:
        dst.write(data)
    return path


def _ts(text: str) -> float:
    return datetime.fromisoformat(text).replace(tzinfo=timezone.utc).timestamp()


def test_points_and_times_match_the_rows_in_lonlat(tmp_path: Path) -> None:
    rows = write_csv(tmp_path)
    ds = Observations(tmp_path)
    assert ds.crs.to_epsg() == 4326 and len(ds) == len(ROWS)
    sample = ds[ds.bounds]
    assert set(sample) == {"points", "time", "crs", "bounds"}
    assert sample["points"].dtype == torch.float32 and sample["points"].shape == (6, 2)
    assert sample["time"].dtype == torch.float64 and sample["time"].shape == (6,)
    want = np.array([[float(r["longitude"]), float(r["latitude"])] for r in rows])
    np.testing.assert_allclose(sample["points"].numpy(), want, rtol=0, atol=1e-5)
    times = sample["time"].numpy()
    assert times[0] == _ts("2021-05-07T00:00:00")
    assert times[1] == _ts("2021-05-08T10:13:35")
    assert np.isnan(times[2])
    assert times[3] == _ts("2020-01-01T00:00:00")
    assert times[4] == _ts("2021-06-01T00:00:00")
    assert times[5] == _ts("2021-05-09T06:00:00")  # +0200 -> 06:00 UTC


def test_points_projected_with_pyproj(tmp_path: Path) -> None:
    rows = write_csv(tmp_path)
    ds = Observations(tmp_path, crs=UTM, res=RES)
    lon = [float(r["longitude"]) for r in rows]
    lat = [float(r["latitude"]) for r in rows]
    xs, ys = TO_UTM.transform(lon, lat)
    # a box around the second and fifth observations only: x 499,200..499,420, y 5,539,400..
    query = BoundingBox(499_200.0, 499_420.0, 5_539_500.0, 5_539_900.0)
    sample = ds[query]
    inside = [i for i in range(len(rows)) if query.minx <= xs[i] <= query.maxx
              and query.miny <= ys[i] <= query.maxy]
    assert inside == [1, 4]
    np.testing.assert_allclose(sample["points"].numpy(),
                               np.column_stack([xs, ys])[inside].astype(np.float32), atol=0.01)
    assert sample["bounds"] == query and sample["crs"] == ds.crs
    # a box inside the extent without points is an empty set, outside it an error
    empty = ds[BoundingBox(499_500.0, 499_510.0, 5_539_500.0, 5_539_510.0)]
    assert empty["points"].shape == (0, 2) and empty["time"].shape == (0,)
    with pytest.raises(QueryOutsideDataError, match="does not intersect"):
        ds[BoundingBox(0.0, 10.0, 0.0, 10.0)]
    # changing the crs re-projects the same rows; pickling (DataLoader workers) keeps them
    ds.crs = "EPSG:4326"
    assert ds[ds.bounds]["points"][0, 0].item() == pytest.approx(lon[0], abs=1e-5)
    clone = pickle.loads(pickle.dumps(ds))
    assert torch.equal(clone[clone.bounds]["points"], ds[ds.bounds]["points"])


def test_time_filtering(tmp_path: Path) -> None:
    write_csv(tmp_path)
    ds = Observations(tmp_path)
    b = ds.bounds
    assert (b.mint, b.maxt) == (-np.inf, np.inf)  # the undated row matches every time
    # the day 2021-05-08 (UTC): the observation at 10:13:35, the undated one
    day = BoundingBox(b.minx, b.maxx, b.miny, b.maxy, _ts("2021-05-08T00:00:00"),
                      _ts("2021-05-08T23:59:59"))
    times = ds[day]["time"].numpy()
    assert times[0] == _ts("2021-05-08T10:13:35") and np.isnan(times[1]) and len(times) == 2
    # an instant late on 2021-05-07 still finds the row dated by day (it covers its day)
    late = BoundingBox(b.minx, b.maxx, b.miny, b.maxy, _ts("2021-05-07T23:00:00"),
                       _ts("2021-05-07T23:30:00"))
    found = ds[late]["time"].numpy()
    assert found[0] == _ts("2021-05-07T00:00:00") and len(found) == 2 and np.isnan(found[1])
    # mid-2020 finds the row dated by its year only, and June 2021 the month row
    mid = BoundingBox(b.minx, b.maxx, b.miny, b.maxy, _ts("2020-07-01T00:00:00"),
                      _ts("2020-07-02T00:00:00"))
    found = ds[mid]["time"].numpy()  # rows in file order: the undated row, then 2020
    assert np.isnan(found[0]) and found[1:].tolist() == [_ts("2020-01-01T00:00:00")]
    june = BoundingBox(b.minx, b.maxx, b.miny, b.maxy, _ts("2021-06-30T12:00:00"),
                       _ts("2021-06-30T13:00:00"))
    found = ds[june]["time"].numpy()
    assert np.isnan(found[0]) and found[1:].tolist() == [_ts("2021-06-01T00:00:00")]


def test_raster_and_points_compose(tmp_path: Path) -> None:
    write_csv(tmp_path / "obs")
    raster = RasterDataset(write_raster(tmp_path / "raster"))
    points = Observations(tmp_path / "obs")
    both = raster & points
    assert both.crs == raster.crs and points.crs == raster.crs and both.res == (RES, RES)
    assert len(both) == 1  # the raster's footprint within the points' envelope
    query = BoundingBox(X0, X0 + 320, Y0 - 320, Y0)  # columns and rows 0..31
    sample = both[query]
    assert {"image", "points", "time", "crs", "bounds"} <= set(sample)
    assert sample["image"].shape == (1, 32, 32)
    pts = sample["points"].numpy()
    assert len(pts) == 2  # rows and columns 0..31 hold the observations at (3, 5) and (5, 7)
    for x, y in pts:
        col, row = int((x - X0) // RES), int((Y0 - y) // RES)
        # the image under each point is the raster's pixel there (row * SIZE + col + 1)
        assert sample["image"][0, row, col].item() == 1 + row * SIZE + col
        assert (col, row) in [c for c, _ in ROWS]
    # the same holds with the point layer first, on the points' crs/res
    flipped = Observations(tmp_path / "obs", crs=UTM, res=RES) & RasterDataset(
        tmp_path / "raster")
    assert torch.equal(flipped[query]["points"], sample["points"])


def test_dataloader_batches_ragged_point_sets(tmp_path: Path) -> None:
    write_csv(tmp_path / "obs")
    both = RasterDataset(write_raster(tmp_path / "raster")) & Observations(tmp_path / "obs")
    sampler = GridGeoSampler(both, size=32, stride=32)
    loader = DataLoader(both, sampler=sampler, batch_size=4, collate_fn=collate_points)
    batch = next(iter(loader))
    assert batch["image"].shape == (4, 1, 32, 32)
    assert isinstance(batch["points"], list) and len(batch["points"]) == 4
    centres = [(X0 + (c + 0.5) * RES, Y0 - (r + 0.5) * RES) for (c, r), _ in ROWS]
    counts = [len(p) for p in batch["points"]]
    want = [sum(b.minx <= x <= b.maxx and b.miny <= y <= b.maxy for x, y in centres)
            for b in batch["bounds"]]
    assert counts == want and len(set(counts)) > 1  # variable-length sets, kept as a list
    for pts, times, box in zip(batch["points"], batch["time"], batch["bounds"], strict=True):
        assert pts.dtype == torch.float32 and times.shape == (len(pts),)
        assert ((pts[:, 0] >= box.minx) & (pts[:, 0] <= box.maxx)).all()
        assert ((pts[:, 1] >= box.miny) & (pts[:, 1] <= box.maxy)).all()


def test_gzip_files_and_errors(tmp_path: Path) -> None:
    write_csv(tmp_path / "plain")
    data = (tmp_path / "plain" / "obs.csv").read_bytes()
    (tmp_path / "gz").mkdir()
    (tmp_path / "gz" / "obs.csv.gz").write_bytes(gzip.compress(data))

    class Zipped(Observations):
        filename_glob = "*.csv.gz"

    assert len(Zipped(tmp_path / "gz")) == len(ROWS)
    with pytest.raises(DatasetNotFoundError, match=r"No file matches '\*\.csv'"):
        Observations(tmp_path / "nothing")

    class WrongColumns(Observations):
        x_column = "decimalLongitude"

    with pytest.raises(InvalidDataError, match=r"has no column \['decimalLongitude'\]"):
        WrongColumns(tmp_path / "plain")


def test_parse_time_precision() -> None:
    day = parse_time("2021-05-07")
    assert day[0] == _ts("2021-05-07T00:00:00")
    assert day[1] == pytest.approx(_ts("2021-05-08T00:00:00"), abs=1e-5) and day[1] < _ts(
        "2021-05-08T00:00:00")
    assert parse_time("2022-04-16T10:13:35.123Z")[0] == pytest.approx(
        _ts("2022-04-16T10:13:35") + 0.123)
    assert parse_time("2021-05-07 11:02:53 UTC")[0] == _ts("2021-05-07T11:02:53")
    # an offset of hours alone (ISO 8601 "-03") made the row undated: it matched every query
    assert parse_time("2021-05-07T10:13:35-03")[0] == _ts("2021-05-07T13:13:35")
    assert parse_time("2021-05-07T10:13:35+05")[0] == _ts("2021-05-07T05:13:35")
    interval = parse_time("2021-04-01/2021-04-30")
    assert interval[0] == _ts("2021-04-01T00:00:00")
    assert interval[1] == pytest.approx(_ts("2021-05-01T00:00:00"), abs=1e-5)
    assert parse_time("05-07-22", ["%m-%d-%y"])[0] == _ts("2022-05-07T00:00:00")
    # a two-digit year Python would put in the future is the century before (EDDMapS' 1965)
    assert parse_time("01-15-65", ["%m-%d-%y"])[0] == _ts("1965-01-15T00:00:00")
    assert all(np.isnan(parse_time(v)).all() for v in ("", None, "yesterday", "2021-13-01"))


@pytest.mark.parametrize(("text", "fmt", "start", "end"), [
    ("2019152", "%Y%j", "2019-06-01", "2019-06-02"),  # a day of the year is a day
    ("Jun 2019", "%b %Y", "2019-06-01", "2019-07-01"),  # a month's name is a month
    ("December 2019", "%B %Y", "2019-12-01", "2020-01-01"),
    ("2019-06-01 03PM", "%Y-%m-%d %I%p", "2019-06-01T15:00:00", "2019-06-01T16:00:00"),
])
def test_parse_time_spans_the_unit_its_format_states(text: str, fmt: str, start: str,
                                                      end: str) -> None:
    # these were a whole year: an observation of June 2019 matched a query in March 2020
    t0, t1 = parse_time(text, [fmt])
    assert t0 == _ts(f"{start}T00:00:00" if "T" not in start else start)
    stop = _ts(f"{end}T00:00:00" if "T" not in end else end)
    assert t1 == pytest.approx(stop, abs=1e-5) and t1 < stop


def test_a_point_on_a_shared_edge_is_counted_once(tmp_path: Path) -> None:
    """Tiles and time windows sharing an edge own a point on it once, as their pixels do:
    x on the western tile's maxx and y on the northern tile's miny belong to the other tile,
    a time at a window's end to the next window; the dataset's own outer edges stay closed."""
    rows = [(10.0, 45.0, "2021-05-08T00:00:00Z"), (10.5, 45.5, "2021-05-09T00:00:00Z"),
            (10.25, 45.75, "2021-05-08T12:00:00Z"), (11.0, 46.0, "2021-05-10T00:00:00Z")]
    with open(tmp_path / "obs.csv", "w", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(["longitude", "latitude", "observed"])
        writer.writerows(rows)
    ds = Observations(tmp_path)
    b = ds.bounds
    assert (b.minx, b.maxx, b.miny, b.maxy) == (10.0, 11.0, 45.0, 46.0)

    def count(minx: float, maxx: float, miny: float, maxy: float,
              mint: float = b.mint, maxt: float = b.maxt) -> int:
        return len(ds[BoundingBox(minx, maxx, miny, maxy, mint, maxt)]["points"])

    west, east = count(10.0, 10.5, 45.0, 46.0), count(10.5, 11.0, 45.0, 46.0)
    assert (west, east) == (2, 2)  # (10.5, 45.5) in the east tile; (11, 46) on the outer edge
    south, north = count(10.0, 11.0, 45.0, 45.5), count(10.0, 11.0, 45.5, 46.0)
    assert (south, north) == (2, 2)  # (10.5, 45.5) is the southern tile's top row
    assert sum(count(x, x + 0.5, y, y + 0.5) for x in (10.0, 10.5) for y in (45.0, 45.5)) == 4
    days = [count(10.0, 11.0, 45.0, 46.0, _ts(f"2021-05-{d:02d}T00:00:00"),
                  _ts(f"2021-05-{d + 1:02d}T00:00:00")) for d in (8, 9)]
    assert days == [2, 2]  # the 9th's midnight is the 9th's; the 10th's is the outer edge
    instant = _ts("2021-05-09T00:00:00")
    assert count(10.0, 11.0, 45.0, 46.0, instant, instant) == 1


def test_a_grid_over_points_tiles_their_envelope_once(tmp_path: Path) -> None:
    # each point is an index item of no area: the grid gave every point a tile of its own
    # (200 tiles for 200 points, overlapping, so the points were counted ~2.8 times); it
    # tiles the points' envelope, each point in exactly one tile
    rng = np.random.default_rng(0)
    folder = tmp_path / "pts"
    folder.mkdir()
    with open(folder / "obs.csv", "w", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(["longitude", "latitude", "observed"])
        for _ in range(200):
            writer.writerow([f"{10 + rng.random():.6f}", f"{50 + rng.random():.6f}",
                             "2020-05-01"])
    ds = Observations(folder, res=0.01)
    tiles = list(GridGeoSampler(ds, size=10))  # 0.1 degree tiles over a ~1 degree envelope
    assert len(tiles) == 100 and len(set(tiles)) == 100
    assert sum(len(ds[t]["points"]) for t in tiles) == len(ds) == 200
