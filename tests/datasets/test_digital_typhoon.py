"""Digital Typhoon read from a fake ``WP/`` tree in the publisher's layout."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import numpy as np
import pytest
import torch

import geoplug.datasets
from fakedata import digital_typhoon as fake
from fakedata._dc_checks import check_not_found, check_plot
from fakedata._made import made_root
from geoplug.core.errors import ChecksumError, InvalidDataError
from geoplug.core.testing import check_dataset_plugin
from geoplug.datasets.digital_typhoon import DigitalTyphoon
from testkit.http import Served

ROWS, COLS = np.mgrid[0:fake.SIZE, 0:fake.SIZE]


root = made_root(fake.make, "typhoon")


def test_windows_skip_gaps_and_missing_images(root: Path) -> None:
    # 197830: hours 0-4 give 3 windows of 3 (7-8 too short); 202107: hour 2 has no image
    ds = DigitalTyphoon(root)
    assert len(ds) == 3
    assert len(DigitalTyphoon(root, sequence_length=2)) == 4 + 1 + 1
    assert len(DigitalTyphoon(root, sequence_length=1)) == 7 + 3


def test_sample_images_and_labels(root: Path) -> None:
    sample = DigitalTyphoon(root)[2]  # typhoon 197830, hours 2-4 (images n = 2, 3, 4)
    assert set(sample) == {"image", "label", "typhoon_id", "time"}
    assert sample["image"].dtype == torch.float32
    assert sample["image"].shape == (3, 1, fake.SIZE, fake.SIZE)
    for t, n in enumerate((2, 3, 4)):
        assert np.array_equal(sample["image"][t, 0].numpy(), fake.pixel(n, ROWS, COLS))
    assert sample["label"].dtype == torch.float32
    assert sample["label"].tolist() == [fake.wind(4), fake.pressure(4)]
    assert sample["typhoon_id"] == "197830" and sample["time"] == "1979-01-01T01:00:00"


def test_targets_and_arguments(root: Path) -> None:
    sample = DigitalTyphoon(root, sequence_length=2, targets=["pressure"])[5]
    assert sample["typhoon_id"] == "202107"  # hours 0-1 (n = 7, 8)
    assert sample["label"].tolist() == [fake.pressure(8)]
    assert np.array_equal(sample["image"][0, 0].numpy(), fake.pixel(7, ROWS, COLS))
    with pytest.raises(ValueError, match="unknown target"):
        DigitalTyphoon(root, targets=["speed"])
    with pytest.raises(ValueError, match="sequence_length"):
        DigitalTyphoon(root, sequence_length=0)


def test_headerless_and_bad_metadata(tmp_path: Path) -> None:
    fake.make(tmp_path)
    csv_path = tmp_path / "WP" / "metadata" / "197830.csv"
    lines = csv_path.read_text().splitlines()
    csv_path.write_text("\n".join(lines[1:]) + "\n")  # positional columns, as pyphoon2 reads
    assert len(DigitalTyphoon(tmp_path)) == 3
    # a leading id column and the pyphoon2 spellings of the columns read the same
    renamed = ["id," + lines[0].replace("file_1", "filename").replace("intp", "interpolated")]
    csv_path.write_text("\n".join(renamed + [f"197830,{line}" for line in lines[1:]]) + "\n")
    assert DigitalTyphoon(tmp_path)[2]["label"].tolist() == [fake.wind(4), fake.pressure(4)]
    csv_path.write_text("year,month,day,hour,file_1\n1979,1,1,0,x.h5\n")
    with pytest.raises(InvalidDataError, match="lacks column"):
        DigitalTyphoon(tmp_path)


def test_not_found(tmp_path: Path) -> None:
    check_not_found(DigitalTyphoon, tmp_path)


def test_download_joins_parts(http_server: Served, http_root: Path, tmp_path: Path,
                              monkeypatch: pytest.MonkeyPatch) -> None:
    md5 = fake.make(http_root, archive=True)
    served = tuple(dataclasses.replace(r, url=f"{http_server.url}/{r.filename}",
                                       md5=md5[r.filename]) for r in DigitalTyphoon.resources)
    monkeypatch.setattr(DigitalTyphoon, "resources", served)
    ds = DigitalTyphoon(tmp_path / "dl", download=True, checksum=True)
    assert len(ds) == 3 and (tmp_path / "dl" / "WP.tar.gz").is_file()
    assert np.array_equal(ds[0]["image"][1, 0].numpy(), fake.pixel(1, ROWS, COLS))
    monkeypatch.setattr(DigitalTyphoon, "resources",
                        tuple(dataclasses.replace(r, md5="0" * 32) for r in served))
    with pytest.raises(ChecksumError):
        DigitalTyphoon(tmp_path / "dl2", download=True)


def test_plot_and_registry(root: Path) -> None:
    check_plot(DigitalTyphoon(root))
    assert geoplug.datasets.get("digital_typhoon") is DigitalTyphoon
    assert check_dataset_plugin("digital_typhoon", data=root).passed


def test_parts_of_another_count_are_joined(tmp_path: Path) -> None:
    fake.make(tmp_path, archive=True, parts=4)  # WP.tar.gzaa .. WP.tar.gzad
    ds = DigitalTyphoon(tmp_path)
    assert len(ds) == 3 and (tmp_path / "WP.tar.gz").is_file()
    assert np.array_equal(ds[0]["image"][1, 0].numpy(), fake.pixel(1, ROWS, COLS))


def test_a_missing_middle_part_is_named(tmp_path: Path) -> None:
    fake.make(tmp_path, archive=True, parts=3)
    (tmp_path / "WP.tar.gzab").unlink()
    with pytest.raises(InvalidDataError, match=r"skip WP\.tar\.gzab"):
        DigitalTyphoon(tmp_path)
