"""Patch embeddings in GeoParquet (Clay, Earth Index, Major TOM) queried by bounding box."""

from __future__ import annotations

import pickle
import shutil
import sys
from pathlib import Path

import numpy as np
import pyarrow as pa
import pyarrow.parquet as pq
import pytest
import torch
from pyproj import Transformer

from fakedata._points import utc_seconds
from fakedata.geo_embeddings import (
    CLAY,
    DIMS,
    EARTH_INDEX,
    MAJOR_TOM,
    SIDE,
    FakeFile,
    value,
    write_all,
    write_file,
)
from geoplug.core import BoundingBox
from geoplug.core.errors import DatasetNotFoundError, InvalidDataError, QueryOutsideDataError
from geoplug.core.testing import check_dataset_plugin
from geoplug.datasets.geo_embeddings import (
    ClayEmbeddings,
    EarthIndexEmbeddings,
    MajorTOMEmbeddings,
    collate_embeddings,
)


def vectors(file: FakeFile, ks: list[int], dim: int) -> np.ndarray:
    return np.asarray([[value(file.f, k, d) for d in range(dim)] for k in ks], np.float32)


def around(file: FakeFile, k: int, t0: float = 0.0, t1: float = 2e9) -> BoundingBox:
    """A box holding the centre of chip ``k`` of ``file`` and no other chip's centre."""
    x, y = file.centre(k)
    return BoundingBox(x - SIDE / 4, x + SIDE / 4, y - SIDE / 4, y + SIDE / 4, t0, t1)


def test_clay_every_chip_is_its_row(tmp_path: Path) -> None:
    write_all(tmp_path, "clay")
    ds = ClayEmbeddings(tmp_path)
    assert len(ds) == 8 and ds.crs.to_epsg() == 4326 and ds.embedding_dim == 768
    sample = ds[ds.bounds]
    assert sample["embedding"].dtype == torch.float32 and sample["time"].dtype == torch.float64
    assert sample["points"].dtype == torch.float32 and sample["bbox_xyxy"].dtype == torch.float32
    want = np.concatenate([vectors(f, list(range(len(f.cells))), 768) for f in CLAY])
    np.testing.assert_array_equal(sample["embedding"].numpy(), want)
    boxes = [f.box(k) for f in CLAY for k in range(len(f.cells))]
    np.testing.assert_allclose(sample["bbox_xyxy"].numpy(), boxes, atol=1e-5)
    centres = [f.centre(k) for f in CLAY for k in range(len(f.cells))]
    np.testing.assert_allclose(sample["points"].numpy(), centres, atol=1e-5)
    days = [utc_seconds(f"{d}T00:00:00") for f in CLAY for d in f.dates]
    np.testing.assert_array_equal(sample["time"].numpy(), days)
    assert ds.plot(sample).axes


def test_clay_box_and_date_pick_the_chips(tmp_path: Path) -> None:
    write_all(tmp_path, "clay")
    ds = ClayEmbeddings(tmp_path)
    first, second = CLAY
    # a box holding the centres of chips 1 (row 0, col 1) and 3 (row 1, col 1) of the first file
    x0, y0, _, _ = first.box(3)
    _, _, x1, y1 = first.box(1)
    sample = ds[BoundingBox(x0 + SIDE / 4, x1 - SIDE / 4, y0 + SIDE / 4, y1 - SIDE / 4)]
    np.testing.assert_array_equal(sample["embedding"].numpy(), vectors(first, [1, 3], 768))
    np.testing.assert_allclose(sample["bbox_xyxy"].numpy(), [first.box(1), first.box(3)],
                               atol=1e-5)
    # the second file's first cell holds one location on three dates: July 2021 finds one
    july = around(second, 1, utc_seconds("2021-07-01T00:00:00"),
                  utc_seconds("2021-08-01T00:00:00"))
    np.testing.assert_array_equal(ds[july]["embedding"].numpy(), vectors(second, [1], 768))
    assert ds[july]["time"].tolist() == [utc_seconds("2021-07-15T00:00:00")]
    empty = ds[BoundingBox(x0 + SIDE / 4, x0 + SIDE / 3, y0 + SIDE / 4, y0 + SIDE / 3)]
    assert empty["embedding"].shape == (0, 768) and empty["bbox_xyxy"].shape == (0, 4)
    assert ds.plot(empty).axes
    with pytest.raises(QueryOutsideDataError):
        ds[BoundingBox(0, 1, 0, 1)]


def test_clay_later_column_names(tmp_path: Path) -> None:
    """Releases after v0 name the columns ``embedding`` and ``datetime`` (a timestamp)."""
    path = write_file(tmp_path, "clay", CLAY[0])
    table = pq.read_table(path)
    stamps = pa.array([np.datetime64("2024-05-06T10:20:30", "us")] * 5, pa.timestamp("us"))
    table = pa.table({"embedding": table.column("embeddings"), "datetime": stamps,
                      "geometry": table.column("geometry")}).replace_schema_metadata(
        table.schema.metadata)
    path.unlink()
    pq.write_table(table, tmp_path / "clay_v15_chips.parquet")
    sample = ClayEmbeddings(tmp_path)[BoundingBox(-180, 180, -90, 90)]
    np.testing.assert_array_equal(sample["embedding"].numpy(), vectors(CLAY[0], [0, 1, 2, 3, 4],
                                                                         768))
    assert sample["time"].tolist() == [utc_seconds("2024-05-06T10:20:30")] * 5


