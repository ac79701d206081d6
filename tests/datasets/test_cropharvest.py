"""CropHarvest against a fake Zenodo release (features.tar.gz and labels.geojson)."""

from __future__ import annotations

import json
import shutil
from pathlib import Path
from typing import Any

import h5py
import numpy as np
import pytest
import torch

import geoplug.datasets
from fakedata import cropharvest as fake
from fakedata._dc_checks import (
    archive_fixtures,
    check_made_checksum,
    check_not_found,
    check_plot,
    serve_made,
)
from geoplug.core.errors import InvalidDataError
from geoplug.core.testing import check_dataset_plugin
from geoplug.datasets.cropharvest import CropHarvest
from testkit.http import Served

made, root = archive_fixtures(fake.make, "cropharvest")
ALL = list(range(fake.BANDS))


def expected(point: int, bands: list[int] = ALL) -> torch.Tensor:
    """The ``[12, C, 1, 1]`` image of point number ``point`` (its row in fake.POINTS)."""
    return torch.from_numpy(fake.array(point)[:, bands]).float()[:, :, None, None]


def ids(ds: CropHarvest) -> list[str]:
    return [ds[i]["id"] for i in range(len(ds))]


def copy_of(root: Path, tmp_path: Path) -> Path:
    copy = tmp_path / "copy"
    shutil.copytree(root, copy)
    return copy


@pytest.mark.parametrize(("split", "points"), [("train", [0, 1, 2, 3]), ("test", [4, 5])])
def test_splits_follow_is_test_and_pair_image_with_label(root: Path, split: str,
                                                         points: list[int]) -> None:
    ds = CropHarvest(root, split=split)
    assert len(ds) == len(points)
    for position, point in enumerate(points):
        dataset, index, is_crop = fake.POINTS[point][:3]
        sample = ds[position]
        assert set(sample) == {"image", "label", "id"}
        assert sample["id"] == f"{index}_{dataset}"
        assert sample["image"].dtype == torch.float32
        assert sample["image"].shape == (12, 18, 1, 1)
        assert torch.equal(sample["image"], expected(point))
        assert sample["label"].dtype == torch.int64 and sample["label"].item() == is_crop


def test_months_and_bands_are_not_transposed(root: Path) -> None:
    image = CropHarvest(root)[3]["image"]  # point 3: 10_kenya
    assert image[0, 0, 0, 0].item() == 4000.5  # month 1, VV
    assert image[11, 0, 0, 0].item() == 4220.5  # month 12, VV
    assert image[0, 17, 0, 0].item() == 4017.5  # month 1, NDVI


def test_order_is_dataset_then_numeric_index(root: Path) -> None:
    assert ids(CropHarvest(root)) == ["0_geowiki-landcover-2017", "1_kenya", "2_kenya",
                                      "10_kenya"]


def test_crop_groups(root: Path) -> None:
    ds = CropHarvest(root, target="classification_label")
    assert ds.classes[7] == "leguminous" and len(ds.classes) == 10
    # the geowiki crop point has no group and is left out; non-crop points are non_crop
    assert ids(ds) == ["1_kenya", "2_kenya", "10_kenya"]
    assert [ds[i]["label"].item() for i in range(3)] == [0, 7, 1]
    assert torch.equal(ds[2]["image"], expected(3))
    test = CropHarvest(root, split="test", target="classification_label")
    assert ids(test) == ["3_togo-eval"]


def test_bands(root: Path) -> None:
    ds = CropHarvest(root, bands=["NDVI", "B4", "VV"])
    assert torch.equal(ds[1]["image"], expected(1, [17, 4, 0]))
    assert CropHarvest.rgb_bands == ("B4", "B3", "B2")


def test_bad_target(root: Path) -> None:
    with pytest.raises(ValueError, match="target 'label'"):
        CropHarvest(root, target="label")


