"""Specs of the generic geospatial layers (plain data: imported when listing)."""

from __future__ import annotations

from typing import Any

from geoplug.datasets._catalog import band_sets

_USGS_LANDSAT = "https://www.usgs.gov/landsat-missions/landsat-collection-2"
_LANDSAT_CITATION = (
    "@article{crawford2023landsat,\n"
    "  title={The 50-year Landsat collection 2 archive},\n"
    "  author={Crawford, Christopher J. and Roy, David P. and Arab, Saeed and Barnes, "
    "Christopher and Vermote, Eric and Hulley, Glynn and others},\n"
    "  journal={Science of Remote Sensing},\n  volume={8},\n  pages={100103},\n"
    "  year={2023},\n  doi={10.1016/j.srs.2023.100103}\n}"
)
# Landsat Collection 2 band files (USGS product guides): Level-2 surface reflectance (SR_B*)
# and surface temperature (ST_B*), Level-1 digital numbers (B*). ETM+ has two thermal gains
# and OLI/ETM+ a 15 m panchromatic B8. The spec lists every band a dataset reads, Level-2
# first; with bands=None it reads the reflectance bands (or Level-1 without pan).
LANDSAT_TM_SR = ("SR_B1", "SR_B2", "SR_B3", "SR_B4", "SR_B5", "SR_B7")
LANDSAT_TM_ST = ("ST_B6",)
LANDSAT_TM_L1 = ("B1", "B2", "B3", "B4", "B5", "B6", "B7")
LANDSAT_ETM_L1 = ("B1", "B2", "B3", "B4", "B5", "B6_VCID_1", "B6_VCID_2", "B7", "B8")
LANDSAT_OLI_SR = ("SR_B1", "SR_B2", "SR_B3", "SR_B4", "SR_B5", "SR_B6", "SR_B7")
LANDSAT_OLI_ST = ("ST_B10",)
LANDSAT_OLI_L1 = ("B1", "B2", "B3", "B4", "B5", "B6", "B7", "B8", "B9", "B10", "B11")
#: true-colour bands per sensor family and level
LANDSAT_TM_RGB = {"L2": ("SR_B3", "SR_B2", "SR_B1"), "L1": ("B3", "B2", "B1")}
LANDSAT_OLI_RGB = {"L2": ("SR_B4", "SR_B3", "SR_B2"), "L1": ("B4", "B3", "B2")}
LANDSAT_PAN = "B8"
#: Landsat 1-3 and 4-5 MSS Level-1 bands (the same four bandpasses, numbered apart) and their
#: false-colour composites (near infrared, red, green: MSS has no blue band)
LANDSAT_MSS13 = ("B4", "B5", "B6", "B7")
LANDSAT_MSS45 = ("B1", "B2", "B3", "B4")
LANDSAT_MSS_RGB = {"13": ("B6", "B5", "B4"), "45": ("B3", "B2", "B1")}

