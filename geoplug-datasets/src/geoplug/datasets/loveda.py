"""LoveDA: land cover of Nanjing, Changzhou and Wuhan in an urban and a rural domain.

The publisher (Zenodo record 5706578) ships ``Train.zip``, ``Val.zip`` and ``Test.zip``; each
extracts to ``<Split>/Urban/`` and ``<Split>/Rural/`` with ``images_png/<id>.png`` (1024x1024
RGB) and, for Train and Val, ``masks_png/<id>.png`` (one band). Mask codes: 0 no-data (to be
ignored), 1 background, 2 building, 3 road, 4 water, 5 barren, 6 forest, 7 agriculture; they are
kept as published, so class index = code.
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from pathlib import Path
from typing import ClassVar

from geoplug.core.download import Resource
from geoplug.core.nongeo import NonGeoDataset, Sample, Transforms
from geoplug.datasets._catalog import spec
from geoplug.datasets._catalog.segmentation_modern import LOVEDA_DOMAINS
from geoplug.datasets._chipio import read_image
from geoplug.datasets._seg_modern import locate, read_mask, seg_sample

__all__ = ["LoveDA"]

_ZENODO = "https://zenodo.org/records/5706578/files"


class LoveDA(NonGeoDataset, spec=spec("loveda")):
    """LoveDA tiles of one split, from the urban domain, the rural one or both.

    Samples: ``image`` float32 ``[3,H,W]`` (R, G, B), ``mask`` int64 ``[H,W]`` with the
    publisher's codes (0 = no-data), absent in the test split, whose masks are not public.

    Citation: Wang et al., "LoveDA: A Remote Sensing Land-Cover Dataset for Domain Adaptive
    Semantic Segmentation", NeurIPS Datasets and Benchmarks 2021.
    """

    resources: ClassVar[tuple[Resource, ...]] = (
        Resource(url=f"{_ZENODO}/Train.zip?download=1", filename="Train.zip",
                 md5="de2b196043ed9b4af1690b3f9a7d558f", splits=("train",)),
        Resource(url=f"{_ZENODO}/Val.zip?download=1", filename="Val.zip",
                 md5="84cae2577468ff0b5386758bb386d31d", splits=("val",)),
        Resource(url=f"{_ZENODO}/Test.zip?download=1", filename="Test.zip",
                 md5="a489be0090465e01fb067795d24e6b47", splits=("test",)),
    )

    def __init__(
        self,
        root: str | os.PathLike[str] = "data",
        split: str = "train",
        bands: Sequence[str] | None = None,
        transforms: Transforms | None = None,
        download: bool = False,
        checksum: bool = False,
        domains: str | Sequence[str] | None = None,
    ) -> None:
        """
        Args:
            domains: ``"urban"``, ``"rural"`` or both (case does not matter); ``None``: every
                domain folder the split has (both in the release).

        Raises:
            ValueError: unknown split, band or domain.
            DatasetNotFoundError: the split's folder (or a chosen domain's) and archive are
                absent and ``download`` is False.
        """
        chosen = [domains] if isinstance(domains, str) else list(domains or [])
        by_lower = {d.lower(): d for d in LOVEDA_DOMAINS}
        unknown = [d for d in chosen if d.lower() not in by_lower]
        if unknown or (domains is not None and not chosen):
            raise ValueError(f"{self.name}: domains {chosen} must be among "
                             f"{', '.join(d.lower() for d in LOVEDA_DOMAINS)}")
        self._chosen = tuple(dict.fromkeys(by_lower[d.lower()] for d in chosen))
        super().__init__(root, split, bands, transforms, download, checksum)

    @property
    def domains(self) -> tuple[str, ...]:
        """The chosen domains, or those whose folder the split has."""
        if self._chosen:
            return self._chosen
        return tuple(d for d in LOVEDA_DOMAINS if (self.folder / d / "images_png").is_dir())

    @property
    def folder(self) -> Path:
        """``<root>/<Split>`` (``Train``, ``Val``, ``Test``), or one folder below the root."""
        name = self.split.capitalize()
        return locate(self.root, name) / name

    def _exists(self) -> bool:
        domains = self.domains
        return bool(domains) and all((self.folder / d / "images_png").is_dir() for d in domains)

    def _load(self) -> None:
        self.files: list[tuple[Path, Path | None, str]] = []
        for domain in self.domains:
            images = self.folder / domain / "images_png"
            masks = self.folder / domain / "masks_png"
            labelled = masks.is_dir()
            for image in sorted(images.glob("*.png"), key=lambda p: (len(p.stem), p.stem)):
                self.files.append((image, masks / image.name if labelled else None, domain))

    def _empty_reason(self) -> str:
        return (f"no PNG in the images_png folders of {', '.join(self.domains)} under "
                f"{self.folder}; extract {self.split.capitalize()}.zip again")

    def __len__(self) -> int:
        return len(self.files)

    def __getitem__(self, index: int) -> Sample:
        image_path, mask_path, _ = self.files[index]
        image = read_image(image_path, "RGB")[self.band_indices]
        mask = read_mask(mask_path) if mask_path is not None else None
        return self._apply(seg_sample(image, mask))
