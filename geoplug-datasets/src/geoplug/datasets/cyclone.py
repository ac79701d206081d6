"""Tropical Cyclone Wind Estimation: regress a storm's wind speed from a GOES IR image.

The NASA Tropical Storm Wind Speed Competition data has been distributed in two layouts, and
both are read. The current one (Source Cooperative / Radiant Earth's blob store
``mlhub/nasa-tropical-storm-challenge``, the DrivenData competition files) is flat::

    train/<image_id>.jpg            training_set_features.csv   training_set_labels.csv
    test/<image_id>.jpg             test_set_features.csv       test_set_labels.csv

with ``Image ID,Storm ID,Relative Time,Ocean`` and ``Image ID,Wind Speed`` columns (the
DrivenData copies spell them ``image_id,storm_id,...``; both are accepted) and
``<image_id> = <storm_id>_<nnn>``. The retired Radiant MLHub layout has, per split, a
``source`` and a ``labels`` STAC collection, each shipped as ``<collection>.tar.gz``::

    nasa_tropical_storm_competition_train_source/
        collection.json                                   (links to every item)
        nasa_tropical_storm_competition_train_source_<storm>_<nnn>/
            image.jpg  features.json  stac.json
    nasa_tropical_storm_competition_train_labels/
        nasa_tropical_storm_competition_train_labels_<storm>_<nnn>/labels.json

``features.json`` holds ``storm_id``, ``relative_time`` (seconds since the storm's first
image) and ``ocean`` (1: Atlantic, 2: East Pacific) as strings; ``labels.json`` holds
``wind_speed`` (knots).
"""

from __future__ import annotations

import csv
import json
from pathlib import Path, PurePosixPath
from typing import Any, ClassVar

import numpy as np

from geoplug.core.download import Resource
from geoplug.core.errors import InvalidDataError
from geoplug.core.nongeo import NonGeoDataset, Sample
from geoplug.datasets._catalog import spec

__all__ = ["TropicalCyclone"]

_COLLECTION = "nasa_tropical_storm_competition"
_ARCHIVE_URL = "https://api.radiant.earth/mlhub/v1/archive/"


def _resource(split: str, part: str, md5: str) -> Resource:
    name = f"{_COLLECTION}_{split}_{part}"
    return Resource(_ARCHIVE_URL + name, f"{name}.tar.gz", md5=md5, splits=(split,))


