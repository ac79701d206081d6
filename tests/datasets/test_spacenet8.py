from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any

import numpy as np
import pytest
import torch

import geoplug.datasets
from fakedata import spacenet8 as fake
from fakedata._dc_checks import (
    archive_fixtures,
    check_made_checksum,
    check_not_found,
    check_plot,
    serve_made,
)
from fakedata._dc_util import SN_SIZE, sn_value
from geoplug.core.errors import InvalidDataError
from geoplug.core.testing import check_dataset_plugin
from geoplug.datasets.spacenet8 import SpaceNet8
from testkit.http import Served

made, root = archive_fixtures(fake.make, "sn8")
AREAS = list(fake.AREAS)
GERMANY, EAST, WEST = AREAS


def pixels(base: int) -> np.ndarray:
    """The 3-band uint8 tile the generator wrote with ``base`` (an independent formula)."""
    rows, cols = np.indices((SN_SIZE, SN_SIZE))
    return np.stack([sn_value(base, b, rows, cols, "uint8") for b in range(3)])


def reference_mask(folder: str, t: int, flooded: bool, metres: float = 3.0) -> torch.Tensor:
    """Building rows 3..6 x cols 2..5 (2 flooded, else 1), then pixels within ``metres``
    (geodesic, WGS84) of the north-south (3) and then the east-west (4, flooded) centreline:
    the higher value wins where they overlap."""
    from pyproj import Geod

    x0, y0 = fake.origin(folder, t)
    mask = np.zeros((SN_SIZE, SN_SIZE), dtype=np.int64)
    r0, r1, c0, c1 = fake.BUILDING
    mask[r0:r1, c0:c1] = 2 if flooded else 1
    rows, cols = np.indices((SN_SIZE, SN_SIZE))
    x, y = (x0 + (cols + 0.5) * fake.RES).ravel(), (y0 - (rows + 0.5) * fake.RES).ravel()
    geod = Geod(ellps="WGS84")
    line_y = np.full_like(y, y0 - (fake.road_row(t) + 0.5) * fake.RES)
    line_x = np.full_like(x, x0 + (fake.road_col(t) + 0.5) * fake.RES)
    ns = geod.inv(x, y, line_x, y)[2].reshape(mask.shape) <= metres
    ew = geod.inv(x, y, x, line_y)[2].reshape(mask.shape) <= metres
    mask[ns] = 3
    mask[ew] = 4
    return torch.from_numpy(mask)


@pytest.fixture(scope="module")
def unpacked(root: Path) -> Path:
    SpaceNet8(root)  # unpack the two train tarballs once
    return root


def test_train(unpacked: Path) -> None:
    ds = SpaceNet8(unpacked)
    assert len(ds) == 3
    # each tarball in its own folder: both areas' 0_1_1.geojson survive
    for folder in (GERMANY, EAST):
        assert (unpacked / "SN8_floods" / folder / "annotations" / "0_1_1.geojson").is_file()
    # the CSV's order: Germany 0_1_2, Germany 0_1_1, then Louisiana-East 0_1_1
    sample = ds[0]
    assert sample["image"].shape == (2, 3, SN_SIZE, SN_SIZE)
    assert sample["image"].dtype == torch.float32
    assert np.array_equal(sample["image"][0].numpy(), pixels(fake.base(0, 0)))
    # "post-event image 1", not image 2 (whose base is 7 higher)
    assert np.array_equal(sample["image"][1].numpy(), pixels(fake.base(0, 0, post=True)))
    assert sample["mask"].dtype == torch.int64
    assert torch.equal(sample["mask"], reference_mask(GERMANY, 0, flooded=True))
    second = ds[1]
    assert np.array_equal(second["image"][0].numpy(), pixels(fake.base(0, 1)))
    assert np.array_equal(second["image"][1].numpy(), pixels(fake.base(0, 1, post=True)))
    assert torch.equal(second["mask"], reference_mask(GERMANY, 1, flooded=False))
    assert set(second["mask"].unique().tolist()) == {0, 1, 3, 4}
    east = ds[2]
    assert np.array_equal(east["image"][0].numpy(), pixels(fake.base(1, 0)))
    assert torch.equal(east["mask"], reference_mask(EAST, 0, flooded=True))
    assert east["crs"].to_epsg() == 4326
    west, north = fake.origin(EAST, 0)
    assert east["bounds"].minx == pytest.approx(west)
    assert east["bounds"].maxy == pytest.approx(north)
    assert east["bounds"].miny == pytest.approx(north - SN_SIZE * fake.RES)


