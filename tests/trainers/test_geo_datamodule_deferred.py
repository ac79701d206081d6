"""GeoDataModule chooses where warped layers resample: on a CUDA device in
``on_after_batch_transfer`` (deferred), on a CPU in the workers (eager), unless told."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import pytorch_lightning as pl
import torch

from fakedata import geo
from geoplug.core.raster import RasterDataset
from geoplug.trainers.geo_datamodule import GeoDataModule

BANDS = ("SR_B4", "SR_B5")


class Bands(RasterDataset):
    filename_glob = "*_SR_B[45].TIF"
    filename_regex = r"^LC08_.*_(?P<band>SR_B\d)\.TIF$"
    separate_files = True
    all_bands = BANDS


@pytest.fixture
def layers(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> tuple[Path, Path]:
    monkeypatch.setenv("GEOPLUG_CACHE_DIR", str(tmp_path / "cache"))
    # zone 16 imagery and an Albers mask, sampled on the zone 15 grid: both warped
    scene = geo.landsat8_scene(tmp_path / "z16", epsg=32616, size=200, bands=BANDS)
    cdl = geo.cdl(tmp_path / "cdl", cover=[scene])
    return scene.folder, cdl.parent


def module(layers: tuple[Path, Path], **kwargs: Any) -> GeoDataModule:
    image = Bands(layers[0], crs="EPSG:32615", res=30)
    return GeoDataModule([image, geo.Cdl(layers[1])], patch_size=48, batch_size=6, length=12,
                         seed=3, mean=[500.0, 900.0], std=[100.0, 200.0], augmentations=None,
                         **kwargs)


def first_batch(dm: GeoDataModule, device: torch.device) -> dict[str, Any]:
    dm.setup("fit")
    batch = next(iter(dm.train_dataloader()))
    return dm.on_after_batch_transfer(dm.transfer_batch_to_device(batch, device, 0), 0)


def test_explicit_deferral_on_cpu_equals_eager(layers: tuple[Path, Path]) -> None:
    eager, deferred = module(layers, defer_resampling=False), module(layers,
                                                                     defer_resampling=True)
    deferred.setup("fit")
    assert deferred.deferred_layers == ["Bands", "Cdl"]
    raw = next(iter(deferred.train_dataloader()))
    assert {"image_src", "image_warp", "mask_src", "mask_warp"} <= set(raw)
    assert "image" not in raw and raw["image_src"].dtype == torch.uint16  # the source dtype
    got, ref = first_batch(deferred, torch.device("cpu")), first_batch(eager, torch.device("cpu"))
    assert eager.deferred_layers == []
    assert got["image"].dtype == torch.float32 and got["mask"].dtype == torch.int64
    assert got["image"].shape == (6, 2, 48, 48) and not any(k.endswith("_src") for k in got)
    assert torch.equal(got["mask"], ref["mask"])
    assert torch.equal(got["image"], ref["image"])  # normalised after resampling, as eager
    # normalised after resampling: the dataset's own sample, normalised by hand
    raw_image = eager._dataset()[got["bounds"][0]]["image"]
    mean, std = torch.tensor([500.0, 900.0]), torch.tensor([100.0, 200.0])
    torch.testing.assert_close(got["image"][0], (raw_image - mean[:, None, None])
                               / std[:, None, None])


def test_cpu_trainer_keeps_eager_resampling(layers: tuple[Path, Path]) -> None:
    dm = module(layers)
    assert first_batch(dm, torch.device("cpu"))["image"].shape == (6, 2, 48, 48)
    assert dm.deferred_layers == []  # no trainer: nothing says a GPU is there
    dm = module(layers)
    dm.trainer = pl.Trainer(accelerator="cpu", logger=False, enable_progress_bar=False)
    dm.setup("fit")
    assert dm.deferred_layers == [] and dm.train_dataloader().pin_memory is False


@pytest.mark.skipif(not torch.cuda.is_available(), reason="needs a CUDA GPU")
def test_cuda_trainer_defers_and_pins(layers: tuple[Path, Path]) -> None:
    dm = module(layers)
    dm.trainer = pl.Trainer(accelerator="gpu", devices=1, logger=False,
                            enable_progress_bar=False)
    dm.setup("fit")
    assert dm.deferred_layers == ["Bands", "Cdl"]
    assert dm.train_dataloader().pin_memory is True
    got = first_batch(dm, torch.device("cuda"))
    ref = first_batch(module(layers, defer_resampling=False), torch.device("cpu"))
    assert got["image"].device.type == "cuda"
    assert torch.equal(got["mask"].cpu(), ref["mask"])
    assert (got["image"].cpu() - ref["image"]).abs().max() <= 1.0 / 100.0 + 1e-6
