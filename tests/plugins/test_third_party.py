"""A third-party plugin installed with pip is discovered; a broken one does not spoil it.

Runs in the nox ``plugins`` session: only geoplug-core, geoplug-example, geoplug-broken and
geoplug-clash are installed (no built-in geoplug package). geoplug-clash uses the entry-point
names ``datasets`` (geoplug-datasets's) and ``example`` (geoplug-example's) and registers
``example_tiles`` as geoplug-example does: nothing may hide anything.
"""

from __future__ import annotations

import importlib.metadata
import json
import re
import subprocess
import sys
import warnings

import pytest

from geoplug.core import registry
from geoplug.core.errors import DuplicateNameError, PluginError, PluginLoadWarning
from geoplug.core.pluginmanager import plugin_manager, reset


@pytest.fixture(autouse=True)
def fresh_discovery() -> None:
    reset()
    for reg in (registry.datasets, registry.models, registry.weights):
        reg.refresh()


def test_example_dataset_is_listed_and_loads() -> None:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", PluginLoadWarning)
        assert "geoplug-example:example_tiles" in registry.datasets.names()
        spec = registry.datasets.info("geoplug-example:example_tiles")
        cls = registry.datasets.get("geoplug-example:example_tiles")
        provider = registry.datasets.provider("geoplug-example:example_tiles")
    assert spec.bands == ("red", "green", "blue", "nir") and spec.num_classes == 2
    assert provider.distribution == "geoplug-example" and provider.version == "0.3.0"
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
    assert "geoplug-example:example_tiles" in names and "broken_but_valid" in names
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
    assert re.search(r"^geoplug-example 0\.3\.0  \(plugin 'example', loaded in \d+ ms\)$",
                     result.stdout, re.MULTILINE), result.stdout
    assert re.search(r"^geoplug-clash 1\.2\.0  \(plugin 'datasets', loaded in ", result.stdout,
                     re.MULTILINE), result.stdout
    assert "example_tiles" in result.stdout
    assert "FAILED geoplug-broken 6.6.6 (plugin 'broken-import')" in result.stdout
    as_json = json.loads(_cli("plugins", "--json").stdout)
    dists = {p["distribution"] for p in as_json["plugins"]}
    assert {"geoplug-example", "geoplug-clash"} <= dists
    example = next(p for p in as_json["plugins"] if p["distribution"] == "geoplug-example")
    assert set(example["timings"]) == {"import", "geoplug_datasets", "geoplug_models",
                                       "geoplug_weights"}
    assert {f["plugin"] for f in as_json["failed"]} == {
        "broken-import", "broken-specs", "broken-hook"}


def test_cli_lists_third_party_dataset() -> None:
    result = _cli("datasets", "example*")
    assert result.returncode == 0
    assert "geoplug-example:example_tiles" in result.stdout
    assert "geoplug-clash:example_tiles" in result.stdout and "classification" in result.stdout
    assert result.stdout.rstrip().endswith("2 datasets")


def test_same_entry_point_name_in_two_distributions_hides_nothing() -> None:
    """geoplug-clash's entry point ``example`` loads next to geoplug-example's ``example``."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", PluginLoadWarning)
        names = registry.datasets.names()
    manager = plugin_manager()
    for key in ("geoplug-example:example", "geoplug-clash:example", "geoplug-clash:datasets"):
        assert manager.get_plugin(key) is not None, key
    assert manager.info_of(manager.get_plugin("geoplug-clash:datasets")).name == "datasets"
    assert {"geoplug-example:example_tiles", "geoplug-clash:example_tiles",
            "clash_superres"} <= set(names)


def test_two_third_parties_claiming_a_name_is_an_error_naming_both() -> None:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", PluginLoadWarning)
        with pytest.raises(DuplicateNameError) as info:
            registry.datasets.get("example_tiles")
        with pytest.raises(KeyError, match="geoplug-clash"):
            registry.datasets.info("example_tiles")
        clash_cls = registry.datasets.get("geoplug-clash:example_tiles")
        example_spec = registry.datasets.info("geoplug-example:example_tiles")
    message = str(info.value)
    assert "geoplug-example" in message and "geoplug-clash" in message
    assert "'geoplug-clash:example_tiles'" in message  # says how to pick one
    assert clash_cls.__module__ == "geoplug_clash.data" and clash_cls.__name__ == "ClashTiles"
    assert example_spec.target == "geoplug_example.data:ExampleTiles"
    result = _cli("datasets", "info", "example_tiles")
    assert result.returncode == 1
    assert "geoplug-example" in result.stderr and "geoplug-clash" in result.stderr


def test_third_party_task_word_is_accepted_and_filterable() -> None:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", PluginLoadWarning)
        assert registry.datasets.info("clash_superres").task == "super_resolution"
        assert registry.datasets.names(task="super_resolution") == ["clash_superres"]
    listed = _cli("datasets", "--task", "super_resolution")
    assert listed.returncode == 0, listed.stderr
    assert "clash_superres" in listed.stdout and "1 dataset" in listed.stdout
    typo = _cli("datasets", "--task", "super_resolutoin")
    assert typo.returncode == 2
    assert "Did you mean: super_resolution?" in typo.stderr


def test_version_lists_core_and_every_plugin_distribution() -> None:
    result = _cli("--version")
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    assert lines[0] == f"geoplug-core {importlib.metadata.version('geoplug-core')}"
    assert "geoplug-example 0.3.0  (third-party plugin)" in lines
    assert "geoplug-clash 1.2.0  (third-party plugin)" in lines
    assert "geoplug-broken 6.6.6  (third-party plugin)" in lines  # broken, still installed
