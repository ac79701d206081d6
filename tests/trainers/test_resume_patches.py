"""A fit resumed from a checkpoint trains on the patches an uninterrupted fit trains on, epoch
by epoch, on both training paths (map-style batch sampler and read-ahead) with and without
(persistent) workers."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import pytorch_lightning as pl
import torch
from pytorch_lightning.callbacks import Callback, ModelCheckpoint

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


class _Scalar(pl.LightningModule):
    """One weight: a fit as cheap as the data it reads."""

    def __init__(self) -> None:
        super().__init__()
        self.weight = torch.nn.Parameter(torch.zeros(1))

    def training_step(self, batch: dict[str, Any], batch_idx: int) -> torch.Tensor:
        return ((self.weight * batch["image"].float().mean()) ** 2).sum()

    def configure_optimizers(self) -> torch.optim.Optimizer:
        return torch.optim.SGD(self.parameters(), lr=0.01)


def _scalar_fit(root: Path, out: Path, read_ahead: bool, workers: int,
                resume: Path | None = None, every_step: bool = False) -> dict[int, list[Any]]:
    """A 3-epoch fit of 4 batches an epoch (checkpoints after every step with
    ``every_step``); its training boxes per epoch."""
    dm = GeoDataModule(["tiny_scene_image"], dataset_kwargs={"paths": str(root)},
                       patch_size=8, batch_size=2, length=8, seed=5, split=(0.5, 0.25, 0.25),
                       statistics=0, augmentations=None, read_ahead=read_ahead,
                       num_workers=workers)
    recorder = BoxRecorder()
    callbacks: list[Callback] = [recorder]
    if every_step:
        callbacks.append(ModelCheckpoint(dirpath=out, save_top_k=-1, every_n_train_steps=1,
                                         filename="{epoch}-{step}"))
    fit = trainer(out, -1, callbacks, max_epochs=3, limit_val_batches=0,
                  enable_checkpointing=every_step)
    fit.fit(_Scalar(), datamodule=dm, ckpt_path=resume)
    return recorder.epochs


@pytest.mark.filterwarnings("ignore:Be aware that when using `ckpt_path`")
@pytest.mark.parametrize("read_ahead", [False, True], ids=["map-style", "read-ahead"])
@pytest.mark.parametrize("workers", [0, 2])
def test_a_fit_resumed_from_a_step_checkpoint_goes_on_with_the_next_batch(
        scene_root: Path, tmp_path: Path, read_ahead: bool, workers: int) -> None:
    # a checkpoint at an epoch's last batch resumed at the next epoch with the patches of the
    # epoch before; one part way through an epoch trained the epoch's first batches again
    # (the loader started the epoch from its first batch) and never its last ones
    straight = _scalar_fit(scene_root, tmp_path / "straight", read_ahead, workers,
                           every_step=True)
    assert sorted(straight) == [0, 1, 2] and all(len(v) == 4 for v in straight.values())
    assert straight[1] != straight[0] and straight[2] != straight[1]
    # after epoch 1's last batch (step 8): epoch 2, whole
    at_end = _scalar_fit(scene_root, tmp_path / "at_end", read_ahead, workers,
                         resume=tmp_path / "straight" / "epoch=1-step=8.ckpt")
    assert at_end == {2: straight[2]}
    # after 2 of epoch 1's 4 batches (step 6): the rest of epoch 1, then epoch 2
    mid = _scalar_fit(scene_root, tmp_path / "mid", read_ahead, workers,
                      resume=tmp_path / "straight" / "epoch=1-step=6.ckpt")
    assert mid == {1: straight[1][2:], 2: straight[2]}


def test_a_resume_with_another_batch_size_skips_the_patches_trained() -> None:
    # the state counted batches: 2 batches of 2 patches, resumed with batches of 4, skipped
    # 2 batches (8 patches, 4 never trained)
    from geoplug.trainers.epoch_loader import EpochDataLoader

    before = EpochDataLoader(list(range(12)), batch_size=2, epoch=lambda: 1)
    passing = iter(before)
    next(passing), next(passing)
    state = before.state_dict()
    assert state == {"epoch": 1, "batches": 2, "batch_size": 2}
    after = EpochDataLoader(list(range(12)), batch_size=4, epoch=lambda: 1)
    with pytest.warns(UserWarning, match="batches of 2; this loader's batches hold 4"):
        after.load_state_dict(state)
    assert [b.tolist() for b in after] == [[4, 5, 6, 7], [8, 9, 10, 11]]
