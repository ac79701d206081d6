"""Fixtures shared by every package's tests (must only need geoplug-core).

``http_root`` and ``http_server`` are the plugin-author kit's own fixtures
(:mod:`geoplug.core.testing.fixtures`): geoplug's tests use exactly what a plugin author gets.
"""

from __future__ import annotations

import sys
from collections.abc import Iterator

import pytest

from geoplug.core.testing.fixtures import http_root, http_server

__all__ = ["close_figures", "http_root", "http_server"]


@pytest.fixture(autouse=True)
def close_figures() -> Iterator[None]:
    """Close the figures a test's ``plot()`` calls opened, so a long run holds no more than
    one test's (matplotlib warns past 20 open figures)."""
    yield
    pyplot = sys.modules.get("matplotlib.pyplot")
    if pyplot is not None:
        pyplot.close("all")
