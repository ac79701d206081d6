"""EuroSAT (13-band GeoTIFF) and EuroSAT RGB (JPEG) read from the authors' archives."""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any

import matplotlib
import numpy as np
import pytest
import torch
from PIL import Image
from rasterio.crs import CRS

import geoplug.datasets
from fakedata import eurosat as fake
from fakedata._scene_classification import local_resources
from geoplug.core.bbox import BoundingBox
from geoplug.core.errors import ChecksumError, DatasetNotFoundError
from geoplug.datasets.eurosat import EuroSAT, EuroSATRGB

matplotlib.use("Agg")


@pytest.fixture(scope="module")
def ms(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    """Archive + lists on disk; the first dataset built extracts the archive."""
    root = tmp_path_factory.mktemp("eurosat_ms")
    return {"root": root, **fake.make(root, "ms")}


@pytest.fixture(scope="module")
def rgb(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    root = tmp_path_factory.mktemp("eurosat_rgb")
    return {"root": root, **fake.make(root, "rgb")}


def test_registry_returns_the_classes() -> None:
    assert geoplug.datasets.get("eurosat") is EuroSAT
    assert geoplug.datasets.get("eurosat_rgb") is EuroSATRGB
    assert geoplug.datasets.info("eurosat").bands == EuroSAT.all_bands


def test_extracts_archive_already_on_disk(tmp_path: Path) -> None:
    fake.make(tmp_path, "ms")
    assert not (tmp_path / fake.MS_DIR).exists()
    ds = EuroSAT(tmp_path, split="test")
    assert (tmp_path / fake.MS_DIR / "Forest" / "Forest_4.tif").is_file()
    assert len(ds) == 3


@pytest.mark.parametrize("split", ["train", "val", "test"])
def test_ms_split_values(ms: dict[str, Any], split: str) -> None:
    ds = EuroSAT(ms["root"], split=split)
    expected = ms["expected"][split]
    assert len(ds) == len(expected) == {"train": 6, "val": 3, "test": 3}[split]
    for i, exp in enumerate(expected):
        sample = ds[i]
        assert set(sample) == {"image", "label", "crs", "bounds"}
        assert sample["image"].dtype == torch.float32
        assert sample["image"].shape == (13, fake.SIZE, fake.SIZE)
        np.testing.assert_array_equal(sample["image"].numpy(), exp["pixels"].astype(np.float32))
        assert sample["label"].dtype == torch.int64 and sample["label"].ndim == 0
        assert int(sample["label"]) == exp["label"]
        assert sample["crs"] == CRS.from_epsg(32631)
        assert isinstance(sample["bounds"], BoundingBox)
        assert list(sample["bounds"])[:4] == pytest.approx(list(exp["bounds"]))


def test_unlisted_image_is_not_served(ms: dict[str, Any]) -> None:
    names = {p.name for split in ("train", "val", "test")
             for p, _ in EuroSAT(ms["root"], split=split).samples}
    assert len(names) == 12
    assert "AnnualCrop_5.tif" not in names


def test_band_subset_in_requested_order(ms: dict[str, Any]) -> None:
    ds = EuroSAT(ms["root"], split="val", bands=("B8A", "B02", "B10"))
    pixels = ms["expected"]["val"][0]["pixels"]
    image = ds[0]["image"]
    assert image.shape == (3, fake.SIZE, fake.SIZE)
    np.testing.assert_array_equal(image.numpy(), pixels[[12, 1, 9]].astype(np.float32))
    assert ds.rgb_indices == []
    assert EuroSAT(ms["root"], split="val", bands=("B02", "B03", "B04")).rgb_indices == [2, 1, 0]


def test_bad_band_and_split(ms: dict[str, Any]) -> None:
    with pytest.raises(ValueError, match="B13"):
        EuroSAT(ms["root"], bands=("B13",))
    with pytest.raises(ValueError, match="validation"):
        EuroSAT(ms["root"], split="validation")


def test_transforms_are_applied(ms: dict[str, Any]) -> None:
    def double(sample: dict[str, Any]) -> dict[str, Any]:
        return {**sample, "image": sample["image"] * 2}

    plain = EuroSAT(ms["root"], split="test")[1]["image"]
    doubled = EuroSAT(ms["root"], split="test", transforms=double)[1]["image"]
    torch.testing.assert_close(doubled, plain * 2)


def test_dataloader_batches_samples(ms: dict[str, Any]) -> None:
    loader = torch.utils.data.DataLoader(EuroSAT(ms["root"]), batch_size=4)
    batch = next(iter(loader))
    assert batch["image"].shape == (4, 13, fake.SIZE, fake.SIZE)
    assert len(batch["bounds"]) == 4 and isinstance(batch["bounds"][0], BoundingBox)
    assert batch["crs"] == [CRS.from_epsg(32631)] * 4


def test_zenodo_layout_is_found(ms: dict[str, Any], tmp_path: Path) -> None:
    shutil.copytree(ms["root"] / fake.MS_DIR, tmp_path / "EuroSAT_MS")
    for path in ms["split_files"].values():
        shutil.copy(path, tmp_path)
    assert len(EuroSAT(tmp_path, split="train")) == 6


def test_missing_dataset_says_where_and_how(tmp_path: Path) -> None:
    with pytest.raises(DatasetNotFoundError) as info:
        EuroSAT(tmp_path / "nowhere")
    message = str(info.value)
    assert str(tmp_path / "nowhere") in message
    assert "download=True" in message


def test_missing_split_list_is_reported(ms: dict[str, Any], tmp_path: Path) -> None:
    shutil.copytree(ms["root"] / "ds", tmp_path / "ds")
    with pytest.raises(DatasetNotFoundError):
        EuroSAT(tmp_path, split="train")


def test_download_from_server(http_server: Any, http_root: Path, tmp_path: Path,
                              monkeypatch: pytest.MonkeyPatch) -> None:
    made = fake.make(http_root, "ms")
    md5s = {made["archive"].name: made["md5"],
            **{p.name: made["split_md5"][s] for s, p in made["split_files"].items()}}
    monkeypatch.setattr(EuroSAT, "resources",
                        local_resources(EuroSAT.resources, http_server.url, md5s))
    root = tmp_path / "dl"
    ds = EuroSAT(root, split="val", download=True, checksum=True)
    assert len(ds) == 3
    assert (root / "EuroSATallBands.zip").is_file()
    assert (root / "eurosat-val.txt").is_file()
    assert not (root / "eurosat-train.txt").exists()  # only this split's list is fetched
    assert http_server.stats.bytes_sent > 0


def test_download_checksum_mismatch(http_server: Any, http_root: Path, tmp_path: Path,
                                    monkeypatch: pytest.MonkeyPatch) -> None:
    made = fake.make(http_root, "ms")
    monkeypatch.setattr(EuroSAT, "resources", local_resources(
        EuroSAT.resources, http_server.url, {made["archive"].name: "0" * 32}))
    root = tmp_path / "dl"
    with pytest.raises(ChecksumError):
        EuroSAT(root, split="val", download=True, checksum=True)
    assert not (root / "EuroSATallBands.zip").exists()


def test_existing_archive_checksum_mismatch(tmp_path: Path,
                                            monkeypatch: pytest.MonkeyPatch) -> None:
    fake.make(tmp_path, "ms")
    monkeypatch.setattr(EuroSAT, "resources", local_resources(
        EuroSAT.resources, "http://127.0.0.1:9", {"EuroSATallBands.zip": "f" * 32}))
    with pytest.raises(ChecksumError, match=r"EuroSATallBands\.zip"):
        EuroSAT(tmp_path, checksum=True)


def test_plot(ms: dict[str, Any]) -> None:
    import matplotlib.pyplot as plt
    from matplotlib.figure import Figure

    ds = EuroSAT(ms["root"], split="val")
    sample = ds[0]
    sample["prediction"] = torch.tensor(1)
    fig = ds.plot(sample, suptitle="test")
    assert isinstance(fig, Figure)
    plt.close(fig)


# -- RGB ---------------------------------------------------------------------------------------
@pytest.mark.parametrize("split", ["train", "val", "test"])
def test_rgb_split_values(rgb: dict[str, Any], split: str) -> None:
    ds = EuroSATRGB(rgb["root"], split=split)
    expected = rgb["expected"][split]
    assert len(ds) == len(expected)
    for i, exp in enumerate(expected):
        sample = ds[i]
        assert set(sample) == {"image", "label"}
        assert sample["image"].dtype == torch.float32
        assert sample["image"].shape == (3, fake.SIZE, fake.SIZE)
        decoded = np.asarray(Image.open(rgb["root"] / exp["path"])).transpose(2, 0, 1)
        np.testing.assert_array_equal(sample["image"].numpy(), decoded.astype(np.float32))
        assert int(sample["label"]) == exp["label"]


def test_rgb_band_order(rgb: dict[str, Any]) -> None:
    full = EuroSATRGB(rgb["root"], split="test")[0]["image"]
    swapped = EuroSATRGB(rgb["root"], split="test", bands=("B02", "B04"))[0]["image"]
    torch.testing.assert_close(swapped, full[[2, 0]])


def test_rgb_download_and_plot(http_server: Any, http_root: Path, tmp_path: Path,
                               monkeypatch: pytest.MonkeyPatch) -> None:
    import matplotlib.pyplot as plt
    from matplotlib.figure import Figure

    made = fake.make(http_root, "rgb")
    md5s = {made["archive"].name: made["md5"],
            **{p.name: made["split_md5"][s] for s, p in made["split_files"].items()}}
    monkeypatch.setattr(EuroSATRGB, "resources",
                        local_resources(EuroSATRGB.resources, http_server.url, md5s))
    ds = EuroSATRGB(tmp_path / "dl", split="train", download=True, checksum=True)
    assert len(ds) == 6
    assert (tmp_path / "dl" / "2750" / "SeaLake" / "SeaLake_1.jpg").is_file()
    fig = ds.plot(ds[0])
    assert isinstance(fig, Figure)
    plt.close(fig)
