"""Sampling throughput: geoplug vs a raw rasterio windowed read vs TorchGeo 0.8.1, in one run.

The workload (:mod:`_workload`, generated once under ``bench-data/``) is the paper's Landsat 8 +
CDL example: 7-band uint16 scenes (one file per band, tiled 512 COGs) in UTM zones 15N and 16N
and a uint8 CDL mask in CONUS Albers. Two setups:

* ``warped``: both zones + the Albers mask, sampled on the zone-15 grid (30 m): every patch
  of zone-16 imagery and every mask patch is reprojected on the fly.
* ``aligned``: the zone-15 scenes + the mask already on their grid: no warping is needed.

For each library, each sampler (random, random-batch, grid), batch size and ``num_workers``,
it times ``landsat & cdl`` through a ``DataLoader`` (224 x 224 patches; warm-up batches first,
then a fixed number of batches, median of a few repeats) and prints samples/s, the ratio to the
raw limit and the ratio to TorchGeo. The *raw limit* reads the aligned data at the same patch
locations with plain rasterio windowed reads on cached handles: no library can beat it. It also
times index building (first build and cached re-open, also of a folder of 10,000 tiles) and
the listing cost of each library.

geoplug reads through the registered ``landsat8`` and ``cdl`` datasets (bench-local
``RasterDataset`` subclasses without geoplug-datasets) and keeps the files' dtype
(``keep_dtype=True``: uint16 image, uint8 mask), as the raw read does; TorchGeo uses its own
``Landsat8`` and ``CDL`` and returns float32 images and int64 masks (it has no such option).
Samples are bilinear (imagery) and nearest (mask) for both, as each library defaults to.

``deferred`` is geoplug with ``defer_resampling=True``: workers only read the source pixels each
patch needs (uint16/uint8) and a compact description of the warp, and one ``Resample`` runs
after collation in the main process (``--device cuda`` moves each batch to the GPU first and
resamples there); ``deferred-w`` times the same loader without ``Resample`` (the worker side).

Run ``nox -s bench`` or ``python benchmarks/sampling.py [--quick] [--help]``. TorchGeo is
optional: without it the TorchGeo columns are left empty.
"""

from __future__ import annotations

import argparse
import contextlib
import gc
import io
import itertools
import json
import math
import os
import platform
import shutil
import statistics
import subprocess
import sys
import time
import warnings
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path
from typing import Any

import numpy as np
import rasterio
import torch
from rasterio.windows import Window
from torch.utils.data import DataLoader, Dataset, Sampler

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _workload import ROOT, Workload, ensure, ensure_tiles

PATCH = 224
BANDS = ("SR_B1", "SR_B2", "SR_B3", "SR_B4", "SR_B5", "SR_B6", "SR_B7")
SAMPLERS = ("random", "batch", "grid")
SETUPS = ("aligned", "warped")
SEED = 0


# --------------------------------------------------------------------------- geoplug datasets


def geoplug_classes() -> tuple[type, type]:
    """The registered ``landsat8`` and ``cdl`` datasets (what a user gets from the registry).

    Without geoplug-datasets, equivalent ``RasterDataset`` subclasses declared here.
    """
    try:
        import geoplug.datasets as registry

        return registry.get("landsat8"), registry.get("cdl")
    except (ImportError, KeyError):
        pass
    return local_classes()


def local_classes() -> tuple[type, type]:
    """Plain ``RasterDataset`` subclasses for the workload's Landsat 8 and CDL files."""
    from geoplug.core import RasterDataset

    class Landsat8(RasterDataset):  # type: ignore[misc]
        filename_glob = "LC08_*_SR_B*.TIF"
        filename_regex = (r"^LC08_L2SP_(?P<wrs>\d{6})_(?P<date>\d{8})_\d{8}_02_T1_"
                          r"(?P<band>SR_B\d)\.TIF$")
        date_format = "%Y%m%d"
        separate_files = True
        all_bands = BANDS
        rgb_bands = ("SR_B4", "SR_B3", "SR_B2")

    class CDL(RasterDataset):  # type: ignore[misc]
        filename_glob = "*_30m_cdls.tif"
        filename_regex = r"^(?P<date>\d{4})_30m_cdls\.tif$"
        date_format = "%Y"
        is_image = False

    return Landsat8, CDL


