"""MDAS loader against a fake Augsburg_data_4_publication.zip in the mirror's layout."""

from __future__ import annotations

import zipfile
from pathlib import Path
from typing import Any

import numpy as np
import pytest
import torch

import geoplug.datasets
from fakedata import mdas as fake
from fakedata._dc_checks import (
    archive_fixtures,
    check_made_checksum,
    check_not_found,
    check_plot,
    copy_archives,
    serve_made,
)
from geoplug.core.errors import InvalidDataError
from geoplug.core.testing import check_dataset_plugin
from geoplug.datasets.mdas import MDAS
from testkit.http import Served

made, root = archive_fixtures(fake.make, "mdas")
#: modality -> product file stem
STEMS = {"hyspex": "HySpex", "rgb_3k": "3K_RGB", "dsm_3k": "3K_DSM",
         "enmap_10m": "EeteS_EnMAP_10m", "enmap_30m": "EeteS_EnMAP_30m",
         "s2": "Sentinel_2", "eetes_s2_10m": "EeteS_Sentinel_2_10m", "s1": "Sentinel_1"}


def test_archive_layout(made: dict[str, Any]) -> None:
    with zipfile.ZipFile(made["dir"] / fake.ARCHIVE) as zf:
        names = set(zf.namelist())
    assert len(names) == 3 * 11
    assert "Augsburg_data_4_publication/sub_area_2/EeteS_EnMAP_30m_sub_area2.tif" in names


def test_default_leaves_out_the_3k_products(root: Path) -> None:
    sample = MDAS(root, subareas=["sub_area_2"])[0]
    assert list(sample) == [f"image_{m}" for m in STEMS if not m.endswith("_3k")] + ["mask"]


def test_all_modalities_of_every_subarea(root: Path) -> None:
    ds = MDAS(root, modalities=list(STEMS))
    assert len(ds) == 3
    for s in range(3):
        sample = ds[s]
        assert list(sample) == [*(f"image_{m}" for m in STEMS), "mask"]
        for modality, stem in STEMS.items():
            image = sample[f"image_{modality}"]
            assert image.dtype == torch.float32
            np.testing.assert_array_equal(image.numpy(),
                                          fake.product(s, stem).astype(np.float32))
        assert sample["mask"].dtype == torch.int64
        np.testing.assert_array_equal(sample["mask"].numpy(), fake.classes(s, "osm_landuse"))
        assert sample["mask"].shape == sample["image_hyspex"].shape[-2:]


def test_landuse_codes_become_classes(root: Path) -> None:
    """7201 forest -> 1, 7217 scrub -> 16 (7216 is not a class), -2147483647 -> 0."""
    import rasterio

    ds = MDAS(root, modalities=["s1"], subareas=["sub_area_3"])
    with rasterio.open(ds.files[0]["label"]) as src:
        codes = src.read(1)
    mask = ds[0]["mask"].numpy()
    for code, index in ((-2147483647, 0), (7201, 1), (7217, 16), (7219, 18)):
        assert (codes == code).any()
        assert (mask[codes == code] == index).all()
    assert ds.classes[16] == "scrub"


@pytest.mark.parametrize(("label", "count"), [("buildings", 2), ("water", 5)])
def test_other_labels(root: Path, label: str, count: int) -> None:
    ds = MDAS(root, modalities=["hyspex"], subareas=["sub_area_2"], label=label)
    assert len(ds.classes) == count
    np.testing.assert_array_equal(ds[0]["mask"].numpy(), fake.classes(1, f"osm_{label}"))


