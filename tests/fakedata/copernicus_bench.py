"""Fake Copernicus-Bench subsets, one zip each as the publisher ships them on Hugging Face.

* ``cloud_s2.zip``: ``cloud_s2/{train,val,test}.csv`` (ids without ``.tif``),
  ``s2_toa/<id>.tif`` (13 bands uint16), ``cloud/<id>.tif`` (uint8 0-3);
* ``cloud_s3.zip``: ``cloud_s3/{train,val,test}.csv`` (file names; ``val.csv`` without
  ``.tif``), ``s3_olci/<name>.tif`` (21 bands float32, one NaN pixel),
  ``cloud_multi/<name>.tif`` (uint8 0-5) and ``cloud_binary/<name>.tif`` (uint8 0-2);
* ``eurosat_s1.zip`` / ``eurosat_s2.zip``: ``eurosat_s?/all_imgs/<Class>/<Class>_<n>.tif``
  (2 bands float32 / 13 bands uint16) and ``eurosat-{train,val,test}.txt`` naming ``.jpg``;
  per class, image 1-2 are train, 3 val, 4 test, 5 in no list;
* ``bigearthnetv2.zip``: ``bigearthnet_s1s2/multilabel-<split>.csv`` (header ``s1_path,
  s2_path,<19 classes>``) and the patches under ``BigEarthNet-S{1,2}-5%/``;
* ``dfc2020.zip``: ``dfc2020_s1s2/dfc-<split>-new.csv`` naming ``dfc/ROIs*_dfc_*.tif``
  (uint16 codes 0-10), images ``s1/ROIs*_s1_*.tif`` (float64) and ``s2/ROIs*_s2_*.tif``;
* ``flood_s1.zip``: ``flood_s1/grid_dict_<split>.json`` and ``data/<act>/<aoi>/<id>/``
  holding ``{SL2,SL1,MS1}_IV{V,H}_<act>_<aoi>_<date>.tif`` (float32), ``MK0_MLU_*.tif``
  (uint8 0-3) and ``MK0_MNA_*.tif``;
* ``biomass_s3.zip``: the LC100 layout with ``biomass/<pid>.tif`` (uint16, 3x finer);
* ``airquality_s5p.zip``: ``airquality_s5p/{no2,o3}/<split>.csv``, ``s5p_annual/<pid>/``,
  ``s5p_seasonal/<pid>/`` (four seasons) and ``label_annual/<pid>.tif`` (one -inf pixel);
* ``lcz_{train,val,test}.h5`` (not zipped): So2Sat arrays ``sen1``, ``sen2``, ``label``;
* ``lc100_s3.zip``: ``lc100_s3/static_fnames-<split>.csv`` (no header),
  ``multilabel-<split>.csv`` (header, rows in another order than the static list),
  ``s3_olci/<pid>/<S3X_start_end>.tif`` (two dates; the list names one) and
  ``lc100/<pid>.tif`` (3x finer than the image, CGLS codes).

Pixels of file ``k`` encode ``k``, band, row and column (:func:`fakedata._segutil.coded_image`)
and masks are hashes of ``k``, row and column (:func:`~fakedata._segutil.coded_labels`), so
a test proves which file was read and that image and mask belong together. Chips are not
square, so a transposed read cannot pass.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import numpy as np

from fakedata._made import unstage
from fakedata._segutil import coded_image, coded_labels, files_under, md5, write_tif, zip_tree

SPLITS = ("train", "val", "test")

CLOUD_S2 = {
    "train": ["ROI_00002__20200422T141729_20200422T142243_T19GDN",
              "ROI_01118__20190311T103019_20190311T103020_T32TLS"],
    "val": ["ROI_03342__20201109T004701_20201109T004700_T55HCU"],
    "test": ["ROI_07705__20180604T154819_20180604T155601_T18TWL"],
}
_S3 = "S3{}_OL_1_EFR____2020{}T154217_2020{}T154517_20200704T201053_0179_060_111_2160_LN1_O_NT_002"
CLOUD_S3 = {
    "train": [_S3.format("A", "0703", "0703") + ".tif", _S3.format("B", "0812", "0812") + ".tif"],
    "val": [_S3.format("A", "0915", "0915") + ".tif"],
    "test": [_S3.format("B", "1102", "1102") + ".tif"],
}
EUROSAT_CLASSES = ("AnnualCrop", "Forest", "SeaLake")
#: label index of each fake class among the ten
EUROSAT_LABELS = {"AnnualCrop": 0, "Forest": 1, "SeaLake": 9}
EUROSAT_SPLIT = {1: "train", 2: "train", 3: "val", 4: "test"}
BEN_S1 = [
    "S1A_IW_GRDH_1SDV_20180420T063852/S1A_IW_GRDH_1SDV_20180420T063852_29UPU_77_6/"
    "S1A_IW_GRDH_1SDV_20180420T063852_29UPU_77_6_allbands.tif",
    "S1B_IW_GRDH_1SDV_20170613T165043/S1B_IW_GRDH_1SDV_20170613T165043_33UUP_12_40/"
    "S1B_IW_GRDH_1SDV_20170613T165043_33UUP_12_40_allbands.tif",
    "S1A_IW_GRDH_1SDV_20171219T183545/S1A_IW_GRDH_1SDV_20171219T183545_29SND_3_8/"
    "S1A_IW_GRDH_1SDV_20171219T183545_29SND_3_8_allbands.tif",
]
BEN_S2 = [
    "S2B_MSIL2A_20180421T114349_N9999_R123_T29UPU/S2B_MSIL2A_20180421T114349_N9999_R123_T29UPU"
    "_77_06/S2B_MSIL2A_20180421T114349_N9999_R123_T29UPU_77_06_allbands.tif",
    "S2A_MSIL2A_20170613T101031_N9999_R022_T33UUP/S2A_MSIL2A_20170613T101031_N9999_R022_T33UUP"
    "_12_40/S2A_MSIL2A_20170613T101031_N9999_R022_T33UUP_12_40_allbands.tif",
    "S2B_MSIL2A_20171221T112449_N9999_R037_T29SND/S2B_MSIL2A_20171221T112449_N9999_R037_T29SND"
    "_03_08/S2B_MSIL2A_20171221T112449_N9999_R037_T29SND_03_08_allbands.tif",
]
#: split of BigEarthNet pair k
BEN_SPLIT = ("train", "val", "test")
DFC2020 = {"train": ["ROIs1158_spring_dfc_1_p30.tif", "ROIs1868_summer_dfc_8_p100.tif"],
           "val": ["ROIs1970_fall_dfc_4_p43.tif"], "test": ["ROIs0000_test_dfc_0_p609.tif"]}
#: DFC2020 code -> class index of the benchmark (255: ignored)
DFC2020_MAP = {0: 255, 1: 0, 2: 1, 3: 255, 4: 2, 5: 3, 6: 4, 7: 5, 8: 255, 9: 6, 10: 7}
DFC2020_SHAPE = (7, 5)
#: Flood-S1 chips: split -> (activation, aoi, id, post-event date)
FLOOD = {"train": [("470", "01", "9d0b1c7e2f", "20180315"), ("1111004", "03", "5e6f", "20190122")],
         "val": [("514", "02", "a1b2c3", "20200704")],
         "test": [("1111013", "01", "e2eb30d2c5eb52669c5e6a9db8973835", "20170504")]}
FLOOD_SHAPE = (6, 8)
FLOOD_TIMES = ("SL2", "SL1", "MS1")
LCZ_N = {"train": 3, "val": 2, "test": 1}
LCZ_SHAPE = (5, 6)
BIOMASS_PIDS = {
    "train": ["S30E140_ESACCI-BIOMASS-L4-AGB-MERGED-100m-2020-fv4.0_02_11",
              "N46E007_ESACCI-BIOMASS-L4-AGB-MERGED-100m-2020-fv4.0_05_03"],
    "val": ["S32E141_ESACCI-BIOMASS-L4-AGB-MERGED-100m-2020-fv4.0_01_05"],
    "test": ["N02W060_ESACCI-BIOMASS-L4-AGB-MERGED-100m-2020-fv4.0_07_09"]}
BIOMASS_SHAPE = (3, 4)
#: AQ-S5P locations per split (the same ids under no2/ and o3/, as EEA grid cells)
AQ_CELLS = {"train": ["34_13", "35_20"], "val": ["12_40"], "test": ["7_7"]}
AQ_SHAPE = (4, 6)
AQ_ANNUAL = "2021-01-01_2021-12-31.tif"
AQ_SEASONS = ("2021-01-01_2021-04-01.tif", "2021-04-01_2021-07-01.tif",
              "2021-07-01_2021-10-01.tif", "2021-10-01_2021-12-31.tif")
LC100_PIDS = {"train": ["0200599_-70.25_-55.25", "0031822_12.75_47.25"],
              "val": ["0107250_-61.25_-12.25"], "test": ["0283716_140.25_-33.75"]}
LC100_CODES = (0, 20, 30, 40, 50, 60, 70, 80, 90, 100, 111, 112, 113, 114, 115, 116, 121, 122,
               123, 124, 125, 126, 200)
BEN_CLASSES = 19
LC100_CLASSES = len(LC100_CODES)

CLOUD_S2_SHAPE = (6, 9)
CLOUD_S3_SHAPE = (5, 7)
EUROSAT_SHAPE = (5, 8)
BEN_SHAPE = (6, 7)
LC100_SHAPE = (4, 5)
#: the LC100 maps are this much finer than the images
LC100_FACTOR = 3


def cloud_s2_index(stem: str) -> int:
    return [s for split in SPLITS for s in CLOUD_S2[split]].index(stem)


def cloud_s3_index(name: str) -> int:
    return [s for split in SPLITS for s in CLOUD_S3[split]].index(name)


def eurosat_index(cls: str, n: int) -> int:
    return 10 * EUROSAT_CLASSES.index(cls) + n


def dfc2020_index(name: str) -> int:
    return [n for split in SPLITS for n in DFC2020[split]].index(name)


def dfc2020_codes(k: int) -> np.ndarray:
    """DFC2020 label codes 0-10 of chip ``k``, as the label file stores them."""
    return coded_labels(k + 90, *DFC2020_SHAPE, 11).astype(np.uint16)


def flood_index(split: str, i: int) -> int:
    return [c for s in SPLITS for c in FLOOD[s]].index(FLOOD[split][i])


def flood_band(k: int, time: int, band: int) -> np.ndarray:
    """``[H,W]`` float32 of Flood-S1 chip ``k``, acquisition ``time`` (0 SL2, 1 SL1, 2 MS1)
    and band (0 VV, 1 VH)."""
    return image(30 * k + 10 * time + band, 1, FLOOD_SHAPE, "float32")[0]


def flood_mask(k: int) -> np.ndarray:
    """MK0_MLU values 0-3 of Flood-S1 chip ``k``."""
    return coded_labels(k + 200, *FLOOD_SHAPE, 4).astype(np.uint8)


def flood_grids(split: str) -> dict[str, Any]:
    """The split's grid dictionary, shaped as Kuro Siwo's (path, info, clz)."""
    return {chip: {"path": f"{act}/{aoi}/{chip}", "clz": 1 + len(chip) % 3,
                   "info": {"actid": int(act), "aoiid": int(aoi)}}
            for act, aoi, chip, _ in FLOOD[split]}


def lcz_sen2(split: str) -> np.ndarray:
    """``sen2`` ``[N, H, W, 10]`` of LCZ-S2's split (patch, band, row, column coded)."""
    base = 10 * SPLITS.index(split)
    return np.stack([image(base + n, 10, LCZ_SHAPE, "float32").transpose(1, 2, 0)
                     for n in range(LCZ_N[split])])


