"""Colour-coded masks: binarised colours map to their classes, and colour tables that
binarising cannot tell apart are refused rather than merged."""

from __future__ import annotations

import numpy as np
import pytest

from geoplug.datasets._seg_modern import colours_to_index


def test_binarised_colours_map_to_their_classes_and_merges_are_refused() -> None:
    # [3, 2, 2]: JPEG-ish values near 0 and 255
    rgb = np.array([[[250, 3], [0, 255]], [[251, 0], [255, 2]], [[0, 254], [255, 1]]],
                   dtype=np.uint8)
    table = [(255, 255, 0), (0, 0, 255), (0, 255, 255), (255, 0, 0)]
    assert colours_to_index(rgb, table).tolist() == [[0, 1], [2, 3]]
    # two colours one bit pattern apart only below the threshold would have become one class
    with pytest.raises(ValueError, match="not told apart"):
        colours_to_index(rgb, [(0, 0, 0), (100, 100, 100)])