#: Official CDL codes and names (NASS legend); 0 is background / no data.
CDL_CLASSES: dict[int, str] = {
    0: "Background", 1: "Corn", 2: "Cotton", 3: "Rice", 4: "Sorghum", 5: "Soybeans",
    6: "Sunflower", 10: "Peanuts", 11: "Tobacco", 12: "Sweet Corn", 13: "Pop or Orn Corn",
    14: "Mint", 21: "Barley", 22: "Durum Wheat", 23: "Spring Wheat", 24: "Winter Wheat",
    25: "Other Small Grains", 26: "Dbl Crop WinWht/Soybeans", 27: "Rye", 28: "Oats",
    29: "Millet", 30: "Speltz", 31: "Canola", 32: "Flaxseed", 33: "Safflower",
    34: "Rape Seed", 35: "Mustard", 36: "Alfalfa", 37: "Other Hay/Non Alfalfa",
    38: "Camelina", 39: "Buckwheat", 41: "Sugarbeets", 42: "Dry Beans", 43: "Potatoes",
    44: "Other Crops", 45: "Sugarcane", 46: "Sweet Potatoes", 47: "Misc Vegs & Fruits",
    48: "Watermelons", 49: "Onions", 50: "Cucumbers", 51: "Chick Peas", 52: "Lentils",
    53: "Peas", 54: "Tomatoes", 55: "Caneberries", 56: "Hops", 57: "Herbs",
    58: "Clover/Wildflowers", 59: "Sod/Grass Seed", 60: "Switchgrass",
    61: "Fallow/Idle Cropland", 63: "Forest", 64: "Shrubland", 65: "Barren", 66: "Cherries",
    67: "Peaches", 68: "Apples", 69: "Grapes", 70: "Christmas Trees", 71: "Other Tree Crops",
    72: "Citrus", 74: "Pecans", 75: "Almonds", 76: "Walnuts", 77: "Pears",
    81: "Clouds/No Data", 82: "Developed", 83: "Water", 87: "Wetlands",
    88: "Nonag/Undefined", 92: "Aquaculture", 111: "Open Water", 112: "Perennial Ice/Snow",
    121: "Developed/Open Space", 122: "Developed/Low Intensity",
    123: "Developed/Med Intensity", 124: "Developed/High Intensity", 131: "Barren",
    141: "Deciduous Forest", 142: "Evergreen Forest", 143: "Mixed Forest", 152: "Shrubland",
    176: "Grassland/Pasture", 190: "Woody Wetlands", 195: "Herbaceous Wetlands",
    204: "Pistachios", 205: "Triticale", 206: "Carrots", 207: "Asparagus", 208: "Garlic",
    209: "Cantaloupes", 210: "Prunes", 211: "Olives", 212: "Oranges",
    213: "Honeydew Melons", 214: "Broccoli", 215: "Avocados", 216: "Peppers",
    217: "Pomegranates", 218: "Nectarines", 219: "Greens", 220: "Plums",
    221: "Strawberries", 222: "Squash", 223: "Apricots", 224: "Vetch",
    225: "Dbl Crop WinWht/Corn", 226: "Dbl Crop Oats/Corn", 227: "Lettuce",
    228: "Dbl Crop Triticale/Corn", 229: "Pumpkins", 230: "Dbl Crop Lettuce/Durum Wht",
    231: "Dbl Crop Lettuce/Cantaloupe", 232: "Dbl Crop Lettuce/Cotton",
    233: "Dbl Crop Lettuce/Barley", 234: "Dbl Crop Durum Wht/Sorghum",
    235: "Dbl Crop Barley/Sorghum", 236: "Dbl Crop WinWht/Sorghum",
    237: "Dbl Crop Barley/Corn", 238: "Dbl Crop WinWht/Cotton",
    239: "Dbl Crop Soybeans/Cotton", 240: "Dbl Crop Soybeans/Oats",
    241: "Dbl Crop Corn/Soybeans", 242: "Blueberries", 243: "Cabbage", 244: "Cauliflower",
    245: "Celery", 246: "Radishes", 247: "Turnips", 248: "Eggplants", 249: "Gourds",
    250: "Cranberries", 254: "Dbl Crop Barley/Soybeans",
}

#: Chesapeake Conservancy land cover codes (value v is CHESAPEAKE_CLASSES[v])
CHESAPEAKE_CLASSES = (
    "No data", "Water", "Emergent Wetlands", "Tree Canopy", "Scrub/Shrub", "Low Vegetation",
    "Barren", "Structures", "Impervious Surfaces", "Impervious Roads",
    "Tree Canopy over Structures", "Tree Canopy over Impervious Surfaces",
    "Tree Canopy over Impervious Roads", "Aberdeen Proving Ground",
)
#: CVPR 2019 tiles: image layers (the "bands"), and the lc classes after mapping 15 to 0
CHESAPEAKE_CVPR_IMAGE_LAYERS = ("naip-new", "naip-old", "landsat-leaf-on", "landsat-leaf-off")
CHESAPEAKE_CVPR_CLASSES = ("No data", "Water", "Tree Canopy / Forest",
                           "Low Vegetation / Field", "Barren Land", "Impervious (other)",
                           "Impervious (road)")

