"""RSICD, UCM-Captions and Sydney-Captions from the publishers' archives and captions files."""

from __future__ import annotations

import json
import shutil
import zipfile
from pathlib import Path
from typing import Any

import pytest
import torch

import geoplug.datasets
from fakedata import rs_captions as fake
from fakedata._dc_checks import check_checksum_mismatch, check_not_found, check_plot, serve_made
from geoplug.core.errors import DatasetNotFoundError, InvalidDataError
from geoplug.core.testing import check_dataset_plugin
from geoplug.datasets.rs_captions import RSICD, CaptionedImages, SydneyCaptions, UCMCaptions
from testkit.http import Served

CLASSES: dict[str, type[CaptionedImages]] = {
    "rsicd": RSICD, "ucm_captions": UCMCaptions, "sydney_captions": SydneyCaptions}
NAMES = list(CLASSES)


@pytest.fixture(scope="module")
def made(tmp_path_factory: pytest.TempPathFactory) -> dict[str, dict[str, Any]]:
    return {name: fake.make(tmp_path_factory.mktemp(f"{name}_src"), name) for name in NAMES}


def copy_made(made: dict[str, Any], name: str, dst: Path) -> Path:
    """What the user puts in ``root``: the zip, and RSICD's captions file beside it."""
    dst.mkdir(parents=True, exist_ok=True)
    layout = fake.LAYOUTS[name]
    shutil.copy(made["dir"] / layout.archive, dst / layout.archive)
    if not layout.captions_in_archive:
        shutil.copy(made["dir"] / layout.captions, dst / layout.captions)
    return dst


@pytest.fixture(scope="module")
def roots(made: dict[str, dict[str, Any]], tmp_path_factory: pytest.TempPathFactory
          ) -> dict[str, Path]:
    """One folder per dataset; the first dataset built on it extracts the zip."""
    return {name: copy_made(made[name], name, tmp_path_factory.mktemp(name)) for name in NAMES}


@pytest.fixture
def extracted(tmp_path: Path) -> dict[str, Path]:
    """Freshly extracted copies (no zip), for tests that change files."""
    out = {}
    for name in NAMES:
        fake.make(tmp_path / name, name, extract=True)
        (tmp_path / name / fake.LAYOUTS[name].archive).unlink()
        out[name] = tmp_path / name
    return out


def assert_sample(sample: dict[str, Any], made: dict[str, Any], name: str, n: int) -> None:
    """Exactly image ``n`` as written, with its own captions (the blank one dropped)."""
    assert sample["image"].dtype == torch.float32
    assert sample["image"].shape == (3, *fake.LAYOUTS[name].shape)
    assert torch.equal(sample["image"], torch.from_numpy(made["pixels"][n]).float())
    assert sample["captions"] == fake.captions(name, n)
    assert sample["caption"] == fake.captions(name, n)[0]


def test_archives_have_the_published_layout(made: dict[str, dict[str, Any]]) -> None:
    members = {}
    for name in NAMES:
        with zipfile.ZipFile(made[name]["dir"] / fake.LAYOUTS[name].archive) as zf:
            members[name] = set(zf.namelist())
    assert "RSICD_images/airport_1.jpg" in members["rsicd"]
    assert not any(m.endswith(".json") for m in members["rsicd"])
    assert {"UCM_captions/dataset.json", "UCM_captions/imgs/9.tif"} <= members["ucm_captions"]
    assert "Sydney_captions/imgs/1.tif" in members["sydney_captions"]


@pytest.mark.parametrize("split", ["train", "val", "test"])
@pytest.mark.parametrize("name", NAMES)
def test_splits_and_samples(made: dict[str, dict[str, Any]], roots: dict[str, Path],
                            name: str, split: str) -> None:
    ds = CLASSES[name](roots[name], split=split)
    wanted = fake.split_indices(split)
    assert len(ds) == len(wanted)
    assert [p.name for p in ds.files] == [fake.LAYOUTS[name].names[n] for n in wanted]
    for i, n in enumerate(wanted):
        assert_sample(ds[i], made[name], name, n)


def test_pixel_address(roots: dict[str, Path]) -> None:
    """Pixel (row 3, col 5) of imgid n, band b, is (41 n + 17 b + 7*3 + 3*5 + 3*5) mod 256:
    the window is the whole chip, untransposed, and the file is the one the entry names."""
    ds = SydneyCaptions(roots["sydney_captions"], split="test")
    for i, n in enumerate(fake.split_indices("test")):
        assert ds[i]["image"][:, 3, 5].tolist() == [(41 * n + 17 * b + 51) % 256
                                                    for b in range(3)]


