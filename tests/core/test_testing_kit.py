"""geoplug.core.testing, the plugin author's kit: its writers, its fixtures and its checks.

Plugins are registered in memory; each deliberately broken dataset or model breaks one rule
of the contract, and its check must fail with a message naming that rule.
"""

from __future__ import annotations

import hashlib
import subprocess
import sys
import tarfile
import textwrap
import warnings
import zipfile
from collections.abc import Iterator
from datetime import date
from pathlib import Path
from typing import Any, ClassVar

import numpy as np
import pytest
import rasterio
import torch
from torch import nn

from geoplug.core.bbox import BoundingBox
from geoplug.core.download import Resource, extract_archive
from geoplug.core.errors import DatasetNotFoundError
from geoplug.core.nongeo import NonGeoClassificationDataset
from geoplug.core.pluginmanager import plugin_manager
from geoplug.core.plugins import hookimpl
from geoplug.core.raster import RasterDataset
from geoplug.core.testing import (
    ConformanceError,
    SceneSet,
    check_dataset_plugin,
    check_model_plugin,
    write_archive,
    write_chip_folders,
    write_geotiff_scenes,
)

BANDS = ("blue", "green", "red", "nir")
CLASSES = ("cropland", "forest", "water")


# -- fake data writers ---------------------------------------------------------------------------
def test_scenes_hold_the_documented_values_in_any_crs(tmp_path: Path) -> None:
    scenes = write_geotiff_scenes(tmp_path, crs="EPSG:5070", bands=BANDS, dtype="uint16",
                                  res=30.0, size=(12, 8), count=3, overlap=2,
                                  dates=[date(2024, 5, d) for d in (1, 2, 3)],
                                  filename="T_{index}_{date:%Y%m%d}.tif")
    assert [p.name for p in scenes.files] == ["T_0_20240501.tif", "T_1_20240502.tif",
                                              "T_2_20240503.tif"]
    with rasterio.open(scenes.files[1]) as src:
        assert src.crs.to_epsg() == 5070 and src.res == (30.0, 30.0)
        assert (src.width, src.height, src.count, src.dtypes[0]) == (12, 8, 4, "uint16")
        assert src.descriptions == BANDS
        # scene 1 starts 12 - 2 = 10 pixels east of scene 0
        assert src.transform.c == scenes.scenes[0].transform[2] + 10 * 30.0
        data = src.read()
    # value = 1 + ((scene * bands + band) * height + row) * width + col
    assert data[2, 5, 7] == 1 + ((1 * 4 + 2) * 8 + 5) * 12 + 7
    assert np.array_equal(data[3], scenes.expected(1, "nir"))
    assert np.array_equal(data[0, 2:5, 1:4], scenes.expected(1, 0, slice(2, 5), slice(1, 4)))
    decoded = scenes.decode(data[:, 6, 9])
    assert decoded["scene"].tolist() == [1] * 4 and decoded["band"].tolist() == [0, 1, 2, 3]
    assert decoded["row"].tolist() == [6] * 4 and decoded["col"].tolist() == [9] * 4


def test_scenes_one_file_per_band_in_degrees_and_small_dtypes(tmp_path: Path) -> None:
    scenes = write_geotiff_scenes(tmp_path / "geo", crs="EPSG:4326", res=0.001, size=4,
                                  bands=("B02", "B03"), dtype="float32", separate_files=True,
                                  filename="tile{index}_{band}.tif")
    assert sorted(p.name for p in scenes.files) == ["tile0_B02.tif", "tile0_B03.tif",
                                                    "tile1_B02.tif", "tile1_B03.tif"]
    with rasterio.open(tmp_path / "geo" / "tile1_B03.tif") as src:
        assert src.crs.is_geographic and src.count == 1 and src.dtypes[0] == "float32"
        assert np.array_equal(src.read(1), scenes.expected(1, "B03"))
    small = write_geotiff_scenes(tmp_path / "u8", dtype="uint8", size=32, count=2)
    assert not small.exact  # 2 * 3 * 32 * 32 pixels do not fit in 255 values
    values = small.expected(0, 0)
    assert values.min() >= 1 and len(np.unique(values[0])) == 32  # no 0, a row varies
    with pytest.raises(ValueError, match="too small"):
        small.decode(values)
    with pytest.raises(ValueError, match=r"\{band\} field"):
        write_geotiff_scenes(tmp_path / "x", separate_files=True)
    with pytest.raises(ValueError, match="one date per scene"):
        write_geotiff_scenes(tmp_path / "y", count=2, dates=[date(2024, 1, 1)])


