"""Fixtures of the trainers' tests: tiny datasets registered in memory, fake data on disk."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import torch

from fakedata import geo_scene, tiny_chips
from geoplug.core.pluginmanager import plugin_manager
from geoplug.core.plugins import hookimpl

torch.set_num_threads(min(2, os.cpu_count() or 1))


class _TinyPlugin:
    @hookimpl
    def geoplug_datasets(self) -> list[dict[str, Any]]:
        return [tiny_chips.SPEC, geo_scene.IMAGE_SPEC, geo_scene.MASK_SPEC]


@pytest.fixture(autouse=True)
def tiny_datasets() -> Iterator[None]:
    """Register ``tiny_chips``, ``tiny_scene_image`` and ``tiny_scene_mask`` for one test."""
    manager = plugin_manager()
    plugin = _TinyPlugin()
    manager.register(plugin, name="tiny-test-datasets", distribution="tests-trainers")
    try:
        yield
    finally:
        manager.unregister(plugin)


@pytest.fixture
def chips_root(tmp_path: Path) -> Path:
    return tiny_chips.generate(tmp_path / "chips")


@pytest.fixture
def scene_root(tmp_path: Path) -> Path:
    return geo_scene.generate(tmp_path / "scene")
