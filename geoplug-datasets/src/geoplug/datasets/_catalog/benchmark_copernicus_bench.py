"""Specs of the Copernicus-Bench subsets (plain data: imported when listing).

Facts from the publisher: the Hugging Face dataset ``wangyi111/Copernicus-Bench`` (one zip
per subset), the benchmark's code and table in github.com/zhu-xlab/Copernicus-FM
(``Copernicus-Bench/README.md``, ``src/datasets/cobench_*_wrapper.py``: folders, split
files, band order, label codes) and Wang et al., arXiv:2503.11849. The archive URLs pinned
to a revision and their checksums are those TorchGeo 0.7 publishes for the same files
(``torchgeo/datasets/copernicus/*.py``).
"""

from __future__ import annotations

from typing import Any

from geoplug.datasets._catalog.multilabel_regression import (
    BIGEARTHNET_CLASSES_19,
    BIGEARTHNET_S1,
    BIGEARTHNET_S2,
)

_HF = "https://hf.co/datasets/wangyi111/Copernicus-Bench/resolve"
_REV_CLOUD = "86342afa2409e49d80688fe00c05201c0f46569b"
_REV_L2 = "9d252acd3aa0e3da3128e05c6f028647f0e48e5f"
_REV_BEN = "dcd0b3a45165251e8f5944b040a3411d5e6466a5"

#: subset -> (URL of its zip, zip name, MD5 of the zip, folder the zip holds)
COPERNICUS_BENCH_ARCHIVES: dict[str, tuple[str, str, str, str]] = {
    "cloud_s2": (f"{_HF}/{_REV_CLOUD}/l1_cloud_s2/cloud_s2.zip", "cloud_s2.zip",
                 "39a1f966e76455549a3e6c209ba751c1", "cloud_s2"),
    "cloud_s3": (f"{_HF}/{_REV_CLOUD}/l1_cloud_s3/cloud_s3.zip", "cloud_s3.zip",
                 "1f82a8ccf16a0c44f0b1729e523e343a", "cloud_s3"),
    "eurosat_s1": (f"{_HF}/{_REV_L2}/l2_eurosat_s1s2/eurosat_s1.zip", "eurosat_s1.zip",
                   "e7e7f8fc68fc55a7a689cb654912ff3f", "eurosat_s1"),
    "eurosat_s2": (f"{_HF}/{_REV_L2}/l2_eurosat_s1s2/eurosat_s2.zip", "eurosat_s2.zip",
                   "b2be02ca9767554c717f2e9bd15bbd23", "eurosat_s2"),
    "bigearthnet": (f"{_HF}/{_REV_BEN}/l2_bigearthnet_s1s2/bigearthnetv2.zip",
                    "bigearthnetv2.zip", "269355db0449e0da7213c95f30c346d4",
                    "bigearthnet_s1s2"),
    "lc100": (f"{_HF}/{_REV_L2}/l2_lc100_s3/lc100_s3.zip", "lc100_s3.zip",
              "967d1da6286e0d0e346e425a8f3800e9", "lc100_s3"),
    "flood_s1": (f"{_HF}/{_REV_L2}/l3_flood_s1/flood_s1.zip", "flood_s1.zip",
                 "f4337fee5e90203c6d0c3efeb0b97b8a", "flood_s1"),
    "biomass": (f"{_HF}/{_REV_L2}/l3_biomass_s3/biomass_s3.zip", "biomass_s3.zip",
                "4769ab8c2c23cd8957b99e15e071931c", "biomass_s3"),
    "airquality": (f"{_HF}/{_REV_L2}/l3_airquality_s5p/airquality_s5p.zip",
                   "airquality_s5p.zip", "92081c7437c5c1daf783868ad7669877", "airquality_s5p"),
    "dfc2020": (f"{_HF}/{_REV_L2}/l2_dfc2020_s1s2/dfc2020.zip", "dfc2020.zip",
                "f10ba017dab6f38b7a6857b169ea924b", "dfc2020_s1s2"),
}

#: Sentinel-2 L1C bands of Cloud-S2 (CloudSEN12+ s2_toa), in file order
COPERNICUS_BENCH_S2_L1C = ("B01", "B02", "B03", "B04", "B05", "B06", "B07", "B08", "B8A",
                           "B09", "B10", "B11", "B12")
