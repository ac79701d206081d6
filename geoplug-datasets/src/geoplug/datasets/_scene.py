"""The published split lists of the class-per-folder scene classification benchmarks.

EuroSAT, RESISC45 and UC Merced are split by the lists of Neumann et al. (2019), one file name
per line, published next to each archive. The class-per-folder reading itself is core's
:class:`~geoplug.core.nongeo.NonGeoClassificationDataset` (``image_dirs``, ``split_lists``).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Literal

from geoplug.core.download import Resource

__all__ = ["split_list_resources"]


def split_list_resources(base_url: str, pattern: str, checksums: Mapping[str, str],
                         algorithm: Literal["md5", "sha256"] = "md5") -> tuple[Resource, ...]:
    """One non-archive resource per split list ``pattern.format(split=...)`` under ``base_url``.

    The Neumann et al. (2019) lists are published next to each archive the same way, so the
    datasets using them only name the pattern and the checksum of each split.
    """
    resources = []
    for split, digest in checksums.items():
        filename = pattern.format(split=split)
        resources.append(Resource(url=f"{base_url}{filename}", filename=filename,
                                  md5=digest if algorithm == "md5" else None,
                                  sha256=digest if algorithm == "sha256" else None,
                                  extract=False, splits=(split,)))
    return tuple(resources)
