"""Shared parts of the conformance checks: the error, the report and the registry lookup."""

from __future__ import annotations

import inspect
import subprocess
import sys
from dataclasses import dataclass, field
from typing import Any

from geoplug.core.errors import GeoplugError

__all__ = ["Checker", "ConformanceError", "ConformanceReport", "light_plugin", "lookup"]


class ConformanceError(GeoplugError, AssertionError):
    """A plugin entry breaks the contract; the message lists every problem found."""

    def __init__(self, kind: str, name: str, problems: list[str], provider: str = "") -> None:
        self.kind, self.name, self.problems = kind, name, list(problems)
        by = f" (registered by {provider})" if provider else ""
        lines = "\n".join(f"  - {p}" for p in problems)
        super().__init__(f"{kind} plugin {name!r}{by} does not conform:\n{lines}")

    def __str__(self) -> str:
        return str(self.args[0])


@dataclass
class ConformanceReport:
    """What was checked (``passed``) and what was not or is only advised (``notes``)."""

    kind: str
    name: str
    spec: Any
    passed: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)

    def __str__(self) -> str:
        lines = [f"{self.kind} {self.name!r}: {len(self.passed)} checks passed"]
        lines += [f"  ok   {p}" for p in self.passed] + [f"  note {n}" for n in self.notes]
        return "\n".join(lines)


class Checker:
    """Collects problems; :meth:`stop` raises them when later checks cannot run."""

    def __init__(self, kind: str, name: str) -> None:
        self.kind, self.name = kind, name
        self.problems: list[str] = []
        self.provider = ""

    def fail(self, *problems: str) -> None:
        self.problems.extend(problems)

    def stop(self, since: int = 0) -> None:
        """Raise every problem so far if any was found after the first ``since``."""
        if len(self.problems) > since:
            raise ConformanceError(self.kind, self.name, self.problems, self.provider)


def lookup(registry: Any, kind: str, name: str, check: Checker) -> Any:
    """The spec of ``name``, or a ConformanceError naming the plugin failures that explain why
    it is missing (an invalid spec is skipped by the registry with a warning)."""
    import warnings

    from geoplug.core.pluginmanager import plugin_manager

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        try:
            spec = registry.info(name)
        except KeyError as exc:
            reasons = [f"{f.distribution} {f.version}: {f.error}".strip()
                       for f in plugin_manager().failures]
            check.fail(f"{kind} {name!r} is not registered ({exc})."
                       + ("" if not reasons else " Plugins that failed: " + "; ".join(reasons)))
            check.stop()
        info = registry.provider(name)
    check.provider = f"{info.distribution} {info.version}".strip()
    return spec


def light_plugin(registry: Any, name: str, report: ConformanceReport) -> str | None:
    """Import the plugin module in a fresh interpreter; a problem if that imports torch."""
    from geoplug.core.pluginmanager import plugin_manager

    info = registry.provider(name)
    manager = plugin_manager()
    plugin = manager.get_plugin(getattr(info, "key", info.name)) or manager.get_plugin(info.name)
    module = inspect.getmodule(plugin)
    if info.distribution == "<memory>" or module is None or module.__name__ == "__main__":
        report.notes.append("plugin registered in memory: the light-module check needs an "
                            "installed entry point")
        return None
    code = (f"import sys, importlib; importlib.import_module({module.__name__!r}); "
            "print(sorted({'torch', 'rasterio', 'fiona'} & set(sys.modules)))")
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                            timeout=120)
    if result.returncode != 0:
        return (f"plugin module {module.__name__} fails to import in a fresh interpreter: "
                f"{result.stderr.strip().splitlines()[-1:]}")
    heavy = result.stdout.strip()
    if heavy != "[]":
        return (f"plugin module {module.__name__} imports {heavy} at module level; keep it "
                "light (listing a registry imports every plugin module): import heavy "
                "modules in the target's module instead")
    report.passed.append(f"plugin module {module.__name__} stays light (no torch import)")
    return None
