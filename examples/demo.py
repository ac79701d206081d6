"""geoplug end-to-end demo on a small generated sample.

1. Listing 1 of the paper: Landsat 7 and Landsat 8 scenes in two UTM zones and a Cropland Data
   Layer mask in EPSG:5070 compose as ``(landsat7 | landsat8) & cdl``; geoplug reprojects and
   resamples them on the fly into pixel-aligned patches that a plain ``DataLoader`` batches.
2. Training: a U-Net (ResNet-18 encoder) learns the CDL classes from the Landsat bands for a
   short run (Lightning, checkpointed, then resumed from the checkpoint), and is tested on a
   held-out strip of the area.
3. Prediction: a ``GridGeoSampler`` sweeps the whole area and the blended predictions are
   written as one Cloud-Optimised GeoTIFF in the dataset's CRS and resolution.

Run: ``python examples/demo.py --out out/demo`` (or ``nox -s demo``).
"""

from __future__ import annotations

import argparse
import logging
import shutil
import sys
import time
import warnings
from pathlib import Path
from typing import Any

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt
import torch
from kornia import augmentation as K
from torch.utils.data import DataLoader

import geoplug.datasets
from geoplug.core import RandomGeoSampler, stack_samples
from geoplug.core.transforms import NDVI, AugmentationSequential
from geoplug.core.transforms.display import rgb_image

sys.path.insert(0, str(Path(__file__).parent))
from sample_data import CLASSES, SPECTRA, make_sample

# the six reflective bands both sensors share, in the same order (blue ... swir2)
L7_BANDS = ["SR_B1", "SR_B2", "SR_B3", "SR_B4", "SR_B5", "SR_B7"]
L8_BANDS = ["SR_B2", "SR_B3", "SR_B4", "SR_B5", "SR_B6", "SR_B7"]
CDL_CODES = [0, *CLASSES]  # background first, then the sample's five crop/land classes
CLASS_NAMES = ["background", *CLASSES.values()]


def build_dataset(data: dict[str, Path]) -> geoplug.core.GeoDataset:
    """Listing 1: (landsat7 | landsat8) & cdl, through the registry."""
    landsat7 = geoplug.datasets.get("landsat7")(paths=data["landsat7"], bands=L7_BANDS)
    landsat8 = geoplug.datasets.get("landsat8")(paths=data["landsat8"], bands=L8_BANDS)
    cdl = geoplug.datasets.get("cdl")(paths=data["cdl"], classes=CDL_CODES, ordinal=True)
    return (landsat7 | landsat8) & cdl


def show_batch(batch: dict[str, torch.Tensor], path: Path, count: int = 4) -> None:
    """Image (true colour) / mask pairs of the first ``count`` samples."""
    fig, axes = plt.subplots(2, count, figsize=(3 * count, 6), squeeze=False)
    for i in range(count):
        image = batch["image"][i]
        axes[0][i].imshow(rgb_image(image, [2, 1, 0], nodata=0))
        axes[0][i].set_title(f"sample {i}: true colour")
        axes[1][i].imshow(batch["mask"][i], cmap="tab10", vmin=0, vmax=9,
                          interpolation="nearest")
        present = sorted(int(v) for v in batch["mask"][i].unique())
        axes[1][i].set_title(", ".join(CLASS_NAMES[v] for v in present), fontsize=8)
        for ax in (axes[0][i], axes[1][i]):
            ax.set_axis_off()
    fig.suptitle("(landsat7 | landsat8) & cdl — one batch")
    fig.tight_layout()
    fig.savefig(path, dpi=80)
    plt.close(fig)


def band_statistics() -> tuple[list[float], list[float]]:
    """Per-band mean/std of the sample's digital numbers (Collection-2 L2 scaling)."""
    spectra = torch.tensor(list(SPECTRA.values()), dtype=torch.float64) / 1e4
    dn = (spectra + 0.2) / 2.75e-5
    return dn.mean(0).tolist(), (dn.std(0) + 500).tolist()


