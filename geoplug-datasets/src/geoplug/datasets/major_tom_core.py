"""Major TOM Core: ESA Phi-lab's global Sentinel-2 / Sentinel-1 patches on the Major TOM grid.

The publisher ships each collection as a Hugging Face dataset repository
(``https://huggingface.co/datasets/Major-TOM/<collection>``)::

    metadata.parquet                 one row per patch: grid_cell, product_id, timestamp,
                                     cloud_cover, nodata, centre_lat/lon, crs, parquet_url,
                                     parquet_row (the row group holding the patch), ...
    images/part_00001.parquet ...    one row per grid cell: product_id, grid_cell, the date,
                                     thumbnail (PNG bytes), cloud_mask (S2) and one column per
                                     band holding that band's GeoTIFF bytes (B01 ... B12 and
                                     B8A for Sentinel-2, vv and vh for Sentinel-1)

Sentinel-2 bands keep their native GSD (10 m bands 1068 px, 20 m 534 px, 60 m 178 px); this
loader upsamples the 20 m and 60 m bands by **nearest neighbour** onto the 10 m grid, so every
value of the image is a value the publisher stored (no interpolated reflectance). Sentinel-2
DN 0 means no data and is kept as 0; Sentinel-1's no-data value (-32768.0, tagged in the
GeoTIFFs) is read as NaN. Each sample keeps its ``product_id``: Sentinel-2 products of
processing baseline 04.00 and later (``_N0400_``...) carry ESA's +1000 DN offset.

The loader reads ``<root>/<collection>/images/*.parquet`` (or ``<root>/images`` when ``root``
is one collection's snapshot). It indexes the files from their Parquet footers only and reads
one row group per sample, only the selected band columns. ``metadata.parquet`` is not needed.
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any, ClassVar

import numpy as np

from geoplug.core.download import Resource, fetch
from geoplug.core.errors import DatasetNotFoundError, InvalidDataError
from geoplug.core.nongeo import NonGeoDataset, Sample, Transforms
from geoplug.datasets._catalog import spec
from geoplug.datasets._catalog.generic import SENTINEL2_RESOLUTION
from geoplug.datasets._catalog.pretraining_major_tom_core import MAJOR_TOM_BANDS
from geoplug.datasets._chipio import geo_fields
from geoplug.datasets._corpus import stack_plot

if TYPE_CHECKING:  # pragma: no cover
    from matplotlib.figure import Figure

__all__ = ["MajorTOMCore", "read_geotiff_bytes"]

#: the columns giving the acquisition date, in order of preference (S1RTC's card names
#: ``product_datetime``; the metadata tables name it ``timestamp``)
DATE_COLUMNS = ("timestamp", "product_datetime")
GSD = 10.0


def _pyarrow() -> Any:
    try:
        import pyarrow.parquet as pq
    except ImportError:
        raise ImportError("reading Major TOM's Parquet files needs pyarrow: pip install "
                          "'geoplug-datasets[parquet]' (or pyarrow)") from None
    return pq


def read_geotiff_bytes(data: bytes, scale: int, where: str
                       ) -> tuple[np.ndarray, tuple[Any, Any, tuple[int, int]]]:
    """Decode one band's GeoTIFF bytes, upsampled ``scale`` times by nearest neighbour.

    Returns:
        The ``[H*scale, W*scale]`` array, and the file's native (transform, CRS, shape):
        the native grid gives the bounds.

    Raises:
        InvalidDataError: the bytes are not a readable GeoTIFF (``where`` names the cell).
    """
    import rasterio
    from rasterio.enums import Resampling
    from rasterio.io import MemoryFile

    try:
        with MemoryFile(data) as memory, memory.open() as src:
            shape = (src.height * scale, src.width * scale)
            array = src.read(1, out_shape=shape, resampling=Resampling.nearest)
            if src.nodata is not None and array.dtype.kind == "f":
                # Core-S1RTC marks no data with -32768.0 (linear power cannot be negative)
                array[array == src.nodata] = np.nan
            return array, (src.transform, src.crs, (src.height, src.width))
    except rasterio.errors.RasterioError as exc:
        raise InvalidDataError(f"cannot decode the GeoTIFF of {where}: {exc}; the file may "
                               "be truncated — delete it and download it again") from exc


class MajorTOMCore(NonGeoDataset, spec=spec("major_tom_core")):
    """``image`` float32 ``[C,H,W]`` of one Major TOM grid cell (every band on the 10 m grid,
    1068 x 1068 px as released), ``crs`` and ``bounds`` of its GeoTIFFs, ``grid_cell`` (e.g.
    ``"433U_1175R"``) and ``timestamp`` (the acquisition date as the file gives it).

    ``collection`` picks the repository: ``"Core-S2L2A"`` (12 bands, default), ``"Core-S2L1C"``
    (13 bands) or ``"Core-S1RTC"`` (``vv``, ``vh``, linear power). There is no official split:
    ``"train"`` is every row of every part present. ``download=True`` fetches the parts named
    by ``parts`` (numbers of ``images/part_XXXXX.parquet``) from Hugging Face; the whole
    collection is tens of terabytes. The publisher lists no checksum beside the files.

    Citation: A. Francis and M. Czerkawski, "Major TOM: Expandable Datasets for Earth
    Observation", IGARSS 2024 (arXiv:2402.12095).
    """

    #: where the collections' repositories are served (``<base>/<collection>/resolve/main/``)
    base_url: ClassVar[str] = "https://huggingface.co/datasets/Major-TOM"

    def __init__(
        self,
        root: str | os.PathLike[str] = "data",
        split: str = "train",
        bands: Sequence[str] | None = None,
        transforms: Transforms | None = None,
        download: bool = False,
        checksum: bool = False,
        collection: str = "Core-S2L2A",
        parts: Sequence[int] | None = None,
    ) -> None:
        """
        Args:
            collection: "Core-S2L2A", "Core-S2L1C" or "Core-S1RTC".
            parts: numbers of the ``images/part_XXXXX.parquet`` files to download (and then
                read); ``None`` reads every part present.

        Raises:
            ValueError: unknown collection, split or band; ``download`` without ``parts``.
            DatasetNotFoundError: no part is present and ``download`` is False.
            InvalidDataError: a part is not Parquet or lacks a selected band column.
            ImportError: pyarrow is not installed.
        """
        if collection not in MAJOR_TOM_BANDS:
            raise ValueError(f"major_tom_core: collection {collection!r} is not one of "
                             f"{', '.join(MAJOR_TOM_BANDS)}")
        if download and not parts:
            raise ValueError("major_tom_core: download=True needs parts=[...] (numbers of "
                             f"images/part_XXXXX.parquet of {collection}); the whole "
                             "collection is tens of terabytes")
        self.collection = collection
        self.parts = tuple(int(p) for p in parts) if parts else None
        chosen = spec("major_tom_core").bands_for({"collection": collection})
        self.all_bands = chosen.bands  # type: ignore[misc]  # varies with the collection
        self.rgb_bands = chosen.rgb_bands  # type: ignore[misc]
        super().__init__(root, split, bands, transforms, download, checksum)

    # -- files --------------------------------------------------------------------------------
    @staticmethod
    def part_name(number: int) -> str:
        """``images/part_XXXXX.parquet`` of part ``number`` (five digits, as published)."""
        return f"images/part_{number:05d}.parquet"

    @property
    def folder(self) -> Path:
        """The collection's snapshot: ``<root>/<collection>``, else ``root`` itself when it
        holds ``images/`` directly."""
        nested = self.root / self.collection
        if not (nested / "images").is_dir() and (self.root / "images").is_dir():
            return self.root
        return nested

    def _files(self) -> list[Path]:
        if self.parts is not None:
            return [self.folder / self.part_name(p) for p in self.parts]
        return sorted((self.folder / "images").glob("part_*.parquet"))

    def _exists(self) -> bool:
        files = self._files()
        return bool(files) and all(f.is_file() for f in files)

    def _needed(self) -> list[Resource]:
        return [Resource(f"{self.base_url}/{self.collection}/resolve/main/{self.part_name(p)}",
                         f"{self.collection}/{self.part_name(p)}", extract=False)
                for p in self.parts or ()]

    def _prepare(self, download: bool, checksum: bool) -> None:
        """Fetch the chosen parts that are missing into ``<root>/<collection>/images``.

        Raises:
            DatasetNotFoundError: a part is absent and ``download`` is False.
            InvalidDataError: a part is still missing after the download.
        """
        if self._exists():
            return
        if not download:
            wanted = (", ".join(self.part_name(p) for p in self.parts) if self.parts
                      else "images/part_XXXXX.parquet")
            raise DatasetNotFoundError(self.name, self.root, (
                f"Looked for {wanted} in {self.root / self.collection} (or {self.root}). "
                f"Pass download=True with parts=[1, 2, ...], or run `geoplug datasets "
                f"download {self.name} --root {self.root}`, or fetch them from "
                f"https://huggingface.co/datasets/Major-TOM/{self.collection}."))
        fetch(self._needed(), self.root, checksum)
        if not self._exists():
            raise InvalidDataError(f"{self.name}: {self.folder / 'images'} still lacks the "
                                   "chosen parts after the download")

    def _load(self) -> None:
        """Index (file, row group, row) of every grid cell from the Parquet footers."""
        pq = _pyarrow()
        self.rows: list[tuple[Path, int, int]] = []
        for path in self._files():
            try:
                meta = pq.ParquetFile(path).metadata
            except (OSError, ValueError) as exc:
                raise InvalidDataError(f"{path} is not a readable Parquet file ({exc}); "
                                       "delete it and download it again") from exc
            names = set(meta.schema.names)
            missing = [b for b in self.bands if b not in names]
            if missing:
                raise InvalidDataError(f"{path} has no column {', '.join(missing)}; is it a "
                                       f"part of {self.collection}?")
            for group in range(meta.num_row_groups):
                self.rows.extend((path, group, r)
                                 for r in range(meta.row_group(group).num_rows))

    def _empty_reason(self) -> str:
        return "its Parquet parts hold no row; download them again"

    def __len__(self) -> int:
        return len(self.rows)

    def _scale(self, band: str) -> int:
        """How many 10 m pixels one stored pixel of ``band`` spans (1 for Sentinel-1)."""
        return round(SENTINEL2_RESOLUTION.get(band, GSD) / GSD)

    def __getitem__(self, index: int) -> Sample:
        import torch

        path, group, row = self.rows[index]
        pq = _pyarrow()
        with pq.ParquetFile(path) as parquet:
            present = set(parquet.schema_arrow.names)
            extra = [c for c in ("grid_cell", "product_id", *DATE_COLUMNS) if c in present]
            try:
                table = parquet.read_row_group(group, columns=[*self.bands, *extra])
            except (OSError, ValueError) as exc:
                raise InvalidDataError(f"{path} row group {group} cannot be read ({exc}); "
                                       "delete the part and download it again") from exc
        cell = table["grid_cell"][row].as_py() if "grid_cell" in extra else None
        where = f"{path} row group {group} (grid cell {cell})"
        planes = []
        grid: Any = None
        for band in self.bands:
            data = table[band][row].as_py()
            if not data:
                raise InvalidDataError(f"{where} has no {band} image")
            array, native = read_geotiff_bytes(data, self._scale(band), f"{band} of {where}")
            planes.append(array)
            grid = grid or native
        shapes = {p.shape for p in planes}
        if len(shapes) != 1:
            raise InvalidDataError(f"the bands of {where} do not share one 10 m grid "
                                   f"({sorted(shapes)})")
        sample: Sample = {"image": torch.from_numpy(np.stack(planes).astype(np.float32))}
        sample.update(geo_fields(grid[0], grid[1], grid[2]))
        sample["grid_cell"] = cell
        # the processing baseline (``_N0400_`` and later add +1000 to S2 DNs) is in the id
        sample["product_id"] = table["product_id"][row].as_py() if "product_id" in extra else None
        date = next((c for c in DATE_COLUMNS if c in extra), None)
        value: Any = table[date][row].as_py() if date else None
        sample["timestamp"] = value.isoformat() if hasattr(value, "isoformat") else value
        return self._apply(sample)

    def plot(self, sample: Sample, show_titles: bool = True, suptitle: str | None = None
             ) -> Figure:
        """True colour for Sentinel-2 (when B04, B03, B02 are selected), else the first band;
        titled with the grid cell and date."""
        image = sample["image"].detach().cpu().numpy()[None]
        title = " ".join(str(sample[k]) for k in ("grid_cell", "timestamp") if sample.get(k))
        return stack_plot(image, self.rgb_indices, [title or self.collection], suptitle,  # type: ignore[return-value]
                          show_titles)
