"""Composed layers checked pixel by pixel against references that do not use geoplug.

``(landsat7 | landsat8) & cdl`` (the paper's Listing 1, with a Landsat 8 scene on each side of
the UTM 15/16 boundary overlapping each other and the Landsat 7 scene) and ``naip &
chesapeake`` are sampled over their whole extent with a GridGeoSampler, and every pixel is
compared with:

(a) the map-coordinate formula: each output pixel centre is projected with pyproj into each
    source file's CRS, and the file's value formula (:mod:`fakedata.composition`, where values
    encode file, band, row and column) gives the value there; overlaps follow the merge order
    (``|`` takes the first dataset where it has data, ``first``/``last`` go by date);
(b) ``rasterio``'s ``sample`` of the mask file at the projected pixel centres;
(c) a mosaic of per-file ``rasterio.warp.reproject`` runs (GDAL, nearest) onto the sample's
    grid, merged by the same rules (nodata respected).

GDAL picks source pixels with an approximate transformer (error below 0.125 source pixel), so
for (a) and (b) a pixel whose exact source position lies within 0.13 pixel of a pixel edge may
come from either side: such pixels must hold one of the candidates, all others the exact one.
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Sequence
from datetime import date, datetime, timezone
from pathlib import Path
from typing import Any

import numpy as np
import pytest
import rasterio
import rasterio.warp
from affine import Affine
from pyproj import Transformer
from rasterio.enums import Resampling

from fakedata.composition import (
    Written,
    cdl_raster,
    chesapeake_raster,
    landsat_code,
    landsat_product,
    naip_pixel,
    naip_tile,
)
from geoplug.core import BoundingBox, GridGeoSampler
from geoplug.datasets.cdl import CDL
from geoplug.datasets.chesapeake import Chesapeake
from geoplug.datasets.landsat import Landsat7, Landsat8
from geoplug.datasets.naip import NAIP

SLACK = 0.13  # source pixels: GDAL's approximate transformer is within 0.125
LANDSAT_BANDS = ("SR_B1", "SR_B2", "SR_B3", "SR_B4")
L7_BANDS = ["SR_B3", "SR_B2", "SR_B1"]  # Listing 1
L8_BANDS = ["SR_B4", "SR_B3", "SR_B2"]


@functools.cache
def _transformer(src: str, dst: str, always_xy: bool = True) -> Transformer:
    """pyproj's exact transformation between two CRSs (built once: building is slow)."""
    return Transformer.from_crs(src, dst, always_xy=always_xy)


def _utm_origin(lon: float, lat: float, epsg: int, size: int) -> tuple[float, float]:
    """Upper-left corner of a ``size`` px Landsat scene centred on lon/lat (edges at odd
    multiples of 15 m, like the real grid)."""
    x, y = _transformer("EPSG:4326", f"EPSG:{epsg}", always_xy=True).transform(lon, lat)
    half = size * 30 / 2
    return (np.floor((x - half) / 30) * 30 + 15, np.floor((y + half) / 30) * 30 + 15)


def _bounds_in(written: Sequence[Written], crs: str) -> tuple[float, float, float, float]:
    xs: list[float] = []
    ys: list[float] = []
    for w in written:
        t = w.transform
        cx = np.array([t.c, t.c + w.width * t.a, t.c, t.c + w.width * t.a])
        cy = np.array([t.f, t.f, t.f + w.height * t.e, t.f + w.height * t.e])
        x, y = _transformer(w.crs, crs, always_xy=True).transform(cx, cy)
        xs += list(x)
        ys += list(y)
    return min(xs), min(ys), max(xs), max(ys)


# -- the references ------------------------------------------------------------------------
def grid_of(box: BoundingBox, res: float) -> tuple[Affine, int, int]:
    width, height = round((box.maxx - box.minx) / res), round((box.maxy - box.miny) / res)
    return Affine(res, 0.0, box.minx, 0.0, -res, box.maxy), width, height


def centres(box: BoundingBox, res: float) -> tuple[np.ndarray, np.ndarray]:
    _, width, height = grid_of(box, res)
    cols, rows = np.meshgrid(np.arange(width), np.arange(height))
    return box.minx + (cols + 0.5) * res, box.maxy - (rows + 0.5) * res


Formula = Callable[[Written, int, np.ndarray, np.ndarray], np.ndarray]


