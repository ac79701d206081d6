"""BYOL self-supervised pre-training (Grill et al., 2020) of a registry backbone.

Two augmented views of each image go through an online network (backbone, projector,
predictor) and a target network (an exponential moving average of backbone and projector);
the online prediction of one view regresses the target projection of the other. Views are made
with kornia on the device, with augmentations that are valid for any number of bands (no
RGB-only colour jitter). After training, ``task.backbone`` holds the pre-trained encoder.
"""

from __future__ import annotations

import copy
from collections.abc import Sequence
from typing import Any

import kornia.augmentation as K
import torch
import torch.nn.functional as F
from torch import Tensor, nn

from geoplug.trainers.base import BaseTask, build_backbone_model

__all__ = ["BYOLTask", "byol_loss", "moving_average"]


def _mlp(in_dim: int, hidden: int, out: int) -> nn.Sequential:
    return nn.Sequential(nn.Linear(in_dim, hidden), nn.BatchNorm1d(hidden), nn.ReLU(inplace=True),
                         nn.Linear(hidden, out))


def byol_loss(prediction: Tensor, target: Tensor) -> Tensor:
    """``2 - 2 cos(prediction, target)``, averaged over the batch."""
    return (2 - 2 * F.cosine_similarity(prediction, target.detach(), dim=-1)).mean()


@torch.no_grad()
def moving_average(task: BaseTask, pairs: Sequence[tuple[nn.Module, nn.Module]],
                   decay: float) -> None:
    """Move each target module of ``pairs`` ``(online, target)`` towards its online one by
    an exponential moving average (buffers copied), once per optimizer step: with gradient
    accumulation the batches between two steps leave the online network unchanged, and
    averaging at each of them moved the target several times per step."""
    trainer = task._trainer
    before = getattr(task, "_step_at_batch_start", None)
    if trainer is not None and before is not None and trainer.global_step == before:
        return  # this batch's gradients were accumulated: no optimizer step
    for online, target in pairs:
        for p_online, p_target in zip(online.parameters(), target.parameters()):
            p_target.mul_(decay).add_(p_online.detach(), alpha=1 - decay)
        for b_online, b_target in zip(online.buffers(), target.buffers()):
            b_target.copy_(b_online)


class BYOLTask(BaseTask):
    """Self-supervised pre-training of ``model`` on unlabelled ``image`` batches.

    Args:
        model: registry name of the backbone (built with ``num_classes=0``: features only).
        weights: registry name of initial weights, or ``None``.
        in_chans: number of input bands.
        hidden_dim, projection_dim: sizes of the projector/predictor MLPs.
        moving_average_decay: EMA decay of the target network.
        lr, patience, weight_decay, bands: as the other tasks.
    """

    moving_averages = ("target_backbone", "target_projector")

    def __init__(
        self,
        model: str = "resnet50",
        weights: str | None = None,
        in_chans: int = 3,
        hidden_dim: int = 4096,
        projection_dim: int = 256,
        moving_average_decay: float = 0.99,
        lr: float = 1e-4,
        patience: int = 10,
        weight_decay: float = 1e-6,
        bands: Sequence[str] | None = None,
    ) -> None:
        super().__init__()
        self.save_hyperparameters()
        self.backbone = build_backbone_model(model, weights, in_chans, 0, bands)
        features = int(getattr(self.backbone, "num_features"))  # noqa: B009 - timm attribute
        self.projector = _mlp(features, hidden_dim, projection_dim)
        self.predictor = _mlp(projection_dim, hidden_dim, projection_dim)
        self.target_backbone = copy.deepcopy(self.backbone)
        self.target_projector = copy.deepcopy(self.projector)
        for param in [*self.target_backbone.parameters(), *self.target_projector.parameters()]:
            param.requires_grad_(False)

    def forward(self, x: Tensor) -> Tensor:
        """Backbone features ``[B, num_features]`` (what downstream tasks reuse)."""
        out: Tensor = self.backbone(x)
        return out

    @staticmethod
    def augment(x: Tensor) -> Tensor:
        """A random view of ``x`` (crop-and-resize, flips, rotation, blur, band-wise noise)."""
        size = (int(x.shape[-2]), int(x.shape[-1]))
        views = nn.Sequential(
            K.RandomResizedCrop(size, scale=(0.2, 1.0)),
            K.RandomHorizontalFlip(),
            K.RandomVerticalFlip(),
            K.RandomRotation(90.0, p=0.5),
            K.RandomGaussianBlur((3, 3), (0.1, 2.0), p=0.5),
            K.RandomGaussianNoise(std=0.05, p=0.5),
        ).to(x.device)
        out: Tensor = views(x.float())
        return out

    def _loss(self, x: Tensor) -> Tensor:
        view1, view2 = self.augment(x), self.augment(x)
        online1 = self.predictor(self.projector(self.backbone(view1)))
        online2 = self.predictor(self.projector(self.backbone(view2)))
        with torch.no_grad():
            target1 = self.target_projector(self.target_backbone(view1))
            target2 = self.target_projector(self.target_backbone(view2))
        return (byol_loss(online1, target2) + byol_loss(online2, target1)) / 2

    def training_step(self, batch: dict[str, Any], batch_idx: int) -> Tensor:
        loss = self._loss(batch["image"])
        self.log("train_loss", loss, prog_bar=True, batch_size=batch["image"].shape[0])
        return loss

    def validation_step(self, batch: dict[str, Any], batch_idx: int) -> None:
        loss = self._loss(batch["image"])
        self.log("val_loss", loss, sync_dist=True, batch_size=batch["image"].shape[0])

    def on_train_batch_start(self, batch: Any, batch_idx: int) -> None:
        self._step_at_batch_start = self.trainer.global_step  # see moving_average

    def on_train_batch_end(self, outputs: Any, batch: Any, batch_idx: int) -> None:
        """Move the target network towards the online one (exponential moving average)."""
        moving_average(self, ((self.backbone, self.target_backbone),
                              (self.projector, self.target_projector)),
                       float(self.hparams["moving_average_decay"]))

    def predict_step(self, batch: dict[str, Any], batch_idx: int) -> Tensor:
        return self(batch["image"])
