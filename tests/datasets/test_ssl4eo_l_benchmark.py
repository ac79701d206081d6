"""SSL4EO-L benchmark loader against fake image and CDL/NLCD mask tarballs."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import numpy as np
import pytest
import torch

import geoplug.datasets
from fakedata import ssl4eo_l_benchmark as fake
from fakedata._dc_checks import (
    archive_fixtures,
    check_made_checksum,
    check_not_found,
    check_plot,
    serve_made,
)
from geoplug.core.testing import check_dataset_plugin
from geoplug.datasets._catalog.generic import CDL_CLASSES
from geoplug.datasets._catalog.generic_layers import NLCD_CLASSES
from geoplug.datasets.ssl4eo_l_benchmark import SSL4EOLBenchmark
from testkit.http import Served

made, root = archive_fixtures(fake.make, "ssl4eo_l_benchmark")


def _location(path: Path) -> int:
    return (int(path.parent.parent.name) - 1) // 2


@pytest.mark.parametrize(("split", "length"), [("train", 14), ("val", 3), ("test", 3)])
def test_split_lengths(root: Path, split: str, length: int) -> None:
    assert len(SSL4EOLBenchmark(root, split=split)) == length


def test_splits_partition_the_locations(root: Path) -> None:
    seen = [_location(img) for s in ("train", "val", "test")
            for img, _ in SSL4EOLBenchmark(root, split=s).samples]
    assert sorted(seen) == list(range(fake.COUNT))
    # the publisher's seeded split: RandomState(0) permutation of the sorted paths
    order = np.arange(fake.COUNT)
    np.random.RandomState(0).shuffle(order)
    ordered = sorted(range(fake.COUNT), key=fake.location)
    assert seen[:14] == [ordered[k] for k in order[:14]]


def test_cdl_sample_pairs_image_and_mask(root: Path) -> None:
    ds = SSL4EOLBenchmark(root, split="val")
    image_path, mask_path = ds.samples[1]
    i = _location(image_path)
    assert mask_path.name == "cdl_2019.tif"
    sample = ds[1]
    image, mask = sample["image"], sample["mask"]
    assert image.shape == (7, 8, 8) and image.dtype == torch.float32
    assert mask.shape == (8, 8) and mask.dtype == torch.int64
    assert image[:, 5, 2].tolist() == [fake.image_value(i, b, 5, 2) for b in range(7)]
    codes = list(CDL_CLASSES)
    for r, c in ((5, 2), (1, 6), (7, 7)):
        code = fake.mask_code("cdl", i, r, c)
        assert mask[r, c].item() == (codes.index(code) if code in codes else 0)
    assert ds.classes[mask[5, 2]] == CDL_CLASSES.get(fake.mask_code("cdl", i, 5, 2),
                                                     "Background")


def test_nlcd_tm_bands(root: Path) -> None:
    ds = SSL4EOLBenchmark(root, split="test", sensor="tm_toa", product="nlcd",
                          bands=["B3", "B2", "B1"])
    assert len(ds.classes) == 17 and ds.classes == tuple(NLCD_CLASSES.values())
    image_path, mask_path = ds.samples[0]
    assert mask_path.name == "nlcd_2011.tif"
    i = _location(image_path)
    sample = ds[0]
    assert sample["image"][:, 3, 4].tolist() == [fake.image_value(i, b, 3, 4) for b in (2, 1, 0)]
    codes = list(NLCD_CLASSES)
    expected = [[codes.index(x) if (x := fake.mask_code("nlcd", i, r, c)) in codes else 0
                 for c in range(8)] for r in range(8)]
    assert sample["mask"].tolist() == expected
    assert ds.rgb_indices == [0, 1, 2]
    check_plot(ds)


def test_bad_arguments(root: Path) -> None:
    with pytest.raises(ValueError, match="sensor 'mss' is not one of"):
        SSL4EOLBenchmark(root, sensor="mss")
    with pytest.raises(ValueError, match="product 'lcmap' is not one of cdl, nlcd"):
        SSL4EOLBenchmark(root, product="lcmap")


def test_not_found(tmp_path: Path) -> None:
    check_not_found(SSL4EOLBenchmark, tmp_path)


def test_download(made: dict[str, Any], http_server: Served, http_root: Path, tmp_path: Path,
                  monkeypatch: pytest.MonkeyPatch) -> None:
    serve_made(SSL4EOLBenchmark, made, http_server.url, http_root, monkeypatch)
    ds = SSL4EOLBenchmark(tmp_path, sensor="etm_sr", product="nlcd", download=True,
                          checksum=True)
    assert len(ds) == 14
    assert sorted(p.name for p in tmp_path.glob("*.tar.gz")) == [
        "ssl4eo_l_etm_nlcd.tar.gz", "ssl4eo_l_etm_sr_benchmark.tar.gz"]


def test_checksum_mismatch(made: dict[str, Any], tmp_path: Path,
                           monkeypatch: pytest.MonkeyPatch) -> None:
    check_made_checksum(SSL4EOLBenchmark, made, monkeypatch, tmp_path, "ssl4eo_l_oli_cdl.tar.gz")


def test_plugin(root: Path) -> None:
    assert geoplug.datasets.get("ssl4eo_l_benchmark") is SSL4EOLBenchmark
    check_dataset_plugin("ssl4eo_l_benchmark", data=root)
