"""The installed datasets' and weights' bands against the sensor table (geoplug.core.sensors).

Run by the datasets session (every dataset) and the models session (every weights entry), where
those plugins are installed; core's own session has none.
"""

from __future__ import annotations

from geoplug.core import registry
from geoplug.core import sensors as table
from geoplug.core.sensors import rgb_bands

# Bands of installed datasets that are no band of their sensor (masks, stacked layers), with
# the reason; every other band of a dataset or weights whose sensor the table knows must be
# one of that sensor's bands, so a typo or a new naming shows up here.
_NOT_SENSOR_BANDS: dict[str, str] = {
    "resnet50.sentinel2_all_ndvi_seco_eco": "NDVI is an index of the bands, its ninth channel",
    "benin_cashew": "CLD is the cloud probability layer shipped with the bands",
    "dl4gam_alps": "the DEM, its five derived layers, dh/dt and velocity follow its "
                   "Sentinel-2 bands",
    "copernicus_pretrain": "OLCI radiances, TROPOMI gases and the DEM sit beside its S1/S2 "
                           "bands",
    "flair_hub": "aerial RGBI, SPOT, DSM/DTM and S2's snow/cloud masks sit beside S1/S2",
    "flair_hub_toy": "aerial RGBI, SPOT, DSM/DTM and S2's snow/cloud masks sit beside S1/S2",
    "io_bench": "SR_QA_AEROSOL is the Level-2 product's aerosol QA flags beside the bands",
    "mdas": "HySpex and EeteS-simulated EnMAP bands are numbered by position (wavelengths in "
            "the release's .hdr files); the 3K camera's R/G/B/alpha and DSM sit beside S1/S2",
    "cv4a_kenya_crop_type": "CLD is the cloud probability layer shipped with the bands",
    "chesapeake_cvpr": "its bands are the dataset's layers (NAIP of two years, Landsat seasons)",
    "so2sat": "S1_B* are So2Sat's own real/imaginary parts and S2_B* prefixed Sentinel-2 bands",
    "cropharvest": "ERA5 (temperature, precipitation), SRTM (elevation, slope) and NDVI sit "
                   "beside its S1/S2 bands",
    "landslide4sense": "slope and DEM (ALOS PALSAR's elevation) follow its Sentinel-2 bands",
    "western_usa_live_fuel_moisture": "its bands are derived features (backscatter, "
                                      "reflectance, indices, terrain, soil) at four lags",
    "enviroatlas": "its bands are the dataset's layers (NAIP, roads, water, priors ...)",
    "l7_irish": "USGS names its ETM+ band files B10-B80 (band 1 is B10, B61/B62 the gains)",
    "south_africa_crop_type": "CLM is the cloud mask shipped with the Sentinel-2 bands",
    "biomassters": "Sentinel-1 bands carry their orbit (VV_asc ...), CLP is S2's cloud layer",
    "mapinwild": "ESA_WC and VIIRS are whole layers (land cover, night lights), not bands",
    "mmearth": "S1 bands carry their orbit, and DEM/canopy-height layers sit beside the bands",
    "mmflood": "DEM and hydro are the layers shipped beside the Sentinel-1 bands",
    "pastis": "VV/VH is PASTIS-R's Sentinel-1 polarisation ratio channel",
    "pastis100": "VV/VH is PASTIS-R's Sentinel-1 polarisation ratio channel (PASTIS-R subset)",
    "hrsid": "SAR is one 8-bit amplitude channel of mixed sensors and polarisations (JPEG), "
             "no single Sentinel-1 polarisation",
    "ssdd": "SAR is one 8-bit amplitude channel of mixed sensors and polarisations (JPEG), "
            "no single Sentinel-1 polarisation",
    "rsvqa_lr": "its images are 8-bit true-colour renders (R, G, B) of Sentinel-2, not MSI bands",
    "treesatai": "IR/G/B/R are the aerial CIR orthophoto's channels, VV/VH an S1 ratio",
}


def installed_entries(kind: str) -> list[tuple[str, str, tuple[str, ...], tuple[str, ...]]]:
    """``(kind, name, sensor names, bands)`` of the installed ``kind`` entries ("dataset" or
    "weights") whose sensor the table knows."""
    reg = registry.datasets if kind == "dataset" else registry.weights
    found = []
    for entry in reg.entries():
        spec = entry.spec
        names = getattr(spec, "sensors", None) or (getattr(spec, "sensor", ""),)
        if spec.name not in _NOT_SENSOR_BANDS and any(table.find_sensor(n) for n in names):
            found.append((kind, spec.name, tuple(names), tuple(spec.bands)))
    return found


def check_entry(kind: str, name: str, names: tuple[str, ...], bands: tuple[str, ...]) -> None:
    """Every band is one of the sensor's, and a dataset's RGB bands are the sensor's RGB."""
    unknown = [b for b in bands if table.find_band(b, names) is None]
    assert not unknown, f"{kind} {name}: bands {unknown} are on none of {names}"
    if kind == "dataset":
        spec = registry.datasets.info(name)
        known = [table.sensor(n) for n in names if table.find_sensor(n)]
        if spec.rgb_bands and len(known) == 1:
            try:
                true_colour = rgb_bands(known[0].name)
            except ValueError:  # no blue band (Landsat MSS): a false-colour composite
                return
            assert tuple(table.canonical_band(known[0].name, b) for b in spec.rgb_bands) == (
                true_colour)
