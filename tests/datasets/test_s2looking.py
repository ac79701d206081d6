from __future__ import annotations

import shutil
import zipfile
from pathlib import Path
from typing import Any

import numpy as np
import pytest
import torch
from PIL import Image

import geoplug.datasets
from fakedata import s2looking as fake
from fakedata._dc_checks import (
    archive_fixtures,
    check_made_checksum,
    check_not_found,
    check_plot,
    copy_archives,
    serve_made,
)
from geoplug.core.errors import DatasetNotFoundError, InvalidDataError
from geoplug.core.testing import check_dataset_plugin
from geoplug.datasets.s2looking import S2Looking
from testkit.http import Served

made, root = archive_fixtures(fake.make, "s2looking")


def numeric(split: str) -> list[int]:
    return sorted(fake.IDS[split])


def expected_image(n: int) -> torch.Tensor:
    return torch.from_numpy(np.stack([fake.image(n, 0), fake.image(n, 1)])).float()


def test_archive_has_the_published_layout(made: dict[str, Any]) -> None:
    with zipfile.ZipFile(made["dir"] / fake.ARCHIVE) as zf:
        names = set(zf.namelist())
    for sub in ("Image1", "Image2", "label", "label1", "label2"):
        assert f"S2Looking/val/{sub}/7.png" in names
    assert "S2Looking/test/Image1/100.png" in names


@pytest.mark.parametrize("split", ["train", "val", "test"])
def test_split_lengths_and_numeric_order(root: Path, split: str) -> None:
    ds = S2Looking(root, split=split)
    assert len(ds) == len(fake.IDS[split])
    assert [paths[0].name for paths in ds.files] == [f"{n}.png" for n in numeric(split)]
    assert all(p.parent.name == sub for paths in ds.files
               for p, sub in zip(paths, ("Image1", "Image2", "label")))


@pytest.mark.parametrize("split", ["train", "val", "test"])
def test_sample_values_prove_the_pairing(root: Path, split: str) -> None:
    ds = S2Looking(root, split=split)
    n = numeric(split)[-1]
    sample = ds[len(ds) - 1]
    assert set(sample) == {"image", "mask"}
    assert sample["image"].dtype == torch.float32
    assert sample["image"].shape == (2, 3, fake.SIZE, fake.SIZE)
    assert torch.equal(sample["image"], expected_image(n))
    # pixel (3, 5) of file f, band b: 41 f + 17 b + 7*3 + 3*5 + 3*5 (mod 256); f = 2n, 2n + 1
    assert sample["image"][:, :, 3, 5].tolist() == [
        [float((41 * (2 * n + d) + 17 * b + 51) % 256) for b in range(3)] for d in (0, 1)]
    assert sample["mask"].dtype == torch.int64
    assert torch.equal(sample["mask"], torch.from_numpy(fake.change(n).astype(np.int64)))
    assert set(sample["mask"].unique().tolist()) == {0, 1}


def test_direction_mask_codes(root: Path) -> None:
    ds = S2Looking(root, split="train", mask="direction")
    assert ds.classes == ("no change", "newly built", "demolished",
                          "newly built and demolished")
    for index, n in enumerate(numeric("train")):
        want = fake.built(n).astype(np.int64) + 2 * fake.demolished(n).astype(np.int64)
        assert torch.equal(ds[index]["mask"], torch.from_numpy(want))
    assert set(ds[0]["mask"].unique().tolist()) == {0, 1, 2, 3}
    # the change mask is the union of the two building maps
    change = S2Looking(root, split="train")
    assert torch.equal(change[0]["mask"], (ds[0]["mask"] > 0).long())
    assert torch.equal(change[0]["image"], ds[0]["image"])
    assert change.classes == ("no change", "change")


def test_extracted_without_top_folder(root: Path, tmp_path: Path) -> None:
    S2Looking(root, split="val")  # make sure the archive was extracted
    shutil.copytree(root / "S2Looking" / "val", tmp_path / "val")
    # a copy made on macOS leaves AppleDouble files next to the images: not pairs
    (tmp_path / "val" / "Image1" / "._7.png").write_bytes(b"\x00\x05\x16\x07")
    ds = S2Looking(tmp_path, split="val")
    assert len(ds) == 2
    assert ds.files[0][0] == tmp_path / "val" / "Image1" / "1.png"
    assert torch.equal(ds[1]["image"], expected_image(7))
    with pytest.raises(DatasetNotFoundError):
        S2Looking(tmp_path, split="train")


def test_under_another_top_folder(root: Path, tmp_path: Path) -> None:
    S2Looking(root, split="test")
    shutil.copytree(root / "S2Looking" / "test", tmp_path / "s2looking_v1" / "test")
    ds = S2Looking(tmp_path, split="test")
    assert [p[0].name for p in ds.files] == ["4.png", "11.png", "100.png"]
    assert torch.equal(ds[2]["image"], expected_image(100))


