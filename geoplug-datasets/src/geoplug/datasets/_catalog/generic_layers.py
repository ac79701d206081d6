"""Specs of the global raster layers of issue 19 (plain data: imported when listing).

Land cover maps, elevation models and biomass maps that users compose with imagery by ``&``
and ``|``. Class tables and colours that the loaders need are named constants here.
"""

from __future__ import annotations

from typing import Any

#: Esri 2020 land cover codes (value v is ESRI2020_CLASSES[v]); 0 is no data
ESRI2020_CLASSES = (
    "No Data", "Water", "Trees", "Grass", "Flooded Vegetation", "Crops", "Scrub/Shrub",
    "Built Area", "Bare Ground", "Snow/Ice", "Clouds",
)
#: Esri's legend colours (RGB) per code
ESRI2020_COLORS: dict[int, tuple[int, int, int]] = {
    0: (0, 0, 0), 1: (65, 155, 223), 2: (57, 125, 73), 3: (136, 176, 83),
    4: (122, 135, 198), 5: (228, 150, 53), 6: (223, 194, 125), 7: (196, 40, 27),
    8: (165, 155, 143), 9: (168, 235, 255), 10: (97, 97, 97),
}

#: NLCD Level II codes and names (MRLC legend); 0 is background / no data
NLCD_CLASSES: dict[int, str] = {
    0: "Background", 11: "Open Water", 12: "Perennial Ice/Snow",
    21: "Developed, Open Space", 22: "Developed, Low Intensity",
    23: "Developed, Medium Intensity", 24: "Developed, High Intensity",
    31: "Barren Land (Rock/Sand/Clay)", 41: "Deciduous Forest", 42: "Evergreen Forest",
    43: "Mixed Forest", 52: "Shrub/Scrub", 71: "Grassland/Herbaceous", 81: "Pasture/Hay",
    82: "Cultivated Crops", 90: "Woody Wetlands", 95: "Emergent Herbaceous Wetlands",
}
#: the official NLCD colour table (RGBA) per code
NLCD_COLORS: dict[int, tuple[int, int, int, int]] = {
    0: (0, 0, 0, 0), 11: (70, 107, 159, 255), 12: (209, 222, 248, 255),
    21: (222, 197, 197, 255), 22: (217, 146, 130, 255), 23: (235, 0, 0, 255),
    24: (171, 0, 0, 255), 31: (179, 172, 159, 255), 41: (104, 171, 95, 255),
    42: (28, 95, 44, 255), 43: (181, 197, 143, 255), 52: (204, 184, 121, 255),
    71: (223, 223, 194, 255), 81: (220, 217, 57, 255), 82: (171, 108, 40, 255),
    90: (184, 217, 235, 255), 95: (108, 159, 184, 255),
}
#: GlobBiomass measurements, each with its standard-error file
GLOBBIOMASS_BANDS = ("agb", "agb_err", "gsv", "gsv_err")
#: CMS Global Mangrove Canopy products
CMS_MANGROVE_PRODUCTS = ("agb", "hba95", "hmax95")
#: the cloud-mask benchmarks' classes (mask codes 0, 64, 128, 192, 255 in this order)
CLOUD_MASK_CLASSES = ("Fill", "Cloud Shadow", "Clear", "Thin Cloud", "Cloud")
#: Landsat 7 Irish band files (USGS Level-1G names: band 1 is B10, thermal gains B61/B62)
L7_IRISH_BANDS = ("B10", "B20", "B30", "B40", "B50", "B61", "B62", "B70", "B80")
#: Landsat 8 Biome band files (B8 panchromatic 15 m)
L8_BIOME_BANDS = ("B1", "B2", "B3", "B4", "B5", "B6", "B7", "B8", "B9", "B10", "B11")
#: AgriFieldNet crop codes (raster_labels.tif) and names, in ordinal order
AGRIFIELDNET_CODES: dict[int, str] = {
    0: "No Data", 1: "Wheat", 2: "Mustard", 3: "Lentil", 4: "No Crop/Fallow", 5: "Green pea",
    6: "Sugarcane", 8: "Garlic", 9: "Maize", 13: "Gram", 14: "Coriander", 15: "Potato",
    16: "Bersem", 36: "Rice",
}
#: Sentinel-2 bands of the AgriFieldNet chips (all resampled to 10 m; no B10)
AGRIFIELDNET_BANDS = ("B01", "B02", "B03", "B04", "B05", "B06", "B07", "B08", "B8A", "B09",
                      "B11", "B12")
