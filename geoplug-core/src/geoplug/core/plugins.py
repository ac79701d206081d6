"""What a plugin author needs: the hook marker and the spec models.

Example plugin module::

    from geoplug.core.plugins import hookimpl, DatasetSpec

    @hookimpl
    def geoplug_datasets():
        return [DatasetSpec(name="mydata", target="geoplug_mydata.data:MyData",
                            task="segmentation")]
"""

from __future__ import annotations

from geoplug.core.hookspecs import hookimpl
from geoplug.core.pluginmanager import plugin_manager
from geoplug.core.specs import (
    TASKS,
    CommandSpec,
    DatasetSpec,
    ModelSpec,
    Spec,
    TrainerSpec,
    WeightsSpec,
)

__all__ = [
    "TASKS",
    "CommandSpec",
    "DatasetSpec",
    "ModelSpec",
    "Spec",
    "TrainerSpec",
    "WeightsSpec",
    "hookimpl",
    "plugin_manager",
]
