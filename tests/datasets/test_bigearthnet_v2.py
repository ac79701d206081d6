"""BigEarthNet v2.0 (reBEN) read from the publisher's .tar.zst archives and Parquet tables."""

from __future__ import annotations

import importlib.util
import shutil
import sys
from pathlib import Path

import matplotlib
import numpy as np
import pytest
import torch
from rasterio.crs import CRS

import geoplug.datasets
from fakedata import bigearthnet_v2 as fake
from fakedata._made import check_wrong_md5
from fakedata._segutil import served_resources
from geoplug.core.bbox import BoundingBox
from geoplug.core.errors import DatasetNotFoundError, InvalidDataError
from geoplug.core.testing import check_dataset_plugin
from geoplug.datasets.bigearthnet import CLASSES_19
from geoplug.datasets.bigearthnet_v2 import IGNORE_INDEX, BigEarthNetV2

matplotlib.use("Agg")

HAS_PYARROW = importlib.util.find_spec("pyarrow") is not None


def _make(folder: Path, extract: bool = False) -> dict:
    """The fake release in ``folder``; skips where the tables (pyarrow) or, unextracted, the
    archives (zstandard / zstd) cannot be written."""
    if not HAS_PYARROW:
        pytest.skip("the metadata tables are Parquet: writing and reading them needs pyarrow")
    info = fake.make(folder, extract=extract)
    if not extract and not info["archives"]:
        pytest.skip("writing .tar.zst needs zstandard or the zstd command")
    return info


