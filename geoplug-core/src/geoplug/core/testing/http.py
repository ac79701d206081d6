"""A real HTTP server on 127.0.0.1 for testing downloads and remote reads.

Download code is only trustworthy when tested against a server that behaves like the ones it
meets: one that honours ``Range`` requests (or does not), drops the connection half-way through
a file, or answers ``503`` for a while. :class:`LocalHTTPServer` is such a server, built on the
standard library alone, serving one folder::

    with LocalHTTPServer(folder, drop_after=1000, drop_requests=1) as server:
        download_url(f"{server.url}/data.zip", dest)   # resumes after the cut
        assert len(server.stats.requests) == 2

From pytest, use the ready ``http_root``/``http_server`` fixtures of
:mod:`geoplug.core.testing.fixtures`, or wrap it in your own (this module does not import
pytest)::

    @pytest.fixture
    def http_server(tmp_path):
        with LocalHTTPServer(tmp_path) as server:
            yield server

The fault settings are plain attributes, so a test may change them while the server runs.
"""

from __future__ import annotations

import os
import random
import re
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from types import TracebackType

__all__ = ["LocalHTTPServer", "Request", "ServerStats"]


@dataclass(frozen=True)
class Request:
    """One request the server answered: what was asked and what it replied."""

    method: str
    path: str
    range: str | None
    status: int


@dataclass
class ServerStats:
    """What the server did: body bytes sent and every request, in order (thread-safe)."""

    bytes_sent: int = 0
    requests: list[Request] = field(default_factory=list)
    #: responses cut short on purpose (``drop_after``, ``drop_rate``)
    dropped: int = 0
    #: the most requests the server was answering at one moment (a client reading
    #: concurrently raises it above 1)
    most_in_flight: int = 0
    in_flight: int = 0
    lock: threading.Lock = field(default_factory=threading.Lock, repr=False)

    def reset(self) -> None:
        """Forget the counts (e.g. between two phases of a test)."""
        with self.lock:
            self.bytes_sent = 0
            self.dropped = 0
            self.most_in_flight = self.in_flight
            self.requests.clear()

    def _record(self, request: Request) -> int:
        with self.lock:
            self.requests.append(request)
            return len(self.requests)


class _Server(ThreadingHTTPServer):
    """A threading server with a listen backlog like a production server's: Python's default
    of 5 pending connections makes a client opening more at once (a reader with several
    threads, several DataLoader workers) wait a second for TCP to retry its connection, which
    no real object store does."""

    request_queue_size = 256