def test_major_tom_projected_against_pyproj(tmp_path: Path) -> None:
    write_all(tmp_path, "major_tom")
    ds = MajorTOMEmbeddings(tmp_path, crs="EPSG:32633", res=10.0)
    assert ds.embedding_dim == DIMS["major_tom"]
    sample = ds[ds.bounds]
    tr = Transformer.from_crs("EPSG:4326", "EPSG:32633", always_xy=True)
    chips = [(f, k) for f in MAJOR_TOM for k in range(len(f.cells))]
    want_xy = [tr.transform(*f.centre(k)) for f, k in chips]
    np.testing.assert_allclose(sample["points"].numpy(), want_xy, atol=0.5)
    for row, (f, k) in zip(sample["bbox_xyxy"].numpy(), chips, strict=True):
        x0, y0, x1, y1 = f.box(k)
        xs, ys = tr.transform([x0, x1, x1, x0], [y0, y0, y1, y1])
        np.testing.assert_allclose(row, [min(xs), min(ys), max(xs), max(ys)], atol=0.5)
    want = np.concatenate([vectors(f, list(range(len(f.cells))), DIMS["major_tom"])
                           for f in MAJOR_TOM])
    np.testing.assert_array_equal(sample["embedding"].numpy(), want)
    # the sensing times (as Sentinel product names write them, or ISO), read as UTC instants
    times = [utc_seconds(d.replace(" ", "T") if "-" in d else
                         f"{d[:4]}-{d[4:6]}-{d[6:8]}T{d[9:11]}:{d[11:13]}:{d[13:15]}")
             for f in MAJOR_TOM for d in f.dates]
    np.testing.assert_array_equal(sample["time"].numpy(), times)
    # survives pickling (DataLoader workers)
    again = pickle.loads(pickle.dumps(ds))
    np.testing.assert_array_equal(again[ds.bounds]["bbox_xyxy"].numpy(),
                                  sample["bbox_xyxy"].numpy())


def test_footprints_in_a_projected_crs_are_read_in_lon_lat(tmp_path: Path) -> None:
    """GeoParquet may store another CRS (PROJJSON in the ``geo`` metadata): read back."""
    import json

    import shapely
    from pyproj import CRS

    path = write_file(tmp_path, "clay", CLAY[0])
    table = pq.read_table(path)
    tr = Transformer.from_crs("EPSG:4326", "EPSG:32603", always_xy=True)
    geoms = shapely.from_wkb(table.column("geometry").to_pylist())
    utm = shapely.transform(geoms, lambda c: np.column_stack(tr.transform(c[:, 0], c[:, 1])))
    geo = json.loads(table.schema.metadata[b"geo"])
    geo["columns"]["geometry"]["crs"] = CRS.from_epsg(32603).to_json_dict()
    table = table.set_column(table.schema.get_field_index("geometry"), "geometry",
                             pa.array(shapely.to_wkb(utm).tolist(), pa.binary()))
    pq.write_table(table.replace_schema_metadata({b"geo": json.dumps(geo).encode()}), path)
    sample = ClayEmbeddings(tmp_path)[BoundingBox(-180, 180, -90, 90)]
    np.testing.assert_allclose(sample["bbox_xyxy"].numpy(),
                               [CLAY[0].box(k) for k in range(5)], atol=1e-5)


def test_major_tom_parts_filter_and_collate(tmp_path: Path) -> None:
    write_all(tmp_path, "major_tom")
    second = MAJOR_TOM[1]
    ds = MajorTOMEmbeddings(tmp_path, parts=["part_00051-00100"])
    assert len(ds) == 2 and ds.files[0].endswith("embeddings/part_00051-00100.parquet")
    a, b = ds[around(second, 0)], ds[around(second, 1)]
    batch = collate_embeddings([a, b])
    assert isinstance(batch["embedding"], list) and len(batch["embedding"]) == 2
    np.testing.assert_array_equal(batch["embedding"][1].numpy(),
                                  vectors(second, [1], DIMS["major_tom"]))
    with pytest.raises(DatasetNotFoundError, match="part_09999"):
        MajorTOMEmbeddings(tmp_path, parts=["part_09999"])


