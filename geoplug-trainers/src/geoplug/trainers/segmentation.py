"""Dense tasks: semantic segmentation and change detection (per-pixel classes) and pixelwise
regression (per-pixel values such as biomass or elevation)."""

from __future__ import annotations

import math
from collections.abc import Sequence
from typing import Any

from torch import Tensor
from torchmetrics import MeanAbsoluteError, MeanSquaredError
from torchmetrics.classification import MulticlassJaccardIndex

from geoplug.trainers.base import SupervisedTask, accuracy_f1_metrics
from geoplug.trainers.losses import build_loss

__all__ = ["ChangeDetectionTask", "PixelwiseRegressionTask", "SemanticSegmentationTask"]


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
        class_weights: one loss weight per class (rare classes higher), or ``None``.
        freeze_backbone: keep the pre-trained encoder fixed (train decoder and head).
        freeze_decoder: keep the decoder fixed too (with ``freeze_backbone``: train the head).
        layer_decay: layer-wise learning-rate decay of a transformer encoder (e.g. 0.75).

    ``image`` may be a time series ``[B,T,C,H,W]`` when the model takes one (Prithvi).
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
        class_weights: Sequence[float] | None = None,
        freeze_backbone: bool = False,
        freeze_decoder: bool = False,
        layer_decay: float | None = None,
    ) -> None:
        super().__init__()
        self.save_hyperparameters()
        metrics = accuracy_f1_metrics(num_classes, ignore_index=ignore_index)
        metrics["mIoU"] = MulticlassJaccardIndex(num_classes, average="macro",
                                                 ignore_index=ignore_index)
        self._setup(model, weights, in_chans, num_classes, bands, model_kwargs,
                    build_loss(loss, ignore_index=ignore_index, class_weights=class_weights,
                               num_classes=num_classes),
                    metrics, freeze_backbone=freeze_backbone, freeze_decoder=freeze_decoder,
                    layer_decay=layer_decay)
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
        ignored = self.hparams.get("ignore_index")
        for i, value in enumerate(values.tolist()):
            if i != ignored:  # a class left out of the scores has no IoU
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
        class_weights: Sequence[float] | None = None,
        freeze_backbone: bool = False,
        freeze_decoder: bool = False,
        layer_decay: float | None = None,
    ) -> None:
        super().__init__(model=model, weights=weights, in_chans=in_chans,
                         num_classes=num_classes, loss=loss, ignore_index=ignore_index, lr=lr,
                         patience=patience, weight_decay=weight_decay, bands=bands,
                         model_kwargs=model_kwargs, class_weights=class_weights,
                         freeze_backbone=freeze_backbone, freeze_decoder=freeze_decoder,
                         layer_decay=layer_decay)


class PixelwiseRegressionTask(SupervisedTask):
    """``image`` ``[B,C,H,W]`` -> a value per pixel (``mask`` float32 ``[B,H,W]`` or
    ``[B,k,H,W]``): per-pixel MAE and RMSE.

    Dense targets such as above-ground biomass, canopy height or elevation. The model is any
    segmentation model (its ``num_classes`` outputs are the ``num_outputs`` values).

    Args:
        model: registry name of a dense model (``unet``, ``upernet``, ``deeplabv3plus``...).
        num_outputs: values per pixel (1: a ``[B,H,W]`` target; ``k``: ``[B,k,H,W]``).
        loss: ``mse`` or ``mae``.
        nodata: a target value excluded from loss and metrics (e.g. -9999), or ``None``;
            NaN and infinite targets are always excluded.
        weights, in_chans, lr, patience, weight_decay, bands, model_kwargs: as
            :class:`SemanticSegmentationTask`, like ``freeze_backbone``, ``freeze_decoder``
            and ``layer_decay``.
    """

    target_key = "mask"

    def __init__(
        self,
        model: str = "unet",
        weights: str | None = None,
        in_chans: int = 3,
        num_outputs: int = 1,
        loss: str = "mse",
        nodata: float | None = None,
        lr: float = 1e-3,
        patience: int = 6,
        weight_decay: float = 1e-2,
        bands: Sequence[str] | None = None,
        model_kwargs: dict[str, Any] | None = None,
        freeze_backbone: bool = False,
        freeze_decoder: bool = False,
        layer_decay: float | None = None,
    ) -> None:
        """
        Raises:
            ValueError: ``num_outputs`` < 1 or a loss other than ``mse``/``mae``.
        """
        super().__init__()
        self.save_hyperparameters()
        if num_outputs < 1:
            raise ValueError(f"num_outputs must be at least 1, got {num_outputs}")
        if loss.lower() not in ("mse", "mae", "l1"):
            raise ValueError(f"pixelwise regression takes loss 'mse' or 'mae', got {loss!r}")
        self._setup(model, weights, in_chans, num_outputs, bands, model_kwargs, build_loss(loss),
                    {"MAE": MeanAbsoluteError(), "RMSE": MeanSquaredError(squared=False)},
                    freeze_backbone=freeze_backbone, freeze_decoder=freeze_decoder,
                    layer_decay=layer_decay)

    def _prepare(self, logits: Tensor, target: Tensor) -> tuple[Tensor, Tensor, Tensor, Tensor]:
        """Per-pixel predictions and targets of the same shape, nodata pixels dropped.

        Raises:
            ValueError: the target's shape does not fit the model's output.
        """
        target = target.float()
        if target.ndim == logits.ndim - 1:
            target = target.unsqueeze(1)
        if target.shape != logits.shape:
            raise ValueError(
                f"pixelwise regression target {tuple(target.shape)} does not fit the model "
                f"output {tuple(logits.shape)}; mask must be [B,H,W] (num_outputs=1) or "
                f"[B,{logits.shape[1]},H,W]")
        nodata = self.hparams.get("nodata")
        keep = target.isfinite()  # NaN or infinite: never a value (NaN never equals nodata)
        if nodata is not None and not math.isnan(float(nodata)):
            keep &= target != float(nodata)
        if not bool(keep.all()):
            preds, target = logits[keep], target[keep]
            return preds, target, preds, target
        return logits, target, logits.flatten(), target.flatten()

    def predict_step(self, batch: dict[str, Any], batch_idx: int) -> Tensor:
        """Predicted values ``[B, num_outputs, H, W]``."""
        return self(batch[self.input_key])
