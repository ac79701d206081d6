"""What every geoplug task shares: model by registry name, AdamW + ReduceLROnPlateau, logging.

The optimiser follows Appendix A.2 of the TorchGeo paper: AdamW, the learning rate divided by
ten when the validation loss stops improving for ``patience`` epochs; early stopping is a
callback chosen in the config (``EarlyStopping(monitor="val_loss")``).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, Literal

import pytorch_lightning as pl
import torch
from pytorch_lightning.trainer.states import TrainerFn
from torch import Tensor, nn
from torch.optim.lr_scheduler import ReduceLROnPlateau
from torchmetrics import Metric, MetricCollection
from torchmetrics.classification import (
    MulticlassAccuracy,
    MulticlassF1Score,
    MulticlassStatScores,
    MultilabelAccuracy,
    MultilabelF1Score,
)

__all__ = ["BaseTask", "MacroWithoutIgnored", "SupervisedTask", "accuracy_f1_metrics",
           "build_backbone_model"]

STAGES = ("train", "val", "test")


def build_backbone_model(
    model: str,
    weights: str | None,
    in_chans: int,
    num_classes: int,
    bands: Sequence[str] | None = None,
    model_kwargs: dict[str, Any] | None = None,
) -> nn.Module:
    """Build registry model ``model`` (optionally with registered ``weights``).

    Raises:
        UnknownNameError: unknown model or weights name (a ``KeyError``).
        ValueError: ``in_chans`` contradicts ``bands`` or the weights do not fit.
    """
    from geoplug.models import get_model

    kwargs: dict[str, Any] = dict(model_kwargs or {})
    if bands is not None:
        kwargs["bands"] = list(bands)
    module: nn.Module = get_model(model, weights=weights, in_chans=in_chans,
                                  num_classes=num_classes, **kwargs)
    return module


class MacroWithoutIgnored(MulticlassStatScores):
    """Average accuracy (``kind="recall"``) or F1, macro-averaged over the classes other than
    ``ignore_index``, where ``ignore_index`` is one of the classes.

    torchmetrics drops the pixels whose *target* is ``ignore_index``, but a prediction of
    that class elsewhere still brings it into its macro average, with a score of 0. Classes
    that neither occur nor are predicted are left out, as torchmetrics does.
    """

    def __init__(self, num_classes: int, ignore_index: int, kind: Literal["recall", "f1"]
                 ) -> None:
        super().__init__(num_classes, average=None, ignore_index=ignore_index)
        self.kind = kind
        self.excluded = ignore_index

    def compute(self) -> Tensor:
        tp, fp, _, fn, _ = super().compute().double().unbind(dim=1)
        score = (tp / (tp + fn) if self.kind == "recall"
                 else 2 * tp / (2 * tp + fp + fn)).nan_to_num(0.0)
        counted = tp + fp + fn > 0
        counted[self.excluded] = False
        if not bool(counted.any()):
            return torch.zeros((), dtype=torch.float32, device=score.device)
        return score[counted].mean().float()


def accuracy_f1_metrics(num_classes: int, multilabel: bool = False,
                        ignore_index: int | None = None) -> dict[str, Metric]:
    """Overall accuracy (``OA``), average accuracy (``AA``) and macro ``F1``.

    Classification, multi-label classification and segmentation report the same three
    numbers, so they are defined once here. An ``ignore_index`` that is one of the classes
    is left out of the macro averages (:class:`MacroWithoutIgnored`).
    """
    if not multilabel and ignore_index is not None and 0 <= ignore_index < num_classes:
        return {"OA": MulticlassAccuracy(num_classes, average="micro",
                                         ignore_index=ignore_index),
                "AA": MacroWithoutIgnored(num_classes, ignore_index, "recall"),
                "F1": MacroWithoutIgnored(num_classes, ignore_index, "f1")}
    if multilabel:
        return {"OA": MultilabelAccuracy(num_classes, average="micro", ignore_index=ignore_index),
                "AA": MultilabelAccuracy(num_classes, average="macro", ignore_index=ignore_index),
                "F1": MultilabelF1Score(num_classes, average="macro", ignore_index=ignore_index)}
    return {"OA": MulticlassAccuracy(num_classes, average="micro", ignore_index=ignore_index),
            "AA": MulticlassAccuracy(num_classes, average="macro", ignore_index=ignore_index),
            "F1": MulticlassF1Score(num_classes, average="macro", ignore_index=ignore_index)}


class PlateauAtValidationEnd(pl.Callback):
    """Steps the task's ReduceLROnPlateau as soon as the validation loss of the epoch is
    known, so that the checkpoint written at the end of validation holds the scheduler and
    learning rate after that step. (Lightning steps it later, at the end of the training
    epoch, so a run resumed from such a checkpoint was one step behind an uninterrupted one.)
    Lightning runs checkpoint callbacks last, after this one.

    ``patience`` counts epochs, as in Lightning: with ``val_check_interval < 1`` only the
    validation that closes a training epoch steps it (or, when none closes it, the end of an
    epoch that validated), not every validation run; ``trainer.validate()`` never steps it."""

    def __init__(self) -> None:
        self._validated_epoch = -1  # last epoch with a validation run
        self._stepped_epoch = -1  # last epoch whose plateau step was taken

    def on_validation_end(self, trainer: pl.Trainer, pl_module: pl.LightningModule) -> None:
        if (trainer.sanity_checking or trainer.state.fn != TrainerFn.FITTING
                or not isinstance(pl_module, BaseTask)):
            return
        self._validated_epoch = trainer.current_epoch
        if trainer.fit_loop.epoch_loop.batch_progress.is_last_batch:
            self._step(trainer, pl_module)

    def on_train_epoch_end(self, trainer: pl.Trainer, pl_module: pl.LightningModule) -> None:
        # only mid-epoch validations ran (a val_check_interval not dividing the epoch)
        if (isinstance(pl_module, BaseTask) and self._validated_epoch == trainer.current_epoch
                and self._stepped_epoch != trainer.current_epoch):
            self._step(trainer, pl_module)

    def _step(self, trainer: pl.Trainer, pl_module: BaseTask) -> None:
        self._stepped_epoch = trainer.current_epoch
        metric = trainer.callback_metrics.get(pl_module.monitor)
        for config in trainer.lr_scheduler_configs:
            if isinstance(config.scheduler, ReduceLROnPlateau) and metric is not None:
                config.scheduler.step(metric)


class BaseTask(pl.LightningModule):
    """AdamW + ReduceLROnPlateau on ``val_loss``; subclasses set ``self.hparams.lr``/``patience``.

    The scheduler is not strict: a run without a validation loop keeps its learning rate
    instead of failing.
    """

    monitor = "val_loss"
    monitor_mode: Literal["min", "max"] = "min"
    #: attributes holding copies updated by a moving average of the trained networks
    #: (frozen to the optimizer, not to batch statistics; see :meth:`hold_frozen_norms`)
    moving_averages: tuple[str, ...] = ()

    def optimizer_groups(self, lr: float, weight_decay: float) -> list[dict[str, Any]]:
        """AdamW parameter groups: every trainable parameter at ``lr``, or, with the
        ``layer_decay`` hyper-parameter, the backbone's layers at decayed rates
        (:func:`~geoplug.trainers.finetune.layer_decay_groups`).

        Raises:
            ModelPartError: ``layer_decay`` is set but the model's layers cannot be told apart.
        """
        decay = self.hparams.get("layer_decay")
        model = getattr(self, "model", None)
        if decay is not None and isinstance(model, nn.Module):
            from geoplug.trainers.finetune import layer_decay_groups

            groups = layer_decay_groups(model, lr, weight_decay, float(decay))
            owned = {id(p) for g in groups for p in g["params"]} | {
                id(p) for p in model.parameters()}
            rest = [p for p in self.parameters() if p.requires_grad and id(p) not in owned]
            return groups + ([{"params": rest}] if rest else [])
        return [{"params": [p for p in self.parameters() if p.requires_grad]}]

    def configure_optimizers(self) -> Any:
        lr = float(self.hparams.get("lr", 1e-3))
        weight_decay = float(self.hparams.get("weight_decay", 1e-2))
        optimizer = torch.optim.AdamW(self.optimizer_groups(lr, weight_decay), lr=lr,
                                      weight_decay=weight_decay)
        scheduler = torch.optim.lr_scheduler.ReduceLROnPlateau(
            optimizer, mode=self.monitor_mode, factor=0.1,
            patience=int(self.hparams.get("patience", 10)))
        return {"optimizer": optimizer,
                "lr_scheduler": {"scheduler": scheduler, "monitor": self.monitor,
                                 "strict": False}}

    def configure_callbacks(self) -> list[pl.Callback]:
        return [PlateauAtValidationEnd()]

    def train(self, mode: bool = True) -> BaseTask:
        """Train mode, except for frozen BatchNorm layers (see :meth:`hold_frozen_norms`)."""
        super().train(mode)
        if mode:
            self.hold_frozen_norms()
        return self

    def on_train_start(self) -> None:
        # Lightning no longer calls train() when fitting starts; it restores these modes
        # after each validation
        self.hold_frozen_norms()

    def hold_frozen_norms(self) -> None:
        """Put BatchNorm layers whose parameters are all frozen (as ``freeze_backbone``
        leaves them) in eval mode: their running statistics are part of the frozen
        features, and in train mode every training batch would move them. The copies
        named in ``moving_averages`` are not frozen features: their layers keep training
        on batch statistics, as BYOL's target and MoCo's key networks do."""
        averaged = {id(m) for name in self.moving_averages
                    for m in getattr(self, name).modules()}
        for module in self.modules():
            if isinstance(module, nn.modules.batchnorm._BatchNorm) and id(module) not in averaged:
                params = list(module.parameters(recurse=False))
                if params and not any(p.requires_grad for p in params):
                    module.eval()

    def lr_scheduler_step(self, scheduler: Any, metric: Any) -> None:
        """Steps every scheduler but the plateau one, which :class:`PlateauAtValidationEnd`
        has stepped at the end of validation."""
        if not isinstance(scheduler, ReduceLROnPlateau):
            scheduler.step()


class SupervisedTask(BaseTask):
    """A model mapping ``batch[input_key]`` to predictions compared with ``batch[target_key]``.

    Subclasses call :meth:`_setup` with the model, the loss and the metrics (cloned per stage
    as ``train_``/``val_``/``test_``) and may override
    :meth:`_prepare` to turn logits and targets into what the loss and metrics take.
    """

    input_key = "image"
    target_key = "label"

    model: nn.Module
    criterion: nn.Module

    def _setup(
        self,
        model: str,
        weights: str | None,
        in_chans: int,
        num_outputs: int,
        bands: Sequence[str] | None,
        model_kwargs: dict[str, Any] | None,
        criterion: nn.Module,
        metrics: dict[str, Metric],
        freeze_backbone: bool = False,
        freeze_decoder: bool = False,
        layer_decay: float | None = None,
    ) -> None:
        """Build the registry model, freeze what is asked, keep the loss, and clone
        ``metrics`` for each stage.

        Raises:
            UnknownNameError: unknown model or weights name (a ``KeyError``).
            ValueError: ``in_chans`` contradicts ``bands`` or the weights do not fit.
            ModelPartError: a part to freeze does not exist (a ``ValueError``).
        """
        self.model = build_backbone_model(model, weights, in_chans, num_outputs, bands,
                                          model_kwargs)
        if freeze_backbone or freeze_decoder:
            from geoplug.trainers.finetune import freeze_parts

            freeze_parts(self.model, backbone=freeze_backbone, decoder=freeze_decoder)
        if layer_decay is not None:  # fail now, not when fit() starts
            from geoplug.trainers.finetune import layer_decay_groups

            layer_decay_groups(self.model, 1.0, 0.0, layer_decay)
        self.criterion = criterion
        collection = MetricCollection(dict(metrics))
        self.train_metrics = collection.clone(prefix="train_")
        self.val_metrics = collection.clone(prefix="val_")
        self.test_metrics = collection.clone(prefix="test_")

    def forward(self, x: Tensor) -> Tensor:
        out: Tensor = self.model(x)
        return out

    def _prepare(self, logits: Tensor, target: Tensor) -> tuple[Tensor, Tensor, Tensor, Tensor]:
        """``(loss input, loss target, metric input, metric target)``."""
        return logits, target, logits, target

    def _step(self, batch: dict[str, Any], stage: str) -> Tensor:
        x = batch[self.input_key]
        target = batch[self.target_key]
        logits = self(x)
        loss_in, loss_target, metric_in, metric_target = self._prepare(logits, target)
        # a batch whose every target is missing (left out by _prepare) teaches nothing: a zero
        # loss on the graph, not the NaN of a mean over nothing
        loss: Tensor = (self.criterion(loss_in, loss_target) if loss_in.numel()
                        else logits.sum() * 0.0)
        batch_size = x.shape[0]
        self.log(f"{stage}_loss", loss, prog_bar=True, sync_dist=stage != "train",
                 batch_size=batch_size)
        scored = batch.get("scored") if stage != "train" else None
        if scored is not None:  # overlapping tiles: each pixel is scored by one of them
            if not bool(scored.any()):  # tiles whose pixels earlier tiles of the pass scored
                return loss
            metric_in, metric_target = self._scored(logits, target, scored)
        metrics: MetricCollection = getattr(self, f"{stage}_metrics")
        metrics.update(metric_in, metric_target)
        # per epoch in every stage: a metric that is only updated has no per-step value
        self.log_dict(metrics, batch_size=batch_size, on_step=False, on_epoch=True)
        self._update_extra(stage, metric_in, metric_target)
        return loss

    def _scored(self, logits: Tensor, target: Tensor, scored: Tensor) -> tuple[Tensor, Tensor]:
        """The metric input and target of the pixels ``scored`` (``[B, H, W]`` bool) only: each
        such pixel as a 1 x 1 image through :meth:`_prepare`.

        Raises:
            ValueError: the outputs or the target are not maps of ``scored``'s size.
        """
        if logits.shape[-2:] != scored.shape[-2:] or target.shape[-2:] != scored.shape[-2:]:
            raise ValueError(f"'scored' {tuple(scored.shape)} does not fit outputs "
                             f"{tuple(logits.shape)} and target {tuple(target.shape)}")
        pixels = logits.movedim(1, -1)[scored][..., None, None]  # [N, C, 1, 1]
        if target.ndim == logits.ndim:  # [B, C, H, W] targets
            chosen = target.movedim(1, -1)[scored][..., None, None]
        else:
            chosen = target[scored][:, None, None]  # [N, 1, 1]
        _, _, metric_in, metric_target = self._prepare(pixels, chosen)
        return metric_in, metric_target

    def _update_extra(self, stage: str, preds: Tensor, target: Tensor) -> None:
        """Hook for metrics that are not logged per step (e.g. per-class IoU)."""

    def training_step(self, batch: dict[str, Any], batch_idx: int) -> Tensor:
        return self._step(batch, "train")

    def validation_step(self, batch: dict[str, Any], batch_idx: int) -> None:
        self._step(batch, "val")

    def test_step(self, batch: dict[str, Any], batch_idx: int) -> None:
        self._step(batch, "test")
