"""SEN12MS-CR: Sentinel-1, cloudy and cloud-free Sentinel-2 patch triplets for cloud removal.

The publisher (TUM mediaTUM, record 1554803) ships one archive per season and modality,
``<season>_<modality>.tar.gz`` (seasons ``ROIs1158_spring``, ``ROIs1868_summer``,
``ROIs1970_fall``, ``ROIs2017_winter``; modalities ``s1``, ``s2``, ``s2_cloudy``). Each
extracts to a folder of its own name holding one folder per scene::

    ROIs1158_spring_s1/s1_<scene>/ROIs1158_spring_s1_<scene>_p<patch>.tif
    ROIs1158_spring_s2/s2_<scene>/ROIs1158_spring_s2_<scene>_p<patch>.tif
    ROIs1158_spring_s2_cloudy/s2_cloudy_<scene>/ROIs1158_spring_s2_cloudy_<scene>_p<patch>.tif

256x256 GeoTIFFs as in SEN12MS: ``s1`` 2 bands VV, VH (float32 dB), ``s2`` and ``s2_cloudy``
13 bands B01...B12 with B8A (uint16, reflectance x 10000). The publisher's download script
gathers the 12 folders in ``SEN12MSCR/``; that folder may be the root or one below it.
"""

from __future__ import annotations

import os
import re
import warnings
from pathlib import Path
from typing import TYPE_CHECKING, ClassVar

import numpy as np

from geoplug.core.download import Resource, fetch
from geoplug.core.errors import InvalidDataError
from geoplug.core.nongeo import NonGeoDataset, Sample
from geoplug.datasets._catalog import spec
from geoplug.datasets._catalog.cloud_removal_sen12ms_cr import (
    SEN12MS_CR_ARCHIVES,
    SEN12MS_CR_MODALITIES,
    SEN12MS_CR_SCENES,
)
from geoplug.datasets._catalog.segmentation import SEN12MS_S1, SEN12MS_S2
from geoplug.datasets._tiling import read_window
from geoplug.datasets.sen12ms import SEASONS

if TYPE_CHECKING:  # pragma: no cover
    from matplotlib.figure import Figure

__all__ = ["SEN12MSCR"]

_URL = "https://dataserv.ub.tum.de/s/m1554803/download?path=/&files={}"
_PATCH = re.compile(r"_p(\d+)\.tif$")


