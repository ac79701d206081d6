"""Digital Typhoon: sequences of typhoon-centred infrared images -> intensity (Kitamoto et al.).

The western Pacific release unpacks to ``WP/``::

    WP/image/<typhoon id>/<YYYYMMDDHH>-<typhoon id>-<satellite>-1.h5   (dataset "Infrared")
    WP/metadata/<typhoon id>.csv                                     (best track, one row/hour)
    WP/aux_data.csv, WP/metadata.json                                (summaries, not needed)

Each image is 512x512 brightness temperature (K) at about 5 km, hourly; each metadata row
has ``year, month, day, hour, grade, lat, lng, pressure, wind, dir50, long50, short50, dir30,
long30, short30, landfall, intp, file_1, mask_1, mask_1_pct`` (``file_1``: the image of that
hour). A sample is ``sequence_length`` consecutive hourly images of one typhoon whose files
exist; its label is the chosen track values of the last hour. The publisher's site asks users
to accept its terms; ``download=True`` fetches TorchGeo's copy of ``WP.tar.gz`` in two parts
(``WP.tar.gzaa``, ``WP.tar.gzab``), joins and extracts them.
"""

from __future__ import annotations

import csv
import datetime as dt
import os
import shutil
from collections.abc import Sequence
from pathlib import Path
from typing import ClassVar

import numpy as np

from geoplug.core.archives import extract_archive
from geoplug.core.download import Resource, fetch
from geoplug.core.errors import DatasetNotFoundError, InvalidDataError
from geoplug.core.nongeo import NonGeoDataset, Sample, Transforms
from geoplug.datasets._catalog import spec
from geoplug.datasets._catalog.scene_regression_modern import DIGITAL_TYPHOON_TARGETS
from geoplug.datasets._sequences import open_h5, read_h5, regular_windows

__all__ = ["DigitalTyphoon"]

_HF = ("https://hf.co/datasets/torchgeo/digital_typhoon/resolve/"
       "cf2f9ef89168d31cb09e42993d35b068688fe0df/")
#: the track columns in file order (the publisher's CSV header; pyphoon2 reads them by position)
_COLUMNS = ("year", "month", "day", "hour", *DIGITAL_TYPHOON_TARGETS, "intp", "file_1",
            "mask_1", "mask_1_pct")
_EPOCH, _HOUR = dt.datetime(1970, 1, 1), dt.timedelta(hours=1)


