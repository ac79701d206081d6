"""EnMAP: the German hyperspectral satellite's orthorectified products (Level-1C, Level-2A).

DLR delivers each 30 x 30 km tile as a product folder whose files share the product name
``ENMAP<nn>-____<level>-DT<datatake>_<start>Z_<tile>_V<version>_<processed>Z``:
``-SPECTRAL_IMAGE.TIF`` (all 224 bands, int16, UTM, 30 m; ``-SPECTRAL_IMAGE_COG.tiff`` in
cloud-optimised deliveries; or ENVI ``.BSQ``/``.BIL``/``.BIP`` with ``.HDR`` when ordered so),
``-METADATA.XML`` (per band under
``specific/bandCharacterisation/bandID``: ``wavelengthCenterOfBand``, ``FWHMOfBand``,
``GainOfBand``, ``OffsetOfBand``), quality layers and quicklooks. Level-1B is in sensor
geometry and is not read.

Samples: ``image`` float32 ``[C, H, W]`` of the bands asked for (``B1``-``B224``, VNIR then
SWIR), read from each product in one windowed call; when every product has its metadata
(or ``scale=True``) each band is ``DN * gain + offset`` (Level-2A: surface reflectance).
Nominal band wavelengths are the sensor table's (``geoplug.core.sensors``, ``EnMAP HSI``);
:attr:`EnMAP.wavelengths` gives the first product's own.
"""

from __future__ import annotations

import os
import re
import warnings
import xml.etree.ElementTree as ET
from collections.abc import Sequence
from typing import Any, ClassVar

import numpy as np

from geoplug.core.errors import InvalidDataError
from geoplug.core.raster import RasterDataset
from geoplug.datasets._catalog import spec
from geoplug.datasets._layers import init_raster

__all__ = ["EnMAP", "read_band_metadata"]

_SUFFIX = re.compile(r"-SPECTRAL_IMAGE(?:_COG)?\.(?:TIF|tif|TIFF|tiff|BSQ|BIL|BIP)$")


def read_band_metadata(xml_path: str) -> dict[str, np.ndarray]:
    """Per-band ``wavelength``, ``fwhm`` (nm), ``gain`` and ``offset`` of a METADATA.XML,
    in band-number order.

    Raises:
        InvalidDataError: the file cannot be parsed or lists no band.
    """
    try:
        root = ET.parse(xml_path).getroot()
    except (OSError, ET.ParseError) as err:
        raise InvalidDataError(f"cannot read the EnMAP metadata {xml_path!r}: {err}") from err
    rows = []
    for band in root.findall("specific/bandCharacterisation/bandID"):
        rows.append((int(band.get("number", "0")),
                     *(float(band.findtext(tag, "nan")) for tag in (
                         "wavelengthCenterOfBand", "FWHMOfBand", "GainOfBand",
                         "OffsetOfBand"))))
    if not rows:
        raise InvalidDataError(f"{xml_path!r} lists no specific/bandCharacterisation/bandID")
    table = np.array(sorted(rows), dtype=np.float64)
    return {"wavelength": table[:, 1], "fwhm": table[:, 2], "gain": table[:, 3],
            "offset": table[:, 4]}