def test_earth_index_points_and_the_files_year(tmp_path: Path) -> None:
    write_all(tmp_path, "earth_index")
    ds = EarthIndexEmbeddings(tmp_path)
    assert len(ds) == 6 and ds.embedding_dim == 384
    start, end = utc_seconds("2024-01-01T00:00:00"), utc_seconds("2025-01-01T00:00:00")
    assert ds.bounds.mint == start and ds.bounds.maxt == end - 1e-6
    tile, other = EARTH_INDEX
    with pytest.raises(QueryOutsideDataError):  # the period ends before its end date
        ds[around(other, 1, end, end + 86400)]
    sample = ds[around(other, 1, utc_seconds("2024-06-01T00:00:00"),
                       utc_seconds("2024-06-02T00:00:00"))]
    np.testing.assert_array_equal(sample["embedding"].numpy(), vectors(other, [1], 384))
    x, y = other.centre(1)
    np.testing.assert_allclose(sample["bbox_xyxy"].numpy(), [[x, y, x, y]], atol=1e-5)
    assert sample["time"].tolist() == [start]
    only = EarthIndexEmbeddings(tmp_path, tiles=["21MNT"])
    np.testing.assert_array_equal(only[only.bounds]["embedding"].numpy(),
                                  vectors(tile, [0, 1, 2, 3], 384))
    with pytest.raises(DatasetNotFoundError, match="99XXX"):
        EarthIndexEmbeddings(tmp_path, tiles=["99XXX"])


def test_downloads(tmp_path: Path, http_root: Path, http_server: object,
                   monkeypatch: pytest.MonkeyPatch) -> None:
    url = http_server.url  # type: ignore[attr-defined]
    write_all(http_root, "earth_index")
    monkeypatch.setattr(EarthIndexEmbeddings, "url", url)
    root = tmp_path / "ei"
    ds = EarthIndexEmbeddings(root, tiles=["21MNU"], download=True)
    assert (root / EARTH_INDEX[1].name).is_file() and not (root / EARTH_INDEX[0].name).exists()
    np.testing.assert_array_equal(ds[ds.bounds]["embedding"].numpy(),
                                  vectors(EARTH_INDEX[1], [0, 1], 384))
    write_all(http_root / "Core-S2L1C-SSL4EO", "major_tom")
    monkeypatch.setattr(MajorTOMEmbeddings, "url", url + "/{collection}")
    root = tmp_path / "mt"
    mt = MajorTOMEmbeddings(root, parts=["part_00001-00050"], collection="Core-S2L1C-SSL4EO",
                            download=True)
    assert (root / MAJOR_TOM[0].name).is_file() and len(mt) == 3
    with pytest.raises(ValueError, match="tiles"):
        EarthIndexEmbeddings(tmp_path / "x", download=True)
    with pytest.raises(ValueError, match="parts"):
        MajorTOMEmbeddings(tmp_path / "x", download=True)
    with pytest.raises(OSError):
        MajorTOMEmbeddings(tmp_path / "y", parts=["part_77777-77777"], download=True)
    assert not list((tmp_path / "y").rglob("*.parquet"))


@pytest.mark.parametrize(("cls", "hint"), [
    (ClayEmbeddings, r"source\.coop/clay/clay-model-v0-embeddings"),
    (EarthIndexEmbeddings, r"source\.coop/earthgenome/earthindexembeddings"),
    (MajorTOMEmbeddings, r"huggingface\.co/datasets/Major-TOM/Core-S2L2A-SSL4EO"),
])
def test_not_found_says_where_and_how(tmp_path: Path, cls: type, hint: str) -> None:
    with pytest.raises(DatasetNotFoundError, match=hint) as err:
        cls(tmp_path)
    assert str(tmp_path) in str(err.value)
    with pytest.raises(ValueError, match="no bands"):
        cls(tmp_path, bands=["x"])


def test_corrupt_and_foreign_files_are_named(tmp_path: Path) -> None:
    bad = tmp_path / "bad"
    bad.mkdir()
    (bad / CLAY[0].name).write_bytes(b"PAR1 not really")
    with pytest.raises(InvalidDataError, match=CLAY[0].name):
        ClayEmbeddings(bad)
    foreign = tmp_path / "foreign" / "27WXN_20200101_20231231_v001.gpq"
    foreign.parent.mkdir()
    pq.write_table(pa.table({"geometry": [b"\x00"], "vector": [[1.0]]}), foreign)
    with pytest.raises(InvalidDataError, match="no embedding / embeddings"):
        ClayEmbeddings(foreign.parent)
    mixed = tmp_path / "mixed"
    write_file(mixed, "clay", CLAY[0])
    shutil.copy(write_file(tmp_path / "mt", "major_tom", MAJOR_TOM[0]),
                mixed / "27WXN_20200101_20231231_v001.gpq")
    with pytest.raises(InvalidDataError, match="different lengths"):
        ClayEmbeddings(mixed)


@pytest.mark.parametrize(("name", "product"), [
    ("clay_embeddings", "clay"),
    ("earth_index_embeddings", "earth_index"),
    ("major_tom_embeddings", "major_tom"),
])
def test_conformance(tmp_path: Path, name: str, product: str) -> None:
    write_all(tmp_path, product)
    check_dataset_plugin(name, tmp_path)


def test_without_pyarrow_says_what_to_install(tmp_path: Path,
                                              monkeypatch: pytest.MonkeyPatch) -> None:
    write_file(tmp_path, "clay", CLAY[0])
    monkeypatch.setitem(sys.modules, "pyarrow", None)
    monkeypatch.setitem(sys.modules, "pyarrow.parquet", None)
    with pytest.raises(ImportError, match=r"geoplug-datasets\[parquet\]"):
        ClayEmbeddings(tmp_path)
