"""The installed plugin passes geoplug's conformance checks, found through the registry.

These run against the installed distribution (its entry point), as a user would meet it:
``pip install .`` first (nox's ``template`` session installs the built wheel).
"""

from __future__ import annotations

from pathlib import Path

import geoplug.core.registry as registry
from geoplug.core.testing import check_dataset_plugin, write_chip_folders, write_geotiff_scenes


def test_the_plugin_is_registered_with_its_facts() -> None:
    assert {"template_chips", "template_scenes"} <= set(registry.datasets.names("template_*"))
    assert registry.datasets.provider("template_chips").distribution == "geoplug-template"
    assert registry.datasets.info("template_chips").classes == ("cropland", "forest", "water")


def test_template_scenes_conforms(tmp_path: Path) -> None:
    write_geotiff_scenes(tmp_path, crs="EPSG:3035", bands=("blue", "green", "red", "nir"),
                         res=20.0, size=24, count=2, filename="TPL_{index:02d}_20240601.tif")
    report = check_dataset_plugin("template_scenes", data=tmp_path)
    assert "plugin module geoplug_template.plugin stays light (no torch import)" \
        in report.passed


def test_template_chips_conforms(tmp_path: Path) -> None:
    write_chip_folders(tmp_path / "template_chips", ("cropland", "forest", "water"),
                       splits=("train", "test"), per_class=2, bands=4, dtype="uint16")
    report = check_dataset_plugin("template_chips", data=tmp_path, split="test")
    assert "bands=['blue'] selects one channel" in report.passed
