"""Composing the generic datasets (Listing 1 of the paper) and sampling them in a DataLoader."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import numpy as np
import pytest
import torch
from torch.utils.data import DataLoader

from fakedata.cdl import CDL_CLASSES, cdl
from fakedata.chesapeake import state_raster
from fakedata.geo import utm_origin
from fakedata.landsat import landsat_scene
from fakedata.naip import naip_tile
from geoplug.core import (
    BoundingBox,
    GridGeoSampler,
    IntersectionDataset,
    RandomGeoSampler,
    Resample,
    UnionDataset,
    stack_samples,
)
from geoplug.datasets.cdl import CDL
from geoplug.datasets.chesapeake import Chesapeake
from geoplug.datasets.landsat import Landsat7, Landsat8
from geoplug.datasets.naip import NAIP


@pytest.fixture
def listing1(tmp_path: Path) -> tuple[Path, Path, list]:
    """Landsat 7 in UTM 15N, Landsat 8 in UTM 16N (overlapping across 90°W), CDL in 5070."""
    ls = tmp_path / "landsat"
    s7 = landsat_scene(ls, mission="LE07", level="L2SP", epsg=32615, size=48,
                       origin=utm_origin(-90.004, 40.0, 32615, 48), acquired=date(2023, 6, 7),
                       corners=False)
    s8 = landsat_scene(ls, mission="LC08", level="L2SP", epsg=32616, size=48,
                       origin=utm_origin(-89.996, 40.0, 32616, 48), acquired=date(2023, 6, 15),
                       corners=False)
    cdl(tmp_path / "cdl", year=2023, cover=[s7, s8])
    return ls, tmp_path / "cdl", [s7, s8]


def test_landsat7_or_landsat8_reprojects_onto_the_first(listing1: tuple) -> None:
    ls, _, _ = listing1
    l7 = Landsat7(ls, bands=["SR_B3", "SR_B2", "SR_B1"], cache=False)
    l8 = Landsat8(ls, bands=["SR_B4", "SR_B3", "SR_B2"], cache=False)
    union = l7 | l8
    assert isinstance(union, UnionDataset)
    assert union.crs.to_epsg() == 32615 and l8.crs.to_epsg() == 32615
    assert union.res == (30.0, 30.0)
    b7, bu = l7.bounds, union.bounds
    assert bu.minx == b7.minx and bu.maxx > b7.maxx  # Landsat 8 extends it eastwards
    # a patch east of the Landsat 7 scene comes from Landsat 8 only
    q = BoundingBox(bu.maxx - 300, bu.maxx - 60, bu.miny + 300, bu.miny + 540, bu.mint,
                    bu.maxt)
    image = union[q]["image"]
    assert image.shape == (3, 8, 8)
    assert (image > 0).all()


def test_listing1_dataloader(listing1: tuple) -> None:
    ls, cdl_root, _ = listing1
    landsat = Landsat7(ls, bands=["SR_B3", "SR_B2", "SR_B1"], cache=False) | Landsat8(
        ls, bands=["SR_B4", "SR_B3", "SR_B2"], cache=False)
    dataset = landsat & CDL(cdl_root, ordinal=True, cache=False)
    assert isinstance(dataset, IntersectionDataset)
    assert dataset.crs.to_epsg() == 32615 and dataset.res == (30.0, 30.0)
    sampler = RandomGeoSampler(dataset, size=16, length=6, seed=0)
    loader = DataLoader(dataset, batch_size=3, sampler=sampler, collate_fn=stack_samples,
                        num_workers=1)
    batches = list(loader)
    assert len(batches) == 2
    for batch in batches:
        assert batch["image"].shape == (3, 3, 16, 16) and batch["image"].dtype == torch.float32
        assert batch["mask"].shape == (3, 16, 16) and batch["mask"].dtype == torch.int64
        assert batch["mask"].max() < 134
        for box in batch["bounds"]:
            assert box.maxx - box.minx == pytest.approx(480.0)
        assert all(c.to_epsg() == 32615 for c in batch["crs"])


def test_landsat_and_cdl_mask_matches_reprojected_cdl(listing1: tuple) -> None:
    ls, cdl_root, _ = listing1
    dataset = Landsat7(ls, cache=False) & CDL(cdl_root, cache=False)
    b = dataset.bounds
    q = BoundingBox(b.minx + 300, b.minx + 600, b.maxy - 600, b.maxy - 300, b.mint, b.maxt)
    sample = dataset[q]
    assert sample["image"].shape == (6, 10, 10)  # the six reflectance bands of ETM+ Level-2
    # CDL reprojected with nearest from 5070: only real codes, never blended values
    assert set(np.unique(sample["mask"].numpy())) <= set(CDL_CLASSES)
    ref = CDL(cdl_root, cache=False)
    ref.crs = dataset.crs
    ref.res = dataset.res
    assert torch.equal(ref[q]["mask"], sample["mask"])


def test_landsat8_and_cdl_defer_resampling(listing1: tuple) -> None:
    # Landsat 8 (UTM 16N) is warped onto UTM 15N (a ~4 degree rotation: GDAL's widened
    # bilinear kernel) and the Albers CDL mask with nearest, both on the batch
    ls, cdl_root, _ = listing1
    bands = ["SR_B4", "SR_B3", "SR_B2"]
    eager = (Landsat8(ls, bands=bands, crs="EPSG:32615", res=30, cache=False)
             & CDL(cdl_root, ordinal=True, classes=[0, 1, 5, 24], cache=False))
    deferred = (Landsat8(ls, bands=bands, crs="EPSG:32615", res=30, cache=False,
                         defer_resampling=True)
                & CDL(cdl_root, ordinal=True, classes=[0, 1, 5, 24], cache=False,
                      defer_resampling=True))
    sampler = RandomGeoSampler(eager, size=16, length=8, seed=3)
    boxes = list(sampler)
    batch = stack_samples([deferred[q] for q in boxes])
    assert "image_src" in batch and "mask_src" in batch  # resampled after collation
    out = Resample()(batch)
    ref = stack_samples([eager[q] for q in boxes])
    assert torch.equal(out["mask"], ref["mask"])  # class mapping before nearest == after
    assert out["mask"].max() <= 3 and (out["mask"] > 0).any()
    assert (out["image"] - ref["image"]).abs().max() <= 1


def test_bands_of_different_resolutions_cannot_defer(tmp_path: Path) -> None:
    landsat_scene(tmp_path, mission="LE07", level="L1TP")
    with pytest.raises(ValueError, match="different native resolutions"):
        Landsat7(tmp_path, bands=["B4", "B8"], cache=False, defer_resampling=True)
    assert Landsat7(tmp_path, bands=["B4", "B3"], cache=False, defer_resampling=True)


def test_naip_and_chesapeake_grid_sampler(tmp_path: Path) -> None:
    naip_tile(tmp_path / "naip", origin=(450000.0, 4300200.0), size=96)
    # a state land cover raster in Albers covering the NAIP tile
    from pyproj import Transformer

    x, y = Transformer.from_crs("EPSG:26918", "EPSG:5070", always_xy=True).transform(
        450048.0, 4300152.0)
    state_raster(tmp_path / "lc", origin=(float(np.floor(x)) - 150, float(np.floor(y)) + 150),
                 size=300)
    naip = NAIP(tmp_path / "naip", cache=False)
    lc = Chesapeake(tmp_path / "lc", cache=False)
    dataset = naip & lc
    assert dataset.crs.to_epsg() == 26918 and lc.crs.to_epsg() == 26918
    sampler = GridGeoSampler(dataset, size=32, stride=32)
    loader = DataLoader(dataset, batch_size=4, sampler=sampler, collate_fn=stack_samples)
    n = 0
    for batch in loader:
        assert batch["image"].shape[1:] == (4, 32, 32)
        assert batch["mask"].shape[1:] == (32, 32)
        assert batch["mask"].min() >= 1 and batch["mask"].max() <= 13
        n += batch["image"].shape[0]
    assert n == len(sampler) == 9  # 96 m tile, 32 px patches at 1 m, edges covered
