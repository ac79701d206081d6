"""Fixtures of the geoplug-models tests: an isolated torch hub cache."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
import torch.hub


@pytest.fixture
def hub_dir(tmp_path: Path) -> Iterator[Path]:
    """Point ``torch.hub.get_dir()`` at a fresh folder; returns its ``checkpoints`` folder."""
    previous = torch.hub.get_dir()
    torch.hub.set_dir(str(tmp_path / "hub"))
    try:
        yield tmp_path / "hub" / "checkpoints"
    finally:
        torch.hub.set_dir(previous)
