"""Canadian Building Footprints: per-province GeoJSON rasterised to building masks."""

from __future__ import annotations

import hashlib
from pathlib import Path

import numpy as np
import pytest
import torch
from pyproj import Geod

from fakedata.cbf import BUILDINGS, province_geojson, province_zip
from geoplug.core import BoundingBox
from geoplug.core.errors import ChecksumError, DatasetNotFoundError
from geoplug.datasets import cbf as cbf_module
from geoplug.datasets.cbf import CanadianBuildingFootprints


def test_mask_in_wgs84(tmp_path: Path) -> None:
    province_geojson(tmp_path)
    ds = CanadianBuildingFootprints(tmp_path, res=0.0001)
    assert ds.crs.to_epsg() == 4326 and len(ds) == 1
    b = ds.bounds
    assert (b.minx, b.maxx) == pytest.approx((-114.07, -114.066))
    q = BoundingBox(-114.0700, -114.0660, 51.0490, 51.0510, b.mint, b.maxt)
    mask = ds[q]["mask"]
    assert mask.dtype == torch.int64 and mask.shape == (20, 40)
    assert set(np.unique(mask.numpy())) == {0, 1}
    # first building covers lon -114.07..-114.069 (10 px), lat 51.05..51.0506 (rows 4..9)
    assert mask[4:10, 0:10].all() and not mask[0:4, 0:10].any()
    # the long thin third building at lat 51.049..51.0494 (bottom rows 16..19)
    assert mask[16:20, :].all()
    fig = ds.plot(ds[q])
    assert fig.axes


def test_reprojected_to_utm(tmp_path: Path) -> None:
    province_geojson(tmp_path)
    ds = CanadianBuildingFootprints(tmp_path, crs="EPSG:32611", res=1.0)
    b = ds.bounds
    mask = ds[BoundingBox(b.minx, b.maxx, b.miny, b.maxy, b.mint, b.maxt)]["mask"]
    geod = Geod(ellps="WGS84")
    want = sum(abs(geod.polygon_area_perimeter([x0, x1, x1, x0], [y0, y0, y1, y1])[0])
               for x0, y0, x1, y1 in BUILDINGS)
    assert mask.sum().item() == pytest.approx(want, rel=0.02)  # about 19,600 m2


def test_unknown_province_and_bands(tmp_path: Path) -> None:
    with pytest.raises(ValueError, match="unknown province"):
        CanadianBuildingFootprints(tmp_path, provinces=["Atlantis"])
    with pytest.raises(ValueError, match="no bands"):
        CanadianBuildingFootprints(tmp_path, bands=["x"])
    with pytest.raises(DatasetNotFoundError, match="download=True"):
        CanadianBuildingFootprints(tmp_path)


def test_download_and_checksum(tmp_path: Path, http_root: Path, http_server: object,
                               monkeypatch: pytest.MonkeyPatch) -> None:
    archive = province_zip(http_root, "Nunavut")
    monkeypatch.setattr(cbf_module, "_URL", http_server.url + "/{}.zip")  # type: ignore[attr-defined]
    monkeypatch.setitem(cbf_module.PROVINCES, "Nunavut", "0" * 32)
    root = tmp_path / "cbf"
    with pytest.raises(ChecksumError):
        CanadianBuildingFootprints(root, provinces=["Nunavut"], download=True)
    assert not list(root.glob("*"))
    monkeypatch.setitem(cbf_module.PROVINCES, "Nunavut",
                        hashlib.md5(archive.read_bytes()).hexdigest())
    ds = CanadianBuildingFootprints(root, provinces=["Nunavut"], download=True, res=0.0001)
    assert (root / "Nunavut.geojson").is_file() and len(ds) == 1
    assert ds[ds.bounds]["mask"].sum() > 0
    assert len(BUILDINGS) == 3


def test_zips_extracted_and_provinces_filter(tmp_path: Path) -> None:
    """Province zips lying in ``paths`` are extracted; ``provinces=`` limits what is read."""
    province_zip(tmp_path, "Alberta")
    far = [(-73.60, 45.50, -73.59, 45.51)]  # one building in Montreal
    province_geojson(tmp_path, "Quebec", boxes=far)
    both = CanadianBuildingFootprints(tmp_path, res=0.001)
    assert (tmp_path / "Alberta.geojson").is_file() and len(both) == 2
    only = CanadianBuildingFootprints(tmp_path, res=0.001, provinces=["Quebec"])
    assert len(only) == 1
    assert only.bounds.minx == pytest.approx(-73.60)
    # a province asked for that is not there: not found, rather than every other province
    with pytest.raises(DatasetNotFoundError, match="provinces asked for \\(Ontario\\)"):
        CanadianBuildingFootprints(tmp_path, res=0.001, provinces=["Ontario"])
