"""GlobBiomass: global forest above-ground biomass and growing stock volume for 2010.

ESA GlobBiomass (Santoro et al., PANGAEA 10.1594/PANGAEA.894711) distributes 40 x 40 degree
tiles named by their upper-left corner (``N40E020``: 40 N, 20 E), one zip per tile and
measurement, ``<tile>_<measurement>.zip``, holding the estimate ``<tile>_<measurement>.tif``
and its standard error ``<tile>_<measurement>_err.tif``: ``agb`` (above-ground biomass,
Mg/ha) or ``gsv`` (growing stock volume, m3/ha); WGS 84, 0.00088889 degree (about 100 m).
Zips found under ``paths`` are extracted in place (MD5 checked first with ``checksum=True``).

Samples are pixelwise-regression targets: ``mask`` float32 ``[H, W]`` holds the first band
read (the estimate) and each further band comes under its name (``agb_err`` ``[H, W]``).
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Any, ClassVar

from geoplug.datasets._catalog import spec
from geoplug.datasets._geodownload import extract_found
from geoplug.datasets._layers import ContinuousLayer, check_found_zips, init_raster

__all__ = ["GlobBiomass"]

_HOMEPAGE = "https://doi.pangaea.de/10.1594/PANGAEA.894711"
_ZIP = r"^[NS]\d{2}[EW]\d{3}_(?:agb|gsv)\.zip$"
_MEASUREMENTS = ("agb", "gsv")
#: MD5 of the published zips
_MD5: dict[str, str] = {
    "N00E020_agb.zip": "bd83a3a4c143885d1962bde549413be6",
    "N00E020_gsv.zip": "da5ddb88e369df2d781a0c6be008ae79",
    "N00E060_agb.zip": "85eaca95b939086cc528e396b75bd097",
    "N00E060_gsv.zip": "ec84174697c17ca4db2967374446ab30",
    "N00E100_agb.zip": "c50c7c996615c1c6f19cb383ef11812a",
    "N00E100_gsv.zip": "6e0ff834db822d3710ed40d00a200e8f",
    "N00E140_agb.zip": "73f0b44b9e137789cefb711ef9aa281b",
    "N00E140_gsv.zip": "43be3dd4563b63d12de006d240ba5edf",
    "N00W020_agb.zip": "4fb979732f0a22cc7a2ca3667698084b",
    "N00W020_gsv.zip": "ac5bbeedaa0f94a5e01c7a86751d6891",
    "N00W060_agb.zip": "59da0b32b08fbbcd2dd76926a849562b",
    "N00W060_gsv.zip": "5ca9598f621a7d10ab1d623ee5b44aa6",
    "N00W100_agb.zip": "a819b75a39e8d4d37b15745c96ea1e35",
    "N00W100_gsv.zip": "71aad3669d522f7190029ec33350831a",
    "N00W180_agb.zip": "5a1d7486d8310fbaf4980a76e9ffcd78",
    "N00W180_gsv.zip": "274be7dbb4e6d7563773cc302129a9c7",
    "N40E020_agb.zip": "38bc7170f94734b365d614a566f872e7",
    "N40E020_gsv.zip": "b52c1c777d68c331cc058a273530536e",
    "N40E060_agb.zip": "1d94ad59f3f26664fefa4d7308b63f05",
    "N40E060_gsv.zip": "3b68786b7641400077ef340a7ef748f4",
    "N40E100_agb.zip": "3ccb436047c0db416fb237435645989c",
    "N40E100_gsv.zip": "c44efe9e7ce2ae0f2e39b0db10f06c71",
    "N40E140_agb.zip": "35ea51da229af1312ba4aaafc0dbd5d6",
    "N40E140_gsv.zip": "8431828708c84263a4971a8779864f69",
    "N40W020_agb.zip": "38345a1826719301ab1a0251b4835cc2",
    "N40W020_gsv.zip": "5e136b7c2f921cd425cb5cc5669e7693",
    "N40W060_agb.zip": "e3f54df1d188c0132ecf5aef3dc54ca6",
    "N40W060_gsv.zip": "09093d78ffef0220cb459a88e61e3093",
    "N40W100_agb.zip": "cc21ce8793e5594dc7a0b45f0d0f1466",
    "N40W100_gsv.zip": "21be1398df88818d04dcce422e2010a6",
    "N40W140_agb.zip": "64665f53fad7386abb1cf4a44a1c8b1a",
    "N40W140_gsv.zip": "b59405219fc807cbe745789fbb6936a6",
    "N40W180_agb.zip": "f83ef786da8333ee739e49be108994c1",
    "N40W180_gsv.zip": "1f2eb8912b1a204eaeb2858b7e398baa",
    "N80E020_agb.zip": "7f7aed44802890672bd908e28eda6f15",
    "N80E020_gsv.zip": "6e285eec66306e56dc3a81adc0da2a27",
    "N80E060_agb.zip": "55e7031e0207888f25f27efa9a0ab8f4",
    "N80E060_gsv.zip": "8d14c7f61ad2aed527e124f9aacae30c",
    "N80E100_agb.zip": "562eafd2813ff06e47284c48324bb1c7",
    "N80E100_gsv.zip": "73067e0fac442c330ae2294996280042",
    "N80E140_agb.zip": "1b51ce0df0dba925c5ef2149bebca115",
    "N80E140_gsv.zip": "37ee3047d281fc34fa3a9e024a8317a1",
    "N80W020_agb.zip": "60dde6adc0dfa219a34c976367f571c0",
    "N80W020_gsv.zip": "b7be4e97bb4179710291ee8dee27f538",
    "N80W060_agb.zip": "db7d35d0375851c4a181c3a8fa8b480e",
    "N80W060_gsv.zip": "d36ffcf4622348382454c979baf53234",
    "N80W100_agb.zip": "c0dbf53e635dabf9a4d7d1756adeda69",
    "N80W100_gsv.zip": "abdeaf0d65da1216c326b6d0ce27d61b",
    "N80W140_agb.zip": "7719c0efd23cd86215fea0285fd0ea4a",
    "N80W140_gsv.zip": "499969bed381197ee9427a2e3f455a2e",
    "N80W180_agb.zip": "e3a163d1944e1989a07225d262a01c6f",
    "N80W180_gsv.zip": "5d39ec0368cfe63c40c66d61ae07f577",
    "S40E140_agb.zip": "263eb077a984117b41cc7cfa0c32915b",
    "S40E140_gsv.zip": "e0ffad85fbade4fb711cc5b3c7543898",
    "S40W060_agb.zip": "2cbf6858c48f36add896db660826829b",
    "S40W060_gsv.zip": "04dbfd4aca0bd2a2a7d8f563c8659252",
    "S40W100_agb.zip": "ae89f021e7d9c2afea433878f77d1dd6",
    "S40W100_gsv.zip": "b6aa3f276e1b51dade803a71df2acde6",
}


def _extracted(archive: Path) -> bool:
    return (archive.parent / (archive.name[: -len(".zip")] + ".tif")).exists()


class GlobBiomass(ContinuousLayer, spec=spec("globbiomass")):
    """GlobBiomass estimates (``mask`` float32 ``[H, W]``) and their standard errors.

    Args:
        paths: the folder holding the tiles or their zips (searched recursively), or files.
        crs, res, transforms: see :class:`~geoplug.core.raster.RasterDataset` (default WGS 84,
            about 100 m; nearest when reprojected).
        bands: the files read per tile, first the ``mask``, then extra keys (default
            ``[measurement, measurement + "_err"]``); from ``agb``, ``agb_err``, ``gsv``,
            ``gsv_err``.
        measurement: ``"agb"`` or ``"gsv"``, used when ``bands`` is ``None``.
        checksum: verify the MD5 of zips found unextracted under ``paths``.
        **kwargs: ``merge``, ``keep_dtype``, ``resampling``, ``cache``, ``use_overviews``.

    Raises:
        DatasetNotFoundError: no tile of the bands under ``paths``.
        ChecksumError: with ``checksum``, a zip does not match its MD5.
        InvalidDataError: a tile lacks one of the bands' files.
        ValueError: unknown measurement or band.
    """

    filename_glob: ClassVar[str] = "[NS]*_*.tif"
    filename_regex: ClassVar[str] = (
        r"^(?P<tile>[NS]\d{2}[EW]\d{3})_(?P<band>agb_err|gsv_err|agb|gsv)\.tif$")
    files_wanted: ClassVar[str] = "GlobBiomass tiles (e.g. N40E020_agb.tif, N40E020_agb_err.tif)"
    date_format: ClassVar[str] = "%Y"
    separate_files: ClassVar[bool] = True
    units: ClassVar[dict[str, str]] = {"agb": "Mg/ha", "agb_err": "Mg/ha", "gsv": "m3/ha",
                                       "gsv_err": "m3/ha"}
    title: ClassVar[str] = "GlobBiomass"

    def __init__(self, paths: Any = "data", crs: Any = None,
                 res: float | tuple[float, float] | None = None,
                 bands: Sequence[str] | None = None, transforms: Any = None, *,
                 measurement: str = "agb", checksum: bool = False, **kwargs: Any) -> None:
        if measurement not in _MEASUREMENTS:
            raise ValueError(f"unknown measurement {measurement!r}; choose 'agb' (biomass) or "
                             "'gsv' (growing stock volume)")
        self.measurement = measurement
        if checksum:
            check_found_zips(paths, "*_[ag][gs][bv].zip", _MD5, _extracted, _HOMEPAGE)
        paths = extract_found(paths, _ZIP, _extracted)
        init_raster(
            self, paths, crs, res, bands or (measurement, f"{measurement}_err"), transforms,
            **kwargs,
            hint=f"Expected <tile>_{measurement}.tif and <tile>_{measurement}_err.tif (or the "
                 f"<tile>_{measurement}.zip) from GlobBiomass ({_HOMEPAGE}, "
                 "https://globbiomass.org); download the tiles and put them there.")
