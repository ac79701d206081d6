"""PatternNet read from ``PatternNet.zip`` (``PatternNet/images/<class>/*.jpg``)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import matplotlib
import numpy as np
import pytest
import torch
from PIL import Image

import geoplug.datasets
from fakedata import patternnet as fake
from fakedata._scene_classification import local_resources
from geoplug.core.errors import ChecksumError, DatasetNotFoundError
from geoplug.datasets.patternnet import PatternNet

matplotlib.use("Agg")


@pytest.fixture(scope="module")
def data(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    root = tmp_path_factory.mktemp("patternnet")
    return {"root": root, **fake.make(root)}


def test_registry() -> None:
    assert geoplug.datasets.get("patternnet") is PatternNet
    assert len(PatternNet.classes) == geoplug.datasets.info("patternnet").num_classes == 38


def test_whole_dataset_values(data: dict[str, Any]) -> None:
    ds = PatternNet(data["root"])
    expected = data["expected"]
    assert len(ds) == len(expected) == 6
    for i, exp in enumerate(expected):
        sample = ds[i]
        assert set(sample) == {"image", "label"}
        assert sample["image"].dtype == torch.float32
        assert sample["image"].shape == (3, fake.SIZE, fake.SIZE)
        decoded = np.asarray(Image.open(data["root"] / exp["path"])).transpose(2, 0, 1)
        np.testing.assert_array_equal(sample["image"].numpy(), decoded.astype(np.float32))
        assert int(sample["label"]) == exp["label"]
    assert int(ds[5]["label"]) == 37  # wastewater_treatment_plant


def test_only_split_is_train(data: dict[str, Any]) -> None:
    with pytest.raises(ValueError, match="train"):
        PatternNet(data["root"], split="test")


def test_bands_and_transforms(data: dict[str, Any]) -> None:
    full = PatternNet(data["root"])[3]["image"]
    torch.testing.assert_close(PatternNet(data["root"], bands=("G", "B"))[3]["image"],
                               full[[1, 2]])
    scaled = PatternNet(data["root"], transforms=lambda s: {**s, "image": s["image"] / 255})
    torch.testing.assert_close(scaled[3]["image"], full / 255)


def test_not_found(tmp_path: Path) -> None:
    with pytest.raises(DatasetNotFoundError, match=str(tmp_path)):
        PatternNet(tmp_path)


def test_download_and_checksum(http_server: Any, http_root: Path, tmp_path: Path,
                               monkeypatch: pytest.MonkeyPatch) -> None:
    made = fake.make(http_root)
    monkeypatch.setattr(PatternNet, "resources", local_resources(
        PatternNet.resources, http_server.url, {"PatternNet.zip": made["md5"]}))
    assert len(PatternNet(tmp_path / "dl", download=True, checksum=True)) == 6
    monkeypatch.setattr(PatternNet, "resources", local_resources(
        PatternNet.resources, http_server.url, {"PatternNet.zip": "0" * 32}))
    with pytest.raises(ChecksumError):
        PatternNet(tmp_path / "dl2", download=True, checksum=True)


def test_plot(data: dict[str, Any]) -> None:
    import matplotlib.pyplot as plt
    from matplotlib.figure import Figure

    ds = PatternNet(data["root"])
    fig = ds.plot(ds[0])
    assert isinstance(fig, Figure)
    plt.close(fig)