def train_and_predict(dataset: geoplug.core.GeoDataset, args: argparse.Namespace) -> None:
    """Train a small U-Net, resume it from its checkpoint, test it, predict a GeoTIFF."""
    import pytorch_lightning as pl
    import rasterio
    from pytorch_lightning.callbacks import ModelCheckpoint

    import geoplug.trainers

    GeoDataModule = geoplug.trainers.get("geo_datamodule")
    SegmentationTask = geoplug.trainers.get("segmentation")
    GeoTIFFWriter = geoplug.trainers.get("geotiff_writer")

    logging.getLogger("pytorch_lightning").setLevel(logging.WARNING)  # keep the demo's output
    logging.getLogger("lightning.pytorch").setLevel(logging.WARNING)
    warnings.filterwarnings("ignore", message=r".*LeafSpec.*")
    warnings.filterwarnings("ignore", message=r"Checkpoint directory .* is not empty")
    mean, std = band_statistics()
    half = args.steps // 2
    datamodule = GeoDataModule(dataset=dataset, patch_size=args.patch,
                               batch_size=args.batch_size, length=args.batch_size * half,
                               split=(0.8, 0.1, 0.1), seed=0, num_workers=args.workers,
                               mean=mean, std=std)
    task = SegmentationTask(model="unet", in_chans=len(L7_BANDS), num_classes=len(CDL_CODES),
                            lr=3e-3, model_kwargs={"encoder": "resnet18"})
    checkpoints = args.out / "checkpoints"
    shutil.rmtree(checkpoints, ignore_errors=True)  # a fresh run, not a resume of an old one
    common = {"accelerator": "cpu", "devices": 1, "logger": False, "enable_progress_bar": False,
              "enable_model_summary": False, "use_distributed_sampler": False,
              "num_sanity_val_steps": 0, "limit_val_batches": 2}
    print(f"\ntraining a U-Net (resnet18 encoder) for {args.steps} steps on 2 CPU cores ...")
    t0 = time.perf_counter()
    trainer = pl.Trainer(max_steps=half, default_root_dir=args.out, **common,
                         callbacks=[ModelCheckpoint(checkpoints, save_last=True)])
    trainer.fit(task, datamodule=datamodule)
    last = checkpoints / "last.ckpt"
    print(f"  {half} steps, checkpoint {last}; train loss "
          f"{float(trainer.callback_metrics.get('train_loss', float('nan'))):.3f}")
    resumed = pl.Trainer(max_steps=args.steps, default_root_dir=args.out, **common,
                         callbacks=[ModelCheckpoint(checkpoints, save_last=True)])
    resumed.fit(task, datamodule=datamodule, ckpt_path=last)
    print(f"  resumed from the checkpoint at step {half}, now at step {resumed.global_step}; "
          f"train loss {float(resumed.callback_metrics.get('train_loss', float('nan'))):.3f} "
          f"({time.perf_counter() - t0:.0f} s)")
    metrics = resumed.test(task, datamodule=datamodule, verbose=False)[0]
    shown = {k: v for k, v in metrics.items() if k in ("test_OA", "test_mIoU", "test_loss")}
    print("  held-out strip: " + ", ".join(f"{k} {v:.3f}" for k, v in shown.items()))

    output = args.out / "prediction.tif"
    t0 = time.perf_counter()
    # the demo is rerun into the same folder: replace the previous run's prediction
    predictor = pl.Trainer(**common, callbacks=[GeoTIFFWriter(path=str(output), overwrite=True)])
    predictor.predict(task, datamodule=datamodule, return_predictions=False)
    with rasterio.open(output) as src:
        print(f"\nprediction written in {time.perf_counter() - t0:.0f} s: {output}")
        print(f"  {src.width} x {src.height} px, {src.crs}, {src.res[0]:g} m, "
              f"{src.profile.get('compress', 'none')} tiles {src.block_shapes[0]}")
        show_prediction(dataset, src, args.out / "prediction.png")
    print(f"  figure: {args.out / 'prediction.png'}")


