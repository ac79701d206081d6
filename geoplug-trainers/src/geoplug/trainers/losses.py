"""Losses selectable by name in a config: ``ce``, ``jaccard``, ``focal`` (and ``bce``, ``mse``).

Jaccard and focal losses are written here because torch ships neither in a multi-class form;
both follow the usual definitions (soft IoU over softmax probabilities; Lin et al. 2017).
Class weights (``class_weights=`` of the tasks) weight each class's share of the loss, as
``torch.nn.CrossEntropyLoss(weight=...)`` does: rare classes count for more.
"""

from __future__ import annotations

from collections.abc import Sequence

import torch
import torch.nn.functional as F
from torch import Tensor, nn

__all__ = ["FocalLoss", "JaccardLoss", "build_loss", "class_weight_tensor"]


class JaccardLoss(nn.Module):
    """``1 - soft IoU`` averaged over the classes present in the batch (targets ``[B,H,W]``).

    Optimises the metric a segmentation is judged by (mIoU) directly, which helps with rare
    classes that cross-entropy tends to ignore.
    """

    weight: Tensor | None

    def __init__(self, ignore_index: int | None = None, smooth: float = 1.0,
                 weight: Tensor | None = None) -> None:
        super().__init__()
        self.ignore_index = ignore_index
        self.smooth = smooth
        self.register_buffer("weight", weight)

    def forward(self, logits: Tensor, target: Tensor) -> Tensor:
        num_classes = logits.shape[1]
        probs = logits.softmax(dim=1)
        valid = torch.ones_like(target, dtype=torch.bool)
        if self.ignore_index is not None:
            valid = target != self.ignore_index
        safe = torch.where(valid, target, torch.zeros_like(target))
        onehot = F.one_hot(safe, num_classes).movedim(-1, 1).to(probs.dtype)
        weight = valid.unsqueeze(1).to(probs.dtype)
        dims = (0, *range(2, logits.ndim))
        inter = (probs * onehot * weight).sum(dims)
        union = ((probs + onehot - probs * onehot) * weight).sum(dims)
        iou = (inter + self.smooth) / (union + self.smooth)
        present = onehot.mul(weight).sum(dims) > 0
        if not present.any():
            present = torch.ones_like(present)
        if self.weight is None:
            return 1 - iou[present].mean()
        w = self.weight.to(iou.dtype)[present]
        return 1 - (iou[present] * w).sum() / w.sum().clamp_min(1e-12)


class FocalLoss(nn.Module):
    """Multi-class focal loss: cross-entropy scaled by ``(1 - p_t) ** gamma``.

    Down-weights easy pixels/images so training concentrates on hard, often rare, examples.
    """

    weight: Tensor | None

    def __init__(self, gamma: float = 2.0, ignore_index: int | None = None,
                 weight: Tensor | None = None) -> None:
        super().__init__()
        self.gamma = gamma
        self.ignore_index = ignore_index
        self.register_buffer("weight", weight)

    def forward(self, logits: Tensor, target: Tensor) -> Tensor:
        ignore = -100 if self.ignore_index is None else self.ignore_index
        ce = F.cross_entropy(logits, target, reduction="none", ignore_index=ignore)
        pt = torch.exp(-ce)
        loss = (1 - pt) ** self.gamma * ce
        valid = target != ignore
        if not valid.any():
            return loss.sum() * 0
        if self.weight is None:
            return loss[valid].mean()
        w = self.weight.to(loss.dtype)[target[valid]]
        return (loss[valid] * w).sum() / w.sum().clamp_min(1e-12)


class CrossEntropyLoss(nn.CrossEntropyLoss):
    """Cross-entropy that is 0 (with a gradient) on a batch whose every target is
    ``ignore_index``; torch's mean over no pixel is NaN, which would poison ``val_loss`` and
    with it early stopping and the learning-rate schedule."""

    def forward(self, logits: Tensor, target: Tensor) -> Tensor:
        if target.dtype.is_floating_point or bool((target != self.ignore_index).any()):
            return super().forward(logits, target)
        return logits.sum() * 0


class MaskedLoss(nn.Module):
    """A regression loss over the targets present: 0 (with a gradient) when there is none,
    where torch's mean over no value is NaN."""

    def __init__(self, loss: nn.Module) -> None:
        super().__init__()
        self.loss = loss

    def forward(self, preds: Tensor, target: Tensor) -> Tensor:
        if target.numel() == 0:
            return preds.sum() * 0
        return self.loss(preds, target)


def class_weight_tensor(class_weights: Sequence[float] | None,
                        num_classes: int | None) -> Tensor | None:
    """``class_weights`` as a float tensor, checked against ``num_classes``.

    Raises:
        ValueError: a count other than ``num_classes``, or a negative or all-zero weight.
    """
    if class_weights is None:
        return None
    weights = torch.as_tensor([float(w) for w in class_weights], dtype=torch.float32)
    if num_classes is not None and weights.numel() != num_classes:
        raise ValueError(f"class_weights has {weights.numel()} values but the task has "
                         f"{num_classes} classes; give one weight per class")
    if bool((weights < 0).any()) or not bool((weights > 0).any()):
        raise ValueError(f"class_weights must be non-negative and not all zero, got "
                         f"{weights.tolist()}")
    return weights


def build_loss(name: str, ignore_index: int | None = None, multilabel: bool = False,
               class_weights: Sequence[float] | None = None,
               num_classes: int | None = None) -> nn.Module:
    """The loss called ``name``, optionally weighting classes by ``class_weights``.

    Raises:
        ValueError: unknown name, one that does not fit a multi-label task, class weights
            for a regression loss, or class weights that do not fit ``num_classes``.
    """
    key = name.lower()
    weight = class_weight_tensor(class_weights, num_classes)
    if weight is not None and key in ("mse", "mae", "l1"):
        raise ValueError(f"class_weights apply to classification losses, not to {name!r}")
    if multilabel:
        if key in ("bce", "ce"):
            return nn.BCEWithLogitsLoss(weight=weight)
        if weight is not None:
            raise ValueError(f"class_weights with the multi-label {name!r} loss are not "
                             "supported; use loss='bce'")
        if key == "focal":
            from torchvision.ops import sigmoid_focal_loss

            class _SigmoidFocal(nn.Module):
                def forward(self, logits: Tensor, target: Tensor) -> Tensor:
                    return sigmoid_focal_loss(logits, target.float(), reduction="mean")

            return _SigmoidFocal()
        raise ValueError(f"loss {name!r} does not apply to multi-label tasks; use 'bce' or "
                         "'focal'")
    if key == "ce":
        return CrossEntropyLoss(weight=weight,
                                ignore_index=-100 if ignore_index is None else ignore_index)
    if key == "jaccard":
        return JaccardLoss(ignore_index=ignore_index, weight=weight)
    if key == "focal":
        return FocalLoss(ignore_index=ignore_index, weight=weight)
    if key == "mse":
        return MaskedLoss(nn.MSELoss())
    if key in ("mae", "l1"):
        return MaskedLoss(nn.L1Loss())
    raise ValueError(f"unknown loss {name!r}; choose one of ce, jaccard, focal, bce, mse, mae")
