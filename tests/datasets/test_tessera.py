"""Tessera: the int8 arrays and their scales read as rasters in the land mask's grid, years,
incomplete tiles named, stacking onto CDL, download from a local server."""

from __future__ import annotations

import shutil
from pathlib import Path

import numpy as np
import pytest
import rasterio
import torch
from affine import Affine
from rasterio.warp import transform_bounds

from fakedata._earth_embeddings import gdal_nearest
from fakedata._layers import grid, write_tif
from fakedata.cdl import cdl
from fakedata.tessera import tessera_code, tessera_origin, tessera_scale, tessera_tile
from geoplug.core import BoundingBox, RandomGeoSampler
from geoplug.core.errors import DatasetNotFoundError, InvalidDataError
from geoplug.core.testing import check_dataset_plugin
from geoplug.datasets import tessera as module
from geoplug.datasets.cdl import CDL
from geoplug.datasets.tessera import TesseraEmbeddings, tile_name, tiles_covering

BANDS = np.arange(128)[:, None, None]
TILE = "grid_0.15_52.05"
Y2023 = (1672531200.0, 1704067199.0)
Y2024 = (1704067200.0, 1735689599.0)


def _embedding(k: int, rows: np.ndarray, cols: np.ndarray, per_band: bool = False
               ) -> np.ndarray:
    """The publisher's de-quantisation written out: int8 code times its scale."""
    codes = tessera_code(k, BANDS, rows[None], cols[None]).astype(np.float32)
    scale = tessera_scale(k, rows[None], cols[None], BANDS if per_band else 0)
    return codes * scale


def _window(row: int, col: int, n: int, tile: str = TILE,
            times: tuple[float, float] = Y2024) -> BoundingBox:
    _, (west, north) = tessera_origin(tile)
    return BoundingBox(west + 10 * col, west + 10 * (col + n), north - 10 * (row + n),
                       north - 10 * row, times[0] + 1, times[1] - 1)


def test_window_is_code_times_scale_in_the_land_mask_grid(tmp_path: Path) -> None:
    npy = tessera_tile(tmp_path, k=1)
    ds = TesseraEmbeddings(tmp_path, cache=False)
    epsg, (west, north) = tessera_origin(TILE)
    assert len(ds) == 1 and ds.crs.to_epsg() == epsg == 32631 and ds.res == (10.0, 10.0)
    b = ds.bounds
    assert (b.minx, b.maxy, b.maxx, b.miny) == (west, north, west + 240, north - 200)
    assert (b.mint, b.maxt) == pytest.approx(Y2024, abs=1)
    assert ds.files == [str(npy.with_name(f"{TILE}_2024.vrt"))]  # beside the arrays
    image = ds[_window(3, 4, 6)]["image"]
    assert image.dtype == torch.float32 and image.shape == (128, 6, 6)
    rows, cols = grid(6, 6)
    np.testing.assert_array_equal(image.numpy(), _embedding(1, rows + 3, cols + 4))
    subset = TesseraEmbeddings(tmp_path, bands=["E127", "E002"], cache=False)
    np.testing.assert_array_equal(subset[_window(3, 4, 6)]["image"].numpy(),
                                  _embedding(1, rows + 3, cols + 4)[[127, 2]])
    TesseraEmbeddings(tmp_path, cache=False)  # the VRTs already there are kept


def test_scales_per_band(tmp_path: Path) -> None:
    tessera_tile(tmp_path, k=2, per_band_scales=True)
    rows, cols = grid(4, 4)
    image = TesseraEmbeddings(tmp_path, cache=False)[_window(1, 2, 4)]["image"]
    np.testing.assert_array_equal(image.numpy(), _embedding(2, rows + 1, cols + 2,
                                                            per_band=True))


def test_years_and_year_filter(tmp_path: Path) -> None:
    tessera_tile(tmp_path, year=2023, k=3)
    tessera_tile(tmp_path, year=2024, k=4)
    ds = TesseraEmbeddings(tmp_path, cache=False)
    assert len(ds) == 2
    rows, cols = grid(3, 3)
    for times, k in ((Y2023, 3), (Y2024, 4)):
        np.testing.assert_array_equal(ds[_window(2, 2, 3, times=times)]["image"].numpy(),
                                      _embedding(k, rows + 2, cols + 2))
    only = TesseraEmbeddings(tmp_path, year=2023, cache=False)
    assert len(only) == 1 and only.bounds.maxt == pytest.approx(Y2023[1], abs=1)
    with pytest.raises(DatasetNotFoundError, match=r"No tile of year=2019"):
        TesseraEmbeddings(tmp_path, year=2019, cache=False)


def test_incomplete_tiles_are_named(tmp_path: Path) -> None:
    npy = tessera_tile(tmp_path / "a")
    npy.with_name(f"{TILE}_scales.npy").unlink()
    with pytest.raises(InvalidDataError, match=rf"{TILE}\.npy has no {TILE}_scales\.npy"):
        TesseraEmbeddings(tmp_path / "a", cache=False)
    tessera_tile(tmp_path / "b")
    shutil.rmtree(tmp_path / "b" / "global_0.1_degree_tiff_all")
    with pytest.raises(InvalidDataError, match=rf"no land mask .*{TILE}\.tiff"):
        TesseraEmbeddings(tmp_path / "b", cache=False)
    tessera_tile(tmp_path / "c")
    write_tif(tmp_path / "c" / "global_0.1_degree_tiff_all" / f"{TILE}.tiff",
              np.ones((5, 5), np.uint8), "EPSG:32631", Affine(10, 0, 0, 0, -10, 0))
    with pytest.raises(InvalidDataError, match=r"is 5 x 5 px but .* is 20 x 24"):
        TesseraEmbeddings(tmp_path / "c", cache=False)
    npy = tessera_tile(tmp_path / "d")  # an interrupted copy: GDAL would read zero vectors
    npy.write_bytes(npy.read_bytes()[:-128 * 3])
    with pytest.raises(InvalidDataError, match=rf"{TILE}\.npy holds .* of the .* data bytes"):
        TesseraEmbeddings(tmp_path / "d", cache=False)


