"""Sentinel-2 (L1C, L2A) and Sentinel-1 (GRD, terrain-corrected) products.

Sentinel-2 products are ``.SAFE`` folders whose granule holds one JPEG 2000 per band:
L1C ``GRANULE/L1C_T32ULU_.../IMG_DATA/T32ULU_20200101T103431_B04.jp2`` (13 bands, each at its
native 10, 20 or 60 m) and L2A ``GRANULE/L2A_.../IMG_DATA/R10m/T32ULU_20200101T103431_B04_10m.jp2``
(12 bands, no B10, several resampled copies under ``R10m``/``R20m``/``R60m``). A dataset reads
each band from its native-resolution file and warps all of them onto one grid (default: the
finest requested band's, 10 m). Values are uint16 digital numbers (reflectance x 10,000), 0 is
no data. GeoTIFF copies with the same names (``.tif``) are read too. L1C (top of atmosphere)
and L2A (surface reflectance) are different quantities, so a dataset reads one level: the one
found, or ``level=`` when a folder holds both.

From processing baseline 04.00 (25 January 2022; also every product of the 05.00+
reprocessing) both levels store reflectance x 10,000 + 1,000: a series or a composite across
the change would jump by 1,000. By default (``harmonize=True``) the values of products of
those baselines (read from the ``.SAFE`` product's name, ``..._N0400_...``) are brought back to
the older scale, ``max(DN - 1000, 1)`` with 0 still no data and 65535 still saturated (the
older baselines clamped dark pixels to 1), so that every scene has the scale models trained
on older data expect.

Sentinel-1 GRD products are delivered in radar geometry (``measurement/*.tiff`` located by
ground control points only), so geoplug reads them once terrain-corrected, as the ASF HyP3 RTC
products are distributed: ``S1A_IW_20200101T054217_DVP_RTC30_G_gpuned_5AF5_VV.tif`` and
``..._VH.tif`` (float32 backscatter, power or amplitude with nodata 0, or dB with the nodata
the file tags, float32's minimum, since 0 dB is a value; UTM), each product in a
folder of its name, delivered as ``<product>.zip`` (extracted in place when found).
"""

from __future__ import annotations

import os
import re
import warnings
from collections.abc import Sequence
from datetime import datetime, timezone
from pathlib import PurePosixPath
from typing import Any, ClassVar

import numpy as np

from geoplug.core.archives import find_below
from geoplug.core.errors import DatasetNotFoundError, InvalidDataError
from geoplug.core.raster import PathsLike, RasterDataset, date_range, find_files, path_list
from geoplug.core.warp import Grid, Patch, Source
from geoplug.core.warp.sources import Region
from geoplug.datasets._bandfiles import MultiResolutionBandFiles
from geoplug.datasets._catalog import spec
from geoplug.datasets._catalog.generic import SENTINEL2_L1C, SENTINEL2_L2A, SENTINEL2_RESOLUTION
from geoplug.datasets._geodownload import extract_found

__all__ = ["Sentinel1", "Sentinel2", "processing_baseline"]

#: a Sentinel-2 SAFE product's name; ``N`` is its processing baseline (``N0400``: 04.00)
_SAFE = re.compile(r"^S2[A-D]_MSIL(?:1C|2A)_\d{8}T\d{6}_N(?P<baseline>\d{4})_R\d{3}"
                   r"_T\d{2}[A-Z]{3}_\d{8}T\d{6}(?:\.SAFE)?$")
#: the baseline from which values carry the offset, and the offset (in digital numbers)
_OFFSET_BASELINE, _OFFSET = 400, 1000
#: the products' saturated value, the same at every baseline
_SATURATED = 65535
#: products acquired from then on were all processed at baseline 04.00 or later
_OFFSET_SINCE = datetime(2022, 1, 25, tzinfo=timezone.utc).timestamp()


def processing_baseline(path: str) -> int | None:
    """The processing baseline (``400`` for 04.00) of the SAFE product holding ``path``
    (a band file or folder inside it); ``None`` for a file outside a SAFE product."""
    for part in reversed(PurePosixPath(path.replace(os.sep, "/")).parts):
        match = _SAFE.match(part)
        if match is not None:
            return int(match.group("baseline"))
    return None


