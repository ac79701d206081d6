"""RSITMD and NWPU-Captions from the publishers' folders, archives and captions files."""

from __future__ import annotations

import json
import shutil
import tarfile
import zipfile
from pathlib import Path
from typing import Any

import pytest
import torch

import geoplug.datasets
from fakedata import rsitmd_nwpu_captions as fake
from fakedata._dc_checks import check_checksum_mismatch, check_not_found, check_plot, serve_made
from geoplug.core.errors import DatasetNotFoundError, InvalidDataError
from geoplug.core.testing import check_dataset_plugin
from geoplug.datasets.rs_captions import CaptionedImages
from geoplug.datasets.rsitmd_nwpu_captions import RSITMD, NWPUCaptions
from testkit.http import Served

CLASSES: dict[str, type[CaptionedImages]] = {"rsitmd": RSITMD, "nwpu_captions": NWPUCaptions}
NAMES = list(CLASSES)
SPLITS = {"rsitmd": ("train", "test"), "nwpu_captions": ("train", "val", "test")}
CASES = [(name, split) for name in NAMES for split in SPLITS[name]]


@pytest.fixture(scope="module")
def made(tmp_path_factory: pytest.TempPathFactory) -> dict[str, dict[str, Any]]:
    return {name: fake.make(tmp_path_factory.mktemp(f"{name}_src"), name) for name in NAMES}


def copy_made(made: dict[str, Any], dst: Path, captions: bool = True) -> Path:
    """What the user puts in ``root``: the archive (and NWPU's captions file beside it)."""
    dst.mkdir(parents=True, exist_ok=True)
    for archive in made["archives"]:
        shutil.copy(made["dir"] / archive, dst / archive)
    if captions and (made["dir"] / "dataset_nwpu.json").is_file():
        shutil.copy(made["dir"] / "dataset_nwpu.json", dst)
    return dst


@pytest.fixture(scope="module")
def roots(made: dict[str, dict[str, Any]], tmp_path_factory: pytest.TempPathFactory
          ) -> dict[str, Path]:
    """One folder per dataset; the first dataset built on it extracts the archive."""
    return {name: copy_made(made[name], tmp_path_factory.mktemp(name)) for name in NAMES}


@pytest.fixture
def extracted(tmp_path: Path) -> dict[str, Path]:
    """Freshly extracted copies (no archive), for tests that change files."""
    out = {}
    for name in NAMES:
        made = fake.make(tmp_path / name, name, extract=True)
        for archive in made["archives"]:
            (tmp_path / name / archive).unlink()
        out[name] = tmp_path / name
    return out


def expected_captions(name: str, n: int) -> list[str]:
    return fake.captions(name, n) if name == "rsitmd" else fake.nwpu_captions_of(n)


def assert_sample(sample: dict[str, Any], made: dict[str, Any], name: str, n: int) -> None:
    """Exactly image ``n`` as written, with its own captions (blank ones dropped)."""
    shape = fake.RSITMD_SHAPE if name == "rsitmd" else fake.NWPU_SHAPE
    assert sample["image"].dtype == torch.float32
    assert sample["image"].shape == (3, *shape)
    assert torch.equal(sample["image"], torch.from_numpy(made["pixels"][n]).float())
    assert sample["captions"] == expected_captions(name, n)
    assert sample["caption"] == expected_captions(name, n)[0]
    if name == "rsitmd":
        assert sample["keywords"] == fake.keywords(n)
    else:
        assert "keywords" not in sample


def test_archives_have_the_published_layout(made: dict[str, dict[str, Any]]) -> None:
    with zipfile.ZipFile(made["rsitmd"]["dir"] / "RSITMD.zip") as zf:
        members = set(zf.namelist())
    assert {"RSITMD/dataset_RSITMD.json", "RSITMD/images/beach_3.tif",
            "RSITMD/rsitmd_api.py"} <= members
    with tarfile.open(made["nwpu_captions"]["dir"] / "NWPU_images.tar.gz") as tf:
        names = set(tf.getnames())
    assert "NWPU_images/sea_ice/sea_ice_002.jpg" in names
    assert not any(n.endswith(".json") for n in names)
    nwpu = json.loads((made["nwpu_captions"]["dir"] / "dataset_nwpu.json").read_text())
    assert list(nwpu) == ["airplane", "baseball_diamond", "sea_ice"]
    assert set(nwpu["airplane"][0]) == {"filename", "split", "raw", "raw_1", "raw_2", "raw_3",
                                        "raw_4", "sentids", "imgid"}


