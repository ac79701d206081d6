"""Western USA Live Fuel Moisture loader against fake GeoJSON features in both layouts."""

from __future__ import annotations

import json
import math
import shutil
from pathlib import Path

import matplotlib
import pytest
import torch

import geoplug.datasets
from fakedata import western_usa_live_fuel_moisture as fake
from fakedata._dc_checks import check_not_found
from fakedata._made import made_root
from geoplug.core.errors import ChecksumError, DatasetNotFoundError, InvalidDataError
from geoplug.core.testing import check_dataset_plugin
from geoplug.datasets._blobs import listing_url
from geoplug.datasets.western_usa_live_fuel_moisture import WesternUSALiveFuelMoisture as LFM

matplotlib.use("Agg")

root = made_root(fake.make, "western_usa_live_fuel_moisture")
N = len(fake.NAMES)


def expected(i: int) -> list[float]:
    """The 138 input values of feature ``i`` (NaN where the file holds null)."""
    values = [fake.value(i, j) for j in range(len(fake.FEATURES))]
    if i == fake.NULL_AT:
        values[fake.FEATURES.index("vh(t-3)")] = math.nan
    return values


def check_all_samples(ds: LFM) -> None:
    assert len(ds) == N
    for i in range(N):
        sample = ds[i]
        assert sample["image"].shape == (138, 1, 1)
        assert sample["image"].dtype == torch.float32
        assert torch.allclose(sample["image"][:, 0, 0], torch.tensor(expected(i)), rtol=0,
                              atol=0, equal_nan=True)
        assert sample["label"].dtype == torch.float32 and sample["label"].ndim == 0
        assert sample["label"].item() == fake.target(i)
        assert (sample["site"], sample["date"]) == (f"Site {i}", f"6/{i + 1}/15")


def test_registry() -> None:
    assert geoplug.datasets.get("western_usa_live_fuel_moisture") is LFM
    assert geoplug.datasets.get("su_sar_moisture_content") is LFM
    info = geoplug.datasets.info("western_usa_live_fuel_moisture")
    # the published variable names (TorchGeo's list of the release's properties)
    assert len(info.bands) == len(set(info.bands)) == 138
    assert info.bands[:3] == ("slope(t)", "elevation(t)", "canopy_height(t)")
    assert info.bands[33:35] == ("vh_vv(t)", "slope(t-1)")
    assert info.bands[-4:] == ("vh_nirv(t-3)", "vh_vv(t-3)", "lat", "lon")
    assert info.task == "regression"


def test_samples_in_file_order(root: Path) -> None:
    ds = LFM(root)
    assert [p.name for p in ds.files] == list(fake.NAMES)  # feature_0010 after feature_0003
    check_all_samples(ds)
    sample = ds[3]
    assert sample["image"][0, 0, 0].item() == 3000.25  # slope(t) of the 4th file
    assert sample["image"][-2:, 0, 0].tolist() == [40.75, -118.5]  # lat, lon of its point


def test_null_reads_as_nan(root: Path) -> None:
    image = LFM(root)[fake.NULL_AT]["image"][:, 0, 0]
    assert math.isnan(image[fake.FEATURES.index("vh(t-3)")].item())
    assert int(torch.isnan(image).sum()) == 1


def test_band_selection_and_transforms(root: Path) -> None:
    ds = LFM(root, bands=["lon", "vv(t)", "clay(t-2)"],
             transforms=lambda s: {**s, "label": s["label"] * 2})
    sample = ds[1]
    assert sample["image"][:, 0, 0].tolist() == [-119.5, 1007.25,
                                                fake.value(1, fake.FEATURES.index("clay(t-2)"))]
    assert sample["label"].item() == 2 * fake.target(1)
    with pytest.raises(ValueError, match="unknown band"):
        LFM(root, bands=["percent(t)"])  # the target is not an input


def test_index_past_the_end(root: Path) -> None:
    with pytest.raises(IndexError):
        LFM(root)[N]


def test_mlhub_archive_is_extracted(tmp_path: Path) -> None:
    fake.make(tmp_path, layout="mlhub")
    assert not (tmp_path / "su_sar_moisture_content").exists()
    ds = LFM(tmp_path)
    assert [p.parent.name for p in ds.files] == [  # in numeric order, not by text
        f"su_sar_moisture_content_{n}" for n in (1, 2, 3, 10)]
    check_all_samples(ds)


