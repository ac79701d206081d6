"""Sensors and their bands: the one table that datasets, weights and models share.

Publishers, data hosts and papers name the same sensor and the same band in many ways:
``Sentinel-2``, ``sentinel2``, ``S2`` and ``Sentinel-2 MSI L1C`` are one sensor; ``B02``,
``B2`` and ``blue`` are one Sentinel-2 band; Landsat Level-2 ``SR_B4`` is band 4 of the same
sensor as Level-1 ``B4``, and ``ST_B10`` is its thermal band 10. Every comparison of sensor or
band names in geoplug (registry filters, fitting pre-trained kernels to a dataset's bands, the
wavelengths an any-sensor model reads) goes through this module, so they cannot drift apart.

Facts come from the publishers: centre wavelengths and bandwidths of Sentinel-2 from ESA's
MSI spectral table (Sentinel-2A values; 2B and 2C differ by a few nm), of Landsat from the USGS
band designations (centre and width of the published bandpass), the Sentinel-1 C-band centre
frequency (5.405 GHz) from ESA. ``common_name`` follows the STAC ``eo`` extension. Wavelengths
and bandwidths are in **nanometres**; ``None`` where the publisher gives none (NAIP's cameras
vary by state and year; generic RGB is no instrument).

Plain data and the standard library only: imported when registries are listed.
"""

from __future__ import annotations

import difflib
import fnmatch
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, replace

from geoplug.core.errors import GeoplugError

__all__ = [
    "SENSORS",
    "Band",
    "NoWavelengthError",
    "Sensor",
    "UnknownBandError",
    "UnknownSensorError",
    "band_key",
    "band_wavelength",
    "bandwidths",
    "canonical_band",
    "find_band",
    "find_sensor",
    "has_bands",
    "matches_sensors",
    "normalise_band",
    "resolve_bands",
    "rgb_bands",
    "sensor",
    "sensor_key",
    "wavelengths",
]

_COLOURS = ("red", "green", "blue")


class UnknownSensorError(GeoplugError, KeyError):
    """No sensor of the table has this name; the message lists the closest ones."""

    def __init__(self, name: str, close: Sequence[str] = ()) -> None:
        self.name = name
        self.close = list(close)
        hint = f" Did you mean: {', '.join(self.close)}?" if self.close else ""
        super().__init__(
            f"unknown sensor {name!r}.{hint} Known sensors: "
            f"{', '.join(s.name for s in SENSORS)} (any of their aliases works too)."
        )

    def __str__(self) -> str:  # KeyError would otherwise repr() the message
        return str(self.args[0])


class UnknownBandError(GeoplugError, KeyError):
    """The sensor has no band of this name; the message lists the closest ones."""

    def __init__(self, sensor_name: str, band: str, close: Sequence[str] = (),
                 bands: Sequence[str] = ()) -> None:
        self.sensor = sensor_name
        self.band = band
        self.close = list(close)
        hint = f" Did you mean: {', '.join(self.close)}?" if self.close else ""
        super().__init__(
            f"{sensor_name} has no band {band!r}.{hint} Its bands: {', '.join(bands)}."
        )

    def __str__(self) -> str:
        return str(self.args[0])


class NoWavelengthError(GeoplugError, ValueError):
    """The band exists but its publisher gives no wavelength: pass wavelengths by hand."""


@dataclass(frozen=True)
class Band:
    """One spectral band (or polarisation) of a sensor."""

    name: str
    """canonical name, as the publisher names the band in its files"""
    wavelength: float | None = None
    """centre wavelength, nm"""
    bandwidth: float | None = None
    """width of the bandpass, nm"""
    common_name: str | None = None
    """STAC ``eo:common_name`` (``red``, ``nir08``, ``swir16``...)"""
    resolution: float | None = None
    """native ground sample distance, m"""
    aliases: tuple[str, ...] = ()
    """other names of this band (Level-2 prefixes, data hosts' asset keys)"""


