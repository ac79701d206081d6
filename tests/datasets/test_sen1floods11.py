"""Sen1Floods11 loader against a fake copy of the bucket's v1.1 hand-labelled tree."""

from __future__ import annotations

import dataclasses
import shutil
from pathlib import Path

import numpy as np
import pytest
import torch
from rasterio.crs import CRS

import geoplug.datasets
from fakedata import sen1floods11 as fake
from fakedata._dc_checks import check_not_found, check_plot
from fakedata._made import made_root
from fakedata._segutil import write_tif
from geoplug.core.errors import DatasetNotFoundError, InvalidDataError
from geoplug.core.testing import check_dataset_plugin
from geoplug.datasets.sen1floods11 import IGNORE_INDEX, Sen1Floods11

root = made_root(fake.make)
HAND = fake.HAND


def test_registry() -> None:
    assert geoplug.datasets.get("sen1floods11") is Sen1Floods11
    info = geoplug.datasets.info("sen1floods11")
    assert info.bands[:3] == ("VV", "VH", "B01")
    assert info.splits == ("train", "val", "test", "bolivia")


@pytest.mark.parametrize(("split", "length"),
                         [("train", 3), ("val", 1), ("test", 1), ("bolivia", 2)])
def test_lengths_follow_the_split_lists(root: Path, split: str, length: int) -> None:
    ds = Sen1Floods11(root, split=split)
    assert len(ds) == length
    assert [chip for chip, _ in ds.chips] == fake.SPLITS[split]


def test_sample_pairs_s1_s2_and_label(root: Path) -> None:
    ds = Sen1Floods11(root, split="bolivia")
    sample = ds[1]  # Bolivia_129334
    i = fake.index("Bolivia_129334")
    assert set(sample) == {"image_s1", "image_s2", "mask", "crs", "bounds"}
    assert sample["image_s1"].shape == (2, fake.HEIGHT, fake.WIDTH)
    assert sample["image_s1"].dtype == torch.float32
    assert sample["image_s2"].shape == (13, fake.HEIGHT, fake.WIDTH)
    assert torch.equal(sample["image_s1"], torch.from_numpy(fake.s1(i)))
    assert torch.equal(sample["image_s2"], torch.from_numpy(fake.s2(i).astype(np.float32)))
    assert sample["image_s2"][8, 4, 7].item() == fake.s2(i)[8, 4, 7]  # B8A, row 4, col 7
    assert sample["mask"].dtype == torch.int64
    assert torch.equal(sample["mask"], torch.from_numpy(fake.label(i).astype(np.int64)))
    assert sample["crs"] == CRS.from_epsg(4326)
    assert sample["bounds"].minx == pytest.approx(fake.origin(i)[0])
    assert sample["bounds"].maxy == pytest.approx(6.5)


def test_no_data_label_is_kept_and_missing_sar_is_zero(root: Path) -> None:
    sample = Sen1Floods11(root)[0]  # Ghana_103272, chip 0
    expected = fake.label(0)
    assert (expected == IGNORE_INDEX).any() and (expected == 1).any()
    assert torch.equal(sample["mask"], torch.from_numpy(expected.astype(np.int64)))
    row, col = fake.NAN_AT
    assert sample["image_s1"][0, row, col].item() == 0.0
    assert not torch.isnan(sample["image_s1"]).any()
    assert sample["image_s1"][1, row, col].item() == fake.s1(0)[1, row, col]


def test_modality_and_bands(root: Path) -> None:
    only_s1 = Sen1Floods11(root, split="test", modality="S1")
    assert set(only_s1[0]) == {"image_s1", "mask", "crs", "bounds"}
    only_s2 = Sen1Floods11(root, split="test", modality="s2", bands=["B12", "B02"])
    image = only_s2[0]["image_s2"]
    i = fake.index("Pakistan_849790")
    assert torch.equal(image[0], torch.from_numpy(fake.s2(i)[12].astype(np.float32)))
    assert torch.equal(image[1], torch.from_numpy(fake.s2(i)[1].astype(np.float32)))
    both = Sen1Floods11(root, split="test", bands=["VH", "B04"])[0]
    assert both["image_s1"].shape[0] == 1 and both["image_s2"].shape[0] == 1
    assert torch.equal(both["image_s1"][0], torch.from_numpy(fake.s1(i)[1]))
    with pytest.raises(ValueError, match="modality 'sar'"):
        Sen1Floods11(root, modality="sar")
    with pytest.raises(ValueError, match="belong to none of the modalities"):
        Sen1Floods11(root, modality="s1", bands=["B04"])