def test_copy_in_a_subfolder(tmp_path: Path, root: Path) -> None:
    shutil.copytree(root, tmp_path / "su_sar_moisture_content")
    check_all_samples(LFM(tmp_path))


def _serve(http_root: Path, made: dict, url: str, monkeypatch: pytest.MonkeyPatch,
           wrong: str | None = None) -> None:
    """The fake files as blobs of container ``mlhub`` and its listing (as list.xml)."""
    blobs = {}
    for name, path in made["files"].items():
        blob = f"su-sar-moisture-content/{name}"
        (http_root / "mlhub" / blob).parent.mkdir(parents=True, exist_ok=True)
        shutil.copy(path, http_root / "mlhub" / blob)
        blobs[blob] = path
    (http_root / "list.xml").write_text(fake.listing(blobs, wrong))
    monkeypatch.setattr(LFM, "container", f"{url}/mlhub")
    query = listing_url("", "su-sar-moisture-content/")
    monkeypatch.setattr(LFM, "listing", f"{url}/list.xml{query}")


def test_download(tmp_path: Path, http_root: Path, http_server,
                  monkeypatch: pytest.MonkeyPatch) -> None:
    made = fake.make(tmp_path / "made")
    _serve(http_root, made, http_server.url, monkeypatch)
    ds = LFM(tmp_path / "data", download=True, checksum=True)
    assert sorted(p.name for p in (tmp_path / "data").iterdir()) == list(fake.NAMES)
    check_all_samples(ds)


def test_download_checksum_mismatch(tmp_path: Path, http_root: Path, http_server,
                                    monkeypatch: pytest.MonkeyPatch) -> None:
    made = fake.make(tmp_path / "made")
    _serve(http_root, made, http_server.url, monkeypatch,
           wrong="su-sar-moisture-content/feature_0002.geojson")
    with pytest.raises(ChecksumError, match=r"feature_0002\.geojson"):
        LFM(tmp_path / "data", download=True)
    assert not (tmp_path / "data" / "feature_0002.geojson").exists()


def test_listing_that_is_not_a_listing(tmp_path: Path, http_root: Path, http_server,
                                       monkeypatch: pytest.MonkeyPatch) -> None:
    (http_root / "list.xml").write_text("<Error><Code>ResourceNotFound</Code></Error>")
    monkeypatch.setattr(LFM, "listing", f"{http_server.url}/list.xml")
    with pytest.raises(InvalidDataError, match="not a blob listing"):
        LFM(tmp_path, download=True)


def test_not_found(tmp_path: Path) -> None:
    check_not_found(LFM, tmp_path)
    with pytest.raises(DatasetNotFoundError, match=r"su_sar_moisture_content\.tar\.gz"):
        LFM(tmp_path)


def test_malformed_feature_is_named(tmp_path: Path) -> None:
    made = fake.make(tmp_path)
    path = made["files"]["feature_0003.geojson"]
    feature = json.loads(path.read_text())
    del feature["properties"]["percent(t)"]
    path.write_text(json.dumps(feature))
    with pytest.raises(InvalidDataError, match=r"feature_0003\.geojson.*percent\(t\)"):
        LFM(tmp_path)
    feature["properties"]["percent(t)"] = "n/a"
    path.write_text(json.dumps(feature))
    with pytest.raises(InvalidDataError, match="'n/a'"):
        LFM(tmp_path)


def test_plot(root: Path) -> None:
    import matplotlib.pyplot as plt

    ds = LFM(root, bands=["vv(t)", "vh(t)", "lat"])
    sample = ds[1]
    sample["prediction"] = torch.tensor(61.0)
    fig = ds.plot(sample, suptitle="lfmc")
    assert isinstance(fig, plt.Figure)
    assert fig.axes[0].get_title() == "Site 1 6/2/15: LFMC 60.5 %, predicted 61.0 %"
    assert [t.get_text() for t in fig.axes[0].get_xticklabels()] == ["vv(t)", "vh(t)", "lat"]
    assert fig.get_suptitle() == "lfmc"


def test_conformance(root: Path) -> None:
    report = check_dataset_plugin("western_usa_live_fuel_moisture", data=root)
    assert any("samples" in p for p in report.passed)