def show_prediction(dataset: geoplug.core.GeoDataset, src: Any, path: Path) -> None:
    """Image, CDL label and prediction of the whole area, side by side."""
    from geoplug.core import BoundingBox

    left, bottom, right, top = src.bounds
    size = 256 * src.res[0]
    box = BoundingBox(left, min(left + size, right), max(top - size, bottom), top)
    sample = dataset[box]
    window = src.window(box.minx, box.miny, box.maxx, box.maxy)
    prediction = src.read(1, window=window.round_offsets().round_lengths())
    fig, axes = plt.subplots(1, 3, figsize=(12, 4.4))
    axes[0].imshow(rgb_image(sample["image"], [2, 1, 0], nodata=0))
    axes[1].imshow(sample["mask"], cmap="tab10", vmin=0, vmax=9, interpolation="nearest")
    shown = prediction.astype("float32")
    shown[prediction == 255] = float("nan")
    axes[2].imshow(shown, cmap="tab10", vmin=0, vmax=9, interpolation="nearest")
    for ax, title in zip(axes, ("Landsat (true colour)", "CDL label", "prediction")):
        ax.set_title(title)
        ax.set_axis_off()
    fig.suptitle("U-Net trained on (landsat7 | landsat8) & cdl, predicted with GridGeoSampler")
    fig.tight_layout()
    fig.savefig(path, dpi=80)
    plt.close(fig)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=Path("out/demo"))
    parser.add_argument("--patch", type=int, default=64, help="patch size in pixels")
    parser.add_argument("--batch-size", type=int, default=16)
    parser.add_argument("--batches", type=int, default=20, help="batches to time")
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--steps", type=int, default=40,
                        help="training steps (0: stop after sampling)")
    args = parser.parse_args(argv)
    args.out.mkdir(parents=True, exist_ok=True)

    t0 = time.perf_counter()
    data = make_sample(args.out / "data")
    print(f"sample data in {args.out / 'data'} ({time.perf_counter() - t0:.1f} s)")
    print(f"registered datasets: {len(geoplug.datasets.names())} "
          f"(e.g. {', '.join(geoplug.datasets.names('landsat*'))})")

    t0 = time.perf_counter()
    dataset = build_dataset(data)
    print(f"\n(landsat7 | landsat8) & cdl  built in {time.perf_counter() - t0:.2f} s")
    print(f"  crs:    {dataset.crs}")
    print(f"  res:    {dataset.res[0]:g} x {dataset.res[1]:g} m")
    b = dataset.bounds
    print(f"  bounds: x {b.minx:.0f} .. {b.maxx:.0f}, y {b.miny:.0f} .. {b.maxy:.0f}")

    augment = torch.nn.Sequential(
        AugmentationSequential(K.RandomHorizontalFlip(), K.RandomVerticalFlip()),
        NDVI(nir=3, red=2, scale=2.75e-5, offset=-0.2),  # Collection 2 Level-2 reflectance
    )
    sampler = RandomGeoSampler(dataset, size=args.patch,
                               length=args.batch_size * args.batches, seed=0)
    loader = DataLoader(dataset, sampler=sampler, batch_size=args.batch_size,
                        num_workers=args.workers, collate_fn=stack_samples,
                        persistent_workers=False)
    t0 = time.perf_counter()
    first = None
    seen = 0
    for batch in loader:
        batch = augment(batch)
        seen += batch["image"].shape[0]
        first = first or batch
    elapsed = time.perf_counter() - t0
    assert first is not None
    print(f"\nsampled {seen} patches of {args.patch}x{args.patch} px with "
          f"{args.workers} workers: {seen / elapsed:.0f} samples/s (incl. worker start-up)")
    print(f"  image {tuple(first['image'].shape)} {first['image'].dtype} "
          f"(6 bands + NDVI), mask {tuple(first['mask'].shape)} {first['mask'].dtype}")
    figure = args.out / "batch.png"
    show_batch(first, figure)
    print(f"  figure: {figure}")
    if args.steps > 0:
        train_and_predict(dataset, args)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
