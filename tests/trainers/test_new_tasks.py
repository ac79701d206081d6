"""SimCLR and MoCo pre-training, and Mask R-CNN instance segmentation on VHR-10 masks."""

from __future__ import annotations

import math
from pathlib import Path
from typing import Any

import pytest
import pytorch_lightning as pl
import torch
import torch.nn.functional as F
from torch.utils.data import DataLoader

from fakedata import vhr10 as fake_vhr10
from geoplug.core.registry import trainers
from geoplug.datasets.vhr10 import VHR10
from geoplug.trainers import InstanceSegmentationTask, MoCoTask, SimCLRTask
from geoplug.trainers.contrastive import info_nce, nt_xent_loss
from geoplug.trainers.datamodule import collate_samples
from testkit.training import LossRecorder, Synthetic, loader, trainer


def _unlabelled(i: int, g: torch.Generator) -> dict[str, Any]:
    return {"image": torch.randn(4, 32, 32, generator=g)}


def test_new_tasks_are_registered() -> None:
    assert trainers.get("simclr") is SimCLRTask and trainers.get("moco") is MoCoTask
    assert trainers.get("instance_segmentation") is InstanceSegmentationTask
    assert trainers.info("pixelwise_regression").task == "pixelwise_regression"


def test_nt_xent_matches_its_definition() -> None:
    g = torch.Generator().manual_seed(0)
    z1, z2 = torch.randn(3, 5, generator=g), torch.randn(3, 5, generator=g)
    temperature = 0.5
    z = F.normalize(torch.cat([z1, z2]), dim=1)
    total = 0.0
    for i in range(6):  # -log( e^{s(i,p)/t} / sum_{k != i} e^{s(i,k)/t} ), p the partner
        partner = (i + 3) % 6
        others = [k for k in range(6) if k != i]
        denominator = sum(math.exp(float(z[i] @ z[k]) / temperature) for k in others)
        total += -math.log(math.exp(float(z[i] @ z[partner]) / temperature) / denominator)
    assert float(nt_xent_loss(z1, z2, temperature)) == pytest.approx(total / 6, rel=1e-5)
    # two identical, well-separated views are almost free
    eye = torch.eye(3, 5) * 10
    assert float(nt_xent_loss(eye, eye, 0.05)) < 1e-3


def test_info_nce_with_a_queue_and_in_batch() -> None:
    q = torch.tensor([[1.0, 0.0]])
    k = torch.tensor([[1.0, 0.0]])
    queue = torch.tensor([[0.0, 1.0], [-1.0, 0.0]])
    # logits 1, 0, -1 over t = 1: -log(e / (e + 1 + e^-1))
    expected = -math.log(math.e / (math.e + 1 + math.exp(-1)))
    assert float(info_nce(q, k, queue, 1.0)) == pytest.approx(expected, rel=1e-6)
    q2 = torch.tensor([[1.0, 0.0], [0.0, 1.0]])
    expected2 = -math.log(math.e / (math.e + 1))
    assert float(info_nce(q2, q2, None, 1.0)) == pytest.approx(expected2, rel=1e-6)


def test_simclr_trains_the_backbone(tmp_path: Path) -> None:
    pl.seed_everything(0)
    task = SimCLRTask(model="timm/test_resnet", in_chans=4, hidden_dim=32, projection_dim=16,
                      temperature=0.5)
    before = [p.clone() for p in task.backbone.parameters()]
    recorder = LossRecorder()
    tr = trainer(tmp_path, 3, [recorder], limit_val_batches=1)
    tr.fit(task, loader(Synthetic(8, _unlabelled), 4), loader(Synthetic(4, _unlabelled), 4))
    # NT-Xent over 8 views lies in [0, log(7) + 2 / t] for unit vectors; never NaN
    assert all(0 <= loss <= math.log(7) + 4 for loss in recorder.losses), recorder.losses
    assert any(not torch.equal(b, a) for b, a in zip(before, task.backbone.parameters()))
    assert "val_loss" in tr.callback_metrics
    assert task(torch.randn(2, 4, 32, 32)).shape == (2, 96)
    with pytest.raises(ValueError, match="temperature must be positive"):
        SimCLRTask(model="timm/test_resnet", temperature=0)


