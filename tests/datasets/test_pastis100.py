"""PASTIS100: the 100-patch PASTIS-R subset (fake ``PASTIS-R.zip`` in the real layout)."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
import torch

import geoplug.datasets
from fakedata import pastis100 as fake
from fakedata._dc_checks import check_not_found, check_plot
from fakedata._made import check_wrong_md5, made_root
from fakedata._segutil import served_resources
from geoplug.core.testing import check_dataset_plugin
from geoplug.datasets.pastis100 import PASTIS100

root = made_root(fake.make, "pastis100", extract=True)


def test_registry() -> None:
    assert geoplug.datasets.get("pastis100") is PASTIS100
    assert geoplug.datasets.info("pastis100").num_samples == 100
    assert geoplug.datasets.info("pastis100").classes == geoplug.datasets.info("pastis").classes


@pytest.mark.parametrize(("split", "ids"), [("train", [10000, 10001, 10002, 10005]),
                                            ("val", [10003]), ("test", [10004])])
def test_splits_are_folds(root: Path, split: str, ids: list[int]) -> None:
    ds = PASTIS100(root, split=split)
    assert [int(p["ID_PATCH"]) for p in ds.patches] == ids


def test_series_and_mask_pairing(root: Path) -> None:
    ds = PASTIS100(root, modalities=["s2", "s1a"])
    for i, position in enumerate([0, 1, 2, 5]):
        sample = ds[i]
        assert torch.equal(sample["image_s2"],
                           torch.from_numpy(fake.series(position, "S2").astype(np.float32)))
        assert torch.equal(sample["image_s1a"],
                           torch.from_numpy(fake.series(position, "S1A").astype(np.float32)))
        assert torch.equal(sample["mask"],
                           torch.from_numpy(fake.semantic(position).astype(np.int64)))


def test_instance_target(root: Path) -> None:
    sample = PASTIS100(root, split="test", target="instance")[0]  # patch 10004
    assert sample["mask"].shape == (4, fake.SIZE, fake.SIZE)
    ids = [i for i in np.unique(fake.instances(4)) if i]
    assert torch.equal(sample["mask"][2],
                       torch.from_numpy((fake.instances(4) == ids[2]).astype(np.uint8)))


def test_not_found(tmp_path: Path) -> None:
    check_not_found(PASTIS100, tmp_path)


def test_full_pastis_zip_is_not_taken_for_the_subset(tmp_path: Path) -> None:
    """A full release's PASTIS.zip in the root is not the subset: not found, not extracted."""
    from fakedata import pastis

    pastis.make(tmp_path, original=True)
    check_not_found(PASTIS100, tmp_path)
    assert not (tmp_path / "PASTIS").exists()


def test_an_extracted_full_release_is_not_read_as_the_subset(tmp_path: Path) -> None:
    import shutil

    from fakedata import pastis
    from geoplug.core.errors import InvalidDataError

    pastis.make(tmp_path / "s2only", extract=True, original=True)  # PASTIS/: never the subset
    check_not_found(PASTIS100, tmp_path / "s2only")
    made = tmp_path / "full"
    pastis.make(made, extract=True)  # PASTIS-R/ of more patches than the subset's 100
    s2 = made / "PASTIS-R" / "DATA_S2"
    for n in range(101):
        shutil.copy(next(s2.glob("S2_*.npy")), s2 / f"S2_{20000 + n}.npy")
    with pytest.raises(InvalidDataError, match=r"holds 10\d patches, not the 100"):
        PASTIS100(made)


def test_download(tmp_path: Path, http_root: Path, http_server, monkeypatch) -> None:
    info = fake.make(http_root)
    monkeypatch.setattr(PASTIS100, "resources",
                        served_resources(PASTIS100.resources, http_server.url, info["md5"]))
    ds = PASTIS100(tmp_path, split="val", download=True, checksum=True)
    assert [int(p["ID_PATCH"]) for p in ds.patches] == [10003]
    assert (tmp_path / "PASTIS-R" / "DATA_S1D" / "S1D_10003.npy").is_file()


def test_published_resource() -> None:
    (resource,) = PASTIS100.resources
    assert "torchgeo/PASTIS-R-100" in resource.url and resource.filename == "PASTIS-R.zip"
    assert resource.md5 == "6b4a428bd27cdbc2abda44973ba42892"


def test_checksum_mismatch(tmp_path: Path, monkeypatch) -> None:
    fake.make(tmp_path)
    check_wrong_md5(PASTIS100, monkeypatch, tmp_path)


def test_plot(root: Path) -> None:
    check_plot(PASTIS100(root, split="val"))


def test_conformance(root: Path) -> None:
    check_dataset_plugin("pastis100", data=root)
