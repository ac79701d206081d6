"""Massachusetts Roads / Buildings loaders against the publisher's and Kaggle's layouts."""

from __future__ import annotations

import shutil
from pathlib import Path

import matplotlib
import numpy as np
import pytest
import torch

import geoplug.datasets
from fakedata import massachusetts as fake
from fakedata._dc_checks import check_plot
from geoplug.core.errors import DatasetNotFoundError, InvalidDataError
from geoplug.core.testing import check_dataset_plugin
from geoplug.core.testing.http import LocalHTTPServer
from geoplug.datasets.massachusetts import (
    MassachusettsBuildings,
    MassachusettsRoads,
    listed_files,
)

matplotlib.use("Agg")

CLASSES = {"mass_roads": MassachusettsRoads, "mass_buildings": MassachusettsBuildings}
COLLECTIONS = list(CLASSES)


@pytest.fixture(scope="module")
def root(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Both collections in the publisher's layout, side by side in one root."""
    path = tmp_path_factory.mktemp("massachusetts")
    for collection in COLLECTIONS:
        fake.make(path, collection)
    return path


def expected(collection: str, ident: str) -> tuple[torch.Tensor, torch.Tensor]:
    return (torch.from_numpy(fake.image(collection, ident).astype(np.float32)),
            torch.from_numpy(fake.labels(collection, ident)))


def test_registry() -> None:
    assert geoplug.datasets.get("massachusetts_roads") is MassachusettsRoads
    assert geoplug.datasets.get("massachusetts_buildings") is MassachusettsBuildings
    assert geoplug.datasets.info("massachusetts_roads").classes == ("background", "road")
    assert geoplug.datasets.info("massachusetts_buildings").classes == ("background",
                                                                        "building")


@pytest.mark.parametrize("collection", COLLECTIONS)
@pytest.mark.parametrize("split", ["train", "val", "test"])
def test_splits(root: Path, collection: str, split: str) -> None:
    ds = CLASSES[collection](root, split=split)
    ids = fake.IDS[collection][fake.SPLIT[split]]
    assert [image.stem for image, _ in ds.pairs] == ids
    assert [target.parent.name for _, target in ds.pairs] == ["map"] * len(ids)
    assert len(ds) == len(ids)


@pytest.mark.parametrize("collection", COLLECTIONS)
def test_sample_values_and_pairing(root: Path, collection: str) -> None:
    ident = fake.IDS[collection]["train"][1]
    sample = CLASSES[collection](root, split="train")[1]
    assert set(sample) == {"image", "mask"}  # the publisher's tiles carry no georeference
    assert sample["image"].dtype == torch.float32 and sample["mask"].dtype == torch.int64
    image, mask = expected(collection, ident)
    assert sample["image"].shape == (3, fake.H, fake.W)
    assert torch.equal(sample["image"], image)
    assert torch.equal(sample["mask"], mask)  # 0/255 (1 or 3 bands) read as 0/1
    assert set(sample["mask"].unique().tolist()) == {0, 1}
    # the mask is this tile's, not a neighbour's
    other = fake.IDS[collection]["train"][0]
    assert not torch.equal(sample["mask"], expected(collection, other)[1])


def test_chips_are_windows(root: Path) -> None:
    ds = MassachusettsRoads(root, split="test", patch_size=8)
    # 20x16 px: columns at 0, 8, 12; rows at 0, 8 -> 6 chips per tile
    assert len(ds) == 2 * 6
    sample = ds[6 + 5]  # second test tile, rows 8:16, columns 12:20
    ident = fake.IDS["mass_roads"]["test"][1]
    image, mask = expected("mass_roads", ident)
    assert torch.equal(sample["image"], image[:, 8:16, 12:20])
    assert torch.equal(sample["mask"], mask[8:16, 12:20])


def test_band_selection(root: Path) -> None:
    image = MassachusettsBuildings(root, split="val", bands=["B", "R"])[0]["image"]
    full, _ = expected("mass_buildings", fake.IDS["mass_buildings"]["valid"][0])
    assert torch.equal(image, full[[2, 0]])


def test_bad_patch_size(root: Path) -> None:
    with pytest.raises(ValueError, match="patch_size and stride must be positive"):
        MassachusettsRoads(root, stride=0)


@pytest.mark.parametrize("collection", COLLECTIONS)
def test_kaggle_archive_is_extracted(tmp_path: Path, collection: str) -> None:
    fake.make_kaggle(tmp_path, collection)
    ds = CLASSES[collection](tmp_path, split="val")
    ident = fake.IDS[collection]["valid"][0]
    assert [image.name for image, _ in ds.pairs] == [f"{ident}.tiff"]
    assert ds.pairs[0][1] == tmp_path / "tiff" / "val_labels" / f"{ident}.tif"
    image, mask = expected(collection, ident)
    assert torch.equal(ds[0]["image"], image) and torch.equal(ds[0]["mask"], mask)
    assert len(CLASSES[collection](tmp_path, split="train")) == len(
        fake.IDS[collection]["train"])


def test_kaggle_folder_one_level_down(tmp_path: Path) -> None:
    fake.make_kaggle(tmp_path / "src", "mass_roads", extract=True)
    shutil.copytree(tmp_path / "src" / "tiff",
                    tmp_path / "data" / "massachusetts-roads-dataset" / "tiff")
    ds = MassachusettsRoads(tmp_path / "data", split="test")
    assert [image.stem for image, _ in ds.pairs] == fake.IDS["mass_roads"]["test"]


def test_publisher_split_folders_in_root(tmp_path: Path) -> None:
    fake.make(tmp_path / "src", "mass_buildings")
    shutil.copytree(tmp_path / "src" / "mass_buildings" / "test", tmp_path / "data" / "test")
    ds = MassachusettsBuildings(tmp_path / "data", split="test")
    assert len(ds) == 2


@pytest.mark.parametrize("download", [False, True])
def test_not_found_says_how(tmp_path: Path, download: bool,
                            monkeypatch: pytest.MonkeyPatch) -> None:
    # with download=True the listing page is not there either: the error names it
    monkeypatch.setattr(MassachusettsRoads, "base_url", "http://127.0.0.1:9/nothing")
    if download:
        with pytest.raises(OSError):
            MassachusettsRoads(tmp_path, download=True)
        return
    with pytest.raises(DatasetNotFoundError) as info:
        MassachusettsRoads(tmp_path)
    message = str(info.value)
    assert str(tmp_path) in message and "download=True" in message
    assert "kaggle.com/datasets/balraj98/massachusetts-roads-dataset" in message


@pytest.mark.parametrize("collection", COLLECTIONS)
def test_download_from_listing_pages(tmp_path: Path, http_root: Path,
                                     http_server: LocalHTTPServer,
                                     monkeypatch: pytest.MonkeyPatch, collection: str) -> None:
    fake.make(http_root, collection, url=http_server.url)
    tmp_path = tmp_path / "data"  # not above the served folder
    cls = CLASSES[collection]
    monkeypatch.setattr(cls, "base_url", http_server.url)
    ds = cls(tmp_path, split="train", download=True)
    ids = fake.IDS[collection]["train"]
    assert [image.stem for image, _ in ds.pairs] == ids
    for ident in ids:  # the publisher's tree, byte for byte; only this split was fetched
        for kind, ext in (("sat", "tiff"), ("map", "tif")):
            name = f"{collection}/train/{kind}/{ident}.{ext}"
            assert (tmp_path / name).read_bytes() == (http_root / name).read_bytes()
    assert not (tmp_path / collection / "valid").exists()
    image, mask = expected(collection, ids[2 % len(ids)])
    assert torch.equal(ds[2 % len(ids)]["image"], image)
    assert torch.equal(ds[2 % len(ids)]["mask"], mask)
    # once there, nothing is fetched again
    before = len(http_server.stats.requests)
    assert len(cls(tmp_path, split="train", download=True)) == len(ids)
    assert len(http_server.stats.requests) == before


def test_failed_download_keeps_nothing_partial(tmp_path: Path, http_root: Path,
                                               http_server: LocalHTTPServer,
                                               monkeypatch: pytest.MonkeyPatch) -> None:
    fake.make(http_root, "mass_roads", url=http_server.url)
    (http_root / "mass_roads" / "test" / "map" / "10828720_15.tif").unlink()  # a dead link
    monkeypatch.setattr(MassachusettsRoads, "base_url", http_server.url)
    tmp_path = tmp_path / "data"  # not above the served folder
    with pytest.raises(OSError):
        MassachusettsRoads(tmp_path, split="test", download=True)
    left = sorted(p.relative_to(tmp_path).as_posix() for p in tmp_path.rglob("*")
                  if p.is_file())
    # pairs come one after the other: the complete pair, then the image whose map failed
    assert left == ["mass_roads/test/map/10378780_15.tif", "mass_roads/test/sat/10378780_15.tiff",
                    "mass_roads/test/sat/10828720_15.tiff"]
    with pytest.raises(InvalidDataError, match=r"10828720_15\.tiff has no target map"):
        MassachusettsRoads(tmp_path, split="test")


def test_listing_skips_other_links(tmp_path: Path, http_root: Path,
                                   http_server: LocalHTTPServer) -> None:
    (http_root / "index.html").write_text(
        '<a href="../">parent</a><a href="http://x.org/a/sat//1_15.tiff">1_15.tiff</a>'
        '<a href="2_15.tif">2</a><a href="notes.txt">notes</a>')
    assert listed_files(f"{http_server.url}/index.html") == {
        "1_15.tiff": "http://x.org/a/sat//1_15.tiff", "2_15.tif": f"{http_server.url}/2_15.tif"}
    (http_root / "empty.html").write_text("<p>moved</p>")
    with pytest.raises(InvalidDataError, match=r"links no \.tif/\.tiff file"):
        listed_files(f"{http_server.url}/empty.html")


def test_corrupt_tile_is_named(tmp_path: Path) -> None:
    fake.make(tmp_path, "mass_roads")
    bad = tmp_path / "mass_roads" / "valid" / "sat" / "10228675_15.tiff"
    bad.write_bytes(b"not a tiff")
    with pytest.raises(InvalidDataError, match=r"10228675_15\.tiff"):
        MassachusettsRoads(tmp_path, split="val")


def test_empty_split_says_so(tmp_path: Path) -> None:
    for kind in ("sat", "map"):
        (tmp_path / "mass_roads" / "test" / kind).mkdir(parents=True)
    with pytest.raises(InvalidDataError, match=r"holds no \.tiff image"):
        MassachusettsRoads(tmp_path, split="test")


@pytest.mark.parametrize("collection", COLLECTIONS)
def test_plot(root: Path, collection: str) -> None:
    check_plot(CLASSES[collection](root, split="val"))


@pytest.mark.parametrize("name", ["massachusetts_roads", "massachusetts_buildings"])
def test_conformance(root: Path, name: str) -> None:
    report = check_dataset_plugin(name, data=root)
    assert "bands=['R'] selects one channel" in report.passed
