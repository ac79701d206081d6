"""geoplug trainers: LightningModules per task, data modules built from registry names, the
``geoplug fit|validate|test|predict`` CLI and georeferenced prediction."""

from __future__ import annotations

from typing import Any

from geoplug.core.registry import lazy_attribute
from geoplug.core.registry import trainers as registry

__all__ = ["names", "info", "get", "registry"]

names = registry.names
info = registry.info
get = registry.get


def __getattr__(attr: str) -> Any:
    value = lazy_attribute(registry, __name__, attr)
    globals()[attr] = value
    return value
