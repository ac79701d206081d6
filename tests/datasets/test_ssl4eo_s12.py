"""SSL4EO-S12 loader against fake mediaTUM archives (s1, s2_l1c, s2_l2a)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import torch

import geoplug.datasets
from fakedata import ssl4eo_s12 as fake
from fakedata._dc_checks import (
    archive_fixtures,
    check_made_checksum,
    check_not_found,
    check_plot,
    serve_made,
)
from fakedata._readonly import read_only
from geoplug.core.errors import InvalidDataError
from geoplug.core.testing import check_dataset_plugin
from geoplug.datasets.ssl4eo_s12 import SSL4EOS12
from testkit.http import Served

made, root = archive_fixtures(fake.make, "ssl4eo_s12")


def test_l1c_four_seasons(root: Path) -> None:
    ds = SSL4EOS12(root)
    assert len(ds) == 2  # 0000003 has three acquisitions only
    image = ds[1]["image"]
    assert image.shape == (4, 13, 8, 8) and image.dtype == torch.float32
    # pixel (3, 5) of every band, whether stored at 10, 20 or 60 m
    assert image[2, :, 3, 5].tolist() == [fake.at("s2c", 1, 2, b, 3, 5) for b in range(13)]
    rows, cols = torch.meshgrid(torch.arange(2, 6), torch.arange(2, 6), indexing="ij")
    for t in range(4):
        for b in range(13):
            expected = (fake.value("s2c", 1, t, b) + 8 * rows + 4 * cols).float()
            assert torch.equal(image[t, b, 2:6, 2:6], expected), (t, fake.S2C[b])


def test_l2a_bands_and_three_seasons(root: Path) -> None:
    ds = SSL4EOS12(root, product="s2a", bands=["B4", "B3", "B2", "B12"], seasons=3)
    assert len(ds) == 3
    assert ds.all_bands == fake.S2A
    image = ds[2]["image"]
    assert image.shape == (3, 4, 8, 8)
    assert image[1, :, 6, 1].tolist() == [fake.at("s2a", 2, 1, fake.S2A.index(b), 6, 1)
                                          for b in ("B4", "B3", "B2", "B12")]
    assert ds.rgb_indices == [0, 1, 2]
    check_plot(ds)
    with pytest.raises(ValueError, match=r"unknown band.*B10"):
        SSL4EOS12(root, product="s2a", bands=["B10"])


def test_s1_sorted_by_date_not_name(root: Path) -> None:
    ds = SSL4EOS12(root, product="s1", bands=["VH"])
    image = ds[0]["image"]
    assert image.shape == (4, 1, 8, 8)
    # S1A_..._20201230 sorts before the S1B_ folders by name, but is the last in time
    assert [image[t, 0, 4, 2].item() for t in range(4)] == [fake.at("s1", 0, t, 1, 4, 2)
                                                            for t in range(4)]
    check_plot(ds)


def test_random_season(root: Path) -> None:
    ds = SSL4EOS12(root, seasons=1, random_seasons=True, bands=["B2"])
    seen = set()
    for _ in range(40):
        image = ds[0]["image"]
        assert image.shape == (1, 1, 8, 8)
        seen.add(int(image[0, 0, 0, 0].item()))
    assert seen <= {fake.at("s2c", 0, t, 1, 0, 0) for t in range(4)}
    assert len(seen) > 1


def test_bad_arguments(root: Path, tmp_path: Path) -> None:
    with pytest.raises(ValueError, match="product 's3' is not one of s1, s2c, s2a"):
        SSL4EOS12(root, product="s3")
    with pytest.raises(ValueError, match=r"seasons must be in 1\.\.4"):
        SSL4EOS12(root, seasons=5)
    (tmp_path / "s2c" / "0000000").mkdir(parents=True)
    with pytest.raises(InvalidDataError, match="holds 4 acquisition folders"):
        SSL4EOS12(tmp_path)


def test_split_parts_and_s1_grd_name(made: dict[str, Any], tmp_path: Path) -> None:
    """The newer release: s2_l1c.tar.gz.partaa/ab..., s1_grd.tar.gz(.partaa...)."""
    src = made["dir"]
    parts = fake.split_parts(src / "s2_l1c.tar.gz", tmp_path / "a")
    assert len(parts) > 1 and parts[1].name == "s2_l1c.tar.gz.partab"
    ds = SSL4EOS12(tmp_path / "a", bands=["B2"])
    assert len(ds) == 2
    assert ds[1]["image"][3, 0, 3, 5].item() == fake.at("s2c", 1, 3, fake.S2C.index("B2"), 3, 5)
    fake.split_parts(src / "s1.tar.gz", tmp_path / "b", name="s1_grd.tar.gz")
    s1 = SSL4EOS12(tmp_path / "b", product="s1", bands=["VV"])
    assert s1[0]["image"][2, 0, 4, 2].item() == fake.at("s1", 0, 2, 0, 4, 2)
    (tmp_path / "c").mkdir()
    (tmp_path / "c" / "s1_grd.tar.gz").write_bytes((src / "s1.tar.gz").read_bytes())
    assert len(SSL4EOS12(tmp_path / "c", product="s1", seasons=3)) == 3


def test_read_only_root_extracts_into_the_cache(made: dict[str, Any], tmp_path: Path,
                                                monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("GEOPLUG_CACHE_DIR", str(tmp_path / "cache"))
    data = tmp_path / "data"
    fake.split_parts(made["dir"] / "s2_l2a.tar.gz", data)
    before = sorted(p.name for p in data.iterdir())
    with read_only(data):
        ds = SSL4EOS12(data, product="s2a", bands=["B8A"], seasons=3)
        assert len(ds) == 3
        assert ds[0]["image"][2, 0, 1, 1].item() == fake.at("s2a", 0, 2,
                                                            fake.S2A.index("B8A"), 1, 1)
        assert len(SSL4EOS12(data, product="s2a", seasons=3)) == 3
    assert sorted(p.name for p in data.iterdir()) == before
    assert len(list((tmp_path / "cache").rglob("B8A.tif"))) == 11


def test_not_found(tmp_path: Path) -> None:
    check_not_found(SSL4EOS12, tmp_path)


def test_download(made: dict[str, Any], http_server: Served, http_root: Path, tmp_path: Path,
                  monkeypatch: pytest.MonkeyPatch) -> None:
    serve_made(SSL4EOS12, made, http_server.url, http_root, monkeypatch)
    assert len(SSL4EOS12(tmp_path, product="s1", download=True, checksum=True)) == 2
    assert (tmp_path / "s1.tar.gz").is_file()
    assert not (tmp_path / "s2_l1c.tar.gz").exists()


def test_checksum_mismatch(made: dict[str, Any], tmp_path: Path,
                           monkeypatch: pytest.MonkeyPatch) -> None:
    check_made_checksum(SSL4EOS12, made, monkeypatch, tmp_path, "s2_l1c.tar.gz")


def test_plugin(root: Path) -> None:
    assert geoplug.datasets.get("ssl4eo_s12") is SSL4EOS12
    check_dataset_plugin("ssl4eo_s12", data=root)
