"""Fake Digital Typhoon (WP): ``WP/image/<id>/*.h5``, ``WP/metadata/<id>.csv``, ``WP/aux_data.csv``.

Images are ``SIZE``x``SIZE`` float "Infrared" arrays: image ``n`` (global count) holds
``pixel(n, row, col)``. Typhoon 197830 has hours 0-4 then a gap and hours 7-8; typhoon
202107 has hours 0-3 where the image of hour 2 is missing from disk. Packed as ``WP.tar.gz``
split in two parts (``WP.tar.gzaa``, ``WP.tar.gzab``) as the mirror ships it.
"""

from __future__ import annotations

import csv
import datetime as dt
import hashlib
import shutil
import tarfile
from pathlib import Path
from typing import Any

import h5py
import numpy as np

SIZE = 8
COLUMNS = ("year", "month", "day", "hour", "grade", "lat", "lng", "pressure", "wind", "dir50",
           "long50", "short50", "dir30", "long30", "short30", "landfall", "intp", "file_1",
           "mask_1", "mask_1_pct")
#: typhoon id -> (start, hours with a track row, hours whose image is absent)
TRACKS = {
    "197830": (dt.datetime(1978, 12, 31, 21), [0, 1, 2, 3, 4, 7, 8], []),
    "202107": (dt.datetime(2021, 7, 19, 0), [0, 1, 2, 3], [2]),
}


def pixel(n: int, row: Any, col: Any) -> Any:
    return 200.0 + 5 * n + 0.5 * row + 0.25 * col


def wind(n: int) -> float:
    return 30.0 + n


def pressure(n: int) -> float:
    return 1000.0 - 2 * n


def make(root: Path, archive: bool = False, parts: int = 2) -> dict[str, Any]:
    """Write ``root/WP`` (or, with ``archive``, only ``WP.tar.gz`` cut into ``parts`` parts
    ``WP.tar.gzaa``, ``WP.tar.gzab``, ...); return md5s of parts."""
    rows, cols = np.mgrid[0:SIZE, 0:SIZE]
    wp = root / "WP"
    n = 0
    aux = []
    for typhoon, (start, hours, absent) in TRACKS.items():
        (wp / "image" / typhoon).mkdir(parents=True, exist_ok=True)
        (wp / "metadata").mkdir(parents=True, exist_ok=True)
        track = []
        for hour in hours:
            when = start + dt.timedelta(hours=hour)
            name = f"{when:%Y%m%d%H}-{typhoon}-HMW8-1.h5"
            if hour not in absent:
                with h5py.File(wp / "image" / typhoon / name, "w") as f:
                    f.create_dataset("Infrared", data=pixel(n, rows, cols).astype(np.float64))
            track.append([when.year, when.month, when.day, when.hour, 3, 20.5, 130.25,
                          pressure(n), wind(n), 0, 0, 0, 0, 0, 0, 0, 0, name, "", 0.0])
            n += 1
        with open(wp / "metadata" / f"{typhoon}.csv", "w", newline="") as f:
            writer = csv.writer(f)
            writer.writerow(COLUMNS)
            writer.writerows(track)
        aux.extend([[typhoon, *row] for row in track])
    with open(wp / "aux_data.csv", "w", newline="") as f:
        writer = csv.writer(f)
        writer.writerow(("id", *COLUMNS))
        writer.writerows(aux)
    if not archive:
        return {}
    whole = root / "WP.tar.gz"
    with tarfile.open(whole, "w:gz") as tar:
        tar.add(wp, arcname="WP")
    shutil.rmtree(wp)
    data = whole.read_bytes()
    whole.unlink()
    md5 = {}
    cuts = [len(data) * i // parts for i in range(parts + 1)]
    for i in range(parts):
        suffix, chunk = f"a{chr(97 + i)}", data[cuts[i]:cuts[i + 1]]
        (root / f"WP.tar.gz{suffix}").write_bytes(chunk)
        md5[f"WP.tar.gz{suffix}"] = hashlib.md5(chunk).hexdigest()
    return md5
