"""
Writing a dataset plugin
========================

A plugin is an installed distribution whose entry point in the ``geoplug`` group names a
light module with hooks. This tutorial uses the template in ``examples/geoplug-template``:
it registers the template's plugin module *in memory* (what ``pip install`` plus the entry
point would do), lists and loads its two datasets through the registry, and runs geoplug's
conformance checks on data written by the test kit. See :doc:`/plugins` for the whole guide.
"""

# %%
# The plugin module
# -----------------
#
# ``plugin.py`` holds the specs as plain data and one hook; importing it imports no torch.
# After ``pip install geoplug-template`` its entry point
# ``template = "geoplug_template.plugin"`` makes geoplug load it. Here the source folder is
# put on the path and the module registered with the plugin manager directly, as tests do.

import os
import shutil
import sys
import tempfile
from pathlib import Path

import geoplug.datasets
from geoplug.core.pluginmanager import plugin_manager
from geoplug.core.testing import (
    check_dataset_plugin,
    write_chip_folders,
    write_geotiff_scenes,
)

REPO = Path(os.environ.get("GEOPLUG_REPO", "."))  # the repository checkout
SOURCE = str((REPO / "examples" / "geoplug-template" / "src").resolve())
sys.path.insert(0, SOURCE)
# the conformance check imports the plugin module in a fresh interpreter too
old_pythonpath = os.environ.get("PYTHONPATH")
os.environ["PYTHONPATH"] = os.pathsep.join(filter(None, [SOURCE, old_pythonpath]))
manager = plugin_manager()
registered = None
if "template_chips" not in geoplug.datasets.registry:  # not installed with its entry point
    import geoplug_template.plugin as registered

    manager.register(registered, name="template", distribution="geoplug-template",
                     version="0.1.0")
print(geoplug.datasets.names("template_*"))
print("provided by", geoplug.datasets.registry.provider("template_chips").distribution)

# %%
# ``info`` returns the spec — the same facts ``geoplug datasets info template_chips`` prints
# and the class reads through ``spec=`` — without importing the class:

spec = geoplug.datasets.info("template_chips")
print(spec.task, spec.kind, spec.bands, spec.classes, spec.splits, spec.license)
print(geoplug.datasets.names(task="classification", bands=["nir"], pattern="template_*"))

# %%
# A chip dataset
# --------------
#
# The kit's ``write_chip_folders`` writes class-per-folder GeoTIFF chips whose pixel values
# vary in space and between chips. ``get`` imports ``TemplateChips``, which reads its bands,
# classes and splits from the spec.

root = Path(tempfile.mkdtemp(prefix="geoplug-tutorial-"))
write_chip_folders(root / "template_chips", spec.classes, splits=spec.splits, per_class=2,
                   bands=4, size=16, dtype="uint16")
TemplateChips = geoplug.datasets.get("template_chips")
chips = TemplateChips(root=root, split="train")
sample = chips[0]
print(len(chips), "chips;", {k: (tuple(v.shape), str(v.dtype)) for k, v in sample.items()})
fig = chips.plot(sample)

# %%
# A raster layer
# --------------
#
# ``TemplateScenes`` is a ``RasterDataset`` subclass: its file pattern names tile and date.
# ``write_geotiff_scenes`` writes scenes in any CRS whose pixel values encode scene, band,
# row and column, so a test can prove which window was read.

scenes_root = root / "scenes"
write_geotiff_scenes(scenes_root, crs="EPSG:3035", bands=spec.bands, res=20.0, size=24,
                     count=2, filename="TPL_{index:02d}_20240601.tif")
scenes = geoplug.datasets.get("template_scenes")(paths=scenes_root)
print(scenes.crs, scenes.res, len(scenes), "scenes")

# %%
# Conformance
# -----------
#
# ``check_dataset_plugin`` looks the entry up through the registry and checks the spec, the
# plugin module's lightness, the constructor contract, ``DatasetNotFoundError`` on an empty
# folder, sample keys, dtypes and shapes, ``transforms``, ``bands`` and ``plot``. A failure
# raises an ``AssertionError`` listing every problem.

for name, folder in (("template_chips", root), ("template_scenes", scenes_root)):
    report = check_dataset_plugin(name, data=folder)
    print(f"{name}: {len(report.passed)} checks passed")
    for line in report.passed[:4]:
        print("   ", line)

# %%
# The template's own tests run the same checks against the *installed* wheel
# (``nox -s template``). Unregister the in-memory plugin again:

if registered is not None:
    manager.unregister(registered)
    print(geoplug.datasets.names("template_*"))
if SOURCE in sys.path:
    sys.path.remove(SOURCE)
if old_pythonpath is None:
    del os.environ["PYTHONPATH"]
else:
    os.environ["PYTHONPATH"] = old_pythonpath

# %%
# The generated files are temporary:

shutil.rmtree(root)
