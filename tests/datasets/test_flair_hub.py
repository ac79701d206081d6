"""FLAIR-HUB and its toy subset against fake per domain-year/modality zips and the split table."""

from __future__ import annotations

from pathlib import Path

import matplotlib
import numpy as np
import pytest
import torch

import geoplug.datasets
from fakedata import flair_hub as fake
from fakedata._dc_checks import check_not_found
from fakedata._made import made_root
from fakedata._segutil import served_resources, write_tif
from geoplug.core.errors import ChecksumError, InvalidDataError
from geoplug.core.testing import check_dataset_plugin
from geoplug.datasets import flair_hub
from geoplug.datasets.flair_hub import FLAIRHUB, FLAIRHUBToy

matplotlib.use("Agg")

ALL = ["aerial", "spot", "dem", "aerial_rlt", "s2", "s2_mask", "s1_asc", "s1_desc"]
root = made_root(fake.make, "flair_hub", extract=True)


def test_registry() -> None:
    assert geoplug.datasets.get("flair_hub") is FLAIRHUB
    assert geoplug.datasets.get("flair_hub_toy") is FLAIRHUBToy
    info = geoplug.datasets.info("flair_hub")
    assert info.task == "segmentation"
    assert info.classes[0] == "building" and info.num_classes == 19


@pytest.mark.parametrize(("split", "column", "ids"), [
    ("train", None, [0, 2, 4]), ("val", None, [1]), ("test", None, [3]),
    ("train", "split_2", [1, 3, 4]), ("test", "split_2", [0]),
])
def test_splits(root: Path, split: str, column: str | None, ids: list[int]) -> None:
    # the table's patch of a domain that is not on disk (ABSENT, train) is left out
    ds = FLAIRHUB(root, split=split, split_column=column)
    assert ds.patches == [fake.patch_id(i) for i in ids]


def test_sample_pixels_and_mask(root: Path) -> None:
    ds = FLAIRHUB(root, split="train", modalities=ALL)
    position, i = 1, 2  # D012-2019, a 4-date series
    sample = ds[position]
    assert sample["patch_id"] == fake.patch_id(i)
    assert sample["image_aerial"].dtype == torch.float32
    assert sample["image_aerial"].shape == (4, fake.SIZE, fake.SIZE)
    assert np.array_equal(sample["image_aerial"].numpy(), fake.image(i, "AERIAL_RGBI"))
    assert np.array_equal(sample["image_spot"].numpy(), fake.image(i, "SPOT_RGBI"))
    assert np.array_equal(sample["image_dem"].numpy(), fake.image(i, "DEM_ELEV"))
    assert np.array_equal(sample["image_aerial_rlt"].numpy(), fake.image(i, "AERIAL-RLT_PAN"))
    for key, suffix in (("s2", "SENTINEL2_TS"), ("s2_mask", "SENTINEL2_MSK-SC"),
                        ("s1_asc", "SENTINEL1-ASC_TS"), ("s1_desc", "SENTINEL1-DESC_TS")):
        assert sample[f"image_{key}"].shape == fake.series(i, suffix).shape
        assert np.array_equal(sample[f"image_{key}"].numpy(), fake.series(i, suffix))
    assert sample["image_s2"].shape == (4, 10, fake.SENTINEL, fake.SENTINEL)
    # date 2, band B03 is band 2*10+1 of the file
    assert sample["image_s2"][2, 1].numpy().tolist() == \
        fake.image(i, "SENTINEL2_TS")[21].tolist()
    assert sample["mask"].dtype == torch.int64
    assert np.array_equal(sample["mask"].numpy(), fake.cosia(i))
    assert sample["bounds"].minx == pytest.approx(843000.0 + 102.4 * i)
    assert sample["crs"].to_epsg() == 2154


def test_default_modality_is_aerial(root: Path) -> None:
    sample = FLAIRHUB(root)[0]
    assert {k for k in sample if k.startswith("image_")} == {"image_aerial"}