def lcz_labels(split: str) -> list[int]:
    return [(7 * SPLITS.index(split) + 5 * n + 3) % 17 for n in range(LCZ_N[split])]


def biomass_index(pid: str) -> int:
    return [p for split in SPLITS for p in BIOMASS_PIDS[split]].index(pid)


def biomass_map(k: int) -> np.ndarray:
    """The biomass map (uint16 Mg/ha) of location ``k``, 3x finer than its image."""
    shape = (BIOMASS_SHAPE[0] * LC100_FACTOR, BIOMASS_SHAPE[1] * LC100_FACTOR)
    return image(k + 60, 1, shape, "uint16")[0]


def aq_pid(variable: str, cell: str) -> str:
    return f"EEA_1kmgrid_2021_{variable}_avg_{cell}"


def aq_index(variable: str, cell: str) -> int:
    cells = [c for split in SPLITS for c in AQ_CELLS[split]]
    return 10 * ("no2", "o3").index(variable) + cells.index(cell)


def aq_image(k: int, season: int | None) -> np.ndarray:
    """``[H,W]`` float32 S5P image of AQ location ``k`` (``season`` None: the annual mean)."""
    return image(5 * k + (4 if season is None else season), 1, AQ_SHAPE, "float32")[0]


def aq_label(k: int) -> np.ndarray:
    """The EEA annual map of AQ location ``k``; pixel (0, 0) holds -inf (no value)."""
    label = image(k + 150, 1, AQ_SHAPE, "float32")[0]
    label[0, 0] = -np.inf
    return label


