"""GeoDataModule's regions and val/test tiles: every pixel in one split, scored once, as it
is (on the pixel grid)."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
import rasterio
from rasterio.transform import from_origin

from geoplug.core import BoundingBox, GeoDataset, RasterDataset
from geoplug.trainers import GeoDataModule

X0, Y0 = 300_000.0, 4_500_000.0


class Columns(RasterDataset):
    """Band 0: the pixel's column; band 1: its row."""

    filename_glob = "img_*.tif"
    resampling = "nearest"


class Labels(RasterDataset):
    filename_glob = "msk_*.tif"
    is_image = False


def _scene(root: Path, width: int, height: int, res: float) -> Path:
    root.mkdir(parents=True, exist_ok=True)
    cols = np.broadcast_to(np.arange(width), (height, width))
    rows = np.broadcast_to(np.arange(height)[:, None], (height, width))
    profile = dict(driver="GTiff", width=width, height=height, crs="EPSG:32618",
                   transform=from_origin(X0, Y0, res, res))
    with rasterio.open(root / "img_a.tif", "w", count=2, dtype="uint16", **profile) as dst:
        dst.write(np.stack([cols, rows]).astype(np.uint16))
    with rasterio.open(root / "msk_a.tif", "w", count=1, dtype="uint8", **profile) as dst:
        dst.write((cols % 3).astype(np.uint8)[None])
    return root


def _layers(root: Path, width: int) -> GeoDataset:
    """``Columns & Labels`` on a scene of ``width`` columns, 16 rows of 2 m under ``root``."""
    scene = _scene(root, width, 16, 2.0)
    return Columns(str(scene)) & Labels(str(scene))


def _columns(dm: GeoDataModule, stage: str) -> set[int]:
    seen: set[int] = set()
    for batch in dm.grid_dataloader(stage, even_shards=False):
        seen |= set(batch["image"][:, 0].flatten().long().tolist())
    return seen


@pytest.mark.parametrize("width", [115, 135])
def test_the_split_gives_every_column_to_one_region(tmp_path: Path, width: int) -> None:
    # 0.6 m pixels: val's end and test's start were computed apart and rounded to different
    # pixel edges (115 px: column 103 in both; 135 px: column 121 in neither)
    root = _scene(tmp_path / "s", width, 16, 0.6)
    dm = GeoDataModule(Columns(str(root)) & Labels(str(root)), patch_size=8, batch_size=4,
                       statistics=0)
    val, test = _columns(dm, "val"), _columns(dm, "test")
    train = dm.region("train")
    trained = set(range(round((train.maxx - X0) / 0.6)))
    assert not val & test and not trained & (val | test)
    assert trained | val | test == set(range(width))


def test_explicit_rois_sharing_an_edge_share_no_pixel(tmp_path: Path) -> None:
    # an roi edge off the pixel grid: training patches were placed off the grid and read a
    # column of the validation roi
    ds = _layers(tmp_path / "s", 50)
    edge = X0 + 33.5
    dm = GeoDataModule(ds, patch_size=8, batch_size=4, statistics=0, seed=0, length=64,
                       train_roi=(X0 + 1, edge, Y0 - 32, Y0), val_roi=(edge, X0 + 100, Y0 - 32, Y0))
    train, val = dm.region("train"), dm.region("val")
    assert train.maxx == val.minx and ((train.maxx - X0) / 2.0).is_integer()
    dm.setup("fit")
    trained: set[int] = set()
    for batch in dm.train_dataloader():
        trained |= set(batch["image"][:, 0].flatten().long().tolist())
    assert trained and not trained & _columns(dm, "val")


@pytest.mark.parametrize(("units", "size", "stride"), [("crs", 25, None), ("crs", 24, 15),
                                                       ("pixels", 12, 16)])
def test_val_and_test_tiles_off_the_grid_or_apart_are_refused(
        tmp_path: Path, units: str, size: int, stride: int | None) -> None:
    # sizes of a fraction of a pixel resampled the labels (912 or 1092 pixels scored for
    # 1000); a stride above the patch left pixels between tiles unscored
    root = _scene(tmp_path / "s", 100, 20, 2.0)
    dm = GeoDataModule(Columns(str(root)) & Labels(str(root)), patch_size=size, stride=stride,
                       units=units, batch_size=4, statistics=0, split=(0.5, 0.25, 0.25))
    with pytest.raises(ValueError, match=r"whole pixels|unscored"):
        dm.val_dataloader()
    ok = GeoDataModule(Columns(str(root)) & Labels(str(root)), patch_size=24 if units == "crs"
                       else 12, units=units, batch_size=4, statistics=0,
                       split=(0.5, 0.25, 0.25))
    assert len(list(ok.val_dataloader())) > 0


def _trained(dm: GeoDataModule) -> set[int]:
    seen: set[int] = set()
    for batch in dm.train_dataloader():
        seen |= set(batch["image"][:, 0].flatten().long().tolist())
    return seen


