"""
Fine-tuning a model on a benchmark dataset
==========================================

EuroSAT (13 Sentinel-2 bands, 10 land-cover classes) through the registry, a ResNet-18 from
the model registry, a few training steps with Lightning, then predictions on held-out chips.
The chips are fake — written in EuroSAT's real layout (the zip archive with one folder per
class and the split lists) by the generator of geoplug's own tests — so the model learns
little in a few steps; the code is what you would run on the real data.
"""

# %%
# Write fake EuroSAT files
# ------------------------
#
# ``tests/fakedata/eurosat.py`` writes ``EuroSATallBands.zip`` (13-band uint16 GeoTIFF chips
# in UTM, 10 m pixels, three classes here) and ``eurosat-{train,val,test}.txt``. The dataset
# class extracts the archive itself.

import logging
import os
import shutil
import sys
import tempfile
import warnings
from pathlib import Path

import matplotlib.pyplot as plt
import pytorch_lightning as pl
import torch

import geoplug.datasets
import geoplug.models
from geoplug.trainers import ClassificationTask, NonGeoDataModule

REPO = Path(os.environ.get("GEOPLUG_REPO", "."))  # the repository checkout
sys.path.insert(0, str(REPO / "tests"))
from fakedata import eurosat as fake_eurosat  # noqa: E402

root = Path(tempfile.mkdtemp(prefix="geoplug-tutorial-")) / "eurosat"
fake_eurosat.make(root)
print(sorted(p.name for p in root.iterdir()))

# %%
# The dataset and its facts
# -------------------------
#
# ``info`` reads the spec without importing the class; ``get`` returns the class.

spec = geoplug.datasets.info("eurosat")
print(spec.task, spec.num_classes, "classes;", len(spec.bands), "bands:", ", ".join(spec.bands))
EuroSAT = geoplug.datasets.get("eurosat")
train = EuroSAT(root=root, split="train")
sample = train[0]
print(len(train), "training chips;", {k: tuple(v.shape) for k, v in sample.items()
                                       if hasattr(v, "shape")})
fig = train.plot(sample)

# %%
# Choosing pre-trained weights
# ----------------------------
#
# Weights are registry entries with their bands, sensor and normalisation; filters compare
# sensors and bands through geoplug's sensor table, so ``S2`` finds Sentinel-2 weights.

for name in geoplug.models.weights_names("resnet18*", sensor="S2"):
    w = geoplug.models.weights_info(name)
    print(f"{name:32} {w.in_chans:2} bands  {w.license:10} aliases: {', '.join(w.aliases)}")

# %%
# ``resnet18.sentinel2_all_moco`` (SSL4EO-S12) expects 13 bands; geoplug loads it with its
# sha256 verified and maps bands **by name**, so EuroSAT's order (B8A stored 13th) needs no
# manual reordering. This page is built without network access, so it starts from random
# initialisation; with network, set ``WEIGHTS = "resnet18.sentinel2_all_moco"`` (or
# TorchGeo's name ``ResNet18_Weights.SENTINEL2_ALL_MOCO``).

WEIGHTS = None

# %%
# Train for a few steps
# ---------------------
#
# ``NonGeoDataModule`` builds the splits by registry name and normalises with the spec's
# per-band statistics (or, where the spec has none, those of training samples); the task
# builds the model by registry name.

logging.getLogger("pytorch_lightning").setLevel(logging.ERROR)
logging.getLogger("lightning.pytorch").setLevel(logging.ERROR)
warnings.filterwarnings("ignore", message=r".*(does not have many workers|LeafSpec).*")
torch.manual_seed(0)

data = NonGeoDataModule("eurosat", root=str(root), batch_size=4, augmentations=None)
task = ClassificationTask(model="resnet18", weights=WEIGHTS, in_chans=13, num_classes=10,
                          lr=1e-3)


class LossHistory(pl.Callback):
    """Collect the training loss of every step, for the figure below."""

    def __init__(self) -> None:
        self.losses: list[float] = []

    def on_train_batch_end(self, trainer, module, outputs, batch, batch_idx) -> None:
        self.losses.append(float(outputs["loss"]))


history = LossHistory()
trainer = pl.Trainer(max_steps=12, accelerator="cpu", devices=1, logger=False,
                     enable_checkpointing=False, enable_progress_bar=False,
                     enable_model_summary=False, num_sanity_val_steps=0,
                     callbacks=[history], default_root_dir=root.parent)
trainer.fit(task, datamodule=data)
print(f"{trainer.global_step} steps; last training loss {history.losses[-1]:.3f}")

fig, ax = plt.subplots(figsize=(6, 3))
ax.plot(range(1, len(history.losses) + 1), history.losses, marker="o")
ax.set_xlabel("step")
ax.set_ylabel("cross-entropy")
ax.set_title("training loss")
fig.tight_layout()

# %%
# Test
# ----

metrics = trainer.test(task, datamodule=data, verbose=False)[0]
print({k: round(v, 3) for k, v in metrics.items()})

# %%
# The same from the command line
# ------------------------------
#
# ``geoplug fit --config eurosat.yaml --data.init_args.root DIR`` runs the paper's recipe
# (ResNet-50, 100 epochs, early stopping) with the shipped config; any value can be
# overridden, e.g. ``--trainer.max_steps 12``.

# %%
# The generated files are temporary:

shutil.rmtree(root.parent)
