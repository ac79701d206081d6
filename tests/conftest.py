"""Fixtures shared by every package's tests (must only need geoplug-core)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from testkit.http import Served, serve


@pytest.fixture
def http_root(tmp_path: Path) -> Path:
    root = tmp_path / "served"
    root.mkdir()
    return root


@pytest.fixture
def http_server(http_root: Path) -> Iterator[Served]:
    """A real HTTP server on 127.0.0.1 serving ``http_root`` (with range requests)."""
    with serve(http_root) as served:
        yield served