def test_band_selection_across_modalities(root: Path) -> None:
    """B04 is in the simulated and in the real Sentinel-2 product; HySpex_010 only in one."""
    ds = MDAS(root, bands=["B04", "B02", "HySpex_010"],
              modalities=["eetes_s2_10m", "s2", "hyspex"], subareas=["sub_area_1"])
    sample = ds[0]
    np.testing.assert_array_equal(sample["image_s2"].numpy(),
                                  fake.product(0, "Sentinel_2")[[3, 1]].astype(np.float32))
    np.testing.assert_array_equal(sample["image_eetes_s2_10m"].numpy(),
                                  fake.product(0, "EeteS_Sentinel_2_10m")[[2, 0]])
    np.testing.assert_array_equal(sample["image_hyspex"].numpy(),
                                  fake.product(0, "HySpex")[[9]].astype(np.float32))
    with pytest.raises(ValueError, match="none of the modalities"):
        MDAS(root, bands=["VV"], modalities=["s2"])


def test_invalid_arguments(root: Path) -> None:
    with pytest.raises(ValueError, match="subareas"):
        MDAS(root, subareas=["sub_area_4"])
    with pytest.raises(ValueError, match="label"):
        MDAS(root, label="roads")
    with pytest.raises(ValueError, match="modality"):
        MDAS(root, modalities=["lidar"])


def test_missing_product_is_named(made: dict[str, Any], tmp_path: Path) -> None:
    copy_archives(made["dir"], tmp_path, [fake.ARCHIVE])
    MDAS(tmp_path, modalities=["s1"])
    (tmp_path / fake.TOP / "sub_area_2" / "Sentinel_1_sub_area2.tif").unlink()
    assert len(MDAS(tmp_path, modalities=["s1"], subareas=["sub_area_1"])) == 1
    with pytest.raises(InvalidDataError, match=r"Sentinel_1_sub_area2\.tif"):
        MDAS(tmp_path, modalities=["s1"])


def test_unknown_code_is_named(made: dict[str, Any], tmp_path: Path) -> None:
    import rasterio

    copy_archives(made["dir"], tmp_path, [fake.ARCHIVE])
    ds = MDAS(tmp_path, modalities=["s1"], subareas=["sub_area_1"], label="water")
    with rasterio.open(ds.files[0]["label"], "r+") as dst:
        data = dst.read()
        data[0, 2, 3] = 8300
        dst.write(data)
    with pytest.raises(InvalidDataError, match=r"row 2, col 3"):
        ds[0]


def test_not_found(tmp_path: Path) -> None:
    check_not_found(MDAS, tmp_path)


def test_download(made: dict[str, Any], http_server: Served, http_root: Path, tmp_path: Path,
                  monkeypatch: pytest.MonkeyPatch) -> None:
    serve_made(MDAS, made, http_server.url, http_root, monkeypatch)
    ds = MDAS(tmp_path / "dl", download=True, checksum=True, modalities=["enmap_30m"])
    assert len(ds) == 3
    np.testing.assert_array_equal(ds[2]["image_enmap_30m"].numpy(),
                                  fake.product(2, "EeteS_EnMAP_30m").astype(np.float32))


def test_checksum_mismatch(made: dict[str, Any], tmp_path: Path,
                           monkeypatch: pytest.MonkeyPatch) -> None:
    check_made_checksum(MDAS, made, monkeypatch, tmp_path, fake.ARCHIVE)


def test_published_resource() -> None:
    (resource,) = MDAS.resources
    assert resource.url == ("https://huggingface.co/datasets/torchgeo/mdas/resolve/"
                            "860226b74269f1cf1bed8ea3c03f571ae701144c/"
                            "Augsburg_data_4_publication.zip")
    assert resource.md5 == "7b63c26e3717cb52c6ba47d215f18d5b"


def test_plot(root: Path) -> None:
    check_plot(MDAS(root, modalities=["s2", "rgb_3k", "s1"]))


def test_registry() -> None:
    assert geoplug.datasets.get("mdas") is MDAS
    info = geoplug.datasets.info("mdas")
    assert info.task == "segmentation" and info.num_classes == 19 and info.ignore_index == 0
    assert len(info.bands) == 368 + 4 + 1 + 242 + 12 + 2  # EeteS S2 and EnMAP bands shared


def test_plugin(root: Path) -> None:
    check_dataset_plugin("mdas", data=root)
