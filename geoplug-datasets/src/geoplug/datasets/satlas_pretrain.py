"""SatlasPretrain: Sentinel-2 / Sentinel-1 / Landsat / NAIP tiles of the Web-Mercator grid.

Layout as released (Bastani et al., https://github.com/allenai/satlas, SatlasPretrain.md):
tarballs ``satlas-dataset-v1-<product>.tar`` extract to ``sentinel2/``, ``sentinel1/``,
``landsat/``, ``naip/``, ``static/`` and ``metadata/`` (also accepted under a ``satlas/``
folder). Images are
``<product>/<image name>/<band>/<col>_<row>.png``: one folder per remote-sensing image
(``S2A_MSIL1C_20160808T181452_…``, ``m_2508008_nw_17_1_20151013``), one sub-folder per band
(``tci`` is the RGB true colour; Sentinel-2 adds ``b05`` … ``b12``, NAIP ``ir``, Sentinel-1
``vh``/``vv``; the 2022 Landsat 8/9 images, one folder per month ``landsat/<YYYY-MM>/``, hold
``b1`` … ``b11`` at their own sizes: the 15 m ``b8`` finest), one PNG per zoom-13 tile (NAIP:
zoom 17). The splits are ``metadata/<split>.json``, lists of ``[col, row]``. Static labels are
grey PNGs ``static/<col>_<row>/<task>.png`` (0: invalid, k: the k-th category).
``metadata/good_images_<lowres|highres>_all.json`` lists the ``[col, row, image name]`` the
publisher found usable (few cloudy or missing pixels); when the split's list is there, only
those images are used (``good_images=False`` uses every image).

A sample is a tile: per chosen product the most recent image holding it (the date in the
image name; SatlasPretrain's static labels describe that image), bands on the grid of its
first PNG (Landsat: of ``b8``; bilinear), and ``mask_<label>`` per requested static label
(zeros where the tile lacks it, i.e. not annotated). Tiles of the split without an image of a
product are left out. Landsat 8/9 names its bands ``B1`` … ``B11`` like the sensor; those
sharing a name with Sentinel-2 (``B2`` … ``B8``, ``B11``) are selected in both products.
"""

from __future__ import annotations

import json
import os
from collections.abc import Sequence
from pathlib import Path
from typing import ClassVar

import numpy as np

from geoplug.core.download import Resource
from geoplug.core.errors import InvalidDataError
from geoplug.core.nongeo import Sample, Transforms
from geoplug.datasets._catalog import spec
from geoplug.datasets._catalog.pretraining import SATLAS_PRODUCTS
from geoplug.datasets._chipio import read_image
from geoplug.datasets._corpus import date_key
from geoplug.datasets._multimodal import MultiModalChipDataset

__all__ = ["SatlasPretrain"]

_S3 = "https://ai2-public-datasets.s3.amazonaws.com/satlas"
_R2 = "https://pub-956f3eb0f5974f37b9228e0a62f449bf.r2.dev/satlaspretrain"
#: tarballs per product folder (the publisher lists no checksums)
TARBALLS: dict[str, tuple[str, ...]] = {
    "sentinel2": (f"{_S3}/satlas-dataset-v1-sentinel2-a.tar",
                  f"{_S3}/satlas-dataset-v1-sentinel2-b.tar"),
    "naip": tuple(f"{_S3}/satlas-dataset-v1-naip-{year}.tar" for year in range(2011, 2021)),
    "sentinel1": (f"{_R2}/satlas-dataset-v1-sentinel1.tar",),
    "landsat": (f"{_R2}/satlas-dataset-v1-landsat.tar",),
    "static": (f"{_S3}/satlas-dataset-v1-labels-static.tar",),
    "metadata": (f"{_S3}/satlas-dataset-v1-metadata.tar",),
}

#: product -> the band folder whose PNG sets the sample's grid (default: the first band's)
_GRID = {"landsat": "b8"}


def _resize(plane: np.ndarray, shape: tuple[int, int]) -> np.ndarray:
    """A 2-D plane resampled bilinearly (in float) to ``shape``."""
    if plane.shape == shape:
        return plane.astype(np.float32)
    from PIL import Image

    image = Image.fromarray(plane.astype(np.float32))
    return np.asarray(image.resize((shape[1], shape[0]), Image.Resampling.BILINEAR))


