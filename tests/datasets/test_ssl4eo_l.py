"""SSL4EO-L loader against fake split tarballs of the five Landsat products."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import torch

import geoplug.datasets
from fakedata import ssl4eo_l as fake
from fakedata._dc_checks import archive_fixtures, check_not_found, check_plot, copy_archives
from fakedata._readonly import read_only
from geoplug.core.download import Resource
from geoplug.core.errors import ChecksumError
from geoplug.core.testing import check_dataset_plugin
from geoplug.datasets.ssl4eo_l import SSL4EOL
from testkit.http import Served

made, root = archive_fixtures(fake.make, "ssl4eo_l")


def test_oli_sr_sorted_by_date(root: Path) -> None:
    ds = SSL4EOL(root)
    assert len(ds) == 2  # 0000009 has three scenes
    assert ds.all_bands == ("SR_B1", "SR_B2", "SR_B3", "SR_B4", "SR_B5", "SR_B6", "SR_B7")
    image = ds[1]["image"]
    assert image.shape == (4, 7, 8, 8) and image.dtype == torch.float32
    # the LC09_ scene sorts last by name but is the first date
    for t in range(4):
        assert image[t, :, 3, 5].tolist() == [fake.value("oli_sr", 1, t, b) + 29
                                              for b in range(7)]
    assert ds.rgb_indices == [3, 2, 1]


@pytest.mark.parametrize(("product", "count"), list(fake.BANDS.items()))
def test_products(root: Path, product: str, count: int) -> None:
    ds = SSL4EOL(root, product=product, seasons=3)
    assert len(ds) == 3
    image = ds[2]["image"]
    assert image.shape == (3, count, 8, 8)
    assert image[2, -1, 6, 1].item() == fake.value(product, 2, 2, count - 1) + 49


def test_bands_and_plot(root: Path) -> None:
    ds = SSL4EOL(root, product="etm_toa", bands=["B6_VCID_2", "B3", "B2", "B1"], seasons=2)
    image = ds[0]["image"]
    assert image.shape == (2, 4, 8, 8)
    assert image[1, :, 2, 7].tolist() == [fake.value("etm_toa", 0, 1, b) + 23
                                          for b in (6, 2, 1, 0)]
    assert ds.rgb_indices == [1, 2, 3]
    check_plot(ds)
    with pytest.raises(ValueError, match="unknown band"):
        SSL4EOL(root, product="etm_sr", bands=["SR_B6"])


def test_random_seasons(root: Path) -> None:
    ds = SSL4EOL(root, product="tm_toa", seasons=2, random_seasons=True, bands=["B1"])
    seen = set()
    for _ in range(30):
        image = ds[0]["image"]
        first, second = (int(image[t, 0, 0, 0].item()) for t in range(2))
        assert first < second  # drawn, then kept in time order
        seen.add((first, second))
    assert seen <= {(fake.value("tm_toa", 0, a, 0), fake.value("tm_toa", 0, b, 0))
                    for a in range(4) for b in range(a + 1, 4)}
    assert len(seen) > 1


def test_bad_arguments(root: Path) -> None:
    with pytest.raises(ValueError, match="product 'mss' is not one of"):
        SSL4EOL(root, product="mss")
    with pytest.raises(ValueError, match="seasons must be in"):
        SSL4EOL(root, seasons=0)


def test_parts_in_product_folder(made: dict[str, Any], tmp_path: Path) -> None:
    """Hugging Face layout: <product>/ssl4eo_l_<product>.tar.gzaa, ab, ac."""
    parts = fake.hf_layout(made["dir"], tmp_path, "etm_toa")
    assert [p.parent.name for p in parts] == ["etm_toa"] * 3
    ds = SSL4EOL(tmp_path, product="etm_toa", seasons=3)
    assert len(ds) == 3 and (tmp_path / "ssl4eo_l_etm_toa").is_dir()
    assert ds[0]["image"][1, 8, 2, 4].item() == fake.value("etm_toa", 0, 1, 8) + 20


def test_read_only_root_extracts_into_the_cache(made: dict[str, Any], tmp_path: Path,
                                                monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("GEOPLUG_CACHE_DIR", str(tmp_path / "cache"))
    data = tmp_path / "data"
    fake.hf_layout(made["dir"], data, "tm_toa")
    before = sorted(p.name for p in data.rglob("*"))
    with read_only(data):
        ds = SSL4EOL(data, product="tm_toa", seasons=3)
        assert len(ds) == 3
        assert ds[2]["image"][0, 6, 1, 1].item() == fake.value("tm_toa", 2, 0, 6) + 9
        assert len(SSL4EOL(data, product="tm_toa", seasons=3)) == 3
    assert sorted(p.name for p in data.rglob("*")) == before
    assert len(list((tmp_path / "cache").rglob("all_bands.tif"))) == 11


def test_not_found(tmp_path: Path) -> None:
    check_not_found(SSL4EOL, tmp_path)


def _served(made: dict[str, Any], url: str, product: str, bad: bool = False
            ) -> tuple[Resource, ...]:
    names = sorted(n for n in made["archives"] if n.startswith(f"ssl4eo_l_{product}.tar.gz"))
    return tuple(Resource(url=f"{url}/{n}", filename=n,
                          md5="0" * 32 if bad and n.endswith("ab") else made["archives"][n],
                          extract=False) for n in names)


def test_download_joins_parts(made: dict[str, Any], http_server: Served, http_root: Path,
                              tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    copy_archives(made["dir"], http_root, list(made["archives"]))
    monkeypatch.setattr(SSL4EOL, "resources", _served(made, http_server.url, "etm_sr"))
    ds = SSL4EOL(tmp_path, product="etm_sr", download=True, checksum=True)
    assert len(ds) == 2
    assert (tmp_path / "ssl4eo_l_etm_sr.tar.gz").is_file()
    assert not (tmp_path / "ssl4eo_l_oli_sr.tar.gzaa").exists()


def test_checksum_mismatch(made: dict[str, Any], tmp_path: Path,
                           monkeypatch: pytest.MonkeyPatch) -> None:
    copy_archives(made["dir"], tmp_path, list(made["archives"]))
    monkeypatch.setattr(SSL4EOL, "resources", _served(made, "http://unused", "oli_sr", True))
    with pytest.raises(ChecksumError, match="checksum"):
        SSL4EOL(tmp_path, checksum=True)


def test_plugin(root: Path) -> None:
    assert geoplug.datasets.get("ssl4eo_l") is SSL4EOL
    check_dataset_plugin("ssl4eo_l", data=root)
