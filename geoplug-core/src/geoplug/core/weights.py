"""Pre-trained weights as objects: the facts of a :class:`WeightsSpec` plus a safe loader.

``geoplug.core.registry.weights.get(name)`` returns ``Weights(spec)``. The object knows where
the file lives, how input bands must be normalised, and how to fetch the state dict: the file is
downloaded once into the torch hub cache (``torch.hub.get_dir()/checkpoints/<url key>/``, keyed
by the whole URL so that two weights whose URLs end in the same name never share a file), its
sha256 is verified on every load, and it is read with ``torch.load(weights_only=True)`` or
safetensors, so a file carrying arbitrary pickled objects is refused rather than executed.
"""

from __future__ import annotations

import hashlib
import os
import pickle
import warnings
from collections.abc import Mapping, Sequence
from pathlib import Path, PurePosixPath
from typing import Any
from urllib.parse import urlparse

import torch

from geoplug.core.errors import InvalidDataError, UnverifiedWeightsWarning
from geoplug.core.specs import WeightsSpec

__all__ = [
    "UnsafeWeightsError",
    "Weights",
    "cache_dir",
    "extract_state_dict",
    "load_file",
]

# containers that training frameworks wrap a state dict in (Lightning, MoCo, DINO, timm)
_WRAPPER_KEYS = ("state_dict", "model", "model_state_dict", "module", "teacher", "student")


class UnsafeWeightsError(InvalidDataError):
    """A weights file holds objects other than tensors; it was refused, not unpickled."""


def cache_dir() -> Path:
    """Where weights are cached: ``$TORCH_HOME/hub/checkpoints`` like torchvision and timm."""
    return Path(torch.hub.get_dir()) / "checkpoints"


def extract_state_dict(obj: Any, prefix: str = "") -> dict[str, torch.Tensor]:
    """The flat ``{name: tensor}`` mapping inside a loaded checkpoint.

    Unwraps one level of the usual containers (``{"state_dict": ...}``, ``{"model": ...}``)
    and keeps only keys under ``prefix`` (with the prefix removed), e.g. ``"backbone."`` for a
    self-supervised checkpoint that also stores its projection head. Nested dicts of tensors
    are joined with dots (``{"s1_encoder": {"w": t}}`` -> ``s1_encoder.w``).

    Raises:
        InvalidDataError: the checkpoint is not a mapping of tensors, or nothing is under
            ``prefix``.
    """
    if not isinstance(obj, Mapping):
        raise InvalidDataError(f"checkpoint is a {type(obj).__name__}, not a state dict")
    for key in _WRAPPER_KEYS:
        inner = obj.get(key)
        if isinstance(inner, Mapping) and inner and all(
            isinstance(v, torch.Tensor) for v in inner.values()
        ):
            obj = inner
            break
    state: dict[str, torch.Tensor] = {}
    for key, value in _flatten(obj).items():
        if not isinstance(key, str) or not key.startswith(prefix):
            continue
        if not isinstance(value, torch.Tensor):
            raise InvalidDataError(
                f"checkpoint entry {key!r} is a {type(value).__name__}, not a tensor"
            )
        state[key[len(prefix):]] = value
    if not state:
        where = f" under prefix {prefix!r}" if prefix else ""
        raise InvalidDataError(f"checkpoint holds no tensors{where}")
    return state


def _flatten(obj: Mapping[Any, Any], prefix: str = "") -> dict[Any, Any]:
    """Nested state dicts joined with dots: CROMA publishes ``{"s1_encoder": {...}, ...}``,
    which loads as ``s1_encoder.<key>``."""
    flat: dict[Any, Any] = {}
    for key, value in obj.items():
        if isinstance(key, str) and isinstance(value, Mapping):
            flat.update(_flatten(value, f"{prefix}{key}."))
        else:
            flat[f"{prefix}{key}" if isinstance(key, str) else key] = value
    return flat


