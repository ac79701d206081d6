"""Each registered dataset's class states exactly the facts of its spec (they cannot drift).

The torch-free spec (what ``geoplug datasets info`` shows) is the single source: a class
declares ``spec=`` and reads its bands, RGB bands, classes, splits and task from it.
"""

from __future__ import annotations

import inspect

import pytest

import geoplug.datasets
from geoplug.datasets import _catalog

NAMES = geoplug.datasets.names()


def test_every_catalog_entry_is_registered() -> None:
    assert sorted(e["name"] for e in _catalog.entries()) == sorted(NAMES)


@pytest.mark.parametrize("name", NAMES)
def test_class_facts_are_its_spec(name: str) -> None:
    spec = geoplug.datasets.info(name)
    cls = geoplug.datasets.get(name)
    # the class declares its own spec (class X(Base, spec=...)), the registry's entry
    assert "spec" in vars(cls), f"{cls.__qualname__} does not declare spec=..."
    assert cls.spec == spec
    assert cls.name == spec.name
    assert cls.task == spec.task
    assert tuple(cls.all_bands) == spec.bands
    assert tuple(cls.rgb_bands) == spec.rgb_bands
    assert tuple(cls.classes) == spec.classes
    assert tuple(cls.splits) == spec.splits
    assert set(spec.rgb_bands) <= set(spec.bands), f"{name}: RGB bands outside its bands"
    if spec.classes and spec.num_classes is not None:
        assert len(spec.classes) == spec.num_classes
    # the light lookup the dataset modules use gives the same spec, without the registry
    assert _catalog.spec(name) == spec


@pytest.mark.parametrize("name", [n for n in NAMES if geoplug.datasets.info(n).band_sets])
def test_band_sets_name_constructor_arguments_and_the_default_is_the_specs(name: str) -> None:
    spec = geoplug.datasets.info(name)
    params = inspect.signature(geoplug.datasets.get(name)).parameters
    for argument, options in spec.band_sets.items():
        assert argument in params, f"{name}: band_sets names {argument!r}, no such argument"
        default = params[argument].default
        # a default that depends on the split (None) is the first value, the spec's own
        chosen = options[default] if default is not None else next(iter(options.values()))
        assert (chosen.bands, chosen.rgb_bands) == (spec.bands, spec.rgb_bands)


def test_catalog_lookup_of_an_unknown_name_lists_the_known_ones() -> None:
    with pytest.raises(KeyError, match=r"no built-in dataset spec named 'eurosatt'.*eurosat"):
        _catalog.spec("eurosatt")


def test_landsat_specs_list_level2_then_level1_bands_of_collection2() -> None:
    """USGS Collection 2: L2 SR_B* + ST_B*, L1 B*; the spec lists every band a class reads."""
    l8 = geoplug.datasets.info("landsat8")
    assert l8.bands[:8] == ("SR_B1", "SR_B2", "SR_B3", "SR_B4", "SR_B5", "SR_B6", "SR_B7",
                            "ST_B10")
    assert l8.bands[8:] == tuple(f"B{i}" for i in range(1, 12))
    l7 = geoplug.datasets.info("landsat7")
    assert "ST_B6" in l7.bands and "B6_VCID_2" in l7.bands and "SR_B6" not in l7.bands
    assert geoplug.datasets.info("landsat5").rgb_bands == ("SR_B3", "SR_B2", "SR_B1")