def source_candidates(w: Written, dst_crs: str, xs: np.ndarray, ys: np.ndarray
                      ) -> tuple[list[tuple[np.ndarray, np.ndarray]], np.ndarray]:
    """The (row, col) pixels of ``w`` that GDAL may pick for each centre (exact one first),
    and whether the pick is certain."""
    sx, sy = _transformer(dst_crs, w.crs, always_xy=True).transform(xs, ys)
    col_f = (np.asarray(sx) - w.transform.c) / w.transform.a
    row_f = (np.asarray(sy) - w.transform.f) / w.transform.e
    picks = [(np.floor(row_f).astype(np.int64), np.floor(col_f).astype(np.int64))]
    for dr in (-SLACK, SLACK):
        for dc in (-SLACK, SLACK):
            picks.append((np.floor(row_f + dr).astype(np.int64),
                          np.floor(col_f + dc).astype(np.int64)))
    certain = np.ones(xs.shape, bool)
    for rows, cols in picks[1:]:
        certain &= (rows == picks[0][0]) & (cols == picks[0][1])
    return picks, certain


def formula_mosaic(sources: Sequence[Written], channels: Sequence[Sequence[int]],
                   formula: Formula, dst_crs: str, box: BoundingBox, res: float
                   ) -> tuple[np.ndarray, np.ndarray, list[np.ndarray]]:
    """Reference (a): ``[C, H, W]`` values from the formula, merged first-valid in the order
    of ``sources`` (``channels[i]`` = band numbers read from ``sources[i]``); a mask of the
    pixels where the value is certain; and the candidate values ``[K, C, H, W]`` elsewhere."""
    xs, ys = centres(box, res)
    out = np.zeros((len(channels[0]), *xs.shape), np.int64)
    candidates: list[np.ndarray] = []
    decided = np.zeros(xs.shape, bool)
    opened = np.zeros(xs.shape, bool)
    for w, bands in zip(sources, channels):
        picks, sure = source_candidates(w, dst_crs, xs, ys)
        values = []
        for rows, cols in picks:
            inside = (rows >= 0) & (rows < w.height) & (cols >= 0) & (cols < w.width)
            r, c = np.where(inside, rows, 0), np.where(inside, cols, 0)
            v = np.stack([formula(w, b, r, c) for b in bands]).astype(np.int64)
            values.append(np.where(inside, v, 0))
        stack = np.stack(values)  # [K, C, H, W]
        valid = (stack != 0).any(axis=1)  # [K, H, W]
        # certain: every candidate is the same valid pixel; or none is valid (go on)
        take = ~decided & ~opened & sure & valid[0]
        out[:, take] = stack[0][:, take]
        decided |= take
        # near a pixel edge or the footprint's edge: any candidate, and the next sources'
        # candidates too while one of these is nodata
        loose = ~decided & (opened | (~sure & valid.any(axis=0)))
        candidates.append(np.where(loose[None, None], stack, -1))
        opened |= loose
        decided |= loose & valid.all(axis=0)
    certain = ~opened
    return out, certain, candidates


