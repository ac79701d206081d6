"""One rank of the two-process DDP test (run as a script by test_distributed.py)."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import pytorch_lightning as pl
import torch
from torchmetrics.classification import MulticlassAccuracy

from geoplug.core.samplers import GridGeoSampler
from geoplug.trainers import GeoDataModule, GeoTIFFPredictionWriter, SemanticSegmentationTask
from geoplug.trainers.datamodule import collate_samples
from geoplug.trainers.prediction import predict_geotiff


def main(scene: str, out: str) -> None:
    sys.path.insert(0, str(Path(__file__).parents[1]))
    from fakedata import geo_scene

    torch.set_num_threads(1)
    pl.seed_everything(0)
    image, mask = geo_scene.ImageLayer(scene), geo_scene.MaskLayer(scene)
    dm = GeoDataModule(image & mask, patch_size=32, stride=32, batch_size=2, length=8,
                       seed=0, split=(0.5, 0.5, 0.0), mean=[80.0, 50, 50, 50],
                       std=[50.0, 10, 10, 10], augmentations=None)
    task = SemanticSegmentationTask(model="fcn", in_chans=4, num_classes=3,
                                    model_kwargs={"num_filters": 4})
    seen: list[list[float]] = []

    class Record(pl.Callback):
        def on_train_batch_start(self, trainer, module, batch, batch_idx):  # type: ignore[no-untyped-def]
            seen.extend([list(b.spatial) for b in batch["bounds"]])

    trainer = pl.Trainer(accelerator="cpu", devices=2, strategy="ddp", max_steps=2,
                         use_distributed_sampler=False, logger=False, callbacks=[Record()],
                         enable_progress_bar=False, enable_model_summary=False,
                         enable_checkpointing=False, num_sanity_val_steps=0)
    trainer.fit(task, datamodule=dm)
    metrics = trainer.validate(task, datamodule=dm, verbose=False)[0]
    val_batches = len(dm.val_dataloader())
    writer = GeoTIFFPredictionWriter(str(Path(out) / "ddp.tif"), output="probabilities")
    predictor = pl.Trainer(accelerator="cpu", devices=2, strategy="ddp", logger=False,
                           use_distributed_sampler=False, callbacks=[writer],
                           enable_progress_bar=False, enable_model_summary=False)
    predictor.predict(task, datamodule=dm, return_predictions=False)
    rank = trainer.global_rank
    result = {"rank": rank, "seen": seen, "val_OA": metrics["val_OA"],
              "val_batches": val_batches}
    if rank == 0:
        # the same model evaluated in one process over the whole validation region
        task.eval()
        metric = MulticlassAccuracy(3, average="micro", sync_on_compute=False)
        sampler = GridGeoSampler(dm._dataset(), 32, 32, roi=dm.region("val"), num_replicas=1,
                                 rank=0)
        with torch.no_grad():
            for box in sampler:
                batch = dm.normalize({"image": collate_samples([dm._dataset()[box]])["image"]})
                target = dm._dataset()[box]["mask"][None]
                metric.update(task(batch["image"]).argmax(1), target)
        result["single_OA"] = float(metric.compute())
        predict_geotiff(task, image, Path(out) / "single.tif", size=32, stride=32,
                        preprocess=dm.normalize, output="probabilities")
    Path(out, f"rank{rank}.json").write_text(json.dumps(result))


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2])