def test_caption_index_bands_and_transforms(made: dict[str, dict[str, Any]],
                                            roots: dict[str, Path]) -> None:
    ds = UCMCaptions(roots["ucm_captions"], split="val", bands=["B", "R"], caption_index=4,
                     transforms=lambda s: {**s, "words": len(s["caption"].split())})
    n = fake.split_indices("val")[1]
    sample = ds[1]
    pixels = made["ucm_captions"]["pixels"][n]
    assert torch.equal(sample["image"], torch.from_numpy(pixels[[2, 0]]).float())
    assert sample["caption"] == fake.captions("ucm_captions", n)[4]
    assert sample["words"] == len(fake.captions("ucm_captions", n)[4].split())
    with pytest.raises(ValueError, match="caption_index"):
        UCMCaptions(roots["ucm_captions"], caption_index=-1)
    with pytest.raises(InvalidDataError, match=r"3\.tif has 5 caption\(s\)"):
        UCMCaptions(roots["ucm_captions"], split="val", caption_index=5)[0]


def test_other_folder_layouts(made: dict[str, dict[str, Any]], extracted: dict[str, Path]
                              ) -> None:
    """The zip's own folder as root, an ``images`` folder (copies repacked that way), and
    RSICD's ``RSICDimages`` spelling."""
    top = extracted["ucm_captions"] / "UCM_captions"
    assert_sample(UCMCaptions(top, split="test")[0], made["ucm_captions"], "ucm_captions",
                  fake.split_indices("test")[0])
    (top / "imgs").rename(top / "images")
    assert len(UCMCaptions(extracted["ucm_captions"])) == len(fake.split_indices("train"))
    rsicd = extracted["rsicd"]
    (rsicd / "RSICD_images").rename(rsicd / "RSICDimages")
    assert_sample(RSICD(rsicd, split="val")[1], made["rsicd"], "rsicd",
                  fake.split_indices("val")[1])


def test_shared_root(made: dict[str, dict[str, Any]], extracted: dict[str, Path],
                     tmp_path: Path) -> None:
    """UCM- and Sydney-Captions extracted into one root each find their own dataset.json;
    two unknown folders holding one are refused rather than guessed."""
    shared = tmp_path / "shared"
    for name in ("ucm_captions", "sydney_captions"):
        shutil.copytree(extracted[name], shared, dirs_exist_ok=True)
    for name in ("ucm_captions", "sydney_captions"):
        assert_sample(CLASSES[name](shared, split="val")[0], made[name], name,
                      fake.split_indices("val")[0])
    for name in ("ucm_captions", "sydney_captions"):
        top = fake.LAYOUTS[name].top
        (shared / top).rename(shared / f"copy_of_{top}")
    with pytest.raises(DatasetNotFoundError, match=r"found 2: .*copy_of_Sydney_captions"):
        UCMCaptions(shared)


def test_missing_image(extracted: dict[str, Path]) -> None:
    (extracted["sydney_captions"] / "Sydney_captions" / "imgs" / "8.tif").unlink()
    with pytest.raises(InvalidDataError, match=r"1 test image\(s\) .*dataset\.json.*first: 8\.tif"):
        SydneyCaptions(extracted["sydney_captions"], split="test")
    assert len(SydneyCaptions(extracted["sydney_captions"], split="val")) == 2


def test_bad_captions_files(extracted: dict[str, Path]) -> None:
    path = extracted["rsicd"] / "dataset_rsicd.json"
    data = json.loads(path.read_text())
    for entry in data["images"]:
        entry["split"] = "train"
    path.write_text(json.dumps(data))
    with pytest.raises(InvalidDataError, match=r"no entry of .*dataset_rsicd\.json has split"):
        RSICD(extracted["rsicd"], split="test")
    path.write_text('{"images": [{"filename": ')
    with pytest.raises(InvalidDataError, match=r"cannot parse .*dataset_rsicd\.json"):
        RSICD(extracted["rsicd"])
    path.write_text(json.dumps({"images": [{"filename": "00002.jpg", "split": "train"}]}))
    with pytest.raises(InvalidDataError, match="sentences"):
        RSICD(extracted["rsicd"])


