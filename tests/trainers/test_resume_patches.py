"""A fit resumed from a checkpoint trains on the patches an uninterrupted fit trains on, epoch
by epoch, on both training paths (map-style batch sampler and read-ahead) with and without
(persistent) workers."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import pytorch_lightning as pl
from pytorch_lightning.callbacks import Callback

from geoplug.trainers import GeoDataModule, SemanticSegmentationTask
from testkit.training import trainer


class BoxRecorder(Callback):
    """The training batches' boxes, per epoch."""

    def __init__(self) -> None:
        self.epochs: dict[int, list[Any]] = {}

    def on_train_batch_start(self, trainer: pl.Trainer, pl_module: pl.LightningModule,
                             batch: Any, batch_idx: int) -> None:
        self.epochs.setdefault(trainer.current_epoch, []).append(list(batch["bounds"]))


def _fit(root: Path, out: Path, epochs: int, read_ahead: bool, workers: int,
         resume: Path | None = None) -> dict[int, list[Any]]:
    dm = GeoDataModule(["tiny_scene_image", "tiny_scene_mask"],
                       dataset_kwargs={"paths": str(root)}, patch_size=16, batch_size=4,
                       length=8, seed=5, split=(0.5, 0.25, 0.25), statistics=0,
                       augmentations=None, read_ahead=read_ahead, num_workers=workers)
    task = SemanticSegmentationTask(model="unet", in_chans=4, num_classes=3, lr=1e-3,
                                    loss="ce", model_kwargs={
                                        "encoder": "test_resnet",
                                        "decoder_channels": [32, 16, 16, 8, 8]})
    recorder = BoxRecorder()
    fit = trainer(out, -1, [recorder], max_epochs=epochs, limit_val_batches=0)
    fit.fit(task, datamodule=dm, ckpt_path=resume)
    if resume is None:
        fit.save_checkpoint(out / "last.ckpt")
    return recorder.epochs


@pytest.mark.parametrize("read_ahead", [False, True], ids=["map-style", "read-ahead"])
@pytest.mark.parametrize("workers", [0, 2])
def test_a_resumed_fit_draws_the_patches_of_an_uninterrupted_one(
        scene_root: Path, tmp_path: Path, read_ahead: bool, workers: int) -> None:
    straight = _fit(scene_root, tmp_path / "straight", 3, read_ahead, workers)
    first = _fit(scene_root, tmp_path / "first", 1, read_ahead, workers)
    resumed = _fit(scene_root, tmp_path / "resumed", 3, read_ahead, workers,
                   resume=tmp_path / "first" / "last.ckpt")
    assert sorted(straight) == [0, 1, 2] and sorted(resumed) == [1, 2]
    assert first[0] == straight[0]
    assert straight[1] != straight[0] and straight[2] != straight[1]  # a new draw each epoch
    assert resumed[1] == straight[1]
    assert resumed[2] == straight[2]
