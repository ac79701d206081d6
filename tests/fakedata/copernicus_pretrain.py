"""Fake Copernicus-Pretrain: webdataset shards ``example-000000.tar`` and ``example-000001.tar``
as the Hugging Face repository ships them (members ``<grid>.<modality>.pth`` saved with
``torch.save`` and ``<grid>.json``), written the way the publisher's ``create_webdataset.py``
writes them:

* JSON ids sit in 1-item lists (its batch-1 ``default_collate``): S1/S2
  ``[[["<cell>/<local>/<date>"], ...], ...]``, series ``[["<cell>/<date>"], ...]``, the DEM
  ``[["<cell>"]]``;
* S2 is uint16 stored with ``astype(int16)``: the bright pixels of column 0 (above 32767)
  wrap to negatives on disk;
* one ``sample``/``meta`` dict is reused across cells, so the last cell (which lacks
  Sentinel-3 and Sentinel-5P, as cells of the union shards do) carries the previous cell's
  S3/S5P tensors and ids;
* S1 and S2 list their local patches separately: cell ``0772176`` has three S1 and two S2
  local patches, in another order.

Tensors are tiny (S1/S2 4 px, S3 and S5P 2 px, DEM 6 px); their values encode the cell, the
flattened (patch, date, band) position, row and column (:func:`tensor`), so a test proves
which cell, patch, date and band it got.
"""

from __future__ import annotations

import io
import json
import tarfile
from pathlib import Path
from typing import Any

import numpy as np

from fakedata._segutil import coded_image, md5

#: grid id -> (lon, lat, S1 local patch ids, S2 local patch ids, dates of S1/S2, dates of
#: S3/S5P)
CELLS = {
    "0772176": (-96.00, 44.00, ("0865831", "0865832", "0865833"), ("0865832", "0865831"),
                2, 3),
    "0772177": (-95.75, 44.00, ("0865900",), ("0865900",), 3, 2),
    "1204455": (11.25, 48.00, ("1300000", "1300001"), ("1300000", "1300001"), 1, 1),
    "1300001": (140.50, -35.25, ("2000000",), ("2000000",), 2, 0),
}
SHARDS = {"example-000000.tar": ["0772176", "0772177"],
          "example-000001.tar": ["1204455", "1300001"]}
#: modality -> (bands, size, dtype as returned, has local patches)
SHAPES = {
    "s1_grd": (2, 4, "float32", True),
    "s2_toa": (13, 4, "uint16", True),
    "s3_olci": (21, 2, "float32", False),
    "s5p_co": (1, 2, "float32", False),
    "s5p_no2": (1, 2, "float32", False),
    "s5p_o3": (1, 2, "float32", False),
    "s5p_so2": (1, 2, "float32", False),
}
DEM = 6
#: added to the S2 digital numbers of column 0: bright pixels above int16's range
BRIGHT = 40000


def index(grid: str) -> int:
    return list(CELLS).index(grid)


def local_patches(grid: str, modality: str) -> tuple[str, ...]:
    """The local patch ids of S1 (``s1_grd``) or S2 (``s2_toa``), in tensor order."""
    return CELLS[grid][2 if modality == "s1_grd" else 3]


def tensor(grid: str, modality: str) -> np.ndarray:
    """The values of ``modality`` of cell ``grid`` as the loader returns them (``[P,T,C,H,W]``,
    ``[T,C,H,W]`` or the DEM's ``[H,W]``; S2 as uint16, before the publisher's int16)."""
    i = index(grid)
    if modality == "dem":
        return coded_image(i, 1, DEM, DEM, "float32")[0]
    bands, size, dtype, local = SHAPES[modality]
    dates, series = CELLS[grid][4:]
    lead = (len(local_patches(grid, modality)), dates) if local else (series,)
    count = int(np.prod(lead)) * bands
    flat = coded_image(i + 10 * list(SHAPES).index(modality), count, size, size, dtype)
    if modality == "s2_toa":
        flat = ((flat.astype(np.int64) + BRIGHT * (np.arange(size) == 0)) % 65536)
    return flat.reshape(*lead, bands, size, size).astype(dtype)


def saved(grid: str, modality: str) -> np.ndarray:
    """The array the publisher saved: S2 wrapped by ``astype(np.int16)``."""
    array = tensor(grid, modality)
    return array.astype(np.int16) if modality == "s2_toa" else array


def modalities(grid: str) -> list[str]:
    """The modalities cell ``grid`` holds."""
    return [m for m in (*SHAPES, "dem") if CELLS[grid][5] or m in ("s1_grd", "s2_toa", "dem")]


def metadata(grid: str) -> dict[str, Any]:
    """The cell's own JSON entries (the loader's ``metadata``), in the publisher's form."""
    lon, lat, _, _, dates, series = CELLS[grid]
    cell = f"{grid}_{lon:.2f}_{lat:.2f}"
    out: dict[str, Any] = {
        m: [[[f"{cell}/{p}/2022{d + 1:02d}01"] for d in range(dates)]
            for p in local_patches(grid, m)]
        for m in ("s1_grd", "s2_toa")}
    for m in modalities(grid):
        if m not in out and m != "dem":
            out[m] = [[f"{cell}/2021{d + 1:02d}01"] for d in range(series)]
    out["dem"] = [[cell]]
    return out


def _add(tar: tarfile.TarFile, name: str, data: bytes) -> None:
    info = tarfile.TarInfo(name)
    info.size = len(data)
    tar.addfile(info, io.BytesIO(data))


def make(root: Path, shards: dict[str, list[str]] | None = None) -> dict[str, Any]:
    """Write the shards (default :data:`SHARDS`: shard name -> its cells) in ``root``;
    returns ``{"md5": {shard: md5}}``."""
    import torch

    shards = SHARDS if shards is None else shards
    root.mkdir(parents=True, exist_ok=True)
    sample: dict[str, bytes] = {}  # the publisher's writer creates these once, not per cell
    meta: dict[str, Any] = {}
    for shard, grids in shards.items():
        with tarfile.open(root / shard, "w") as tar:
            for grid in grids:
                for m in modalities(grid):
                    buffer = io.BytesIO()
                    torch.save(torch.from_numpy(saved(grid, m)), buffer)
                    sample[m] = buffer.getvalue()
                meta.update(metadata(grid))
                for m, data in sample.items():
                    _add(tar, f"{grid}.{m}.pth", data)
                _add(tar, f"{grid}.json", json.dumps(meta).encode())
    return {"md5": {s: md5(root / s) for s in shards}}
