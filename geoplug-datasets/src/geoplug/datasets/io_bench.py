"""I/O Bench: TorchGeo's benchmark of the data path, one Landsat 9 scene with the 2023 CDL.

Stewart et al., "TorchGeo: Deep Learning With Geospatial Data" (SIGSPATIAL 2022,
https://doi.org/10.1145/3557915.3560953) measure I/O on a Level-2 Landsat 9 scene of 2023 and
the Cropland Data Layer of the same year, shipped on Hugging Face
(https://huggingface.co/datasets/torchgeo/io) in three variants of the same data, one archive
each, ``<split>.tar.gz``, which unpacks as::

    <split>/landsat/LC09_L2SP_<PPPRRR>_<acquired>_<processed>_02_T1_SR_B1.TIF ... SR_B7.TIF
    <split>/landsat/LC09_L2SP_..._SR_QA_AEROSOL.TIF
    <split>/cdl/2023_30m_cdls.tif

``original`` holds the files as downloaded from USGS EarthExplorer and USDA CropScape,
``raw`` the same compressed with the CDL clipped to the scene, ``preprocessed`` both
compressed, reprojected to one CRS and written as target-aligned COGs. The Landsat files are
read as :class:`~geoplug.datasets.landsat.Landsat9` reads any Collection 2 product (plus the
aerosol QA file), the CDL as :class:`~geoplug.datasets.cdl.CDL`; samples are their
intersection on the Landsat grid (or ``crs``/``res``): ``image`` float32 ``[C, H, W]`` and
``mask`` int64 ``[H, W]`` (CDL codes, or ordinal indices with ``ordinal=True``).
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from pathlib import Path
from typing import Any, ClassVar

from geoplug.core.download import Resource, fetch
from geoplug.core.errors import DatasetNotFoundError
from geoplug.core.geodataset import IntersectionDataset
from geoplug.datasets._catalog import spec
from geoplug.datasets._catalog.generic_io_bench import IO_BENCH_BANDS, IO_BENCH_SPLITS
from geoplug.datasets._geodownload import download_folder, extract_found
from geoplug.datasets._layers import check_found_zips, image_and_classes_figure, not_found
from geoplug.datasets.cdl import CDL
from geoplug.datasets.landsat import Landsat9

__all__ = ["IOBench"]

#: the revision of the archives TorchGeo pins, and their MD5s as it publishes them
_URL = "https://hf.co/datasets/torchgeo/io/resolve/c9d9d268cf0b61335941bdc2b6963bf16fc3a6cf"
_MD5 = {"original": "e3a908a0fd1c05c1af2f4c65724d59b3",
        "raw": "e9603990441007ce7bba73bb8ba7d217",
        "preprocessed": "9801f1240b238cb17525c865e413d1fd"}
_BAND_GROUP = r"(?:_VCID_\d)?)"


def _with_aerosol(regex: str) -> str:
    """Landsat's file-name pattern with ``SR_QA_AEROSOL`` also taken as a band name."""
    if regex.count(_BAND_GROUP) != 1:  # pragma: no cover - guards a change of landsat.py
        raise RuntimeError("io_bench: Landsat9.filename_regex no longer has the band group "
                           "this module extends")
    return regex.replace(_BAND_GROUP, r"(?:_VCID_\d)?|SR_QA_AEROSOL)")


class _Landsat9Aerosol(Landsat9):
    """Landsat 9 Level-2 files, the aerosol QA band (uint8 bit flags) among them."""

    filename_regex: ClassVar[str] = _with_aerosol(Landsat9.filename_regex)
    all_bands: ClassVar[tuple[str, ...]] = (*Landsat9.all_bands, "SR_QA_AEROSOL")


