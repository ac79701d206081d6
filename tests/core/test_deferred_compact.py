"""Compact deferred samples: about the bytes of the finished patch, unions that defer, and the
choice of what defers; every resampled batch equals the eager path."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import numpy as np
import pytest
import torch

from fakedata import geo
from geoplug.core.bbox import BoundingBox
from geoplug.core.collate import stack_samples
from geoplug.core.deferred import finish_layer
from geoplug.core.deferred_compose import auto_defer
from geoplug.core.errors import QueryOutsideDataError
from geoplug.core.geodataset import GeoDataset
from geoplug.core.raster import RasterDataset
from geoplug.core.resample import (
    BILINEAR,
    FINAL,
    NEAREST,
    PART_SIZE,
    W_COLS,
    W_MODE,
    W_ROWS,
    W_SPAN_ROW,
    Resample,
)

BANDS = ("SR_B2", "SR_B3", "SR_B4", "SR_B5")


@pytest.fixture(autouse=True)
def _cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("GEOPLUG_CACHE_DIR", str(tmp_path / "cache"))


class Bands(RasterDataset):
    filename_glob = "*_SR_B[2-5].TIF"
    filename_regex = r"^LC08_L2SP_\d{6}_(?P<date>\d{8})_.*_(?P<band>SR_B\d)\.TIF$"
    date_format = "%Y%m%d"
    separate_files = True
    all_bands = BANDS


class Earlier(Bands):
    """A second imagery product (the role of Landsat 7 in ``landsat7 | landsat8``)."""


@pytest.fixture(scope="module")
def data(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    root = tmp_path_factory.mktemp("compact")
    # zone 16 imagery sampled on the zone 15 grid: rotated by about 4 degrees
    z16 = geo.landsat8_scene(root / "z16", epsg=32616, size=700, bands=BANDS,
                             path_row="022032")
    # zone 15 imagery of a later date, overlapping the zone 16 scene's eastern part
    z15 = geo.landsat8_scene(root / "z15", epsg=32615, size=500, bands=BANDS,
                             acquired=date(2023, 7, 1),
                             origin=geo.utm_origin(-89.9, 40.0, 32615, 500))
    cdl = geo.cdl(root / "cdl", cover=[z16, z15])
    return {"z16": z16.folder.parent, "z15": z15.folder.parent, "cdl": cdl.parent}


def boxes(ds: GeoDataset, n: int, px: int, seed: int, res: float = 30.0,
          margin: float = 0.0) -> list[BoundingBox]:
    """Fixed-size patches at random places of ``ds`` (some across its edges with a margin)."""
    rng = np.random.default_rng(seed)
    b = ds.bounds
    out: list[BoundingBox] = []
    while len(out) < n:
        x = rng.uniform(b.minx - margin, b.maxx - px * res + margin)
        y = rng.uniform(b.miny - margin, b.maxy - px * res + margin)
        box = BoundingBox(x, x + px * res, y, y + px * res, b.mint, b.maxt)
        try:
            ds[box]
        except QueryOutsideDataError:
            continue
        out.append(box)
    return out


def on_grid(ds: RasterDataset, n: int, px: int, seed: int) -> list[BoundingBox]:
    """Patches snapped to the grid of the dataset's first file on it (the zone 15 scene's:
    its patches are plain windows), some across the scenes' edges."""
    origin = ds.grid_origin
    assert origin is not None
    return [BoundingBox(x, x + px * 30, y - px * 30, y, q.mint, q.maxt)
            for q in boxes(ds, n, px, seed=seed, margin=1500.0)
            for x, y in [(origin[0] + round((q.minx - origin[0]) / 30) * 30,
                          origin[1] + round((q.maxy - origin[1]) / 30) * 30)]]


def resampled(deferred: GeoDataset, qs: list[BoundingBox]) -> tuple[dict[str, object], dict]:
    """The deferred batch resampled on the CPU (per-sample kernels), checked against the
    batched kernel (the one a GPU runs) on the way; also the collated deferred batch."""
    batch = stack_samples([deferred[q] for q in qs])
    out = Resample()(dict(batch))
    batched = Resample(batched=True)(dict(batch))
    for key in ("image", "mask"):
        if key in out:
            assert batched[key].dtype == out[key].dtype  # type: ignore[union-attr]
            diff = (batched[key].double() - out[key].double()).abs()  # type: ignore
            assert diff.max() <= 1 and (diff > 0).float().mean() < 1e-3
    return out, batch


