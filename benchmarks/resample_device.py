"""Throughput of the batched ``Resample`` step alone, on the CPU and (if present) a GPU.

Builds deferred ``landsat & cdl`` samples of the warped workload (zone-16 imagery and the
Albers mask on the zone-15 grid, 224 x 224) once, collates them, then times
``Resample()(batch)`` per device (after moving the batch there; the move is timed too, since
it is part of feeding a GPU). Complements ``sampling.py``, whose deferred column includes the
workers' reads.

Run ``python benchmarks/resample_device.py [--size 1000] [--batch 64]``. ``--save FILE`` writes
the collated batch; ``--load FILE`` times a saved batch (for a GPU machine without rasterio:
only torch and ``geoplug.core.resample`` are needed there).
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path
from typing import Any

import torch

sys.path.insert(0, str(Path(__file__).resolve().parent))


def _move(batch: dict[str, Any], device: str) -> dict[str, Any]:
    return {k: v.to(device) if isinstance(v, torch.Tensor) else v for k, v in batch.items()}


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--size", type=int, default=2000, help="scene size in pixels (2000)")
    p.add_argument("--batch", type=int, default=64)
    p.add_argument("--repeats", type=int, default=10)
    p.add_argument("--threads", type=int, default=1, help="CPU threads for torch (1)")
    p.add_argument("--save", type=Path, help="write the collated batch here and stop")
    p.add_argument("--load", type=Path, help="time this saved batch instead of reading one")
    args = p.parse_args(argv)
    torch.set_num_threads(args.threads)
    from geoplug.core.resample import Resample

    if args.load:
        batch = torch.load(args.load)
        args.batch = int(batch["image_src"].shape[0])
        read = float("nan")
    else:
        from _workload import ROOT, ensure
        from sampling import PATCH, SEED, geoplug_dataset

        from geoplug.core import RandomGeoSampler, stack_samples

        work = ensure(ROOT / "bench-data", args.size)
        ds = geoplug_dataset(work, "warped", defer=True)
        queries = list(RandomGeoSampler(ds, PATCH, length=args.batch, seed=SEED))
        start = time.perf_counter()
        samples = [ds[q] for q in queries]
        batch = stack_samples([{k: v for k, v in s.items() if isinstance(v, torch.Tensor)}
                               for s in samples])
        read = (time.perf_counter() - start) / args.batch
        if args.save:
            torch.save(batch, args.save)
            return 0
    modes = batch["image_warp"][:, 0].tolist()
    print(f"batch {args.batch}: image buffers {tuple(batch['image_src'].shape)} "
          f"{batch['image_src'].dtype}, {modes.count(2.0)} warped (bilinear) + "
          f"{modes.count(0.0)} final images; masks {tuple(batch['mask_src'].shape)}; "
          f"worker-side read {read * 1e3:.1f} ms/sample (single process, cold handles)")
    resample = Resample()
    reference: dict[str, torch.Tensor] = {}
    devices = ["cpu"] + (["cuda"] if torch.cuda.is_available() else [])
    for device in devices:
        name = torch.cuda.get_device_name() if device == "cuda" else f"CPU x{args.threads}"
        times = []
        for i in range(args.repeats + 2):
            if device == "cuda":
                torch.cuda.synchronize()
            t = time.perf_counter()
            out = resample(_move(batch, device))
            if device == "cuda":
                torch.cuda.synchronize()
            if i >= 2:  # warm-up: allocator, kernels
                times.append(time.perf_counter() - t)
        med = statistics.median(times)
        if device == "cpu":
            reference = {k: out[k] for k in ("image", "mask")}
        else:  # the device must give the CPU's answer
            for key, ref in reference.items():
                diff = (out[key].cpu().to(torch.int64) - ref.to(torch.int64)).abs()
                print(f"  {key}: max |{device} - cpu| = {int(diff.max())}, "
                      f"{int((diff > 0).sum())} of {diff.numel()} values differ")
        print(f"{device:4s} ({name}): Resample {med * 1e3:.1f} ms/batch = "
              f"{args.batch / med:,.0f} samples/s (incl. host-to-device copy); "
              f"image {tuple(out['image'].shape)} {out['image'].dtype}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
