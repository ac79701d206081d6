"""SYSU-CD, CDD and DSIFN-CD loaders against fake split folders in each publisher's layout.

None of the three publishers offers a direct download or a checksum (cloud-drive shares), so
there is no download or checksum test: ``download=True`` must still say where to get them.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import numpy as np
import pytest
import torch
from PIL import Image

import geoplug.datasets
from fakedata import change_folder_pairs as fake
from fakedata._dc_checks import check_plot
from fakedata._made import check_not_found_hint
from geoplug.core.errors import InvalidDataError
from geoplug.core.testing import check_dataset_plugin
from geoplug.datasets._folder_pairs import FolderPairs
from geoplug.datasets.cdd import CDD
from geoplug.datasets.dsifn_cd import DSIFNCD
from geoplug.datasets.sysu_cd import SYSUCD

CLASSES: dict[str, type[FolderPairs]] = {"sysu_cd": SYSUCD, "cdd": CDD, "dsifn_cd": DSIFNCD}
NAMES = list(CLASSES)
SPLITS = ["train", "val", "test"]
#: the publishers' split sizes, written out here so the test does not trust the spec
PUBLISHED = {"sysu_cd": (12000, 4000, 4000), "cdd": (10000, 3000, 3000),
             "dsifn_cd": (3600, 340, 48)}


@pytest.fixture(scope="module")
def made(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """Each dataset's fake files, written once: name -> root."""
    base = tmp_path_factory.mktemp("change_folder_pairs")
    return {name: fake.make(base / name, name) for name in NAMES}


def numeric(name: str, split: str) -> list[str]:
    return sorted(fake.LAYOUTS[name].ids[split], key=int)


def split_dir(name: str, root: Path, split: str) -> Path:
    return root / fake.LAYOUTS[name].base / split


def decoded(path: Path) -> np.ndarray:
    """``[3,H,W]`` pixels of an image file as Pillow decodes it (the reference for JPEGs)."""
    with Image.open(path) as img:
        return np.asarray(img.convert("RGB")).transpose(2, 0, 1)


def assert_pair(name: str, root: Path, split: str, stem: str, sample: dict[str, torch.Tensor],
                bands: list[int] | None = None) -> None:
    """``sample`` holds pair ``stem``: both images (exact for PNG; for JPEG the decoded file,
    within 2 levels of the code written) and its change mask, exactly."""
    layout = fake.LAYOUTS[name]
    g = fake.number(name, split, stem)
    idx = bands if bands is not None else [0, 1, 2]
    assert sample["image"].dtype == torch.float32
    assert sample["image"].shape == (2, len(idx), fake.HEIGHT, fake.WIDTH)
    written = np.stack([fake.image(name, g, d) for d in (0, 1)])[:, idx].astype(np.float32)
    if layout.image_suffix == ".png":
        assert torch.equal(sample["image"], torch.from_numpy(written))
    else:
        folder = split_dir(name, root, split)
        files = [folder / sub / f"{stem}.jpg" for sub in layout.folders[:2]]
        reference = np.stack([decoded(p) for p in files])[:, idx].astype(np.float32)
        assert torch.equal(sample["image"], torch.from_numpy(reference))
        assert np.abs(reference - written).max() <= 2  # another file differs by >= 8
    assert sample["mask"].dtype == torch.int64
    assert torch.equal(sample["mask"], torch.from_numpy(fake.change(g).astype(np.int64)))


@pytest.mark.parametrize("name", NAMES)
@pytest.mark.parametrize("split", SPLITS)
def test_split_lengths_order_and_samples(made: dict[str, Path], name: str, split: str) -> None:
    ds = CLASSES[name](made[name], split=split)
    stems = numeric(name, split)
    assert len(ds) == len(stems)
    assert [before.stem for before, _, _ in ds.files] == stems
    for index, stem in enumerate(stems):
        assert_pair(name, made[name], split, stem, ds[index])
    assert set(ds[0]["mask"].unique().tolist()) == {0, 1}


def test_pixel_code_proves_window_and_file(made: dict[str, Path]) -> None:
    """Pixel (3, 5) of SYSU-CD train pair 00010 (g = 0): ``41 f + 17 b + 7*3 + 3*5 + 3*5``."""
    sample = SYSUCD(made["sysu_cd"])[1]  # numeric order: 00002, 00010, 00101
    g = fake.number("sysu_cd", "train", "00010")
    assert sample["image"][:, :, 3, 5].tolist() == [
        [float((41 * (2 * g + d) + 17 * b + 51) % 256) for b in range(3)] for d in (0, 1)]


