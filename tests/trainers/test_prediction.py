"""Georeferenced prediction: grid alignment, centre-weighted blending, nodata kept as nodata,
and a COG output written atomically (never destroying an existing file)."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
import pytorch_lightning as pl
import rasterio
import torch
from rasterio.transform import from_origin
from torch import Tensor, nn

import geoplug.trainers.prediction as prediction
from fakedata import geo_scene
from geoplug.core import BoundingBox
from geoplug.trainers import GeoDataModule, GeoTIFFPredictionWriter, SemanticSegmentationTask
from geoplug.trainers.prediction import (
    BlendAccumulator,
    OutputExistsError,
    OutputGrid,
    ReadOnlyOutputError,
    blend_weights,
    predict_geotiff,
    valid_pixels,
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


def test_several_dates_of_one_place_warn_that_they_are_blended(tmp_path: Path) -> None:
    # a time series predicted without a time range: each date's tiles were blended into one
    # map, silently
    from geoplug.core.errors import MixedDatesWarning

    layer, _ = _scene(geo_scene.generate(tmp_path / "scene", height=8, width=12))
    acc = BlendAccumulator(tmp_path / "parts", OutputGrid.of(layer), channels=1)
    x0, y1 = geo_scene.ORIGIN
    patch = np.ones((1, 8, 8), np.float32)
    acc.add(patch, BoundingBox(x0, x0 + 16, y1 - 16, y1, 0, 1))
    acc.add(patch, BoundingBox(x0 + 8, x0 + 24, y1 - 16, y1, 0, 1))  # another place
    acc.add(patch, BoundingBox(x0 + 8, x0 + 24, y1 - 16, y1, 0, 1))  # the same again
    with pytest.warns(MixedDatesWarning, match="several dates of one place"):
        acc.add(patch, BoundingBox(x0, x0 + 16, y1 - 16, y1, 5, 6))
    acc.close()


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
        assert src.profile["tiled"] and src.compression.name.lower() == "deflate"
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


# ---------------------------------------------------------------- input nodata stays nodata


def _with_nodata(root: Path) -> np.ndarray:
    """Blank a diagonal strip of ``image.tif`` (value 0, declared as the file's nodata), as a
    Landsat scene's edge; returns where the image holds no data."""
    path = root / "image.tif"
    with rasterio.open(path) as src:
        image, profile = src.read(), src.profile
    rows, cols = np.indices(image.shape[1:])
    empty = cols < 20 + rows // 3  # not aligned with any patch edge
    image[:, empty] = 0
    profile.update(nodata=0)
    with rasterio.open(path, "w", **profile) as dst:
        dst.write(image)
    return empty


class NormalizedOracle(Oracle):
    """The oracle for batches normalised with ``mean``/``std``."""

    def __init__(self, mean: list[float], std: list[float]) -> None:
        super().__init__()
        self.mean = torch.tensor(mean)[None, :, None, None]
        self.std = torch.tensor(std)[None, :, None, None]

    def forward(self, image: Tensor) -> Tensor:
        return super().forward(image * self.std + self.mean)


def test_predict_geotiff_writes_nodata_where_the_input_has_none(tmp_path: Path) -> None:
    root = geo_scene.generate(tmp_path / "scene")
    empty = _with_nodata(root)
    layer, mask = _scene(root)
    assert 0 < empty.sum() < empty.size
    classes = predict_geotiff(Oracle(), layer, tmp_path / "out" / "classes.tif", size=32,
                              stride=24)
    probabilities = predict_geotiff(Oracle(), layer, tmp_path / "out" / "probs.tif", size=32,
                                    stride=24, output="probabilities")
    with rasterio.open(classes) as src:
        pred = src.read(1)
        assert src.nodata == 255
        masked = src.read_masks(1) == 0
    np.testing.assert_array_equal(pred[empty], 255)
    np.testing.assert_array_equal(pred[~empty], mask[~empty])
    np.testing.assert_array_equal(masked, empty)
    with rasterio.open(probabilities) as src:
        probs = src.read()
    np.testing.assert_array_equal(np.isnan(probs).all(0), empty)
    assert not np.isnan(probs[:, ~empty]).any()
    np.testing.assert_array_equal(probs[:, ~empty].argmax(0), mask[~empty])
    # the option to keep predictions over nodata (zeros that are data for some products)
    kept = predict_geotiff(Oracle(), layer, tmp_path / "out" / "kept.tif", size=32,
                           stride=24, mask_nodata=False)
    with rasterio.open(kept) as src:
        assert (src.read(1) != 255).all()


def test_lightning_writer_masks_nodata_of_normalised_batches(tmp_path: Path) -> None:
    root = geo_scene.generate(tmp_path / "scene")
    empty = _with_nodata(root)
    _, mask = _scene(root)
    mean, std = [80.0, 50.0, 50.0, 50.0], [50.0, 10.0, 10.0, 10.0]
    dm = GeoDataModule(["tiny_scene_image", "tiny_scene_mask"],
                       dataset_kwargs={"paths": str(root)}, patch_size=32, stride=20,
                       batch_size=3, mean=mean, std=std)
    task = SemanticSegmentationTask(model="fcn", in_chans=4, num_classes=3,
                                    model_kwargs={"num_filters": 4})
    task.model = NormalizedOracle(mean, std)
    writer = GeoTIFFPredictionWriter(str(tmp_path / "lit.tif"))
    trainer = pl.Trainer(accelerator="cpu", devices=1, logger=False, callbacks=[writer],
                         enable_progress_bar=False, enable_model_summary=False)
    trainer.predict(task, datamodule=dm, return_predictions=False)
    with rasterio.open(tmp_path / "lit.tif") as src:
        pred = src.read(1)
    np.testing.assert_array_equal(pred[empty], 255)
    np.testing.assert_array_equal(pred[~empty], mask[~empty])


def test_valid_pixels_needs_every_band_at_the_fill_value() -> None:
    image = torch.ones(1, 3, 2, 2)
    image[0, :, 0, 0] = 0           # every band empty: no data
    image[0, 0, 0, 1] = 0           # one band at 0: data
    np.testing.assert_array_equal(valid_pixels(image, 0.0)[0].numpy(),
                                  [[False, True], [True, True]])
    floats = torch.ones(1, 2, 1, 2)
    floats[0, :, 0, 1] = float("nan")
    assert valid_pixels(floats, float("nan"))[0].tolist() == [[True, False]]
    series = torch.ones(1, 2, 3, 1, 2)  # [B, T, C, H, W]: one date empty is no data
    series[0, 1, :, 0, 0] = 0
    assert valid_pixels(series, 0.0)[0].tolist() == [[False, True]]
    with pytest.raises(ValueError, match=r"\[B, C, H, W\]"):
        valid_pixels(torch.ones(3, 2, 2), 0.0)


# ---------------------------------------------------------------- the output is written atomically


def _listing(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir())


def test_an_existing_output_is_kept_unless_overwrite(tmp_path: Path) -> None:
    layer, mask = _scene(geo_scene.generate(tmp_path / "scene", height=64, width=64))
    out = tmp_path / "out"
    out.mkdir()
    target = out / "pred.tif"
    target.write_bytes(b"the user's earlier result")
    with pytest.raises(OutputExistsError, match="overwrite=True") as caught:
        predict_geotiff(Oracle(), layer, target, size=32)
    assert isinstance(caught.value, FileExistsError)
    assert target.read_bytes() == b"the user's earlier result"
    assert _listing(out) == ["pred.tif"]  # refused before predicting: no parts folder
    predict_geotiff(Oracle(), layer, target, size=32, overwrite=True)
    with rasterio.open(target) as src:
        assert src.tags(ns="IMAGE_STRUCTURE").get("LAYOUT") == "COG"
        np.testing.assert_array_equal(src.read(1), mask)
    assert _listing(out) == ["pred.tif"]  # no staging file, overview temp or parts left


def test_a_read_only_output_is_never_replaced(tmp_path: Path) -> None:
    layer, _ = _scene(geo_scene.generate(tmp_path / "scene", height=32, width=32))
    target = tmp_path / "pred.tif"
    target.write_bytes(b"archived")
    target.chmod(0o444)
    for overwrite in (False, True):
        with pytest.raises(ReadOnlyOutputError, match="read-only") as caught:
            predict_geotiff(Oracle(), layer, target, size=32, overwrite=overwrite)
        assert isinstance(caught.value, PermissionError)
    assert target.read_bytes() == b"archived"


def _old_prediction(tmp_path: Path) -> tuple[geo_scene.ImageLayer, Path, bytes]:
    layer, _ = _scene(geo_scene.generate(tmp_path / "scene", height=64, width=64))
    out = tmp_path / "out"
    target = predict_geotiff(Oracle(), layer, out / "pred.tif", size=32)
    return layer, target, target.read_bytes()


def test_a_failed_write_leaves_the_old_output_and_no_tif(tmp_path: Path,
                                                         monkeypatch: pytest.MonkeyPatch) -> None:
    layer, target, before = _old_prediction(tmp_path)

    def fail_mid_copy(source: Path, dest: Path, resampling: str) -> None:
        dest.write_bytes(source.read_bytes()[:1000])  # half a file, then the disk fills up
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(prediction, "_copy_cog", fail_mid_copy)
    with pytest.raises(OSError, match="No space left"):
        predict_geotiff(Oracle(), layer, target, size=32, output="probabilities",
                        overwrite=True)
    assert target.read_bytes() == before
    # the partial sums stay for a retry of write_blended; no temporary file is left
    assert _listing(target.parent) == ["pred.tif", "pred.tif.parts"]


def test_a_killed_write_leaves_nothing_a_tif_glob_picks_up(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    layer, target, before = _old_prediction(tmp_path)
    real_copy = prediction._copy_cog

    def die_after_copy(source: Path, dest: Path, resampling: str) -> None:
        real_copy(source, dest, resampling)
        raise KeyboardInterrupt  # the process dies before the rename ...

    monkeypatch.setattr(prediction, "_copy_cog", die_after_copy)
    monkeypatch.setattr(prediction, "discard", lambda paths: None)  # ... and its clean-up
    with pytest.raises(KeyboardInterrupt):
        predict_geotiff(Oracle(), layer, target, size=32, overwrite=True)
    assert target.read_bytes() == before
    leftovers = [n for n in _listing(target.parent) if n not in ("pred.tif", "pred.tif.parts")]
    assert sorted(n.rsplit(".", 1)[-1] for n in leftovers) == ["partial", "staging"]
    assert all(n.startswith(".pred.tif.") for n in leftovers)
    assert sorted(p.name for p in target.parent.glob("*.tif")) == ["pred.tif"]
    assert [n for n in _listing(target.parent) if n.endswith(".tif")] == ["pred.tif"]


class FirstBand(nn.Module):
    """The input's first band as a one-channel prediction: where each tile was written shows."""

    def forward(self, image: Tensor) -> Tensor:
        return image[:, :1]


def test_tiles_read_at_another_resolution_land_on_whole_pixels(tmp_path: Path) -> None:
    # 2 m pixels read at 6 m: the scene is 42.7 output pixels wide, so no file lies on the
    # dataset's grid and the last tile of each row used to start a fraction of a pixel off
    # the others, to be written half a pixel away and blended with its neighbours
    root = geo_scene.generate(tmp_path / "scene")
    layer = geo_scene.ImageLayer(str(root), res=6, resampling="nearest")
    assert layer.grid_origin is None
    out = predict_geotiff(FirstBand(), layer, tmp_path / "res.tif", size=16, stride=12,
                          output="probabilities")
    with rasterio.open(out) as src:
        written = src.read(1)
        assert src.transform == from_origin(*geo_scene.ORIGIN, 6.0, 6.0)
        assert (src.width, src.height) == (43, 32)
        west, south, east, north = rasterio.transform.array_bounds(src.height, src.width,
                                                                   src.transform)
    direct = layer[BoundingBox(west, east, south, north)]["image"][0].numpy()  # one read
    # neighbours differ: a tile written a pixel (or half of one) away would not match
    assert direct.shape == written.shape and (np.diff(direct, axis=1) != 0).mean() > 0.8
    have = ~np.isnan(written)
    assert have[:, :42].all()  # the last column is a third of a pixel of data
    np.testing.assert_allclose(written[have], direct[have], rtol=1e-6)


def test_a_patch_off_the_output_grid_is_refused() -> None:
    grid = OutputGrid(rasterio.crs.CRS.from_epsg(32615), from_origin(0, 100, 2, 2), 50, 50)
    assert grid.offset(BoundingBox(4, 20, 60, 76)) == (12, 2)
    with pytest.raises(ValueError, match="pixel off the output grid"):
        grid.offset(BoundingBox(5, 21, 60, 76))


def test_classes_of_a_one_channel_prediction_are_refused(tmp_path: Path) -> None:
    layer, _ = _scene(geo_scene.generate(tmp_path / "scene"))
    with pytest.raises(ValueError, match=r"one channel.*output='probabilities'"):
        predict_geotiff(FirstBand(), layer, tmp_path / "one.tif", size=32, stride=24)
    assert not (tmp_path / "one.tif").exists()


def test_nan_outputs_next_to_a_nan_hole_are_nodata_not_class_0(tmp_path: Path) -> None:
    """A convolution spreads its input's NaN hole to the valid pixels around it; those NaN
    outputs add nothing (argmax of NaN is class 0), and overlapping tiles' finite values win."""
    layer, _ = _scene(geo_scene.generate(tmp_path / "scene", height=8, width=12))
    grid = OutputGrid.of(layer)
    acc = BlendAccumulator(tmp_path / "parts", grid, channels=2)
    x0, y1 = geo_scene.ORIGIN
    first = np.zeros((2, 8, 8), np.float32)
    first[1] = 1.0  # class 1 everywhere ...
    first[:, 2:5, 2:5] = np.nan  # ... but NaN around a hole of the input (valid pixels)
    valid = np.ones((8, 8), bool)
    valid[3, 3] = False  # the hole itself
    acc.add(first, BoundingBox(x0, x0 + 16, y1 - 16, y1), valid)  # columns 0..7
    second = np.zeros((2, 8, 8), np.float32)
    second[1] = 1.0
    acc.add(second, BoundingBox(x0 + 8, x0 + 24, y1 - 16, y1))  # columns 4..11: finite
    acc.close()
    out = write_blended(tmp_path / "parts", grid, tmp_path / "classes.tif", "classes")
    with rasterio.open(out) as src:
        pred = src.read(1)
    expected = np.ones((8, 12), np.uint8)
    expected[2:5, 2:4] = 255  # NaN and seen by no other tile: nodata
    np.testing.assert_array_equal(pred, expected)  # column 4 taken from the second tile


def test_a_patch_not_covering_its_bounds_pixel_for_pixel_is_refused(tmp_path: Path) -> None:
    grid = OutputGrid(rasterio.crs.CRS.from_epsg(32615), from_origin(0, 100, 2, 2), 50, 50)
    acc = BlendAccumulator(tmp_path / "parts", grid, channels=1)
    bounds = BoundingBox(0, 32, 68, 100)  # 16 x 16 output pixels
    acc.add(np.ones((1, 16, 16), np.float32), bounds)
    with pytest.raises(ValueError, match=r"8 x 8 pixels for bounds of 16 x 16"):
        acc.add(np.ones((1, 8, 8), np.float32), bounds)  # a stride-2 model's output
    acc.close()
