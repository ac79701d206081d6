"""Losses and metrics against hand-computed values, on batches that used to give NaN or
skewed numbers: an all-ignored batch, a NaN nodata, multi-label logits inside [0, 1], and the
training metrics of an epoch."""

from __future__ import annotations

import math
from pathlib import Path
from typing import Any

import numpy as np
import pytest
import pytorch_lightning as pl
import torch
from torch import nn
from torch.utils.data import DataLoader

from geoplug.trainers import (
    ClassificationTask,
    GeoDataModule,
    MultiLabelClassificationTask,
    PixelwiseRegressionTask,
    RegressionTask,
    SemanticSegmentationTask,
)
from geoplug.trainers.datamodule import collate_samples
from geoplug.trainers.losses import build_loss


class Given(nn.Module):
    """The model's output is its input: each sample's image holds the logits to score."""

    def __init__(self) -> None:
        super().__init__()
        self.zero = nn.Parameter(torch.zeros(()))

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return x + 0 * self.zero


def _trainer(tmp_path: Path, **kwargs: Any) -> pl.Trainer:
    return pl.Trainer(accelerator="cpu", devices=1, logger=False, enable_progress_bar=False,
                      enable_model_summary=False, enable_checkpointing=False,
                      num_sanity_val_steps=0, default_root_dir=tmp_path, **kwargs)


def _loader(items: list[dict[str, torch.Tensor]], batch_size: int) -> DataLoader:
    return DataLoader(items, batch_size=batch_size, collate_fn=collate_samples)  # type: ignore


def test_a_batch_without_a_valid_target_has_a_zero_loss_not_nan() -> None:
    logits = torch.randn(2, 3, 4, 4, requires_grad=True)
    ignored = torch.full((2, 4, 4), 255)
    for name in ("ce", "jaccard", "focal"):
        loss = build_loss(name, ignore_index=255, num_classes=3)(logits, ignored)
        assert loss.item() == 0.0, name
        loss.backward()  # still a graph: a training step goes on
    target = ignored.clone()
    target[0, 1, 2] = 1  # one valid pixel: the textbook cross-entropy of that pixel
    expected = -torch.log_softmax(logits[0, :, 1, 2], dim=0)[1]
    assert torch.isclose(build_loss("ce", ignore_index=255)(logits, target), expected)
    for name in ("mse", "mae"):
        assert build_loss(name)(torch.zeros(0), torch.zeros(0)).item() == 0.0


def test_pixelwise_regression_leaves_out_a_nan_nodata() -> None:
    task = PixelwiseRegressionTask(model="fcn", in_chans=1, nodata=float("nan"),
                                   model_kwargs={"num_filters": 4})
    preds = torch.tensor([[[[1.0, 2.0], [3.0, 4.0]]]])
    target = torch.tensor([[[2.0, float("nan")], [3.0, float("nan")]]])
    loss_in, loss_target, _, _ = task._prepare(preds, target)
    assert loss_target.tolist() == [2.0, 3.0]
    assert task.criterion(loss_in, loss_target).item() == pytest.approx((1 + 0) / 2)
    empty = task._prepare(preds, torch.full((1, 2, 2), float("nan")))
    assert task.criterion(empty[0], empty[1]).item() == 0.0


def test_missing_regression_targets_are_left_out(tmp_path: Path) -> None:
    # datasets mark a value the publisher lacks as NaN (USAVars' -999, Copernicus-Bench's
    # inf): one made the loss NaN, then every weight after the step, and the metrics NaN
    task = RegressionTask(model="timm/test_resnet", in_chans=1)
    task.model = Given()
    preds = torch.tensor([[1.0], [2.0], [5.0], [7.0]])
    labels = torch.tensor([2.0, float("nan"), 3.0, float("inf")])
    items = [{"image": x, "label": y} for x, y in zip(preds, labels)]
    result = _trainer(tmp_path).validate(task, _loader(items, 4), verbose=False)[0]
    assert result["val_MAE"] == pytest.approx((1 + 2) / 2)
    assert result["val_loss"] == pytest.approx((1 + 4) / 2)
    nothing = [{"image": x, "label": torch.tensor(float("nan"))} for x in preds]
    assert _trainer(tmp_path).validate(task, _loader(nothing, 4),
                                       verbose=False)[0]["val_loss"] == 0.0
    dense = PixelwiseRegressionTask(model="fcn", in_chans=1, model_kwargs={"num_filters": 4})
    dense.model = Given()
    maps = [{"image": torch.tensor([[[1.0, 2.0], [3.0, 4.0]]]),
             "mask": torch.tensor([[2.0, float("nan")], [3.0, 6.0]])}]
    result = _trainer(tmp_path).validate(dense, _loader(maps, 1), verbose=False)[0]
    assert result["val_MAE"] == pytest.approx((1 + 0 + 2) / 3)