@dataclass(frozen=True)
class Sensor:
    """A sensor, its names and its bands."""

    name: str
    """canonical identifier, e.g. ``sentinel2``"""
    title: str
    """what people call it, e.g. ``Sentinel-2 MSI``"""
    bands: tuple[Band, ...]
    aliases: tuple[str, ...] = ()
    family: str = ""
    """sensors of one family name their bands alike with the same meaning (Landsat 4, 5
    and 7 share the TM band numbers; Landsat 8 and 9 the OLI/TIRS ones)"""
    _index: dict[str, Band] = field(default_factory=dict, init=False, repr=False,
                                    compare=False, hash=False)

    def __post_init__(self) -> None:
        for band in self.bands:
            for alias in (band.name, *band.aliases):
                self._index.setdefault(normalise_band(alias), band)

    @property
    def band_names(self) -> tuple[str, ...]:
        """Canonical names of the bands, in the table's order."""
        return tuple(b.name for b in self.bands)

    def find_band(self, name: str) -> Band | None:
        """The band called ``name`` (any alias, any case or zero padding), or ``None``."""
        return self._index.get(normalise_band(name))

    def band(self, name: str) -> Band:
        """The band called ``name`` (any alias).

        Raises:
            UnknownBandError: the sensor has no such band (a ``KeyError``).
        """
        found = self.find_band(name)
        if found is None:
            close = difflib.get_close_matches(name.upper(), self.band_names, n=3)
            raise UnknownBandError(self.title, name, close, self.band_names)
        return found


def normalise_band(name: str) -> str:
    """Spell a band name the one way comparisons use: upper case, no zero padding.

    ``B02`` -> ``B2``, ``sr_b04`` -> ``SR_B4``, ``B8A`` stays; ``-`` and spaces become ``_``.
    """
    text = re.sub(r"[\s\-]+", "_", name.strip().upper())
    return re.sub(r"(?<=[A-Z_])0+(?=\d)", "", text)


def _um(lo: float, hi: float) -> tuple[float, float]:
    """Centre and width in nm of a bandpass published in micrometres."""
    return round((lo + hi) * 500, 1), round((hi - lo) * 1000, 1)


def _tm_bands(*, etm: bool) -> tuple[Band, ...]:
    """Landsat 4-5 TM and 7 ETM+ (USGS band designations); ETM+ adds B8 and two B6 gains."""
    nir = (0.77, 0.90) if etm else (0.76, 0.90)
    bands = [
        Band("B1", *_um(0.45, 0.52), "blue", 30.0, ("SR_B1", "blue")),
        Band("B2", *_um(0.52, 0.60), "green", 30.0, ("SR_B2", "green")),
        Band("B3", *_um(0.63, 0.69), "red", 30.0, ("SR_B3", "red")),
        Band("B4", *_um(*nir), "nir08", 30.0, ("SR_B4", "nir08", "nir")),
        Band("B5", *_um(1.55, 1.75), "swir16", 30.0, ("SR_B5", "swir16")),
        Band("B6", *_um(10.40, 12.50), "lwir", 60.0 if etm else 120.0, ("ST_B6", "lwir")),
        Band("B7", *_um(2.08, 2.35), "swir22", 30.0, ("SR_B7", "swir22")),
    ]
    if etm:
        bands += [
            Band("B6_VCID_1", *_um(10.40, 12.50), "lwir", 60.0, ("B6_VCID1",)),
            Band("B6_VCID_2", *_um(10.40, 12.50), "lwir", 60.0, ("B6_VCID2",)),
            Band("B8", *_um(0.52, 0.90), "pan", 15.0, ("pan",)),
        ]
    return tuple(bands)


def _mss_bands(first: int) -> tuple[Band, ...]:
    """Landsat 1-5 MSS: the same four bandpasses, numbered 4-7 on Landsats 1-3 and 1-4 on
    Landsats 4-5 (USGS); Collection 2 delivers them at 60 m from the 79 m instrument."""
    passes = ((0.5, 0.6, "green"), (0.6, 0.7, "red"), (0.7, 0.8, "nir08"), (0.8, 1.1, "nir09"))
    return tuple(Band(f"B{first + i}", *_um(lo, hi), common, 79.0, (common,))
                 for i, (lo, hi, common) in enumerate(passes))


