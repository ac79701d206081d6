"""SustainBench crop yield: MODIS band histograms of a county's season -> its soybean yield.

SustainBench (Yeh et al. 2021) republishes the county soybean yields of Wang et al. (2018)
with the histogram inputs of You et al. (2017): for each county and year, MODIS pixels of 7
surface-reflectance and 2 land-surface-temperature bands binned into 32 value ranges at each
of 32 time steps of the season. The release (a Google Drive folder, also packed as
``soybeans.zip``) is ``soybeans/<country>/<split>_<part>.npz`` for the countries ``usa``,
``argentina`` and ``brazil``, the splits ``train``, ``dev`` and ``test`` (60/20/20) and the
parts ``hists`` (``[N, 32 bins, 32 steps, 9 bands]``), ``yields`` (t/ha), ``ndvi``,
``years`` and ``keys`` (the region ids), each array stored under the name ``data``.
"""

from __future__ import annotations

import os
import pickle
import zipfile
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any, ClassVar

import numpy as np

from geoplug.core.download import Resource
from geoplug.core.errors import InvalidDataError
from geoplug.core.nongeo import NonGeoDataset, Sample, Transforms
from geoplug.datasets._catalog import spec
from geoplug.datasets._catalog.regression_sustainbench_crop_yield import (
    SUSTAINBENCH_CROP_YIELD_COUNTRIES,
)
from geoplug.datasets._sequences import channels_first

if TYPE_CHECKING:  # pragma: no cover
    from matplotlib.figure import Figure

__all__ = ["SustainBenchCropYield"]

#: Drive's direct-download endpoint of soybeans.zip (``confirm=t`` skips the large-file page)
_URL = ("https://drive.usercontent.google.com/download?export=download&confirm=t&"
        "id=1lhbmICpmNuOBlaErywgiD6i9nHuhuv0A")
_FOLDER = "soybeans"
_PARTS = ("hists", "yields", "ndvi", "years", "keys")
#: the file prefix of each split: SustainBench's own loader calls "val" what the files call dev
_PREFIX = {"train": "train", "val": "dev", "test": "test"}


def _load_npz(path: Path) -> np.ndarray:
    """The ``data`` array of one ``.npz`` file (the only array when it is named otherwise).

    Text ids may be saved as object arrays; those are unpickled from the publisher's file.

    Raises:
        InvalidDataError: the file is not an ``.npz`` archive or holds no single array.
    """
    if not zipfile.is_zipfile(path):  # np.load would try to unpickle anything else
        raise InvalidDataError(f"{path} is not an .npz archive; the file is damaged or was "
                               "not fully extracted")
    for allow_pickle in (False, True):
        try:
            with np.load(path, allow_pickle=allow_pickle) as npz:
                names = list(npz.keys())
                if "data" not in names and len(names) != 1:
                    raise InvalidDataError(f"{path} holds the arrays {names}, not 'data'; is "
                                           "it the SustainBench release of the file?")
                return np.asarray(npz["data" if "data" in names else names[0]])
        except ValueError as exc:  # object array read without allow_pickle
            if allow_pickle or "allow_pickle" not in str(exc):
                raise InvalidDataError(f"cannot read {path}: {exc}") from exc
        except (OSError, zipfile.BadZipFile, EOFError, pickle.UnpicklingError) as exc:
            raise InvalidDataError(f"cannot read {path} as .npz ({exc}); the file is damaged "
                                   "or was not fully extracted") from exc
    raise AssertionError("unreachable")  # pragma: no cover


