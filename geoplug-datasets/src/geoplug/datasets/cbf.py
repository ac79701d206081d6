"""Canadian Building Footprints (Microsoft, v2): building polygons rasterised to masks.

Microsoft distributes one zip per province or territory, ``<Province>.zip`` holding
``<Province>.geojson`` (WGS 84 polygons, no properties), e.g. ``Alberta.zip`` ->
``Alberta.geojson``; zips found unextracted under ``paths`` are extracted in place. A
sample's ``mask`` is 1 on buildings, 0 elsewhere.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, ClassVar

from geoplug.core.archives import find_below
from geoplug.core.download import Resource, fetch
from geoplug.core.errors import DatasetNotFoundError
from geoplug.core.filematch import path_list
from geoplug.core.raster import find_files
from geoplug.core.vector import VectorDataset
from geoplug.datasets._catalog import spec
from geoplug.datasets._geodownload import download_folder, extract_found

__all__ = ["CanadianBuildingFootprints"]

_URL = "https://minedbuildings.z5.web.core.windows.net/legacy/canadian-buildings-v2/{}.zip"
#: Province/territory archives as published, with their MD5.
PROVINCES: dict[str, str] = {
    "Alberta": "8b4190424e57bb0902bd8ecb95a9235b",
    "BritishColumbia": "fea05d6eb0006710729c675de63db839",
    "Manitoba": "adf11187362624d68f9c69aaa693c46f",
    "NewBrunswick": "44269d4ec89521735389ef9752ee8642",
    "NewfoundlandAndLabrador": "65dd92b1f3f5f7222ae5edfad616d266",
    "NorthwestTerritories": "346d70a682b95b451b81b47f660fd0e2",
    "NovaScotia": "bd57cb1a7822d72610215fca20a12602",
    "Nunavut": "c1f29b73cdff9a6a9dd7d086b31ef2cf",
    "Ontario": "76ba4b7059c5717989ce34977cad42b2",
    "PrinceEdwardIsland": "2e4a3fa47b3558503e61572c59ac5963",
    "Quebec": "9ff4417ae00354d39a0cf193c8df592c",
    "Saskatchewan": "a51078d8e60082c7d3a3818240da6dd5",
    "YukonTerritory": "c11f3bd914ecabd7cac2cb2871ec0261",
}


class CanadianBuildingFootprints(VectorDataset, spec=spec("canadian_building_footprints")):
    """Building masks from the per-province GeoJSON files.

    Args:
        paths: the folder holding ``<Province>.geojson`` files (searched recursively).
        crs: target CRS (default EPSG:4326, the files'); pick a UTM zone for metre patches.
        res: resolution in ``crs`` units (default 1e-5 degree, about 1 m).
        bands: unused (masks only); must be ``None``.
        transforms: a callable applied to each sample.
        provinces: which provinces to read / download (default: every one present, or all
            13 for ``download``).
        download: fetch the missing provinces' zips into ``paths``.
        checksum: verify already downloaded zips' MD5.

    Raises:
        DatasetNotFoundError: no province file under ``paths``.
        ValueError: an unknown province name, or ``bands`` given.
    """

    filename_glob: ClassVar[str] = "*.geojson"
    extensions: ClassVar[tuple[str, ...]] = (".geojson",)

    def __init__(
        self,
        paths: Any = "data",
        crs: Any = None,
        res: float | tuple[float, float] | None = None,
        bands: Sequence[str] | None = None,
        transforms: Any = None,
        *,
        provinces: Sequence[str] | None = None,
        download: bool = False,
        checksum: bool = False,
    ) -> None:
        if bands is not None:
            raise ValueError("CanadianBuildingFootprints has no bands (it yields masks)")
        unknown = [p for p in provinces or () if p not in PROVINCES]
        if unknown:
            raise ValueError(f"unknown province(s) {unknown}; choose from {list(PROVINCES)}")
        self.provinces = list(provinces or PROVINCES)
        if download:
            folder = download_folder(paths, type(self).__name__)
            missing = [p for p in self.provinces if not any(find_below(folder, f"{p}.geojson"))]
            fetch([Resource(_URL.format(p), f"{p}.zip", md5=PROVINCES[p]) for p in missing],
                  folder, checksum)
        # province zips downloaded by hand: extract those whose GeoJSON is not there yet
        extract_found(paths, rf"^(?:{'|'.join(self.provinces)})\.zip$",
                      lambda archive: any(find_below(archive.parent, archive.stem + ".geojson")))
        if provinces is not None:  # read only the provinces asked for
            chosen = [f for p in self.provinces for f in find_files(paths, f"{p}.geojson")]
            if not chosen:  # (other provinces' files are not these)
                raise DatasetNotFoundError(
                    type(self).__name__, path_list(paths),
                    hint=f"No GeoJSON of the provinces asked for ({', '.join(self.provinces)})."
                         " Pass download=True or run `geoplug datasets download "
                         "canadian_building_footprints --root DIR`.")
            paths = chosen
        try:
            super().__init__(paths, crs, res, transforms)
        except DatasetNotFoundError as err:
            raise DatasetNotFoundError(
                type(self).__name__, err.root,
                hint="Expected <Province>.geojson files from Microsoft's per-province zips. "
                     "Pass download=True or run `geoplug datasets download "
                     "canadian_building_footprints --root DIR`.") from None

    def plot(self, sample: dict[str, Any], show_titles: bool = True,
             suptitle: str | None = None) -> Any:
        """The building mask (and prediction, if present); returns the Figure."""
        from geoplug.core.plot import plot_sample

        return plot_sample(sample, classes=self.classes,
                           show_titles=show_titles, suptitle=suptitle)