def _setup_paths(work: Workload, setup: str) -> tuple[list[str], str]:
    if setup == "aligned":
        return [str(work.z15)], str(work.cdl_aligned.parent)
    return [str(work.z15), str(work.z16)], str(work.cdl.parent)


def geoplug_dataset(work: Workload, setup: str, defer: bool = False) -> Any:
    """``landsat & cdl`` on the zone-15 grid (30 m), source dtypes kept."""
    landsat_cls, cdl_cls = geoplug_classes()
    kw: dict[str, Any] = {"keep_dtype": True, "defer_resampling": defer}
    imagery, mask = _setup_paths(work, setup)
    landsat = landsat_cls(imagery, crs="EPSG:32615", res=30.0, bands=BANDS, **kw)
    cdl = cdl_cls(mask, **kw)
    return landsat & cdl


def post_step(device: str, resample: bool) -> Callable[[dict[str, Any]], dict[str, Any]] | None:
    """What the training loop does with each batch, timed: move it to ``device`` (not on the
    CPU) and, for the deferred loader, run the batched ``Resample`` there."""
    from geoplug.core import Resample

    module = Resample() if resample else None
    if device == "cpu":
        return module

    def run(batch: dict[str, Any]) -> dict[str, Any]:
        moved = {k: v.to(device, non_blocking=True) if isinstance(v, torch.Tensor) else v
                 for k, v in batch.items()}
        out = module(moved) if module is not None else moved
        torch.cuda.synchronize()
        return out

    return run


def torchgeo_dataset(work: Workload, setup: str) -> Any:
    """TorchGeo's own ``Landsat8 & CDL`` on the same files and grid."""
    from rasterio.crs import CRS
    from torchgeo.datasets import CDL, Landsat8

    imagery, mask = _setup_paths(work, setup)
    with contextlib.redirect_stdout(io.StringIO()):  # it prints each CRS conversion
        landsat = Landsat8(imagery, crs=CRS.from_epsg(32615), res=30.0, bands=list(BANDS))
        cdl = CDL(mask, years=[2023])
        return landsat & cdl


# --------------------------------------------------------------------------- the raw limit


class RawAligned(Dataset[dict[str, torch.Tensor]]):
    """The limit: windowed reads of the aligned files at a box, handles cached per process.

    The scene is the one acquired on the box's date (samplers draw a box from one scene, in
    space and time) whose extent contains the box centre; the mask is read from the aligned
    CDL at the same window. No warping, no compositing, no index: one ``read`` per file.
    """

    def __init__(self, work: Workload) -> None:
        self.scenes = [(path, bounds, _acquired(path)) for path, bounds in work.zone15_scenes]
        self.mask = str(work.cdl_aligned)
        self._handles: dict[str, Any] = {}
        self._pid = -1

    def _open(self, path: str) -> Any:
        if self._pid != os.getpid():
            self._handles, self._pid = {}, os.getpid()
        handle = self._handles.get(path)
        if handle is None:
            handle = self._handles[path] = rasterio.open(path)
        return handle

    def _read(self, path: str, box: Any, out: np.ndarray) -> None:
        src = self._open(path)
        t = src.transform
        col = round((box.minx - t.c) / t.a)
        row = round((box.maxy - t.f) / t.e)
        c0, r0 = max(col, 0), max(row, 0)
        c1, r1 = min(col + PATCH, src.width), min(row + PATCH, src.height)
        if c1 > c0 and r1 > r0:
            src.read(1, window=Window(c0, r0, c1 - c0, r1 - r0),
                     out=out[r0 - row:r1 - row, c0 - col:c1 - col])

    def __getitem__(self, box: Any) -> dict[str, torch.Tensor]:  # type: ignore[override]
        cx, cy = (box.minx + box.maxx) / 2, (box.miny + box.maxy) / 2
        day = time.strftime("%Y%m%d", time.gmtime(box.mint))
        first = next((p for p, (x0, y0, x1, y1), d in self.scenes
                      if d == day and x0 <= cx <= x1 and y0 <= cy <= y1), self.scenes[0][0])
        image = np.zeros((len(BANDS), PATCH, PATCH), dtype=np.uint16)
        for k, band in enumerate(BANDS):
            self._read(first.replace("SR_B1.TIF", f"{band}.TIF"), box, image[k])
        mask = np.zeros((PATCH, PATCH), dtype=np.uint8)
        self._read(self.mask, box, mask)
        return {"image": torch.from_numpy(image), "mask": torch.from_numpy(mask)}

    def __len__(self) -> int:
        return 0  # indexed by box only


