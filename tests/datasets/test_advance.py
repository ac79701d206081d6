"""ADVANCE read from ``ADVANCE_vision.zip`` (and ``ADVANCE_sound.zip`` for audio)."""

from __future__ import annotations

import inspect
from pathlib import Path
from typing import Any

import matplotlib
import numpy as np
import pytest
import torch
from PIL import Image

import geoplug.datasets
from fakedata import advance as fake
from fakedata._scene_classification import local_resources
from geoplug.core.errors import ChecksumError, DatasetNotFoundError, InvalidDataError
from geoplug.datasets.advance import ADVANCE

matplotlib.use("Agg")


@pytest.fixture(scope="module")
def data(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    root = tmp_path_factory.mktemp("advance")
    return {"root": root, **fake.make(root)}


def test_registry_and_signature() -> None:
    assert geoplug.datasets.get("advance") is ADVANCE
    params = list(inspect.signature(ADVANCE).parameters)
    assert params == ["root", "split", "bands", "transforms", "download", "checksum",
                      "include_audio"]


def test_images(data: dict[str, Any]) -> None:
    ds = ADVANCE(data["root"])
    expected = sorted(data["expected"], key=lambda e: (e["label"], e["path"]))
    assert len(ds) == len(expected) == 4
    for i, exp in enumerate(expected):
        sample = ds[i]
        assert set(sample) == {"image", "label"}
        assert sample["image"].shape == (3, fake.SIZE, fake.SIZE)
        assert sample["image"].dtype == torch.float32
        decoded = np.asarray(Image.open(data["root"] / exp["path"])).transpose(2, 0, 1)
        np.testing.assert_array_equal(sample["image"].numpy(), decoded.astype(np.float32))
        # JPEG is lossy: the smooth ramp 30 k + 15 channel + 2 r + 4 c holds within 4 levels,
        # while the transposed pixel is 14 levels and the next item 30 levels away
        k = exp["item"]
        ramp = torch.tensor([30.0 * k + 15 * ch + 2 * 3 + 4 * 10 for ch in range(3)])
        assert torch.allclose(sample["image"][:, 3, 10], ramp, atol=4)
        assert torch.allclose(sample["image"][:, 10, 3], ramp - 14, atol=4)
        reference = torch.from_numpy(fake.image(k)).float()
        assert (sample["image"] - reference).abs().max().item() <= 6
        assert int(sample["label"]) == exp["label"]
    assert ADVANCE.classes[int(ds[3]["label"])] == "sparse shrub land"


def test_audio_pairs_with_image(data: dict[str, Any]) -> None:
    ds = ADVANCE(data["root"], include_audio=True)
    expected = sorted(data["expected"], key=lambda e: (e["label"], e["path"]))
    for i, exp in enumerate(expected):
        sample = ds[i]
        assert sample["sample_rate"] == fake.RATE
        assert sample["audio"].dtype == torch.float32
        assert sample["audio"].shape == (1, len(exp["audio"]))
        np.testing.assert_allclose(sample["audio"][0].numpy(), exp["audio"] / 32768.0)


def test_audio_missing_file(data: dict[str, Any], tmp_path: Path) -> None:
    import shutil

    shutil.copytree(data["root"] / "vision", tmp_path / "vision")
    shutil.copytree(data["root"] / "sound", tmp_path / "sound")
    (tmp_path / "sound" / "beach" / "00101.wav").unlink()
    with pytest.raises(InvalidDataError, match="00101"):
        ADVANCE(tmp_path, include_audio=True)
    assert len(ADVANCE(tmp_path)) == 4  # images alone do not need the recordings


def test_bands(data: dict[str, Any]) -> None:
    full = ADVANCE(data["root"])[1]["image"]
    torch.testing.assert_close(ADVANCE(data["root"], bands=["B", "G", "R"])[1]["image"],
                               full.flip(0))


def test_not_found(tmp_path: Path) -> None:
    with pytest.raises(DatasetNotFoundError, match="download=True"):
        ADVANCE(tmp_path)


def test_download_vision_only_then_audio(http_server: Any, http_root: Path, tmp_path: Path,
                                         monkeypatch: pytest.MonkeyPatch) -> None:
    made = fake.make(http_root)
    md5s = {"ADVANCE_vision.zip": made["vision_md5"], "ADVANCE_sound.zip": made["sound_md5"]}
    monkeypatch.setattr(ADVANCE, "resources",
                        local_resources(ADVANCE.resources, http_server.url, md5s))
    root = tmp_path / "dl"
    assert len(ADVANCE(root, download=True, checksum=True)) == 4
    assert not (root / "ADVANCE_sound.zip").exists()
    ds = ADVANCE(root, download=True, checksum=True, include_audio=True)
    assert (root / "sound" / "airport" / "00063.wav").is_file()
    assert "audio" in ds[0]


def test_checksum_mismatch(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    fake.make(tmp_path)
    monkeypatch.setattr(ADVANCE, "resources", local_resources(
        ADVANCE.resources, "http://127.0.0.1:9", {"ADVANCE_vision.zip": "0" * 32}))
    with pytest.raises(ChecksumError):
        ADVANCE(tmp_path, checksum=True)


def test_plot(data: dict[str, Any]) -> None:
    import matplotlib.pyplot as plt
    from matplotlib.figure import Figure

    ds = ADVANCE(data["root"], include_audio=True)
    fig = ds.plot(ds[0])
    assert isinstance(fig, Figure)
    plt.close(fig)


@pytest.mark.parametrize(
    ("dtype", "tag", "extensible", "scale"),
    [("<i2", 1, False, 2.0**15), ("<i4", 1, False, 2.0**31), ("<i2", 1, True, 2.0**15),
     ("<f4", 3, False, 1.0), ("<f4", 3, True, 1.0), ("<f8", 3, False, 1.0)],
)
def test_read_wav_encodings(tmp_path: Path, dtype: str, tag: int, extensible: bool,
                            scale: float) -> None:
    """PCM and float WAV, plain or WAVE_FORMAT_EXTENSIBLE, stereo, with an extra chunk."""
    from geoplug.datasets.advance import read_wav

    left = np.array([0.0, 0.5, -0.5, 0.25, -1.0])
    frames = np.stack([left, -left], axis=1)
    stored = (frames * (scale - 1 if scale > 1 else 1)).astype(dtype)
    path = tmp_path / "a.wav"
    fake.write_riff_wav(path, stored, 22050, tag=tag, extensible=extensible)
    audio, rate = read_wav(path)
    assert rate == 22050 and audio.dtype == np.float32 and audio.shape == (2, 5)
    np.testing.assert_allclose(audio[0], left, atol=1e-4)
    np.testing.assert_allclose(audio[1], -left, atol=1e-4)


def test_read_wav_rejects_other_files(tmp_path: Path) -> None:
    from geoplug.datasets.advance import read_wav

    path = tmp_path / "x.wav"
    path.write_bytes(b"OggS" + bytes(40))
    with pytest.raises(InvalidDataError, match="RIFF"):
        read_wav(path)
    fake.write_riff_wav(path, np.zeros((4, 1), np.int16), 8000, tag=0x55)  # MP3 in WAV
    with pytest.raises(InvalidDataError, match="unsupported"):
        read_wav(path)