def tensor_bytes(sample: dict[str, object]) -> int:
    return sum(v.numel() * v.element_size() for v in sample.values()
               if isinstance(v, torch.Tensor))


def test_deferred_sample_is_about_the_finished_patch(data: dict[str, Path]) -> None:
    kw = dict(crs="EPSG:32615", res=30, keep_dtype=True)
    eager = Bands(data["z16"], **kw) & geo.Cdl(data["cdl"], keep_dtype=True)
    deferred = (Bands(data["z16"], defer_resampling=True, **kw)
                & geo.Cdl(data["cdl"], keep_dtype=True, defer_resampling=True))
    qs = boxes(eager, 6, 224, seed=1)
    for q in qs:
        finished, compact = eager[q], deferred[q]
        assert compact["image_warp"][0] == BILINEAR and compact["mask_warp"][0] == NEAREST
        ratio = tensor_bytes(compact) / tensor_bytes(finished)
        assert ratio <= 1.2, ratio
        # no per-pixel grid: besides the pixels, a few kilobytes at most per layer (the
        # spans of two parts' rows and two parts' warp descriptions)
        for key in ("image", "mask"):
            extra = tensor_bytes({k: v for k, v in compact.items()
                                  if k.startswith(key) and not k.endswith("_src")})
            assert extra < 6144
    out, _ = resampled(deferred, qs)
    ref = [eager[q] for q in qs]
    assert torch.equal(out["mask"], torch.stack([r["mask"] for r in ref]))  # type: ignore
    assert torch.equal(out["image"], torch.stack([r["image"] for r in ref]))  # type: ignore


def test_edges_nodata_and_float_output_equal_eager(data: dict[str, Path]) -> None:
    kw = dict(crs="EPSG:32615", res=30)
    eager = Bands(data["z16"], **kw)
    deferred = Bands(data["z16"], defer_resampling=True, **kw)
    qs = boxes(eager, 10, 64, seed=2, margin=1500.0)  # across the scene's edges and corners
    out, batch = resampled(deferred, qs)
    ref = torch.stack([eager[q]["image"] for q in qs])
    assert (batch["image_warp"][:, 0] == BILINEAR).all()
    assert out["image"].dtype == torch.float32  # type: ignore[union-attr]
    assert (ref == 0).any() and (ref > 0).any()  # outside / nodata pixels are exercised
    assert torch.equal(out["image"], ref)  # type: ignore[arg-type]


def test_overflowing_window_is_finished_in_the_worker(data: dict[str, Path]) -> None:
    kw = dict(crs="EPSG:32615", res=30, keep_dtype=True)
    eager = Bands(data["z16"], **kw)
    deferred = Bands(data["z16"], defer_resampling=True, **kw)
    q = boxes(eager, 1, 48, seed=3)[0]
    assert deferred._deferral is not None
    tight = deferred._deferral.layer(q, capacity=(48 * 48, 48))  # no room for the margins
    assert tight.warp[0] == FINAL
    got = torch.from_numpy(tight.packed[:, :48 * 48].reshape(len(BANDS), 48, 48))
    assert torch.equal(got, eager[q]["image"])


def test_window_over_a_whole_window_buffer_ships_row_spans(data: dict[str, Path]) -> None:
    """A window that fits the buffer ships whole (no spans to compute); one that does not
    ships each row's span, packed, and both resample to the eager pixels."""
    kw = dict(crs="EPSG:32615", res=30, keep_dtype=True)
    eager = Bands(data["z16"], **kw)
    deferred = Bands(data["z16"], defer_resampling=True, **kw)
    assert deferred._deferral is not None
    for q in boxes(eager, 3, 224, seed=5):
        whole = deferred._deferral.layer(q)
        rows, cols = int(whole.warp[W_ROWS]), int(whole.warp[W_COLS])
        assert whole.warp[0] == BILINEAR
        assert (whole.spans[:rows, 0] == 0).all() and (whole.spans[:rows, 1] == cols).all()
        # a buffer a little over the patch: the ~4 degree tilt's window does not fit
        spanned = deferred._deferral.layer(q, capacity=(int(224 * 224 * 1.08), rows + 4))
        kept = spanned.spans[:rows, 1] - spanned.spans[:rows, 0]
        assert spanned.warp[0] == BILINEAR and 224 * 224 < kept.sum() < rows * cols
        assert (kept < cols).any()
        ref = eager[q]["image"].numpy()
        for layer in (whole, spanned):
            assert np.array_equal(finish_layer(layer.packed, layer.spans, layer.warp), ref)


