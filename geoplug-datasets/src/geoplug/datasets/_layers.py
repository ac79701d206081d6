"""What the global raster layers of issue 19 share: plots, class lookups, zips, pairings.

Each layer is a small :class:`~geoplug.core.raster.RasterDataset` subclass; this module keeps
their figures alike (a class map in the publisher's colours, a continuous map with a colour
bar, imagery next to its labels), wraps the engine's "no file" error with where the
publisher's files come from, checks zips found by hand against published checksums, and
holds the bases: :class:`ClassLayer` (class codes), :class:`ContinuousLayer`
(pixelwise-regression targets), :class:`PairedLayers` (imagery ``&`` labels published side by
side) and :class:`TileLayers` (several co-registered layers per tile, one file each, as
Chesapeake CVPR and EnviroAtlas).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any, ClassVar, TypeVar

import numpy as np

from geoplug.core.archives import find_below
from geoplug.core.download import check_integrity
from geoplug.core.errors import ChecksumError, DatasetNotFoundError
from geoplug.core.geodataset import GeoDataset, IntersectionDataset
from geoplug.core.raster import RasterDataset, path_list

if TYPE_CHECKING:  # pragma: no cover
    from geoplug.core.bbox import BoundingBox, GeoQuery

__all__ = ["ClassLayer", "ContinuousLayer", "PairedLayers", "TileLayers", "bands_sample",
           "check_found_zips",
           "class_figure", "image_and_classes_figure", "init_raster", "not_found",
           "ordinal_lookup",
           "value_figure"]

T = TypeVar("T")


def not_found(name: str, build: Callable[[], T], hint: str) -> T:
    """``build()``, re-raising a missing-data error with ``hint`` (where to get the files).

    Raises:
        DatasetNotFoundError: no file of the layer was found (the message says where it looked
            and ``hint``).
    """
    try:
        return build()
    except DatasetNotFoundError as err:
        raise DatasetNotFoundError(name, err.root, hint=hint) from None


def init_raster(ds: RasterDataset, *args: Any, hint: str, **kwargs: Any) -> None:
    """``RasterDataset.__init__(ds, *args, **kwargs)``, a missing-data error re-raised with
    ``hint`` (where the publisher's files come from; see :func:`not_found`).

    Raises:
        DatasetNotFoundError: no file of the layer was found (the message says where it looked
            and ``hint``).
    """
    not_found(type(ds).__name__, lambda: RasterDataset.__init__(ds, *args, **kwargs), hint)


def ordinal_lookup(codes: Sequence[int]) -> np.ndarray:
    """A uint8 lookup table sending ``codes[i]`` to ``i`` and every other value to 0."""
    lut = np.zeros(256, dtype=np.uint8)
    for index, code in enumerate(codes):
        lut[code] = index
    return lut


def check_found_zips(paths: Any, pattern: str, md5s: Mapping[str, str],
                     extracted: Callable[[Path], bool], where: str) -> None:
    """Verify the MD5 of the zips (``pattern``, a glob) under ``paths`` not extracted yet.

    Raises:
        ChecksumError: a zip does not match its published MD5 (``where`` says where to get
            it again).
    """
    for item in path_list(paths):
        if not Path(item).is_dir():
            continue
        for archive in sorted(find_below(Path(item), pattern)):
            md5 = md5s.get(archive.name)
            if md5 and not extracted(archive) and not check_integrity(archive, md5=md5):
                raise ChecksumError(f"{archive} does not match its published MD5 {md5}; "
                                    f"download it again ({where})")


def bands_sample(ds: RasterDataset, query: BoundingBox) -> dict[str, Any]:
    """A continuous layer's sample: the first band read as ``mask`` (float32 ``[H, W]`` unless
    ``keep_dtype``), each further band under its name, ``crs`` and ``bounds``.

    Raises:
        QueryOutsideDataError: no file intersects ``query``.
        InvalidDataError: a file cannot be read.
    """
    import torch

    array = ds.read(query)
    if not ds.keep_dtype:
        array = array.astype(np.float32)
    sample: dict[str, Any] = {"crs": ds.crs, "bounds": query, "mask": torch.from_numpy(array[0])}
    for band, values in zip(ds.bands[1:], array[1:]):
        sample[band] = torch.from_numpy(values)
    return sample


def class_figure(mask: Any, colors: Mapping[int, Sequence[int]], names: Sequence[str],
                 title: str, show_titles: bool = True, suptitle: str | None = None) -> Any:
    """A class mask drawn in the publisher's colours (``colors[value]``), with a legend.

    ``names[value]`` labels the legend entries of the values present.
    """
    import matplotlib.pyplot as plt
    from matplotlib.patches import Patch

    values = np.asarray(mask.detach().cpu() if hasattr(mask, "detach") else mask)
    rgba = np.zeros((*values.shape, 4), dtype=np.uint8)
    present = [int(v) for v in np.unique(values)]
    for v in present:
        colour = tuple(colors.get(v, (0, 0, 0)))
        rgba[values == v] = colour if len(colour) == 4 else (*colour, 255)
    fig, ax = plt.subplots(figsize=(5, 5))
    ax.imshow(rgba, interpolation="nearest")
    ax.set_axis_off()
    if show_titles:
        ax.set_title(title)
        legend = []
        for v in present:
            if 0 <= v < len(names):
                c = tuple(colors.get(v, (0, 0, 0)))
                rgb = (c[0] / 255, c[1] / 255, c[2] / 255)
                legend.append(Patch(color=rgb, label=names[v]))
        if legend:
            ax.legend(handles=legend, loc="upper left", bbox_to_anchor=(1, 1), fontsize=7)
    if suptitle:
        fig.suptitle(suptitle)
    return fig


def value_figure(values: Any, title: str, unit: str, show_titles: bool = True,
                 suptitle: str | None = None, nodata: float | None = None) -> Any:
    """A continuous layer (elevation, biomass, height) with a colour bar in ``unit``."""
    import matplotlib.pyplot as plt

    data = np.asarray(values.detach().cpu() if hasattr(values, "detach") else values,
                      dtype=np.float64)
    if data.ndim == 3:
        data = data[0]
    if nodata is not None:
        data = np.where(data == nodata, np.nan, data)
    fig, ax = plt.subplots(figsize=(5, 4))
    shown = ax.imshow(data, cmap="viridis", interpolation="nearest")
    ax.set_axis_off()
    fig.colorbar(shown, ax=ax, label=unit)
    if show_titles:
        ax.set_title(title)
    if suptitle:
        fig.suptitle(suptitle)
    return fig


def image_and_classes_figure(dataset: Any, sample: dict[str, Any],
                             colors: Mapping[int, Sequence[int]], titles: tuple[str, str],
                             show_titles: bool = True, suptitle: str | None = None) -> Any:
    """True colour (``dataset.rgb_bands`` when read, else the first band) next to the class
    mask in ``colors``; returns the Figure."""
    import matplotlib.pyplot as plt

    from geoplug.core.plot import to_display

    bands = list(dataset.bands)
    rgb = [bands.index(b) for b in dataset.rgb_bands if b in bands]
    mask = np.asarray(sample["mask"])
    colours = np.zeros((*mask.shape, 3), dtype=np.uint8)
    for index, colour in colors.items():
        colours[mask == index] = colour[:3]
    fig, axes = plt.subplots(1, 2, figsize=(8, 4))
    image = to_display(sample["image"], rgb if len(rgb) == 3 else ())
    axes[0].imshow(image, cmap=None if image.ndim == 3 else "gray")
    axes[1].imshow(colours, interpolation="nearest")
    for ax, title in zip(axes, titles):
        ax.set_axis_off()
        if show_titles:
            ax.set_title(title)
    if suptitle:
        fig.suptitle(suptitle)
    return fig


class ClassLayer(RasterDataset):
    """A layer of class codes read as ``mask`` int64 ``[H, W]``: nearest resampling, so a
    reprojected pixel keeps a published code (a subclass may recode with ``_lookup``)."""

    is_image: ClassVar[bool] = False
    resampling: ClassVar[str | None] = "nearest"


class ContinuousLayer(RasterDataset):
    """A layer of continuous quantities read as pixelwise-regression targets: the first band
    read is ``mask`` float32 ``[H, W]``, each further band comes under its name; nearest
    resampling keeps the published values. Subclasses set ``units`` (band -> unit) and
    ``title``."""

    is_image: ClassVar[bool] = False
    resampling: ClassVar[str | None] = "nearest"
    mask_dtype: ClassVar[str] = "float32"
    units: ClassVar[dict[str, str]] = {}
    title: ClassVar[str] = ""

    def __getitem__(self, query: GeoQuery) -> dict[str, Any]:
        """``mask`` (the first band), further bands under their names, ``crs``, ``bounds``.

        Raises:
            QueryOutsideDataError: no file intersects ``query``.
            InvalidDataError: a file cannot be read.
        """
        return self._finish(bands_sample(self, self._box(query)))

    def plot(self, sample: dict[str, Any], show_titles: bool = True,
             suptitle: str | None = None) -> Any:
        """The first band with a colour bar in its unit; returns the Figure."""
        band = self.bands[0] if self.bands else ""
        return value_figure(sample["mask"], f"{self.title} {band}".strip(),
                            self.units.get(band, ""), show_titles, suptitle)


class PairedLayers(IntersectionDataset):
    """``image & mask`` of a product published as imagery and labels side by side.

    Subclasses name the two layer classes (``image_layer``, ``mask_layer``) and where the
    files come from (``homepage``); both layers are built from the same ``paths`` and stay
    usable on their own (``dataset.image``, ``dataset.mask``).

    Args:
        paths: the folder holding the product (searched recursively), or files.
        crs, res: target grid (default: the first image file's CRS, ``default_res`` or the
            files' resolution).
        bands: bands stacked into ``image`` (default :attr:`default_bands`, else all).
        transforms: a callable applied to each merged sample.
        **kwargs: passed to both layers (``cache``, ``merge``, ``keep_dtype`` ...).

    Raises:
        DatasetNotFoundError: no image (or no mask) file under ``paths``.
        InvalidDataError: a band file is missing, or no mask overlaps the imagery.
        ValueError: unknown band names.
    """

    image_layer: ClassVar[type[RasterDataset]]
    mask_layer: ClassVar[type[RasterDataset]]
    default_bands: ClassVar[tuple[str, ...]] = ()
    default_res: ClassVar[float | None] = None
    rgb_bands: ClassVar[tuple[str, ...]]  # from the subclass's spec
    homepage: ClassVar[str] = ""
    files_hint: ClassVar[str] = "the image files and the masks beside them"
    #: class index -> display colour of the mask (:meth:`plot`)
    colors: ClassVar[Mapping[int, Sequence[int]]] = {}
    #: titles of the image and mask panels (:meth:`plot`)
    panel_titles: ClassVar[tuple[str, str]] = ("image", "mask")

    def __init__(self, paths: Any = "data", crs: Any = None,
                 res: float | tuple[float, float] | None = None,
                 bands: Sequence[str] | None = None, transforms: Any = None,
                 **kwargs: Any) -> None:
        name = type(self).__name__
        hint = f"Expected {self.files_hint}. Download them from {self.homepage} and put them there."
        image = not_found(name, lambda: self.image_layer(
            paths, crs, res if res is not None else self.default_res,
            bands or self.default_bands or None, **kwargs), hint)
        mask = not_found(name, lambda: self.mask_layer(paths, image.crs, image.res, **kwargs),
                         hint)
        #: the two layers (also usable on their own)
        self.image, self.mask = image, mask
        self.bands = image.bands
        super().__init__(image, mask, transforms)

    def plot(self, sample: dict[str, Any], show_titles: bool = True,
             suptitle: str | None = None) -> Any:
        """True colour (when its bands are read) next to the mask in :attr:`colors`; returns
        the Figure."""
        return image_and_classes_figure(self, sample, self.colors, self.panel_titles,
                                        show_titles, suptitle)


class TileLayers(GeoDataset):
    """Tiles published as one file per layer: the image layers (``bands``) stacked into
    ``image``, ``mask_layer`` as ``mask`` and each of ``extra_layers`` under its own name.

    Each layer is its own :class:`~geoplug.core.raster.RasterDataset`, all kept on the first
    layer's grid (a new ``crs`` or ``res`` reaches every layer). A subclass validates its layer
    names, sets ``bands``, ``mask_layer`` and ``extra_layers``, calls :meth:`_build_layers`,
    and may convert a layer's values in :meth:`_layer_value` (e.g. a class lookup).
    """

    bands: tuple[str, ...]
    mask_layer: str | None
    extra_layers: tuple[str, ...]

    def _build_layers(self, layer_class: Callable[[str], type[RasterDataset]],
                      folders: list[str], crs: Any, res: float | tuple[float, float] | None,
                      cache: bool) -> None:
        """Build every layer asked for (image layers first) from the tile ``folders``.

        Raises:
            DatasetNotFoundError: a layer has no file in ``folders``.
        """
        #: layer name -> the RasterDataset reading it
        self.layers: dict[str, RasterDataset] = {}
        order = [*self.bands, *(m for m in (self.mask_layer, *self.extra_layers)
                                if m is not None)]
        for layer in dict.fromkeys(order):
            ds = layer_class(layer)(folders, crs=crs, res=res, cache=cache)
            if self.layers:
                first = next(iter(self.layers.values()))
                ds.crs, ds.res = first.crs, first.res
            self.layers[layer] = ds
        first = self.layers[order[0]]
        self._crs, self._res = first.crs, first.res
        self.index = first.index

    def _set_crs(self, crs: Any) -> None:
        for ds in self.layers.values():
            ds.crs = crs
        self._crs = crs
        self.index = next(iter(self.layers.values())).index

    @GeoDataset.res.setter  # type: ignore[attr-defined,untyped-decorator]
    def res(self, value: float | tuple[float, float]) -> None:
        GeoDataset.res.fset(self, value)  # type: ignore[attr-defined]
        for ds in self.layers.values():
            ds.res = value

    def _layer_value(self, layer: str, value: Any) -> Any:
        """The sample value of a non-image ``layer`` as read (a subclass may remap it)."""
        return value

    def __getitem__(self, query: GeoQuery) -> dict[str, Any]:
        """``image`` (image layers stacked), ``mask`` and extra layers for ``query``.

        Raises:
            QueryOutsideDataError: no tile intersects ``query``.
        """
        import torch

        query = self._box(query)
        self._hits(query)
        sample: dict[str, Any] = {
            "image": torch.cat([self.layers[b][query]["image"] for b in self.bands]),
            "crs": self._crs, "bounds": query}
        for layer in (self.mask_layer, *self.extra_layers):
            if layer is not None:
                got = self.layers[layer][query]
                value = self._layer_value(layer, got["mask"] if "mask" in got else got["image"])
                sample["mask" if layer == self.mask_layer else layer] = value
        return self._finish(sample)
