"""The shared chip-dataset path: find, extract, download, verify, select bands, plot."""

from __future__ import annotations

import hashlib
import zipfile
from pathlib import Path
from typing import Any, ClassVar

import numpy as np
import pytest
import rasterio
from affine import Affine

from geoplug.core.download import Resource
from geoplug.core.errors import ChecksumError, DatasetNotFoundError, InvalidDataError
from geoplug.core.nongeo import NonGeoClassificationDataset, NonGeoDataset
from geoplug.core.specfacts import DatasetSpecError
from geoplug.core.specs import DatasetSpec
from testkit.http import Served

TOY_SPEC = {"name": "toy_chips", "target": "test_nongeo:ToyChips", "task": "classification",
            "splits": ("train",), "bands": ("B1", "B2", "B3", "B4"),
            "rgb_bands": ("B3", "B2", "B1"), "classes": ("field", "water")}


class ToyChips(NonGeoClassificationDataset, spec=TOY_SPEC):
    resources: ClassVar[tuple[Resource, ...]] = (
        Resource(url="http://127.0.0.1:9/toy.zip", filename="toy.zip"),
    )

    def _class_root(self) -> Path:
        return self.root / "toy"


def _make_archive(folder: Path) -> str:
    """Two 4-band GeoTIFF chips per class, zipped as toy/<class>/<n>.tif; returns md5."""
    staging = folder / "staging"
    for label, cls in enumerate(ToyChips.classes):
        (staging / "toy" / cls).mkdir(parents=True)
        for n in range(2):
            data = np.stack([np.full((8, 8), 10 * label + band + n, np.uint16)
                             for band in range(4)])
            with rasterio.open(staging / "toy" / cls / f"{n}.tif", "w", driver="GTiff",
                               width=8, height=8, count=4, dtype="uint16") as dst:
                dst.write(data)
    archive = folder / "toy.zip"
    with zipfile.ZipFile(archive, "w") as zf:
        for path in sorted(staging.rglob("*.tif")):
            zf.write(path, path.relative_to(staging).as_posix())
    return hashlib.md5(archive.read_bytes()).hexdigest()


def test_missing_dataset_says_where_and_how(tmp_path: Path) -> None:
    with pytest.raises(DatasetNotFoundError) as info:
        ToyChips(root=tmp_path / "nowhere")
    message = str(info.value)
    assert str(tmp_path / "nowhere") in message and "download=True" in message
    assert isinstance(info.value, FileNotFoundError)


def test_archive_on_disk_is_extracted_and_read(tmp_path: Path) -> None:
    _make_archive(tmp_path)
    ds = ToyChips(root=tmp_path)
    assert len(ds) == 4 and ds.class_to_idx == {"field": 0, "water": 1}
    sample = ds[3]  # water, n=1
    assert sample["image"].dtype.is_floating_point and tuple(sample["image"].shape) == (4, 8, 8)
    assert sample["image"][:, 0, 0].tolist() == [11.0, 12.0, 13.0, 14.0]
    assert int(sample["label"]) == 1


def test_a_renamed_class_folder_is_refused_not_dropped(tmp_path: Path) -> None:
    # a copy whose "water" folder became "Water" (case-sensitive file systems): its images
    # were silently left out, every sample labelled field
    _make_archive(tmp_path)
    assert len(ToyChips(root=tmp_path)) == 4
    (tmp_path / "toy" / "water").rename(tmp_path / "toy" / "Water")
    with pytest.raises(InvalidDataError, match=r"\['water'\] .* of no class: \['Water'\]"):
        ToyChips(root=tmp_path)


class ListedToyChips(ToyChips, spec={**TOY_SPEC, "name": "listed_toy_chips"}):
    """The toy chips split by a list file (as EuroSAT's and UC Merced's published lists)."""

    def _split_list_path(self) -> Path:
        return self.root / "train.txt"