def _acquired(path: str) -> str:
    """Acquisition date ``YYYYMMDD`` of a Landsat C2 file (the 4th field of its name)."""
    return Path(path).name.split("_")[3]


def _stack(samples: Sequence[dict[str, torch.Tensor]]) -> dict[str, torch.Tensor]:
    """PyTorch's tensor collate (in a worker it stacks into shared memory), as geoplug uses."""
    from torch.utils.data._utils.collate import default_collate_fn_map
    stack = default_collate_fn_map[torch.Tensor]
    return {k: stack([s[k] for s in samples]) for k in samples[0]}


# --------------------------------------------------------------------------- sampler plumbing


class Cycle(Sampler[Any]):
    """Repeat a (finite) sampler until ``length`` items: the grid has fewer tiles than needed."""

    def __init__(self, sampler: Iterable[Any], length: int) -> None:
        self.sampler, self.length = sampler, length

    def __iter__(self) -> Iterator[Any]:
        return itertools.islice(itertools.chain.from_iterable(
            itertools.repeat(self.sampler)), self.length)

    def __len__(self) -> int:
        return self.length


class Fixed(Sampler[Any]):
    """Replay a list of queries (the raw limit reads the locations geoplug samples)."""

    def __init__(self, items: Sequence[Any]) -> None:
        self.items = list(items)

    def __iter__(self) -> Iterator[Any]:
        return iter(self.items)

    def __len__(self) -> int:
        return len(self.items)


def geoplug_loader(ds: Any, sampler: str, batch: int, workers: int, n: int,
                   pin: bool = False) -> DataLoader:
    from geoplug.core import GridGeoSampler, RandomBatchGeoSampler, RandomGeoSampler, stack_samples
    common: dict[str, Any] = {"num_workers": workers, "collate_fn": stack_samples,
                              "pin_memory": pin}
    if workers:
        common["prefetch_factor"] = 2
    if sampler == "batch":
        bs = RandomBatchGeoSampler(ds, PATCH, batch, length=n, seed=SEED)
        return DataLoader(ds, batch_sampler=bs, **common)
    if sampler == "random":
        s: Sampler[Any] = RandomGeoSampler(ds, PATCH, length=n, seed=SEED)
    else:
        s = Cycle(GridGeoSampler(ds, PATCH, PATCH), n)
    return DataLoader(ds, batch_size=batch, sampler=s, **common)


def torchgeo_loader(ds: Any, sampler: str, batch: int, workers: int, n: int,
                    pin: bool = False) -> DataLoader:
    from torchgeo.datasets import stack_samples
    from torchgeo.samplers import GridGeoSampler, RandomBatchGeoSampler, RandomGeoSampler
    gen = torch.Generator().manual_seed(SEED)
    common: dict[str, Any] = {"num_workers": workers, "collate_fn": stack_samples,
                              "pin_memory": pin}
    if sampler == "batch":
        bs = RandomBatchGeoSampler(ds, PATCH, batch, length=n, generator=gen)
        return DataLoader(ds, batch_sampler=bs, **common)
    if sampler == "random":
        s: Sampler[Any] = RandomGeoSampler(ds, PATCH, length=n, generator=gen)
    else:
        s = Cycle(GridGeoSampler(ds, PATCH, PATCH), n)
    return DataLoader(ds, batch_size=batch, sampler=s, **common)