def test_multilabel_metrics_read_logits_as_logits(tmp_path: Path) -> None:
    # every logit lies in [0, 1] and every sigmoid is above 0.5: all labels predicted. Read
    # as probabilities, 0.3 and 0.2 would have fallen under the threshold
    task = MultiLabelClassificationTask(model="timm/test_resnet", in_chans=3, num_classes=3)
    task.model = Given()
    logits = torch.tensor([[0.3, 0.2, 0.9], [0.1, 0.4, 0.8]])
    items = [{"image": x, "label": torch.ones(3, dtype=torch.long)} for x in logits]
    result = _trainer(tmp_path).validate(task, _loader(items, 2), verbose=False)[0]
    assert result["val_OA"] == pytest.approx(1.0) and result["val_F1"] == pytest.approx(1.0)


def test_training_metrics_are_logged_per_epoch(tmp_path: Path) -> None:
    # 3 batches of 4: the first all right, the others all wrong: train_OA of the epoch 1/3
    task = ClassificationTask(model="timm/test_resnet", in_chans=3, num_classes=3, lr=0.0)
    task.model = Given()
    items = []
    for right in (True, False, False):
        for i in range(4):
            logits = torch.full((3,), -5.0)
            logits[i % 3 if right else (i + 1) % 3] = 5.0
            items.append({"image": logits, "label": torch.tensor(i % 3)})
    trainer = _trainer(tmp_path, max_epochs=1, log_every_n_steps=1)
    trainer.fit(task, _loader(items, 4))
    assert trainer.callback_metrics["train_OA"].item() == pytest.approx(1 / 3)


def test_a_split_region_smaller_than_a_patch_is_refused(scene_root: Path) -> None:
    # the default split gives val and test 0.1 of a 256 m scene: 25.6 m (26 m with
    # the cuts on the 2 m pixel grid), under a 64 m patch,
    # so their tiles would score the other split's pixels and the fill beyond the data
    dm = GeoDataModule(["tiny_scene_image", "tiny_scene_mask"],
                       dataset_kwargs={"paths": str(scene_root)}, patch_size=32)
    # 0.8 of 256 m, cut on a pixel edge of the 2 m grid
    assert dm.region("train").width == pytest.approx(204.0)
    for stage in ("val", "test"):
        with pytest.raises(ValueError, match=rf"the {stage} region is 26 x 192"):
            dm.region(stage)
    wide = GeoDataModule(["tiny_scene_image", "tiny_scene_mask"],
                         dataset_kwargs={"paths": str(scene_root)}, patch_size=32,
                         split=(0.5, 0.25, 0.25))
    assert math.isclose(wide.region("val").width, 64.0)
    assert len(wide.val_dataloader()) >= 1


def test_split_regions_share_no_pixel_and_their_tiles_stay_inside(scene_root: Path) -> None:
    # a 256 m scene of 2 m pixels cut at 0.5 and 0.77: the second cut, 197.12 m in, splits a
    # pixel, which both regions' tiles (widened onto whole pixels) read and scored
    dm = GeoDataModule(["tiny_scene_image", "tiny_scene_mask"],
                       dataset_kwargs={"paths": str(scene_root)}, patch_size=16,
                       split=(0.5, 0.27, 0.23))
    columns = {}
    for stage in ("val", "test"):
        region = dm.region(stage)
        tiles = list(dm.grid_dataloader(stage, even_shards=False).sampler)
        assert tiles and all(region.contains(t) for t in tiles)
        x0 = dm._dataset().bounds.minx
        columns[stage] = {c for t in tiles
                          for c in range(round((t.minx - x0) / 2), round((t.maxx - x0) / 2))}
    assert dm.region("val").maxx == dm.region("test").minx
    assert not columns["val"] & columns["test"]
    assert max(columns["val"]) + 1 == min(columns["test"])  # nothing lost between them


def test_an_official_split_named_validation_is_used(tmp_path: Path) -> None:
    # MapInWild publishes train / validation / test: validation is the val split, not 20 %
    # carved out of train
    from fakedata import mapinwild as fake
    from geoplug.trainers import NonGeoDataModule

    fake.make(tmp_path)
    dm = NonGeoDataModule("mapinwild", root=str(tmp_path), batch_size=2)
    assert "validation" in dm.splits()
    dm.setup("fit")
    val, train = dm.datasets["val"], dm.datasets["train"]
    assert getattr(val, "split", None) == "validation"
    assert getattr(train, "split", None) == "train"  # whole: nothing carved out of it


