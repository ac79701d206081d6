"""Does warped data keep an accelerator busy? A ResNet-50 training loop fed by warped
``landsat & cdl`` through a DataLoader, against the same loop fed by tensors already on the
device, in one run.

The workload is :mod:`_workload`'s (zone-16 Landsat imagery and the Albers CDL mask sampled on
the zone-15 grid, 224 x 224 patches: every image patch of zone 16 and every mask patch is
reprojected). Three feeds of one loop (timm ``resnet50``, 7 input bands, a class per patch:
the CDL class at its centre; SGD; bf16 autocast on CUDA):

* ``synthetic``: one batch generated on the device and reused: the loop's own speed;
* ``deferred``: workers read the source pixels and the compact warp
  (``defer_resampling=True``), batches are pinned, copied without blocking, resampled by
  ``Resample`` and normalised on the device (what ``GeoDataModule`` does on a CUDA trainer);
* ``eager``: workers resample, the finished batch is pinned, copied and normalised.

It prints the median step time of each feed, its samples/s and its ratio to ``synthetic``
(the issue's target: the deferred feed not slower than synthetic), and the data path alone
(the deferred loader with ``Resample`` and no model) as samples/s.

Run on a GPU machine ``python benchmarks/train_feed.py`` (``--workers`` defaults to the CPU
count less two). ``--device cpu --model resnet18 --steps 3 --size 400`` is a quick smoke run
(tests/trainers/test_train_feed_bench.py runs one).
"""

from __future__ import annotations

import argparse
import math
import os
import statistics
import sys
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import torch
from torch.utils.data import DataLoader

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _workload import ROOT, ensure
from sampling import BANDS, PATCH, geoplug_dataset

#: per-band statistics of the workload's uint16 reflectances (about the generator's range)
MEAN, STD = [20000.0] * len(BANDS), [8000.0] * len(BANDS)
CLASSES = 256  # CDL codes fit a byte


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    default_device = "cuda" if torch.cuda.is_available() else "cpu"
    p.add_argument("--device", default=default_device, help=f"({default_device})")
    p.add_argument("--model", default="resnet50", help="a timm model name (resnet50)")
    p.add_argument("--batch", type=int, default=64)
    p.add_argument("--workers", type=int, default=max(1, (os.cpu_count() or 2) - 2))
    p.add_argument("--steps", type=int, default=60, help="timed steps per feed (60)")
    p.add_argument("--warmup", type=int, default=10, help="untimed steps first (10)")
    p.add_argument("--size", type=int, default=2000, help="scene size in pixels (2000)")
    p.add_argument("--data", type=Path, default=ROOT / "bench-data",
                   help="where the workload is written once (bench-data/)")
    p.add_argument("--feeds", nargs="+", default=["synthetic", "deferred", "eager"],
                   choices=["synthetic", "deferred", "eager"])
    args = p.parse_args(argv)
    if args.warmup < 1 or args.steps < 1:
        p.error("--warmup and --steps must be at least 1")
    return args


def loader(args: argparse.Namespace, defer: bool, n: int) -> DataLoader:
    """The DataLoader of ``n`` random patches of warped ``landsat & cdl``."""
    from geoplug.core import RandomGeoSampler, stack_samples

    ds = geoplug_dataset(ensure(args.data, args.size), "warped", defer=defer)
    sampler = RandomGeoSampler(ds, PATCH, length=n, seed=0)
    extra: dict[str, Any] = {}
    if args.workers:
        extra = {"persistent_workers": True, "prefetch_factor": 4}
    return DataLoader(ds, batch_size=args.batch, sampler=sampler, num_workers=args.workers,
                      collate_fn=stack_samples, pin_memory=args.device != "cpu",
                      drop_last=True, **extra)