def test_band_selection(root: Path) -> None:
    ds = FLAIRHUB(root, modalities=["aerial", "spot", "s2"], bands=["NIR", "R", "B08", "B02"])
    sample = ds[2]  # patch 4
    assert np.array_equal(sample["image_aerial"].numpy(), fake.image(4, "AERIAL_RGBI")[[3, 0]])
    assert np.array_equal(sample["image_spot"].numpy(), fake.image(4, "SPOT_RGBI")[[3, 0]])
    assert np.array_equal(sample["image_s2"].numpy(),
                          fake.series(4, "SENTINEL2_TS")[:, [6, 0]])
    with pytest.raises(ValueError, match="has none of the bands"):
        FLAIRHUB(root, modalities=["aerial", "dem"], bands=["R"])


def test_lpis_target(root: Path) -> None:
    ds = FLAIRHUB(root, split="test", target="lpis")
    assert ds.classes[0] == "grasses" and len(ds.classes) == 23
    assert np.array_equal(ds[0]["mask"].numpy(), fake.lpis(3)[0])


def test_domains(root: Path) -> None:
    ds = FLAIRHUB(root, domains=["D032-2019"])
    assert ds.patches == [fake.patch_id(4)]
    with pytest.raises(ValueError, match="unknown domain-year"):
        FLAIRHUB(root, domains=["D999-2020"])


def test_bad_arguments(root: Path) -> None:
    with pytest.raises(ValueError, match="target"):
        FLAIRHUB(root, target="crops")
    with pytest.raises(ValueError, match="split_column"):
        FLAIRHUB(root, split_column="split_toy")


def test_missing_split_column(root: Path) -> None:
    with pytest.raises(InvalidDataError, match="no 'split_3' column"):
        FLAIRHUB(root, split_column="split_3")


def test_hugging_face_copy_and_default_column(tmp_path: Path) -> None:
    # a snapshot of the repository keeps the zips in data/; a table without split_1 falls
    # back to its first split column unless split_column names one
    fake.make(tmp_path / "data", toy=False)
    ds = FLAIRHUB(tmp_path, split="test")
    assert ds.base == tmp_path / "data"
    assert ds.patches == [fake.patch_id(3)]
    toy = tmp_path / "toy"
    fake.make(toy, extract=True, toy=True)
    for child in list((toy / "FLAIR-HUB_TOY").iterdir()):  # the toy's tree at the root
        child.rename(toy / child.name)
    (toy / "FLAIR-HUB_TOY").rmdir()
    assert FLAIRHUB(toy, split="val").patches == [fake.patch_id(1)]  # split_toy, not split_1
    with pytest.raises(InvalidDataError, match="no 'split_1' column"):
        FLAIRHUB(toy, split_column="split_1")
    assert FLAIRHUBToy(toy, split="val").base == toy


def test_root_with_uri_characters(tmp_path: Path) -> None:
    # IGN names folders flair#1-test; '#', '?' and '%' must not cut the split table's path
    odd = tmp_path / "flair#2 test?x%41"
    fake.make(odd, extract=True)
    ds = FLAIRHUB(odd, split="test")
    assert ds.patches == [fake.patch_id(3)]
    assert np.array_equal(ds[0]["mask"].numpy(), fake.cosia(3))
    columns, table = flair_hub.read_split_table(odd / flair_hub.SPLIT_TABLE)
    assert "split_2" in columns and len(table) == len(fake.PATCHES) + 1


def test_downloads_pinned_revision(root: Path) -> None:
    # the zips come from the release TorchGeo pins, not from the moving main branch
    revision = "e8ed7981d488508aa70bb05c37cf6585432b7d5f"
    resource = FLAIRHUB(root)._resource("D006-2020_AERIAL_RGBI.zip")
    assert resource.url == ("https://huggingface.co/datasets/IGNF/FLAIR-HUB/resolve/"
                            f"{revision}/data/D006-2020_AERIAL_RGBI.zip")


def test_extracts_zips_on_disk(tmp_path: Path) -> None:
    fake.make(tmp_path)
    ds = FLAIRHUB(tmp_path, split="val", modalities=["s1_desc"])
    assert (tmp_path / "D006-2020_SENTINEL1-DESC_TS").is_dir()
    assert not (tmp_path / "D006-2020_AERIAL_RGBI").exists()
    assert np.array_equal(ds[0]["image_s1_desc"].numpy(), fake.series(1, "SENTINEL1-DESC_TS"))


def test_not_found(tmp_path: Path) -> None:
    check_not_found(FLAIRHUB, tmp_path)