def test_clone_of_the_publishers_repository(root: Path, tmp_path: Path) -> None:
    """The GitHub repository keeps the data in ``S2Looking/S2Looking/<split>``: a clone is
    read where it is (no 11 GB download beside it)."""
    S2Looking(root, split="test")
    shutil.copytree(root / "S2Looking" / "test", tmp_path / "S2Looking" / "S2Looking" / "test")
    ds = S2Looking(tmp_path, split="test")
    assert [p[0].name for p in ds.files] == ["4.png", "11.png", "100.png"]
    assert torch.equal(ds[1]["image"], expected_image(11))


def test_missing_partner_is_named(made: dict[str, Any], tmp_path: Path) -> None:
    copy_archives(made["dir"], tmp_path, [fake.ARCHIVE])
    S2Looking(tmp_path, split="val")
    (tmp_path / "S2Looking" / "val" / "label2" / "7.png").unlink()
    assert len(S2Looking(tmp_path, split="val")) == 2  # the change mask needs no label2
    with pytest.raises(InvalidDataError, match=r"label2.7\.png"):
        S2Looking(tmp_path, split="val", mask="direction")
    (tmp_path / "S2Looking" / "val" / "Image2" / "1.png").unlink()
    with pytest.raises(InvalidDataError, match=r"Image2.1\.png"):
        S2Looking(tmp_path, split="val")


def test_size_mismatch_is_named(made: dict[str, Any], tmp_path: Path) -> None:
    copy_archives(made["dir"], tmp_path, [fake.ARCHIVE])
    ds = S2Looking(tmp_path, split="val")
    Image.new("RGB", (8, 8)).save(tmp_path / "S2Looking" / "val" / "Image2" / "7.png")
    assert ds[0]["image"].shape == (2, 3, fake.SIZE, fake.SIZE)
    with pytest.raises(InvalidDataError, match=r"7\.png"):
        _ = ds[1]


def test_band_selection_order(root: Path) -> None:
    ds = S2Looking(root, split="val", bands=["B", "R"])
    assert ds[0]["image"].shape == (2, 2, fake.SIZE, fake.SIZE)
    assert torch.equal(ds[0]["image"], expected_image(1)[:, [2, 0]])
    assert ds.rgb_indices == []


def test_transforms(root: Path) -> None:
    ds = S2Looking(root, split="val", transforms=lambda s: {**s, "image": s["image"] / 255})
    assert torch.equal(ds[0]["image"], expected_image(1) / 255)


def test_invalid_arguments(root: Path) -> None:
    with pytest.raises(ValueError, match="validation"):
        S2Looking(root, split="validation")
    with pytest.raises(ValueError, match="semantic"):
        S2Looking(root, mask="semantic")


def test_not_found(tmp_path: Path) -> None:
    check_not_found(S2Looking, tmp_path)
    with pytest.raises(DatasetNotFoundError, match=r"S2Looking\.zip"):
        S2Looking(tmp_path, split="test")


def test_download(made: dict[str, Any], http_server: Served, http_root: Path, tmp_path: Path,
                  monkeypatch: pytest.MonkeyPatch) -> None:
    serve_made(S2Looking, made, http_server.url, http_root, monkeypatch)
    ds = S2Looking(tmp_path / "dl", split="test", download=True, checksum=True)
    assert len(ds) == len(fake.IDS["test"])
    assert torch.equal(ds[0]["image"], expected_image(4))
    assert (tmp_path / "dl" / fake.ARCHIVE).is_file()
    assert len(S2Looking(tmp_path / "dl", split="train")) == len(fake.IDS["train"])


def test_checksum_mismatch(made: dict[str, Any], tmp_path: Path,
                           monkeypatch: pytest.MonkeyPatch) -> None:
    check_made_checksum(S2Looking, made, monkeypatch, tmp_path, fake.ARCHIVE)


def test_published_resource() -> None:
    (resource,) = S2Looking.resources
    assert resource.filename == "S2Looking.zip"
    assert resource.url.endswith("id=1YAUrUp3QtZ6VMM1nSuqOjveIVO9ADOY1")
    assert resource.sha256 == ("4100e5bfadd53556a3508cdec99bdf789a2289a303328119469437d6d1b0c6b8")
    assert resource.splits is None


@pytest.mark.parametrize("mask", ["change", "direction"])
def test_plot(root: Path, mask: str) -> None:
    check_plot(S2Looking(root, split="val", mask=mask))


def test_registry() -> None:
    assert geoplug.datasets.get("s2looking") is S2Looking
    info = geoplug.datasets.info("s2looking")
    assert info.task == "change_detection"
    assert info.splits == ("train", "val", "test")
    assert info.num_samples == 5000
    assert S2Looking.classes == ("no change", "change")


@pytest.mark.parametrize("mask", ["change", "direction"])
def test_plugin(root: Path, mask: str) -> None:
    check_dataset_plugin("s2looking", data=root, kwargs={"mask": mask})
