"""Smallholder Cashew Plantations in Benin (Technoserve / Radiant Earth).

Published on Source Cooperative (``technoserve/cashews-benin``) as loose files: one Sentinel-2
L2A tile (1186x1122 px, 10 m) over central Benin at 70 dates from November 2019 to October
2020, ``imagery/00/00_<YYYYMMDD>/00_<YYYYMMDD>_<band>_10m.tif`` for 12 bands plus the Sen2Cor
cloud probability ``CLD``, and the plantation polygons ``labels/00.geojson`` whose ``class``
property is the class code (labels were drawn from field GPS surveys and corrected on Airbus
Pléiades imagery). The polygons are rasterized onto the tile grid with rasterio; chips of
``chip_size`` px every ``stride`` px are windowed reads of the tile.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from pathlib import Path
from typing import Any, ClassVar

import numpy as np
import torch

from geoplug.core.download import Resource
from geoplug.core.errors import InvalidDataError
from geoplug.core.nongeo import Sample
from geoplug.datasets._catalog import spec
from geoplug.datasets._catalog.segmentation import S2_L2A_CLD
from geoplug.datasets._tiling import Chip, chip_windows, read_window
from geoplug.datasets._timeseries import TimeSeriesChipDataset

__all__ = ["BeninSmallHolderCashews"]

BANDS = S2_L2A_CLD  # the published files per date: the spec's bands
DATES = (
    "20191105", "20191110", "20191115", "20191120", "20191130", "20191205", "20191210",
    "20191215", "20191220", "20191225", "20191230", "20200104", "20200109", "20200114",
    "20200119", "20200124", "20200129", "20200208", "20200213", "20200218", "20200223",
    "20200228", "20200304", "20200309", "20200314", "20200319", "20200324", "20200329",
    "20200403", "20200408", "20200413", "20200418", "20200423", "20200428", "20200503",
    "20200508", "20200513", "20200518", "20200523", "20200528", "20200602", "20200607",
    "20200612", "20200617", "20200622", "20200627", "20200702", "20200707", "20200712",
    "20200717", "20200722", "20200727", "20200801", "20200806", "20200811", "20200816",
    "20200821", "20200826", "20200831", "20200905", "20200910", "20200915", "20200920",
    "20200925", "20200930", "20201010", "20201015", "20201020", "20201025", "20201030",
)
BASE_URL = "https://radiantearth.blob.core.windows.net/mlhub/technoserve-cashew-benin"
LABELS = "labels/00.geojson"


def file_resources(base_url: str = BASE_URL, dates: Sequence[str] = DATES,
                   bands: Sequence[str] = BANDS) -> tuple[Resource, ...]:
    """Every published file as a (non-archive) resource, relative to ``base_url``."""
    paths = [LABELS] + [f"imagery/00/00_{d}/00_{d}_{b}_10m.tif" for d in dates for b in bands]
    return tuple(Resource(url=f"{base_url}/{p}", filename=p, extract=False) for p in paths)


def rasterize_labels(path: Path, shape: tuple[int, int], transform: Any, crs: Any
                     ) -> np.ndarray:
    """Burn the ``class`` of each polygon of ``path`` onto the tile grid (0 where none).

    Raises:
        InvalidDataError: the file cannot be read or a feature has no ``class``.
    """
    import fiona
    from rasterio.features import rasterize
    from rasterio.warp import transform_geom

    shapes = []
    try:
        with fiona.open(path) as src:
            src_crs = src.crs
            left, bottom, right, top = src.bounds
            geographic = -180 <= left <= right <= 180 and -90 <= bottom <= top <= 90
            for feature in src:
                value = feature["properties"].get("class")
                if value is None:
                    raise InvalidDataError(f"benin_cashew: a feature of {path} has no 'class' "
                                           "property")
                geom = dict(feature["geometry"].__geo_interface__)
                if crs is not None and src_crs and geographic and src_crs != crs:
                    geom = transform_geom(src_crs, crs, geom)
                shapes.append((geom, int(value)))
    except fiona.errors.FionaError as exc:
        raise InvalidDataError(f"benin_cashew: cannot read {path}: {exc}") from exc
    if not shapes:
        return np.zeros(shape, np.uint8)
    return rasterize(shapes, out_shape=shape, transform=transform, fill=0, dtype="uint8")


class BeninSmallHolderCashews(TimeSeriesChipDataset, spec=spec("benin_cashew")):
    """Benin cashew plantation chips: ``image`` ``[T,C,H,W]`` and a 7-class mask.

    Samples: ``image`` float32 ``[T,C,H,W]`` (the dates found on disk, in order; the selected
    bands), ``mask`` int64 ``[H,W]`` (0 no data, 1 well-managed plantation, 2 poorly-managed
    plantation, 3 non-plantation, 4 residential, 5 background, 6 uncertain), ``crs`` and
    ``bounds`` of the chip, ``x``/``y`` offsets and ``dates``. Only a ``train`` split exists.
    Constructor arguments and ``plot(time_step=...)``: see :class:`TimeSeriesChipDataset`; it
    raises ``InvalidDataError`` when there are no imagery dates or the labels are unreadable.

    Citation: Technoserve and Radiant Earth Foundation, "Smallholder Cashew Plantations in
    Benin", Radiant MLHub, 2021.
    """

    resources: ClassVar[tuple[Resource, ...]] = file_resources()

    def _exists(self) -> bool:
        return (self.root / LABELS).is_file() and (self.root / "imagery" / "00").is_dir()

    def _band_path(self, date: str, band: str) -> Path:
        return self.root / "imagery" / "00" / f"00_{date}" / f"00_{date}_{band}_10m.tif"

    def _load(self) -> None:
        import rasterio

        self.dates = sorted(p.name[3:] for p in (self.root / "imagery" / "00").iterdir()
                            if p.is_dir() and re.fullmatch(r"00_\d{8}", p.name))
        if not self.dates:
            raise InvalidDataError(f"{self.name}: no imagery/00/00_<YYYYMMDD> folders in "
                                   f"{self.root}; the download is incomplete")
        reference = self._band_path(self.dates[0], self.all_bands[0])
        try:
            with rasterio.open(reference) as src:
                height, width, transform, crs = src.height, src.width, src.transform, src.crs
        except rasterio.errors.RasterioIOError as exc:
            raise InvalidDataError(f"{self.name}: cannot read {reference}: {exc}") from exc
        self._mask = rasterize_labels(self.root / LABELS, (height, width), transform, crs)
        self.chips = [Chip(0, w) for w in chip_windows(width, height, self.chip_size,
                                                       self.stride)]

    def __getitem__(self, index: int) -> Sample:
        window = self.chips[index].window
        geo: dict[str, Any] = {}
        frames = []
        for d in self.dates:
            bands = []
            for b in self.bands:
                array, geo = read_window(self._band_path(d, b), window, [1])
                bands.append(array[0])
            frames.append(np.stack(bands))
        rows = slice(int(window.row_off), int(window.row_off + window.height))
        cols = slice(int(window.col_off), int(window.col_off + window.width))
        sample: Sample = {
            "image": torch.from_numpy(np.stack(frames).astype(np.float32)),
            "mask": torch.from_numpy(self._mask[rows, cols].astype(np.int64)),
            "x": int(window.col_off),
            "y": int(window.row_off),
            "dates": list(self.dates),
            **geo,
        }
        return self._apply(sample)
