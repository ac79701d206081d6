"""Fields of The World loader against fake per-country archives."""

from __future__ import annotations

import importlib.util
import shutil
from pathlib import Path

import matplotlib
import numpy as np
import pytest
import torch
from rasterio.crs import CRS

import geoplug.datasets
import geoplug.datasets.ftw as ftw_module
from fakedata import ftw as fake
from fakedata._dc_checks import check_plot
from fakedata._made import made_root
from geoplug.core.errors import ChecksumError, DatasetNotFoundError, InvalidDataError
from geoplug.core.testing import check_dataset_plugin
from geoplug.datasets.ftw import FieldsOfTheWorld as FTW

matplotlib.use("Agg")
HAS_PYARROW = importlib.util.find_spec("pyarrow") is not None


root = made_root(fake.make, "ftw", extract=True)


def test_registry() -> None:
    assert geoplug.datasets.get("ftw") is FTW
    assert geoplug.datasets.info("ftw").bands == ("B04", "B03", "B02", "B08")


@pytest.mark.parametrize(("split", "countries", "n"), [
    ("train", None, 3), ("train", "austria", 2), ("val", ["rwanda"], 1), ("val", None, 2),
    ("test", "Austria", 1)])
def test_lengths(root: Path, split: str, countries: object, n: int) -> None:
    """Splits come from the chips table; the chip without window_b is skipped."""
    ds = FTW(root, split=split, countries=countries)  # type: ignore[arg-type]
    assert len(ds) == n
    assert all(aoi not in fake.MISSING_B for _, aoi in ds.files)


def test_sample_stacks_both_windows(root: Path) -> None:
    ds = FTW(root, countries="austria")
    sample = ds[1]  # g212_c0001_r1 (table order)
    aoi = "g212_c0001_r1"
    assert sample["image"].shape == (8, fake.H, fake.W)
    assert sample["image"].dtype == torch.float32
    assert sample["mask"].dtype == torch.int64
    assert sample["image"][:, 7, 3].tolist() == [
        float(v) for v in np.concatenate([fake.image(aoi, 0), fake.image(aoi, 1)])[:, 7, 3]]
    assert torch.equal(sample["mask"], torch.from_numpy(
        fake.mask(aoi, "semantic_2class").astype(np.int64)))
    assert sample["crs"] == CRS.from_epsg(32633)
    assert sample["bounds"].minx == pytest.approx(500000.0 + 3000 * fake.chip_index(aoi))


@pytest.mark.parametrize("target", ["semantic_3class", "instance"])
def test_targets(root: Path, target: str) -> None:
    mask = FTW(root, split="val", countries="rwanda", target=target)[0]["mask"]
    assert torch.equal(mask, torch.from_numpy(fake.mask("g0_c0101_r9", target).astype(np.int64)))


def test_windows_and_bands(root: Path) -> None:
    aoi = "g0_c0100_r9"
    ds = FTW(root, countries="rwanda", windows=("window_b", "window_a"), bands=["B08", "B04"])
    image = ds[0]["image"]
    assert image.shape == (4, fake.H, fake.W)
    b, a = fake.image(aoi, 1), fake.image(aoi, 0)
    assert image[:, 2, 9].tolist() == [float(b[3, 2, 9]), float(b[0, 2, 9]),
                                       float(a[3, 2, 9]), float(a[0, 2, 9])]
    one = FTW(root, countries="rwanda", windows="window_a", bands=["B02"])[0]["image"]
    assert one.shape == (1, fake.H, fake.W)


def test_a_chip_missing_only_window_b_is_kept_for_window_a(root: Path) -> None:
    assert len(FTW(root, countries="austria", windows="window_a")) == 3


def test_bad_arguments(root: Path) -> None:
    with pytest.raises(ValueError, match="target 'binary' is not one of"):
        FTW(root, target="binary")
    with pytest.raises(ValueError, match=r"windows .*window_c.* must be among"):
        FTW(root, windows="window_c")
    with pytest.raises(ValueError, match=r"unknown countries .*atlantis"):
        FTW(root, countries="atlantis")
    with pytest.raises(ValueError, match="name the countries to download"):
        FTW(root, download=True)


def test_not_found(tmp_path: Path) -> None:
    for countries in (None, "austria"):
        with pytest.raises(DatasetNotFoundError, match="download=True") as info:
            FTW(tmp_path, countries=countries)
        assert str(tmp_path) in str(info.value)


