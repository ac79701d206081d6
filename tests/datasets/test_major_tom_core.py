"""Major TOM Core read from the publisher's Parquet parts (GeoTIFF bytes per band column)."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

import matplotlib
import numpy as np
import pytest
import torch
from matplotlib.figure import Figure
from rasterio.crs import CRS

from fakedata import major_tom_core as fake
from geoplug.core.bbox import BoundingBox
from geoplug.core.errors import DatasetNotFoundError, InvalidDataError
from geoplug.core.testing import check_dataset_plugin
from geoplug.datasets.major_tom_core import MajorTOMCore

matplotlib.use("Agg")

if importlib.util.find_spec("pyarrow") is None:
    pytest.skip("Major TOM ships Parquet: writing and reading it needs pyarrow",
                allow_module_level=True)


@pytest.fixture(scope="module")
def root(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("major_tom")
    for collection in fake.COLLECTIONS:
        fake.make(folder, collection)
    return folder


def _grid(size: int = fake.PX) -> tuple[torch.Tensor, torch.Tensor]:
    return torch.meshgrid(torch.arange(size), torch.arange(size), indexing="ij")


def test_length_and_row_order(root: Path) -> None:
    ds = MajorTOMCore(root)
    assert len(ds) == 5
    cells = [ds[i]["grid_cell"] for i in range(len(ds))]
    assert cells == [fake.cell(i) for i in range(5)]  # part 1 then part 2, rows in order
    assert len(MajorTOMCore(root, parts=[2])) == 2


def test_s2l2a_pixels_nearest_upsampled_and_place(root: Path) -> None:
    ds = MajorTOMCore(root)
    sample = ds[3]  # part 2, its first row group: cell 3, second UTM zone
    assert set(sample) == {"image", "crs", "bounds", "grid_cell", "timestamp", "product_id"}
    assert sample["product_id"].startswith("S2A_MSIL2A_")  # its processing baseline
    image = sample["image"]
    assert image.dtype == torch.float32
    assert tuple(image.shape) == (12, fake.PX, fake.PX)
    rows, cols = _grid()
    for b, band in enumerate(fake.COLLECTIONS["Core-S2L2A"]):  # 10, 20 and 60 m bands
        expected = fake.at("Core-S2L2A", 3, band, rows, cols).to(torch.float32)
        assert torch.equal(image[b], expected), band
    assert sample["crs"] == CRS.from_string("EPSG:32718")
    x, y = fake.origin(3)
    assert sample["bounds"] == BoundingBox(x, x + 10 * fake.PX, y - 10 * fake.PX, y)
    assert sample["grid_cell"] == "15D_43L"
    assert sample["timestamp"] == fake.timestamp(3)


def test_band_subset_and_l1c(root: Path) -> None:
    ds = MajorTOMCore(root, collection="Core-S2L1C", bands=["B10", "B8A", "B02"])
    sample = ds[1]
    assert sample["image"][:, 5, 7].tolist() == [
        fake.at("Core-S2L1C", 1, b, 5, 7) for b in ("B10", "B8A", "B02")]
    assert sample["crs"] == CRS.from_string(fake.CRS[1])
    assert len(MajorTOMCore(root, collection="Core-S2L1C").all_bands) == 13
    with pytest.raises(ValueError, match="unknown band"):
        MajorTOMCore(root, bands=["B10"])  # L2A has no B10
    with pytest.raises(ValueError, match="collection"):
        MajorTOMCore(root, collection="Core-DEM")


def test_s1rtc(root: Path) -> None:
    ds = MajorTOMCore(root, collection="Core-S1RTC")
    sample = ds[4]
    assert tuple(sample["image"].shape) == (2, fake.PX, fake.PX)
    rows, cols = _grid()
    for b, band in enumerate(("vv", "vh")):
        assert torch.equal(sample["image"][b],
                           fake.at("Core-S1RTC", 4, band, rows.float(), cols.float()))
    assert sample["timestamp"] == fake.timestamp(4)  # from product_datetime
    assert sample["grid_cell"] == fake.cell(4)


def test_root_is_one_collection(root: Path) -> None:
    ds = MajorTOMCore(root / "Core-S1RTC", collection="Core-S1RTC", bands=["vh"])
    assert len(ds) == 5
    assert ds[0]["image"][0, 2, 3].item() == fake.at("Core-S1RTC", 0, "vh", 2.0, 3.0)


def test_download_parts(tmp_path: Path, http_root: Path, http_server,
                        monkeypatch: pytest.MonkeyPatch) -> None:
    fake.make(http_root, "Core-S2L2A", served=True)
    monkeypatch.setattr(MajorTOMCore, "base_url", http_server.url)
    ds = MajorTOMCore(tmp_path / "dl", download=True, parts=[2], bands=["B04"])
    assert sorted(p.name for p in (tmp_path / "dl" / "Core-S2L2A" / "images").iterdir()) == [
        "part_00002.parquet"]
    assert len(ds) == 2
    assert ds[1]["image"][0, 11, 0].item() == fake.at("Core-S2L2A", 4, "B04", 11, 0)
    with pytest.raises(OSError):  # part 9 is not served
        MajorTOMCore(tmp_path / "dl", download=True, parts=[9])
    with pytest.raises(ValueError, match="parts="):
        MajorTOMCore(tmp_path / "dl2", download=True)


def test_not_found_names_where_and_how(tmp_path: Path) -> None:
    with pytest.raises(DatasetNotFoundError) as info:
        MajorTOMCore(tmp_path, collection="Core-S1RTC")
    message = str(info.value)
    for text in (str(tmp_path / "Core-S1RTC"), "images/part_XXXXX.parquet", "download=True",
                 "huggingface.co/datasets/Major-TOM/Core-S1RTC"):
        assert text in message
    with pytest.raises(DatasetNotFoundError, match=r"images/part_00007\.parquet"):
        MajorTOMCore(tmp_path, parts=[7])


def test_corrupt_part_and_band_named(tmp_path: Path) -> None:
    fake.make(tmp_path, "Core-S2L2A")
    part = tmp_path / "Core-S2L2A" / "images" / "part_00002.parquet"
    part.write_bytes(b"PAR1 truncated")
    with pytest.raises(InvalidDataError, match=r"part_00002\.parquet"):
        MajorTOMCore(tmp_path)
    fake.write_part(part, "Core-S1RTC", (3,))  # a part of another collection
    with pytest.raises(InvalidDataError, match="no column B01"):
        MajorTOMCore(tmp_path)


def test_damaged_geotiff_named(tmp_path: Path) -> None:
    import pyarrow as pa
    import pyarrow.parquet as pq

    fake.make(tmp_path, "Core-S1RTC")
    part = tmp_path / "Core-S1RTC" / "images" / "part_00001.parquet"
    table = pq.read_table(part)
    vh = table.column("vh").to_pylist()
    vh[1] = b"II*\x00 not a tiff"
    table = table.set_column(table.schema.get_field_index("vh"), "vh",
                             pa.array(vh, table.schema.field("vh").type))
    pq.write_table(table, part, row_group_size=1)
    ds = MajorTOMCore(tmp_path, collection="Core-S1RTC")
    assert ds[0]["image"].shape[0] == 2
    with pytest.raises(InvalidDataError, match=rf"vh of .*part_00001.parquet row group 1 "
                                               rf"\(grid cell {fake.cell(1)}\)"):
        ds[1]


def test_without_pyarrow_says_what_to_install(root: Path,
                                              monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "pyarrow", None)
    monkeypatch.setitem(sys.modules, "pyarrow.parquet", None)
    with pytest.raises(ImportError, match=r"geoplug-datasets\[parquet\]"):
        MajorTOMCore(root)


def test_plot(root: Path) -> None:
    ds = MajorTOMCore(root)
    assert ds.rgb_indices == [3, 2, 1]
    assert isinstance(ds.plot(ds[0]), Figure)
    s1 = MajorTOMCore(root, collection="Core-S1RTC")
    assert s1.rgb_indices == []
    assert isinstance(s1.plot(s1[0]), Figure)


def test_transforms_applied(root: Path) -> None:
    def double(sample: dict) -> dict:
        return {**sample, "image": sample["image"] * 2}

    plain, doubled = MajorTOMCore(root)[2], MajorTOMCore(root, transforms=double)[2]
    assert np.array_equal(doubled["image"].numpy(), 2 * plain["image"].numpy())


def test_conformance(root: Path) -> None:
    check_dataset_plugin("major_tom_core", data=root)
    check_dataset_plugin("major_tom_core", data=root, kwargs={"collection": "Core-S1RTC"})


def test_s1_no_data_is_nan_and_empty_cells_are_named(tmp_path: Path) -> None:
    """Core-S1RTC marks no data with -32768.0 (GeoTIFF nodata): read as NaN, not as power."""
    import pyarrow as pa
    import pyarrow.parquet as pq
    from rasterio.io import MemoryFile
    from rasterio.transform import from_origin

    vv = fake.stored("Core-S1RTC", 0, "vv")
    vv[:2, :3] = -32768.0
    with MemoryFile() as memory:
        with memory.open(driver="GTiff", width=vv.shape[1], height=vv.shape[0], count=1,
                         dtype="float32", crs=fake.CRS[0], nodata=-32768.0,
                         transform=from_origin(*fake.origin(0), 10.0, 10.0)) as dst:
            dst.write(vv, 1)
        tagged = bytes(memory.read())
    cells = [fake.row("Core-S1RTC", 0), fake.row("Core-S1RTC", 1)]
    cells[0]["vv"], cells[1]["vh"] = tagged, b""
    part = tmp_path / "Core-S1RTC" / "images" / "part_00001.parquet"
    part.parent.mkdir(parents=True)
    pq.write_table(pa.table({k: [c[k] for c in cells] for k in cells[0]}), part,
                   row_group_size=1)
    ds = MajorTOMCore(tmp_path, collection="Core-S1RTC")
    image = ds[0]["image"]
    assert torch.isnan(image[0, :2, :3]).all() and not torch.isnan(image[0, 2:, :]).any()
    assert image[0, 2, 3].item() == fake.at("Core-S1RTC", 0, "vv", 2.0, 3.0)
    with pytest.raises(InvalidDataError, match="has no vh image"):
        ds[1]
