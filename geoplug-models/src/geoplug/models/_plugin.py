"""Entry point of geoplug-models: registers the built-in models and weights (plain specs)."""

from __future__ import annotations

from typing import Any

from geoplug.core.plugins import hookimpl
from geoplug.models._catalog import MODELS, WEIGHTS


@hookimpl
def geoplug_models() -> list[dict[str, Any]]:
    return MODELS


@hookimpl
def geoplug_weights() -> list[dict[str, Any]]:
    return WEIGHTS
