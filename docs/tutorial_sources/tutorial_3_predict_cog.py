"""
Large-area prediction to a Cloud-Optimised GeoTIFF
==================================================

A segmentation model trained on patches of ``(landsat7 | landsat8) & cdl`` predicts the
whole area: ``GridGeoSampler`` tiles it with overlap, the tiles' class probabilities are
blended towards their centres, and one Cloud-Optimised GeoTIFF is written in the dataset's
CRS and resolution. The data is the generated sample of the Landsat & CDL tutorial; training
is kept to a few steps so that the page builds in seconds.
"""

# %%
# Data and a short training run
# -----------------------------

import logging
import os
import shutil
import sys
import tempfile
import warnings
from pathlib import Path

import matplotlib.pyplot as plt
import numpy as np
import pytorch_lightning as pl
import rasterio
import torch

import geoplug.datasets
from geoplug.core import BoundingBox
from geoplug.core.transforms import Normalize, rgb_image
from geoplug.trainers import GeoDataModule, SemanticSegmentationTask, predict_geotiff

REPO = Path(os.environ.get("GEOPLUG_REPO", "."))  # the repository checkout
sys.path.insert(0, str(REPO / "examples"))
from sample_data import CLASSES, SPECTRA, make_sample  # noqa: E402

logging.getLogger("pytorch_lightning").setLevel(logging.ERROR)
logging.getLogger("lightning.pytorch").setLevel(logging.ERROR)
warnings.filterwarnings("ignore", message=r".*(does not have many workers|LeafSpec).*")
torch.manual_seed(0)

root = Path(tempfile.mkdtemp(prefix="geoplug-tutorial-"))
data = make_sample(root / "data")
CDL_CODES = [0, *CLASSES]
landsat7 = geoplug.datasets.get("landsat7")(
    paths=data["landsat7"], bands=["SR_B1", "SR_B2", "SR_B3", "SR_B4", "SR_B5", "SR_B7"])
landsat8 = geoplug.datasets.get("landsat8")(
    paths=data["landsat8"], bands=["SR_B2", "SR_B3", "SR_B4", "SR_B5", "SR_B6", "SR_B7"])
cdl = geoplug.datasets.get("cdl")(paths=data["cdl"], classes=CDL_CODES, ordinal=True)
dataset = (landsat7 | landsat8) & cdl

# per-band statistics of the sample's digital numbers (Collection-2 L2 scaling)
dn = (torch.tensor(list(SPECTRA.values()), dtype=torch.float64) / 1e4 + 0.2) / 2.75e-5
mean, std = dn.mean(0).tolist(), (dn.std(0) + 500).tolist()

datamodule = GeoDataModule(dataset=dataset, patch_size=64, batch_size=8, length=8 * 25,
                           split=(0.8, 0.1, 0.1), seed=0, mean=mean, std=std)
task = SemanticSegmentationTask(model="unet", in_chans=6, num_classes=len(CDL_CODES), lr=3e-3,
                                model_kwargs={"encoder": "resnet18"})
trainer = pl.Trainer(max_steps=25, accelerator="cpu", devices=1, logger=False,
                     enable_checkpointing=False, enable_progress_bar=False,
                     enable_model_summary=False, num_sanity_val_steps=0,
                     limit_val_batches=2, use_distributed_sampler=False,
                     default_root_dir=root)
trainer.fit(task, datamodule=datamodule)
print(f"trained {trainer.global_step} steps of 8 patches")

# %%
# Predict the whole area
# ----------------------
#
# ``predict_geotiff`` tiles the dataset (256 px tiles, 192 px stride: 64 px of overlap),
# normalises each batch with ``preprocess``, blends and writes the COG. It refuses to
# replace an existing file unless ``overwrite=True``, and input nodata stays nodata.

output = predict_geotiff(task, dataset, root / "prediction.tif", size=256, stride=192,
                         batch_size=8, preprocess=Normalize(mean, std), overwrite=True)
with rasterio.open(output) as src:
    print(f"{output.name}: {src.width} x {src.height} px, {src.count} band {src.dtypes[0]}, "
          f"{src.crs}, {src.res[0]:g} m")
    print("layout:", src.tags(ns="IMAGE_STRUCTURE").get("LAYOUT"),
          "| compression:", src.compression.name if src.compression else None,
          "| tiles:", src.block_shapes[0], "| overviews:", src.overviews(1),
          "| nodata:", src.nodata)
    prediction = src.read(1)
    bounds = src.bounds
    res = src.res[0]

# %%
# What the model predicts
# -----------------------
#
# The left 256 x 256 px corner of the area: Landsat in true colour, the CDL label and the
# prediction read back from the COG (nodata, outside the scenes, in white).

box = BoundingBox(bounds.left, bounds.left + 256 * res, bounds.top - 256 * res, bounds.top)
sample = dataset[box]
crop = prediction[:256, :256].astype("float32")
crop[prediction[:256, :256] == 255] = np.nan
fig, axes = plt.subplots(1, 3, figsize=(11, 4))
axes[0].imshow(rgb_image(sample["image"], [2, 1, 0], nodata=0))
axes[1].imshow(sample["mask"], cmap="tab10", vmin=0, vmax=9, interpolation="nearest")
axes[2].imshow(crop, cmap="tab10", vmin=0, vmax=9, interpolation="nearest")
for ax, title in zip(axes, ("Landsat (true colour)", "CDL label", "prediction (COG)")):
    ax.set_title(title)
    ax.set_axis_off()
fig.tight_layout()

# %%
# The whole prediction, as written:

shown = prediction.astype("float32")
shown[prediction == 255] = np.nan
fig, ax = plt.subplots(figsize=(9, 6))
ax.imshow(shown, cmap="tab10", vmin=0, vmax=9, interpolation="nearest",
          extent=(bounds.left, bounds.right, bounds.bottom, bounds.top))
ax.set_title(f"prediction.tif ({dataset.crs}, {res:g} m)")
ax.set_xlabel("easting (m)")
ax.set_ylabel("northing (m)")
fig.tight_layout()

# %%
# With Lightning instead
# ----------------------
#
# ``trainer.predict(task, datamodule=datamodule, return_predictions=False)`` with the
# ``GeoTIFFPredictionWriter("prediction.tif")`` callback does the same across DDP ranks, and
# ``geoplug predict --config cfg.yaml --ckpt_path last.ckpt`` from the command line.

# %%
# The generated files are temporary:

shutil.rmtree(root)
