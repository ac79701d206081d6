"""LandCover.ai loader against a fake ``landcover.ai.v1.zip`` in the publisher's layout."""

from __future__ import annotations

from pathlib import Path

import matplotlib
import numpy as np
import pytest
import torch
from PIL import Image
from rasterio.crs import CRS

import geoplug.datasets
from fakedata import landcoverai as fake
from fakedata._segutil import served_resources, write_tif, wrong_md5
from geoplug.core.errors import ChecksumError, DatasetNotFoundError, InvalidDataError
from geoplug.datasets.landcoverai import LandCoverAI

matplotlib.use("Agg")


@pytest.fixture
def root(tmp_path: Path) -> Path:
    fake.make(tmp_path, extract=True)
    return tmp_path


def test_registry() -> None:
    assert geoplug.datasets.get("landcoverai") is LandCoverAI
    assert geoplug.datasets.info("landcoverai").patch_size == 512


@pytest.mark.parametrize(("split", "n"), [("train", 2), ("val", 1), ("test", 1)])
def test_lengths(root: Path, split: str, n: int) -> None:
    assert len(LandCoverAI(root, split=split)) == n


def test_chip_k_is_the_split_py_window(root: Path) -> None:
    ds = LandCoverAI(root, split="train")
    sample = ds[1]  # N-34-61-B-a-1-1_1: row 0, column 1 of that orthophoto
    assert sample["image"].shape == (3, 512, 512)
    assert sample["image"].dtype == torch.float32
    # chip pixel (3, 5) is orthophoto pixel (3, 517): 41 + 17*b + 7*3 + 3*517 + 3*517 (mod 256)
    assert sample["image"][:, 3, 5].tolist() == [92.0, 109.0, 126.0]
    assert torch.equal(sample["image"],
                       torch.from_numpy(fake.image_for(1)[:, 0:512, 512:1024]).float())
    assert sample["mask"].dtype == torch.int64
    assert sample["mask"][3, 5].item() == fake.mask_for(1)[3, 517]
    assert torch.equal(sample["mask"], torch.from_numpy(
        fake.mask_for(1)[0:512, 512:1024].astype(np.int64)))
    assert sample["crs"] == CRS.from_epsg(2180)
    assert sample["bounds"].minx == pytest.approx(500000.0 + 512 * 0.25)
    assert sample["bounds"].maxy == pytest.approx(300000.0)


def test_band_selection_and_transforms(root: Path) -> None:
    ds = LandCoverAI(root, split="val", bands=["B", "R"],
                     transforms=lambda s: {**s, "image": s["image"] / 10})
    # M-33-20-D-c-4-2_1, pixel (2, 3) is orthophoto pixel (2, 515): 17*b + 14 + 1545 + 1030
    assert ds[0]["image"][:, 2, 3].tolist() == pytest.approx([6.3, 2.9])


def test_chip_size_follows_split_py(root: Path) -> None:
    (root / "split.py").write_text("TARGET_SIZE = 200\n")
    sample = LandCoverAI(root, split="val")[0]  # M-33-20-D-c-4-2_1: row 0, column 1
    assert sample["image"].shape == (3, 200, 200)
    assert torch.equal(sample["mask"], torch.from_numpy(
        fake.mask_for(0)[0:200, 200:400].astype(np.int64)))
    assert torch.equal(sample["image"],
                       torch.from_numpy(fake.image_for(0)[:, 0:200, 200:400]).float())


def test_bad_chip_ids(root: Path) -> None:
    from geoplug.core.errors import InvalidDataError

    (root / "test.txt").write_text("M-33-20-D-c-4-2_5\n")  # a partial edge tile
    with pytest.raises(InvalidDataError, match="M-33-20-D-c-4-2_5"):
        LandCoverAI(root, split="test")
    (root / "test.txt").write_text("nonsense\n")
    with pytest.raises(InvalidDataError, match="nonsense"):
        LandCoverAI(root, split="test")


