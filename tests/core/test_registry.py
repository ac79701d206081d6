"""The registry API, with plugins registered in memory (and fake installed distributions)."""

from __future__ import annotations

import importlib.metadata
import time
import uuid
import warnings
from collections.abc import Iterator
from pathlib import Path

import pytest

from geoplug.core import registry
from geoplug.core.errors import (
    DuplicateNameError,
    NameConflictWarning,
    PluginError,
    PluginLoadWarning,
    SlowPluginWarning,
    UnknownNameError,
)
from geoplug.core.pluginmanager import (
    SLOW_PLUGIN_ENV,
    GeoplugPluginManager,
    plugin_manager,
    slow_plugin_seconds,
)
from geoplug.core.plugins import TASKS, DatasetSpec, ModelSpec, WeightsSpec, hookimpl


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
    for name in ("alpha", "beta", "invalid", "raising", "own", "intruder", "slow", "other"):
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
    with pytest.raises(ValueError, match="known tasks are classification, multilabel"):
        DatasetSpec(name="ok", target="a:b", task="Super Resolution")


def test_band_sets_pick_the_bands_an_argument_reads() -> None:
    spec = DatasetSpec(
        name="multi", target="a:b", task="generic", sensors=("Sentinel-2",), resolution=10.0,
        bands=("B4", "B3", "B2"), rgb_bands=("B4", "B3", "B2"),
        band_sets={"product": {"radar": {"bands": ("VV", "VH"), "sensors": ("Sentinel-1",),
                                         "resolution": 20.0},
                               "optical": {"bands": ("B4", "B3", "B2", "B8")}}})
    radar = spec.bands_for({"product": "radar", "split": "train"})
    assert radar.bands == ("VV", "VH") and radar.sensors == ("Sentinel-1",)
    assert radar.resolution == 20.0 and radar.rgb_bands == ()
    optical = spec.bands_for({"product": "optical"})  # the spec's sensors and resolution
    assert optical.bands[-1] == "B8" and optical.sensors == ("Sentinel-2",)
    assert optical.resolution == 10.0
    assert spec.bands_for({}).bands == ("B4", "B3", "B2") == spec.bands_for(None).bands
    with pytest.raises(ValueError, match="product='lidar' is not one of 'radar', 'optical'"):
        spec.bands_for({"product": "lidar"})
    with pytest.raises(ValueError, match=r"RGB band\(s\) \['B4'\] are not among"):
        DatasetSpec(name="bad", target="a:b", task="generic",
                    band_sets={"p": {"x": {"bands": ("B8",), "rgb_bands": ("B4",)}}})


def test_task_vocabulary_is_open() -> None:
    spec = DatasetSpec(name="sr", target="a:b", task="super_resolution")
    assert spec.task == "super_resolution"
    assert "super_resolution" not in TASKS and "segmentation" in TASKS


@pytest.mark.parametrize("field, value", [
    ("name", "nl\n"), ("name", "tab\there"), ("name", "nul\x00"), ("aliases", ["ok", "al\n"]),
    ("target", "collections:deque\n"), ("target", "collections\r:deque"),
])
def test_control_characters_are_refused(field: str, value: object) -> None:
    fields: dict[str, object] = {"name": "ok", "target": "collections:deque",
                                 "task": "classification", field: value}
    with pytest.raises(ValueError, match="control character") as info:
        DatasetSpec.model_validate(fields)
    assert field in str(info.value)


def test_weights_url_and_model_refuse_control_characters() -> None:
    base = {"name": "w", "url": "https://example.org/w.pth", "model": "m", "in_chans": 3}
    assert WeightsSpec.model_validate(base).url == "https://example.org/w.pth"
    for field in ("url", "model"):
        with pytest.raises(ValueError, match="control character"):
            WeightsSpec.model_validate({**base, field: str(base[field]) + "\n"})


def test_name_length_is_capped_and_torchgeo_aliases_pass() -> None:
    assert DatasetSpec(name="a" * 64, target="a:b", task="generic").name == "a" * 64
    with pytest.raises(ValueError, match="65 characters long; the limit is 64"):
        DatasetSpec(name="a" * 65, target="a:b", task="generic")
    with pytest.raises(ValueError, match="alias"):
        ModelSpec(name="m", target="a:b", aliases=("b" * 65,))
    spec = WeightsSpec(name="resnet50.sentinel2_all_moco", url="https://example.org/w.pth",
                       model="resnet50", in_chans=13,
                       aliases=("resnet50_weights.sentinel2_all_moco",))
    assert spec.aliases == ("resnet50_weights.sentinel2_all_moco",)