def test_a_listed_image_missing_from_the_class_folders_is_refused_not_dropped(
        tmp_path: Path) -> None:
    _make_archive(tmp_path)
    (tmp_path / "train.txt").write_text("0.jpg\n1.jpg\n")  # the lists name .jpg; stems match
    assert len(ListedToyChips(root=tmp_path)) == 4
    (tmp_path / "toy" / "water" / "1.tif").unlink()  # field/1.tif still answers for stem 1
    assert len(ListedToyChips(root=tmp_path)) == 3
    (tmp_path / "toy" / "field" / "1.tif").unlink()
    with pytest.raises(InvalidDataError, match=r"1 image\(s\) listed in .*train.txt.* e\.g\. 1;"):
        ListedToyChips(root=tmp_path)


def test_band_selection_order_and_errors(tmp_path: Path) -> None:
    _make_archive(tmp_path)
    ds = ToyChips(root=tmp_path, bands=["B4", "B1"])
    assert ds[3]["image"][:, 0, 0].tolist() == [14.0, 11.0]
    assert ds.rgb_indices == []
    assert ToyChips(root=tmp_path, bands=["B1", "B2", "B3"]).rgb_indices == [2, 1, 0]
    with pytest.raises(ValueError, match="unknown band"):
        ToyChips(root=tmp_path, bands=["B9"])
    with pytest.raises(ValueError, match="split 'val' is not one of train"):
        ToyChips(root=tmp_path, split="val")


def test_download_checksum_and_transforms(tmp_path: Path, http_root: Path,
                                          http_server: Served,
                                          monkeypatch: pytest.MonkeyPatch) -> None:
    md5 = _make_archive(http_root)
    monkeypatch.setattr(ToyChips, "resources", (
        Resource(url=f"{http_server.url}/toy.zip", filename="toy.zip", md5=md5),))
    ds = ToyChips(root=tmp_path / "dl", download=True, checksum=True,
                  transforms=lambda s: {**s, "image": s["image"] * 2})
    assert len(ds) == 4 and float(ds[0]["image"][0, 0, 0]) == 0.0
    assert float(ds[1]["image"][0, 0, 0]) == 2.0
    # a corrupt archive on disk is caught when checksum=True
    bad = tmp_path / "bad"
    bad.mkdir()
    (bad / "toy.zip").write_bytes(b"garbage")
    with pytest.raises(ChecksumError, match="delete it"):
        ToyChips(root=bad, checksum=True)


def test_plot_returns_figure(tmp_path: Path) -> None:
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    _make_archive(tmp_path)
    ds = ToyChips(root=tmp_path)
    figure = ds.plot(ds[0])
    assert figure.axes and "field" in figure.axes[0].get_xlabel()
    plt.close(figure)


# -- facts from the spec ----------------------------------------------------------------------
def test_spec_sets_the_class_facts() -> None:
    assert ToyChips.name == "toy_chips" and ToyChips.task == "classification"
    assert ToyChips.all_bands == ("B1", "B2", "B3", "B4")
    assert ToyChips.rgb_bands == ("B3", "B2", "B1")
    assert ToyChips.classes == ("field", "water") and ToyChips.splits == ("train",)
    assert isinstance(ToyChips.spec, DatasetSpec) and ToyChips.spec.name == "toy_chips"
    # a plain subclass inherits them; the base stays without a spec
    assert type("MoreToys", (ToyChips,), {}).classes == ("field", "water")
    assert NonGeoClassificationDataset.spec is None


@pytest.mark.parametrize(("change", "message"), [
    ({"kind": "geo"}, r"is a NonGeoDataset but its spec 'toy_chips' says kind='geo'"),
    ({"splits": ()}, r"lists no splits"),
    ({"rgb_bands": ("B3", "B9", "B1")}, r"RGB band\(s\) \['B9'\] that are not among its bands"),
    ({"task": "Not A Word"}, r"invalid dataset spec 'toy_chips'"),
])
def test_a_spec_that_contradicts_the_class_is_refused(change: dict[str, Any],
                                                      message: str) -> None:
    with pytest.raises(DatasetSpecError, match=message):
        type("Bad", (NonGeoClassificationDataset,), {}, spec={**TOY_SPEC, **change})


