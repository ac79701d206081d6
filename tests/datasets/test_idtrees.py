from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import torch

import geoplug.datasets
from fakedata import idtrees as fake
from fakedata._dc_checks import (
    archive_fixtures,
    check_made_checksum,
    check_not_found,
    check_plot,
    serve_made,
)
from geoplug.core.errors import InvalidDataError
from geoplug.core.testing import check_dataset_plugin
from geoplug.datasets.idtrees import IDTReeS
from testkit.http import Served

made, root = archive_fixtures(fake.make, "idtrees")


def _taxon(code: str) -> int:
    return IDTReeS.classes.index(code)


@pytest.mark.parametrize(("split", "length"), [("train", 2), ("test", 2)])
def test_lengths(root: Path, split: str, length: int) -> None:
    assert len(IDTReeS(root, split=split)) == length


def test_train_sample(root: Path) -> None:
    sample = IDTReeS(root)[0]  # MLBS_1
    assert set(sample) == {"image", "bbox_xyxy", "label", "crs", "bounds"}
    assert sample["image"].shape == (3, fake.SIZE, fake.SIZE)
    assert sample["image"].dtype == torch.float32
    assert sample["bbox_xyxy"].dtype == torch.float32
    expected = torch.tensor([[2, 3, 8, 11], [10, 0, 18, 6]], dtype=torch.float32)
    assert torch.allclose(sample["bbox_xyxy"], expected, atol=1e-3)
    assert sample["label"].dtype == torch.int64
    assert sample["label"].tolist() == [_taxon("AMLA"), _taxon("QURU")]
    assert sample["crs"].to_epsg() == 32617
    assert sample["bounds"].minx == fake.ORIGINS["MLBS_1"][0]


def test_plot_pixels_and_clipped_crowns(root: Path) -> None:
    sample = IDTReeS(root)[1]  # OSBS_1
    assert sample["image"][:, 13, 4].tolist() == fake.rgb(1)[:, 13, 4].tolist()
    expected = torch.tensor([[15, 15, 20, 20], [1, 1, 3, 4]], dtype=torch.float32)
    assert torch.allclose(sample["bbox_xyxy"], expected, atol=1e-3)
    assert sample["label"].tolist() == [_taxon("PIPA2"), _taxon("QULA2")]


def test_test_split_reads_task2(root: Path) -> None:
    ds = IDTReeS(root, split="test")
    osbs, tall = ds[0], ds[1]  # sorted: OSBS_15, TALL_2
    assert torch.allclose(tall["bbox_xyxy"], torch.tensor([[4.0, 5, 9, 12], [0, 0, 2, 2]]),
                          atol=1e-3)
    assert tall["label"].tolist() == [-1, -1]
    assert tall["image"][:, 2, 17].tolist() == fake.rgb(0)[:, 2, 17].tolist()
    assert torch.allclose(osbs["bbox_xyxy"], torch.tensor([[6.0, 6, 10, 10]]), atol=1e-3)


def test_modalities(root: Path) -> None:
    sample = IDTReeS(root, modalities=("rgb", "hsi", "chm"))[1]
    assert sample["image_hsi"].shape == (fake.HSI_BANDS, 2, 2)
    assert sample["image_hsi"].dtype == torch.float32
    assert float(sample["image_hsi"][200, 1, 0]) == 1000 + 10 * 200 + 2
    assert sample["image_chm"].shape == (1, 2, 2)
    assert float(sample["image_chm"][0, 0, 1]) == 1000 + 1 + 0.5
    with pytest.raises(ValueError, match="modalities"):
        IDTReeS(root, modalities=("rgb", "las"))


def test_bands(root: Path) -> None:
    image = IDTReeS(root, bands=["G"])[0]["image"]
    assert image.shape == (1, fake.SIZE, fake.SIZE)
    assert float(image[0, 9, 3]) == 9


def test_not_found(tmp_path: Path) -> None:
    check_not_found(IDTReeS, tmp_path)


def test_download(made: dict[str, Any], http_server: Served, http_root: Path, tmp_path: Path,
                  monkeypatch: pytest.MonkeyPatch) -> None:
    serve_made(IDTReeS, made, http_server.url, http_root, monkeypatch)
    ds = IDTReeS(tmp_path, split="test", download=True, checksum=True)
    assert len(ds) == 2
    assert not (tmp_path / "IDTREES_competition_train_v2.zip").exists()


