"""Discovery of plugins through the ``geoplug`` entry-point group.

pluggy's own ``load_setuptools_entrypoints`` lets one broken plugin abort the whole load, and it
skips an entry point whose *name* is already registered, so a third party naming its entry point
``datasets`` would hide geoplug-datasets. Here every entry point is registered under
``"distribution:entrypoint"`` (no plugin can hide another), each load is guarded (a failure is
reported as a warning naming the distribution and the rest keep working), and the import and
every hook call are timed, so a slow plugin is named instead of silently slowing every command.
"""

from __future__ import annotations

import importlib.metadata as metadata
import os
import re
import threading
import time
import warnings
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, TypeVar

import pluggy

from geoplug.core import hookspecs
from geoplug.core.errors import PluginLoadWarning, SlowPluginWarning

__all__ = [
    "GEOPLUG_DISTRIBUTIONS",
    "SLOW_PLUGIN_ENV",
    "GeoplugPluginManager",
    "PluginFailure",
    "PluginInfo",
    "installed_distributions",
    "is_geoplug_distribution",
    "normalize_distribution",
    "plugin_manager",
    "reset",
    "slow_plugin_seconds",
]

#: The distributions of the geoplug project itself: on a name clash their entry wins.
GEOPLUG_DISTRIBUTIONS = frozenset(
    {"geoplug-core", "geoplug-datasets", "geoplug-models", "geoplug-trainers"}
)
#: Environment variable: seconds a plugin import or hook call may take before a warning.
SLOW_PLUGIN_ENV = "GEOPLUG_SLOW_PLUGIN_SECONDS"
_DEFAULT_SLOW_SECONDS = 1.0

T = TypeVar("T")


def normalize_distribution(name: str) -> str:
    """The PEP 503 form of a distribution name (``Geoplug_Datasets`` -> ``geoplug-datasets``)."""
    return re.sub(r"[-_.]+", "-", name).lower()


def is_geoplug_distribution(name: str) -> bool:
    """Whether ``name`` is one of geoplug's own distributions."""
    return normalize_distribution(name) in GEOPLUG_DISTRIBUTIONS


def slow_plugin_seconds() -> float:
    """The slow-plugin threshold: ``$GEOPLUG_SLOW_PLUGIN_SECONDS`` or 1 s; ``0`` turns it off."""
    raw = os.environ.get(SLOW_PLUGIN_ENV, "").strip()
    if not raw:
        return _DEFAULT_SLOW_SECONDS
    try:
        return float(raw)
    except ValueError:
        return _DEFAULT_SLOW_SECONDS


@dataclass(frozen=True)
class PluginInfo:
    """Where a registered plugin came from.

    ``name`` is the entry-point name (or the name given to an in-memory ``register``); ``key``
    is the unique name pluggy knows it by, ``"distribution:entrypoint"`` for entry points.
    """

    name: str
    distribution: str
    version: str
    key: str = ""

    @property
    def is_geoplug(self) -> bool:
        """Whether a geoplug distribution provided this plugin (it wins name clashes)."""
        return is_geoplug_distribution(self.distribution)


@dataclass
class PluginFailure:
    """A plugin that was skipped, and why."""

    name: str
    distribution: str
    version: str
    error: str
    hook: str | None = None


@dataclass
class _State:
    infos: dict[int, PluginInfo] = field(default_factory=dict)
    failures: list[PluginFailure] = field(default_factory=list)
    timings: dict[str, dict[str, float]] = field(default_factory=dict)
    warned_slow: set[tuple[str, str]] = field(default_factory=set)


