"""The new tasks and decoders on a CUDA device: bf16 training steps, and GPU predictions of
the UPerNet/FPN decoders and smp models equal to the CPU's.

Skipped where no GPU is present (CI); run on a GPU machine with
``pytest tests/trainers/test_cuda_new_tasks.py``.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import pytorch_lightning as pl
import torch

from geoplug.models import get_model
from geoplug.trainers import (
    InstanceSegmentationTask,
    MoCoTask,
    PixelwiseRegressionTask,
    SemanticSegmentationTask,
    SimCLRTask,
)
from testkit.standins import standin_models
from testkit.training import LossRecorder, Synthetic, falling, loader, trainer

pytestmark = pytest.mark.skipif(not torch.cuda.is_available(), reason="needs a CUDA device")

GPU: dict[str, Any] = {"accelerator": "gpu", "devices": 1, "precision": "bf16-mixed"}


def _dense(i: int, g: torch.Generator) -> dict[str, Any]:
    image = torch.randn(3, 64, 64, generator=g)
    return {"image": image, "mask": (2 * image[0] + 1).float()}


def _classes(i: int, g: torch.Generator) -> dict[str, Any]:
    image = torch.randn(3, 160, 160, generator=g)
    return {"image": image, "mask": (image[0] > 0).long()}


def _unlabelled(i: int, g: torch.Generator) -> dict[str, Any]:
    return {"image": torch.randn(4, 32, 32, generator=g)}


def _instances(i: int, g: torch.Generator) -> dict[str, Any]:
    image = torch.randn(3, 64, 64, generator=g) * 0.1
    x0, y0 = 8 + (i * 7) % 24, 10 + (i * 5) % 24
    image[:, y0:y0 + 20, x0:x0 + 20] += 2.0
    mask = torch.zeros(1, 64, 64, dtype=torch.uint8)
    mask[0, y0:y0 + 20, x0:x0 + 20] = 1
    return {"image": image, "mask": mask, "label": torch.tensor([0]),
            "bbox_xyxy": torch.tensor([[x0, y0, x0 + 20, y0 + 20]], dtype=torch.float32)}


UNET = {"encoder": "test_resnet", "decoder_channels": [16, 16, 8, 8, 8]}
CASES: dict[str, tuple[Any, Any, int, bool]] = {
    "pixelwise_regression": (lambda: PixelwiseRegressionTask(model="unet", in_chans=3, lr=1e-2,
                                                             model_kwargs=UNET),
                             _dense, 4, True),
    "upernet_vit_layer_decay": (
        lambda: SemanticSegmentationTask(model="upernet", in_chans=3, num_classes=2, lr=1e-3,
                                         layer_decay=0.75, class_weights=[1.0, 2.0],
                                         model_kwargs={"encoder": "timm/test_vit",
                                                       "decoder_channels": 16}),
        _classes, 4, False),
    "deeplabv3plus": (lambda: SemanticSegmentationTask(model="deeplabv3plus", in_chans=3,
                                                       num_classes=2, lr=1e-3,
                                                       freeze_backbone=True,
                                                       model_kwargs={"encoder": "resnet18"}),
                      _classes, 4, False),
    "simclr": (lambda: SimCLRTask(model="timm/test_resnet", in_chans=4, hidden_dim=32,
                                  projection_dim=16, temperature=0.5), _unlabelled, 4, False),
    "moco": (lambda: MoCoTask(model="timm/test_resnet", in_chans=4, hidden_dim=32,
                              projection_dim=16, queue_size=16), _unlabelled, 4, False),
    "instance_segmentation": (lambda: InstanceSegmentationTask(
        backbone="timm/test_resnet", in_chans=3, num_classes=1, min_size=64, max_size=64),
        _instances, 2, False),
}


@pytest.mark.parametrize("name", list(CASES))
def test_new_tasks_train_in_bf16_on_the_gpu(name: str, tmp_path: Path) -> None:
    make_task, make_sample, batch, learns = CASES[name]
    pl.seed_everything(0)
    task = make_task()
    data = Synthetic(8, make_sample)
    recorder = LossRecorder()
    tr = trainer(tmp_path, 6, [recorder], limit_val_batches=1, **GPU)
    tr.fit(task, loader(data, batch), loader(data, batch))
    assert len(recorder.losses) == 6
    assert all(loss == loss and abs(loss) < 1e4 for loss in recorder.losses), recorder.losses
    if learns:
        assert falling(recorder.losses), recorder.losses
    assert any(k.startswith("val_") for k in tr.callback_metrics)


@pytest.fixture
def exact_fp32() -> Iterator[None]:
    saved = torch.backends.cuda.matmul.allow_tf32, torch.backends.cudnn.allow_tf32
    torch.backends.cuda.matmul.allow_tf32 = torch.backends.cudnn.allow_tf32 = False
    try:
        yield
    finally:
        torch.backends.cuda.matmul.allow_tf32, torch.backends.cudnn.allow_tf32 = saved


@pytest.mark.usefixtures("exact_fp32")
@pytest.mark.parametrize(("name", "kwargs", "shape"), [
    ("upernet", {"encoder": "timm/test_vit"}, (2, 3, 160, 160)),
    ("fpn", {"encoder": "swin_v2_t"}, (2, 3, 64, 96)),
    ("upernet", {"encoder": "tiny_prithvi", "frames": 3}, (2, 3, 6, 32, 32)),
    ("deeplabv3plus", {"encoder": "resnet18"}, (2, 3, 64, 64)),
    ("unet_smp", {"encoder": "efficientnet-b3"}, (2, 3, 64, 64)),
])
def test_decoder_gpu_outputs_equal_the_cpu_ones(name: str, kwargs: dict[str, Any],
                                                shape: tuple[int, ...]) -> None:
    torch.manual_seed(0)
    with standin_models():
        in_chans = shape[2] if len(shape) == 5 else shape[1]
        model = get_model(name, in_chans=in_chans, num_classes=4, **kwargs).eval()
    x = torch.randn(*shape)
    with torch.no_grad():
        cpu = model(x)
        gpu = model.cuda()(x.cuda())
    assert gpu.device.type == "cuda" and gpu.shape == cpu.shape
    torch.testing.assert_close(gpu.cpu(), cpu, atol=1e-4, rtol=1e-4)
