"""Helpers shared by the image/mask segmentation benchmarks (LoveDA, Inria, DeepGlobe, ...).

They read pairs of files the way the publishers lay them out: find the dataset folder whether
the archive was extracted into ``root`` or into one folder below it, decode colour-coded masks
into class indices, and build the ``{"image", "mask", ...}`` sample the design prescribes.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np

from geoplug.core.errors import DatasetNotFoundError, InvalidDataError

if TYPE_CHECKING:  # pragma: no cover
    from geoplug.core.nongeo import NonGeoDataset

__all__ = ["check_codes", "colours_to_index", "exact_colours_to_index", "locate",
           "prepare_manual", "read_mask", "rgb_dem_stack", "seg_sample"]


def locate(root: Path, marker: str) -> Path:
    """The folder holding ``marker`` (a relative path): ``root``, or the one folder below it
    that holds it (an archive extracted into a folder of its own); ``root`` if neither."""
    if (root / marker).exists() or not root.is_dir():
        return root
    found = sorted({root / p.relative_to(root).parts[0] for p in root.glob(f"*/{marker}")})
    return found[0] if len(found) == 1 else root


def prepare_manual(dataset: NonGeoDataset, checksum: bool, hint: str) -> None:
    """Extract the split's archives when they are on disk; never "download" a login page.

    For publishers that hand files out only after a login or request form: the resources'
    URLs name that page, so the files must be put in ``root`` by the user.

    Raises:
        DatasetNotFoundError: neither the extracted files nor the archives are there (the
            message is ``hint``: where to get them).
        ChecksumError: ``checksum`` is True and an archive does not match.
        InvalidDataError: the files are still missing after extraction.
    """
    from geoplug.core.download import fetch

    if dataset._exists():
        return
    needed = dataset._needed()
    if not needed or any(not (dataset.root / r.filename).is_file() for r in needed):
        raise DatasetNotFoundError(dataset.name, dataset.root, hint=hint)
    fetch(needed, dataset.root, checksum)
    if not dataset._exists():
        raise InvalidDataError(
            f"{dataset.name}: the files expected in {dataset.root} are missing even after "
            f"extracting {', '.join(r.filename for r in needed)}; the archive may be "
            "incomplete or of another release — delete it and get it again")


def seg_sample(image: np.ndarray, mask: np.ndarray | None, **extra: Any) -> dict[str, Any]:
    """``image`` float32 ``[C,H,W]``, ``mask`` int64 ``[H,W]`` (omitted when None) and extras.

    Raises:
        InvalidDataError: image and mask differ in size (the pair does not belong together).
    """
    import torch

    sample: dict[str, Any] = {"image": torch.from_numpy(
        np.ascontiguousarray(image, dtype=np.float32))}
    if mask is not None:
        if mask.shape[-2:] != image.shape[-2:]:
            raise InvalidDataError(
                f"mask is {mask.shape[-2]}x{mask.shape[-1]} px but its image is "
                f"{image.shape[-2]}x{image.shape[-1]}; the files are not a pair — extract the "
                "archive again")
        sample["mask"] = torch.from_numpy(np.ascontiguousarray(mask, dtype=np.int64))
    sample.update(extra)
    return sample


def colours_to_index(rgb: np.ndarray, colours: Sequence[tuple[int, int, int]],
                     path: Path | str = "mask", threshold: int = 128) -> np.ndarray:
    """Class indices ``[H,W]`` of a colour-coded ``[3,H,W]`` mask (index = position in
    ``colours``).

    Channels are binarised at ``threshold`` first, because JPEG/PNG re-encoding of published
    masks leaves values near 0 and 255 rather than exactly on them.

    Raises:
        InvalidDataError: a pixel has a colour that is none of ``colours``.
    """
    bits = (rgb >= threshold).astype(np.int64)
    code = bits[0] * 4 + bits[1] * 2 + bits[2]
    lookup = np.full(8, -1, dtype=np.int64)
    for index, colour in enumerate(colours):
        c = [int(v >= threshold) for v in colour]
        if lookup[c[0] * 4 + c[1] * 2 + c[2]] >= 0:  # binarised, two classes would merge
            raise ValueError(f"class colours {list(colours)} are not told apart by "
                             f"binarising at {threshold}; use exact_colours_to_index")
        lookup[c[0] * 4 + c[1] * 2 + c[2]] = index
    out = lookup[code]
    if (out < 0).any():
        row, col = (int(v[0]) for v in np.nonzero(out < 0))
        raise InvalidDataError(
            f"{path}: pixel (row {row}, col {col}) has colour {tuple(rgb[:, row, col].tolist())}, "
            f"which is not one of the class colours {list(colours)}")
    return out


def rgb_dem_stack(image_path: Path, dem_path: Path, band_indices: Sequence[int]
                  ) -> tuple[np.ndarray, dict[str, Any]]:
    """The selected bands of an RGB image plus its DEM (band index 3) as float32 ``[C,H,W]``.

    Only the files the selection needs are read; a DEM of another size (DFC2022's is 1 m for
    0.5 m images) is resampled bilinearly onto the image grid. Also returns ``crs``/``bounds``
    of the image (``{}`` if it has none).

    Raises:
        InvalidDataError: a file is missing or unreadable.
    """
    import warnings

    from rasterio.errors import NotGeoreferencedWarning

    from geoplug.datasets._chipio import geo_fields, read_raster

    rgb = [i for i in band_indices if i < 3]
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", NotGeoreferencedWarning)
        array, transform, crs = read_raster(image_path, rgb or [0])
        height, width = array.shape[-2:]
        layers = {i: array[k] for k, i in enumerate(rgb)}
        if 3 in band_indices:
            if not dem_path.is_file():
                raise InvalidDataError(f"{image_path.name} has no DEM {dem_path}; extract the "
                                       "archive again")
            layers[3] = read_raster(dem_path, [0], out_shape=(height, width))[0][0]
    image = np.stack([layers[i].astype(np.float32) for i in band_indices])
    return image, geo_fields(transform, crs, (height, width))


def read_mask(path: Path, codes_of: str | None = None) -> np.ndarray:
    """The first band of a label file as ``[H,W]``, values as stored.

    PNG masks are decoded with Pillow *without* a palette or colour conversion (a palette PNG
    holds class indices); other formats are read with rasterio, un-georeferenced ones without
    a warning. ``codes_of`` names what a one-band class-code PNG should be: a PNG of several
    bands (a colour rendering in its place, whose red channel could pass as codes) is refused.

    Raises:
        InvalidDataError: the file is missing or cannot be decoded, or (with ``codes_of``) is
            a PNG of several bands.
    """
    if path.suffix.lower() == ".png":
        from PIL import Image, UnidentifiedImageError

        try:
            with Image.open(path) as img:
                array = np.asarray(img)
        except (OSError, UnidentifiedImageError) as exc:
            raise InvalidDataError(f"cannot read {path}: {exc}; the file may be truncated — "
                                   "extract the archive again") from exc
        if array.ndim == 2:
            return array
        if codes_of is not None:
            raise InvalidDataError(f"{path} has {array.shape[-1]} bands, not one band of class "
                                   f"codes; the file is not {codes_of}")
        return array[..., 0]
    import warnings

    from rasterio.errors import NotGeoreferencedWarning

    from geoplug.datasets._chipio import read_raster

    with warnings.catch_warnings():
        warnings.simplefilter("ignore", NotGeoreferencedWarning)
        return read_raster(path, [0])[0][0]


def check_codes(mask: np.ndarray, num_classes: int, path: Path, what: str) -> np.ndarray:
    """``mask`` unchanged when every code is below ``num_classes``.

    Raises:
        InvalidDataError: a pixel holds a larger code (names the file, the pixel and ``what``
            the file should be).
    """
    if mask.size and int(mask.max()) >= num_classes:
        row, col = (int(v[0]) for v in np.nonzero(mask >= num_classes))
        raise InvalidDataError(
            f"{path}: pixel (row {row}, col {col}) holds {int(mask[row, col])}, not a class "
            f"code 0-{num_classes - 1}; the file is not {what}")
    return mask


def exact_colours_to_index(rgb: np.ndarray, colours: Sequence[tuple[int, int, int]],
                           path: Path) -> np.ndarray:
    """Class indices ``[H,W]`` (int64) of a lossless colour label ``[3,H,W]``: index = position
    of the pixel's colour in ``colours``, matched exactly (many colours, no binarising).

    Raises:
        InvalidDataError: a pixel has a colour that is none of ``colours``.
    """
    packed = (rgb[0].astype(np.int64) << 16) | (rgb[1].astype(np.int64) << 8) | rgb[2]
    keys = np.array([(r << 16) | (g << 8) | b for r, g, b in colours], dtype=np.int64)
    order = np.argsort(keys)
    pos = np.clip(np.searchsorted(keys[order], packed), 0, len(keys) - 1)
    found = keys[order][pos] == packed
    if not found.all():
        row, col = (int(v[0]) for v in np.nonzero(~found))
        raise InvalidDataError(
            f"{path}: pixel (row {row}, col {col}) has colour "
            f"{tuple(int(v) for v in rgb[:, row, col])}, which is none of the "
            f"{len(colours)} class colours")
    return order[pos].astype(np.int64)
