"""Entry point of geoplug-datasets: registers the built-in datasets.

Imports only the light catalog modules (plain dicts), never a dataset module.
"""

from __future__ import annotations

import importlib
import pkgutil
from typing import Any

from geoplug.core.plugins import hookimpl
from geoplug.datasets import _catalog


@hookimpl
def geoplug_datasets() -> list[dict[str, Any]]:
    """Every ``SPECS`` list of the modules in ``geoplug.datasets._catalog``."""
    specs: list[dict[str, Any]] = []
    for module in sorted(pkgutil.iter_modules(_catalog.__path__), key=lambda m: m.name):
        specs.extend(importlib.import_module(f"{_catalog.__name__}.{module.name}").SPECS)
    return specs
