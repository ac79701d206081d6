"""Zip archives whose members are compressed with Deflate64 (zip method 9), as 7-Zip and
Windows write large files (Chesapeake's Baywide land cover is published that way).

Python cannot write Deflate64, but a stream of *stored* deflate blocks is the same in Deflate
and Deflate64 (the two differ only in window size and length codes). The members are written
with zlib's level 0 and labelled method 9, which is a valid Deflate64 archive.
"""

from __future__ import annotations

import struct
import zipfile
from pathlib import Path

DEFLATE64 = 9


def write(archive: Path, members: dict[str, Path]) -> Path:
    """Write ``archive`` holding each file of ``members`` (name in the zip -> file)."""
    with zipfile.ZipFile(archive, "w", compression=zipfile.ZIP_DEFLATED,
                         compresslevel=0) as zf:
        for name, path in members.items():
            zf.write(path, name)
    data = bytearray(archive.read_bytes())
    with zipfile.ZipFile(archive) as zf:
        for info in zf.infolist():
            # the method field: at byte 8 of the local header, byte 10 of the central one
            struct.pack_into("<H", data, info.header_offset + 8, DEFLATE64)
    central = data.find(b"PK\x01\x02")
    while central != -1:
        struct.pack_into("<H", data, central + 10, DEFLATE64)
        central = data.find(b"PK\x01\x02", central + 4)
    archive.write_bytes(bytes(data))
    return archive