def test_cdd_jpeg_mask_is_thresholded_at_128(made: dict[str, Path]) -> None:
    """OUT masks are JPEGs: their 0/255 edges decode to values like 1 and 254, which are
    not change and change respectively."""
    path = split_dir("cdd", made["cdd"], "val") / "OUT" / "00001.jpg"
    with Image.open(path) as img:
        values = set(np.unique(np.asarray(img)).tolist())
    assert values - {0, 255}, "the fake mask should carry JPEG noise"
    g = fake.number("cdd", "val", "00001")
    assert torch.equal(CDD(made["cdd"], split="val")[1]["mask"],
                       torch.from_numpy(fake.change(g).astype(np.int64)))


def test_cdd_threshold_is_the_middle_grey(made: dict[str, Path], tmp_path: Path) -> None:
    """Flat 8x8 blocks survive JPEG exactly: 126 is no change, 130 is change (a cut at 0 or
    at 200 would read them both alike)."""
    root = tmp_path / "cdd"
    shutil.copytree(made["cdd"], root)
    folder = split_dir("cdd", root, "val")
    mask = folder / "OUT" / "00001.jpg"
    with Image.open(mask) as img:
        height, width = img.height, img.width
    values = np.full((height, width), 126, np.uint8)
    values[:, 8:] = 130
    Image.fromarray(values, "L").save(mask, quality=95)
    with Image.open(mask) as img:
        assert np.asarray(img)[0, 0] == 126 and np.asarray(img)[0, 15] == 130
    out = CDD(root, split="val")[1]["mask"]
    assert out[0, 0].item() == 0 and out[0, 15].item() == 1


@pytest.mark.parametrize("name", NAMES)
def test_pair_without_its_before_image_is_named(made: dict[str, Path], tmp_path: Path,
                                                name: str) -> None:
    """A before image lost in extraction would drop its pair silently: it is an error."""
    root = tmp_path / name
    shutil.copytree(made[name], root)
    layout = fake.LAYOUTS[name]
    before = split_dir(name, root, "train") / layout.folders[0]
    victim = sorted(p for p in before.iterdir() if not p.name.startswith("."))[0]
    victim.unlink()
    with pytest.raises(InvalidDataError, match=r"has no before image"):
        geoplug.datasets.get(name)(root)


def test_cdd_reads_only_the_real_pairs(made: dict[str, Path]) -> None:
    ds = CDD(made["cdd"])
    assert all("Real/subset/train/A" in before.as_posix() for before, _, _ in ds.files)


def test_dsifn_test_masks_are_tif(made: dict[str, Path]) -> None:
    ds = DSIFNCD(made["dsifn_cd"], split="test")
    assert [m.name for _, _, m in ds.files] == ["3.tif", "11.tif"]
    assert [m.suffix for _, _, m in DSIFNCD(made["dsifn_cd"]).files] == [".png"] * 3


@pytest.mark.parametrize("name", NAMES)
def test_split_folders_without_top_folder(made: dict[str, Path], tmp_path: Path,
                                          name: str) -> None:
    """A copy arranged as ``<root>/<split>/...`` (the layout most change-detection code
    expects) reads the same, and so does the same copy one folder below ``root``."""
    source = split_dir(name, made[name], "val")
    stem = numeric(name, "val")[1]
    shutil.copytree(source, tmp_path / "flat" / "val")
    shutil.copytree(source, tmp_path / "outer" / "my-copy" / "val")
    # a copy made on macOS leaves AppleDouble files next to the images: not pairs
    layout = fake.LAYOUTS[name]
    junk = tmp_path / "flat" / "val" / layout.folders[0] / f"._{stem}{layout.image_suffix}"
    junk.write_bytes(b"\x00\x05\x16\x07")
    for root in (tmp_path / "flat", tmp_path / "outer"):
        ds = CLASSES[name](root, split="val")
        assert [b.stem for b, _, _ in ds.files] == numeric(name, "val")
        assert ds.files[1][0].parent.parent.parent.name in ("flat", "my-copy")
        assert_pair(name, made[name], "val", stem, ds[1])


