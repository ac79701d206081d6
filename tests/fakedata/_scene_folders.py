"""Class-folder JPEG archives whose pixels say which file, row, column and band they are.

Shared by the AID, WHU-RS19 and RSSCN7 generators. JPEG is lossy, so the chips are smooth
ramps saved at quality 100 without chroma subsampling: every decoded value stays within
:data:`TOLERANCE` of :func:`pixel`, while another file (9 apart), a transposed read (rows step
6, columns 3) or another band (25 apart) misses by more.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Any

import numpy as np
from PIL import Image

from fakedata._scene_classification import Stage, md5, zip_tree

SIZE = 12
#: the largest decoding error of a chip (measured: 3)
TOLERANCE = 4


def pixel(n: int, row: Any, col: Any, band: int) -> Any:
    """Value of band ``band`` at (row, col) of the ``n``-th file written (n < 9)."""
    return 10 + 9 * n + 6 * row + 3 * col + 25 * band


def chip(n: int) -> np.ndarray:
    """The ``[3, SIZE, SIZE]`` values the ``n``-th file encodes (float32, as the loader's)."""
    rows, cols = np.mgrid[0:SIZE, 0:SIZE]
    return np.stack([pixel(n, rows, cols, b) for b in range(3)]).astype(np.float32)


def make_tree(root: Path, archive: str, top: str,
              files: Sequence[tuple[str, str, int]],
              classes: Sequence[str] = ()) -> dict[str, Any]:
    """Write ``archive`` in ``root`` holding ``<top>/<class>/<name>`` for each of ``files``.

    ``files`` are ``(class folder, file name, label)`` in writing order (file ``n`` holds
    ``chip(n)``; ``label`` is the publisher's class index, written out by hand so that tests
    do not take it from the loader's class list); ``top`` may be empty (class folders at the
    archive's root); ``classes`` adds an empty folder for each class without a file (a
    release ships every class folder). Returns the ``archive_fixtures`` entries ``dir`` and
    ``archives`` (name -> md5) and ``expected``: per sample in the loader's order (by label,
    then file names sorted as strings), ``{"member", "n", "label", "class"}``.
    """
    root.mkdir(parents=True, exist_ok=True)
    prefix = f"{top}/" if top else ""
    members = []
    with Stage() as stage:
        for n, (folder, name, _) in enumerate(files):
            member = f"{prefix}{folder}/{name}"
            path = stage / member
            path.parent.mkdir(parents=True, exist_ok=True)
            hwc = chip(n).transpose(1, 2, 0).astype(np.uint8)
            Image.fromarray(hwc, "RGB").save(path, quality=100, subsampling=0)
            members.append(member)
        zip_tree(stage, members, root / archive, [f"{prefix}{c}" for c in classes])
    expected = sorted(
        ({"member": m, "n": n, "label": label, "class": folder}
         for n, (m, (folder, _, label)) in enumerate(zip(members, files))),
        key=lambda e: (e["label"], e["member"].rsplit("/", 1)[1]))
    return {"dir": root, "archives": {archive: md5(root / archive)}, "expected": expected}


def check_samples(ds: Any, expected: Sequence[dict[str, Any]]) -> None:
    """Every sample of ``ds`` is the expected file: its label, class name and pixels."""
    import torch

    assert len(ds) == len(expected)
    for i, exp in enumerate(expected):
        sample = ds[i]
        assert set(sample) == {"image", "label"}
        assert sample["image"].dtype == torch.float32
        assert sample["image"].shape == (3, SIZE, SIZE)
        assert sample["label"].dtype == torch.int64 and sample["label"].ndim == 0
        assert int(sample["label"]) == exp["label"], exp["member"]
        assert ds.classes[exp["label"]] == exp["class"]
        np.testing.assert_allclose(sample["image"].numpy(), chip(exp["n"]), rtol=0,
                                   atol=TOLERANCE, err_msg=exp["member"])


def check_bands(cls: Any, root: Path, expected: dict[str, Any]) -> None:
    """``bands=("B", "R")`` returns those bands of the same file, in that order."""
    image = cls(root, bands=("B", "R"))[0]["image"].numpy()
    np.testing.assert_allclose(image, chip(expected["n"])[[2, 0]], rtol=0, atol=TOLERANCE)


def check_registered(cls: Any, name: str, root: Path, num_classes: int) -> None:
    """``plot`` returns a figure, the registry gives ``cls`` with the published class count,
    and the plugin kit's conformance check passes on ``root``."""
    import geoplug.datasets
    from fakedata._dc_checks import check_plot
    from geoplug.core.testing import check_dataset_plugin

    check_plot(cls(root))
    assert geoplug.datasets.get(name) is cls
    assert geoplug.datasets.info(name).num_classes == len(cls.classes) == num_classes
    assert check_dataset_plugin(name, data=root).passed
