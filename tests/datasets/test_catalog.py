"""Every built-in dataset is registered through the entry point with a usable spec."""

from __future__ import annotations

import inspect

import pytest

import geoplug.datasets
from geoplug.core.geodataset import GeoDataset
from geoplug.core.nongeo import NonGeoDataset
from geoplug.core.registry import datasets

BUILTIN = [n for n in datasets.names()
           if datasets.provider(n).distribution == "geoplug-datasets"]

PAPER = ["advance", "bigearthnet", "eurosat", "patternnet", "resisc45", "so2sat", "ucmerced",
         "cowc_counting", "cowc_detection", "cyclone", "sen12ms", "cv4a_kenya_crop_type",
         "etci2021", "gid15", "landcoverai", "benin_cashew", "potsdam", "vaihingen", "vhr10",
         "spacenet1", "spacenet2", "spacenet4", "spacenet7", "zuericrop", "seco",
         "levircd_plus", "oscd", "xview2"]


def test_builtins_come_through_the_entry_point() -> None:
    assert BUILTIN, "geoplug-datasets registered nothing"
    assert datasets.provider(BUILTIN[0]).version == "0.1.0"


#: datasets whose classes are chosen at construction, so the spec cannot count them
CHOSEN_CLASSES = {
    "eurocrops": "the HCAT codes given as classes= (default: every row of the HCAT2.csv found)",
}


@pytest.mark.parametrize("name", BUILTIN)
def test_spec_and_class_agree(name: str) -> None:
    spec = datasets.info(name)
    cls = geoplug.datasets.get(name)
    assert inspect.isclass(cls)
    assert spec.target.startswith("geoplug.datasets.")
    assert callable(getattr(cls, "plot", None)), f"{name} has no plot()"
    params = inspect.signature(cls).parameters
    if spec.kind == "nongeo":
        assert issubclass(cls, NonGeoDataset)
        assert list(params)[:6] == ["root", "split", "bands", "transforms", "download",
                                    "checksum"], f"{name}: constructor is {list(params)}"
        assert spec.splits, f"{name}: spec lists no splits"
    else:
        assert issubclass(cls, GeoDataset)
        assert list(params)[:3] == ["paths", "crs", "res"], f"{name}: {list(params)}"
    if spec.task in ("classification", "multilabel", "segmentation") and name not in CHOSEN_CLASSES:
        assert spec.num_classes, f"{name}: a {spec.task} dataset needs num_classes"
        if spec.classes:
            assert len(spec.classes) == spec.num_classes
    assert spec.license and spec.homepage and spec.citation, f"{name}: incomplete metadata"
    # the class is also reachable as an attribute of geoplug.datasets
    assert getattr(geoplug.datasets, spec.target.rsplit(":", 1)[1]) is cls


@pytest.mark.parametrize("name", [n for n in BUILTIN if datasets.info(n).task in (
    "segmentation", "semantic_change_detection", "change_detection")])
def test_a_modules_ignore_index_is_in_its_spec(name: str) -> None:
    # a loader that writes IGNORE_INDEX into masks must say so in its spec, which gives it
    # to the losses and metrics (MMFlood's 255 reached cross-entropy as a class)
    import importlib

    spec = datasets.info(name)
    module = importlib.import_module(spec.target.split(":")[0])
    ignore = getattr(module, "IGNORE_INDEX", None)
    if ignore is not None:
        assert spec.ignore_index == ignore, (name, spec.ignore_index, ignore)


def test_paper_datasets_registered() -> None:
    missing = [n for n in PAPER if n not in BUILTIN]
    assert not missing, f"paper datasets not registered: {missing}"