_OLI_TIRS = (
    Band("B1", *_um(0.43, 0.45), "coastal", 30.0, ("SR_B1", "coastal")),
    Band("B2", *_um(0.45, 0.51), "blue", 30.0, ("SR_B2", "blue")),
    Band("B3", *_um(0.53, 0.59), "green", 30.0, ("SR_B3", "green")),
    Band("B4", *_um(0.64, 0.67), "red", 30.0, ("SR_B4", "red")),
    Band("B5", *_um(0.85, 0.88), "nir08", 30.0, ("SR_B5", "nir08", "nir")),
    Band("B6", *_um(1.57, 1.65), "swir16", 30.0, ("SR_B6", "swir16")),
    Band("B7", *_um(2.11, 2.29), "swir22", 30.0, ("SR_B7", "swir22")),
    Band("B8", *_um(0.50, 0.68), "pan", 15.0, ("pan",)),
    Band("B9", *_um(1.36, 1.38), "cirrus", 30.0, ("cirrus",)),
    Band("B10", *_um(10.60, 11.19), "lwir11", 100.0, ("ST_B10", "lwir11", "lwir")),
    Band("B11", *_um(11.50, 12.51), "lwir12", 100.0, ("lwir12",)),
)

# ESA, Sentinel-2 MSI spectral bands (Sentinel-2A): centre (nm), bandwidth (nm), GSD (m)
_MSI = (
    Band("B01", 442.7, 21.0, "coastal", 60.0, ("coastal",)),
    Band("B02", 492.4, 66.0, "blue", 10.0, ("blue",)),
    Band("B03", 559.8, 36.0, "green", 10.0, ("green",)),
    Band("B04", 664.6, 31.0, "red", 10.0, ("red",)),
    Band("B05", 704.1, 15.0, "rededge", 20.0, ("rededge1",)),
    Band("B06", 740.5, 15.0, "rededge", 20.0, ("rededge2",)),
    Band("B07", 782.8, 20.0, "rededge", 20.0, ("rededge3",)),
    Band("B08", 832.8, 106.0, "nir", 10.0, ("nir",)),
    Band("B8A", 864.7, 21.0, "nir08", 20.0, ("nir08",)),
    Band("B09", 945.1, 20.0, "nir09", 60.0, ("nir09",)),
    Band("B10", 1373.5, 31.0, "cirrus", 60.0, ("cirrus",)),
    Band("B11", 1613.7, 91.0, "swir16", 20.0, ("swir16",)),
    Band("B12", 2202.4, 175.0, "swir22", 20.0, ("swir22",)),
)

