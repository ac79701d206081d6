"""What the fake point exports (GBIF, iNaturalist, EDDMapS) and their tests share: writing the
publisher's CSV (every column of its header, most left empty), zipping it as delivered, and
the checks that a dataset's points and times are the file's rows."""

from __future__ import annotations

import csv
import zipfile
from collections.abc import Callable, Mapping, Sequence
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

import numpy as np
import torch
from pyproj import Transformer

__all__ = ["check_rows", "projected", "utc_seconds", "write_rows", "zip_single"]


def write_rows(path: Path, columns: Sequence[str], rows: Sequence[Mapping[str, str]],
               delimiter: str = ",", lineterminator: str = "\r\n", quoted: bool = True
               ) -> Path:
    """Write ``path`` with the header ``columns`` and one line per row (absent cells empty);
    ``quoted=False`` writes every value as it is (no CSV quoting: a ``"`` is text)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    quoting: dict[str, Any] = {} if quoted else {"quoting": csv.QUOTE_NONE, "quotechar": None}
    with open(path, "w", newline="", encoding="utf-8") as handle:
        writer = csv.DictWriter(handle, fieldnames=list(columns), delimiter=delimiter,
                                lineterminator=lineterminator, **quoting)
        writer.writeheader()
        for row in rows:
            writer.writerow({**dict.fromkeys(columns, ""), **row})
    return path


def zip_single(root: str | Path, write: Callable[[Path], Path], name: str) -> Path:
    """Write a file with ``write(folder)`` and zip it alone as ``root/name``; return the zip."""
    root = Path(root)
    staging = root / ".staging"
    src = write(staging)
    path = root / name
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.write(src, src.name)
    src.unlink()
    staging.rmdir()
    return path


def utc_seconds(text: str | None) -> float:
    """POSIX seconds of an ISO date or time read as UTC (NaN for ``None``)."""
    if text is None:
        return float("nan")
    return datetime.fromisoformat(text).replace(tzinfo=timezone.utc).timestamp()


def projected(located: Sequence[Sequence[Any]], crs: str) -> tuple[list[float], list[float]]:
    """The (longitude, latitude) of rows ``located`` (first two fields) projected into ``crs``."""
    xs, ys = Transformer.from_crs("EPSG:4326", crs, always_xy=True).transform(
        [float(r[0]) for r in located], [float(r[1]) for r in located])
    return list(xs), list(ys)


def check_rows(ds: Any, located: Sequence[Sequence[Any]], times: Sequence[str | None]) -> None:
    """The whole extent of ``ds`` holds the rows ``located`` in file order (lon, lat as float32
    ``points``), dated ``times`` (float64 UTC seconds, NaN where undated), in EPSG:4326; the
    sample plots."""
    assert len(ds) == len(located) and ds.crs.to_epsg() == 4326
    sample = ds[ds.bounds]
    assert sample["points"].dtype == torch.float32 and sample["time"].dtype == torch.float64
    assert sample["points"].shape == (len(located), 2)
    want = np.array([[float(r[0]), float(r[1])] for r in located], dtype=np.float32)
    np.testing.assert_array_equal(sample["points"].numpy(), want)
    np.testing.assert_array_equal(sample["time"].numpy(), [utc_seconds(t) for t in times])
    assert ds.plot(sample).axes