@pytest.mark.parametrize("name", NAMES)
def test_not_found(tmp_path: Path, name: str) -> None:
    check_not_found(CLASSES[name], tmp_path)


def test_not_found_hints(made: dict[str, dict[str, Any]], extracted: dict[str, Path],
                         tmp_path: Path) -> None:
    """No direct download for UCM/Sydney; RSICD's captions file is needed first; a RAR of
    the images is named, since geoplug cannot unpack it."""
    for name, page in (("ucm_captions", "mega.nz/folder/wCpSzSoS"),
                       ("sydney_captions", "mega.nz/folder/pG4yTYYA")):
        with pytest.raises(DatasetNotFoundError, match=page):
            CLASSES[name](tmp_path / "empty" / name, download=True)
    rsicd = tmp_path / "empty" / "rsicd"
    rsicd.mkdir(parents=True)
    shutil.copy(made["rsicd"]["dir"] / "RSICD_images.zip", rsicd)
    with pytest.raises(DatasetNotFoundError, match=r"dataset_rsicd\.json.*Google Drive"):
        RSICD(rsicd, download=True)
    top = extracted["ucm_captions"] / "UCM_captions"
    shutil.rmtree(top / "imgs")
    (top / "imgs.rar").write_bytes(b"Rar!\x1a\x07\x00")
    with pytest.raises(DatasetNotFoundError, match=r"image folder .*imgs\.rar.*unrar"):
        UCMCaptions(extracted["ucm_captions"])


def test_download(made: dict[str, dict[str, Any]], http_server: Served, http_root: Path,
                  tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """With dataset_rsicd.json in root, download=True fetches RSICD_images.zip (verified)."""
    serve_made(RSICD, made["rsicd"], http_server.url, http_root, monkeypatch)
    root = tmp_path / "data"
    root.mkdir()
    shutil.copy(made["rsicd"]["dir"] / "dataset_rsicd.json", root)
    with pytest.raises(DatasetNotFoundError):
        RSICD(root)
    ds = RSICD(root, split="test", download=True, checksum=True)
    assert (root / "RSICD_images.zip").is_file()
    for i, n in enumerate(fake.split_indices("test")):
        assert_sample(ds[i], made["rsicd"], "rsicd", n)


def test_checksum_mismatch(made: dict[str, dict[str, Any]], tmp_path: Path,
                           monkeypatch: pytest.MonkeyPatch) -> None:
    root = copy_made(made["rsicd"], "rsicd", tmp_path / "rsicd")
    check_checksum_mismatch(RSICD, monkeypatch, root, "RSICD_images.zip")
    assert not (root / "RSICD_images").exists()  # nothing extracted from a bad archive


@pytest.mark.parametrize("name", NAMES)
def test_plot(roots: dict[str, Path], name: str) -> None:
    ds = CLASSES[name](roots[name], split="val")
    check_plot(ds)
    fig = ds.plot(ds[0])
    assert fake.captions(name, fake.split_indices("val")[0])[0][:20] in fig.axes[0].get_title()


@pytest.mark.parametrize("name", NAMES)
def test_registry_and_conformance(roots: dict[str, Path], name: str) -> None:
    assert geoplug.datasets.get(name) is CLASSES[name]
    assert geoplug.datasets.info(name).task == "image_text"
    check_dataset_plugin(name, roots[name])


def test_shared_root_never_borrows(made: dict[str, dict[str, Any]],
                                   extracted: dict[str, Path], tmp_path: Path) -> None:
    """UCM-Captions extracted in a root and Sydney_captions.zip added beside it: Sydney's
    zip is extracted and read (not UCM's dataset.json); with Sydney's images missing, its
    captions are never paired with UCM's imgs/ (same file names 1.tif ...)."""
    shared = tmp_path / "shared"
    shutil.copytree(extracted["ucm_captions"], shared)
    shutil.copy(made["sydney_captions"]["dir"] / "Sydney_captions.zip", shared)
    n = fake.split_indices("val")[0]
    assert_sample(SydneyCaptions(shared, split="val")[0], made["sydney_captions"],
                  "sydney_captions", n)
    (shared / "Sydney_captions.zip").unlink()
    shutil.rmtree(shared / "Sydney_captions" / "imgs")
    with pytest.raises(DatasetNotFoundError, match="image folder"):
        SydneyCaptions(shared)
