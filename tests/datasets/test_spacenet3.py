from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import torch

import geoplug.datasets
from fakedata import spacenet3 as fake
from fakedata._dc_checks import (
    check_made_checksum,
    check_not_found,
    check_plot,
    copy_archives,
    serve_made,
)
from fakedata._dc_util import SN_SIZE
from geoplug.core.testing import check_dataset_plugin
from geoplug.datasets.spacenet3 import SpaceNet3, buffer_lines
from testkit.http import Served

AOIS = list(fake.AOIS)


def reference_mask(aoi: str, n: int, metres: float = 2.0, speed: bool = False
                   ) -> torch.Tensor:
    """Pixels whose centre is within ``metres`` (geodesic, WGS84) of chip ``n``'s roads."""
    from pyproj import Geod

    a = AOIS.index(aoi)
    x0, y0 = fake._origin(aoi, n)
    line_y = y0 - (fake.road_row(a, n) + 0.5) * fake.RES
    line_x = x0 + (fake.road_col(a, n) + 0.5) * fake.RES
    geod = Geod(ellps="WGS84")
    mask = torch.zeros(SN_SIZE, SN_SIZE, dtype=torch.int64)
    for r in range(SN_SIZE):
        for c in range(SN_SIZE):
            x, y = x0 + (c + 0.5) * fake.RES, y0 - (r + 0.5) * fake.RES
            near = geod.inv(x, y, x, line_y)[2] <= metres
            if not speed:
                near = near or geod.inv(x, y, line_x, y)[2] <= metres
            mask[r, c] = int(near)
    return mask


