"""Contrastive self-supervised pre-training beside BYOL: SimCLR and MoCo (v2 and v3 styles).

Both learn a registry backbone from two augmented views of each unlabelled image (the views
of :meth:`geoplug.trainers.byol.BYOLTask.augment`, valid for any band count):

- SimCLR (Chen et al., 2020): backbone and projector on both views; the NT-Xent loss makes each
  view pick its partner among the ``2N - 1`` other views of the batch.
- MoCo (He et al., 2020; Chen et al., 2020 "v2"; Chen et al., 2021 "v3"): a query network and
  a key network that follows it as an exponential moving average. With ``queue_size > 0``
  (v2) the negatives are the keys of past batches kept in a queue; with ``queue_size=0`` (v3)
  they are the other keys of the batch, the query network has a predictor and the loss is
  symmetric.

Negatives come from the local batch (and queue) of each device; they are not gathered across
devices. After training, ``task.backbone`` holds the pre-trained encoder.
"""

from __future__ import annotations

import copy
from collections.abc import Sequence
from typing import Any

import torch
import torch.nn.functional as F
from torch import Tensor, nn

from geoplug.trainers.base import BaseTask, build_backbone_model
from geoplug.trainers.byol import BYOLTask, _mlp, moving_average

__all__ = ["MoCoTask", "SimCLRTask", "info_nce", "nt_xent_loss"]


def nt_xent_loss(z1: Tensor, z2: Tensor, temperature: float) -> Tensor:
    """SimCLR's normalised temperature-scaled cross-entropy over the ``2N`` views.

    Row ``i`` of ``z1`` and row ``i`` of ``z2`` are the positive pair; every other view of the
    batch is a negative.
    """
    z = F.normalize(torch.cat([z1, z2]), dim=1)
    n = z1.shape[0]
    logits = z @ z.T / temperature
    logits = logits.masked_fill(torch.eye(2 * n, dtype=torch.bool, device=z.device),
                                float("-inf"))
    targets = torch.cat([torch.arange(n, 2 * n), torch.arange(n)]).to(z.device)
    return F.cross_entropy(logits, targets)


def info_nce(query: Tensor, key: Tensor, negatives: Tensor | None, temperature: float) -> Tensor:
    """MoCo's InfoNCE: each query against its key and the negatives.

    ``negatives`` ``[K, D]`` (v2: the queue) are shared by all queries; with ``None`` (v3) the
    other keys of the batch are the negatives.
    """
    q, k = F.normalize(query, dim=1), F.normalize(key.detach(), dim=1)
    if negatives is None:
        logits = q @ k.T / temperature
        return F.cross_entropy(logits, torch.arange(q.shape[0], device=q.device))
    positive = (q * k).sum(dim=1, keepdim=True)
    logits = torch.cat([positive, q @ F.normalize(negatives, dim=1).T], dim=1) / temperature
    return F.cross_entropy(logits, torch.zeros(q.shape[0], dtype=torch.long, device=q.device))


class _TwoViewTask(BaseTask):
    """What SimCLR and MoCo share: the backbone, the views and the train/val steps."""

    backbone: nn.Module

    def _backbone(self, model: str, weights: str | None, in_chans: int,
                  bands: Sequence[str] | None) -> int:
        self.backbone = build_backbone_model(model, weights, in_chans, 0, bands)
        features = getattr(self.backbone, "num_features", None)
        if features is None:
            raise ValueError(f"model {model!r} does not say its feature width (num_features); "
                             "use a timm backbone")
        return int(features)

    def forward(self, x: Tensor) -> Tensor:
        """Backbone features ``[B, num_features]`` (what downstream tasks reuse)."""
        out: Tensor = self.backbone(x)
        return out

    def _loss(self, x: Tensor, update: bool) -> Tensor:
        raise NotImplementedError

    def training_step(self, batch: dict[str, Any], batch_idx: int) -> Tensor:
        loss = self._loss(batch["image"], update=True)
        self.log("train_loss", loss, prog_bar=True, batch_size=batch["image"].shape[0])
        return loss

    def validation_step(self, batch: dict[str, Any], batch_idx: int) -> None:
        loss = self._loss(batch["image"], update=False)
        self.log("val_loss", loss, sync_dist=True, batch_size=batch["image"].shape[0])

    def predict_step(self, batch: dict[str, Any], batch_idx: int) -> Tensor:
        return self(batch["image"])


class SimCLRTask(_TwoViewTask):
    """SimCLR pre-training of ``model`` on unlabelled ``image`` batches.

    Args:
        model: registry name of the backbone (built with ``num_classes=0``).
        weights: registry name of initial weights, or ``None``.
        in_chans: number of input bands.
        hidden_dim, projection_dim: sizes of the projector MLP.
        temperature: softmax temperature of the NT-Xent loss.
        lr, patience, weight_decay, bands: as the other tasks.
    """

    def __init__(
        self,
        model: str = "resnet50",
        weights: str | None = None,
        in_chans: int = 3,
        hidden_dim: int = 2048,
        projection_dim: int = 128,
        temperature: float = 0.07,
        lr: float = 1e-3,
        patience: int = 10,
        weight_decay: float = 1e-4,
        bands: Sequence[str] | None = None,
    ) -> None:
        """
        Raises:
            ValueError: a temperature that is not positive, or a backbone without
                ``num_features``.
        """
        super().__init__()
        self.save_hyperparameters()
        if temperature <= 0:
            raise ValueError(f"temperature must be positive, got {temperature}")
        features = self._backbone(model, weights, in_chans, bands)
        self.projector = _mlp(features, hidden_dim, projection_dim)

    def _loss(self, x: Tensor, update: bool) -> Tensor:
        view1, view2 = BYOLTask.augment(x), BYOLTask.augment(x)
        z1 = self.projector(self.backbone(view1))
        z2 = self.projector(self.backbone(view2))
        return nt_xent_loss(z1, z2, float(self.hparams["temperature"]))


