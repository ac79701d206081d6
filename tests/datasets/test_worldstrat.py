"""WorldStrat loader against fake Zenodo files (three zips and two tables)."""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any

import pytest
import torch

import geoplug.datasets
from fakedata import worldstrat as fake
from fakedata._dc_checks import (
    archive_fixtures,
    check_made_checksum,
    check_not_found,
    check_plot,
    serve_made,
)
from geoplug.core.errors import InvalidDataError
from geoplug.core.testing import check_dataset_plugin
from geoplug.datasets.worldstrat import WorldStrat
from testkit.http import Served

made, root = archive_fixtures(fake.make, "worldstrat")
TILES = list(fake.TILES)


def grid(tile: int, kind: str, revisit: int, band: int, size: int) -> torch.Tensor:
    rows, cols = torch.meshgrid(torch.arange(size), torch.arange(size), indexing="ij")
    return fake.at(tile, kind, revisit, band, rows, cols).float()


def test_splits(root: Path) -> None:
    assert [WorldStrat(root, split=s).tiles for s in ("train", "val", "test")] == [
        TILES[:2], [TILES[2]], [TILES[3]]]
    assert len(WorldStrat(root)) == 2


def test_revisits_in_order_of_n_and_paired_with_spot(root: Path) -> None:
    ds = WorldStrat(root)
    sample = ds[0]
    assert sample["tile"] == "ASMSpotter-1-1-1"
    lr, hr = sample["image_l2a"], sample["image_hr_ps"]
    assert lr.shape == (11, 12, fake.LR, fake.LR) and lr.dtype == torch.float32
    assert hr.shape == (4, fake.HR, fake.HR) and hr.dtype == torch.float32
    for t in range(11):  # revisit n = t + 1, although -10- and -11- sort before -2-
        for b in (0, 10, 11):  # B1, B11, B12 (L2A has no B10)
            assert torch.equal(lr[t, b], grid(0, "l2a", t + 1, b, fake.LR)), (t, b)
    for b in range(4):
        assert torch.equal(hr[b], grid(0, "ps", 0, b, fake.HR))
    other = ds[1]
    assert other["image_l2a"].shape[0] == 3
    assert torch.equal(other["image_hr_ps"][2], grid(1, "ps", 0, 2, fake.HR))
    assert torch.equal(other["image_l2a"][2, 3], grid(1, "l2a", 3, 3, fake.LR))


def test_metadata(root: Path) -> None:
    sample = WorldStrat(root, split="val")[0]
    assert sample["tile"] == "UNHCR-GHAs003590"
    assert sample["lon"] == pytest.approx(-58.5) and sample["lat"] == pytest.approx(14.25)
    assert sample["lowres_dates"] == ["2021-01-15", "2021-02-15", "2021-03-15"]
    assert sample["highres_date"] == "2021-06-01"


def test_metadata_with_tile_and_n_columns(made: dict[str, Any], tmp_path: Path) -> None:
    """A table naming its AOI column ``tile`` and numbering revisits ``n`` (any row order)."""
    shutil.copytree(made["tree"], tmp_path / "d")
    (tmp_path / "d" / "metadata.csv").write_text(
        "n,tile,lon,lat,lowres_date,highres_date\n"
        "2,UNHCR-GHAs003590,1.5,2.5,2020-02-02,2020-05-05\n"
        "1,UNHCR-GHAs003590,1.5,2.5,2020-01-01,2020-05-05\n"
        "1,Landcover-773616,7.0,8.0,2020-03-03,2020-06-06\n", encoding="utf-8")
    sample = WorldStrat(tmp_path / "d", split="val")[0]
    assert (sample["lon"], sample["lat"]) == (1.5, 2.5)
    assert sample["lowres_dates"] == ["2020-01-01", "2020-02-02"]
    assert sample["highres_date"] == "2020-05-05"
    assert "lon" not in WorldStrat(tmp_path / "d", split="test")[0]  # no row for the AOI


def test_dates_follow_the_revisits_read(made: dict[str, Any], tmp_path: Path) -> None:
    """One date per step of the time axis: the table lists revisits without a file, and
    ``revisits=`` reads fewer."""
    shutil.copytree(made["tree"], tmp_path / "d")
    (tmp_path / "d" / "metadata.csv").write_text(
        "n,tile,lon,lat,lowres_date,highres_date\n"
        + "".join(f"{n},UNHCR-GHAs003590,1.5,2.5,2020-01-{n:02d},2020-05-05\n"
                  for n in range(1, 9)), encoding="utf-8")
    sample = WorldStrat(tmp_path / "d", split="val")[0]
    assert len(sample["lowres_dates"]) == sample["image_l2a"].shape[0]
    assert sample["lowres_dates"] == [f"2020-01-{n:02d}"
                                      for n in range(1, sample["image_l2a"].shape[0] + 1)]
    two = WorldStrat(tmp_path / "d", split="val", revisits=2)[0]
    assert two["image_l2a"].shape[0] == 2 and two["lowres_dates"] == ["2020-01-01", "2020-01-02"]


