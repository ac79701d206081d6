"""Pytest fixtures of the plugin author's kit.

Enable them in your ``conftest.py``::

    pytest_plugins = ["geoplug.core.testing.fixtures"]

* ``http_root``: an empty folder; what you put there is served.
* ``http_server``: a :class:`~geoplug.core.testing.http.LocalHTTPServer` on 127.0.0.1
  serving ``http_root``, with ``Range`` support and faults on demand (``drop_after``,
  ``fail_status``, ...). Download tests point a ``Resource`` at ``f"{http_server.url}/..."``.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from geoplug.core.testing.http import LocalHTTPServer

__all__ = ["http_root", "http_server"]


@pytest.fixture
def http_root(tmp_path: Path) -> Path:
    """The folder the ``http_server`` fixture serves (empty at first)."""
    root = tmp_path / "served"
    root.mkdir()
    return root


@pytest.fixture
def http_server(http_root: Path) -> Iterator[LocalHTTPServer]:
    """A real HTTP server on 127.0.0.1 serving ``http_root`` for the test's duration."""
    with LocalHTTPServer(http_root) as server:
        yield server
