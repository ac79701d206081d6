"""HabitAlp 2.0: alpine habitat maps of Gesaeuse National Park (Austria), 2003, 2013, 2020.

The Hugging Face dataset ``JR-DIGITAL/habitalp2.0`` holds one folder per epoch and the labels:
``data_<year>/aerial_rgb_<years>.tif`` (R, G, B orthophoto), ``data_<year>/aerial_cir_<years>
.tif`` (colour infrared, bands NIR, R, G; not for 2003), twelve single-band LiDAR terrain
layers ``data_<year>/<layer>.tif`` (``dtm``, ``dsm``, ``ndsm``, ``slope``, ``aspect``,
``curvature``, ``planform_curvature``, ``profile_curvature``, ``roughness_terrain``,
``roughness_canopy``, ``tpi``, ``tri``; not for 2003), and ``labels/classes_<year>.tif``
(habitat classes 1-23, 0 background). There is no official split: 2020 is the held-out epoch
of the paper.

Each file is its own layer; the bands asked for are stacked into ``image`` in the order
R, G, B, NIR, then the terrain layers, all on the first file's grid (or ``crs``/``res``),
and ``mask`` comes from the epoch's labels. ``download=True`` fetches only the files of the
epoch and bands asked for.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, ClassVar

from geoplug.core.download import Resource, fetch
from geoplug.core.geodataset import GeoDataset, IntersectionDataset
from geoplug.core.raster import RasterDataset, find_files
from geoplug.datasets._catalog import spec
from geoplug.datasets._catalog.segmentation_habitalp2 import (
    HABITALP2_FILES,
    HABITALP2_TERRAIN,
)
from geoplug.datasets._geodownload import download_folder
from geoplug.datasets._layers import ClassLayer, image_and_classes_figure, not_found

__all__ = ["HabitAlp2"]

#: the dataset files at the revision TorchGeo pins (no checksums are published)
_URL = ("https://huggingface.co/datasets/JR-DIGITAL/habitalp2.0/resolve/"
        "fbb154a49975f0d3348f40c181f977961be9b670")
_HOMEPAGE = "https://huggingface.co/datasets/JR-DIGITAL/habitalp2.0"
#: 24 colours for the classes (matplotlib's tab20 then four more), background black
_COLORS = {0: (0, 0, 0), **{i + 1: c for i, c in enumerate([
    (31, 119, 180), (174, 199, 232), (255, 127, 14), (255, 187, 120), (44, 160, 44),
    (152, 223, 138), (214, 39, 40), (255, 152, 150), (148, 103, 189), (197, 176, 213),
    (140, 86, 75), (196, 156, 148), (227, 119, 194), (247, 182, 210), (127, 127, 127),
    (199, 199, 199), (188, 189, 34), (219, 219, 141), (23, 190, 207), (158, 218, 229),
    (60, 60, 60), (120, 60, 0), (255, 255, 0)])}}


class _Rgb(RasterDataset):
    filename_glob: ClassVar[str] = "aerial_rgb_*.tif"
    all_bands: ClassVar[tuple[str, ...]] = ("R", "G", "B")


class _Cir(RasterDataset):
    filename_glob: ClassVar[str] = "aerial_cir_*.tif"
    all_bands: ClassVar[tuple[str, ...]] = ("NIR", "R", "G")


class _Terrain(RasterDataset):
    filename_glob: ClassVar[str] = "*.tif"


class _Labels(ClassLayer):
    filename_glob: ClassVar[str] = "classes_*.tif"


class HabitAlp2(IntersectionDataset, spec=spec("habitalp2")):
    """One epoch's orthophotos and terrain layers (``image`` float32 ``[C, H, W]``) with its
    habitat mask (``mask`` int64 ``[H, W]``, 0-23).

    Args:
        paths: the folder holding ``data_<year>/`` and ``labels/`` (a snapshot of the Hugging
            Face dataset; searched recursively).
        crs, res: target grid (default: the first file's CRS and resolution).
        bands: from ``R``, ``G``, ``B``, ``NIR`` and the terrain layers (default R, G, B, NIR;
            R, G, B for 2003, which has nothing else); stacked in the canonical order.
        transforms: a callable applied to each merged sample.
        year: the epoch, 2003, 2013 or 2020.
        download: fetch the epoch's missing files of ``bands`` and its labels into ``paths``.
        checksum: unused: no checksums are published.
        **kwargs: passed to every layer (``cache``, ``merge``, ``keep_dtype`` ...).

    Raises:
        DatasetNotFoundError: a file of the epoch (a band asked for, or the labels) is
            missing under ``paths``.
        ValueError: an unknown year, or a band the epoch does not have.
    """

    homepage: ClassVar[str] = _HOMEPAGE

    def __init__(self, paths: Any = "data", crs: Any = None,
                 res: float | tuple[float, float] | None = None,
                 bands: Sequence[str] | None = None, transforms: Any = None, *,
                 year: int = 2013, download: bool = False, checksum: bool = False,
                 **kwargs: Any) -> None:
        year = int(year)
        if year not in HABITALP2_FILES:
            raise ValueError(f"year is one of {list(HABITALP2_FILES)}, got {year!r}")
        files = dict(HABITALP2_FILES[year])
        if "cir" in files:
            files.update({t: f"data_{year}/{t}.tif" for t in HABITALP2_TERRAIN})
        have = ("R", "G", "B", *(("NIR", *HABITALP2_TERRAIN) if "cir" in files else ()))
        chosen = list(bands) if bands is not None else [b for b in ("R", "G", "B", "NIR")
                                                         if b in have]
        unknown = [b for b in chosen if b not in have]
        if unknown or not chosen:
            raise ValueError(f"bands {unknown or chosen} are not layers of HabitAlp2 {year}; "
                             f"choose from {list(have)}")
        #: the epoch read, and the bands of ``image`` in order
        self.year = year
        self.bands = tuple(b for b in have if b in chosen)
        needed = ([files["rgb"]] if any(b in self.bands for b in "RGB") else []) + (
            [files["cir"]] if "NIR" in self.bands else []) + [
            files[t] for t in HABITALP2_TERRAIN if t in self.bands] + [
            f"labels/classes_{year}.tif"]
        if download:
            folder = download_folder(paths, type(self).__name__)
            fetch([Resource(f"{_URL}/{name}", name, extract=False) for name in needed
                   if not find_files(folder, name)], folder)
        hint = (f"Expected {', '.join(needed)} from {_HOMEPAGE}: pass download=True (with "
                "year= and bands=) or download them there.")
        layers: list[RasterDataset] = []
        for path, layer, read in self._layers(files, needed):
            grid = (crs, res) if not layers else (layers[0].crs, layers[0].res)
            layers.append(self._layer(paths, path, layer, read, grid, hint, kwargs))
        image: GeoDataset = layers[0]
        for layer_ds in layers[1:-1]:
            image = image & layer_ds
        super().__init__(image, layers[-1], transforms)

    def _layer(self, paths: Any, path: str, layer: type[RasterDataset],
               read: Sequence[str] | None, grid: tuple[Any, Any], hint: str,
               kwargs: dict[str, Any]) -> RasterDataset:
        """The layer reading the file ``path`` (relative) under ``paths`` on ``grid``.

        Raises:
            DatasetNotFoundError: no such file (the message names it and how to get it).
        """
        found = find_files(paths, path) or [f"{paths}/{path}"]
        return not_found(type(self).__name__,
                         lambda: layer(found, grid[0], grid[1], read, **kwargs), hint)

    def _layers(self, files: dict[str, str], needed: list[str]
                ) -> list[tuple[str, type[RasterDataset], Sequence[str] | None]]:
        """(file, layer class, bands read) of each file needed, the labels last."""
        out: list[tuple[str, type[RasterDataset], Sequence[str] | None]] = []
        rgb = [b for b in ("R", "G", "B") if b in self.bands]
        if rgb:
            out.append((files["rgb"], _Rgb, rgb))
        if "NIR" in self.bands:
            out.append((files["cir"], _Cir, ["NIR"]))
        out.extend((files[t], _Terrain, None) for t in HABITALP2_TERRAIN if t in self.bands)
        out.append((needed[-1], _Labels, None))
        return out

    def plot(self, sample: dict[str, Any], show_titles: bool = True,
             suptitle: str | None = None) -> Any:
        """True colour (when R, G, B are read, else the first band) next to the habitat mask;
        returns the Figure."""
        return image_and_classes_figure(self, sample, _COLORS,
                                        (f"HabitAlp2 {self.year}", "habitats"), show_titles,
                                        suptitle)