class LocalHTTPServer:
    """Serve ``root`` on an ephemeral port of 127.0.0.1, with faults on demand.

    Args:
        root: the folder served (``/a/b.zip`` is ``root/a/b.zip``).
        ranges: honour ``Range`` requests with ``206 Partial Content`` (and ``If-Range``);
            when false every GET returns the whole file with ``200``, like a server without
            range support.
        validators: send an ``ETag`` and honour ``If-Range``; when false, ranges are served
            without either, like a server that gives no validator.
        if_range: honour ``If-Range`` (with ``validators``); when false, a range is served
            whatever file version it names, like a server or cache that ignores it.
        content_type: the ``Content-Type`` of every file served (``"text/html"``: a login or
            quota page standing in for the file).
        drop_after: send at most this many body bytes, then close the connection.
        drop_requests: drop only the first this-many GET requests (``None``: every one).
        stall_after: send this many body bytes, then hold the connection open, silent, until
            :meth:`unstall` (a stalled transfer, during which a test can kill its client) ...
        stall_requests: ... in the first this-many GET requests (``None``: every one).
        fail_status: answer this HTTP status (e.g. 503) instead of the file ...
        fail_requests: ... to the first this-many GET requests.
        on_request: called with ``(path, n)`` before the ``n``-th request (from 1) is served;
            a test can change the served files between attempts with it.
        latency: seconds added before answering every request (a distant server).
        fail_rate: fraction of GET requests, drawn at random, answered with ``fail_status``
            (default 503) instead of the file: transient server errors.
        drop_rate: fraction of GET requests, drawn at random, whose connection is closed after
            half of the body: connections dropped mid-response.
        seed: seed of those random draws (runs are repeatable).

    Raises:
        NotADirectoryError: ``root`` is not a folder.
    """

    def __init__(
        self,
        root: str | os.PathLike[str],
        *,
        ranges: bool = True,
        validators: bool = True,
        if_range: bool = True,
        content_type: str = "application/octet-stream",
        drop_after: int | None = None,
        drop_requests: int | None = None,
        stall_after: int | None = None,
        stall_requests: int | None = None,
        fail_status: int | None = None,
        fail_requests: int = 0,
        on_request: Callable[[str, int], None] | None = None,
        latency: float = 0.0,
        fail_rate: float = 0.0,
        drop_rate: float = 0.0,
        seed: int = 0,
    ) -> None:
        self.root = Path(root)
        if not self.root.is_dir():
            raise NotADirectoryError(f"LocalHTTPServer: {self.root} is not a folder to serve")
        self.ranges = ranges
        self.validators = validators
        self.if_range = if_range
        self.content_type = content_type
        self.drop_after = drop_after
        self.drop_requests = drop_requests
        self.stall_after = stall_after
        self.stall_requests = stall_requests
        self._unstalled = threading.Event()
        self.fail_status = fail_status
        self.fail_requests = fail_requests
        self.on_request = on_request
        self.latency = latency
        self.fail_rate = fail_rate
        self.drop_rate = drop_rate
        self._random = random.Random(seed)
        self.stats = ServerStats()
        self._gets = 0
        self._server: _Server | None = None
        self._thread: threading.Thread | None = None

    # compatibility with earlier test helpers: drop every response after N bytes
    @property
    def truncate_after(self) -> int | None:
        """Alias of ``drop_after`` applied to every request."""
        return self.drop_after

    @truncate_after.setter
    def truncate_after(self, value: int | None) -> None:
        self.drop_after = value
        self.drop_requests = None

    @property
    def url(self) -> str:
        """``http://127.0.0.1:<port>`` (no trailing slash).

        Raises:
            RuntimeError: the server is not running.
        """
        if self._server is None:
            raise RuntimeError("LocalHTTPServer is not running; use it in a `with` block")
        host, port = self._server.server_address[:2]
        return f"http://{host!s}:{port}"

    def start(self) -> LocalHTTPServer:
        """Start serving in a daemon thread (idempotent)."""
        if self._server is None:
            self._server = _Server(("127.0.0.1", 0), _handler(self))
            self._server.daemon_threads = True
            self._thread = threading.Thread(target=self._server.serve_forever,
                                            kwargs={"poll_interval": 0.05}, daemon=True)
            self._thread.start()
        return self

    def unstall(self) -> None:
        """Let the stalled responses (``stall_after``) send the rest of their bytes; the later
        ones run without stalling (until ``stall_after`` is set again)."""
        self.stall_after = None
        stalled, self._unstalled = self._unstalled, threading.Event()
        stalled.set()

    def stop(self) -> None:
        """Stop serving and release the port."""
        self._unstalled.set()
        if self._server is not None:
            self._server.shutdown()
            self._server.server_close()
            if self._thread is not None:
                self._thread.join(timeout=5)
            self._server = self._thread = None

    def __enter__(self) -> LocalHTTPServer:
        return self.start()

    def __exit__(self, exc_type: type[BaseException] | None, exc: BaseException | None,
                 tb: TracebackType | None) -> None:
        self.stop()

    def _next_get(self) -> int:
        with self.stats.lock:
            self._gets += 1
            return self._gets

    def _draw(self) -> tuple[bool, bool]:
        """Whether the next GET fails (``fail_rate``) and whether it is dropped."""
        with self.stats.lock:
            return (self._random.random() < self.fail_rate,
                    self._random.random() < self.drop_rate)


_RANGE = re.compile(r"bytes=(\d*)-(\d*)")


