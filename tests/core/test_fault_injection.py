"""Fault injection on the training data path: files truncated and deleted during an epoch.

A real DataLoader (one worker process) reads a folder of uncompressed tiled GeoTIFFs, alone
and composed with a label layer (``image & mask``), while the test truncates one file the
worker has already been reading and deletes one it has not opened yet. The epoch must end with
an error naming the broken file, raised in the main process (not a worker killed by SIGBUS,
what memory-mapped reads of a truncated file did), or, with ``on_error="skip"``, go on with a
warning naming each file and a count of the skipped samples. Every sample delivered is checked
pixel by pixel against the values the files were written with: none is zero-filled.
"""

from __future__ import annotations

import os
import pickle
import sys
import warnings
from pathlib import Path
from typing import Any

import numpy as np
import pytest
import rasterio
import torch
from rasterio.transform import from_origin
from torch.utils.data import DataLoader
from torch.utils.data._utils.collate import default_collate

from geoplug.core import handles
from geoplug.core.bbox import BoundingBox
from geoplug.core.collate import stack_samples
from geoplug.core.errors import (
    GeoplugError,
    InvalidDataError,
    SampleSkippedError,
    SkippedSampleWarning,
    UnreadableFileError,
)
from geoplug.core.geodataset import GeoDataset, IntersectionDataset
from geoplug.core.raster import RasterDataset
from geoplug.core.samplers import GridGeoSampler

RES = 10.0
SIZE = 128  # pixels per scene side
GAP = 20  # pixels between scenes (no query touches two scenes)
PATCH = 32
X0, Y0 = 500_000.0, 4_400_000.0
N_SCENES = 4


class Scenes(RasterDataset):
    filename_glob = "scene_*.tif"
    filename_regex = r"scene_(?P<date>\d{8})\.tif"


class Labels(RasterDataset):
    filename_glob = "labels.tif"
    is_image = False


def value(scene: int, band: int, row: np.ndarray, col: np.ndarray) -> np.ndarray:
    """The pixel value written at (row, col) of band ``band`` (0-based) of scene ``scene``."""
    return (scene + 1) * 1_000_000 + band * 100_000 + row * 256 + col