@pytest.mark.parametrize("resampling", ["bilinear", "nearest"])
def test_scene_behind_an_aligned_one_defers_as_a_second_part(data: dict[str, Path],
                                                             resampling: str) -> None:
    """Where the zone 15 scene (on the grid) leaves pixels without data (outside it, or its
    nodata corners), the zone 16 scene behind it fills them: both travel as two parts of one
    layer, each with only the pixels it gives, and resample to the eager composite."""
    kw = dict(crs="EPSG:32615", res=30, keep_dtype=True, merge="last", resampling=resampling)
    paths = [data["z16"], data["z15"]]
    eager = Bands(paths, **kw)
    deferred = Bands(paths, defer_resampling=True, **kw)
    assert deferred._deferral is not None
    two = [q for q in on_grid(eager, 60, 96, seed=6) if len(eager._hits(q)) == 2]
    layers = [deferred._deferral.layer(q) for q in two]
    parts = [int(layer.warp[PART_SIZE + W_MODE]) for layer in layers]
    assert parts.count(BILINEAR if resampling == "bilinear" else NEAREST) >= 3, parts
    firsts = {"whole": 0, "packed": 0}
    for q, layer in zip(two, layers):
        if layer.warp[PART_SIZE + W_MODE] == FINAL:
            continue
        # the first part: the aligned scene as an exact nearest copy, its window as read when
        # the second's pixels fit after it (else only its valid pixels); no more pixels than
        # a patch and its margins (the second ships only what it gives)
        assert layer.warp[W_MODE] == NEAREST and layer.warp[PART_SIZE + W_SPAN_ROW] > 0
        rows, cols = int(layer.warp[W_ROWS]), int(layer.warp[W_COLS])
        whole = bool((layer.spans[:rows] == [0, cols]).all())
        firsts["whole" if whole else "packed"] += 1
        kept = int((layer.spans[:, 1] - layer.spans[:, 0]).sum())
        assert kept <= 96 * 96 * 1.25
        ref = eager[q]["image"].numpy()
        assert np.array_equal(finish_layer(layer.packed, layer.spans, layer.warp), ref)
        cap = deferred._deferral.capacity(deferred._grid(q))
        if whole and kept - 1 >= 96 * 96:  # a buffer one pixel short: the valid pixels only
            tight = deferred._deferral.layer(q, capacity=(kept - 1, cap[1]))
            if tight.warp[PART_SIZE + W_MODE] != FINAL:
                assert not (tight.spans[:rows] == [0, cols]).all()
                assert np.array_equal(finish_layer(tight.packed, tight.spans, tight.warp), ref)
                firsts["packed"] += 1
    assert firsts["whole"] >= 1 and firsts["packed"] >= 1, firsts
    out, _ = resampled(deferred, two)  # the batched kernel too (within 1 DN)
    assert torch.equal(out["image"], torch.stack([eager[q]["image"] for q in two]))


