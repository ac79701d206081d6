"""USAVars against fake tiles, the publisher's outcome tables and split lists."""

from __future__ import annotations

import math
import shutil
from pathlib import Path
from typing import Any

import pytest
import torch

import geoplug.datasets
from fakedata import usavars as fake
from fakedata._dc_checks import (
    archive_fixtures,
    check_checksum_mismatch,
    check_not_found,
    check_plot,
    copy_archives,
    serve_made,
)
from geoplug.core.errors import InvalidDataError
from geoplug.core.testing import check_dataset_plugin
from geoplug.datasets.usavars import USAVars
from testkit.http import Served

made, root = archive_fixtures(fake.make, "usavars")


def expected(tile: int, labels: tuple[str, ...] = fake.LABELS) -> list[float]:
    return [fake.value(lab, tile) for lab in labels]


def same(got: torch.Tensor, want: list[float]) -> bool:
    """Equal values, NaN where NaN is expected."""
    return all((math.isnan(w) and math.isnan(g)) or g == w for g, w in zip(got.tolist(), want))


@pytest.mark.parametrize(("split", "length"), [("train", 3), ("val", 2), ("test", 1)])
def test_lengths(root: Path, split: str, length: int) -> None:
    assert len(USAVars(root, split=split)) == length


def test_sample_pixels_and_labels_pair_with_their_tile(root: Path) -> None:
    ds = USAVars(root, split="val")
    for position, tile in enumerate(fake.SPLITS["val"]):
        sample = ds[position]
        assert set(sample) == {"image", "label"}
        assert sample["image"].dtype == torch.float32
        assert sample["image"].shape == (4, fake.SIZE, fake.SIZE)
        assert torch.equal(sample["image"], torch.from_numpy(fake.image(tile)).float())
        assert sample["label"].dtype == torch.float32 and sample["label"].shape == (7,)
        assert same(sample["label"], expected(tile))
    # tile 3 in full: the value column of each table ("y", "length", "price_per_sqft" ...)
    assert ds[0]["label"].tolist() == [103.25, 203.25, 303.25, 403.25, 503.25, 603.25, 703.25]


def test_split_list_order_and_missing_values(root: Path) -> None:
    ds = USAVars(root, split="train")  # tiles 2, 0, 1 in the list's order
    assert [p.name for p in ds.files] == [f"tile_{fake.CELLS[t]}.tif" for t in (2, 0, 1)]
    first = ds[0]["label"]
    assert math.isnan(first[4])  # income is NA for tile 2
    assert same(first, expected(2))
    val = USAVars(root, split="val", labels=["housing"])
    assert val[0]["label"].tolist() == [703.25]
    assert math.isnan(val[1]["label"][0])  # tile 4 has no housing row


def test_labels_in_the_order_asked(root: Path) -> None:
    ds = USAVars(root, split="test", labels=["roads", "treecover", "nightlights"])
    assert ds[0]["label"].tolist() == expected(5, ("roads", "treecover", "nightlights"))
    assert USAVars(root, split="test", labels="elevation")[0]["label"].tolist() == [205.25]


@pytest.mark.parametrize("labels", [["forest"], ["roads", "roads"], []])
def test_bad_labels(root: Path, labels: list[str]) -> None:
    with pytest.raises(ValueError, match="labels"):
        USAVars(root, labels=labels)


def test_bands(root: Path) -> None:
    image = USAVars(root, split="test", bands=["NIR", "R"])[0]["image"]
    assert torch.equal(image, torch.from_numpy(fake.image(5)[[3, 0]]).float())


def test_mirror_tables(tmp_path: Path) -> None:
    """The Hugging Face mirror's ``<var>.csv`` (pandas index, column named after the var)."""
    made = fake.make(tmp_path, mirror=True)
    assert not any(tmp_path.glob("outcomes_sampled_*"))
    ds = USAVars(made["dir"], split="val")
    assert same(ds[1]["label"], expected(4))
    income = USAVars(made["dir"], split="train", labels=["income"])[0]["label"]
    assert math.isnan(income[0])  # the mirror's -999 placeholder is no value