class KitScenes(RasterDataset):
    """A plugin author's RasterDataset over the kit's scenes (registered as ``kit_scenes``)."""

    filename_glob = "KIT_*.tif"
    filename_regex = r"^KIT_(?P<index>\d{2})\.tif$"
    all_bands: ClassVar[tuple[str, ...]] = BANDS
    rgb_bands: ClassVar[tuple[str, ...]] = ("red", "green", "blue")


@pytest.fixture
def scenes(tmp_path: Path) -> SceneSet:
    return write_geotiff_scenes(tmp_path / "scenes", crs="EPSG:32633", bands=BANDS, res=10.0,
                                size=16, count=2, filename="KIT_{index:02d}.tif")


def test_scene_values_prove_the_window_a_raster_dataset_read(scenes: SceneSet) -> None:
    ds = KitScenes(scenes.root, bands=["nir", "red"])
    scene = scenes.scenes[1]
    minx, _, _, maxy = scene.bounds
    # rows 3..6, columns 5..11 of the second scene
    sample = ds[BoundingBox(minx + 5 * 10, minx + 12 * 10, maxy - 7 * 10, maxy - 3 * 10)]
    image = sample["image"].numpy()
    assert image.shape == (2, 4, 7)
    assert np.array_equal(image[0], scenes.expected(1, "nir", slice(3, 7), slice(5, 12)))
    assert np.array_equal(image[1], scenes.expected(1, "red", slice(3, 7), slice(5, 12)))
    assert scene.rowcol(*scene.xy(3, 5)) == (3, 5)


def test_chip_folders_in_each_format(tmp_path: Path) -> None:
    chips = write_chip_folders(tmp_path / "tif", CLASSES, splits=("train", "test"),
                               per_class={"train": 2, "test": 1}, bands=4, dtype="uint16")
    assert sorted(p.relative_to(tmp_path / "tif").as_posix() for p, _ in chips.files["test"]) \
        == ["test/cropland/cropland_1.tif", "test/forest/forest_1.tif", "test/water/water_1.tif"]
    assert [label for _, label in chips.files["train"]] == [0, 0, 1, 1, 2, 2]
    path, label = chips.files["train"][3]
    assert chips.label_of(path) == label == 1
    with rasterio.open(path) as src:
        assert src.crs.to_epsg() == 32631 and src.count == 4
        assert np.array_equal(src.read(), chips.expected(path))
    firsts = [chips.expected(p)[0, 0, 0] for pairs in chips.files.values() for p, _ in pairs]
    assert len(set(firsts)) == 9  # every chip differs
    warnings.simplefilter("ignore", rasterio.errors.NotGeoreferencedWarning)  # PNG, JPEG
    png = write_chip_folders(tmp_path / "png", CLASSES[:2], per_class=1, fmt="png")
    for p, _ in png.files[None]:
        with rasterio.open(p) as src:
            assert src.driver == "PNG" and np.array_equal(src.read(), png.expected(p))
    jpg = write_chip_folders(tmp_path / "jpg", CLASSES[:1], per_class=1, fmt="jpg", size=32)
    (p, _), = jpg.files[None]
    assert not jpg.exact
    with rasterio.open(p) as src:  # lossy, but close to what was written
        driver = src.driver
        error = np.abs(src.read().astype(int) - jpg.expected(p).astype(int))
    assert driver == "JPEG" and np.median(error) <= 8
    with pytest.raises(ValueError, match="JPEG chips are uint8"):
        write_chip_folders(tmp_path / "bad", fmt="jpg", bands=4)
    with pytest.raises(ValueError, match="fmt must be one of"):
        write_chip_folders(tmp_path / "bad", fmt="bmp")


