"""Copernicus-Embed: Copernicus-FM's global embedding map, one 768-D vector per 0.25 degree.

The authors encoded every modality of Copernicus-Pretrain with Copernicus-FM and averaged the
image embeddings of each 0.25 x 0.25 degree grid cell (ERA5's grid) into one vector: a
721 x 1440 x 768 map, 0 where no data was encoded (mostly ocean). They publish it as NumPy
(``embed_map_310k.npz``); the GeoTIFF read here, ``embed_map_310k.tif``, is the copy that
TorchGeo hosts on Hugging Face (768 float32 bands, WGS 84, pixel centres on the quarter
degrees). ``download=True`` fetches it and verifies its MD5.

Samples hold ``image`` float32 ``[768, H, W]`` (``bands`` picks dimensions ``E000``-``E767``),
with ``nearest`` resampling: a 10 m patch takes the vector of the cell it lies in.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Any, ClassVar

from geoplug.core.archives import find_below
from geoplug.core.download import Resource, check_integrity, fetch
from geoplug.core.errors import ChecksumError
from geoplug.core.filematch import path_list
from geoplug.datasets._catalog import spec
from geoplug.datasets._earth_embeddings import EmbeddingLayer
from geoplug.datasets._geodownload import download_folder
from geoplug.datasets._layers import init_raster

__all__ = ["CopernicusEmbed"]

_FILE = "embed_map_310k.tif"
_URL = ("https://hf.co/datasets/ajstewart/copernicus_embed/resolve/"
        f"ff892440609bc644df2c573a37f145c9d1c986fc/{_FILE}")
_MD5 = "63de14ab9f5eeffb785066f3013a40b4"
_HOMEPAGE = "https://github.com/zhu-xlab/Copernicus-FM/tree/main/Copernicus-Embed-025deg"


class CopernicusEmbed(EmbeddingLayer, spec=spec("copernicus_embed")):
    """The Copernicus-Embed map (``image`` float32 ``[C, H, W]``, 768 dimensions).

    Args:
        paths: the folder holding ``embed_map_310k.tif`` (searched recursively), or the file.
        crs, res, transforms: see :class:`~geoplug.core.raster.RasterDataset` (default WGS 84,
            0.25 degree); ``nearest`` resampling keeps each cell's vector.
        bands: dimensions to read, of ``E000``-``E767`` (default all, in order).
        download: fetch the GeoTIFF into ``paths`` when it is not there.
        checksum: verify the MD5 of the GeoTIFF found (a download is always verified).
        **kwargs: ``merge``, ``keep_dtype``, ``resampling``, ``cache``, ``use_overviews``.

    Raises:
        DatasetNotFoundError: no ``embed_map_*.tif`` under ``paths``.
        ChecksumError: the GeoTIFF does not match its MD5.
        ValueError: unknown band names.
    """

    filename_glob: ClassVar[str] = "embed_map_*.tif"
    filename_regex: ClassVar[str] = r"^embed_map_(?P<grids>\w+)\.tif$"
    files_wanted: ClassVar[str] = f"the Copernicus-Embed map ({_FILE})"
    title: ClassVar[str] = "Copernicus-Embed"

    def __init__(self, paths: Any = "data", crs: Any = None,
                 res: float | tuple[float, float] | None = None,
                 bands: Sequence[str] | None = None, transforms: Any = None, *,
                 download: bool = False, checksum: bool = False, **kwargs: Any) -> None:
        if download:
            fetch([Resource(_URL, _FILE, md5=_MD5, extract=False)],
                  download_folder(paths, type(self).__name__), checksum)
        elif checksum:
            for item in map(Path, path_list(paths)):
                for path in [item] if item.name == _FILE else find_below(item, _FILE):
                    if not check_integrity(path, md5=_MD5):
                        raise ChecksumError(f"{path} does not match its published MD5 {_MD5}; "
                                            "delete it and pass download=True to fetch it "
                                            "again")
        init_raster(self, paths, crs, res, bands, transforms, **kwargs,
                    hint=f"Expected {_FILE}: pass download=True, run `geoplug datasets "
                         f"download copernicus_embed --root DIR`, or get it from {_URL} "
                         f"(the NumPy original: {_HOMEPAGE}).")