def test_a_train_roi_over_the_bounds_leaves_the_split_nothing(tmp_path: Path) -> None:
    # val and test were cut from the split of the whole bounds, inside train_roi: scored on
    # the training pixels, with no error
    dm = GeoDataModule(_layers(tmp_path / "s", 50), patch_size=8, batch_size=4,
                       statistics=0, train_roi=(X0, X0 + 100, Y0 - 32, Y0))
    assert dm.region("train") == BoundingBox(X0, X0 + 100, Y0 - 32, Y0)
    for stage in ("val", "test"):
        with pytest.raises(ValueError, match=rf"train_roi leaves no strip .* pass {stage}_roi"):
            dm.region(stage)
    with pytest.raises(ValueError, match="train_roi leaves no strip"):
        dm.val_dataloader()


def test_overlapping_rois_are_refused_naming_the_shared_pixels(tmp_path: Path) -> None:
    # a val_roi reaching 5 pixels into train_roi was accepted
    ds = _layers(tmp_path / "s", 50)
    dm = GeoDataModule(ds, patch_size=8, batch_size=4, statistics=0, seed=0, length=8,
                       train_roi=(X0, X0 + 80, Y0 - 32, Y0),
                       val_roi=(X0 + 70, X0 + 100, Y0 - 32, Y0),
                       test_roi=(X0 + 80, X0 + 100, Y0 - 32, Y0))
    shared = (r"the train region \(x 300000 to 300080, y 4499968 to 4500000\) and the val "
              r"region \(x 300070 to 300100, .*\) share the pixels of x 300070 to 300080, "
              r"y 4499968 to 4500000: .* Change train_roi or val_roi")
    for stage in ("train", "val", "test"):
        with pytest.raises(ValueError, match=shared):
            dm.region(stage)
    with pytest.raises(ValueError, match=shared):
        dm.train_dataloader()
    # val and test overlap too once train is fixed
    dm.rois["train"] = BoundingBox(X0, X0 + 70, Y0 - 32, Y0)
    with pytest.raises(ValueError, match=r"the val region .* and the test region .* share the "
                                         r"pixels of x 300080 to 300100"):
        dm.region("train")


def test_an_roi_outside_the_data_is_refused(tmp_path: Path) -> None:
    # a val_roi beside the data was accepted: validation scored the fill value only
    ds = _layers(tmp_path / "s", 50)
    dm = GeoDataModule(ds, patch_size=8, batch_size=4, statistics=0, seed=0, length=8,
                       val_roi=(X0 - 1280, X0 - 1024, Y0 - 32, Y0))
    with pytest.raises(ValueError, match=r"val_roi .* shares no pixel with the data's bounds"):
        dm.region("val")
    assert dm.region("train").minx == X0  # the others are cut from the data as before


def test_rois_overlapping_in_time_are_refused_and_touching_ones_kept(tmp_path: Path) -> None:
    ds = _layers(tmp_path / "s", 50)
    space = (X0, X0 + 100, Y0 - 32, Y0)
    # a temporal split: the same place, train up to t=100, val from it (an instant on a
    # shared end belongs to the later region), test from the split refused (no room left)
    dm = GeoDataModule(ds, patch_size=8, statistics=0, split=(0.8, 0.2, 0.0),
                       train_roi=(*space, 0.0, 100.0), val_roi=(*space, 100.0, 200.0))
    assert dm.region("train").maxt == 100.0 and dm.region("val").mint == 100.0
    dm.rois["val"] = BoundingBox(*space, 99.0, 200.0)
    with pytest.raises(ValueError, match=r"share the pixels of x 300000 to 300100, "
                                         r"y 4499968 to 4500000, t 99 to 100"):
        dm.region("val")


def test_the_split_cuts_only_what_the_rois_leave(tmp_path: Path) -> None:
    # a test_roi over the west part: train and val were still cut from the whole bounds, and
    # trained and validated on test's columns
    ds = _layers(tmp_path / "s", 100)
    dm = GeoDataModule(ds, patch_size=8, batch_size=4, statistics=0, seed=0, length=64,
                       split=(0.75, 0.25, 0.0), test_roi=(X0 + 0.6, X0 + 79.3, Y0 - 32, Y0))
    test = dm.region("test")
    assert (test.minx, test.maxx) == (X0, X0 + 80)
    train, val = dm.region("train"), dm.region("val")
    # the 60 columns east of the roi: 45 train, 15 val
    assert (train.minx, train.maxx, val.minx, val.maxx) == (X0 + 80, X0 + 170, X0 + 170,
                                                              X0 + 200)
    trained, validated, tested = _trained(dm), _columns(dm, "val"), _columns(dm, "test")
    assert tested == set(range(40)) and validated == set(range(85, 100))
    assert trained and trained <= set(range(40, 85))
    # rois on both sides of the strip: the split takes the widest part between them
    dm = GeoDataModule(ds, patch_size=8, statistics=0, split=(0.5, 0.0, 0.5),
                       val_roi=(X0 + 20, X0 + 40, Y0 - 32, Y0),
                       test_roi=(X0 + 100, X0 + 200, Y0 - 32, Y0))
    assert (dm.region("train").minx, dm.region("train").maxx) == (X0 + 40, X0 + 100)
