"""TemplateScenes reads the scenes the kit writes, at the window asked for."""

from __future__ import annotations

from datetime import date, datetime, timezone
from pathlib import Path

import numpy as np
import pytest
import torch
from geoplug_template.scenes import TemplateScenes

from geoplug.core import BoundingBox, DatasetNotFoundError
from geoplug.core.testing import SceneSet, write_geotiff_scenes

BANDS = ("blue", "green", "red", "nir")


@pytest.fixture
def scenes(tmp_path: Path) -> SceneSet:
    """Three 20 x 16 px scenes in UTM 33N, overlapping by 4 px, on three dates."""
    return write_geotiff_scenes(tmp_path / "tpl", crs="EPSG:32633", bands=BANDS, res=10.0,
                                size=(20, 16), count=3, overlap=4,
                                dates=[date(2024, 6, d) for d in (1, 11, 21)],
                                filename="TPL_{index:02d}_{date:%Y%m%d}.tif")


def test_a_query_returns_the_pixels_of_that_window(scenes: SceneSet) -> None:
    ds = TemplateScenes(scenes.root)
    assert len(ds) == 3 and ds.crs.to_epsg() == 32633 and ds.res == (10.0, 10.0)
    assert ds.bands == BANDS  # read from the spec in geoplug_template.plugin
    scene = scenes.scenes[0]
    minx, _, _, maxy = scene.bounds
    query = BoundingBox(minx + 20, minx + 80, maxy - 90, maxy - 50)  # rows 5-8, cols 2-7
    sample = ds[query]
    assert sample["bounds"] == query and sample["crs"] == ds.crs
    image = sample["image"]
    assert image.dtype == torch.float32 and tuple(image.shape) == (4, 4, 6)
    for b, band in enumerate(BANDS):
        expected = scenes.expected(0, band, slice(5, 9), slice(2, 8))
        assert np.array_equal(image[b].numpy(), expected.astype(np.float32))


def test_dates_come_from_the_file_names(scenes: SceneSet) -> None:
    ds = TemplateScenes(scenes.root, bands=["nir"])
    second = scenes.scenes[1]
    minx, _, _, maxy = second.bounds
    day = datetime(2024, 6, 11, tzinfo=timezone.utc).timestamp()
    # scene 1 overlaps scene 0; on its own date only scene 1 answers
    query = BoundingBox(minx, minx + 30, maxy - 30, maxy, day + 3600, day + 7200)
    image = ds[query]["image"]
    assert tuple(image.shape) == (1, 3, 3)
    assert np.array_equal(image[0].numpy(), scenes.expected(1, "nir", slice(0, 3), slice(0, 3)))
    decoded = scenes.decode(image.numpy())
    assert set(decoded["scene"].ravel().tolist()) == {1}


def test_a_folder_without_scenes_says_where_it_looked(tmp_path: Path) -> None:
    (tmp_path / "other.tif").write_bytes(b"")
    with pytest.raises(DatasetNotFoundError) as info:
        TemplateScenes(tmp_path)
    assert str(tmp_path) in str(info.value)


def test_plot_shows_the_sample(scenes: SceneSet) -> None:
    from matplotlib.figure import Figure

    ds = TemplateScenes(scenes.root)
    minx, _, _, maxy = scenes.scenes[2].bounds
    figure = ds.plot(ds[BoundingBox(minx, minx + 80, maxy - 80, maxy)])
    assert isinstance(figure, Figure) and len(figure.axes) == 1
