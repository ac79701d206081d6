"""L7 Irish: band files with two gain prefixes, the mask as a second layer, pairing."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import numpy as np
import pytest
import torch

from fakedata._layers import grid, window
from fakedata._readonly import read_only
from fakedata.l7_irish import (
    BANDS,
    irish_mask,
    irish_scene,
    irish_value,
    mirror_downloaded,
    mirror_scene,
    tar_mirror_zone,
    tar_zone,
)
from geoplug.core import BoundingBox, IntersectionDataset
from geoplug.core.errors import DatasetNotFoundError, InvalidDataError
from geoplug.core.testing import check_dataset_plugin
from geoplug.datasets import l7_irish as module
from geoplug.datasets.l7_irish import L7Irish, L7IrishImage, L7IrishMask, L7IrishStacked

INDEX = {0: 0, 64: 1, 128: 2, 192: 3, 255: 4}


def _window(row: int, col: int, n: int, origin: tuple[float, float] = (300000.0, 4000000.0),
            times: tuple[float, float] = (-np.inf, np.inf)) -> BoundingBox:
    return window(origin, 30, row, col, n, times)


def test_scene_and_mask_are_paired(tmp_path: Path) -> None:
    irish_scene(tmp_path, k=2)
    ds = L7Irish(tmp_path, cache=False)
    assert isinstance(ds, IntersectionDataset) and len(ds) == 1
    assert ds.crs.to_epsg() == 32720 and ds.res == (30.0, 30.0)
    assert ds.bands == ("B10", "B20", "B30", "B40", "B50", "B61", "B62", "B70")
    sample = ds[_window(5, 3, 10)]
    assert sample["image"].dtype == torch.float32 and sample["image"].shape == (8, 10, 10)
    rows, cols = grid(10, 10)
    xs = 300000.0 + (cols + 3 + 0.5) * 30
    ys = 4000000.0 - (rows + 5 + 0.5) * 30
    for i, band in enumerate(ds.bands):  # L71 and L72 files alike
        np.testing.assert_array_equal(sample["image"][i].numpy(), irish_value(2, band, xs, ys))
    want = np.vectorize(INDEX.get)(irish_mask(2, rows + 5, cols + 3))
    np.testing.assert_array_equal(sample["mask"].numpy(), want)
    # the scene date comes from the band file names, and the mask shares it
    day = float(np.datetime64("2001-11-12", "s").astype(np.int64))
    assert ds.bounds.mint == pytest.approx(day) and ds.mask.bounds.mint == pytest.approx(day)


def test_pan_band_on_a_15m_grid(tmp_path: Path) -> None:
    irish_scene(tmp_path, k=1)
    image = L7IrishImage(tmp_path, res=15.0, bands=["B80", "B40"], cache=False)
    q = BoundingBox(300090, 300240, 3999700, 3999850, -np.inf, np.inf)
    got = image[q]["image"]
    assert got.shape == (2, 10, 10)
    rows, cols = grid(10, 10)
    xs, ys = 300090 + (cols + 0.5) * 15, 3999850 - (rows + 0.5) * 15
    np.testing.assert_array_equal(got[0].numpy(), irish_value(1, "B80", xs, ys))


def test_two_scenes_keep_their_own_masks(tmp_path: Path) -> None:
    irish_scene(tmp_path, "austral", 226, 98, date(2001, 11, 12), k=0)
    irish_scene(tmp_path, "boreal", 227, 98, date(2001, 11, 3), k=3, origin=(300360.0,
                                                                               4000000.0))
    ds = L7Irish(tmp_path, cache=False)
    assert len(ds) == 2
    day = float(np.datetime64("2001-11-03", "s").astype(np.int64))
    sample = ds[_window(0, 12, 6, times=(day, day + 3600))]  # overlap, scene 3's date
    rows, cols = grid(6, 6)
    np.testing.assert_array_equal(sample["mask"].numpy(),
                                  np.vectorize(INDEX.get)(irish_mask(3, rows, cols)))


def test_missing_mask_and_band(tmp_path: Path) -> None:
    with pytest.raises(DatasetNotFoundError, match="landsat-7-cloud-cover"):
        L7Irish(tmp_path, cache=False)
    folder = irish_scene(tmp_path / "a", mask=False)
    with pytest.raises(DatasetNotFoundError, match="L7Irish"):
        L7Irish(tmp_path / "a", cache=False)
    next(folder.glob("*_B62.TIF")).unlink()
    with pytest.raises(InvalidDataError, match=r"_B62\.TIF"):
        L7IrishImage(tmp_path / "a", cache=False)
    assert len(L7IrishMask(irish_scene(tmp_path / "b"), cache=False)) == 1


def test_older_release_mask2019_with_thin_cloud_191(tmp_path: Path) -> None:
    """Scenes with only ``p<path>_r<row>_mask2019.TIF``, thin cloud coded 191."""
    irish_scene(tmp_path, "boreal", 230, 95, k=1, mask_name="p230_r95_mask2019.TIF", thin=191)
    ds = L7Irish(tmp_path, cache=False)
    assert len(ds) == 1
    mask = ds[_window(2, 1, 9)]["mask"].numpy()
    rows, cols = grid(9, 9)
    want = np.vectorize(INDEX.get)(irish_mask(1, rows + 2, cols + 1))  # 191 read as 192
    np.testing.assert_array_equal(mask, want)
    assert set(np.unique(mask)) == {0, 1, 2, 3, 4}


def test_one_mask_per_folder(tmp_path: Path) -> None:
    """p231_r93_2 holds L7_p231_r93_2_newmask2015.TIF and L7_p231_r93_newmask2015.TIF."""
    folder = irish_scene(tmp_path, path=231, row=93, suffix="_2", k=2)
    irish_scene(tmp_path, path=231, row=93, suffix="_2", k=4,
                mask_name="L7_p231_r93_newmask2015.TIF")
    irish_scene(tmp_path, path=231, row=93, suffix="_2", k=3, mask_name="p231_r93_2_mask2019.TIF")
    assert len(list(folder.glob("*mask*.TIF"))) == 3
    ds = L7Irish(tmp_path, cache=False)
    assert len(ds.mask) == 1 and len(ds) == 1
    rows, cols = grid(6, 6)
    np.testing.assert_array_equal(ds[_window(0, 0, 6)]["mask"].numpy(),
                                  np.vectorize(INDEX.get)(irish_mask(2, rows, cols)))


def test_zone_archives_are_extracted(tmp_path: Path) -> None:
    irish_scene(tmp_path, "austral", 226, 98, k=0)
    irish_scene(tmp_path, "boreal", 227, 98, date(2001, 11, 3), k=3, origin=(300360.0,
                                                                            4000000.0))
    tar_zone(tmp_path, "austral")
    tar_zone(tmp_path, "boreal")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["austral.tar.gz", "boreal.tar.gz"]
    ds = L7Irish(tmp_path, cache=False)
    assert len(ds) == 2 and (tmp_path / "boreal" / "p227_r98").is_dir()
    rows, cols = grid(4, 4)
    np.testing.assert_array_equal(ds[_window(0, 12, 4)]["mask"].numpy(),
                                  np.vectorize(INDEX.get)(irish_mask(3, rows, cols)))


def test_read_only_zone_archive_goes_to_the_cache(tmp_path: Path,
                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("GEOPLUG_CACHE_DIR", str(tmp_path / "cache"))
    irish_scene(tmp_path / "data", "polar_north", 2, 27, k=1)
    tar_zone(tmp_path / "data", "polar_north")
    with read_only(tmp_path / "data"):
        ds = L7Irish(tmp_path / "data", cache=False)
        rows, cols = grid(5, 5)
        np.testing.assert_array_equal(ds[_window(3, 3, 5)]["mask"].numpy(),
                                      np.vectorize(INDEX.get)(irish_mask(1, rows + 3, cols + 3)))
    assert [p.name for p in (tmp_path / "data").iterdir()] == ["polar_north.tar.gz"]


def test_plot_and_conformance(tmp_path: Path) -> None:
    irish_scene(tmp_path)
    ds = L7Irish(tmp_path, cache=False)
    fig = ds.plot(ds[_window(0, 0, 8)])
    assert [ax.get_title() for ax in fig.axes] == ["image", "mask"]
    check_dataset_plugin("l7_irish", data=tmp_path, kwargs={"cache": False})


def _check_mirror_window(ds: L7Irish, k: int, bands: list[str]) -> None:
    rows, cols = grid(10, 10)
    sample = ds[_window(5, 3, 10)]
    assert sample["image"].dtype == torch.float32
    assert sample["image"].shape == (len(bands), 10, 10)
    xs = 300000.0 + (cols + 3 + 0.5) * 30
    ys = 4000000.0 - (rows + 5 + 0.5) * 30
    for i, band in enumerate(bands):
        np.testing.assert_array_equal(sample["image"][i].numpy(), irish_value(k, band, xs, ys))
    np.testing.assert_array_equal(sample["mask"].numpy(),
                                  np.vectorize(INDEX.get)(irish_mask(k, rows + 5, cols + 3)))


def test_mirror_layout_one_multiband_file_per_scene(tmp_path: Path) -> None:
    """TorchGeo's mirror: l7irish/<zone>/p<path>_r<row>/L71<path><row>_<row><date>.TIF."""
    mirror_scene(tmp_path, "austral", k=2)
    mirror_scene(tmp_path, "austral", 231, 93, date(2001, 5, 7), k=4, suffix="_2",
                 origin=(300720.0, 4000000.0))
    ds = L7Irish(tmp_path, bands=["B40", "B80", "B10"], cache=False)
    assert type(ds.image) is L7IrishStacked and len(ds) == 2 and len(ds.mask) == 2
    assert ds.res == (30.0, 30.0) and ds.crs.to_epsg() == 32720
    _check_mirror_window(ds, 2, ["B40", "B80", "B10"])
    assert L7Irish(tmp_path, cache=False).bands == BANDS[:-1]
    # each mask is dated by its scene (p231_r93_2 holds L7_p231_r93_newmask2015.TIF)
    day = float(np.datetime64("2001-05-07", "s").astype(np.int64))
    assert ds.mask.bounds.mint == pytest.approx(day)


