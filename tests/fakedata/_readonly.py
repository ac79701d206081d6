"""Make a fake data folder truly read-only for a test (a shared copy, a mounted sample).

Permission bits do not stop root, so as root the folders are made immutable (``chattr +i``);
otherwise they lose their write bits. Either way they are restored on exit, so that pytest
can delete them. A test is skipped where neither works (a file system without attributes).
"""

from __future__ import annotations

import os
import shutil
import stat
import subprocess
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

from geoplug.datasets._geodownload import writable

__all__ = ["read_only"]


def _folders(root: Path) -> list[Path]:
    return [root, *(p for p in sorted(root.rglob("*")) if p.is_dir())]


@contextmanager
def read_only(root: Path) -> Iterator[Path]:
    """Within the block no file can be created, renamed or deleted under ``root``."""
    folders = _folders(root)
    chattr = shutil.which("chattr") if os.geteuid() == 0 else None
    modes = {p: p.stat().st_mode for p in folders}
    if chattr:
        subprocess.run([chattr, "+i", *map(str, folders)], check=False, capture_output=True)
    else:
        for p in folders:
            p.chmod(modes[p] & ~(stat.S_IWUSR | stat.S_IWGRP | stat.S_IWOTH))
    try:
        if any(writable(p) for p in folders):
            pytest.skip("cannot make a folder read-only here")
        yield root
    finally:
        if chattr:
            subprocess.run([chattr, "-i", *map(str, folders)], check=False,
                           capture_output=True)
        else:
            for p in folders:
                p.chmod(modes[p])
