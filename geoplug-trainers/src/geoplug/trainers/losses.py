"""Losses selectable by name in a config: ``ce``, ``jaccard``, ``focal`` (and ``bce``, ``mse``).

Jaccard and focal losses are written here because torch ships neither in a multi-class form;
both follow the usual definitions (soft IoU over softmax probabilities; Lin et al. 2017).
"""

from __future__ import annotations

import torch
import torch.nn.functional as F
from torch import Tensor, nn

__all__ = ["FocalLoss", "JaccardLoss", "build_loss"]


class JaccardLoss(nn.Module):
    """``1 - soft IoU`` averaged over the classes present in the batch (targets ``[B,H,W]``).

    Optimises the metric a segmentation is judged by (mIoU) directly, which helps with rare
    classes that cross-entropy tends to ignore.
    """

    def __init__(self, ignore_index: int | None = None, smooth: float = 1.0) -> None:
        super().__init__()
        self.ignore_index = ignore_index
        self.smooth = smooth

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
        if present.any():
            return 1 - iou[present].mean()
        return 1 - iou.mean()


class FocalLoss(nn.Module):
    """Multi-class focal loss: cross-entropy scaled by ``(1 - p_t) ** gamma``.

    Down-weights easy pixels/images so training concentrates on hard, often rare, examples.
    """

    def __init__(self, gamma: float = 2.0, ignore_index: int | None = None) -> None:
        super().__init__()
        self.gamma = gamma
        self.ignore_index = ignore_index

    def forward(self, logits: Tensor, target: Tensor) -> Tensor:
        ignore = -100 if self.ignore_index is None else self.ignore_index
        ce = F.cross_entropy(logits, target, reduction="none", ignore_index=ignore)
        pt = torch.exp(-ce)
        loss = (1 - pt) ** self.gamma * ce
        valid = target != ignore
        return loss[valid].mean() if valid.any() else loss.sum() * 0


def build_loss(name: str, ignore_index: int | None = None, multilabel: bool = False
               ) -> nn.Module:
    """The loss called ``name``.

    Raises:
        ValueError: unknown name, or one that does not fit a multi-label task.
    """
    key = name.lower()
    if multilabel:
        if key in ("bce", "ce"):
            return nn.BCEWithLogitsLoss()
        if key == "focal":
            from torchvision.ops import sigmoid_focal_loss

            class _SigmoidFocal(nn.Module):
                def forward(self, logits: Tensor, target: Tensor) -> Tensor:
                    return sigmoid_focal_loss(logits, target.float(), reduction="mean")

            return _SigmoidFocal()
        raise ValueError(f"loss {name!r} does not apply to multi-label tasks; use 'bce' or "
                         "'focal'")
    if key == "ce":
        return nn.CrossEntropyLoss(ignore_index=-100 if ignore_index is None else ignore_index)
    if key == "jaccard":
        return JaccardLoss(ignore_index=ignore_index)
    if key == "focal":
        return FocalLoss(ignore_index=ignore_index)
    if key == "mse":
        return nn.MSELoss()
    if key in ("mae", "l1"):
        return nn.L1Loss()
    raise ValueError(f"unknown loss {name!r}; choose one of ce, jaccard, focal, bce, mse, mae")
