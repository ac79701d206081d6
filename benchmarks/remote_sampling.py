"""Remote sampling: COGs over HTTP with 20 ms per request, geoplug vs TorchGeo 0.8.1.

Writes (once, under ``bench-data/remote-v3/``, about 1 GB, a few minutes) 20 scenes of
8192 x 8192 pixels, 4-band uint16 Cloud-Optimised GeoTIFFs (DEFLATE, 256-pixel tiles), serves
them with the test kit's :class:`~geoplug.core.testing.http.LocalHTTPServer` (range requests,
``latency`` added to every request), and draws random 224-pixel patches through a
``DataLoader`` with 2 workers, each library with its own ``RandomGeoSampler`` (same patch size,
number of samples, batch size and workers, and its own ``stack_samples``):

* ``geoplug stac``: :class:`~geoplug.core.StacDataset` over generated STAC items (hrefs on the
  server), ``keep_dtype=True``;
* ``geoplug urls``: :class:`~geoplug.core.RasterDataset` given the URLs, ``keep_dtype=True``
  (both geoplug rows with their defaults for URLs: each batch's samples read by
  ``read_threads`` threads per worker);
* ``... read-ahead``: each through :class:`~geoplug.core.ReadAheadDataset` (the sampler
  walked inside the workers, reads in flight across batches);
* ``torchgeo``: TorchGeo 0.8.1's ``RasterDataset`` over the same URLs, as its users run it (its
  defaults: GDAL's default settings, its per-worker handle cache); left out when TorchGeo is
  not installed.

It prints, per dataset, samples/s, the body bytes the server sent per sample, and their ratio
to the bytes of the tiles each patch touches (the least any reader must fetch; computed from
the bounds each sample came back with). GDAL's cache of the URLs is cleared in the main
process before each pass, so no pass inherits another's fetches. The first samples of each
pass are checked against the local files (a fast wrong reader would not count).

The archive holds about 20,000 tiles, so 1,000 random patches (about 3,500 tile reads) rarely
read a tile twice, as when sampling a real archive: an archive of a few hundred tiles (this
benchmark's first version) ends up whole in each reader's cache, and then measures the cache.
Each pass reports its time to the first batch (worker start, file headers) apart from the rate.
An untimed pass runs first: a process's (and the server's) first pass is slower.
Targets (issue 21): geoplug at least 5x TorchGeo's samples/s, and at most 2x the tile bytes.
Run ``python benchmarks/remote_sampling.py [--samples N] [--latency S] [--batch-sizes B ...]``.
"""

from __future__ import annotations

import argparse
import math
import multiprocessing as mp
import os
import time
from multiprocessing.connection import Connection
from pathlib import Path
from typing import Any, NamedTuple

import numpy as np
import rasterio
import torch
from torch.utils.data import DataLoader

from geoplug.core import remote
from geoplug.core.testing.http import LocalHTTPServer

DATA = Path(__file__).resolve().parent.parent / "bench-data" / "remote-v3"
SIZE, TILE, BANDS, SCENES, PATCH, RES = 8192, 256, 4, 20, 224, 10.0
X0, Y0 = 300000.0, 5000000.0  # scene i's upper-left corner is (X0 + i * SIZE * RES, Y0)
CHECKED = 16  # samples per pass compared with the local files