#: Sentinel-2 MSI bands and their native resolution (m); Level-2A has no B10 (cirrus)
SENTINEL2_RESOLUTION = {
    "B01": 60.0, "B02": 10.0, "B03": 10.0, "B04": 10.0, "B05": 20.0, "B06": 20.0,
    "B07": 20.0, "B08": 10.0, "B8A": 20.0, "B09": 60.0, "B10": 60.0, "B11": 20.0,
    "B12": 20.0,
}
SENTINEL2_L1C = tuple(SENTINEL2_RESOLUTION)
SENTINEL2_L2A = tuple(b for b in SENTINEL2_L1C if b != "B10")
#: Sentinel-1 polarisations: a scene is VV+VH (default) or HH+HV
SENTINEL1_POLARISATIONS = ("VV", "VH", "HH", "HV")
_CHESAPEAKE_CITATION = (
    "@inproceedings{robinson2019large,\n"
    "  title={Large Scale High-Resolution Land Cover Mapping With Multi-Resolution Data},\n"
    "  author={Robinson, Caleb and Hou, Le and Malkin, Kolya and Soobitsky, Rachel and "
    "Czawlytko, Jacob and Dilkina, Bistra and Jojic, Nebojsa},\n"
    "  booktitle={Proceedings of the IEEE/CVF Conference on Computer Vision and Pattern "
    "Recognition (CVPR)},\n  pages={12726--12735},\n  year={2019},\n"
    "  doi={10.1109/CVPR.2019.01301}\n}"
)


def _landsat(name: str, cls: str, sensor: str, bands: tuple[str, ...],
             rgb: tuple[str, ...], years: str) -> dict[str, Any]:
    return {
        "name": name,
        "target": f"geoplug.datasets.landsat:{cls}",
        "task": "generic",
        "kind": "geo",
        "sensors": [sensor],
        "bands": bands,
        "rgb_bands": rgb,
        "resolution": 30.0,
        "license": "Public domain (USGS)",
        "homepage": _USGS_LANDSAT,
        "citation": _LANDSAT_CITATION,
        "download_size": "about 1 GB per scene (EarthExplorer / M2M API, login required)",
        "description": f"{sensor} ({years}) Collection 2 Level-2 (SR_B*, ST_B*) and Level-1 "
                       "(B*) products, one GeoTIFF per band, UTM, 30 m; reads the reflectance "
                       "bands by default (thermal when asked).",
    }


def _landsat_mss(n: int, years: str) -> dict[str, Any]:
    family = "13" if n < 4 else "45"
    name = f"landsat{n}" if n < 4 else f"landsat{n}_mss"
    cls = f"Landsat{n}" if n < 4 else f"Landsat{n}MSS"
    spec = _landsat(name, cls, f"Landsat {n} MSS",
                    LANDSAT_MSS13 if n < 4 else LANDSAT_MSS45, LANDSAT_MSS_RGB[family], years)
    spec["resolution"] = 60.0
    spec["download_size"] = "about 30 MB per scene (EarthExplorer / M2M API, login required)"
    spec["description"] = (f"Landsat {n} Multispectral Scanner ({years}) Collection 2 Level-1 "
                           "products (L1TP/L1GS), four uint8 band files, UTM, 60 m; "
                           "false-colour RGB (no blue band).")
    return spec


