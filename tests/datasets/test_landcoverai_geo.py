"""LandCover.ai as geo layers: orthophoto & mask windows, mosaics, zip, download, errors."""

from __future__ import annotations

import hashlib
from pathlib import Path

import numpy as np
import pytest
import torch

from fakedata._layers import downloaded_checked, window
from fakedata.landcoverai_geo import ORTHOS, lcai_image, lcai_mask, lcai_tree, lcai_zip
from geoplug.core.errors import ChecksumError, DatasetNotFoundError
from geoplug.core.testing import check_dataset_plugin
from geoplug.datasets import landcoverai_geo as module
from geoplug.datasets.landcoverai_geo import LandCoverAIGeo


def _query(sheet: str, row: int, col: int, n: int) -> object:
    x, y, res, _, _ = ORTHOS[sheet]
    return window((x, y), res, row, col, n)


def test_image_and_mask_of_one_window_are_the_same_place(tmp_path: Path) -> None:
    lcai_tree(tmp_path, ("M-33-20-D-c-4-2", "M-33-20-D-c-4-4"))
    ds = LandCoverAIGeo(tmp_path, cache=False)
    assert ds.crs.to_epsg() == 2180 and ds.res == (0.25, 0.25)
    assert list(ds.bands) == ["R", "G", "B"]
    sample = ds[_query("M-33-20-D-c-4-4", 5, 9, 16)]
    assert sample["image"].dtype == torch.float32 and sample["image"].shape == (3, 16, 16)
    assert sample["mask"].dtype == torch.int64 and sample["mask"].shape == (16, 16)
    np.testing.assert_array_equal(sample["image"].numpy(),
                                  lcai_image("M-33-20-D-c-4-4")[:, 5:21, 9:25])
    np.testing.assert_array_equal(sample["mask"].numpy(),
                                  lcai_mask("M-33-20-D-c-4-4")[5:21, 9:25])


def test_window_across_two_orthophotos_is_stitched(tmp_path: Path) -> None:
    lcai_tree(tmp_path, ("M-33-20-D-c-4-2", "M-33-20-D-c-4-4"))
    ds = LandCoverAIGeo(tmp_path, cache=False)
    sample = ds[_query("M-33-20-D-c-4-2", 10, 56, 16)]  # cols 56-63 then 0-7 of the next
    want_img = np.concatenate([lcai_image("M-33-20-D-c-4-2")[:, 10:26, 56:64],
                               lcai_image("M-33-20-D-c-4-4")[:, 10:26, 0:8]], axis=2)
    want_mask = np.concatenate([lcai_mask("M-33-20-D-c-4-2")[10:26, 56:64],
                                lcai_mask("M-33-20-D-c-4-4")[10:26, 0:8]], axis=1)
    np.testing.assert_array_equal(sample["image"].numpy(), want_img)
    np.testing.assert_array_equal(sample["mask"].numpy(), want_mask)


def test_50_cm_orthophoto_on_its_own_grid_and_bands(tmp_path: Path) -> None:
    lcai_tree(tmp_path)
    ds = LandCoverAIGeo(tmp_path, res=0.5, bands=["B", "R"], cache=False)
    assert len(ds.image) == 3
    sample = ds[_query("N-34-61-B-a-1-1", 3, 4, 12)]
    np.testing.assert_array_equal(sample["image"].numpy(),
                                  lcai_image("N-34-61-B-a-1-1")[[2, 0], 3:15, 4:16])
    np.testing.assert_array_equal(sample["mask"].numpy(),
                                  lcai_mask("N-34-61-B-a-1-1")[3:15, 4:16])
    with pytest.raises(ValueError, match="NIR"):
        LandCoverAIGeo(tmp_path, bands=["NIR"], cache=False)


def test_zip_lying_in_paths_is_extracted(tmp_path: Path) -> None:
    lcai_zip(tmp_path)
    ds = LandCoverAIGeo(tmp_path, cache=False)
    assert (tmp_path / "masks" / "M-33-20-D-c-4-2.tif").is_file()
    np.testing.assert_array_equal(ds[_query("M-33-20-D-c-4-2", 0, 0, 8)]["mask"].numpy(),
                                  lcai_mask("M-33-20-D-c-4-2")[:8, :8])


def test_checksum_of_a_zip_found(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    archive = lcai_zip(tmp_path)
    with pytest.raises(ChecksumError, match=r"landcover\.ai\.v1\.zip does not match"):
        LandCoverAIGeo(tmp_path, checksum=True, cache=False)
    monkeypatch.setattr(module, "_MD5", hashlib.md5(archive.read_bytes()).hexdigest())
    assert len(LandCoverAIGeo(tmp_path, checksum=True, cache=False).image) == 3


def test_download_with_checksum(tmp_path: Path, http_root: Path, http_server: object,
                                monkeypatch: pytest.MonkeyPatch) -> None:
    ds = downloaded_checked(
        monkeypatch, module, lcai_zip(http_root), f"{http_server.url}/landcover.ai.v1.zip",  # type: ignore[attr-defined]
        lambda folder: LandCoverAIGeo(folder, download=True, cache=False), tmp_path / "dl")
    sample = ds[_query("M-33-20-D-c-4-2", 2, 3, 6)]
    np.testing.assert_array_equal(sample["image"].numpy(),
                                  lcai_image("M-33-20-D-c-4-2")[:, 2:8, 3:9])


def test_not_found(tmp_path: Path) -> None:
    with pytest.raises(DatasetNotFoundError, match=r"images/<sheet>\.tif.*landcover\.ai"):
        LandCoverAIGeo(tmp_path, cache=False)


def test_plot(tmp_path: Path) -> None:
    lcai_tree(tmp_path)
    ds = LandCoverAIGeo(tmp_path, cache=False)
    sample = ds[_query("M-33-20-D-c-4-2", 0, 0, 16)]
    fig = ds.plot(sample)
    assert [a.get_title() for a in fig.axes] == ["orthophoto", "mask"]
    colours = fig.axes[1].images[0].get_array()
    ys, xs = np.nonzero(sample["mask"].numpy() == 2)
    assert tuple(colours[ys[0], xs[0]]) == (34, 139, 34)


def test_conformance(tmp_path: Path) -> None:
    lcai_tree(tmp_path)
    check_dataset_plugin("landcoverai_geo", data=tmp_path, kwargs={"cache": False})


def test_default_grid_is_the_25_cm_one_whichever_sheet_sorts_first(tmp_path: Path) -> None:
    lcai_tree(tmp_path, ("N-34-61-B-a-1-1",))  # a 50 cm sheet alone
    assert LandCoverAIGeo(tmp_path, cache=False).res == (0.25, 0.25)
