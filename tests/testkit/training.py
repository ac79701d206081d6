"""Helpers of the trainers' tests: short Lightning runs on tiny deterministic data."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytorch_lightning as pl
import torch
from pytorch_lightning.callbacks import Callback
from torch.utils.data import DataLoader, Dataset

from geoplug.trainers import GeoDataModule, SemanticSegmentationTask
from geoplug.trainers.datamodule import collate_samples


class LossRecorder(Callback):
    """The training loss of every step."""

    def __init__(self) -> None:
        self.losses: list[float] = []

    def on_train_batch_end(self, trainer: pl.Trainer, module: pl.LightningModule,
                           outputs: Any, batch: Any, batch_idx: int) -> None:
        self.losses.append(float(outputs["loss"]))


def trainer(tmp_path: Path, max_steps: int, callbacks: list[Callback] | None = None,
            **kwargs: Any) -> pl.Trainer:
    """A quiet Lightning trainer (CPU unless ``kwargs`` say otherwise)."""
    options: dict[str, Any] = dict(
        accelerator="cpu", devices=1, max_steps=max_steps, logger=False,
        enable_progress_bar=False, enable_model_summary=False, default_root_dir=tmp_path,
        callbacks=callbacks or [], enable_checkpointing=False, num_sanity_val_steps=0)
    options.update(kwargs)
    return pl.Trainer(**options)


def falling(losses: list[float], k: int = 3) -> bool:
    """Whether the mean of the last ``k`` losses is below that of the first ``k``."""
    return sum(losses[-k:]) / k < sum(losses[:k]) / k


class Synthetic(Dataset[dict[str, Any]]):
    """Samples made by ``make(index)`` with a fixed generator: learnable, deterministic."""

    def __init__(self, n: int, make: Any) -> None:
        self.items = [make(i, torch.Generator().manual_seed(i)) for i in range(n)]

    def __len__(self) -> int:
        return len(self.items)

    def __getitem__(self, index: int) -> dict[str, Any]:
        return self.items[index]


def loader(dataset: Dataset[Any], batch_size: int = 8) -> DataLoader[Any]:
    return DataLoader(dataset, batch_size=batch_size, collate_fn=collate_samples)


def boxes_sample(i: int, g: torch.Generator) -> dict[str, Any]:
    """One bright 20 px square per image, its box and class 0."""
    image = torch.randn(5, 64, 64, generator=g) * 0.1
    x0, y0 = 8 + (i * 7) % 24, 10 + (i * 5) % 24
    image[:, y0:y0 + 20, x0:x0 + 20] += 2.0
    return {"image": image,
            "bbox_xyxy": torch.tensor([[x0, y0, x0 + 20, y0 + 20]], dtype=torch.float32),
            "label": torch.tensor([0])}


def multilabel_sample(i: int, g: torch.Generator) -> dict[str, Any]:
    """Labels 0 and 1 brighten bands 0 and 1; label 2 is always on."""
    label = torch.tensor([i % 2, (i // 2) % 2, 1], dtype=torch.int64)
    image = torch.randn(3, 32, 32, generator=g) * 0.1
    image[0] += label[0] * 2
    image[1] += label[1] * 2
    return {"image": image, "label": label}


def regression_sample(i: int, g: torch.Generator) -> dict[str, Any]:
    """The target is the image's mean level."""
    value = float(i % 4)
    return {"image": torch.randn(2, 32, 32, generator=g) * 0.1 + value,
            "label": torch.tensor(value, dtype=torch.float32)}


def change_sample(i: int, g: torch.Generator) -> dict[str, Any]:
    """A bright rectangle appears in the second image; the mask marks it."""
    before = torch.randn(3, 32, 32, generator=g) * 0.1
    after = before.clone()
    mask = torch.zeros(32, 32, dtype=torch.int64)
    y0 = (i * 5) % 16
    mask[y0:y0 + 12, 8:24] = 1
    after[:, mask.bool()] += 2.0
    return {"image": torch.stack([before, after]), "mask": mask}


def segmentation_setup(scene_root: Path, length: int
                       ) -> tuple[GeoDataModule, SemanticSegmentationTask]:
    """The tiny registered image & mask layers as a data module, and a small U-Net task."""
    dm = GeoDataModule(["tiny_scene_image", "tiny_scene_mask"],
                       dataset_kwargs={"paths": str(scene_root)}, patch_size=32,
                       batch_size=4, length=length, seed=0, split=(0.5, 0.25, 0.25))
    task = SemanticSegmentationTask(model="unet", in_chans=4, num_classes=3, lr=1e-2,
                                    loss="ce",
                                    model_kwargs={"encoder": "test_resnet",
                                                  "decoder_channels": [32, 16, 16, 8, 8]})
    return dm, task
