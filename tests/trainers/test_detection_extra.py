"""pycocotools is the ``detection`` extra of geoplug-trainers: without it, a clear error."""

from __future__ import annotations

import sys

import pytest

from geoplug.trainers.detection import ObjectDetectionTask


def test_detection_without_pycocotools_says_how_to_install(monkeypatch: pytest.MonkeyPatch
                                                           ) -> None:
    monkeypatch.setitem(sys.modules, "pycocotools", None)  # as if it were not installed
    with pytest.raises(ModuleNotFoundError) as info:
        ObjectDetectionTask(backbone="resnet18", in_chans=4, num_classes=2)
    assert "pip install 'geoplug-trainers[detection]'" in str(info.value)
    assert info.value.name == "pycocotools"


def test_detection_with_pycocotools_builds() -> None:
    pytest.importorskip("pycocotools")
    task = ObjectDetectionTask(backbone="resnet18", in_chans=4, num_classes=2)
    assert task.model.roi_heads.box_predictor.cls_score.out_features == 3  # + background