def test_an_ignored_class_is_left_out_of_the_macro_averages() -> None:
    # class 0 ignored. Targets 1, 1, 2, 0 (the last pixel ignored); predictions 0, 1, 2, 1:
    # class 1 recall 1/2, class 2 recall 1, F1 2/3 and 1. The prediction of class 0 on a
    # valid pixel used to bring class 0 into the averages with a score of 0
    from geoplug.trainers.base import accuracy_f1_metrics

    metrics = accuracy_f1_metrics(3, ignore_index=0)
    preds, target = torch.tensor([0, 1, 2, 1]), torch.tensor([1, 1, 2, 0])
    for metric in metrics.values():
        metric.update(preds, target)
    assert metrics["OA"].compute().item() == pytest.approx(2 / 3)
    assert metrics["AA"].compute().item() == pytest.approx((1 / 2 + 1) / 2)
    assert metrics["F1"].compute().item() == pytest.approx((2 / 3 + 1) / 2)
    outside = accuracy_f1_metrics(3, ignore_index=255)  # not a class: torchmetrics' own
    assert type(outside["AA"]).__name__ == "MulticlassAccuracy"


def test_a_resumed_run_keeps_the_learning_rate_of_an_uninterrupted_one(tmp_path: Path) -> None:
    # a model whose validation loss never improves, patience 0: the rate falls tenfold each
    # epoch after the first. The checkpoint of epoch 3 must hold the rate after that epoch's
    # step, so that epochs 4 and 5 resumed from it run as they would have straight on
    from pytorch_lightning.callbacks import Callback, ModelCheckpoint

    class Rates(Callback):
        def __init__(self) -> None:
            self.seen: list[float] = []

        def on_train_epoch_start(self, trainer: pl.Trainer, module: Any) -> None:
            self.seen.append(trainer.optimizers[0].param_groups[0]["lr"])

    def task() -> ClassificationTask:
        made = ClassificationTask(model="timm/test_resnet", in_chans=3, num_classes=3,
                                  lr=1e-3, patience=0)
        made.model = Given()
        return made

    generator = torch.Generator().manual_seed(0)
    items = [{"image": torch.randn(3, generator=generator), "label": torch.tensor(i % 3)}
             for i in range(8)]

    def fit(epochs: int, rates: Rates, resume: Path | None, folder: str) -> None:
        trainer = pl.Trainer(accelerator="cpu", devices=1, logger=False, max_epochs=epochs,
                             enable_progress_bar=False, enable_model_summary=False,
                             num_sanity_val_steps=0, default_root_dir=tmp_path,
                             callbacks=[rates, ModelCheckpoint(dirpath=tmp_path / folder,
                                                               save_last=True)])
        trainer.fit(task(), _loader(items, 4), _loader(items, 4), ckpt_path=resume)

    straight, first, resumed = Rates(), Rates(), Rates()
    fit(5, straight, None, "straight")
    fit(3, first, None, "first")
    fit(5, resumed, tmp_path / "first" / "last.ckpt", "resumed")
    assert straight.seen == pytest.approx([1e-3, 1e-3, 1e-4, 1e-5, 1e-6])
    assert first.seen + resumed.seen == pytest.approx(straight.seen)


def test_scored_pixels_count_each_pixel_of_a_pass_once() -> None:
    from geoplug.core import BoundingBox
    from geoplug.trainers.tile_scoring import ScoredPixels

    scoring = ScoredPixels()
    first = BoundingBox(0, 8, 0, 8, 0, 1)  # 8 x 8 pixels of 1 m
    pulled_back = BoundingBox(5, 13, 0, 8, 0, 1)  # the last column, pulled back by 3 m
    assert scoring.owned(first, 8, 8).all()
    owned = scoring.owned(pulled_back, 8, 8)
    assert not owned[:, :3].any() and owned[:, 3:].all()
    later = BoundingBox(5, 13, 0, 8, 1, 2)  # the same place, another scene's time: all scored
    assert scoring.owned(later, 8, 8).all()
    # a box seen again within the pass (overlapping scenes tiled on one grid) scores nothing
    assert not scoring.owned(first, 8, 8).any()


def test_ranks_score_each_test_pixel_once_between_them(scene_root: Path,
                                                       monkeypatch: pytest.MonkeyPatch) -> None:
    # 24-pixel tiles over a 32 x 96 pixel test region, shared by 2 or 3 ranks: each rank
    # marked only its own tiles' overlaps, so the overlap of one rank's last tile and the
    # next rank's first was scored on both (and a rank's padding tiles again)
    pixels = 32 * 96
    for ranks in (1, 2, 3):
        monkeypatch.setattr(torch.distributed, "is_initialized", lambda: True)
        monkeypatch.setattr(torch.distributed, "get_world_size", lambda group=None, n=ranks: n)
        scored = read = 0
        for rank in range(ranks):
            monkeypatch.setattr(torch.distributed, "get_rank", lambda group=None, r=rank: r)
            dm = GeoDataModule(["tiny_scene_image", "tiny_scene_mask"],
                               dataset_kwargs={"paths": str(scene_root)}, patch_size=24,
                               batch_size=2, split=(0.5, 0.25, 0.25), statistics=0)
            for batch in dm.test_dataloader():
                read += batch["mask"].numel()
                scored += int(dm._with_scored(batch, "test")["scored"].sum())
        assert read > pixels and scored == pixels, (ranks, scored)


