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


@pytest.mark.parametrize("labels", [[-1], [0, 2]])
def test_labels_outside_the_classes_are_refused(labels: list[int]) -> None:
    # -1 (IDTReeS' test split withholds species) became torchvision's background class and
    # scored a perfect detector 0 mAP; a label past num_classes trained a class with no head
    pytest.importorskip("pycocotools")
    import torch

    task = ObjectDetectionTask(backbone="timm/test_resnet", in_chans=3, num_classes=2,
                               min_size=32, max_size=32)
    boxes = torch.tensor([[1.0, 1.0, 5.0, 5.0]] * len(labels))
    batch = {"image": torch.rand(1, 3, 32, 32), "bbox_xyxy": [boxes],
             "label": [torch.tensor(labels)]}
    with pytest.raises(ValueError, match=r"box labels must be in \[0, 2\)"):
        task.training_step(batch, 0)
    task.eval()
    with pytest.raises(ValueError, match="withheld"), torch.no_grad():
        task.validation_step(batch, 0)
    ok = {**batch, "label": [torch.tensor([1] * len(labels))]}
    assert task._targets(ok)[0]["labels"].tolist() == [2] * len(labels)
