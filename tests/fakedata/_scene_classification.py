"""Writers shared by the scene classification fake-data generators.

Files are staged in a scratch folder and packed into the archive the publisher ships, so the
tests exercise extraction and download exactly as a user would.
"""

from __future__ import annotations

import hashlib
import shutil
import tempfile
import warnings
import zipfile
from collections.abc import Iterable
from pathlib import Path
from typing import Any

import numpy as np
import rasterio
from affine import Affine
from PIL import Image


def md5(path: Path) -> str:
    return hashlib.md5(path.read_bytes()).hexdigest()


def sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def pattern(shape: tuple[int, ...], seed: int, high: int = 255) -> np.ndarray:
    """Deterministic, sample-specific pixel values in [0, high]."""
    rng = np.random.default_rng(seed)
    return rng.integers(0, high + 1, size=shape)


def write_jpeg(path: Path, chw: np.ndarray) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    Image.fromarray(chw.transpose(1, 2, 0).astype(np.uint8), "RGB").save(path, quality=95)


def write_tif(path: Path, chw: np.ndarray, crs: str | None = None,
              origin: tuple[float, float] = (0.0, 0.0), res: float = 10.0) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    profile = {"driver": "GTiff", "width": chw.shape[2], "height": chw.shape[1],
               "count": chw.shape[0], "dtype": chw.dtype.name}
    if crs is not None:
        profile.update(crs=crs, transform=Affine(res, 0.0, origin[0], 0.0, -res, origin[1]))
    with warnings.catch_warnings():  # UC Merced chips carry no georeference, on purpose
        warnings.simplefilter("ignore", rasterio.errors.NotGeoreferencedWarning)
        with rasterio.open(path, "w", **profile) as dst:
            dst.write(chw)


def write_wav(path: Path, samples: np.ndarray, rate: int = 16000) -> None:
    import wave

    path.parent.mkdir(parents=True, exist_ok=True)
    with wave.open(str(path), "wb") as f:
        f.setnchannels(1)
        f.setsampwidth(2)
        f.setframerate(rate)
        f.writeframes(samples.astype("<i2").tobytes())


def zip_tree(stage: Path, members: Iterable[str], archive: Path,
             folders: Iterable[str] = ()) -> None:
    """Zip ``stage/<member>`` as ``<member>`` (with directory entries, like the publishers),
    plus the (empty) ``folders``."""
    archive.parent.mkdir(parents=True, exist_ok=True)
    names = sorted(members)
    dirs: set[str] = {f.rstrip("/") + "/" for f in folders}
    for name in names:
        parts = name.split("/")[:-1]
        dirs.update("/".join(parts[: i + 1]) + "/" for i in range(len(parts)))
    with zipfile.ZipFile(archive, "w", zipfile.ZIP_DEFLATED) as zf:
        for d in sorted(dirs):
            zf.writestr(d, "")
        for name in names:
            zf.write(stage / name, name)


def write_split_lists(root: Path, pattern_: str, splits: dict[str, list[str]]) -> dict[str, Path]:
    """One file name per line, as in the lists of Neumann et al. (2019)."""
    out = {}
    for split, names in splits.items():
        path = root / pattern_.format(split=split)
        path.write_text("".join(f"{n}\n" for n in names))
        out[split] = path
    return out


class Stage:
    """A scratch folder removed when the generator is done."""

    def __enter__(self) -> Path:
        self.path = Path(tempfile.mkdtemp(prefix="fake-stage-"))
        return self.path

    def __exit__(self, *exc: object) -> None:
        shutil.rmtree(self.path, ignore_errors=True)


def local_resources(resources: Iterable[Any], url: str, md5s: dict[str, str]) -> tuple[Any, ...]:
    """The dataset's resources, pointed at a local server and the fake files' md5s."""
    from dataclasses import replace

    return tuple(replace(r, url=f"{url}/{r.filename}", md5=md5s.get(r.filename, r.md5),
                         sha256=None) for r in resources)