def test_a_fact_restated_in_the_class_body_is_refused() -> None:
    with pytest.raises(DatasetSpecError, match=r"sets classes in its body .* write each fact "
                                               r"once"):
        type("Twice", (NonGeoClassificationDataset,), {"classes": ("a", "b")}, spec=TOY_SPEC)
    assert issubclass(DatasetSpecError, ValueError)


def test_geo_datasets_take_their_spec_too() -> None:
    from geoplug.core.raster import RasterDataset

    layer = {"name": "toy_layer", "target": "test_nongeo:Layer", "task": "segmentation",
             "kind": "geo", "bands": ("R", "G", "B", "NIR"), "rgb_bands": ("R", "G", "B")}
    cls = type("Layer", (RasterDataset,), {}, spec=layer)
    assert cls.all_bands == ("R", "G", "B", "NIR") and cls.rgb_bands == ("R", "G", "B")
    assert cls.name == "toy_layer" and cls.task == "segmentation" and cls.splits == ()
    with pytest.raises(DatasetSpecError, match="is a GeoDataset but its spec 'toy_layer' says "
                                               "kind='nongeo'"):
        type("Layer", (RasterDataset,), {}, spec={**layer, "kind": "nongeo"})


# -- the class-per-folder reader ---------------------------------------------------------------
class ListedChips(NonGeoClassificationDataset, spec={**TOY_SPEC, "splits": ("train", "test")}):
    """Mirror layouts (``image_dirs``) and split lists that name .jpg files for .tif chips."""

    image_dirs = ("release/tif", "mirror", ".")
    split_lists: ClassVar[dict[str, str]] = {"train": "train.txt", "test": "test.txt"}


def _tree(folder: Path, lists: dict[str, str]) -> None:
    for label, cls in enumerate(ListedChips.classes):
        (folder / "mirror" / cls).mkdir(parents=True)
        for n in range(3):
            data = np.stack([np.full((4, 4), 100 * label + 10 * n + b, np.uint16)
                             for b in range(4)])
            with rasterio.open(folder / "mirror" / cls / f"{cls}_{n}.tif", "w", driver="GTiff",
                               width=4, height=4, count=4, dtype="uint16", crs="EPSG:32631",
                               transform=Affine(10, 0, 500000, 0, -10, 4000000)) as dst:
                dst.write(data)
    for split, text in lists.items():
        (folder / f"{split}.txt").write_text(text)


def test_image_dirs_and_split_lists_match_on_the_stem(tmp_path: Path) -> None:
    _tree(tmp_path, {"train": "field_0.jpg\nwater_2.jpg\n\n", "test": "field_1.jpg\n"})
    train = ListedChips(tmp_path)
    assert [(p.name, label) for p, label in train.samples] == [("field_0.tif", 0),
                                                                ("water_2.tif", 1)]
    assert train[1]["image"][:, 0, 0].tolist() == [120.0, 121.0, 122.0, 123.0]
    test = ListedChips(tmp_path, split="test", bands=["B2"])
    assert len(test) == 1 and test[0]["image"][:, 0, 0].tolist() == [11.0]


def test_a_split_list_naming_no_image_raises_instead_of_an_empty_dataset(
        tmp_path: Path) -> None:
    _tree(tmp_path, {"train": "field_0.jpg\n", "test": "elsewhere_7.jpg\n"})
    with pytest.raises(InvalidDataError, match=r"no \.tif/\.tiff/.* image listed in .*test\.txt "
                                               r"was found in the class folders \(field, water\)"):
        ListedChips(tmp_path, split="test")


def test_a_loader_that_indexes_nothing_says_why(tmp_path: Path) -> None:
    class Nothing(NonGeoDataset, spec={**TOY_SPEC, "name": "nothing"}):
        def _exists(self) -> bool:
            return True

        def _load(self) -> None:
            self.items: list[int] = []

        def _empty_reason(self) -> str:
            return "every tile is smaller than one chip"

        def __len__(self) -> int:
            return len(self.items)

        def __getitem__(self, index: int) -> dict[str, Any]:
            raise IndexError(index)

    with pytest.raises(InvalidDataError, match=r"nothing: found the files under .* but the "
                                               r"'train' split yields no sample: every tile is "
                                               r"smaller than one chip"):
        Nothing(root=tmp_path)


