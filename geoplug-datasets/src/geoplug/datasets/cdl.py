"""CDL: the USDA NASS Cropland Data Layer, an annual crop-type map of the conterminous US.

NASS distributes one national raster per year, ``<year>_30m_cdls.zip`` holding
``<year>_30m_cdls.tif`` (older releases: ``.img``; at the top or in a ``<year>_30m_cdls/``
folder; zips found unextracted under ``paths`` are extracted in place): uint8 class codes,
CONUS Albers Equal Area (EPSG:5070), 30 m, 0 = background / no data, with the official
colour table embedded. The codes are sparse (1 corn, 5 soybeans, 111 open water, ... up to
254); ``ordinal=True`` maps them to contiguous indices ``0..len(classes)-1`` for training,
and ``classes=`` keeps only some of them (the rest become 0, background).
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from pathlib import Path
from typing import Any, ClassVar

import numpy as np
import torch

from geoplug.core.errors import DatasetNotFoundError
from geoplug.core.raster import RasterDataset, find_files
from geoplug.datasets._geodownload import Resource, download_folder, extract_found, fetch

__all__ = ["CDL", "CDL_CLASSES"]

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

_URL = "https://www.nass.usda.gov/Research_and_Science/Cropland/Release/datasets/{}_30m_cdls.zip"
#: MD5 of the national zips as published (years whose archive has been checked).
_MD5: dict[int, str] = {
    2020: "97b3b5fd62177c9ed857010bca146f36", 2019: "49d8052168c15c18f8b81ee21397b0bb",
    2018: "c7a3061585131ef049bec8d06c6d521e", 2017: "dc8c1d7b255c9258d332dd8b23546c93",
    2016: "bb4df1b2ee6cedcc12a7e5a4527fcf1b", 2015: "d17b4bb6ee7940af2c45d6854dafec09",
    2014: "6e0fcc800bd9f090f543104db93bead8", 2013: "38df780d8b504659d837b4c53a51b3f7",
    2012: "2f3b46e6e4d91c3b7e2a049ba1531abc", 2011: "dac7fe435c3c5a65f05846c715315460",
    2010: "18c9a00f5981d5d07ace69e3e33ea105",
}


def _extracted(archive: Path) -> bool:
    """Whether the raster of a national zip (``<year>_30m_cdls.tif``/``.img``) is there."""
    return any(p.suffix.lower() in (".tif", ".img")
               for p in archive.parent.rglob(archive.stem + ".*"))


class CDL(RasterDataset):
    """Cropland Data Layer masks (``mask`` int64 ``[H, W]``), one raster per year.

    Args:
        paths: the folder holding ``<year>_30m_cdls.tif`` (searched recursively), or files.
        crs, res, transforms: see :class:`~geoplug.core.raster.RasterDataset` (default
            EPSG:5070, 30 m). Masks are always resampled with ``nearest``.
        bands: unused (a CDL raster has one band); must be ``None``.
        years: with ``download``, the years to fetch (default: the latest with a checksum).
        classes: raw codes to keep (others become 0); default every code of
            :data:`CDL_CLASSES`.
        ordinal: map kept codes to contiguous indices in the order of ``classes``.
        download: fetch the national zips of ``years`` into ``paths`` when missing.
        checksum: verify an already downloaded zip's MD5.
        **kwargs: ``merge``, ``keep_dtype``, ``cache``, ``use_overviews``.

    Raises:
        DatasetNotFoundError: no CDL raster under ``paths`` (and ``download`` is false).
        ValueError: ``classes`` holds a code that is not a CDL class, or lacks 0.
    """

    filename_glob: ClassVar[str] = "*_30m_cdls.*"
    filename_regex: ClassVar[str] = r"^(?P<date>\d{4})_30m_cdls\.(?:tif|TIF|img|IMG)$"
    date_format: ClassVar[str] = "%Y"
    is_image: ClassVar[bool] = False
    resampling: ClassVar[str | None] = "nearest"
    defers_pixels: ClassVar[bool] = True  # _finish maps a deferred sample's source window

    def __init__(
        self,
        paths: Any = "data",
        crs: Any = None,
        res: float | tuple[float, float] | None = None,
        bands: Sequence[str] | None = None,
        transforms: Any = None,
        *,
        years: Sequence[int] = (2020,),
        classes: Sequence[int] | None = None,
        ordinal: bool = False,
        download: bool = False,
        checksum: bool = False,
        **kwargs: Any,
    ) -> None:
        kept = list(CDL_CLASSES) if classes is None else list(classes)
        unknown = [c for c in kept if c not in CDL_CLASSES]
        if unknown:
            raise ValueError(f"{unknown} are not CDL class codes; see geoplug.datasets.cdl."
                             "CDL_CLASSES")
        if 0 not in kept:
            raise ValueError("classes must include 0 (background), where unkept codes go")
        kept.remove(0)
        self.classes = [0, *kept]
        self.ordinal = ordinal
        lut = np.zeros(256, dtype=np.int64)
        for index, code in enumerate(self.classes):
            lut[code] = index if ordinal else code
        self._lut_u8 = lut.astype(np.uint8)  # every code and index fits: a cheap byte lookup
        if download:
            folder = download_folder(paths, type(self).__name__)
            have = {p.rsplit(os.sep, 1)[-1][:4] for p in find_files(folder, self.filename_glob)}
            todo = [y for y in years if str(y) not in have]
            fetch([Resource(_URL.format(y), f"{y}_30m_cdls.zip", md5=_MD5.get(y))
                   for y in todo], folder, checksum)
        # national zips downloaded by hand: extract those whose raster is not there yet
        extract_found(paths, r"^\d{4}_30m_cdls\.zip$", _extracted)
        try:
            super().__init__(paths, crs, res, bands, transforms, **kwargs)
        except DatasetNotFoundError as err:
            raise DatasetNotFoundError(
                type(self).__name__, err.root,
                hint="Expected <year>_30m_cdls.tif from the NASS national zips. Pass "
                     "download=True (and years=[...]) or run `geoplug datasets download cdl "
                     "--root DIR`.") from None

    @property
    def class_names(self) -> list[str]:
        """Names of the classes in the order of the (ordinal) mask values."""
        return [CDL_CLASSES[c] for c in self.classes]

    def _finish(self, sample: dict[str, Any]) -> dict[str, Any]:
        """Map raw codes to kept codes (or ordinal indices), then apply the transforms.

        A deferred sample's source window is mapped instead: nearest-neighbour resampling
        picks codes, so mapping before it equals mapping after it.
        """
        key = "mask_src" if "mask_src" in sample else "mask"
        codes = sample[key].numpy()
        mapped = np.take(self._lut_u8, codes)  # ~6x cheaper than indexing an int64 tensor
        sample[key] = torch.from_numpy(mapped.astype(codes.dtype, copy=False))
        return super()._finish(sample)

    def colormap(self) -> dict[int, tuple[int, int, int, int]]:
        """The official colour table embedded in the first raster (raw code -> RGBA)."""
        from geoplug.core import handles

        with handles.open_raster(self.files[0]) as src:
            try:
                return dict(src.colormap(1))
            except ValueError:  # no colour table in this copy
                return {}

    def plot(self, sample: dict[str, Any], show_titles: bool = True,
             suptitle: str | None = None) -> Any:
        """The mask in the official CDL colours, with a legend of the classes present."""
        import matplotlib.pyplot as plt
        from matplotlib.patches import Patch

        mask = np.asarray(sample["mask"])
        codes = np.asarray(self.classes)[mask] if self.ordinal else mask
        table = self.colormap()
        rgba = np.zeros((*codes.shape, 4), dtype=np.uint8)
        for code in np.unique(codes):
            rgba[codes == code] = table.get(int(code), (0, 0, 0, 255))
        fig, ax = plt.subplots(figsize=(5, 5))
        ax.imshow(rgba, interpolation="nearest")
        ax.set_axis_off()
        present = [int(c) for c in np.unique(codes) if int(c) in CDL_CLASSES]
        handles_ = []
        for c in present:
            r, g, b, a = table.get(c, (0, 0, 0, 255))
            handles_.append(Patch(color=(r / 255, g / 255, b / 255, a / 255),
                                  label=CDL_CLASSES[c]))
        if show_titles:
            ax.set_title("CDL")
            ax.legend(handles=handles_, loc="upper left", bbox_to_anchor=(1, 1), fontsize=7)
        if suptitle:
            fig.suptitle(suptitle)
        return fig