@pytest.mark.parametrize("suffix", [".zip", ".tar.gz", ".tar"])
def test_archives_are_reproducible_and_extract_to_the_same_tree(tmp_path: Path,
                                                                suffix: str) -> None:
    chips = write_chip_folders(tmp_path / "chips", CLASSES[:2], per_class=2)
    first = write_archive(tmp_path / "chips", tmp_path / f"a{suffix}")
    again = write_archive(tmp_path / "chips", tmp_path / f"b{suffix}")
    data = first.path.read_bytes()
    assert first.md5 == hashlib.md5(data).hexdigest() == again.md5
    assert first.sha256 == hashlib.sha256(data).hexdigest() and first.size == len(data)
    assert "chips/forest/forest_2.tif" in first.members and first.members[0] == "chips"
    if suffix == ".zip":
        assert zipfile.is_zipfile(first.path)
    else:
        assert tarfile.is_tarfile(first.path)
    out = extract_archive(first.path, tmp_path / "out")
    for p, _ in chips.files[None]:
        copy = out / "chips" / p.relative_to(tmp_path / "chips")
        assert copy.read_bytes() == p.read_bytes()
    flat = write_archive(tmp_path / "chips", tmp_path / f"flat{suffix}", arcname="")
    assert "forest/forest_2.tif" in flat.members


def test_http_fixture_serves_for_a_plugin_authors_tests(tmp_path: Path) -> None:
    """What a plugin author writes: the kit's fixtures from conftest, in their own pytest run."""
    (tmp_path / "conftest.py").write_text('pytest_plugins = ["geoplug.core.testing.fixtures"]\n')
    (tmp_path / "test_author.py").write_text(textwrap.dedent("""
        from geoplug.core.download import download_url
        from geoplug.core.testing import write_archive, write_chip_folders

        def test_download(tmp_path, http_root, http_server):
            write_chip_folders(tmp_path / "chips", per_class=1)
            archive = write_archive(tmp_path / "chips", http_root / "chips.zip")
            got = download_url(f"{http_server.url}/chips.zip", tmp_path / "dl",
                               md5=archive.md5, progress=False)
            assert got.read_bytes() == archive.path.read_bytes()
            assert [r.path for r in http_server.stats.requests] == ["/chips.zip"]
    """))
    result = subprocess.run([sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider",
                             str(tmp_path)], capture_output=True, text=True, timeout=300,
                            cwd=tmp_path)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "1 passed" in result.stdout


def test_importing_the_kit_needs_neither_pytest_nor_torch() -> None:
    code = ("import sys, geoplug.core.testing as t; t.write_archive; "
            "print(sorted({'pytest', 'torch'} & set(sys.modules)))")
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                            timeout=120)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "[]"


# -- check_dataset_plugin ------------------------------------------------------------------------
class GoodChips(NonGeoClassificationDataset):
    """A conforming chip dataset: ``<root>/kit_chips/<split>/<class>/*.tif``."""

    name = "kit_chips"
    splits: ClassVar[tuple[str, ...]] = ("train", "test")
    all_bands: ClassVar[tuple[str, ...]] = BANDS
    rgb_bands: ClassVar[tuple[str, ...]] = ("red", "green", "blue")
    classes: ClassVar[tuple[str, ...]] = CLASSES
    resources: ClassVar[tuple[Resource, ...]] = (
        Resource(url="http://127.0.0.1:9/kit_chips.zip", filename="kit_chips.zip"),)

    def _class_root(self) -> Path:
        return self.root / "kit_chips" / self.split


class WrongOrder(GoodChips):
    def __init__(self, split: str = "train", root: str = "data", bands: Any = None,
                 transforms: Any = None, download: bool = False, checksum: bool = False) -> None:
        super().__init__(root, split, bands, transforms, download, checksum)


class DownloadsByDefault(GoodChips):
    def __init__(self, root: str = "data", split: str = "train", bands: Any = None,
                 transforms: Any = None, download: bool = True, checksum: bool = False) -> None:
        super().__init__(root, split, bands, transforms, download, checksum)


class PlainNotFound(GoodChips):
    def _prepare(self, download: bool, checksum: bool) -> None:
        if not self._exists():
            raise FileNotFoundError("no data")


class Int32Labels(GoodChips):
    def __getitem__(self, index: int) -> dict[str, Any]:
        sample = super().__getitem__(index)
        return {**sample, "label": sample["label"].to(torch.int32)}


class IgnoresTransforms(GoodChips):
    def _apply(self, sample: dict[str, Any]) -> dict[str, Any]:
        return sample


class NoFigure(GoodChips):
    def plot(self, sample: dict[str, Any], show_titles: bool = True,
             suptitle: str | None = None) -> Any:
        return None


class EndlessIndex(GoodChips):
    def __getitem__(self, index: int) -> dict[str, Any]:
        return super().__getitem__(index % len(self))