def test_modality_zip_missing(tmp_path: Path) -> None:
    fake.make(tmp_path)
    (tmp_path / "D012-2019_SPOT_RGBI.zip").unlink()
    with pytest.raises(FileNotFoundError, match=r"D012-2019_SPOT_RGBI\.zip"):
        FLAIRHUB(tmp_path, modalities=["spot"])


def test_download(tmp_path: Path, http_root: Path, http_server, monkeypatch) -> None:
    md5s = fake.make(http_root)["md5"]
    monkeypatch.setattr(flair_hub, "URL", f"{http_server.url}/")
    monkeypatch.setattr(FLAIRHUB, "checksums", md5s)
    ds = FLAIRHUB(tmp_path, domains=["D006-2020", "D032-2019"], modalities=["s2"],
                  download=True, checksum=True)
    assert ds.patches == [fake.patch_id(0), fake.patch_id(4)]
    assert np.array_equal(ds[1]["image_s2"].numpy(), fake.series(4, "SENTINEL2_TS"))
    assert (tmp_path / "D032-2019_SENTINEL2_TS.zip").is_file()
    assert not (tmp_path / "D006-2020_AERIAL_RGBI.zip").exists()
    assert not (tmp_path / "D012-2019_SENTINEL2_TS.zip").exists()


def test_checksum_mismatch(tmp_path: Path, monkeypatch) -> None:
    fake.make(tmp_path)
    monkeypatch.setattr(FLAIRHUB, "checksums", {"D012-2019_AERIAL_RGBI.zip": "0" * 32})
    with pytest.raises(ChecksumError):
        FLAIRHUB(tmp_path, checksum=True)


def test_series_of_wrong_band_count(tmp_path: Path) -> None:
    fake.make(tmp_path, extract=True)
    bad = (tmp_path / "D006-2020_SENTINEL2_TS" / "FF-S1-14"
           / "D006-2020_SENTINEL2_TS_FF-S1-14_5-5.tif")
    write_tif(bad, np.zeros((15, 2, 2), np.uint16), crs="EPSG:2154")
    ds = FLAIRHUB(tmp_path, modalities=["s2"])
    with pytest.raises(InvalidDataError, match=r"D006-2020_SENTINEL2_TS_FF-S1-14_5-5\.tif"):
        ds[0]


def test_plot(root: Path) -> None:
    import matplotlib.pyplot as plt

    ds = FLAIRHUB(root, modalities=["aerial", "s2"])
    fig = ds.plot(ds[0])
    assert isinstance(fig, plt.Figure)
    assert [ax.get_title() for ax in fig.axes] == ["aerial", "s2", "mask"]
    plt.close(fig)


def test_conformance(root: Path) -> None:
    check_dataset_plugin("flair_hub", data=root)


def test_toy(tmp_path: Path, http_root: Path, http_server, monkeypatch) -> None:
    md5s = fake.make(http_root, toy=True)["md5"]
    monkeypatch.setattr(FLAIRHUBToy, "resources",
                        served_resources(FLAIRHUBToy.resources, http_server.url, md5s))
    ds = FLAIRHUBToy(tmp_path, split="train", modalities=["aerial", "dem"], download=True,
                     checksum=True)
    assert ds.patches == [fake.patch_id(i) for i in (0, 2, 4)]
    assert (tmp_path / "FLAIR-HUB_TOY" / "GLOBAL_ALL_MTD" / "GLOBAL_ALL_MTD_SPLIT.gpkg").is_file()
    sample = ds[2]
    assert np.array_equal(sample["image_dem"].numpy(), fake.image(4, "DEM_ELEV"))
    assert np.array_equal(sample["mask"].numpy(), fake.cosia(4))
    check_dataset_plugin("flair_hub_toy", data=tmp_path)
    with pytest.raises(ValueError, match="split_column"):
        FLAIRHUBToy(tmp_path, split_column="split_1")


def test_toy_checksum_and_not_found(tmp_path: Path, monkeypatch) -> None:
    check_not_found(FLAIRHUBToy, tmp_path)
    fake.make(tmp_path, toy=True)
    monkeypatch.setattr(FLAIRHUBToy, "resources", served_resources(
        FLAIRHUBToy.resources, "http://127.0.0.1:9", {"FLAIR-HUB_TOY_DATASET.zip": "0" * 32}))
    with pytest.raises(ChecksumError):
        FLAIRHUBToy(tmp_path, checksum=True)
