"""ADVANCE: geotagged aerial images paired with ambient sound (Hu et al., ECCV 2020).

5,075 RGB JPEG images of 512x512 px in 13 scene classes, from Zenodo record 3828124:
``ADVANCE_vision.zip`` unpacks to ``vision/<class>/<id>.jpg`` and ``ADVANCE_sound.zip`` to
``sound/<class>/<id>.wav`` (10 s recordings, same ``<id>`` as the image). This loader serves
the image classification task; pass ``include_audio=True`` to also get the recording. The
publisher defines no split: the single split ``"train"`` is the whole dataset.
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from pathlib import Path

import numpy as np

from geoplug.core.download import Resource
from geoplug.core.errors import InvalidDataError
from geoplug.core.nongeo import NonGeoClassificationDataset, Sample, Transforms
from geoplug.datasets._catalog import spec

__all__ = ["ADVANCE", "read_wav"]

_ZENODO = "https://zenodo.org/records/3828124/files/"


_PCM, _FLOAT, _EXTENSIBLE = 1, 3, 0xFFFE


def _wav_chunks(path: Path) -> tuple[bytes, bytes]:
    """The ``fmt `` and ``data`` chunks of a RIFF/WAVE file.

    Raises:
        InvalidDataError: the file is not RIFF/WAVE or lacks one of the two chunks.
    """
    raw = path.read_bytes()
    if len(raw) < 12 or raw[:4] != b"RIFF" or raw[8:12] != b"WAVE":
        raise InvalidDataError(f"cannot read audio {path}: not a RIFF/WAVE file")
    chunks: dict[bytes, bytes] = {}
    offset = 12
    while offset + 8 <= len(raw):
        chunk_id, size = raw[offset:offset + 4], int.from_bytes(raw[offset + 4:offset + 8],
                                                                "little")
        chunks.setdefault(chunk_id, raw[offset + 8:offset + 8 + size])
        offset += 8 + size + (size & 1)  # chunks are word-aligned
    if b"fmt " not in chunks or b"data" not in chunks:
        raise InvalidDataError(f"cannot read audio {path}: no 'fmt ' or 'data' chunk; the "
                               "file is truncated — extract ADVANCE_sound.zip again")
    return chunks[b"fmt "], chunks[b"data"]


def read_wav(path: Path) -> tuple[np.ndarray, int]:
    """A WAV file as float32 ``[channels, frames]`` in [-1, 1], and its sample rate.

    Integer PCM (8/16/24/32 bit) and IEEE float (32/64 bit) are read, plain or in
    ``WAVE_FORMAT_EXTENSIBLE`` form — the encodings sound archives are published in, several
    of which Python's :mod:`wave` rejects.

    Raises:
        InvalidDataError: the file is not a WAV file in one of those encodings.
    """
    try:
        fmt, data = _wav_chunks(path)
    except OSError as exc:
        raise InvalidDataError(f"cannot read audio {path}: {exc}") from exc
    if len(fmt) < 16:
        raise InvalidDataError(f"cannot read audio {path}: malformed 'fmt ' chunk")
    tag = int.from_bytes(fmt[0:2], "little")
    channels = int.from_bytes(fmt[2:4], "little")
    rate = int.from_bytes(fmt[4:8], "little")
    bits = int.from_bytes(fmt[14:16], "little")
    if tag == _EXTENSIBLE and len(fmt) >= 26:
        tag = int.from_bytes(fmt[24:26], "little")  # first two bytes of the sub-format GUID
    width = bits // 8
    if channels < 1 or width < 1:
        raise InvalidDataError(f"cannot read audio {path}: {channels} channels of {bits} bit")
    data = data[: len(data) - len(data) % (width * channels)]
    if tag == _FLOAT and width in (4, 8):
        samples = np.frombuffer(data, np.dtype(f"<f{width}")).astype(np.float32)
    elif tag == _PCM and width == 1:  # 8-bit WAV is unsigned
        samples = (np.frombuffer(data, np.uint8).astype(np.float32) - 128.0) / 128.0
    elif tag == _PCM and width == 3:  # 24-bit: widen to int32 by hand
        b = np.frombuffer(data, np.uint8).reshape(-1, 3).astype(np.int32)
        ints = (b[:, 0] | (b[:, 1] << 8) | (b[:, 2] << 16)) << 8 >> 8
        samples = ints.astype(np.float32) / float(1 << 23)
    elif tag == _PCM and width in (2, 4):
        ints = np.frombuffer(data, np.dtype(f"<i{width}"))
        samples = (ints.astype(np.float64) / float(1 << (8 * width - 1))).astype(np.float32)
    else:
        raise InvalidDataError(
            f"{path}: unsupported WAV encoding (format tag {tag:#x}, {bits} bit)")
    return np.ascontiguousarray(samples.reshape(-1, channels).T), rate


class ADVANCE(NonGeoClassificationDataset, spec=spec("advance")):
    """ADVANCE images (``image`` float32 ``[3, 512, 512]``, ``label`` int64).

    With ``include_audio=True`` samples also hold ``audio`` (float32 ``[channels, frames]``
    in [-1, 1]) and ``sample_rate`` (int), and ``ADVANCE_sound.zip`` is downloaded too.
    """

    extensions = (".jpg", ".jpeg")
    image_dirs = ("vision", ".")
    resources = (
        Resource(url=f"{_ZENODO}ADVANCE_vision.zip?download=1", filename="ADVANCE_vision.zip",
                 md5="a9e8748219ef5864d3b5a8979a67b471"),
        Resource(url=f"{_ZENODO}ADVANCE_sound.zip?download=1", filename="ADVANCE_sound.zip",
                 md5="a2d12f2d2a64f5c3d3a9d8c09aaf1c31"),
    )

    def __init__(
        self,
        root: str | os.PathLike[str] = "data",
        split: str = "train",
        bands: Sequence[str] | None = None,
        transforms: Transforms | None = None,
        download: bool = False,
        checksum: bool = False,
        include_audio: bool = False,
    ) -> None:
        """
        Raises:
            ValueError: unknown split or band.
            DatasetNotFoundError: files absent and ``download`` is False.
            ChecksumError: ``checksum`` is True and an archive does not match.
            InvalidDataError: an image has no recording (``include_audio``) or no images.
        """
        self.include_audio = include_audio
        super().__init__(root, split, bands, transforms, download, checksum)

    def _needed(self) -> list[Resource]:
        wanted = {"ADVANCE_vision.zip"} | ({"ADVANCE_sound.zip"} if self.include_audio else set())
        return [r for r in self.resources if r.filename in wanted]

    def _exists(self) -> bool:
        sound = self.root / "sound"
        return super()._exists() and (not self.include_audio or sound.is_dir())

    def _load(self) -> None:
        super()._load()
        if self.include_audio:
            self.audio_paths: list[Path] = []
            for path, label in self.samples:
                wav = self.root / "sound" / self.classes[label] / f"{path.stem}.wav"
                if not wav.is_file():
                    raise InvalidDataError(
                        f"advance: {path} has no recording at {wav}; extract "
                        "ADVANCE_sound.zip into the dataset root again"
                    )
                self.audio_paths.append(wav)

    def __getitem__(self, index: int) -> Sample:
        import torch

        path, label = self.samples[index]
        sample: Sample = {
            "image": torch.from_numpy(self._read(path)[0].astype(np.float32)),
            "label": torch.tensor(label, dtype=torch.int64),
        }
        if self.include_audio:
            audio, rate = read_wav(self.audio_paths[index])
            sample["audio"] = torch.from_numpy(audio)
            sample["sample_rate"] = rate
        return self._apply(sample)
