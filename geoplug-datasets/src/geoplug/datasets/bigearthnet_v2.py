"""BigEarthNet v2.0 (reBEN): multi-label CORINE land cover of Sentinel-1/-2 patch pairs.

The publisher (Zenodo record 10891137, bigearth.net) ships Zstandard-compressed tars and a
Parquet table::

    BigEarthNet-S2.tar.zst  BigEarthNet-S2/<tile>/<patch_id>/<patch_id>_B01.tif … _B12.tif
    BigEarthNet-S1.tar.zst  BigEarthNet-S1/<scene>/<s1_name>/<s1_name>_VV.tif, _VH.tif
    Reference_Maps.tar.zst  Reference_Maps/<tile>/<patch_id>/<patch_id>_reference_map.tif
    metadata.parquet        patch_id, labels, split, country, s1_name, s2v1_name,
                            contains_seasonal_snow, contains_cloud_or_shadow

``<tile>`` is the patch id without its last two fields (row and column), ``<scene>`` the S1
name without its last three (tile, row, column). ``metadata.parquet`` holds the patches free
of seasonal snow, cloud and shadow; the others are listed in
``metadata_for_patches_with_snow_cloud_or_shadow.parquet``. Sentinel-2 bands come at 10, 20
and 60 m (120, 60 and 20 px), the reference maps at 10 m with one CLC 2018 code per pixel.

geoplug's archive extraction (:mod:`geoplug.core.archives`) knows zip and tar(.gz/.bz2/.xz)
but not Zstandard, so this module decompresses a ``.tar.zst`` itself (with the
``zstandard`` package, else the ``zstd`` command) into a plain tar that the safe extractor
then unpacks; folders already extracted (``tar --zstd -xf``) are read as they are.
"""

from __future__ import annotations

import os
import shutil
import subprocess
from collections.abc import Sequence
from pathlib import Path
from typing import Any, ClassVar

import numpy as np

from geoplug.core.archives import extract_archive
from geoplug.core.download import Resource, fetch
from geoplug.core.errors import DatasetNotFoundError, InvalidDataError
from geoplug.core.nongeo import Sample, Transforms
from geoplug.datasets._catalog import spec
from geoplug.datasets._catalog.multilabel_bigearthnet_v2 import (
    BIGEARTHNET_CLC_CODES,
    BIGEARTHNET_V2_MD5,
)
from geoplug.datasets._chipio import read_raster
from geoplug.datasets._multimodal import MultiModalChipDataset
from geoplug.datasets.bigearthnet import PATCH_PX, S1_BANDS, S2_BANDS, TO_19

__all__ = ["BigEarthNetV2", "read_metadata"]

_ZENODO = "https://zenodo.org/records/10891137/files/"
METADATA = "metadata.parquet"
FLAGGED = "metadata_for_patches_with_snow_cloud_or_shadow.parquet"
#: the folder each archive holds
FOLDERS = {"s1": "BigEarthNet-S1", "s2": "BigEarthNet-S2", "maps": "Reference_Maps"}
#: our split names -> the ``split`` values of metadata.parquet
SPLIT_VALUES = {"train": "train", "val": "validation", "test": "test"}
COLUMNS = ("patch_id", "labels", "split", "s1_name")
#: mask value of reference-map pixels whose CLC class has no 19-class counterpart
IGNORE_INDEX = 255
#: CLC 2018 code -> 19-class index (the 43-class mapping of BigEarthNet v1.0, by code)
CLC_TO_19 = {code: TO_19[i] for i, code in enumerate(BIGEARTHNET_CLC_CODES) if i in TO_19}


def read_metadata(path: Path, columns: Sequence[str] = COLUMNS) -> dict[str, list[Any]]:
    """``columns`` of a reBEN metadata table (``labels`` as lists of class names).

    Raises:
        ImportError: pyarrow is not installed.
        InvalidDataError: the file is not a Parquet table with these columns.
    """
    try:
        import pyarrow.parquet as pq
    except ImportError:
        raise ImportError(f"reading {path} needs pyarrow: pip install "
                          "'geoplug-datasets[parquet]' (or pyarrow)") from None
    try:
        return pq.read_table(path, columns=list(columns)).to_pydict()  # type: ignore[no-any-return]
    except (KeyError, ValueError, OSError) as exc:
        raise InvalidDataError(f"cannot read the columns {', '.join(columns)} of {path} "
                               f"({exc}); is it the publisher's metadata.parquet? Delete it "
                               "and download again") from exc


