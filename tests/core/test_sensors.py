"""The sensor table: one set of sensor names, band aliases and wavelengths for every package."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from geoplug.core import registry
from geoplug.core import sensors as table
from geoplug.core.cli import main
from geoplug.core.errors import GeoplugError
from geoplug.core.pluginmanager import plugin_manager
from geoplug.core.plugins import hookimpl
from geoplug.core.sensors import (
    NoWavelengthError,
    UnknownBandError,
    UnknownSensorError,
    band_wavelength,
    bandwidths,
    canonical_band,
    resolve_bands,
    rgb_bands,
    sensor,
    wavelengths,
)


@pytest.mark.parametrize(("name", "expected"), [
    ("Sentinel-2", "sentinel2"), ("sentinel2", "sentinel2"), ("S2", "sentinel2"),
    ("Sentinel-2 MSI L1C", "sentinel2"), ("sentinel-2 l2a", "sentinel2"), ("S2B", "sentinel2"),
    ("Sentinel-1", "sentinel1"), ("S1", "sentinel1"), ("Sentinel-1 GRD", "sentinel1"),
    ("Landsat 4 TM", "landsat4"), ("landsat5", "landsat5"), ("LT05", "landsat5"),
    ("Landsat 7 ETM+", "landsat7"), ("Landsat 8 OLI/TIRS", "landsat8"), ("L8", "landsat8"),
    ("landsat-8 oli-tirs", "landsat8"), ("LC09", "landsat9"),
    ("Landsat 9 OLI-2/TIRS-2", "landsat9"), ("NAIP aerial", "naip"), ("NAIP", "naip"),
    ("RGB", "rgb"), ("Landsat 1 MSS", "landsat1_mss"), ("landsat3", "landsat3_mss"),
    ("LM05", "landsat5_mss"), ("Landsat 4 MSS", "landsat4_mss"), ("Landsat 4", "landsat4"),
])
def test_sensor_names_resolve_to_one_sensor(name: str, expected: str) -> None:
    assert sensor(name).name == expected


def test_unknown_sensor_is_a_key_error_listing_close_names() -> None:
    with pytest.raises(UnknownSensorError, match=r"'Sentinal-2'.*Did you mean: sentinel2\?"):
        sensor("Sentinal-2")
    with pytest.raises(KeyError, match="Known sensors: sentinel1, sentinel2, landsat4"):
        sensor("Landsat")  # the programme, not a sensor: which one is meant is unknown
    assert issubclass(UnknownSensorError, GeoplugError)
    assert table.find_sensor("Google Earth") is None


@pytest.mark.parametrize(("sensor_name", "band", "expected"), [
    ("S2", "B2", "B02"), ("sentinel2", "b02", "B02"), ("Sentinel-2", "blue", "B02"),
    ("S2", "B08A", "B8A"), ("S2", "nir", "B08"), ("S2", "nir08", "B8A"),
    ("landsat8", "SR_B4", "B4"), ("landsat8", "sr_b04", "B4"), ("landsat8", "red", "B4"),
    ("landsat8", "ST_B10", "B10"), ("landsat9", "lwir11", "B10"),
    ("landsat5", "SR_B3", "B3"), ("landsat5", "ST_B6", "B6"), ("landsat7", "B6_VCID_1",
                                                                "B6_VCID_1"),
    ("naip", "red", "R"), ("rgb", "R", "red"), ("sentinel1", "vh", "VH"),
    # MSS: one bandpass, numbered 4-7 on Landsats 1-3 and 1-4 on Landsats 4-5
    ("Landsat 2 MSS", "green", "B4"), ("Landsat 5 MSS", "green", "B1"),
    ("landsat4_mss", "nir09", "B4"), ("lm03", "red", "B5"),
])
def test_band_aliases(sensor_name: str, band: str, expected: str) -> None:
    assert canonical_band(sensor_name, band) == expected


def test_unknown_band_names_the_sensor_and_close_bands() -> None:
    with pytest.raises(UnknownBandError, match=r"Sentinel-2 MSI has no band 'B13'.*B12"):
        canonical_band("S2", "B13")
    with pytest.raises(KeyError, match=r"Landsat 8 OLI/TIRS has no band 'ST_B6'"):
        canonical_band("landsat8", "ST_B6")  # ST_B6 is the thermal band of TM and ETM+


def test_rgb_bands_per_sensor() -> None:
    assert rgb_bands("S2") == ("B04", "B03", "B02")
    assert rgb_bands("Landsat 8 OLI/TIRS") == ("B4", "B3", "B2")
    assert rgb_bands("landsat9") == ("B4", "B3", "B2")
    assert rgb_bands("landsat4") == rgb_bands("landsat5") == rgb_bands("landsat7") == (
        "B3", "B2", "B1")
    assert rgb_bands("naip") == ("R", "G", "B")
    with pytest.raises(ValueError, match="Sentinel-1 C-SAR has no red, green and blue"):
        rgb_bands("S1")
    with pytest.raises(ValueError, match="Landsat 1 MSS has no red, green and blue"):
        rgb_bands("landsat1")


def test_wavelengths_from_the_publishers() -> None:
    # ESA Sentinel-2A MSI table
    assert band_wavelength("S2", "B04") == 664.6
    assert wavelengths(["B02", "B8A", "B12"], "sentinel2") == [492.4, 864.7, 2202.4]
    assert bandwidths(["B02", "B8A", "B12"], "sentinel2") == [66.0, 21.0, 175.0]
    # USGS bandpasses: OLI red 0.64-0.67 um, TIRS band 10 10.60-11.19 um
    assert band_wavelength("landsat8", "SR_B4") == 655.0
    assert bandwidths(["SR_B4", "ST_B10"], "landsat8") == [30.0, 590.0]
    assert band_wavelength("landsat8", "ST_B10") == 10895.0
    # TM near infrared 0.76-0.90 um, ETM+ 0.77-0.90 um
    assert wavelengths(["SR_B4"], "landsat5") == [830.0]
    assert wavelengths(["SR_B4"], "landsat7") == [835.0]
    # the same band on Landsat 5 and 8 is a different colour: B1 blue vs coastal aerosol
    assert band_wavelength("landsat5", "B1") == 485.0
    assert band_wavelength("landsat8", "B1") == 440.0
    # C-band SAR: 5.405 GHz is 5.55 cm
    assert band_wavelength("S1", "VV") == pytest.approx(5.5466e7, rel=1e-4)


def test_wavelengths_of_a_multi_sensor_band_list() -> None:
    assert wavelengths(["VV", "VH", "B02", "B04"], ["Sentinel-1", "Sentinel-2 MSI L1C"]) == [
        pytest.approx(5.5466e7, rel=1e-4), pytest.approx(5.5466e7, rel=1e-4), 492.4, 664.6]
    with pytest.raises(UnknownBandError, match="Sentinel-1 C-SAR has no band 'CLD'"):
        wavelengths(["VV", "CLD"], ["Sentinel-1", "Sentinel-2"])
    with pytest.raises(UnknownSensorError, match="Google Earth"):
        wavelengths(["R"], ["Google Earth"])


def test_a_band_set_is_read_on_the_one_sensor_that_has_all_of_it() -> None:
    """Landsat 5, 7 and 8 all name SR_B1..SR_B5 and SR_B7; only OLI has SR_B6. A set of OLI
    bands listed after TM and ETM+ takes OLI's wavelengths for every band, not TM's for six
    of them and OLI's for one."""
    landsats = ["Landsat 5 TM", "Landsat 7 ETM+", "Landsat 8 OLI/TIRS"]
    oli = ["SR_B1", "SR_B2", "SR_B3", "SR_B4", "SR_B5", "SR_B6", "SR_B7"]
    assert wavelengths(oli, landsats) == [440.0, 480.0, 560.0, 655.0, 865.0, 1610.0, 2200.0]
    assert {found.name for found, _ in resolve_bands(oli, landsats)} == {"landsat8"}
    # a set all three have: the first sensor listed, as before
    assert wavelengths(["SR_B1", "SR_B4"], landsats) == [485.0, 830.0]
    assert wavelengths(["B6_VCID_1", "B8"], landsats) == [11450.0, 710.0]  # ETM+ only
    assert bandwidths(oli[:2], landsats[::-1]) == bandwidths(oli[:2], "landsat8")