def raw_loader(ds: RawAligned, boxes: list[Any], batch: int, workers: int,
               pin: bool = False) -> DataLoader:
    return DataLoader(ds, batch_size=batch, sampler=Fixed(boxes), num_workers=workers,  # type: ignore[arg-type]
                      collate_fn=_stack, pin_memory=pin)


def sampled_boxes(ds: Any, sampler: str, batch: int, n: int) -> list[Any]:
    """The boxes geoplug's sampler yields (flattened), replayed by the raw read."""
    loader = geoplug_loader(ds, sampler, batch, 0, n)
    source = loader.batch_sampler
    assert source is not None
    return [box for chunk in source for box in chunk]


def same_as_raw(ds: Any, raw: RawAligned, boxes: Sequence[Any]) -> bool:
    """Whether geoplug's aligned samples equal the raw read, pixel for pixel (both keys)."""
    for box in boxes:
        mine, limit = ds[box], raw[box]
        if not all(torch.equal(mine[k], limit[k]) for k in ("image", "mask")):
            return False
    return True


# --------------------------------------------------------------------------- timing


@dataclass
class Result:
    lib: str
    setup: str
    sampler: str
    batch: int
    workers: int
    rates: list[float] = field(default_factory=list)

    @property
    def rate(self) -> float:
        return statistics.median(self.rates) if self.rates else math.nan


def time_loader(make: Callable[[], DataLoader], workers: int, batches: int,
                repeats: int, post: Callable[[Any], Any] | None = None) -> list[float]:
    """Samples/s of ``batches`` batches after warm-up, one value per repeat.

    Warm-up: one batch per worker (worker start, first handle opens, page cache). Each repeat
    builds a fresh loader so worker start-up is never inside the timed part. ``post`` runs on
    each batch inside the timed part (the deferred loader's ``Resample``).
    """
    warm = max(1, workers)
    rates = []
    for _ in range(repeats):
        it = iter(make())
        for _ in range(warm):
            b = next(it)
            if post is not None:
                post(b)
        start = time.perf_counter()
        got = 0
        for _ in range(batches):
            b = next(it)
            if post is not None:
                b = post(b)
            got += int(b["image" if "image" in b else "image_src"].shape[0])
        rates.append(got / (time.perf_counter() - start))
        del it, b
        gc.collect()
    return rates


def timed_count(batch: int, samples: int, workers: int) -> tuple[int, int]:
    """(timed batches, total samples the sampler must yield) for a configuration."""
    batches = max(2, math.ceil(samples / batch))
    return batches, (batches + max(1, workers) + 2 * max(workers, 1)) * batch


# --------------------------------------------------------------------------- index & listing


def _clock(fn: Callable[[], Any]) -> float:
    start = time.perf_counter()
    fn()
    return time.perf_counter() - start


def _fresh_index_cache() -> None:
    """Point geoplug's index cache at an empty bench folder, so a first build is a first build."""
    cache = ROOT / "bench-data" / "index-cache"
    shutil.rmtree(cache, ignore_errors=True)
    os.environ["GEOPLUG_CACHE_DIR"] = str(cache)


