"""Declarative specs of the built-in models and published weights."""

from __future__ import annotations

from typing import Any

MODELS: list[dict[str, Any]] = []
WEIGHTS: list[dict[str, Any]] = []