#: EuroSAT-S2 GeoTIFF band order: B8A is stored 13th, as in the EuroSAT release
COPERNICUS_BENCH_EUROSAT_S2 = ("B01", "B02", "B03", "B04", "B05", "B06", "B07", "B08",
                               "B09", "B10", "B11", "B12", "B8A")
#: Sentinel-3 OLCI top-of-atmosphere radiance bands, in file order
COPERNICUS_BENCH_OLCI = tuple(f"Oa{i:02d}_radiance" for i in range(1, 22))
#: OLCI's scale factor of each band (raw value x factor = radiance, W m-2 sr-1 um-1), as the
#: publisher's wrappers apply them; the loaders return the values as stored
COPERNICUS_BENCH_OLCI_SCALE = (
    0.0139465, 0.0133873, 0.0121481, 0.0115198, 0.0100953, 0.0123538, 0.00879161,
    0.00876539, 0.0095103, 0.00773378, 0.00675523, 0.0071996, 0.00749684, 0.0086512,
    0.00526779, 0.00530267, 0.00493004, 0.00549962, 0.00502847, 0.00326378, 0.00324118)
_OLCI_RGB = ("Oa08_radiance", "Oa06_radiance", "Oa04_radiance")

#: EuroSAT class folders; the publisher's wrapper indexes them in sorted order
COPERNICUS_BENCH_EUROSAT_CLASSES = (
    "AnnualCrop", "Forest", "HerbaceousVegetation", "Highway", "Industrial", "Pasture",
    "PermanentCrop", "Residential", "River", "SeaLake")
COPERNICUS_BENCH_CLOUD_S2_CLASSES = ("clear", "thick cloud", "thin cloud", "cloud shadow")
#: Cloud-S3 IdePix labels: file value v > 0 is class v - 1, 0 (invalid) is ignored
COPERNICUS_BENCH_CLOUD_S3_CLASSES = {
    "multi": ("clear", "cloud-sure", "cloud-ambiguous", "cloud shadow", "snow and ice"),
    "binary": ("clear", "cloud"),
}
#: mask value of Cloud-S3's invalid pixels (file value 0), as the publisher's wrapper sets it
COPERNICUS_BENCH_IGNORE = 255
#: CGLS-LC100 discrete classification codes, in class-index order (0 unknown ... 200 ocean)
COPERNICUS_BENCH_LC100_CODES = (0, 20, 30, 40, 50, 60, 70, 80, 90, 100, 111, 112, 113, 114,
                                115, 116, 121, 122, 123, 124, 125, 126, 200)
COPERNICUS_BENCH_LC100_CLASSES = (
    "unknown", "shrubs", "herbaceous vegetation",
    "cultivated and managed vegetation / agriculture", "urban / built up",
    "bare / sparse vegetation", "snow and ice", "permanent water bodies", "herbaceous wetland",
    "moss and lichen", "closed forest, evergreen needle leaf",
    "closed forest, evergreen broad leaf", "closed forest, deciduous needle leaf",
    "closed forest, deciduous broad leaf", "closed forest, mixed",
    "closed forest, unknown", "open forest, evergreen needle leaf",
    "open forest, evergreen broad leaf", "open forest, deciduous needle leaf",
    "open forest, deciduous broad leaf", "open forest, mixed", "open forest, unknown",
    "oceans, seas")

#: DFC2020 label codes (simplified IGBP, 0 background ... 10 water) -> class index; codes
#: absent from the benchmark (0 background, 3 savanna, 8 snow/ice) -> ignored (255), as the
#: publisher's wrapper maps them
COPERNICUS_BENCH_DFC2020_MAP = {0: 255, 1: 0, 2: 1, 3: 255, 4: 2, 5: 3, 6: 4, 7: 5, 8: 255,
                                9: 6, 10: 7}
COPERNICUS_BENCH_DFC2020_CLASSES = ("forest", "shrubland", "grassland", "wetland", "cropland",
                                    "urban/built-up", "barren", "water")

