"""Discovery of plugins through the ``geoplug`` entry-point group.

pluggy's own ``load_setuptools_entrypoints`` lets one broken plugin abort the whole load; here
every entry point is loaded on its own, and a failure is recorded and reported as a warning
naming the distribution, so the other plugins keep working.
"""

from __future__ import annotations

import importlib.metadata as metadata
import threading
import warnings
from dataclasses import dataclass, field
from typing import Any

import pluggy

from geoplug.core import hookspecs
from geoplug.core.errors import PluginLoadWarning

__all__ = ["GeoplugPluginManager", "PluginFailure", "PluginInfo", "plugin_manager", "reset"]


@dataclass(frozen=True)
class PluginInfo:
    """Where a registered plugin came from."""

    name: str
    distribution: str
    version: str


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


class GeoplugPluginManager(pluggy.PluginManager):
    """A pluggy manager that tracks provenance and a generation counter for cache invalidation."""

    def __init__(self) -> None:
        super().__init__(hookspecs.PROJECT)
        self.add_hookspecs(hookspecs)
        self.generation = 0
        self._state = _State()

    # -- provenance -----------------------------------------------------------------------
    def register(self, plugin: Any, name: str | None = None, *,
                 distribution: str | None = None, version: str = "") -> str | None:
        """Register ``plugin``; ``distribution`` defaults to ``<memory>`` for in-process use."""
        registered = super().register(plugin, name)
        if registered is not None:
            self._state.infos[id(plugin)] = PluginInfo(
                name=registered, distribution=distribution or "<memory>", version=version
            )
            self.generation += 1
        return registered

    def unregister(self, plugin: Any | None = None, name: str | None = None) -> Any | None:
        removed = super().unregister(plugin, name)
        if removed is not None:
            self._state.infos.pop(id(removed), None)
            self.generation += 1
        return removed

    def info_of(self, plugin: Any) -> PluginInfo:
        """Provenance of a registered plugin object."""
        return self._state.infos.get(
            id(plugin), PluginInfo(name=str(self.get_name(plugin)), distribution="<memory>",
                                   version="")
        )

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

    # -- discovery ------------------------------------------------------------------------
    def load_entrypoints(self, group: str = hookspecs.PROJECT) -> int:
        """Load every entry point of ``group``; return how many plugins were registered."""
        count = 0
        seen: set[tuple[str, str]] = set()
        for ep in metadata.entry_points(group=group):
            dist = ep.dist
            dist_name = dist.metadata["Name"] if dist is not None else "<unknown>"
            version = dist.version if dist is not None else ""
            key = (dist_name, ep.name)
            # the same distribution visible twice on sys.path (editable + site) loads once
            if key in seen or self.get_plugin(ep.name) is not None:
                continue
            seen.add(key)
            try:
                plugin = ep.load()
            except Exception as exc:
                self.record_failure(PluginFailure(
                    name=ep.name, distribution=dist_name, version=version,
                    error=f"import of {ep.value!r} failed: {type(exc).__name__}: {exc}",
                ))
                continue
            try:
                self.register(plugin, name=ep.name, distribution=dist_name, version=version)
            except Exception as exc:
                self.record_failure(PluginFailure(
                    name=ep.name, distribution=dist_name, version=version,
                    error=f"registration failed: {type(exc).__name__}: {exc}",
                ))
                continue
            count += 1
        return count


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