class GeoplugPluginManager(pluggy.PluginManager):
    """A pluggy manager that tracks provenance, load times and a generation counter."""

    def __init__(self) -> None:
        super().__init__(hookspecs.PROJECT)
        self.add_hookspecs(hookspecs)
        self.generation = 0
        self._state = _State()

    # -- provenance -----------------------------------------------------------------------
    def register(self, plugin: Any, name: str | None = None, *,
                 distribution: str | None = None, version: str = "",
                 entry_point: str | None = None) -> str | None:
        """Register ``plugin``; ``distribution`` defaults to ``<memory>`` for in-process use.

        Raises:
            ValueError: the name or the plugin object is already registered (from pluggy).
        """
        registered = super().register(plugin, name)
        if registered is not None:
            self._state.infos[id(plugin)] = PluginInfo(
                name=entry_point or registered, distribution=distribution or "<memory>",
                version=version, key=registered,
            )
            self.generation += 1
        return registered

    def unregister(self, plugin: Any | None = None, name: str | None = None) -> Any | None:
        removed = super().unregister(plugin, name)
        if removed is not None:
            info = self._state.infos.pop(id(removed), None)
            if info is not None:
                self._state.timings.pop(info.key, None)
                self._state.warned_slow = {
                    w for w in self._state.warned_slow if w[0] != info.key}
            self.generation += 1
        return removed

    def info_of(self, plugin: Any) -> PluginInfo:
        """Provenance of a registered plugin object."""
        found = self._state.infos.get(id(plugin))
        if found is not None:
            return found
        name = str(self.get_name(plugin))
        return PluginInfo(name=name, distribution="<memory>", version="", key=name)

    @property
    def failures(self) -> list[PluginFailure]:
        """Plugins skipped because they failed to load or returned invalid entries."""
        return list(self._state.failures)

    def record_failure(self, failure: PluginFailure) -> None:
        """Remember and report a failure without raising."""
        self._state.failures.append(failure)
        where = f", hook {failure.hook}()" if failure.hook else ""
        warnings.warn(
            f"geoplug plugin {failure.name!r} (distribution "
            f"{failure.distribution} {failure.version}".rstrip()
            + f"{where}) skipped: {failure.error}",
            PluginLoadWarning,
            stacklevel=3,
        )

    # -- timing -----------------------------------------------------------------------------
    def timings(self, info: PluginInfo) -> dict[str, float]:
        """Seconds spent importing ``info``'s plugin (``"import"``) and in each of its hooks."""
        return dict(self._state.timings.get(info.key, {}))

    def timed_call(self, info: PluginInfo, what: str, function: Callable[[], T]) -> T:
        """Call ``function`` for plugin ``info``, record how long it took, warn when slow.

        Raises:
            Exception: whatever ``function`` raises (its time is still recorded).
        """
        start = time.perf_counter()
        try:
            return function()
        finally:
            self._record_time(info, what, time.perf_counter() - start)

    def _record_time(self, info: PluginInfo, what: str, seconds: float) -> None:
        self._state.timings.setdefault(info.key, {})[what] = seconds
        threshold = slow_plugin_seconds()
        if threshold <= 0 or seconds <= threshold or (info.key, what) in self._state.warned_slow:
            return
        self._state.warned_slow.add((info.key, what))
        step = "importing it" if what == "import" else f"its hook {what}()"
        warnings.warn(
            f"geoplug plugin {info.name!r} (distribution {info.distribution} "
            f"{info.version}".rstrip()
            + f") is slow: {step} took {seconds:.2f} s, and every geoplug command waits for "
            f"it. Upgrade or uninstall {info.distribution}, or set {SLOW_PLUGIN_ENV} "
            f"(now {threshold:g} s; 0 turns this warning off).",
            SlowPluginWarning,
            stacklevel=4,
        )

    # -- discovery ------------------------------------------------------------------------
    def load_entrypoints(self, group: str = hookspecs.PROJECT) -> int:
        """Load every entry point of ``group``; return how many plugins were registered.

        Each plugin is registered as ``"distribution:entrypoint"``, so two distributions may
        use the same entry-point name. A plugin that fails to import or register is reported
        (``PluginLoadWarning`` naming its distribution) and skipped.
        """
        count = 0
        seen: set[tuple[str, str]] = set()
        for ep in metadata.entry_points(group=group):
            dist = ep.dist
            dist_name = (dist.metadata["Name"] or dist.name) if dist is not None else "<unknown>"
            version = dist.version if dist is not None else ""
            key = f"{dist_name}:{ep.name}"
            # the same distribution visible twice on sys.path (editable + site) loads once
            ident = (normalize_distribution(dist_name), ep.name)
            if ident in seen or self.get_plugin(key) is not None:
                continue
            seen.add(ident)
            info = PluginInfo(name=ep.name, distribution=dist_name, version=version, key=key)
            try:
                plugin = self.timed_call(info, "import", ep.load)
            except Exception as exc:
                self.record_failure(PluginFailure(
                    name=ep.name, distribution=dist_name, version=version,
                    error=f"import of {ep.value!r} failed: {type(exc).__name__}: {exc}",
                ))
                continue
            try:
                self.register(plugin, name=key, distribution=dist_name, version=version,
                              entry_point=ep.name)
            except Exception as exc:
                self.record_failure(PluginFailure(
                    name=ep.name, distribution=dist_name, version=version,
                    error=f"registration failed: {type(exc).__name__}: {exc}",
                ))
                continue
            count += 1
        return count


def installed_distributions(group: str = hookspecs.PROJECT) -> list[tuple[str, str, bool]]:
    """``(distribution, version, is_geoplug)`` of geoplug-core and every plugin distribution.

    Reads package metadata only: nothing is imported, so it works even with broken plugins.
    geoplug's own distributions come first.
    """
    found: dict[str, tuple[str, str, bool]] = {}
    for name in sorted(GEOPLUG_DISTRIBUTIONS):
        try:
            found[name] = (name, metadata.version(name), True)
        except metadata.PackageNotFoundError:
            continue
    for ep in metadata.entry_points(group=group):
        if ep.dist is None:
            continue
        name = ep.dist.metadata["Name"] or ep.dist.name
        found.setdefault(normalize_distribution(name),
                         (name, ep.dist.version, is_geoplug_distribution(name)))
    return sorted(found.values(), key=lambda d: (not d[2], normalize_distribution(d[0])))


_lock = threading.RLock()
_manager: GeoplugPluginManager | None = None


def plugin_manager() -> GeoplugPluginManager:
    """The process-wide plugin manager, loading installed entry points on first use."""
    global _manager
    if _manager is None:
        with _lock:
            if _manager is None:
                manager = GeoplugPluginManager()
                manager.load_entrypoints()
                _manager = manager
    return _manager


def reset() -> None:
    """Forget all plugins; the next ``plugin_manager()`` rediscovers entry points."""
    global _manager
    with _lock:
        _manager = None