def test_missing_wavelength_is_a_clear_value_error() -> None:
    with pytest.raises(NoWavelengthError, match=r"NAIP .* no wavelength for band 'R'.* by hand"):
        band_wavelength("naip", "red")
    with pytest.raises(ValueError, match="no bandwidth for band 'VV'"):
        bandwidths(["VV"], "S1")
    assert issubclass(NoWavelengthError, GeoplugError)


class Sensed:
    """Datasets and weights naming their sensors and bands as different publishers do."""

    @hookimpl
    def geoplug_datasets(self) -> list[dict[str, object]]:
        return [
            {"name": "sx_s2_chips", "target": "collections:Counter", "task": "classification",
             "sensors": ["Sentinel-2 MSI L1C"], "bands": ["B01", "B02", "B03", "B04", "B08"]},
            {"name": "sx_landsat_scenes", "target": "collections:deque", "task": "generic",
             "kind": "geo", "sensors": ["Landsat 8 OLI/TIRS"],
             "bands": ["SR_B2", "SR_B3", "SR_B4", "ST_B10"]},
            {"name": "sx_aerial", "target": "collections:deque", "task": "segmentation",
             "sensors": ["Google Earth"], "bands": ["R", "G", "B"]},
        ]

    @hookimpl
    def geoplug_weights(self) -> list[dict[str, object]]:
        return [
            {"name": "sx.s2", "url": "http://127.0.0.1/s2.pt", "model": "tiny", "in_chans": 3,
             "sensor": "sentinel2", "bands": ["B4", "B3", "B2"]},
            {"name": "sx.l8", "url": "http://127.0.0.1/l8.pt", "model": "tiny", "in_chans": 2,
             "sensor": "landsat8", "bands": ["B4", "B10"]},
        ]


