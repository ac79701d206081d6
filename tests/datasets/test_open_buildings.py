"""Google Open Buildings v3: per-S2-cell CSV polygons rasterised to building masks."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
import torch
from pyproj import Geod

from fakedata.open_buildings import BUILDINGS, CELLS, cell_csv, tiles_geojson, write_release
from geoplug.core import BoundingBox
from geoplug.core.errors import DatasetNotFoundError
from geoplug.core.testing import check_dataset_plugin
from geoplug.datasets import open_buildings as ob_module
from geoplug.datasets.open_buildings import OpenBuildings

# lon -0.2000..-0.1960 (40 columns), lat 5.5590..5.5610 (20 rows) at 1e-4 degree
QUERY = BoundingBox(-0.2000, -0.1960, 5.5590, 5.5610)


def test_mask_and_confidence(tmp_path: Path) -> None:
    write_release(tmp_path)
    ds = OpenBuildings(tmp_path, res=0.0001)
    assert ds.crs.to_epsg() == 4326 and len(ds) == 2
    mask = ds[QUERY]["mask"]
    assert mask.dtype == torch.int64 and mask.shape == (20, 40)
    assert set(np.unique(mask.numpy())) == {0, 1}
    # building 1: lon -0.2000..-0.1990 (columns 0..9), lat 5.5600..5.5606 (rows 4..9)
    assert mask[4:10, 0:10].all() and not mask[0:4, 0:10].any() and not mask[4:10, 10].any()
    # building 2 (confidence 0.66): columns 20..27, rows 6..9; building 3: rows 16..19
    assert mask[6:10, 20:28].all() and not mask[4:6, 20:28].any()
    assert mask[16:20, :].all() and not mask[10:16, :].any()
    strict = OpenBuildings(tmp_path, res=0.0001, min_confidence=0.7)[QUERY]["mask"]
    assert not strict[6:10, 20:28].any() and strict[4:10, 0:10].all()
    assert ds.plot(ds[QUERY]).axes


def test_extent_from_tiles_geojson_or_scanned(tmp_path: Path) -> None:
    write_release(tmp_path / "with")
    b = OpenBuildings(tmp_path / "with").bounds
    assert (b.minx, b.maxx, b.miny, b.maxy) == pytest.approx((-0.21, -0.17, 5.55, 5.57))
    cell_csv(tmp_path / "without", "0ff")  # no tiles.geojson: the buildings' extent
    b = OpenBuildings(tmp_path / "without").bounds
    x0, y0, x1, y1, _ = BUILDINGS["0ff"][0]
    assert (b.minx, b.maxx, b.miny, b.maxy) == pytest.approx((x0, x1, y0, y1))
    assert set(CELLS) == {"0fd", "0ff"}


def test_headerless_file_and_utm_area(tmp_path: Path) -> None:
    cell_csv(tmp_path, "0fd", header=False, gz=False)
    ds = OpenBuildings(tmp_path, crs="EPSG:32630", res=1.0)
    b = ds.bounds
    mask = ds[BoundingBox(b.minx, b.maxx, b.miny, b.maxy)]["mask"]
    geod = Geod(ellps="WGS84")
    want = sum(abs(geod.polygon_area_perimeter([x0, x1, x1, x0], [y0, y0, y1, y1])[0])
               for x0, y0, x1, y1, _ in BUILDINGS["0fd"])
    assert mask.sum().item() == pytest.approx(want, rel=0.02)  # about 8,400 m2


def test_tiles_filter_errors(tmp_path: Path) -> None:
    write_release(tmp_path)
    assert len(OpenBuildings(tmp_path, tiles=["0ff"])) == 1
    with pytest.raises(ValueError, match="no bands"):
        OpenBuildings(tmp_path, bands=["x"])
    with pytest.raises(ValueError, match="min_confidence"):
        OpenBuildings(tmp_path, min_confidence=65)
    with pytest.raises(ValueError, match="needs tiles"):
        OpenBuildings(tmp_path / "new", download=True)
    with pytest.raises(DatasetNotFoundError, match="download=True with tiles"):
        OpenBuildings(tmp_path / "empty")


def test_download(tmp_path: Path, http_root: Path, http_server: object,
                  monkeypatch: pytest.MonkeyPatch) -> None:
    cell_csv(http_root, "0ff")
    tiles_geojson(http_root)
    url = http_server.url  # type: ignore[attr-defined]
    monkeypatch.setattr(ob_module, "TILES_URL", url + "/tiles.geojson")
    monkeypatch.setattr(ob_module, "_URL", url + "/{}")
    root = tmp_path / "ob"
    ds = OpenBuildings(root, res=0.0001, tiles=["0ff"], download=True)
    assert (root / "0ff_buildings.csv.gz").is_file() and (root / "tiles.geojson").is_file()
    assert ds.bounds.minx == pytest.approx(-0.19)  # from the downloaded tile index
    x0, y0, x1, y1, _ = BUILDINGS["0ff"][0]
    mask = ds[BoundingBox(x0, x1, y0, y1)]["mask"]
    assert mask.shape == (10, 10) and mask.all()


def test_conformance(tmp_path: Path) -> None:
    write_release(tmp_path)
    check_dataset_plugin("open_buildings", tmp_path)


def test_a_building_reaching_into_the_next_cell_is_burnt_there(tmp_path: Path) -> None:
    """A cell's file holds the buildings centred in it; one crossing the cell's edge is burnt
    in a query that lies wholly in the next cell too, with tiles.geojson giving the cells."""
    write_release(tmp_path)
    west = CELLS["0fd"]
    edge = west[2]  # the 0fd/0ff border, at lon -0.19
    building = (edge - 0.0004, 5.5600, edge + 0.0002, 5.5604, 0.9)  # centre in 0fd
    cell_csv(tmp_path, "0fd", buildings=[*BUILDINGS["0fd"], building])
    ds = OpenBuildings(tmp_path, res=1e-5)
    query = BoundingBox(edge + 0.00001, edge + 0.00101, 5.5595, 5.5610)  # east of the border
    mask = ds[query]["mask"].numpy()
    # columns edge+0.00001 .. edge+0.0002: 19 columns, rows 5.5600..5.5604: 40 rows
    assert mask.sum() == pytest.approx(19 * 40, abs=40)
    assert mask[:, 25:].sum() == 0
