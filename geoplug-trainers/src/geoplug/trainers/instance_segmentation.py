"""Instance segmentation: torchvision's Mask R-CNN on a geoplug (timm) backbone, any bands.

Samples follow the geoplug convention: detection keys (``bbox_xyxy`` ``[N,4]``, ``label``
``[N]`` from 0) plus ``mask`` uint8 ``[N,H,W]``, one binary mask per object (NWPU VHR-10's
instance masks, for example). Box and mask mAP come from ``torchmetrics`` (``iou_type`` bbox
and segm, with pycocotools: the ``detection`` extra); the learning rate follows ``val_segm_map``.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import torch
from torch import Tensor, nn
from torchvision.models.detection import MaskRCNN

from geoplug.trainers.detection import ObjectDetectionTask

__all__ = ["InstanceSegmentationTask"]


class InstanceSegmentationTask(ObjectDetectionTask):
    """Mask R-CNN with a registry backbone: training losses, validation/test box and mask mAP.

    Arguments as :class:`~geoplug.trainers.detection.ObjectDetectionTask`. Predictions hold
    ``boxes``, ``labels`` (from 0), ``scores`` and ``masks`` ``[N,H,W]`` (per-pixel
    probabilities; threshold them at 0.5 for binary masks). Logged metrics are prefixed
    ``bbox_`` and ``segm_`` (``val_segm_map``, ``val_bbox_map_50``...).
    """

    monitor = "val_segm_map"
    iou_type: Any = ("bbox", "segm")

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
            ValueError: the backbone is not a ResNet-family model.
        """
        super().__init__(backbone=backbone, weights=weights, in_chans=in_chans,
                         num_classes=num_classes, min_size=min_size, max_size=max_size, lr=lr,
                         patience=patience, weight_decay=weight_decay, bands=bands,
                         freeze_backbone=freeze_backbone)

    def _detector(self, backbone: nn.Module, **kwargs: Any) -> nn.Module:
        return MaskRCNN(backbone, **kwargs)

    def _targets(self, batch: dict[str, Any]) -> list[dict[str, Tensor]]:
        """Raises: ValueError: a sample's masks do not match its boxes, or a bad label."""
        targets = super()._targets(batch)
        for target, masks in zip(targets, batch["mask"]):
            if masks.ndim != 3 or masks.shape[0] != target["boxes"].shape[0]:
                raise ValueError(f"instance masks must be [N,H,W] with one mask per box; got "
                                 f"{tuple(masks.shape)} for {target['boxes'].shape[0]} boxes")
            target["masks"] = (masks > 0).to(torch.uint8)
        return targets

    def forward(self, images: Tensor | list[Tensor]) -> list[dict[str, Tensor]]:
        """Detections per image: ``boxes``, ``labels`` (from 0), ``scores``, ``masks``."""
        outputs = super().forward(images)
        return [{**out, "masks": out["masks"][:, 0]} for out in outputs]

    def _evaluate(self, batch: dict[str, Any], stage: str) -> None:
        preds = [{**p, "masks": p["masks"] > 0.5} for p in self(batch["image"])]
        targets = [{**t, "labels": t["labels"] - 1, "masks": t["masks"].bool()}
                   for t in self._targets(batch)]
        getattr(self, f"{stage}_metrics").update(preds, targets)
