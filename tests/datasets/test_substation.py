"""Substation loader against fake image_stack/ and mask/ archives of .npz files."""

from __future__ import annotations

from pathlib import Path

import matplotlib
import numpy as np
import pytest
import torch

import geoplug.datasets
from fakedata import substation as fake
from fakedata._dc_checks import check_plot
from fakedata._made import check_wrong_md5, made_root
from fakedata._segutil import served_resources
from geoplug.core.errors import DatasetNotFoundError, InvalidDataError
from geoplug.core.testing import check_dataset_plugin
from geoplug.datasets.substation import Substation

matplotlib.use("Agg")


root = made_root(fake.make, extract=True)


def test_registry() -> None:
    assert geoplug.datasets.get("substation") is Substation
    assert len(geoplug.datasets.info("substation").bands) == 13


def test_sample_is_first_revisit_with_binary_mask(root: Path) -> None:
    ds = Substation(root)
    assert len(ds) == 4
    sample = ds[1]
    assert sample["image"].shape == (13, fake.SIZE, fake.SIZE)
    assert sample["image"].dtype == torch.float32
    assert sample["image"][6, 7, 4].item() == pytest.approx(fake.stack(1)[0, 6, 7, 4])
    assert sample["mask"].dtype == torch.int64
    expected = (fake.osm_mask(1) == 3).astype(np.int64)
    assert 0 < expected.sum() < expected.size
    assert torch.equal(sample["mask"], torch.from_numpy(expected))


def test_time_steps_take_the_last_revisits(root: Path) -> None:
    ds = Substation(root, time_steps=2)
    image = ds[0]["image"]
    assert image.shape == (2, 13, fake.SIZE, fake.SIZE)
    assert torch.allclose(image, torch.from_numpy(fake.stack(0)[3:]))
    short = ds[3]["image"]  # one revisit, repeated
    assert torch.equal(short[0], short[1])
    assert short[1, 2, 5, 6].item() == pytest.approx(fake.stack(3)[0, 2, 5, 6])
    three = Substation(root, time_steps=4)[2]["image"]  # 3 revisits cycled: 0, 1, 2, 0
    assert torch.allclose(three[3], torch.from_numpy(fake.stack(2)[0]))
    with pytest.raises(ValueError, match="time_steps must be at least 1"):
        Substation(root, time_steps=0)


def test_band_selection(root: Path) -> None:
    ds = Substation(root, bands=["B04", "B03", "B02"])
    image = ds[2]["image"]
    assert image.shape == (3, fake.SIZE, fake.SIZE)
    assert image[:, 1, 2].tolist() == pytest.approx(fake.stack(2)[0, [3, 2, 1], 1, 2].tolist())
    assert ds.rgb_indices == [0, 1, 2]


def test_unpaired_and_broken_files(root: Path) -> None:
    (root / "mask" / fake.NAMES[0]).unlink()
    assert len(Substation(root)) == 3
    (root / "image_stack" / fake.NAMES[1]).write_bytes(b"not an npz")
    with pytest.raises(InvalidDataError, match=fake.NAMES[1]):
        Substation(root)[0]


def test_not_found(tmp_path: Path) -> None:
    with pytest.raises(DatasetNotFoundError, match="download=True"):
        Substation(tmp_path)


def test_download(tmp_path: Path, http_root: Path, http_server, monkeypatch) -> None:
    info = fake.make(http_root)
    monkeypatch.setattr(Substation, "resources",
                        served_resources(Substation.resources, http_server.url, info["md5"]))
    ds = Substation(tmp_path, download=True, checksum=True)
    assert len(ds) == 4
    assert (tmp_path / "image_stack" / fake.NAMES[3]).is_file()


def test_checksum(tmp_path: Path, monkeypatch) -> None:
    fake.make(tmp_path)
    check_wrong_md5(Substation, monkeypatch, tmp_path)


def test_plot(root: Path) -> None:
    check_plot(Substation(root, time_steps=2))


def test_conformance(root: Path) -> None:
    check_dataset_plugin("substation", data=root)
