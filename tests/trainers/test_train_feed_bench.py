"""The GPU feed benchmark (benchmarks/train_feed.py) runs end to end, as a CPU smoke run, so
that a session lent a GPU can measure with it at once."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def test_train_feed_smoke_run_reports_every_feed(tmp_path: Path) -> None:
    out = subprocess.run(
        [sys.executable, str(ROOT / "benchmarks" / "train_feed.py"), "--device", "cpu",
         "--model", "resnet18", "--steps", "2", "--warmup", "1", "--batch", "4",
         "--workers", "1", "--size", "400", "--data", str(tmp_path)],
        capture_output=True, text=True, timeout=600, check=False)
    assert out.returncode == 0, out.stderr[-2000:]
    steps = dict(re.findall(r"^(\w+)\s+step\s+([\d.]+) ms", out.stdout, flags=re.M))
    assert set(steps) == {"synthetic", "deferred", "eager"}
    assert all(float(v) > 0 for v in steps.values())
    rate = re.search(r"data path alone .*: (\d+) samples/s", out.stdout)
    assert rate is not None and int(rate.group(1)) > 0
    assert "deferred / synthetic step time" in out.stdout