class SEN12MSCR(NonGeoDataset, spec=spec("sen12ms_cr")):
    """SEN12MS-CR triplets: Sentinel-1 and cloudy Sentinel-2 in, cloud-free Sentinel-2 out.

    Samples: ``image`` float32 ``[C,H,W]``, the model input: the selected bands in the order
    asked among ``VV``, ``VH`` (Sentinel-1, dB) and the 13 bands of the *cloudy* Sentinel-2
    patch (default all 15, S1 first); ``mask`` float32 ``[K,H,W]``, the *cloud-free*
    Sentinel-2 patch of the same place (the target, under the house's pixelwise-regression
    key, so augmentations move it with the image and ``PixelwiseRegressionTask`` trains on
    it), holding the Sentinel-2 bands selected (in that order) or all 13 when only
    Sentinel-1 bands are selected; ``crs`` and ``bounds`` of the patch;
    ``scene`` (``<season>/<scene>``) and ``patch`` (the number after ``_p``). Values are as
    stored (no clipping or rescaling; Sentinel-1 no data stays as the file holds it).

    Splits: ``train``, ``val``, ``test``, the publisher's scene lists (a patch belongs to the
    split that lists its scene; scenes are matched exactly, not by name prefix: the
    publisher's loader tests substrings, so its train also takes val and test scenes whose
    number starts with a listed train scene's, e.g. spring 106 for ``s1_1``; its val and test
    hold the same scenes as here). Patches are ordered by season, scene and patch number.
    Sentinel-1 is optional, as in the publisher's download script: with only Sentinel-2
    bands selected, the ``s1`` folders are not needed. A Sentinel-1 patch without its two Sentinel-2
    counterparts is skipped with a warning naming the missing file, as the publisher's
    loader skips unpaired patches. The publisher lists no checksums: ``checksum=True``
    verifies only those set on :attr:`resources`.

    Citation: P. Ebel, A. Meraner, M. Schmitt, X. X. Zhu, "Multisensor Data Fusion for Cloud
    Removal in Global and All-Season Sentinel-2 Imagery", IEEE TGRS 59(7), 5866-5878, 2021.
    """

    resources: ClassVar[tuple[Resource, ...]] = tuple(
        Resource(url=_URL.format(f"{name}.tar.gz"), filename=f"{name}.tar.gz")
        for name in SEN12MS_CR_ARCHIVES)

    # -- files ------------------------------------------------------------------------------
    @property
    def base(self) -> Path:
        """The folder holding the ``<season>_<modality>`` folders: the root, or the single
        folder below it that holds them (``SEN12MSCR/``, as the publisher's script leaves
        them)."""
        if self._complete_seasons(self.root) or not self.root.is_dir():
            return self.root
        nested = [p for p in sorted(self.root.iterdir())
                  if p.is_dir() and self._complete_seasons(p)]
        return nested[0] if len(nested) == 1 else self.root

    @property
    def _modalities(self) -> tuple[str, ...]:
        """The folders a sample reads: ``s1`` only when a Sentinel-1 band is selected (the
        publisher's dl_data.sh makes the S1 archives optional)."""
        if any(b in SEN12MS_S1 for b in self.bands):
            return SEN12MS_CR_MODALITIES
        return tuple(m for m in SEN12MS_CR_MODALITIES if m != "s1")

    def _complete_seasons(self, folder: Path) -> list[str]:
        """The seasons whose needed modality folders are all in ``folder``."""
        return [season for season in SEASONS
                if all((folder / f"{season}_{m}").is_dir() for m in self._modalities)]

    def _exists(self) -> bool:
        return bool(self._complete_seasons(self.base))

    def _prepare(self, download: bool, checksum: bool) -> None:
        """Like the base, but without ``download`` the seasons whose three archives are all
        in the root are extracted even when other seasons' are absent: a season is 36 to 80
        GB, and a partial download is usable (its splits hold that season's scenes).

        Raises:
            DatasetNotFoundError: no season is complete, on disk or in archives, and
                ``download`` is False.
            ChecksumError: ``checksum`` is True and an archive does not match.
        """
        seasons = [season for season in SEASONS if all(
            (self.root / f"{season}_{m}.tar.gz").is_file() for m in self._modalities)]
        archives = {f"{season}_{m}.tar.gz" for season in seasons for m in self._modalities}
        complete = [r for r in self.resources if r.filename in archives]
        if not download and complete and not self._exists():
            fetch(complete, self.root, checksum)
        super()._prepare(download, checksum)

    def _load(self) -> None:
        base = self.base
        wanted = set(SEN12MS_CR_SCENES[self.split])
        self.files: list[tuple[str, int, dict[str, Path]]] = []
        missing: list[Path] = []
        for season in SEASONS:
            folders = {m: base / f"{season}_{m}" for m in self._modalities}
            lead = next(iter(folders))  # s1 when read, else s2
            if not folders[lead].is_dir():
                continue  # a season not downloaded
            absent = [str(f) for f in folders.values() if not f.is_dir()]
            if absent:
                raise InvalidDataError(
                    f"{self.name}: {', '.join(absent)} is missing beside {folders[lead]}; "
                    f"extract {', '.join(Path(a).name + '.tar.gz' for a in absent)} again")
            for scene in self._scenes(folders[lead], season, wanted, lead):
                self._pair(folders, season, scene, missing)
        if missing:
            warnings.warn(
                f"{self.name}: skipped {len(missing)} Sentinel-1 patch(es) of the "
                f"{self.split!r} split without their Sentinel-2 counterparts, e.g. "
                f"{missing[0]} is missing", UserWarning, stacklevel=3)
        s1 = [b for b in self.bands if b in SEN12MS_S1]
        s2 = [b for b in self.bands if b in SEN12MS_S2]
        self.target_bands: tuple[str, ...] = tuple(s2) or SEN12MS_S2
        self._reads = {"s1": s1, "s2_cloudy": s2, "s2": list(self.target_bands)}

    @staticmethod
    def _scenes(folder: Path, season: str, wanted: set[str], lead: str = "s1") -> list[int]:
        """Numbers of the scene folders ``<lead>_<scene>`` in ``folder`` the split lists."""
        found = []
        for entry in os.scandir(folder):
            number = entry.name[len(lead) + 1:]
            if (entry.name.startswith(f"{lead}_") and number.isdigit() and entry.is_dir()
                    and f"{season}/{int(number)}" in wanted):
                found.append(int(number))
        return sorted(found)

    def _pair(self, folders: dict[str, Path], season: str, scene: int,
              missing: list[Path]) -> None:
        """Index the patches of ``scene`` whose three files exist; note the missing ones."""
        listed = {}
        for modality, folder in folders.items():
            scene_dir = folder / f"{modality}_{scene}"
            listed[modality] = set(os.listdir(scene_dir)) if scene_dir.is_dir() else set()
        lead = next(iter(folders))
        patches = sorted(int(m.group(1)) for name in listed[lead]
                         if name.startswith(f"{season}_{lead}_{scene}_")
                         and (m := _PATCH.search(name)))
        for number in patches:
            paths = {}
            for modality, folder in folders.items():
                file = f"{season}_{modality}_{scene}_p{number}.tif"
                paths[modality] = folder / f"{modality}_{scene}" / file
                if file not in listed[modality]:
                    missing.append(paths[modality])
                    break
            else:
                self.files.append((f"{season}/{scene}", number, paths))

    def _empty_reason(self) -> str:
        return (f"no extracted scene of the {self.split!r} split's list is under {self.base} "
                "(the split holds scenes of every season: extract all 12 archives)")

    def __len__(self) -> int:
        return len(self.files)

    # -- samples ----------------------------------------------------------------------------
    def _read(self, path: Path | None, bands: list[str], names: tuple[str, ...]
              ) -> tuple[dict[str, np.ndarray], dict]:
        """The ``bands`` of ``path`` (whose band order is ``names``) by name, and its geo."""
        if not bands:
            return {}, {}
        assert path is not None  # bands of a modality are read only where it was indexed
        array, geo = read_window(path, None, [names.index(b) + 1 for b in bands])
        return dict(zip(bands, array.astype(np.float32))), geo

    def __getitem__(self, index: int) -> Sample:
        import torch

        scene, patch, paths = self.files[index]
        s1, _ = self._read(paths.get("s1"), self._reads["s1"], SEN12MS_S1)
        cloudy, _ = self._read(paths["s2_cloudy"], self._reads["s2_cloudy"], SEN12MS_S2)
        clear, geo = self._read(paths["s2"], self._reads["s2"], SEN12MS_S2)
        image = np.stack([s1[b] if b in s1 else cloudy[b] for b in self.bands])
        target = np.stack([clear[b] for b in self.target_bands])
        sample: Sample = {"image": torch.from_numpy(image), "mask": torch.from_numpy(target),
                          "scene": scene, "patch": patch, **geo}
        return self._apply(sample)

    def plot(self, sample: Sample, show_titles: bool = True, suptitle: str | None = None
             ) -> Figure:
        """Sentinel-1 VV (or the first band), the cloudy input and the cloud-free target in
        true colour where B04, B03, B02 are selected (and ``prediction`` if present)."""
        from geoplug.core.plot import plot_panels, to_display

        image = sample["image"]
        rgb = self.rgb_indices
        target_rgb = ([self.target_bands.index(b) for b in self.rgb_bands]
                      if set(self.rgb_bands) <= set(self.target_bands) else [0])
        panels = [(self.bands[0], to_display(image, [0]))]
        if rgb:
            panels.append(("cloudy S2", to_display(image, rgb)))
        panels.append(("cloud-free S2", to_display(sample["mask"], target_rgb)))
        if "prediction" in sample:
            panels.append(("prediction", to_display(sample["prediction"], target_rgb)))
        return plot_panels(panels, show_titles, suptitle)
