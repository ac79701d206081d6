"""Short real trainings of every task on tiny data: losses fall, metrics exist, checkpoints work."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
import pytorch_lightning as pl
import rasterio
import torch
from pytorch_lightning.callbacks import ModelCheckpoint

from geoplug.trainers import (
    BYOLTask,
    ChangeDetectionTask,
    ClassificationTask,
    GeoDataModule,
    MultiLabelClassificationTask,
    NonGeoDataModule,
    ObjectDetectionTask,
    RegressionTask,
    SemanticSegmentationTask,
)
from geoplug.trainers.datamodule import collate_samples
from geoplug.trainers.losses import FocalLoss, JaccardLoss
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

# ---------------------------------------------------------------- classification (non-geo)


def test_classification_on_registered_dataset_learns_and_resumes(chips_root: Path,
                                                                  tmp_path: Path) -> None:
    pl.seed_everything(0)
    dm = NonGeoDataModule("tiny_chips", root=str(chips_root), batch_size=10, seed=1)
    task = ClassificationTask(model="timm/test_resnet", in_chans=4, num_classes=3, lr=3e-3)
    recorder = LossRecorder()
    ckpt = ModelCheckpoint(dirpath=tmp_path / "ckpt", save_last=True)
    tr = trainer(tmp_path, 12, [recorder, ckpt], enable_checkpointing=True,
                 limit_val_batches=1)
    tr.fit(task, datamodule=dm)
    assert len(recorder.losses) == 12
    assert falling(recorder.losses), recorder.losses
    # val is carved out of train (20 % of 30 chips; the test split exists), disjoint
    assert len(dm.datasets["val"]) == 6  # type: ignore[arg-type]
    assert len(dm.datasets["train"]) == 24  # type: ignore[arg-type]
    train_idx = set(dm.datasets["train"].indices)  # type: ignore[attr-defined]
    assert not train_idx & set(dm.datasets["val"].indices)  # type: ignore[attr-defined]
    for key in ("val_loss", "val_OA", "val_AA", "val_F1"):
        value = float(tr.callback_metrics[key])
        assert value == value  # not NaN
    assert 0 <= float(tr.callback_metrics["val_OA"]) <= 1
    results = tr.test(task, datamodule=dm, verbose=False)
    assert set(results[0]) >= {"test_loss", "test_OA", "test_AA", "test_F1"}

    # the checkpoint reloads with its hyper-parameters and gives the same outputs
    last = tmp_path / "ckpt" / "last.ckpt"
    reloaded = ClassificationTask.load_from_checkpoint(last)
    assert reloaded.hparams["num_classes"] == 3 and reloaded.hparams["model"] == "timm/test_resnet"
    x = torch.randn(2, 4, 32, 32)
    task.eval()
    reloaded.eval()
    torch.testing.assert_close(reloaded(x), task(x))
    # resuming continues from step 12
    # the resumed run has the callback that wrote the checkpoint, as Lightning asks, writing
    # to the same (now empty) folder
    resume = last.rename(tmp_path / "resume.ckpt")
    shutil.rmtree(tmp_path / "ckpt")
    tr2 = trainer(tmp_path, 14, [ModelCheckpoint(dirpath=tmp_path / "ckpt", save_last=True)],
                  enable_checkpointing=True, limit_val_batches=1)
    tr2.fit(ClassificationTask(model="timm/test_resnet", in_chans=4, num_classes=3), datamodule=dm,
            ckpt_path=resume)
    assert tr2.global_step == 14


def test_normalisation_comes_from_the_spec(chips_root: Path) -> None:
    dm = NonGeoDataModule("tiny_chips", root=str(chips_root),
                          dataset_kwargs={"bands": ["B4", "B1"]})
    assert dm.normalize is not None
    torch.testing.assert_close(dm.normalize.mean.flatten(), torch.tensor([50.0, 100.0]))
    torch.testing.assert_close(dm.normalize.std.flatten(), torch.tensor([10.0, 80.0]))
    batch = {"image": torch.full((2, 2, 4, 4), 150.0), "label": torch.tensor([0, 1])}
    out = dm.on_after_batch_transfer(batch, 0)  # no trainer: normalise only
    torch.testing.assert_close(out["image"][:, 0], torch.full((2, 4, 4), 10.0))
    torch.testing.assert_close(out["image"][:, 1], torch.full((2, 4, 4), 0.625))
    # a NaN pixel (a float layer's nodata) would spread to the loss and every weight: it
    # enters as the band's mean, 0 once normalised; the other pixels are untouched
    batch["image"][0, 1, 2, 3] = float("nan")
    out = dm.on_after_batch_transfer(batch, 0)
    assert bool(torch.isfinite(out["image"]).all()) and out["image"][0, 1, 2, 3] == 0.0
    assert out["image"][0, 1, 2, 2] == 0.625


def test_a_training_pass_has_its_epochs_own_order(chips_root: Path) -> None:
    # the order came from torch's global random state: a fit resumed part way through an
    # epoch skipped the batches trained, but of another order (some chips twice, some never)
    orders = []
    for state in (1, 2):
        torch.manual_seed(state)  # what a restarted process holds
        dm = NonGeoDataModule("tiny_chips", root=str(chips_root), batch_size=2)
        dm.setup("fit")
        sampler = dm.train_dataloader().sampler
        orders.append(list(sampler))
    assert orders[0] == orders[1] and sorted(orders[0]) == list(range(len(orders[0])))
    sampler.set_epoch(1)  # type: ignore[attr-defined]
    assert list(sampler) != orders[0] and sorted(sampler) == sorted(orders[0])


def test_nongeo_datamodule_errors(chips_root: Path) -> None:
    with pytest.raises(KeyError, match="tiny_chip"):
        NonGeoDataModule("tiny_chipz", root=str(chips_root))
    with pytest.raises(ValueError, match="geo dataset"):
        NonGeoDataModule("tiny_scene_image", root=str(chips_root))
    with pytest.raises(ValueError, match="val_split_pct"):
        NonGeoDataModule("tiny_chips", root=str(chips_root), val_split_pct=1.5)
    with pytest.raises(ValueError, match="would choose the model on the data that scores"):
        NonGeoDataModule("tiny_chips", root=str(chips_root), val_split="test",
                         test_split="test")
    dm = NonGeoDataModule("tiny_chips", root=str(chips_root), test_split="holdout")
    with pytest.raises(ValueError, match=r"test_split='holdout': tiny_chips has the splits"):
        dm.setup("test")


def test_validation_never_scores_the_data_the_test_scores(tmp_path: Path,
                                                          caplog: pytest.LogCaptureFixture
                                                          ) -> None:
    # HLS Burn Scars' val and test splits both read validation/ (the release has no test
    # set): the default validated and tested on the same scenes; it now validates on a part
    # of train, and asking for both by name is refused
    from torch.utils.data import Subset

    from fakedata import hls_burn_scars, mapinwild

    hls_burn_scars.make(tmp_path / "hls", extract=True)
    dm = NonGeoDataModule("hls_burn_scars", root=str(tmp_path / "hls"), val_split_pct=0.34,
                          statistics=0)
    dm.setup("fit")
    val, test = dm.datasets["val"], dm.datasets["test"]
    assert isinstance(val, Subset) and val.dataset.split == "train" and len(val) == 1
    assert test.split == "test" and len(test) == 2  # type: ignore[attr-defined]
    assert "reads the same data" in caplog.text
    with pytest.raises(ValueError, match="read the same data of hls_burn_scars"):
        NonGeoDataModule("hls_burn_scars", root=str(tmp_path / "hls"), val_split="test",
                         test_split="val", statistics=0).setup("fit")
    # MapInWild's validation split is named "validation": testing on it by that name made
    # the default val (found by its alias) the very same split
    mapinwild.make(tmp_path / "wild")
    dm = NonGeoDataModule("mapinwild", root=str(tmp_path / "wild"), test_split="validation",
                          statistics=0)
    dm.setup("fit")
    assert isinstance(dm.datasets["val"], Subset)
    assert dm.datasets["test"].split == "validation"  # type: ignore[attr-defined]


def test_a_split_whose_labels_are_withheld_is_not_scored(tmp_path: Path,
                                                         caplog: pytest.LogCaptureFixture
                                                         ) -> None:
    # CV4A Kenya withholds its test fields' crops: the default tested on masks of 0 (or on
    # train fields' labels); it now tests on a part of train, and naming the split is refused
    from torch.utils.data import Subset

    from fakedata import cv4a_kenya_crop_type as fake

    fake.make(tmp_path)
    kwargs = {"chip_size": 8, "stride": 4}
    dm = NonGeoDataModule("cv4a_kenya_crop_type", root=str(tmp_path), dataset_kwargs=kwargs,
                          val_split_pct=0.2, test_split_pct=0.2, statistics=0)
    dm.setup("test")
    test = dm.datasets["test"]
    assert isinstance(test, Subset) and test.dataset.split == "train"  # type: ignore[attr-defined]
    assert "withholds the labels of its 'test' split" in caplog.text
    with pytest.raises(ValueError, match="withholds that split's labels"):
        NonGeoDataModule("cv4a_kenya_crop_type", root=str(tmp_path), dataset_kwargs=kwargs,
                         val_split="test", test_split=None, statistics=0).setup("fit")


def test_carving_overlapping_chips_far_from_the_fractions_asked_warns(
        tmp_path: Path, caplog: pytest.LogCaptureFixture) -> None:
    # CV4A Kenya's chips (8 px every 4 here) overlap: 20 % + 20 % carved in whole blocks left
    # train 3 of the 8 chips asked, said only at INFO level
    from fakedata import cv4a_kenya_crop_type as fake

    fake.make(tmp_path)
    dm = NonGeoDataModule("cv4a_kenya_crop_type", root=str(tmp_path),
                          dataset_kwargs={"chip_size": 8, "stride": 4}, val_split_pct=0.2,
                          test_split_pct=0.2, statistics=0, seed=0)
    with caplog.at_level("WARNING", logger="geoplug.trainers.carving"):
        dm.setup("fit")
    sizes = [len(dm.datasets[s]) for s in ("train", "val", "test")]  # type: ignore[arg-type]
    assert sizes[1:] == [2, 2]
    assert (f"asked 8/2/2 (training, then each held-out split), got "
            f"{'/'.join(map(str, sizes))}") in caplog.text
    assert "share pixels with a chip of another split" in caplog.text


def test_a_dataset_with_withheld_test_labels_tests_on_its_val_split(tmp_path: Path) -> None:
    # ETCI 2021's test masks are withheld (no flood_label): its shipped config tests on the
    # official val split and validates on 20 % of train (disjoint)
    import yaml

    from fakedata import etci2021
    from geoplug.trainers.cli import config_path

    made = etci2021.make(tmp_path)
    args = yaml.safe_load(config_path("etci2021").read_text())["data"]["init_args"]
    args.update(root=str(tmp_path), num_workers=0, batch_size=2)
    dm = NonGeoDataModule(**args)
    dm.setup("fit")
    dm.setup("test")
    test, val, train = dm.datasets["test"], dm.datasets["val"], dm.datasets["train"]
    assert (len(test), len(val), len(train)) == (made["lengths"]["val"], 1, 3)
    assert all("mask" in test[i] for i in range(len(test)))  # labelled, unlike "test"
    images = [train[i]["image"] for i in range(3)] + [val[0]["image"]]
    assert len({tuple(im.flatten()[:8].tolist()) for im in images}) == 4  # disjoint chips


# ---------------------------------------------------------------- segmentation (geo)


def test_segmentation_on_composed_geo_layers(scene_root: Path, tmp_path: Path) -> None:
    pl.seed_everything(0)
    dm, task = segmentation_setup(scene_root, 48)
    recorder = LossRecorder()
    tr = trainer(tmp_path, 12, [recorder])
    tr.fit(task, datamodule=dm)
    assert falling(recorder.losses), recorder.losses
    # normalisation from the image layer's spec
    assert dm.normalize is not None
    torch.testing.assert_close(dm.normalize.mean.flatten(), torch.tensor([80.0, 50, 50, 50]))
    # regions: train is the left half of the bounds, val and test quarters to its right
    bounds = dm._dataset().bounds
    assert dm.region("train").maxx == pytest.approx(bounds.minx + bounds.width / 2)
    assert dm.region("test").maxx == pytest.approx(bounds.maxx)
    metrics = tr.validate(task, datamodule=dm, verbose=False)[0]
    assert {"val_loss", "val_OA", "val_mIoU", "val_IoU_0", "val_IoU_1", "val_IoU_2"} <= set(
        metrics)
    assert 0 <= metrics["val_mIoU"] <= 1


def _reference_loss(name: str, logits: torch.Tensor, target: torch.Tensor) -> torch.Tensor:
    """The textbook losses, written out here: focal (gamma 2, Lin et al. 2017) and the soft
    Jaccard loss over the classes present (smoothing 1, the task's default)."""
    probs = logits.softmax(dim=1)
    p_true = probs.gather(1, target[:, None])[:, 0]
    if name == "focal":
        return ((1 - p_true) ** 2 * -p_true.log()).mean()
    onehot = torch.nn.functional.one_hot(target, logits.shape[1]).permute(0, 3, 1, 2).float()
    inter = (probs * onehot).sum((0, 2, 3))
    union = probs.sum((0, 2, 3)) + onehot.sum((0, 2, 3)) - inter
    present = onehot.sum((0, 2, 3)) > 0
    return 1 - ((inter + 1) / (union + 1))[present].mean()


def test_jaccard_and_focal_losses_train(scene_root: Path, tmp_path: Path) -> None:
    for loss, kind in (("jaccard", JaccardLoss), ("focal", FocalLoss)):
        pl.seed_everything(0)
        dm = GeoDataModule(["tiny_scene_image", "tiny_scene_mask"],
                           dataset_kwargs={"paths": str(scene_root)}, patch_size=32,
                           batch_size=4, length=8, seed=0, split=(0.5, 0.25, 0.25))
        task = SemanticSegmentationTask(model="fcn", in_chans=4, num_classes=3, loss=loss,
                                        model_kwargs={"num_filters": 8})
        assert isinstance(task.criterion, kind)
        tr = trainer(tmp_path, 2, limit_val_batches=1)
        tr.fit(task, datamodule=dm)
        logged = tr.validate(task, datamodule=dm, verbose=False)[0]["val_loss"]
        # the one validation batch, normalised as the data module does, through the model
        batch = dm.on_after_batch_transfer(next(iter(dm.val_dataloader())), 0)
        with torch.no_grad():
            logits = task.eval()(batch["image"])
        target = batch["mask"].long()
        expected = float(_reference_loss(loss, logits, target))
        assert logged == pytest.approx(expected, rel=1e-4, abs=1e-6)
        # and that is not what a silent fall-back to cross-entropy would have logged
        ce = float(torch.nn.functional.cross_entropy(logits, target))
        assert abs(logged - ce) > 1e-2, (loss, logged, ce)


# ---------------------------------------------------------------- other tasks (in-memory data)


def test_multilabel_learns(tmp_path: Path) -> None:
    pl.seed_everything(0)
    task = MultiLabelClassificationTask(model="timm/test_resnet", in_chans=3, num_classes=3,
                                        lr=3e-3)
    recorder = LossRecorder()
    tr = trainer(tmp_path, 10, [recorder], limit_val_batches=1)
    data = Synthetic(16, multilabel_sample)
    tr.fit(task, loader(data), loader(data))
    assert falling(recorder.losses), recorder.losses
    assert {"val_OA", "val_AA", "val_F1"} <= set(tr.callback_metrics)
    task.eval()
    probs = task.predict_step({"image": data[0]["image"][None]}, 0)
    assert probs.shape == (1, 3) and bool(((probs >= 0) & (probs <= 1)).all())


def test_regression_learns(tmp_path: Path) -> None:
    pl.seed_everything(0)
    task = RegressionTask(model="timm/test_resnet", in_chans=2, lr=3e-3)
    recorder = LossRecorder()
    tr = trainer(tmp_path, 10, [recorder], limit_val_batches=1)
    data = Synthetic(16, regression_sample)
    tr.fit(task, loader(data), loader(data))
    assert falling(recorder.losses), recorder.losses
    assert {"val_MAE", "val_RMSE"} <= set(tr.callback_metrics)
    assert float(tr.callback_metrics["val_RMSE"]) >= float(tr.callback_metrics["val_MAE"])


def test_change_detection_learns(tmp_path: Path) -> None:
    pl.seed_everything(0)
    task = ChangeDetectionTask(model="fcsiam_diff", in_chans=3, num_classes=2, lr=1e-2,
                               model_kwargs={"encoder": "test_resnet"})
    recorder = LossRecorder()
    tr = trainer(tmp_path, 8, [recorder])
    data = Synthetic(8, change_sample)
    tr.fit(task, loader(data, 4), loader(data, 4))
    assert falling(recorder.losses), recorder.losses
    assert {"val_mIoU", "val_IoU_1"} <= set(tr.callback_metrics)


class BrightSquareDetector(torch.nn.Module):
    """Stands in for torchvision's Faster R-CNN: boxes the bright square of ``boxes_sample``
    (torchvision's labels count the background as 0, so the object class is 1)."""

    def forward(self, images: list[torch.Tensor]) -> list[dict[str, torch.Tensor]]:
        out = []
        for image in images:
            ys, xs = torch.nonzero(image.mean(0) > 1, as_tuple=True)
            box = torch.stack([xs.min(), ys.min(), xs.max() + 1, ys.max() + 1]).float()
            out.append({"boxes": box[None], "labels": torch.tensor([1]),
                        "scores": torch.tensor([0.9])})
        return out


def test_detection_trains_and_reports_map(tmp_path: Path) -> None:
    pl.seed_everything(0)
    task = ObjectDetectionTask(backbone="timm/test_resnet", in_chans=5, num_classes=1, min_size=64,
                               max_size=64, lr=1e-3)
    recorder = LossRecorder()
    tr = trainer(tmp_path, 2, [recorder], limit_val_batches=1)
    data = Synthetic(4, boxes_sample)
    tr.fit(task, loader(data, 2), loader(data, 2))
    assert all(loss == loss for loss in recorder.losses)
    keys = {"val_map", "val_map_50", "val_map_75", "val_mar_1", "val_mar_10", "val_mar_100"}
    assert keys <= set(tr.callback_metrics)
    for key in keys:  # torchmetrics reports -1 where a size range holds no box
        assert -1 <= float(tr.callback_metrics[key]) <= 1, key
    task.eval()
    with torch.no_grad():
        out = task.predict_step(collate_samples([data[0], data[1]]), 0)
    assert len(out) == 2
    for detections in out:
        assert set(detections) == {"boxes", "labels", "scores"}
        boxes, scores, labels = detections["boxes"], detections["scores"], detections["labels"]
        n = boxes.shape[0]
        assert n > 0 and boxes.shape == (n, 4) and boxes.dtype == torch.float32
        assert scores.shape == (n,) and labels.shape == (n,) and labels.dtype == torch.int64
        # xyxy in pixels of the 64 x 64 image, best first, classes counted from 0
        assert bool((boxes[:, 2] > boxes[:, 0]).all() and (boxes[:, 3] > boxes[:, 1]).all())
        assert bool((boxes >= 0).all() and (boxes <= 64).all())
        assert bool((scores > 0).all() and (scores <= 1).all())
        assert bool((scores[:-1] >= scores[1:]).all())
        assert labels.tolist() == [0] * n
    # a detector that finds each bright square exactly scores a perfect mAP: the boxes reach
    # the metric in the targets' format, and the labels line up
    task.model = BrightSquareDetector()
    metrics = tr.validate(task, loader(data, 2), verbose=False)[0]
    assert metrics["val_map"] == pytest.approx(1.0)
    assert metrics["val_map_50"] == pytest.approx(1.0)
    assert metrics["val_mar_1"] == pytest.approx(1.0)


def test_detection_rejects_a_non_resnet_backbone() -> None:
    with pytest.raises(ValueError, match="ResNet-family"):
        ObjectDetectionTask(backbone="timm/test_convnext", in_chans=3)


def test_byol_updates_the_target_network(tmp_path: Path) -> None:
    pl.seed_everything(0)
    task = BYOLTask(model="timm/test_resnet", in_chans=4, hidden_dim=32, projection_dim=16, lr=1e-3)
    before = [p.clone() for p in task.target_backbone.parameters()]
    data = Synthetic(8, lambda i, g: {"image": torch.randn(4, 32, 32, generator=g)})
    recorder = LossRecorder()
    tr = trainer(tmp_path, 3, [recorder])
    tr.fit(task, loader(data, 4), loader(data, 4))
    assert all(0 <= loss <= 4 for loss in recorder.losses)
    moved = [not torch.equal(b, a) for b, a in zip(before, task.target_backbone.parameters())]
    assert any(moved)
    assert not any(p.requires_grad for p in task.target_backbone.parameters())
    assert task(torch.randn(2, 4, 32, 32)).shape == (2, 96)


def test_optimizer_is_adamw_with_plateau_schedule() -> None:
    task = SemanticSegmentationTask(model="fcn", in_chans=3, num_classes=2, lr=0.01,
                                    patience=4, model_kwargs={"num_filters": 4})
    config = task.configure_optimizers()
    assert isinstance(config["optimizer"], torch.optim.AdamW)
    assert config["optimizer"].param_groups[0]["lr"] == 0.01
    scheduler = config["lr_scheduler"]["scheduler"]
    assert isinstance(scheduler, torch.optim.lr_scheduler.ReduceLROnPlateau)
    assert scheduler.patience == 4 and config["lr_scheduler"]["monitor"] == "val_loss"


def test_spec_normalisation_follows_the_bands_chosen_on_a_layer(scene_root: Path) -> None:
    # spec B1..B4: mean (80, 50, 50, 50), std (50, 10, 10, 10). Bands chosen in reverse order,
    # by dataset_kwargs or on the layer's own dict, get their own statistics in that order
    bands = ["B4", "B3", "B2", "B1"]
    layer = {"name": "tiny_scene_image", "paths": str(scene_root), "bands": bands}
    for layers, kwargs in (("tiny_scene_image", {"paths": str(scene_root), "bands": bands}),
                           (layer, {}),
                           ([layer, {"name": "tiny_scene_mask", "paths": str(scene_root)}], {})):
        dm = GeoDataModule(layers, dataset_kwargs=kwargs, patch_size=16, batch_size=2)
        assert dm.normalize is not None
        torch.testing.assert_close(dm.normalize.mean.flatten(), torch.tensor([50.0, 50, 50, 80]))
        torch.testing.assert_close(dm.normalize.std.flatten(), torch.tensor([10.0, 10, 10, 50]))
        assert dm.model_inputs()["bands"] == bands
    # a subset on the layer: two statistics, not a mismatch at the first batch
    dm = GeoDataModule({**layer, "bands": ["B1", "B3"]}, patch_size=16, batch_size=2)
    assert dm.normalize is not None
    torch.testing.assert_close(dm.normalize.mean.flatten(), torch.tensor([80.0, 50]))
    # dataset_kwargs do not reach a dict layer (build_geo_dataset), nor its statistics
    dm = GeoDataModule({"name": "tiny_scene_image", "paths": str(scene_root)},
                       dataset_kwargs={"bands": ["B2"]}, patch_size=16, batch_size=2)
    assert dm.normalize is not None and dm.normalize.mean.numel() == 4
    assert dm._dataset().bands == ("B1", "B2", "B3", "B4")


class _Constant(torch.nn.Module):
    """Logits that never change: the validation loss never improves."""

    def __init__(self) -> None:
        super().__init__()
        self.p = torch.nn.Parameter(torch.zeros(()))

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return torch.zeros(x.shape[0], 2) + self.p * 0


class _LearningRates(pl.Callback):
    def __init__(self) -> None:
        self.rates: list[float] = []

    def on_train_epoch_start(self, trainer: pl.Trainer,
                             pl_module: pl.LightningModule) -> None:
        self.rates.append(trainer.optimizers[0].param_groups[0]["lr"])


@pytest.mark.parametrize("interval", [1.0, 0.25, 0.3])
def test_plateau_patience_counts_epochs_whatever_the_validation_interval(
        tmp_path: Path, interval: float) -> None:
    # patience=1: the first epoch sets the best loss, the second is one bad epoch, the third
    # two: the rate falls after the third epoch only. Stepping at every one of the three or
    # four validations of an epoch had cut it during the first. (0.3: no validation closes
    # the epoch; the epoch's end steps it.)
    task = ClassificationTask(model="timm/test_resnet", in_chans=3, num_classes=2, lr=1e-3,
                              patience=1)
    task.model = _Constant()
    data = Synthetic(20, lambda i, g: {"image": torch.randn(3, 8, 8, generator=g),
                                       "label": torch.tensor(i % 2)})
    rates = _LearningRates()
    tr = trainer(tmp_path, -1, [rates], max_epochs=4, val_check_interval=interval)
    tr.fit(task, loader(data, 2), loader(data, 10))
    assert rates.rates == pytest.approx([1e-3, 1e-3, 1e-3, 1e-4])  # at each epoch's start
    tr.validate(task, loader(data, 10))  # a validation outside fit never steps it
    assert tr.optimizers[0].param_groups[0]["lr"] == pytest.approx(1e-4)


class _RawSpecs:
    """The tiny datasets again, with specs that give no statistics (most real specs)."""

    @staticmethod
    def specs() -> list[dict[str, object]]:
        from fakedata import geo_scene, tiny_chips

        return [{**spec, "name": f"{spec['name']}_raw", "mean": None, "std": None}
                for spec in (tiny_chips.SPEC, geo_scene.IMAGE_SPEC)]


@pytest.fixture
def raw_specs() -> object:
    from geoplug.core.plugins import hookimpl, plugin_manager

    class Plugin:
        @hookimpl
        def geoplug_datasets(self) -> list[dict[str, object]]:
            return _RawSpecs.specs()

    manager, plugin = plugin_manager(), Plugin()
    manager.register(plugin, name="raw-specs", distribution="tests-trainers-raw")
    yield
    manager.unregister(plugin)


def _standardised(images: list[torch.Tensor]) -> tuple[torch.Tensor, torch.Tensor]:
    bands = torch.stack(images).double().movedim(1, 0).flatten(1)
    return bands.mean(1), bands.std(1, correction=0)


def test_without_statistics_batches_are_standardised_by_the_training_samples(
        raw_specs: object, chips_root: Path) -> None:
    # a spec without mean/std fed pre-trained weights raw digital numbers; the data module
    # now takes the statistics of (up to 256) training samples, for every stage alike
    dm = NonGeoDataModule("tiny_chips_raw", root=str(chips_root), batch_size=4, seed=1)
    dm.setup("fit")
    assert dm.normalize is not None
    train = dm.datasets["train"]
    normalised = [dm.normalize({"image": train[i]["image"]})["image"]
                  for i in range(len(train))]  # type: ignore[arg-type]
    mean, std = _standardised(normalised)
    torch.testing.assert_close(mean, torch.zeros(4, dtype=torch.float64), atol=1e-4, rtol=0)
    torch.testing.assert_close(std, torch.ones(4, dtype=torch.float64), atol=1e-4, rtol=0)
    again = NonGeoDataModule("tiny_chips_raw", root=str(chips_root), batch_size=4, seed=1)
    again.setup("predict")  # predicting alone normalises as training did
    assert again.normalize is not None
    torch.testing.assert_close(again.normalize.mean, dm.normalize.mean)
    off = NonGeoDataModule("tiny_chips_raw", root=str(chips_root), statistics=0)
    off.setup("fit")
    assert off.normalize is None
    spec = NonGeoDataModule("tiny_chips", root=str(chips_root))  # the spec's own win
    spec.setup("fit")
    assert spec.normalize is not None
    from fakedata import tiny_chips

    torch.testing.assert_close(spec.normalize.mean.flatten(),
                               torch.tensor(tiny_chips.MEAN, dtype=torch.float32))


def test_geo_statistics_come_from_patches_of_the_training_region(
        raw_specs: object, scene_root: Path) -> None:
    dm = GeoDataModule("tiny_scene_image_raw", dataset_kwargs={"paths": str(scene_root)},
                       patch_size=16, batch_size=2, split=(0.5, 0.25, 0.25), statistics=64)
    dm.setup("fit")
    assert dm.normalize is not None
    dataset = dm._dataset()
    from geoplug.core.samplers import RandomGeoSampler

    boxes = RandomGeoSampler(dataset, 16, length=64, roi=dm.region("train"), seed=0)
    images = [dm.normalize({"image": dataset[b]["image"]})["image"] for b in boxes]
    mean, std = _standardised(images)
    torch.testing.assert_close(mean, torch.zeros(4, dtype=torch.float64), atol=1e-4, rtol=0)
    torch.testing.assert_close(std, torch.ones(4, dtype=torch.float64), atol=1e-4, rtol=0)
    raw = dataset[next(iter(boxes))]["image"]
    assert raw.mean() > 10  # the layer's own values are digital numbers, far from standard


def test_geo_statistics_leave_the_nodata_collar_out(raw_specs: object, tmp_path: Path) -> None:
    # a scene whose western 40 of 128 columns are nodata (0, declared), as a Landsat edge:
    # the statistics are those of the pixels with data (band 2: normal(50, 4)), where
    # counting the collar gave a mean near 20 and a std near 25
    from fakedata import geo_scene

    root = geo_scene.generate(tmp_path / "scene")
    with rasterio.open(root / "image.tif") as src:
        image, profile = src.read(), src.profile
    image[:, :, :40] = 0
    profile.update(nodata=0)
    with rasterio.open(root / "image.tif", "w", **profile) as dst:
        dst.write(image)
    dm = GeoDataModule("tiny_scene_image_raw", dataset_kwargs={"paths": str(root)},
                       patch_size=16, batch_size=2, split=(0.5, 0.25, 0.25), statistics=64)
    dm.setup("fit")
    assert dm._fitted is not None
    mean, std = dm._fitted
    assert abs(mean[2] - 50) < 1 and abs(std[2] - 4) < 0.5, (mean, std)


def test_target_and_key_networks_normalise_with_batch_statistics(tmp_path: Path) -> None:
    # BYOL's target and MoCo's key networks are frozen to the optimizer, not to batch
    # statistics: while fitting, their BatchNorm layers train as the online network's do
    from geoplug.trainers import MoCoTask

    class Modes(pl.Callback):
        def __init__(self) -> None:
            self.seen: list[tuple[bool, ...]] = []

        def on_train_batch_start(self, trainer: pl.Trainer, task: pl.LightningModule,
                                 *args: object) -> None:
            self.seen.append(tuple(m.training for m in task.modules()
                                   if isinstance(m, torch.nn.BatchNorm2d)))

    data = Synthetic(4, lambda i, g: {"image": torch.randn(4, 32, 32, generator=g)})
    for task in (BYOLTask(model="timm/test_resnet", in_chans=4, hidden_dim=32,
                          projection_dim=16),
                 MoCoTask(model="timm/test_resnet", in_chans=4, momentum=0.5)):
        modes = Modes()
        trainer(tmp_path, -1, max_epochs=1, limit_train_batches=2, limit_val_batches=0,
                callbacks=[modes]).fit(task, loader(data, 2))
        assert len(modes.seen) == 2 and modes.seen[0] and all(all(s) for s in modes.seen)


@pytest.mark.parametrize("accumulate", [1, 3])
def test_target_network_moves_once_per_optimizer_step(tmp_path: Path, accumulate: int) -> None:
    # the online network frozen in place (lr 0): after n averages the target is
    # decay**n * start + (1 - decay**n) * online. Six batches are six optimizer steps, or
    # two with accumulate_grad_batches=3 (it averaged at all six, moving 3x too fast)
    from geoplug.trainers import MoCoTask

    data = Synthetic(12, lambda i, g: {"image": torch.randn(4, 32, 32, generator=g)})
    for task, online, target in (
            (byol := BYOLTask(model="timm/test_resnet", in_chans=4, hidden_dim=32,
                              projection_dim=16, lr=0.0, moving_average_decay=0.5),
             byol.backbone, byol.target_backbone),
            (moco := MoCoTask(model="timm/test_resnet", in_chans=4, lr=0.0, momentum=0.5),
             moco.backbone, moco.key_backbone)):
        with torch.no_grad():  # a target apart from the online network
            for p in target.parameters():
                p.add_(1.0)
        start = [p.clone() for p in target.parameters()]
        tr = trainer(tmp_path, -1, max_epochs=1, limit_train_batches=6,
                     accumulate_grad_batches=accumulate, limit_val_batches=0)
        tr.fit(task, loader(data, 2))
        steps = 6 // accumulate
        assert tr.global_step == steps
        kept = 0.5 ** steps
        for s, o, t in zip(start, online.parameters(), target.parameters()):
            torch.testing.assert_close(t, kept * s + (1 - kept) * o)


def test_a_checkpoint_keeps_the_statistics_taken_from_training_samples(
        raw_specs: object, chips_root: Path, tmp_path: Path,
        monkeypatch: pytest.MonkeyPatch) -> None:
    # predicting from a checkpoint where the training split is not at hand: the statistics
    # come back from the checkpoint's data module state (else: raw values, with a warning)
    from geoplug.core.errors import DatasetNotFoundError

    dm = NonGeoDataModule("tiny_chips_raw", root=str(chips_root), batch_size=4, seed=1)
    task = ClassificationTask(model="timm/test_resnet", in_chans=4, num_classes=3)
    tr = trainer(tmp_path, 1, limit_val_batches=1)
    tr.fit(task, datamodule=dm)
    assert dm.normalize is not None and dm.state_dict()["mean"]
    tr.save_checkpoint(tmp_path / "run.ckpt")

    again = NonGeoDataModule("tiny_chips_raw", root=str(chips_root), batch_size=4, seed=1)

    def no_train() -> None:
        raise DatasetNotFoundError("tiny_chips_raw", [str(chips_root)])

    monkeypatch.setattr(again, "_held_out", no_train)
    trainer(tmp_path, 1).predict(task, datamodule=again, ckpt_path=tmp_path / "run.ckpt")
    assert again.normalize is not None
    torch.testing.assert_close(again.normalize.mean, dm.normalize.mean)
    torch.testing.assert_close(again.normalize.std, dm.normalize.std)


def test_geo_statistics_are_the_same_on_every_rank(raw_specs: object, scene_root: Path,
                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    # the statistics' fixed draw must not be sharded like the training samples: under
    # torch.distributed each rank took its own patches (rank 1 of 2: another mean)
    def fitted() -> tuple[list[float], list[float]]:
        dm = GeoDataModule("tiny_scene_image_raw", dataset_kwargs={"paths": str(scene_root)},
                           patch_size=16, batch_size=2, split=(0.5, 0.25, 0.25), statistics=32)
        dm.setup("fit")
        assert dm._fitted is not None
        mean, std = dm._fitted
        return list(mean), list(std)

    alone = fitted()
    monkeypatch.setattr(torch.distributed, "is_initialized", lambda: True)
    monkeypatch.setattr(torch.distributed, "get_world_size", lambda group=None: 2)
    for rank in (0, 1):
        monkeypatch.setattr(torch.distributed, "get_rank", lambda group=None, r=rank: r)
        assert fitted() == alone


def test_splits_carved_from_overlapping_chips_share_no_pixel(tmp_path: Path) -> None:
    # CV4A's chips overlap their neighbours (stride below the chip side; the last chip of a
    # row flush with the tile's edge): val and test drawn chip by chip from train held pixels
    # the model trained on. Its test split is unlabelled, so both are carved from train
    from torch.utils.data import Subset

    from fakedata import cv4a_kenya_crop_type as fake

    fake.make(tmp_path)
    dm = NonGeoDataModule("cv4a_kenya_crop_type", root=str(tmp_path), statistics=0,
                          dataset_kwargs={"chip_size": 8, "stride": 4},
                          val_split_pct=0.2, test_split_pct=0.2)
    dm.setup("fit")
    parts = {k: dm.datasets[k] for k in ("train", "val", "test")}
    assert all(isinstance(p, Subset) and len(p) > 0 for p in parts.values())
    source = parts["train"].dataset  # type: ignore[attr-defined]
    chips = source.chips

    def pixels(part: Subset) -> set[tuple[int, int, int]]:
        out = set()
        for i in part.indices:
            w = chips[i].window
            out |= {(chips[i].tile, r, c)
                    for r in range(int(w.row_off), int(w.row_off + w.height))
                    for c in range(int(w.col_off), int(w.col_off + w.width))}
        return out

    train, val, test = (pixels(parts[k]) for k in ("train", "val", "test"))  # type: ignore[arg-type]
    assert not train & val and not train & test and not val & test
    indices = [i for p in parts.values() for i in p.indices]  # type: ignore[attr-defined]
    assert len(indices) == len(set(indices)) and len(indices) <= len(source)
