"""A third party registering a built-in dataset's name: geoplug's wins, with a warning.

Runs where geoplug-datasets is installed (the datasets session): the third party is an
in-memory plugin carrying its own distribution name, exactly as an installed one is recorded.
"""

from __future__ import annotations

import collections
from collections.abc import Iterator

import pytest

import geoplug.datasets
from geoplug.core.errors import NameConflictWarning
from geoplug.core.pluginmanager import plugin_manager
from geoplug.core.plugins import hookimpl


class Squatter:
    """A third-party plugin that claims the built-in name ``eurosat``."""

    @hookimpl
    def geoplug_datasets(self) -> list[dict[str, object]]:
        return [{"name": "eurosat", "target": "collections:deque", "task": "classification",
                 "num_classes": 2}]


@pytest.fixture
def squatter() -> Iterator[None]:
    manager = plugin_manager()
    plugin = Squatter()
    manager.register(plugin, name="squatter", distribution="geoplug-squatter", version="0.9")
    try:
        yield
    finally:
        manager.unregister(plugin)


def test_builtin_name_resolves_to_geoplug_with_a_warning(squatter: None) -> None:
    with pytest.warns(NameConflictWarning) as record:
        names = geoplug.datasets.names("eurosat*")
    message = next(str(w.message) for w in record if "'eurosat'" in str(w.message))
    assert "geoplug-datasets" in message and "geoplug-squatter 0.9" in message
    assert "'geoplug-squatter:eurosat'" in message
    assert "eurosat" in names and "geoplug-squatter:eurosat" in names
    cls = geoplug.datasets.get("eurosat")
    assert cls.__name__ == "EuroSAT" and cls.__module__.startswith("geoplug.datasets.")
    assert geoplug.datasets.info("eurosat").num_classes == 10
    assert geoplug.datasets.get("geoplug-squatter:eurosat") is collections.deque
    assert geoplug.datasets.get("geoplug-datasets:eurosat") is cls