class SustainBenchCropYield(NonGeoDataset, spec=spec("sustainbench_crop_yield")):
    """County soybean yields: ``image`` float32 ``[C, 32 bins, 32 time steps]`` (the selected
    band histograms), ``label`` float32 (yield, t/ha), ``year`` int64, ``ndvi`` float32 (the
    file's row), ``key`` (region id) and ``country``.

    ``countries`` picks the country folders, concatenated in that order (default ``usa``, the
    publisher's official scheme). ``split="val"`` (also accepted as ``"dev"``) reads the
    ``dev_*`` files. Download fetches ``soybeans.zip`` from Google Drive (the archive TorchGeo
    names; the publisher links the unpacked Drive folder, whose ``soybeans`` folder placed in
    ``root`` is read as well).
    """

    resources: ClassVar[tuple[Resource, ...]] = (
        Resource(url=_URL, filename=f"{_FOLDER}.zip", md5="362bad07b51a1264172b8376b39d1fc9"),
    )

    def __init__(
        self,
        root: str | os.PathLike[str] = "data",
        split: str = "train",
        bands: Sequence[str] | None = None,
        transforms: Transforms | None = None,
        download: bool = False,
        checksum: bool = False,
        countries: Sequence[str] = ("usa",),
    ) -> None:
        """
        Raises:
            ValueError: unknown split, band or country, or a country given twice.
            DatasetNotFoundError: files absent and ``download`` is False.
            ChecksumError: ``checksum`` is True and ``soybeans.zip`` does not match.
            InvalidDataError: a file is damaged or the parts of a split disagree in length.
        """
        chosen = (countries,) if isinstance(countries, str) else tuple(countries)
        unknown = [c for c in chosen if c not in SUSTAINBENCH_CROP_YIELD_COUNTRIES]
        if unknown or not chosen or len(set(chosen)) != len(chosen):
            raise ValueError(f"{self.name}: countries {list(chosen)} must be distinct names "
                             f"among {', '.join(SUSTAINBENCH_CROP_YIELD_COUNTRIES)}")
        self.countries = chosen
        super().__init__(root, "val" if split == "dev" else split, bands, transforms,
                         download, checksum)

    # -- files ------------------------------------------------------------------------------
    def _path(self, country: str, part: str) -> Path:
        return self.root / _FOLDER / country / f"{_PREFIX[self.split]}_{part}.npz"

    def _exists(self) -> bool:
        return all(self._path(c, p).is_file() for c in self.countries for p in _PARTS)

    def _load(self) -> None:
        hists: list[np.ndarray] = []
        yields: list[np.ndarray] = []
        ndvi: list[np.ndarray] = []
        years: list[np.ndarray] = []
        keys: list[str] = []
        origin: list[str] = []
        for country in self.countries:
            parts = {p: _load_npz(self._path(country, p)) for p in _PARTS}
            lengths = {p: len(a) for p, a in parts.items()}
            if len(set(lengths.values())) != 1:
                raise InvalidDataError(f"{self.name}: the {_PREFIX[self.split]}_*.npz files of "
                                       f"{country} disagree in length: {lengths}")
            array = parts["hists"]
            if array.ndim != 4 or array.shape[-1] != len(self.all_bands):
                raise InvalidDataError(f"{self.name}: {self._path(country, 'hists')} holds "
                                       f"{array.shape}; expected [N, bins, steps, "
                                       f"{len(self.all_bands)}]")
            hists.append(channels_first(array, self.band_indices).astype(np.float32))
            yields.append(parts["yields"].reshape(len(array), -1)[:, 0].astype(np.float32))
            ndvi.append(parts["ndvi"].reshape(len(array), -1).astype(np.float32))
            years.append(parts["years"].astype(np.float64).astype(np.int64).reshape(-1))
            keys.extend(k.decode() if isinstance(k, bytes) else str(k)
                        for k in parts["keys"].reshape(-1))
            origin.extend([country] * len(array))
        self.images = np.concatenate(hists)
        self.yields, self.ndvi = np.concatenate(yields), np.concatenate(ndvi)
        self.years, self.keys, self.origin = np.concatenate(years), keys, origin

    # -- samples ----------------------------------------------------------------------------
    def __len__(self) -> int:
        return len(self.images)

    def __getitem__(self, index: int) -> Sample:
        import torch

        if not -len(self) <= index < len(self):
            raise IndexError(f"{self.name}: index {index} out of range 0..{len(self) - 1}")
        sample: Sample = {
            "image": torch.from_numpy(self.images[index].copy()),
            "label": torch.tensor(self.yields[index], dtype=torch.float32),
            "year": torch.tensor(int(self.years[index]), dtype=torch.int64),
            "ndvi": torch.from_numpy(self.ndvi[index].copy()),
            "key": self.keys[index],
            "country": self.origin[index],
        }
        return self._apply(sample)

    def plot(self, sample: Sample, show_titles: bool = True, suptitle: str | None = None,
             band: int = 0) -> Figure:
        """The histogram of band ``band`` (of the selected ones): bins up, time to the right,
        titled with the yield (and the prediction, if any).

        Raises:
            IndexError: ``band`` is not one of the sample's bands.
        """
        import matplotlib.pyplot as plt

        image: Any = sample["image"]
        if not -image.shape[0] <= band < image.shape[0]:
            raise IndexError(f"{self.name}: band {band} is outside the {image.shape[0]} bands "
                             "of the sample")
        fig, ax = plt.subplots(figsize=(5, 5))
        ax.imshow(np.asarray(image[band]), origin="lower", cmap="magma", aspect="auto",
                  interpolation="nearest")
        ax.set_xlabel("time step")
        ax.set_ylabel(f"{self.bands[band]} bin" if len(self.bands) == image.shape[0] else "bin")
        if show_titles:
            parts = [f"{key}: {float(sample[key]):.3f} t/ha" for key in ("label", "prediction")
                     if key in sample]
            ax.set_title(", ".join(parts))
        if suptitle is not None:
            fig.suptitle(suptitle)
        return fig