# DLR, EnMAP HSI spectral bands (nominal centres, nm; the VNIR (B1-B91) and SWIR (B92-B224)
# detectors overlap near 900-1000 nm; each product's METADATA.XML gives its exact values)
_ENMAP_CENTRES = (
    418.4, 424.0, 429.5, 434.7, 439.8, 444.7, 449.5, 454.3, 459.0, 463.7,
    468.4, 473.1, 477.7, 482.4, 487.1, 491.8, 496.5, 501.2, 506.0, 510.8,
    515.7, 520.6, 525.5, 530.4, 535.4, 540.5, 545.6, 550.7, 555.9, 561.1,
    566.4, 571.8, 577.2, 582.6, 588.2, 593.8, 599.4, 605.2, 611.0, 616.9,
    622.9, 629.0, 635.1, 641.3, 647.5, 653.8, 660.2, 666.6, 673.1, 679.7,
    686.3, 693.0, 699.8, 706.6, 713.5, 720.5, 727.5, 734.7, 741.8, 749.1,
    756.4, 763.7, 771.1, 778.6, 786.1, 793.6, 801.2, 808.9, 816.6, 824.4,
    832.1, 840.0, 847.8, 855.8, 863.7, 871.7, 879.7, 887.7, 895.8, 903.9,
    912.0, 920.1, 928.2, 936.3, 944.5, 952.6, 960.7, 968.9, 977.0, 985.2,
    993.3, 902.0, 911.6, 921.3, 931.2, 941.2, 951.4, 961.6, 972.0, 982.5,
    993.1, 1003.9, 1014.7, 1025.7, 1036.7, 1047.8, 1059.1, 1070.4, 1081.8, 1093.3,
    1104.8, 1116.4, 1128.1, 1139.8, 1151.6, 1163.4, 1175.3, 1187.2, 1199.1, 1211.0,
    1223.0, 1235.0, 1246.9, 1258.9, 1270.9, 1282.9, 1294.9, 1306.9, 1318.9, 1330.9,
    1342.8, 1354.8, 1366.7, 1378.6, 1390.5, 1461.1, 1472.7, 1484.3, 1495.9, 1507.4,
    1518.9, 1530.3, 1541.7, 1553.0, 1564.3, 1575.5, 1586.8, 1597.9, 1609.0, 1620.1,
    1631.1, 1642.1, 1653.0, 1663.9, 1674.7, 1685.5, 1696.2, 1706.9, 1717.5, 1728.1,
    1738.6, 1749.1, 1759.5, 1939.1, 1948.7, 1958.2, 1967.7, 1977.1, 1986.5, 1995.8,
    2005.1, 2014.3, 2023.5, 2032.7, 2041.8, 2050.9, 2060.0, 2069.0, 2077.9, 2086.9,
    2095.7, 2104.6, 2113.4, 2122.2, 2130.9, 2139.6, 2148.3, 2156.9, 2165.5, 2174.0,
    2182.5, 2191.0, 2199.5, 2207.9, 2216.2, 2224.6, 2232.9, 2241.2, 2249.4, 2257.6,
    2265.8, 2273.9, 2282.0, 2290.1, 2298.2, 2306.2, 2314.2, 2322.1, 2330.1, 2337.9,
    2345.8, 2353.6, 2361.4, 2369.2, 2376.9, 2384.7, 2392.3, 2400.0, 2407.6, 2415.2,
    2422.8, 2430.3, 2437.8, 2445.3,
)
#: the bands nearest red (667 nm), green (561 nm) and blue (492 nm): EnMAP's true colour
_ENMAP_RGB = {48: "red", 30: "green", 16: "blue"}
_ENMAP = tuple(Band(f"B{i}", c, common_name=_ENMAP_RGB.get(i), resolution=30.0)
               for i, c in enumerate(_ENMAP_CENTRES, 1))

_C_BAND = round(299_792_458 / 5.405e9 * 1e9, -1)  # ESA: C-SAR centre frequency 5.405 GHz

