"""EnMAP: 224-band products, band selection, per-band gains from the metadata."""

from __future__ import annotations

from datetime import datetime, timezone
from pathlib import Path

import numpy as np
import pytest
import torch

from fakedata._layers import grid, window
from fakedata.enmap import enmap_dn, enmap_gain, enmap_offset, enmap_product
from geoplug.core import BoundingBox
from geoplug.core.errors import DatasetNotFoundError, InvalidDataError
from geoplug.core.testing import check_dataset_plugin
from geoplug.datasets.enmap import EnMAP


def _window(row: int, col: int, n: int) -> BoundingBox:
    return window((400000, 5800000), 30, row, col, n)


def test_all_bands_scaled_by_their_gains(tmp_path: Path) -> None:
    enmap_product(tmp_path, k=1)
    ds = EnMAP(tmp_path, cache=False)
    assert ds.crs.to_epsg() == 32633 and ds.res == (30.0, 30.0) and len(ds.bands) == 224
    start = datetime(2022, 6, 27, 10, 45, tzinfo=timezone.utc).timestamp()
    assert ds.bounds.mint == pytest.approx(start) and ds.bounds.maxt == pytest.approx(start + 1)
    image = ds[_window(2, 3, 5)]["image"]
    assert image.dtype == torch.float32 and image.shape == (224, 5, 5)
    rows, cols = grid(5, 5)
    for b in (1, 92, 224):
        want = enmap_dn(1, b, rows + 2, cols + 3) * np.float32(enmap_gain(b)) + np.float32(
            enmap_offset(b))
        np.testing.assert_allclose(image[b - 1].numpy(), want, rtol=1e-6)
    assert ds.wavelengths[:2] == pytest.approx([418.0, 427.4])


def test_band_subset_raw_numbers_and_nodata(tmp_path: Path) -> None:
    enmap_product(tmp_path, k=0)
    raw = EnMAP(tmp_path, bands=["B224", "B48"], scale=False, cache=False)
    image = raw[_window(0, 0, 4)]["image"]
    rows, cols = grid(4, 4)
    np.testing.assert_array_equal(image[0].numpy(), enmap_dn(0, 224, rows, cols))
    scaled = EnMAP(tmp_path, bands=["B48"], cache=False)[_window(0, 0, 4)]["image"]
    assert scaled[0, 0, 0] == -32768  # no data stays no data
    assert scaled[0, 1, 1] == pytest.approx((10 * 48 + 3) * enmap_gain(48) + enmap_offset(48))
    with pytest.raises(ValueError, match="unknown band"):
        EnMAP(tmp_path, bands=["B225"], cache=False)
    assert raw.wavelengths == pytest.approx([2445.3, 666.6])  # the sensor table's


def test_metadata_needed_and_gains_must_agree(tmp_path: Path) -> None:
    enmap_product(tmp_path / "a", metadata=False)
    with pytest.raises(InvalidDataError, match=r"METADATA\.XML.*scale=False"):
        EnMAP(tmp_path / "a", scale=True, cache=False)
    enmap_product(tmp_path / "b", k=0)
    enmap_product(tmp_path / "b", k=1, gain=0.5, origin=(400360.0, 5800000.0))
    with pytest.raises(InvalidDataError, match="different gains"):
        EnMAP(tmp_path / "b", cache=False)
    with pytest.raises(ValueError, match="defer_resampling"):
        EnMAP(tmp_path / "b", defer_resampling=True)


def test_cog_delivery_without_metadata_reads_numbers(tmp_path: Path) -> None:
    """TorchGeo's sample: one ``-SPECTRAL_IMAGE_COG.tiff`` and no METADATA.XML."""
    path = enmap_product(tmp_path, k=2, metadata=False, cog=True)
    assert path.name.endswith("-SPECTRAL_IMAGE_COG.tiff")
    with pytest.warns(UserWarning, match="no -METADATA.XML"):
        ds = EnMAP(tmp_path, bands=["B5", "B200"], cache=False)
    assert ds.scale is False and len(ds) == 1
    image = ds[_window(3, 2, 4)]["image"]
    rows, cols = grid(4, 4)
    np.testing.assert_array_equal(image[1].numpy(), enmap_dn(2, 200, rows + 3, cols + 2))
    enmap_product(tmp_path / "m", k=1, cog=True)
    scaled = EnMAP(tmp_path / "m", bands=["B7"], cache=False)
    assert scaled.scale is True
    rows, cols = grid(2, 2)
    want = enmap_dn(1, 7, rows + 1, cols + 1) * np.float32(enmap_gain(7)) + np.float32(
        enmap_offset(7))
    np.testing.assert_allclose(scaled[_window(1, 1, 2)]["image"][0].numpy(), want, rtol=1e-6)


def test_not_found_plot_and_conformance(tmp_path: Path) -> None:
    with pytest.raises(DatasetNotFoundError, match=r"enmap\.org"):
        EnMAP(tmp_path, cache=False)
    enmap_product(tmp_path)
    ds = EnMAP(tmp_path, cache=False)
    assert len(ds) == 1  # the quicklook is not a spectral image
    fig = ds.plot(ds[_window(0, 0, 8)])
    assert fig.axes[0].images[0].get_array().shape == (8, 8, 3)
    check_dataset_plugin("enmap", data=tmp_path, kwargs={"cache": False})
