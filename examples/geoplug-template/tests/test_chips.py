"""TemplateChips downloads, verifies, extracts and reads its archive, like a user's run."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
import torch
from geoplug_template.chips import TemplateChips

from geoplug.core import DatasetNotFoundError
from geoplug.core.download import Resource
from geoplug.core.errors import ChecksumError
from geoplug.core.testing import (
    Archive,
    ChipSet,
    LocalHTTPServer,
    write_archive,
    write_chip_folders,
)

CLASSES = ("cropland", "forest", "water")


@pytest.fixture
def published(tmp_path: Path, http_root: Path) -> tuple[ChipSet, Archive]:
    """The publisher's archive, served by the kit's HTTP server fixture."""
    chips = write_chip_folders(tmp_path / "stage" / "template_chips", CLASSES,
                               splits=("train", "test"), per_class={"train": 3, "test": 1},
                               bands=4, dtype="uint16")
    archive = write_archive(tmp_path / "stage" / "template_chips",
                            http_root / "template_chips.zip")
    return chips, archive


@pytest.fixture
def served(monkeypatch: pytest.MonkeyPatch, http_server: LocalHTTPServer,
           published: tuple[ChipSet, Archive]) -> tuple[ChipSet, Archive]:
    """Point the dataset's resource at the local server, with the served file's md5."""
    chips, archive = published
    resource = Resource(url=f"{http_server.url}/template_chips.zip",
                        filename="template_chips.zip", md5=archive.md5)
    monkeypatch.setattr(TemplateChips, "resources", (resource,))
    return chips, archive


def test_download_extract_and_read(tmp_path: Path, served: tuple[ChipSet, Archive],
                                   http_server: LocalHTTPServer) -> None:
    chips, _ = served
    ds = TemplateChips(tmp_path / "data", split="train", download=True, checksum=True)
    assert len(ds) == 9 and len(http_server.stats.requests) == 1
    sample = ds[4]  # second chip of "forest"
    path, label = chips.files["train"][4]
    assert int(sample["label"]) == label == 1 and sample["label"].dtype == torch.int64
    assert sample["image"].dtype == torch.float32 and tuple(sample["image"].shape) == (4, 16, 16)
    assert np.array_equal(sample["image"].numpy(), chips.expected(path).astype(np.float32))
    # the extracted files are found again without any request
    test = TemplateChips(tmp_path / "data", split="test", bands=["nir", "red"])
    assert len(test) == 3 and len(http_server.stats.requests) == 1
    path, _ = chips.files["test"][2]
    assert np.array_equal(test[2]["image"].numpy(), chips.expected(path)[[3, 2]])


def test_a_corrupt_download_is_refused(tmp_path: Path, served: tuple[ChipSet, Archive],
                                       monkeypatch: pytest.MonkeyPatch,
                                       http_server: LocalHTTPServer) -> None:
    (resource,) = TemplateChips.resources
    wrong = Resource(url=resource.url, filename=resource.filename, md5="0" * 32)
    monkeypatch.setattr(TemplateChips, "resources", (wrong,))
    with pytest.raises(ChecksumError):
        TemplateChips(tmp_path / "data", download=True, checksum=True)
    assert not (tmp_path / "data" / "template_chips").exists()


def test_missing_without_download_says_how(tmp_path: Path) -> None:
    with pytest.raises(DatasetNotFoundError) as info:
        TemplateChips(tmp_path / "nothing")
    message = str(info.value)
    assert str(tmp_path / "nothing") in message and "download=True" in message


def test_plot_titles_the_split(tmp_path: Path, served: tuple[ChipSet, Archive]) -> None:
    from matplotlib.figure import Figure

    ds = TemplateChips(tmp_path / "data", split="test", download=True)
    figure = ds.plot(ds[0])
    assert isinstance(figure, Figure)
    assert figure.texts[0].get_text() == "template_chips (test)"