@pytest.mark.parametrize(("name", "split"), CASES)
def test_splits_and_samples(made: dict[str, dict[str, Any]], roots: dict[str, Path],
                            name: str, split: str) -> None:
    ds = CLASSES[name](roots[name], split=split)
    wanted = fake.split_indices(name, split)
    assert len(ds) == len(wanted)
    if name == "rsitmd":
        assert [p.name for p in ds.files] == [fake.RSITMD_NAMES[n] for n in wanted]
    else:
        assert [p.relative_to(p.parents[1]).as_posix() for p in ds.files] == [
            "/".join(fake.NWPU_ENTRIES[n][:2]) for n in wanted]
    for i, n in enumerate(wanted):
        assert_sample(ds[i], made[name], name, n)


def test_unknown_split(roots: dict[str, Path]) -> None:
    """RSITMD has no val split."""
    with pytest.raises(ValueError, match="val"):
        RSITMD(roots["rsitmd"], split="val")


def test_pixel_address(roots: dict[str, Path]) -> None:
    """Pixel (row 3, col 5) of imgid n, band b, is (41 n + 17 b + 7*3 + 3*5 + 3*5) mod 256:
    the window is the whole chip, untransposed, and the file is the one the entry names."""
    ds = RSITMD(roots["rsitmd"], split="test")
    for i, n in enumerate(fake.split_indices("rsitmd", "test")):
        assert ds[i]["image"][:, 3, 5].tolist() == [(41 * n + 17 * b + 51) % 256
                                                    for b in range(3)]


def test_caption_index_bands_and_transforms(made: dict[str, dict[str, Any]],
                                            roots: dict[str, Path]) -> None:
    """Transforms see every key, keywords included."""
    ds = RSITMD(roots["rsitmd"], split="train", bands=["B", "R"], caption_index=4,
                transforms=lambda s: {**s, "tags": len(s["keywords"])})
    n = fake.split_indices("rsitmd", "train")[1]
    sample = ds[1]
    assert torch.equal(sample["image"],
                       torch.from_numpy(made["rsitmd"]["pixels"][n][[2, 0]]).float())
    assert sample["caption"] == fake.captions("rsitmd", n)[4]
    assert sample["tags"] == len(fake.keywords(n)) == 2
    assert ds.transforms is not None  # restored after each sample
    assert ds[2]["keywords"] == [] and ds[2]["tags"] == 0  # image 3 has none
    nwpu = NWPUCaptions(roots["nwpu_captions"], split="val", caption_index=3)
    assert nwpu[0]["caption"] == fake.nwpu_captions_of(1)[3]
    with pytest.raises(InvalidDataError, match=r"airplane_002\.jpg has 4 caption\(s\)"):
        NWPUCaptions(roots["nwpu_captions"], split="val", caption_index=4)[0]


def test_folder_as_root(made: dict[str, dict[str, Any]], extracted: dict[str, Path]) -> None:
    """The extracted RSITMD folder itself, or a cloned NWPU-Captions repository, as root."""
    n = fake.split_indices("rsitmd", "test")[0]
    assert_sample(RSITMD(extracted["rsitmd"] / "RSITMD", split="test")[0], made["rsitmd"],
                  "rsitmd", n)
    repo = extracted["nwpu_captions"].parent / "clone"
    shutil.copytree(extracted["nwpu_captions"], repo / "NWPU-Captions")
    n = fake.split_indices("nwpu_captions", "test")[1]
    assert_sample(NWPUCaptions(repo, split="test")[1], made["nwpu_captions"], "nwpu_captions",
                  n)


def test_missing_image(extracted: dict[str, Path]) -> None:
    (extracted["nwpu_captions"] / "NWPU_images" / "baseball_diamond"
     / "baseball_diamond_003.jpg").unlink()
    with pytest.raises(InvalidDataError, match=r"1 test image\(s\) .*dataset_nwpu\.json.*"
                                               r"first: baseball_diamond/baseball_diamond_003"):
        NWPUCaptions(extracted["nwpu_captions"], split="test")
    assert len(NWPUCaptions(extracted["nwpu_captions"], split="val")) == 2
    (extracted["rsitmd"] / "RSITMD" / "images" / "bridge_101.tif").unlink()
    with pytest.raises(InvalidDataError, match=r"first: bridge_101\.tif"):
        RSITMD(extracted["rsitmd"], split="test")


