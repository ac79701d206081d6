"""Object detection: torchvision's Faster R-CNN on a geoplug (timm) backbone with any bands.

The backbone comes from the model registry (``resnet18``, ``resnet50``, optionally with
registered weights), so multispectral pre-training carries over to detection. Samples follow
the geoplug convention: ``image`` ``[C,H,W]``, ``bbox_xyxy`` ``[N,4]`` in pixels, ``label``
``[N]`` with class indices starting at 0 (the task shifts them by one for torchvision, whose
class 0 is background). mAP comes from ``torchmetrics``' ``MeanAveragePrecision``, which
needs ``pycocotools``: the ``detection`` extra (``pip install 'geoplug-trainers[detection]'``).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import torch
from torch import Tensor, nn
from torchmetrics.detection import MeanAveragePrecision
from torchvision.models.detection import FasterRCNN
from torchvision.models.detection.backbone_utils import BackboneWithFPN

from geoplug.trainers.base import BaseTask, build_backbone_model

__all__ = ["ObjectDetectionTask", "fpn_backbone"]

_STAGES = ("layer1", "layer2", "layer3", "layer4")


def fpn_backbone(body: nn.Module, out_channels: int = 256) -> BackboneWithFPN:
    """Wrap a ResNet-style network (children ``layer1``..``layer4``) with a feature pyramid.

    Raises:
        ValueError: ``body`` has no ``layer1``..``layer4`` children (not a ResNet family model).
    """
    children = dict(body.named_children())
    missing = [name for name in _STAGES if name not in children]
    if missing:
        raise ValueError(
            f"{type(body).__name__} has no {', '.join(missing)} stage(s); Faster R-CNN here needs "
            "a ResNet-family backbone such as 'resnet18' or 'resnet50'"
        )
    feature_info = getattr(body, "feature_info", None)
    if feature_info is not None:
        channels = [int(info["num_chs"]) for info in feature_info if
                    info["module"] in _STAGES]
    else:  # pragma: no cover - torchvision-style ResNet
        channels = [int(children[name][-1].conv1.in_channels)  # type: ignore[index]
                    for name in _STAGES]
    return BackboneWithFPN(body, return_layers={name: str(i) for i, name in enumerate(_STAGES)},
                           in_channels_list=channels, out_channels=out_channels)


def _require_pycocotools() -> None:
    """Fail early, saying how to install it, when the mAP backend is missing.

    Raises:
        ModuleNotFoundError: pycocotools is not installed.
    """
    try:
        import pycocotools  # noqa: F401
    except ImportError as exc:
        raise ModuleNotFoundError(
            "ObjectDetectionTask computes mAP with pycocotools, which is not installed; "
            "install the detection extra: pip install 'geoplug-trainers[detection]'",
            name="pycocotools",
        ) from exc


class ObjectDetectionTask(BaseTask):
    """Faster R-CNN with a registry backbone: training losses, validation/test mAP.

    Args:
        backbone: registry name of a ResNet-family classifier (``resnet18``, ``resnet50``).
        weights: registry name of backbone weights, or ``None``.
        in_chans: number of input bands (images are expected already normalised).
        num_classes: object classes, background excluded.
        min_size, max_size: torchvision's resize bounds; the default keeps 512-px chips as
            they are.
        lr, patience, weight_decay, bands: as the other tasks.
        freeze_backbone: keep the registry backbone fixed (train the pyramid and heads).

    The learning rate is reduced when ``val_map`` stops improving.
    """

    monitor = "val_map"
    monitor_mode = "max"
    iou_type: Any = "bbox"

    def __init__(
        self,
        backbone: str = "resnet50",
        weights: str | None = None,
        in_chans: int = 3,
        num_classes: int = 1,
        min_size: int = 512,
        max_size: int = 1024,
        lr: float = 1e-4,
        patience: int = 6,
        weight_decay: float = 1e-2,
        bands: Sequence[str] | None = None,
        freeze_backbone: bool = False,
    ) -> None:
        """
        Raises:
            ModuleNotFoundError: pycocotools (the ``detection`` extra) is not installed.
        """
        _require_pycocotools()
        super().__init__()
        self.save_hyperparameters()
        body = build_backbone_model(backbone, weights, in_chans, 0, bands)
        self.model = self._detector(fpn_backbone(body), num_classes=num_classes + 1,
                                    min_size=min_size, max_size=max_size,
                                    image_mean=[0.0] * in_chans, image_std=[1.0] * in_chans)
        if freeze_backbone:  # the pre-trained body; the feature pyramid and heads still learn
            for param in body.parameters():
                param.requires_grad_(False)
        self.val_metrics = MeanAveragePrecision(box_format="xyxy", iou_type=self.iou_type)
        self.test_metrics = MeanAveragePrecision(box_format="xyxy", iou_type=self.iou_type)

    def _detector(self, backbone: nn.Module, **kwargs: Any) -> nn.Module:
        """The torchvision detector on ``backbone`` (Faster R-CNN here)."""
        return FasterRCNN(backbone, **kwargs)

    def _targets(self, batch: dict[str, Any]) -> list[dict[str, Tensor]]:
        """torchvision's targets: class ``k`` is label ``k + 1`` (0 is the background).

        Raises:
            ValueError: a label outside ``[0, num_classes)`` (it would be trained as the
                background, or scored against a class no detector outputs).
        """
        targets = []
        count = int(self.hparams["num_classes"])
        for boxes, labels in zip(batch["bbox_xyxy"], batch["label"]):
            labels = labels.long().reshape(-1)
            if labels.numel() and (int(labels.min()) < 0 or int(labels.max()) >= count):
                raise ValueError(
                    f"box labels must be in [0, {count}) for num_classes={count}; got "
                    f"{sorted(set(labels.tolist()))}. A split whose labels are withheld "
                    "(-1, e.g. IDTReeS' test species) cannot train or score a detector")
            targets.append({"boxes": boxes.float().reshape(-1, 4), "labels": labels + 1})
        return targets

    def forward(self, images: Tensor | list[Tensor]) -> list[dict[str, Tensor]]:
        """Detections per image: ``boxes`` ``[N,4]``, ``labels`` (from 0), ``scores``."""
        outputs: list[dict[str, Tensor]] = self.model(list(images))
        return [{**out, "labels": out["labels"] - 1} for out in outputs]

    def training_step(self, batch: dict[str, Any], batch_idx: int) -> Tensor:
        images = list(batch["image"])
        losses: dict[str, Tensor] = self.model(images, self._targets(batch))
        loss = torch.stack(list(losses.values())).sum()
        self.log_dict({f"train_{k}": v for k, v in losses.items()}, batch_size=len(images))
        self.log("train_loss", loss, prog_bar=True, batch_size=len(images))
        return loss

    def _evaluate(self, batch: dict[str, Any], stage: str) -> None:
        preds = self(batch["image"])
        targets = [{**t, "labels": t["labels"] - 1} for t in self._targets(batch)]
        getattr(self, f"{stage}_metrics").update(preds, targets)

    def _log_map(self, stage: str) -> None:
        metric: MeanAveragePrecision = getattr(self, f"{stage}_metrics")
        results = metric.compute()
        metric.reset()
        # per-class values come as one -1 without class_metrics: not a value to log
        scalars = {f"{stage}_{k}": v for k, v in results.items()
                   if isinstance(v, Tensor) and v.numel() == 1 and k != "classes"
                   and not k.endswith("_per_class")}
        self.log_dict(scalars)

    def validation_step(self, batch: dict[str, Any], batch_idx: int) -> None:
        self._evaluate(batch, "val")

    def test_step(self, batch: dict[str, Any], batch_idx: int) -> None:
        self._evaluate(batch, "test")

    def on_validation_epoch_end(self) -> None:
        self._log_map("val")

    def on_test_epoch_end(self) -> None:
        self._log_map("test")

    def predict_step(self, batch: dict[str, Any], batch_idx: int) -> list[dict[str, Tensor]]:
        return self(batch["image"])