#: South Africa Crop Type classes (label codes 0-9)
SOUTH_AFRICA_CROP_CLASSES = (
    "No Data", "Lucerne/Medics", "Planted pastures (perennial)", "Fallow", "Wine grapes",
    "Weeds", "Small grain grazing", "Wheat", "Canola", "Rooibos",
)
#: its Sentinel-1 and Sentinel-2 band files (S2 with the cloud mask CLM)
SOUTH_AFRICA_S1_BANDS = ("VH", "VV")
SOUTH_AFRICA_S2_BANDS = (*AGRIFIELDNET_BANDS, "CLM")
#: EnviroAtlas high-resolution land cover (raw codes 0, 10, 20, 30, 40, 52, 70, 80, 82, 91,
#: 92 mapped to 0-10)
ENVIROATLAS_CLASSES = (
    "Unclassified", "Water", "Impervious Surface", "Soil and Barren", "Trees and Forest",
    "Shrubs", "Grass and Herbaceous", "Agriculture", "Orchards", "Woody Wetlands",
    "Emergent Wetlands",
)
#: EnviroAtlas layers stacked into ``image`` (the spec's "bands"), in the publisher's order
ENVIROATLAS_IMAGE_LAYERS = ("naip", "roads", "water", "waterways", "waterbodies", "buildings",
                            "prior", "prior_no_osm_no_buildings")
#: EnMAP HSI bands (their nominal wavelengths are in geoplug.core.sensors, sensor "EnMAP HSI")
ENMAP_BANDS = tuple(f"B{i}" for i in range(1, 225))
#: PRISMA hyperspectral cube layers as stored in the L2D HDF5 (VNIR_Cube then SWIR_Cube, in
#: the file's order; each product lists its own centre wavelengths, List_Cw_Vnir/Swir)
PRISMA_BANDS = (*(f"VNIR_{i}" for i in range(1, 67)), *(f"SWIR_{i}" for i in range(1, 174)))
_CCA_CITATION = (
    "@article{foga2017cloud,\n  title={Cloud detection algorithm comparison and validation for "
    "operational Landsat data products},\n  author={Foga, Steve and Scaramuzza, Pat L. and Guo, "
    "Song and Zhu, Zhe and Dilley, Ronald D. and Beckmann, Tim and Schmidt, Gail L. and Dwyer, "
    "John L. and Hughes, M. Joseph and Laue, Brady},\n  journal={Remote Sensing of "
    "Environment},\n  volume={194},\n  pages={379--390},\n  year={2017},\n"
    "  doi={10.1016/j.rse.2017.03.026}\n}")


def _spec(name: str, module: str, cls: str, task: str, **facts: Any) -> dict[str, Any]:
    return {"name": name, "target": f"geoplug.datasets.{module}:{cls}", "task": task,
            "kind": "geo", **facts}


