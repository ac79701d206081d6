"""EuroSAT: Sentinel-2 land use / land cover scene classification (Helber et al.).

27,000 chips of 64x64 px in 10 classes, released twice by the authors: all 13 Sentinel-2 L1C
bands as GeoTIFF (``EuroSATallBands.zip``, class folders under
``ds/images/remote_sensing/otherDatasets/sentinel_2/tif``; the Zenodo re-release
``EuroSAT_MS.zip`` uses ``EuroSAT_MS/``) and an RGB JPEG version (``EuroSAT.zip`` with
``2750/``; Zenodo: ``EuroSAT_RGB.zip`` with ``EuroSAT_RGB/``). Both are split by the lists of
Neumann et al. (2019), ``eurosat-{train,val,test}.txt`` (16,200 / 5,400 / 5,400 chips), which
name ``.jpg`` files; the GeoTIFF release is matched on the file stem.

The GeoTIFF band order is B01 ... B12 then B8A (13th), as the files store it (see
phelber/EuroSAT#7), not the wavelength order of the paper's table.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any, ClassVar

import numpy as np

from geoplug.core.chipfiles import read_chip
from geoplug.core.download import Resource
from geoplug.core.nongeo import NonGeoClassificationDataset
from geoplug.datasets._catalog import spec
from geoplug.datasets._scene import split_list_resources

__all__ = ["EuroSAT", "EuroSATRGB"]

_HF = "https://hf.co/datasets/torchgeo/eurosat/resolve/"
_SPLITS_REV = "1ce6f1bfb56db63fd91b6ecc466ea67f2509774c"
_SPLIT_MD5 = {
    "train": "908f142e73d6acdf3f482c5e80d851b1",
    "val": "95de90f2aa998f70a3b2416bfe0687b4",
    "test": "7ae5ab94471417b6e315763121e67c5f",
}
_SPLIT_RESOURCES = split_list_resources(f"{_HF}{_SPLITS_REV}/", "eurosat-{split}.txt", _SPLIT_MD5)


class EuroSAT(NonGeoClassificationDataset, spec=spec("eurosat")):
    """EuroSAT multispectral: 13-band Sentinel-2 L1C GeoTIFF chips (uint16 as float32).

    Samples carry ``image`` ``[C, 64, 64]``, ``label`` (index into :attr:`classes`), and the
    chip's georeference: ``crs`` (a rasterio CRS) and ``bounds`` (a
    :class:`~geoplug.core.bbox.BoundingBox` in that CRS); a plain ``DataLoader`` batches them
    as lists.
    """

    extensions = (".tif", ".tiff")
    image_dirs = (
        "ds/images/remote_sensing/otherDatasets/sentinel_2/tif",  # EuroSATallBands.zip
        "EuroSAT_MS",  # Zenodo 7711810 EuroSAT_MS.zip
        ".",  # class folders unpacked directly into root
    )
    split_lists: ClassVar[dict[str, str]] = {s: f"eurosat-{s}.txt" for s in _SPLIT_MD5}
    resources = (
        Resource(url=f"{_HF}{_SPLITS_REV}/EuroSATallBands.zip", filename="EuroSATallBands.zip",
                 md5="5ac12b3b2557aa56e1826e981e8e200e"),
        *_SPLIT_RESOURCES,
    )

    def _read(self, path: Path) -> tuple[np.ndarray, dict[str, Any]]:
        return read_chip(path, self.band_indices)


class EuroSATRGB(NonGeoClassificationDataset, spec=spec("eurosat_rgb")):
    """EuroSAT RGB: the authors' JPEG release (B04, B03, B02 rendered to 8 bit), float32."""

    extensions = (".jpg", ".jpeg")
    image_dirs = (
        "2750",  # EuroSAT.zip
        "EuroSAT_RGB",  # Zenodo 7711810 EuroSAT_RGB.zip
        ".",
    )
    split_lists: ClassVar[dict[str, str]] = {s: f"eurosat-{s}.txt" for s in _SPLIT_MD5}
    resources = (
        Resource(url=f"{_HF}c877bcd43f099cd0196738f714544e355477f3fd/EuroSAT.zip",
                 filename="EuroSAT.zip", md5="c8fa014336c82ac7804f0398fcb19387"),
        *_SPLIT_RESOURCES,
    )
