"""Entry point of geoplug-trainers: registers tasks, data modules and CLI commands."""

from __future__ import annotations

from typing import Any

from geoplug.core.plugins import hookimpl
from geoplug.trainers._catalog import COMMANDS, TRAINERS


@hookimpl
def geoplug_trainers() -> list[dict[str, Any]]:
    return TRAINERS


@hookimpl
def geoplug_commands() -> list[dict[str, Any]]:
    return COMMANDS
