"""Georeferenced prediction: blend patch predictions into one Cloud-Optimised GeoTIFF.

Patches from :class:`~geoplug.core.GridGeoSampler` (usually overlapping, ``stride < size``)
are accumulated as weighted sums, with weights that fall off towards the patch edges (a
separable tent), so that each pixel's value comes mostly from the patches that saw it near
their centre: no seams where tiles meet. The sums live in disk-backed ``numpy.memmap`` files,
never in one in-RAM array of the whole area, and the output is written window by window.

Under DDP every rank accumulates its own share into its own files (in a ``<output>.parts``
folder that all ranks must see); after a barrier rank 0 adds the partial sums window by window,
writes the GeoTIFF and removes the parts. Ranks therefore never write to the same file.

Input nodata stays nodata: a pixel whose input holds no data (every band equal to the
dataset's fill value) adds nothing to the sums, so a pixel no patch saw with data is written as
nodata. The output is written atomically: to hidden temporary files next to it whose names do
not end in the output's suffix (no ``*.tif`` glob picks them up), then renamed into place; an
existing output is replaced only with ``overwrite=True`` and a read-only one never.
"""

from __future__ import annotations

import json
import math
import os
import shutil
import warnings
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal

import numpy as np
import rasterio
import rasterio.shutil
import torch
from pytorch_lightning import LightningModule, Trainer
from pytorch_lightning.callbacks import BasePredictionWriter
from rasterio.crs import CRS
from rasterio.transform import Affine
from rasterio.windows import Window
from torch import Tensor, nn
from torch.utils.data import DataLoader

from geoplug.core.bbox import BoundingBox
from geoplug.core.errors import MixedDatesWarning
from geoplug.core.geodataset import GeoDataset, IntersectionDataset
from geoplug.core.sampling_layout import grid_region
from geoplug.trainers._output_file import (
    OutputExistsError,
    ReadOnlyOutputError,
    check_output,
    discard,
    move_into_place,
    temp_name,
)

__all__ = [
    "BlendAccumulator",
    "GeoTIFFPredictionWriter",
    "OutputExistsError",
    "OutputGrid",
    "ReadOnlyOutputError",
    "blend_weights",
    "check_output",
    "image_fill_value",
    "predict_geotiff",
    "valid_pixels",
    "write_blended",
]

Output = Literal["classes", "probabilities"]
_WINDOW = 1024  # side of the windows merged and written at once


def image_fill_value(dataset: GeoDataset) -> float:
    """The value the ``image`` of ``dataset`` holds where it has no data.

    ``a & b`` takes it from the layer that provides the image (``fill_value`` of
    :class:`~geoplug.core.IntersectionDataset` itself is not the image's).
    """
    if isinstance(dataset, IntersectionDataset):
        for layer in dataset.datasets:
            if getattr(layer, "is_image", True):
                return image_fill_value(layer)
    return float(dataset.fill_value)


def valid_pixels(image: Tensor, fill_value: float) -> Tensor:
    """``[B, H, W]`` bool: where ``image`` (``[B, C, H, W]`` or ``[B, T, C, H, W]``) has data.

    A pixel has no data when every band equals ``fill_value`` (NaN matches NaN); for a time
    series, when any date lacks data. Computed on the raw pixels, before normalisation.

    Raises:
        ValueError: ``image`` has fewer than 4 or more than 5 dimensions.
    """
    if image.ndim not in (4, 5):
        raise ValueError(f"expected an image batch [B, C, H, W] or [B, T, C, H, W], got "
                         f"{tuple(image.shape)}")
    empty = image.isnan() if math.isnan(fill_value) else image == fill_value
    empty = empty.all(dim=-3)
    if empty.ndim == 4:
        empty = empty.any(dim=1)
    return ~empty