def test_second_part_reads_only_what_it_gives(data: dict[str, Path],
                                              monkeypatch: pytest.MonkeyPatch) -> None:
    """The second scene of a two-part layer is read only over the box of the pixels it
    gives (the spans it keeps), not over its whole window; the layer stays the eager one."""
    from rasterio.windows import Window

    import geoplug.core.deferred as deferred_module
    from geoplug.core.warp import Level

    kw = dict(crs="EPSG:32615", res=30, keep_dtype=True, merge="last")
    paths = [data["z16"], data["z15"]]
    eager = Bands(paths, **kw)
    deferred = Bands(paths, defer_resampling=True, **kw)
    assert deferred._deferral is not None
    reads: list[tuple[int, int]] = []
    real = deferred_module.read_window

    def counted(level: Level, window: Window, out: np.ndarray | None = None) -> np.ndarray:
        reads.append((int(window.height), int(window.width)))
        return real(level, window, out)

    monkeypatch.setattr(deferred_module, "read_window", counted)
    smaller = 0
    for q in [q for q in on_grid(eager, 300, 96, seed=7) if len(eager._hits(q)) == 2]:
        reads.clear()
        layer = deferred._deferral.layer(q)
        if layer.warp[PART_SIZE + W_MODE] == FINAL:
            continue
        # the second part's window, as its warp description declares it
        whole = (int(layer.warp[PART_SIZE + W_ROWS]), int(layer.warp[PART_SIZE + W_COLS]))
        got = reads[-1]  # the second scene's read comes last
        assert got[0] <= whole[0] and got[1] <= whole[1]
        smaller += got[0] * got[1] < whole[0] * whole[1]
        assert np.array_equal(finish_layer(layer.packed, layer.spans, layer.warp),
                              eager[q]["image"].numpy())
    assert smaller >= 10


class BandCodes(RasterDataset):
    """One band read as a mask of codes recoded through a lookup (0, the nodata, stays 0)."""

    filename_glob = "*_SR_B2.TIF"
    filename_regex = r"^LC08_L2SP_\d{6}_(?P<date>\d{8})_.*_SR_B2\.TIF$"
    date_format = "%Y%m%d"
    is_image = False
    _lookup = ((np.arange(65536) * 7) % 65536).astype(np.uint16)


def test_two_parts_of_a_recoded_mask_equal_eager(data: dict[str, Path]) -> None:
    kw = dict(crs="EPSG:32615", res=30, keep_dtype=True, merge="last")
    paths = [data["z16"], data["z15"]]
    eager, deferred = BandCodes(paths, **kw), BandCodes(paths, defer_resampling=True, **kw)
    assert deferred._deferral is not None
    two = [q for q in on_grid(eager, 60, 64, seed=8)
           if deferred._deferral.layer(q).warp[PART_SIZE + W_MODE] == NEAREST]
    assert len(two) >= 3
    out, _ = resampled(deferred, two)
    ref = torch.stack([eager[q]["mask"] for q in two])
    assert torch.equal(out["mask"], ref)
    raw = torch.stack([torch.from_numpy(eager.read(q)[0]) for q in two])
    assert torch.equal(ref, torch.from_numpy(BandCodes._lookup[raw.numpy()]))


def union_pair(data: dict[str, Path], defer: bool) -> GeoDataset:
    kw = dict(crs="EPSG:32615", res=30, keep_dtype=True, defer_resampling=defer)
    imagery = Earlier(data["z16"], **kw) | Bands(data["z15"], **kw)
    return imagery & geo.Cdl(data["cdl"], keep_dtype=True, defer_resampling=defer)


def test_union_of_deferred_datasets_defers_and_equals_eager(data: dict[str, Path]) -> None:
    eager, deferred = union_pair(data, False), union_pair(data, True)
    qs = boxes(eager, 24, 64, seed=4)
    first = eager.datasets[0].datasets[0]  # type: ignore[attr-defined]
    second = eager.datasets[0].datasets[1]  # type: ignore[attr-defined]

    def hits(ds: GeoDataset, q: BoundingBox) -> bool:
        return bool(list(ds.index.intersection(tuple(q))))

    out, batch = resampled(deferred, qs)
    modes = batch["image_warp"][:, 0].tolist()
    # deferred where one product has the box alone or the first covers it; merged otherwise
    assert BILINEAR in modes
    both = [i for i, q in enumerate(qs) if hits(first, q) and hits(second, q)]
    assert any(modes[i] == FINAL for i in both) and any(modes[i] == BILINEAR for i in both)
    ref = [eager[q] for q in qs]
    assert torch.equal(out["image"], torch.stack([r["image"] for r in ref]))  # type: ignore
    assert torch.equal(out["mask"], torch.stack([r["mask"] for r in ref]))  # type: ignore


