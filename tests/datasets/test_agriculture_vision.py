"""Agriculture-Vision loader against a fake ``Agriculture-Vision-2021.tar.gz`` in the
publisher's layout."""

from __future__ import annotations

import shutil
from pathlib import Path

import matplotlib
import numpy as np
import pytest
import torch
from PIL import Image

import geoplug.datasets
from fakedata import agriculture_vision as fake
from fakedata._dc_checks import check_not_found, check_plot
from fakedata._made import check_wrong_md5, made_root
from fakedata._segutil import served_resources
from geoplug.core.errors import DatasetNotFoundError, InvalidDataError
from geoplug.core.testing import check_dataset_plugin
from geoplug.datasets.agriculture_vision import IGNORE_INDEX, AgricultureVision

matplotlib.use("Agg")

root = made_root(fake.make, "agriculture_vision", extract=True)

#: the 2021 challenge's label order (classes 1-8), written out independently of the spec
ORDER = ["double_plant", "drydown", "endrow", "nutrient_deficiency", "planter_skip", "water",
         "waterway", "weed_cluster"]


def expected_mask(tile: str) -> np.ndarray:
    """Pixel by pixel: -1 outside boundary or valid mask, else the first pattern in the
    challenge's order that marks the pixel (1-8), else -1 where only storm damage marks it
    (not scored), else 0."""
    out = np.zeros((fake.H, fake.W), dtype=np.int64)
    boundary, valid = fake.boundary(tile), fake.valid(tile)
    labels = {name: fake.label(tile, name) for name in ORDER}
    storm = fake.label(tile, "storm_damage")
    for r in range(fake.H):
        for c in range(fake.W):
            if not (boundary[r, c] and valid[r, c]):
                out[r, c] = -1
                continue
            for k, name in enumerate(ORDER, start=1):
                if labels[name][r, c]:
                    out[r, c] = k
                    break
            else:
                out[r, c] = -1 if storm[r, c] else 0
    return out


def decoded(root: Path, split: str, sub: str, tile: str) -> np.ndarray:
    with Image.open(root / fake.TOP / split / "images" / sub / f"{tile}.jpg") as img:
        return np.asarray(img)


def test_registry() -> None:
    assert geoplug.datasets.get("agriculture_vision") is AgricultureVision
    info = geoplug.datasets.info("agriculture_vision")
    assert info.classes == ("background", *ORDER)
    assert info.ignore_index == IGNORE_INDEX == -1
    assert info.bands == ("R", "G", "B", "NIR")


@pytest.mark.parametrize(("split", "n"), [("train", 3), ("val", 2), ("test", 1)])
def test_lengths(root: Path, split: str, n: int) -> None:
    ds = AgricultureVision(root, split=split)
    assert len(ds) == n
    assert ds.tiles == fake.TILES[split]


def test_sample_pairs_image_and_labels(root: Path) -> None:
    ds = AgricultureVision(root, split="train")
    tile = fake.TILES["train"][2]
    sample = ds[2]
    assert set(sample) == {"image", "mask"}
    assert sample["image"].shape == (4, fake.H, fake.W)
    assert sample["image"].dtype == torch.float32
    assert sample["mask"].dtype == torch.int64
    # the image is exactly the JPEGs' pixels (R, G, B from rgb/, then NIR from nir/) ...
    rgb, nir = decoded(root, "train", "rgb", tile), decoded(root, "train", "nir", tile)
    want = np.concatenate([rgb.transpose(2, 0, 1), nir[None]]).astype(np.float32)
    assert np.array_equal(sample["image"].numpy(), want)
    # ... and near the written ramps of this tile, not transposed
    assert np.abs(sample["image"][:3].numpy() - fake.rgb(tile)).max() <= 4
    assert np.abs(sample["image"][3].numpy() - fake.nir(tile)).max() <= 4
    assert torch.equal(sample["mask"], torch.from_numpy(expected_mask(tile)))


def test_mask_values(root: Path) -> None:
    """Overlaps resolve to the first class; storm damage alone is left out; boundary and
    valid mask give the ignore value."""
    tile = fake.TILES["val"][1]  # tile number 4: code = (row + 2 col + 12) % 16
    assert fake.number(tile) == 4
    mask = AgricultureVision(root, split="val")[1]["mask"]
    assert mask[0, 8].item() == 0  # code 12: no pattern
    assert mask[0, 2].item() == 1  # code 0: double_plant only
    assert mask[3, 9].item() == 1  # code 1: double_plant and drydown -> double_plant
    assert mask[3, 2].item() == 3  # code 3: endrow and nutrient_deficiency -> endrow
    assert mask[3, 3].item() == 5  # code 5: planter_skip and storm_damage -> planter_skip
    assert mask[2, 4].item() == 6  # code 6: storm_damage and water -> water
    assert mask[1, 7].item() == -1  # storm_damage alone is not scored: left out
    assert mask[4, 1].item() == -1  # outside the field boundary (columns 0-1)
    assert mask[11, 5].item() == -1  # the valid mask's last row
    assert mask[5, 9].item() == -1  # the valid mask's hole
    assert torch.equal(mask, torch.from_numpy(expected_mask(tile)))


