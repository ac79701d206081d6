"""Registers ``example_tiles``, the name geoplug-example registers too (a third-party clash)."""

from geoplug.core.plugins import hookimpl


@hookimpl
def geoplug_datasets():
    return [{"name": "example_tiles", "target": "geoplug_clash.data:ClashTiles",
             "task": "classification", "num_classes": 3}]
