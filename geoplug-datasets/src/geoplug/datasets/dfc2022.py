"""IEEE GRSS Data Fusion Contest 2022: semi-supervised land use on French orthophotos + DEM.

IEEE DataPort (login required) ships ``labeled_train.zip``, ``unlabeled_train.zip`` and
``val.zip``, extracting to ``labeled_train/``, ``unlabeled_train/`` and ``val/``, each with one
folder per urban area (``Nice``, ``Marseille_Martigues``, ...) holding
``BDORTHO/<tile>.tif`` (RGB, 0.5 m, EPSG:2154), ``RGEALTI/<tile>_RGEALTI.tif`` (elevation,
1 m) and, where labelled, ``UrbanAtlas/<tile>_UA2012.tif`` (one band, classes 0-15).

The DEM is resampled bilinearly onto the image grid and appended as band ``DEM``, so a sample
is one ``[C,H,W]`` stack; only the selected bands are read.
"""

from __future__ import annotations

from pathlib import Path
from typing import ClassVar

from geoplug.core.download import Resource
from geoplug.core.errors import InvalidDataError
from geoplug.core.nongeo import NonGeoDataset, Sample
from geoplug.datasets._catalog import spec
from geoplug.datasets._seg_modern import (
    locate,
    prepare_manual,
    read_mask,
    rgb_dem_stack,
    seg_sample,
)

__all__ = ["DFC2022"]

PAGE = "https://ieee-dataport.org/competitions/data-fusion-contest-2022-dfc2022"
#: split -> the folder its archive extracts to
FOLDERS = {"train": "labeled_train", "unlabeled_train": "unlabeled_train", "val": "val"}


class DFC2022(NonGeoDataset, spec=spec("dfc2022")):
    """DFC2022 tiles of one split: ``train`` (labelled), ``unlabeled_train`` or ``val``.

    Samples: ``image`` float32 ``[C,H,W]`` (R, G, B, DEM in metres, as selected), ``mask``
    int64 ``[H,W]`` when the tile has an UrbanAtlas file (always in ``train``), ``crs`` and
    ``bounds`` of the orthophoto.

    Citation: Castillo-Navarro et al., "Semi-Supervised Semantic Segmentation in Earth
    Observation: The MiniFrance Suite, Dataset Analysis and Multi-task Network Study",
    Machine Learning 2022.
    """

    resources: ClassVar[tuple[Resource, ...]] = (
        Resource(url=PAGE, filename="labeled_train.zip", md5="2e87d6a218e466dd0566797d7298c7a9",
                 splits=("train",)),
        Resource(url=PAGE, filename="unlabeled_train.zip",
                 md5="1016d724bc494b8c50760ae56bb0585e", splits=("unlabeled_train",)),
        Resource(url=PAGE, filename="val.zip", md5="6ddd9c0f89d8e74b94ea352d4002073f",
                 splits=("val",)),
    )

    @property
    def folder(self) -> Path:
        """The split's folder (``labeled_train``, ``unlabeled_train`` or ``val``)."""
        name = FOLDERS[self.split]
        return locate(self.root, name) / name

    def _exists(self) -> bool:
        return self.folder.is_dir()

    def _prepare(self, download: bool, checksum: bool) -> None:
        """Extract the split's archive on disk (IEEE DataPort needs a login to download).

        Raises:
            DatasetNotFoundError: neither the split's folder nor its archive is there.
        """
        archive = next(r.filename for r in self._needed())
        prepare_manual(self, checksum, hint=(
            f"IEEE DataPort requires a login: download {archive} from {PAGE} and put it (or "
            f"its extracted {FOLDERS[self.split]}/ folder) in {self.root}."))

    def _load(self) -> None:
        self.files: list[tuple[Path, Path, Path | None]] = []
        for image in sorted(self.folder.glob("*/BDORTHO/*.tif")):
            city = image.parent.parent
            dem = city / "RGEALTI" / f"{image.stem}_RGEALTI.tif"
            mask = city / "UrbanAtlas" / f"{image.stem}_UA2012.tif"
            if self.split == "train" or mask.is_file():
                self.files.append((image, dem, mask))
            else:
                self.files.append((image, dem, None))

    def _empty_reason(self) -> str:
        return (f"{self.folder} holds no <area>/BDORTHO/<tile>.tif; extract "
                f"{FOLDERS[self.split]}.zip again")

    def __len__(self) -> int:
        return len(self.files)

    def __getitem__(self, index: int) -> Sample:
        image_path, dem_path, mask_path = self.files[index]
        image, geo = rgb_dem_stack(image_path, dem_path, self.band_indices)
        mask = None
        if mask_path is not None:
            if not mask_path.is_file():
                raise InvalidDataError(f"{self.name}: {image_path.name} has no mask "
                                       f"{mask_path}; extract {FOLDERS[self.split]}.zip again")
            mask = read_mask(mask_path)
        return self._apply(seg_sample(image, mask, **geo))
