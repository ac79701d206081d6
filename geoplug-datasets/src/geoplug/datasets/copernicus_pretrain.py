"""Copernicus-Pretrain: Copernicus-FM's multi-mission pretraining corpus as webdataset shards.

The publisher (Hugging Face ``wangyi111/Copernicus-Pretrain``) ships plain tar shards
``example-NNNNNN.tar`` (``example_100_grids/example_100_webdataset/``: 100 example grid cells
in 10 shards; ``ssl4eo_s_220k_aligned/``: shards 0-2255, cells with all modalities;
``ssl4eo_s_220k_310k_union/``: shards 2256-3210, the rest). A sample is one 0.25-degree grid
cell: members ``<grid>.<modality>.pth`` (a ``torch.save``d tensor) and ``<grid>.json`` (per
modality, the ``<grid>_<lon>_<lat>/<local patch>/<date>`` ids of its patches and dates, each
id in a 1-item list as the publisher's batch-1 collation left it):

* ``s1_grd`` float32 ``[P,T,2,264,264]`` and ``s2_toa`` int16 ``[P,T,13,264,264]``: P local
  patches, T dates;
* ``s3_olci`` ``[T,21,96,96]``, ``s5p_co``/``s5p_no2``/``s5p_o3``/``s5p_so2`` ``[T,1,28,28]``;
* ``dem`` ``[960,960]``.

Three quirks of the publisher's writer (``create_webdataset.py``) are undone here:

* S2 digital numbers (``uint16``) were stored with ``astype(np.int16)``, which wraps values
  above 32767 to negatives; int16 S2 is read back as ``uint16`` (the same bits).
* The writer reuses one ``sample``/``meta`` dict across cells, so a cell lacking a modality
  carries the previous cell's tensor and ids for it. A modality of cell ``<grid>`` whose first
  JSON id does not start with ``<grid>_`` is treated as absent (and left out of ``metadata``).
* Sentinel-1 and Sentinel-2 list their local patches separately (and not necessarily in the
  same order); they are paired by the local patch id of the JSON, not by position.

The loader indexes the shards' member headers and each cell's JSON (no webdataset
dependency) and reads tensors straight from their byte ranges, so the corpus is a map-style
dataset whose samples have the image shapes of the sample contract (one S1/S2 local patch
each).
"""

from __future__ import annotations

import io
import json
import os
import tarfile
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any, ClassVar

import numpy as np

from geoplug.core.download import Resource
from geoplug.core.errors import InvalidDataError
from geoplug.core.nongeo import Sample, Transforms
from geoplug.datasets._catalog import spec
from geoplug.datasets._catalog.pretraining_copernicus_pretrain import (
    COPERNICUS_PRETRAIN_MODALITIES,
    COPERNICUS_PRETRAIN_SHARDS,
)
from geoplug.datasets._multimodal import MultiModalChipDataset

if TYPE_CHECKING:  # pragma: no cover
    from matplotlib.figure import Figure

__all__ = ["CopernicusPretrain", "first_id", "local_ids", "shard_resources"]

URL = "https://huggingface.co/datasets/wangyi111/Copernicus-Pretrain/resolve/main/"
#: where a member's bytes lie: (shard, offset, size)
_Member = tuple[Path, int, int]


def shard_resources(variant: str) -> tuple[Resource, ...]:
    """The shards of a variant as resources, each kept (as a tar: the loader reads it in
    place) under the variant's folder of the Hugging Face repository, since the example and
    ``220k_aligned`` shards share names."""
    folder, first, last = COPERNICUS_PRETRAIN_SHARDS[variant]
    return tuple(Resource(url=f"{URL}{folder}/example-{n:06d}.tar",
                          filename=f"{folder}/example-{n:06d}.tar", extract=False)
                 for n in range(first, last + 1))


def first_id(ids: Any) -> str | None:
    """The first id of a JSON id list, unwrapping the 1-item lists of the publisher's
    collation (``[[["<grid>_..."]]]``); None when there is none."""
    while isinstance(ids, list):
        if not ids:
            return None
        ids = ids[0]
    return ids if isinstance(ids, str) else None


def local_ids(ids: Any) -> list[str] | None:
    """The local patch ids of an S1/S2 JSON list (one entry per local patch, its ids
    ``<grid>_<lon>_<lat>/<local patch>/<date>``); None when an entry names none."""
    out = []
    for patch in ids if isinstance(ids, list) else []:
        parts = (first_id(patch) or "").split("/")
        if len(parts) != 3:
            return None
        out.append(parts[1])
    return out