def test_precut_output_folder(tmp_path: Path) -> None:
    """A copy already cut by split.py (output/*.jpg, *_m.png) is read as well."""
    out = tmp_path / "output"
    out.mkdir()
    rows, cols = np.indices((512, 512))
    ramp = 20 + rows // 4 + cols // 8  # smooth, so the lossy JPEG keeps it within a few levels
    rgb = np.stack([ramp, ramp + 10, ramp + 20], axis=-1).astype(np.uint8)
    Image.fromarray(rgb).save(out / "M-33-20-D-c-4-2_1.jpg", quality=95)
    mask = np.zeros((512, 512, 3), np.uint8)
    mask[:10] = 3
    mask[100:140, 300:320] = 1
    Image.fromarray(mask).save(out / "M-33-20-D-c-4-2_1_m.png")
    (tmp_path / "val.txt").write_text("M-33-20-D-c-4-2_1\n")
    sample = LandCoverAI(tmp_path, split="val")[0]
    assert sample["image"].shape == (3, 512, 512)
    # pixel (200, 40): 20 + 200 // 4 + 40 // 8 (+10 per band); (40, 200) is 20 levels lower
    expected = torch.tensor([75.0, 85.0, 95.0])
    assert torch.allclose(sample["image"][:, 200, 40], expected, atol=3)
    assert torch.allclose(sample["image"][:, 40, 200], expected - 20, atol=3)
    assert sample["mask"][:10].unique().tolist() == [3]
    assert torch.equal(sample["mask"], torch.from_numpy(mask[..., 0]).long())


def test_not_found(tmp_path: Path) -> None:
    with pytest.raises(DatasetNotFoundError, match="download=True"):
        LandCoverAI(tmp_path)


def test_extract_on_disk(tmp_path: Path) -> None:
    fake.make(tmp_path)
    assert len(LandCoverAI(tmp_path, split="test")) == 1
    assert (tmp_path / "images" / "M-33-20-D-c-4-2.tif").is_file()


def test_download(tmp_path: Path, http_root: Path, http_server, monkeypatch) -> None:
    info = fake.make(http_root)
    monkeypatch.setattr(LandCoverAI, "resources",
                        served_resources(LandCoverAI.resources, http_server.url, info["md5"]))
    assert len(LandCoverAI(tmp_path / "x", download=True, checksum=True)) == 2


def test_checksum_mismatch(tmp_path: Path, monkeypatch) -> None:
    fake.make(tmp_path)
    monkeypatch.setattr(LandCoverAI, "resources", wrong_md5(LandCoverAI.resources))
    with pytest.raises(ChecksumError):
        LandCoverAI(tmp_path, checksum=True)


def test_plot(root: Path) -> None:
    import matplotlib.pyplot as plt

    ds = LandCoverAI(root, split="val")
    fig = ds.plot(ds[0])
    assert isinstance(fig, plt.Figure)
    plt.close(fig)


def test_small_orthophotos_with_precut_chips_in_own_folder(tmp_path: Path) -> None:
    """Orthophotos smaller than a chip plus split.py's output (1-band PNG masks), extracted
    into a folder of its own: chips come from output/."""
    base = tmp_path / "landcover.ai.v1"
    image = np.full((3, 64, 64), 7, np.uint8)
    write_tif(base / "images" / "M-33-20-D-c-4-2.tif", image, crs="EPSG:2180")
    write_tif(base / "masks" / "M-33-20-D-c-4-2.tif", np.zeros((64, 64), np.uint8),
              crs="EPSG:2180")
    (base / "output").mkdir()
    for k in (0, 1):
        Image.fromarray(np.full((64, 64, 3), 90 + k, np.uint8)).save(
            base / "output" / f"M-33-20-D-c-4-2_{k}.jpg")
        mask = np.zeros((64, 64), np.uint8)
        mask[: 10 * (k + 1)] = 4
        Image.fromarray(mask).save(base / "output" / f"M-33-20-D-c-4-2_{k}_m.png")
    (base / "train.txt").write_text("M-33-20-D-c-4-2_0\nM-33-20-D-c-4-2_1\n")
    ds = LandCoverAI(tmp_path, split="train")
    assert len(ds) == 2
    sample = ds[1]
    assert sample["image"].shape == (3, 64, 64)
    assert sample["image"][:, 0, 0].tolist() == [91.0, 91.0, 91.0]
    assert sample["mask"].dtype == torch.int64
    assert int((sample["mask"] == 4).sum()) == 20 * 64
    assert "crs" not in sample


def test_an_empty_split_list_says_so(root: Path) -> None:
    """The list exists but names no chip: an error naming the list, not len() == 0."""
    (root / "val.txt").write_text("\n")
    with pytest.raises(InvalidDataError, match=r"'val' split yields no sample: .*val\.txt "
                                               r"lists no chip id"):
        LandCoverAI(root, split="val")
    assert len(LandCoverAI(root, split="train")) == len(fake.LISTS["train"])
