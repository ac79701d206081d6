"""Extractions cut short: one killed while moving its files into place is completed before
the folder is read (it looked like a whole dataset), one killed while unpacking leaves
nothing, and a dataset built over either reads every file of the archive; a folder the user
linked elsewhere takes its part of an archive."""

from __future__ import annotations

import io
import subprocess
import sys
import zipfile
from pathlib import Path

import numpy as np
from PIL import Image

from geoplug.core.archives import settle_extractions

#: extract ``argv[1]`` into ``argv[2]``, dying (as a killed process does) at the ``argv[3]``-th
#: move into place (0: before any)
_KILLED = r"""
import os, sys
import geoplug.core.archives as archives
moves, real = [0], os.replace
def replace(a, b):
    real(a, b)
    moves[0] += 1
    if moves[0] == int(sys.argv[3]):
        os._exit(137)
def unpacked(*args, **kwargs):
    os._exit(137)
archives.os.replace = replace
if sys.argv[3] == "0":  # dies once unpacked, before any move
    archives._plan_merge = unpacked
archives.extract_archive(sys.argv[1], sys.argv[2])
"""


def _zip(path: Path, members: dict[str, bytes]) -> None:
    with zipfile.ZipFile(path, "w") as z:
        for name, data in members.items():
            z.writestr(name, data)


def _killed(archive: Path, dst: Path, at_move: int) -> None:
    run = subprocess.run([sys.executable, "-c", _KILLED, str(archive), str(dst), str(at_move)])
    assert run.returncode == 137


def _files(folder: Path) -> dict[str, bytes]:
    return {str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*"))
            if p.is_file()}


def test_an_extraction_killed_while_moving_is_completed(tmp_path: Path) -> None:
    members = {f"class{k}/img{i}.bin": bytes([k, i]) * 50 for k in range(6) for i in range(2)}
    _zip(tmp_path / "a.zip", members)
    dst = tmp_path / "root"
    _killed(tmp_path / "a.zip", dst, at_move=2)
    placed = [p.name for p in dst.iterdir() if p.name.startswith("class")]
    assert len(placed) == 2  # what a reader found: a third of the classes
    settle_extractions(dst)
    assert _files(dst) == members  # the rest moved in, the staging folder gone
    settle_extractions(dst)  # nothing left to do
    assert _files(dst) == members


def test_an_extraction_killed_while_unpacking_leaves_nothing(tmp_path: Path) -> None:
    _zip(tmp_path / "a.zip", {"x/1.bin": b"1", "y/2.bin": b"2"})
    dst = tmp_path / "root"
    dst.mkdir()
    (dst / "mine.txt").write_text("the user's")
    _killed(tmp_path / "a.zip", dst, at_move=0)
    # an earlier version's, killed unpacking in another container (another host name)
    (dst / ".extract-oldcontainer-3f2a-1-abcd1234" / "x").mkdir(parents=True)
    (dst / ".extract-oldcontainer-3f2a-1-abcd1234" / "x" / "1.bin").write_bytes(b"1")
    assert len([p for p in dst.iterdir() if p.name.startswith(".extract-")]) == 2
    settle_extractions(dst)
    assert _files(dst) == {"mine.txt": b"the user's"}  # nothing half-placed, staging gone
    assert [p.name for p in dst.iterdir() if p.name.startswith(".")] == []


def test_a_dataset_over_a_killed_extraction_has_every_class(tmp_path: Path) -> None:
    # an archive with its class folders at the top (WHU-RS19's): the loader found some of
    # them after a kill and loaded a dataset of a third of its classes, without a word
    from geoplug.core.nongeo import NonGeoClassificationDataset

    class Scenes(NonGeoClassificationDataset):
        name = "scenes"
        classes = tuple(f"class{k}" for k in range(6))
        splits = ("train",)
        all_bands = rgb_bands = ("R", "G", "B")
        extensions = (".jpg",)
        image_dirs = (".",)

    buf = io.BytesIO()
    Image.fromarray(np.full((8, 8, 3), 40, np.uint8)).save(buf, "JPEG")
    _zip(tmp_path / "scenes.zip", {f"{c}/{c}_{i:02d}.jpg": buf.getvalue()
                                   for c in Scenes.classes for i in range(2)})
    root = tmp_path / "scenes"
    _killed(tmp_path / "scenes.zip", root, at_move=3)
    ds = Scenes(root)
    assert len(ds) == 2 * len(Scenes.classes)
    assert {int(ds[i]["label"]) for i in range(len(ds))} == set(range(len(Scenes.classes)))


def test_a_folder_the_user_linked_elsewhere_takes_the_archive(tmp_path: Path) -> None:
    # data kept on another disk through a symlink made a harmless archive "unsafe"
    from geoplug.core.archives import extract_archive

    elsewhere = tmp_path / "other_disk" / "images"
    elsewhere.mkdir(parents=True)
    dst = tmp_path / "root"
    dst.mkdir()
    (dst / "images").symlink_to(elsewhere)
    _zip(tmp_path / "a.zip", {"images/a.tif": b"pixels", "labels.csv": b"a,1"})
    extract_archive(tmp_path / "a.zip", dst)
    assert (elsewhere / "a.tif").read_bytes() == b"pixels"
    assert (dst / "labels.csv").read_bytes() == b"a,1"


def test_an_extraction_elsewhere_is_found_by_its_archives_marker(tmp_path: Path) -> None:
    # datasets extract some archives into sub-folders of their root (SpaceNet's split folder,
    # TreeSatAI's aerial/60m): the archive's folder says where a killed extraction went
    members = {f"class{k}/img.bin": bytes([k]) * 50 for k in range(5)}
    root = tmp_path / "root"
    root.mkdir()
    _zip(root / "a.zip", members)
    deep = root / "aerial" / "60m"
    _killed(root / "a.zip", deep, at_move=2)
    assert (root / ".a.zip.extracting").is_file()
    settle_extractions(root)
    assert _files(deep) == members and not (root / ".a.zip.extracting").exists()
    from geoplug.core.archives import extract_archive

    extract_archive(root / "a.zip", tmp_path / "again")  # a whole extraction leaves none
    assert not (root / ".a.zip.extracting").exists()
