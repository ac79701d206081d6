"""Copernicus-Pretrain against fake webdataset shards (torch-saved tensors and JSON)."""

from __future__ import annotations

import io
import json
import tarfile
from pathlib import Path

import matplotlib
import numpy as np
import pytest
import torch

import geoplug.datasets
from fakedata import copernicus_pretrain as fake
from fakedata._dc_checks import check_not_found
from fakedata._made import made_root
from fakedata._segutil import served_resources
from geoplug.core.errors import ChecksumError, InvalidDataError
from geoplug.core.testing import check_dataset_plugin
from geoplug.datasets import copernicus_pretrain
from geoplug.datasets.copernicus_pretrain import CopernicusPretrain

matplotlib.use("Agg")

root = made_root(fake.make, "copernicus_pretrain")
FULL = ["0772176", "0772177", "1204455"]  # the cells holding every modality


def test_registry() -> None:
    assert geoplug.datasets.get("copernicus_pretrain") is CopernicusPretrain
    info = geoplug.datasets.info("copernicus_pretrain")
    assert info.task == "self_supervised"
    assert len(info.bands) == 2 + 13 + 21 + 4 + 1


#: samples of the full cells, S2's order: (grid, local patch id)
SAMPLES = [("0772176", "0865832"), ("0772176", "0865831"), ("0772177", "0865900"),
           ("1204455", "1300000"), ("1204455", "1300001")]
EXAMPLE = "example_100_grids/example_100_webdataset"


def test_cells_with_every_modality(root: Path) -> None:
    ds = CopernicusPretrain(root)
    assert [key for key, _ in ds.cells] == FULL
    assert len(ds) == len(SAMPLES)
    partial = CopernicusPretrain(root, modalities=["s2_toa", "dem"])
    assert [key for key, _ in partial.cells] == [*FULL, "1300001"]
    assert len(partial) == len(SAMPLES) + 1
    assert len(CopernicusPretrain(root, modalities=["s3_olci"])) == len(FULL)  # one per cell


@pytest.mark.parametrize(("grid", "local"), SAMPLES)
def test_sample_values(root: Path, grid: str, local: str) -> None:
    sample = CopernicusPretrain(root)[SAMPLES.index((grid, local))]
    assert sample["grid_id"] == grid and sample["local_patch"] == local
    assert sample["metadata"] == fake.metadata(grid)
    for modality in fake.SHAPES:
        image = sample[f"image_{modality}"]
        expected = fake.tensor(grid, modality)
        if modality in ("s1_grd", "s2_toa"):  # the local patch of that id in each tensor
            expected = expected[fake.local_patches(grid, modality).index(local)]
        assert image.dtype == torch.float32
        assert np.array_equal(image.numpy(), expected)
    assert sample["image_dem"].shape == (1, fake.DEM, fake.DEM)
    assert np.array_equal(sample["image_dem"][0].numpy(), fake.tensor(grid, "dem"))


def test_s2_above_int16(root: Path) -> None:
    # the publisher stored uint16 S2 with astype(int16): bright pixels are negative on disk
    assert fake.saved("0772177", "s2_toa").min() < 0
    image = CopernicusPretrain(root, modalities=["s2_toa"])[2]["image_s2_toa"]
    assert image.min() >= 0 and image.max() > 32767
    assert np.array_equal(image.numpy(), fake.tensor("0772177", "s2_toa")[0])
    assert float(image[0, 0, 1, 0]) == fake.tensor("0772177", "s2_toa")[0, 0, 0, 1, 0] > 32767


def test_carried_over_modality_is_absent(root: Path) -> None:
    # the publisher's writer reuses sample/meta: 1300001 (no S3/S5P) carries 1204455's
    with tarfile.open(root / "example-000001.tar") as tar:
        names = tar.getnames()
        written = json.loads(tar.extractfile("1300001.json").read())
    assert "1300001.s3_olci.pth" in names
    assert written["s3_olci"][0] == ["1204455_11.25_48.00/20210101"]
    assert [k for k, _ in CopernicusPretrain(root, modalities=["s3_olci"]).cells] == FULL
    assert [k for k, _ in CopernicusPretrain(root, modalities=["s5p_no2", "dem"]).cells] == FULL
    ds = CopernicusPretrain(root, modalities=["s1_grd", "dem"])
    last = ds[len(ds) - 1]
    assert last["grid_id"] == "1300001"
    assert last["metadata"] == fake.metadata("1300001")
    assert "s3_olci" not in last["metadata"] and "s3_olci" in written