class IOBench(IntersectionDataset, spec=spec("io_bench")):
    """One variant (``split``) of I/O Bench: Landsat 9 bands as ``image``, CDL as ``mask``.

    Args:
        paths: the folder holding ``<split>/`` or ``<split>.tar.gz`` (or the ``<split>``
            folder itself).
        crs, res: target grid (default: the Landsat scene's).
        bands: Landsat files to stack (default ``SR_B1``-``SR_B7`` and ``SR_QA_AEROSOL``).
        transforms: a callable applied to each merged sample.
        split: ``"original"``, ``"raw"`` or ``"preprocessed"``.
        classes, ordinal: CDL codes kept and their ordinal mapping (see
            :class:`~geoplug.datasets.cdl.CDL`).
        download: fetch and extract ``<split>.tar.gz`` into ``paths`` when missing.
        checksum: verify the archive's MD5 before extracting it.
        **kwargs: passed to both layers (``cache``, ``merge``, ``keep_dtype`` ...).

    Raises:
        ValueError: an unknown split or band.
        DatasetNotFoundError: the split's Landsat or CDL files are not under ``paths``.
        ChecksumError: ``checksum`` and the archive does not match its MD5.
    """

    resources: ClassVar[tuple[Resource, ...]] = tuple(
        Resource(f"{_URL}/{split}.tar.gz", f"{split}.tar.gz", md5=md5, splits=(split,))
        for split, md5 in _MD5.items())

    def __init__(self, paths: Any = "data", crs: Any = None,
                 res: float | tuple[float, float] | None = None,
                 bands: Sequence[str] | None = None, transforms: Any = None, *,
                 split: str = "preprocessed", classes: Sequence[int] | None = None,
                 ordinal: bool = False, download: bool = False, checksum: bool = False,
                 **kwargs: Any) -> None:
        if split not in IO_BENCH_SPLITS:
            raise ValueError(f"io_bench: split {split!r} is not one of "
                             f"{', '.join(IO_BENCH_SPLITS)}")
        self.split = split
        resource = next(r for r in self.resources if r.splits == (split,))
        if download:
            folder = download_folder(paths, type(self).__name__)
            if not self._extracted(folder / resource.filename):
                fetch([resource], folder, checksum)
        if checksum:
            check_found_zips(paths, resource.filename, {resource.filename: resource.md5 or ""},
                             self._extracted, resource.url)
        roots = self._split_paths(extract_found(paths, rf"^{split}\.tar\.gz$", self._extracted))
        hint = (f"Expected {split}/landsat/LC09_*_SR_B*.TIF and {split}/cdl/2023_30m_cdls.tif "
                f"(from {split}.tar.gz): pass download=True to fetch it from {_URL}, or put "
                "the archive (or its extracted folder) there.")
        name = type(self).__name__
        if not roots:
            raise DatasetNotFoundError(name, paths, hint=hint)
        if "SR_QA_AEROSOL" in (bands or IO_BENCH_BANDS):  # bit flags: never interpolated,
            kwargs.setdefault("resampling", "nearest")  # also for a box off the scene's grid
        self.landsat = not_found(name, lambda: _Landsat9Aerosol(
            roots, crs, res, list(bands) if bands is not None else IO_BENCH_BANDS, **kwargs),
            hint)
        self.cdl = not_found(name, lambda: CDL(
            roots, self.landsat.crs, self.landsat.res, classes=classes, ordinal=ordinal,
            **kwargs), hint)
        #: the Landsat bands stacked into ``image``, in order
        self.bands = self.landsat.bands
        super().__init__(self.landsat, self.cdl, transforms)

    def _extracted(self, archive: Path) -> bool:
        """Whether the archive's ``<split>/`` folder is already beside it."""
        folder = archive.parent / self.split
        return folder.is_dir() and any(folder.iterdir())

    def _split_paths(self, paths: Any) -> list[Any]:
        """``paths`` with each local folder holding ``<split>/`` narrowed to it, so that a
        folder of all three variants reads only the chosen one."""
        items = [paths] if isinstance(paths, (str, os.PathLike)) else list(paths)
        kept: list[Any] = []
        for item in items:
            if isinstance(item, (str, os.PathLike)):
                path = Path(item)
                if (path / self.split).is_dir():
                    item = os.fspath(path / self.split)
                elif (path.name in IO_BENCH_SPLITS and path.name != self.split) or any(
                        (path / other).is_dir() for other in IO_BENCH_SPLITS):
                    continue  # holds only other variants: never read them as this one
            kept.append(item)
        return kept

    def plot(self, sample: dict[str, Any], show_titles: bool = True,
             suptitle: str | None = None) -> Any:
        """True colour (when SR_B4, SR_B3, SR_B2 are read) next to the CDL mask in the
        official CDL colours; returns the Figure."""
        table = self.cdl.colormap()
        colors = {index: table.get(code, (0, 0, 0, 255))[:3]
                  for index, code in enumerate(self.cdl.codes)} if self.cdl.ordinal else {
            code: rgba[:3] for code, rgba in table.items()}
        return image_and_classes_figure(self.landsat, sample, colors,
                                        (f"Landsat 9 ({self.split})", "CDL 2023"),
                                        show_titles, suptitle)