@dataclass(frozen=True)
class OutputGrid:
    """The raster the prediction is written on: the dataset's CRS and resolution over a region."""

    crs: CRS
    transform: Affine
    width: int
    height: int

    @classmethod
    def of(cls, dataset: GeoDataset, roi: BoundingBox | None = None) -> OutputGrid:
        """The grid of ``dataset`` (CRS, resolution) covering ``roi`` (default its bounds),
        laid on the pixel grid :class:`~geoplug.core.GridGeoSampler` tiles it on
        (:func:`~geoplug.core.sampling_layout.grid_region`), so every tile lands on whole
        pixels.

        Raises:
            ValueError: the region is empty.
        """
        region = grid_region(dataset, roi if roi is not None else dataset.bounds)
        xres, yres = dataset.res
        width = math.ceil(region.width / xres - 1e-6)
        height = math.ceil(region.height / yres - 1e-6)
        if width < 1 or height < 1:
            raise ValueError(f"region {region} holds no pixel of size {xres} x {yres}")
        transform = Affine(xres, 0.0, region.minx, 0.0, -yres, region.maxy)
        return cls(dataset.crs, transform, width, height)

    def offset(self, bounds: BoundingBox) -> tuple[int, int]:
        """Row and column of the top-left pixel of ``bounds`` on this grid.

        Raises:
            ValueError: ``bounds`` is not on this grid's pixels (a patch written there would
                be shifted by a fraction of a pixel).
        """
        col = (bounds.minx - self.transform.c) / self.transform.a
        row = (self.transform.f - bounds.maxy) / -self.transform.e
        off = max(abs(col - round(col)), abs(row - round(row)))
        if off > 1e-3:
            raise ValueError(
                f"patch {bounds} is {off:.3f} pixel off the output grid (origin "
                f"{self.transform.c}, {self.transform.f}; pixel {self.transform.a} x "
                f"{-self.transform.e}): tile with GridGeoSampler over the same roi, with a size "
                "and stride in whole pixels")
        return round(row), round(col)


def blend_weights(height: int, width: int) -> np.ndarray:
    """Per-pixel weights of a patch: highest at the centre, ``1/n`` at the edges (never 0).

    A separable tent, ``w(i) = 1 - |i + 0.5 - n/2| / (n/2)`` along each axis.
    """
    def tent(n: int) -> np.ndarray:
        centre = n / 2
        return (1 - np.abs(np.arange(n) + 0.5 - centre) / centre).astype(np.float32)

    return np.outer(tent(height), tent(width))