#: LCZ-S2's HDF5 file of each split (So2Sat LCZ42 layout) and its MD5
COPERNICUS_BENCH_LCZ_FILES = {
    "train": ("lcz_train.h5", "e0b10cdb7f12e053cda8dd3ff12dbd9e"),
    "val": ("lcz_val.h5", "be3b503dba5a1405ec6d5a770c2bee33"),
    "test": ("lcz_test.h5", "4e95788c72a421d636f6f8dc7623d116"),
}
COPERNICUS_BENCH_LCZ_URL = f"{_HF}/{_REV_L2}/l3_lcz_s2/{{name}}"
#: the Sentinel-2 bands of So2Sat's ``sen2`` array, in its channel order
COPERNICUS_BENCH_LCZ_BANDS = ("B02", "B03", "B04", "B05", "B06", "B07", "B08", "B8A", "B11",
                              "B12")
#: Kuro Siwo's MK0_MLU values: 0 no water, 1 permanent water, 2 flood, 3 outside the area
COPERNICUS_BENCH_FLOOD_CLASSES = ("no water", "permanent water", "flood")
COPERNICUS_BENCH_FLOOD_IGNORE = 3
#: what the publisher's Flood-S1 wrapper puts in for missing backscatter (its clamp maximum)
COPERNICUS_BENCH_FLOOD_NAN = 0.15

#: AQ-S5P: the ``variable`` argument -> its Sentinel-5P band (one per variable folder)
COPERNICUS_BENCH_AQ_BANDS = {"no2": ("NO2",), "o3": ("O3",)}
#: AQ-S5P image files of the annual mean and of the four seasons (2021)
COPERNICUS_BENCH_AQ_ANNUAL = "2021-01-01_2021-12-31.tif"
COPERNICUS_BENCH_AQ_SEASONS = ("2021-01-01_2021-04-01.tif", "2021-04-01_2021-07-01.tif",
                               "2021-07-01_2021-10-01.tif", "2021-10-01_2021-12-31.tif")

_CITATION = (
    "@misc{wang2025unifiedcopernicusfoundationmodel,\n"
    "  title={Towards a Unified Copernicus Foundation Model for Earth Vision},\n"
    "  author={Yi Wang and Zhitong Xiong and Chenying Liu and Adam J. Stewart and Thomas "
    "Dujardin and Nikolaos Ioannis Bountos and Angelos Zavras and Franziska Gerken and "
    "Ioannis Papoutsis and Laura Leal-Taix{\\'e} and Xiao Xiang Zhu},\n"
    "  year={2025},\n  eprint={2503.11849},\n  archivePrefix={arXiv},\n"
    "  primaryClass={cs.CV}\n}"
)
_HOME = "https://huggingface.co/datasets/wangyi111/Copernicus-Bench"
_SPLITS = ("train", "val", "test")


def _entry(subset: str, cls: str, task: str, module: str = "copernicus_bench",
           **facts: Any) -> dict[str, Any]:
    """One subset's spec: name, target and the facts every subset shares."""
    return {"name": f"copernicus_bench_{subset}",
            "target": f"geoplug.datasets.{module}:{cls}",
            "task": task, "kind": "nongeo", "splits": _SPLITS, "homepage": _HOME,
            "citation": _CITATION, **facts}


