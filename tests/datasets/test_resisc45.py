"""RESISC45 read from ``NWPU-RESISC45.zip`` with the Neumann et al. split lists."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import matplotlib
import numpy as np
import pytest
import torch
from PIL import Image

import geoplug.datasets
from fakedata import resisc45 as fake
from fakedata._scene_classification import local_resources, md5
from geoplug.core.errors import ChecksumError, DatasetNotFoundError
from geoplug.datasets.resisc45 import RESISC45

matplotlib.use("Agg")


@pytest.fixture(scope="module")
def data(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    root = tmp_path_factory.mktemp("resisc45")
    return {"root": root, **fake.make(root)}


def test_registry() -> None:
    assert geoplug.datasets.get("resisc45") is RESISC45
    assert len(RESISC45.classes) == geoplug.datasets.info("resisc45").num_classes == 45


@pytest.mark.parametrize("split", ["train", "val", "test"])
def test_split_values(data: dict[str, Any], split: str) -> None:
    ds = RESISC45(data["root"], split=split)
    expected = data["expected"][split]
    assert len(ds) == {"train": 6, "val": 3, "test": 3}[split] == len(expected)
    for i, exp in enumerate(expected):
        sample = ds[i]
        assert set(sample) == {"image", "label"}
        assert sample["image"].dtype == torch.float32
        assert sample["image"].shape == (3, fake.SIZE, fake.SIZE)
        decoded = np.asarray(Image.open(data["root"] / exp["path"])).transpose(2, 0, 1)
        np.testing.assert_array_equal(sample["image"].numpy(), decoded.astype(np.float32))
        assert sample["label"].dtype == torch.int64
        assert int(sample["label"]) == exp["label"]
        assert RESISC45.classes[exp["label"]] == Path(exp["path"]).parent.name


def test_bands_and_transforms(data: dict[str, Any]) -> None:
    full = RESISC45(data["root"], split="val")[0]["image"]
    blue_red = RESISC45(data["root"], split="val", bands=("B", "R"))[0]["image"]
    torch.testing.assert_close(blue_red, full[[2, 0]])
    flipped = RESISC45(data["root"], split="val",
                       transforms=lambda s: {**s, "image": s["image"].flip(-1)})[0]["image"]
    torch.testing.assert_close(flipped, full.flip(-1))
    with pytest.raises(ValueError, match="NIR"):
        RESISC45(data["root"], bands=("NIR",))


def test_not_found(tmp_path: Path) -> None:
    with pytest.raises(DatasetNotFoundError, match="download=True") as info:
        RESISC45(tmp_path)
    assert str(tmp_path) in str(info.value)


def test_download(http_server: Any, http_root: Path, tmp_path: Path,
                  monkeypatch: pytest.MonkeyPatch) -> None:
    made = fake.make(http_root)
    md5s = {made["archive"].name: md5(made["archive"]),
            **{p.name: md5(p) for p in made["split_files"].values()}}
    monkeypatch.setattr(RESISC45, "resources",
                        local_resources(RESISC45.resources, http_server.url, md5s))
    ds = RESISC45(tmp_path / "dl", split="test", download=True, checksum=True)
    assert len(ds) == 3
    assert (tmp_path / "dl" / "NWPU-RESISC45" / "wetland" / "wetland_004.jpg").is_file()


def test_published_checksum_is_sha256() -> None:
    archive = RESISC45.resources[0]
    assert archive.filename == "NWPU-RESISC45.zip" and archive.sha256 is not None


def test_checksum_mismatch(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    fake.make(tmp_path)
    monkeypatch.setattr(RESISC45, "resources", local_resources(
        RESISC45.resources, "http://127.0.0.1:9", {"NWPU-RESISC45.zip": "0" * 32}))
    with pytest.raises(ChecksumError):
        RESISC45(tmp_path, checksum=True)


def test_plot(data: dict[str, Any]) -> None:
    import matplotlib.pyplot as plt
    from matplotlib.figure import Figure

    ds = RESISC45(data["root"], split="train")
    fig = ds.plot(ds[0])
    assert isinstance(fig, Figure)
    assert "airplane" in fig.axes[0].get_xlabel()
    plt.close(fig)