class BlendAccumulator:
    """Weighted sums of patch predictions for one process, in disk-backed arrays.

    Files ``rank{rank}.sum`` (float32 ``[C, H, W]``), ``rank{rank}.weight`` (float32
    ``[H, W]``) and ``rank{rank}.json`` (shape) are written to ``folder``.
    """

    def __init__(self, folder: str | os.PathLike[str], grid: OutputGrid, channels: int,
                 rank: int = 0, blend: bool = True) -> None:
        self.folder = Path(folder)
        self.folder.mkdir(parents=True, exist_ok=True)
        self.grid = grid
        self.channels = channels
        self.rank = rank
        self.blend = blend
        shape = (channels, grid.height, grid.width)
        self.sums = np.memmap(self.folder / f"rank{rank}.sum", np.float32, "w+", shape=shape)
        self.weights = np.memmap(self.folder / f"rank{rank}.weight", np.float32, "w+",
                                 shape=shape[1:])
        (self.folder / f"rank{rank}.json").write_text(json.dumps(
            {"channels": channels, "height": grid.height, "width": grid.width}))
        self._kernels: dict[tuple[int, int], np.ndarray] = {}
        #: the time of each tile's place seen so far (to tell a time series being blended)
        self._dates: dict[tuple[float, float, float, float], tuple[float, float]] | None = {}

    def add(self, patch: np.ndarray | Tensor, bounds: BoundingBox,
            valid: np.ndarray | Tensor | None = None) -> None:
        """Add one patch ``[C, h, w]`` whose top-left corner is that of ``bounds``.

        Parts of the patch outside the grid are dropped. ``valid`` (bool ``[h, w]``) marks
        the pixels whose input had data; the others add nothing (so stay nodata unless
        another patch saw data there), nor do pixels with a non-finite value (a model's
        NaN next to a NaN hole of its input: its argmax would be class 0).

        Raises:
            ValueError: the patch does not have ``C`` channels, does not cover ``bounds``
                pixel for pixel (a model's output at another resolution), or ``valid`` is
                not ``[h, w]``.
        """
        if isinstance(patch, Tensor):
            patch = patch.detach().float().cpu().numpy()
        if patch.ndim != 3 or patch.shape[0] != self.channels:
            raise ValueError(f"expected a patch of shape [{self.channels}, h, w], got "
                             f"{tuple(patch.shape)}")
        _, h, w = patch.shape
        xres, yres = self.grid.transform.a, -self.grid.transform.e
        expected = (round(bounds.height / yres), round(bounds.width / xres))
        if (h, w) != expected:
            raise ValueError(
                f"a patch of {h} x {w} pixels for bounds of {expected[0]} x {expected[1]} "
                f"output pixels ({xres} x {yres}): the model's output must have the input's "
                "size (upsample a coarser output to it)")
        if isinstance(valid, Tensor):
            valid = valid.detach().cpu().numpy()
        if valid is not None and valid.shape != (h, w):
            raise ValueError(f"valid must be a [{h}, {w}] mask like the patch, got "
                             f"{tuple(valid.shape)}")
        self._check_dates(bounds)
        key = (h, w)
        if key not in self._kernels:
            self._kernels[key] = (blend_weights(h, w) if self.blend
                                  else np.ones((h, w), np.float32))
        kernel = self._kernels[key]
        row, col = self.grid.offset(bounds)
        r0, c0 = max(row, 0), max(col, 0)
        r1, c1 = min(row + h, self.grid.height), min(col + w, self.grid.width)
        if r0 >= r1 or c0 >= c1:
            return
        pr, pc = slice(r0 - row, r1 - row), slice(c0 - col, c1 - col)
        k = kernel[pr, pc]
        values = patch[:, pr, pc]
        keep = np.isfinite(values).all(axis=0)
        if valid is not None:
            keep &= valid[pr, pc].astype(bool)
        if not keep.all():
            k = np.where(keep, k, np.float32(0))
            values = np.where(keep, values, np.float32(0))  # a NaN must not spread
        self.sums[:, r0:r1, c0:c1] += values * k
        self.weights[r0:r1, c0:c1] += k

    def _check_dates(self, bounds: BoundingBox) -> None:
        """Warn (once) when a tile's place comes again with another time: the dates of a
        time series are blended into one map, each by its tiles' weights."""
        if self._dates is None:
            return
        place = (bounds.minx, bounds.maxx, bounds.miny, bounds.maxy)
        when = self._dates.setdefault(place, (bounds.mint, bounds.maxt))
        if when != (bounds.mint, bounds.maxt):
            warnings.warn(
                "the prediction region holds several dates of one place, whose predictions "
                "are blended into one map; give the region a time range (predict_roi or roi "
                "with mint and maxt) to predict one date", MixedDatesWarning, stacklevel=3)
            self._dates = None

    def flush(self) -> None:
        """Write the sums to disk (before another process reads them)."""
        self.sums.flush()
        self.weights.flush()

    def close(self) -> None:
        self.flush()
        del self.sums, self.weights


def _windows(height: int, width: int, size: int = _WINDOW) -> list[Window]:
    return [Window(c, r, min(size, width - c), min(size, height - r))
            for r in range(0, height, size) for c in range(0, width, size)]


def _copy_cog(source: Path, target: Path, resampling: str) -> None:
    """Write ``source`` as a Cloud-Optimised GeoTIFF ``target`` (with overviews)."""
    rasterio.shutil.copy(source, target, driver="COG", compress="DEFLATE", blocksize=256,
                         overview_resampling=resampling, bigtiff="IF_SAFER")


def _check_channels(channels: int, output: Output) -> None:
    """The arg-max of one channel is class 0 everywhere: refuse it rather than write zeros.

    Raises:
        ValueError: ``output`` is ``"classes"`` and the prediction has a single channel.
    """
    if output == "classes" and channels == 1:
        raise ValueError(
            "the prediction has one channel (a regression or a sigmoid output): its arg-max "
            "would be class 0 everywhere; write it with output='probabilities' (the values "
            "themselves, float32)")


