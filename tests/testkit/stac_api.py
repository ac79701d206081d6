"""A real STAC API for the tests: stac-fastapi-geoparquet serving a STAC-GeoParquet file.

stac-fastapi-geoparquet (stac-fastapi over rustac's DuckDB client) answers ``/search`` with
bbox, datetime, ids, collections and CQL2 ``filter`` from one STAC-GeoParquet file, with no
database to set up. DuckDB's spatial extension comes from ``rustac-duckdb-extensions`` (no
download at run time). :func:`serve` starts it in a child process on a free port of 127.0.0.1
and stops it afterwards; ``python -m testkit.stac_api TABLE PORT`` (from tests/) is that
child.
"""

from __future__ import annotations

import importlib
import os
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from types import ModuleType

import pytest

#: set (or CI=true) where the test servers must be installed: a missing one fails, not skips
REQUIRE_ENV = "GEOPLUG_REQUIRE_TEST_SERVERS"


def optional(module: str) -> ModuleType:
    """Import a test server's package; skip the test where it is not installed, except in CI
    (``CI=true``) or with ``GEOPLUG_REQUIRE_TEST_SERVERS=1``, where that is a failure.

    Raises:
        ImportError: the package is missing where it is required.
    """
    required = os.environ.get(REQUIRE_ENV, "") not in ("", "0") or os.environ.get(
        "CI", "").lower() in ("1", "true")
    if required:
        return importlib.import_module(module)
    return pytest.importorskip(module)


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@contextmanager
def serve(table: Path, startup: float = 60.0) -> Iterator[str]:
    """Serve the STAC-GeoParquet ``table`` as a STAC API; yields its URL.

    Raises:
        RuntimeError: the server did not answer within ``startup`` seconds (its output is in
            the message).
    """
    port = _free_port()
    log = table.with_suffix(".server.log")
    with open(log, "wb") as out:
        # run as ``-m testkit.stac_api`` from tests/: run as a script, this folder would come
        # first on sys.path and its http.py would shadow the standard library's
        proc = subprocess.Popen(
            [sys.executable, "-m", "testkit.stac_api", str(table.resolve()), str(port)],
            cwd=Path(__file__).resolve().parents[1], stdout=out, stderr=subprocess.STDOUT)
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + startup
        while True:
            try:
                with urllib.request.urlopen(url + "/", timeout=2) as response:
                    if response.status == 200:
                        break
            except OSError:
                pass
            if proc.poll() is not None or time.monotonic() > deadline:
                raise RuntimeError(f"the STAC API server did not start: {log.read_text()}")
            time.sleep(0.2)
        yield url
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()


def _main(table: str, port: int) -> None:
    import rustac
    import rustac_duckdb_extensions
    import uvicorn
    from stac_fastapi.geoparquet.api import create
    from stac_fastapi.geoparquet.settings import Settings

    settings = Settings(stac_fastapi_geoparquet_href=os.path.abspath(table),
                        stac_fastapi_landing_id="geoplug-test", stac_fastapi_title="geoplug test",
                        stac_fastapi_description="generated items over generated COGs")
    client = rustac.DuckdbClient(extension_directory=rustac_duckdb_extensions.extension_directory())
    api = create(settings, client)
    uvicorn.run(api.app, host="127.0.0.1", port=port, log_level="warning")


if __name__ == "__main__":
    _main(sys.argv[1], int(sys.argv[2]))
