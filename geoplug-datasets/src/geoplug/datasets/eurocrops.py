"""EuroCrops: harmonised crop-type field polygons of EU countries, rasterised by HCAT class.

The Zenodo release (v9, record 8229128) has one zip per country or region and year, e.g.
``AT_2021.zip`` or ``DE_NRW_2021.zip``, holding a folder of that name with the shapefile
``<CC>[_<REGION>]_<YEAR>_EC21.shp`` (in the national CRS), and ``HCAT2.csv``, the
Hierarchical Crop and Agriculture Taxonomy (``HCAT2_code``, 10 digits, and ``HCAT2_name``).
Every parcel carries its harmonised class in ``EC_hcat_c`` (code) and ``EC_hcat_n`` (name).
A code's parent is the code with its rightmost non-zero digit set to 0 (``3301010301`` ->
``3301010300`` -> ``3301010000`` -> ...), so choosing parent codes in ``classes`` chooses a
coarser level. Mask value ``k`` is ``classes[k - 1]``; 0 is background or a parcel of no
chosen class. Zips found under ``paths`` are extracted in place.
"""

from __future__ import annotations

import csv
import re
from collections.abc import Sequence
from typing import Any, ClassVar

import fiona
import numpy as np
import shapely
from fiona.errors import FionaError

from geoplug.core.archives import find_below
from geoplug.core.download import Resource, fetch
from geoplug.core.errors import DatasetNotFoundError, InvalidDataError
from geoplug.core.headers import transformer
from geoplug.core.raster import find_files
from geoplug.core.vector import VectorDataset
from geoplug.datasets._catalog import spec
from geoplug.datasets._geodownload import download_folder, extract_found

__all__ = ["EuroCrops", "hcat_parent"]

_URL = "https://zenodo.org/records/8229128/files/{}"
HCAT_FILE = ("HCAT2.csv", "b323e8de3d8d507bd0550968925b6906")
#: the v9 archives with their MD5 (RO_ny.zip, without a year, is left out)
ZIPS: dict[str, str] = {
    "AT_2021.zip": "490241df2e3d62812e572049fc0c36c5",
    "BE_VLG_2021.zip": "ac4b9e12ad39b1cba47fdff1a786c2d7",
    "DE_LS_2021.zip": "6d94e663a3ff7988b32cb36ea24a724f",
    "DE_NRW_2021.zip": "a5af4e520cc433b9014cf8389c8f4c1f",
    "DK_2019.zip": "d296478680edc3173422b379ace323d8",
    "EE_2021.zip": "a7596f6691ad778a912d5a07e7ca6e41",
    "ES_NA_2020.zip": "023f3b397d0f6f7a020508ed8320d543",
    "FR_2018.zip": "282304734f156fb4df93a60b30e54c29",
    "HR_2020.zip": "8bfe2b0cbd580737adcf7335682a1ea5",
    "LT_2021.zip": "c7597214b90505877ee0cfa1232ac45f",
    "LV_2021.zip": "b7253f96c8699d98ca503787f577ce26",
    "NL_2020.zip": "823da32d28695b8b016740449391c0db",
    "PT.zip": "3dba9c89c559b34d57acd286505bcb66",
    "SE_2021.zip": "cab164c1c400fce56f7f1873bc966858",
    "SI_2021.zip": "6b2dde6ba9d09c3ef8145ea520576228",
    "SK_2021.zip": "c7762b4073869673edc08502e7b22f01",
}
#: a release's file (its year, where it has one, dates the parcels)
_FILE = re.compile(r"^[A-Z]{2}(?:_[A-Z]+)?(?:_(?P<date>\d{4}))?_EC(?:21)?\.(?:shp|gpkg)$")
_ZIP = r"^[A-Z]{2}(?:_[A-Z]+)?(?:_\d{4}|_ny)?\.zip$"


def _code_text(code: Any) -> str:
    """An ``EC_hcat_c`` value as the HCAT code string; national files that store the field as
    a number give ``3301010301`` or ``3301010301.0``, others text ("" when missing)."""
    if code is None or isinstance(code, bool):
        return ""
    if isinstance(code, float):
        return str(int(code)) if code.is_integer() else ""
    if isinstance(code, int):
        return str(code)
    return str(code).strip()


