"""Shared reading of the pretraining corpora: dated acquisitions of one location.

SSL4EO-S12 and SSL4EO-L store each location as a folder of acquisition folders whose names
carry the acquisition date (``20200323T162931_..._T15QXA``, ``S1B_IW_GRDH_1SDV_20200627T...``,
``LC08_172034_20210306``). Their alphabetical order is not their time order (``S1A_`` before
``S1B_`` whatever the dates), so the corpora sort them by the date in the name and pick
``seasons`` of them, the first ones or (for contrastive pretraining) a random draw.
"""

from __future__ import annotations

import random
import re
from collections.abc import Sequence
from pathlib import Path

import numpy as np

from geoplug.datasets._chipio import read_raster

__all__ = ["acquisitions", "choose", "date_key", "join_parts", "read_band_files", "stack_plot"]

# an 8-digit date not inside a longer number, with an optional THHMMSS time
_DATE = re.compile(r"(?<!\d)(\d{8})(?:T(\d{6}))?(?!\d)")


def date_key(folder: Path) -> tuple[str, str]:
    """Sort key of an acquisition folder: its first date (and time) in the name, then name."""
    match = _DATE.search(folder.name)
    if match is None:
        return ("", folder.name)
    return (match.group(1) + (match.group(2) or ""), folder.name)


def acquisitions(location: Path) -> list[Path]:
    """The acquisition sub-folders of ``location``, oldest first (stray files ignored)."""
    return sorted((p for p in location.iterdir() if p.is_dir()), key=date_key)


def choose(dates: Sequence[Path], seasons: int, draw: bool) -> list[Path]:
    """``seasons`` of ``dates``: the first ones, or a random draw kept in time order."""
    if not draw:
        return list(dates[:seasons])
    picked = sorted(random.sample(range(len(dates)), seasons))
    return [dates[i] for i in picked]


def read_band_files(folder: Path, names: Sequence[str], reference: str,
                    suffix: str = ".tif") -> np.ndarray:
    """``[C,H,W]`` of one-band files ``<name><suffix>`` on the grid of ``reference``.

    Bands stored at a coarser GSD (Sentinel-2's 20 m and 60 m) are resampled bilinearly by
    GDAL on read to the reference band's size.

    Raises:
        InvalidDataError: a file is missing or unreadable.
    """
    import rasterio

    ref = folder / f"{reference}{suffix}"
    try:
        with rasterio.open(ref) as src:
            shape = (src.height, src.width)
    except rasterio.errors.RasterioError as exc:
        from geoplug.core.errors import InvalidDataError

        raise InvalidDataError(f"cannot read {ref}: {exc}; extract or download the dataset "
                               "again") from exc
    return np.stack([read_raster(folder / f"{name}{suffix}", [0], shape)[0][0]
                     for name in names])


def join_parts(parts: Sequence[Path], whole: Path) -> None:
    """Concatenate the parts of a split archive (``x.tar.gzaa``, ``x.tar.gzab``, ...) into
    ``whole``, atomically (a half-written file never has the final name)."""
    import os
    import shutil

    partial = whole.with_name(f".{whole.name}.joining")
    with open(partial, "wb") as out:
        for part in parts:
            with open(part, "rb") as src:
                shutil.copyfileobj(src, out)
    os.replace(partial, whole)


def stack_plot(image: np.ndarray, rgb: list[int], titles: Sequence[str],
               suptitle: str | None, show_titles: bool) -> object:
    """A row of panels, one per time step of ``image`` ``[T,C,H,W]`` (true colour if ``rgb``)."""
    import matplotlib.pyplot as plt

    from geoplug.core.plot import to_display

    steps = image.shape[0]
    fig, axes = plt.subplots(1, steps, figsize=(3.5 * steps, 3.5), squeeze=False)
    for t, ax in enumerate(axes[0]):
        data = to_display(image[t], rgb)
        ax.imshow(data, cmap=None if data.ndim == 3 else "gray", interpolation="nearest")
        ax.set_axis_off()
        if show_titles:
            ax.set_title(titles[t] if t < len(titles) else f"t={t}")
    if suptitle:
        fig.suptitle(suptitle)
    fig.tight_layout()
    return fig