def test_overlapping_scenes_score_each_test_pixel_once_in_every_pass(tmp_path: Path) -> None:
    # two same-date scenes overlapping by 30 of their 50 columns, image & mask of two files
    # each: their grid tiles coincide, and a repeated box started a new pass, so the
    # overlap was scored again (3,200 pixels for a 1,400-pixel region; OA 0.75 for 0.43)
    import rasterio
    from rasterio.transform import from_origin

    from geoplug.core import RasterDataset

    for name, x0 in (("a", 300000.0), ("b", 300040.0)):
        cols = np.arange(50) + round((x0 - 300000.0) / 2)
        image = np.stack([np.broadcast_to(cols, (20, 50)),
                          np.broadcast_to(np.arange(20)[:, None], (20, 50))]).astype(np.uint16)
        mask = np.broadcast_to((cols >= 20) & (cols < 50), (20, 50)).astype(np.uint8)
        for kind, data in (("img", image), ("msk", mask[None])):
            with rasterio.open(tmp_path / f"{kind}_{name}.tif", "w", driver="GTiff", width=50,
                               height=20, count=len(data), dtype=data.dtype, crs="EPSG:32618",
                               transform=from_origin(x0, 4500000.0, 2, 2)) as dst:
                dst.write(data)

    class Image(RasterDataset):
        filename_glob = "img_*.tif"

    class Mask(RasterDataset):
        filename_glob = "msk_*.tif"
        is_image = False

    class Ones(torch.nn.Module):  # class 1 everywhere: right on the 600 overlap pixels
        def forward(self, x: torch.Tensor) -> torch.Tensor:
            out = torch.zeros(x.shape[0], 2, *x.shape[-2:])
            out[:, 1] = 1.0
            return out

    dataset = Image(str(tmp_path)) & Mask(str(tmp_path))
    dm = GeoDataModule(dataset, patch_size=10, batch_size=4, mean=[0.0, 0.0], std=[1.0, 1.0],
                       test_roi=[300000.0, 300140.0, 4499960.0, 4500000.0])
    task = SemanticSegmentationTask(model="fcn", in_chans=2, num_classes=2,
                                    model_kwargs={"num_filters": 4})
    task.model = Ones()
    trainer = _trainer(tmp_path)
    for _ in range(2):  # a second run scores its pixels again
        metrics = trainer.test(task, datamodule=dm, verbose=False)[0]
        assert metrics["test_OA"] == pytest.approx(600 / 1400)


def test_overlapping_grid_tiles_score_each_test_pixel_once(scene_root: Path,
                                                             tmp_path: Path) -> None:
    # 24-pixel tiles over a 32 x 96 pixel test region: the last column of tiles is pulled
    # back inside the region, and its 16 overlapping columns were scored twice (4,608
    # pixels for 3,072)
    dm = GeoDataModule(["tiny_scene_image", "tiny_scene_mask"],
                       dataset_kwargs={"paths": str(scene_root)}, patch_size=24, batch_size=4,
                       split=(0.5, 0.25, 0.25), statistics=0)
    region = dm.region("test")
    pixels = round(region.width / 2) * round(region.height / 2)
    assert pixels == 32 * 96

    class Counted(pl.Callback):
        def __init__(self) -> None:
            self.scored = self.read = 0
            self.confmat = torch.zeros(())

        def on_test_batch_end(self, trainer: pl.Trainer, task: pl.LightningModule,
                              outputs: Any, batch: Any, *args: Any) -> None:
            self.read += batch["mask"].numel()
            self.scored += int(batch["scored"].sum()) if "scored" in batch else -1
            self.confmat = task.test_class_iou.confmat.sum()  # pixels the metrics took

    counted = Counted()
    task = SemanticSegmentationTask(model="fcn", in_chans=4, num_classes=3,
                                    model_kwargs={"num_filters": 4})
    _trainer(tmp_path, callbacks=[counted]).test(task, datamodule=dm)
    assert counted.read > pixels  # the tiles overlap ...
    assert int(counted.confmat) == pixels  # ... the scores do not
    assert counted.scored == pixels
