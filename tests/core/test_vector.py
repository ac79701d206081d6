"""VectorDataset: features in any CRS rasterized into masks on the query grid."""

from __future__ import annotations

from pathlib import Path

import fiona
import numpy as np
import pytest
import torch
from pyproj import Transformer
from shapely.geometry import box, mapping

from fakedata import geo
from geoplug.core.bbox import BoundingBox
from geoplug.core.errors import InvalidDataError, QueryOutsideDataError
from geoplug.core.raster import RasterDataset
from geoplug.core.vector import VectorDataset

UTM = "EPSG:32615"


@pytest.fixture(autouse=True)
def _cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("GEOPLUG_CACHE_DIR", str(tmp_path / "cache"))


def write_fields(path: Path, driver: str = "GeoJSON", crs: str | None = "EPSG:4326") -> None:
    """Two fields given in UTM metres, stored in ``crs`` (lon/lat by default)."""
    to = Transformer.from_crs(UTM, crs or UTM, always_xy=True)
    fields = [(box(500_000, 4_400_000, 500_300, 4_400_300), 3),
              (box(500_600, 4_400_000, 500_900, 4_400_150), 7)]
    schema = {"geometry": "Polygon", "properties": {"crop": "int"}}
    with fiona.open(path, "w", driver=driver, crs=crs, schema=schema) as dst:
        for geom, crop in fields:
            xs, ys = to.transform(*np.asarray(geom.exterior.coords).T)
            ring = list(zip(xs, ys))
            dst.write({"geometry": mapping(type(geom)(ring)), "properties": {"crop": crop}})


def test_rasterize_with_label_in_another_crs(tmp_path: Path) -> None:
    write_fields(tmp_path / "fields.geojson")
    ds = VectorDataset(tmp_path, crs=UTM, res=30, label_name="crop")
    assert len(ds) == 1 and ds.crs.to_string() == UTM
    b = ds.bounds
    assert b.minx == pytest.approx(500_000, abs=1) and b.maxx == pytest.approx(500_900, abs=1)
    sample = ds[BoundingBox(499_940, 500_960, 4_399_940, 4_400_360)]
    mask = sample["mask"]
    assert mask.dtype == torch.int64 and mask.shape == (14, 34)
    assert set(torch.unique(mask).tolist()) == {0, 3, 7}
    # pixel centres: field 3 covers rows 2..11 x cols 2..11, field 7 rows 7..11 x cols 22..31
    assert mask[5, 5] == 3 and mask[9, 24] == 7 and mask[5, 24] == 0 and mask[0, 0] == 0
    assert (mask == 3).sum() == 100 and (mask == 7).sum() == 50
    default = VectorDataset(tmp_path, crs=UTM, res=30)[BoundingBox(500_000, 500_300,
                                                                    4_400_000, 4_400_300)]
    assert (default["mask"] == 1).all()


def test_defaults_and_errors(tmp_path: Path) -> None:
    write_fields(tmp_path / "fields.geojson")
    ds = VectorDataset(tmp_path)
    assert ds.crs.to_epsg() == 4326 and ds.res == (1e-5, 1e-5)
    with pytest.raises(InvalidDataError, match="no property 'label'"):
        VectorDataset(tmp_path, label_name="label")
    utm = VectorDataset(tmp_path, crs=UTM, res=30)
    with pytest.raises(QueryOutsideDataError):
        utm[BoundingBox(0, 100, 0, 100)]


def test_shapefile_without_crs(tmp_path: Path) -> None:
    write_fields(tmp_path / "fields.shp", driver="ESRI Shapefile", crs=None)
    (tmp_path / "fields.prj").unlink(missing_ok=True)
    with pytest.raises(InvalidDataError, match="has no CRS"):
        VectorDataset(tmp_path)


class Red(RasterDataset):
    filename_glob = "*_SR_B4.TIF"


def test_raster_and_vector_intersection(tmp_path: Path) -> None:
    scene = geo.landsat8_scene(tmp_path / "img", size=32, bands=("SR_B4",),
                               origin=(499_815.0, 4_400_505.0))
    (tmp_path / "vec").mkdir()
    write_fields(tmp_path / "vec" / "fields.geojson")
    both = Red(scene.folder) & VectorDataset(tmp_path / "vec", label_name="crop")
    sample = both[BoundingBox(499_995, 500_325, 4_399_995, 4_400_325)]
    assert sample["image"].shape == (1, 11, 11) and sample["mask"].shape == (11, 11)
    assert sample["mask"][5, 5] == 3