@pytest.mark.parametrize("name", NAMES)
def test_missing_partner_is_named(made: dict[str, Path], tmp_path: Path, name: str) -> None:
    layout = fake.LAYOUTS[name]
    shutil.copytree(split_dir(name, made[name], "val"), tmp_path / "val")
    stem = numeric(name, "val")[1]
    (tmp_path / "val" / layout.folders[2] / f"{stem}{layout.mask_suffix['val']}").unlink()
    with pytest.raises(InvalidDataError, match=rf"{layout.folders[2]}.{stem}\."):
        CLASSES[name](tmp_path, split="val")
    other = numeric(name, "val")[0]  # its mask is there, its after image is not
    (tmp_path / "val" / layout.folders[1] / f"{other}{layout.image_suffix}").unlink()
    with pytest.raises(InvalidDataError, match=rf"{layout.folders[1]}.{other}\."):
        CLASSES[name](tmp_path, split="val")


@pytest.mark.parametrize("name", NAMES)
def test_size_mismatch_is_named(made: dict[str, Path], tmp_path: Path, name: str) -> None:
    layout = fake.LAYOUTS[name]
    shutil.copytree(split_dir(name, made[name], "val"), tmp_path / "val")
    ds = CLASSES[name](tmp_path, split="val")
    stem = numeric(name, "val")[1]
    Image.new("L", (8, 8)).save(tmp_path / "val" / layout.folders[2]
                                / f"{stem}{layout.mask_suffix['val']}")
    assert ds[0]["mask"].shape == (fake.HEIGHT, fake.WIDTH)
    with pytest.raises(InvalidDataError, match=rf"{stem}\."):
        _ = ds[1]


@pytest.mark.parametrize("name", NAMES)
def test_empty_split_folder(tmp_path: Path, name: str) -> None:
    (tmp_path / "train" / fake.LAYOUTS[name].folders[0]).mkdir(parents=True)
    with pytest.raises(InvalidDataError, match="no sample"):
        CLASSES[name](tmp_path)


@pytest.mark.parametrize("name", NAMES)
def test_band_selection_order(made: dict[str, Path], name: str) -> None:
    ds = CLASSES[name](made[name], split="val", bands=["B", "R"])
    assert_pair(name, made[name], "val", numeric(name, "val")[0], ds[0], bands=[2, 0])
    assert ds.rgb_indices == []


@pytest.mark.parametrize("name", NAMES)
def test_invalid_split(made: dict[str, Path], name: str) -> None:
    with pytest.raises(ValueError, match="validation"):
        CLASSES[name](made[name], split="validation")


@pytest.mark.parametrize(("name", "texts"), [
    ("sysu_cd", ("train/time1/", "github.com/liumency/SYSU-CD", "download=True")),
    ("cdd", ("Real/subset/test/A/", "test/A/", "1GX656JqqOyBi_Ef0w65kDGVto-nHrNs9")),
    ("dsifn_cd", ("val/t1/", "GeoZcx", "Baidu")),
])
def test_not_found_says_where_to_get_it(tmp_path: Path, name: str,
                                        texts: tuple[str, ...]) -> None:
    split = {"sysu_cd": "train", "cdd": "test", "dsifn_cd": "val"}[name]
    check_not_found_hint(CLASSES[name], tmp_path, *texts, split=split)


@pytest.mark.parametrize("name", NAMES)
def test_plot(made: dict[str, Path], name: str) -> None:
    check_plot(CLASSES[name](made[name], split="val"))


@pytest.mark.parametrize("name", NAMES)
def test_registry(name: str) -> None:
    assert geoplug.datasets.get(name) is CLASSES[name]
    info = geoplug.datasets.info(name)
    assert info.task == "change_detection"
    assert info.splits == tuple(SPLITS)
    assert info.num_samples == sum(PUBLISHED[name])
    assert CLASSES[name].classes == ("no change", "change")
    assert CLASSES[name].all_bands == ("R", "G", "B")


@pytest.mark.parametrize(("alias", "name"), [("sysucd", "sysu_cd"), ("svcd", "cdd"),
                                             ("dsifn", "dsifn_cd")])
def test_aliases(alias: str, name: str) -> None:
    assert geoplug.datasets.get(alias) is CLASSES[name]


@pytest.mark.parametrize("name", NAMES)
def test_plugin(made: dict[str, Path], name: str) -> None:
    check_dataset_plugin(name, data=made[name])