def lc100_index(pid: str) -> int:
    return [p for split in SPLITS for p in LC100_PIDS[split]].index(pid)


def image(k: int, bands: int, shape: tuple[int, int], dtype: str) -> np.ndarray:
    """The stored pixels of fake file ``k``: ``[bands, H, W]``."""
    return coded_image(k, bands, *shape, dtype=dtype)


def cloud_s3_raw(k: int, mode: str) -> np.ndarray:
    """File values of Cloud-S3 chip ``k``'s mask (0 invalid, then the classes)."""
    return coded_labels(k + (0 if mode == "multi" else 40), *CLOUD_S3_SHAPE,
                        6 if mode == "multi" else 3).astype(np.uint8)


def ben_label(k: int) -> np.ndarray:
    """The multi-hot label of BigEarthNet pair ``k`` (differs between pairs)."""
    return ((np.arange(BEN_CLASSES) * (k + 2) + k) % 3 == 0).astype(np.int64)


def lc100_label(k: int) -> np.ndarray:
    return ((np.arange(LC100_CLASSES) + 2 * k) % (k + 2) == 0).astype(np.int64)


def lc100_map_indices(k: int) -> np.ndarray:
    """Class indices 0-22 of LC100 location ``k``'s map, at the map's (finer) resolution."""
    shape = (LC100_SHAPE[0] * LC100_FACTOR, LC100_SHAPE[1] * LC100_FACTOR)
    return coded_labels(k + 70, *shape, LC100_CLASSES)