def extract_zst(archive: Path, dst: Path) -> None:
    """Unpack a ``.tar.zst`` into ``dst`` through a temporary plain tar beside the archive,
    so that :func:`~geoplug.core.archives.extract_archive` checks every member.

    Raises:
        ImportError: neither the ``zstandard`` package nor the ``zstd`` command is there.
        InvalidDataError: the archive is damaged or truncated.
    """
    tar = archive.with_name(f".{archive.name}.tar.partial")
    try:
        try:
            import zstandard
        except ImportError:
            tool = shutil.which("zstd")
            if tool is None:
                raise ImportError(
                    f"extracting {archive} needs the zstandard package (pip install "
                    f"zstandard) or the zstd command; or run `tar --zstd -xf {archive.name}` "
                    f"in {archive.parent} yourself") from None
            with open(tar, "wb") as out:
                done = subprocess.run([tool, "-d", "-c", "-q", str(archive)], stdout=out,
                                      stderr=subprocess.PIPE, check=False)
            if done.returncode:
                raise InvalidDataError(f"{archive} is a damaged Zstandard archive "
                                       f"({done.stderr.decode(errors='replace').strip()}); "
                                       "delete it and download again") from None
        else:
            try:
                with open(archive, "rb") as src, open(tar, "wb") as out:
                    zstandard.ZstdDecompressor().copy_stream(src, out)
            except zstandard.ZstdError as exc:
                raise InvalidDataError(f"{archive} is a damaged Zstandard archive ({exc}); "
                                       "delete it and download again") from exc
        extract_archive(tar, dst)
    finally:
        tar.unlink(missing_ok=True)


def patch_path(root: Path, folder: str, name: str, parents: int, suffix: str) -> Path:
    """``<root>/<folder>/<name less its last parents fields>/<name>/<name>_<suffix>``."""
    return root / folder / "_".join(name.split("_")[:-parents]) / name / f"{name}_{suffix}"