def test_download_mirror_archives_with_checksum(tmp_path: Path, http_root: Path,
                                                http_server: object,
                                                monkeypatch: pytest.MonkeyPatch) -> None:
    src = tmp_path / "src"
    mirror_scene(src, "austral", k=1)
    mirror_scene(src, "boreal", 227, 98, date(2001, 11, 3), k=3, origin=(300720.0, 4000000.0))
    archives = {zone: tar_mirror_zone(src, zone, http_root) for zone in ("austral", "boreal")}
    ds = mirror_downloaded(
        monkeypatch, module, archives, http_server.url,  # type: ignore[attr-defined]
        lambda folder: L7Irish(folder, download=True, checksum=True, cache=False), tmp_path)
    assert sorted(p.name for p in (tmp_path / "ok").iterdir()) == [
        "austral.tar.gz", "boreal.tar.gz", "l7irish"]
    assert len(ds) == 2
    _check_mirror_window(ds, 1, list(BANDS[:-1]))  # B80 only when asked for
    for archive in archives.values():  # extracted already: nothing is fetched again
        archive.unlink()
    assert len(L7Irish(tmp_path / "ok", download=True, cache=False)) == 2
    with pytest.raises(ValueError, match="one local folder"):
        L7Irish([tmp_path / "ok"], download=True, cache=False)


def test_mirror_archive_found_by_hand_is_extracted(tmp_path: Path) -> None:
    mirror_scene(tmp_path / "src", "tropical", k=3)
    (tmp_path / "data").mkdir()
    tar_mirror_zone(tmp_path / "src", "tropical", tmp_path / "data")
    ds = L7Irish(tmp_path / "data", bands=["B30"], cache=False)
    assert (tmp_path / "data" / "l7irish" / "tropical" / "p226_r98").is_dir()
    _check_mirror_window(ds, 3, ["B30"])
