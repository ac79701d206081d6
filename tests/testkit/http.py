"""The test suite's HTTP server: the plugin-author kit's :class:`LocalHTTPServer`.

``tests/conftest.py`` builds the ``http_server`` fixture (serving ``http_root``) from
:func:`serve`; tests type it as :data:`Served`. Range requests are honoured (GDAL's /vsicurl/
reads COGs through it), ``stats`` counts requests and bytes, and the fault settings
(``drop_after``, ``drop_requests``, ``ranges``, ``fail_status``...) simulate bad networks.
"""

from __future__ import annotations

import contextlib
import os
from collections.abc import Iterator

from geoplug.core.testing.http import LocalHTTPServer, Request, ServerStats

__all__ = ["LocalHTTPServer", "Request", "Served", "ServerStats", "serve"]

#: what the ``http_server`` fixture yields: ``url``, ``root``, ``stats`` and the fault settings
Served = LocalHTTPServer


@contextlib.contextmanager
def serve(root: str | os.PathLike[str]) -> Iterator[LocalHTTPServer]:
    """Serve ``root`` on an ephemeral port of 127.0.0.1 for the duration of the block."""
    with LocalHTTPServer(root) as server:
        yield server