def test_multilabel(root: Path) -> None:
    ds = AgricultureVision(root, split="val", multilabel=True)
    tile = fake.TILES["val"][0]
    mask = ds[0]["mask"]
    assert mask.shape == (8, fake.H, fake.W)
    assert mask.dtype == torch.int64
    marked = np.any([fake.label(tile, name) for name in ORDER], axis=0)
    storm_only = fake.label(tile, "storm_damage") & ~marked
    evaluated = fake.boundary(tile) & fake.valid(tile) & ~storm_only
    assert (fake.boundary(tile) & fake.valid(tile) & storm_only).any()
    for k, name in enumerate(ORDER):
        want = np.where(evaluated, fake.label(tile, name).astype(np.int64), -1)
        assert torch.equal(mask[k], torch.from_numpy(want)), name
    assert int((mask == 1).sum(dim=0).max()) == 2  # overlapping patterns both kept


def test_test_split_has_no_mask(root: Path) -> None:
    tile = fake.TILES["test"][0]
    sample = AgricultureVision(root, split="test")[0]
    assert set(sample) == {"image"}
    assert np.array_equal(sample["image"][3].numpy(), decoded(root, "test", "nir", tile))


def test_band_selection(root: Path) -> None:
    tile = fake.TILES["val"][0]
    sample = AgricultureVision(root, split="val", bands=["NIR", "G"])[0]
    assert sample["image"].shape == (2, fake.H, fake.W)
    assert np.array_equal(sample["image"][0].numpy(), decoded(root, "val", "nir", tile))
    assert np.array_equal(sample["image"][1].numpy(), decoded(root, "val", "rgb", tile)[..., 1])


def test_rgb_only_does_not_need_nir(tmp_path: Path) -> None:
    fake.make(tmp_path, extract=True)
    nir = tmp_path / fake.TOP / "val" / "images" / "nir"
    shutil.rmtree(nir)
    assert AgricultureVision(tmp_path, split="val", bands=["R", "G", "B"])[0]["image"].shape[0] == 3
    with pytest.raises(InvalidDataError, match=r"nir.*is missing"):
        AgricultureVision(tmp_path, split="val")[0]


def test_missing_label_named(tmp_path: Path) -> None:
    fake.make(tmp_path, extract=True)
    tile = fake.TILES["train"][0]
    (tmp_path / fake.TOP / "train" / "labels" / "waterway" / f"{tile}.png").unlink()
    ds = AgricultureVision(tmp_path)
    with pytest.raises(InvalidDataError, match=rf"waterway.*{tile}\.png is missing"):
        ds[0]


def test_labels_folder_missing(tmp_path: Path) -> None:
    fake.make(tmp_path, extract=True)
    shutil.rmtree(tmp_path / fake.TOP / "val" / "labels")
    with pytest.raises(InvalidDataError, match="labels is missing"):
        AgricultureVision(tmp_path, split="val")


def test_split_folder_as_root(tmp_path: Path) -> None:
    fake.make(tmp_path, extract=True)
    assert len(AgricultureVision(tmp_path / fake.TOP, split="val")) == 2


def test_s3_copy_layout(tmp_path: Path) -> None:
    fake.make(tmp_path / "supervised", extract=True)
    (tmp_path / "supervised" / fake.ARCHIVE).unlink()
    assert len(AgricultureVision(tmp_path, split="train")) == 3


def test_empty_split_says_so(tmp_path: Path) -> None:
    (tmp_path / "val" / "images" / "rgb").mkdir(parents=True)
    with pytest.raises(InvalidDataError, match=r"holds no .*\.jpg tile"):
        AgricultureVision(tmp_path, split="val")


def test_not_found(tmp_path: Path) -> None:
    check_not_found(AgricultureVision, tmp_path)
    with pytest.raises(DatasetNotFoundError, match=r"val/images/rgb.*Agriculture-Vision-2021"):
        AgricultureVision(tmp_path, split="val")


def test_extracts_archive_on_disk(tmp_path: Path) -> None:
    fake.make(tmp_path)
    assert len(AgricultureVision(tmp_path, split="val")) == 2
    assert (tmp_path / fake.TOP / "test" / "masks" / f"{fake.TILES['test'][0]}.png").is_file()


def test_download(tmp_path: Path, http_root: Path, http_server, monkeypatch) -> None:
    info = fake.make(http_root)
    monkeypatch.setattr(AgricultureVision, "resources", served_resources(
        AgricultureVision.resources, http_server.url, info["archives"]))
    ds = AgricultureVision(tmp_path / "x", split="val", download=True, checksum=True)
    assert len(ds) == 2
    assert torch.equal(ds[1]["mask"], torch.from_numpy(expected_mask(fake.TILES["val"][1])))


def test_published_checksum() -> None:
    (resource,) = AgricultureVision.resources
    assert resource.filename == "Agriculture-Vision-2021.tar.gz"
    assert resource.sha256 == "b952dbac47333f387a0348846eff8f322df99099c88ced50bd070eb455d089a6"


def test_checksum_mismatch(tmp_path: Path, monkeypatch) -> None:
    fake.make(tmp_path)
    check_wrong_md5(AgricultureVision, monkeypatch, tmp_path)


def test_plot(root: Path) -> None:
    check_plot(AgricultureVision(root, split="val"))
    check_plot(AgricultureVision(root, split="val", multilabel=True))
    check_plot(AgricultureVision(root, split="test"))


def test_plot_multilabel_as_classes(root: Path) -> None:
    """A multi-hot mask is drawn as the single-label mask (first class wins, -1 kept)."""
    import matplotlib.pyplot as plt

    ds = AgricultureVision(root, split="val", multilabel=True)
    fig = ds.plot(ds[1])
    shown = np.asarray(fig.axes[1].images[0].get_array())
    plt.close(fig)
    assert np.array_equal(shown, expected_mask(fake.TILES["val"][1]))


def test_conformance(root: Path) -> None:
    report = check_dataset_plugin("agriculture_vision", data=root)
    assert "bands=['R'] selects one channel" in report.passed
