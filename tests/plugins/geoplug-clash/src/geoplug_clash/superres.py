"""A dataset with a task word geoplug does not know: the task vocabulary is open."""

from geoplug.core.plugins import DatasetSpec, hookimpl


@hookimpl
def geoplug_datasets():
    return [DatasetSpec(name="clash_superres", target="geoplug_clash.data:LowHighPairs",
                        task="super_resolution", bands=("red", "green", "blue"),
                        splits=("train",))]