def index_times(work: Workload, torchgeo: bool) -> dict[str, tuple[float, float]]:
    """(first build, re-open) seconds of ``landsat & cdl`` (warped setup) per library."""
    out = {}
    _fresh_index_cache()
    geoplug_classes()  # imports are not index building
    first = _clock(lambda: geoplug_dataset(work, "warped"))
    again = statistics.median(_clock(lambda: geoplug_dataset(work, "warped")) for _ in range(3))
    out["geoplug"] = (first, again)
    if torchgeo:
        __import__("torchgeo.datasets")  # imports are not index building

        first = _clock(lambda: torchgeo_dataset(work, "warped"))
        again = statistics.median(_clock(lambda: torchgeo_dataset(work, "warped"))
                                  for _ in range(3))
        out["torchgeo"] = (first, again)
    return out


def many_files_times(root: Path, n: int, torchgeo: bool) -> dict[str, tuple[float, float]]:
    """(first build, re-open) seconds of a dataset of ``n`` one-file tiles per library (TorchGeo
    has no index cache: its re-open is a second construction)."""
    from geoplug.core import RasterDataset

    folder = ensure_tiles(root, n)

    class Tiles(RasterDataset):
        filename_glob = "tile_*.tif"

    _fresh_index_cache()
    out = {"geoplug": (_clock(lambda: Tiles(str(folder))),
                       statistics.median(_clock(lambda: Tiles(str(folder))) for _ in range(3)))}
    if torchgeo:
        from torchgeo.datasets import RasterDataset as TorchGeoRaster

        class TorchGeoTiles(TorchGeoRaster):
            filename_glob = "tile_*.tif"

        out["torchgeo"] = (_clock(lambda: TorchGeoTiles(paths=str(folder))),
                           _clock(lambda: TorchGeoTiles(paths=str(folder))))
    return out


_LIST = {
    "geoplug": "import geoplug.datasets as d; d.names()",
    "torchgeo": "import torchgeo.datasets",
}


def listing_time(lib: str, repeats: int = 3) -> float:
    """Median wall time of a fresh interpreter importing/listing ``lib``'s datasets, minus
    a bare interpreter's start-up."""
    def run(code: str) -> float:
        snippet = ("import time; t = time.perf_counter(); " + code
                   + "; print(time.perf_counter() - t)")
        done = subprocess.run([sys.executable, "-c", snippet], capture_output=True, text=True,
                              check=True, env={**os.environ, "PYTHONWARNINGS": "ignore"})
        return float(done.stdout.strip().splitlines()[-1])
    run(_LIST[lib])  # compile caches
    return statistics.median(run(_LIST[lib]) for _ in range(repeats))


# --------------------------------------------------------------------------- report


def _fmt(v: float, spec: str = ".0f") -> str:
    return "-" if v is None or math.isnan(v) else format(v, spec)


