"""Georeferenced prediction: grid alignment, centre-weighted blending, COG output."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
import pytorch_lightning as pl
import rasterio
import torch
from rasterio.transform import from_origin
from torch import Tensor, nn

from fakedata import geo_scene
from geoplug.core import BoundingBox
from geoplug.trainers import GeoDataModule, GeoTIFFPredictionWriter, SemanticSegmentationTask
from geoplug.trainers.prediction import (
    BlendAccumulator,
    OutputGrid,
    blend_weights,
    predict_geotiff,
    write_blended,
)


class Oracle(nn.Module):
    """Reads the fake scene's class from band 1 (``50 + 60 k``): one-hot probabilities."""

    def forward(self, image: Tensor) -> Tensor:
        k = ((image[:, 0] - 50) / 60).round().clamp(0, 2).long()
        return torch.nn.functional.one_hot(k, 3).permute(0, 3, 1, 2).float()


def _scene(root: Path) -> tuple[geo_scene.ImageLayer, np.ndarray]:
    layer = geo_scene.ImageLayer(str(root))
    with rasterio.open(root / "mask.tif") as src:
        return layer, src.read(1)


def test_blend_weights_peak_at_the_centre_and_never_vanish() -> None:
    w = blend_weights(4, 6)
    assert w.shape == (4, 6) and w.dtype == np.float32
    assert w.min() > 0
    assert w[1:3, 2:4].min() == w.max()
    np.testing.assert_allclose(w[0, 0], (1 / 4) * (1 / 6))


def test_overlapping_patches_blend_with_centre_weights(tmp_path: Path) -> None:
    layer, _ = _scene(geo_scene.generate(tmp_path / "scene", height=8, width=12))
    grid = OutputGrid.of(layer)
    assert grid.transform == from_origin(*geo_scene.ORIGIN, 2, 2)
    acc = BlendAccumulator(tmp_path / "parts", grid, channels=1)
    x0, y1 = geo_scene.ORIGIN
    a = np.full((1, 8, 8), 1.0, np.float32)
    b = np.full((1, 8, 8), 3.0, np.float32)
    acc.add(a, BoundingBox(x0, x0 + 16, y1 - 16, y1))            # columns 0..7
    acc.add(b, BoundingBox(x0 + 8, x0 + 24, y1 - 16, y1))        # columns 4..11
    acc.close()
    out = write_blended(tmp_path / "parts", grid, tmp_path / "blend.tif", "probabilities")
    with rasterio.open(out) as src:
        values = src.read(1)
        assert src.transform == grid.transform and src.crs == grid.crs
    w = blend_weights(8, 8)
    np.testing.assert_allclose(values[:, :4], 1.0, rtol=1e-6)
    np.testing.assert_allclose(values[:, 8:], 3.0, rtol=1e-6)
    expected = (w[:, 4:] * 1 + w[:, :4] * 3) / (w[:, 4:] + w[:, :4])
    np.testing.assert_allclose(values[:, 4:8], expected, rtol=1e-6)
    # centre-weighting: column 4 is the first patch's centre side, so it leans towards 1
    assert values[0, 4] < 2 < values[0, 7]
    assert not (tmp_path / "parts").exists()


def test_predict_geotiff_aligns_with_the_query_grid(tmp_path: Path) -> None:
    layer, mask = _scene(geo_scene.generate(tmp_path / "scene"))
    out = predict_geotiff(Oracle(), layer, tmp_path / "pred.tif", size=32, stride=24,
                          batch_size=4)
    with rasterio.open(out) as src:
        pred = src.read(1)
        assert src.crs == layer.crs
        assert src.transform == from_origin(*geo_scene.ORIGIN, 2.0, 2.0)
        assert (src.width, src.height) == (128, 96)
        assert src.dtypes[0] == "uint8" and src.nodata == 255
        assert src.is_tiled and src.compression.name.lower() == "deflate"
        assert src.tags(ns="IMAGE_STRUCTURE").get("LAYOUT") == "COG"
    # a one-pixel shift anywhere would break the class edges
    np.testing.assert_array_equal(pred, mask)


def test_predict_over_an_roi_writes_only_the_roi(tmp_path: Path) -> None:
    layer, mask = _scene(geo_scene.generate(tmp_path / "scene"))
    x0, y1 = geo_scene.ORIGIN
    roi = BoundingBox(x0 + 40, x0 + 40 + 2 * 50, y1 - 2 * 70, y1 - 20)
    out = predict_geotiff(Oracle(), layer, tmp_path / "roi.tif", size=16, stride=12, roi=roi,
                          output="probabilities")
    with rasterio.open(out) as src:
        assert src.transform == from_origin(x0 + 40, y1 - 20, 2.0, 2.0)
        assert (src.width, src.height, src.count) == (50, 60, 3)
        probs = src.read()
    np.testing.assert_array_equal(probs.argmax(0), mask[10:70, 20:70])
    np.testing.assert_allclose(probs.sum(0), 1.0, rtol=1e-6)


def test_lightning_writer_with_geo_datamodule(scene_root: Path, tmp_path: Path) -> None:
    layer, mask = _scene(scene_root)
    dm = GeoDataModule("tiny_scene_image", dataset_kwargs={"paths": str(scene_root)},
                       patch_size=32, stride=20, batch_size=3, mean=[0.0] * 4, std=[1.0] * 4)
    task = SemanticSegmentationTask(model="fcn", in_chans=4, num_classes=3,
                                    model_kwargs={"num_filters": 4})
    task.model = Oracle()
    writer = GeoTIFFPredictionWriter(str(tmp_path / "lit.tif"))
    trainer = pl.Trainer(accelerator="cpu", devices=1, logger=False, callbacks=[writer],
                         enable_progress_bar=False, enable_model_summary=False)
    trainer.predict(task, datamodule=dm, return_predictions=False)
    with rasterio.open(tmp_path / "lit.tif") as src:
        assert src.crs == layer.crs and src.transform == from_origin(*geo_scene.ORIGIN, 2, 2)
        np.testing.assert_array_equal(src.read(1), mask)


def test_writer_rejects_non_dense_predictions(tmp_path: Path) -> None:
    layer, _ = _scene(geo_scene.generate(tmp_path / "scene", height=32, width=32))
    with pytest.raises(ValueError, match=r"\[B, C, H, W\]"):
        predict_geotiff(lambda x: x.mean(dim=(2, 3)), layer, tmp_path / "x.tif", size=32)
    with pytest.raises(ValueError, match="output must be"):
        GeoTIFFPredictionWriter(str(tmp_path / "x.tif"), output="logits")  # type: ignore[arg-type]
