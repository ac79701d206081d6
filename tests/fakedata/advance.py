"""Fake ADVANCE (Zenodo 3828124): ``ADVANCE_vision.zip`` holding ``vision/<class>/<id>.jpg``
and ``ADVANCE_sound.zip`` holding ``sound/<class>/<id>.wav`` (16-bit PCM mono), the same
``<id>`` pairing an image with its recording. Class folders contain spaces, as in the real
archive ("sparse shrub land"). There is no official split. Image ``k`` of :data:`ITEMS` holds
the smooth ramp :func:`image` (item, channel, row and column): JPEG is lossy, so tests compare
with it within a few levels, which a transposed read or another item's image exceeds.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import numpy as np

from fakedata._scene_classification import (
    Stage,
    md5,
    write_jpeg,
    write_wav,
    zip_tree,
)

ITEMS = (("airport", 0, "00063"), ("beach", 1, "00093"), ("beach", 1, "00101"),
         ("sparse shrub land", 10, "00007"))
SIZE = 16
RATE = 16000


def image(k: int) -> np.ndarray:
    """``[3, SIZE, SIZE]`` uint8 of item ``k``: ``30 k + 15 channel + 2 r + 4 c``."""
    rows, cols = np.indices((SIZE, SIZE))
    return np.stack([30 * k + 15 * ch + 2 * rows + 4 * cols for ch in range(3)]).astype(np.uint8)


def make(root: Path) -> dict[str, Any]:
    root.mkdir(parents=True, exist_ok=True)
    vision, sound = root / "ADVANCE_vision.zip", root / "ADVANCE_sound.zip"
    expected: list[dict[str, Any]] = []
    with Stage() as stage:
        images, wavs = [], []
        for k, (cls, label, ident) in enumerate(ITEMS):
            jpg = f"vision/{cls}/{ident}.jpg"
            wav = f"sound/{cls}/{ident}.wav"
            write_jpeg(stage / jpg, image(k))
            samples = (np.sin(np.arange(800) * (k + 1) / 10.0) * 16000).astype(np.int16)
            write_wav(stage / wav, samples, RATE)
            images.append(jpg)
            wavs.append(wav)
            expected.append({"path": jpg, "label": label, "audio": samples, "item": k})
        zip_tree(stage, images, vision)
        zip_tree(stage, wavs, sound)
    return {"vision": vision, "sound": sound, "vision_md5": md5(vision),
            "sound_md5": md5(sound), "expected": expected, "rate": RATE}


def write_riff_wav(path: Path, samples: np.ndarray, rate: int, tag: int = 1,
                   extensible: bool = False) -> None:
    """Write ``samples`` (``[frames, channels]``, already in the stored dtype) as a WAV file.

    ``tag`` 1 is integer PCM, 3 IEEE float; ``extensible`` wraps it in
    ``WAVE_FORMAT_EXTENSIBLE`` with the sub-format GUID, as many audio tools write.
    """
    import struct

    frames = samples if samples.ndim == 2 else samples[:, None]
    channels, width = frames.shape[1], frames.dtype.itemsize
    data = frames.astype(frames.dtype.newbyteorder("<")).tobytes()
    fmt_tag = 0xFFFE if extensible else tag
    fmt = struct.pack("<HHIIHH", fmt_tag, channels, rate, rate * channels * width,
                      channels * width, 8 * width)
    if extensible:
        guid_tail = b"\x00\x00\x00\x00\x10\x00\x80\x00\x00\xaa\x00\x38\x9b\x71"
        fmt += struct.pack("<HHI", 22, 8 * width, 0) + struct.pack("<H", tag) + guid_tail
    elif tag != 1:
        fmt += struct.pack("<H", 0)
    body = b"WAVE" + b"fmt " + struct.pack("<I", len(fmt)) + fmt
    body += b"LIST" + struct.pack("<I", 4) + b"INFO"  # an extra chunk before the data
    body += b"data" + struct.pack("<I", len(data)) + data + (b"\x00" if len(data) % 2 else b"")
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(b"RIFF" + struct.pack("<I", len(body)) + body)