def test_local_patches_paired_by_id(root: Path) -> None:
    # 0772176: S1 lists local patches 0865831, 0865832, 0865833; S2 lists 0865832, 0865831
    s1 = CopernicusPretrain(root, modalities=["s1_grd"])
    assert [s1[i]["local_patch"] for i in range(3)] == ["0865831", "0865832", "0865833"]
    for i in range(3):
        assert np.array_equal(s1[i]["image_s1_grd"].numpy(), fake.tensor("0772176", "s1_grd")[i])
    s2 = CopernicusPretrain(root, modalities=["s2_toa"])
    assert [s2[i]["local_patch"] for i in range(2)] == ["0865832", "0865831"]
    both = CopernicusPretrain(root, modalities=["s1_grd", "s2_toa"])
    first = both[0]  # 0865832: S2's first, S1's second local patch
    assert first["local_patch"] == "0865832"
    assert np.array_equal(first["image_s1_grd"].numpy(), fake.tensor("0772176", "s1_grd")[1])
    assert np.array_equal(first["image_s2_toa"].numpy(), fake.tensor("0772176", "s2_toa")[0])
    assert len(both) == len(SAMPLES) + 1  # 0865833 (S1 only) is left out


def test_cell_without_json(tmp_path: Path) -> None:
    # no JSON: the members are trusted and the first local patch is read (by position)
    fake.make(tmp_path)
    with tarfile.open(tmp_path / "example-000000.tar") as tar:
        kept = [(m, tar.extractfile(m).read()) for m in tar if m.name != "0772177.json"]
    with tarfile.open(tmp_path / "example-000000.tar", "w") as tar:
        for member, data in kept:
            tar.addfile(member, io.BytesIO(data))
    ds = CopernicusPretrain(tmp_path, modalities=["s1_grd", "s2_toa"])
    sample = ds[2]
    assert sample["grid_id"] == "0772177" and sample["local_patch"] == "0"
    assert sample["metadata"] == {}
    assert np.array_equal(sample["image_s1_grd"].numpy(), fake.tensor("0772177", "s1_grd")[0])


def test_helpers() -> None:
    assert copernicus_pretrain.first_id([[["a_1/2/3"]], [["b"]]]) == "a_1/2/3"
    assert copernicus_pretrain.first_id([]) is None
    assert copernicus_pretrain.local_ids(fake.metadata("0772176")["s1_grd"]) == [
        "0865831", "0865832", "0865833"]
    assert copernicus_pretrain.local_ids([["no local id"]]) is None


def test_band_selection(root: Path) -> None:
    ds = CopernicusPretrain(root, modalities=["s2_toa", "s3_olci"],
                            bands=["B8", "B2", "Oa17_radiance"])
    sample = ds[4]  # 1204455, local patch 1
    s2 = fake.tensor("1204455", "s2_toa")
    assert np.array_equal(sample["image_s2_toa"].numpy(), s2[1][:, [7, 1]])
    assert np.array_equal(sample["image_s3_olci"].numpy(),
                          fake.tensor("1204455", "s3_olci")[:, [16]])
    with pytest.raises(ValueError, match="has none of the bands"):
        CopernicusPretrain(root, modalities=["s1_grd", "dem"], bands=["VV"])


def test_no_cell_with_modality(tmp_path: Path) -> None:
    fake.make(tmp_path)
    (tmp_path / "example-000000.tar").unlink()
    with tarfile.open(tmp_path / "example-000001.tar") as tar:  # keep the S1/S2/DEM-only cell
        kept = [(m, tar.extractfile(m).read()) for m in tar if m.name.startswith("1300001")]
    with tarfile.open(tmp_path / "example-000001.tar", "w") as tar:
        for member, data in kept:
            tar.addfile(member, io.BytesIO(data))
    assert len(CopernicusPretrain(tmp_path, modalities=["s1_grd"])) == 1
    with pytest.raises(InvalidDataError, match="holds all of"):
        CopernicusPretrain(tmp_path)


