"""geoplug trainers: LightningModules per task, data modules built from registry names, the
``geoplug fit|validate|test|predict`` CLI and georeferenced prediction.

Classes are imported lazily so that listing the registries stays light (no torch import).
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

from geoplug.core.registry import lazy_attribute
from geoplug.core.registry import trainers as registry

_P = "geoplug.trainers."
_LAZY: dict[str, str] = {
    "BaseTask": _P + "base",
    "ClassificationTask": _P + "classification",
    "MultiLabelClassificationTask": _P + "classification",
    "RegressionTask": _P + "classification",
    "SemanticSegmentationTask": _P + "segmentation",
    "ChangeDetectionTask": _P + "segmentation",
    "PixelwiseRegressionTask": _P + "segmentation",
    "ObjectDetectionTask": _P + "detection",
    "BYOLTask": _P + "byol",
    "SimCLRTask": _P + "contrastive",
    "MoCoTask": _P + "contrastive",
    "InstanceSegmentationTask": _P + "instance_segmentation",
    "BaseDataModule": _P + "datamodule",
    "NonGeoDataModule": _P + "datamodule",
    "GeoDataModule": _P + "geo_datamodule",
    "GeoTIFFPredictionWriter": _P + "prediction",
    "predict_geotiff": _P + "prediction",
}

__all__ = [  # noqa: RUF022 - registry verbs first, then the classes
    "names", "info", "get", "registry",
    "BYOLTask", "BaseDataModule", "BaseTask", "ChangeDetectionTask", "ClassificationTask",
    "GeoDataModule", "GeoTIFFPredictionWriter", "InstanceSegmentationTask", "MoCoTask",
    "MultiLabelClassificationTask", "NonGeoDataModule", "ObjectDetectionTask",
    "PixelwiseRegressionTask", "RegressionTask", "SemanticSegmentationTask", "SimCLRTask",
    "predict_geotiff",
]

names = registry.names
info = registry.info
get = registry.get


def __getattr__(attr: str) -> Any:
    module = _LAZY.get(attr)
    value = (getattr(importlib.import_module(module), attr) if module is not None
             else lazy_attribute(registry, __name__, attr))
    globals()[attr] = value
    return value


if TYPE_CHECKING:  # pragma: no cover
    from geoplug.trainers.base import BaseTask
    from geoplug.trainers.byol import BYOLTask
    from geoplug.trainers.classification import (
        ClassificationTask,
        MultiLabelClassificationTask,
        RegressionTask,
    )
    from geoplug.trainers.contrastive import MoCoTask, SimCLRTask
    from geoplug.trainers.datamodule import BaseDataModule, NonGeoDataModule
    from geoplug.trainers.detection import ObjectDetectionTask
    from geoplug.trainers.geo_datamodule import GeoDataModule
    from geoplug.trainers.instance_segmentation import InstanceSegmentationTask
    from geoplug.trainers.prediction import GeoTIFFPredictionWriter, predict_geotiff
    from geoplug.trainers.segmentation import (
        ChangeDetectionTask,
        PixelwiseRegressionTask,
        SemanticSegmentationTask,
    )
