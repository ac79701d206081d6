"""Presto embeddings: per-pixel embedding rasters (Togo, 10 m), read as a raster layer.

Unlike the patch products (:mod:`geoplug.datasets.geo_embeddings`), Presto's embeddings are
pixel embeddings, published on Hugging Face (``izvonkov/Togo_Presto_Embeddings``) as the
GeoTIFF tiles an Earth Engine export writes: ``Togo_Presto_embeddings_v2025_06_19`` followed
by the tile's pixel offsets ``<row:10>-<col:10>`` (e.g. ``...v2025_06_190000000000-0000000000
.tif``), 128 uint16 bands (one per embedding dimension, pixel-interleaved, LZW, tiled) in
UTM 31N on the ETRS89 datum (EPSG:25231) at 10 m. A sample's ``image`` is ``[128, H, W]``
(float32 of the stored values; ``keep_dtype=True`` keeps uint16), to stack onto imagery with
``&`` or to train a pixel head on.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, ClassVar

from geoplug.datasets._catalog import spec
from geoplug.datasets._earth_embeddings import EmbeddingLayer
from geoplug.datasets._layers import not_found

__all__ = ["PrestoEmbeddings"]

_HINT = ("Get the GeoTIFF tiles (Togo_Presto_embeddings_v2025_06_19<row>-<col>.tif) from "
         "https://huggingface.co/datasets/izvonkov/Togo_Presto_Embeddings into this folder.")


class PrestoEmbeddings(EmbeddingLayer, spec=spec("presto_embeddings")):
    """Presto pixel embeddings of Togo (``image`` ``[128, H, W]``).

    Args:
        paths: the folder holding the tiles (searched recursively), or files or URLs.
        crs: target CRS (default the tiles', EPSG:25231).
        res: target resolution (default the tiles', 10 m); reprojection is nearest-neighbour
            (an embedding is not interpolated between pixels).
        bands: unused (the dimensions have no names); must be ``None``.
        transforms: a callable applied to each sample.
        **kwargs: ``merge``, ``keep_dtype``, ``cache``, ``use_overviews``, ``on_error``.

    Raises:
        DatasetNotFoundError: no ``Togo_Presto_embeddings_*.tif`` under ``paths``.
        InvalidDataError: a tile is unreadable or its band count differs from the others'.
        ValueError: ``bands`` given, or ``defer_resampling`` without ``keep_dtype``.
    """

    filename_glob: ClassVar[str] = "*Presto_embeddings*.tif"
    filename_regex: ClassVar[str] = r"^.*Presto_embeddings_v\d{4}_\d{2}_\d{2}.*\.tif$"
    files_wanted: ClassVar[str] = "Presto embedding tiles (Togo_Presto_embeddings_*.tif)"
    title: ClassVar[str] = "Presto embeddings (Togo)"

    def __init__(self, paths: Any = "data", crs: Any = None,
                 res: float | tuple[float, float] | None = None,
                 bands: Sequence[str] | None = None, transforms: Any = None,
                 **kwargs: Any) -> None:
        if bands is not None:
            raise ValueError("PrestoEmbeddings has no band names: a sample holds every one "
                             "of the 128 embedding dimensions")
        not_found(type(self).__name__,
                  lambda: EmbeddingLayer.__init__(self, paths, crs, res, None, transforms,
                                                  **kwargs),
                  f"Expected Presto embedding GeoTIFFs. {_HINT}")