def lc100_static(pid: str, index: Any = None) -> str:
    """The image of ``pid`` that the static list names (the later of its two dates)."""
    k = (index or lc100_index)(pid)
    return f"S3B_2019081{k}T135525_2019081{k}T135539.tif"


def _lines(path: Path, lines: list[str]) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("".join(f"{line}\n" for line in lines), encoding="utf-8")


def _cloud_s2(top: Path) -> None:
    for split in SPLITS:
        _lines(top / f"{split}.csv", CLOUD_S2[split])
        for stem in CLOUD_S2[split]:
            k = cloud_s2_index(stem)
            write_tif(top / "s2_toa" / f"{stem}.tif", image(k, 13, CLOUD_S2_SHAPE, "uint16"),
                      res=10.0)
            write_tif(top / "cloud" / f"{stem}.tif",
                      coded_labels(k, *CLOUD_S2_SHAPE, 4).astype(np.uint8), res=10.0)


def _cloud_s3(top: Path) -> None:
    for split in SPLITS:
        names = CLOUD_S3[split]
        _lines(top / f"{split}.csv", [n[:-4] if split == "val" else n for n in names])
        for name in names:
            k = cloud_s3_index(name)
            pixels = image(k, 21, CLOUD_S3_SHAPE, "float32")
            pixels[2, 1, 3] = np.nan  # no data in one pixel of band Oa03
            write_tif(top / "s3_olci" / name, pixels, crs="EPSG:4326",
                      origin=(-70.0 + k, -30.0), res=0.0027)
            for mode in ("multi", "binary"):
                write_tif(top / f"cloud_{mode}" / name, cloud_s3_raw(k, mode), crs="EPSG:4326",
                          origin=(-70.0 + k, -30.0), res=0.0027)


def _eurosat(top: Path, bands: int, dtype: str) -> None:
    lists: dict[str, list[str]] = {s: [] for s in SPLITS}
    for cls in EUROSAT_CLASSES:
        for n in range(1, 6):
            k = eurosat_index(cls, n)
            write_tif(top / "all_imgs" / cls / f"{cls}_{n}.tif",
                      image(k, bands, EUROSAT_SHAPE, dtype), origin=(500000.0 + 80 * k,
                                                                     5600000.0), res=10.0)
            if n in EUROSAT_SPLIT:
                lists[EUROSAT_SPLIT[n]].append(f"{cls}_{n}.jpg")
    for split, names in lists.items():
        _lines(top / f"eurosat-{split}.txt", names)


