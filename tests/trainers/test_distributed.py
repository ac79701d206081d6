"""Two-process DDP on CPU (gloo): samplers shard, metrics sync, prediction parts merge."""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
from pathlib import Path

import numpy as np
import rasterio

from fakedata import geo_scene

WORKER = Path(__file__).with_name("ddp_worker.py")


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def test_ddp_training_validation_and_prediction(tmp_path: Path) -> None:
    scene = geo_scene.generate(tmp_path / "scene", height=64, width=128)
    out = tmp_path / "out"
    out.mkdir()
    port = _free_port()
    procs = []
    for rank in range(2):
        env = {**os.environ, "MASTER_ADDR": "127.0.0.1", "MASTER_PORT": str(port),
               "LOCAL_RANK": str(rank), "NODE_RANK": "0", "WORLD_SIZE": "2",
               "PL_DISABLE_FORK": "1", "OMP_NUM_THREADS": "1"}
        procs.append(subprocess.Popen([sys.executable, str(WORKER), str(scene), str(out)],
                                      env=env, stdout=subprocess.PIPE,
                                      stderr=subprocess.STDOUT, text=True))
    logs = [p.communicate(timeout=240)[0] for p in procs]
    for proc, log in zip(procs, logs):
        assert proc.returncode == 0, log[-3000:]
    r0, r1 = (json.loads((out / f"rank{r}.json").read_text()) for r in range(2))
    # samplers shard: each rank drew its own patches (2 steps x batch 2), not the same ones
    assert len(r0["seen"]) == len(r1["seen"]) == 4
    assert r0["seen"] != r1["seen"]
    # validation tiles: 4 tiles of 32 px in the val half -> 1 batch of 2 per rank
    assert r0["val_batches"] == r1["val_batches"] == 1
    # metrics are synchronised: both ranks report the accuracy over *all* validation tiles
    assert r0["val_OA"] == r1["val_OA"]
    assert abs(r0["val_OA"] - r0["single_OA"]) < 1e-6
    # the DDP-written GeoTIFF equals a single-process prediction with the same model
    with rasterio.open(out / "ddp.tif") as ddp, rasterio.open(out / "single.tif") as single:
        assert ddp.transform == single.transform and ddp.crs == single.crs
        np.testing.assert_allclose(ddp.read(), single.read(), atol=1e-5)
    assert not (out / "ddp.tif.parts").exists()
