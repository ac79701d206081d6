"""MMFlood: Sentinel-1 flood delineation with DEM and hydrography, per Copernicus EMS event.

The publisher (links-ads on Hugging Face, also Zenodo record 6534637) ships
``activations.json`` and ``activations.tar.gz`` split into 11 parts
``activations.tar.000.gz.part`` ... ``activations.tar.010.gz.part`` (concatenate, then
extract). The archive holds ``activations/<EMSR code>-<area>/`` folders, each with
``s1_raw/`` (VV, VH float32), ``DEM/`` (float32 elevation), ``hydro/`` (uint8 permanent water,
absent for some areas) and ``mask/`` (uint8 flood delineation) GeoTIFFs of the same names.
``activations.json`` maps each EMS code to its metadata, its ``subset`` being the split
(``train``, ``val``, ``test``). Tiles vary in size (up to 2500x2500 px).
"""

from __future__ import annotations

import json
import os
from collections.abc import Sequence
from pathlib import Path
from typing import ClassVar

import numpy as np
import torch
from rasterio.windows import Window

from geoplug.core.archives import join_volumes
from geoplug.core.download import Resource, fetch
from geoplug.core.errors import DatasetNotFoundError, InvalidDataError
from geoplug.core.nongeo import Sample, Transforms
from geoplug.datasets._catalog import spec
from geoplug.datasets._catalog.segmentation_multimodal import MMFLOOD_BANDS
from geoplug.datasets._multimodal import MultiModalChipDataset
from geoplug.datasets._tiling import chip_footprints, chip_windows, raster_size, read_window

__all__ = ["MMFlood"]

_URL = ("https://huggingface.co/datasets/links-ads/mmflood/resolve/"
        "24ca097306c9e50ad0711903c11e1ba13ea1bedc/")
_PART_MD5 = ("a8424653edca6e79999831bdda53d4dc", "517def8760d3ce86885c7600c77a1d6c",
             "6797b97121f5b98ff58fde7491f584b2", "e69d2a6b1746ef869d1da4d22018a71a",
             "0ccf7ea69ea6c0e88db1b1015ec3361e", "8ef6765afe20f254b1e752d7a2742fda",
             "3f330a44b66511b7a95f4a555f8b793a", "1d2046b5f3c473c3681a05dc94b29b86",
             "f386b5acf78f8ae34592404c6c7ec43c", "dd5317a3c0d33de815beadb9850baa38",
             "5a14a7e3f916c5dcf288c2ca88daf4d0")
#: modality -> its folder in an event folder
FOLDERS = {"s1": "s1_raw", "dem": "DEM", "hydro": "hydro"}
#: mask value of pixels without Sentinel-1 data (to be ignored by losses and metrics)
IGNORE_INDEX = 255