def test_tables_in_per_variable_folders(root: Path, tmp_path: Path) -> None:
    """The publisher's tree keeps each table in a folder named after its variable."""
    copy = tmp_path / "copy"
    shutil.copytree(root, copy)
    for label in fake.LABELS:
        (copy / label).mkdir()
        shutil.move(copy / fake.table_name(label), copy / label / fake.table_name(label))
    assert same(USAVars(copy, split="test")[0]["label"], expected(5))


def test_table_without_value_column(root: Path, tmp_path: Path) -> None:
    copy = tmp_path / "copy"
    shutil.copytree(root, copy)
    table = copy / fake.table_name("roads")
    lines = table.read_text().splitlines()  # two columns, neither the value's name
    table.write_text("\n".join([",ID,lon,lat,foo,bar"] + [f"{line},0" for line in lines[1:]]))
    with pytest.raises(InvalidDataError, match=r"expected 'ID' and the value column 'roads'"):
        USAVars(copy, labels=["roads"])


def test_table_without_id(root: Path, tmp_path: Path) -> None:
    copy = tmp_path / "copy"
    shutil.copytree(root, copy)
    table = copy / fake.table_name("elevation")
    table.write_text(table.read_text().replace('"ID"', '"cell"', 1))
    with pytest.raises(InvalidDataError, match=r"elevation.* expected 'ID' and the value column"):
        USAVars(copy, labels=["elevation"])


def test_publisher_value_column_among_others(root: Path, tmp_path: Path) -> None:
    """With more than one candidate, the publisher's column name ("y") picks the value."""
    copy = tmp_path / "copy"
    shutil.copytree(root, copy)
    table = copy / fake.table_name("nightlights")
    lines = table.read_text().splitlines()
    table.write_text("\n".join([lines[0] + ',"year"'] + [f"{line},2015" for line in lines[1:]]))
    assert USAVars(copy, split="test", labels=["nightlights"])[0]["label"].tolist() == [405.25]


def test_listed_tile_missing(root: Path, tmp_path: Path) -> None:
    copy = tmp_path / "copy"
    shutil.copytree(root, copy)
    (copy / "uar" / f"tile_{fake.CELLS[4]}.tif").unlink()
    with pytest.raises(InvalidDataError, match=r"1 tile\(s\) listed in .*val_split.txt"):
        USAVars(copy, split="val")
    assert len(USAVars(copy, split="test")) == 1


def test_not_found(tmp_path: Path) -> None:
    check_not_found(USAVars, tmp_path)


def test_download(http_server: Served, http_root: Path, tmp_path: Path,
                  monkeypatch: pytest.MonkeyPatch) -> None:
    mirror = fake.make(tmp_path / "mirror", mirror=True)
    serve_made(USAVars, mirror, http_server.url, http_root, monkeypatch)
    ds = USAVars(tmp_path / "data", split="val", labels=["population", "income"],
                 download=True, checksum=True)
    assert ds[1]["label"].tolist() == expected(4, ("population", "income"))
    assert sorted(p.name for p in (tmp_path / "data").glob("*.*")) == [
        "income.csv", "population.csv", "uar.zip", "val_split.txt"]


def test_checksum_mismatch(made: dict[str, Any], tmp_path: Path,
                           monkeypatch: pytest.MonkeyPatch) -> None:
    copy_archives(made["dir"], tmp_path, list(made["archives"]))
    check_checksum_mismatch(USAVars, monkeypatch, tmp_path, "uar.zip")


def test_plot_names_each_outcome(root: Path) -> None:
    import matplotlib.pyplot as plt

    ds = USAVars(root, split="test", labels=["treecover", "housing"])
    sample = ds[0]
    check_plot(ds)
    fig = ds.plot({**sample, "prediction": sample["label"] + 1})
    text = fig.axes[0].get_xlabel()
    assert "label: treecover=105.2, housing=705.2" in text
    assert "prediction: treecover=106.2, housing=706.2" in text
    plt.close(fig)


def test_registry_and_conformance(root: Path) -> None:
    assert geoplug.datasets.get("usavars") is USAVars
    check_dataset_plugin("usavars", root)