SPECS: list[dict[str, Any]] = [
    _entry("cloud_s2", "CopernicusBenchCloudS2", "segmentation",
           sensors=("Sentinel-2",), bands=COPERNICUS_BENCH_S2_L1C,
           rgb_bands=("B04", "B03", "B02"), num_classes=4,
           classes=COPERNICUS_BENCH_CLOUD_S2_CLASSES, resolution=10.0, patch_size=512,
           num_samples=2817, license="CC0-1.0 (CloudSEN12+)",
           download_size="cloud_s2.zip on Hugging Face",
           description="Copernicus-Bench L1 Cloud-S2: 1699/567/551 Sentinel-2 L1C chips "
                       "(13 bands, 512x512) of CloudSEN12+ with expert cloud labels "
                       "(0 clear, 1 thick cloud, 2 thin cloud, 3 cloud shadow): cloud_s2/"
                       "s2_toa/<id>.tif with cloud/<id>.tif, lists {train,val,test}.csv."),
    _entry("cloud_s3", "CopernicusBenchCloudS3", "segmentation",
           sensors=("Sentinel-3",), bands=COPERNICUS_BENCH_OLCI, rgb_bands=_OLCI_RGB,
           num_classes=5, classes=COPERNICUS_BENCH_CLOUD_S3_CLASSES["multi"],
           ignore_index=COPERNICUS_BENCH_IGNORE, resolution=300.0, patch_size=256,
           num_samples=1995, license="CC-BY-4.0",
           download_size="cloud_s3.zip on Hugging Face",
           description="Copernicus-Bench L1 Cloud-S3: 1197/399/399 Sentinel-3 OLCI L1 EFR "
                       "chips (21 radiance bands, 256x256, 300 m) with IdePix cloud labels: "
                       "cloud_s3/s3_olci/<name>.tif with cloud_multi/ (clear, cloud-sure, "
                       "cloud-ambiguous, cloud shadow, snow and ice) or cloud_binary/ (clear, "
                       "cloud; mode='binary'); file value 0 (invalid) becomes 255."),
    _entry("eurosat_s1", "CopernicusBenchEuroSATS1", "classification",
           sensors=("Sentinel-1",), bands=BIGEARTHNET_S1, num_classes=10,
           classes=COPERNICUS_BENCH_EUROSAT_CLASSES, resolution=10.0, patch_size=64,
           num_samples=27000, license="CC-BY-4.0 (EuroSAT-SAR)",
           download_size="eurosat_s1.zip on Hugging Face",
           description="Copernicus-Bench L2 EuroSAT-S1 (EuroSAT-SAR): 16200/5400/5400 "
                       "Sentinel-1 GRD chips (VV, VH; 64x64) in the 10 EuroSAT classes: "
                       "eurosat_s1/all_imgs/<class>/<class>_<n>.tif, lists eurosat-{train,"
                       "val,test}.txt (naming .jpg files)."),
    _entry("eurosat_s2", "CopernicusBenchEuroSATS2", "classification",
           sensors=("Sentinel-2",), bands=COPERNICUS_BENCH_EUROSAT_S2,
           rgb_bands=("B04", "B03", "B02"), num_classes=10,
           classes=COPERNICUS_BENCH_EUROSAT_CLASSES, resolution=10.0, patch_size=64,
           num_samples=27000, license="MIT (EuroSAT)",
           download_size="eurosat_s2.zip on Hugging Face",
           description="Copernicus-Bench L2 EuroSAT-S2: the 27,000 EuroSAT Sentinel-2 L1C "
                       "chips (13 bands, B8A stored 13th; 64x64) split 16200/5400/5400: "
                       "eurosat_s2/all_imgs/<class>/<class>_<n>.tif, lists eurosat-{train,"
                       "val,test}.txt."),
    _entry("bigearthnet_s1", "CopernicusBenchBigEarthNetS1", "multilabel",
           sensors=("Sentinel-1",), bands=BIGEARTHNET_S1, num_classes=19,
           classes=BIGEARTHNET_CLASSES_19, resolution=10.0, patch_size=120,
           num_samples=24002, license="CDLA-Permissive-1.0 (BigEarthNet v2.0)",
           download_size="bigearthnetv2.zip on Hugging Face (shared with bigearthnet_s2)",
           description="Copernicus-Bench L2 BigEarthNet-S1: 11894/6117/5991 Sentinel-1 "
                       "patches (VV, VH; 120x120) of BigEarthNet v2.0 (5 %) with the 19 "
                       "CORINE classes: bigearthnet_s1s2/BigEarthNet-S1-5%/<s1_path>, lists "
                       "multilabel-{train,val,test}.csv (s1_path, s2_path, 19 label columns)."),
    _entry("bigearthnet_s2", "CopernicusBenchBigEarthNetS2", "multilabel",
           sensors=("Sentinel-2",), bands=BIGEARTHNET_S2, rgb_bands=("B04", "B03", "B02"),
           num_classes=19, classes=BIGEARTHNET_CLASSES_19, resolution=10.0, patch_size=120,
           num_samples=24002, license="CDLA-Permissive-1.0 (BigEarthNet v2.0)",
           download_size="bigearthnetv2.zip on Hugging Face (shared with bigearthnet_s1)",
           description="Copernicus-Bench L2 BigEarthNet-S2: 11894/6117/5991 Sentinel-2 L2A "
                       "patches (12 bands, one 120x120 allbands GeoTIFF each) of BigEarthNet "
                       "v2.0 (5 %): bigearthnet_s1s2/BigEarthNet-S2-5%/<s2_path>, lists "
                       "multilabel-{train,val,test}.csv."),
    _entry("lc100cls_s3", "CopernicusBenchLC100ClsS3", "multilabel",
           sensors=("Sentinel-3",), bands=COPERNICUS_BENCH_OLCI, rgb_bands=_OLCI_RGB,
           num_classes=23, classes=COPERNICUS_BENCH_LC100_CLASSES, resolution=300.0,
           patch_size=96, num_samples=8635, license="CC-BY-4.0",
           download_size="lc100_s3.zip on Hugging Face (shared with lc100seg_s3)",
           description="Copernicus-Bench L2 LC100Cls-S3: 5181/1727/1727 locations, one "
                       "Sentinel-3 OLCI image each (21 bands, about 96x96, 300 m), labelled "
                       "with the CGLS-LC100 classes present: lc100_s3/s3_olci/<pid>/<image>"
                       ".tif; static_fnames-<split>.csv names each location's image and "
                       "multilabel-<split>.csv its 23 label columns."),
    *(_entry(f"dfc2020_{m}", f"CopernicusBenchDFC2020{m.upper()}", "segmentation",
             sensors=(sensor,), bands=bands, rgb_bands=rgb, num_classes=8,
             classes=COPERNICUS_BENCH_DFC2020_CLASSES, ignore_index=COPERNICUS_BENCH_IGNORE,
             resolution=10.0, patch_size=256, num_samples=5128, license="CC-BY-4.0 (DFC2020)",
             download_size="dfc2020.zip on Hugging Face (S1 and S2 together)",
             description=f"Copernicus-Bench L2 DFC2020-{m.upper()}: 3156/986/986 {sensor} "
                         "chips (256x256, 10 m) of the IEEE GRSS Data Fusion Contest 2020 "
                         "with its land cover labels: dfc2020_s1s2/" + m + "/ROIs<n>_<season>_"
                         + m + "_<scene>_p<patch>.tif, dfc/ the labels, lists dfc-{train,val,"
                         "test}-new.csv. Codes 1, 2, 4, 5, 6, 7, 9, 10 become classes 0-7; "
                         "0 background, 3 savanna and 8 snow/ice (absent) become 255.")
      for m, sensor, bands, rgb in (
          ("s1", "Sentinel-1", BIGEARTHNET_S1, ()),
          ("s2", "Sentinel-2", COPERNICUS_BENCH_S2_L1C, ("B04", "B03", "B02")))),
    _entry("flood_s1", "CopernicusBenchFloodS1", "change_detection", "copernicus_bench_l3",
           sensors=("Sentinel-1",), bands=BIGEARTHNET_S1, num_classes=3,
           classes=COPERNICUS_BENCH_FLOOD_CLASSES, ignore_index=COPERNICUS_BENCH_FLOOD_IGNORE,
           resolution=10.0, patch_size=224, num_samples=5000, license="MIT (Kuro Siwo)",
           download_size="flood_s1.zip on Hugging Face",
           description="Copernicus-Bench L3 Flood-S1: 3000/1000/1000 Kuro Siwo Sentinel-1 "
                       "GRD chips (VV, VH; 224x224) before and after a flood: flood_s1/data/"
                       "<activation>/<aoi>/<id>/{SL1,SL2,MS1}_IV{V,H}_<act>_<aoi>_<date>.tif "
                       "with the label MK0_MLU_*.tif (0 no water, 1 permanent water, 2 flood, "
                       "3 outside the area: ignored); grid_dict_<split>.json lists the chips. "
                       "image is [pre, post] (pre_images=2: [pre 2, pre 1, post])."),
    _entry("lcz_s2", "CopernicusBenchLCZS2", "classification", "copernicus_bench_l3",
           sensors=("Sentinel-2",), bands=COPERNICUS_BENCH_LCZ_BANDS,
           rgb_bands=("B04", "B03", "B02"), num_classes=17,
           classes=("compact high rise", "compact mid rise", "compact low rise",
                    "open high rise", "open mid rise", "open low rise",
                    "lightweight low rise", "large low rise", "sparsely built",
                    "heavy industry", "dense trees", "scattered trees", "bush, scrub",
                    "low plants", "bare rock or paved", "bare soil or sand", "water"),
           resolution=10.0, patch_size=32, num_samples=25000,
           license="CC-BY-4.0 (So2Sat LCZ42)",
           download_size="lcz_{train,val,test}.h5 on Hugging Face",
           description="Copernicus-Bench L3 LCZ-S2: 15000/5000/5000 So2Sat LCZ42 patches "
                       "(10 Sentinel-2 bands, 32x32, reflectance / 10000 as float) in 17 local "
                       "climate zones: one HDF5 file per split, lcz_<split>.h5, with arrays "
                       "sen2 [N,32,32,10] and label [N,17] (one-hot) as So2Sat ships them."),
    _entry("biomass_s3", "CopernicusBenchBiomassS3", "regression", "copernicus_bench_l3",
           sensors=("Sentinel-3",), bands=COPERNICUS_BENCH_OLCI, rgb_bands=_OLCI_RGB,
           resolution=100.0, num_samples=5000, license="CC-BY-4.0",
           download_size="biomass_s3.zip on Hugging Face",
           description="Copernicus-Bench L3 Biomass-S3: 3000/1000/1000 locations, one "
                       "Sentinel-3 OLCI image each (21 bands, about 96x96, 300 m) with the ESA "
                       "CCI above-ground biomass map (Mg/ha, 100 m; 288x288 in the README, the "
                       "publisher's code resizes to 282x282) as a "
                       "pixelwise target: biomass_s3/s3_olci/<pid>/<image>.tif, biomass/<pid>"
                       ".tif, static_fnames-<split>.csv. The image is taken onto the map's "
                       "grid (nearest neighbour; the publisher uses cubic)."),
    _entry("airquality_s5p", "CopernicusBenchAirQualityS5P", "regression",
           "copernicus_bench_l3", sensors=("Sentinel-5P",),
           bands=COPERNICUS_BENCH_AQ_BANDS["no2"], resolution=1000.0, patch_size=56,
           num_samples=2467, license="CC-BY-4.0",
           band_sets={"variable": {v: {"bands": b}
                                   for v, b in COPERNICUS_BENCH_AQ_BANDS.items()}},
           download_size="airquality_s5p.zip on Hugging Face (NO2 and O3)",
           description="Copernicus-Bench L3 AQ-NO2-S5P / AQ-O3-S5P: 1480/493/494 European "
                       "locations (56x56, 1 km) of Sentinel-5P tropospheric NO2 or O3 (2021 "
                       "mean, or four seasons with mode='seasonal') with the EEA 2021 "
                       "annual air quality map as a pixelwise target: airquality_s5p/"
                       "<variable>/{train,val,test}.csv, s5p_annual/<pid>/, s5p_seasonal/"
                       "<pid>/, label_annual/<pid>.tif. variable='no2' or 'o3'."),
    _entry("lc100seg_s3", "CopernicusBenchLC100SegS3", "segmentation",
           sensors=("Sentinel-3",), bands=COPERNICUS_BENCH_OLCI, rgb_bands=_OLCI_RGB,
           num_classes=23, classes=COPERNICUS_BENCH_LC100_CLASSES, resolution=300.0,
           patch_size=96, num_samples=8635, license="CC-BY-4.0",
           download_size="lc100_s3.zip on Hugging Face (shared with lc100cls_s3)",
           description="Copernicus-Bench L2 LC100Seg-S3: the LC100Cls-S3 images with the "
                       "CGLS-LC100 map (100 m, lc100_s3/lc100/<pid>.tif, 288x288) as mask, "
                       "codes 0, 20 ... 200 mapped to class indices 0-22 and taken to the "
                       "image's grid by nearest neighbour, as the publisher does."),
]