def test_index_property_of_older_releases(root: Path, tmp_path: Path) -> None:
    copy = copy_of(root, tmp_path)
    labels = copy / "labels.geojson"
    collection = json.loads(labels.read_text())
    for feature in collection["features"]:
        feature["properties"]["dataset_index"] = feature["properties"].pop("index")
    labels.write_text(json.dumps(collection))
    assert ids(CropHarvest(copy, split="test")) == ["3_togo-eval", "12_togo-eval"]


def test_array_without_label(root: Path, tmp_path: Path) -> None:
    copy = copy_of(root, tmp_path)
    shutil.copy(copy / "features/arrays/1_kenya.h5", copy / "features/arrays/7_kenya.h5")
    with pytest.raises(InvalidDataError, match=r"7_kenya.h5 has no feature with dataset "
                                               r"'kenya' and index 7"):
        CropHarvest(copy)


def test_unknown_group(root: Path, tmp_path: Path) -> None:
    copy = copy_of(root, tmp_path)
    labels = copy / "labels.geojson"
    labels.write_text(labels.read_text().replace('"cereals"', '"grains"'))
    with pytest.raises(InvalidDataError, match="'grains'"):
        CropHarvest(copy, target="classification_label")
    assert len(CropHarvest(copy)) == 4  # the default target does not read groups


def test_damaged_files(root: Path, tmp_path: Path) -> None:
    copy = copy_of(root, tmp_path)
    (copy / "labels.geojson").write_text('{"type": "FeatureCollection"')
    with pytest.raises(InvalidDataError, match=r"labels\.geojson"):
        CropHarvest(copy)
    shutil.copy(root / "labels.geojson", copy / "labels.geojson")
    (copy / "features/arrays/2_kenya.h5").write_bytes(b"not hdf5")
    ds = CropHarvest(copy)
    with pytest.raises(InvalidDataError, match=r"2_kenya\.h5"):
        ds[2]
    with h5py.File(copy / "features/arrays/2_kenya.h5", "w") as f:
        f.create_dataset("array", data=np.zeros((12, 17)))
    with pytest.raises(InvalidDataError, match=r"shape \(12, 17\)"):
        ds[2]


def test_no_array_of_the_split(root: Path, tmp_path: Path) -> None:
    copy = copy_of(root, tmp_path)
    for path in (copy / "features/arrays").glob("*togo-eval.h5"):
        path.unlink()
    with pytest.raises(InvalidDataError, match="none of the 4 arrays has is_test=True"):
        CropHarvest(copy, split="test")


def test_not_found(tmp_path: Path) -> None:
    check_not_found(CropHarvest, tmp_path)


def test_download(made: dict[str, Any], http_server: Served, http_root: Path, tmp_path: Path,
                  monkeypatch: pytest.MonkeyPatch) -> None:
    serve_made(CropHarvest, made, http_server.url, http_root, monkeypatch)
    ds = CropHarvest(tmp_path / "data", split="test", download=True, checksum=True)
    assert torch.equal(ds[1]["image"], expected(5))
    assert (tmp_path / "data" / "features" / "normalizing_dict.h5").is_file()


def test_checksum_mismatch(made: dict[str, Any], tmp_path: Path,
                           monkeypatch: pytest.MonkeyPatch) -> None:
    check_made_checksum(CropHarvest, made, monkeypatch, tmp_path, "labels.geojson")


def test_plot(root: Path) -> None:
    ds = CropHarvest(root, target="classification_label")
    check_plot(ds)
    sample = ds[1]
    fig = ds.plot({**sample, "prediction": torch.tensor(1)})
    assert fig.axes[0].get_title() == "label: leguminous, prediction: cereals"
    assert [t.get_text() for t in fig.axes[0].get_yticklabels()][-1] == "NDVI"


def test_registry_and_conformance(root: Path) -> None:
    assert geoplug.datasets.get("cropharvest") is CropHarvest
    check_dataset_plugin("cropharvest", root)
