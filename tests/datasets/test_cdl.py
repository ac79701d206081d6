"""Cropland Data Layer: raw codes, ordinal mapping, colour table, download."""

from __future__ import annotations

import hashlib
from pathlib import Path

import numpy as np
import pytest
import rasterio
import torch

from fakedata.cdl import CDL_CLASSES, cdl, cdl_zip
from geoplug.core.errors import ChecksumError, DatasetNotFoundError
from geoplug.datasets import cdl as cdl_module
from geoplug.datasets.cdl import CDL

BOUNDS = (300000.0, 1900000.0, 301500.0, 1901500.0)  # EPSG:5070, 50 x 50 px


def _raw(path: Path) -> np.ndarray:
    with rasterio.open(path) as src:
        return src.read(1)


def test_raw_codes_grid_and_year(tmp_path: Path) -> None:
    path = cdl(tmp_path, year=2021, bounds=BOUNDS)
    ds = CDL(tmp_path, cache=False)
    assert ds.crs.to_epsg() == 5070 and ds.res == (30.0, 30.0)
    b = ds.bounds
    sample = ds[b]
    mask = sample["mask"]
    assert mask.dtype == torch.int64 and mask.ndim == 2
    np.testing.assert_array_equal(mask.numpy(), _raw(path))
    assert set(np.unique(mask.numpy())) <= set(CDL_CLASSES)
    # the year from the name: 2021-01-01 to the end of 2021, UTC
    assert b.mint == pytest.approx(1609459200.0) and b.maxt == pytest.approx(1640995200.0, abs=1)


def test_ordinal_mapping_and_class_subset(tmp_path: Path) -> None:
    path = cdl(tmp_path, bounds=BOUNDS)
    raw = _raw(path)
    ds = CDL(tmp_path, ordinal=True, cache=False)
    mask = ds[ds.bounds]["mask"].numpy()
    index = {code: i for i, code in enumerate(sorted(cdl_module.CDL_CLASSES))}
    np.testing.assert_array_equal(mask, np.vectorize(index.get)(raw))
    assert mask.max() < 134 and ds.class_names[index[5]] == "Soybeans"
    sub = CDL(tmp_path, classes=[0, 5, 1], ordinal=True, cache=False)
    got = sub[sub.bounds]["mask"].numpy()
    want = np.where(raw == 5, 1, np.where(raw == 1, 2, 0))
    np.testing.assert_array_equal(got, want)
    with pytest.raises(ValueError, match="not CDL class codes"):
        CDL(tmp_path, classes=[0, 7])


def test_colormap_and_plot(tmp_path: Path) -> None:
    cdl(tmp_path, bounds=BOUNDS)
    ds = CDL(tmp_path, cache=False)
    assert ds.colormap()[1] == (255, 211, 0, 255)
    fig = ds.plot(ds[ds.bounds])
    rgba = fig.axes[0].images[0].get_array()
    mask = ds[ds.bounds]["mask"].numpy()
    ys, xs = np.nonzero(mask == 5)
    assert tuple(rgba[ys[0], xs[0]]) == (38, 112, 0, 255)


def test_not_found_message(tmp_path: Path) -> None:
    with pytest.raises(DatasetNotFoundError, match="download=True"):
        CDL(tmp_path, cache=False)


def test_download_from_server(tmp_path: Path, http_root: Path, http_server: object,
                              monkeypatch: pytest.MonkeyPatch) -> None:
    archive = cdl_zip(http_root, year=2019, bounds=BOUNDS)
    md5 = hashlib.md5(archive.read_bytes()).hexdigest()
    monkeypatch.setattr(cdl_module, "_URL", http_server.url + "/{}_30m_cdls.zip")  # type: ignore[attr-defined]
    monkeypatch.setitem(cdl_module._MD5, 2019, md5)
    root = tmp_path / "cdl"
    ds = CDL(root, years=[2019], download=True, cache=False)
    assert (root / "2019_30m_cdls.tif").is_file()
    np.testing.assert_array_equal(ds[ds.bounds]["mask"].numpy(),
                                  _raw(root / "2019_30m_cdls.tif"))
    sent = http_server.stats.bytes_sent  # type: ignore[attr-defined]
    CDL(root, years=[2019], download=True, cache=False)  # already there: no new transfer
    assert http_server.stats.bytes_sent == sent  # type: ignore[attr-defined]


def test_download_checksum_mismatch_keeps_nothing(tmp_path: Path, http_root: Path,
                                                  http_server: object,
                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    cdl_zip(http_root, year=2019, bounds=BOUNDS)
    monkeypatch.setattr(cdl_module, "_URL", http_server.url + "/{}_30m_cdls.zip")  # type: ignore[attr-defined]
    monkeypatch.setitem(cdl_module._MD5, 2019, "0" * 32)
    root = tmp_path / "cdl"
    with pytest.raises(ChecksumError):
        CDL(root, years=[2019], download=True, cache=False)
    assert not any(root.iterdir())


def test_zip_downloaded_by_hand_is_extracted(tmp_path: Path) -> None:
    """A NASS zip lying in ``paths`` (not extracted) is read without download=True."""
    cdl_zip(tmp_path, year=2022, bounds=BOUNDS)
    ds = CDL(tmp_path, cache=False)
    assert (tmp_path / "2022_30m_cdls.tif").is_file()
    assert ds.crs.to_epsg() == 5070
    mask = ds[ds.bounds]["mask"]
    np.testing.assert_array_equal(mask.numpy(), _raw(tmp_path / "2022_30m_cdls.tif"))
    assert len(CDL(tmp_path, cache=False)) == 1  # not extracted twice