def test_stacked_on_cdl_with_a_sampler(tmp_path: Path) -> None:
    """Tessera & CDL: each patch holds the tile's de-quantised vectors under its pixels
    (GDAL nearest of a GeoTIFF written here from the arrays) and CDL's classes (GDAL
    nearest)."""
    tile = "grid_-89.95_40.05"
    tessera_tile(tmp_path / "tessera", tile=tile, k=5, height=40, width=40)
    epsg, (west, north) = tessera_origin(tile)
    rows, cols = grid(40, 40)
    reference = write_tif(tmp_path / "reference.tif", _embedding(5, rows, cols)[[0, 64, 127]],
                          f"EPSG:{epsg}", Affine(10.0, 0, west, 0, -10.0, north))
    with rasterio.open(reference) as src:
        left, bottom, right, top = transform_bounds(src.crs, "EPSG:5070",
                                                                 *src.bounds)
    area = (left - 300, bottom - 300, right + 300, top + 300)
    cdl_tif = cdl(tmp_path / "cdl", year=2024, bounds=tuple(30.0 * round(v / 30) for v in area))
    ds = TesseraEmbeddings(tmp_path / "tessera", bands=["E000", "E064", "E127"],
                           cache=False) & CDL(tmp_path / "cdl", cache=False)
    assert ds.crs.to_epsg() == epsg == 32616
    for query in RandomGeoSampler(ds, size=8, length=3, seed=5):
        sample = ds[query]
        want = gdal_nearest(reference, [1, 2, 3], query, 10.0, f"EPSG:{epsg}", "float32")
        classes = gdal_nearest(cdl_tif, [1], query, 10.0, f"EPSG:{epsg}", "uint8")[0]
        np.testing.assert_array_equal(sample["image"].numpy(), want)
        np.testing.assert_array_equal(sample["mask"].numpy(), classes)


def test_tile_names() -> None:
    assert tile_name(0.17, 52.01) == TILE and tile_name(-0.01, -0.01) == "grid_-0.05_-0.05"
    assert tiles_covering(0.12, 52.02, 0.25, 52.05) == [TILE, "grid_0.25_52.05"]
    with pytest.raises(ValueError, match=r"not \(west, south, east, north\)"):
        tiles_covering(1, 0, 0, 1)


def test_download_the_tiles_asked_for(tmp_path: Path, http_root: Path, http_server: object,
                                      monkeypatch: pytest.MonkeyPatch) -> None:
    served = http_root / "staging"
    tessera_tile(served, k=6)
    (http_root / "npy").mkdir()
    shutil.move(served / "global_0.1_degree_representation" / "2024", http_root / "npy")
    shutil.move(served / "global_0.1_degree_tiff_all", http_root / "landmasks")
    url = http_server.url  # type: ignore[attr-defined]
    monkeypatch.setattr(module, "_NPY_URL", f"{url}/npy")
    monkeypatch.setattr(module, "_LANDMASK_URL", f"{url}/landmasks")
    root = tmp_path / "tessera"
    with pytest.raises(ValueError, match=r"needs year= and tiles="):
        TesseraEmbeddings(root, tiles=[TILE], download=True, cache=False)
    with pytest.raises(ValueError, match=r"'grid_0.1_52' is not a tile name"):
        TesseraEmbeddings(root, year=2024, tiles=["grid_0.1_52"], download=True, cache=False)
    ds = TesseraEmbeddings(root, year=2024, tiles=[TILE], download=True, cache=False)
    assert sorted(p.relative_to(root).as_posix() for p in root.rglob("grid_*.*[fy]")) == [
        f"global_0.1_degree_representation/2024/{TILE}/{TILE}.npy",
        f"global_0.1_degree_representation/2024/{TILE}/{TILE}_scales.npy",
        f"global_0.1_degree_tiff_all/{TILE}.tiff"]
    rows, cols = grid(5, 5)
    np.testing.assert_array_equal(ds[_window(0, 0, 5)]["image"].numpy(),
                                  _embedding(6, rows, cols))


def test_not_found_message(tmp_path: Path) -> None:
    with pytest.raises(DatasetNotFoundError, match=r"global_0\.1_degree_representation/<year>/"
                                                   r"<tile>/<tile>\.npy.*download=True"):
        TesseraEmbeddings(tmp_path, cache=False)


def test_plot_and_conformance(tmp_path: Path) -> None:
    tessera_tile(tmp_path)
    ds = TesseraEmbeddings(tmp_path, cache=False)
    fig = ds.plot(ds[_window(0, 0, 10)])
    assert fig.axes[0].get_title() == "Tessera"
    rgb = fig.axes[0].images[0].get_array()
    assert rgb.shape == (10, 10, 3) and rgb.min() == 0 and rgb.max() == 1
    check_dataset_plugin("tessera", data=tmp_path, kwargs={"cache": False})