def _harmonized(patch: Patch) -> Patch:
    """``patch`` (of a product of baseline 04.00 or later) on the older baselines' scale; the
    special values, 0 (no data) and 65535 (saturated), as they are."""
    data = patch.data
    shifted = np.maximum(data.astype(np.float64 if data.dtype.kind == "f" else np.int64)
                         - _OFFSET, 1)
    out = np.where((data > 0) & (data < _SATURATED), shifted, data).astype(data.dtype)
    return Patch(out, patch.mask(), patch.rows, patch.cols)


class Sentinel2(MultiResolutionBandFiles, spec=spec("sentinel2")):
    """Sentinel-2 MSI Level-1C and Level-2A granules (SAFE layout).

    Args:
        paths: folders holding ``.SAFE`` products (searched recursively), or band files.
        crs: target CRS (default: the first granule's UTM zone).
        res: target resolution (default: the finest requested band's, 10 m for RGB).
        bands: band names ``B01``...``B12``, ``B8A`` (default: the 13 L1C bands, or the 12
            L2A bands).
        transforms: a callable applied to each sample.
        level: ``"L1C"`` or ``"L2A"``: read the granules of that level only (default: the
            level found; required when ``paths`` holds both).
        harmonize: bring products of processing baseline 04.00 or later to the older scale
            (see the module docstring); ``False``: the stored numbers.
        **kwargs: ``merge``, ``keep_dtype``, ``resampling``, ``cache``, ``use_overviews``.

    Raises:
        DatasetNotFoundError: no granule band file (of ``level``) under ``paths``.
        InvalidDataError: a granule lacks one of the requested bands.
        ValueError: unknown band names or ``level``; L1C and L2A granules found without
            ``level`` (their pixels would be mixed in one mosaic); ``defer_resampling`` with
            products to harmonize.
    """

    filename_glob: ClassVar[str] = "T*_B*"
    filename_regex: ClassVar[str] = r"""
        ^T(?P<tile>\d{2}[A-Z]{3})
        _(?P<date>\d{8}T\d{6})
        _(?P<band>B[01][0-9A]|B8A)
        (?:_(?P<resolution>[126]0m))?
        \.(?:jp2|tif|TIF)$
    """
    date_format: ClassVar[str] = "%Y%m%dT%H%M%S"
    band_resolution: ClassVar[dict[str, float]] = SENTINEL2_RESOLUTION
    nodata: ClassVar[float | None] = 0

    def __init__(self, paths: Any = "data", crs: Any = None,
                 res: float | tuple[float, float] | None = None,
                 bands: Sequence[str] | None = None, transforms: Any = None,
                 level: str | None = None, harmonize: bool = True, **kwargs: Any) -> None:
        if level not in (None, "L1C", "L2A"):
            raise ValueError(f"level is 'L1C' or 'L2A' (or None: the level found), got {level!r}")
        self.level = level
        self.harmonize = harmonize
        super().__init__(paths, crs, res, bands, transforms, **kwargs)
        #: the scenes (by first band file) whose values are shifted back by the offset
        self._offset_files: frozenset[str] = frozenset()
        if not harmonize:
            return
        baselines = {h.path: processing_baseline(h.path) for h in self._headers}
        self._offset_files = frozenset(
            p for p, b in baselines.items() if b is not None and b >= _OFFSET_BASELINE)
        unknown = [h.path for h, d in zip(self._headers, self._dates)
                   if baselines[h.path] is None and d[1] >= _OFFSET_SINCE]
        if unknown:
            warnings.warn(
                f"{len(unknown)} Sentinel-2 scene(s) acquired from 25 January 2022 on lie "
                f"outside a .SAFE product (e.g. {unknown[0]!r}), so their processing baseline "
                "is unknown and their values are read as stored; those of baseline 04.00 or "
                "later are 1,000 higher than older scenes'. Keep the files in their .SAFE "
                "folders to harmonize them, or pass harmonize=False to silence this.",
                stacklevel=2)
        if self._offset_files and not self._no_deferral:
            self._no_deferral = (
                f"{len(self._offset_files)} product(s) under {path_list(paths)} have processing "
                "baseline 04.00 or later, whose values are harmonized on reading, which "
                "deferred resampling does not do; pass defer_resampling=False, or "
                "harmonize=False to read the stored numbers")
            if self.defer_resampling:
                raise ValueError(self._no_deferral)

    def _read_scene(self, source: Source, i: int, grid: Grid, need: Region | None = None
                    ) -> Patch | None:
        patch = super()._read_scene(source, i, grid, need)
        if patch is None or self._headers[i].path not in self._offset_files:
            return patch
        return _harmonized(patch)

    def _scan(self, paths: PathsLike) -> dict[tuple[str, str, str, str], dict[str, dict[str, str]]]:
        """Band files per granule of the dataset's level: ``{(folder, tile, datetime, level):
        {band: {res: path}}}``.

        Raises:
            ValueError: granules of both levels and no ``level`` chosen.
        """
        regex = re.compile(self.filename_regex, re.VERBOSE)
        granules: dict[tuple[str, str, str, str], dict[str, dict[str, str]]] = {}
        for path in find_files(paths, self.filename_glob):
            folder, name = os.path.split(path)
            match = regex.match(name)
            if match is None:
                continue
            level = "L2A" if match.group("resolution") else "L1C"
            if level == "L2A" and re.fullmatch(r"R[126]0m", os.path.basename(folder)):
                folder = os.path.dirname(folder)
            if self.level not in (None, level):
                continue
            key = (folder, match.group("tile"), match.group("date"), level)
            bands = granules.setdefault(key, {})
            bands.setdefault(match.group("band"), {})[match.group("resolution") or ""] = path
        levels = sorted({key[3] for key in granules})
        if len(levels) > 1:
            counts = {lv: sum(key[3] == lv for key in granules) for lv in levels}
            raise ValueError(
                f"{path_list(paths)} hold {counts['L1C']} Level-1C (top of atmosphere) and "
                f"{counts['L2A']} Level-2A (surface reflectance) granules, whose pixels would "
                "be mixed in one mosaic; pass level='L1C' or level='L2A'")
        return granules

    def _check_bands(self, bands: Sequence[str] | None) -> tuple[str, ...]:
        if bands is None:  # L1C: its 13 bands; L2A: the 12 it has (no B10)
            levels = {key[3] for key in self._scan(self.paths)}
            return SENTINEL2_L1C if levels == {"L1C"} else SENTINEL2_L2A
        return super()._check_bands(bands)

    def _match_files(self, paths: PathsLike) -> tuple[list[str], list[tuple[float, float]],
                                                     list[list[str]]]:
        """One entry per granule; per band its native-resolution file.

        Raises:
            DatasetNotFoundError: no band file matches.
            InvalidDataError: a granule lacks a requested band.
        """
        files: list[str] = []
        dates: list[tuple[float, float]] = []
        siblings: list[list[str]] = []
        for (folder, tile, when, level), found in sorted(self._scan(paths).items()):
            group = []
            for band in self.bands:
                copies = found.get(band)
                if not copies:
                    raise InvalidDataError(
                        f"the {level} granule T{tile} of {when} in {folder!r} has no file for "
                        f"band {band}; {level} products have "
                        f"{', '.join(SENTINEL2_L2A if level == 'L2A' else SENTINEL2_L1C)}. "
                        "Pass bands= with the bands present, or restore the missing file."
                    )
                native = f"{int(SENTINEL2_RESOLUTION[band])}m"
                if native in copies:
                    group.append(copies[native])
                elif "" in copies:
                    group.append(copies[""])
                else:  # coarser copies only: use the finest one there is
                    group.append(copies[min(copies, key=lambda r: int(r[:-1]))])
            files.append(group[0])
            dates.append(date_range(when, self.date_format))
            siblings.append(group)
        if not files:
            raise DatasetNotFoundError(
                type(self).__name__, path_list(paths),
                hint=f"No Sentinel-2 {self.level + ' ' if self.level else ''}band file "
                     "(T<tile>_<datetime>_B<nn>[_<res>].jp2) was found. Point paths at the "
                     "folder holding the .SAFE products.",
            )
        return files, dates, siblings


