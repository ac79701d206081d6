"""The registries: one generic class, one instance per kind of entry.

``names``/``info`` read the specs that plugins return and never import a target; ``get``
imports it. Every registry holds the entries of every installed plugin, built-in or third-party.

Name clashes are never silent. ``"distribution:name"`` always picks one entry. A plain name
resolves, in this order, to: a geoplug distribution's entry of that name, a geoplug alias, a
third party's entry of that name, a third party's alias. When a geoplug entry wins over a third
party a ``NameConflictWarning`` names both; two entries on the same step (two third parties
claiming one name) make ``info``/``get`` raise ``DuplicateNameError`` naming both, while
listing shows each as ``"distribution:name"``.
"""

from __future__ import annotations

import difflib
import fnmatch
import importlib
import threading
import warnings
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any, Generic, TypeVar

from pydantic import ValidationError

from geoplug.core import sensors
from geoplug.core.errors import (
    DuplicateNameError,
    NameConflictWarning,
    PluginError,
    UnknownNameError,
)
from geoplug.core.pluginmanager import (
    GeoplugPluginManager,
    PluginFailure,
    PluginInfo,
    normalize_distribution,
    plugin_manager,
)
from geoplug.core.specs import (
    CommandSpec,
    DatasetSpec,
    ModelSpec,
    Spec,
    TrainerSpec,
    WeightsSpec,
)

__all__ = [
    "Entry",
    "Registry",
    "commands",
    "datasets",
    "import_target",
    "lazy_attribute",
    "models",
    "trainers",
    "weights",
]

S = TypeVar("S", bound=Spec)


@dataclass(frozen=True)
class Entry(Generic[S]):
    """A validated spec and the plugin that registered it."""

    spec: S
    plugin: PluginInfo

    @property
    def qualified_name(self) -> str:
        return f"{self.plugin.distribution}:{self.spec.name}"


def import_target(target: str) -> Any:
    """Import ``"package.module:Object.attr"`` and return the object."""
    module_name, _, attr_path = target.partition(":")
    obj: Any = importlib.import_module(module_name)
    for attr in attr_path.split("."):
        obj = getattr(obj, attr)
    return obj


def _as_strings(value: Any) -> list[str]:
    if isinstance(value, str):
        return [value]
    return [str(v) for v in value]


def _matches(spec: Spec, field: str, wanted: Any) -> bool:
    """Whether ``spec``'s ``field`` passes the filter ``wanted``.

    Sensor names and band names compare through the sensor table (:mod:`geoplug.core.sensors`):
    ``S2`` finds ``Sentinel-2 MSI L1C``, ``B2`` finds ``B02``, ``SR_B4`` finds Landsat ``B4``.
    """
    field_value = getattr(spec, field)
    if field in ("sensor", "sensors"):
        return sensors.matches_sensors(field_value, _as_strings(wanted))
    if field == "bands":
        own = getattr(spec, "sensors", None) or (getattr(spec, "sensor", ""),)
        return sensors.has_bands(field_value, _as_strings(wanted), own)
    if isinstance(field_value, tuple):
        have = {str(v).lower() for v in field_value}
        return all(w.lower() in have for w in _as_strings(wanted))
    if isinstance(field_value, str):
        return any(fnmatch.fnmatchcase(field_value.lower(), w.lower()) for w in _as_strings(wanted))
    return bool(field_value == wanted)