def _dfc2020(top: Path) -> None:
    for split in SPLITS:
        _lines(top / f"dfc-{split}-new.csv", DFC2020[split])
        for name in DFC2020[split]:
            k = dfc2020_index(name)
            write_tif(top / "dfc" / name, dfc2020_codes(k), res=10.0)
            write_tif(top / "s1" / name.replace("_dfc_", "_s1_"),
                      image(k, 2, DFC2020_SHAPE, "float64"), res=10.0)
            write_tif(top / "s2" / name.replace("_dfc_", "_s2_"),
                      image(k + 20, 13, DFC2020_SHAPE, "uint16"), res=10.0)


def _flood(top: Path) -> None:
    import json

    pre = {"SL2": "0110", "SL1": "0122"}
    for split in SPLITS:
        (top / f"grid_dict_{split}.json").parent.mkdir(parents=True, exist_ok=True)
        (top / f"grid_dict_{split}.json").write_text(json.dumps(flood_grids(split)))
        for i, (act, aoi, chip, date) in enumerate(FLOOD[split]):
            k = flood_index(split, i)
            folder = top / "data" / act / aoi / chip
            for t, time in enumerate(FLOOD_TIMES):
                day = date if time == "MS1" else date[:4] + pre[time]
                for b, band in enumerate(("VV", "VH")):
                    pixels = flood_band(k, t, b)
                    if (t, b) == (1, 1):
                        pixels[0, 1] = np.nan  # no data in one SL1 VH pixel
                    write_tif(folder / f"{time}_I{band}_{act}_{aoi}_{day}.tif", pixels,
                              crs="EPSG:3857", res=10.0)
            write_tif(folder / f"MK0_MLU_{act}_{aoi}_{date}.tif", flood_mask(k),
                      crs="EPSG:3857", res=10.0)
            write_tif(folder / f"MK0_MNA_{act}_{aoi}_{date}.tif",
                      np.ones(FLOOD_SHAPE, np.uint8), crs="EPSG:3857", res=10.0)


def _biomass(top: Path) -> None:
    for split in SPLITS:
        pids = BIOMASS_PIDS[split]
        _lines(top / f"static_fnames-{split}.csv", [f"{p},{lc100_static(p, biomass_index)}"
                                                    for p in pids])
        for pid in pids:
            k = biomass_index(pid)
            origin = (140.0 + 0.25 * k, -30.0)
            write_tif(top / "s3_olci" / pid / lc100_static(pid, biomass_index),
                      image(k + 30, 21, BIOMASS_SHAPE, "float32"), crs="EPSG:4326",
                      origin=origin, res=0.0027)
            write_tif(top / "s3_olci" / pid / f"S3A_2020031{k}T233546_2020031{k}T233846.tif",
                      image(k + 40, 21, BIOMASS_SHAPE, "float32"), crs="EPSG:4326",
                      origin=origin, res=0.0027)
            write_tif(top / "biomass" / f"{pid}.tif", biomass_map(k), crs="EPSG:4326",
                      origin=origin, res=0.0009)


def _airquality(top: Path) -> None:
    for variable in ("no2", "o3"):
        for split in SPLITS:
            _lines(top / variable / f"{split}.csv",
                   [aq_pid(variable, c) for c in AQ_CELLS[split]])
            for cell in AQ_CELLS[split]:
                k, pid = aq_index(variable, cell), aq_pid(variable, cell)
                keep = {"crs": "EPSG:3035", "origin": (4321000.0 + 1000 * k, 3210000.0),
                        "res": 1000.0}
                write_tif(top / variable / "s5p_annual" / pid / AQ_ANNUAL, aq_image(k, None),
                          **keep)
                for season, name in enumerate(AQ_SEASONS):
                    write_tif(top / variable / "s5p_seasonal" / pid / name,
                              aq_image(k, season), **keep)
                write_tif(top / variable / "label_annual" / f"{pid}.tif", aq_label(k), **keep)


def _lcz(root: Path) -> dict[str, str]:
    """``lcz_<split>.h5`` in ``root`` (no archive), So2Sat-shaped; returns their md5s."""
    import h5py

    sums = {}
    for split in SPLITS:
        path = root / f"lcz_{split}.h5"
        n = LCZ_N[split]
        with h5py.File(path, "w") as f:
            f.create_dataset("label", data=np.eye(17, dtype=np.uint8)[lcz_labels(split)])
            f.create_dataset("sen1", data=np.zeros((n, *LCZ_SHAPE, 8), np.float32))
            f.create_dataset("sen2", data=lcz_sen2(split))
        sums[path.name] = md5(path)
    return sums