SPECS: list[dict[str, Any]] = [
    _spec(
        "esri2020", "esri2020", "Esri2020", "segmentation",
        sensors=["Sentinel-2"], classes=ESRI2020_CLASSES, num_classes=len(ESRI2020_CLASSES),
        ignore_index=0,  # no data (and outside the tiles)
        resolution=10.0, license="CC-BY-4.0",
        homepage="https://www.arcgis.com/home/item.html?id=fc92d38533d440078f17678ebc20e8e2",
        citation=(
            "@inproceedings{karra2021global,\n  title={Global land use/land cover with "
            "Sentinel 2 and deep learning},\n  author={Karra, Krishna and Kontgis, Caitlin and "
            "Statman-Weil, Zoe and Mazzariello, Joseph C. and Mathis, Mark and Brumby, Steven "
            "P.},\n  booktitle={IGARSS 2021},\n  pages={4704--4707},\n  year={2021},\n"
            "  doi={10.1109/IGARSS47720.2021.9553499}\n}"),
        download_size="about 15 GB (io-lulc-model-001-v01-composite-v03-supercell-v02-clip-v01"
                      ".zip)",
        description="Global 10 m land use/land cover for 2020 from Sentinel-2 (Impact "
                    "Observatory for Esri): one uint8 GeoTIFF per UTM zone and latitude band "
                    "(e.g. 47P_20200101-20210101.tif), 10 classes plus no data (0)."),
    _spec(
        "eudem", "eudem", "EUDEM", "generic",
        sensors=["DEM"], bands=["elevation"], resolution=25.0,
        license="Copernicus Land Monitoring Service data policy (free and open)",
        homepage="https://land.copernicus.eu/imagery-in-situ/eu-dem/eu-dem-v1.1",
        citation="European Union, Copernicus Land Monitoring Service 2016, European "
                 "Environment Agency (EEA): EU-DEM v1.1.",
        download_size="about 45 GB (27 zipped 1000 km tiles; Copernicus Land login)",
        description="European digital surface model v1.1 (SRTM and ASTER GDEM fusion), "
                    "float32 metres, ETRS89-LAEA (EPSG:3035), 25 m, 1000 x 1000 km tiles "
                    "eu_dem_v11_E<xx>N<yy>.TIF."),
    _spec(
        "nlcd", "nlcd", "NLCD", "segmentation",
        sensors=["Landsat"], classes=tuple(NLCD_CLASSES.values()),
        num_classes=len(NLCD_CLASSES), resolution=30.0, license="Public domain (USGS)",
        homepage="https://www.mrlc.gov/data",
        citation=(
            "@article{dewitz2021national,\n  title={National Land Cover Database (NLCD) 2019 "
            "Products},\n  author={Dewitz, Jon and {U.S. Geological Survey}},\n"
            "  journal={U.S. Geological Survey data release},\n  year={2021},\n"
            "  doi={10.5066/P9KZCM54}\n}"),
        download_size="about 1-2 GB per year (zip)",
        description="Land cover of the conterminous US (CONUS Albers, 30 m): the releases for "
                    "2001-2021 (nlcd_<year>_land_cover_l48_<date>.img/.tif) and Annual NLCD "
                    "(Annual_NLCD_LndCov_<year>_CU_C1V<n>.tif); codes 11-95 mapped to 0..16."),
    _spec(
        "globbiomass", "globbiomass", "GlobBiomass", "regression",
        sensors=["ALOS PALSAR", "Envisat ASAR", "Landsat"], bands=GLOBBIOMASS_BANDS,
        resolution=100.0, license="CC-BY-4.0", homepage="https://doi.org/10.1594/PANGAEA.894711",
        citation=(
            "@misc{santoro2018globbiomass,\n  title={GlobBiomass - global datasets of forest "
            "biomass},\n  author={Santoro, Maurizio},\n  publisher={PANGAEA},\n  year={2018},\n"
            "  doi={10.1594/PANGAEA.894711}\n}"),
        download_size="about 80 GB (zips per 40 x 40 degree tile and measurement)",
        description="Forest above-ground biomass (agb, Mg/ha) and growing stock volume (gsv, "
                    "m3/ha) for 2010 with their standard errors (<tile>_agb.tif, "
                    "<tile>_agb_err.tif), WGS 84, about 100 m."),
    _spec(
        "aster_gdem", "aster_gdem", "AsterGDEM", "generic",
        sensors=["ASTER"], bands=["dem", "num"], resolution=30.0,
        license="NASA/METI ASTER GDEM: free of charge, attribution requested",
        homepage="https://lpdaac.usgs.gov/products/astgtmv003/",
        citation="NASA/METI/AIST/Japan Spacesystems and U.S./Japan ASTER Science Team (2019). "
                 "ASTER Global Digital Elevation Model V003. NASA EOSDIS Land Processes DAAC. "
                 "doi:10.5067/ASTER/ASTGTM.003",
        download_size="about 25 MB per 1 x 1 degree tile (Earthdata login)",
        description="Global 1 arc-second DEM v3: per 1 x 1 degree tile ASTGTMV003_<tile>_dem.tif "
                    "(int16 metres) and ASTGTMV003_<tile>_num.tif (scenes per pixel), WGS 84."),
    _spec(
        "cms_mangrove_canopy", "cms_mangrove_canopy", "CMSGlobalMangroveCanopy", "regression",
        sensors=["SRTM", "ICESat GLAS"], bands=CMS_MANGROVE_PRODUCTS, resolution=30.0,
        license="NASA EOSDIS data policy (free, open; cite the dataset)",
        homepage="https://daac.ornl.gov/cgi-bin/dsviewer.pl?ds_id=1665",
        citation=(
            "@misc{simard2019cms,\n  title={CMS: Global Mangrove Distribution, Aboveground "
            "Biomass, and Canopy Height},\n  author={Simard, M. and Fatoyinbo, T. and Smetanka, C. "
            "and Rivera-Monroy, V. H. and Castaneda-Moya, E. and Thomas, N. and Van der Stocken, "
            "T.},\n  publisher={ORNL DAAC},\n  year={2019},\n  doi={10.3334/ORNLDAAC/1665}\n}"),
        download_size="about 1 GB (CMS_Global_Map_Mangrove_Canopy_1665.zip, Earthdata login)",
        description="Mangrove above-ground biomass (agb, Mg/ha), basal-area weighted height "
                    "(hba95, m) and maximum canopy height (hmax95, m) for 2000, one GeoTIFF "
                    "per product and country (Mangrove_<product>_<Country>.tif), WGS 84, 1 "
                    "arc-second."),
    _spec(
        "agb_live_woody_density", "agb_live_woody_density", "AbovegroundLiveWoodyBiomassDensity",
        "regression", sensors=["Landsat", "ICESat GLAS"], resolution=30.0, license="CC-BY-4.0",
        homepage="https://data.globalforestwatch.org/datasets/gfw::aboveground-live-woody-"
                 "biomass-density/about",
        citation="Woods Hole Research Center (2019). Aboveground Live Woody Biomass Density, "
                 "Global Forest Watch, https://data.globalforestwatch.org/",
        download_size="about 100 GB (280 tiles of 10 x 10 degrees)",
        description="Aboveground live woody biomass density for 2000 (Mg/ha), float32, WGS 84, "
                    "0.00025 degree; 10 x 10 degree tiles named by their upper-left corner "
                    "(00N_010E.tif), listed with their URLs in an ArcGIS GeoJSON index."),
    _spec(
        "south_america_soybean", "south_america_soybean", "SouthAmericaSoybean",
        "segmentation", sensors=["Landsat"], classes=["other", "soybean"], num_classes=2,
        resolution=30.0, license="CC-BY-4.0",
        homepage="https://glad.umd.edu/projects/commodity-crop-mapping-and-monitoring-south-"
                 "america",
        citation=(
            "@article{song2021massive,\n  title={Massive soybean expansion in South America "
            "since 2000 and implications for conservation},\n  author={Song, Xiao-Peng and "
            "Hansen, Matthew C. and Potapov, Peter and others},\n  journal={Nature "
            "Sustainability},\n  volume={4},\n  pages={784--792},\n  year={2021},\n"
            "  doi={10.1038/s41893-021-00729-z}\n}"),
        download_size="about 0.5 GB per year (SouthAmerica_Soybean_<year>.tif)",
        description="Annual 30 m soybean maps of South America, 2001-2021 (1 soybean, 0 "
                    "other), uint8, WGS 84, one GeoTIFF per year."),
    _spec(
        "l7_irish", "l7_irish", "L7Irish", "segmentation",
        sensors=["Landsat 7 ETM+"], bands=L7_IRISH_BANDS, rgb_bands=("B30", "B20", "B10"),
        classes=CLOUD_MASK_CLASSES, num_classes=len(CLOUD_MASK_CLASSES), resolution=30.0,
        license="Public domain (USGS)",
        homepage="https://www.usgs.gov/landsat-missions/landsat-7-cloud-cover-assessment-"
                 "validation-data",
        citation=_CCA_CITATION,
        download_size="about 30 GB (206 scenes, tar.gz per scene from USGS; download=True "
                      "fetches the nine <zone>.tar.gz of TorchGeo's Hugging Face mirror)",
        description="Landsat 7 ETM+ Level-1G scenes (2000-2001) in 9 latitude zones with "
                    "manual cloud masks: per scene folder p<path>_r<row>/ the band files "
                    "L7[12]<path><row>_<row><date>_B<nn>.TIF and L7_p<path>_r<row>_newmask2015"
                    ".TIF; image and mask are two layers intersected."),
    _spec(
        "l8_biome", "l8_biome", "L8Biome", "segmentation",
        sensors=["Landsat 8 OLI/TIRS"], bands=L8_BIOME_BANDS, rgb_bands=("B4", "B3", "B2"),
        classes=CLOUD_MASK_CLASSES, num_classes=len(CLOUD_MASK_CLASSES), resolution=30.0,
        license="Public domain (USGS)",
        homepage="https://www.usgs.gov/landsat-missions/landsat-8-cloud-cover-assessment-"
                 "validation-data",
        citation=_CCA_CITATION,
        download_size="about 90 GB (96 scenes, tar.gz per scene from USGS; download=True "
                      "fetches the eight <biome>.tar.gz of TorchGeo's Hugging Face mirror)",
        description="96 Landsat 8 OLI/TIRS Level-1 scenes (2013-2014) in 8 biomes with manual "
                    "cloud masks: per scene folder <scene id>/ the band files <scene id>_B<n>"
                    ".TIF and <scene id>_fixedmask.img (ENVI); image and mask are two layers "
                    "intersected."),
    _spec(
        "agrifieldnet", "agrifieldnet", "AgriFieldNet", "segmentation",
        sensors=["Sentinel-2"], bands=AGRIFIELDNET_BANDS, rgb_bands=("B04", "B03", "B02"),
        classes=tuple(AGRIFIELDNET_CODES.values()), num_classes=len(AGRIFIELDNET_CODES),
        ignore_index=0,  # "No Data": every pixel outside a surveyed field
        resolution=10.0, license="CC-BY-4.0",
        homepage="https://source.coop/radiantearth/agrifieldnet-competition",
        citation=(
            "@misc{agrifieldnet2022,\n  title={AgriFieldNet Competition Dataset},\n"
            "  author={{Radiant Earth Foundation} and {IDinsight}},\n  publisher={Radiant "
            "MLHub},\n  year={2022},\n  doi={10.34911/rdnt.wu92p1}\n}"),
        download_size="about 4 GB (1217 chips of 256 x 256 px)",
        description="Sentinel-2 composites of crop fields in India (Uttar Pradesh, Rajasthan, "
                    "Odisha, Bihar), 12 bands at 10 m in 256 px chips "
                    "(source/ref_agrifieldnet_competition_v1_source_<id>/..._<id>_B01_10m.tif "
                    "..., or MLHub's ..._source_<id>/B01.tif), with ground-surveyed crop types "
                    "of the train fields (train_labels/..._labels_train_<id>.tif, or MLHub's "
                    "raster_labels.tif)."),
    _spec(
        "south_africa_crop_type", "south_africa_crop_type", "SouthAfricaCropType",
        "segmentation", sensors=["Sentinel-1", "Sentinel-2"],
        bands=SOUTH_AFRICA_S1_BANDS + SOUTH_AFRICA_S2_BANDS, rgb_bands=("B04", "B03", "B02"),
        classes=SOUTH_AFRICA_CROP_CLASSES, num_classes=len(SOUTH_AFRICA_CROP_CLASSES),
        ignore_index=0,  # no data: every pixel outside a surveyed field
        resolution=10.0, license="CC-BY-4.0",
        homepage="https://source.coop/radiantearth/south-africa-crops-competition",
        citation=(
            "@misc{westerncape2021crop,\n  title={Crop Type Classification Dataset for Western "
            "Cape, South Africa},\n  author={{Western Cape Department of Agriculture} and "
            "{Radiant Earth Foundation}},\n  publisher={Radiant MLHub},\n  year={2021},\n"
            "  doi={10.34911/rdnt.j0co8q}\n}"),
        download_size="about 90 GB",
        description="Sentinel-1 (VH, VV) and Sentinel-2 (12 bands and cloud mask) time series "
                    "of fields in the Western Cape, April-November 2017, 10 m "
                    "(<split>/imagery/<s1|s2>/<field>/<date>/<field>_<date>_<band>_10m.tif), "
                    "with crop types per field (<split>/labels/<field>.tif)."),
    _spec(
        "enviroatlas", "enviroatlas", "EnviroAtlas", "segmentation",
        sensors=["NAIP aerial"], bands=ENVIROATLAS_IMAGE_LAYERS,
        classes=ENVIROATLAS_CLASSES, num_classes=len(ENVIROATLAS_CLASSES),
        ignore_index=0,  # unclassified (NLCD's 0 too: no code)
        splits=["train", "val", "test", "val5"], resolution=1.0, license="CC-BY-4.0",
        homepage="https://doi.org/10.5281/zenodo.5778192",
        citation=(
            "@inproceedings{rolf2022resolving,\n  title={Resolving label uncertainty with "
            "implicit posterior models},\n  author={Rolf, Esther and Malkin, Nikolay and "
            "Graikos, Alexandros and Jojic, Ana and Robinson, Caleb and Jojic, Nebojsa},\n"
            "  booktitle={Uncertainty in Artificial Intelligence (UAI)},\n  year={2022}\n}"),
        download_size="about 1.4 GB (enviroatlas_lotp.zip)",
        description="1 m tiles of Pittsburgh, Durham, Austin and Phoenix, several layers per "
                    "tile (<tile>_a_naip.tif, _b_nlcd, _c_roads, _d_water, _d1_waterways, "
                    "_d2_waterbodies, _e_buildings, _h_highres_labels, land cover priors); "
                    "EPA EnviroAtlas high-resolution land cover as labels."),
    _spec(
        "enmap", "enmap", "EnMAP", "generic",
        sensors=["EnMAP HSI"], bands=ENMAP_BANDS, rgb_bands=("B48", "B30", "B16"),
        resolution=30.0, license="EnMAP data license (free for scientific use, DLR)",
        homepage="https://www.enmap.org/data_access/",
        citation=(
            "@article{chabrillat2024enmap,\n  title={The EnMAP spaceborne imaging spectroscopy "
            "mission: Initial scientific results two years after launch},\n  author="
            "{Chabrillat, Sabine and Foerster, Saskia and Segl, Karl and others},\n"
            "  journal={Remote Sensing of Environment},\n  volume={315},\n  pages={114379},\n"
            "  year={2024},\n  doi={10.1016/j.rse.2024.114379}\n}"),
        download_size="about 1-2 GB per 30 x 30 km tile",
        description="EnMAP hyperspectral imager, 224 bands from 418 to 2445 nm (VNIR B1-B91, "
                    "SWIR B92-B224), 30 m; Level-1C and Level-2A products "
                    "(ENMAP01-____L2A-DT..._Z-SPECTRAL_IMAGE.TIF with METADATA.XML), gains and "
                    "offsets applied per band."),
    _spec(
        "prisma", "prisma", "PRISMA", "generic",
        sensors=["PRISMA HYC"], bands=PRISMA_BANDS, resolution=30.0,
        license="ASI PRISMA data policy (free for registered users, non-commercial)",
        homepage="https://prisma.asi.it/",
        citation=(
            "@inproceedings{candela2016prisma,\n  title={The PRISMA mission},\n  author="
            "{Candela, L. and Formaro, R. and Guarini, R. and Loizzo, R. and Longo, F. and "
            "Varacalli, G.},\n  booktitle={IGARSS 2016},\n  pages={253--256},\n"
            "  year={2016},\n  doi={10.1109/IGARSS.2016.7729057}\n}"),
        download_size="about 1 GB per 30 x 30 km scene (HDF5)",
        description="PRISMA hyperspectral camera, Level-2D (geocoded surface reflectance): "
                    "PRS_L2D_STD_<start>_<stop>_<version>.he5 with a 66-band VNIR and a "
                    "173-band SWIR cube (400-2505 nm, per-product wavelengths), 30 m UTM."),
]