def report(results: list[Result], index: dict[str, tuple[float, float]],
           many: dict[str, tuple[float, float]],
           listing: dict[str, float], args: argparse.Namespace) -> str:
    by = {(r.lib, r.setup, r.sampler, r.batch, r.workers): r for r in results}

    def best(lib: str, setup: str, sampler: str, batch: int) -> float:
        rates = [by[k].rate for k in by if k[:4] == (lib, setup, sampler, batch)]
        return max(rates) if rates else math.nan

    lines = [
        "# geoplug sampling benchmark",
        "",
        f"{platform.node()} · {os.cpu_count()} CPUs · torch {torch.__version__} · "
        f"{time.strftime('%Y-%m-%d %H:%M')} · patch {PATCH}x{PATCH}, 7 x uint16 + uint8 mask · "
        f"{args.samples} timed samples per config (TorchGeo {args.tg_samples}; whole batches), "
        f"median of {args.repeats} interleaved repeats",
        "",
        "samples/s; `raw` = the raw limit (aligned data, same sampler and batch size, best "
        "num_workers); `x raw` = geoplug / raw limit; `x tg` = geoplug / TorchGeo at the same "
        "configuration.",
        "",
        "Before timing, geoplug's aligned samples are checked equal to the raw read, pixel for "
        "pixel (32 per sampler). The raw read does one rasterio `read` per band file, as "
        "specified; geoplug reads a scene's band files with one call through a GDAL VRT that "
        "stacks them, and opens uncompressed GeoTIFFs with GDAL's memory-mapped reads (a "
        "DataLoader worker's first reads skip its empty block cache), which is why it can exceed "
        "the raw limit.",
        "",
        "`deferred` = geoplug with `defer_resampling=True` + one `Resample` per batch "
        f"after collation ({args.device}); `d x tg` = deferred / TorchGeo; `deferred-w` (in "
        "the targets) = the same loader without `Resample`: the workers' side alone."
        + ("" if args.device == "cpu" else
           f" Every library's batches are loaded into pinned memory and moved to {args.device} "
           "inside the timed part, as a training loop must."),
        "",
        "| setup | sampler | batch | workers | raw | geoplug | deferred | torchgeo | x raw | "
        "x tg | d x tg |",
        "| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |",
    ]
    keys = sorted({k[1:] for k in by if k[0] in ("geoplug", "deferred")},
                  key=lambda k: (SETUPS.index(k[0]), SAMPLERS.index(k[1]), k[2], k[3]))
    for setup, sampler, batch, workers in keys:
        g_r = by.get(("geoplug", setup, sampler, batch, workers))
        g = g_r.rate if g_r else math.nan
        d_r = by.get(("deferred", setup, sampler, batch, workers))
        d = d_r.rate if d_r else math.nan
        tg_r = by.get(("torchgeo", setup, sampler, batch, workers))
        tg = tg_r.rate if tg_r else math.nan
        raw_r = by.get(("raw", "aligned", sampler, batch, workers))
        raw = raw_r.rate if raw_r else math.nan
        limit = best("raw", "aligned", sampler, batch)
        lines.append(f"| {setup} | {sampler} | {batch} | {workers} | {_fmt(raw)} | {_fmt(g)} | "
                     f"{_fmt(d)} | {_fmt(tg)} | {_fmt(g / limit, '.2f')} | {_fmt(g / tg, '.1f')} "
                     f"| {_fmt(d / tg, '.1f')} |")

    # the targets of issue 4 (batch 16)
    lines += ["", "Targets (batch 16, best num_workers of each):", ""]
    for sampler in ("random", "grid"):
        g = best("geoplug", "aligned", sampler, 16)
        limit = best("raw", "aligned", sampler, 16)
        if math.isnan(g) or math.isnan(limit):
            lines.append(f"- aligned {sampler}: not measured in this run")
            continue
        ok = g >= 0.8 * limit
        lines.append(f"- aligned {sampler}: geoplug {_fmt(g)}/s = {_fmt(g / limit, '.2f')} x raw "
                     f"limit {_fmt(limit)}/s (target >= 0.80): {'met' if ok else 'MISSED'}")
    g = best("geoplug", "warped", "random", 16)
    tg = max((best("torchgeo", "warped", s, 16) for s in SAMPLERS), default=math.nan)
    if math.isnan(tg):
        lines.append(f"- warped random: geoplug {_fmt(g)}/s; TorchGeo not measured")
    else:
        verdict = "met" if g >= 3 * tg else "MISSED"
        lines.append(f"- warped random: geoplug {_fmt(g)}/s = {_fmt(g / tg, '.1f')} x TorchGeo's "
                     f"best warped {_fmt(tg)}/s (target >= 3): {verdict}")
    d = best("deferred", "warped", "random", 16)
    if not math.isnan(d):
        lines.append(f"- warped random, deferred ({args.device}): {_fmt(d)}/s = "
                     f"{_fmt(d / g, '.2f')} x geoplug eager, {_fmt(d / tg, '.1f')} x TorchGeo")

    w = best("deferred-w", "warped", "random", 16)
    limit = best("raw", "aligned", "random", 16)
    if not math.isnan(d):
        lines.append(f"- warped random, deferred vs eager (target >= 0.80): "
                     f"{_fmt(d / g, '.2f')}: {'met' if d >= 0.8 * g else 'MISSED'}")
    if not math.isnan(w):
        aligned = best("geoplug", "aligned", "random", 16)
        lines.append(f"- warped random, deferred worker side alone (no Resample): {_fmt(w)}/s "
                     f"= {_fmt(w / limit, '.2f')} x pre-aligned raw {_fmt(limit)}/s (target "
                     f">= 0.80): {'met' if w >= 0.8 * limit else 'MISSED'}; "
                     f"{_fmt(w / aligned, '.2f')} x geoplug's pre-aligned {_fmt(aligned)}/s, "
                     f"{_fmt(w / g, '.2f')} x geoplug eager warped")
    lines += ["", "| index of `landsat & cdl` (warped, 4 scenes x 7 files + mask) | first build | "
              "re-open |", "| --- | ---: | ---: |"]
    for lib, (first, again) in index.items():
        lines.append(f"| {lib} | {first * 1000:.0f} ms | {again * 1000:.0f} ms |")
    if many:
        lines += ["", f"| index of {args.files:,} one-band tiles in one folder | first build | "
                  "re-open |", "| --- | ---: | ---: |"]
        for lib, (first, again) in many.items():
            lines.append(f"| {lib} | {first:.2f} s | {again:.2f} s |")
    lines += ["", "| listing (fresh process) | seconds |", "| --- | ---: |"]
    for lib, secs in listing.items():
        lines.append(f"| `{_LIST[lib]}` | {secs:.2f} |")
    return "\n".join(lines) + "\n"


