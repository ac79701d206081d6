"""The registries: one generic class, one instance per kind of entry.

``names``/``info`` read the specs that plugins return and never import a target; ``get``
imports it. Every registry holds the entries of every installed plugin, built-in or third-party.
"""

from __future__ import annotations

import difflib
import fnmatch
import importlib
import threading
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any, Generic, TypeVar

from pydantic import ValidationError

from geoplug.core.errors import DuplicateNameError, PluginError, UnknownNameError
from geoplug.core.pluginmanager import (
    GeoplugPluginManager,
    PluginFailure,
    PluginInfo,
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


def _matches(field_value: Any, wanted: Any) -> bool:
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
        self._aliases: dict[str, str] = {}

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
            aliases: dict[str, str] = {}
            caller = getattr(manager.hook, self.hook)
            for impl in caller.get_hookimpls():
                info = manager.info_of(impl.plugin)
                for spec in self._call(manager, impl.function, info):
                    entries.setdefault(spec.name, []).append(Entry(spec, info))
                    for alias in spec.aliases:
                        aliases.setdefault(alias, spec.name)
            self._entries, self._aliases, self._cache_key = entries, aliases, key
        return entries

    def _call(self, manager: GeoplugPluginManager, function: Callable[[], Any],
              info: PluginInfo) -> list[S]:
        def fail(error: str) -> None:
            failure = PluginFailure(info.name, info.distribution, info.version, error, self.hook)
            if failure not in manager.failures:
                manager.record_failure(failure)

        try:
            returned = function()
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
        several distributions is listed once per distribution as ``"distribution:name"``.

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
        for name, group in sorted(self._collect().items()):
            if pattern is not None and not fnmatch.fnmatchcase(name, pattern.lower()):
                continue
            for entry in group:
                if all(
                    _matches(getattr(entry.spec, k), v)
                    for k, v in filters.items() if v is not None
                ):
                    found.append(entry.qualified_name if len(group) > 1 else name)
        return found

    def _entry(self, name: str) -> Entry[S]:
        entries = self._collect()
        dist, sep, plain = name.rpartition(":")
        plain = plain.lower()
        plain = plain if plain in entries else self._aliases.get(plain, plain)
        group = entries.get(plain, [])
        if sep:
            group = [e for e in group if e.plugin.distribution.lower() == dist.lower()]
        if len(group) == 1:
            return group[0]
        if len(group) > 1:
            raise DuplicateNameError(self.kind, plain, [e.plugin.distribution for e in group])
        known = list(entries) + list(self._aliases)
        raise UnknownNameError(self.kind, name, difflib.get_close_matches(plain, known, n=5))

    def info(self, name: str) -> S:
        """The spec registered under ``name`` (or an alias, or ``"distribution:name"``).

        Raises:
            UnknownNameError: no such name (a ``KeyError``); lists close matches.
            DuplicateNameError: several distributions claim it (a ``KeyError``).
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
        return f"<Registry {self.kind}s: {len(self)} entries>"


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