def test_extracts_country_archive_on_disk(tmp_path: Path) -> None:
    fake.make(tmp_path)
    assert len(FTW(tmp_path, split="val", countries="austria")) == 1
    assert (tmp_path / "austria" / "s2_images" / "window_a" / "g211_c0017_r3.tif").is_file()
    assert not (tmp_path / "rwanda").exists()


def test_download(tmp_path: Path, http_root: Path, http_server,
                  monkeypatch: pytest.MonkeyPatch) -> None:
    info = fake.make(http_root)
    monkeypatch.setattr(ftw_module, "BASE_URL", http_server.url)
    for name, digest in info["archives"].items():
        monkeypatch.setitem(ftw_module.FTW_MD5, name.removesuffix(".zip"), digest)
    ds = FTW(tmp_path / "x", countries=["rwanda", "austria"], download=True, checksum=True)
    assert len(ds) == 3


def test_checksum_mismatch(tmp_path: Path) -> None:
    fake.make(tmp_path)  # the real release's md5 cannot match the fake archive
    with pytest.raises(ChecksumError):
        FTW(tmp_path, countries="rwanda", checksum=True)


@pytest.mark.skipif(HAS_PYARROW, reason="pyarrow reads the Parquet table")
def test_parquet_only_without_pyarrow_says_what_to_install(tmp_path: Path) -> None:
    fake.make(tmp_path, extract=True)
    csv = tmp_path / "rwanda" / "chips_rwanda.csv"
    csv.unlink()
    (tmp_path / "rwanda" / "chips_rwanda.parquet").write_bytes(b"PAR1\x00PAR1")
    with pytest.raises(ImportError, match=r"needs pyarrow .*chips_rwanda\.csv"):
        FTW(tmp_path, countries="rwanda")


def test_table_without_split_column(tmp_path: Path) -> None:
    fake.make(tmp_path, extract=True)
    for table in (tmp_path / "rwanda").glob("chips_*"):
        table.unlink()
    (tmp_path / "rwanda" / "chips_rwanda.csv").write_text("aoi_id,fold\ng0_c0100_r9,1\n")
    with pytest.raises(InvalidDataError, match="expected aoi_id and split"):
        FTW(tmp_path, countries="rwanda")


def test_plot(root: Path) -> None:
    check_plot(FTW(root))


def test_conformance(root: Path) -> None:
    report = check_dataset_plugin("ftw", data=root, kwargs={"windows": "window_a"})
    assert "bands=['B04'] selects one channel" in report.passed


@pytest.mark.skipif(not HAS_PYARROW, reason="writing Parquet needs pyarrow")
def test_parquet_without_split_column(tmp_path: Path) -> None:
    import pyarrow as pa
    import pyarrow.parquet as pq

    fake.make(tmp_path, extract=True)
    pq.write_table(pa.table({"aoi_id": ["g0_c0100_r9"]}),
                   tmp_path / "rwanda" / "chips_rwanda.parquet")
    with pytest.raises(InvalidDataError, match="has no aoi_id/split columns"):
        FTW(tmp_path, countries="rwanda")


def test_unpacked_under_ftw_and_unlisted_country(tmp_path: Path) -> None:
    """`ftw data unpack` puts the countries in <root>/ftw/; any country folder is read."""
    fake.make(tmp_path / "src", extract=True)
    shutil.copytree(tmp_path / "src" / "rwanda", tmp_path / "ftw" / "rwanda")
    shutil.copytree(tmp_path / "src" / "austria", tmp_path / "ftw" / "japan")
    for table in (tmp_path / "ftw" / "japan").glob("chips_austria.*"):
        table.rename(table.with_name(table.name.replace("austria", "japan")))
    ds = FTW(tmp_path)
    assert ds.countries == ["japan", "rwanda"]
    assert len(ds) == 3
    assert len(FTW(tmp_path, countries="japan")) == 2


def test_country_archives_on_disk_without_naming_countries(tmp_path: Path) -> None:
    fake.make(tmp_path)  # austria.zip and rwanda.zip, not extracted
    ds = FTW(tmp_path, split="val")
    assert ds.countries == ["austria", "rwanda"] and len(ds) == 2
    assert (tmp_path / "rwanda" / "label_masks" / "instance" / "g0_c0101_r9.tif").is_file()
    sample = ds[1]  # rwanda's val chip
    assert sample["mask"].tolist() == fake.mask("g0_c0101_r9", "semantic_2class").tolist()