class MoCoTask(_TwoViewTask):
    """MoCo pre-training of ``model``: v2 with a queue of negatives, v3 with ``queue_size=0``.

    Args:
        model: registry name of the backbone (built with ``num_classes=0``).
        weights: registry name of initial weights, or ``None``.
        in_chans: number of input bands.
        hidden_dim, projection_dim: sizes of the projector (and v3 predictor) MLPs.
        temperature: softmax temperature of InfoNCE (0.2 in v2, 1.0 in v3 for ViTs).
        momentum: EMA decay of the key network.
        queue_size: negatives kept from past batches (v2: 65536 in the paper); 0 for v3.
        lr, patience, weight_decay, bands: as the other tasks.
    """

    queue: Tensor
    queue_ptr: Tensor
    moving_averages = ("key_backbone", "key_projector")

    def __init__(
        self,
        model: str = "resnet50",
        weights: str | None = None,
        in_chans: int = 3,
        hidden_dim: int = 2048,
        projection_dim: int = 128,
        temperature: float = 0.2,
        momentum: float = 0.99,
        queue_size: int = 4096,
        lr: float = 1e-3,
        patience: int = 10,
        weight_decay: float = 1e-4,
        bands: Sequence[str] | None = None,
    ) -> None:
        """
        Raises:
            ValueError: a temperature that is not positive, a momentum outside ``[0, 1)``, a
                negative queue size, or a backbone without ``num_features``.
        """
        super().__init__()
        self.save_hyperparameters()
        if temperature <= 0:
            raise ValueError(f"temperature must be positive, got {temperature}")
        if not 0 <= momentum < 1:
            raise ValueError(f"momentum must be in [0, 1), got {momentum}")
        if queue_size < 0:
            raise ValueError(f"queue_size must be >= 0 (0: MoCo v3, in-batch negatives), got "
                             f"{queue_size}")
        features = self._backbone(model, weights, in_chans, bands)
        self.projector = _mlp(features, hidden_dim, projection_dim)
        self.predictor = (_mlp(projection_dim, hidden_dim, projection_dim) if queue_size == 0
                          else nn.Identity())
        self.key_backbone = copy.deepcopy(self.backbone)
        self.key_projector = copy.deepcopy(self.projector)
        for param in [*self.key_backbone.parameters(), *self.key_projector.parameters()]:
            param.requires_grad_(False)
        queue = F.normalize(torch.randn(max(queue_size, 1), projection_dim), dim=1)
        self.register_buffer("queue", queue)
        self.register_buffer("queue_ptr", torch.zeros((), dtype=torch.long))

    def _keys(self, view: Tensor) -> Tensor:
        with torch.no_grad():
            out: Tensor = self.key_projector(self.key_backbone(view))
        return out

    @torch.no_grad()
    def _enqueue(self, keys: Tensor) -> None:
        size = self.queue.shape[0]
        keys = F.normalize(keys.detach().to(self.queue.dtype), dim=1)[-size:]
        index = (self.queue_ptr + torch.arange(keys.shape[0], device=keys.device)) % size
        self.queue[index] = keys
        self.queue_ptr.copy_((self.queue_ptr + keys.shape[0]) % size)

    def _loss(self, x: Tensor, update: bool) -> Tensor:
        view1, view2 = BYOLTask.augment(x), BYOLTask.augment(x)
        temperature = float(self.hparams["temperature"])
        q1 = self.predictor(self.projector(self.backbone(view1)))
        k2 = self._keys(view2)
        if int(self.hparams["queue_size"]) > 0:  # v2: one direction, negatives from the queue
            loss = info_nce(q1, k2, self.queue.clone().detach(), temperature)
            if update:
                self._enqueue(k2)
            return loss
        q2 = self.predictor(self.projector(self.backbone(view2)))
        k1 = self._keys(view1)
        # v3: symmetric, scaled by 2 * temperature as in the paper's pseudo-code
        return (info_nce(q1, k2, None, temperature)
                + info_nce(q2, k1, None, temperature)) * 2 * temperature

    def on_train_batch_start(self, batch: Any, batch_idx: int) -> None:
        self._step_at_batch_start = self.trainer.global_step  # see moving_average

    def on_train_batch_end(self, outputs: Any, batch: Any, batch_idx: int) -> None:
        """Move the key network towards the query network (exponential moving average)."""
        moving_average(self, ((self.backbone, self.key_backbone),
                              (self.projector, self.key_projector)),
                       float(self.hparams["momentum"]))
