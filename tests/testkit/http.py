"""A real HTTP server on 127.0.0.1 for download and remote-read tests.

Serves a folder with HTTP range support (so GDAL's /vsicurl/ can read COGs), counts the bytes
it sends, and can cut a response short to simulate an interrupted download.
"""

from __future__ import annotations

import contextlib
import os
import re
import threading
from collections.abc import Iterator
from dataclasses import dataclass, field
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path


@dataclass
class ServerStats:
    bytes_sent: int = 0
    requests: list[str] = field(default_factory=list)
    truncate_after: int | None = None  # send at most this many body bytes, then drop
    lock: threading.Lock = field(default_factory=threading.Lock)

    def reset(self) -> None:
        with self.lock:
            self.bytes_sent = 0
            self.requests.clear()


@dataclass
class Served:
    url: str
    root: Path
    stats: ServerStats


def _handler(root: Path, stats: ServerStats) -> type[SimpleHTTPRequestHandler]:
    class Handler(SimpleHTTPRequestHandler):
        def __init__(self, *args, **kwargs):  # type: ignore[no-untyped-def]
            super().__init__(*args, directory=str(root), **kwargs)

        def log_message(self, format: str, *args: object) -> None:  # quiet
            pass

        def _send_body(self, data: bytes) -> None:
            limit = stats.truncate_after
            if limit is not None and len(data) > limit:
                data = data[:limit]
                self.close_connection = True
            with stats.lock:
                stats.bytes_sent += len(data)
            self.wfile.write(data)

        def do_HEAD(self) -> None:
            self._serve(head=True)

        def do_GET(self) -> None:
            self._serve(head=False)

        def _serve(self, head: bool) -> None:
            with stats.lock:
                stats.requests.append(self.path)
            path = Path(self.translate_path(self.path))
            if not path.is_file():
                self.send_error(404, "not found")
                return
            size = path.stat().st_size
            rng = self.headers.get("Range")
            match = re.fullmatch(r"bytes=(\d*)-(\d*)", rng or "")
            if match and (match.group(1) or match.group(2)):
                if match.group(1):
                    start = int(match.group(1))
                    end = int(match.group(2)) if match.group(2) else size - 1
                else:
                    start, end = max(0, size - int(match.group(2))), size - 1
                end = min(end, size - 1)
                if start >= size:
                    self.send_error(416, "range not satisfiable")
                    return
                self.send_response(206)
                self.send_header("Content-Range", f"bytes {start}-{end}/{size}")
            else:
                start, end = 0, size - 1
                self.send_response(200)
            self.send_header("Accept-Ranges", "bytes")
            self.send_header("Content-Length", str(end - start + 1))
            self.send_header("Content-Type", "application/octet-stream")
            self.end_headers()
            if head:
                return
            with open(path, "rb") as f:
                f.seek(start)
                self._send_body(f.read(end - start + 1))

    return Handler


@contextlib.contextmanager
def serve(root: str | os.PathLike[str]) -> Iterator[Served]:
    """Serve ``root`` on an ephemeral port of 127.0.0.1 for the duration of the block."""
    stats = ServerStats()
    server = ThreadingHTTPServer(("127.0.0.1", 0), _handler(Path(root), stats))
    server.daemon_threads = True
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        host, port = server.server_address[:2]
        yield Served(url=f"http://{host}:{port}", root=Path(root), stats=stats)
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=5)
