"""MLRSNet read from a fake copy laid out as GitHub cugbrs/MLRSNet and Mendeley ship it."""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any

import numpy as np
import pytest
import torch

from fakedata import mlrsnet as fake
from fakedata._dc_checks import check_not_found
from fakedata._scene_folders import SIZE, TOLERANCE, check_registered, chip
from geoplug.core.errors import DatasetNotFoundError, InvalidDataError
from geoplug.datasets.mlrsnet import MLRSNet


@pytest.fixture(scope="module")
def made(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    return fake.make(tmp_path_factory.mktemp("mlrsnet"))


def check_samples(ds: MLRSNet, expected: list[dict[str, Any]]) -> None:
    """Every sample is its CSV row's image (pixels) with that row's labels (by name)."""
    samples = [ds[i] for i in range(len(ds))]
    assert len(samples) == len(expected) and all(set(s) == {"image", "label"} for s in samples)
    images = torch.stack([s["image"] for s in samples])
    assert images.dtype == torch.float32 and images.shape == (len(expected), 3, SIZE, SIZE)
    np.testing.assert_allclose(images.numpy(), np.stack([chip(e["n"]) for e in expected]),
                               rtol=0, atol=TOLERANCE)
    labels = torch.stack([s["label"] for s in samples])
    assert labels.dtype == torch.int64 and labels.shape == (len(expected), 60)
    named = [{fake.LABELS[j] for j in np.flatnonzero(row)} for row in labels.numpy()]
    assert named == [e["labels"] for e in expected]


def test_samples_and_labels(made: dict[str, Any]) -> None:
    ds = MLRSNet(made["dir"].parent)
    check_samples(ds, made["expected"])
    assert ds.classes == tuple(fake.LABELS)
    first = ds[0]["label"].tolist()  # airplane_00001: airplane, buildings, wind turbine
    assert [j for j, v in enumerate(first) if v] == [0, 7, 59]


def test_mendeley_layout_labels_folder(tmp_path: Path) -> None:
    other = fake.make(tmp_path, top=fake.MENDELEY_TOP, labels="Labels")
    check_samples(MLRSNet(tmp_path), other["expected"])
    check_samples(MLRSNet(tmp_path / fake.MENDELEY_TOP), other["expected"])


def test_bands_and_split(made: dict[str, Any]) -> None:
    image = MLRSNet(made["dir"], bands=("B", "R"))[1]["image"].numpy()
    np.testing.assert_allclose(image, chip(made["expected"][1]["n"])[[2, 0]], rtol=0,
                               atol=TOLERANCE)
    with pytest.raises(ValueError, match="split 'test'"):
        MLRSNet(made["dir"], split="test")


def test_not_found(tmp_path: Path) -> None:
    check_not_found(MLRSNet, tmp_path)
    check_not_found(MLRSNet, tmp_path, download=True)  # no direct download to try


def test_mendeley_zip_with_rars(tmp_path: Path) -> None:
    """The published zip is extracted; its per-category RARs are named in the error."""
    fake.make_mendeley_zip(tmp_path)
    with pytest.raises(DatasetNotFoundError) as info:
        MLRSNet(tmp_path)
    message = str(info.value)
    assert str(tmp_path) in message
    assert "3 RAR archive(s)" in message and "airplane.rar" in message
    assert (tmp_path / fake.MENDELEY_TOP / "Labels" / "airplane.csv").is_file()


def test_rars_not_extracted(tmp_path: Path) -> None:
    (tmp_path / "Images").mkdir()
    (tmp_path / "Images" / "airport.rar").write_bytes(b"Rar!")
    (tmp_path / "labels").mkdir()
    (tmp_path / "labels" / "airport.csv").write_text(fake.HEADER + "\n")
    with pytest.raises(DatasetNotFoundError, match=r"airport\.rar.*unrar"):
        MLRSNet(tmp_path)


def test_missing_image_is_named(tmp_path: Path) -> None:
    other = fake.make(tmp_path)
    (other["images"] / "harbor&port" / "harbor&port_00002.jpg").unlink()
    with pytest.raises(InvalidDataError, match=r"1 image\(s\).*harbor&port_00002\.jpg"):
        MLRSNet(tmp_path)


def test_renamed_or_nested_folders_still_read(tmp_path: Path) -> None:
    other = fake.make(tmp_path)
    images = other["images"]
    shutil.move(images / "harbor&port", images / "harbor_port")  # scale-mae's rename
    nested = images / "airplane" / "airplane"
    nested.mkdir()
    for jpg in (images / "airplane").glob("*.jpg"):
        shutil.move(jpg, nested / jpg.name)
    check_samples(MLRSNet(tmp_path), other["expected"])


def test_flat_images_folder(tmp_path: Path) -> None:
    """RARs unpacked without their folders (``unrar e``) leave the JPEGs in Images/."""
    other = fake.make(tmp_path)
    for jpg in list(other["images"].glob("*/*.jpg")):
        shutil.move(jpg, other["images"] / jpg.name)
    for folder in list(other["images"].iterdir()):
        if folder.is_dir():
            folder.rmdir()
    check_samples(MLRSNet(tmp_path), other["expected"])


def test_bad_header_and_row(tmp_path: Path) -> None:
    other = fake.make(tmp_path)
    table = other["labels"] / "airplane.csv"
    lines = table.read_text().splitlines()
    table.write_text("\n".join([lines[0].rsplit(",", 1)[0], *lines[1:]]) + "\n")
    with pytest.raises(InvalidDataError, match="59 label columns"):
        MLRSNet(tmp_path)
    table.write_text("\n".join([lines[0], lines[1].replace(",1", ",2", 1), *lines[2:]]) + "\n")
    with pytest.raises(InvalidDataError, match=r"airplane\.csv line 2"):
        MLRSNet(tmp_path)
    table.write_text(lines[0].replace("habor", "harbour") + "\n" + "\n".join(lines[1:]))
    with pytest.raises(InvalidDataError, match="unknown class 'harbour'"):
        MLRSNet(tmp_path)
    table.write_text(lines[0].replace("airport", "airplane") + "\n" + "\n".join(lines[1:]))
    with pytest.raises(InvalidDataError, match="names a label twice"):
        MLRSNet(tmp_path)


def test_columns_matched_by_name(tmp_path: Path) -> None:
    """A CSV whose label columns come in another order still gives each image its labels."""
    other = fake.make(tmp_path)
    table = other["labels"] / "swimmimg_pool.csv"
    rows = [line.split(",") for line in table.read_text().splitlines()]
    swap = [0, *range(60, 0, -1)]  # image name first, then the labels reversed
    table.write_text("\n".join(",".join(row[j] for j in swap) for row in rows) + "\n")
    check_samples(MLRSNet(tmp_path), other["expected"])


def test_plot_and_registry(made: dict[str, Any]) -> None:
    check_registered(MLRSNet, "mlrsnet", made["dir"], 60)