def test_auto_defer_turns_on_warped_layers_only(data: dict[str, Path]) -> None:
    kw = dict(crs="EPSG:32615", res=30, keep_dtype=True)
    aligned = Bands(data["z15"], **kw) & geo.Cdl(data["cdl"], keep_dtype=True)
    assert auto_defer(aligned) == ["Cdl"]  # the Albers mask is warped, the imagery is not
    warped = (Earlier(data["z16"], **kw) | Bands(data["z15"], **kw)) & geo.Cdl(
        data["cdl"], keep_dtype=True)
    assert auto_defer(warped) == ["Earlier", "Bands", "Cdl"]  # a union defers as a whole
    assert auto_defer(warped) == []  # already deferred
    sample = warped[boxes(warped, 1, 32, seed=5)[0]]
    assert {"image_src", "mask_src"} <= set(sample) and "image" not in sample


def test_mixed_union_is_refused(data: dict[str, Path]) -> None:
    with pytest.raises(ValueError, match="same defer_resampling"):
        Bands(data["z16"], defer_resampling=True) | Bands(data["z15"])


@pytest.mark.skipif(not torch.cuda.is_available(), reason="needs a CUDA GPU")
def test_union_batch_resampled_on_cuda_equals_cpu(data: dict[str, Path]) -> None:
    deferred = union_pair(data, True)
    qs = boxes(deferred, 16, 64, seed=6)
    batch = stack_samples([deferred[q] for q in qs])
    cpu = Resample()(dict(batch))
    gpu = Resample()({k: v.cuda(non_blocking=True) if isinstance(v, torch.Tensor) else v
                      for k, v in batch.items()})
    assert gpu["image"].device.type == "cuda"
    assert torch.equal(gpu["mask"].cpu(), cpu["mask"])
    diff = (gpu["image"].cpu().int() - cpu["image"].int()).abs()
    assert diff.max() <= 1 and (diff > 0).float().mean() < 1e-3


@pytest.mark.skipif(not torch.cuda.is_available(), reason="needs a CUDA GPU")
def test_two_part_batch_resampled_on_cuda_equals_cpu(data: dict[str, Path]) -> None:
    kw = dict(crs="EPSG:32615", res=30, keep_dtype=True, merge="last", defer_resampling=True)
    deferred = Bands([data["z16"], data["z15"]], **kw)
    batch = stack_samples([deferred[q] for q in on_grid(deferred, 60, 96, seed=6)])
    assert (batch["image_warp"][:, PART_SIZE + W_MODE] == BILINEAR).sum() >= 3
    cpu = Resample()(dict(batch))
    gpu = Resample()({k: v.cuda(non_blocking=True) if isinstance(v, torch.Tensor) else v
                      for k, v in batch.items()})
    diff = (gpu["image"].cpu().int() - cpu["image"].int()).abs()
    assert diff.max() <= 1 and (diff > 0).float().mean() < 1e-3


@pytest.mark.parametrize(("crs", "method"), [("EPSG:32615", "bilinear"),
                                             ("EPSG:32616", "nearest"),
                                             ("EPSG:32616", "bilinear")])
def test_downsampling_through_overviews_equals_eager(tmp_path: Path, crs: str,
                                                     method: str) -> None:
    scene = geo.landsat8_scene(tmp_path / "ov", epsg=32616, size=400, bands=BANDS,
                               overviews=(2, 4))
    # 2.5 source pixels per patch pixel: read from the 2x overview; in zone 15 the map is
    # computed at full resolution and scaled, in the scene's own zone it is the level's affine
    kw = dict(crs=crs, res=75, resampling=method, keep_dtype=True)
    eager = Bands(scene.folder, **kw)
    deferred = Bands(scene.folder, defer_resampling=True, **kw)
    qs = boxes(eager, 8, 40, seed=7, res=75, margin=2000.0)
    out, batch = resampled(deferred, qs)
    warp = batch["image_warp"]
    assert (warp[:, 0] != FINAL).all()  # deferred, read from the 2x overview
    assert (warp[:, 12] < 400).all()  # the level's width: an overview, not the raster
    assert bool((warp[:, 16] == 1).all()) == (crs == "EPSG:32615")  # map scaled to the level
    ref = torch.stack([eager[q]["image"] for q in qs])
    assert (ref == 0).any() and (ref != 0).any()  # edges and data
    assert torch.equal(out["image"], ref)  # type: ignore[arg-type]


