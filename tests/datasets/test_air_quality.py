"""UCI Air Quality loader against a fake data.csv and air+quality.zip."""

from __future__ import annotations

import math
import shutil
from pathlib import Path
from typing import Any

import pytest
import torch

import geoplug.datasets
from fakedata import air_quality as fake
from fakedata._dc_checks import check_not_found, check_plot, serve_made
from geoplug.core.errors import ChecksumError, InvalidDataError
from geoplug.core.testing import check_dataset_plugin
from geoplug.datasets.air_quality import AirQuality
from testkit.http import Served


@pytest.fixture(scope="module")
def made(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    return fake.make(tmp_path_factory.mktemp("air_quality_src"))


@pytest.fixture(scope="module", params=["data.csv", "air+quality.zip"])
def root(request: pytest.FixtureRequest, made: dict[str, Any],
         tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("air_quality")
    shutil.copy(made["dir"] / request.param, root)
    return root


def expected(hour: int, var: int) -> float:
    v = fake.value(hour, var)
    return math.nan if v == -200 else v


def test_windows(root: Path) -> None:
    ds = AirQuality(root)
    assert len(ds) == fake.HOURS - 4 + 1
    sample = ds[1]
    assert sample["image"].shape == (3, 13, 1, 1) and sample["image"].dtype == torch.float32
    got = sample["image"][:, :, 0, 0]
    want = torch.tensor([[expected(h, v) for v in range(13)] for h in (1, 2, 3)])
    assert torch.equal(torch.isnan(got), torch.isnan(want))  # -200 of hour 2, NMHC(GT)
    assert torch.equal(torch.nan_to_num(got), torch.nan_to_num(want))
    assert sample["label"].shape == (13,)
    assert sample["label"].tolist() == [expected(4, v) for v in range(13)]
    # one ISO time whichever table was read (UCI's day-first dotted, data.csv's month-first)
    assert sample["time"] == "2004-03-10T19:00:00"
    assert ds[6]["time"] == "2004-03-11T00:00:00"


def test_bands_targets_and_steps(root: Path) -> None:
    ds = AirQuality(root, bands=["T", "C6H6(GT)"], targets=["NO2(GT)"], past_steps=2,
                    future_steps=3)
    assert len(ds) == fake.HOURS - 5 + 1  # the last window ends on the last hour
    sample = ds[3]
    assert sample["image"][:, :, 0, 0].tolist() == [[expected(h, 10), expected(h, 3)]
                                                     for h in (3, 4)]
    assert sample["label"].tolist() == [expected(h, 7) for h in (5, 6, 7)]
    assert sample["future"].shape == (3, 1)
    with pytest.raises(ValueError, match="unknown band"):
        AirQuality(root, targets=["PM10"])
    with pytest.raises(ValueError, match="at least 1"):
        AirQuality(root, past_steps=0)
    with pytest.raises(InvalidDataError, match="fewer than past_steps"):
        AirQuality(root, past_steps=10)


def test_normalize(root: Path) -> None:
    sample = AirQuality(root, bands=["PT08.S1(CO)"], normalize=True)[0]
    past = torch.tensor([expected(h, 1) for h in range(3)], dtype=torch.float64)
    mean, std = past.mean(), past.std()
    assert sample["image"][:, 0, 0, 0].tolist() == pytest.approx(((past - mean) / std).tolist())
    assert sample["label"].item() == pytest.approx(((expected(3, 1) - mean) / std).item())


def test_a_cut_row_is_refused_not_skipped(root: Path, tmp_path: Path) -> None:
    """Skipping a row with a date but too few cells would shift every later window an hour."""
    AirQuality(root)  # the zip's table extracted
    table = next(p for p in root.iterdir() if p.suffix == ".csv")
    lines = table.read_text(encoding="utf-8-sig").splitlines()
    sep = ";" if ";" in lines[0] else ","
    lines[3] = sep.join(lines[3].split(sep)[:4])
    (tmp_path / table.name).write_text("\n".join(lines) + "\n", encoding="utf-8")
    with pytest.raises(InvalidDataError, match=r"line 4 of .* has 4 cells"):
        AirQuality(tmp_path)


def test_normalize_needs_two_past_hours(root: Path) -> None:
    with pytest.raises(ValueError, match="past_steps >= 2"):
        AirQuality(root, past_steps=1, normalize=True)


def test_plot(root: Path) -> None:
    ds = AirQuality(root, targets=["CO(GT)", "T"])
    check_plot(ds)
    sample = ds[0]
    sample["prediction"] = sample["label"]
    assert len(ds.plot(sample).axes) == 2


def test_not_a_table(tmp_path: Path) -> None:
    (tmp_path / "data.csv").write_text("a,b\n1,2\n", encoding="utf-8")
    with pytest.raises(InvalidDataError, match=r"no column.*CO\(GT\)"):
        AirQuality(tmp_path)


def test_not_found(tmp_path: Path) -> None:
    check_not_found(AirQuality, tmp_path)


def test_download(made: dict[str, Any], http_server: Served, http_root: Path, tmp_path: Path,
                  monkeypatch: pytest.MonkeyPatch) -> None:
    serve_made(AirQuality, made, http_server.url, http_root, monkeypatch)
    ds = AirQuality(tmp_path, download=True, checksum=True)
    assert (tmp_path / "data.csv").is_file()
    assert ds[0]["label"].tolist() == [expected(3, v) for v in range(13)]


def test_checksum_mismatch(made: dict[str, Any], http_server: Served, http_root: Path,
                           tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """No checksum is published, but one set on the resource is enforced on download."""
    serve_made(AirQuality, {**made, "archives": {"data.csv": "0" * 32}}, http_server.url,
               http_root, monkeypatch)
    with pytest.raises(ChecksumError):
        AirQuality(tmp_path, download=True)
    assert not (tmp_path / "data.csv").exists()


def test_plugin(root: Path) -> None:
    assert geoplug.datasets.get("air_quality") is AirQuality
    check_dataset_plugin("air_quality", data=root)