SENSORS: tuple[Sensor, ...] = (
    Sensor("sentinel1", "Sentinel-1 C-SAR",
           tuple(Band(p, _C_BAND) for p in ("VV", "VH", "HH", "HV")),
           ("s1", "s1a", "s1b", "s1c", "sentinel1a", "sentinel1b", "sentinel1c"), "sentinel1"),
    Sensor("sentinel2", "Sentinel-2 MSI", _MSI,
           ("s2", "s2a", "s2b", "s2c", "sentinel2a", "sentinel2b", "sentinel2c"), "sentinel2"),
    Sensor("landsat4", "Landsat 4 TM", _tm_bands(etm=False), ("l4", "lt04", "lt4"),
           "landsat_tm"),
    Sensor("landsat5", "Landsat 5 TM", _tm_bands(etm=False), ("l5", "lt05", "lt5"),
           "landsat_tm"),
    Sensor("landsat7", "Landsat 7 ETM+", _tm_bands(etm=True), ("l7", "le07", "le7"),
           "landsat_tm"),
    Sensor("landsat8", "Landsat 8 OLI/TIRS", _OLI_TIRS, ("l8", "lc08", "lc8", "lo08"),
           "landsat_oli"),
    Sensor("landsat9", "Landsat 9 OLI-2/TIRS-2", _OLI_TIRS, ("l9", "lc09", "lc9", "lo09"),
           "landsat_oli"),
    *(Sensor(f"landsat{n}_mss", f"Landsat {n} MSS", _mss_bands(4 if n < 4 else 1),
             (f"lm0{n}", f"lm{n}", *(() if n > 3 else (f"landsat{n}",))),
             "landsat_mss13" if n < 4 else "landsat_mss45") for n in range(1, 6)),
    # NASA HLS v2: Sentinel-2 MSI and Landsat 8/9 OLI surface reflectance adjusted to OLI's
    # bandpasses; the six bands common to both (what Prithvi is trained on), named as NASA's
    # HLSBands / Prithvi name them, with the S30 (MSI) file names as aliases. The products
    # number their files differently (S30 B05-B07 are red edge, L30 B05-B07 NIR and SWIR, L30
    # B10-B11 thermal), so each has its own sensor with every band: HLSS30, HLSL30
    Sensor("hls", "HLS (Harmonized Landsat Sentinel-2)", (
        Band("BLUE", *_um(0.45, 0.51), "blue", 30.0, ("blue", "B02")),
        Band("GREEN", *_um(0.53, 0.59), "green", 30.0, ("green", "B03")),
        Band("RED", *_um(0.64, 0.67), "red", 30.0, ("red", "B04")),
        Band("NIR_NARROW", *_um(0.85, 0.88), "nir08", 30.0, ("nir08", "B8A")),
        Band("SWIR_1", *_um(1.57, 1.65), "swir16", 30.0, ("swir16", "B11")),
        Band("SWIR_2", *_um(2.11, 2.29), "swir22", 30.0, ("swir22", "B12")),
    ), ("hlsv2", "harmonizedlandsatsentinel2", "harmonisedlandsatsentinel2"), "hls"),
    Sensor("hlss30", "HLS S30 (Sentinel-2 MSI, harmonized)",
           tuple(replace(b, resolution=30.0) for b in _MSI), ("hlss", "hls_s30"), "sentinel2"),
    Sensor("hlsl30", "HLS L30 (Landsat 8/9 OLI/TIRS, harmonized)",
           tuple(replace(b, name=f"B{int(b.name[1:]):02d}", resolution=30.0,
                         aliases=tuple(a for a in b.aliases if not a.startswith(("SR_", "ST_"))))
                 for b in _OLI_TIRS if b.name != "B8"), ("hlsl", "hls_l30"), "hlsl30"),
    Sensor("naip", "NAIP aerial imagery",
           (Band("R", common_name="red", aliases=("red",)),
            Band("G", common_name="green", aliases=("green",)),
            Band("B", common_name="blue", aliases=("blue",)),
            Band("NIR", common_name="nir", aliases=("N",))),
           ("nationalagricultureimageryprogram",), "naip"),
    Sensor("rgb", "RGB (any true-colour camera)",
           (Band("red", common_name="red", aliases=("R",)),
            Band("green", common_name="green", aliases=("G",)),
            Band("blue", common_name="blue", aliases=("B",))),
           ("truecolour", "truecolor"), "rgb"),
    Sensor("enmap", "EnMAP HSI", _ENMAP, ("enmaphsi",), "enmap"),
)

# words that qualify a sensor name without changing the sensor: processing levels, product
# types, instrument names after the platform ("Sentinel-2 MSI L1C", "Landsat 8 OLI/TIRS")
_QUALIFIERS = ("l1c", "l2a", "l1tp", "l2sp", "l1", "l2", "c2", "toa", "sr", "boa", "grd",
               "slc", "rtc", "msi", "csar", "sar", "oli2", "tirs2", "oli", "tirs", "etm",
               "tm", "aerial", "imagery", "orthoimagery", "camera")


def _squash(text: str) -> str:
    return re.sub(r"[^a-z0-9]", "", text.lower())