def test_s1_only_copy_needs_no_s2(root: Path) -> None:
    shutil.rmtree(root / HAND / "S2Hand")
    assert len(Sen1Floods11(root, modality="s1")) == 3
    with pytest.raises(DatasetNotFoundError, match="HandLabeled/S2Hand"):
        Sen1Floods11(root)


def test_root_may_be_the_v11_folder(root: Path) -> None:
    ds = Sen1Floods11(root / "v1.1", split="val")
    assert torch.equal(ds[0]["mask"], torch.from_numpy(fake.label(3).astype(np.int64)))


def test_missing_chip_file_is_named(root: Path) -> None:
    (root / HAND / "S2Hand" / "Spain_7370579_S2Hand.tif").unlink()
    with pytest.raises(InvalidDataError, match=r"Spain_7370579_S2Hand\.tif"):
        Sen1Floods11(root)


def test_foreign_split_list_is_refused(root: Path) -> None:
    (root / "v1.1/splits/flood_handlabeled/flood_test_data.csv").write_text(
        "chip,label\nGhana_103272.tif,x.tif\n")
    with pytest.raises(InvalidDataError, match="not the publisher's split list"):
        Sen1Floods11(root, split="test")


def test_not_found(tmp_path: Path) -> None:
    check_not_found(Sen1Floods11, tmp_path)
    with pytest.raises(DatasetNotFoundError, match=r"flood_train_data\.csv.*gsutil"):
        Sen1Floods11(tmp_path)


def _serve(monkeypatch: pytest.MonkeyPatch, http_root: Path, url: str) -> None:
    fake.make(http_root)
    base = f"{url}/v1.1"
    monkeypatch.setattr(Sen1Floods11, "url", base)
    monkeypatch.setattr(Sen1Floods11, "resources", tuple(
        dataclasses.replace(r, url=f"{base}/{r.filename}") for r in Sen1Floods11.resources))


def test_download_fetches_the_listed_chips(tmp_path: Path, http_root: Path, http_server,
                                           monkeypatch) -> None:
    _serve(monkeypatch, http_root, http_server.url)
    data = tmp_path / "data"
    ds = Sen1Floods11(data, split="bolivia", modality="s1", download=True, checksum=True)
    assert len(ds) == 2
    i = fake.index("Bolivia_103757")
    assert torch.equal(ds[0]["mask"], torch.from_numpy(fake.label(i).astype(np.int64)))
    assert torch.equal(ds[0]["image_s1"], torch.from_numpy(fake.s1(i)))
    fetched = sorted(p.relative_to(data).as_posix() for p in data.rglob("*.tif"))
    assert fetched == sorted(f"{HAND}/{f}/{c}_{f}.tif" for c in fake.SPLITS["bolivia"]
                             for f in ("S1Hand", "LabelHand"))
    assert not (data / "v1.1/splits/flood_handlabeled/flood_train_data.csv").exists()


def test_download_completes_a_partial_copy(root: Path, http_root: Path, http_server,
                                           monkeypatch) -> None:
    _serve(monkeypatch, http_root, http_server.url)
    lost = root / HAND / "LabelHand" / "USA_430764_LabelHand.tif"
    lost.unlink()
    with pytest.raises(InvalidDataError, match="download=True"):
        Sen1Floods11(root)
    ds = Sen1Floods11(root, download=True)
    assert lost.is_file()
    assert torch.equal(ds[2]["mask"], torch.from_numpy(fake.label(2).astype(np.int64)))


def test_plot(root: Path) -> None:
    import matplotlib.pyplot as plt

    ds = Sen1Floods11(root)
    sample = ds[0]
    fig = ds.plot({**sample, "prediction": sample["mask"]})
    assert isinstance(fig, plt.Figure)
    assert [ax.get_title() for ax in fig.axes] == ["s1", "s2", "mask", "prediction"]
    check_plot(Sen1Floods11(root, modality="s2"))


def test_conformance(root: Path) -> None:
    check_dataset_plugin("sen1floods11", data=root)


def test_label_of_another_size_is_refused(root: Path) -> None:
    path = root / HAND / "LabelHand" / "India_25540_LabelHand.tif"
    write_tif(path, fake.label(3)[:, :-1], crs="EPSG:4326", origin=fake.origin(3), res=fake.RES)
    ds = Sen1Floods11(root, split="val")
    with pytest.raises(InvalidDataError, match=r"India_25540_LabelHand\.tif is 8x6 px"):
        ds[0]