class DigitalTyphoon(NonGeoDataset, spec=spec("digital_typhoon")):
    """Hourly infrared sequences of western Pacific typhoons -> best-track values.

    Samples: ``image`` float32 ``[sequence_length, 1, 512, 512]`` (K, oldest first),
    ``label`` float32 ``[len(targets)]`` (the last hour's ``targets``, wind in kt and
    pressure in hPa by default), ``typhoon_id`` and ``time`` (ISO hour of the last image).
    The dataset has no official split: ``train`` is every typhoon.
    """

    resources: ClassVar[tuple[Resource, ...]] = (
        Resource(url=f"{_HF}WP.tar.gzaa", filename="WP.tar.gzaa",
                 md5="3af98052aed17e0ddb1e94caca2582e2", extract=False),
        Resource(url=f"{_HF}WP.tar.gzab", filename="WP.tar.gzab",
                 md5="2c5d25455ac8aef1de33fe6456ab2c8d", extract=False),
    )

    def __init__(
        self,
        root: str | os.PathLike[str] = "data",
        split: str = "train",
        bands: Sequence[str] | None = None,
        transforms: Transforms | None = None,
        download: bool = False,
        checksum: bool = False,
        sequence_length: int = 3,
        targets: Sequence[str] = ("wind", "pressure"),
    ) -> None:
        """
        Raises:
            ValueError: unknown split, band or target, or ``sequence_length`` below 1.
            DatasetNotFoundError: ``WP/`` and its archive are absent and ``download`` is False.
            InvalidDataError: a metadata file lacks a column or holds a malformed value.
        """
        unknown = [t for t in targets if t not in DIGITAL_TYPHOON_TARGETS]
        if unknown or not targets:
            raise ValueError(f"digital_typhoon: unknown target(s) {unknown or '(none)'}; "
                             f"choose from {', '.join(DIGITAL_TYPHOON_TARGETS)}")
        if sequence_length < 1:
            raise ValueError("digital_typhoon: sequence_length is at least 1")
        self.sequence_length, self.targets = sequence_length, tuple(targets)
        super().__init__(root, split, bands, transforms, download, checksum)

    # -- files ------------------------------------------------------------------------------
    def _exists(self) -> bool:
        return (self.root / "WP" / "metadata").is_dir() and (self.root / "WP" / "image").is_dir()

    def _prepare(self, download: bool, checksum: bool) -> None:
        """Extract ``WP.tar.gz`` (joining its parts first), downloading the parts if asked.

        Parts ``WP.tar.gzaa``, ``WP.tar.gzab``, ... in another number than the mirror's two
        (the publisher's own split) are joined in name order; their checksums are unknown.

        Raises:
            DatasetNotFoundError: nothing is there and ``download`` is False.
            ChecksumError: a part does not match its published checksum.
            InvalidDataError: a part in the middle of such a series is missing.
        """
        if self._exists():
            return
        whole = self.root / "WP.tar.gz"
        if not whole.is_file():
            parts = [self.root / r.filename for r in self.resources]
            found = sorted(self.root.glob("WP.tar.gz[a-z][a-z]"))
            if {p.name for p in found} - {p.name for p in parts}:
                expected = [f"WP.tar.gz{chr(97 + i // 26)}{chr(97 + i % 26)}"
                            for i in range(len(found))]
                missing = sorted(set(expected) - {p.name for p in found})
                if missing:
                    raise InvalidDataError(
                        f"digital_typhoon: the parts of WP.tar.gz in {self.root} skip "
                        f"{', '.join(missing)}; copy the missing part(s) and run again")
                parts = found
            elif not download and not all(p.is_file() for p in parts):
                raise DatasetNotFoundError(self.name, self.root)
            else:
                fetch(self.resources, self.root, checksum)
            partial = whole.with_name(".WP.tar.gz.joining")
            with open(partial, "wb") as out:
                for part in parts:
                    with open(part, "rb") as src:
                        shutil.copyfileobj(src, out)
            os.replace(partial, whole)
        extract_archive(whole, self.root)
        if not self._exists():
            raise InvalidDataError(f"digital_typhoon: {whole} holds no WP/metadata and "
                                   "WP/image folders; delete it and download again")

    # -- index ------------------------------------------------------------------------------
    def _read_track(self, path: Path) -> list[dict[str, str]]:
        """The rows of one metadata CSV as dicts (header names, or positions if headerless).

        Raises:
            InvalidDataError: a needed column is missing.
        """
        with open(path, newline="", encoding="utf-8-sig") as f:
            rows = [r for r in csv.reader(f) if r]
        if not rows:
            return []
        header = [h.strip().lower() for h in rows[0]]
        if "year" in header:
            header = ["file_1" if h in ("filename", "image_path") else
                      "intp" if h == "interpolated" else h for h in header]
            rows = rows[1:]
        else:
            header = list(_COLUMNS)
        missing = [c for c in ("year", "month", "day", "hour", "file_1", *self.targets)
                   if c not in header]
        if missing:
            raise InvalidDataError(f"digital_typhoon: {path} lacks column(s) {missing}")
        return [dict(zip(header, (v.strip() for v in row))) for row in rows]

    def _load(self) -> None:
        self.samples: list[tuple[str, list[Path], list[float], str]] = []
        for csv_path in sorted((self.root / "WP" / "metadata").glob("*.csv")):
            typhoon = csv_path.stem
            folder = self.root / "WP" / "image" / typhoon
            present = set(os.listdir(folder)) if folder.is_dir() else set()
            try:
                records = sorted(
                    ((dt.datetime(int(r["year"]), int(r["month"]), int(r["day"]),
                                  int(r["hour"])) - _EPOCH) // _HOUR,
                     r["file_1"], [float(r[t]) for t in self.targets])
                    for r in self._read_track(csv_path) if r["file_1"] in present)
            except ValueError as exc:
                raise InvalidDataError(f"digital_typhoon: malformed value in {csv_path}: "
                                       f"{exc}") from exc
            hours = [h for h, _, _ in records]
            for end in regular_windows(hours, self.sequence_length, 1):
                window = records[end - self.sequence_length + 1:end + 1]
                when = (_EPOCH + window[-1][0] * _HOUR).isoformat()
                self.samples.append((typhoon, [folder / name for _, name, _ in window],
                                     window[-1][2], when))

    def _empty_reason(self) -> str:
        return (f"no typhoon has {self.sequence_length} consecutive hourly images listed in "
                "WP/metadata/*.csv and present under WP/image/<id>/")

    # -- samples ----------------------------------------------------------------------------
    def __len__(self) -> int:
        return len(self.samples)

    def __getitem__(self, index: int) -> Sample:
        import torch

        typhoon, paths, values, when = self.samples[index]
        frames = []
        for path in paths:
            with open_h5(path) as f:
                frames.append(read_h5(f, "Infrared").astype(np.float32))
        sample: Sample = {
            "image": torch.from_numpy(np.stack(frames)[:, None]),
            "label": torch.tensor(values, dtype=torch.float32),
            "typhoon_id": typhoon,
            "time": when,
        }
        return self._apply(sample)