class Weights:
    """Registered pre-trained weights: metadata attributes, normalisation and ``state_dict``.

    Every field of the spec is readable as an attribute (``w.url``, ``w.bands``, ``w.mean``,
    ``w.license``...), so code written against torchvision's ``Weights.meta`` finds its facts.
    """

    def __init__(self, spec: WeightsSpec | Mapping[str, Any],
                 local_file: str | os.PathLike[str] | None = None) -> None:
        self.spec = spec if isinstance(spec, WeightsSpec) else WeightsSpec.model_validate(spec)
        #: a local copy of the published file, read instead of downloading (verified the same)
        self.local_file = Path(local_file) if local_file is not None else None
        self._local_verified = False  # set when from_file matched the file by its digest

    def __getattr__(self, attr: str) -> Any:
        # only reached for names not set on the instance: look them up in the spec
        if attr == "spec" or attr.startswith("__"):
            raise AttributeError(attr)
        try:
            return getattr(self.spec, attr)
        except AttributeError:
            raise AttributeError(f"{type(self).__name__!r} has no attribute {attr!r}") from None

    def __repr__(self) -> str:
        return f"Weights({self.spec.name!r}, model={self.spec.model!r}, in_chans={self.in_chans})"

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Weights) and other.spec == self.spec

    def __hash__(self) -> int:
        return hash(self.spec)

    @property
    def meta(self) -> dict[str, Any]:
        """Every fact of the spec as a plain dict (torchvision's ``Weights.meta``)."""
        return self.spec.model_dump()

    @property
    def filename(self) -> str:
        """The publisher's file name: the last component of the URL."""
        name = PurePosixPath(urlparse(self.spec.url).path).name
        return name or f"{self.spec.name}.{'safetensors' if self.is_safetensors else 'pth'}"

    @property
    def cache_name(self) -> str:
        """Path of the cached file under the cache folder: ``<url key>/<filename>``.

        The key is the start of the sha256 of the whole URL: publishers often name every
        checkpoint ``model.pth``, and a cache keyed by file name alone would hand one model's
        weights to another.
        """
        key = hashlib.sha256(self.spec.url.encode()).hexdigest()[:16]
        return f"{key}/{self.filename}"

    @property
    def is_safetensors(self) -> bool:
        return self.spec.file_format == "safetensors"

    @property
    def transforms(self) -> torch.nn.Module:
        """Per-band normalisation ``(x - mean) / std`` the weights were trained with.

        Works on ``[C,H,W]`` and ``[B,C,H,W]`` tensors of any dtype (integers are cast to
        float32, so uint16 chips can be normalised on the device); identity when the publisher
        gives no statistics. Positional, in the weights' band order: for data in another
        order (or a subset), use :meth:`transforms_for`.

        Raises:
            ValueError: mean/std lengths do not match the number of bands.
        """
        mean, std = self.spec.mean, self.spec.std
        if not mean and not std:
            return torch.nn.Identity()
        if len(mean) != self.in_chans or len(std) != self.in_chans:
            raise ValueError(
                f"weights {self.spec.name!r}: mean/std have {len(mean)}/{len(std)} values "
                f"for {self.in_chans} bands"
            )
        from geoplug.core.transforms.normalize import Normalize

        return Normalize(mean, std)

    def transforms_for(self, bands: Sequence[str], sensor: str | None = None,
                       rgb_bands: Sequence[str] | None = None) -> torch.nn.Module:
        """:attr:`transforms` for data holding ``bands`` (of ``sensor``; default the
        weights'), in that order: each band takes the statistics of the weights' band whose
        kernel it takes (:func:`~geoplug.core.bandmatch.match_bands`: by name, alias, colour,
        then common name across sensors: Landsat 8 ``B5`` takes Sentinel-2 ``B8A``'s).
        :attr:`transforms` is positional: data in another band order took other bands'
        statistics.

        Raises:
            ValueError: the weights have no band names, or no band matching one of ``bands``.
        """
        mean, std = self.spec.mean, self.spec.std
        if not mean and not std:
            return torch.nn.Identity()
        own = list(self.spec.bands)
        if len(own) != len(mean) or len(own) != len(std):
            raise ValueError(f"weights {self.spec.name!r} name {len(own)} bands for "
                             f"{len(mean)} statistics; use transforms (positional)")
        from geoplug.core.bandmatch import match_bands

        chosen = match_bands(own, bands, src_sensor=self.spec.sensor or None,
                             dst_sensor=sensor or self.spec.sensor or None, dst_rgb=rgb_bands)
        missing = [b for b, i in zip(bands, chosen) if i is None]
        if missing:
            raise ValueError(f"weights {self.spec.name!r} have no statistics of band(s) "
                             f"{missing}; their bands are {own}")
        from geoplug.core.transforms.normalize import Normalize

        return Normalize([mean[i] for i in chosen if i is not None],
                         [std[i] for i in chosen if i is not None])

    def path(self, root: str | os.PathLike[str] | None = None, progress: bool = True) -> Path:
        """Download (once) and return the verified file ``root/<cache_name>``.

        ``root`` defaults to :func:`cache_dir`. Weights made by :meth:`local` or
        :meth:`from_file` return their local file instead, verified against the same sha256.

        Raises:
            FileNotFoundError: the local file does not exist.
            ChecksumError: the file does not match the published sha256 (nothing is kept).
            OSError: the download failed or was interrupted (nothing is kept).
        """
        from geoplug.core.download import download_url

        if self.local_file is not None:
            return self._verified_local(self.local_file)
        if self.spec.sha256 is None:
            warnings.warn(
                f"weights {self.spec.name!r} have no published sha256; the file is not verified",
                UnverifiedWeightsWarning, stacklevel=2,
            )
        return download_url(
            self.spec.url, cache_dir() if root is None else root, filename=self.cache_name,
            sha256=self.spec.sha256, progress=progress,
        )

    def local(self, path: str | os.PathLike[str]) -> Weights:
        """These weights, read from ``path`` (a copy of the published file) instead of the URL.

        Nothing is read yet; :meth:`path` and :meth:`state_dict` verify the file's sha256 like
        a download.
        """
        return type(self)(self.spec, local_file=path)

    @classmethod
    def from_file(cls, path: str | os.PathLike[str]) -> Weights:
        """The registered weights whose published file ``path`` is a copy of.

        The file is recognised by its sha256 (full digest or the publisher's prefix); failing
        that, by the publisher's file name (the last part of the registered URL), and its
        digest is then checked when it is read. The file may be renamed only if the weights
        have a published sha256.

        Raises:
            FileNotFoundError: ``path`` is not a file.
            InvalidDataError: no registered weights have this file's digest or name; use
                ``get_weights(name).local(path)`` to read it as the weights ``name``.
        """
        from geoplug.core.download import file_digest
        from geoplug.core.registry import weights as registry

        file = Path(path)
        if not file.is_file():
            raise FileNotFoundError(f"weights file {str(file)!r} does not exist")
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # plugin warnings belong to the listing, not here
            specs = [e.spec for e in registry.entries()]
        digest = file_digest(file)
        same = [s for s in specs if s.sha256 and digest.startswith(s.sha256)]
        if not same:
            same = [s for s in specs if PurePosixPath(urlparse(s.url).path).name == file.name]
        if not same:
            raise InvalidDataError(
                f"{file} (sha256 {digest[:16]}...) is not the published file of any registered "
                "weights; check `geoplug weights` for its name and pass "
                "weights=get_weights(name).local(path), or register it with a plugin"
            )
        found = cls(same[0], local_file=file)
        found._local_verified = bool(same[0].sha256 and digest.startswith(same[0].sha256))
        return found

    def _verified_local(self, file: Path) -> Path:
        from geoplug.core.download import check_integrity
        from geoplug.core.errors import ChecksumError

        if not file.is_file():
            raise FileNotFoundError(f"weights file {str(file)!r} does not exist")
        if self._local_verified:
            return file
        if self.spec.sha256 is None:
            warnings.warn(
                f"weights {self.spec.name!r} have no published sha256; {file} is not verified",
                UnverifiedWeightsWarning, stacklevel=3,
            )
        elif not check_integrity(file, sha256=self.spec.sha256):
            raise ChecksumError(
                f"{file} is not the published file of weights {self.spec.name!r}: its sha256 "
                f"does not start with {self.spec.sha256}; download it again from {self.spec.url}"
            )
        return file

    def state_dict(
        self, progress: bool = True, root: str | os.PathLike[str] | None = None
    ) -> dict[str, torch.Tensor]:
        """The verified tensors of these weights (CPU), with ``state_dict_prefix`` removed.

        Raises:
            ChecksumError: the file does not match the published sha256 (nothing is kept).
            OSError: the download failed or was interrupted.
            UnsafeWeightsError: the file holds pickled objects other than tensors; it was
                refused without executing them.
            InvalidDataError: the file is not a readable checkpoint of tensors.
        """
        return load_file(self.path(root, progress), self.is_safetensors,
                         self.spec.state_dict_prefix)


def load_file(path: str | os.PathLike[str], safetensors: bool = False,
              prefix: str = "") -> dict[str, torch.Tensor]:
    """Read a checkpoint without unpickling arbitrary objects.

    Raises:
        UnsafeWeightsError: a pickle refers to anything but tensors and plain containers.
        InvalidDataError: the file is truncated or not a checkpoint of tensors.
    """
    if safetensors:
        from safetensors import SafetensorError
        from safetensors.torch import load_file as load_safetensors

        try:
            obj: Any = load_safetensors(str(path), device="cpu")
        except SafetensorError as exc:
            raise InvalidDataError(f"{path} is not a valid safetensors file: {exc}") from exc
    else:
        try:
            obj = torch.load(path, map_location="cpu", weights_only=True)
        except pickle.UnpicklingError as exc:
            raise UnsafeWeightsError(
                f"refused to load {path}: it contains pickled objects that are not tensors "
                f"(loaded with weights_only=True). {str(exc).splitlines()[0]}"
            ) from exc
        except (RuntimeError, EOFError, ValueError) as exc:
            raise InvalidDataError(f"{path} is not a readable torch checkpoint: {exc}") from exc
    return extract_state_dict(obj, prefix)