class EnMAP(RasterDataset, spec=spec("enmap")):
    """EnMAP Level-1C / Level-2A spectral images (``image`` float32 ``[C, H, W]``).

    Args:
        paths: folders holding the products (searched recursively), files or URLs.
        crs, res, transforms: see :class:`~geoplug.core.raster.RasterDataset` (default: the
            first product's UTM zone, 30 m).
        bands: band names ``B1``-``B224`` in the order wanted (default all).
        scale: apply each band's gain and offset from ``-METADATA.XML`` (the products read
            must share them); ``False`` (or ``keep_dtype``) keeps the int16 numbers; ``None``
            (default) scales when every product has its metadata, else keeps the numbers
            with a warning (deliveries of the image alone).
        **kwargs: ``merge``, ``keep_dtype``, ``resampling``, ``cache``, ``use_overviews``,
            ``defer_resampling`` (only with ``scale=False`` or ``keep_dtype``).

    Raises:
        DatasetNotFoundError: no spectral image under ``paths``.
        InvalidDataError: with ``scale=True``, a product lacks its metadata; when scaling,
            products disagree on the gains.
        ValueError: unknown band names; ``defer_resampling`` with ``scale``.
    """

    filename_glob: ClassVar[str] = "ENMAP*-SPECTRAL_IMAGE*"
    filename_regex: ClassVar[str] = r"""
        ^ENMAP(?P<satellite>\d{2})-_{4}(?P<level>L1C|L2A)
        -(?P<datatake>DT\d{10})_(?P<date>\d{8}T\d{6})Z_(?P<tile>\d{3})
        _(?P<version>V\d{6})_(?P<processed>\d{8}T\d{6})Z
        -SPECTRAL_IMAGE(?:_COG)?\.(?:TIF|tif|TIFF|tiff|BSQ|BIL|BIP)$
    """
    files_wanted: ClassVar[str] = ("EnMAP spectral images (ENMAP01-____L2A-DT..._Z-"
                                   "SPECTRAL_IMAGE.TIF)")
    date_format: ClassVar[str] = "%Y%m%dT%H%M%S"

    def __init__(self, paths: Any = "data", crs: Any = None,
                 res: float | tuple[float, float] | None = None,
                 bands: Sequence[str] | None = None, transforms: Any = None, *,
                 scale: bool | None = None, **kwargs: Any) -> None:
        if scale is not False and kwargs.get("defer_resampling") and not kwargs.get("keep_dtype"):
            raise ValueError("defer_resampling cannot apply the gains: pass scale=False (or "
                             "keep_dtype=True) with defer_resampling=True")
        init_raster(
            self, paths, crs, res, bands, transforms, **kwargs,
            hint="Expected EnMAP Level-1C or Level-2A product folders. Order the tiles from "
                 "the EnMAP data portal (https://www.enmap.org/data_access/) and put them "
                 "there.")
        if scale is None:
            missing = [p for p in self.files if not os.path.exists(_SUFFIX.sub(
                "-METADATA.XML", p))]
            scale = not missing
            if missing:
                warnings.warn(f"{len(missing)} EnMAP product(s) have no -METADATA.XML beside "
                              f"the image (e.g. {os.path.basename(missing[0])!r}): reading "
                              "the raw numbers without gains", UserWarning, stacklevel=2)
        self.scale = scale
        self._metadata: dict[str, np.ndarray] | None = None
        if scale:
            picks = [self.all_bands.index(b) for b in self.bands]
            tables = [read_band_metadata(self._xml(p)) for p in self.files]
            gains = {tuple(t["gain"][picks]) + tuple(t["offset"][picks]) for t in tables}
            if len(gains) > 1:
                raise InvalidDataError("the EnMAP products under paths have different gains or "
                                       "offsets; load them as separate datasets, or pass "
                                       "scale=False")
            self._metadata = tables[0]
            self.band_scale = tables[0]["gain"][picks].astype(np.float32)
            self.band_offset = tables[0]["offset"][picks].astype(np.float32)

    @staticmethod
    def _xml(path: str) -> str:
        """The ``-METADATA.XML`` beside a spectral image.

        Raises:
            InvalidDataError: it is missing.
        """
        xml = _SUFFIX.sub("-METADATA.XML", path)
        if not os.path.exists(xml):
            raise InvalidDataError(f"{path!r} has no {os.path.basename(xml)!r} beside it, "
                                   "which holds the band gains; pass scale=False to read the "
                                   "raw numbers")
        return xml

    @property
    def wavelengths(self) -> list[float]:
        """Centre wavelengths (nm) of :attr:`bands`: the first product's when its metadata
        was read, else the sensor table's nominal values."""
        if self._metadata is not None:
            return [float(self._metadata["wavelength"][self.all_bands.index(b)])
                    for b in self.bands]
        from geoplug.core.sensors import wavelengths

        return wavelengths(list(self.bands), "EnMAP HSI")

    def plot(self, sample: dict[str, Any], show_titles: bool = True,
             suptitle: str | None = None) -> Any:
        """True colour (B48, B30, B16) when read, else the first band; returns the Figure."""
        from geoplug.core.plot import plot_sample

        rgb = [self.bands.index(b) for b in self.rgb_bands if b in self.bands]
        return plot_sample({"image": sample["image"]}, rgb_indices=rgb if len(rgb) == 3 else (),
                           show_titles=show_titles, suptitle=suptitle)
