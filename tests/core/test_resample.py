"""Deferred resampling: worker-side windows + a batched ``Resample`` equal the eager path."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import numpy as np
import pytest
import torch
from torch.utils.data import DataLoader

from fakedata import geo
from geoplug.core.bbox import BoundingBox
from geoplug.core.collate import stack_samples
from geoplug.core.errors import QueryOutsideDataError
from geoplug.core.raster import RasterDataset
from geoplug.core.resample import (
    BILINEAR,
    FINAL,
    NEAREST,
    W_COLS,
    W_HALF_X,
    W_HALF_Y,
    W_HAS_NODATA,
    W_KIND,
    W_NODATA,
    W_ROWS,
    WARP_SIZE,
    DeferredBatch,
    Resample,
)
from geoplug.core.warp import kernels


@pytest.fixture(autouse=True)
def _cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("GEOPLUG_CACHE_DIR", str(tmp_path / "cache"))


class Bands(RasterDataset):
    filename_glob = "*_SR_B[45].TIF"
    filename_regex = r"^LC08_.*_(?P<band>SR_B\d)\.TIF$"
    separate_files = True
    all_bands = ("SR_B4", "SR_B5")


@pytest.fixture(scope="module")
def data(tmp_path_factory: pytest.TempPathFactory) -> tuple[geo.Scene, Path]:
    root = tmp_path_factory.mktemp("resample")
    scene = geo.landsat8_scene(root / "landsat", epsg=32615, size=120, bands=("SR_B4", "SR_B5"))
    cdl = geo.cdl(root / "cdl", cover=[scene])
    return scene, cdl.parent


def boxes(ds: RasterDataset, n: int, px: int, seed: int, margin: float = 900.0
          ) -> list[BoundingBox]:
    """Fixed-size patches at random places, many across the scene edges (partly outside)."""
    rng = np.random.default_rng(seed)
    b, res = ds.bounds, ds.res[0]
    out: list[BoundingBox] = []
    while len(out) < n:
        x = rng.uniform(b.minx - margin, b.maxx - px * res + margin)
        y = rng.uniform(b.miny - margin, b.maxy - px * res + margin)
        box = BoundingBox(x, x + px * res, y, y + px * res)
        try:
            ds[box]
        except QueryOutsideDataError:  # outside the data: skip like a sampler would
            continue
        out.append(box)
    return out


def both(eager: RasterDataset, deferred: RasterDataset, qs: list[BoundingBox], key: str
         ) -> tuple[torch.Tensor, torch.Tensor, torch.Tensor]:
    """The eager samples, the deferred ones resampled (the CPU's per-sample kernels) and the
    modes; the batched kernel (what runs on a GPU) is checked against them on the way."""
    ref = torch.stack([eager[q][key] for q in qs])
    batch = stack_samples([deferred[q] for q in qs])
    modes = batch[f"{key}_warp"][:, 0].clone()
    out = Resample()(dict(batch))
    assert f"{key}_src" not in out and out["bounds"] == qs
    batched = Resample(batched=True)(dict(batch))[key]
    assert batched.dtype == out[key].dtype and batched.shape == out[key].shape
    if bool((modes == BILINEAR).any()):
        diff = (batched.double() - out[key].double()).abs()
        assert diff.max() <= 1 and (diff > 0).float().mean() < 1e-3
    else:
        assert torch.equal(batched, out[key])
    return ref, out[key], modes


def test_nearest_utm_across_zones_is_exact(data: tuple[geo.Scene, Path]) -> None:
    scene, _ = data
    kw = dict(crs="EPSG:32616", res=30, resampling="nearest", keep_dtype=True)
    eager, deferred = Bands(scene.folder, **kw), Bands(scene.folder, defer_resampling=True, **kw)
    qs = boxes(eager, 12, 40, seed=1)
    ref, got, modes = both(eager, deferred, qs, "image")
    assert (modes == NEAREST).all()
    assert got.dtype == torch.uint16 and got.shape == (12, 2, 40, 40)
    assert (ref.int() == 0).any() and (ref.int() > 0).any()  # edges / nodata corners are exercised
    assert torch.equal(got, ref)


def bilinear_pair(scene: geo.Scene, crs: str) -> tuple[Bands, Bands]:
    """The eager and the deferred bilinear dataset of ``scene`` in ``crs`` at 30 m."""
    kw = dict(crs=crs, res=30, resampling="bilinear")
    return Bands(scene.folder, **kw), Bands(scene.folder, defer_resampling=True, **kw)


def test_bilinear_utm_to_albers_within_rounding(data: tuple[geo.Scene, Path]) -> None:
    eager, deferred = bilinear_pair(data[0], "EPSG:5070")
    ref, got, modes = both(eager, deferred, boxes(eager, 12, 40, seed=2), "image")
    assert (modes == BILINEAR).all()  # rotated by under 3 degrees: GDAL's four-tap kernel
    assert got.dtype == torch.float32 and got.shape == ref.shape
    diff = (got - ref).abs()
    assert diff.max() <= 1  # float rounding may flip a .5 to the next integer
    assert (diff > 0).float().mean() < 1e-3
    assert ((ref == 0) == (got == 0)).float().mean() > 0.999  # the same pixels are nodata


def test_widened_bilinear_across_zones_within_rounding(data: tuple[geo.Scene, Path]) -> None:
    # adjacent UTM zones are rotated by ~4 degrees here: GDAL (and the eager path) widen the
    # bilinear kernel, and the batched resampler applies the same widened kernel
    eager, deferred = bilinear_pair(data[0], "EPSG:32616")
    qs = boxes(eager, 12, 40, seed=2)
    halves = stack_samples([deferred[q] for q in qs])["image_warp"][:, 9:11]
    assert (halves > 1.0).any(dim=1).sum() >= 6  # the widened kernel is exercised
    ref, got, modes = both(eager, deferred, qs, "image")
    assert (modes == BILINEAR).all()
    diff = (got - ref).abs()
    assert diff.max() <= 1 and (diff > 0).float().mean() < 1e-3
    assert ((ref == 0) == (got == 0)).float().mean() > 0.999  # the same pixels are nodata


def test_albers_mask_to_utm_is_exact(data: tuple[geo.Scene, Path]) -> None:
    _, cdl = data
    eager = geo.Cdl(cdl, crs="EPSG:32615", res=30)
    deferred = geo.Cdl(cdl, crs="EPSG:32615", res=30, defer_resampling=True)
    qs = boxes(eager, 10, 48, seed=3)
    ref, got, modes = both(eager, deferred, qs, "mask")
    assert (modes == NEAREST).all()
    assert got.dtype == torch.int64 and got.shape == (10, 48, 48)
    assert torch.equal(got, ref)


def test_mixed_aligned_and_warped_batch(data: tuple[geo.Scene, Path]) -> None:
    scene, _ = data
    eager = Bands(scene.folder, resampling="bilinear", keep_dtype=True)
    deferred = Bands(scene.folder, resampling="bilinear", keep_dtype=True,
                     defer_resampling=True)
    t = scene.transform
    aligned = [BoundingBox(t.c + c * 30, t.c + (c + 32) * 30, t.f - (r + 32) * 30, t.f - r * 30)
               for c, r in ((10, 20), (-5, 40), (70, 3))]
    shifted = [BoundingBox(q.minx + 7.3, q.maxx + 7.3, q.miny - 11.9, q.maxy - 11.9)
               for q in aligned]
    qs = [aligned[0], shifted[0], aligned[1], shifted[1], aligned[2], shifted[2]]
    ref, got, modes = both(eager, deferred, qs, "image")
    assert modes.tolist() == [FINAL, BILINEAR] * 3
    assert got.dtype == torch.uint16
    assert torch.equal(got[0::2], ref[0::2])  # aligned: exact
    diff = (got.int() - ref.int()).abs()
    assert diff.max() <= 1 and (diff > 0).float().mean() < 1e-3


@pytest.mark.parametrize("merge", ["first", "last"])
def test_overlapping_scenes_across_zones(tmp_path: Path, merge: str) -> None:
    geo.landsat8_scenes(tmp_path, size=64)  # 2 zones x 2 dates, overlapping
    kw = dict(crs="EPSG:32616", res=30, resampling="bilinear", keep_dtype=True, merge=merge)
    eager = geo.Landsat8(tmp_path, bands=("SR_B4", "SR_B5"), **kw)
    deferred = geo.Landsat8(tmp_path, bands=("SR_B4", "SR_B5"), defer_resampling=True, **kw)
    qs = boxes(eager, 16, 24, seed=8, margin=0.0)
    ref, got, modes = both(eager, deferred, qs, "image")
    hits = [len(eager._hits(q)) for q in qs]
    assert max(hits) > 1  # overlaps: a covering first scene is deferred, the rest eager
    assert (modes == BILINEAR).any() and (modes == FINAL).any()
    assert any(m == BILINEAR and n > 1 for m, n in zip(modes.tolist(), hits))
    diff = (got.int() - ref.int()).abs()
    assert diff.max() <= 1 and (diff > 0).float().mean() < 1e-3


def _intersection(scene: geo.Scene, cdl: Path, defer: bool) -> object:
    image = Bands(scene.folder, crs="EPSG:32616", res=30, keep_dtype=True,
                  defer_resampling=defer)
    return image & geo.Cdl(cdl, keep_dtype=True, defer_resampling=defer)


def test_intersection_through_dataloader_workers(data: tuple[geo.Scene, Path]) -> None:
    scene, cdl = data
    eager = _intersection(scene, cdl, False)
    deferred = _intersection(scene, cdl, True)
    qs = boxes(eager, 8, 32, seed=4, margin=300.0)  # type: ignore[arg-type]
    loader = DataLoader(deferred, sampler=qs, batch_size=4, num_workers=2,  # type: ignore
                        collate_fn=stack_samples)
    resample = Resample()
    got = [resample(b) for b in loader]
    image = torch.cat([b["image"] for b in got])
    mask = torch.cat([b["mask"] for b in got])
    ref = [eager[q] for q in qs]  # type: ignore[index]
    assert image.dtype == torch.uint16 and mask.dtype == torch.uint8
    assert torch.equal(mask, torch.stack([r["mask"] for r in ref]))
    diff = (image.int() - torch.stack([r["image"] for r in ref]).int()).abs()
    assert diff.max() <= 1 and (diff > 0).float().mean() < 1e-3


def test_mixed_union_and_two_deferred_images_are_refused(data: tuple[geo.Scene, Path]) -> None:
    scene, _ = data
    a = Bands(scene.folder, defer_resampling=True)
    b = Bands(scene.folder)
    with pytest.raises(ValueError, match="create both with the same defer_resampling"):
        a | b
    with pytest.raises(ValueError, match="two image datasets"):
        b & a


class Recoded(Bands):
    """A product that post-processes pixels (like a class-code lookup) cannot defer."""

    def _finish(self, sample: dict[str, object]) -> dict[str, object]:
        return sample


def test_subclass_post_processing_pixels_cannot_defer(data: tuple[geo.Scene, Path]) -> None:
    scene, _ = data
    assert Recoded(scene.folder).defer_resampling is False
    with pytest.raises(ValueError, match="Recoded post-processes pixels"):
        Recoded(scene.folder, defer_resampling=True)


class Remapped(geo.Cdl):
    """Class codes recoded through a lookup table (as CDL's ``ordinal`` does)."""

    _lookup = ((np.arange(256) * 7) % 256).astype(np.uint8)  # 0 stays 0


def test_lookup_maps_samples_eager_and_deferred(data: tuple[geo.Scene, Path]) -> None:
    _, cdl = data
    raw = geo.Cdl(cdl, crs="EPSG:32615", res=30, keep_dtype=True)
    eager = Remapped(cdl, crs="EPSG:32615", res=30, keep_dtype=True)
    deferred = Remapped(cdl, crs="EPSG:32615", res=30, keep_dtype=True, defer_resampling=True)
    qs = boxes(raw, 6, 24, seed=11)
    codes = torch.stack([raw[q]["mask"] for q in qs])
    ref, got, modes = both(eager, deferred, qs, "mask")
    assert (modes == NEAREST).all()
    assert len(codes.unique()) > 5  # many classes, so a wrong mapping shows
    assert torch.equal(ref, torch.from_numpy(Remapped._lookup[codes.numpy()]))
    assert torch.equal(got, ref)
    assert np.array_equal(eager.read(qs[0])[0], codes[0].numpy())  # read() stays raw


def test_lookup_with_bilinear_cannot_defer(data: tuple[geo.Scene, Path]) -> None:
    _, cdl = data
    with pytest.raises(ValueError, match="commutes with nearest resampling only, not bilinear"):
        Remapped(cdl, resampling="bilinear", defer_resampling=True)


def test_deferred_batch_decodes_the_layers(data: tuple[geo.Scene, Path]) -> None:
    scene, _ = data
    ds = Bands(scene.folder, crs="EPSG:32616", res=30, keep_dtype=True, defer_resampling=True)
    qs = boxes(ds, 3, 20, seed=9, margin=0.0)
    batch = stack_samples([ds[q] for q in qs])
    layers = DeferredBatch.pop(batch, "image")
    assert layers is not None and DeferredBatch.pop(batch, "mask") is None
    assert set(batch) == {"crs", "bounds"}  # the three deferred tensors were taken out
    assert layers.keep_dtype is True and layers.src.dtype == torch.uint16
    assert layers.src.shape[:2] == (3, 2) and layers.warp.shape == (3, WARP_SIZE)
    assert layers.spans.dtype == torch.int32 and layers.shape == (20, 20)
    assert (layers.mode == BILINEAR).all()  # another UTM zone: warped
    warp = layers.warp
    assert (warp[:, W_HAS_NODATA] == 1).all() and (warp[:, W_NODATA] == 0).all()
    assert (warp[:, W_KIND] == 1).all()  # the anchored rule of a reprojection
    rows = warp[:, W_ROWS].long()
    assert ((rows >= 20) & (rows <= layers.spans.shape[1])).all()  # the window's rows
    kept = (layers.spans[..., 1] - layers.spans[..., 0]).sum(dim=1)
    # a window that fits the buffer travels whole: each of its rows, complete
    assert (kept == rows * warp[:, W_COLS].long()).all()
    assert (warp[:, W_HALF_X:W_HALF_Y + 1] > 1.0).any()  # ~4 degrees: GDAL's widened kernel
    assert layers.resample().shape == (3, 2, 20, 20)


def test_default_samples_are_unchanged(data: tuple[geo.Scene, Path]) -> None:
    scene, _ = data
    ds = Bands(scene.folder, crs="EPSG:32616", res=30)
    sample = ds[boxes(ds, 1, 16, seed=7)[0]]
    assert set(sample) == {"image", "crs", "bounds"}
    assert sample["image"].dtype == torch.float32 and sample["image"].shape == (2, 16, 16)


def test_incomplete_batch_is_an_error(data: tuple[geo.Scene, Path]) -> None:
    scene, _ = data
    ds = Bands(scene.folder, crs="EPSG:32616", res=30, defer_resampling=True)
    batch = stack_samples([ds[q] for q in boxes(ds, 2, 16, seed=5)])
    del batch["image_spans"]
    with pytest.raises(ValueError, match="needs all three"):
        Resample()(batch)


@pytest.mark.skipif(not torch.cuda.is_available(), reason="needs a CUDA GPU")
def test_resample_on_cuda_equals_cpu(data: tuple[geo.Scene, Path]) -> None:
    scene, cdl = data
    deferred = _intersection(scene, cdl, True)
    qs = boxes(Bands(scene.folder, crs="EPSG:32616", res=30), 6, 32, seed=6, margin=300.0)
    batch = stack_samples([deferred[q] for q in qs])  # type: ignore[index]
    cpu = Resample()(batch)
    gpu = Resample()({k: v.cuda() if isinstance(v, torch.Tensor) else v
                      for k, v in batch.items()})
    assert gpu["image"].device.type == "cuda"
    assert torch.equal(gpu["mask"].cpu(), cpu["mask"])
    assert (gpu["image"].cpu().int() - cpu["image"].int()).abs().max() <= 1


@pytest.fixture
def two_threads() -> Iterator[None]:
    """torch's thread team at two threads for the test, the caller's count restored after."""
    before = torch.get_num_threads()
    torch.set_num_threads(2)
    yield
    torch.set_num_threads(before)


@pytest.mark.skipif(not kernels._openmp(), reason="torch's native thread pool cannot resize")
def test_patch_kernels_run_on_one_thread(data: tuple[geo.Scene, Path], two_threads: None,
                                         monkeypatch: pytest.MonkeyPatch) -> None:
    # at a patch's size torch's thread team only burns CPU (and spins on the cores the
    # DataLoader workers need): the eager kernels and Resample's run on the calling thread
    seen: list[int] = []
    grid_sample = torch.nn.functional.grid_sample

    def spy(*args: Any, **kwargs: Any) -> torch.Tensor:
        seen.append(torch.get_num_threads())
        return grid_sample(*args, **kwargs)

    monkeypatch.setattr(torch.nn.functional, "grid_sample", spy)
    eager, deferred = bilinear_pair(data[0], "EPSG:32616")
    qs = boxes(eager, 4, 40, seed=2)
    seen.clear()
    ref = torch.stack([eager[q]["image"] for q in qs])
    eager_calls = len(seen)
    got = Resample()(stack_samples([deferred[q] for q in qs]))["image"]
    assert eager_calls >= 4 and len(seen) == 2 * eager_calls  # both paths ran the kernels
    assert set(seen) == {1}
    assert torch.get_num_threads() == 2  # the caller's count is back
    assert (got - ref).abs().max() <= 1
    # a scene-sized output keeps the thread team
    monkeypatch.setattr(kernels, "THREADED_PIXELS", 40 * 40)
    seen.clear()
    eager[qs[0]]
    assert seen and set(seen) == {2}


@pytest.mark.skipif(not kernels._openmp(), reason="torch's native thread pool cannot resize")
def test_patch_threads_restores_the_count_on_error(two_threads: None) -> None:
    with pytest.raises(RuntimeError, match="inside"), kernels.patch_threads(100):
        assert torch.get_num_threads() == 1
        raise RuntimeError("inside")
    assert torch.get_num_threads() == 2
