"""Exceptions raised by geoplug.

Domain errors also subclass the matching builtin (``KeyError``, ``ValueError``, ``OSError``) so
callers can catch either the precise geoplug type or the builtin one.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

__all__ = [
    "BandMismatchError",
    "ChecksumError",
    "DatasetNotFoundError",
    "DuplicateNameError",
    "GeoplugError",
    "GeoplugWarning",
    "InvalidDataError",
    "MixedDatesWarning",
    "NameConflictWarning",
    "PluginError",
    "PluginLoadWarning",
    "QueryOutsideDataError",
    "SampleSkippedError",
    "SkippedSampleWarning",
    "SlowPluginWarning",
    "UnknownNameError",
    "UnreadableFileError",
    "UnsafeArchiveError",
    "UnverifiedWeightsWarning",
]


class GeoplugError(Exception):
    """Base class of every geoplug error."""


class PluginError(GeoplugError):
    """A plugin (an entry point of the ``geoplug`` group) misbehaved.

    ``distribution`` names the installed distribution that provided it, so the user knows
    which package to fix, upgrade or uninstall.
    """

    def __init__(self, message: str, *, distribution: str | None = None) -> None:
        super().__init__(message)
        self.distribution = distribution


class GeoplugWarning(UserWarning):
    """Base class of every warning geoplug emits (the test suite turns them into errors, so a
    new one is seen; filter this class to silence them all)."""


class UnverifiedWeightsWarning(GeoplugWarning):
    """Weights without a published checksum were downloaded and could not be verified."""


class PluginLoadWarning(GeoplugWarning):
    """A plugin could not be loaded or returned invalid entries; it was skipped."""


class NameConflictWarning(GeoplugWarning):
    """A geoplug distribution and a third party claim one name; geoplug's entry is used."""


class SlowPluginWarning(GeoplugWarning):
    """A plugin's import or hook took longer than ``$GEOPLUG_SLOW_PLUGIN_SECONDS``."""


class UnknownNameError(GeoplugError, KeyError):
    """No registry entry has this name; the message lists the closest names."""

    def __init__(self, kind: str, name: str, close: Sequence[str] = ()) -> None:
        self.kind = kind
        self.name = name
        self.close = list(close)
        hint = f" Did you mean: {', '.join(self.close)}?" if self.close else ""
        listing = "geoplug --help" if kind == "command" else (
            f"geoplug {kind if kind.endswith('s') else kind + 's'}")
        super().__init__(
            f"no {kind} named {name!r} is registered.{hint} "
            f"Run `{listing}` to list them, or install the package that provides it."
        )

    def __str__(self) -> str:  # KeyError would otherwise repr() the message
        return str(self.args[0])


class DuplicateNameError(GeoplugError, KeyError):
    """Two distributions registered the same name; pick one as ``"distribution:name"``."""

    def __init__(self, kind: str, name: str, distributions: Sequence[str]) -> None:
        self.kind = kind
        self.name = name
        self.distributions = list(distributions)
        choices = ", ".join(f"'{d}:{name}'" for d in self.distributions)
        super().__init__(
            f"the {kind} name {name!r} is registered by several distributions "
            f"({', '.join(self.distributions)}); choose one explicitly: {choices}"
        )

    def __str__(self) -> str:
        return str(self.args[0])


class DatasetNotFoundError(GeoplugError, FileNotFoundError):
    """A dataset's files are not where the user said they are."""

    def __init__(self, name: str, root: str | Path | Sequence[str | Path], hint: str = "") -> None:
        self.name = name
        self.root = root
        where = (
            ", ".join(str(p) for p in root)
            if isinstance(root, (list, tuple))
            else str(root)
        )
        advice = hint or (
            f"Pass download=True to download it, or run `geoplug datasets download {name} "
            f"--root {where}`, or point root/paths at an existing copy."
        )
        super().__init__(f"dataset {name!r} not found in {where}. {advice}")

    def __str__(self) -> str:
        return str(self.args[0])


class ChecksumError(GeoplugError, OSError):
    """A downloaded or existing file does not match its published checksum."""


class UnsafeArchiveError(GeoplugError, OSError):
    """An archive member would be written outside the extraction folder."""


class QueryOutsideDataError(GeoplugError, IndexError, KeyError):
    """A bounding-box query does not intersect any item of the dataset."""

    def __str__(self) -> str:
        return str(self.args[0]) if self.args else ""


class InvalidDataError(GeoplugError, ValueError):
    """A file is unreadable, truncated, lacks a CRS or does not match its siblings."""


class BandMismatchError(GeoplugError, ValueError):
    """Pre-trained weights' input bands cannot be mapped onto a model's input bands."""


class UnreadableFileError(InvalidDataError):
    """A data file could not be opened or read (deleted, truncated, corrupt); ``path`` names it.

    Raised while reading samples, e.g. inside a DataLoader worker, which re-raises it in the
    main process with the same type and message.
    """

    def __init__(self, message: str, *, path: str | None = None) -> None:
        super().__init__(message)
        self.path = path


class SampleSkippedError(GeoplugError, LookupError):
    """A sample was skipped because a file it needs is unreadable (``on_error="skip"``).

    A DataLoader's batched fetch (``GeoDataset.__getitems__``) leaves such samples out of
    their batch; indexing a dataset directly raises this error instead.
    """

    def __init__(self, message: str, *, path: str | None = None) -> None:
        super().__init__(message)
        self.path = path

    def __str__(self) -> str:  # LookupError subclasses such as KeyError would repr() it
        return str(self.args[0]) if self.args else ""


class MixedDatesWarning(GeoplugWarning):
    """Predictions of several dates of one place are blended into one map (a time series
    predicted without a time range)."""


class SkippedSampleWarning(GeoplugWarning):
    """A file is unreadable and the samples needing it are skipped (``on_error="skip"``)."""
