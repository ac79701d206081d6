"""UC Merced read from ``UCMerced_LandUse.zip`` with the Neumann et al. split lists."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import matplotlib
import numpy as np
import pytest
import torch

import geoplug.datasets
from fakedata import ucmerced as fake
from fakedata._scene_classification import local_resources
from geoplug.core.errors import ChecksumError, DatasetNotFoundError
from geoplug.datasets.ucmerced import UCMerced

matplotlib.use("Agg")


@pytest.fixture(scope="module")
def data(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    root = tmp_path_factory.mktemp("ucmerced")
    return {"root": root, **fake.make(root)}


def test_registry() -> None:
    assert geoplug.datasets.get("ucmerced") is UCMerced
    assert len(UCMerced.classes) == 21


@pytest.mark.parametrize("split", ["train", "val", "test"])
def test_split_values(data: dict[str, Any], split: str) -> None:
    ds = UCMerced(data["root"], split=split)
    expected = data["expected"][split]
    assert len(ds) == {"train": 6, "val": 3, "test": 3}[split] == len(expected)
    for i, exp in enumerate(expected):
        sample = ds[i]
        assert sample["image"].dtype == torch.float32
        assert sample["image"].shape == (3, 256, 256)
        if exp["pixels"].shape[1] == 256:
            np.testing.assert_array_equal(sample["image"].numpy(),
                                          exp["pixels"].astype(np.float32))
        assert int(sample["label"]) == exp["label"]


def test_odd_sized_chip_is_resized(data: dict[str, Any]) -> None:
    ds = UCMerced(data["root"], split="train")
    index = [p.name for p, _ in ds.samples].index("agricultural01.tif")
    image = ds[index]["image"]
    assert image.shape == (3, 256, 256)
    source = data["expected"]["train"][index]["pixels"]
    assert source.shape == (3, 247, 256)
    assert abs(float(image.mean()) - float(source.mean())) < 2.0
    assert float(image.min()) >= 0 and float(image.max()) <= 255


def test_band_selection(data: dict[str, Any]) -> None:
    full = UCMerced(data["root"], split="test")[2]["image"]
    green = UCMerced(data["root"], split="test", bands=["G"])[2]["image"]
    torch.testing.assert_close(green, full[[1]])


def test_not_found(tmp_path: Path) -> None:
    with pytest.raises(DatasetNotFoundError, match="download=True"):
        UCMerced(tmp_path / "x")


def test_download_and_checksum(http_server: Any, http_root: Path, tmp_path: Path,
                               monkeypatch: pytest.MonkeyPatch) -> None:
    made = fake.make(http_root)
    md5s = {made["archive"].name: made["md5"],
            **{p.name: made["split_md5"][s] for s, p in made["split_files"].items()}}
    monkeypatch.setattr(UCMerced, "resources",
                        local_resources(UCMerced.resources, http_server.url, md5s))
    ds = UCMerced(tmp_path / "dl", split="val", download=True, checksum=True)
    assert len(ds) == 3
    monkeypatch.setattr(UCMerced, "resources", local_resources(
        UCMerced.resources, http_server.url, {"UCMerced_LandUse.zip": "0" * 32}))
    with pytest.raises(ChecksumError):
        UCMerced(tmp_path / "dl2", split="val", download=True, checksum=True)


def test_plot(data: dict[str, Any]) -> None:
    import matplotlib.pyplot as plt
    from matplotlib.figure import Figure

    ds = UCMerced(data["root"], split="val")
    fig = ds.plot(ds[0])
    assert isinstance(fig, Figure)
    plt.close(fig)
