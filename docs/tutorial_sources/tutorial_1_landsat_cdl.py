"""
Landsat and CDL: composing layers
=================================

The TorchGeo paper's first listing, run on data generated for this page: Landsat 7 and
Landsat 8 scenes in two UTM zones and a Cropland Data Layer (CDL) raster in EPSG:5070 compose
into one dataset, ``(landsat7 | landsat8) & cdl``. geoplug reprojects and resamples every
query on the fly, so imagery and labels arrive pixel-aligned although no file was converted.
"""

# %%
# Generate a small sample
# -----------------------
#
# ``examples/sample_data.py`` (the writer behind ``nox -s demo``) writes Collection-2
# Level-2 scenes with one GeoTIFF per band, named the way USGS names them, and an annual CDL
# raster named the way NASS does. Land-cover fields have class-specific spectra, so a model
# could learn the mapping.

import os
import shutil
import sys
import tempfile
from pathlib import Path

import matplotlib.pyplot as plt
from matplotlib.patches import Rectangle
from torch.utils.data import DataLoader

import geoplug.datasets
from geoplug.core import GridGeoSampler, RandomGeoSampler, stack_samples
from geoplug.core.transforms import NDVI, rgb_image

REPO = Path(os.environ.get("GEOPLUG_REPO", "."))  # the repository checkout
sys.path.insert(0, str(REPO / "examples"))
from sample_data import CLASSES, make_sample  # noqa: E402

root = Path(tempfile.mkdtemp(prefix="geoplug-tutorial-"))
data = make_sample(root)
for name, folder in data.items():
    files = sorted(p.name for p in folder.rglob("*.[Tt][Ii][Ff]"))
    print(f"{name}: {len(files)} files, e.g. {files[0]}")

# %%
# Three layers from the registry
# ------------------------------
#
# The classes come from the dataset registry by name; each layer reads the product's file
# naming (dates, bands) itself. ``bands`` picks the six reflective bands both sensors share,
# in the same order (blue ... swir2), so the union stacks like with like. The CDL keeps the
# sample's five classes, renumbered ``1..5`` (``ordinal=True``; 0 is background).

L7_BANDS = ["SR_B1", "SR_B2", "SR_B3", "SR_B4", "SR_B5", "SR_B7"]
L8_BANDS = ["SR_B2", "SR_B3", "SR_B4", "SR_B5", "SR_B6", "SR_B7"]
CDL_CODES = [0, *CLASSES]
NAMES = ["background", *CLASSES.values()]

landsat7 = geoplug.datasets.get("landsat7")(paths=data["landsat7"], bands=L7_BANDS)
landsat8 = geoplug.datasets.get("landsat8")(paths=data["landsat8"], bands=L8_BANDS)
cdl = geoplug.datasets.get("cdl")(paths=data["cdl"], classes=CDL_CODES, ordinal=True)
for layer in (landsat7, landsat8, cdl):
    print(f"{type(layer).__name__:9} crs {layer.crs.to_string():10}  res {layer.res[0]:g} m")

# %%
# Compose: ``|`` then ``&``
# -------------------------
#
# ``landsat7 | landsat8`` has samples wherever either has data; ``& cdl`` keeps the places
# where the CDL has labels too. The result takes the first layer's CRS and resolution; the
# others are warped onto it query by query.

dataset = (landsat7 | landsat8) & cdl
print("crs:   ", dataset.crs)
print("res:   ", dataset.res)
b = dataset.bounds
print(f"bounds: x {b.minx:.0f} .. {b.maxx:.0f}, y {b.miny:.0f} .. {b.maxy:.0f}")

# %%
# The footprints of the three layers in the dataset's CRS (UTM zone 15N): the Landsat 8
# scene lies in zone 16N and the CDL in Albers, so both appear slightly rotated before they
# are clipped to their bounding boxes here.

fig, ax = plt.subplots(figsize=(7, 4))
for layer, colour, label in ((landsat7, "tab:blue", "landsat7"),
                             (landsat8, "tab:orange", "landsat8"), (cdl, "tab:green", "cdl")):
    lb = layer.bounds
    ax.add_patch(Rectangle((lb.minx, lb.miny), lb.maxx - lb.minx, lb.maxy - lb.miny,
                           fill=False, lw=2, ec=colour, label=label))
ax.autoscale_view()
ax.set_aspect("equal")
ax.set_xlabel("easting (m)")
ax.set_ylabel("northing (m)")
ax.legend(loc="upper right")
ax.set_title("layer bounds in the dataset's CRS")
fig.tight_layout()

# %%
# Sample with a ``DataLoader``
# ----------------------------
#
# ``RandomGeoSampler`` draws 64 px patches (pixels of the dataset's resolution) where the
# layers overlap; ``stack_samples`` collates the dict samples. Each patch holds six Landsat
# bands and the CDL mask of exactly the same place.

sampler = RandomGeoSampler(dataset, size=64, length=8, seed=0)
loader = DataLoader(dataset, sampler=sampler, batch_size=8, collate_fn=stack_samples)
batch = next(iter(loader))
print({key: tuple(value.shape) for key, value in batch.items() if hasattr(value, "shape")})
print("image dtype", batch["image"].dtype, " mask dtype", batch["mask"].dtype)

fig, axes = plt.subplots(2, 4, figsize=(10, 5.2))
for i in range(4):
    axes[0][i].imshow(rgb_image(batch["image"][i], [2, 1, 0], nodata=0))
    axes[1][i].imshow(batch["mask"][i], cmap="tab10", vmin=0, vmax=9, interpolation="nearest")
    present = sorted(int(v) for v in batch["mask"][i].unique())
    axes[1][i].set_title(", ".join(NAMES[v] for v in present), fontsize=7)
    axes[0][i].set_title(f"patch {i}: true colour", fontsize=8)
for ax in axes.flat:
    ax.set_axis_off()
fig.suptitle("(landsat7 | landsat8) & cdl: image and label of the same place")
fig.tight_layout()

# %%
# Spectral indices as transforms
# ------------------------------
#
# ``NDVI`` appends a channel computed from the red and near-infrared bands (indices 2 and 3
# here). Crops and forest are bright, water is dark.

with_ndvi = NDVI(red=2, nir=3)(batch)
print("channels after NDVI:", with_ndvi["image"].shape[1])
fig, axes = plt.subplots(1, 4, figsize=(10, 2.8))
for i, ax in enumerate(axes):
    shown = ax.imshow(with_ndvi["image"][i, -1], cmap="RdYlGn", vmin=-0.5, vmax=1)
    ax.set_axis_off()
fig.colorbar(shown, ax=axes, shrink=0.8, label="NDVI")

# %%
# Tiling the whole area
# ---------------------
#
# ``GridGeoSampler`` covers every scene to its edges; prediction uses it (see the
# large-area prediction tutorial).

grid = GridGeoSampler(dataset, size=256, stride=224)
print(f"{len(grid)} tiles of 256 x 256 px cover the composed dataset")

# %%
# The generated files are temporary:

shutil.rmtree(root)