def write_blended(folder: str | os.PathLike[str], grid: OutputGrid,
                  path: str | os.PathLike[str], output: Output = "classes",
                  cleanup: bool = True, overwrite: bool = False) -> Path:
    """Merge the partial sums in ``folder`` (one per rank) into the GeoTIFF ``path``.

    ``classes`` writes the arg-max class (uint8, or uint16 beyond 255 classes; pixels no patch
    covered with input data hold the nodata value 255 / 65535); ``probabilities`` writes one
    float32 band per class (nodata NaN). The file is a tiled, DEFLATE-compressed
    Cloud-Optimised GeoTIFF with overviews, written window by window to hidden temporary files
    beside ``path`` and renamed into place, so ``path`` is either the old file or the complete
    new one. ``cleanup`` removes ``folder`` after success; after a failure it is kept, so the
    merge can be retried without predicting again.

    Raises:
        FileNotFoundError: ``folder`` holds no partial sums (no patch was predicted).
        ValueError: unknown ``output``, or ``"classes"`` of a one-channel prediction.
        OutputExistsError: ``path`` exists and ``overwrite`` is false.
        ReadOnlyOutputError: ``path`` is read-only (never replaced).
    """
    if output not in ("classes", "probabilities"):
        raise ValueError(f"output must be 'classes' or 'probabilities', got {output!r}")
    folder, path = Path(folder), check_output(path, overwrite)
    metas = sorted(folder.glob("rank*.json"))
    if not metas:
        raise FileNotFoundError(f"no partial predictions in {folder}: did prediction run on any "
                                "patch of the region?")
    channels = int(json.loads(metas[0].read_text())["channels"])
    _check_channels(channels, output)
    shape = (channels, grid.height, grid.width)
    parts = [(np.memmap(m.with_suffix(".sum"), np.float32, "r", shape=shape),
              np.memmap(m.with_suffix(".weight"), np.float32, "r", shape=shape[1:]))
             for m in metas]
    if output == "classes":
        dtype, count = ("uint8", 1) if channels < 255 else ("uint16", 1)
        nodata: float = 255 if dtype == "uint8" else 65535
    else:
        dtype, count, nodata = "float32", channels, float("nan")
    profile = {"driver": "GTiff", "width": grid.width, "height": grid.height, "count": count,
               "dtype": dtype, "crs": grid.crs, "transform": grid.transform, "nodata": nodata,
               "tiled": True, "blockxsize": 256, "blockysize": 256, "compress": "deflate",
               "BIGTIFF": "IF_SAFER"}
    path.parent.mkdir(parents=True, exist_ok=True)
    staging, finished = temp_name(path, "staging"), temp_name(path, "partial")
    try:
        with rasterio.open(staging, "w", **profile) as dst:
            for window in _windows(grid.height, grid.width):
                rows = slice(window.row_off, window.row_off + window.height)
                cols = slice(window.col_off, window.col_off + window.width)
                total = np.zeros((channels, window.height, window.width), np.float32)
                weight = np.zeros((window.height, window.width), np.float32)
                for sums, weights in parts:
                    total += sums[:, rows, cols]
                    weight += weights[rows, cols]
                covered = weight > 0
                mean = total / np.where(covered, weight, 1)
                if output == "classes":
                    data = mean.argmax(axis=0).astype(dtype)
                    data[~covered] = nodata
                    dst.write(data[None], window=window)
                else:
                    mean[:, ~covered] = np.nan
                    dst.write(mean, window=window)
        _copy_cog(staging, finished, "NEAREST" if output == "classes" else "AVERAGE")
        move_into_place(finished, path, overwrite)
    finally:
        discard([staging, finished, finished.with_name(finished.name + ".ovr.tmp"),
                  staging.with_name(staging.name + ".aux.xml")])
    del parts
    if cleanup:
        shutil.rmtree(folder, ignore_errors=True)
    return path


def _parts_folder(path: str | os.PathLike[str]) -> Path:
    return Path(str(path) + ".parts")


