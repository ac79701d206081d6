"""The registry API, with plugins registered in memory."""

from __future__ import annotations

import warnings
from collections.abc import Iterator

import pytest

from geoplug.core import registry
from geoplug.core.errors import (
    DuplicateNameError,
    PluginError,
    PluginLoadWarning,
    UnknownNameError,
)
from geoplug.core.pluginmanager import plugin_manager
from geoplug.core.plugins import DatasetSpec, WeightsSpec, hookimpl


class Alpha:
    @hookimpl
    def geoplug_datasets(self) -> list[object]:
        return [
            DatasetSpec(name="alpha_sat", target="collections:OrderedDict", task="segmentation",
                        sensors=("sentinel2",), bands=("B02", "B03", "B04", "B08"),
                        aliases=("alpha",)),
            {"name": "alpha_chips", "target": "collections:Counter", "task": "classification",
             "bands": ["B04", "B03", "B02"], "num_classes": 10},
        ]

    @hookimpl
    def geoplug_weights(self) -> list[object]:
        return [{"name": "tiny.alpha", "url": "http://127.0.0.1/x.pt", "model": "tiny",
                 "in_chans": 4, "bands": ["B02", "B03", "B04", "B08"], "sensor": "sentinel2"}]


class Beta:
    @hookimpl
    def geoplug_datasets(self) -> list[object]:
        return [{"name": "alpha_sat", "target": "collections:deque", "task": "segmentation"},
                {"name": "beta_broken", "target": "geoplug_no_such_module.x:Y",
                 "task": "detection"}]


class Invalid:
    @hookimpl
    def geoplug_datasets(self) -> list[object]:
        return [{"name": "UPPER case", "target": "x", "task": "classification"},
                {"name": "fine_one", "target": "collections:deque", "task": "classification"}]


class Raising:
    @hookimpl
    def geoplug_datasets(self) -> list[object]:
        raise RuntimeError("hook exploded")


@pytest.fixture
def plugins() -> Iterator[None]:
    pm = plugin_manager()
    pm.register(Alpha(), name="alpha", distribution="geoplug-alpha", version="1.0")
    yield
    for name in ("alpha", "beta", "invalid", "raising"):
        if pm.get_plugin(name) is not None:
            pm.unregister(name=name)


def test_names_filters_and_wildcards(plugins: None) -> None:
    assert registry.datasets.names("alpha*") == ["alpha_chips", "alpha_sat"]
    assert registry.datasets.names("alpha*", task="segmentation") == ["alpha_sat"]
    assert registry.datasets.names("alpha*", bands=["B08", "B02"]) == ["alpha_sat"]
    assert registry.datasets.names("alpha*", sensors="Sentinel2") == ["alpha_sat"]
    assert registry.datasets.names("zzz*") == []
    with pytest.raises(TypeError, match="unknown dataset filter"):
        registry.datasets.names(colour="red")


def test_info_does_not_import_and_get_does(plugins: None) -> None:
    spec = registry.datasets.info("alpha_sat")
    assert spec.task == "segmentation" and spec.bands == ("B02", "B03", "B04", "B08")
    assert registry.datasets.info("alpha") == spec  # alias
    assert registry.datasets.provider("alpha_sat").distribution == "geoplug-alpha"
    import collections

    assert registry.datasets.get("alpha_chips") is collections.Counter
    assert "alpha_chips" in registry.datasets and "nope" not in registry.datasets


def test_unknown_name_lists_close_matches(plugins: None) -> None:
    with pytest.raises(UnknownNameError) as info:
        registry.datasets.info("alpha_sta")
    assert isinstance(info.value, KeyError)
    assert "alpha_sat" in info.value.close
    assert "Did you mean" in str(info.value) and "alpha_sat" in str(info.value)


def test_duplicate_name_names_both_distributions(plugins: None) -> None:
    plugin_manager().register(Beta(), name="beta", distribution="geoplug-beta", version="2.0")
    with pytest.raises(DuplicateNameError) as info:
        registry.datasets.info("alpha_sat")
    message = str(info.value)
    assert "geoplug-alpha" in message and "geoplug-beta" in message
    assert isinstance(info.value, KeyError)
    # both are listed qualified, and each can be chosen explicitly
    names = registry.datasets.names("alpha_sat")
    assert names == ["geoplug-alpha:alpha_sat", "geoplug-beta:alpha_sat"]
    import collections

    assert registry.datasets.get("geoplug-beta:alpha_sat") is collections.deque
    assert registry.datasets.get("geoplug-alpha:alpha_sat") is collections.OrderedDict


def test_get_of_unimportable_target_names_plugin_and_target(plugins: None) -> None:
    plugin_manager().register(Beta(), name="beta", distribution="geoplug-beta", version="2.0")
    with pytest.raises(PluginError) as info:
        registry.datasets.get("beta_broken")
    assert info.value.distribution == "geoplug-beta"
    assert "geoplug_no_such_module.x:Y" in str(info.value)


def test_invalid_specs_are_skipped_with_one_warning(plugins: None) -> None:
    pm = plugin_manager()
    pm.register(Invalid(), name="invalid", distribution="geoplug-invalid", version="0.1")
    with pytest.warns(PluginLoadWarning, match="geoplug-invalid") as record:
        names = registry.datasets.names()
    assert "fine_one" in names and "alpha_sat" in names
    assert len([w for w in record if "geoplug-invalid" in str(w.message)]) == 1
    assert "UPPER case" in str(record[0].message)


def test_raising_hook_is_skipped(plugins: None) -> None:
    pm = plugin_manager()
    pm.register(Raising(), name="raising", distribution="geoplug-raising", version="0.1")
    with pytest.warns(PluginLoadWarning, match="hook exploded"):
        names = registry.datasets.names()
    assert "alpha_sat" in names
    assert any(f.distribution == "geoplug-raising" for f in pm.failures)


def test_weights_spec_defaults_and_filters(plugins: None) -> None:
    spec = registry.weights.info("tiny.alpha")
    assert isinstance(spec, WeightsSpec)
    assert spec.in_chans == 4 and spec.target.endswith(":Weights")
    assert registry.weights.names("tiny*", sensor="sentinel2") == ["tiny.alpha"]
    assert registry.weights.names("tiny*", bands=["B08"]) == ["tiny.alpha"]
    assert registry.weights.names("tiny*", bands=["B11"]) == []


def test_spec_validation_messages() -> None:
    with pytest.raises(ValueError, match=r"package\.module:Object"):
        DatasetSpec(name="ok", target="not a target", task="classification")
    with pytest.raises(ValueError, match="lower-case"):
        DatasetSpec(name="Bad", target="a:b", task="classification")
    with pytest.raises(ValueError):
        DatasetSpec(name="ok", target="a:b", task="not_a_task")  # type: ignore[arg-type]


def test_unregister_refreshes(plugins: None) -> None:
    assert "alpha_sat" in registry.datasets.names()
    plugin_manager().unregister(name="alpha")
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        assert "alpha_sat" not in registry.datasets.names()
