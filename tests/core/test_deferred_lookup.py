"""Deferred mask layers whose codes go through a lookup (CDL's ``ordinal``, Annual NLCD's
nodata 250 -> 0) give the eager pixels: the lookup is applied in the worker, before the
resampler tests nodata and writes the fill, so both must be the mapped ones."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
import rasterio
import torch
from rasterio.transform import from_origin
from rasterio.warp import transform

from geoplug.core import BoundingBox, RasterDataset, stack_samples
from geoplug.core.resample import Resample

CODES = np.array([1, 5, 24, 36], dtype=np.uint8)


def _corner(epsg: int, lon: float, lat: float) -> tuple[float, float]:
    (x,), (y,) = transform("EPSG:4326", f"EPSG:{epsg}", [lon], [lat])
    return round(x / 30) * 30, round(y / 30) * 30


def _write(path: Path, epsg: int, corner: tuple[float, float], size: int, shift: int,
           nodata: int) -> None:
    """Class codes in 3x4 blocks that move with ``shift`` (each file its own pattern), a
    nodata strip along the west edge and scattered nodata pixels."""
    r, c = np.mgrid[0:size, 0:size]
    codes = CODES[(r // 3 + c // 4 + shift) % 4]
    codes[:, :size // 8] = nodata
    codes[np.random.default_rng(shift).random(codes.shape) < 0.01] = nodata
    path.parent.mkdir(parents=True, exist_ok=True)
    with rasterio.open(path, "w", driver="GTiff", width=size, height=size, count=1,
                       dtype="uint8", crs=f"EPSG:{epsg}", nodata=nodata,
                       transform=from_origin(*corner, 30, 30)) as dst:
        dst.write(codes[None])


def _codes(lut: np.ndarray) -> type[RasterDataset]:
    class Codes(RasterDataset):
        filename_regex = r"^.*_(?P<date>\d{8})\.tif$"
        is_image = False
        _lookup = lut

    return Codes


def _deferred_equals_eager(eager: object, deferred: object, queries: list[BoundingBox]
                           ) -> torch.Tensor:
    ref = torch.stack([eager[q]["mask"] for q in queries])  # type: ignore[index]
    batch = stack_samples([deferred[q] for q in queries])  # type: ignore[index]
    for batched in (False, True):  # the CPU kernels, and the batched (GPU) kernel on the CPU
        out = Resample(batched=batched)(dict(batch))["mask"]
        assert torch.equal(out, ref), (batched, int((out != ref).sum()))
    return ref


def _box(x: float, y: float, size: int, bounds: BoundingBox) -> BoundingBox:
    return BoundingBox(x, x + size * 30, y - size * 30, y, bounds.mint, bounds.maxt)


def test_mapped_nodata_and_fill_are_the_eager_ones(tmp_path: Path) -> None:
    # Annual NLCD's way: nodata 250 maps to 0; the patches reach past the warped scene and
    # over its nodata pixels, where eager gives 0 and deferred gave 250
    corner = _corner(32616, -89.5, 40.0)
    _write(tmp_path / "codes_20200101.tif", 32616, corner, 160, 1, nodata=250)
    lut = np.zeros(256, dtype=np.uint8)
    lut[CODES] = np.arange(1, 5)
    cls = _codes(lut)
    eager = cls(str(tmp_path), crs="EPSG:32615", res=30)
    deferred = cls(str(tmp_path), crs="EPSG:32615", res=30, defer_resampling=True)
    b = eager.bounds
    queries = [_box(b.minx - 600, b.maxy + 600, 64, b), _box(b.minx + 900, b.maxy - 900, 64, b),
               _box(b.maxx - 1200, b.miny + 1500, 64, b)]
    ref = _deferred_equals_eager(eager, deferred, queries)
    assert int(ref.max()) <= 4 and (ref == 0).any() and (ref > 0).any()


def test_codes_mapped_onto_nodata_do_not_let_the_scene_behind_through(tmp_path: Path) -> None:
    # ordinal codes: code 1 becomes 0, the nodata value; a first scene on the grid keeps its
    # class-0 pixels where a warped scene behind it has other classes
    on_grid = _corner(32615, -89.48, 39.99)
    _write(tmp_path / "a_20200101.tif", 32615, on_grid, 150, 0, nodata=0)
    _write(tmp_path / "b_20200201.tif", 32616, _corner(32616, -89.5, 40.0), 220, 2, nodata=0)
    lut = np.zeros(256, dtype=np.uint8)
    lut[CODES] = np.arange(4)
    cls = _codes(lut)
    eager = cls(str(tmp_path), crs="EPSG:32615", res=30)
    deferred = cls(str(tmp_path), crs="EPSG:32615", res=30, defer_resampling=True)
    queries = [_box(on_grid[0] + dx, on_grid[1] - 900, 64, eager.bounds)
               for dx in (0, 1500, 3000)]
    assert all(len(list(eager.index.intersection(tuple(q)))) == 2 for q in queries)
    raw = eager.read(queries[0])[0]
    assert (raw == CODES[0]).any()  # the code that maps onto nodata is in the first scene
    _deferred_equals_eager(eager, deferred, queries)


@pytest.mark.parametrize("ordinal", [False, True])
def test_a_union_of_lookup_layers_maps_its_pixels_once(tmp_path: Path, ordinal: bool) -> None:
    # where the first layer leaves pixels at the fill that the second covers, the union is
    # merged in the worker: its pixels were mapped, then mapped again
    _write(tmp_path / "a" / "a_20200101.tif", 32615, _corner(32615, -89.48, 39.99), 120, 0,
           nodata=0)
    _write(tmp_path / "b" / "b_20200101.tif", 32616, _corner(32616, -89.5, 40.0), 220, 3,
           nodata=0)
    lut = np.zeros(256, dtype=np.uint8)
    lut[CODES] = np.arange(1, 5) if ordinal else CODES
    cls = _codes(lut)
    kw = {"crs": "EPSG:32615", "res": 30}
    eager = cls(str(tmp_path / "a"), **kw) | cls(str(tmp_path / "b"), **kw)
    deferred = (cls(str(tmp_path / "a"), defer_resampling=True, **kw)
                | cls(str(tmp_path / "b"), defer_resampling=True, **kw))
    a = cls(str(tmp_path / "a"), **kw).bounds
    queries = [_box(a.minx - 900, a.maxy - 300, 64, a), _box(a.maxx - 900, a.miny + 1200, 64, a)]
    ref = _deferred_equals_eager(eager, deferred, queries)
    assert len(torch.unique(ref)) >= 4
