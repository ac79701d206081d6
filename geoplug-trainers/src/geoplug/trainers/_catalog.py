"""Declarative specs of the built-in trainers and CLI commands."""

from __future__ import annotations

from typing import Any

TRAINERS: list[dict[str, Any]] = []
COMMANDS: list[dict[str, Any]] = []