def test_moco_v2_fills_its_queue_and_follows_with_momentum(tmp_path: Path) -> None:
    pl.seed_everything(0)
    task = MoCoTask(model="timm/test_resnet", in_chans=4, hidden_dim=32, projection_dim=16,
                    queue_size=6, momentum=0.9)
    queue_before = task.queue.clone()
    key_before = [p.clone() for p in task.key_backbone.parameters()]
    recorder = LossRecorder()
    data = loader(Synthetic(8, _unlabelled), 4)
    trainer(tmp_path, 2, [recorder], limit_val_batches=1).fit(task, data, data)
    # two batches of 4 keys in a queue of 6: the pointer wrapped to 8 % 6 = 2, every row new
    assert int(task.queue_ptr) == 2
    assert not torch.isclose(task.queue, queue_before).all(dim=1).any()
    torch.testing.assert_close(task.queue.norm(dim=1), torch.ones(6))
    moved = [not torch.equal(b, a) for b, a in zip(key_before, task.key_backbone.parameters())]
    assert any(moved)
    assert not any(p.requires_grad for p in task.key_backbone.parameters())
    assert isinstance(task.predictor, torch.nn.Identity)
    assert all(0 <= loss <= 20 for loss in recorder.losses), recorder.losses


def test_moco_v3_uses_in_batch_negatives_and_a_predictor(tmp_path: Path) -> None:
    pl.seed_everything(0)
    task = MoCoTask(model="timm/test_resnet", in_chans=4, hidden_dim=32, projection_dim=16,
                    queue_size=0, temperature=1.0)
    assert isinstance(task.predictor, torch.nn.Sequential)
    recorder = LossRecorder()
    data = loader(Synthetic(8, _unlabelled), 4)
    trainer(tmp_path, 2, [recorder], limit_val_batches=1).fit(task, data, data)
    # 2 t (two cross-entropies over 4 keys, each between 0 and about log 4 + 2/t)
    assert all(0 <= loss <= 2 * (2 * (math.log(4) + 2)) for loss in recorder.losses)
    assert int(task.queue_ptr) == 0
    with pytest.raises(ValueError, match="queue_size must be >= 0"):
        MoCoTask(model="timm/test_resnet", queue_size=-1)
    with pytest.raises(ValueError, match=r"momentum must be in \[0, 1\)"):
        MoCoTask(model="timm/test_resnet", momentum=1.0)


# ---------------------------------------------------------------- instance segmentation


class _Oracle(torch.nn.Module):
    """Stands in for Mask R-CNN: returns each sample's true boxes and masks (class + 1)."""

    def __init__(self, samples: list[dict[str, Any]]) -> None:
        super().__init__()
        self.samples = samples

    def forward(self, images: list[torch.Tensor]) -> list[dict[str, torch.Tensor]]:
        out = []
        for image in images:
            sample = next(s for s in self.samples if torch.equal(s["image"], image.cpu()))
            n = sample["label"].shape[0]
            out.append({"boxes": sample["bbox_xyxy"], "labels": sample["label"] + 1,
                        "scores": torch.linspace(0.9, 0.5, n),
                        "masks": sample["mask"].float()[:, None]})
        return out


def test_instance_segmentation_on_vhr10_masks(tmp_path: Path) -> None:
    fake_vhr10.make(tmp_path / "vhr10")
    dataset = VHR10(tmp_path / "vhr10", split="positive")
    samples = [dataset[i] for i in range(len(dataset))]
    for sample in samples:  # VHR-10 pixels are 0..255
        sample["image"] = sample["image"] / 255
    data = DataLoader(samples, batch_size=3, collate_fn=collate_samples)
    pl.seed_everything(0)
    task = InstanceSegmentationTask(backbone="timm/test_resnet", in_chans=3, num_classes=10,
                                    min_size=64, max_size=64)
    recorder = LossRecorder()
    tr = trainer(tmp_path, 2, [recorder], limit_val_batches=1)
    tr.fit(task, data, data)
    assert all(loss == loss for loss in recorder.losses) and len(recorder.losses) == 2
    assert {"val_segm_map", "val_bbox_map", "val_segm_map_50"} <= set(tr.callback_metrics)
    assert task.monitor == "val_segm_map"
    task.eval()
    with torch.no_grad():
        out = task.predict_step(next(iter(data)), 0)
    for detections in out:
        n = detections["boxes"].shape[0]
        assert detections["masks"].shape == (n, 24, 24)
        assert detections["masks"].dtype == torch.float32
        assert bool(((detections["masks"] >= 0) & (detections["masks"] <= 1)).all())
    # masks reach the metric in the format it scores: the true masks score a perfect mAP
    task.model = _Oracle(samples)
    metrics = tr.validate(task, data, verbose=False)[0]
    assert metrics["val_segm_map"] == pytest.approx(1.0)
    assert metrics["val_bbox_map"] == pytest.approx(1.0)


def test_instance_masks_must_match_the_boxes() -> None:
    batch = {"bbox_xyxy": [torch.tensor([[0.0, 0, 4, 4]])], "label": [torch.tensor([0])],
             "mask": [torch.zeros(2, 8, 8, dtype=torch.uint8)]}
    with pytest.raises(ValueError, match=r"one mask per box; got \(2, 8, 8\) for 1 boxes"):
        InstanceSegmentationTask(backbone="timm/test_resnet", in_chans=3, num_classes=2,
                                 min_size=32, max_size=32)._targets(batch)