@pytest.fixture(scope="module")
def root(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("reben")
    _make(folder, extract=True)
    return folder


def _expected_s2(i: int, bands: list[str], y: int, x: int) -> list[float]:
    return [float(fake.at(i, b, y, x)) for b in bands]


@pytest.mark.parametrize(("split", "value"), [("train", "train"), ("val", "validation"),
                                              ("test", "test")])
def test_lengths_per_official_split(root: Path, split: str, value: str) -> None:
    assert len(BigEarthNetV2(root, split=split)) == len(fake.split_members(value))
    with_flagged = BigEarthNetV2(root, split=split, snow_cloud=True)
    assert len(with_flagged) == len(fake.split_members(value)) + len(
        fake.split_members(value, flagged=True))


def test_sample_pixels_labels_and_place(root: Path) -> None:
    ds = BigEarthNetV2(root, split="val")
    sample = ds[1]
    i = fake.split_members("validation")[1]  # patch 5: second tile, second S1 scene
    assert set(sample) == {"image_s1", "image_s2", "label", "crs", "bounds"}
    assert sample["image_s2"].dtype == sample["image_s1"].dtype == torch.float32
    assert tuple(sample["image_s2"].shape) == (12, 120, 120)
    assert tuple(sample["image_s1"].shape) == (2, 120, 120)
    rows, cols = torch.meshgrid(torch.arange(3.0, 9.0), torch.arange(100.0, 106.0),
                                indexing="ij")
    for b, band in enumerate(fake.S2_RES):  # 20 and 60 m bands land on the 10 m pixels
        assert torch.equal(sample["image_s2"][b, 3:9, 100:106], fake.at(i, band, rows, cols)), \
            band
    for b, band in enumerate(fake.S1_BANDS):
        assert torch.equal(sample["image_s1"][b, 3:9, 100:106], fake.at(i, band, rows, cols))
    assert sample["label"].dtype == torch.int64
    assert [CLASSES_19[k] for k in sample["label"].nonzero().flatten()] == sorted(
        fake.LABELS[i], key=CLASSES_19.index)
    assert sample["crs"] == CRS.from_string("EPSG:32629")
    x, y = fake.origin(i)
    assert sample["bounds"] == BoundingBox(x, x + 1200, y - 1200, y)
    first = BigEarthNetV2(root, split="val")[0]  # patch 2: first tile and its own pixels
    assert first["crs"] == CRS.from_string("EPSG:32633")
    assert first["image_s2"][:, 50, 60].tolist() == _expected_s2(2, list(fake.S2_RES), 50, 60)


def test_modalities_and_band_subsets(root: Path) -> None:
    s2 = BigEarthNetV2(root, split="test", modalities=["s2"], bands=["B09", "B8A", "B02"])
    sample = s2[0]
    assert set(sample) == {"image_s2", "label", "crs", "bounds"}
    assert sample["image_s2"][:, 4, 7].tolist() == _expected_s2(4, ["B09", "B8A", "B02"], 4, 7)
    s1 = BigEarthNetV2(root, modalities=["s1"], bands=["VH"])
    one = s1[2]  # patch 3 of train
    assert set(one) == {"image_s1", "label", "crs", "bounds"}
    assert one["image_s1"][0, 10, 20].item() == pytest.approx(fake.at(3, "VH", 10, 20))
    assert one["label"].nonzero().flatten().tolist() == [CLASSES_19.index("Marine waters")]
    with pytest.raises(ValueError, match="has none of the bands"):
        BigEarthNetV2(root, bands=["B02"])  # S1 chosen by default, but no S1 band
    with pytest.raises(ValueError, match="unknown modality"):
        BigEarthNetV2(root, modalities=["maps"])


def test_reference_maps_as_19_class_mask(root: Path) -> None:
    sample = BigEarthNetV2(root, split="test", maps=True)[0]
    mask = sample["mask"]
    assert mask.dtype == torch.int64 and tuple(mask.shape) == (120, 120)
    assert np.array_equal(mask.numpy(), fake.expected_mask(4, IGNORE_INDEX))
    assert IGNORE_INDEX in mask.unique().tolist()  # 122 and 423 have no 19-class counterpart


def test_snow_cloud_table_appended(root: Path) -> None:
    ds = BigEarthNetV2(root, split="train", snow_cloud=True, modalities=["s2"], bands=["B04"])
    last = ds[len(ds) - 1]
    flagged = fake.split_members("train", flagged=True)[0]
    assert last["label"].nonzero().flatten().tolist() == [CLASSES_19.index(
        "Broad-leaved forest")]
    assert last["image_s2"][0, 0, 0].item() == fake.at(flagged, "B04", 0, 0)


def test_archives_extracted_as_needed(tmp_path: Path) -> None:
    _make(tmp_path, extract=False)
    ds = BigEarthNetV2(tmp_path, split="test")
    assert (tmp_path / "BigEarthNet-S1").is_dir() and (tmp_path / "BigEarthNet-S2").is_dir()
    assert not (tmp_path / "Reference_Maps").exists()  # not asked for
    assert not list(tmp_path.glob(".*.partial"))  # the temporary tar is gone
    assert ds[0]["image_s2"][1, 4, 7].item() == fake.at(4, "B02", 4, 7)
    mapped = BigEarthNetV2(tmp_path, split="test", maps=True)
    assert np.array_equal(mapped[0]["mask"].numpy(), fake.expected_mask(4))


def test_extracted_folders_without_archives(tmp_path: Path) -> None:
    _make(tmp_path, extract=True)
    for archive in tmp_path.glob("*.tar.zst"):
        archive.unlink()
    assert len(BigEarthNetV2(tmp_path, split="val", maps=True)) == 2


def test_damaged_archive_named(tmp_path: Path) -> None:
    _make(tmp_path, extract=False)
    (tmp_path / "BigEarthNet-S2.tar.zst").write_bytes(b"\x28\xb5\x2f\xfd not really zstd")
    with pytest.raises(InvalidDataError, match=r"BigEarthNet-S2\.tar\.zst"):
        BigEarthNetV2(tmp_path, modalities=["s2"])
    assert not list(tmp_path.glob(".*.partial"))


def test_missing_band_file_named(tmp_path: Path) -> None:
    _make(tmp_path, extract=True)
    patch, _ = fake.names(0)
    band = tmp_path / "BigEarthNet-S2" / fake.TILES[0] / patch / f"{patch}_B11.tif"
    band.unlink()
    ds = BigEarthNetV2(tmp_path, modalities=["s2"])
    with pytest.raises(InvalidDataError, match=f"{patch}_B11.tif"):
        ds[0]


def test_not_found_names_what_and_where(tmp_path: Path) -> None:
    with pytest.raises(DatasetNotFoundError) as info:
        BigEarthNetV2(tmp_path)
    message = str(info.value)
    for text in (str(tmp_path), "download=True", "metadata.parquet", "BigEarthNet-S1.tar.zst",
                 "BigEarthNet-S2.tar.zst", "zenodo.org/records/10891137"):
        assert text in message
    assert "Reference_Maps" not in message
    _make(tmp_path, extract=True)
    shutil.rmtree(tmp_path / "BigEarthNet-S1")
    (tmp_path / "BigEarthNet-S1.tar.zst").unlink()
    assert len(BigEarthNetV2(tmp_path, modalities=["s2"])) == 3  # S1 is not needed for S2
    with pytest.raises(DatasetNotFoundError, match=r"needs BigEarthNet-S1\.tar\.zst \("):
        BigEarthNetV2(tmp_path)


def test_download(tmp_path: Path, http_root: Path, http_server) -> None:
    info = _make(http_root, extract=False)
    resources = served_resources(BigEarthNetV2.resources, http_server.url, info["md5"])
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(BigEarthNetV2, "resources", resources)
        ds = BigEarthNetV2(tmp_path / "dl", split="test", modalities=["s2"], maps=True,
                           download=True, checksum=True)
    assert len(ds) == 1
    assert np.array_equal(ds[0]["mask"].numpy(), fake.expected_mask(4))
    assert sorted(p.name for p in (tmp_path / "dl").iterdir()) == [
        "BigEarthNet-S2", "BigEarthNet-S2.tar.zst", "Reference_Maps", "Reference_Maps.tar.zst",
        "metadata.parquet"]


def test_checksum_mismatch(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    _make(tmp_path)
    check_wrong_md5(BigEarthNetV2, monkeypatch, tmp_path)


def test_without_pyarrow_says_what_to_install(tmp_path: Path,
                                              monkeypatch: pytest.MonkeyPatch) -> None:
    """Runs with or without pyarrow: the table is only found, never parsed."""
    (tmp_path / "metadata.parquet").write_bytes(b"PAR1")
    for folder in ("BigEarthNet-S1", "BigEarthNet-S2"):
        (tmp_path / folder).mkdir()
    monkeypatch.setitem(sys.modules, "pyarrow", None)
    monkeypatch.setitem(sys.modules, "pyarrow.parquet", None)
    with pytest.raises(ImportError, match=r"metadata\.parquet needs pyarrow.*"
                                          r"geoplug-datasets\[parquet\]"):
        BigEarthNetV2(tmp_path)


def test_plot(root: Path) -> None:
    import matplotlib.pyplot as plt

    ds = BigEarthNetV2(root, split="test", maps=True)
    fig = ds.plot(ds[0])
    assert isinstance(fig, plt.Figure)
    assert [ax.get_title() for ax in fig.axes] == ["s1", "s2", "mask"]
    assert "label: " + ", ".join(sorted(fake.LABELS[4], key=CLASSES_19.index)) in [
        t.get_text() for t in fig.texts]


def test_registry() -> None:
    assert geoplug.datasets.get("bigearthnet_v2") is BigEarthNetV2
    spec = geoplug.datasets.info("bigearthnet_v2")
    assert spec.task == "multilabel" and spec.classes == CLASSES_19
    assert spec.bands == ("VV", "VH", *fake.S2_RES)


def test_conformance(root: Path) -> None:
    check_dataset_plugin("bigearthnet_v2", data=root)