class TropicalCyclone(NonGeoDataset, spec=spec("cyclone")):
    """GOES infrared images of Atlantic and East Pacific storms with their wind speed.

    Samples are ``{"image": float32 [1, 366, 366], "label": float32 wind speed (kn),
    "storm_id": str, "relative_time": int64, "ocean": int64}``; the few images not
    366x366 px are resampled (bilinear) to that size so that batches stack. Splits:
    ``train`` and ``test`` (the competition's).

    Radiant MLHub has been retired; its archive URLs need an API key and may no longer answer.
    Either place the four MLHub ``.tar.gz`` archives (or their extracted folders) in ``root``,
    or the Source Cooperative files (``train/``, ``test/`` and the four CSV files).

    Citation: M. Maskey et al., "Deepti: Deep-Learning-Based Tropical Cyclone Intensity
    Estimation System", IEEE JSTARS 13, 2020, doi:10.1109/JSTARS.2020.3011907.
    """

    size: ClassVar[int] = 366
    resources: ClassVar[tuple[Resource, ...]] = (
        _resource("train", "source", "97e913667a398704ea8d28196d91dad6"),
        _resource("train", "labels", "97d02608b74c82ffe7496a9404a30413"),
        _resource("test", "source", "8d88099e4b310feb7781d776a6e1dcef"),
        _resource("test", "labels", "d910c430f90153c1f78a99cbc08e7bd0"),
    )

    def _folder(self, part: str) -> Path:
        return self.root / f"{_COLLECTION}_{self.split}_{part}"

    @property
    def _csv_stem(self) -> str:
        return "training_set" if self.split == "train" else f"{self.split}_set"

    def _csv_image_dir(self) -> Path | None:
        # The images sit in <split>/; some re-packagings nest them once more (<split>/<split>/).
        for folder in (self.root / self.split, self.root / self.split / self.split):
            if folder.is_dir() and any(p.suffix.lower() == ".jpg" for p in folder.iterdir()):
                return folder
        return None

    def _csv_layout_exists(self) -> bool:
        return (all((self.root / f"{self._csv_stem}_{kind}.csv").is_file()
                    for kind in ("features", "labels"))
                and self._csv_image_dir() is not None)

    def _exists(self) -> bool:
        return self._csv_layout_exists() or all(
            self._folder(part).is_dir() for part in ("source", "labels"))

    def _load(self) -> None:
        self.records: list[tuple[Path, str, int, int, float]] | None = None
        if self._csv_layout_exists():
            self._load_csv()
            return
        source = self._folder("source")
        prefix = f"{_COLLECTION}_{self.split}_source_"
        ids: list[str] = []
        collection = source / "collection.json"
        if collection.is_file():
            # The STAC collection is the publisher's index of the items.
            try:
                links = json.loads(collection.read_text())["links"]
            except (ValueError, KeyError) as exc:
                raise InvalidDataError(
                    f"{self.name}: {collection} is not a STAC collection ({exc}); delete the "
                    "folder and extract the archive again"
                ) from exc
            for link in links:
                parts = PurePosixPath(link.get("href", "")).parts
                folder = [p for p in parts if p.startswith(prefix)]
                if link.get("rel") == "item" and folder:
                    ids.append(folder[0][len(prefix):])
        else:
            ids = [p.name[len(prefix):] for p in source.iterdir()
                   if p.is_dir() and p.name.startswith(prefix)]
        self.ids = sorted(set(ids))

    def _read_csv(self, kind: str, columns: tuple[str, ...]) -> dict[str, dict[str, str]]:
        """Rows of ``<stem>_<kind>.csv`` keyed by image id, with normalised column names.

        Raises:
            InvalidDataError: a required column is missing.
        """
        path = self.root / f"{self._csv_stem}_{kind}.csv"
        with open(path, encoding="utf-8-sig", newline="") as f:
            reader = csv.reader(f)
            header = [h.strip().lower().replace(" ", "_") for h in next(reader, [])]
            missing = [c for c in columns if c not in header]
            if missing:
                raise InvalidDataError(
                    f"{self.name}: {path} lacks column(s) {missing} (found {header}); is it "
                    "a file of the NASA Tropical Storm Wind Speed Competition?"
                )
            rows = {}
            for row in reader:
                if row:
                    record = dict(zip(header, (v.strip() for v in row)))
                    rows[record["image_id"]] = record
        return rows

    def _load_csv(self) -> None:
        features = self._read_csv("features", ("image_id", "storm_id", "relative_time", "ocean"))
        labels = self._read_csv("labels", ("image_id", "wind_speed"))
        folder = self._csv_image_dir()
        assert folder is not None  # _exists guarantees it
        self.records = []
        try:
            for image_id in sorted(labels):
                if image_id not in features:
                    raise InvalidDataError(
                        f"{self.name}: image {image_id!r} has a wind speed but no row in "
                        f"{self._csv_stem}_features.csv"
                    )
                row = features[image_id]
                self.records.append((folder / f"{image_id}.jpg", row["storm_id"],
                                     int(float(row["relative_time"])), int(float(row["ocean"])),
                                     float(labels[image_id]["wind_speed"])))
        except ValueError as exc:
            raise InvalidDataError(f"{self.name}: malformed value in the {self.split} "
                                   f"CSV files: {exc}") from exc
        self.ids = sorted(labels)

    def __len__(self) -> int:
        return len(self.ids)

    def _item(self, part: str, index: int) -> Path:
        return self._folder(part) / f"{_COLLECTION}_{self.split}_{part}_{self.ids[index]}"

    @staticmethod
    def _read_json(path: Path) -> dict[str, Any]:
        try:
            return dict(json.loads(path.read_text()))
        except FileNotFoundError as exc:
            raise InvalidDataError(
                f"cyclone: {path} is missing; the archive was not fully extracted"
            ) from exc
        except ValueError as exc:
            raise InvalidDataError(f"cyclone: {path} is not valid JSON ({exc})") from exc

    def _read_image(self, path: Path) -> np.ndarray:
        from PIL import Image, UnidentifiedImageError

        try:
            with Image.open(path) as img:
                gray = img.convert("L")  # single IR channel, sometimes stored as RGB
                if gray.size != (self.size, self.size):
                    gray = gray.resize((self.size, self.size), Image.Resampling.BILINEAR)
                return np.asarray(gray, dtype=np.float32)
        except (OSError, UnidentifiedImageError) as exc:
            raise InvalidDataError(f"{self.name}: cannot read {path}: {exc}") from exc

    def __getitem__(self, index: int) -> Sample:
        import torch

        if self.records is not None:
            path, storm_id, relative_time, ocean, wind = self.records[index]
        else:
            source = self._item("source", index)
            features = self._read_json(source / "features.json")
            labels = self._read_json(self._item("labels", index) / "labels.json")
            path, storm_id = source / "image.jpg", str(features["storm_id"])
            relative_time, ocean = int(features["relative_time"]), int(features["ocean"])
            wind = float(labels["wind_speed"])
        image = self._read_image(path)[None]
        sample: Sample = {
            "image": torch.from_numpy(image),
            "label": torch.tensor(wind, dtype=torch.float32),
            "storm_id": storm_id,
            "relative_time": torch.tensor(relative_time, dtype=torch.int64),
            "ocean": torch.tensor(ocean, dtype=torch.int64),
        }
        return self._apply(sample)
