"""The plugin author's kit: fake data in real formats, a local HTTP server, conformance checks.

A third-party ``geoplug-mydata`` tests itself with what geoplug tests itself with::

    from geoplug.core.testing import check_dataset_plugin, write_geotiff_scenes

    def test_mydata_conforms(tmp_path):
        write_geotiff_scenes(tmp_path, crs="EPSG:32633", bands=("red", "green", "blue", "nir"),
                             filename="MYD_{index:02d}.tif")
        check_dataset_plugin("mydata", data=tmp_path)

Pytest fixtures (``http_root``, ``http_server``) come from ``geoplug.core.testing.fixtures``:
add ``pytest_plugins = ["geoplug.core.testing.fixtures"]`` to your ``conftest.py``. Importing
this package does not import pytest (nor torch: names load on first use).

The dataset-class contract
--------------------------

What ``check_dataset_plugin`` checks, and what users, samplers, data modules and
``geoplug fit`` rely on.

Spec (returned by the plugin's ``geoplug_datasets`` hook): ``name``, ``target``
(``"package.module:Class"``) and ``task`` are required. ``task`` is an open vocabulary; the
known words are ``classification``, ``multilabel``, ``regression``, ``segmentation``,
``detection``, ``instance_segmentation``, ``change_detection``, ``time_series``,
``self_supervised`` and ``generic``. ``kind`` is ``nongeo`` (chips indexed by int) or ``geo``
(indexed by ``BoundingBox``). Give ``bands``, ``rgb_bands`` (a subset of bands),
``classes``/``num_classes`` (consistent), ``splits``, ``mean``/``std`` (one per band),
``license``, ``homepage`` and ``citation`` where they exist. The plugin module stays light: no
torch, rasterio or fiona import at module level.

Constructor, in this positional order with these defaults:

* ``nongeo``: ``Cls(root="data", split="train", bands=None, transforms=None, download=False,
  checksum=False, ...)``; the split default is one of the spec's splits.
* ``geo``: ``Cls(paths="data", crs=None, res=None, bands=None, transforms=None, ...)``; the
  class subclasses :class:`geoplug.core.GeoDataset` (usually ``RasterDataset`` or
  ``VectorDataset``).

Behaviour: a folder without the data raises :class:`geoplug.core.DatasetNotFoundError` naming
the folder (and saying how to download); data that yields no sample raises an error saying why;
``transforms`` receives each sample dict and its result is returned; ``bands`` selects and
orders the image channels; ``plot(sample)`` returns a matplotlib ``Figure``; ``ds[len(ds)]``
raises ``IndexError``. Datasets read the publisher's real on-disk format.

Samples are dicts (``nongeo``, per task):

=====================  =====================================================================
classification         ``image`` float32 [C,H,W], ``label`` int64 scalar
multilabel             ``image``, ``label`` int64 multi-hot [num_classes]
regression             ``image``, ``label`` float32 scalar or [k] (pixelwise: ``mask``
                       float32 [H,W] or [k,H,W])
segmentation           ``image``, ``mask`` int64 [H,W]
detection              ``image``, ``bbox_xyxy`` float32 [N,4] (or ``bbox_xyxyxyxy`` [N,8]),
                       ``label`` int64 [N]
instance_segmentation  detection keys plus ``mask`` uint8 [N,H,W]
change_detection       ``image`` float32 [2,C,H,W] (before, after), ``mask`` int64 [H,W]
time_series            ``image`` float32 [T,C,H,W]
self_supervised        ``image`` (or ``image_<modality>``), no label
=====================  =====================================================================

Multi-modal chips use one ``image_<modality>`` key per modality. ``geo`` samples carry ``crs``,
``bounds`` (the query) and ``image`` float32 [C,H,W] and/or ``mask`` int64 [H,W] of the
query's size at the dataset's ``res``.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

_LAZY: dict[str, str] = {
    "ConformanceError": "geoplug.core.testing._checker",
    "ConformanceReport": "geoplug.core.testing._checker",
    "check_dataset_plugin": "geoplug.core.testing.conformance",
    "check_model_plugin": "geoplug.core.testing._models",
    "FakeScene": "geoplug.core.testing.rasters",
    "SceneSet": "geoplug.core.testing.rasters",
    "pixel_values": "geoplug.core.testing.rasters",
    "write_geotiff_scenes": "geoplug.core.testing.rasters",
    "Archive": "geoplug.core.testing.chips",
    "ChipSet": "geoplug.core.testing.chips",
    "write_archive": "geoplug.core.testing.chips",
    "write_chip_folders": "geoplug.core.testing.chips",
    "LocalHTTPServer": "geoplug.core.testing.http",
}

__all__ = [
    "Archive",
    "ChipSet",
    "ConformanceError",
    "ConformanceReport",
    "FakeScene",
    "LocalHTTPServer",
    "SceneSet",
    "check_dataset_plugin",
    "check_model_plugin",
    "pixel_values",
    "write_archive",
    "write_chip_folders",
    "write_geotiff_scenes",
]


def __getattr__(name: str) -> Any:
    module = _LAZY.get(name)
    if module is None:
        raise AttributeError(f"module 'geoplug.core.testing' has no attribute {name!r}")
    value = getattr(importlib.import_module(module), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(_LAZY))


if TYPE_CHECKING:  # pragma: no cover - for type checkers and IDEs only
    from geoplug.core.testing._checker import ConformanceError, ConformanceReport
    from geoplug.core.testing._models import check_model_plugin
    from geoplug.core.testing.chips import Archive, ChipSet, write_archive, write_chip_folders
    from geoplug.core.testing.conformance import check_dataset_plugin
    from geoplug.core.testing.http import LocalHTTPServer
    from geoplug.core.testing.rasters import (
        FakeScene,
        SceneSet,
        pixel_values,
        write_geotiff_scenes,
    )