def device_batches(args: argparse.Namespace, defer: bool, n: int
                   ) -> Iterator[tuple[torch.Tensor, torch.Tensor]]:
    """``(image float32 normalised, label int64)`` on the device, from the warped loader."""
    from geoplug.core import Resample
    from geoplug.core.transforms import Normalize

    device = torch.device(args.device)
    resample, normalize = Resample().to(device), Normalize(MEAN, STD).to(device)
    for batch in loader(args, defer, n):
        moved = {k: v.to(device, non_blocking=True) if isinstance(v, torch.Tensor) else v
                 for k, v in batch.items()}
        if defer:
            moved = resample(moved)
        image = normalize({"image": moved["image"].float()})["image"]
        label = moved["mask"][:, PATCH // 2, PATCH // 2].long()
        yield image, label


def synthetic_batches(args: argparse.Namespace) -> Iterator[tuple[torch.Tensor, torch.Tensor]]:
    device = torch.device(args.device)
    image = torch.randn(args.batch, len(BANDS), PATCH, PATCH, device=device)
    label = torch.randint(0, CLASSES, (args.batch,), device=device)
    while True:
        yield image, label


def _sync(device: str) -> None:
    if device.startswith("cuda"):
        torch.cuda.synchronize()


def train(args: argparse.Namespace, batches: Iterator[tuple[torch.Tensor, torch.Tensor]]
          ) -> list[float]:
    """Seconds per training step (data wait included), after ``args.warmup`` steps."""
    import timm

    device = torch.device(args.device)
    model = timm.create_model(args.model, in_chans=len(BANDS), num_classes=CLASSES).to(device)
    model = model.to(memory_format=torch.channels_last)
    opt = torch.optim.SGD(model.parameters(), lr=0.01, momentum=0.9)
    amp = device.type == "cuda"
    times: list[float] = []
    _sync(args.device)
    last = time.perf_counter()
    for step in range(args.warmup + args.steps):
        image, label = next(batches)
        with torch.autocast(device.type, dtype=torch.bfloat16, enabled=amp):
            loss = torch.nn.functional.cross_entropy(
                model(image.contiguous(memory_format=torch.channels_last)), label)
        opt.zero_grad(set_to_none=True)
        loss.backward()
        opt.step()
        _sync(args.device)
        now = time.perf_counter()
        if step >= args.warmup:
            times.append(now - last)
        last = now
    return times


def data_path(args: argparse.Namespace) -> float:
    """Samples/s of the deferred loader with ``Resample`` on the device, no model."""
    batches = device_batches(args, True, (args.warmup + args.steps) * args.batch)
    for _ in range(args.warmup):
        next(batches)
    _sync(args.device)
    start = time.perf_counter()
    for _ in range(args.steps):
        next(batches)
    _sync(args.device)
    return args.steps * args.batch / (time.perf_counter() - start)


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    if args.device.startswith("cuda") and not torch.cuda.is_available():
        raise SystemExit("--device cuda: no CUDA device here (use --device cpu for a smoke run)")
    n = (args.warmup + args.steps + 1) * args.batch
    feeds: dict[str, Callable[[], Iterator[tuple[torch.Tensor, torch.Tensor]]]] = {
        "synthetic": lambda: synthetic_batches(args),
        "deferred": lambda: device_batches(args, True, n),
        "eager": lambda: device_batches(args, False, n),
    }
    name = torch.cuda.get_device_name() if args.device.startswith("cuda") else "cpu"
    print(f"{args.model}, batch {args.batch}, {args.workers} workers, {name}, "
          f"{os.cpu_count()} CPUs", flush=True)
    steps: dict[str, float] = {}
    for feed in args.feeds:
        times = train(args, feeds[feed]())
        steps[feed] = statistics.median(times)
        print(f"{feed:9s} step {steps[feed] * 1000:8.1f} ms  "
              f"{args.batch / steps[feed]:8.0f} samples/s", flush=True)
    rate = data_path(args) if "deferred" in args.feeds else math.nan
    print(f"data path alone (deferred loader + Resample on {args.device}): {rate:.0f} samples/s")
    base = steps.get("synthetic")
    if base:
        for feed, step in steps.items():
            if feed != "synthetic":
                print(f"{feed} / synthetic step time: {step / base:.2f} (target <= 1.00 for "
                      f"deferred)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
