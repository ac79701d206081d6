"""Entry point of geoplug-models: registers the built-in models and weights (plain specs).

Each catalog module (``_catalog`` for the convolutional families, ``_catalog_transformers``
for the timm ViT/Swin backbones, ``_catalog_foundation`` for the any-sensor foundation models,
``_catalog_smp`` for whole segmentation_models_pytorch U-Nets) holds plain ``MODELS``/``WEIGHTS``
lists; nothing here imports torch.
"""

from __future__ import annotations

import importlib
from typing import Any

from geoplug.core.plugins import hookimpl

_CATALOGS = ("_catalog", "_catalog_transformers", "_catalog_foundation", "_catalog_smp")


def _gather(attr: str) -> list[dict[str, Any]]:
    found: list[dict[str, Any]] = []
    for module in _CATALOGS:
        found.extend(getattr(importlib.import_module(f"geoplug.models.{module}"), attr))
    return found


@hookimpl
def geoplug_models() -> list[dict[str, Any]]:
    return _gather("MODELS")


@hookimpl
def geoplug_weights() -> list[dict[str, Any]]:
    return _gather("WEIGHTS")
