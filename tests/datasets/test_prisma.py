"""PRISMA L2D: HDF5 cubes converted once, reflectance scaling, wavelengths, windows."""

from __future__ import annotations

from datetime import datetime, timezone
from pathlib import Path

import numpy as np
import pytest
import rasterio
import torch

from fakedata._layers import grid, window
from fakedata._readonly import read_only
from fakedata.prisma import (
    GEOTIFF_NAMES,
    SCALE,
    prisma_dn,
    prisma_geotiff,
    prisma_product,
    vnir_wavelengths,
)
from geoplug.core import BoundingBox
from geoplug.core.errors import DatasetNotFoundError, InvalidDataError
from geoplug.core.testing import check_dataset_plugin
from geoplug.datasets.prisma import PRISMA

UL = (500015.0, 4199985.0)  # centre of the upper-left pixel


def _window(row: int, col: int, n: int) -> BoundingBox:
    return window((UL[0] - 15, UL[1] + 15), 30, row, col, n)


def test_reflectance_of_vnir_and_swir_layers(tmp_path: Path) -> None:
    he5 = prisma_product(tmp_path, k=1)
    ds = PRISMA(tmp_path, bands=["VNIR_1", "SWIR_173"], cache=False)
    assert (tmp_path / f"{he5.stem}.reflectance.tif").is_file()
    assert ds.crs.to_epsg() == 32632 and ds.res == (30.0, 30.0)
    assert tuple(ds.bounds)[:2] == (500000.0, 500300.0)
    image = ds[_window(2, 3, 4)]["image"]
    assert image.dtype == torch.float32 and image.shape == (2, 4, 4)
    rows, cols = grid(4, 4)
    vnir = SCALE[0] + prisma_dn(1, 0, rows + 2, cols + 3) * (SCALE[1] - SCALE[0]) / 65535
    swir = SCALE[2] + prisma_dn(1, 238, rows + 2, cols + 3) * (SCALE[3] - SCALE[2]) / 65535
    np.testing.assert_allclose(image[0].numpy(), vnir, rtol=1e-6)
    np.testing.assert_allclose(image[1].numpy(), swir, rtol=1e-6)
    assert ds.wavelengths == pytest.approx([1000.0, 2505.0])


@pytest.mark.parametrize("scale", [True, False])
def test_the_padding_around_the_swath_is_no_data(tmp_path: Path, scale: bool) -> None:
    # an L2D cube is the swath padded to a rectangle with DN 0 in every layer: read as
    # reflectance 0 (data), the earlier scene's padding hid the later scene's pixels
    prisma_product(tmp_path, k=0, padded=4)
    prisma_product(tmp_path, k=1, start=datetime(2021, 5, 1, 10, 0, 0))
    ds = PRISMA(tmp_path, bands=["VNIR_2", "SWIR_1"], scale=scale, resampling="nearest",
                cache=False)
    image = ds[_window(0, 0, 10)]["image"].numpy()
    rows, cols = grid(10, 10)
    for b, layer, lo, hi in ((0, 1, SCALE[0], SCALE[1]), (1, 66, SCALE[2], SCALE[3])):
        dn = np.where(cols < 6, prisma_dn(0, layer, rows, cols), prisma_dn(1, layer, rows, cols))
        want = lo + dn * (hi - lo) / 65535 if scale else dn
        np.testing.assert_allclose(image[b], want, rtol=1e-6)
    # a conversion of an earlier version (padding as data) is made again
    stale = next(tmp_path.glob(f"*0001.{'reflectance' if scale else 'dn'}.tif"))
    with rasterio.open(stale, "r+") as dst:
        dst.nodata = None
    PRISMA(tmp_path, scale=scale, cache=False)
    with rasterio.open(stale) as src:
        assert src.nodata is not None


def test_all_layers_raw_numbers_and_zip(tmp_path: Path) -> None:
    prisma_product(tmp_path, k=2, zipped=True)
    ds = PRISMA(tmp_path, scale=False, cache=False)
    assert len(ds.bands) == 239
    image = ds[_window(0, 0, 3)]["image"]
    rows, cols = grid(3, 3)
    for layer in (0, 65, 66, 200):
        np.testing.assert_array_equal(image[layer].numpy(), prisma_dn(2, layer, rows, cols))
    assert ds.wavelengths[63:66] == [0.0, 0.0, 0.0]  # unused VNIR layers
    assert ds.wavelengths[:63] == pytest.approx(list(vnir_wavelengths()[:63]))
    tif = next(tmp_path.glob("*.dn.tif"))
    with rasterio.open(tif) as src:  # converted once, band-interleaved and tiled
        assert src.count == 239 and src.dtypes[0] == "uint16"
    mtime = tif.stat().st_mtime_ns
    PRISMA(tmp_path, scale=False, cache=False)
    assert tif.stat().st_mtime_ns == mtime


