"""Fixtures shared by every package's tests (must only need geoplug-core).

``http_root`` and ``http_server`` are the plugin-author kit's own fixtures
(:mod:`geoplug.core.testing.fixtures`): geoplug's tests use exactly what a plugin author gets.
"""

from __future__ import annotations

from geoplug.core.testing.fixtures import http_root, http_server

__all__ = ["http_root", "http_server"]
