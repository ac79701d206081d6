"""Registers this distribution's entries. Light: no torch at module level."""

from geoplug.core.plugins import DatasetSpec, hookimpl


@hookimpl
def geoplug_datasets():
    return [
        DatasetSpec(
            name="example_tiles",
            target="geoplug_example.data:ExampleTiles",
            task="classification",
            bands=("red", "green", "blue", "nir"),
            num_classes=2,
            classes=("field", "forest"),
            splits=("train", "test"),
            license="CC0-1.0",
        )
    ]


@hookimpl
def geoplug_models():
    # plain dicts are accepted as well as spec objects
    return [{"name": "example_net", "target": "geoplug_example.model:ExampleNet",
             "task": "classification"}]


@hookimpl
def geoplug_weights():
    return [{
        "name": "example_net.toy",
        "url": "http://127.0.0.1:1/example_net_toy.pt",
        "sha256": "0" * 64,
        "model": "example_net",
        "in_chans": 4,
        "sensor": "toysat",
        "bands": ["red", "green", "blue", "nir"],
        "mean": [0.1, 0.1, 0.1, 0.2],
        "std": [0.05, 0.05, 0.05, 0.1],
        "license": "CC0-1.0",
    }]
