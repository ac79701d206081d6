"""OpenEarthMap loader against a fake OpenEarthMap.zip (OpenEarthMap_wo_xBD/, xBD images absent)."""

from __future__ import annotations

import warnings
from pathlib import Path

import numpy as np
import pytest
import torch
from rasterio.crs import CRS

import geoplug.datasets
from fakedata import openearthmap as fake
from fakedata._dc_checks import check_not_found, check_plot, serve_resources
from fakedata._made import check_wrong_md5, made_root
from geoplug.core.errors import InvalidDataError
from geoplug.core.testing import check_dataset_plugin
from geoplug.datasets.openearthmap import OpenEarthMap

root = made_root(fake.make, "openearthmap", extract=True)
pytestmark = pytest.mark.filterwarnings("ignore:openearthmap. 1 of the:UserWarning")


def expected_mask(name: str) -> torch.Tensor:
    return torch.from_numpy(fake.label(name).astype(np.int64))


def test_registry() -> None:
    assert geoplug.datasets.get("openearthmap") is OpenEarthMap
    info = geoplug.datasets.info("openearthmap")
    assert info.classes[0] == "unknown" and info.classes[8] == "building"
    assert info.num_classes == 9


@pytest.mark.parametrize(("split", "names"), [
    ("train", ["aachen_10.tif", "aachen_1.tif", "kujawsko-pomorskie_2.tif"]),
    ("val", ["aachen_2.tif"]),
    ("test", ["aachen_3.tif", "kujawsko-pomorskie_7.tif"]),
])
def test_splits_follow_the_lists(root: Path, split: str, names: list[str]) -> None:
    ds = OpenEarthMap(root, split=split)
    assert [image.name for image, _ in ds.files] == names
    assert len(ds) == len(names)


def test_sample_pairs_image_and_label(root: Path) -> None:
    sample = OpenEarthMap(root)[0]  # aachen_10.tif, the list's first entry
    name = "aachen_10.tif"
    assert set(sample) == {"image", "mask", "crs", "bounds"}
    assert sample["image"].dtype == torch.float32
    assert torch.equal(sample["image"], torch.from_numpy(fake.image(name).astype(np.float32)))
    assert sample["image"][2, 5, 7].item() == fake.image(name)[2, 5, 7]  # B, last row/column
    assert sample["mask"].dtype == torch.int64
    assert torch.equal(sample["mask"], expected_mask(name))
    assert sample["crs"] == CRS.from_epsg(32632)
    x0 = fake.grid(name)["origin"][0]
    assert sample["bounds"].minx == pytest.approx(x0)
    assert sample["bounds"].maxx == pytest.approx(x0 + 0.25 * 8)


def test_region_names_with_hyphens(root: Path) -> None:
    name = "kujawsko-pomorskie_2.tif"
    sample = OpenEarthMap(root)[2]
    assert sample["image"].shape == (3, 7, 5)
    assert torch.equal(sample["mask"], expected_mask(name))
    assert sample["crs"] == CRS.from_epsg(2180)


def test_test_split_has_no_mask(root: Path) -> None:
    sample = OpenEarthMap(root, split="test")[1]
    assert "mask" not in sample
    assert torch.equal(sample["image"], torch.from_numpy(
        fake.image("kujawsko-pomorskie_7.tif").astype(np.float32)))


def test_band_selection(root: Path) -> None:
    image = OpenEarthMap(root, split="val", bands=["B", "R"])[0]["image"]
    expected = fake.image("aachen_2.tif").astype(np.float32)
    assert torch.equal(image, torch.from_numpy(expected[[2, 0]]))
    with pytest.raises(ValueError, match="unknown band"):
        OpenEarthMap(root, bands=["NIR"])


def test_xbd_images_are_left_out_with_a_warning(root: Path) -> None:
    with pytest.warns(UserWarning, match=r"1 of the 4 files of train\.txt are xBD") as info:
        ds = OpenEarthMap(root)
    assert "compile_xbd.py" in str(info[0].message)
    assert ds.xbd_missing == ["les_cayes_3.tif"]
    with pytest.warns(UserWarning, match="les_cayes_1.tif"):
        assert OpenEarthMap(root, split="test").xbd_missing == ["les_cayes_1.tif"]


