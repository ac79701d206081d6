"""So2Sat LCZ42: local climate zones from co-registered Sentinel-1 and Sentinel-2 patches.

The second version of the dataset ships one HDF5 file per split, each holding three arrays:
``sen1`` ``[N, 32, 32, 8]`` (Sentinel-1 SAR channels), ``sen2`` ``[N, 32, 32, 10]``
(Sentinel-2 reflectance / 10,000) and ``label`` ``[N, 17]`` (one-hot local climate zone).
Its splits are city-based: training covers 42 cities, validation the western half and
testing the eastern half of 10 further cities (one per cultural zone). The third version
(mediaTUM 1613658) re-splits the same patches three ways, each as ``training.h5`` and
``testing.h5`` in its own folder: ``random/``, ``block/`` and ``culture_10/``.
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any, ClassVar

import numpy as np

from geoplug.core.download import Resource, check_integrity
from geoplug.core.errors import InvalidDataError
from geoplug.core.nongeo import NonGeoDataset, Sample, Transforms
from geoplug.datasets._catalog import spec
from geoplug.datasets._catalog.multilabel_regression import SO2SAT_S1, SO2SAT_S2

if TYPE_CHECKING:  # pragma: no cover
    import h5py

__all__ = ["So2Sat"]

_URL = "https://dataserv.ub.tum.de/s/m1483140/download?path=%2F&files="
# Version 3 share; the publisher documents FTP access (user/password m1613658), this is the
# same share's HTTP download endpoint.
_URL_V3 = "https://dataserv.ub.tum.de/s/m1613658/download?path=%2F{folder}&files={name}"
_V3_MD5 = {
    "random": {"train": "94e2e2e667b406c2adf61e113b42204e",
               "test": "1e15c425585ce816342d1cd779d453d8"},
    "block": {"train": "a91d6150e8b059dac86105853f377a11",
              "test": "6414af1ec33ace417e879f9c88066d47"},
    "culture_10": {"train": "702bc6a9368ebff4542d791e53469244",
                   "test": "58335ce34ca3a18424e19da84f2832fc"},
}
VERSIONS = ("2", "3_random", "3_block", "3_culture_10")


class So2Sat(NonGeoDataset, spec=spec("so2sat")):
    """So2Sat LCZ42 (version 2): 32x32 patches of 8 Sentinel-1 and 10 Sentinel-2 channels.

    Bands are named ``S1_B1`` … ``S1_B8`` (in the file's channel order: VH real, VH
    imaginary, VV real, VV imaginary, Lee-filtered VH intensity, Lee-filtered VV intensity,
    real and imaginary part of the Lee-filtered VH/VV covariance) and ``S2_B02`` …
    ``S2_B12``; any subset, in any order, can be requested and only the sensors involved are
    read. Samples are ``{"image": float32 [C, 32, 32], "label": int64}``.

    ``version`` picks the release: ``"2"`` (default; ``training.h5``, ``validation.h5``,
    ``testing.h5`` in ``root``) or one of the third version's splits ``"3_random"``,
    ``"3_block"``, ``"3_culture_10"`` (``<folder>/training.h5`` and ``<folder>/testing.h5``;
    splits ``train`` and ``test`` only).

    Citation: X. X. Zhu et al., "So2Sat LCZ42: A Benchmark Data Set for the Classification
    of Global Local Climate Zones", IEEE GRSM 8(3), 2020, doi:10.1109/MGRS.2020.2964708.
    """

    s1_bands: ClassVar[tuple[str, ...]] = SO2SAT_S1
    s2_bands: ClassVar[tuple[str, ...]] = SO2SAT_S2
    filenames: ClassVar[dict[str, str]] = {
        "train": "training.h5", "val": "validation.h5", "test": "testing.h5",
    }
    resources: ClassVar[tuple[Resource, ...]] = (
        Resource(_URL + "training.h5", "training.h5", md5="702bc6a9368ebff4542d791e53469244",
                 extract=False, splits=("train",)),
        Resource(_URL + "validation.h5", "validation.h5",
                 md5="71cfa6795de3e22207229d06d6f8775d", extract=False, splits=("val",)),
        Resource(_URL + "testing.h5", "testing.h5", md5="e81426102b488623a723beab52b31a8a",
                 extract=False, splits=("test",)),
    )

    def __init__(
        self,
        root: str | os.PathLike[str] = "data",
        split: str = "train",
        bands: Sequence[str] | None = None,
        transforms: Transforms | None = None,
        download: bool = False,
        checksum: bool = False,
        version: str = "2",
    ) -> None:
        """
        Raises:
            ValueError: unknown split, band or version.
            DatasetNotFoundError: the split's HDF5 file is absent and ``download`` is False.
            ChecksumError: ``checksum`` is True and the file does not match its md5.
            InvalidDataError: the file is not a So2Sat HDF5 file (wrong arrays or shapes).
        """
        if version not in VERSIONS:
            raise ValueError(f"{self.name}: version {version!r} is not one of "
                             f"{', '.join(VERSIONS)}")
        self.version = version
        if version != "2":
            folder = version[2:]
            self.splits = ("train", "test")  # type: ignore[misc]
            self.filenames = {  # type: ignore[misc]
                s: f"{folder}/{n}" for s, n in (("train", "training.h5"),
                                                 ("test", "testing.h5"))}
            self.resources = tuple(  # type: ignore[misc]
                Resource(_URL_V3.format(folder=folder, name=name), f"{folder}/{name}",
                         md5=_V3_MD5[folder][split], extract=False, splits=(split,))
                for split, name in (("train", "training.h5"), ("test", "testing.h5")))
        self._file: h5py.File | None = None
        self._pid = -1
        super().__init__(root, split, bands, transforms, download, checksum)

    @property
    def path(self) -> Path:
        """The HDF5 file of this split."""
        return self.root / self.filenames[self.split]

    def _exists(self) -> bool:
        # The HDF5 file is the data itself: verify it here when asked, so that a corrupt file
        # is reported instead of silently used.
        resource = self._needed()[0]
        if not (self.root / resource.filename).is_file():
            return False
        return not self.checksum or check_integrity(self.path, resource.md5)

    def _handle(self) -> h5py.File:
        # One open handle per process: h5py handles must not cross a DataLoader fork.
        import h5py

        if self._file is None or self._pid != os.getpid():
            try:
                self._file = h5py.File(self.path, "r")
            except OSError as exc:
                raise InvalidDataError(
                    f"{self.name}: cannot open {self.path} as HDF5 ({exc}); the file is "
                    "corrupt or truncated — delete it and download it again"
                ) from exc
            self._pid = os.getpid()
        return self._file

    def _load(self) -> None:
        f = self._handle()
        # Patch side is 32 px in the publisher's files; only the channel layout is enforced.
        expected = {"sen1": len(self.s1_bands), "sen2": len(self.s2_bands),
                    "label": len(self.classes)}
        for key, channels in expected.items():
            if key not in f:
                raise InvalidDataError(
                    f"{self.name}: {self.path} has no {key!r} array (found {sorted(f)}); "
                    "is it a So2Sat LCZ42 file?"
                )
            ndim = 2 if key == "label" else 4
            if f[key].ndim != ndim or f[key].shape[-1] != channels:
                layout = f"[N, {channels}]" if key == "label" else f"[N, H, W, {channels}]"
                raise InvalidDataError(
                    f"{self.name}: {self.path}[{key!r}] has shape {f[key].shape}, expected "
                    f"{layout}"
                )
        lengths = {int(f[key].shape[0]) for key in expected}
        if len(lengths) != 1:
            raise InvalidDataError(
                f"{self.name}: {self.path} arrays disagree on the number of samples: "
                f"{sorted(lengths)}"
            )
        self._length = lengths.pop()

    def __len__(self) -> int:
        return self._length

    def __getitem__(self, index: int) -> Sample:
        import torch

        if not -self._length <= index < self._length:
            raise IndexError(f"{self.name}: index {index} out of range for {self._length}")
        index %= self._length
        f = self._handle()
        arrays: dict[str, np.ndarray] = {}
        channels = []
        for band in self.bands:
            sensor, position = (("sen1", self.s1_bands.index(band)) if band in self.s1_bands
                                else ("sen2", self.s2_bands.index(band)))
            if sensor not in arrays:
                arrays[sensor] = np.asarray(f[sensor][index])  # [32, 32, C]
            channels.append(arrays[sensor][:, :, position])
        image = np.stack(channels).astype(np.float32)
        label = int(np.argmax(f["label"][index]))
        sample: Sample = {"image": torch.from_numpy(image),
                          "label": torch.tensor(label, dtype=torch.int64)}
        return self._apply(sample)

    def __getstate__(self) -> dict[str, Any]:
        state = self.__dict__.copy()
        state["_file"] = None  # reopened lazily in the worker
        return state