class _Plugin:
    def __init__(self, specs: list[dict[str, Any]], models: list[dict[str, Any]] | None = None,
                 weights: list[dict[str, Any]] | None = None) -> None:
        self.specs, self.models, self.weights = specs, models or [], weights or []

    @hookimpl
    def geoplug_datasets(self) -> list[dict[str, Any]]:
        return self.specs

    @hookimpl
    def geoplug_models(self) -> list[dict[str, Any]]:
        return self.models

    @hookimpl
    def geoplug_weights(self) -> list[dict[str, Any]]:
        return self.weights


def _chip_spec(name: str, cls: str, **extra: Any) -> dict[str, Any]:
    return {"name": name, "target": f"{__name__}:{cls}", "task": "classification",
            "kind": "nongeo", "bands": BANDS, "rgb_bands": ("red", "green", "blue"),
            "classes": CLASSES, "num_classes": 3, "splits": ("train", "test"),
            "license": "CC0-1.0", "homepage": "https://example.org", "citation": "-", **extra}


@pytest.fixture
def kit_plugins() -> Iterator[None]:
    specs = [_chip_spec("kit_chips", "GoodChips"),
             {"name": "kit_scenes", "target": f"{__name__}:KitScenes", "task": "generic",
              "kind": "geo", "bands": BANDS}]
    for name in ("WrongOrder", "DownloadsByDefault", "PlainNotFound", "Int32Labels",
                 "IgnoresTransforms", "NoFigure", "EndlessIndex"):
        specs.append(_chip_spec(f"kit_{name.lower()}", name))
    specs += [_chip_spec("kit_badstats", "GoodChips", mean=(1.0, 2.0)),
              _chip_spec("kit_missing", "GoodChips", target="geoplug_no_such_module:Chips"),
              {"name": "kit_georder", "target": f"{__name__}:GoodChips", "task": "generic",
               "kind": "geo"}]
    net = f"{__name__}:kit_net"
    models = [{"name": "kit_net", "target": net},
              {"name": "kit_rgb_only", "target": f"{__name__}:kit_rgb_only"},
              {"name": "kit_flat_seg", "target": net, "task": "segmentation"},
              {"name": "kit_badweights", "target": net}]
    weights = [{"name": "kit_net.toy", "url": "https://example.org/net.pt", "sha256": "ab" * 32,
                "model": "kit_net", "in_chans": 4, "bands": BANDS, "mean": [0.1] * 4,
                "std": [0.2] * 4},
               {"name": "kit_badweights.toy", "url": "https://example.org/x.pt",
                "model": "kit_badweights", "in_chans": 4, "bands": BANDS, "mean": [0.1] * 3}]
    pm = plugin_manager()
    pm.register(_Plugin(specs, models, weights), name="kit-plugin")
    yield
    pm.unregister(name="kit-plugin")


@pytest.fixture
def chips_root(tmp_path: Path) -> Path:
    write_chip_folders(tmp_path / "data" / "kit_chips", CLASSES, splits=("train", "test"),
                       per_class=2, bands=4, dtype="uint16")
    return tmp_path / "data"


def test_a_conforming_chip_dataset_passes(kit_plugins: None, chips_root: Path) -> None:
    report = check_dataset_plugin("kit_chips", data=chips_root)
    text = str(report)
    assert "an empty folder raises DatasetNotFoundError naming it" in text
    assert "6 samples; the first and last have the keys, dtypes and shapes of task " \
           "'classification'" in text
    assert "transforms receives and replaces each sample dict" in report.passed
    assert "bands=['blue'] selects one channel" in report.passed
    assert "plot(sample) returns a matplotlib Figure" in report.passed
    assert any("registered in memory" in n for n in report.notes)
    # the same data, read as a user would
    sample = GoodChips(chips_root, split="test")[2]
    assert sample["image"].dtype == torch.float32 and int(sample["label"]) == 1


def test_a_conforming_geo_dataset_passes(kit_plugins: None, scenes: SceneSet) -> None:
    report = check_dataset_plugin("kit_scenes", data=scenes.root)
    assert "a query returns crs, bounds and image/mask of the query's size" in report.passed
    assert "bands=['blue'] selects one channel" in report.passed
    assert any("no license" in n for n in report.notes)
    report = check_dataset_plugin("kit_scenes")  # without data: the static checks only
    assert any("no data given" in n for n in report.notes)
    assert len(report.passed) == 3


