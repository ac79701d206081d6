"""Declarative specs of the built-in trainers and CLI commands (plain data, no imports)."""

from __future__ import annotations

from typing import Any

_T = "geoplug.trainers"

TRAINERS: list[dict[str, Any]] = [
    {"name": "classification", "target": f"{_T}.classification:ClassificationTask",
     "task": "classification", "aliases": ("classify",),
     "description": "multi-class scene classification: OA, AA, F1"},
    {"name": "multilabel", "target": f"{_T}.classification:MultiLabelClassificationTask",
     "task": "multilabel", "description": "multi-label classification: accuracy, F1"},
    {"name": "regression", "target": f"{_T}.classification:RegressionTask",
     "task": "regression", "description": "image regression: MAE, RMSE"},
    {"name": "segmentation", "target": f"{_T}.segmentation:SemanticSegmentationTask",
     "task": "segmentation", "aliases": ("semantic_segmentation",),
     "description": "semantic segmentation: OA, AA, F1, mIoU, per-class IoU"},
    {"name": "pixelwise_regression", "target": f"{_T}.segmentation:PixelwiseRegressionTask",
     "task": "pixelwise_regression", "aliases": ("dense_regression",),
     "description": "per-pixel regression (biomass, canopy height, DEM): MAE, RMSE"},
    {"name": "change_detection", "target": f"{_T}.segmentation:ChangeDetectionTask",
     "task": "change_detection", "description": "bi-temporal change detection (FC-Siam)"},
    {"name": "detection", "target": f"{_T}.detection:ObjectDetectionTask",
     "task": "detection", "aliases": ("object_detection",),
     "description": "Faster R-CNN with any backbone and band count: mAP"},
    {"name": "instance_segmentation",
     "target": f"{_T}.instance_segmentation:InstanceSegmentationTask",
     "task": "instance_segmentation", "aliases": ("mask_rcnn",),
     "description": "Mask R-CNN with any backbone and band count: box and mask mAP"},
    {"name": "byol", "target": f"{_T}.byol:BYOLTask", "task": "self_supervised",
     "description": "BYOL self-supervised pre-training of a backbone"},
    {"name": "simclr", "target": f"{_T}.contrastive:SimCLRTask", "task": "self_supervised",
     "description": "SimCLR self-supervised pre-training of a backbone (NT-Xent)"},
    {"name": "moco", "target": f"{_T}.contrastive:MoCoTask", "task": "self_supervised",
     "description": "MoCo v2 (queue) / v3 (queue_size=0) momentum-contrast pre-training"},
    {"name": "nongeo_datamodule", "target": f"{_T}.datamodule:NonGeoDataModule",
     "task": "generic", "aliases": ("nongeo",),
     "description": "data module of any registered non-geo dataset, by name"},
    {"name": "geo_datamodule", "target": f"{_T}.geo_datamodule:GeoDataModule",
     "task": "generic", "aliases": ("geo",),
     "description": "data module of composed geo datasets: region splits, samplers"},
    {"name": "geotiff_writer", "target": f"{_T}.prediction:GeoTIFFPredictionWriter",
     "task": "generic", "description": "callback writing blended predictions as a COG"},
]

COMMANDS: list[dict[str, Any]] = [
    {"name": verb, "target": f"{_T}.cli:{verb}",
     "help": f"{verb} a task with a LightningCLI config (geoplug {verb} --config cfg.yaml)"}
    for verb in ("fit", "validate", "test", "predict")
]
