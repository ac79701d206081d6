"""What the generators of fake datasets and their tests share: the ``root`` fixture most test
modules start from (the data written by the module's generator), :func:`unstage` (the
generators' last step), :func:`check_wrong_md5` and :func:`check_not_found_hint`."""

from __future__ import annotations

import shutil
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from fakedata._segutil import wrong_md5
from geoplug.core.errors import ChecksumError, DatasetNotFoundError

if TYPE_CHECKING:
    import pytest

__all__ = ["check_not_found_hint", "check_wrong_md5", "made_root", "unstage"]


def made_root(make: Callable[..., Any], name: str | None = None, **kwargs: Any) -> Any:
    """A ``root`` fixture: the folder ``make(folder, **kwargs)`` wrote the fake data in.

    With ``name`` the data is written once per module, in a temporary folder of that name;
    without, afresh in each test's ``tmp_path`` (for tests that change it). Use as
    ``root = made_root(fake.make, "loveda", extract=True)`` in a test module.
    """
    import pytest  # here: the generators import this module and run without pytest

    if name is None:
        @pytest.fixture(name="root")
        def fresh(tmp_path: Path) -> Path:
            make(tmp_path, **kwargs)
            return tmp_path

        return fresh

    @pytest.fixture(scope="module", name="root")
    def shared(tmp_path_factory: pytest.TempPathFactory) -> Path:
        path = tmp_path_factory.mktemp(name)
        make(path, **kwargs)
        return path

    return shared


def unstage(stage: Path, root: Path, extract: bool) -> None:
    """Remove the staging folder the archives were built from, after copying its tree into
    ``root`` when ``extract`` (the files as the loader leaves them once extracted)."""
    if extract:
        shutil.copytree(stage, root, dirs_exist_ok=True)
    shutil.rmtree(stage)


def check_wrong_md5(cls: Any, monkeypatch: pytest.MonkeyPatch, root: Path, **kwargs: Any) -> None:
    """With every resource's published MD5 wrong, ``cls(root, checksum=True)`` raises
    ChecksumError (the archives generated in ``root`` are verified before extraction)."""
    import pytest

    monkeypatch.setattr(cls, "resources", wrong_md5(cls.resources))
    with pytest.raises(ChecksumError):
        cls(root, checksum=True, **kwargs)


def check_not_found_hint(cls: Any, root: Path, *texts: str, **kwargs: Any) -> None:
    """With no file in ``root``, ``cls(root, **kwargs)`` raises DatasetNotFoundError naming
    ``root`` and each of ``texts`` (where and how to get the files), with ``download`` False
    and True alike (the publisher's files cannot be fetched automatically)."""
    import pytest

    for download in (False, True):
        with pytest.raises(DatasetNotFoundError) as info:
            cls(root, download=download, **kwargs)
        message = str(info.value)
        assert str(root) in message
        for text in texts:
            assert text in message, f"{text!r} not in {message!r}"