@pytest.mark.parametrize(("name", "problem"), [
    ("kit_wrongorder", "constructor parameter 1 is 'split', expected 'root': nongeo datasets "
                       "take WrongOrder(root, split, bands, transforms, download, checksum"),
    ("kit_downloadsbydefault", "constructor parameter 'download' defaults to True; the "
                               "contract says download=False"),
    ("kit_plainnotfound", "an empty folder raised FileNotFoundError: no data; raise "
                          "geoplug.core.errors.DatasetNotFoundError"),
    ("kit_int32labels", "sample['label'] is int32 [], expected int64 0-d (classification "
                        "labels are int64 scalars)"),
    ("kit_ignorestransforms", "transforms is not applied to samples"),
    ("kit_nofigure", "plot(sample) returned NoneType, expected a matplotlib Figure"),
    ("kit_endlessindex", "dataset[6] (one past the end) returned a sample; raise IndexError"),
    ("kit_badstats", "spec mean has 2 values for 4 bands"),
    ("kit_missing", "the target cannot be imported"),
    ("kit_georder", "GoodChips is a geo dataset but does not subclass geoplug.core.GeoDataset"),
    ("kit_nothing", "dataset 'kit_nothing' is not registered"),
])
def test_a_broken_dataset_fails_naming_the_problem(kit_plugins: None, chips_root: Path,
                                                   name: str, problem: str) -> None:
    with pytest.raises(ConformanceError) as info:
        check_dataset_plugin(name, data=chips_root)
    assert problem in str(info.value)
    assert isinstance(info.value, AssertionError)  # pytest reports it as a failed assertion
    if name != "kit_nothing":
        assert f"dataset plugin {name!r} (registered by <memory>) does not conform" \
               in str(info.value)


def test_every_problem_is_listed_at_once(kit_plugins: None, chips_root: Path) -> None:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        plugin_manager().register(_Plugin([_chip_spec("kit_twice", "Int32Labels",
                                                      rgb_bands=("red", "pink", "blue"))]),
                                  name="kit-twice")
    try:
        with pytest.raises(ConformanceError) as info:
            check_dataset_plugin("kit_twice", data=chips_root)
    finally:
        plugin_manager().unregister(name="kit-twice")
    assert len(info.value.problems) == 2
    assert "rgb_bands ['red', 'pink', 'blue'] are not all in bands" in info.value.problems[0]
    assert "sample['label'] is int32" in info.value.problems[1]


def test_the_empty_folder_check_uses_the_real_error(kit_plugins: None, tmp_path: Path) -> None:
    with pytest.raises(DatasetNotFoundError, match="kit_chips"):
        GoodChips(tmp_path)  # what the check expects, raised by the class itself


# -- check_model_plugin --------------------------------------------------------------------------
def kit_net(in_chans: int = 3, num_classes: int = 2) -> nn.Module:
    """A tiny classifier taking any number of bands."""
    return nn.Sequential(nn.Conv2d(in_chans, 4, 3, padding=1), nn.AdaptiveAvgPool2d(1),
                         nn.Flatten(), nn.Linear(4, num_classes))


def kit_rgb_only(num_classes: int = 2) -> nn.Module:
    """Breaks the contract: no ``in_chans``."""
    return kit_net(3, num_classes)


def test_a_conforming_model_passes(kit_plugins: None) -> None:
    report = check_model_plugin("kit_net", in_chans=7, num_classes=4, input_size=32)
    assert "builds with in_chans=7, num_classes=4" in report.passed
    assert "forward on [2, 7, 32, 32] returns [2, 4]" in report.passed
    assert "1 weights entries for 'kit_net' are consistent" in report.passed


@pytest.mark.parametrize(("name", "problem"), [
    ("kit_rgb_only", "the builder takes no 'in_chans' keyword; geoplug models take any number "
                     "of input bands"),
    ("kit_flat_seg", "forward on a [2, 5, 64, 64] batch returned [2, 3]; a segmentation model "
                     "returns [B, num_classes, H, W] = [2, 3, 64, 64]"),
    ("kit_badweights", "weights 'kit_badweights.toy' give 3 mean values for in_chans=4"),
    ("kit_nonet", "model 'kit_nonet' is not registered"),
])
def test_a_broken_model_fails_naming_the_problem(kit_plugins: None, name: str,
                                                 problem: str) -> None:
    with pytest.raises(ConformanceError) as info:
        check_model_plugin(name)
    assert problem in str(info.value)
