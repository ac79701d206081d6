"""The re-open cache of item tables read from local files: columns in one ``.npz`` (no
pickles, strings packed in UTF-8 buffers), keyed by the file's size, modification time and
inode, so that a million-item STAC-GeoParquet table re-opens in a fraction of a second and a
rewritten one is read again."""

from __future__ import annotations

import hashlib
import json
import os
import tempfile
import urllib.parse
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

import numpy as np

from geoplug.core.stac_table import AssetColumns, ItemTable

__all__ = ["Strings", "cache_file", "load", "store"]

_CACHE_VERSION = 5  # 2: assets' relative flag; 3: their scale and offset; 4: whether the
# items' scales or nodata values differ; 5: max_items counted before missing assets are skipped


def cache_file(href: str, keys: Sequence[str], search: Mapping[str, Any],
               missing: str) -> Path | None:
    """Where the table of this local file, assets and search is cached (``None`` for URLs and
    unreadable files): the key holds the file's size, modification time and inode, so a
    rewritten table is read again."""
    from geoplug.core.headers import cache_dir

    if urllib.parse.urlparse(href).scheme not in ("", "file"):
        return None
    try:
        st = os.stat(href)
    except OSError:
        return None
    key = json.dumps([_CACHE_VERSION, os.path.abspath(href), st.st_size, st.st_mtime_ns,
                      st.st_ino, list(keys), missing, search], default=str, sort_keys=True)
    return cache_dir().parent / "stac" / f"{hashlib.sha256(key.encode()).hexdigest()[:32]}.npz"


def _pack(strings: np.ndarray) -> np.ndarray:
    """Strings as one UTF-8 buffer (no pickles in the cache)."""
    return np.frombuffer("\n".join(strings.tolist()).encode(), dtype=np.uint8)


class Strings(Sequence[str]):
    """``n`` strings packed in one UTF-8 buffer, decoded one at a time when asked (a cached
    table of a million items re-opens without a million ``str`` objects)."""

    def __init__(self, blob: np.ndarray, n: int) -> None:
        self._blob = blob
        ends = np.flatnonzero(blob == 10)  # the newlines between strings
        self._starts = np.concatenate([[0], ends + 1])[:n]
        self._ends = np.concatenate([ends, [len(blob)]])[:n]

    def __len__(self) -> int:
        return len(self._starts)

    def __getitem__(self, i: Any) -> Any:
        if isinstance(i, (int, np.integer)):
            return self._blob[self._starts[i]:self._ends[i]].tobytes().decode()
        return np.array([self[int(j)] for j in np.arange(len(self))[i]], dtype=object)

    def __eq__(self, other: object) -> Any:  # element-wise, as numpy arrays compare
        return np.array(self[:], dtype=object) == other

    __hash__ = None  # type: ignore[assignment]

    def tolist(self) -> list[str]:
        return self._blob.tobytes().decode().split("\n") if len(self) else []


def _unpack(blob: np.ndarray, n: int) -> Any:
    return Strings(blob, n)


def store(path: Path, table: ItemTable) -> None:
    """Write ``table`` to the cache atomically; a cache that cannot be written is skipped."""
    arrays: dict[str, np.ndarray] = {
        "ids": _pack(table.ids), "times": table.times,
        "rows": table.rows if table.rows is not None else np.arange(len(table)),
        "meta": np.frombuffer(json.dumps({"crs": table.crs_table, "assets": [
            {"key": a.key, "count": a.count, "dtype": a.dtype, "nodata": a.nodata,
             "bands": list(a.bands), "relative": a.relative, "scale": list(a.scale),
             "offset": list(a.offset), "mixed_scale": a.mixed_scale,
             "mixed_nodata": a.mixed_nodata}
            for a in table.assets]}).encode(), dtype=np.uint8)}
    for k, a in enumerate(table.assets):
        arrays.update({f"href{k}": _pack(a.href), f"crs{k}": a.crs,
                       f"transform{k}": a.transform, f"shape{k}": a.shape})
    tmp = None
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=path.parent, suffix=".npz")
        with os.fdopen(fd, "wb") as f:
            np.savez(f, **arrays)  # type: ignore[arg-type]  # numpy's stub: allow_pickle
        os.replace(tmp, path)
    except (OSError, ValueError):
        if tmp is not None and os.path.exists(tmp):
            os.remove(tmp)


def load(path: Path) -> ItemTable | None:
    """The cached table, or ``None`` when missing or unreadable (then it is rebuilt)."""
    try:
        with np.load(path, allow_pickle=False) as data:
            meta = json.loads(data["meta"].tobytes())
            n = len(data["times"])
            assets = [AssetColumns(
                key=m["key"], href=_unpack(data[f"href{k}"], n), crs=data[f"crs{k}"],
                transform=data[f"transform{k}"], shape=data[f"shape{k}"], count=m["count"],
                dtype=m["dtype"], nodata=m["nodata"], bands=tuple(m["bands"]),
                relative=m["relative"], scale=tuple(m["scale"]), offset=tuple(m["offset"]),
                mixed_scale=bool(m["mixed_scale"]), mixed_nodata=bool(m["mixed_nodata"]))
                for k, m in enumerate(meta["assets"])]
            return ItemTable(_unpack(data["ids"], n), data["times"], assets, meta["crs"],
                             rows=data["rows"])
    except (OSError, ValueError, KeyError, TypeError):
        return None