def _dense(prediction: Any) -> Tensor:
    if not isinstance(prediction, Tensor) or prediction.ndim != 4:
        shape = tuple(prediction.shape) if isinstance(prediction, Tensor) else type(prediction)
        raise ValueError(f"georeferenced prediction needs dense predictions [B, C, H, W], got "
                         f"{shape}; use a segmentation or change detection task")
    return prediction


class GeoTIFFPredictionWriter(BasePredictionWriter):
    """Lightning callback: blend the predictions of ``trainer.predict`` into one GeoTIFF.

    Use with a :class:`~geoplug.trainers.GeoDataModule` (its predict region and dataset give
    the grid) or pass ``dataset`` (and ``roi``). Works under DDP (see the module docstring);
    pass ``return_predictions=False`` to ``trainer.predict`` so that predictions are not also
    kept in memory. Pixels whose input holds no data are written as nodata when batches carry
    a ``valid`` mask ``[B, H, W]`` (``GeoDataModule`` adds it, from the raw pixels, when
    predicting).

    Args:
        path: the GeoTIFF to write.
        output: ``"classes"`` (arg-max, uint8) or ``"probabilities"`` (float32 per class).
        dataset, roi: the grid's dataset and region, when not taken from the data module.
        blend: weight patches towards their centres (else a plain average).
        overwrite: replace an existing ``path`` (a read-only one is never replaced).
        mask_nodata: write nodata where the input has none (the batches' ``valid``).

    Raises:
        ValueError: unknown ``output``.
        OutputExistsError, ReadOnlyOutputError: when prediction starts, as
            :func:`check_output`, so that no work is done for an output that cannot be written.
    """

    def __init__(self, path: str, output: Output = "classes", dataset: GeoDataset | None = None,
                 roi: BoundingBox | Sequence[float] | None = None, blend: bool = True,
                 overwrite: bool = False, mask_nodata: bool = True) -> None:
        super().__init__(write_interval="batch")
        if output not in ("classes", "probabilities"):
            raise ValueError(f"output must be 'classes' or 'probabilities', got {output!r}")
        from geoplug.trainers.geo_datamodule import to_bbox

        self.path = Path(path)
        self.output = output
        self.dataset = dataset
        self.roi = to_bbox(roi)
        self.blend = blend
        self.overwrite = overwrite
        self.mask_nodata = mask_nodata
        self.grid: OutputGrid | None = None
        self._acc: BlendAccumulator | None = None

    def _grid(self, trainer: Trainer) -> OutputGrid:
        dataset, roi = self.dataset, self.roi
        datamodule = getattr(trainer, "datamodule", None)
        if dataset is None and datamodule is not None and hasattr(datamodule, "region"):
            dataset = datamodule._dataset()
            roi = roi or datamodule.region("predict")
        if dataset is None:
            raise ValueError("GeoTIFFPredictionWriter needs the geo dataset: use a "
                             "GeoDataModule or pass dataset=")
        return OutputGrid.of(dataset, roi)

    def on_predict_start(self, trainer: Trainer, pl_module: LightningModule) -> None:
        check_output(self.path, self.overwrite)  # every rank: all stop, none waits at a barrier
        self.grid = self._grid(trainer)
        folder = _parts_folder(self.path)
        if trainer.is_global_zero and folder.exists():
            shutil.rmtree(folder)  # leftovers of an interrupted run
        trainer.strategy.barrier("geotiff_writer_start")
        self._acc = None

    def write_on_batch_end(self, trainer: Trainer, pl_module: LightningModule, prediction: Any,
                           batch_indices: Sequence[int] | None, batch: Any, batch_idx: int,
                           dataloader_idx: int) -> None:
        probs = _dense(prediction)
        assert self.grid is not None
        if self._acc is None:
            _check_channels(probs.shape[1], self.output)
            self._acc = BlendAccumulator(_parts_folder(self.path), self.grid, probs.shape[1],
                                         rank=trainer.global_rank, blend=self.blend)
        valid = batch.get("valid") if self.mask_nodata and isinstance(batch, dict) else None
        for i, (patch, bounds) in enumerate(zip(probs, batch["bounds"])):
            self._acc.add(patch, bounds, None if valid is None else valid[i])

    def on_predict_end(self, trainer: Trainer, pl_module: LightningModule) -> None:
        if self._acc is not None:
            self._acc.close()
            self._acc = None
        trainer.strategy.barrier("geotiff_writer_parts")
        if trainer.is_global_zero:
            assert self.grid is not None
            write_blended(_parts_folder(self.path), self.grid, self.path, self.output,
                          overwrite=self.overwrite)
        trainer.strategy.barrier("geotiff_writer_done")