_BY_NAME: dict[str, Sensor] = {}
for _s in SENSORS:
    for _alias in (_s.name, _s.title, *_s.aliases):
        _BY_NAME.setdefault(_squash(_alias), _s)


def find_sensor(name: str) -> Sensor | None:
    """The sensor called ``name`` (any alias, case, spacing or punctuation), or ``None``.

    Trailing qualifiers that do not change the sensor are ignored: ``Sentinel-2 MSI L1C``,
    ``Landsat 8 OLI/TIRS`` and ``NAIP aerial`` resolve.
    """
    key = _squash(name)
    while key:
        if key in _BY_NAME:
            return _BY_NAME[key]
        stripped = next((key[: -len(q)] for q in _QUALIFIERS
                         if key.endswith(q) and len(key) > len(q)), None)
        if stripped is None:
            return None
        key = stripped
    return None


def sensor(name: str) -> Sensor:
    """The sensor called ``name`` (any alias: ``"S2"``, ``"Sentinel-2 MSI L1C"``...).

    Raises:
        UnknownSensorError: no sensor of the table has that name (a ``KeyError``); the
            message lists the closest names.
    """
    found = find_sensor(name)
    if found is None:
        close = difflib.get_close_matches(_squash(name), list(_BY_NAME), n=3, cutoff=0.6)
        names = list(dict.fromkeys(_BY_NAME[c].name for c in close))
        raise UnknownSensorError(name, names)
    return found


def sensor_key(name: str) -> str:
    """What two sensor names are compared by: the canonical name when the table knows the
    sensor, else the name in lower case without spaces or punctuation."""
    found = find_sensor(name)
    return found.name if found is not None else _squash(name)


def canonical_band(sensor_name: str, band: str) -> str:
    """The publisher's name of ``band`` on ``sensor_name``: ``("S2", "b2") -> "B02"``,
    ``("landsat8", "SR_B4") -> "B4"``, ``("landsat8", "red") -> "B4"``.

    Raises:
        UnknownSensorError: the sensor is not in the table.
        UnknownBandError: the sensor has no such band.
    """
    return sensor(sensor_name).band(band).name


def rgb_bands(sensor_name: str) -> tuple[str, str, str]:
    """Canonical names of the sensor's red, green and blue bands, in that order.

    Raises:
        UnknownSensorError: the sensor is not in the table.
        ValueError: the sensor has no red, green and blue bands (Sentinel-1).
    """
    found = sensor(sensor_name)
    by_colour = {b.common_name: b.name for b in found.bands if b.common_name in _COLOURS}
    if len(by_colour) != 3:
        raise ValueError(f"{found.title} has no red, green and blue bands")
    return by_colour["red"], by_colour["green"], by_colour["blue"]


def _as_list(names: str | Iterable[str]) -> list[str]:
    return [names] if isinstance(names, str) else [n for n in names if n]


def find_band(band: str, sensors: str | Iterable[str]) -> tuple[Sensor, Band] | None:
    """The first of ``sensors`` (known to the table) that has ``band``, and the band."""
    for name in _as_list(sensors):
        found = find_sensor(name)
        hit = found.find_band(band) if found is not None else None
        if found is not None and hit is not None:
            return found, hit
    return None


def band_key(band: str, sensors: str | Iterable[str] = ()) -> str:
    """What two band names of the same data are compared by: the canonical name when one of
    ``sensors`` has the band (so ``B2``/``B02``/``blue`` on Sentinel-2 and ``SR_B4``/``B4``
    on Landsat agree), else :func:`normalise_band` of the name."""
    hit = find_band(band, sensors)
    return normalise_band(hit[1].name if hit is not None else band)