def test_plot_names_withheld_labels_unlabelled() -> None:
    import torch

    from geoplug.core.plot import plot_sample

    image = torch.arange(3 * 4 * 5, dtype=torch.float32).reshape(3, 4, 5)
    classes = ("a", "b", "c")
    titles: dict[str, str] = {}
    for name, label in (("scalar", torch.tensor(-1)), ("multi", torch.full((3,), -1)),
                        ("hot", torch.tensor([0, 1, 1]))):
        fig = plot_sample({"image": image, "label": label}, rgb_indices=(0, 1, 2),
                          classes=classes)
        titles[name] = fig.axes[0].get_xlabel()
    assert titles["scalar"] == "label: (unlabelled)"
    assert titles["multi"] == "label: (unlabelled)"
    assert titles["hot"] == "label: b, c"



def test_plot_of_an_image_without_objects() -> None:
    """Instance masks [0, H, W] (a chip without any object) plot as an empty mask panel."""
    import torch

    from geoplug.core.plot import plot_sample

    image = torch.arange(3 * 4 * 5, dtype=torch.float32).reshape(3, 4, 5)
    fig = plot_sample({"image": image, "mask": torch.zeros(0, 4, 5, dtype=torch.uint8)},
                      rgb_indices=(0, 1, 2))
    assert len(fig.axes) == 2
    assert fig.axes[1].images[0].get_array().shape == (4, 5)
    assert not fig.axes[1].images[0].get_array().any()


def test_plot_panels_draws_each_panel_with_its_colour_map() -> None:
    import numpy as np

    from geoplug.core.plot import plot_panels

    colour = np.linspace(0, 1, 4 * 5 * 3).reshape(4, 5, 3)
    grey = np.arange(20.0).reshape(4, 5)
    fig = plot_panels([("rgb", colour), ("grey", grey), ("mask", grey, "Reds")],
                      suptitle="pair", size=2.0, interpolation="nearest")
    axes = fig.axes
    assert [ax.get_title() for ax in axes] == ["rgb", "grey", "mask"]
    assert axes[0].images[0].get_array().shape == (4, 5, 3)
    assert axes[1].images[0].get_cmap().name == "gray"
    assert axes[2].images[0].get_cmap().name == "Reds"
    assert axes[2].images[0].get_interpolation() == "nearest"
    assert tuple(fig.get_size_inches()) == (6.0, 2.0)
    assert fig._suptitle is not None and fig._suptitle.get_text() == "pair"
    untitled = plot_panels([("rgb", colour)], show_titles=False)
    assert untitled.axes[0].get_title() == "" and untitled._suptitle is None


def test_16_bit_png_chips_keep_their_values(tmp_path: Path) -> None:
    # a 16-bit PNG (elevation, SAR amplitude) was converted to RGB: every value above 255
    # read 255, and the one band became three
    from PIL import Image

    from geoplug.core.chipfiles import read_chip

    rows, cols = np.mgrid[0:4, 0:5]
    values = (300 + 100 * rows + 10 * cols).astype("uint16")
    Image.fromarray(values).save(tmp_path / "chip.png")
    with Image.open(tmp_path / "chip.png") as img:
        assert img.mode.startswith("I")  # written at 16 bits
    chip, _ = read_chip(tmp_path / "chip.png")
    assert chip.shape == (1, 4, 5) and chip.dtype == np.uint16
    np.testing.assert_array_equal(chip[0], values)
    rgb = np.stack([values % 256] * 3, axis=-1).astype("uint8")  # 8-bit images as before
    Image.fromarray(rgb).save(tmp_path / "rgb.png")
    np.testing.assert_array_equal(read_chip(tmp_path / "rgb.png")[0], rgb.transpose(2, 0, 1))