def test_l1c_bands_and_all_modalities(root: Path) -> None:
    ds = WorldStrat(root, split="test", bands=["B10", "B4"], revisits=2,
                    modalities=("l1c", "hr_pan", "hr_rgbn", "lr_rgbn"))
    sample = ds[0]
    assert sample["tile"] == "Amnesty POI-1-1-1"
    assert sample["image_l1c"].shape == (2, 2, fake.LR, fake.LR)
    assert torch.equal(sample["image_l1c"][1, 0], grid(3, "l1c", 2, 10, fake.LR))
    assert torch.equal(sample["image_l1c"][0, 1], grid(3, "l1c", 1, 3, fake.LR))
    assert torch.equal(sample["image_hr_pan"][0], grid(3, "pan", 0, 0, fake.HR))
    assert torch.equal(sample["image_lr_rgbn"][3], grid(3, "rgbn", 0, 3, fake.LR))
    assert sample["image_hr_rgbn"].shape == (4, fake.HR, fake.HR)  # R, G, B and NIR (alpha)
    assert torch.equal(sample["image_hr_rgbn"][1], grid(3, "ps", 0, 1, fake.HR) % 256)
    assert torch.equal(sample["image_hr_rgbn"][3], grid(3, "ps", 0, 3, fake.HR) % 256)
    assert "image_l2a" not in sample and "image_hr_ps" not in sample
    check_plot(ds)


def test_bad_arguments(root: Path) -> None:
    with pytest.raises(ValueError, match=r"unknown band.*B10"):
        WorldStrat(root, bands=["B10"])
    with pytest.raises(ValueError, match=r"unknown band.*B10"):
        WorldStrat(root, bands=["B10"], modalities=("l1c", "l2a"))
    assert len(WorldStrat(root, bands=["B10"], modalities=("l1c",)).all_bands) == 13
    with pytest.raises(ValueError, match="modalities"):
        WorldStrat(root, modalities=("s1",))
    with pytest.raises(ValueError, match="revisits"):
        WorldStrat(root, revisits=0)
    with pytest.raises(InvalidDataError, match="fewer than 4"):
        WorldStrat(root, split="val", revisits=4)[0]


def test_missing_aoi_folder_named(made: dict[str, Any], tmp_path: Path) -> None:
    shutil.copytree(made["tree"], tmp_path / "d")
    shutil.rmtree(tmp_path / "d" / "lr_dataset" / "Landcover-773616" / "L2A")
    with pytest.raises(InvalidDataError, match=r"Landcover-773616.*lr_dataset_l2a\.zip"):
        WorldStrat(tmp_path / "d")
    assert len(WorldStrat(tmp_path / "d", modalities=("l1c",))) == 2


def test_first_release_nesting(made: dict[str, Any], tmp_path: Path) -> None:
    """hr_dataset/12bit/<AOI>/ (record 6810792) reads like hr_dataset/<AOI>/."""
    shutil.copytree(made["tree"], tmp_path / "d")
    hr = tmp_path / "d" / "hr_dataset"
    hr.rename(tmp_path / "hr")
    hr.mkdir()
    (tmp_path / "hr").rename(hr / "12bit")
    sample = WorldStrat(tmp_path / "d", split="val", modalities=("hr_ps",))[0]
    assert torch.equal(sample["image_hr_ps"][3], grid(2, "ps", 0, 3, fake.HR))


def test_not_found(tmp_path: Path) -> None:
    check_not_found(WorldStrat, tmp_path)


def test_download_only_needed_archives(made: dict[str, Any], http_server: Served,
                                       http_root: Path, tmp_path: Path,
                                       monkeypatch: pytest.MonkeyPatch) -> None:
    serve_made(WorldStrat, made, http_server.url, http_root, monkeypatch)
    ds = WorldStrat(tmp_path, modalities=("l1c",), download=True, checksum=True)
    assert torch.equal(ds[0]["image_l1c"][9, 4], grid(0, "l1c", 10, 4, fake.LR))
    assert (tmp_path / "lr_dataset_l1c.zip").is_file()
    assert not (tmp_path / "hr_dataset.zip").exists()
    assert not (tmp_path / "lr_dataset_l2a.zip").exists()


def test_checksum_mismatch(made: dict[str, Any], tmp_path: Path,
                           monkeypatch: pytest.MonkeyPatch) -> None:
    check_made_checksum(WorldStrat, made, monkeypatch, tmp_path, "hr_dataset.zip")


def test_plot(root: Path) -> None:
    ds = WorldStrat(root, modalities=("l2a", "hr_ps", "hr_pan"))
    sample = ds[1]
    sample["prediction"] = sample["image_hr_ps"]
    fig = ds.plot(sample, suptitle="x")
    assert len(fig.axes) == 4


def test_plugin(root: Path) -> None:
    assert geoplug.datasets.get("worldstrat") is WorldStrat
    check_dataset_plugin("worldstrat", data=root)
