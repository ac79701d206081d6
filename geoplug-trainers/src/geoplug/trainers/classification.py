"""Scene classification (multi-class and multi-label) and regression tasks."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from torch import Tensor
from torchmetrics import MeanAbsoluteError, MeanSquaredError

from geoplug.trainers.base import SupervisedTask, accuracy_f1_metrics
from geoplug.trainers.losses import build_loss

__all__ = ["ClassificationTask", "MultiLabelClassificationTask", "RegressionTask"]


class ClassificationTask(SupervisedTask):
    """One label per image (``label`` int64): overall accuracy, average accuracy, macro F1.

    Args:
        model: registry name of the classifier (``resnet18``, ``resnet50``, ``timm/<arch>``).
        weights: registry name of pre-trained weights, or ``None`` (random init).
        in_chans: number of input bands.
        num_classes: number of classes.
        loss: ``ce`` or ``focal``.
        lr: initial AdamW learning rate.
        patience: epochs without ``val_loss`` improvement before the lr is divided by 10.
        weight_decay: AdamW weight decay.
        bands: the input band names, to map the weights' bands by name (optional).
        model_kwargs: extra arguments of the model builder.
        class_weights: one loss weight per class (rare classes higher), or ``None``.
        freeze_backbone: train only the classifier (linear probing).
        layer_decay: layer-wise learning-rate decay of a transformer backbone (e.g. 0.65:
            each layer nearer the input learns at 0.65 times the rate of the one above it).
    """

    def __init__(
        self,
        model: str = "resnet50",
        weights: str | None = None,
        in_chans: int = 3,
        num_classes: int = 10,
        loss: str = "ce",
        lr: float = 1e-3,
        patience: int = 6,
        weight_decay: float = 1e-2,
        bands: Sequence[str] | None = None,
        model_kwargs: dict[str, Any] | None = None,
        class_weights: Sequence[float] | None = None,
        freeze_backbone: bool = False,
        layer_decay: float | None = None,
    ) -> None:
        super().__init__()
        self.save_hyperparameters()
        self._setup(model, weights, in_chans, num_classes, bands, model_kwargs,
                    build_loss(loss, class_weights=class_weights, num_classes=num_classes),
                    accuracy_f1_metrics(num_classes), freeze_backbone=freeze_backbone,
                    layer_decay=layer_decay)

    def predict_step(self, batch: dict[str, Any], batch_idx: int) -> Tensor:
        """Class probabilities ``[B, num_classes]``."""
        return self(batch["image"]).softmax(dim=1)


class MultiLabelClassificationTask(SupervisedTask):
    """Several labels per image (``label`` multi-hot ``[num_classes]``): accuracy and F1.

    Arguments as :class:`ClassificationTask`; ``loss`` is ``bce`` or ``focal`` (class weights
    only with ``bce``: they weight each label's term).
    """

    def __init__(
        self,
        model: str = "resnet50",
        weights: str | None = None,
        in_chans: int = 3,
        num_classes: int = 19,
        loss: str = "bce",
        lr: float = 1e-3,
        patience: int = 6,
        weight_decay: float = 1e-2,
        bands: Sequence[str] | None = None,
        model_kwargs: dict[str, Any] | None = None,
        class_weights: Sequence[float] | None = None,
        freeze_backbone: bool = False,
        layer_decay: float | None = None,
    ) -> None:
        super().__init__()
        self.save_hyperparameters()
        self._setup(model, weights, in_chans, num_classes, bands, model_kwargs,
                    build_loss(loss, multilabel=True, class_weights=class_weights,
                               num_classes=num_classes),
                    accuracy_f1_metrics(num_classes, multilabel=True),
                    freeze_backbone=freeze_backbone, layer_decay=layer_decay)

    def _prepare(self, logits: Tensor, target: Tensor) -> tuple[Tensor, Tensor, Tensor, Tensor]:
        # probabilities for the metrics: torchmetrics takes values in [0, 1] for
        # probabilities (threshold 0.5) and others for logits, batch by batch
        return logits, target.float(), logits.sigmoid(), target.long()

    def predict_step(self, batch: dict[str, Any], batch_idx: int) -> Tensor:
        """Per-label probabilities ``[B, num_classes]``."""
        return self(batch["image"]).sigmoid()


class RegressionTask(SupervisedTask):
    """A real value (or ``num_outputs`` values) per image: MAE and RMSE.

    Arguments as :class:`ClassificationTask`, with ``num_outputs`` instead of ``num_classes``
    and ``loss`` ``mse`` or ``mae`` (no class weights).
    """

    def __init__(
        self,
        model: str = "resnet18",
        weights: str | None = None,
        in_chans: int = 3,
        num_outputs: int = 1,
        loss: str = "mse",
        lr: float = 1e-3,
        patience: int = 6,
        weight_decay: float = 1e-2,
        bands: Sequence[str] | None = None,
        model_kwargs: dict[str, Any] | None = None,
        freeze_backbone: bool = False,
        layer_decay: float | None = None,
    ) -> None:
        super().__init__()
        self.save_hyperparameters()
        self._setup(model, weights, in_chans, num_outputs, bands, model_kwargs, build_loss(loss),
                    {"MAE": MeanAbsoluteError(), "RMSE": MeanSquaredError(squared=False)},
                    freeze_backbone=freeze_backbone, layer_decay=layer_decay)

    def _prepare(self, logits: Tensor, target: Tensor) -> tuple[Tensor, Tensor, Tensor, Tensor]:
        """Predictions and targets of one shape; a missing target (NaN or infinite, as
        datasets mark values the publisher lacks) is left out of the loss and the metrics."""
        target = target.float().reshape(logits.shape[0], -1)
        preds = logits.reshape(target.shape)
        keep = target.isfinite()
        if not bool(keep.all()):  # (a NaN target made the loss, then every weight, NaN)
            preds, target = preds[keep], target[keep]
            return preds, target, preds, target
        return preds, target, preds.flatten(), target.flatten()

    def predict_step(self, batch: dict[str, Any], batch_idx: int) -> Tensor:
        """Predicted values ``[B, num_outputs]``."""
        return self(batch["image"])