class SatlasPretrain(MultiModalChipDataset, spec=spec("satlas_pretrain")):
    """``image_<product>`` float32 [C,H,W] per product (``sentinel2``, ``naip``, ``sentinel1``,
    ``landsat``).

    ``modalities`` defaults to ``["naip"]`` for the ``*_highres`` splits and
    ``["sentinel2"]`` otherwise; ``labels`` names static label PNGs to add as int64
    ``mask_<label>`` (e.g. ``["land_cover"]``); ``good_images`` keeps to the publisher's list of
    usable images when it is there.
    """

    modality_bands: ClassVar[dict[str, tuple[str, ...]]] = {
        product: tuple(b for b, _, _ in bands) for product, bands in SATLAS_PRODUCTS.items()}
    resources: ClassVar[tuple[Resource, ...]] = tuple(
        Resource(url=url, filename=url.rsplit("/", 1)[1])
        for urls in TARBALLS.values() for url in urls
    )

    def __init__(
        self,
        root: str | os.PathLike[str] = "data",
        split: str = "train_lowres",
        bands: Sequence[str] | None = None,
        transforms: Transforms | None = None,
        download: bool = False,
        checksum: bool = False,
        modalities: Sequence[str] | None = None,
        labels: Sequence[str] = (),
        good_images: bool = True,
    ) -> None:
        """
        Args:
            modalities: image products to load (default by the split's resolution).
            labels: static label names (PNG stems under ``static/<col>_<row>/``).
            good_images: use only the images of ``metadata/good_images_<lowres|highres>_all
                .json`` (the split's resolution) when that file is there.

        Raises:
            ValueError: unknown modality, split or band.
            DatasetNotFoundError: files absent and ``download`` is False.
            InvalidDataError: no tile of the split has an image of every chosen product.
        """
        if modalities is None:
            modalities = ["naip"] if "highres" in split else ["sentinel2"]
        self.labels = tuple(labels)
        self.good_images = good_images
        super().__init__(root, split, bands, transforms, download, checksum, modalities)

    @property
    def folder(self) -> Path:
        nested = self.root / "satlas"
        return nested if (nested / "metadata").is_dir() else self.root

    def _products(self) -> list[str]:
        return [*self.modalities, "metadata", *(["static"] if self.labels else [])]

    def _needed(self) -> list[Resource]:
        wanted = {url.rsplit("/", 1)[1] for p in self._products() for url in TARBALLS[p]}
        return [r for r in self.resources if r.filename in wanted]

    def _exists(self) -> bool:
        return (self.folder / "metadata" / f"{self.split}.json").is_file() and all(
            (self.folder / p).is_dir() for p in self._products() if p != "metadata")

    def _good(self) -> set[tuple[str, str]] | None:
        """The usable ``(col_row, image name)`` pairs of the split's resolution (of its
        Sentinel-2, or NAIP, images), or None when not filtering (``good_images=False`` or no
        list).

        Raises:
            InvalidDataError: the list is not JSON ``[[col, row, name], ...]``.
        """
        resolution = "highres" if "highres" in self.split else "lowres"
        path = self.folder / "metadata" / f"good_images_{resolution}_all.json"
        if not self.good_images or not path.is_file():
            return None
        try:
            with open(path, encoding="utf-8") as f:
                return {(f"{int(col)}_{int(row)}", str(name)) for col, row, name in json.load(f)}
        except (ValueError, TypeError) as err:
            raise InvalidDataError(f"satlas_pretrain: {path} is not a list of [col, row, image "
                                   f"name] ({err}); extract satlas-dataset-v1-metadata.tar "
                                   "again or pass good_images=False") from err

    def _images_by_tile(self, product: str,
                        good: set[tuple[str, str]] | None = None) -> dict[str, Path]:
        """tile ``col_row`` -> the most recent image folder of ``product`` holding it (among
        the ``good`` pairs when given)."""
        first = _GRID.get(product, SATLAS_PRODUCTS[product][0][1])
        latest: dict[str, Path] = {}
        images = sorted((p for p in (self.folder / product).iterdir() if p.is_dir()),
                        key=date_key)
        for image in images:  # oldest first: later images overwrite
            band_dir = image / first
            if band_dir.is_dir():
                for png in band_dir.glob("*.png"):
                    if good is None or (png.stem, image.name) in good:
                        latest[png.stem] = image
        return latest

    def _load(self) -> None:
        with open(self.folder / "metadata" / f"{self.split}.json", encoding="utf-8") as f:
            tiles = [f"{int(col)}_{int(row)}" for col, row in json.load(f)]
        good = self._good()
        # the publisher's list names the images of one product, the one the paper's release
        # was made from (Sentinel-2 at low resolution, NAIP at high): the later Sentinel-1 and
        # Landsat releases are not in it
        listed = "naip" if "highres" in self.split else "sentinel2"
        found = {m: self._images_by_tile(m, good if m == listed else None)
                 for m in self.modalities}
        self.tiles = [t for t in tiles if all(t in found[m] for m in self.modalities)]
        self.images = {m: [found[m][t] for t in self.tiles] for m in self.modalities}

    def _empty_reason(self) -> str:
        return (f"none of the tiles in metadata/{self.split}.json has an image of every product "
                f"{list(self.modalities)} under {self.folder}"
                + (" listed in the publisher's good_images file (pass good_images=False to use "
                   "every image)" if self._good() is not None else "")
                + "; extract the product tarballs")

    def __len__(self) -> int:
        return len(self.tiles)

    def _read_modality(self, index: int, modality: str, indices: list[int]) -> np.ndarray:
        image = self.images[modality][index]
        tile = self.tiles[index]
        layout = SATLAS_PRODUCTS[modality]
        cache: dict[str, np.ndarray] = {}
        planes: list[np.ndarray] = []
        shape: tuple[int, int] | None = None
        for i in indices:
            _, folder, channel = layout[i]
            if folder not in cache:
                array = read_image(image / folder / f"{tile}.png", "RGB" if folder == "tci"
                                   else "L")
                cache[folder] = array if array.ndim == 3 else array[None]
            plane = cache[folder][channel]
            shape = shape or self._shape(image, tile, _GRID.get(modality, layout[0][1]))
            planes.append(_resize(plane, shape))
        return np.stack(planes)

    @staticmethod
    def _shape(image: Path, tile: str, first: str) -> tuple[int, int]:
        """The grid of the product's band folder ``first`` for this image and tile."""
        from PIL import Image

        with Image.open(image / first / f"{tile}.png") as img:
            return (img.height, img.width)

    def _targets(self, index: int, sample: Sample) -> Sample:
        import torch

        out: Sample = {}
        if not self.labels:
            return out
        shape = next(iter(sample.values())).shape[-2:]
        for label in self.labels:
            path = self.folder / "static" / self.tiles[index] / f"{label}.png"
            mask = (read_image(path, "L").astype(np.int64) if path.is_file()
                    else np.zeros(tuple(shape), dtype=np.int64))
            out[f"mask_{label}"] = torch.from_numpy(mask)
        return out
