"""Western USA Live Fuel Moisture: remote-sensing variables -> live fuel moisture content.

Rao et al. (2020) paired field measurements of live fuel moisture content (LFMC, % of dry
mass) at sites of the western USA with Sentinel-1 backscatter, Landsat-8 reflectance, terrain,
soil and canopy variables of the measurement's month and the three before. Radiant Earth
published the table as one GeoJSON point feature per measurement (collection
``su_sar_moisture_content``), whose properties hold ``percent(t)`` (the target), ``site``,
``date`` and the 136 variables ``<name>(t)`` ... ``<name>(t-3)``; the point gives lon/lat.
Two layouts are read:

* Source Cooperative (served from ``https://radiantearth.blob.core.windows.net/mlhub/``
  ``su-sar-moisture-content``, what ``azcopy sync`` copies): ``feature_<nnnn>.geojson`` files,
  found at any depth under ``root``;
* Radiant MLHub's archive ``su_sar_moisture_content.tar.gz`` (extracted by the loader when it
  lies in ``root``): ``su_sar_moisture_content/su_sar_moisture_content_<n>/labels.geojson``.

``download=True`` lists the Source Cooperative container and fetches every file under the
prefix, each verified against the ``Content-MD5`` the listing gives.
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import TYPE_CHECKING, Any, ClassVar

import numpy as np

from geoplug.core.download import Resource, fetch
from geoplug.core.errors import DatasetNotFoundError, InvalidDataError
from geoplug.core.nongeo import NonGeoDataset, Sample
from geoplug.datasets._blobs import blob_resources
from geoplug.datasets._catalog import spec
from geoplug.datasets._catalog.regression_western_usa_live_fuel_moisture import LFM_TARGET

if TYPE_CHECKING:  # pragma: no cover
    from matplotlib.figure import Figure

__all__ = ["WesternUSALiveFuelMoisture"]

_COLLECTION = "su_sar_moisture_content"
_ARCHIVE = f"{_COLLECTION}.tar.gz"


def _natural(path: Path) -> tuple[Any, ...]:
    """Sort key: digits compare as numbers (``feature_10`` after ``feature_9``)."""
    return tuple(int(p) if p.isdigit() else p for p in re.split(r"(\d+)", path.as_posix()))


class WesternUSALiveFuelMoisture(NonGeoDataset, spec=spec("western_usa_live_fuel_moisture")):
    """Live fuel moisture measurements with their remote-sensing variables (a table).

    Samples: ``image`` float32 ``[C,1,1]``: the selected variables (``bands``, in that order;
    default all 138 of :attr:`all_bands`, ending with ``lat``, ``lon``) as the channels of
    one pixel, so
    that per-band normalisation and the regression trainers apply as to any chip; ``label``
    float32 LFMC (%); ``site`` and ``date`` (as published, e.g. ``"6/30/15"``). A missing or
    null variable reads as NaN. There is no official split: ``train`` holds every sample.
    No checksum of the files is published except the listing's ``Content-MD5``, which every
    download is verified against; ``checksum`` adds no other check.

    Citation: K. Rao, A. P. Williams, J. F. Flefil, A. G. Konings, "SAR-enhanced mapping of
    live fuel moisture content", Remote Sensing of Environment 245, 2020,
    doi:10.1016/j.rse.2020.111797.
    """

    #: the public container, the prefix of the release in it and its "List Blobs" URL
    container: ClassVar[str] = "https://radiantearth.blob.core.windows.net/mlhub"
    prefix: ClassVar[str] = "su-sar-moisture-content"
    listing: ClassVar[str | None] = None
    #: MLHub's archive, extracted when it lies in ``root`` (MLHub is retired: no download)
    resources: ClassVar[tuple[Resource, ...]] = (
        Resource(url=f"https://api.radiant.earth/mlhub/v1/archive/{_COLLECTION}",
                 filename=_ARCHIVE),)

    # -- files ------------------------------------------------------------------------------
    def _files(self) -> list[Path]:
        """The Source Cooperative feature files, else MLHub's ``labels.geojson`` files."""
        if not self.root.is_dir():
            return []
        found = sorted(self.root.rglob("feature_*.geojson"), key=_natural)
        if not found:
            found = sorted((p for p in self.root.rglob("labels.geojson")
                            if p.parent.name.startswith(f"{_COLLECTION}_")), key=_natural)
        return found

    def _exists(self) -> bool:
        return bool(self._files())

    def _prepare(self, download: bool, checksum: bool) -> None:
        """Extract MLHub's archive lying in ``root``, else download the Source Cooperative
        files.

        Raises:
            DatasetNotFoundError: neither is there and ``download`` is False.
            OSError: the listing or a file cannot be fetched.
            ChecksumError: a downloaded file does not match its ``Content-MD5``.
        """
        if self._exists():
            return
        if (self.root / _ARCHIVE).is_file():
            fetch(self.resources, self.root, checksum)
        elif download:
            files = blob_resources(self.container, self.prefix, self.listing)
            fetch(files, self.root, checksum)
        else:
            raise DatasetNotFoundError(self.name, self.root, hint=(
                "Pass download=True to fetch the Source Cooperative files (feature_*.geojson "
                f"from {self.container}/{self.prefix}/), or put MLHub's {_ARCHIVE} in root."))
        if not self._exists():
            raise InvalidDataError(f"{self.name}: no feature_*.geojson nor {_COLLECTION}_<n>/"
                                   f"labels.geojson under {self.root} after extracting or "
                                   "downloading; the files are of another release")

    def _read(self, path: Path) -> tuple[list[float], float, str, str]:
        """The variables (in :attr:`all_bands` order), target, site and date of a file.

        Raises:
            InvalidDataError: the file is not a point feature holding ``percent(t)``.
        """
        try:
            feature = json.loads(path.read_text(encoding="utf-8"))
            properties = dict(feature["properties"])
            lon, lat = feature["geometry"]["coordinates"][:2]
            target = properties[LFM_TARGET]
        except (OSError, ValueError, KeyError, TypeError) as exc:
            raise InvalidDataError(f"{self.name}: {path} is not a GeoJSON point feature with "
                                   f"a {LFM_TARGET!r} property ({type(exc).__name__}: {exc}); "
                                   "download or extract it again") from exc
        properties.update(lat=lat, lon=lon)

        def number(value: Any) -> float:
            try:
                return float("nan") if value is None else float(value)
            except (TypeError, ValueError):
                raise InvalidDataError(f"{self.name}: {path} holds {value!r} where a number "
                                       "is expected") from None

        values = [number(properties.get(name)) for name in self.all_bands]
        return values, number(target), str(properties.get("site", "")), \
            str(properties.get("date", ""))

    def _load(self) -> None:
        self.files = self._files()
        rows = [self._read(p) for p in self.files]
        self.features = np.array([r[0] for r in rows], dtype=np.float32).reshape(
            len(rows), len(self.all_bands))
        self.targets = np.array([r[1] for r in rows], dtype=np.float32)
        self.sites = [r[2] for r in rows]
        self.dates = [r[3] for r in rows]

    # -- samples ----------------------------------------------------------------------------
    def __len__(self) -> int:
        return len(self.files)

    def __getitem__(self, index: int) -> Sample:
        import torch

        if not -len(self) <= index < len(self):
            raise IndexError(f"{self.name}: index {index} is outside the {len(self)} samples")
        values = self.features[index, self.band_indices]
        sample: Sample = {
            "image": torch.from_numpy(values.reshape(-1, 1, 1).copy()),
            "label": torch.tensor(float(self.targets[index]), dtype=torch.float32),
            "site": self.sites[index],
            "date": self.dates[index],
        }
        return self._apply(sample)

    def plot(self, sample: Sample, show_titles: bool = True, suptitle: str | None = None
             ) -> Figure:
        """The sample's variables as bars, titled with its LFMC (and any prediction)."""
        import matplotlib.pyplot as plt

        values = np.asarray(sample["image"]).reshape(-1)
        names = list(self.bands)[: len(values)]
        fig, ax = plt.subplots(figsize=(max(6.0, 0.12 * len(values)), 4))
        ax.bar(range(len(values)), values)
        ax.set_xticks(range(len(values)), names, rotation=90, fontsize=6)
        if show_titles:
            title = f"LFMC {float(sample['label']):.1f} %"
            if "prediction" in sample:
                title += f", predicted {float(sample['prediction']):.1f} %"
            site = sample.get("site")
            ax.set_title(f"{site} {sample.get('date', '')}: {title}" if site else title)
        if suptitle is not None:
            fig.suptitle(suptitle)
        fig.tight_layout()
        return fig