def _bigearthnet(top: Path) -> None:
    from geoplug.datasets._catalog.multilabel_regression import BIGEARTHNET_CLASSES_19

    header = ",".join(["s1_path", "s2_path", *(f'"{c}"' if "," in c else c
                                                 for c in BIGEARTHNET_CLASSES_19)])
    for k, (s1, s2) in enumerate(zip(BEN_S1, BEN_S2)):
        write_tif(top / "BigEarthNet-S1-5%" / s1, image(k, 2, BEN_SHAPE, "float32"), res=10.0)
        write_tif(top / "BigEarthNet-S2-5%" / s2, image(k + 10, 12, BEN_SHAPE, "uint16"),
                  res=10.0)
    for split in SPLITS:
        rows = [",".join([BEN_S1[k], BEN_S2[k], *map(str, ben_label(k))])
                for k in range(len(BEN_S1)) if BEN_SPLIT[k] == split]
        _lines(top / f"multilabel-{split}.csv", [header, *rows])


def _lc100(top: Path) -> None:
    codes = np.asarray(LC100_CODES, dtype=np.uint8)
    header = ",".join(["pid", *map(str, range(LC100_CLASSES))])
    for split in SPLITS:
        pids = LC100_PIDS[split]
        _lines(top / f"static_fnames-{split}.csv", [f"{p},{lc100_static(p)}" for p in pids])
        _lines(top / f"multilabel-{split}.csv",
               [header, *(",".join([p, *map(str, lc100_label(lc100_index(p)))])
                          for p in reversed(pids))])
        for pid in pids:
            k = lc100_index(pid)
            origin = (-70.0 + 0.25 * k, -55.0)
            write_tif(top / "s3_olci" / pid / lc100_static(pid),
                      image(k, 21, LC100_SHAPE, "float32"), crs="EPSG:4326", origin=origin,
                      res=0.0027)
            other = f"S3A_2019050{k}T135736_2019050{k}T135744.tif"  # not in the static list
            write_tif(top / "s3_olci" / pid / other, image(k + 50, 21, LC100_SHAPE, "float32"),
                      crs="EPSG:4326", origin=origin, res=0.0027)
            write_tif(top / "lc100" / f"{pid}.tif", codes[lc100_map_indices(k)],
                      crs="EPSG:4326", origin=origin, res=0.0009)


#: zip name -> (its folder, writer)
WRITERS: dict[str, tuple[str, Any]] = {
    "cloud_s2.zip": ("cloud_s2", _cloud_s2),
    "cloud_s3.zip": ("cloud_s3", _cloud_s3),
    "eurosat_s1.zip": ("eurosat_s1", lambda top: _eurosat(top, 2, "float32")),
    "eurosat_s2.zip": ("eurosat_s2", lambda top: _eurosat(top, 13, "uint16")),
    "bigearthnetv2.zip": ("bigearthnet_s1s2", _bigearthnet),
    "lc100_s3.zip": ("lc100_s3", _lc100),
    "dfc2020.zip": ("dfc2020_s1s2", _dfc2020),
    "flood_s1.zip": ("flood_s1", _flood),
    "biomass_s3.zip": ("biomass_s3", _biomass),
    "airquality_s5p.zip": ("airquality_s5p", _airquality),
}
#: LCZ-S2's files, written as they are (the publisher zips nothing)
LCZ = "lcz_s2"


def make(root: Path, extract: bool = False, archives: tuple[str, ...] = (*WRITERS, LCZ)
         ) -> dict[str, Any]:
    """Write the zips named in ``archives`` into ``root`` (and their folders with
    ``extract``; :data:`LCZ`: the HDF5 files); returns ``{"dir": root, "archives": {file
    name: md5}}``."""
    root.mkdir(parents=True, exist_ok=True)
    stage = root / ".stage"
    sums = _lcz(root) if LCZ in archives else {}
    stage.mkdir()
    for name in (a for a in archives if a != LCZ):
        folder, write = WRITERS[name]
        write(stage / folder)
        archive = zip_tree(root / name, stage, files_under(stage / folder))
        sums[name] = md5(archive)
    unstage(stage, root, extract)
    return {"dir": root, "archives": sums}
