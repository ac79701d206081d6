"""A third-party plugin installed with pip is discovered; a broken one does not spoil it.

Runs in the nox ``plugins`` session: only geoplug-core, geoplug-example and geoplug-broken are
installed (no built-in geoplug package).
"""

from __future__ import annotations

import json
import subprocess
import sys
import warnings

import pytest

from geoplug.core import registry
from geoplug.core.errors import PluginError, PluginLoadWarning
from geoplug.core.pluginmanager import plugin_manager, reset


@pytest.fixture(autouse=True)
def fresh_discovery() -> None:
    reset()
    for reg in (registry.datasets, registry.models, registry.weights):
        reg.refresh()


def test_example_dataset_is_listed_and_loads() -> None:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", PluginLoadWarning)
        assert "example_tiles" in registry.datasets.names()
        spec = registry.datasets.info("example_tiles")
        cls = registry.datasets.get("example_tiles")
    assert spec.bands == ("red", "green", "blue", "nir") and spec.num_classes == 2
    assert registry.datasets.provider("example_tiles").distribution == "geoplug-example"
    assert registry.datasets.provider("example_tiles").version == "0.3.0"
    sample = cls(split="test")[1]
    assert tuple(sample["image"].shape) == (4, 16, 16) and int(sample["label"]) == 1


def test_example_model_and_weights_are_listed() -> None:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", PluginLoadWarning)
        assert registry.models.names() == ["example_net"]
        net = registry.models.get("example_net")(in_chans=4, num_classes=2)
        spec = registry.weights.info("example_net.toy")
    assert sum(p.numel() for p in net.parameters()) > 0
    assert spec.model == "example_net" and spec.in_chans == 4 and spec.sensor == "toysat"


def test_broken_plugins_are_reported_not_fatal() -> None:
    with pytest.warns(PluginLoadWarning) as record:
        names = registry.datasets.names()
        registry.models.names()
    messages = " | ".join(str(w.message) for w in record)
    assert "geoplug-broken" in messages
    assert "geoplug_this_package_does_not_exist" in messages  # the import failure
    assert "Bad Name!" in messages  # the invalid spec
    assert "this hook always fails" in messages  # the raising hook
    # the valid entry of the half-broken plugin and the example plugin both survive
    assert "example_tiles" in names and "broken_but_valid" in names
    with pytest.raises(PluginError, match="geoplug-broken"):
        registry.datasets.get("broken_but_valid")
    failures = {(f.name, f.hook) for f in plugin_manager().failures}
    assert ("broken-import", None) in failures
    assert ("broken-specs", "geoplug_datasets") in failures
    assert ("broken-hook", "geoplug_models") in failures


def _cli(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "geoplug.core.cli", *args],
                          capture_output=True, text=True, timeout=120)


def test_cli_plugins_shows_example_and_failures() -> None:
    result = _cli("plugins")
    assert result.returncode == 0, result.stderr
    assert "geoplug-example 0.3.0" in result.stdout
    assert "example_tiles" in result.stdout
    assert "FAILED geoplug-broken 6.6.6 (plugin 'broken-import')" in result.stdout
    as_json = json.loads(_cli("plugins", "--json").stdout)
    dists = {p["distribution"] for p in as_json["plugins"]}
    assert "geoplug-example" in dists
    assert {f["plugin"] for f in as_json["failed"]} == {
        "broken-import", "broken-specs", "broken-hook"}


def test_cli_lists_third_party_dataset() -> None:
    result = _cli("datasets", "example*")
    assert result.returncode == 0
    assert "example_tiles" in result.stdout and "classification" in result.stdout
