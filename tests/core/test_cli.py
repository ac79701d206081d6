"""The geoplug console script."""

from __future__ import annotations

import json
import subprocess
import sys
from collections.abc import Iterator
from typing import ClassVar

import pytest

from geoplug.core.cli import main
from geoplug.core.pluginmanager import plugin_manager
from geoplug.core.plugins import hookimpl


class Listed:
    @hookimpl
    def geoplug_datasets(self) -> list[dict[str, object]]:
        return [
            {"name": "cli_rgb", "target": "collections:Counter", "task": "classification",
             "bands": ["R", "G", "B"], "num_classes": 3, "resolution": 0.5,
             "citation": "Doe et al. 2020"},
            {"name": "cli_masks", "target": "collections:deque", "task": "segmentation"},
        ]


@pytest.fixture
def listed() -> Iterator[None]:
    pm = plugin_manager()
    pm.register(Listed(), name="listed", distribution="geoplug-listed", version="9.9")
    yield
    pm.unregister(name="listed")


def test_datasets_table_and_task_filter(listed: None, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["datasets"]) == 0
    out = capsys.readouterr().out
    assert "cli_rgb" in out and "cli_masks" in out and "classification" in out
    assert main(["datasets", "--task", "segmentation"]) == 0
    out = capsys.readouterr().out
    assert "cli_masks" in out and "cli_rgb" not in out
    assert main(["datasets", "cli_r*", "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert [d["name"] for d in data] == ["cli_rgb"] and data[0]["bands"] == ["R", "G", "B"]


def test_datasets_info_and_unknown(listed: None, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["datasets", "info", "cli_rgb"]) == 0
    out = capsys.readouterr().out
    assert "Doe et al. 2020" in out and "geoplug-listed 9.9" in out
    assert main(["datasets", "info", "cli_rbg"]) == 1
    err = capsys.readouterr().err
    assert "no dataset named 'cli_rbg'" in err and "cli_rgb" in err


def test_no_match_exit_code(listed: None, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["datasets", "nothing*"]) == 1
    assert "no datasets match" in capsys.readouterr().err


def test_plugins_lists_provider(listed: None, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["plugins"]) == 0
    out = capsys.readouterr().out
    assert "geoplug-listed 9.9" in out and "cli_rgb" in out


def test_console_script_help_runs() -> None:
    result = subprocess.run([sys.executable, "-m", "geoplug.core.cli", "--help"],
                            capture_output=True, text=True, timeout=60)
    assert result.returncode == 0
    assert "plugins" in result.stdout and "datasets" in result.stdout


class NoDownload:
    """A dataset class whose constructor has no ``download`` argument."""

    def __init__(self, paths: str = "data") -> None:
        self.paths = paths


class Downloadable:
    """Records the arguments ``geoplug datasets download`` passes."""

    calls: ClassVar[list[dict[str, object]]] = []

    def __init__(self, root: str = "data", split: str = "train", download: bool = False,
                 checksum: bool = False) -> None:
        Downloadable.calls.append({"root": root, "split": split, "download": download,
                                   "checksum": checksum})

    def __len__(self) -> int:
        return 3


class Fetchable:
    @hookimpl
    def geoplug_datasets(self) -> list[dict[str, object]]:
        return [
            {"name": "cli_nodl", "target": "test_cli:NoDownload", "task": "generic",
             "kind": "geo", "homepage": "https://example.org/data"},
            {"name": "cli_dl", "target": "test_cli:Downloadable", "task": "classification",
             "splits": ["train", "test"]},
        ]


@pytest.fixture
def fetchable(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    import sys

    monkeypatch.setitem(sys.modules, "test_cli", sys.modules[__name__])
    pm = plugin_manager()
    pm.register(Fetchable(), name="fetchable", distribution="geoplug-fetch", version="1.0")
    yield
    pm.unregister(name="fetchable")


def test_download_command(fetchable: None, capsys: pytest.CaptureFixture[str],
                          tmp_path: object) -> None:
    Downloadable.calls.clear()
    assert main(["datasets", "download", "cli_dl", "--root", str(tmp_path), "--checksum"]) == 0
    assert [c["split"] for c in Downloadable.calls] == ["train", "test"]
    assert all(c["download"] and c["checksum"] and c["root"] == str(tmp_path)
               for c in Downloadable.calls)
    assert "cli_dl split 'test': 3 samples" in capsys.readouterr().out
    assert main(["datasets", "download", "cli_nodl", "--root", str(tmp_path)]) == 1
    err = capsys.readouterr().err
    assert "no automatic download" in err and "https://example.org/data" in err