def test_post_image_resampled_onto_pre_grid(unpacked: Path) -> None:
    # Louisiana-East's post tile has 2x the pixel size: compare with GDAL's reproject of the
    # whole post tile onto the pre tile's grid
    import rasterio
    from rasterio.warp import Resampling, reproject

    ds = SpaceNet8(unpacked, aois=["Louisiana-East"])
    tile = ds.files[0]
    with rasterio.open(tile.pre) as pre, rasterio.open(tile.post) as post:
        expected = np.zeros((3, SN_SIZE, SN_SIZE), dtype=np.uint8)
        reproject(post.read(), expected, src_transform=post.transform, src_crs=post.crs,
                  dst_transform=pre.transform, dst_crs=pre.crs,
                  resampling=Resampling.bilinear)
    got = ds[0]["image"][1].numpy()
    assert np.abs(got - expected.astype(np.float32)).max() <= 1
    # post pixel (r, c) covers pre pixels (2r..2r+1, 2c..2c+1): not a plain copy of the post
    assert not np.array_equal(got, pixels(fake.base(1, 0, post=True)).astype(np.float32))


def test_test_split(root: Path) -> None:
    ds = SpaceNet8(root, split="test")
    assert len(ds) == 1 and ds.aois == ("Louisiana-West",)
    sample = ds[0]
    assert "mask" not in sample
    assert np.array_equal(sample["image"][0].numpy(), pixels(fake.base(2, 0)))
    assert np.array_equal(sample["image"][1].numpy(), pixels(fake.base(2, 0, post=True)))


def test_areas_bands_buffer_transforms_plot(unpacked: Path) -> None:
    ds = SpaceNet8(unpacked, aois=["Louisiana-East"], bands=["blue", "red"], buffer=5.0,
                   transforms=lambda s: {**s, "image": s["image"] + 1})
    assert len(ds) == 1
    sample = ds[0]
    assert np.array_equal(sample["image"][0].numpy(), pixels(fake.base(1, 0))[[2, 0]] + 1)
    assert torch.equal(sample["mask"], reference_mask(EAST, 0, flooded=True, metres=5.0))
    assert not torch.equal(sample["mask"], reference_mask(EAST, 0, flooded=True))
    check_plot(SpaceNet8(unpacked))


def test_bad_arguments(unpacked: Path) -> None:
    with pytest.raises(ValueError, match="Louisiana-West"):
        SpaceNet8(unpacked, aois=["Louisiana-West"])  # a test area
    with pytest.raises(ValueError, match="positive"):
        SpaceNet8(unpacked, buffer=0)
    with pytest.raises(ValueError, match="split"):
        SpaceNet8(unpacked, split="val")


def test_not_found(tmp_path: Path) -> None:
    check_not_found(SpaceNet8, tmp_path)
    check_not_found(SpaceNet8, tmp_path, split="test")


def test_one_area_only(made: dict[str, Any], tmp_path: Path) -> None:
    shutil.copy(made["dir"] / f"{EAST}.tar.gz", tmp_path)
    with pytest.warns(UserWarning, match="Germany"):
        ds = SpaceNet8(tmp_path)
    assert ds.aois == ("Louisiana-East",) and len(ds) == 1


def test_missing_file_named(made: dict[str, Any], tmp_path: Path) -> None:
    shutil.copy(made["dir"] / f"{GERMANY}.tar.gz", tmp_path)
    SpaceNet8(tmp_path, aois=["Germany"])
    post = tmp_path / "SN8_floods" / GERMANY / "POST-event" / "10500500E6DD3C00_0_1_1.tif"
    post.unlink()
    with pytest.raises(InvalidDataError, match=r"10500500E6DD3C00_0_1_1\.tif"):
        SpaceNet8(tmp_path, aois=["Germany"])


def test_unpacked_by_hand(made: dict[str, Any], tmp_path: Path) -> None:
    # tarballs extracted by hand, each into a folder of its own name, anywhere below root
    import tarfile

    for folder in AREAS:
        with tarfile.open(made["dir"] / f"{folder}.tar.gz") as tf:
            tf.extractall(tmp_path / "sn8" / folder, filter="data")
    train = SpaceNet8(tmp_path)
    assert len(train) == 3
    assert torch.equal(train[2]["mask"], reference_mask(EAST, 0, flooded=True))
    assert len(SpaceNet8(tmp_path, split="test")) == 1


def test_download(made: dict[str, Any], http_server: Served, http_root: Path, tmp_path: Path,
                  monkeypatch: pytest.MonkeyPatch) -> None:
    serve_made(SpaceNet8, made, http_server.url, http_root, monkeypatch)
    data = tmp_path / "data"
    ds = SpaceNet8(data, download=True, checksum=True)
    assert len(ds) == 3
    assert torch.equal(ds[0]["mask"], reference_mask(GERMANY, 0, flooded=True))
    assert sorted(p.name for p in data.rglob("*.tar.gz")) == [
        f"{GERMANY}.tar.gz", f"{EAST}.tar.gz"]
    test = SpaceNet8(data, split="test", download=True, checksum=True)
    assert len(test) == 1


def test_checksum_mismatch(made: dict[str, Any], tmp_path: Path,
                           monkeypatch: pytest.MonkeyPatch) -> None:
    check_made_checksum(SpaceNet8, made, monkeypatch, tmp_path, f"{EAST}.tar.gz")


def test_registry_and_plugin(unpacked: Path) -> None:
    assert geoplug.datasets.get("spacenet8") is SpaceNet8
    check_dataset_plugin("spacenet8", data=unpacked)
