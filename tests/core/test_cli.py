"""The geoplug console script."""

from __future__ import annotations

import importlib.metadata
import json
import re
import subprocess
import sys
import time
from collections.abc import Iterator
from typing import ClassVar

import pytest

from geoplug.core.cli import main
from geoplug.core.errors import SlowPluginWarning
from geoplug.core.pluginmanager import SLOW_PLUGIN_ENV, plugin_manager
from geoplug.core.plugins import hookimpl


class Listed:
    @hookimpl
    def geoplug_datasets(self) -> list[dict[str, object]]:
        return [
            {"name": "cli_rgb", "target": "collections:Counter", "task": "classification",
             "bands": ["R", "G", "B"], "num_classes": 3, "resolution": 0.5,
             "citation": "Doe et al. 2020",
             "band_sets": {"image": {"rgb": {"bands": ["R", "G", "B"]},
                                     "ms": {"bands": ["R", "G", "B", "NIR"],
                                            "sensors": ["WorldView-2"], "resolution": 2.0}}}},
            {"name": "cli_masks", "target": "collections:deque", "task": "segmentation"},
            {"name": "cli_sr", "target": "collections:deque", "task": "super_resolution",
             "bands": ["R", "G", "B", "NIR"]},
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
    assert "image=rgb: R, G, B\n" in out  # one line per value of the argument
    assert "image=ms: R, G, B, NIR (WorldView-2, 2.0 m)\n" in out
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
                 checksum: bool = False, **extra: object) -> None:
        Downloadable.calls.append({"root": root, "split": split, "download": download,
                                   "checksum": checksum, **extra})

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


def test_download_passes_dataset_arguments(fetchable: None, tmp_path: object) -> None:
    # what a dataset needs to know what to fetch (Tessera's year and tiles, Major TOM's parts)
    Downloadable.calls.clear()
    assert main(["datasets", "download", "cli_dl", "--root", str(tmp_path), "--split", "test",
                 "--arg", "parts=[1, 2]", "--arg", "year=2024", "--arg", "name=grid_0.05",
                 "--arg", 'tiles=["grid_0.05_51.55"]']) == 0
    (call,) = Downloadable.calls
    assert call["parts"] == [1, 2] and call["year"] == 2024 and call["name"] == "grid_0.05"
    assert call["tiles"] == ["grid_0.05_51.55"] and call["download"] is True
    with pytest.raises(SystemExit, match="is not KEY=VALUE"):
        main(["datasets", "download", "cli_dl", "--root", str(tmp_path), "--arg", "parts"])


def test_datasets_help_shows_info_and_download(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exit_info:
        main(["datasets", "--help"])
    assert exit_info.value.code == 0
    out = capsys.readouterr().out
    assert "geoplug datasets info NAME" in out
    assert "geoplug datasets download NAME --root DIR" in out
    assert "known: classification, multilabel" in " ".join(out.split())  # words suggested
    with pytest.raises(SystemExit):
        main(["models", "--help"])
    out = capsys.readouterr().out
    assert "geoplug models info NAME" in out and "download" not in out


def test_unknown_task_lists_the_tasks_present(listed: None,
                                              capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["datasets", "--task", "foo"]) == 2
    captured = capsys.readouterr()
    assert "no datasets match" not in captured.err and captured.out == ""
    assert "no installed dataset has task 'foo'" in captured.err
    tasks = captured.err.split("The tasks of the installed datasets: ")[1]
    for task in ("classification", "segmentation", "super_resolution"):
        assert task in tasks
    assert main(["datasets", "--task", "segmentaton"]) == 2
    assert "Did you mean: segmentation" in capsys.readouterr().err


def test_third_party_task_word_filters(listed: None, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["datasets", "cli_*", "--task", "super_resolution"]) == 0
    out = capsys.readouterr().out
    assert "cli_sr" in out and "super_resolution" in out and "cli_rgb" not in out


def test_other_filters_validate_their_values(listed: None,
                                             capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["datasets", "cli_*", "--bands", "R", "NIR"]) == 0
    assert "cli_sr" in capsys.readouterr().out
    assert main(["datasets", "--bands", "R", "NIRR"]) == 2
    err = capsys.readouterr().err
    assert "has bands 'NIRR'" in err and "Did you mean: NIR" in err
    with pytest.raises(SystemExit) as exit_info:
        main(["datasets", "--kind", "raster"])
    assert exit_info.value.code == 2
    assert "invalid choice: 'raster'" in capsys.readouterr().err


def test_counts_are_singular_and_plural(listed: None, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["datasets", "cli_rgb"]) == 0
    assert capsys.readouterr().out.rstrip().endswith("\n1 dataset")
    assert main(["datasets", "cli_*"]) == 0
    assert capsys.readouterr().out.rstrip().endswith("\n3 datasets")


def test_unknown_weights_message_names_the_command(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["weights", "info", "no_such_weights"]) == 1
    err = capsys.readouterr().err
    assert "Run `geoplug weights` to list them" in err and "weightss" not in err


def test_version_lists_installed_distributions(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--version"]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines[0] == f"geoplug-core {importlib.metadata.version('geoplug-core')}"
    expected = {
        f"{ep.dist.metadata['Name']} {ep.dist.version}"
        for ep in importlib.metadata.entry_points(group="geoplug") if ep.dist is not None
    }
    shown = {line.split("  (")[0] for line in lines}
    assert expected <= shown


class SlowListed:
    @hookimpl
    def geoplug_datasets(self) -> list[dict[str, object]]:
        time.sleep(0.15)
        return [{"name": "cli_slow", "target": "collections:deque", "task": "generic"}]


def test_plugins_shows_load_times_and_slow_plugin(capsys: pytest.CaptureFixture[str],
                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(SLOW_PLUGIN_ENV, "0.05")
    pm = plugin_manager()
    pm.register(SlowListed(), name="slowlisted", distribution="geoplug-slowlisted",
                version="0.2")
    try:
        with pytest.warns(SlowPluginWarning, match="geoplug-slowlisted") as record:
            assert main(["plugins"]) == 0
        captured = capsys.readouterr()
        assert main(["plugins", "--json"]) == 0
        report = json.loads(capsys.readouterr().out)
    finally:
        pm.unregister(name="slowlisted")
    assert re.search(r"^geoplug-slowlisted 0\.2  \(plugin 'slowlisted', loaded in \d+ ms\)$",
                     captured.out, re.MULTILINE), captured.out
    assert any("geoplug_datasets() took" in str(w.message) for w in record)
    entry = next(p for p in report["plugins"] if p["distribution"] == "geoplug-slowlisted")
    assert entry["timings"]["geoplug_datasets"] >= 0.15  # at least the plugin's own sleep