#: the second letter of a HyP3 RTC product's options: the scale of its values
_S1_SCALES = {"p": "power", "a": "amplitude", "d": "dB"}
#: an RTC product zip as HyP3 delivers it (its files inside ``<product id>/``)
_S1_ZIP = (r"^S1[ABC]_(?:SM|IW|EW|WV)_\d{8}T\d{6}_[DS][HV][PRO]_RTC\d{2}_G_[a-z]{6}"
           r"_[0-9A-Z]{4}\.zip$")


class Sentinel1(RasterDataset, spec=spec("sentinel1")):
    """Sentinel-1 GRD backscatter, terrain-corrected (ASF HyP3 RTC layout), VV and VH.

    Args:
        paths: folders holding the RTC product folders (searched recursively), or files.
        crs, res, transforms: see :class:`~geoplug.core.raster.RasterDataset`.
        bands: polarisations, ``["VV", "VH"]`` (dual-pol IW, default) or ``["HH", "HV"]``.
        **kwargs: ``merge``, ``keep_dtype``, ``resampling``, ``cache``, ``use_overviews``.

    Raises:
        DatasetNotFoundError: no product under ``paths``.
        InvalidDataError: a product lacks one of the polarisations.
        ValueError: unknown polarisation, or co- and cross-pol of different families.
    """

    filename_glob: ClassVar[str] = "S1*_RTC*.tif"
    filename_regex: ClassVar[str] = r"""
        ^S1(?P<mission>[ABC])
        _(?P<mode>SM|IW|EW|WV)
        _(?P<date>\d{8}T\d{6})
        _(?P<polarization>[DS][HV])(?P<orbit>[PRO])
        _RTC(?P<spacing>\d{2})
        _(?P<package>G)
        _(?P<options>[a-z]{6})
        _(?P<product>[0-9A-Z]{4})
        _(?P<band>VV|VH|HH|HV)
        \.tif$
    """
    date_format: ClassVar[str] = "%Y%m%dT%H%M%S"
    separate_files: ClassVar[bool] = True
    nodata: ClassVar[float | None] = 0

    def __init__(self, paths: Any = "data", crs: Any = None,
                 res: float | tuple[float, float] | None = None,
                 bands: Sequence[str] | None = None, transforms: Any = None,
                 **kwargs: Any) -> None:
        # product zips downloaded by hand: extract those whose band files are not there yet
        extract_found(paths, _S1_ZIP,
                      lambda archive: any(find_below(archive.parent,
                                                     archive.stem + "_[VH][VH].tif")))
        #: the values' scale (``power``, ``amplitude`` or ``dB``), from the products' names
        self.scale = "power"
        super().__init__(paths, crs, res, bands, transforms, **kwargs)

    def _match_files(self, paths: PathsLike) -> tuple[list[str], list[tuple[float, float]],
                                                     list[list[str]]]:
        """The products' files; their names' scale decides the nodata, before the files are
        indexed with it.

        Raises:
            ValueError: the products hold several scales (and what the base raises).
        """
        files, dates, siblings = super()._match_files(paths)
        regex = re.compile(self.filename_regex, re.VERBOSE)
        scales = set()
        for path in files:
            match = regex.match(os.path.basename(path))
            if match is not None:
                scales.add(_S1_SCALES.get(match.group("options")[1], "power"))
        if len(scales) > 1:
            raise ValueError(f"the products under {paths!r} hold backscatter in several scales "
                             f"({', '.join(sorted(scales))}), which a mosaic cannot mix; "
                             "read each scale as its own dataset")
        self.scale = scales.pop() if scales else "power"
        if self.scale == "dB":
            # 0 dB (power 1) is a value: HyP3 fills a dB product's no data with float32's
            # minimum, tagged in each file
            self.nodata = None  # type: ignore[misc]
        return files, dates, siblings

    def _check_bands(self, bands: Sequence[str] | None) -> tuple[str, ...]:
        chosen = super()._check_bands(("VV", "VH") if bands is None else bands)
        if {"VV", "VH"} & set(chosen) and {"HH", "HV"} & set(chosen):
            raise ValueError(f"bands {list(chosen)} mix VV/VH and HH/HV products; a scene is "
                             "acquired in one of the two, so read them as separate datasets")
        return chosen

    def plot(self, sample: dict[str, Any], show_titles: bool = True,
             suptitle: str | None = None) -> Any:
        """Each polarisation in dB (from the products' power, amplitude or dB values),
        side by side; returns the Figure."""
        import matplotlib.pyplot as plt
        import numpy as np

        image = np.asarray(sample["image"], dtype=np.float64)
        fig, axes = plt.subplots(1, len(self.bands), figsize=(4 * len(self.bands), 4),
                                 squeeze=False)
        factor = {"power": 10.0, "amplitude": 20.0}.get(self.scale)
        for ax, band, layer in zip(axes[0], self.bands, image):
            db = layer if factor is None else factor * np.log10(np.clip(layer, 1e-6, None))
            ax.imshow(db, cmap="gray")
            ax.set_axis_off()
            if show_titles:
                ax.set_title(f"{band} (dB)")
        if suptitle:
            fig.suptitle(suptitle)
        return fig