def test_geotiff_deliveries_read_as_stored(tmp_path: Path) -> None:
    """TorchGeo's sample: PRS_*.tif GeoTIFFs of several levels and no .he5."""
    for k, name in enumerate(GEOTIFF_NAMES):
        prisma_geotiff(tmp_path, name, k=k, ul=(718687.5 + 270 * k, 4503407.5))
    ds = PRISMA(tmp_path, bands=["VNIR_2", "SWIR_100"], cache=False)
    assert len(ds) == 4 and ds.crs.to_epsg() == 32634 and ds.res == (30.0, 30.0)
    assert not list(tmp_path.glob("*.reflectance.tif"))
    start = datetime(2019, 12, 15, 9, 24, 53, tzinfo=timezone.utc).timestamp()
    assert ds.bounds.mint == pytest.approx(start)
    rows, cols = grid(3, 3)
    for k in (0, 3):
        image = ds[window((718687.5 + 270 * k, 4503407.5), 30, 2, 4, 3)]["image"]
        np.testing.assert_array_equal(image[0].numpy(), prisma_dn(k, 1, rows + 2, cols + 4))
        np.testing.assert_array_equal(image[1].numpy(), prisma_dn(k, 165, rows + 2, cols + 4))
    assert ds.wavelengths == [0.0, 0.0]


def test_read_only_folder_converts_into_the_cache(tmp_path: Path,
                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    """A read-only copy of zipped and unzipped products: nothing is written beside them."""
    monkeypatch.setenv("GEOPLUG_CACHE_DIR", str(tmp_path / "cache"))
    data = tmp_path / "data"
    prisma_product(data, k=1)
    prisma_product(data / "zips", k=2, zipped=True, ul=(500315.0, 4199985.0))
    before = sorted(p.name for p in data.rglob("*"))
    with read_only(data):
        ds = PRISMA(data, bands=["VNIR_1"], cache=False)
        assert len(ds) == 2
        rows, cols = grid(3, 3)
        for k, x in ((1, UL[0] - 15), (2, UL[0] + 285)):
            image = ds[window((x, UL[1] + 15), 30, 1, 2, 3)]["image"]
            want = SCALE[0] + prisma_dn(k, 0, rows + 1, cols + 2) * (SCALE[1] - SCALE[0]) / 65535
            np.testing.assert_allclose(image[0].numpy(), want, rtol=1e-6)
        assert len(PRISMA(data, cache=False)) == 2  # the cached conversions are reused
    assert sorted(p.name for p in data.rglob("*")) == before
    assert len(list((tmp_path / "cache").rglob("*.reflectance.tif"))) == 2


def test_broken_product_and_not_found(tmp_path: Path) -> None:
    with pytest.raises(DatasetNotFoundError, match=r"prisma\.asi\.it"):
        PRISMA(tmp_path, cache=False)
    (tmp_path / "PRS_L2D_STD_20200410103722_20200410103726_0001.he5").write_bytes(b"junk")
    with pytest.raises(InvalidDataError, match="as HDF5"):
        PRISMA(tmp_path, cache=False)
    assert not list(tmp_path.glob("*.tif")) and not list(tmp_path.glob(".*part"))


def test_plot_and_conformance(tmp_path: Path) -> None:
    prisma_product(tmp_path)
    ds = PRISMA(tmp_path, cache=False)
    fig = ds.plot(ds[_window(0, 0, 8)])
    assert fig.axes[0].images[0].get_array().shape == (8, 8, 3)
    check_dataset_plugin("prisma", data=tmp_path, kwargs={"cache": False})


def test_product_without_scaling_leaves_no_file(tmp_path: Path) -> None:
    he5 = prisma_product(tmp_path)
    import h5py

    with h5py.File(he5, "a") as f:
        del f.attrs["L2ScaleSwirMax"]
    with pytest.raises(InvalidDataError, match="L2ScaleSwirMax"):
        PRISMA(tmp_path, cache=False)
    assert sorted(p.name for p in tmp_path.iterdir()) == [he5.name]