def hcat_parent(code: str) -> str | None:
    """The HCAT parent of ``code`` (rightmost non-zero digit set to 0); None for the root."""
    stripped = code.rstrip("0")
    if not stripped:
        return None
    return stripped[:-1] + "0" * (len(code) - len(stripped) + 1)


def _read_hcat(paths: Any) -> list[tuple[str, str]]:
    """``(code, name)`` rows of the first ``HCAT*.csv`` under ``paths`` (empty if none).

    Raises:
        InvalidDataError: the file has no ``*_code`` column.
    """
    for path in find_files(paths, "HCAT*.csv"):
        with open(path, encoding="utf-8-sig", newline="") as handle:
            reader = csv.DictReader(handle)
            header = reader.fieldnames or []
            code = next((c for c in header if c.lower().endswith("_code")), None)
            name = next((c for c in header if c.lower().endswith("_name")), None)
            if code is None:
                raise InvalidDataError(f"{path!r} has no HCAT code column (e.g. HCAT2_code); "
                                       f"its header is {header}")
            return [(row[code].strip(), (row.get(name) or "").strip() if name else "")
                    for row in reader if row.get(code)]
    return []


class EuroCrops(VectorDataset, spec=spec("eurocrops")):
    """Crop-type masks from EuroCrops parcels (``EC_hcat_c``), by HCAT class.

    Args:
        paths: the folder holding the extracted shapefiles (or the zips) and ``HCAT2.csv``.
        crs: target CRS (default: the files' CRS when they share one, else EPSG:4326).
        res: resolution in ``crs`` units (default 1 m, or 1e-5 degree).
        bands: unused (masks only); must be ``None``.
        transforms: a callable applied to each sample.
        classes: HCAT codes (10 digits, at any level) or names (``EC_hcat_n`` / HCAT names)
            to map to 1, 2, ...; a parcel takes the first class among its code and its
            ancestors. Default: every code of ``HCAT2.csv`` (else of the files), in order.
        regions: zip names without ``.zip`` (e.g. ``["AT_2021"]``) to download.
        download: fetch ``HCAT2.csv`` and the regions' zips (all 16 by default) into ``paths``.
        checksum: verify already downloaded files' MD5.

    Raises:
        DatasetNotFoundError: no EuroCrops shapefile under ``paths``.
        InvalidDataError: a file lacks ``EC_hcat_c`` or cannot be read.
        ValueError: ``bands`` given, an unknown region, or a class name unknown to HCAT.
    """

    filename_glob: ClassVar[str] = "*_EC*"
    #: a file's parcels are of its year (crops rotate: a scene pairs with its year's)
    filename_regex: ClassVar[str] = _FILE.pattern
    date_format: ClassVar[str] = "%Y"
    extensions: ClassVar[tuple[str, ...]] = (".shp", ".gpkg")

    def __init__(
        self,
        paths: Any = "data",
        crs: Any = None,
        res: float | tuple[float, float] | None = None,
        bands: Sequence[str] | None = None,
        transforms: Any = None,
        *,
        classes: Sequence[str] | None = None,
        regions: Sequence[str] | None = None,
        download: bool = False,
        checksum: bool = False,
    ) -> None:
        if bands is not None:
            raise ValueError("EuroCrops has no bands (it yields masks)")
        unknown = [r for r in regions or () if f"{r}.zip" not in ZIPS]
        if unknown:
            raise ValueError(f"unknown region(s) {unknown}; choose from "
                             f"{[z[:-4] for z in ZIPS]}")
        if download:
            folder = download_folder(paths, type(self).__name__)
            names = [f"{r}.zip" for r in regions] if regions else list(ZIPS)
            fetch([Resource(_URL.format(HCAT_FILE[0]), HCAT_FILE[0], md5=HCAT_FILE[1],
                            extract=False)]
                  + [Resource(_URL.format(n), n, md5=ZIPS[n]) for n in names], folder, checksum)
        paths = extract_found(paths, _ZIP, lambda archive: any(
            _FILE.match(p.name) and p.name.startswith(archive.stem)
            for p in find_below(archive.parent, "*_EC*")))
        try:
            super().__init__(paths, crs, res, transforms, label_name="EC_hcat_c")
        except DatasetNotFoundError as err:
            raise DatasetNotFoundError(
                type(self).__name__, err.root,
                hint="Expected EuroCrops shapefiles (<CC>_<YEAR>_EC21.shp) and HCAT2.csv from "
                     "https://zenodo.org/records/8229128. Pass download=True or run `geoplug "
                     "datasets download eurocrops --root DIR`.") from None
        if crs is None and len({wkt for wkt, _ in self._src}) > 1:
            self.crs = "EPSG:4326"  # countries in different national CRSs
            if res is None:
                self.res = 1e-5
            else:  # given in the first file's units (metres): it would be degrees now
                raise ValueError(
                    f"the EuroCrops regions under {paths!r} are in several CRSs, so samples are "
                    f"in EPSG:4326 (degrees), where res={res!r} would be {res!r} degrees; pass "
                    "crs= (e.g. EPSG:3035) with res in its units, or leave res out")
        hcat = _read_hcat(paths)
        self.hcat_names = dict(hcat)
        self.classes_chosen = self._choose(classes, hcat)
        self.class_map = {code: k + 1 for k, code in enumerate(self.classes_chosen)}

    def _choose(self, classes: Sequence[str] | None, hcat: list[tuple[str, str]]) -> list[str]:
        if classes is None:
            return [code for code, _ in hcat] or sorted(self._codes_in_files())
        by_name = {name.lower(): code for code, name in hcat if name}
        chosen = []
        for item in classes:
            text = str(item).strip()
            if text.isdigit():
                chosen.append(text)
            elif text.lower() in by_name:
                chosen.append(by_name[text.lower()])
            else:
                raise ValueError(f"class {item!r} is neither an HCAT code nor a name in "
                                 f"HCAT2.csv (e.g. {list(by_name)[:3]})")
        return chosen

    def _codes_in_files(self) -> set[str]:
        codes: set[str] = set()
        for path in self._files:
            with fiona.open(path) as src:
                codes.update(_code_text(f.properties.get("EC_hcat_c")) for f in src)
        return codes - {""}

    def label(self, code: Any) -> int:
        """Mask value of an HCAT code: its first chosen ancestor-or-self, else 0."""
        current: str | None = _code_text(code) or None
        while current:
            if current in self.class_map:
                return self.class_map[current]
            current = hcat_parent(current)
        return 0

    def _load(self, i: int) -> tuple[shapely.STRtree, list[Any], np.ndarray]:
        """Parcels of file ``i`` with their mask values, in the dataset CRS, cached."""
        cached = self._features.get(i)
        if cached is not None:
            return cached
        path, wkt = self._files[i], self._src[i][0]
        geoms: list[Any] = []
        labels: list[int] = []
        try:
            with fiona.open(path) as src:
                for feature in src:
                    value = self.label(feature.properties.get("EC_hcat_c"))
                    if feature.geometry is not None and value:
                        geoms.append(shapely.geometry.shape(feature.geometry))
                        labels.append(value)
        except (FionaError, OSError) as err:
            raise InvalidDataError(f"cannot read vector file {path!r}: {err}") from err
        dst = self._crs.to_wkt()
        if wkt != dst and geoms:
            tr = transformer(wkt, dst)
            geoms = list(shapely.transform(np.asarray(geoms), lambda c: np.column_stack(
                tr.transform(c[:, 0], c[:, 1]))))
        entry = (shapely.STRtree(geoms), geoms, np.asarray(labels, dtype=np.int64))
        self._features[i] = entry
        return entry

    def plot(self, sample: dict[str, Any], show_titles: bool = True,
             suptitle: str | None = None) -> Any:
        """The crop-type mask (and prediction, if present); returns the Figure."""
        from geoplug.core.plot import plot_sample

        names = ["background"] + [self.hcat_names.get(c) or c for c in self.classes_chosen]
        return plot_sample(sample, classes=names, show_titles=show_titles, suptitle=suptitle)