SPECS: list[dict[str, Any]] = [
    _landsat_mss(1, "1972-1978"),
    _landsat_mss(2, "1975-1982"),
    _landsat_mss(3, "1978-1983"),
    _landsat_mss(4, "1982-1993"),
    _landsat_mss(5, "1984-2013"),
    _landsat("landsat4", "Landsat4", "Landsat 4 TM",
             LANDSAT_TM_SR + LANDSAT_TM_ST + LANDSAT_TM_L1, LANDSAT_TM_RGB["L2"], "1982-1993"),
    _landsat("landsat5", "Landsat5", "Landsat 5 TM",
             LANDSAT_TM_SR + LANDSAT_TM_ST + LANDSAT_TM_L1, LANDSAT_TM_RGB["L2"], "1984-2013"),
    _landsat("landsat7", "Landsat7", "Landsat 7 ETM+",
             LANDSAT_TM_SR + LANDSAT_TM_ST + LANDSAT_ETM_L1, LANDSAT_TM_RGB["L2"],
             "1999-2024"),
    _landsat("landsat8", "Landsat8", "Landsat 8 OLI/TIRS",
             LANDSAT_OLI_SR + LANDSAT_OLI_ST + LANDSAT_OLI_L1, LANDSAT_OLI_RGB["L2"], "2013-"),
    _landsat("landsat9", "Landsat9", "Landsat 9 OLI-2/TIRS-2",
             LANDSAT_OLI_SR + LANDSAT_OLI_ST + LANDSAT_OLI_L1, LANDSAT_OLI_RGB["L2"], "2021-"),
    {
        "name": "sentinel2",
        "target": "geoplug.datasets.sentinel:Sentinel2",
        "task": "generic",
        "kind": "geo",
        "sensors": ["Sentinel-2"],
        "bands": SENTINEL2_L1C,
        "rgb_bands": ["B04", "B03", "B02"],
        "resolution": 10.0,
        "license": "Copernicus Sentinel data terms (free, full and open)",
        "homepage": "https://sentiwiki.copernicus.eu/web/s2-products",
        "citation": (
            "@article{drusch2012sentinel,\n  title={Sentinel-2: ESA's optical high-resolution "
            "mission for GMES operational services},\n  author={Drusch, M. and Del Bello, U. "
            "and Carlier, S. and others},\n  journal={Remote Sensing of Environment},\n"
            "  volume={120},\n  pages={25--36},\n  year={2012}\n}"
        ),
        "download_size": "about 0.8-1.2 GB per 100 km granule (Copernicus Data Space)",
        "band_sets": band_sets("level", {"L1C": SENTINEL2_L1C, "L2A": SENTINEL2_L2A},
                               dict.fromkeys(("L1C", "L2A"), ("B04", "B03", "B02"))),
        "description": "Level-1C and Level-2A SAFE granules (JPEG 2000 per band at 10/20/60 m), "
                       "resampled to one grid; one level per dataset (level=).",
    },
    {
        "name": "sentinel1",
        "target": "geoplug.datasets.sentinel:Sentinel1",
        "task": "generic",
        "kind": "geo",
        "sensors": ["Sentinel-1"],
        "bands": SENTINEL1_POLARISATIONS,
        "resolution": 30.0,
        "license": "Copernicus Sentinel data terms (free, full and open)",
        "homepage": "https://hyp3-docs.asf.alaska.edu/guides/rtc_product_guide/",
        "citation": (
            "@article{torres2012gmes,\n  title={GMES Sentinel-1 mission},\n  author={Torres, "
            "Ramon and Snoeij, Paul and Geudtner, Dirk and others},\n  journal={Remote Sensing "
            "of Environment},\n  volume={120},\n  pages={9--24},\n  year={2012}\n}"
        ),
        "download_size": "about 0.5 GB per RTC scene (ASF HyP3)",
        "description": "Sentinel-1 GRD backscatter, radiometrically terrain corrected (ASF HyP3 "
                       "RTC GeoTIFFs per polarisation).",
    },
    {
        "name": "naip",
        "target": "geoplug.datasets.naip:NAIP",
        "task": "generic",
        "kind": "geo",
        "sensors": ["NAIP aerial"],
        "bands": ["R", "G", "B", "NIR"],
        "rgb_bands": ["R", "G", "B"],
        "resolution": 1.0,
        "license": "Public domain (USDA FSA)",
        "homepage": "https://naip-usdaonline.hub.arcgis.com/",
        "citation": "USDA Farm Service Agency, National Agriculture Imagery Program (NAIP), "
                    "https://www.fsa.usda.gov/programs-and-services/aerial-photography/",
        "download_size": "about 170-450 MB per quarter quad",
        "description": "4-band (RGB + NIR) 0.6-1 m aerial orthoimagery of the conterminous US, "
                       "one GeoTIFF per quarter quad.",
    },
    {
        "name": "cdl",
        "target": "geoplug.datasets.cdl:CDL",
        "task": "segmentation",
        "kind": "geo",
        "sensors": ["Landsat", "Sentinel-2", "AWiFS"],
        "num_classes": len(CDL_CLASSES),
        "resolution": 30.0,
        "license": "Public domain (USDA NASS)",
        "homepage": "https://www.nass.usda.gov/Research_and_Science/Cropland/SARS1a.php",
        "citation": (
            "@article{boryan2011monitoring,\n  title={Monitoring US agriculture: the US "
            "Department of Agriculture, National Agricultural Statistics Service, Cropland Data "
            "Layer Program},\n  author={Boryan, Claire and Yang, Zhengwei and Mueller, Rick "
            "and Craig, Mike},\n  journal={Geocarto International},\n  volume={26},\n"
            "  number={5},\n  pages={341--358},\n  year={2011}\n}"
        ),
        "download_size": "about 1.5-2 GB per year (zip)",
        "description": "Annual crop-type map of the conterminous US (EPSG:5070, 30 m), 133 "
                       "classes plus background; ordinal=True maps codes to 0..133.",
    },
    {
        "name": "chesapeake",
        "target": "geoplug.datasets.chesapeake:Chesapeake",
        "task": "segmentation",
        "kind": "geo",
        "sensors": ["NAIP aerial", "LiDAR"],
        "num_classes": len(CHESAPEAKE_CLASSES),
        "ignore_index": 0,  # "No data"
        "classes": CHESAPEAKE_CLASSES,
        "resolution": 1.0,
        "license": "CC-BY-4.0 (Chesapeake Conservancy)",
        "homepage": "https://www.chesapeakeconservancy.org/conservation-innovation-center/"
                    "high-resolution-data/land-cover-data-project/",
        "citation": "Chesapeake Bay Program, Chesapeake Conservancy and University of Vermont "
                    "Spatial Analysis Lab, One-meter Resolution Land Cover Dataset for the "
                    "Chesapeake Bay Watershed (2013/2014 and 2017/2018 editions).",
        "download_size": "about 0.1-2 GB per state",
        "description": "1 m land cover rasters of the Chesapeake Bay watershed, one per state "
                       "(DE, DC, MD, NY, PA, VA, WV).",
    },
    {
        "name": "chesapeake_cvpr",
        "target": "geoplug.datasets.chesapeake:ChesapeakeCVPR",
        "task": "segmentation",
        "kind": "geo",
        "sensors": ["NAIP aerial", "Landsat 8"],
        "bands": CHESAPEAKE_CVPR_IMAGE_LAYERS,
        "num_classes": len(CHESAPEAKE_CVPR_CLASSES),
        "classes": CHESAPEAKE_CVPR_CLASSES,
        "ignore_index": 0,  # lc's no data (15, mapped to 0); see ChesapeakeCVPR.ignore_index_for
        "splits": ["train", "val", "test"],
        "resolution": 1.0,
        "license": "CDLA-Permissive-1.0",
        "homepage": "https://lila.science/datasets/chesapeakelandcover",
        "citation": _CHESAPEAKE_CITATION,
        "download_size": "about 150 GB (cvpr_chesapeake_landcover.zip)",
        "description": "CVPR 2019 tiles in DE, MD, VA, WV, PA, NY: NAIP (two years), Landsat 8 "
                       "leaf-on/off, NLCD, high-resolution land cover and building layers.",
    },
    {
        "name": "canadian_building_footprints",
        "target": "geoplug.datasets.cbf:CanadianBuildingFootprints",
        "task": "segmentation",
        "kind": "geo",
        "sensors": ["Bing aerial"],
        "num_classes": 2,
        "classes": ["background", "building"],
        "license": "ODbL-1.0",
        "homepage": "https://github.com/microsoft/CanadianBuildingFootprints",
        "citation": "Microsoft, Canadian Building Footprints (v2, 2019), "
                    "https://github.com/microsoft/CanadianBuildingFootprints",
        "download_size": "about 2.7 GB (13 zipped GeoJSON files)",
        "description": "12.6 million computer-generated building polygons, one GeoJSON per "
                       "province or territory (WGS 84), rasterised to building masks.",
    },
]