def sample_mask(written: Written, dst_crs: str, box: BoundingBox, res: float
                ) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Reference (b): the mask file sampled by rasterio at the projected pixel centres;
    whether the centre's source pixel is certain (farther than the transformer's slack from
    a pixel edge); and ``[5, H, W]`` candidates: the samples within that slack (-1 if
    certain)."""
    xs, ys = centres(box, res)
    sx, sy = _transformer(dst_crs, written.crs, always_xy=True).transform(xs, ys)
    sx, sy = np.asarray(sx), np.asarray(sy)
    _, certain = source_candidates(written, dst_crs, xs, ys)
    step = SLACK * written.transform.a
    stack = np.full((5, *xs.shape), -1, np.int64)
    with rasterio.open(written.files[0]) as src:
        stack[0] = np.array([v[0] for v in src.sample(zip(sx.ravel(), sy.ravel()))]
                            ).reshape(xs.shape)
        near = ~certain
        for k, (dx, dy) in enumerate(((-step, -step), (-step, step), (step, -step),
                                      (step, step)), start=1):
            stack[k][near] = [v[0] for v in src.sample(zip(sx[near] + dx, sy[near] + dy))]
    loose = np.where(certain[None], -1, stack)
    return stack[0], certain, loose


def reproject_mosaic(sources: Sequence[Written], channels: Sequence[Sequence[int]],
                     dst_crs: str, box: BoundingBox, res: float,
                     resampling: Resampling = Resampling.nearest) -> np.ndarray:
    """Reference (c): each source file warped by GDAL (whole file) onto the grid, then
    merged first-valid in the order of ``sources`` (nodata 0 never wins)."""
    transform, width, height = grid_of(box, res)
    out = np.zeros((len(channels[0]), height, width), np.int64)
    done = np.zeros((height, width), bool)
    for w, bands in zip(sources, channels):
        layers = []
        for b in bands:
            path, index = (w.files[b], 1) if len(w.files) > 1 else (w.files[0], b + 1)
            with rasterio.open(path) as src:
                dst = np.zeros((height, width), src.dtypes[0])
                rasterio.warp.reproject(rasterio.band(src, index), dst, dst_transform=transform,
                                        dst_crs=dst_crs, dst_nodata=0,
                                        resampling=resampling)
            layers.append(dst.astype(np.int64))
        warped = np.stack(layers)
        new = ~done & (warped != 0).any(axis=0)
        out[:, new] = warped[:, new]
        done |= new
    return out


def check_pixels(got: np.ndarray, exact: np.ndarray, certain: np.ndarray,
                 candidates: list[np.ndarray], what: str) -> None:
    """``got`` equals ``exact`` where certain, and one of the candidates (``[K, C, H, W]``
    arrays, -1 where not one) elsewhere."""
    if got.ndim == 2:
        got, exact = got[None], exact[None]
    bad = certain & (got != exact).any(axis=0)
    assert not bad.any(), (f"{what}: {bad.sum()} pixels differ from the reference, first "
                           f"at {np.argwhere(bad)[0]}")
    cand = np.concatenate(candidates)
    ok = ((cand == got[None]).all(axis=1) & (cand >= 0).all(axis=1)).any(axis=0)
    bad = ~certain & ~ok
    assert not bad.any(), (f"{what}: {bad.sum()} pixels near a source pixel edge match no "
                           f"candidate, first at {np.argwhere(bad)[0]}")


# -- (landsat7 | landsat8) & cdl ------------------------------------------------------------
@pytest.fixture
def listing1(tmp_path: Path) -> dict[str, Any]:
    """Landsat 7 in UTM 15N; Landsat 8 in UTM 16N and UTM 15N, overlapping each other across
    90°W and the Landsat 7 scene; CDL (Albers) under all of them."""
    ls = tmp_path / "landsat"
    size = 40
    l7 = landsat_product(ls, scene=0, mission="LE07", epsg=32615, size=size,
                         origin=_utm_origin(-90.004, 40.0, 32615, size),
                         acquired=date(2023, 6, 7), bands=LANDSAT_BANDS, corner=8)
    east = landsat_product(ls, scene=1, mission="LC08", epsg=32616, size=size,
                           origin=_utm_origin(-89.996, 40.002, 32616, size),
                           acquired=date(2023, 6, 15), bands=LANDSAT_BANDS, corner=6,
                           path_row="022032")
    south = landsat_product(ls, scene=2, mission="LC08", epsg=32615, size=size,
                            origin=_utm_origin(-89.9985, 39.995, 32615, size),
                            acquired=date(2023, 6, 20), bands=LANDSAT_BANDS, corner=6)
    bounds = _bounds_in([l7, east, south], "EPSG:5070")
    margin = 300.0
    cdl = cdl_raster(tmp_path / "cdl", bounds=(bounds[0] - margin, bounds[1] - margin,
                                               bounds[2] + margin, bounds[3] + margin))
    return {"landsat": ls, "cdl": cdl, "l7": l7, "l8": [east, south]}


def landsat_formula(w: Written, band: int, rows: np.ndarray, cols: np.ndarray) -> np.ndarray:
    code = landsat_code(w.number, band, rows, cols).astype(np.int64)
    corner = 8 if w.number == 0 else 6
    return np.where(rows + cols < corner, 0, code)


def _on(day: date, box: BoundingBox) -> bool:
    """Whether the query's time range meets ``day`` (a scene's date covers the whole day)."""
    start = datetime(day.year, day.month, day.day, tzinfo=timezone.utc).timestamp()
    return box.mint <= start + 86400 - 1e-6 and start <= box.maxt


def _band_numbers(names: Sequence[str]) -> list[int]:
    return [LANDSAT_BANDS.index(n) for n in names]


@pytest.mark.parametrize("merge", ["first", "last"])
def test_landsat7_or_landsat8_and_cdl_per_pixel(listing1: dict[str, Any], merge: str) -> None:
    l7 = Landsat7(listing1["landsat"], bands=L7_BANDS, resampling="nearest", cache=False)
    l8 = Landsat8(listing1["landsat"], bands=L8_BANDS, resampling="nearest", merge=merge,
                  cache=False)
    dataset = (l7 | l8) & CDL(listing1["cdl"].files[0].parent, cache=False)
    crs = "EPSG:32615"
    assert dataset.crs.to_epsg() == 32615 and dataset.res == (30.0, 30.0)
    # ``|`` keeps Landsat 7 where it has data, else the Landsat 8 scenes in merge order (by
    # date; ``last`` reverses it); the image holds Landsat 7's bands 3, 2, 1 or Landsat 8's
    # bands 4, 3, 2 (Listing 1's true colour of each)
    scenes8 = sorted(listing1["l8"], key=lambda w: w.date, reverse=merge == "last")
    everything = [listing1["l7"], *scenes8]
    # the sampler's patches (each scene tiled in its own time range), the same patches over
    # all dates (where the merge decides), and those shifted by a fraction of a pixel
    boxes = list(GridGeoSampler(dataset, size=16))
    assert len(boxes) >= 9
    alltime = [BoundingBox(b.minx, b.maxx, b.miny, b.maxy) for b in boxes]
    boxes += alltime
    boxes += [BoundingBox(b.minx + 10, b.maxx + 10, b.miny - 7, b.maxy - 7) for b in alltime]
    seen: dict[int, int] = {}
    certain = total = 0
    for box in boxes:
        order = [w for w in everything if _on(w.date, box)]
        channels = [_band_numbers(L7_BANDS if w.number == 0 else L8_BANDS) for w in order]
        sample = dataset[box]
        image = sample["image"].numpy().astype(np.int64)
        mask = sample["mask"].numpy()
        assert image.shape == (3, 16, 16) and mask.shape == (16, 16)
        # (a) the formula
        exact, sure, candidates = formula_mosaic(order, channels, landsat_formula, crs, box,
                                                 30.0)
        check_pixels(image, exact, sure, candidates, f"Landsat at {box}")
        # (c) GDAL's warp of each scene, merged by the same rules
        np.testing.assert_array_equal(
            image, reproject_mosaic(order, channels, crs, box, 30.0),
            err_msg=f"Landsat vs per-scene rasterio.warp.reproject at {box}")
        # (b) rasterio's sample of the CDL file at the projected centres; and (c) its warp
        exact_mask, sure_mask, loose = sample_mask(listing1["cdl"], crs, box, 30.0)
        check_pixels(mask, exact_mask, sure_mask, [loose[:, None]], f"CDL at {box}")
        np.testing.assert_array_equal(
            mask, reproject_mosaic([listing1["cdl"]], [[0]], crs, box, 30.0)[0],
            err_msg=f"CDL vs rasterio.warp.reproject at {box}")
        valid = image[0] != 0
        for number in np.unique((image[0][valid] - 1) // 20000):
            seen[int(number)] = seen.get(int(number), 0) + int(
                ((image[0] - 1) // 20000 == number)[valid].sum())
        certain += int(sure.sum() + sure_mask.sum())
        total += 2 * sure.size
    # every scene shows up, and most pixels are decided without the transformer's slack
    assert set(seen) == {0, 1, 2}
    assert certain > 0.6 * total


# -- naip & chesapeake ----------------------------------------------------------------------
@pytest.fixture
def naip_chesapeake(tmp_path: Path) -> dict[str, Any]:
    """Two overlapping NAIP tiles of two years (UTM 18N) over a Chesapeake land cover raster
    (Albers): the mask is warped, rotated by the projections' convergence, onto NAIP's grid."""
    naip = tmp_path / "naip"
    old = naip_tile(naip, tile=1, name="m_3807511_ne_18_060_20181104.tif",
                    origin=(450000.0, 4300200.0), size=160)
    new = naip_tile(naip, tile=2, name="m_3807511_nw_18_060_20190610.tif",
                    origin=(450100.0, 4300120.0), size=160)
    minx, miny, maxx, maxy = _bounds_in([old, new], "EPSG:5070")
    left, top = np.floor(minx) - 20, np.ceil(maxy) + 20
    land = chesapeake_raster(tmp_path / "chesapeake", origin=(left, top),
                             width=int(np.ceil(maxx - left)) + 20,
                             height=int(np.ceil(top - miny)) + 20)
    return {"naip": naip, "tiles": [old, new], "chesapeake": land}


def naip_formula(w: Written, band: int, rows: np.ndarray, cols: np.ndarray) -> np.ndarray:
    return naip_pixel(w.number, rows, cols)[band].astype(np.int64)


@pytest.mark.parametrize("merge", ["first", "last"])
def test_naip_and_chesapeake_per_pixel(naip_chesapeake: dict[str, Any], merge: str) -> None:
    tiles = naip_chesapeake["tiles"]
    land = naip_chesapeake["chesapeake"]
    dataset = NAIP(naip_chesapeake["naip"], merge=merge, cache=False) & Chesapeake(
        land.files[0].parent, cache=False)
    crs = "EPSG:26918"
    assert dataset.crs.to_epsg() == 26918 and dataset.res == (1.0, 1.0)
    everything = sorted(tiles, key=lambda w: w.date, reverse=merge == "last")
    boxes = list(GridGeoSampler(dataset, size=16, stride=56))
    assert len(boxes) >= 8
    alltime = [BoundingBox(b.minx, b.maxx, b.miny, b.maxy) for b in boxes]
    boxes += alltime
    boxes += [BoundingBox(b.minx + 0.4, b.maxx + 0.4, b.miny - 0.3, b.maxy - 0.3)
              for b in alltime]
    seen: set[int] = set()
    certain = total = 0
    for box in boxes:
        order = [w for w in everything if _on(w.date, box)]
        channels = [[0, 1, 2, 3]] * len(order)
        sample = dataset[box]
        image = sample["image"].numpy().astype(np.int64)
        mask = sample["mask"].numpy()
        assert image.shape == (4, 16, 16) and mask.shape == (16, 16)
        # (a) the formula: row, column and tile number of the source pixel
        exact, sure, candidates = formula_mosaic(order, channels, naip_formula, crs, box, 1.0)
        check_pixels(image, exact, sure, candidates, f"NAIP at {box}")
        # (c) GDAL's warp of each tile, merged by the same rules
        np.testing.assert_array_equal(image, reproject_mosaic(order, channels, crs, box, 1.0),
                                      err_msg=f"NAIP vs per-tile rasterio.warp.reproject at {box}")
        # (b) rasterio's sample of the land cover at the projected centres; and (c) its warp
        exact_mask, sure_mask, loose = sample_mask(land, crs, box, 1.0)
        check_pixels(mask, exact_mask, sure_mask, [loose[:, None]], f"Chesapeake at {box}")
        np.testing.assert_array_equal(
            mask, reproject_mosaic([land], [[0]], crs, box, 1.0)[0],
            err_msg=f"Chesapeake vs rasterio.warp.reproject at {box}")
        seen |= set(np.unique(image[2][image[3] != 0]).tolist())
        certain += int(sure_mask.sum())
        total += sure_mask.size
    assert seen == {11, 12}  # both tiles show up (band 3 holds 10 + tile)
    # the mask is rotated against NAIP's grid: about (1 - 2 * SLACK) ** 2 of its pixels are
    # decided without the transformer's slack
    assert certain > 0.45 * total


def test_listing1_default_bilinear_matches_gdal(listing1: dict[str, Any]) -> None:
    """Listing 1 as written (bilinear for the imagery): within rounding of GDAL's warps."""
    l7 = Landsat7(listing1["landsat"], bands=L7_BANDS, cache=False)
    l8 = Landsat8(listing1["landsat"], bands=L8_BANDS, cache=False)
    dataset = (l7 | l8) & CDL(listing1["cdl"].files[0].parent, cache=False)
    crs = "EPSG:32615"
    everything = [listing1["l7"], *sorted(listing1["l8"], key=lambda w: w.date)]
    for b in list(GridGeoSampler(dataset, size=16)):
        box = BoundingBox(b.minx + 10, b.maxx + 10, b.miny - 7, b.maxy - 7)
        channels = [_band_numbers(L7_BANDS if w.number == 0 else L8_BANDS) for w in everything]
        image = dataset[box]["image"].numpy().astype(np.int64)
        ref = reproject_mosaic(everything, channels, crs, box, 30.0, Resampling.bilinear)
        diff = np.abs(image - ref)
        assert diff.max() <= 1, f"{diff.max()} off GDAL's bilinear warp at {box}"