def test_torchgeo_slices_give_the_same_mask(tmp_path: Path) -> None:
    write_fields(tmp_path / "fields.geojson")
    ds = VectorDataset(tmp_path, crs=UTM, res=30, label_name="crop")
    q = BoundingBox(499_940, 500_960, 4_399_940, 4_400_360)
    expected = ds[q]["mask"]
    assert set(torch.unique(expected).tolist()) == {0, 3, 7}
    for query in ((slice(q.minx, q.maxx, 30), slice(q.miny, q.maxy, 30)),
                  (slice(q.minx, q.maxx), slice(q.miny, q.maxy), slice(None, None))):
        sample = ds[query]
        assert sample["bounds"] == q and sample["crs"] == ds.crs
        assert sample["mask"].dtype == torch.int64
        torch.testing.assert_close(sample["mask"], expected, rtol=0, atol=0)
    # the whole dataset, with every end open
    whole = ds[:, :]
    assert whole["bounds"] == BoundingBox(*tuple(ds.bounds)[:4])
    torch.testing.assert_close(whole["mask"], ds[ds.bounds]["mask"], rtol=0, atol=0)
    with pytest.raises(ValueError, match=r"xres=10.*res=10"):
        ds[q.minx:q.maxx:10, q.miny:q.maxy:10]


def test_an_infinite_query_is_a_clear_error(tmp_path: Path) -> None:
    write_fields(tmp_path / "fields.geojson")
    ds = VectorDataset(tmp_path, crs=UTM, res=30)
    with pytest.raises(ValueError, match="infinite x coordinate"):
        ds[499_940:np.inf, 4_399_940:4_400_360]
    with pytest.raises(ValueError, match="NaN y coordinate"):
        ds[499_940:500_960, np.nan:4_400_360]


def test_overlapping_features_are_burnt_in_file_order(tmp_path: Path) -> None:
    # nested squares and a row of overlapping ones: where they overlap, the feature written
    # last wins, as rasterio.features.rasterize of the file's features in order gives
    from rasterio.features import rasterize
    from rasterio.transform import from_origin

    feats = [(box(500_000 + 20 * k, 4_400_000 + 20 * k, 500_400 - 20 * k, 4_400_400 - 20 * k),
              k + 1) for k in range(6)]
    feats += [(box(500_000 + 30 * k, 4_400_000, 500_100 + 30 * k, 4_400_100), 20 + k)
              for k in range(6)]
    with fiona.open(tmp_path / "f.gpkg", "w", driver="GPKG", crs=UTM,
                    schema={"geometry": "Polygon", "properties": {"cls": "int"}}) as dst:
        for geom, label in feats:
            dst.write({"geometry": mapping(geom), "properties": {"cls": label}})
    ds = VectorDataset(tmp_path, res=10, label_name="cls")
    mask = ds[BoundingBox(500_000, 500_400, 4_400_000, 4_400_400)]["mask"].numpy()
    ref = rasterize(feats, out_shape=(40, 40), transform=from_origin(500_000, 4_400_400, 10, 10),
                    fill=0, dtype="int32")
    assert len(np.unique(ref)) == 12  # every feature shows somewhere
    np.testing.assert_array_equal(mask, ref)


def test_labels_beyond_int32_are_burnt_whole(tmp_path: Path) -> None:
    """EuroCrops' HCAT codes have ten digits: the mask is int64 and keeps them (rasterising
    in int32 clipped every code to 2147483647, one class for all)."""
    codes = [3301010301, 3301010302, 7]
    with fiona.open(tmp_path / "f.gpkg", "w", driver="GPKG", crs=UTM,
                    schema={"geometry": "Polygon", "properties": {"code": "int"}}) as dst:
        for k, code in enumerate(codes):
            dst.write({"geometry": mapping(box(500_000 + 100 * k, 4_400_000,
                                               500_100 + 100 * k, 4_400_100)),
                       "properties": {"code": code}})
    ds = VectorDataset(tmp_path, res=10, label_name="code")
    mask = ds[BoundingBox(500_000, 500_300, 4_400_000, 4_400_100)]["mask"]
    assert mask.dtype == torch.int64
    assert mask[5, 5] == codes[0] and mask[5, 15] == codes[1] and mask[5, 25] == codes[2]


def test_labels_that_are_no_whole_codes_or_do_not_fit_the_dtype_are_refused(
        tmp_path: Path) -> None:
    # 2.7 was burnt as class 2 and 300 in uint8 masks as 44, without a word
    schema = {"geometry": "Polygon", "properties": {"cls": "float"}}
    cases = {"fraction": [2.0, 2.7], "large": [7.0, 300.0], "fine": [7.0, 200.0]}
    for name, values in cases.items():
        (tmp_path / name).mkdir()
        with fiona.open(tmp_path / name / "f.geojson", "w", driver="GeoJSON",
                        crs="EPSG:32632", schema=schema) as dst:
            for k, value in enumerate(values):
                dst.write({"geometry": mapping(box(10 * k, 0, 10 * k + 10, 10)),
                           "properties": {"cls": value}})
    q = BoundingBox(0, 20, 0, 10)
    with pytest.raises(InvalidDataError, match=r"cls=2.7 is not a whole class code"):
        VectorDataset(tmp_path / "fraction", label_name="cls", res=1.0)[q]
    with pytest.raises(InvalidDataError, match=r"cls=300 does not fit the uint8 masks"):
        VectorDataset(tmp_path / "large", label_name="cls", res=1.0, dtype="uint8")[q]
    wide = VectorDataset(tmp_path / "large", label_name="cls", res=1.0)[q]["mask"]
    assert wide[5, 5] == 7 and wide[5, 15] == 300
    fine = VectorDataset(tmp_path / "fine", label_name="cls", res=1.0, dtype="uint8")[q]["mask"]
    assert fine.dtype == torch.uint8 and fine[5, 5] == 7 and fine[5, 15] == 200