class MMFlood(MultiModalChipDataset, spec=spec("mmflood")):
    """MMFlood tiles: ``image_s1`` ``[2,H,W]``, ``image_dem`` and ``image_hydro`` ``[1,H,W]``.

    ``mask`` int64 ``[H,W]``: 0 no flood, 1 flood, :data:`IGNORE_INDEX` (255) where the
    Sentinel-1 image has no data in a band (NaN, set to 0 in ``image_s1``; also when
    Sentinel-1 is not among the modalities read); plus the tile's
    ``crs``/``bounds``. ``modalities`` defaults to ``("s1", "dem")``: choosing ``"hydro"``
    keeps only the tiles that have a hydrography map, as the publisher provides it for a
    subset. Tiles differ in size: ``chip_size`` cuts them into chips (a tile smaller than a
    chip stays whole). Splits: ``train``, ``val``, ``test`` (``subset`` of
    ``activations.json``).
    """

    modality_bands: ClassVar[dict[str, tuple[str, ...]]] = MMFLOOD_BANDS
    default_modalities: ClassVar[tuple[str, ...]] = ("s1", "dem")
    resources: ClassVar[tuple[Resource, ...]] = (
        *(Resource(url=f"{_URL}activations.tar.{i:03d}.gz.part",
                   filename=f"activations.tar.{i:03d}.gz.part", md5=md5, extract=False)
          for i, md5 in enumerate(_PART_MD5)),
        Resource(url=f"{_URL}activations.json", filename="activations.json",
                 md5="de33a3ac7e55a0051ada21cbdfbb4745", extract=False),
    )
    #: the concatenated parts (extracted to ``activations/``)
    archive: ClassVar[Resource] = Resource(url="", filename="activations.tar.gz",
                                           md5="3cd4c4fe7506aa40263f74639d85ccce")

    def __init__(
        self,
        root: str | os.PathLike[str] = "data",
        split: str = "train",
        bands: Sequence[str] | None = None,
        transforms: Transforms | None = None,
        download: bool = False,
        checksum: bool = False,
        modalities: Sequence[str] | None = None,
        chip_size: int | None = None,
        stride: int | None = None,
    ) -> None:
        """``chip_size`` cuts the tiles into chips of that many pixels every ``stride``
        (default ``chip_size``), the last flush with the tile's edge; ``None``: whole tiles.

        Raises:
            ValueError: unknown split, band or modality, or a non-positive chip size/stride.
            DatasetNotFoundError: files absent and ``download`` is False.
            ChecksumError: ``checksum`` is True and a file does not match.
            InvalidDataError: the files are incomplete, or the split has no tile.
        """
        if (chip_size is not None and chip_size <= 0) or (stride is not None and stride <= 0):
            raise ValueError(f"mmflood: chip_size ({chip_size}) and stride ({stride}) must be "
                             "positive")
        self.chip_size = chip_size
        self.stride = stride
        super().__init__(root, split, bands, transforms, download, checksum, modalities)

    def _exists(self) -> bool:
        return (self.root / "activations").is_dir() and (self.root / "activations.json").is_file()

    def _prepare(self, download: bool, checksum: bool) -> None:
        """Extract ``activations.tar.gz`` (joined from its parts when needed) and fetch
        ``activations.json``.

        Raises:
            DatasetNotFoundError: files absent and ``download`` is False.
            ChecksumError: ``checksum`` is True and a file does not match.
            InvalidDataError: the archive is damaged or lacks ``activations/``.
        """
        if self._exists():
            return
        merged = self.root / self.archive.filename
        parts = [r for r in self.resources if r.filename.endswith(".part")]
        have_parts = all((self.root / r.filename).is_file() for r in parts)
        have_json = (self.root / "activations.json").is_file()
        if not download and not ((merged.is_file() or have_parts) and have_json):
            raise DatasetNotFoundError(self.name, self.root)
        needed = [r for r in self.resources if r not in parts or not merged.is_file()]
        fetch(needed, self.root, checksum)
        if not merged.is_file():
            join_volumes([self.root / r.filename for r in parts], merged)
        fetch([self.archive], self.root, checksum)
        if not self._exists():
            raise InvalidDataError(f"{self.name}: {merged} holds no activations/ folder; "
                                   "delete it and its parts and download again")

    def _load(self) -> None:
        try:
            events = json.loads((self.root / "activations.json").read_text(encoding="utf-8"))
        except (OSError, ValueError) as exc:
            raise InvalidDataError(f"{self.name}: cannot read {self.root / 'activations.json'}"
                                   f": {exc}; download it again") from exc
        codes = {code for code, meta in events.items()
                 if isinstance(meta, dict) and meta.get("subset") == self.split}
        self.tiles: list[tuple[Path, str]] = []  # (event folder, tile file name)
        for folder in sorted((self.root / "activations").iterdir()):
            if not folder.is_dir() or folder.name.rsplit("-", 1)[0] not in codes:
                continue
            for tile in sorted((folder / "s1_raw").glob("*.tif")):
                if all((folder / FOLDERS[m] / tile.name).is_file() for m in self.modalities):
                    self.tiles.append((folder, tile.name))
        self.chips: list[tuple[int, Window | None]] = [
            (t, window) for t, (folder, name) in enumerate(self.tiles)
            for window in ([None] if self.chip_size is None else chip_windows(
                *raster_size(folder / "s1_raw" / name), self.chip_size, self.stride))]

    def _empty_reason(self) -> str:
        return (f"no event folder under {self.root / 'activations'} belongs to subset "
                f"{self.split!r} of activations.json with tiles of every modality "
                f"{list(self.modalities)} (hydro exists for some areas only)")

    def __len__(self) -> int:
        return len(self.chips)

    def footprints(self) -> list[tuple[int, int, int, int, int]]:
        return chip_footprints(self.chips)

    def _read_modality(self, index: int, modality: str, indices: list[int]) -> np.ndarray:
        tile, window = self.chips[index]
        folder, name = self.tiles[tile]
        array, _ = read_window(folder / FOLDERS[modality] / name, window,
                               [i + 1 for i in indices])
        return array

    def _targets(self, index: int, sample: Sample) -> Sample:
        tile, window = self.chips[index]
        folder, name = self.tiles[tile]
        mask, geo = read_window(folder / "mask" / name, window, [1])
        target = mask[0].astype(np.int64)
        s1 = sample.get("image_s1")
        if s1 is not None and s1.shape[0] == 2:  # both bands read already
            missing = torch.isnan(s1).any(dim=0).numpy()
        else:  # the same pixels are ignored whatever modalities and bands are asked for
            raw, _ = read_window(folder / FOLDERS["s1"] / name, window, [1, 2])
            missing = np.isnan(raw).any(axis=0)
        if s1 is not None:
            sample["image_s1"] = torch.nan_to_num(s1, nan=0.0)
        target[missing] = IGNORE_INDEX
        return {"mask": torch.from_numpy(target), **geo}