# --------------------------------------------------------------------------- main


def _have_torchgeo() -> bool:
    warnings.filterwarnings("ignore", message=".*character detection dependency")
    try:
        import torchgeo  # noqa: F401
    except ImportError:
        return False
    return True


def parse_args(argv: Sequence[str] | None = None) -> argparse.Namespace:
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0],
                                formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--size", type=int, default=2000, help="scene size in pixels (2000)")
    p.add_argument("--batch-sizes", type=int, nargs="+", default=[1, 16, 64])
    p.add_argument("--workers", type=int, nargs="+", default=[0, 2])
    p.add_argument("--samplers", nargs="+", choices=SAMPLERS, default=list(SAMPLERS))
    p.add_argument("--setups", nargs="+", choices=SETUPS, default=list(SETUPS))
    p.add_argument("--libs", nargs="+", choices=("raw", "geoplug", "deferred", "torchgeo"),
                   default=["raw", "geoplug", "deferred", "torchgeo"])
    p.add_argument("--device", default="cpu",
                   help="where the deferred loader's Resample runs (cpu, cuda)")
    p.add_argument("--samples", type=int, default=256,
                   help="timed samples per configuration, rounded up to whole batches (256)")
    p.add_argument("--tg-samples", type=int, default=96,
                   help="timed samples per TorchGeo configuration (96: it is slow)")
    p.add_argument("--repeats", type=int, default=3, help="repeats; the median is reported")
    p.add_argument("--tg-batch-sizes", type=int, nargs="+", default=[16],
                   help="batch sizes for TorchGeo (16: it is slow; the targets use 16)")
    p.add_argument("--quick", action="store_true",
                   help="batch 16 only, 1 repeat, 64 samples: a smoke run")
    p.add_argument("--no-listing", action="store_true", help="skip the listing-cost timing")
    p.add_argument("--files", type=int, default=10_000,
                   help="tiles of the many-files index timing (10000; 0 skips it)")
    p.add_argument("--out", type=Path, default=ROOT / "bench-data" / "results.md")
    args = p.parse_args(argv)
    if args.quick:
        args.batch_sizes, args.repeats, args.samples = [16], 1, 64
    return args