def label(x: np.ndarray, y: np.ndarray) -> np.ndarray:
    """The class at map position (x, y): 16 x 16 pixel checkers of classes 1..5."""
    return ((x - X0) // (16 * RES) + (Y0 - y) // (16 * RES)) % 5 + 1


def _left(scene: int) -> float:
    return X0 + scene * (SIZE + GAP) * RES


def write_folder(root: Path) -> list[Path]:
    """``N_SCENES`` 3-band int32 scenes side by side, 16 px uncompressed tiles, one label file."""
    root.mkdir(parents=True, exist_ok=True)
    rows, cols = np.mgrid[0:SIZE, 0:SIZE]
    paths = []
    for s in range(N_SCENES):
        path = root / f"scene_2020010{s + 1}.tif"
        data = np.stack([value(s, b, rows, cols) for b in range(3)]).astype(np.int32)
        with rasterio.open(path, "w", driver="GTiff", width=SIZE, height=SIZE, count=3,
                           dtype="int32", crs="EPSG:32618", tiled=True, blockxsize=16,
                           blockysize=16, transform=from_origin(_left(s), Y0, RES, RES)) as dst:
            dst.write(data)
        paths.append(path)
    width = N_SCENES * (SIZE + GAP)
    ys, xs = np.mgrid[0:SIZE, 0:width]
    mask = label(X0 + (xs + 0.5) * RES, Y0 - (ys + 0.5) * RES).astype(np.uint8)
    with rasterio.open(root / "labels.tif", "w", driver="GTiff", width=width, height=SIZE,
                       count=1, dtype="uint8", crs="EPSG:32618", tiled=True, blockxsize=16,
                       blockysize=16, transform=from_origin(X0, Y0, RES, RES)) as dst:
        dst.write(mask[None])
    return paths


def scene_of(query: BoundingBox) -> int:
    return int((query.minx - X0) // ((SIZE + GAP) * RES))


def expected_image(query: BoundingBox) -> np.ndarray:
    s = scene_of(query)
    col0 = round((query.minx - _left(s)) / RES)
    row0 = round((Y0 - query.maxy) / RES)
    rows, cols = np.mgrid[row0:row0 + PATCH, col0:col0 + PATCH]
    return np.stack([value(s, b, rows, cols) for b in range(3)]).astype(np.float32)


def expected_mask(query: BoundingBox) -> np.ndarray:
    xs = query.minx + (np.arange(PATCH) + 0.5) * RES
    ys = query.maxy - (np.arange(PATCH) + 0.5) * RES
    return label(xs[None, :], ys[:, None]).astype(np.int64)


def check_batch(batch: dict[str, Any], with_mask: bool) -> None:
    """Assert each sample of ``batch`` equals the pixels written at its bounds."""
    assert len(batch["bounds"]) == len(batch["image"]) > 0
    for i, query in enumerate(batch["bounds"]):
        np.testing.assert_array_equal(batch["image"][i].numpy(), expected_image(query))
        if with_mask:
            np.testing.assert_array_equal(batch["mask"][i].numpy(), expected_mask(query))


def truncate(path: Path) -> None:
    """Cut ``path`` just after the start of its first tile: every tile read fails."""
    with rasterio.open(path) as src:
        offsets = [int(src.get_tag_item(f"BLOCK_OFFSET_{i}_{j}", "TIFF", bidx=1))
                   for i in range(SIZE // 16) for j in range(SIZE // 16)]
    os.truncate(path, min(offsets) + 8)


@pytest.fixture(autouse=True)
def _fresh(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("GEOPLUG_CACHE_DIR", str(tmp_path / "cache"))
    monkeypatch.delenv("GTIFF_VIRTUAL_MEM_IO", raising=False)
    handles.clear()


def build(root: Path, composed: bool, on_error: str = "raise") -> tuple[GeoDataset, Scenes]:
    images = Scenes(root, on_error=on_error)
    if not composed:
        return images, images
    return IntersectionDataset(images, Labels(root)), images


def _print_warnings(worker_id: int) -> None:
    """Print warnings in the worker as a plain Python process does (pytest records them in
    the test process's list, of which a worker holds a copy that is lost)."""
    def show(message: Warning | str, category: type[Warning], filename: str, lineno: int,
             file: Any = None, line: str | None = None) -> None:
        sys.stderr.write(warnings.formatwarning(message, category, filename, lineno, line))

    warnings.showwarning = show


def run_epoch(ds: GeoDataset, paths: list[Path], collate: Any = stack_samples
              ) -> tuple[list[BoundingBox], list[BoundingBox]]:
    """One epoch with one worker; after the first batch, truncate the first scene read (the
    worker holds it open) and delete the last one (not opened yet). Returns the bounds of
    the samples delivered (each checked pixel by pixel) and the queries of the epoch."""
    sampler = GridGeoSampler(ds, size=PATCH)
    queries = list(sampler)
    first, last = scene_of(queries[0]), scene_of(queries[-1])
    assert first != last
    loader = DataLoader(ds, sampler=sampler, batch_size=2, num_workers=1, collate_fn=collate,
                        worker_init_fn=_print_warnings)
    delivered: list[BoundingBox] = []
    for n, batch in enumerate(loader):
        check_batch(batch, "mask" in batch)
        delivered.extend(batch["bounds"])
        if n == 0:
            truncate(paths[first])
            paths[last].unlink()
    return delivered, queries


@pytest.mark.parametrize("composed", [False, True], ids=["raster", "image&labels"])
def test_epoch_stops_with_an_error_naming_the_file(tmp_path: Path, composed: bool) -> None:
    paths = write_folder(tmp_path)
    ds, images = build(tmp_path, composed)
    first = scene_of(next(iter(GridGeoSampler(ds, size=PATCH))))
    with pytest.raises(UnreadableFileError) as info:
        run_epoch(ds, paths)
    error = info.value  # re-raised in this (the main) process with its type and message
    assert isinstance(error, InvalidDataError) and isinstance(error, GeoplugError)
    assert isinstance(error, ValueError)
    message = str(error)
    # the first broken file in sampler order: the truncated scene, which the worker had open
    assert "cannot read window" in message and str(paths[first]) in message
    assert "truncated or corrupt; re-download or re-create it" in message
    assert "on_error='skip'" in message
    assert "DataLoader worker process 0" in message  # torch's note that a worker raised it
    assert images.skipped_samples == 0


@pytest.mark.filterwarnings("always::geoplug.core.errors.SkippedSampleWarning")
@pytest.mark.parametrize("composed", [False, True], ids=["raster", "image&labels"])
def test_skip_warns_counts_and_drops(tmp_path: Path, composed: bool,
                                     capfd: pytest.CaptureFixture[str]) -> None:
    paths = write_folder(tmp_path)
    ds, images = build(tmp_path, composed, on_error="skip")
    assert images.skipped_samples == 0
    delivered, queries = run_epoch(ds, paths)
    per_scene = (SIZE // PATCH) ** 2
    first, last = scene_of(queries[0]), scene_of(queries[-1])
    # every sample is either delivered intact (checked pixel by pixel) or counted as skipped
    assert images.skipped_samples == len(queries) - len(set(delivered))
    assert set(delivered) <= set(queries)
    # a batch whose samples were all skipped holds the last good sample instead (a batch
    # of one): the only repeats
    assert len(delivered) - len(set(delivered)) >= (per_scene // 2) - 1
    assert scene_of(delivered[-1]) != last
    # the deleted scene was never opened: all its samples are skipped; the truncated one
    # loses the samples read after the cut (at most two batches were read before it)
    assert per_scene + per_scene - 3 * 2 <= images.skipped_samples <= 2 * per_scene
    err = capfd.readouterr().err  # the worker's warnings, once per file
    for path in (paths[first], paths[last]):
        assert err.count(f"SkippedSampleWarning: {str(path)!r} cannot be read") == 1
    assert "dataset.skipped_samples counts them. Re-create or remove the file" in err
    assert f"{str(paths[last])!r} cannot be read (cannot open raster" in err
    assert "No such file or directory" in err


@pytest.mark.filterwarnings("always::geoplug.core.errors.SkippedSampleWarning")
def test_skip_with_torch_default_collate(tmp_path: Path) -> None:
    """PyTorch's own default collate gets only complete samples (crs/bounds as lists)."""
    paths = write_folder(tmp_path)
    ds, images = build(tmp_path, composed=False, on_error="skip")
    delivered, queries = run_epoch(ds, paths, collate=default_collate)
    assert 0 < len(set(delivered)) < len(queries)
    assert images.skipped_samples == len(queries) - len(set(delivered))


def test_skip_in_process(tmp_path: Path) -> None:
    """Without workers: direct indexing raises; a batched fetch drops, or stands in."""
    paths = write_folder(tmp_path)
    ds = Scenes(tmp_path, on_error="skip")
    good = BoundingBox(_left(1), _left(1) + PATCH * RES, Y0 - PATCH * RES, Y0)
    bad = BoundingBox(_left(2), _left(2) + PATCH * RES, Y0 - PATCH * RES, Y0)
    paths[2].unlink()
    with (pytest.raises(SampleSkippedError, match=r"scene_20200103\.tif") as info,
          pytest.warns(SkippedSampleWarning, match=r"scene_20200103\.tif.*skipped_samples")):
        ds[bad]
    assert info.value.path == str(paths[2])
    assert ds.skipped_samples == 1
    with pytest.raises(SampleSkippedError, match="none was read before"):
        ds.__getitems__([bad])
    batch = ds.__getitems__([bad, good, bad])  # the skipped samples are left out
    assert [s["bounds"] for s in batch] == [good]
    np.testing.assert_array_equal(batch[0]["image"].numpy(), expected_image(good))
    alone = ds.__getitems__([bad, bad])  # all skipped: the last good sample stands in
    assert [s["bounds"] for s in alone] == [good]
    assert ds.skipped_samples == 6


def test_raise_in_process_names_the_deleted_file(tmp_path: Path) -> None:
    paths = write_folder(tmp_path)
    ds = Scenes(tmp_path)
    paths[3].unlink()
    bad = BoundingBox(_left(3), _left(3) + PATCH * RES, Y0 - PATCH * RES, Y0)
    with pytest.raises(UnreadableFileError, match=r"cannot open raster .*scene_20200104\.tif.*"
                       r"Check that the file exists") as info:
        ds[bad]
    assert info.value.path == str(paths[3])
    assert ds.skipped_samples == 0


def test_on_error_is_checked(tmp_path: Path) -> None:
    write_folder(tmp_path)
    with pytest.raises(ValueError, match="unknown on_error 'ignore'; choose one of 'raise', "
                       "'skip'"):
        Scenes(tmp_path, on_error="ignore")


def test_skip_count_survives_pickling(tmp_path: Path) -> None:
    paths = write_folder(tmp_path)
    ds = Scenes(tmp_path, on_error="skip")
    paths[0].unlink()
    with pytest.warns(SkippedSampleWarning):
        ds.__getitems__([BoundingBox(_left(0), _left(0) + 100, Y0 - 100, Y0),
                         BoundingBox(_left(1), _left(1) + 100, Y0 - 100, Y0)])
    copy = pickle.loads(pickle.dumps(ds))
    assert copy.skipped_samples == ds.skipped_samples == 1


def _mapped(paths: list[Path]) -> set[str]:
    maps = Path("/proc/self/maps").read_text()
    return {p.name for p in paths if str(p) in maps}


@pytest.mark.skipif(not Path("/proc/self/maps").exists(), reason="needs /proc (Linux)")
def test_only_files_that_cannot_be_truncated_are_memory_mapped(tmp_path: Path) -> None:
    """A mapped file truncated under a reader kills it with SIGBUS: writable files are read
    through GDAL's block cache, read-only ones keep the faster memory-mapped reads."""
    paths = write_folder(tmp_path)
    for path in paths[2:]:
        path.chmod(0o444)
    ds = Scenes(tmp_path)
    for s in range(N_SCENES):
        q = BoundingBox(_left(s) + 16 * RES, _left(s) + 48 * RES, Y0 - 80 * RES, Y0 - 48 * RES)
        assert torch.equal(ds[q]["image"], torch.from_numpy(
            np.stack([value(s, b, *np.mgrid[48:80, 16:48]) for b in range(3)])
            .astype(np.float32)))
    assert _mapped(paths) == {p.name for p in paths[2:]}
    # a writable file truncated under its open handle: an error naming it, not SIGBUS
    truncate(paths[0])
    q = BoundingBox(_left(0) + 64 * RES, _left(0) + 96 * RES, Y0 - 96 * RES, Y0 - 64 * RES)
    with pytest.raises(UnreadableFileError, match=f"{paths[0].name}.*truncated"):
        ds[q]
    handles.clear()
    assert _mapped(paths) == set()