def test_unregister_refreshes(plugins: None) -> None:
    assert "alpha_sat" in registry.datasets.names()
    plugin_manager().unregister(name="alpha")
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        assert "alpha_sat" not in registry.datasets.names()


# -- name clashes between geoplug and third parties -------------------------------------------
class GeoplugOwn:
    """Stands for a geoplug distribution's plugin (registered as geoplug-models)."""

    @hookimpl
    def geoplug_datasets(self) -> list[object]:
        return [{"name": "clash_sat", "target": "collections:OrderedDict", "task": "segmentation",
                 "aliases": ["clash_alias"]}]


class Intruder:
    @hookimpl
    def geoplug_datasets(self) -> list[object]:
        return [{"name": "clash_sat", "target": "collections:deque", "task": "classification"},
                {"name": "clash_alias", "target": "collections:Counter", "task": "generic"}]


def test_geoplug_entry_wins_a_clash_with_a_warning_naming_both(plugins: None) -> None:
    import collections

    pm = plugin_manager()
    pm.register(GeoplugOwn(), name="own", distribution="geoplug-models", version="0.1.0")
    pm.register(Intruder(), name="intruder", distribution="geoplug-intruder", version="3.0")
    with pytest.warns(NameConflictWarning) as record:
        names = registry.datasets.names("clash*")
    messages = [str(w.message) for w in record if w.category is NameConflictWarning]
    by_name = {m.split("'")[1]: m for m in messages}
    assert set(by_name) == {"clash_sat", "clash_alias"}
    assert "geoplug-models" in by_name["clash_sat"]
    assert "geoplug-intruder 3.0" in by_name["clash_sat"]
    assert "'geoplug-intruder:clash_sat'" in by_name["clash_sat"]
    # the plain name is geoplug's; the third party's is listed and reachable qualified
    assert names == ["geoplug-intruder:clash_alias", "clash_sat", "geoplug-intruder:clash_sat"]
    assert registry.datasets.get("clash_sat") is collections.OrderedDict
    assert registry.datasets.get("geoplug-intruder:clash_sat") is collections.deque
    assert registry.datasets.get("GEOPLUG_INTRUDER:clash_sat") is collections.deque
    # geoplug's alias beats a third party's name too; its entry stays reachable
    assert registry.datasets.info("clash_alias").name == "clash_sat"
    assert registry.datasets.get("geoplug-intruder:clash_alias") is collections.Counter
    assert registry.datasets.provider("clash_sat").distribution == "geoplug-models"


def test_qualified_pattern_lists_one_distribution(plugins: None) -> None:
    pm = plugin_manager()
    pm.register(Beta(), name="beta", distribution="geoplug-beta", version="2.0")
    assert registry.datasets.names("geoplug-beta:*") == ["geoplug-beta:alpha_sat",
                                                         "geoplug-beta:beta_broken"]
    assert registry.datasets.names("*:alpha_sat") == ["geoplug-alpha:alpha_sat",
                                                      "geoplug-beta:alpha_sat"]


# -- entry points: keyed by distribution, each load guarded and timed ------------------------
def _install_fake(site: Path, dist: str, version: str, entry_points: dict[str, str]) -> None:
    """Write the metadata a pip-installed distribution leaves (``*.dist-info``) into ``site``."""
    info = site / f"{dist.replace('-', '_')}-{version}.dist-info"
    info.mkdir(parents=True)
    (info / "METADATA").write_text(f"Metadata-Version: 2.1\nName: {dist}\nVersion: {version}\n")
    lines = "".join(f"{name} = {module}\n" for name, module in entry_points.items())
    (info / "entry_points.txt").write_text(f"[geoplug]\n{lines}")


def _plugin_module(site: Path, dataset: str, prelude: str = "") -> str:
    module = f"fake_plugin_{uuid.uuid4().hex[:12]}"
    (site / f"{module}.py").write_text(
        f"{prelude}\n"
        "from geoplug.core.plugins import hookimpl\n\n\n"
        "@hookimpl\n"
        "def geoplug_datasets():\n"
        f"    return [{{'name': {dataset!r}, 'target': 'collections:deque',"
        " 'task': 'generic'}]\n"
    )
    return module


