"""The trainers on a CUDA device: bf16 mixed-precision training of every task, augmentation
on the GPU, and GPU predictions (and the georeferenced COGs written from them) equal to the
CPU's.

Skipped where no GPU is present (CI); run on a GPU machine with
``pytest tests/trainers/test_cuda.py``.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import numpy as np
import pytest
import pytorch_lightning as pl
import rasterio
import torch
from pytorch_lightning.callbacks import Callback

from fakedata import geo_scene
from geoplug.trainers import (
    BYOLTask,
    ChangeDetectionTask,
    MultiLabelClassificationTask,
    ObjectDetectionTask,
    RegressionTask,
)
from geoplug.trainers.prediction import predict_geotiff
from testkit.training import (
    LossRecorder,
    Synthetic,
    boxes_sample,
    change_sample,
    falling,
    loader,
    multilabel_sample,
    regression_sample,
    segmentation_setup,
    trainer,
)

pytestmark = pytest.mark.skipif(not torch.cuda.is_available(), reason="needs a CUDA device")

GPU: dict[str, Any] = {"accelerator": "gpu", "devices": 1, "precision": "bf16-mixed"}


class DeviceRecorder(Callback):
    """Where the weights and each training batch's image are during training (Lightning
    moves the module back to the CPU when ``fit`` ends)."""

    def __init__(self) -> None:
        self.weights: set[str] = set()
        self.images: set[str] = set()

    def on_train_batch_start(self, trainer: pl.Trainer, module: pl.LightningModule,
                             batch: Any, batch_idx: int) -> None:
        self.weights.add(next(module.parameters()).device.type)
        if isinstance(batch.get("image"), torch.Tensor):
            self.images.add(batch["image"].device.type)


def test_segmentation_trains_in_bf16_with_augmentation_on_the_gpu(scene_root: Path,
                                                                   tmp_path: Path) -> None:
    pl.seed_everything(0)
    dm, task = segmentation_setup(scene_root, 48)
    recorder, devices = LossRecorder(), DeviceRecorder()
    tr = trainer(tmp_path, 12, [recorder, devices], **GPU)
    tr.fit(task, datamodule=dm)
    assert devices.weights == {"cuda"} and devices.images == {"cuda"}
    assert all(loss == loss for loss in recorder.losses)
    assert falling(recorder.losses), recorder.losses
    metrics = tr.validate(task, datamodule=dm, verbose=False)[0]
    assert 0 <= metrics["val_mIoU"] <= 1


@pytest.fixture
def exact_fp32() -> Iterator[None]:
    """Plain float32 matrix products and convolutions (no TF32) for one test."""
    saved = torch.backends.cuda.matmul.allow_tf32, torch.backends.cudnn.allow_tf32
    torch.backends.cuda.matmul.allow_tf32 = torch.backends.cudnn.allow_tf32 = False
    try:
        yield
    finally:
        torch.backends.cuda.matmul.allow_tf32, torch.backends.cudnn.allow_tf32 = saved


@pytest.mark.usefixtures("exact_fp32")
def test_gpu_predictions_equal_the_cpu_ones(scene_root: Path) -> None:
    pl.seed_everything(0)
    _, task = segmentation_setup(scene_root, 8)
    task.eval()
    image = torch.randn(2, 4, 64, 64)
    with torch.no_grad():
        cpu = task.predict_step({"image": image}, 0)
        gpu = task.cuda().predict_step({"image": image.cuda()}, 0)
    assert gpu.device.type == "cuda"
    torch.testing.assert_close(gpu.cpu(), cpu, atol=1e-4, rtol=1e-4)


def _blank_strip(root: Path) -> np.ndarray:
    """Give ``image.tif`` a diagonal nodata strip (0, declared nodata); returns where."""
    with rasterio.open(root / "image.tif") as src:
        image, profile = src.read(), src.profile
    rows, cols = np.indices(image.shape[1:])
    empty = cols < 20 + rows // 3
    image[:, empty] = 0
    profile.update(nodata=0)
    with rasterio.open(root / "image.tif", "w", **profile) as dst:
        dst.write(image)
    return empty


@pytest.mark.usefixtures("exact_fp32")
def test_gpu_prediction_cog_equals_the_cpu_one(scene_root: Path, tmp_path: Path) -> None:
    """The whole georeferenced path on the GPU (normalisation, nodata mask, model, blending
    of overlapping patches) writes the same COGs as on the CPU."""
    empty = _blank_strip(scene_root)
    pl.seed_everything(0)
    dm, task = segmentation_setup(scene_root, 8)
    trainer(tmp_path, 8).fit(task, datamodule=dm)  # decisive, not near-uniform, classes
    assert dm.normalize is not None
    layer = geo_scene.ImageLayer(str(scene_root))
    written: dict[tuple[str, str], Path] = {}
    for device in ("cpu", "cuda"):
        for output in ("probabilities", "classes"):
            written[device, output] = predict_geotiff(
                task, layer, tmp_path / f"{device}_{output}.tif", size=32, stride=24,
                batch_size=4, output=output,  # type: ignore[arg-type]
                preprocess=dm.normalize.to(device), device=device)
    with rasterio.open(written["cpu", "probabilities"]) as cpu_src, \
            rasterio.open(written["cuda", "probabilities"]) as gpu_src:
        same = {k: v for k, v in cpu_src.profile.items() if k != "nodata"}  # NaN != NaN
        assert {k: v for k, v in gpu_src.profile.items() if k != "nodata"} == same
        assert np.isnan(cpu_src.nodata) and np.isnan(gpu_src.nodata)
        cpu, gpu = cpu_src.read(), gpu_src.read()
    assert cpu.shape == (3, 96, 128)
    np.testing.assert_array_equal(np.isnan(gpu).all(0), empty)
    np.testing.assert_array_equal(np.isnan(cpu), np.isnan(gpu))
    np.testing.assert_allclose(gpu[:, ~empty], cpu[:, ~empty], rtol=0, atol=1e-4)
    agree = (gpu[:, ~empty].argmax(0) == cpu[:, ~empty].argmax(0)).mean()
    assert agree >= 0.999, agree
    with rasterio.open(written["cpu", "classes"]) as cpu_src, \
            rasterio.open(written["cuda", "classes"]) as gpu_src:
        cpu_classes, gpu_classes = cpu_src.read(1), gpu_src.read(1)
    np.testing.assert_array_equal(gpu_classes == 255, empty)
    np.testing.assert_array_equal(cpu_classes == 255, empty)
    assert (gpu_classes[~empty] == cpu_classes[~empty]).mean() >= 0.999
    assert len(np.unique(cpu_classes[~empty])) > 1  # a real map, not one class everywhere


CASES: dict[str, tuple[Any, Any, int]] = {
    "multilabel": (lambda: MultiLabelClassificationTask(model="timm/test_resnet", in_chans=3,
                                                        num_classes=3, lr=3e-3),
                   multilabel_sample, 8),
    "regression": (lambda: RegressionTask(model="timm/test_resnet", in_chans=2, lr=3e-3),
                   regression_sample, 8),
    "change": (lambda: ChangeDetectionTask(model="fcsiam_diff", in_chans=3, num_classes=2,
                                           lr=1e-2, model_kwargs={"encoder": "test_resnet"}),
               change_sample, 4),
    "detection": (lambda: ObjectDetectionTask(backbone="timm/test_resnet", in_chans=5,
                                              num_classes=1, min_size=64, max_size=64,
                                              lr=1e-3),
                  boxes_sample, 2),
    "byol": (lambda: BYOLTask(model="timm/test_resnet", in_chans=4, hidden_dim=32,
                              projection_dim=16, lr=1e-3),
             lambda i, g: {"image": torch.randn(4, 32, 32, generator=g)}, 4),
}


@pytest.mark.parametrize("name", list(CASES))
def test_every_task_trains_in_bf16_on_the_gpu(name: str, tmp_path: Path) -> None:
    make_task, make_sample, batch = CASES[name]
    pl.seed_everything(0)
    task = make_task()
    data = Synthetic(16, make_sample)
    recorder, devices = LossRecorder(), DeviceRecorder()
    tr = trainer(tmp_path, 8, [recorder, devices], limit_val_batches=1, **GPU)
    tr.fit(task, loader(data, batch), loader(data, batch))
    assert devices.weights == {"cuda"}
    assert len(recorder.losses) == 8
    assert all(loss == loss and abs(loss) < 1e4 for loss in recorder.losses), recorder.losses
    if name in ("multilabel", "regression", "change"):
        assert falling(recorder.losses), recorder.losses
    assert any(k.startswith("val_") for k in tr.callback_metrics)
