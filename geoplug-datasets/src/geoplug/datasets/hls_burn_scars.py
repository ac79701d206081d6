"""HLS Burn Scars: burn scars of the contiguous US in Harmonized Landsat Sentinel-2 scenes.

The NASA/IBM fine-tuning benchmark of the Prithvi foundation model. The publisher
(``ibm-nasa-geospatial/hls_burn_scars`` on Hugging Face) ships ``hls_burn_scars.tar.gz``,
which extracts to ``training/`` and ``validation/``, each holding 512x512 GeoTIFF pairs::

    subsetted_512x512_HLS.S30.T10SEH.2018190.v1.4_merged.tif   B02 B03 B04 B8A B11 B12 (float32)
    subsetted_512x512_HLS.S30.T10SEH.2018190.v1.4.mask.tif     1 burn scar, 0 not, -1 no data

A mask named ``<scene>_mask.tif`` is read too. The folders may sit in ``root`` or in one
folder below it (an archive extracted into a folder of its own).
"""

from __future__ import annotations

from pathlib import Path
from typing import ClassVar

from geoplug.core.download import Resource
from geoplug.core.errors import InvalidDataError
from geoplug.core.nongeo import NonGeoDataset, Sample
from geoplug.datasets._catalog import spec
from geoplug.datasets._catalog.segmentation_hls_burn_scars import (
    HLS_BURN_SCARS_FOLDERS,
    HLS_BURN_SCARS_IGNORE,
)
from geoplug.datasets._seg_modern import locate, seg_sample
from geoplug.datasets._tiling import read_window

__all__ = ["IGNORE_INDEX", "HLSBurnScars"]

#: the dataset repository at the revision whose archive the checksum describes
_HF = ("https://huggingface.co/datasets/ibm-nasa-geospatial/hls_burn_scars/resolve/"
       "1864285e25010d346a842e4f068b1a1d4248ed6d")
_IMAGE = "_merged.tif"
#: mask file-name endings, the release's first
_MASKS = (".mask.tif", "_mask.tif")
#: mask value of pixels without data
IGNORE_INDEX = HLS_BURN_SCARS_IGNORE


class HLSBurnScars(NonGeoDataset, spec=spec("hls_burn_scars")):
    """HLS Burn Scars scenes of one split.

    Samples: ``image`` float32 ``[C,512,512]`` (selected of B02, B03, B04, B8A, B11, B12;
    reflectance as stored), ``mask`` int64 ``[H,W]`` as published: 0 not burned, 1 burn
    scar, :data:`IGNORE_INDEX` (-1) no data; plus the scene's ``crs``/``bounds``. Splits:
    ``train`` (``training/``), ``val`` and ``test`` (both ``validation/``, as in the
    publisher's loading script: the release has no separate test set).

    Citation: Phillips et al., "HLS Foundation Burnscars Dataset", 2023,
    doi:10.57967/hf/0956.
    """

    #: the publisher's split each of ours reads (a data module then does not validate on
    #: the data it tests on)
    split_sources: ClassVar[dict[str, str]] = HLS_BURN_SCARS_FOLDERS

    resources: ClassVar[tuple[Resource, ...]] = (
        Resource(url=f"{_HF}/hls_burn_scars.tar.gz", filename="hls_burn_scars.tar.gz",
                 sha256="4e6f99a75cb2c500547b20662a15cbd531dc421376f815e91846ea542798e8e6"),
    )

    @property
    def folder(self) -> Path:
        """``<root>/training`` or ``<root>/validation`` (or one folder below the root)."""
        name = HLS_BURN_SCARS_FOLDERS[self.split]
        return locate(self.root, name) / name

    def _exists(self) -> bool:
        return self.folder.is_dir() and any(self.folder.glob(f"*{_IMAGE}"))

    def _load(self) -> None:
        """Pair each scene with its mask.

        Raises:
            InvalidDataError: a scene has no mask (names the scene and the folder).
        """
        self.files: list[tuple[Path, Path]] = []
        for image in sorted(self.folder.glob(f"*{_IMAGE}")):
            stem = image.name[: -len(_IMAGE)]
            masks = [image.with_name(stem + end) for end in _MASKS]
            mask = next((m for m in masks if m.is_file()), None)
            if mask is None:
                raise InvalidDataError(
                    f"{self.name}: scene {image} has no mask {masks[0].name} in {self.folder}; "
                    "extract hls_burn_scars.tar.gz again")
            self.files.append((image, mask))

    def _empty_reason(self) -> str:
        return f"no *{_IMAGE} scene in {self.folder}; extract hls_burn_scars.tar.gz again"

    def __len__(self) -> int:
        return len(self.files)

    def __getitem__(self, index: int) -> Sample:
        image_path, mask_path = self.files[index]
        image, geo = read_window(image_path, None, [i + 1 for i in self.band_indices])
        mask, _ = read_window(mask_path, None, [1])
        return self._apply(seg_sample(image, mask[0], **geo))