@pytest.fixture(scope="module")
def made(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    return fake.make(tmp_path_factory.mktemp("sn3_src"))


@pytest.fixture(scope="module")
def root(made: dict[str, Any], tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("sn3")
    copy_archives(made["dir"], root, list(made["archives"]))
    SpaceNet3(root, aois=AOIS)  # unpack the train tarballs of the two fake AOIs
    return root


def test_reference_widths() -> None:
    # the 2 m buffer is metres on the ground: 1e-5 degrees of longitude is 0.9 m in Vegas
    # (two columns either side) and 1.07 m in Khartoum (one column either side)
    vegas, khartoum = reference_mask("AOI_2_Vegas", 2), reference_mask("AOI_5_Khartoum", 1)
    col = fake.road_col(0, 2)
    assert vegas[0].nonzero().flatten().tolist() == list(range(col - 2, col + 3))
    col = fake.road_col(1, 1)
    assert khartoum[0].nonzero().flatten().tolist() == list(range(col - 1, col + 2))
    row = fake.road_row(0, 2)
    assert vegas[:, 0].nonzero().flatten().tolist() == [row - 1, row, row + 1]


def test_train(root: Path) -> None:
    ds = SpaceNet3(root, aois=AOIS)
    assert len(ds) == 4  # 2 AOIs x 2 labelled chips; chip 3 has no label file
    sample = ds[1]  # sorted by AOI then chip: Vegas img2
    assert sample["image"].shape == (3, SN_SIZE, SN_SIZE)
    assert sample["image"].dtype == torch.float32
    assert sample["image"][:, 0, 0].tolist() == [200.0, 201.0, 202.0]
    # pixel (5, 9): 200 + b + 7*5 + 3*9 + 5*9; (9, 5): 200 + b + 63 + 15 + 45
    assert sample["image"][:, 5, 9].tolist() == [307.0, 308.0, 309.0]
    assert sample["image"][:, 9, 5].tolist() == [323.0, 324.0, 325.0]
    assert sample["mask"].dtype == torch.int64
    assert torch.equal(sample["mask"], reference_mask("AOI_2_Vegas", 2))
    assert torch.equal(ds[0]["mask"], reference_mask("AOI_2_Vegas", 1))
    khartoum = ds[2]
    assert khartoum["image"][0, 0, 0] == 1100
    assert torch.equal(khartoum["mask"], reference_mask("AOI_5_Khartoum", 1))
    assert int(ds[3]["mask"].sum()) == 0  # an empty FeatureCollection: no road
    assert sample["crs"].to_epsg() == 4326
    west, north = fake._origin("AOI_2_Vegas", 2)
    assert sample["bounds"].minx == pytest.approx(west)
    assert sample["bounds"].maxy == pytest.approx(north)


@pytest.mark.parametrize(("image", "count", "p"), [("PS-MS", 8, 1), ("MS", 8, 2), ("PAN", 1, 3)])
def test_products(root: Path, image: str, count: int, p: int) -> None:
    ds = SpaceNet3(root, image=image, aois=["AOI_5_Khartoum"])
    assert len(ds) == 2
    sample = ds[0]
    assert sample["image"].shape == (count, SN_SIZE, SN_SIZE)
    assert sample["image"][:, 0, 0].tolist() == [1000 + 100 + 10 * p + b for b in range(count)]
    assert sample["mask"].shape == (SN_SIZE, SN_SIZE)
    if image != "MS":  # same grid as PS-RGB: the same road pixels
        assert torch.equal(sample["mask"], reference_mask("AOI_5_Khartoum", 1))
    else:  # 4x coarser: only the pixels whose centre is within 2 m of a road
        assert 0 < int(sample["mask"].sum()) < int(reference_mask("AOI_5_Khartoum", 1).sum())


def test_speed_labels_and_buffer(root: Path) -> None:
    ds = SpaceNet3(root, aois=AOIS, labels="geojson_roads_speed")  # extracts its tarballs
    assert len(ds) == 4
    assert torch.equal(ds[1]["mask"], reference_mask("AOI_2_Vegas", 2, speed=True))
    wide = SpaceNet3(root, aois=["AOI_2_Vegas"], buffer=3.0)
    assert torch.equal(wide[1]["mask"], reference_mask("AOI_2_Vegas", 2, metres=3.0))
    assert not torch.equal(wide[1]["mask"], reference_mask("AOI_2_Vegas", 2))


def test_buffer_in_metric_crs() -> None:
    from rasterio.crs import CRS
    from shapely.geometry import shape

    line = {"type": "LineString", "coordinates": [(500000.0, 10.0), (500010.0, 10.0)]}
    (polygon,) = buffer_lines([line], CRS.from_epsg(32631), 2.0)
    assert shape(polygon).bounds == pytest.approx((499998.0, 8.0, 500012.0, 12.0))


def test_test_split(root: Path) -> None:
    ds = SpaceNet3(root, split="test", aois=AOIS)
    assert len(ds) == 2 and ds.image == "PS-RGB"
    assert "mask" not in ds[0]
    assert ds[0]["image"][:, 0, 0].tolist() == [500.0, 501.0, 502.0]  # RGB-PanSharpen folder
    assert ds[1]["image"][0, 0, 0] == 1500
    pan = SpaceNet3(root, split="test", image="PAN", aois=["AOI_5_Khartoum"])
    assert len(pan) == 1 and pan[0]["image"][:, 0, 0].tolist() == [1530.0]


def test_bands_transforms_plot(root: Path) -> None:
    ds = SpaceNet3(root, image="PS-MS", aois=AOIS, bands=["red", "green", "blue"],
                   transforms=lambda s: {**s, "mask": s["mask"] * 5})
    assert ds[0]["image"][:, 0, 0].tolist() == [114.0, 112.0, 111.0]
    assert int(ds[0]["mask"].max()) == 5
    assert ds.rgb_indices == [0, 1, 2]
    check_plot(SpaceNet3(root, aois=AOIS))


def test_bad_arguments(root: Path) -> None:
    with pytest.raises(ValueError, match="AOI_9"):
        SpaceNet3(root, aois=["AOI_9_Nowhere"])
    with pytest.raises(ValueError, match="roads_x"):
        SpaceNet3(root, aois=AOIS, labels="roads_x")
    with pytest.raises(ValueError, match="positive"):
        SpaceNet3(root, aois=AOIS, buffer=0)
    with pytest.raises(ValueError, match="MUL"):
        SpaceNet3(root, aois=AOIS, image="MUL")


def test_not_found(tmp_path: Path) -> None:
    check_not_found(SpaceNet3, tmp_path)
    check_not_found(SpaceNet3, tmp_path, split="test", aois=["AOI_3_Paris"])


def test_download(made: dict[str, Any], http_server: Served, http_root: Path, tmp_path: Path,
                  monkeypatch: pytest.MonkeyPatch) -> None:
    serve_made(SpaceNet3, made, http_server.url, http_root, monkeypatch)
    data = tmp_path / "data"
    ds = SpaceNet3(data, download=True, checksum=True, aois=AOIS)
    assert len(ds) == 4
    assert torch.equal(ds[1]["mask"], reference_mask("AOI_2_Vegas", 2))
    # the speed labels' tarballs are fetched only when they are the labels asked for
    assert len(list(data.rglob("*.tar.gz"))) == 2
    assert not list(data.rglob("*_geojson_roads_speed.tar.gz"))


def test_checksum_mismatch(made: dict[str, Any], tmp_path: Path,
                           monkeypatch: pytest.MonkeyPatch) -> None:
    check_made_checksum(SpaceNet3, made, monkeypatch, tmp_path,
                        "SN3_roads_train_AOI_2_Vegas.tar.gz", aois=AOIS)


def test_registry_and_plugin(root: Path) -> None:
    assert geoplug.datasets.get("spacenet3") is SpaceNet3
    check_dataset_plugin("spacenet3", data=root, kwargs={"aois": AOIS})


def test_unpacked_by_hand(made: dict[str, Any], tmp_path: Path) -> None:
    # every tarball unpacked directly under root: train and test chips side by side
    import tarfile

    for name in made["archives"]:
        with tarfile.open(made["dir"] / name) as tf:
            tf.extractall(tmp_path, filter="data")
    train = SpaceNet3(tmp_path, aois=AOIS)
    assert len(train) == 4 and torch.equal(train[1]["mask"], reference_mask("AOI_2_Vegas", 2))
    test = SpaceNet3(tmp_path, split="test", aois=AOIS)
    assert len(test) == 2 and test[0]["image"][0, 0, 0] == 500