class BigEarthNetV2(MultiModalChipDataset, spec=spec("bigearthnet_v2")):
    """reBEN patch pairs: ``image_s1`` float32 ``[2,120,120]`` (VV, VH) and ``image_s2``
    float32 ``[12,120,120]`` (every band resampled bilinearly onto the 10 m grid), chosen with
    ``modalities`` / ``bands``.

    ``label`` int64 multi-hot ``[19]`` from the ``labels`` column, in the 19-class order of
    BigEarthNet's paper (``classes``, as the v1 loader and TorchGeo; the authors' ConfigILM
    library sorts the names alphabetically by default: map a model trained there by name);
    ``crs`` and ``bounds`` of
    the patch; with ``maps=True`` also ``mask`` int64 ``[120,120]``, the reference map's CLC
    codes as 19-class indices (:data:`IGNORE_INDEX` where a class has none). Splits ``train``,
    ``val``, ``test`` are the ``split`` column's train, validation and test.

    Citation: K. N. Clasen et al., "reBEN: Refined BigEarthNet Dataset for Remote Sensing
    Image Analysis", IGARSS 2025 (arXiv:2407.03653).
    """

    modality_bands: ClassVar[dict[str, tuple[str, ...]]] = {"s1": S1_BANDS, "s2": S2_BANDS}
    resources: ClassVar[tuple[Resource, ...]] = tuple(
        Resource(_ZENODO + name, name, md5=md5, extract=False)
        for name, md5 in BIGEARTHNET_V2_MD5.items())

    def __init__(
        self,
        root: str | os.PathLike[str] = "data",
        split: str = "train",
        bands: Sequence[str] | None = None,
        transforms: Transforms | None = None,
        download: bool = False,
        checksum: bool = False,
        modalities: Sequence[str] | None = None,
        maps: bool = False,
        snow_cloud: bool = False,
    ) -> None:
        """
        Args:
            modalities: ``s1``, ``s2`` or both (default); only their archives are needed.
            maps: also return the reference map as ``mask`` (needs Reference_Maps).
            snow_cloud: also read the patches with seasonal snow, cloud or shadow (listed in
                the second metadata table).

        Raises:
            ValueError: unknown split, band or modality.
            DatasetNotFoundError: a needed table, folder or archive is absent and
                ``download`` is False.
            ChecksumError: ``checksum`` is True and a file does not match.
            ImportError: pyarrow (or, to extract, zstandard / zstd) is missing.
            InvalidDataError: a table or archive is damaged.
        """
        self.maps = maps
        self.snow_cloud = snow_cloud
        super().__init__(root, split, bands, transforms, download, checksum, modalities)

    # -- files --------------------------------------------------------------------------------
    def _parts(self) -> tuple[str, ...]:
        """The archive folders needed: the chosen modalities', and the maps' if asked."""
        return tuple(self.modalities) + (("maps",) if self.maps else ())

    def _tables(self) -> tuple[str, ...]:
        return (METADATA, FLAGGED) if self.snow_cloud else (METADATA,)

    def _needed(self) -> list[Resource]:
        wanted = set(self._tables()) | {f"{FOLDERS[p]}.tar.zst" for p in self._parts()}
        return [r for r in self.resources if r.filename in wanted]

    def _exists(self) -> bool:
        return all((self.root / t).is_file() for t in self._tables()) and all(
            (self.root / FOLDERS[p]).is_dir() for p in self._parts())

    def _prepare(self, download: bool, checksum: bool) -> None:
        """Fetch what is missing, then unpack each archive whose folder is not there yet.

        Raises:
            DatasetNotFoundError: something needed is absent and ``download`` is False.
            InvalidDataError: a folder is still missing after extraction.
        """
        if self._exists():
            return
        missing = [r for r in self._needed() if not (self.root / r.filename).is_file()
                   and not (self.root / r.filename.removesuffix(".tar.zst")).is_dir()]
        if missing and not download:
            raise DatasetNotFoundError(self.name, self.root, (
                f"It needs {', '.join(r.filename for r in missing)} (extracted or not) from "
                f"https://zenodo.org/records/10891137: pass download=True, or run `geoplug "
                f"datasets download {self.name} --root {self.root}`, or point root at a copy."))
        for resource in self._needed():
            folder = self.root / resource.filename.removesuffix(".tar.zst")
            if resource.filename.endswith(".tar.zst") and folder.is_dir():
                continue
            fetch([resource], self.root, checksum)
            if resource.filename.endswith(".tar.zst"):
                extract_zst(self.root / resource.filename, self.root)
        if not self._exists():
            raise InvalidDataError(
                f"{self.name}: {self.root} still lacks "
                f"{', '.join(FOLDERS[p] for p in self._parts())} after extraction; the "
                "archives may be of another release — delete them and download again")

    def _load(self) -> None:
        self.patches: list[str] = []
        self.s1_names: list[str] = []
        self.labels: list[list[str]] = []
        wanted = SPLIT_VALUES[self.split]
        for table in self._tables():
            columns = read_metadata(self.root / table)
            for patch, labels, split, s1 in zip(*(columns[c] for c in COLUMNS), strict=True):
                if split == wanted:
                    self.patches.append(str(patch))
                    self.labels.append([str(name) for name in labels])
                    self.s1_names.append(str(s1))

    def _empty_reason(self) -> str:
        return (f"no row of {' or '.join(self._tables())} has split "
                f"{SPLIT_VALUES[self.split]!r}; is it the publisher's table?")

    def __len__(self) -> int:
        return len(self.patches)

    def band_file(self, index: int, band: str) -> Path:
        """The GeoTIFF of ``band`` of sample ``index``."""
        if band in S1_BANDS:
            return patch_path(self.root, FOLDERS["s1"], self.s1_names[index], 3, f"{band}.tif")
        return patch_path(self.root, FOLDERS["s2"], self.patches[index], 2, f"{band}.tif")

    # -- samples ------------------------------------------------------------------------------
    def _read_modality(self, index: int, modality: str, indices: list[int]) -> np.ndarray:
        shape = (PATCH_PX, PATCH_PX)
        layers = [read_raster(self.band_file(index, self.modality_bands[modality][i]), [0],
                              shape)[0][0].astype(np.float32) for i in indices]
        return np.stack(layers)

    def _targets(self, index: int, sample: Sample) -> Sample:
        import rasterio
        import torch

        from geoplug.core.bbox import BoundingBox

        target = torch.zeros(len(self.classes), dtype=torch.int64)
        for name in self.labels[index]:
            if name not in self.classes:
                raise InvalidDataError(f"{self.name}: unknown class {name!r} for patch "
                                       f"{self.patches[index]} in {METADATA}")
            target[self.classes.index(name)] = 1
        out: Sample = {"label": target}
        # the patch's place, from a 10 m band of the first chosen modality
        reference = self.band_file(index, "B02" if "s2" in self.modalities else "VV")
        try:
            with rasterio.open(reference) as src:
                left, bottom, right, top = src.bounds
                out.update(crs=src.crs, bounds=BoundingBox(left, right, bottom, top))
        except rasterio.errors.RasterioIOError as exc:
            raise InvalidDataError(f"{self.name}: cannot read {reference}: {exc}") from exc
        if self.maps:
            out["mask"] = torch.from_numpy(self._mask(index))
        return out

    def _mask(self, index: int) -> np.ndarray:
        path = patch_path(self.root, FOLDERS["maps"], self.patches[index], 2,
                          "reference_map.tif")
        codes = read_raster(path, [0])[0][0].astype(np.int64)
        lookup = np.full(max(BIGEARTHNET_CLC_CODES) + 1, IGNORE_INDEX, dtype=np.int64)
        for code, position in CLC_TO_19.items():
            lookup[code] = position
        known = (codes >= 0) & (codes < lookup.size)
        return np.where(known, lookup[np.clip(codes, 0, lookup.size - 1)], IGNORE_INDEX)