def test_a_file_of_several_layers_reads_the_layer_asked_for(tmp_path: Path) -> None:
    # a GeoPackage of roads and buildings: only its first layer was burnt, without a word
    schema = {"geometry": "Polygon", "properties": {"cls": "int"}}
    path = tmp_path / "city.gpkg"
    for layer, value, x in (("roads", 1, 0), ("buildings", 300, 10)):
        with fiona.open(path, "w", driver="GPKG", crs="EPSG:32632", schema=schema,
                        layer=layer) as dst:
            dst.write({"geometry": mapping(box(x, 0, x + 10, 10)), "properties": {"cls": value}})
    with pytest.raises(InvalidDataError, match=r"holds 2 layers .*pass layer="):
        VectorDataset(tmp_path, label_name="cls", res=1.0)
    with pytest.raises(InvalidDataError, match=r"no layer 'rivers'"):
        VectorDataset(tmp_path, label_name="cls", res=1.0, layer="rivers")
    buildings = VectorDataset(tmp_path, label_name="cls", res=1.0, layer="buildings")
    assert buildings.bounds.minx == 10  # the layer's own extent
    mask = buildings[BoundingBox(10, 20, 0, 10)]["mask"]
    assert (mask == 300).all()
    roads = VectorDataset(tmp_path, label_name="cls", res=1.0, layer="roads")
    assert (roads[BoundingBox(0, 10, 0, 10)]["mask"] == 1).all()


def test_a_files_curved_edges_stay_in_the_index(tmp_path: Path) -> None:
    # a degree file straddling the equator west of UTM 33N's central meridian: its western
    # edge (a meridian) bulges west mid-way; the index reprojected only the corners and the
    # top and bottom edges, so a field on the equator was outside it and, with a neighbour
    # file covering the spot, silently not burnt
    import shapely

    fields = [box(12.0, lat, 12.001, lat + 0.001) for lat in (-2.0, -0.0005, 1.999)]
    fields.append(box(12.5, -2.0, 12.501, -1.999))
    neighbour = [box(11.9, -2.0, 11.901, -1.999), box(12.2, 1.999, 12.201, 2.0)]
    for name, shapes in (("a", fields), ("b", neighbour)):
        with fiona.open(tmp_path / f"{name}.gpkg", "w", driver="GPKG", crs="EPSG:4326",
                        schema={"geometry": "Polygon", "properties": {"c": "int"}}) as dst:
            for shape in shapes:
                dst.write({"geometry": mapping(shape), "properties": {"c": 1}})
    ds = VectorDataset(tmp_path, crs="EPSG:32633", res=1.0)
    to_utm = Transformer.from_crs("EPSG:4326", "EPSG:32633", always_xy=True)
    field = shapely.transform(fields[1], lambda c: np.column_stack(
        to_utm.transform(c[:, 0], c[:, 1])))
    x0, y0, x1, y1 = field.bounds
    mask = ds[BoundingBox(x0 - 5, x1 + 5, y0 - 5, y1 + 5)]["mask"]
    assert abs(int(mask.sum()) - field.area) < 0.02 * field.area


@pytest.mark.parametrize("driver", ["ESRI Shapefile", "GPKG"])
def test_an_empty_file_adds_nothing(tmp_path: Path, driver: str) -> None:
    # an empty shapefile's bounds read (0, 0, 0, 0): a point at (0, 0) stretched the dataset's
    # bounds to the equator; an empty GeoPackage failed the whole dataset
    ext = "shp" if driver == "ESRI Shapefile" else "gpkg"
    for name, shapes in (("a", [box(-114.07, 51.04, -114.06, 51.05)]), ("empty", [])):
        with fiona.open(tmp_path / f"{name}.{ext}", "w", driver=driver, crs="EPSG:4326",
                        schema={"geometry": "Polygon", "properties": {}}) as dst:
            for shape in shapes:
                dst.write({"geometry": mapping(shape), "properties": {}})
    ds = VectorDataset(tmp_path, crs="EPSG:32611", res=1.0)
    assert len(ds) == 1 and [Path(f).stem for f in ds.files] == ["a"]
    assert 5_600_000 < ds.bounds.miny < ds.bounds.maxy < 5_700_000
    (tmp_path / f"a.{ext}").unlink()
    for sidecar in tmp_path.glob("a.*"):
        sidecar.unlink()
    with pytest.raises(InvalidDataError, match="is empty"):
        VectorDataset(tmp_path, crs="EPSG:32611", res=1.0)