def main(argv: Sequence[str] | None = None) -> int:
    args = parse_args(argv)
    # the main process keeps torch's default thread count, as a user's training script does:
    # the deferred loader's Resample runs there beside the workers
    work = ensure(ROOT / "bench-data", args.size)
    libs = list(args.libs)
    if "torchgeo" in libs and not _have_torchgeo():
        print("torchgeo is not installed: its columns stay empty "
              "(pip install torchgeo==0.8.1)", flush=True)
        libs.remove("torchgeo")

    index = index_times(work, "torchgeo" in libs)
    many = {}
    if args.files:
        many = many_files_times(ROOT / "bench-data", args.files, "torchgeo" in libs)
    results: list[Result] = []
    raw_ds = RawAligned(work)
    posts = {lib: post_step(args.device, lib == "deferred") for lib in libs}
    pin = args.device != "cpu"
    for setup in args.setups:
        datasets: dict[str, Any] = {"geoplug": geoplug_dataset(work, setup)}
        if "deferred" in libs:
            datasets["deferred"] = geoplug_dataset(work, setup, defer=True)
        if "torchgeo" in libs:
            datasets["torchgeo"] = torchgeo_dataset(work, setup)
        for sampler in args.samplers:
            for batch in args.batch_sizes:
                for workers in args.workers:
                    batches, n = timed_count(batch, args.samples, workers)
                    tg_batches, tg_n = timed_count(batch, args.tg_samples, workers)
                    runs: list[tuple[str, Callable[[], DataLoader]]] = []
                    if "raw" in libs and (setup == "aligned" or "aligned" not in args.setups):
                        # a warped-only run still times the raw limit (pre-aligned sampling)
                        ref = datasets.get("aligned") or geoplug_dataset(work, "aligned")
                        datasets["aligned"] = ref
                        boxes = sampled_boxes(ref, sampler, batch, n)
                        if not same_as_raw(ref, raw_ds, boxes[:32]):
                            raise SystemExit(f"geoplug's aligned {sampler} samples differ "
                                             "from the raw read: the comparison is void")
                        runs.append(("raw", partial(raw_loader, raw_ds, boxes, batch, workers,
                                                    pin=pin)))
                    if "geoplug" in libs:
                        runs.append(("geoplug", partial(geoplug_loader, datasets["geoplug"],
                                                        sampler, batch, workers, n, pin=pin)))
                    if "deferred" in libs:
                        runs.append(("deferred", partial(geoplug_loader, datasets["deferred"],
                                                         sampler, batch, workers, n, pin=pin)))
                        # the worker side alone: windows + warp descriptions, no Resample
                        runs.append(("deferred-w", partial(geoplug_loader, datasets["deferred"],
                                                           sampler, batch, workers, n, pin=pin)))
                    if "torchgeo" in libs and batch in args.tg_batch_sizes:
                        runs.append(("torchgeo", partial(torchgeo_loader, datasets["torchgeo"],
                                                         sampler, batch, workers, tg_n, pin=pin)))
                    # repeats interleave the libraries, so that a change of load on a
                    # shared machine hits all of them alike
                    done = [Result(lib, "aligned" if lib == "raw" else setup, sampler, batch,
                                   workers) for lib, _ in runs]
                    for _ in range(args.repeats):
                        for r, (lib, make) in zip(done, runs):
                            count = tg_batches if lib == "torchgeo" else batches
                            post = posts.get(lib)
                            r.rates += time_loader(make, workers, count, 1, post)
                    for r in done:
                        results.append(r)
                        print(f"{setup:8s} {sampler:6s} batch {batch:3d} workers {workers} "
                              f"{r.lib:9s} {r.rate:8.1f} samples/s  "
                              f"{[round(x) for x in r.rates]}", flush=True)
    listing = {}
    if not args.no_listing:
        listing = {lib: listing_time(lib) for lib in ("geoplug", "torchgeo")
                   if lib != "torchgeo" or "torchgeo" in libs}
    text = report(results, index, many, listing, args)
    print()
    print(text)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(text)
    (args.out.with_suffix(".json")).write_text(json.dumps(
        [r.__dict__ | {"rate": r.rate} for r in results], indent=1))
    print(f"written to {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
