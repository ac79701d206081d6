"""SustainBench crop yield against a fake soybeans.zip in the publisher's layout."""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any

import numpy as np
import pytest
import torch

import geoplug.datasets
from fakedata import sustainbench_crop_yield as fake
from fakedata._dc_checks import (
    archive_fixtures,
    check_made_checksum,
    check_not_found,
    check_plot,
    serve_made,
)
from geoplug.core.errors import InvalidDataError
from geoplug.core.testing import check_dataset_plugin
from geoplug.datasets.sustainbench_crop_yield import SustainBenchCropYield
from testkit.http import Served

made, root = archive_fixtures(fake.make, "sustainbench_crop_yield")


def expected(country: str, split: str, row: int, bands: list[int] | None = None
             ) -> torch.Tensor:
    """The ``[C, bins, steps]`` image of one row."""
    array = np.moveaxis(fake.hist(country, split, row), -1, 0)
    return torch.from_numpy(array if bands is None else array[bands]).float()


def check_row(sample: dict[str, Any], country: str, split: str, row: int) -> None:
    assert torch.equal(sample["image"], expected(country, split, row))
    assert sample["label"].dtype == torch.float32 and sample["label"].shape == ()
    assert sample["label"].item() == fake.yield_(country, split, row)
    assert sample["year"].dtype == torch.int64
    assert sample["year"].item() == fake.year(country, split, row)
    assert torch.equal(sample["ndvi"], torch.from_numpy(fake.ndvi(country, split, row)).float())
    assert sample["key"] == fake.key(country, split, row)
    assert sample["country"] == country


@pytest.mark.parametrize(("split", "files"), [("train", "train"), ("val", "dev"),
                                              ("dev", "dev"), ("test", "test")])
def test_splits_read_their_files(root: Path, split: str, files: str) -> None:
    ds = SustainBenchCropYield(root, split=split)
    assert len(ds) == fake.ROWS[files]
    for row in range(len(ds)):
        check_row(ds[row], "usa", files, row)
    assert ds[0]["image"].shape == (9, 32, 32) and ds[0]["image"].dtype == torch.float32


def test_bins_steps_and_bands_are_not_transposed(root: Path) -> None:
    image = SustainBenchCropYield(root)[1]["image"]  # usa train row 1: 100 + ...
    assert image[0, 0, 0].item() == 100.0
    assert image[0, 3, 0].item() == 103.0  # bin 3
    assert image[0, 0, 32 - 1].item() == 100.0 + 31 / 64  # last time step
    assert image[8, 0, 0].item() == 102.0  # LST night, the ninth band


def test_countries_concatenate_in_the_order_given(root: Path) -> None:
    ds = SustainBenchCropYield(root, split="val", countries=["brazil", "argentina"])
    assert len(ds) == 4
    check_row(ds[0], "brazil", "dev", 0)
    check_row(ds[1], "brazil", "dev", 1)
    check_row(ds[3], "argentina", "dev", 1)
    assert len(SustainBenchCropYield(root, split="test", countries="argentina")) == 1


@pytest.mark.parametrize("countries", [["india"], ["usa", "usa"], []])
def test_bad_countries(root: Path, countries: list[str]) -> None:
    with pytest.raises(ValueError, match="countries"):
        SustainBenchCropYield(root, countries=countries)


def test_bands(root: Path) -> None:
    ds = SustainBenchCropYield(root, bands=["LST_Day_1km", "sur_refl_b02"])
    assert torch.equal(ds[2]["image"], expected("usa", "train", 2, [7, 1]))


def test_unpacked_drive_folder(made: dict[str, Any], tmp_path: Path) -> None:
    """The publisher's Drive folder downloaded as is: soybeans/ without the zip."""
    shutil.unpack_archive(made["dir"] / "soybeans.zip", tmp_path)
    assert not (tmp_path / "soybeans.zip").exists()
    check_row(SustainBenchCropYield(tmp_path, countries=["brazil"])[2], "brazil", "train", 2)


def test_parts_of_different_lengths(root: Path, tmp_path: Path) -> None:
    copy = tmp_path / "copy"
    shutil.copytree(root, copy)
    np.savez(copy / "soybeans/usa/test_years.npz", data=np.array(["2010", "2011"]))
    with pytest.raises(InvalidDataError, match="disagree in length"):
        SustainBenchCropYield(copy, split="test")
    (copy / "soybeans/usa/test_years.npz").write_bytes(b"truncated")
    with pytest.raises(InvalidDataError, match=r"test_years\.npz"):
        SustainBenchCropYield(copy, split="test")


def test_object_keys_and_other_array_names(root: Path, tmp_path: Path) -> None:
    copy = tmp_path / "copy"
    shutil.copytree(root, copy)
    np.savez(copy / "soybeans/usa/test_keys.npz", data=np.array(["a_b_2009"], dtype=object))
    np.savez(copy / "soybeans/usa/test_yields.npz", arr_0=np.array([2.5]))
    sample = SustainBenchCropYield(copy, split="test")[0]
    assert sample["key"] == "a_b_2009" and sample["label"].item() == 2.5


def test_index_out_of_range(root: Path) -> None:
    with pytest.raises(IndexError):
        SustainBenchCropYield(root, split="test")[1]


def test_not_found(tmp_path: Path) -> None:
    check_not_found(SustainBenchCropYield, tmp_path)


def test_download(made: dict[str, Any], http_server: Served, http_root: Path, tmp_path: Path,
                  monkeypatch: pytest.MonkeyPatch) -> None:
    serve_made(SustainBenchCropYield, made, http_server.url, http_root, monkeypatch)
    ds = SustainBenchCropYield(tmp_path / "data", split="test", countries=["usa", "brazil"],
                               download=True, checksum=True)
    check_row(ds[1], "brazil", "test", 0)


def test_checksum_mismatch(made: dict[str, Any], tmp_path: Path,
                           monkeypatch: pytest.MonkeyPatch) -> None:
    check_made_checksum(SustainBenchCropYield, made, monkeypatch, tmp_path, "soybeans.zip")


def test_plot(root: Path) -> None:
    ds = SustainBenchCropYield(root, split="test", bands=["sur_refl_b07", "LST_Day_1km"])
    check_plot(ds)
    sample = ds[0]
    fig = ds.plot({**sample, "prediction": torch.tensor(2.0)}, band=1)
    ax = fig.axes[0]
    assert ax.get_title() == f"label: {fake.yield_('usa', 'test', 0):.3f} t/ha, " \
                             "prediction: 2.000 t/ha"
    assert ax.get_ylabel() == "LST_Day_1km bin"
    with pytest.raises(IndexError, match="band 2"):
        ds.plot(sample, band=2)


def test_registry_and_conformance(root: Path) -> None:
    assert geoplug.datasets.get("sustainbench_crop_yield") is SustainBenchCropYield
    check_dataset_plugin("sustainbench_crop_yield", root)