def predict_geotiff(
    model: nn.Module | Callable[[Tensor], Tensor],
    dataset: GeoDataset,
    path: str | os.PathLike[str],
    size: int | float | Sequence[float],
    stride: int | float | Sequence[float] | None = None,
    roi: BoundingBox | None = None,
    batch_size: int = 8,
    output: Output = "classes",
    num_workers: int = 0,
    preprocess: Callable[[dict[str, Any]], dict[str, Any]] | None = None,
    device: str | torch.device = "cpu",
    blend: bool = True,
    overwrite: bool = False,
    mask_nodata: bool = True,
) -> Path:
    """Predict over ``roi`` of ``dataset`` (one process) and write the blended GeoTIFF.

    ``model`` maps ``image`` batches to probabilities ``[B, C, H, W]``; a LightningModule's
    ``predict_step`` is used when it has one. ``preprocess`` runs on each batch on ``device``
    first (e.g. a ``Normalize``, or a data module's ``on_after_batch_transfer``). With
    ``mask_nodata`` pixels whose raw ``image`` holds no data (every band at the dataset's fill
    value, see :func:`valid_pixels`) are written as nodata. ``overwrite`` replaces an
    existing ``path`` (never a read-only one); both are checked before predicting.

    Raises:
        ValueError: predictions are not dense ``[B, C, H, W]``; bad sizes or region.
        OutputExistsError: ``path`` exists and ``overwrite`` is false.
        ReadOnlyOutputError: ``path`` is read-only.
    """
    from geoplug.core.samplers import GridGeoSampler
    from geoplug.trainers.datamodule import collate_samples

    check_output(path, overwrite)
    grid = OutputGrid.of(dataset, roi)
    sampler = GridGeoSampler(dataset, size, stride, roi=roi, num_replicas=1, rank=0)
    loader: DataLoader[dict[str, Any]] = DataLoader(
        dataset,  # type: ignore[arg-type]  # a GeoDataset is indexed by BoundingBox
        sampler=sampler, batch_size=batch_size, num_workers=num_workers,
        collate_fn=collate_samples)
    fill = image_fill_value(dataset)
    folder = _parts_folder(path)
    shutil.rmtree(folder, ignore_errors=True)
    accumulator: BlendAccumulator | None = None
    module = model if isinstance(model, nn.Module) else None
    was_training = module.training if module is not None else False
    if module is not None:
        module.eval().to(device)
    try:
        with torch.inference_mode():
            for index, batch in enumerate(loader):
                batch = {k: v.to(device) if isinstance(v, Tensor) else v
                         for k, v in batch.items()}
                valid = batch.get("valid") if mask_nodata else None
                if mask_nodata and valid is None and isinstance(batch.get("image"), Tensor):
                    valid = valid_pixels(batch["image"], fill)
                if preprocess is not None:
                    batch = preprocess(batch)
                if isinstance(model, LightningModule):
                    probs = _dense(model.predict_step(batch, index))
                else:
                    probs = _dense(model(batch["image"]))
                if accumulator is None:
                    accumulator = BlendAccumulator(folder, grid, probs.shape[1], blend=blend)
                for i, (patch, bounds) in enumerate(zip(probs, batch["bounds"])):
                    accumulator.add(patch, bounds, None if valid is None else valid[i])
    finally:
        if module is not None:
            module.train(was_training)
    if accumulator is not None:
        accumulator.close()
    return write_blended(folder, grid, path, output, overwrite=overwrite)
