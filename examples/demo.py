"""geoplug end-to-end demo: the paper's Listing 1 on a small generated sample.

Composes Landsat 7 and Landsat 8 scenes in two UTM zones with a Cropland Data Layer mask in
EPSG:5070 as ``(landsat7 | landsat8) & cdl``; geoplug reprojects and resamples them on the fly
into pixel-aligned patches that a plain PyTorch ``DataLoader`` batches with workers.

Run: ``python examples/demo.py --out out/demo`` (or ``nox -s demo``).
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

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
from sample_data import CLASSES, make_sample

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
        axes[0][i].imshow(rgb_image(image, [2, 1, 0]))
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


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=Path("out/demo"))
    parser.add_argument("--patch", type=int, default=64, help="patch size in pixels")
    parser.add_argument("--batch-size", type=int, default=16)
    parser.add_argument("--batches", type=int, default=20, help="batches to time")
    parser.add_argument("--workers", type=int, default=2)
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
        NDVI(nir=3, red=2),
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
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
