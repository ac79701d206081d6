"""Shared chip readers of the dataset loaders."""

from __future__ import annotations

from pathlib import Path

import numpy as np

from geoplug.datasets._chipio import read_image


def test_a_16_bit_png_read_as_one_band_keeps_its_values(tmp_path: Path) -> None:
    # mode "L" clamped a 16-bit PNG (a label or elevation image) to 0-255
    from PIL import Image

    rows, cols = np.mgrid[0:4, 0:5]
    values = (300 + 100 * rows + 10 * cols).astype("uint16")
    Image.fromarray(values).save(tmp_path / "deep.png")
    np.testing.assert_array_equal(read_image(tmp_path / "deep.png", "L"), values)
    grey = (values % 256).astype("uint8")  # an 8-bit image as before, RGB from grey too
    Image.fromarray(grey).save(tmp_path / "grey.png")
    np.testing.assert_array_equal(read_image(tmp_path / "grey.png", "L"), grey)
    np.testing.assert_array_equal(read_image(tmp_path / "grey.png"), np.stack([grey] * 3))