def resolve_bands(bands: Sequence[str],
                  sensors: str | Iterable[str]) -> list[tuple[Sensor, Band]]:
    """Each band with the sensor it is read on: the first of ``sensors`` that has every band
    (Landsat 5, 7 and 8 all name a ``SR_B4``, at different wavelengths: a set of OLI bands
    must not borrow TM's), else, for a set no one sensor has (Sentinel-1 and -2 bands), the
    first that has the band.

    Raises:
        UnknownSensorError: none of ``sensors`` is in the table.
        UnknownBandError: a band is on none of them (named after the first known sensor).
    """
    names = _as_list(sensors)
    known = [s for s in (find_sensor(n) for n in names) if s is not None]
    if not known:
        sensor(" / ".join(names))  # raises, with close matches
    for candidate in known:
        hits = [candidate.find_band(band) for band in bands]
        if all(hit is not None for hit in hits):
            return [(candidate, hit) for hit in hits if hit is not None]
    resolved: list[tuple[Sensor, Band]] = []
    for band in bands:
        hit = find_band(band, names)
        resolved.append(hit if hit is not None else (known[0], known[0].band(band)))
    return resolved


def band_wavelength(sensor_name: str, band: str) -> float:
    """Centre wavelength (nm) of ``band`` on ``sensor_name``.

    Raises:
        UnknownSensorError, UnknownBandError: as :func:`canonical_band`.
        NoWavelengthError: the publisher gives no wavelength for it (NAIP, generic RGB).
    """
    return wavelengths([band], sensor_name)[0]


def wavelengths(bands: Sequence[str], sensors: str | Iterable[str]) -> list[float]:
    """Centre wavelengths (nm) of a dataset's ``bands``, on the sensors
    :func:`resolve_bands` picks (a dataset of Sentinel-1 and Sentinel-2 bands works).

    Raises:
        UnknownSensorError: none of ``sensors`` is in the table.
        UnknownBandError: a band is on none of them.
        NoWavelengthError: the publisher gives no wavelength for a band.
    """
    out: list[float] = []
    for found, band in resolve_bands(bands, sensors):
        if band.wavelength is None:
            raise NoWavelengthError(
                f"{found.title} publishes no wavelength for band {band.name!r}; pass the "
                "wavelengths (nm) by hand"
            )
        out.append(band.wavelength)
    return out


def bandwidths(bands: Sequence[str], sensors: str | Iterable[str]) -> list[float]:
    """Bandwidths (nm) of ``bands``, looked up as :func:`wavelengths` does.

    Raises:
        UnknownSensorError, UnknownBandError: as :func:`wavelengths`.
        NoWavelengthError: the publisher gives no bandwidth for a band (SAR, NAIP, RGB).
    """
    out: list[float] = []
    for found, band in resolve_bands(bands, sensors):
        if band.bandwidth is None:
            raise NoWavelengthError(
                f"{found.title} publishes no bandwidth for band {band.name!r}; pass the "
                "bandwidths (nm) by hand"
            )
        out.append(band.bandwidth)
    return out


def _is_pattern(text: str) -> bool:
    return any(c in text for c in "*?[")


def matches_sensors(have: str | Iterable[str], wanted: str | Iterable[str]) -> bool:
    """Whether every ``wanted`` sensor name is one of ``have`` (aliases resolved; a wanted
    name with ``*?[`` is an fnmatch pattern, tried on canonical and on literal names)."""
    own = _as_list(have)
    keys = {sensor_key(h) for h in own}
    for want in _as_list(wanted):
        if _is_pattern(want):
            pattern = want.lower()
            if not any(fnmatch.fnmatchcase(k, pattern) for k in keys | {h.lower() for h in own}):
                return False
        elif sensor_key(want) not in keys:
            return False
    return True


def has_bands(have: Iterable[str], wanted: str | Iterable[str],
              sensors: str | Iterable[str] = ()) -> bool:
    """Whether every ``wanted`` band is among ``have``, band aliases of ``sensors`` resolved
    (``B2`` finds ``B02``; ``SR_B7`` finds Level-1 ``B7`` of the same Landsat)."""
    keys = {band_key(b, sensors) for b in have}
    return all(band_key(w, sensors) in keys for w in _as_list(wanted))
