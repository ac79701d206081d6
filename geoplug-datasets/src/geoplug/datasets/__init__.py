"""geoplug datasets: benchmark datasets and generic geospatial layers.

``names()``, ``info()`` and ``get()`` reach the registry of every installed plugin (not only
this package's); dataset classes are importable as attributes (``geoplug.datasets.EuroSAT``)
and are imported only when first used.
"""

from __future__ import annotations

from typing import Any

from geoplug.core.registry import datasets as registry
from geoplug.core.registry import lazy_attribute

__all__ = ["get", "info", "names", "registry"]

names = registry.names
info = registry.info
get = registry.get


def __getattr__(attr: str) -> Any:
    value = lazy_attribute(registry, __name__, attr)
    globals()[attr] = value
    return value
