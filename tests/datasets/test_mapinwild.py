"""MapInWild loader against fake per-modality zips (in parts) and split_IDs.csv."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import matplotlib
import numpy as np
import pytest
import torch

import geoplug.datasets
from fakedata import mapinwild as fake
from fakedata._made import made_root
from geoplug.core.errors import ChecksumError, DatasetNotFoundError, InvalidDataError
from geoplug.core.testing import check_dataset_plugin
from geoplug.datasets.mapinwild import MapInWild

matplotlib.use("Agg")


root = made_root(fake.make, extract=True)


def test_registry() -> None:
    assert geoplug.datasets.get("mapinwild") is MapInWild
    assert geoplug.datasets.info("mapinwild").splits == ("train", "validation", "test")


@pytest.mark.parametrize(("split", "length"), [("train", 3), ("validation", 2), ("test", 1)])
def test_lengths(root: Path, split: str, length: int) -> None:
    assert len(MapInWild(root, split=split)) == length


def test_sample_reads_both_parts_and_pairs_the_mask(root: Path) -> None:
    ds = MapInWild(root)
    for index, area in enumerate(fake.SPLITS["train"]):  # areas 1-2 in part 1, 3 in part 2
        sample = ds[index]
        assert set(sample) == {"image_s1", "image_s2_summer", "mask", "crs", "bounds"}
        assert sample["image_s1"].shape == (2, fake.SIZE, fake.SIZE)
        assert sample["image_s2_summer"].shape == (10, fake.SIZE, fake.SIZE)
        assert sample["image_s2_summer"].dtype == torch.float32
        assert sample["image_s1"][1, 6, 3].item() == pytest.approx(fake.s1(area)[1, 6, 3])
        assert sample["image_s2_summer"][4, 2, 8].item() == fake.s2(area, "s2_summer")[4, 2, 8]
        expected = (fake.mask(area) != 0).astype(np.int64)
        assert torch.equal(sample["mask"], torch.from_numpy(expected))
        assert sample["bounds"].minx == pytest.approx(400000.0 + area * 100)


def test_modalities_and_bands(root: Path) -> None:
    ds = MapInWild(root, split="test", modalities=["s2_winter", "esa_wc", "viirs"],
                   bands=["B04", "B03", "B02", "ESA_WC", "VIIRS"])
    sample = ds[0]
    assert sample["image_s2_winter"].shape == (3, fake.SIZE, fake.SIZE)
    assert sample["image_s2_winter"][:, 7, 1].tolist() == \
        fake.s2(6, "s2_winter")[[2, 1, 0], 7, 1].tolist()
    assert torch.equal(sample["image_esa_wc"][0], torch.from_numpy(fake.esa_wc(6)[0]).float())
    assert sample["image_viirs"][0, 3, 3].item() == pytest.approx(fake.viirs(6)[0, 3, 3])
    assert ds._rgb("s2_winter") == [0, 1, 2]
    with pytest.raises(ValueError, match="unknown modality"):
        MapInWild(root, modalities=["s2_fall"])


def test_absent_modality_folder_is_not_found(root: Path) -> None:
    with pytest.raises(DatasetNotFoundError):
        MapInWild(root, modalities=["s2_spring"])


def test_missing_area_file_names_it(root: Path) -> None:
    (root / "s1_part2" / "3.tif").unlink()
    with pytest.raises(InvalidDataError, match=r"area 3 has no s1 file"):
        MapInWild(root)[2]


def test_not_found(tmp_path: Path) -> None:
    with pytest.raises(DatasetNotFoundError, match="download=True"):
        MapInWild(tmp_path)


def _served(url: str, sha256: dict[str, str]) -> tuple:
    return tuple(dataclasses.replace(r, url=f"{url}/{r.filename}",
                                     sha256=sha256.get(r.filename, r.sha256))
                 for r in MapInWild.resources)


def test_download_fetches_only_chosen_modalities(tmp_path: Path, http_root: Path, http_server,
                                                 monkeypatch) -> None:
    info = fake.make(http_root)
    monkeypatch.setattr(MapInWild, "resources", _served(http_server.url, info["sha256"]))
    ds = MapInWild(tmp_path, split="validation", modalities=["s2_winter"], download=True,
                   checksum=True)
    assert len(ds) == 2
    assert ds[1]["image_s2_winter"][0, 0, 1].item() == fake.s2(5, "s2_winter")[0, 0, 1]
    assert not (tmp_path / "s1_part1.zip").exists()
    assert (tmp_path / "s2_winter_part2.zip").is_file()


def test_checksum(tmp_path: Path, monkeypatch) -> None:
    fake.make(tmp_path)
    bad = {name: "0" * 64 for name in ("s1_part1.zip", "mask.zip")}
    monkeypatch.setattr(MapInWild, "resources", _served("http://127.0.0.1:9", bad))
    with pytest.raises(ChecksumError):
        MapInWild(tmp_path, checksum=True)


def test_plot(root: Path) -> None:
    import matplotlib.pyplot as plt

    ds = MapInWild(root)
    fig = ds.plot(ds[0], suptitle="area 1")
    assert isinstance(fig, plt.Figure)
    assert [ax.get_title() for ax in fig.axes] == ["s1", "s2_summer", "mask"]
    plt.close(fig)


def test_conformance(root: Path) -> None:
    check_dataset_plugin("mapinwild", data=root)


def test_copy_of_the_publishers_repository_tree(tmp_path: Path) -> None:
    # burakekim/mapinwild keeps split_IDs/split_IDs.csv, mask/mask.zip, s1/s1_part1.zip, ...
    fake.make(tmp_path, hub=True)
    assert (tmp_path / "s1" / "s1_part2.zip").is_file()
    assert (tmp_path / "split_IDs" / "split_IDs.csv").is_file()
    assert not (tmp_path / "mask.zip").exists()
    ds = MapInWild(tmp_path, split="validation", modalities=["s1", "esa_wc"])
    assert len(ds) == 2
    sample = ds[1]  # area 5, in s1_part2
    assert sample["image_s1"][0, 4, 7].item() == pytest.approx(fake.s1(5)[0, 4, 7])
    assert torch.equal(sample["image_esa_wc"][0], torch.from_numpy(fake.esa_wc(5)[0]).float())
    assert torch.equal(sample["mask"], torch.from_numpy((fake.mask(5) != 0).astype(np.int64)))
    assert (tmp_path / "mask" / "5.tif").is_file()  # extracted beside mask/mask.zip


def test_repository_folders_holding_only_zips_are_not_data(tmp_path: Path) -> None:
    fake.make(tmp_path, hub=True)
    (tmp_path / "s2_summer" / "s2_summer_part1.zip").unlink()  # the chosen season is incomplete
    with pytest.raises(DatasetNotFoundError):
        MapInWild(tmp_path, modalities=["s1", "s2_summer"])