def test_truncated_shard(tmp_path: Path) -> None:
    fake.make(tmp_path)
    shard = tmp_path / "example-000001.tar"
    data = shard.read_bytes()
    shard.write_bytes(data[:700])  # inside the first member's header or data
    with pytest.raises(InvalidDataError, match=r"example-000001\.tar"):
        CopernicusPretrain(tmp_path, modalities=["dem"])
    # cut after indexing (a copy being replaced): the last member's data (1300001.json) lost
    shard.write_bytes(data)
    ds = CopernicusPretrain(tmp_path, modalities=["dem"])
    shard.write_bytes(data[:len(data.rstrip(b"\0")) // 512 * 512])
    assert np.array_equal(ds[2]["image_dem"][0].numpy(), fake.tensor("1204455", "dem"))
    with pytest.raises(InvalidDataError, match="is truncated; download"):
        ds[3]


def test_not_found(tmp_path: Path) -> None:
    check_not_found(CopernicusPretrain, tmp_path)
    with pytest.raises(ValueError, match="variant"):
        CopernicusPretrain(tmp_path, variant="1M")


def test_download(tmp_path: Path, http_root: Path, http_server, monkeypatch) -> None:
    md5s = fake.make(http_root / EXAMPLE)["md5"]
    monkeypatch.setattr(copernicus_pretrain, "URL", f"{http_server.url}/")
    monkeypatch.setitem(copernicus_pretrain.COPERNICUS_PRETRAIN_SHARDS, "100_example",
                        (EXAMPLE, 0, 1))
    ds = CopernicusPretrain(tmp_path / "dl", download=True, checksum=True)
    assert sorted(p.name for p in (tmp_path / "dl" / EXAMPLE).glob("*.tar")) == sorted(md5s)
    assert np.array_equal(ds[2]["image_s1_grd"].numpy(), fake.tensor("0772177", "s1_grd")[0])


def test_variant_beside_another(tmp_path: Path, http_root: Path, http_server,
                                monkeypatch) -> None:
    # the 100-grid example (flat in root) shares shard names with 220k_aligned's first ones:
    # asking for 220k_aligned with download=True must fetch it, not reuse the example
    fake.make(tmp_path)
    aligned = {"example-000000.tar": ["1204455"], "example-000001.tar": ["0772177"]}
    fake.make(http_root / "ssl4eo_s_220k_aligned", shards=aligned)
    monkeypatch.setattr(copernicus_pretrain, "URL", f"{http_server.url}/")
    monkeypatch.setitem(copernicus_pretrain.COPERNICUS_PRETRAIN_SHARDS, "220k_aligned",
                        ("ssl4eo_s_220k_aligned", 0, 1))
    ds = CopernicusPretrain(tmp_path, variant="220k_aligned", download=True)
    assert [k for k, _ in ds.cells] == ["0772177", "1204455"]
    assert ds[0]["grid_id"] == "0772177"
    assert np.array_equal(ds[0]["image_s3_olci"].numpy(), fake.tensor("0772177", "s3_olci"))
    assert (tmp_path / "ssl4eo_s_220k_aligned" / "example-000001.tar").is_file()
    assert [k for k, _ in CopernicusPretrain(tmp_path).cells] == FULL  # the example, flat
    # an interrupted download: the present shards are read, download=True resumes
    (tmp_path / "ssl4eo_s_220k_aligned" / "example-000001.tar").unlink()
    partial = CopernicusPretrain(tmp_path, variant="220k_aligned")
    assert [k for k, _ in partial.cells] == ["1204455"]
    resumed = CopernicusPretrain(tmp_path, variant="220k_aligned", download=True)
    assert [k for k, _ in resumed.cells] == ["0772177", "1204455"]


def test_checksum_mismatch(tmp_path: Path, http_root: Path, http_server, monkeypatch) -> None:
    good = fake.make(http_root / EXAMPLE)["md5"]
    (http_root / EXAMPLE / "example-000001.tar").write_bytes(b"not the shard")
    served = served_resources(copernicus_pretrain.shard_resources("100_example")[:2],
                              http_server.url, {f"{EXAMPLE}/{k}": v for k, v in good.items()})
    monkeypatch.setattr(copernicus_pretrain, "shard_resources", lambda variant: served)
    with pytest.raises(ChecksumError):
        CopernicusPretrain(tmp_path / "dl", download=True, checksum=True)


def test_plot(root: Path) -> None:
    import matplotlib.pyplot as plt

    ds = CopernicusPretrain(root, modalities=["s2_toa", "s5p_no2", "dem"])
    fig = ds.plot(ds[0])
    assert isinstance(fig, plt.Figure)
    assert [ax.get_title() for ax in fig.axes] == ["s2_toa", "s5p_no2", "dem"]
    plt.close(fig)


def test_conformance(root: Path) -> None:
    check_dataset_plugin("copernicus_pretrain", data=root)
