"""BRIGHT (DFC 2025 track 2): pre-event optical and post-event SAR pairs with damage masks.

``dfc25_track2_trainval_with_split.zip`` unpacks into ``dfc25_track2_trainval/`` holding
``{train,val}/pre-event/<id>_pre_disaster.tif`` (3-band optical), ``{train,val}/post-event/
<id>_post_disaster.tif`` (1-band SAR), ``{train,val}/target/<id>_building_damage.tif``
(0 background, 1 intact, 2 damaged, 3 destroyed) and the id lists ``train_setlevel.txt``,
``holdout_setlevel.txt`` and ``val_setlevel.txt``, ``<id>`` being ``<event>_<8 digits>``.
The contest's hold-out list draws from ``train/`` and is our ``val``; its validation phase
(``val/``, released without targets) is our ``test``. An optical and a SAR image have
different bands, so the after image repeats the SAR band in every selected channel (what the
publisher's benchmark loader feeds its change-detection models).
"""

from __future__ import annotations

from pathlib import Path
from typing import ClassVar

import numpy as np

from geoplug.core.download import Resource
from geoplug.core.errors import InvalidDataError
from geoplug.core.nongeo import NonGeoDataset, Sample
from geoplug.datasets._catalog import spec
from geoplug.datasets._catalog.change_bright import BRIGHT_DIR, BRIGHT_SPLITS
from geoplug.datasets._chipio import read_raster

__all__ = ["BRIGHTDFC2025"]

#: TorchGeo's Hugging Face mirror, pinned to a revision so the md5 holds
_URL = ("https://huggingface.co/datasets/torchgeo/bright/resolve/"
        "d19972f5e682ad684dcde35529a6afad4c719f1b/dfc25_track2_trainval_with_split.zip")


class BRIGHTDFC2025(NonGeoDataset, spec=spec("bright")):
    """BRIGHT building damage: ``image`` float32 [2, C, H, W] (pre-event optical bands,
    post-event SAR repeated into C channels), ``mask`` int64 [H, W] in 0..3 (absent for the
    ``test`` ids when their targets are not in the archive).

    Citation: Chen et al., "BRIGHT: a globally distributed multimodal building damage
    assessment dataset with very-high-resolution for all-weather disaster response", Earth
    System Science Data 17, 2025.
    """

    resources: ClassVar[tuple[Resource, ...]] = (
        Resource(url=_URL, filename="dfc25_track2_trainval_with_split.zip",
                 md5="45fd96716e7f5673869b166859a6cb3c"),
    )

    @property
    def base(self) -> Path:
        """``<root>/dfc25_track2_trainval``, or ``root`` itself when it holds the id lists."""
        inner = self.root / BRIGHT_DIR
        if not inner.is_dir() and (self.root / BRIGHT_SPLITS[self.split][0]).is_file():
            return self.root
        return inner

    def _exists(self) -> bool:
        listing, folder = BRIGHT_SPLITS[self.split]
        return (self.base / listing).is_file() and (self.base / folder / "pre-event").is_dir()

    def _load(self) -> None:
        """Index ``(pre, post, target or None)`` of the ids listed for this split.

        Raises:
            InvalidDataError: a listed id lacks its pre- or post-event image, or (for the
                labelled splits) its target; the message names the files.
        """
        listing, folder = BRIGHT_SPLITS[self.split]
        base = self.base
        ids = [line.strip() for line in (base / listing).read_text().splitlines()
               if line.strip()]
        labelled = self.split != "test" or any(
            (base / folder / "target").glob("*_building_damage.tif"))  # an empty folder: not
        self.files: list[tuple[Path, Path, Path | None]] = []
        for sid in ids:
            pre = base / folder / "pre-event" / f"{sid}_pre_disaster.tif"
            post = base / folder / "post-event" / f"{sid}_post_disaster.tif"
            target = base / folder / "target" / f"{sid}_building_damage.tif"
            missing = [str(p) for p in (pre, post, *([target] if labelled else []))
                       if not p.is_file()]
            if missing:
                raise InvalidDataError(
                    f"{self.name}: {listing} lists {sid} but {', '.join(missing)} is missing; "
                    "the archive looks incomplete — delete the folder and extract or "
                    "download it again")
            self.files.append((pre, post, target if labelled else None))

    def _empty_reason(self) -> str:
        return f"{self.base / BRIGHT_SPLITS[self.split][0]} lists no id"

    def __len__(self) -> int:
        return len(self.files)

    def __getitem__(self, index: int) -> Sample:
        import torch

        pre_path, post_path, target_path = self.files[index]
        pre = read_raster(pre_path, self.band_indices)[0]
        sar = read_raster(post_path, [0])[0]
        if sar.shape[-2:] != pre.shape[-2:]:
            raise InvalidDataError(
                f"{post_path} is {sar.shape[-2]}x{sar.shape[-1]} px but {pre_path} is "
                f"{pre.shape[-2]}x{pre.shape[-1]}; the files are not a pair")
        pair = np.stack([pre, np.repeat(sar, len(self.band_indices), axis=0)])
        sample: Sample = {"image": torch.from_numpy(pair.astype(np.float32))}
        if target_path is not None:
            mask = read_raster(target_path, [0])[0][0].astype(np.int64)
            bad = (mask < 0) | (mask >= len(self.classes))
            if bad.any() or mask.shape != pre.shape[-2:]:
                raise InvalidDataError(
                    f"{target_path}: not a {pre.shape[-2]}x{pre.shape[-1]} damage map of "
                    f"values 0..{len(self.classes) - 1} (got {mask.shape[0]}x{mask.shape[1]}, "
                    f"values {sorted(set(np.unique(mask).tolist()))[:8]})")
            sample["mask"] = torch.from_numpy(mask)
        return self._apply(sample)