def test_entry_points_named_alike_in_two_distributions_both_load(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Two third parties (and geoplug-datasets, when installed) all use the name ``datasets``."""
    site = tmp_path / "site"
    site.mkdir()
    _install_fake(site, "thirdparty-one", "1.0", {"datasets": _plugin_module(site, "one_sat")})
    _install_fake(site, "thirdparty-two", "2.0", {"datasets": _plugin_module(site, "two_sat")})
    _install_fake(site, "thirdparty-broken", "0.1",
                  {"datasets": "fake_plugin_module_that_does_not_exist"})
    monkeypatch.syspath_prepend(str(site))
    manager = GeoplugPluginManager()
    with pytest.warns(PluginLoadWarning) as record:
        manager.load_entrypoints()
    failure = [str(w.message) for w in record if "thirdparty-broken" in str(w.message)]
    assert len(failure) == 1 and "fake_plugin_module_that_does_not_exist" in failure[0]
    assert [f.distribution for f in manager.failures] == ["thirdparty-broken"]
    for key in ("thirdparty-one:datasets", "thirdparty-two:datasets"):
        assert manager.get_plugin(key) is not None, key
    local = registry.Registry("dataset", "geoplug_datasets", DatasetSpec, manager=lambda: manager)
    names = local.names()
    assert {"one_sat", "two_sat"} <= set(names)
    assert local.provider("two_sat").version == "2.0"
    try:
        importlib.metadata.distribution("geoplug-datasets")
    except importlib.metadata.PackageNotFoundError:
        return
    assert manager.get_plugin("geoplug-datasets:datasets") is not None
    assert "eurosat" in names  # a third party's "datasets" entry point hides nothing


def test_slow_import_names_the_distribution(tmp_path: Path,
                                            monkeypatch: pytest.MonkeyPatch) -> None:
    site = tmp_path / "site"
    site.mkdir()
    module = _plugin_module(site, "sluggish_sat", prelude="import time\ntime.sleep(0.15)")
    _install_fake(site, "thirdparty-sluggish", "4.2", {"sluggish": module})
    monkeypatch.syspath_prepend(str(site))
    monkeypatch.setenv(SLOW_PLUGIN_ENV, "0.05")
    manager = GeoplugPluginManager()
    with pytest.warns(SlowPluginWarning) as record:
        manager.load_entrypoints()
    slow = [str(w.message) for w in record if "thirdparty-sluggish" in str(w.message)]
    assert len(slow) == 1
    assert "'sluggish' (distribution thirdparty-sluggish 4.2)" in slow[0]
    assert "importing it took" in slow[0] and SLOW_PLUGIN_ENV in slow[0]
    info = manager.info_of(manager.get_plugin("thirdparty-sluggish:sluggish"))
    assert manager.timings(info)["import"] >= 0.15


class Slow:
    @hookimpl
    def geoplug_datasets(self) -> list[object]:
        time.sleep(0.15)
        return [{"name": "slow_sat", "target": "collections:deque", "task": "generic"}]


def test_slow_hook_warns_naming_the_plugin(plugins: None, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(SLOW_PLUGIN_ENV, "0.05")
    pm = plugin_manager()
    pm.register(Slow(), name="slow", distribution="geoplug-slowpoke", version="0.1")
    with pytest.warns(SlowPluginWarning) as record:
        names = registry.datasets.names()
    slow = [str(w.message) for w in record
            if w.category is SlowPluginWarning and "geoplug-slowpoke" in str(w.message)]
    assert len(slow) == 1, slow
    assert "'slow' (distribution geoplug-slowpoke 0.1)" in slow[0]
    assert "geoplug_datasets() took" in slow[0]
    assert "slow_sat" in names  # slow, not skipped


def test_slow_warning_can_be_turned_off(plugins: None, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(SLOW_PLUGIN_ENV, "0")
    pm = plugin_manager()
    pm.register(Slow(), name="slow", distribution="geoplug-slowpoke", version="0.1")
    with warnings.catch_warnings():
        warnings.simplefilter("error", SlowPluginWarning)
        assert "slow_sat" in registry.datasets.names()
    monkeypatch.setenv(SLOW_PLUGIN_ENV, "not a number")
    assert slow_plugin_seconds() == 1.0
