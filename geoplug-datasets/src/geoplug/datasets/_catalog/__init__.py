"""Declarative specs of the built-in datasets, one light module per family.

Each module defines ``SPECS: list[dict]`` with :class:`geoplug.core.plugins.DatasetSpec`
fields. They are the single source of every fact a built-in dataset states (bands, RGB bands,
classes, splits, task): the dataset classes read them through :func:`spec`
(``class EuroSAT(NonGeoClassificationDataset, spec=spec("eurosat"))``), and facts that vary
with a constructor argument (BigEarthNet's 43 classes, Landsat's Level-1 bands) are named
constants of these modules that the classes import. Plain data only: the plugin imports these
modules whenever the registry is listed.
"""

from __future__ import annotations

import importlib
import pkgutil
from functools import cache
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:  # pragma: no cover
    from geoplug.core.specs import DatasetSpec

__all__ = ["band_sets", "entries", "spec"]


def band_sets(argument: str, bands: dict[str, tuple[str, ...]],
              rgb: dict[str, tuple[str, ...]] | None = None,
              sensors: dict[str, tuple[str, ...]] | None = None,
              resolution: dict[str, float] | None = None) -> dict[str, Any]:
    """A spec's ``band_sets`` for constructor argument ``argument``: per value its bands, and
    where given its RGB bands, sensors and resolution (the spec's own where not)."""
    options: dict[str, dict[str, Any]] = {}
    for value, names in bands.items():
        option: dict[str, Any] = {"bands": names}
        for key, table in (("rgb_bands", rgb), ("sensors", sensors),
                           ("resolution", resolution)):
            if table and value in table:
                option[key] = table[value]
        options[value] = option
    return {argument: options}


def entries() -> list[dict[str, Any]]:
    """Every built-in spec entry (plain dicts), module by module in name order."""
    found: list[dict[str, Any]] = []
    for module in sorted(pkgutil.iter_modules(__path__), key=lambda m: m.name):
        found.extend(importlib.import_module(f"{__name__}.{module.name}").SPECS)
    return found


@cache
def spec(name: str) -> DatasetSpec:
    """The validated spec of the built-in dataset ``name``, without a registry round trip.

    Raises:
        KeyError: no built-in spec has this name (lists the names there are).
    """
    from geoplug.core.specs import DatasetSpec

    known = entries()
    for entry in known:
        if entry["name"] == name:
            return DatasetSpec.model_validate(entry)
    raise KeyError(f"no built-in dataset spec named {name!r}; the catalog has "
                   f"{', '.join(sorted(e['name'] for e in known))}")