def test_bad_captions_files(extracted: dict[str, Path]) -> None:
    path = extracted["nwpu_captions"] / "dataset_nwpu.json"
    path.write_text('{"airplane": [{"filename": ')
    with pytest.raises(InvalidDataError, match=r"cannot parse .*dataset_nwpu\.json"):
        NWPUCaptions(extracted["nwpu_captions"])
    path.write_text(json.dumps({"images": [{"filename": "a.jpg", "split": "train"}]}))
    with pytest.raises(InvalidDataError, match=r"is it dataset_nwpu\.json"):
        NWPUCaptions(extracted["nwpu_captions"])
    path.write_text(json.dumps({"airplane": [{"filename": "airplane_001.jpg",
                                              "split": "train"}]}))
    with pytest.raises(InvalidDataError, match="raw"):
        NWPUCaptions(extracted["nwpu_captions"])
    path.write_text(json.dumps({"airplane": []}))
    with pytest.raises(InvalidDataError, match=r"no entry of .*dataset_nwpu\.json has split"):
        NWPUCaptions(extracted["nwpu_captions"])
    rsitmd = extracted["rsitmd"] / "RSITMD" / "dataset_RSITMD.json"
    data = json.loads(rsitmd.read_text())
    data["images"][0]["keywords"] = 5
    rsitmd.write_text(json.dumps(data))
    with pytest.raises(InvalidDataError, match=r"keywords of airport_12\.tif"):
        RSITMD(extracted["rsitmd"])
    data["images"][0]["keywords"] = "airport"
    rsitmd.write_text(json.dumps(data))
    assert RSITMD(extracted["rsitmd"])[0]["keywords"] == ["airport"]


@pytest.mark.parametrize("name", NAMES)
def test_not_found(tmp_path: Path, name: str) -> None:
    check_not_found(CLASSES[name], tmp_path)


def test_not_found_hints(made: dict[str, dict[str, Any]], tmp_path: Path) -> None:
    """RSITMD cannot be downloaded; NWPU's captions file must be there before its images can
    be."""
    with pytest.raises(DatasetNotFoundError, match=r"Google Drive .*AMFMN/tree/master/RSITMD"):
        RSITMD(tmp_path / "rsitmd", download=True)
    root = copy_made(made["nwpu_captions"], tmp_path / "nwpu", captions=False)
    with pytest.raises(DatasetNotFoundError,
                       match=r"dataset_nwpu\.json .*github\.com/HaiyanHuang98/NWPU-Captions: "
                             r"put it in .*download=True fetches NWPU_images\.tar\.gz"):
        NWPUCaptions(root, download=True)


def test_download(made: dict[str, dict[str, Any]], http_server: Served, http_root: Path,
                  tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """With dataset_nwpu.json in root, download=True fetches NWPU_images.tar.gz (verified)."""
    serve_made(NWPUCaptions, made["nwpu_captions"], http_server.url, http_root, monkeypatch)
    root = tmp_path / "data"
    root.mkdir()
    shutil.copy(made["nwpu_captions"]["dir"] / "dataset_nwpu.json", root)
    with pytest.raises(DatasetNotFoundError):
        NWPUCaptions(root)
    ds = NWPUCaptions(root, split="val", download=True, checksum=True)
    assert (root / "NWPU_images.tar.gz").is_file()
    for i, n in enumerate(fake.split_indices("nwpu_captions", "val")):
        assert_sample(ds[i], made["nwpu_captions"], "nwpu_captions", n)


def test_published_resource() -> None:
    """The Git LFS object of the publisher's repository, with its published SHA-256."""
    (resource,) = NWPUCaptions.resources
    assert resource.url.startswith("https://github.com/HaiyanHuang98/NWPU-Captions/raw/")
    assert resource.url.endswith("/NWPU_images.tar.gz")
    assert resource.sha256 == ("720d6c3430489c9aa99232c3d53b6b9ca48d4b838918d17e7b6e766483fddbec")


def test_checksum_mismatch(made: dict[str, dict[str, Any]], tmp_path: Path,
                           monkeypatch: pytest.MonkeyPatch) -> None:
    root = copy_made(made["nwpu_captions"], tmp_path / "nwpu")
    check_checksum_mismatch(NWPUCaptions, monkeypatch, root, "NWPU_images.tar.gz")
    assert not (root / "NWPU_images").exists()  # nothing extracted from a bad archive


@pytest.mark.parametrize("name", NAMES)
def test_plot(roots: dict[str, Path], name: str) -> None:
    ds = CLASSES[name](roots[name], split="test")
    check_plot(ds)
    fig = ds.plot(ds[0])
    n = fake.split_indices(name, "test")[0]
    assert expected_captions(name, n)[0][:20] in fig.axes[0].get_title()


@pytest.mark.parametrize("name", NAMES)
def test_registry_and_conformance(roots: dict[str, Path], name: str) -> None:
    assert geoplug.datasets.get(name) is CLASSES[name]
    assert geoplug.datasets.info(name).task == "image_text"
    assert tuple(geoplug.datasets.info(name).splits) == SPLITS[name]
    check_dataset_plugin(name, roots[name])