def _etag(path: Path) -> str:
    st = path.stat()
    return f'"{st.st_size:x}-{st.st_mtime_ns:x}"'


def _handler(server: LocalHTTPServer) -> type[SimpleHTTPRequestHandler]:
    class Handler(SimpleHTTPRequestHandler):
        def __init__(self, *args, **kwargs):  # type: ignore[no-untyped-def]
            super().__init__(*args, directory=str(server.root), **kwargs)

        def log_message(self, format: str, *args: object) -> None:  # quiet
            pass

        def do_HEAD(self) -> None:
            self._counted(head=True)

        def do_GET(self) -> None:
            self._counted(head=False)

        def _counted(self, head: bool) -> None:
            stats = server.stats
            with stats.lock:
                stats.in_flight += 1
                stats.most_in_flight = max(stats.most_in_flight, stats.in_flight)
            try:
                self._serve(head)
            finally:
                with stats.lock:
                    stats.in_flight -= 1

        def _reply_error(self, code: int, asked: str | None) -> None:
            server.stats._record(Request(self.command, self.path, asked, code))
            self.send_response(code)
            self.send_header("Content-Length", "0")
            self.send_header("Connection", "close")
            self.end_headers()
            self.close_connection = True

        def _serve(self, head: bool) -> None:
            asked = self.headers.get("Range")
            number = 0 if head else server._next_get()
            if server.latency > 0:
                time.sleep(server.latency)
            if server.on_request is not None and not head:
                server.on_request(self.path, number)
            if not head and server.fail_status is not None and number <= server.fail_requests:
                self._reply_error(server.fail_status, asked)
                return
            fail, drop = server._draw() if not head else (False, False)
            if fail:
                self._reply_error(server.fail_status or 503, asked)
                return
            path = Path(self.translate_path(self.path))
            if not path.is_file():
                self._reply_error(404, asked)
                return
            size = path.stat().st_size
            etag = _etag(path)
            start, end, status = 0, size - 1, 200
            match = _RANGE.fullmatch(asked or "")
            if_range = (self.headers.get("If-Range")
                        if server.validators and server.if_range else None)
            if server.ranges and match and (match.group(1) or match.group(2)) and (
                if_range is None or if_range == etag
            ):
                if match.group(1):
                    start = int(match.group(1))
                    end = min(int(match.group(2)) if match.group(2) else size - 1, size - 1)
                else:
                    start = max(0, size - int(match.group(2)))
                if start >= size:
                    self._reply_error(416, asked)
                    return
                status = 206
            server.stats._record(Request(self.command, self.path, asked, status))
            self.send_response(status)
            if status == 206:
                self.send_header("Content-Range", f"bytes {start}-{end}/{size}")
            if server.ranges:
                self.send_header("Accept-Ranges", "bytes")
                if server.validators:
                    self.send_header("ETag", etag)
            self.send_header("Content-Length", str(end - start + 1))
            self.send_header("Content-Type", server.content_type)
            self.end_headers()
            if head:
                return
            with open(path, "rb") as f:
                f.seek(start)
                data = f.read(end - start + 1)
            limit = server.drop_after
            if limit is not None and len(data) > limit and (
                server.drop_requests is None or number <= server.drop_requests
            ):
                data = data[:limit]
                self.close_connection = True
            elif drop and len(data) > 1:
                data = data[: len(data) // 2]
                self.close_connection = True
            with server.stats.lock:
                server.stats.dropped += int(self.close_connection and len(data) < end - start + 1)
            stall = server.stall_after
            if stall is not None and len(data) > stall and (
                server.stall_requests is None or number <= server.stall_requests
            ):
                unstalled = server._unstalled
                self._send(data[:stall])
                unstalled.wait(timeout=120)
                data = data[stall:]
            self._send(data)

        def _send(self, data: bytes) -> None:
            with server.stats.lock:
                server.stats.bytes_sent += len(data)
            try:
                self.wfile.write(data)
                self.wfile.flush()
            except (BrokenPipeError, ConnectionResetError):  # the client is gone (killed)
                self.close_connection = True

    return Handler
