"""Fine-tuning options of the tasks (class weights, frozen parts, layer-wise learning-rate
decay) and the pixelwise regression task."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import pytorch_lightning as pl
import torch
import torch.nn.functional as F

from geoplug.trainers import (
    ClassificationTask,
    MultiLabelClassificationTask,
    PixelwiseRegressionTask,
    SemanticSegmentationTask,
)
from geoplug.trainers.finetune import ModelPartError, model_parts
from geoplug.trainers.losses import build_loss
from testkit.training import LossRecorder, Synthetic, falling, loader, trainer

UNET = {"encoder": "test_resnet", "decoder_channels": [8, 8, 8, 8, 8]}

# ---------------------------------------------------------------- class weights


def _logits_target() -> tuple[torch.Tensor, torch.Tensor]:
    g = torch.Generator().manual_seed(0)
    return torch.randn(2, 3, 5, 5, generator=g), torch.randint(0, 3, (2, 5, 5), generator=g)


def test_class_weights_reach_cross_entropy_and_change_the_loss() -> None:
    logits, target = _logits_target()
    weights = [0.2, 1.0, 5.0]
    task = SemanticSegmentationTask(model="fcn", in_chans=3, num_classes=3,
                                    class_weights=weights, model_kwargs={"num_filters": 4})
    got = task.criterion(logits, target)
    # the weighted mean written out: sum w[y] * -log p_y / sum w[y]
    logp = logits.log_softmax(1).gather(1, target[:, None])[:, 0]
    w = torch.tensor(weights)[target]
    torch.testing.assert_close(got, (-logp * w).sum() / w.sum())
    assert abs(float(got) - float(F.cross_entropy(logits, target))) > 1e-3


def test_class_weights_in_focal_and_jaccard_losses() -> None:
    logits, target = _logits_target()
    weights = torch.tensor([0.2, 1.0, 5.0])
    focal = build_loss("focal", class_weights=weights.tolist(), num_classes=3)
    p_true = logits.softmax(1).gather(1, target[:, None])[:, 0]
    per_pixel = (1 - p_true) ** 2 * -p_true.log()
    w = weights[target]
    torch.testing.assert_close(focal(logits, target), (per_pixel * w).sum() / w.sum())

    jaccard = build_loss("jaccard", class_weights=weights.tolist(), num_classes=3)
    probs = logits.softmax(1)
    onehot = F.one_hot(target, 3).permute(0, 3, 1, 2).float()
    inter = (probs * onehot).sum((0, 2, 3))
    union = probs.sum((0, 2, 3)) + onehot.sum((0, 2, 3)) - inter
    iou = (inter + 1) / (union + 1)
    torch.testing.assert_close(jaccard(logits, target),
                               1 - (iou * weights).sum() / weights.sum())


def test_class_weights_in_multilabel_bce() -> None:
    task = MultiLabelClassificationTask(model="timm/test_resnet", in_chans=3, num_classes=3,
                                        class_weights=[1.0, 0.0, 2.0])
    logits = torch.tensor([[2.0, -1.0, 0.5]])
    target = torch.tensor([[1.0, 1.0, 0.0]])
    per_label = F.binary_cross_entropy_with_logits(logits, target, reduction="none")
    expected = (per_label * torch.tensor([1.0, 0.0, 2.0])).mean()
    torch.testing.assert_close(task.criterion(logits, target), expected)


@pytest.mark.parametrize(("kwargs", "message"), [
    ({"class_weights": [1.0, 2.0]}, "2 values but the task has 3 classes"),
    ({"class_weights": [1.0, -1.0, 1.0]}, "non-negative"),
    ({"class_weights": [1.0, 1.0, 1.0], "loss": "focal"}, "loss='bce'"),
])
def test_bad_class_weights_are_refused(kwargs: dict[str, Any], message: str) -> None:
    with pytest.raises(ValueError, match=message):
        MultiLabelClassificationTask(model="timm/test_resnet", in_chans=3, num_classes=3,
                                     **kwargs)


def test_class_weights_move_with_the_task() -> None:
    task = ClassificationTask(model="timm/test_resnet", in_chans=3, num_classes=2,
                              class_weights=[1.0, 3.0])
    assert "criterion.weight" in task.state_dict()
    task = task.to(torch.float64)
    assert task.criterion.weight.dtype == torch.float64  # a buffer, so it follows .to()


# ---------------------------------------------------------------- frozen parts


def _snapshot(module: torch.nn.Module) -> dict[str, torch.Tensor]:
    return {n: p.detach().clone() for n, p in module.named_parameters()}


def _seg_sample(i: int, g: torch.Generator) -> dict[str, Any]:
    image = torch.randn(3, 32, 32, generator=g)
    return {"image": image, "mask": (image[0] > 0).long()}


@pytest.mark.parametrize("freeze_decoder", [False, True])
def test_freeze_backbone_and_decoder(tmp_path: Path, freeze_decoder: bool) -> None:
    pl.seed_everything(0)
    task = SemanticSegmentationTask(model="unet", in_chans=3, num_classes=2, lr=1e-2,
                                    freeze_backbone=True, freeze_decoder=freeze_decoder,
                                    model_kwargs=UNET)
    before = _snapshot(task.model)
    data = loader(Synthetic(8, _seg_sample), 4)
    trainer(tmp_path, 3, limit_val_batches=1).fit(task, data, data)
    after = _snapshot(task.model)
    changed = {n for n in before if not torch.equal(before[n], after[n])}
    parts = model_parts(task.model)
    assert parts["backbone"] and parts["decoder"] and parts["head"]
    assert not changed & set(parts["backbone"])
    assert set(parts["head"]) <= changed
    if freeze_decoder:
        assert not changed & set(parts["decoder"])
    else:
        assert changed & set(parts["decoder"])
    optimizer = task.configure_optimizers()["optimizer"]
    trained = sum(p.numel() for g in optimizer.param_groups for p in g["params"])
    assert trained == sum(p.numel() for p in task.model.parameters() if p.requires_grad)


def _running_stats(module: torch.nn.Module) -> dict[str, torch.Tensor]:
    return {n: b.clone() for n, b in module.named_buffers() if n.endswith("running_mean")}


@pytest.mark.parametrize("freeze_decoder", [False, True])
def test_frozen_parts_keep_their_batchnorm_statistics(tmp_path: Path,
                                                       freeze_decoder: bool) -> None:
    # a linear probe's features are the frozen backbone's, running statistics included: in
    # train mode every batch moved them (inputs far from the statistics make it plain)
    pl.seed_everything(0)
    task = SemanticSegmentationTask(model="unet", in_chans=3, num_classes=2, lr=1e-2,
                                    freeze_backbone=True, freeze_decoder=freeze_decoder,
                                    model_kwargs=UNET)
    before = _running_stats(task.model)
    shifted = lambda i, g: {k: (v * 5 + 3 if k == "image" else v)  # noqa: E731
                            for k, v in _seg_sample(i, g).items()}
    data = loader(Synthetic(8, shifted), 4)
    trainer(tmp_path, 3, limit_val_batches=1, val_check_interval=1).fit(task, data, data)
    after = _running_stats(task.model)
    moved = {n.split(".")[0] for n in before if not torch.equal(before[n], after[n])}
    assert any(n.startswith("encoder.") for n in before)
    assert "encoder" not in moved  # frozen
    assert ("decoder" in moved) is not freeze_decoder  # trained parts keep learning them
    task.train()  # an explicit train() keeps them held too
    assert not any(m.training for m in task.model.encoder.modules()
                   if isinstance(m, torch.nn.BatchNorm2d))


def test_a_frozen_detector_body_keeps_its_batchnorm_statistics() -> None:
    from geoplug.trainers import ObjectDetectionTask

    task = ObjectDetectionTask(backbone="timm/test_resnet", in_chans=3, freeze_backbone=True,
                               min_size=64, max_size=64).train()
    body = task.model.backbone.body
    before = _running_stats(body)
    images = [torch.rand(3, 64, 64) * 5 + 3]
    targets = [{"boxes": torch.tensor([[8.0, 8, 30, 30]]), "labels": torch.tensor([1])}]
    task.model(images, targets)  # a training forward pass
    after = _running_stats(body)
    assert before and all(torch.equal(before[n], after[n]) for n in before)


def test_freeze_backbone_of_a_classifier_trains_only_the_classifier() -> None:
    task = ClassificationTask(model="timm/test_resnet", in_chans=3, num_classes=4,
                              freeze_backbone=True)
    trainable = [n for n, p in task.model.named_parameters() if p.requires_grad]
    assert trainable == ["fc.weight", "fc.bias"]


def test_freezing_a_part_the_model_lacks_is_an_error() -> None:
    with pytest.raises(ModelPartError, match="no decoder"):
        SemanticSegmentationTask(model="timm/test_resnet", in_chans=3, num_classes=2,
                                 freeze_decoder=True)
    with pytest.raises(ValueError, match="cannot tell the backbone of Sequential"):
        model_parts(torch.nn.Sequential(torch.nn.Conv2d(3, 2, 1)))


# ---------------------------------------------------------------- layer-wise lr decay


def _lr_of(optimizer: torch.optim.Optimizer, module: torch.nn.Module, name: str) -> float:
    param = dict(module.named_parameters())[name]
    for group in optimizer.param_groups:
        if any(p is param for p in group["params"]):
            return float(group["lr"])
    raise AssertionError(f"{name} is in no group")


def test_layer_decay_on_a_vit_classifier() -> None:
    task = ClassificationTask(model="timm/test_vit", in_chans=4, num_classes=3, lr=1e-3,
                              layer_decay=0.5)
    optimizer = task.configure_optimizers()["optimizer"]
    model = task.model
    depth = len(model.blocks)  # 6 blocks; timm groups: embeddings 0, blocks 1..6 (+ norm)
    assert _lr_of(optimizer, model, "head.weight") == pytest.approx(1e-3)
    assert _lr_of(optimizer, model, f"blocks.{depth - 1}.mlp.fc1.weight") == pytest.approx(
        1e-3 * 0.5)
    assert _lr_of(optimizer, model, "blocks.0.attn.qkv.weight") == pytest.approx(
        1e-3 * 0.5 ** depth)
    assert _lr_of(optimizer, model, "patch_embed.proj.weight") == pytest.approx(
        1e-3 * 0.5 ** (depth + 1))
    assert _lr_of(optimizer, model, "pos_embed") == _lr_of(optimizer, model, "cls_token")
    counted = sum(p.numel() for g in optimizer.param_groups for p in g["params"])
    assert counted == sum(p.numel() for p in task.parameters())


def test_layer_decay_on_a_torchvision_swin_encoder() -> None:
    from geoplug.models.transformers import swin_v2_t
    from geoplug.trainers.finetune import backbone_layer_ids

    ids = backbone_layer_ids(swin_v2_t(in_chans=3, num_classes=0))
    assert ids["features.0.0.weight"] == 0
    assert ids["features.1.0.norm1.weight"] == 1
    assert ids["features.1.1.norm1.weight"] == 2
    # the patch merging before stage 2 goes with stage 2's first block
    assert ids["features.2.reduction.weight"] == ids["features.3.0.norm1.weight"] == 3
    assert ids["features.7.1.norm1.weight"] == 12  # 2 + 2 + 6 + 2 blocks
    assert ids["norm.weight"] == 13


def test_layer_decay_is_checked_when_the_task_is_built() -> None:
    with pytest.raises(ValueError, match=r"layer_decay must be in \(0, 1\]"):
        ClassificationTask(model="timm/test_vit", in_chans=3, num_classes=2, layer_decay=1.5)
    with pytest.raises(ValueError, match="cannot tell the layers"):
        SemanticSegmentationTask(model="fcn", in_chans=3, num_classes=2, layer_decay=0.7,
                                 model_kwargs={"num_filters": 4})


# ---------------------------------------------------------------- pixelwise regression


def _dense_sample(i: int, g: torch.Generator) -> dict[str, Any]:
    """The target is twice band 0 plus one: a per-pixel function of the image."""
    image = torch.randn(2, 32, 32, generator=g)
    return {"image": image, "mask": (2 * image[0] + 1).float()}


def test_pixelwise_regression_learns_and_reports_per_pixel_errors(tmp_path: Path) -> None:
    pl.seed_everything(0)
    task = PixelwiseRegressionTask(model="unet", in_chans=2, lr=1e-2, model_kwargs=UNET)
    recorder = LossRecorder()
    data = Synthetic(8, _dense_sample)
    tr = trainer(tmp_path, 10, [recorder], limit_val_batches=1)
    tr.fit(task, loader(data, 4), loader(data, 8))
    assert falling(recorder.losses), recorder.losses
    metrics = tr.validate(task, loader(data, 8), verbose=False)[0]
    batch = next(iter(loader(data, 8)))
    with torch.no_grad():
        pred = task.eval().predict_step(batch, 0)
    assert pred.shape == (8, 1, 32, 32) and pred.dtype == torch.float32
    error = pred[:, 0] - batch["mask"]
    assert metrics["val_MAE"] == pytest.approx(float(error.abs().mean()), rel=1e-4)
    assert metrics["val_RMSE"] == pytest.approx(float(error.pow(2).mean().sqrt()), rel=1e-4)
    assert metrics["val_loss"] == pytest.approx(float(error.pow(2).mean()), rel=1e-4)


def test_pixelwise_regression_skips_nodata_and_checks_shapes() -> None:
    task = PixelwiseRegressionTask(model="fcn", in_chans=2, num_outputs=1, nodata=-9999.0,
                                   model_kwargs={"num_filters": 4})
    logits = torch.zeros(1, 1, 2, 2)
    target = torch.tensor([[[1.0, -9999.0], [3.0, -9999.0]]])
    loss_in, loss_target, _, _ = task._prepare(logits, target)
    assert loss_target.tolist() == [1.0, 3.0]
    assert float(task.criterion(loss_in, loss_target)) == pytest.approx(5.0)  # (1 + 9) / 2
    with pytest.raises(ValueError, match=r"does not fit the model output \(1, 1, 2, 2\)"):
        task._prepare(logits, torch.zeros(1, 3, 2, 2))
    with pytest.raises(ValueError, match="'mse' or 'mae'"):
        PixelwiseRegressionTask(model="fcn", loss="ce")


def test_layer_decay_and_freezing_on_upernet_over_a_vit(tmp_path: Path) -> None:
    task = SemanticSegmentationTask(model="upernet", in_chans=3, num_classes=2, lr=1e-2,
                                    layer_decay=0.5, freeze_decoder=True,
                                    model_kwargs={"encoder": "timm/test_vit",
                                                  "decoder_channels": 8})
    optimizer = task.configure_optimizers()["optimizer"]
    model = task.model
    # encoder blocks decay from the top; the frozen decoder (the ViT pyramid neck included)
    # is not optimised; the classifier learns at the full rate
    assert _lr_of(optimizer, model, "encoder.blocks.5.attn.qkv.weight") == pytest.approx(5e-3)
    assert _lr_of(optimizer, model, "encoder.blocks.0.attn.qkv.weight") == pytest.approx(
        1e-2 * 0.5 ** 6)
    assert _lr_of(optimizer, model, "head.1.weight") == pytest.approx(1e-2)
    for frozen in ("decoder.fuse.0.weight", "neck.up2.weight"):
        with pytest.raises(AssertionError, match="in no group"):
            _lr_of(optimizer, model, frozen)
    sample = lambda i, g: {"image": torch.randn(3, 160, 160, generator=g),  # noqa: E731
                           "mask": torch.randint(0, 2, (160, 160), generator=g)}
    data = loader(Synthetic(2, sample), 2)
    trainer(tmp_path, 2, limit_val_batches=1).fit(task, data, data)


def test_freeze_backbone_of_a_detector_keeps_the_pyramid_trainable() -> None:
    from geoplug.trainers import ObjectDetectionTask

    task = ObjectDetectionTask(backbone="timm/test_resnet", in_chans=3, freeze_backbone=True,
                               min_size=64, max_size=64)
    frozen = {n for n, p in task.model.named_parameters() if not p.requires_grad}
    body = {f"backbone.body.{n}" for n, _ in task.model.backbone.body.named_parameters()}
    assert frozen == body
    assert any(p.requires_grad for p in task.model.backbone.fpn.parameters())