def test_checksum_mismatch(made: dict[str, Any], tmp_path: Path,
                           monkeypatch: pytest.MonkeyPatch) -> None:
    check_made_checksum(IDTReeS, made, monkeypatch, tmp_path, "IDTREES_competition_train_v2.zip")


def test_plot(root: Path) -> None:
    check_plot(IDTReeS(root))


def test_registry_and_conformance(root: Path) -> None:
    assert geoplug.datasets.get("idtrees") is IDTReeS
    check_dataset_plugin("idtrees", root)


def _boxes_and_labels(ds: IDTReeS) -> list[tuple[list[list[float]], list[int]]]:
    return [([[round(v, 3) for v in box] for box in s["bbox_xyxy"].tolist()], s["label"].tolist())
            for s in (ds[i] for i in range(len(ds)))]


def test_float_crown_ids_still_join(root: Path, tmp_path: Path) -> None:
    # a Real `id` field reads back as 57.0; the table mixes 57 and 57.0
    fake.make(tmp_path, float_ids=True)
    import fiona

    with fiona.open(tmp_path / "_staging" / "train" / "ITC" / "train_MLBS.shp") as src:
        assert str(next(iter(src))["properties"]["id"]) == "57.0"
    assert _boxes_and_labels(IDTReeS(tmp_path)) == _boxes_and_labels(IDTReeS(root))
    assert IDTReeS(tmp_path)[0]["label"].tolist() == [_taxon("AMLA"), _taxon("QURU")]


def test_plot_names_without_extension_still_join(root: Path, tmp_path: Path) -> None:
    fake.make(tmp_path, bare_plots=True)  # plotID "TALL_2", rsFile "MLBS_1"
    for split in ("train", "test"):
        got = _boxes_and_labels(IDTReeS(tmp_path, split=split))
        assert got == _boxes_and_labels(IDTReeS(root, split=split))
        assert all(boxes for boxes, _ in got)


def test_crown_table_matching_no_polygon_is_an_error(tmp_path: Path) -> None:
    fake.make(tmp_path)
    IDTReeS(tmp_path)  # extracted
    table = tmp_path / "train" / "Field" / "itc_rsFile.csv"
    lines = table.read_text().splitlines()
    table.write_text("\n".join([lines[0]] + [f"9{line}" for line in lines[1:]]) + "\n")
    with pytest.raises(InvalidDataError, match=r"no crown id of .*itc_rsFile\.csv matches"):
        IDTReeS(tmp_path)


def test_crowns_naming_no_plot_image_is_an_error(tmp_path: Path) -> None:
    fake.make(tmp_path)
    IDTReeS(tmp_path, split="test")  # extracted
    for path in (tmp_path / "task2" / "RemoteSensing" / "RGB").glob("*.tif"):
        path.rename(path.with_name(f"plot_{path.name}"))
    with pytest.raises(InvalidDataError, match="no plot named by the plotID"):
        IDTReeS(tmp_path, split="test")


def test_a_crown_outside_its_plot_is_dropped(tmp_path: Path,
                                             monkeypatch: pytest.MonkeyPatch) -> None:
    # a crown listed for plot OSBS_1 but wholly past its right edge gave the box
    # [25, 1, 20, 4] (x0 > x1); the one crossing the edge is clipped to the image
    crowns = list(fake.CROWNS)
    crowns[3] = (1308, "OSBS00120", "OSBS_1", "QULA2", (25, 1, 28, 4))
    monkeypatch.setattr(fake, "CROWNS", crowns)
    fake.make(tmp_path)
    ds = IDTReeS(tmp_path, "train")
    boxes = {ds.files[i].stem: ds[i]["bbox_xyxy"].tolist() for i in range(len(ds))}
    labels = {ds.files[i].stem: ds[i]["label"].tolist() for i in range(len(ds))}
    assert boxes["OSBS_1"] == [[15.0, 15.0, 20.0, 20.0]] and len(labels["OSBS_1"]) == 1
