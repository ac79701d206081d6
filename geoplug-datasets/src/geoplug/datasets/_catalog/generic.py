"""Specs of the generic geospatial layers (plain data: imported when listing)."""

from __future__ import annotations

from typing import Any

_USGS_LANDSAT = "https://www.usgs.gov/landsat-missions/landsat-collection-2"
_LANDSAT_CITATION = (
    "@article{crawford2023landsat,\n"
    "  title={The 50-year Landsat collection 2 archive},\n"
    "  author={Crawford, Christopher J. and Roy, David P. and Arab, Saeed and Barnes, "
    "Christopher and Vermote, Eric and Hulley, Glynn and others},\n"
    "  journal={Science of Remote Sensing},\n  volume={8},\n  pages={100103},\n"
    "  year={2023},\n  doi={10.1016/j.srs.2023.100103}\n}"
)
_TM = ["SR_B1", "SR_B2", "SR_B3", "SR_B4", "SR_B5", "SR_B7", "ST_B6"]
_OLI = ["SR_B1", "SR_B2", "SR_B3", "SR_B4", "SR_B5", "SR_B6", "SR_B7", "ST_B10"]
_S2 = ["B01", "B02", "B03", "B04", "B05", "B06", "B07", "B08", "B8A", "B09", "B10", "B11",
       "B12"]
_CHESAPEAKE_CITATION = (
    "@inproceedings{robinson2019large,\n"
    "  title={Large Scale High-Resolution Land Cover Mapping With Multi-Resolution Data},\n"
    "  author={Robinson, Caleb and Hou, Le and Malkin, Kolya and Soobitsky, Rachel and "
    "Czawlytko, Jacob and Dilkina, Bistra and Jojic, Nebojsa},\n"
    "  booktitle={Proceedings of the IEEE/CVF Conference on Computer Vision and Pattern "
    "Recognition (CVPR)},\n  pages={12726--12735},\n  year={2019},\n"
    "  doi={10.1109/CVPR.2019.01301}\n}"
)


def _landsat(name: str, cls: str, sensor: str, bands: list[str], rgb: list[str],
             years: str) -> dict[str, Any]:
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
        "description": f"{sensor} ({years}) Collection 2 Level-1 (B*) and Level-2 (SR_B*, "
                       "ST_B*) products, one GeoTIFF per band, UTM, 30 m.",
    }


SPECS: list[dict[str, Any]] = [
    _landsat("landsat4", "Landsat4", "Landsat 4 TM", _TM, ["SR_B3", "SR_B2", "SR_B1"],
             "1982-1993"),
    _landsat("landsat5", "Landsat5", "Landsat 5 TM", _TM, ["SR_B3", "SR_B2", "SR_B1"],
             "1984-2013"),
    _landsat("landsat7", "Landsat7", "Landsat 7 ETM+", _TM, ["SR_B3", "SR_B2", "SR_B1"],
             "1999-2024"),
    _landsat("landsat8", "Landsat8", "Landsat 8 OLI/TIRS", _OLI, ["SR_B4", "SR_B3", "SR_B2"],
             "2013-"),
    _landsat("landsat9", "Landsat9", "Landsat 9 OLI-2/TIRS-2", _OLI,
             ["SR_B4", "SR_B3", "SR_B2"], "2021-"),
    {
        "name": "sentinel2",
        "target": "geoplug.datasets.sentinel:Sentinel2",
        "task": "generic",
        "kind": "geo",
        "sensors": ["Sentinel-2"],
        "bands": _S2,
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
        "description": "Level-1C and Level-2A SAFE granules (JPEG 2000 per band at 10/20/60 m), "
                       "resampled to one grid.",
    },
    {
        "name": "sentinel1",
        "target": "geoplug.datasets.sentinel:Sentinel1",
        "task": "generic",
        "kind": "geo",
        "sensors": ["Sentinel-1"],
        "bands": ["VV", "VH", "HH", "HV"],
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
        "num_classes": 134,
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
        "num_classes": 14,
        "classes": ["No data", "Water", "Emergent Wetlands", "Tree Canopy", "Scrub/Shrub",
                    "Low Vegetation", "Barren", "Structures", "Impervious Surfaces",
                    "Impervious Roads", "Tree Canopy over Structures",
                    "Tree Canopy over Impervious Surfaces",
                    "Tree Canopy over Impervious Roads", "Aberdeen Proving Ground"],
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
        "bands": ["naip-new", "naip-old", "landsat-leaf-on", "landsat-leaf-off"],
        "num_classes": 7,
        "classes": ["No data", "Water", "Tree Canopy / Forest", "Low Vegetation / Field",
                    "Barren Land", "Impervious (other)", "Impervious (road)"],
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