@pytest.fixture
def sensed() -> Iterator[None]:
    pm = plugin_manager()
    pm.register(Sensed(), name="sensed", distribution="geoplug-sensed", version="1.0")
    yield
    pm.unregister(name="sensed")


@pytest.mark.parametrize("word", ["S2", "sentinel2", "Sentinel-2", "Sentinel-2 MSI L1C", "s2a"])
def test_filters_accept_any_sensor_alias(sensed: None, word: str) -> None:
    assert registry.datasets.names("sx_*", sensors=word) == ["sx_s2_chips"]
    assert registry.weights.names("sx.*", sensor=word) == ["sx.s2"]


def test_filters_resolve_band_aliases(sensed: None) -> None:
    assert registry.datasets.names("sx_*", bands=["B2", "B8"]) == ["sx_s2_chips"]
    # "blue" is each sensor's own blue band: Sentinel-2 B02, Landsat 8 SR_B2
    assert registry.datasets.names("sx_*", bands=["blue"]) == ["sx_landsat_scenes",
                                                               "sx_s2_chips"]
    assert registry.datasets.names("sx_*", bands=["coastal"]) == ["sx_s2_chips"]  # B01
    # Landsat Level-2 and Level-1 names of one band find each other, on both registries
    assert registry.datasets.names("sx_*", sensors="L8", bands=["B4", "B10"]) == [
        "sx_landsat_scenes"]
    assert registry.weights.names("sx.*", bands=["SR_B4", "ST_B10"]) == ["sx.l8"]
    assert registry.weights.names("sx.*", bands=["B04", "B02"]) == ["sx.s2"]
    assert registry.weights.names("sx.*", bands=["B11"]) == []
    # a sensor the table does not know: names compare as written, case and padding aside
    assert registry.datasets.names("sx_*", sensors="google earth", bands=["r"]) == ["sx_aerial"]


def test_sensor_wildcards(sensed: None) -> None:
    assert registry.datasets.names("sx_*", sensors="landsat*") == ["sx_landsat_scenes"]
    assert registry.datasets.names("sx_*", sensors="sentinel-2 msi*") == ["sx_s2_chips"]
    assert registry.weights.names("sx.*", sensor="landsat*") == ["sx.l8"]


@pytest.mark.parametrize("word", ["S2", "Sentinel-2", "sentinel2", "Sentinel-2 MSI L1C"])
def test_cli_datasets_and_weights_take_the_same_sensor_words(
    sensed: None, capsys: pytest.CaptureFixture[str], word: str
) -> None:
    assert main(["datasets", "sx_*", "--sensor", word]) == 0
    out = capsys.readouterr().out
    assert "sx_s2_chips" in out and "sx_landsat" not in out and "sx_aerial" not in out
    assert main(["weights", "sx.*", "--sensor", word]) == 0
    out = capsys.readouterr().out
    assert "sx.s2" in out and "sx.l8" not in out
    # the plural spelling works on both as well
    assert main(["weights", "sx.*", "--sensors", word]) == 0
    assert "sx.s2" in capsys.readouterr().out
    assert main(["datasets", "sx_*", "--sensors", word]) == 0
    assert "sx_s2_chips" in capsys.readouterr().out


def test_cli_band_aliases(sensed: None, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["datasets", "sx_*", "--sensor", "L8", "--bands", "B4", "ST_B10"]) == 0
    assert "sx_landsat_scenes" in capsys.readouterr().out
    assert main(["weights", "sx.*", "--bands", "SR_B4"]) == 0
    out = capsys.readouterr().out
    assert "sx.l8" in out and "sx.s2" not in out


def test_hls_products_number_their_bands_differently() -> None:
    # S30's B05-B07 are the MSI red edge and L30's B10-B11 thermal; both products' names
    # resolved to one HLS sensor whose B05-B07 and B11 were NIR and SWIR
    from geoplug.core.bandmatch import match_bands
    from geoplug.core.sensors import band_wavelength, find_sensor

    assert find_sensor("HLSS30").name == "hlss30" and find_sensor("HLSL30").name == "hlsl30"
    assert 700 < band_wavelength("HLSS30", "B05") < 710  # red edge 1
    assert 860 < band_wavelength("HLSS30", "B8A") < 870  # NIR narrow
    assert 860 < band_wavelength("HLSL30", "B05") < 870  # OLI NIR
    assert 11_000 < band_wavelength("HLSL30", "B11") < 13_000  # TIRS 2
    prithvi = ["BLUE", "GREEN", "RED", "NIR_NARROW", "SWIR_1", "SWIR_2"]
    assert match_bands(prithvi, ["B02", "B05", "B8A", "B11", "B12"], src_sensor="hls",
                       dst_sensor="hlss30") == [0, None, 3, 4, 5]
    assert match_bands(prithvi, ["B04", "B05", "B06", "B07", "B10"], src_sensor="hls",
                       dst_sensor="hlsl30") == [2, 3, 4, 5, None]
    with pytest.raises(Exception, match="B05"):  # ambiguous across the products: unknown
        band_wavelength("HLS", "B05")
