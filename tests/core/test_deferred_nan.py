"""Float rasters whose nodata is NaN, resampled bilinearly: a nodata tap is left out and the
others renormalised (GDAL's rule), on the eager path, the CPU ``Resample`` and the batched
(GPU) kernel alike. A NaN tap times a zero weight is NaN: the batched kernel spread NaN over
valid pixels, and the eager kernels near nodata did too."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
import rasterio
import torch
from rasterio.enums import Resampling
from rasterio.transform import from_origin
from rasterio.warp import reproject, transform

from geoplug.core import BoundingBox, RasterDataset, stack_samples
from geoplug.core.resample import Resample

SIZE = 200


@pytest.fixture(scope="module")
def scene(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """One zone-16 float32 scene at 30 m, NaN declared nodata: scattered NaN pixels and a
    disc of them, values varying in space."""
    root = tmp_path_factory.mktemp("nan")
    (x,), (y,) = transform("EPSG:4326", "EPSG:32616", [-89.5], [40.0])
    r, c = np.mgrid[0:SIZE, 0:SIZE]
    values = (np.sin(r / 7.0) * 40 + np.cos(c / 5.0) * 40 + (3 * r + 2 * c) % 97 + 100)
    values = values.astype(np.float32)
    holes = np.random.default_rng(2).random(values.shape) < 0.01
    holes |= (r - 140) ** 2 + (c - 60) ** 2 < 20 ** 2
    values[holes] = np.nan
    with rasterio.open(root / "a.tif", "w", driver="GTiff", width=SIZE, height=SIZE, count=1,
                       dtype="float32", crs="EPSG:32616", nodata=float("nan"),
                       transform=from_origin(round(x / 30) * 30, round(y / 30) * 30, 30,
                                             30)) as dst:
        dst.write(values[None])
    return root


def _queries(ds: RasterDataset, px: int, res: float) -> list[BoundingBox]:
    b = ds.bounds
    rng = np.random.default_rng(5)
    out = []
    while len(out) < 8:
        x = rng.uniform(b.minx + 1500, b.maxx - 1500 - px * res)
        y = rng.uniform(b.miny + 1500 + px * res, b.maxy - 1500)
        out.append(BoundingBox(x, x + px * res, y - px * res, y, b.mint, b.maxt))
    return out


@pytest.mark.parametrize("res", [30.0, 75.0])  # the four-tap and the widened kernel
def test_nan_nodata_taps_are_left_out_on_every_path(scene: Path, res: float) -> None:
    kw = {"crs": "EPSG:32615", "res": res, "resampling": "bilinear"}
    eager = RasterDataset(str(scene), **kw)
    deferred = RasterDataset(str(scene), defer_resampling=True, **kw)
    queries = _queries(eager, 40, res)
    ref = torch.stack([eager[q]["image"] for q in queries])
    batch = stack_samples([deferred[q] for q in queries])
    holes = ref.isnan()
    assert holes.any() and (~holes).sum() > 0.8 * ref.numel()
    for batched in (False, True):
        out = Resample(batched=batched)(dict(batch))["image"]
        assert torch.equal(out.isnan(), holes), (batched, int((out.isnan() ^ holes).sum()))
        torch.testing.assert_close(out[~holes], ref[~holes], rtol=1e-4, atol=0)
    if res == 30.0:  # GDAL leaves out the same taps: the same pixels without data
        with rasterio.open(scene / "a.tif") as src:
            data, src_t = src.read(1), src.transform
        for q, patch in zip(queries, ref[:, 0]):
            gdal = np.full((40, 40), np.nan, dtype=np.float32)
            reproject(data, gdal, src_transform=src_t, src_crs="EPSG:32616",
                      src_nodata=np.nan, dst_nodata=np.nan, dst_crs="EPSG:32615",
                      dst_transform=from_origin(q.minx, q.maxy, res, res),
                      resampling=Resampling.bilinear)
            assert np.array_equal(np.isnan(gdal), patch.isnan().numpy())