class CopernicusPretrain(MultiModalChipDataset, spec=spec("copernicus_pretrain")):
    """Copernicus-Pretrain samples: one per grid cell and Sentinel-1/2 local patch (one per
    cell when neither is chosen), with ``image_<modality>`` float32 per chosen modality
    (``s1_grd``/``s2_toa`` ``[T,C,264,264]`` of that local patch, ``s3_olci`` and ``s5p_*``
    ``[T,C,H,W]`` of the cell, ``dem`` ``[1,960,960]``), ``grid_id``, ``local_patch`` (the
    local patch id of the JSON, e.g. ``"0865831"``; its position when the JSON names none)
    and ``metadata`` (the cell's JSON: patch and date ids of the modalities the cell holds).

    ``modalities`` (default all) keeps only cells that hold every chosen modality (the
    union shards lack some) and, with both S1 and S2, the local patches both hold.
    ``variant`` (``"100_example"``, ``"220k_aligned"``, ``"220k_310k_union"``) picks the
    shards: those under the variant's folder of the repository
    (``example_100_grids/example_100_webdataset``, ``ssl4eo_s_220k_aligned``,
    ``ssl4eo_s_220k_310k_union``) in ``root``, else (a flat copy) the ``example-*.tar`` in
    ``root`` itself. ``download`` fetches the variant's missing shards into its folder (an
    interrupted download resumes). One split, ``train``.
    """

    modality_bands: ClassVar[dict[str, tuple[str, ...]]] = COPERNICUS_PRETRAIN_MODALITIES
    resources: ClassVar[tuple[Resource, ...]] = shard_resources("100_example")

    def __init__(
        self,
        root: str | os.PathLike[str] = "data",
        split: str = "train",
        bands: Sequence[str] | None = None,
        transforms: Transforms | None = None,
        download: bool = False,
        checksum: bool = False,
        modalities: Sequence[str] | None = None,
        variant: str = "100_example",
    ) -> None:
        """
        Raises:
            ValueError: unknown variant, split, modality or band.
            DatasetNotFoundError: no shard under ``root`` and ``download`` is False.
            InvalidDataError: a shard is not a readable tar, or no cell holds every chosen
                modality.
        """
        if variant not in COPERNICUS_PRETRAIN_SHARDS:
            raise ValueError(f"{self.name}: variant {variant!r} is not one of "
                             f"{', '.join(COPERNICUS_PRETRAIN_SHARDS)}")
        self.variant = variant
        self._download = download
        super().__init__(root, split, bands, transforms, download, checksum, modalities)

    def _needed(self) -> list[Resource]:
        return list(shard_resources(self.variant))

    def _shards(self) -> list[Path]:
        """The variant's shards: in its folder, else those of a flat copy in ``root``."""
        folder = self.root / COPERNICUS_PRETRAIN_SHARDS[self.variant][0]
        return sorted(folder.glob("example-*.tar")) or sorted(self.root.glob("example-*.tar"))

    def _exists(self) -> bool:
        if self._download:  # every shard of the variant, so that a partial download resumes
            return all((self.root / r.filename).is_file() for r in self._needed())
        return bool(self._shards())

    def _load(self) -> None:
        cells: dict[str, dict[str, _Member]] = {}
        for shard in self._shards():
            try:
                with tarfile.open(shard) as tar:
                    for member in tar:
                        if not member.isfile():
                            continue
                        name = member.name.rsplit("/", 1)[-1]
                        key, _, ext = name.partition(".")
                        cells.setdefault(key, {})[ext] = (shard, member.offset_data,
                                                          member.size)
            except (tarfile.TarError, OSError) as exc:
                raise InvalidDataError(f"{self.name}: cannot read the shard {shard}: {exc}; "
                                       "download it again") from exc
        #: the chosen S1/S2 modalities, S2 first (its list orders a cell's samples)
        self.local = [m for m in ("s2_toa", "s1_grd") if m in self.modalities]
        self.cells: list[tuple[str, dict[str, _Member]]] = []
        #: (cell position, local patch id, its position in each of ``self.local``'s tensors)
        self.samples: list[tuple[int, str, tuple[int, ...]]] = []
        for key, members in sorted(cells.items()):
            meta = self._json(key, members)
            if not all(self._holds(key, members, meta, m) for m in self.modalities):
                continue
            self.samples += [(len(self.cells), *patch) for patch in self._pairs(meta)]
            self.cells.append((key, members))

    @staticmethod
    def _holds(key: str, members: dict[str, _Member], meta: dict[str, Any],
               modality: str) -> bool:
        """Whether the cell holds the modality: its member is there and, when the JSON lists
        the modality, its ids are the cell's own (not the previous cell's, left over by the
        publisher's writer)."""
        if f"{modality}.pth" not in members:
            return False
        if not meta or modality not in meta:
            return True
        return (first_id(meta[modality]) or "").startswith(f"{key}_")

    def _pairs(self, meta: dict[str, Any]) -> list[tuple[str, tuple[int, ...]]]:
        """The cell's local patches as (local id, position in each chosen S1/S2 tensor):
        paired by the JSON's local ids, positionally when it names none."""
        if not self.local:
            return [("", ())]
        lists = [local_ids(meta.get(m)) for m in self.local]
        named = [ids for ids in lists if ids]
        if len(named) < len(lists):  # the JSON names no local patch: pair by position
            count = min((len(meta[m]) for m in self.local if isinstance(meta.get(m), list)),
                        default=1)
            return [(str(p), (p,) * len(self.local)) for p in range(count)]
        where = [{lid: n for n, lid in reversed(list(enumerate(ids)))} for ids in named]
        return [(lid, tuple(w[lid] for w in where)) for lid in dict.fromkeys(named[0])
                if all(lid in w for w in where)]

    def _json(self, key: str, members: dict[str, _Member]) -> dict[str, Any]:
        if "json" not in members:
            return {}
        try:
            out = json.loads(self._bytes(members["json"]).decode("utf-8"))
        except ValueError as exc:
            raise InvalidDataError(f"{self.name}: {key}.json in {members['json'][0]} is not "
                                   f"JSON: {exc}") from exc
        if not isinstance(out, dict):
            raise InvalidDataError(f"{self.name}: {key}.json in {members['json'][0]} is not "
                                   "a JSON object")
        return out

    def _metadata(self, cell: int) -> dict[str, Any]:
        """The cell's JSON without the entries of modalities it does not hold."""
        key, members = self.cells[cell]
        meta = self._json(key, members)
        return {m: ids for m, ids in meta.items()
                if (first_id(ids) or "").startswith(f"{key}_")}

    def _empty_reason(self) -> str:
        return (f"no grid cell of the shards under {self.root} holds all of "
                f"{', '.join(self.modalities)}; choose fewer with modalities=[...]")

    def __len__(self) -> int:
        return len(self.samples)

    def _bytes(self, member: _Member) -> bytes:
        shard, offset, size = member
        with open(shard, "rb") as f:
            f.seek(offset)
            data = f.read(size)
        if len(data) != size:
            raise InvalidDataError(f"{self.name}: {shard} is truncated; download it again")
        return data

    def _read_modality(self, index: int, modality: str, indices: list[int]) -> np.ndarray:
        import torch

        cell, _, positions = self.samples[index]
        key, members = self.cells[cell]
        try:
            tensor = torch.load(io.BytesIO(self._bytes(members[f"{modality}.pth"])),
                                map_location="cpu", weights_only=True)
        except (RuntimeError, ValueError, EOFError) as exc:
            raise InvalidDataError(f"{self.name}: cannot decode {key}.{modality}.pth in "
                                   f"{members[f'{modality}.pth'][0]}: {exc}") from exc
        array = np.asarray(tensor.numpy())
        if modality == "s2_toa" and array.dtype == np.int16:
            array = array.view(np.uint16)  # uint16 DNs the publisher stored as int16
        if array.ndim == 2:  # the DEM: one band
            array = array[None]
        elif modality in self.local:
            patch = positions[self.local.index(modality)]
            if not 0 <= patch < array.shape[0]:
                raise InvalidDataError(f"{self.name}: {key}.{modality}.pth has "
                                       f"{array.shape[0]} local patches, its JSON more")
            array = array[patch]
        return array[..., indices, :, :]

    def _targets(self, index: int, sample: Sample) -> Sample:
        cell, local, _ = self.samples[index]
        return {"grid_id": self.cells[cell][0], "local_patch": local,
                "metadata": self._metadata(cell)}

    def plot(self, sample: Sample, show_titles: bool = True, suptitle: str | None = None
             ) -> Figure:
        """One panel per modality (its first date; true colour for S2), titled by grid cell."""
        return super().plot(sample, show_titles=show_titles,
                            suptitle=suptitle or str(sample.get("grid_id", "")) or None)