def test_a_union_fills_a_nan_nodata_from_the_next_layer(tmp_path: Path) -> None:
    # float32 with nodata NaN: the first layer lacks its right half, the second has it all.
    # NaN never equals NaN, so a fill test written as "== fill" left those pixels empty
    import rasterio
    from rasterio.transform import from_origin

    class A(RasterDataset):
        filename_glob = "a*.tif"

    class B(RasterDataset):
        filename_glob = "b*.tif"

    rows, cols = np.mgrid[0:20, 0:20].astype(np.float32)
    first = 1000 + 30 * rows + cols
    first[:, 10:] = np.nan
    second = 5000 + 30 * rows + cols
    for name, values in (("a", first), ("b", second)):
        with rasterio.open(tmp_path / f"{name}.tif", "w", driver="GTiff", width=20, height=20,
                           count=1, dtype="float32", crs="EPSG:32615", nodata=float("nan"),
                           transform=from_origin(500_000, 4_400_000, 10, 10)) as dst:
            dst.write(values, 1)
    q = BoundingBox(500_010, 500_150, 4_399_850, 4_399_990)  # rows 1..14, columns 1..14
    union = A(tmp_path) | B(tmp_path)
    got = union[q]["image"][0].numpy()
    np.testing.assert_array_equal(got, np.where(np.isnan(first), second, first)[1:15, 1:15])
    # warped (7 m) and deferred: the same as eager, and no pixel left empty
    eager = (A(tmp_path, res=7) | B(tmp_path, res=7))[q]["image"]
    deferred = A(tmp_path, res=7, defer_resampling=True) | B(tmp_path, res=7,
                                                              defer_resampling=True)
    out = Resample()(dict(stack_samples([deferred[q]])))["image"][0]
    assert not eager.isnan().any() and not out.isnan().any()
    torch.testing.assert_close(out, eager)


def test_files_with_different_nodata_give_the_fill_value_alike(tmp_path: Path) -> None:
    # a1 says nodata 0 (the dataset's fill value), a2 says 255. A patch a2 serves alone used
    # to pass its 255s on as data, unlike a patch that also touches a1 and unlike a union,
    # which then did not fill them from b
    import rasterio
    from rasterio.transform import from_origin

    class A(RasterDataset):
        filename_glob = "a*.tif"

    class B(RasterDataset):
        filename_glob = "b*.tif"

    rows, cols = np.mgrid[0:10, 0:10]
    a2 = (100 + 10 * rows + cols).astype(np.uint8)
    a2[:, 5:] = 255
    files = (("a1", (1 + rows + cols).astype(np.uint8), 0, 500_000, 10),
             ("a2", a2, 255, 500_200, 10),
             ("b", np.full((10, 30), 9, np.uint8), 0, 500_000, 30))
    for name, values, nodata, x0, width in files:
        with rasterio.open(tmp_path / f"{name}.tif", "w", driver="GTiff", width=width,
                           height=10, count=1, dtype="uint8", crs="EPSG:32615", nodata=nodata,
                           transform=from_origin(x0, 4_400_000, 10, 10)) as dst:
            dst.write(values, 1)
    only_a2 = BoundingBox(500_200, 500_300, 4_399_900, 4_400_000)
    for defer in (False, True):
        a = A(tmp_path, keep_dtype=True, defer_resampling=defer)
        assert a.fill_value == 0
        union = a | B(tmp_path, keep_dtype=True, defer_resampling=defer)
        for ds, right in ((a, 0), (union, 9)):
            sample = ds[only_a2]
            if defer:
                sample = Resample()(dict(stack_samples([sample])))
                image = sample["image"][0, 0].numpy()
            else:
                image = sample["image"][0].numpy()
            np.testing.assert_array_equal(image[:, :5], a2[:, :5])
            assert (image[:, 5:] == right).all()
