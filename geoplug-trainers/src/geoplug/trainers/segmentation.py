"""Semantic segmentation and change detection tasks (dense, per-pixel classes)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from torch import Tensor
from torchmetrics.classification import MulticlassJaccardIndex

from geoplug.trainers.base import SupervisedTask, accuracy_f1_metrics
from geoplug.trainers.losses import build_loss

__all__ = ["ChangeDetectionTask", "SemanticSegmentationTask"]


class SemanticSegmentationTask(SupervisedTask):
    """``image`` ``[B,C,H,W]`` -> ``mask`` ``[B,H,W]``: OA, AA, F1, mIoU and per-class IoU.

    Args:
        model: registry name (``unet``, ``unet_resnet18``, ``unet_resnet50``, ``fcn``, ...).
        weights: registry name of encoder weights, or ``None``.
        in_chans: number of input bands.
        num_classes: number of classes.
        loss: ``ce``, ``jaccard`` or ``focal``.
        ignore_index: a mask value excluded from loss and metrics (e.g. nodata), or ``None``.
        lr, patience, weight_decay, bands, model_kwargs: as
            :class:`~geoplug.trainers.classification.ClassificationTask`.

    Per-class IoU is logged at the end of each validation/test epoch as ``{stage}_IoU_{i}``.
    """

    target_key = "mask"

    def __init__(
        self,
        model: str = "unet",
        weights: str | None = None,
        in_chans: int = 3,
        num_classes: int = 2,
        loss: str = "ce",
        ignore_index: int | None = None,
        lr: float = 1e-3,
        patience: int = 6,
        weight_decay: float = 1e-2,
        bands: Sequence[str] | None = None,
        model_kwargs: dict[str, Any] | None = None,
    ) -> None:
        super().__init__()
        self.save_hyperparameters()
        metrics = accuracy_f1_metrics(num_classes, ignore_index=ignore_index)
        metrics["mIoU"] = MulticlassJaccardIndex(num_classes, average="macro",
                                                 ignore_index=ignore_index)
        self._setup(model, weights, in_chans, num_classes, bands, model_kwargs,
                    build_loss(loss, ignore_index=ignore_index), metrics)
        self.val_class_iou = MulticlassJaccardIndex(num_classes, average="none",
                                                    ignore_index=ignore_index)
        self.test_class_iou = self.val_class_iou.clone()

    def _prepare(self, logits: Tensor, target: Tensor) -> tuple[Tensor, Tensor, Tensor, Tensor]:
        target = target.long()
        return logits, target, logits.argmax(dim=1), target

    def _update_extra(self, stage: str, preds: Tensor, target: Tensor) -> None:
        if stage != "train":
            getattr(self, f"{stage}_class_iou").update(preds, target)

    def _log_class_iou(self, stage: str) -> None:
        metric = getattr(self, f"{stage}_class_iou")
        values = metric.compute()
        for i, value in enumerate(values.tolist()):
            self.log(f"{stage}_IoU_{i}", value)
        metric.reset()

    def on_validation_epoch_end(self) -> None:
        self._log_class_iou("val")

    def on_test_epoch_end(self) -> None:
        self._log_class_iou("test")

    def predict_step(self, batch: dict[str, Any], batch_idx: int) -> Tensor:
        """Per-pixel class probabilities ``[B, num_classes, H, W]``."""
        return self(batch[self.input_key]).softmax(dim=1)


class ChangeDetectionTask(SemanticSegmentationTask):
    """``image`` ``[B,2,C,H,W]`` (before, after) -> change ``mask`` ``[B,H,W]``.

    Same arguments and metrics as :class:`SemanticSegmentationTask`; the default model is
    FC-Siam-diff and ``in_chans`` counts the bands of *one* date.
    """

    def __init__(
        self,
        model: str = "fcsiam_diff",
        weights: str | None = None,
        in_chans: int = 3,
        num_classes: int = 2,
        loss: str = "ce",
        ignore_index: int | None = None,
        lr: float = 1e-3,
        patience: int = 6,
        weight_decay: float = 1e-2,
        bands: Sequence[str] | None = None,
        model_kwargs: dict[str, Any] | None = None,
    ) -> None:
        super().__init__(model=model, weights=weights, in_chans=in_chans,
                         num_classes=num_classes, loss=loss, ignore_index=ignore_index, lr=lr,
                         patience=patience, weight_decay=weight_decay, bands=bands,
                         model_kwargs=model_kwargs)
