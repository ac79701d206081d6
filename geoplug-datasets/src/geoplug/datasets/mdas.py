"""MDAS: the multimodal Augsburg data set (HySpex, EnMAP, Sentinel-1/2, 3K RGB and DSM, OSM).

TorchGeo's mirror of the release, ``Augsburg_data_4_publication.zip``, unpacks into
``Augsburg_data_4_publication/sub_area_<n>/`` (n = 1, 2, 3: a northern, a central and a
western part of the city), each holding one GeoTIFF per product,
``<product>_sub_area<n>.tif``: ``3K_RGB`` (4 x uint8), ``3K_DSM`` (float32), ``HySpex``
(368 x int16, 2.2 m), ``EeteS_EnMAP_10m``/``EeteS_EnMAP_30m`` (242 x uint16),
``EeteS_Sentinel_2_10m`` (4 x uint16), ``Sentinel_2`` (12 x uint16), ``Sentinel_1``
(2 x float32) and the OSM labels ``osm_landuse``, ``osm_buildings``, ``osm_water`` on the
2.2 m grid (codes in the release's ``entire_city/OSM_label/README``). The products have
different grids, so a sample keeps each at its own (``image_<modality>``) rather than
resampling; the mask shares HySpex's grid, which therefore comes first.
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from pathlib import Path
from typing import ClassVar

import numpy as np

from geoplug.core.download import Resource
from geoplug.core.errors import InvalidDataError
from geoplug.core.nongeo import Sample, Transforms
from geoplug.datasets._catalog import spec
from geoplug.datasets._catalog.segmentation_mdas import (
    MDAS_DIR,
    MDAS_LABELS,
    MDAS_MODALITIES,
    MDAS_SUBAREAS,
)
from geoplug.datasets._chipio import read_raster
from geoplug.datasets._multimodal import MultiModalChipDataset
from geoplug.datasets._seg_modern import locate

__all__ = ["MDAS"]

_URL = ("https://huggingface.co/datasets/torchgeo/mdas/resolve/"
        "860226b74269f1cf1bed8ea3c03f571ae701144c/Augsburg_data_4_publication.zip")


class MDAS(MultiModalChipDataset, spec=spec("mdas")):
    """MDAS sub-areas: one ``image_<modality>`` ``[C,H,W]`` per chosen modality (each at its
    product's grid) and ``mask`` int64 ``[H,W]`` on the 2.2 m grid.

    ``label`` picks the mask: ``"landuse"`` (0 no label, 1-18 the OSM land-use classes),
    ``"buildings"`` (0/1) or ``"water"`` (0 no label, 1 water, 2 reservoir, 3 river,
    4 wetland); ``classes`` follows it. ``subareas`` picks the sub-areas (one sample each).
    ``bands`` selects across modalities (a band name shared by two products, e.g. the
    simulated and the real Sentinel-2 B04, selects it in both).

    Citation: Hu et al., "MDAS: a new multimodal benchmark dataset for remote sensing",
    Earth System Science Data 15, 2023.
    """

    modality_bands: ClassVar[dict[str, tuple[str, ...]]] = {
        m: names for m, (_, names) in MDAS_MODALITIES.items()}
    #: all but the 3K camera's products: at 0.2-0.3 m a sub-area's RGB is 15000x18000 px
    #: (over 4 GB as float32), so they are read only when asked for
    default_modalities: ClassVar[tuple[str, ...]] = tuple(
        m for m in MDAS_MODALITIES if not m.endswith("_3k"))
    resources: ClassVar[tuple[Resource, ...]] = (
        Resource(url=_URL, filename=f"{MDAS_DIR}.zip", md5="7b63c26e3717cb52c6ba47d215f18d5b"),
    )

    def __init__(
        self,
        root: str | os.PathLike[str] = "data",
        split: str = "train",
        bands: Sequence[str] | None = None,
        transforms: Transforms | None = None,
        download: bool = False,
        checksum: bool = False,
        modalities: Sequence[str] | None = None,
        *,
        subareas: Sequence[str] = MDAS_SUBAREAS,
        label: str = "landuse",
    ) -> None:
        """
        Args:
            modalities: of ``hyspex``, ``rgb_3k``, ``dsm_3k``, ``enmap_10m``, ``enmap_30m``,
                ``eetes_s2_10m``, ``s2``, ``s1`` (default: all but ``rgb_3k`` and
                ``dsm_3k``, the very large 3K camera products).
            subareas: which of ``sub_area_1``..``sub_area_3``.
            label: ``"landuse"``, ``"buildings"`` or ``"water"``.

        Raises:
            ValueError: unknown split, band, modality, sub-area or label.
            DatasetNotFoundError: neither the sub-area folders nor the zip under ``root``.
            InvalidDataError: a sub-area lacks a chosen product's file.
        """
        unknown = [s for s in subareas if s not in MDAS_SUBAREAS]
        if unknown or not subareas or isinstance(subareas, str):
            raise ValueError(f"{self.name}: subareas={subareas!r} must be a list of "
                             f"{', '.join(MDAS_SUBAREAS)}")
        if label not in MDAS_LABELS:
            raise ValueError(f"{self.name}: label={label!r} is not one of "
                             f"{', '.join(MDAS_LABELS)}")
        self.subareas = tuple(subareas)
        self.label = label
        self._label_stem, codes, classes = MDAS_LABELS[label]
        self.classes = classes  # type: ignore[misc]  # follows label
        self._codes = codes
        super().__init__(root, split, bands, transforms, download, checksum, modalities)

    @classmethod
    def ignore_index_for(cls, label: str = "landuse", **_: object) -> int | None:
        """The no-data mask value of ``label``'s masks (the spec's 0 is land use's): none
        for ``buildings``, whose 0 is the class "no building"."""
        return None if label == "buildings" else 0

    @property
    def base(self) -> Path:
        """``Augsburg_data_4_publication`` under the root (or the root itself)."""
        outer = locate(self.root, f"{MDAS_DIR}/{MDAS_SUBAREAS[0]}")
        return outer / MDAS_DIR if (outer / MDAS_DIR).is_dir() else outer

    def _exists(self) -> bool:
        return all((self.base / s).is_dir() for s in self.subareas)

    def _product(self, subarea: str, stem: str) -> Path:
        """``<stem>_sub_area<n>.tif`` of a sub-area (also the README's hyphenated names).

        Raises:
            InvalidDataError: the file is missing.
        """
        folder = self.base / subarea
        suffix = subarea.replace("sub_area_", "sub_area")
        for name in (stem, stem.replace("_", "-", 1) if stem.startswith("Sentinel") else stem):
            path = folder / f"{name}_{suffix}.tif"
            if path.is_file():
                return path
        raise InvalidDataError(f"{self.name}: {folder / f'{stem}_{suffix}.tif'} is missing; "
                               "extract the archive again")

    def _load(self) -> None:
        """Index the chosen products and the label of each chosen sub-area."""
        stems = [MDAS_MODALITIES[m][0] for m in self.modalities]
        self.files: list[dict[str, Path]] = [
            {**{m: self._product(s, stem) for m, stem in zip(self.modalities, stems)},
             "label": self._product(s, self._label_stem)}
            for s in self.subareas]

    def __len__(self) -> int:
        return len(self.files)

    def _read_modality(self, index: int, modality: str, indices: list[int]) -> np.ndarray:
        return read_raster(self.files[index][modality], indices)[0]

    def _targets(self, index: int, sample: Sample) -> Sample:
        """The label's OSM codes as class indices.

        Raises:
            InvalidDataError: a code is none of the label's classes.
        """
        import torch

        path = self.files[index]["label"]
        codes = read_raster(path, [0])[0][0]
        values = np.rint(np.nan_to_num(codes, nan=-1.0)).astype(np.int64)
        values[values < 0] = -1  # the release's -2147483647: no label
        known = np.asarray(self._codes, dtype=np.int64)  # ascending, so a class is its rank
        pos = np.clip(np.searchsorted(known, values), 0, len(known) - 1)
        found = known[pos] == values
        if not found.all():
            row, col = (int(v[0]) for v in np.nonzero(~found))
            raise InvalidDataError(
                f"{path}: pixel (row {row}, col {col}) holds {codes[row, col]!r}, not an OSM "
                f"{self.label} code ({', '.join(str(c) for c in self._codes if c >= 0)})")
        return {"mask": torch.from_numpy(pos.astype(np.int64))}
