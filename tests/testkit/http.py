"""The test suite's HTTP server: the plugin-author kit's :class:`LocalHTTPServer`.

``tests/conftest.py`` takes the kit's ``http_server`` fixture (serving ``http_root``); tests
type it as :data:`Served`. Range requests are honoured (GDAL's /vsicurl/
reads COGs through it), ``stats`` counts requests and bytes, and the fault settings
(``drop_after``, ``drop_requests``, ``ranges``, ``fail_status``...) simulate bad networks.
"""

from __future__ import annotations

from geoplug.core.testing.http import LocalHTTPServer, Request, ServerStats

__all__ = ["LocalHTTPServer", "Request", "Served", "ServerStats"]

#: what the ``http_server`` fixture yields: ``url``, ``root``, ``stats`` and the fault settings
Served = LocalHTTPServer

