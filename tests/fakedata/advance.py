"""Fake ADVANCE (Zenodo 3828124): ``ADVANCE_vision.zip`` holding ``vision/<class>/<id>.jpg``
and ``ADVANCE_sound.zip`` holding ``sound/<class>/<id>.wav`` (16-bit PCM mono), the same
``<id>`` pairing an image with its recording. Class folders contain spaces, as in the real
archive ("sparse shrub land"). There is no official split.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import numpy as np
from fakedata._scene_classification import (
    Stage,
    md5,
    pattern,
    write_jpeg,
    write_wav,
    zip_tree,
)

ITEMS = (("airport", 0, "00063"), ("beach", 1, "00093"), ("beach", 1, "00101"),
         ("sparse shrub land", 10, "00007"))
SIZE = 16
RATE = 16000


def make(root: Path) -> dict[str, Any]:
    root.mkdir(parents=True, exist_ok=True)
    vision, sound = root / "ADVANCE_vision.zip", root / "ADVANCE_sound.zip"
    expected: list[dict[str, Any]] = []
    with Stage() as stage:
        images, wavs = [], []
        for k, (cls, label, ident) in enumerate(ITEMS):
            image = f"vision/{cls}/{ident}.jpg"
            wav = f"sound/{cls}/{ident}.wav"
            write_jpeg(stage / image, pattern((3, SIZE, SIZE), k).astype(np.uint8))
            samples = (np.sin(np.arange(800) * (k + 1) / 10.0) * 16000).astype(np.int16)
            write_wav(stage / wav, samples, RATE)
            images.append(image)
            wavs.append(wav)
            expected.append({"path": image, "label": label, "audio": samples})
        zip_tree(stage, images, vision)
        zip_tree(stage, wavs, sound)
    return {"vision": vision, "sound": sound, "vision_md5": md5(vision),
            "sound_md5": md5(sound), "expected": expected, "rate": RATE}
