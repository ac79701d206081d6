"""GeoDataModule reads the training batches of remote layers ahead (ReadAheadDataset): the
same batches as the batch sampler's, one scene each, equal to local reads; local layers stay
map-style unless told; a fit runs through the read-ahead loader."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import numpy as np
import pytest

from geoplug.core import BoundingBox, handles
from geoplug.core.raster import RasterDataset
from geoplug.core.readahead import ReadAheadDataset
from geoplug.core.samplers import RandomBatchGeoSampler
from geoplug.core.testing.http import LocalHTTPServer
from geoplug.core.testing.rasters import write_geotiff_scenes
from geoplug.trainers import GeoDataModule, SemanticSegmentationTask
from testkit.training import LossRecorder, falling, trainer


@pytest.fixture
def served(tmp_path: Path) -> Iterator[tuple[list[str], RasterDataset]]:
    """Two tiled scenes served over HTTP (their URLs) and the local files as a dataset."""
    scenes = write_geotiff_scenes(tmp_path / "cogs", count=2, size=128, tiled=True,
                                  blocksize=32)
    handles.clear()
    local = RasterDataset(str(tmp_path / "cogs"), cache=False)
    with LocalHTTPServer(tmp_path / "cogs") as server:
        yield [f"{server.url}/{Path(p).name}" for p in scenes.files], local
    handles.clear()


def module(dataset: RasterDataset, **kwargs: object) -> GeoDataModule:
    dm = GeoDataModule(dataset, patch_size=32, batch_size=4, length=16, seed=1,
                       augmentations=None, **kwargs)  # type: ignore[arg-type]
    dm.setup("fit")
    return dm


def test_remote_layers_are_read_ahead_in_whole_batches(
        served: tuple[list[str], RasterDataset]) -> None:
    urls, local = served
    remote = RasterDataset(urls, cache=False)
    dm = module(remote)
    loader = dm.train_dataloader()
    assert isinstance(loader.dataset, ReadAheadDataset)
    expected = list(RandomBatchGeoSampler(remote, 32, 4, length=16, roi=dm.region("train"),
                                          seed=1))
    batches = list(loader)
    assert [b["bounds"] for b in batches] == expected  # the sampler's batches, one scene each
    for batch in batches:
        for image, box in zip(batch["image"], batch["bounds"]):
            np.testing.assert_array_equal(image.numpy(), local[box]["image"].numpy())
    assert not isinstance(module(remote, read_ahead=False).train_dataloader().dataset,
                          ReadAheadDataset)
    assert not isinstance(module(local).train_dataloader().dataset, ReadAheadDataset)
    assert isinstance(module(local, read_ahead=True).train_dataloader().dataset,
                      ReadAheadDataset)


def test_a_fit_learns_through_the_read_ahead_loader(scene_root: Path, tmp_path: Path) -> None:
    dm = GeoDataModule(["tiny_scene_image", "tiny_scene_mask"],
                       dataset_kwargs={"paths": str(scene_root)}, patch_size=32, batch_size=4,
                       length=48, seed=0, split=(0.5, 0.25, 0.25), read_ahead=True)
    task = SemanticSegmentationTask(model="unet", in_chans=4, num_classes=3, lr=1e-2, loss="ce",
                                    model_kwargs={"encoder": "test_resnet",
                                                  "decoder_channels": [32, 16, 16, 8, 8]})
    recorder = LossRecorder()
    trainer(tmp_path, 12, [recorder]).fit(task, datamodule=dm)
    assert isinstance(dm.train_dataloader().dataset, ReadAheadDataset)
    assert len(recorder.losses) == 12
    assert falling(recorder.losses), recorder.losses


def test_lightning_sets_the_epoch_of_the_training_batches(scene_root: Path) -> None:
    # Lightning calls set_epoch on a loader's sampler and on its batch sampler's sampler; the
    # random batch sampler had neither, so a resumed run drew epoch 0's patches again
    from lightning_fabric.utilities.data import _set_sampler_epoch

    def batches(epoch: int | None) -> list[list[BoundingBox]]:
        dm = GeoDataModule(["tiny_scene_image", "tiny_scene_mask"],
                           dataset_kwargs={"paths": str(scene_root)}, patch_size=16,
                           batch_size=4, length=8, seed=3, split=(0.5, 0.25, 0.25),
                           statistics=0, read_ahead=False)
        loader = dm.train_dataloader()
        if epoch is None:  # an uninterrupted run: its third pass
            for _ in range(2):
                list(loader.batch_sampler)  # type: ignore[arg-type]
        else:
            _set_sampler_epoch(loader, epoch)
        return list(loader.batch_sampler)  # type: ignore[arg-type]

    assert batches(2) == batches(None) != batches(0)