class Registry(Generic[S]):
    """Entries of one kind (datasets, models, ...) gathered from every plugin."""

    def __init__(
        self,
        kind: str,
        hook: str,
        spec_type: type[S],
        *,
        manager: Callable[[], GeoplugPluginManager] = plugin_manager,
        build: Callable[[S, Any], Any] | None = None,
    ) -> None:
        self.kind = kind
        self.hook = hook
        self.spec_type = spec_type
        self._manager = manager
        self._build = build
        self._lock = threading.Lock()
        self._cache_key: tuple[int, int] | None = None
        self._entries: dict[str, list[Entry[S]]] = {}
        self._aliases: dict[str, list[Entry[S]]] = {}

    # -- collection -------------------------------------------------------------------------
    def _collect(self) -> dict[str, list[Entry[S]]]:
        manager = self._manager()
        key = (id(manager), manager.generation)
        if key == self._cache_key:
            return self._entries
        with self._lock:
            if key == self._cache_key:
                return self._entries
            entries: dict[str, list[Entry[S]]] = {}
            aliases: dict[str, list[Entry[S]]] = {}
            caller = getattr(manager.hook, self.hook)
            for impl in caller.get_hookimpls():
                info = manager.info_of(impl.plugin)
                for spec in self._call(manager, impl.function, info):
                    entry = Entry(spec, info)
                    entries.setdefault(spec.name, []).append(entry)
                    for alias in dict.fromkeys(spec.aliases):
                        if alias != spec.name:
                            aliases.setdefault(alias, []).append(entry)
            self._entries, self._aliases, self._cache_key = entries, aliases, key
            self._warn_conflicts()
        return entries

    def _tiers(self, plain: str, distribution: str | None = None) -> list[list[Entry[S]]]:
        """Candidates for ``plain``, grouped by precedence, empty groups dropped.

        Order: geoplug names, geoplug aliases, third-party names, third-party aliases.
        """
        named = self._entries.get(plain, [])
        aliased = [e for e in self._aliases.get(plain, []) if all(e is not n for n in named)]
        if distribution is not None:
            wanted = normalize_distribution(distribution)
            named = [e for e in named if normalize_distribution(e.plugin.distribution) == wanted]
            aliased = [e for e in aliased
                       if normalize_distribution(e.plugin.distribution) == wanted]
        tiers = [
            [e for e in named if e.plugin.is_geoplug],
            [e for e in aliased if e.plugin.is_geoplug],
            [e for e in named if not e.plugin.is_geoplug],
            [e for e in aliased if not e.plugin.is_geoplug],
        ]
        return [t for t in tiers if t]

    def _warn_conflicts(self) -> None:
        """Warn once per collection for each name a geoplug entry takes from a third party."""
        for key in sorted(set(self._entries) | set(self._aliases)):
            tiers = self._tiers(key)
            if len(tiers) < 2 or len(tiers[0]) != 1 or not tiers[0][0].plugin.is_geoplug:
                continue
            winner = tiers[0][0]
            others = [e for tier in tiers[1:] for e in tier if not e.plugin.is_geoplug]
            if not others:
                continue
            claimed = ", ".join(
                f"{e.plugin.distribution} {e.plugin.version}".rstrip() for e in others)
            reach = ", ".join(f"'{e.qualified_name}'" for e in others)
            warnings.warn(
                f"the {self.kind} name {key!r} is claimed by {winner.plugin.distribution} and "
                f"by {claimed}; {key!r} means {winner.plugin.distribution}'s entry "
                f"{winner.spec.name!r}, the other is reachable as {reach}",
                NameConflictWarning,
                stacklevel=4,
            )

    def _call(self, manager: GeoplugPluginManager, function: Callable[[], Any],
              info: PluginInfo) -> list[S]:
        def fail(error: str) -> None:
            failure = PluginFailure(info.name, info.distribution, info.version, error, self.hook)
            if failure not in manager.failures:
                manager.record_failure(failure)

        try:
            returned = manager.timed_call(info, self.hook, function)
        except Exception as exc:
            fail(f"{type(exc).__name__}: {exc}")
            return []
        if returned is None:
            return []
        if isinstance(returned, (dict, Spec)) or not hasattr(returned, "__iter__"):
            returned = [returned]
        specs: list[S] = []
        problems: list[str] = []
        for item in returned:
            try:
                if isinstance(item, self.spec_type):
                    specs.append(item)
                elif isinstance(item, Spec):
                    specs.append(self.spec_type.model_validate(item.model_dump()))
                else:
                    specs.append(self.spec_type.model_validate(item))
            except ValidationError as exc:
                label = item.get("name", "?") if isinstance(item, dict) else repr(item)[:40]
                reasons = "; ".join(
                    f"{'.'.join(str(p) for p in e['loc']) or 'entry'}: {e['msg']}"
                    for e in exc.errors()
                )
                problems.append(f"invalid {self.spec_type.__name__} {label!r} ({reasons})")
        if problems:
            fail("; ".join(problems))
        return specs

    def refresh(self) -> None:
        """Drop the cache; the next call re-asks every plugin."""
        self._cache_key = None

    # -- lookup -----------------------------------------------------------------------------
    def entries(self) -> list[Entry[S]]:
        """Every entry, duplicates included, sorted by name."""
        return sorted(
            (e for group in self._collect().values() for e in group),
            key=lambda e: (e.spec.name, e.plugin.distribution),
        )

    def names(self, pattern: str | None = None, **filters: Any) -> list[str]:
        """Sorted names matching an fnmatch ``pattern`` and field ``filters``.

        A filter on a list field (``bands``, ``sensors``) requires every given value to be
        present; on a string field it is a case-insensitive wildcard match. A name claimed by
        several distributions is listed plainly for the entry that the plain name resolves to
        and as ``"distribution:name"`` for the others (all of them when the name is ambiguous).
        A ``pattern`` containing ``:`` is matched against ``"distribution:name"``.

        Raises:
            TypeError: a filter names a field the spec does not have.
        """
        unknown = set(filters) - set(self.spec_type.model_fields)
        if unknown:
            raise TypeError(
                f"unknown {self.kind} filter(s) {sorted(unknown)}; "
                f"fields are {sorted(self.spec_type.model_fields)}"
            )
        found: list[str] = []
        qualified = pattern is not None and ":" in pattern
        for name, group in sorted(self._collect().items()):
            if pattern is not None and not qualified and not fnmatch.fnmatchcase(
                    name, pattern.lower()):
                continue
            tiers = self._tiers(name)
            winner = tiers[0][0] if len(tiers[0]) == 1 else None
            for entry in group:
                if qualified and not fnmatch.fnmatchcase(
                        entry.qualified_name.lower(), str(pattern).lower()):
                    continue
                if all(
                    _matches(entry.spec, k, v)
                    for k, v in filters.items() if v is not None
                ):
                    plain = entry is winner and not qualified
                    found.append(name if plain else entry.qualified_name)
        return found

    def _entry(self, name: str) -> Entry[S]:
        entries = self._collect()
        dist, sep, plain = name.rpartition(":")
        plain = plain.lower()
        tiers = self._tiers(plain, dist if sep else None)
        if tiers and len(tiers[0]) == 1:
            return tiers[0][0]
        if tiers:
            raise DuplicateNameError(
                self.kind, plain, [e.plugin.distribution for e in tiers[0]])
        known = list(entries) + list(self._aliases)
        raise UnknownNameError(self.kind, name, difflib.get_close_matches(plain, known, n=5))

    def info(self, name: str) -> S:
        """The spec registered under ``name`` (or an alias, or ``"distribution:name"``).

        A name that a geoplug distribution and a third party both claim resolves to geoplug's
        entry (a ``NameConflictWarning`` was issued when the registry was collected).

        Raises:
            UnknownNameError: no such name (a ``KeyError``); lists close matches.
            DuplicateNameError: two third parties (or two geoplug distributions) claim it, with
                the same precedence (a ``KeyError``); names both.
        """
        return self._entry(name).spec

    def provider(self, name: str) -> PluginInfo:
        """The plugin (distribution and version) that registered ``name``."""
        return self._entry(name).plugin

    def get(self, name: str) -> Any:
        """Import and return the object behind ``name`` (for datasets: the class).

        Raises:
            UnknownNameError, DuplicateNameError: as :meth:`info`.
            PluginError: the target cannot be imported; names the plugin and target.
        """
        entry = self._entry(name)
        try:
            obj = import_target(entry.spec.target)
        except Exception as exc:
            raise PluginError(
                f"{self.kind} {entry.spec.name!r} registered by {entry.plugin.distribution} "
                f"cannot be loaded: importing {entry.spec.target!r} failed with "
                f"{type(exc).__name__}: {exc}",
                distribution=entry.plugin.distribution,
            ) from exc
        return self._build(entry.spec, obj) if self._build is not None else obj

    def __contains__(self, name: object) -> bool:
        if not isinstance(name, str):
            return False
        try:
            self._entry(name)
        except KeyError:
            return False
        return True

    def __iter__(self) -> Iterator[str]:
        return iter(self.names())

    def __len__(self) -> int:
        return len(self.names())

    def __repr__(self) -> str:
        plural = self.kind if self.kind.endswith("s") else self.kind + "s"
        return f"<Registry {plural}: {len(self)} entries>"


