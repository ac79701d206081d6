from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import torch

import geoplug.datasets
from fakedata import vhr10 as fake
from fakedata._dc_checks import (
    archive_fixtures,
    check_checksum_mismatch,
    check_not_found,
    check_plot,
    copy_archives,
    serve_made,
)
from geoplug.datasets.vhr10 import VHR10
from testkit.http import Served

ZIP = f"{fake.FOLDER}.zip"


made, root = archive_fixtures(fake.make, "vhr10")


@pytest.mark.parametrize("split", ["train", "positive"])
def test_positive(root: Path, split: str) -> None:
    ds = VHR10(root, split=split)
    assert len(ds) == 3
    sample = ds[2]
    assert set(sample) == {"image", "bbox_xyxy", "label", "mask"}
    assert sample["image"].shape == (3, fake.SIZE, fake.SIZE)
    assert sample["image"].dtype == torch.float32
    assert sample["bbox_xyxy"].dtype == torch.float32
    assert sample["bbox_xyxy"].tolist() == [[4, 4, 16, 8], [1, 15, 5, 20], [18, 2, 23, 9]]
    assert sample["label"].dtype == torch.int64
    assert sample["label"].tolist() == [8, 1, 2]
    mask = sample["mask"]
    assert mask.dtype == torch.uint8 and mask.shape == (3, fake.SIZE, fake.SIZE)
    assert [int(m.sum()) for m in mask] == [12 * 4, 4 * 5, 5 * 7]
    assert int(mask[0, 4:8, 4:16].sum()) == 48
    # image 003 (index 2): RGB (60, 100, 20) + 2 r + 4 c; JPEG is lossy, so within 4 levels
    # (the transposed pixel is 20 levels away)
    expected = torch.tensor([60.0, 100.0, 20.0]) + 2 * 5 + 4 * 15
    assert torch.allclose(sample["image"][:, 5, 15], expected, atol=4)
    assert torch.allclose(sample["image"][:, 15, 5], expected - 20, atol=4)
    reference = torch.from_numpy(fake.image(fake.colour(2))).permute(2, 0, 1).float()
    assert (sample["image"] - reference).abs().max().item() <= 6


def test_negative(root: Path) -> None:
    ds = VHR10(root, split="negative")
    assert len(ds) == 2
    sample = ds[0]
    assert sample["bbox_xyxy"].shape == (0, 4) and sample["label"].shape == (0,)
    assert torch.allclose(ds[1]["image"][:, 7, 3], torch.full((3,), 40.0 + 14 + 12), atol=4)
    assert "mask" not in sample


def test_without_coco(made: dict[str, Any], tmp_path: Path) -> None:
    copy_archives(made["dir"], tmp_path, [ZIP])
    sample = VHR10(tmp_path)[0]
    assert "mask" not in sample
    assert sample["label"].tolist() == [0, 9]


def test_bands_transforms(root: Path) -> None:
    ds = VHR10(root, bands=["B"], transforms=lambda s: {**s, "n": len(s["label"])})
    sample = ds[0]
    assert sample["image"].shape[0] == 1
    assert abs(float(sample["image"][0, 5, 9]) - (20 + 10 + 36)) <= 4  # JPEG, 20 + 2 r + 4 c
    assert sample["n"] == 2


def test_bad_ground_truth(root: Path, tmp_path: Path) -> None:
    import shutil

    from geoplug.core.errors import InvalidDataError

    shutil.copytree(root / fake.FOLDER, tmp_path / fake.FOLDER)
    (tmp_path / fake.FOLDER / "ground truth" / "001.txt").write_text("(1,2),(3\n")
    with pytest.raises(InvalidDataError, match=r"001\.txt"):
        VHR10(tmp_path)[0]


def test_not_found(tmp_path: Path) -> None:
    check_not_found(VHR10, tmp_path)


def test_download(made: dict[str, Any], http_server: Served, http_root: Path, tmp_path: Path,
                  monkeypatch: pytest.MonkeyPatch) -> None:
    serve_made(VHR10, made, http_server.url, http_root, monkeypatch)
    ann = VHR10.annotations
    monkeypatch.setattr(VHR10, "annotations", type(ann)(
        url=f"{http_server.url}/annotations.json", filename=ann.filename,
        md5=made["archives"]["annotations.json"], extract=False))
    ds = VHR10(tmp_path, download=True, checksum=True)
    assert len(ds) == 3 and "mask" in ds[0]


def test_checksum_mismatch(made: dict[str, Any], tmp_path: Path,
                           monkeypatch: pytest.MonkeyPatch) -> None:
    copy_archives(made["dir"], tmp_path, [ZIP])
    check_checksum_mismatch(VHR10, monkeypatch, tmp_path, ZIP)


def test_plot(root: Path) -> None:
    check_plot(VHR10(root))


def test_registry() -> None:
    assert geoplug.datasets.get("vhr10") is VHR10
    assert geoplug.datasets.info("vhr10").num_classes == 10


def test_coco_only_layout(tmp_path: Path) -> None:
    """Boxes and labels come from annotations.json when the text ground truth is absent."""
    ds = VHR10(fake.make_coco_only(tmp_path))
    assert len(ds) == 3
    sample = ds[2]
    assert sample["bbox_xyxy"].tolist() == [[4, 4, 16, 8], [1, 15, 5, 20], [18, 2, 23, 9]]
    assert sample["label"].tolist() == [8, 1, 2]
    assert [int(m.sum()) for m in sample["mask"]] == [12 * 4, 4 * 5, 5 * 7]
    assert ds[0]["label"].tolist() == [0, 9]


def test_no_ground_truth_at_all(made: dict[str, Any], tmp_path: Path) -> None:
    import shutil

    from geoplug.core.errors import InvalidDataError

    copy_archives(made["dir"], tmp_path, [ZIP])
    ds = VHR10(tmp_path)
    shutil.rmtree(tmp_path / fake.FOLDER / "ground truth")
    with pytest.raises(InvalidDataError, match=r"no ground truth for 001\.jpg"):
        ds[0]


def test_masks_pair_with_their_boxes_whatever_the_json_order(root: Path, tmp_path: Path
                                                              ) -> None:
    """The ground-truth text files and annotations.json were annotated apart: the masks are
    matched to the text file's boxes by class and overlap, not by list position."""
    import json
    import shutil

    copy = tmp_path / "vhr10"
    shutil.copytree(root, copy)
    [coco_path] = list(copy.rglob("annotations.json"))
    coco = json.loads(coco_path.read_text())
    coco["annotations"] = coco["annotations"][::-1]
    coco_path.write_text(json.dumps(coco))
    sample = VHR10(copy, split="positive")[2]
    assert sample["bbox_xyxy"].tolist() == [[4, 4, 16, 8], [1, 15, 5, 20], [18, 2, 23, 9]]
    for (x0, y0, x1, y1), mask in zip(sample["bbox_xyxy"].int().tolist(), sample["mask"]):
        assert int(mask.sum()) == (x1 - x0) * (y1 - y0) == int(mask[y0:y1, x0:x1].sum())