def write_cogs() -> list[Path]:
    """The scenes (written once), side by side: values that vary in space, band and scene."""
    from rasterio.shutil import copy
    from rasterio.windows import Window

    DATA.mkdir(parents=True, exist_ok=True)
    paths = []
    for i in range(SCENES):
        path = DATA / f"scene_{i}.tif"
        paths.append(path)
        if path.exists():
            continue
        tmp = DATA / f"scene_{i}.tmp.tif"
        transform = rasterio.Affine(RES, 0, X0 + i * SIZE * RES, 0, -RES, Y0)
        with rasterio.open(tmp, "w", driver="GTiff", width=SIZE, height=SIZE, count=BANDS,
                           dtype="uint16", crs="EPSG:32631", transform=transform,
                           tiled=True, blockxsize=TILE, blockysize=TILE) as dst:
            for top in range(0, SIZE, 1024):  # in strips: a scene is 512 MiB of pixels
                rows, cols = np.mgrid[top:top + 1024, 0:SIZE]
                for b in range(BANDS):  # smooth + noise: compresses about as imagery does
                    noise = (rows * 7919 + cols * 104729 + b * 31 + i) * 2654435761 % 251
                    dst.write(((rows // 3 + cols // 5 + 997 * b + 31 * i) * 4 % 4096
                               + noise).astype("uint16"), b + 1,
                              window=Window(0, top, SIZE, 1024))
        copy(tmp, path, driver="COG", BLOCKSIZE=TILE, COMPRESS="DEFLATE", OVERVIEWS="NONE")
        tmp.unlink()
    return paths


def corner(bounds: Any) -> tuple[float, float]:
    """(minx, maxy) of a sample's bounds: a geoplug BoundingBox or TorchGeo's (x, y, t)
    slices."""
    if isinstance(bounds, tuple):
        return float(bounds[0].start), float(bounds[1].stop)
    return float(bounds.minx), float(bounds.maxy)


def locate(bounds: Any) -> tuple[int, int, int]:
    """(scene, first column, first row) of a patch (one scene holds it all)."""
    minx, maxy = corner(bounds)
    scene = min(int((minx - X0 + RES / 2) // (SIZE * RES)), SCENES - 1)
    col = round((minx - X0 - scene * SIZE * RES) / RES)
    return scene, col, round((Y0 - maxy) / RES)


def tile_bytes(paths: list[Path], corners: list[Any]) -> float:
    """Mean bytes of the tiles the patches at ``corners`` touch (every band; pixel-interleaved
    COG tiles)."""
    total = 0
    handles = [rasterio.open(p) for p in paths]
    try:
        for bounds in corners:
            i, col0, row0 = locate(bounds)
            for r in range(row0 // TILE, (row0 + PATCH - 1) // TILE + 1):
                for c in range(col0 // TILE, (col0 + PATCH - 1) // TILE + 1):
                    total += handles[i].block_size(1, r, c)
    finally:
        for h in handles:
            h.close()
    return total / len(corners)


def check(paths: list[Path], samples: list[tuple[Any, np.ndarray]], name: str) -> None:
    """Compare samples with the local files' pixels.

    Raises:
        AssertionError: a sample differs.
    """
    for bounds, image in samples:
        i, col, row = locate(bounds)
        with rasterio.open(paths[i]) as src:
            expected = src.read(window=((row, row + PATCH), (col, col + PATCH)))
        if image.shape != expected.shape or not np.array_equal(image.astype(expected.dtype),
                                                                expected):
            raise AssertionError(f"{name}: the sample at {corner(bounds)} differs from the "
                                 "local file")


def serve(root: str, latency: float, conn: Connection) -> None:
    """The HTTP server, in a process of its own: a GDAL call that holds the GIL (TorchGeo's
    ``rasterio.open`` listing a URL's folder does) would deadlock a server thread in the
    caller's process. Answers ``"url"``, ``"reset"`` and ``"bytes"`` on ``conn`` until
    ``"stop"``."""
    with LocalHTTPServer(root, latency=latency) as server:
        while (command := conn.recv()) != "stop":
            if command == "reset":
                server.stats.reset()
            conn.send(server.url if command == "url" else server.stats.bytes_sent)


class Server:
    """The :func:`serve` process, as a context manager: ``url``, ``reset()``, ``sent()``."""

    def __init__(self, root: Path, latency: float) -> None:
        self._conn, child = mp.Pipe()
        self._process = mp.get_context("spawn").Process(
            target=serve, args=(str(root), latency, child), daemon=True)

    def __enter__(self) -> Server:
        self._process.start()
        self.url = self._ask("url")
        return self

    def __exit__(self, *exc: object) -> None:
        self._conn.send("stop")
        self._process.join(10)

    def _ask(self, command: str) -> Any:
        self._conn.send(command)
        return self._conn.recv()

    def reset(self) -> None:
        self._ask("reset")

    def sent(self) -> int:
        """Body bytes sent since the last :meth:`reset`."""
        return int(self._ask("bytes"))


class Row(NamedTuple):
    """One pass: samples/s, seconds to the first batch, body bytes sent and tile bytes per
    sample."""

    name: str
    batch: int
    rate: float
    first: float
    sent: float
    tiles: float


def run(name: str, ds: Any, sampler: Any, server: Server, paths: list[Path], batch: int
        ) -> Row:
    """One pass of ``ds`` through a 2-worker ``DataLoader`` with the library's own
    ``stack_samples``; ``name`` ending in "read-ahead" wraps ``ds`` in geoplug's
    :class:`~geoplug.core.ReadAheadDataset` with ``sampler`` instead."""
    if name.startswith("torchgeo"):
        from torchgeo.datasets import stack_samples
    else:
        from geoplug.core import ReadAheadDataset, stack_samples
    for path in paths:  # no pass starts with another's (or the index's) fetches in GDAL's cache
        remote.clear_cache(f"{server.url}/{path.name}")
    if name.endswith("read-ahead"):
        loader = DataLoader(ReadAheadDataset(ds, sampler), batch_size=batch, num_workers=2,
                            collate_fn=stack_samples)
    else:
        loader = DataLoader(ds, sampler=sampler, batch_size=batch, num_workers=2,
                            collate_fn=stack_samples)
    server.reset()
    start = time.perf_counter()
    first = math.nan
    bounds: list[Any] = []
    checked: list[tuple[Any, np.ndarray]] = []
    for stacked in loader:
        if not bounds:
            first = time.perf_counter() - start
        for box, image in zip(stacked["bounds"], stacked["image"]):
            bounds.append(box)
            if len(checked) < CHECKED:
                checked.append((box, image.numpy()))
    elapsed = time.perf_counter() - start
    sent = server.sent() / len(bounds)
    check(paths, checked, name)
    return Row(name, batch, len(bounds) / elapsed, first, sent, tile_bytes(paths, bounds))


def stac_items(paths: list[Path], url: str) -> list[dict[str, Any]]:
    """STAC items of the scenes, with the projection fields (no header is read)."""
    items = []
    for i, path in enumerate(paths):
        with rasterio.open(path) as src:
            items.append({
                "type": "Feature", "stac_version": "1.1.0", "id": f"scene-{i}",
                "bbox": [0, 0, 1, 1], "geometry": None, "links": [],
                "properties": {"datetime": "2024-01-01T00:00:00Z", "proj:code": "EPSG:32631",
                               "proj:shape": [SIZE, SIZE],
                               "proj:transform": list(src.transform)[:6]},
                "assets": {"data": {"href": f"{url}/{path.name}",
                                    "raster:bands": [{"data_type": "uint16"}] * BANDS}}})
    return items


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--samples", type=int, default=1000)
    parser.add_argument("--latency", type=float, default=0.02)
    parser.add_argument("--batch-sizes", type=int, nargs="+", default=[8, 32])
    args = parser.parse_args()
    paths = write_cogs()
    rows: list[Row] = []
    load = os.getloadavg()
    with Server(DATA, args.latency) as server:
        from geoplug.core.raster import RasterDataset
        from geoplug.core.samplers import RandomGeoSampler
        from geoplug.core.stac import StacDataset

        urls = [f"{server.url}/{p.name}" for p in paths]
        try:
            from torchgeo.datasets import RasterDataset as TorchGeoRaster
            from torchgeo.samplers import RandomGeoSampler as TorchGeoSampler
        except ImportError:
            TorchGeoRaster = None
        # untimed: the first DataLoader pass of a process (and of the server) runs slower,
        # whichever library makes it
        for warm in (RasterDataset(urls, keep_dtype=True, cache=False),
                     StacDataset(stac_items(paths, server.url), assets=["data"],
                                 keep_dtype=True)):
            run("warm-up", warm, RandomGeoSampler(warm, PATCH, 64, seed=1), server, paths, 8)
        for batch in args.batch_sizes:
            for name in ("geoplug stac", "geoplug stac read-ahead", "geoplug urls",
                         "geoplug urls read-ahead"):
                ds = (StacDataset(stac_items(paths, server.url), assets=["data"],
                                  keep_dtype=True) if " stac" in name
                      else RasterDataset(urls, keep_dtype=True, cache=False))
                rows.append(run(name, ds, RandomGeoSampler(ds, PATCH, args.samples, seed=0),
                                server, paths, batch))
            if TorchGeoRaster is not None:
                tg = TorchGeoRaster(paths=urls)
                sampler = TorchGeoSampler(tg, PATCH, args.samples,
                                          generator=torch.Generator().manual_seed(0))
                rows.append(run("torchgeo", tg, sampler, server, paths, batch))
    print(f"{args.samples} random patches of {PATCH} px, {BANDS} bands uint16, from {SCENES} "
          f"COGs of {SIZE} px ({SCENES * (SIZE // TILE) ** 2} tiles); latency "
          f"{args.latency * 1000:.0f} ms per request, 2 workers; {os.cpu_count()} CPUs, 1-min "
          f"load average {load[0]:.2f} before, {os.getloadavg()[0]:.2f} after")
    print(f"{'dataset':24} {'batch':>5} {'samples/s':>10} {'first s':>8} {'MB/sample':>10} "
          f"{'tiles MB':>9} {'x tiles':>8} {'x torchgeo':>11}")
    tg_rate = {r.batch: r.rate for r in rows if r.name == "torchgeo"}
    for r in rows:
        ratio = f"{r.rate / tg_rate[r.batch]:.1f}x" if r.batch in tg_rate else "-"
        print(f"{r.name:24} {r.batch:>5} {r.rate:>10.1f} {r.first:>8.2f} {r.sent / 1e6:>10.3f} "
              f"{r.tiles / 1e6:>9.3f} {r.sent / r.tiles:>8.2f} {ratio:>11}")
    if not tg_rate:
        print("torchgeo: not installed (pip install torchgeo==0.8.1 requests), rows left out")


if __name__ == "__main__":
    main()