datasets: Registry[DatasetSpec] = Registry("dataset", "geoplug_datasets", DatasetSpec)
models: Registry[ModelSpec] = Registry("model", "geoplug_models", ModelSpec)
weights: Registry[WeightsSpec] = Registry(
    "weights", "geoplug_weights", WeightsSpec, build=lambda spec, factory: factory(spec)
)
trainers: Registry[TrainerSpec] = Registry("trainer", "geoplug_trainers", TrainerSpec)
commands: Registry[CommandSpec] = Registry("command", "geoplug_commands", CommandSpec)


def lazy_attribute(registry: Registry[Any], package: str, attr: str) -> Any:
    """Resolve ``package.<attr>`` to a class that a built-in entry targets, importing it.

    Lets ``geoplug.datasets.EuroSAT`` work without the package importing every module.

    Raises:
        AttributeError: no entry of ``package`` targets an object named ``attr``.
    """
    if attr.startswith("_"):  # submodules and dunders: let the import system handle them
        raise AttributeError(f"module {package!r} has no attribute {attr!r}")
    for entry in registry.entries():
        module, _, obj = entry.spec.target.partition(":")
        if obj == attr and (module == package or module.startswith(package + ".")):
            return import_target(entry.spec.target)
    raise AttributeError(f"module {package!r} has no attribute {attr!r}")