def test_added_xbd_images_are_read(tmp_path: Path) -> None:
    fake.make(tmp_path, extract=True, xbd_added=True)
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        ds = OpenEarthMap(tmp_path)
    assert len(ds) == 4 and ds.xbd_missing == []
    sample = ds[2]  # les_cayes_3.tif, in the list's place
    assert torch.equal(sample["image"], torch.from_numpy(
        fake.image("les_cayes_3.tif").astype(np.float32)))
    assert torch.equal(sample["mask"], expected_mask("les_cayes_3.tif"))


def test_xbd_region_is_known_without_the_csv(tmp_path: Path) -> None:
    fake.make(tmp_path, extract=True, xbd_csv=False)
    with pytest.warns(UserWarning, match="xBD"):
        assert OpenEarthMap(tmp_path, split="val").xbd_missing == ["les_cayes_5.tif"]


def test_csv_tells_xbd_files_of_a_partly_added_region(tmp_path: Path) -> None:
    fake.make(tmp_path, extract=True, xbd_added=True)
    (tmp_path / fake.FOLDER / "les_cayes" / "images" / "les_cayes_3.tif").unlink()
    with pytest.warns(UserWarning, match="les_cayes_3.tif"):
        ds = OpenEarthMap(tmp_path)
    assert ds.xbd_missing == ["les_cayes_3.tif"] and len(ds) == 3


def test_missing_image_of_another_region_is_named(tmp_path: Path) -> None:
    fake.make(tmp_path, extract=True)
    (tmp_path / fake.FOLDER / "aachen" / "images" / "aachen_1.tif").unlink()
    with pytest.raises(InvalidDataError, match=r"aachen_1\.tif"):
        OpenEarthMap(tmp_path)


def test_missing_label_is_named(tmp_path: Path) -> None:
    fake.make(tmp_path, extract=True)
    (tmp_path / fake.FOLDER / "aachen" / "labels" / "aachen_2.tif").unlink()
    with pytest.raises(InvalidDataError, match=r"labels/aachen_2\.tif"):
        OpenEarthMap(tmp_path, split="val")


def test_entry_that_is_not_a_tile_is_refused(tmp_path: Path) -> None:
    fake.make(tmp_path, extract=True)
    (tmp_path / fake.FOLDER / "val.txt").write_text("aachen.tif\n")
    with pytest.raises(InvalidDataError, match=r"'aachen\.tif'"):
        OpenEarthMap(tmp_path, split="val")


def test_only_xbd_files_explains_why_empty(tmp_path: Path) -> None:
    fake.make(tmp_path, extract=True)
    (tmp_path / fake.FOLDER / "val.txt").write_text("les_cayes_5.tif\n")
    with pytest.warns(UserWarning), pytest.raises(InvalidDataError, match="compile_xbd"):
        OpenEarthMap(tmp_path, split="val")


def test_extracts_the_archive(tmp_path: Path) -> None:
    fake.make(tmp_path)
    assert not (tmp_path / fake.FOLDER).exists()
    ds = OpenEarthMap(tmp_path, split="val")
    assert torch.equal(ds[0]["mask"], expected_mask("aachen_2.tif"))


@pytest.mark.parametrize("where", ["inside", "below"])
def test_other_roots(tmp_path: Path, where: str) -> None:
    folder = tmp_path / "OpenEarthMap" if where == "below" else tmp_path
    fake.make(folder, extract=True)
    ds = OpenEarthMap(tmp_path / fake.FOLDER if where == "inside" else tmp_path, split="val")
    assert torch.equal(ds[0]["image"], torch.from_numpy(
        fake.image("aachen_2.tif").astype(np.float32)))


def test_not_found(tmp_path: Path) -> None:
    check_not_found(OpenEarthMap, tmp_path)


def test_download(tmp_path: Path, http_root: Path, http_server, monkeypatch) -> None:
    made = fake.make(http_root)
    serve_resources(OpenEarthMap, monkeypatch, http_server.url, made["md5"])
    data = tmp_path / "data"
    ds = OpenEarthMap(data, split="test", download=True, checksum=True)
    assert (data / fake.ARCHIVE).is_file()
    assert [image.name for image, _ in ds.files] == ["aachen_3.tif", "kujawsko-pomorskie_7.tif"]


def test_checksum_mismatch(tmp_path: Path, monkeypatch) -> None:
    fake.make(tmp_path)
    check_wrong_md5(OpenEarthMap, monkeypatch, tmp_path)


def test_plot(root: Path) -> None:
    check_plot(OpenEarthMap(root))
    check_plot(OpenEarthMap(root, split="test"))


def test_conformance(root: Path) -> None:
    check_dataset_plugin("openearthmap", data=root)
