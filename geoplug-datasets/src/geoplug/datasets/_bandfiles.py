"""One-file-per-band products whose bands sit on different pixel grids.

Sentinel-2 delivers bands at 10, 20 and 60 m, Landsat its panchromatic band at 15 m next to
30 m multispectral bands. The warp engine reads one *scene* as files sharing one grid, so a
scene here is split into resolution groups (bands of equal native resolution share a grid);
each group is warped and composited straight onto the query grid and the channels are put
back in the requested band order. Only one resampling happens per band, never an
intermediate grid. When every requested band has the same resolution this is exactly the
plain :class:`~geoplug.core.raster.RasterDataset` path.
"""

from __future__ import annotations

import functools
import json
from collections.abc import Iterator, Sequence
from typing import Any, ClassVar

import numpy as np

from geoplug.core.composite import Reader, composite, lacking
from geoplug.core.geodataset import Transform, check_res
from geoplug.core.headers import read_headers
from geoplug.core.raster import PathsLike, RasterDataset
from geoplug.core.warp import Grid, Patch, Source
from geoplug.core.warp.plan import read_source
from geoplug.core.warp.sources import Region

__all__ = ["MultiResolutionBandFiles"]


class MultiResolutionBandFiles(RasterDataset):
    """A :class:`RasterDataset` with ``separate_files`` whose bands may differ in resolution.

    Subclasses set ``band_resolution`` (native metres per band name); bands absent from it
    are assumed to share the first requested band's grid. The default ``res`` is the finest
    requested band's.
    """

    separate_files: ClassVar[bool] = True
    band_resolution: ClassVar[dict[str, float]] = {}

    def __init__(self, paths: PathsLike = "data", crs: Any = None,
                 res: float | tuple[float, float] | None = None,
                 bands: Sequence[str] | None = None, transforms: Transform | None = None,
                 **kwargs: Any) -> None:
        """See :class:`~geoplug.core.raster.RasterDataset` (every keyword is passed on).

        Raises:
            ValueError: ``defer_resampling`` with bands of different resolutions (and what
                :class:`~geoplug.core.raster.RasterDataset` raises).
        """
        super().__init__(paths, crs, res, bands, transforms, **kwargs)
        cache = kwargs.get("cache", True)
        self._groups: list[tuple[list[int], list[Source]]] | None = None
        #: why the samples cannot be deferred (:class:`~geoplug.core.deferred.Deferral`)
        self._no_deferral: str | None = None
        native = [self.band_resolution.get(b, self.band_resolution.get(self.bands[0], 0.0))
                  for b in self.bands]
        levels = sorted(set(native))
        if len(levels) < 2:  # one grid: the plain RasterDataset path (which can defer)
            return
        self._no_deferral = (
            f"the requested bands {list(self.bands)} have different native resolutions "
            f"({', '.join(f'{r:g} m' for r in levels)}), which one deferred window cannot "
            "hold; request bands of one resolution or use defer_resampling=False")
        if self.defer_resampling:
            raise ValueError(self._no_deferral)
        groups: list[tuple[list[int], list[Source]]] = []
        finest_header = None
        for level in levels:
            members = [i for i, r in enumerate(native) if r == level]
            firsts = [src.paths[members[0]] for src in self._sources]
            key = None
            if cache:
                key = json.dumps(["bandfiles", sorted(str(p) for p in firsts)])
            headers = read_headers(firsts, cache_key=key)
            if finest_header is None:
                finest_header = headers[0]
            sources = [
                Source(paths=tuple(src.paths[m] for m in members),
                       indexes=tuple((1,) for _ in members), header=h,
                       nodata=self.nodata if self.nodata is not None else h.nodata)
                for src, h in zip(self._sources, headers)
            ]
            groups.append((members, sources))
        self._groups = groups
        if res is None and finest_header is not None:
            self._res = check_res(self._default_res(finest_header, self._crs), self._crs)

    def _read_scene(self, source: Source, i: int, grid: Grid, need: Region | None = None
                    ) -> Patch | None:
        """Scene ``i``'s read of ``source`` (its bands of one group) on ``grid``, of the box
        ``need``: where a product adjusts a scene's values (Sentinel-2's baselines)."""
        return read_source(source, grid, self._resampling, self._same_crs[i],
                           self.use_overviews, need)

    def _patches(self, hits: Sequence[int], grid: Grid) -> Iterator[Reader]:
        return (functools.partial(self._read_scene, self._sources[i], i, grid) for i in hits)

    def _composite(self, hits: list[int], grid: Grid) -> np.ndarray:
        """The ``[C, H, W]`` merge of the scenes ``hits``, each resolution group warped once.

        Raises:
            InvalidDataError: a file cannot be read.
        """
        if self._groups is None:
            return super()._composite(hits, grid)
        if self.merge in ("first", "last"):
            return self._first(hits, grid)
        width, height = grid.width, grid.height
        method = self.merge
        out = np.empty((self._count, height, width), dtype=self._merge_dtype)
        for members, sources in self._groups:
            patches = (functools.partial(self._read_scene, sources[i], i, grid) for i in hits)
            # each file's nodata left out of the reductions (mean, median...), as in one grid
            array, _ = composite(patches, (len(members), height, width), self._merge_dtype,
                                 self.fill_value, method,
                                 nodata=[sources[i].nodata for i in hits])
            out[members] = array
        return out

    def _first(self, hits: list[int], grid: Grid) -> np.ndarray:
        """``first`` (``last``: ``hits`` reversed) with one scene per pixel for every band.

        Each group deciding alone took a band from a later scene where the first lacked that
        resolution only (a swath edge a few pixels apart per resolution), mixing dates in one
        pixel. A pixel is taken from the first scene with data in every group there; a pixel
        no scene covers whole, from the first with data in some group (the bands it lacks
        hold the fill value, as a scene's missing band does on one grid).

        Raises:
            InvalidDataError: a file cannot be read.
        """
        assert self._groups is not None
        height, width = grid.height, grid.width
        out = np.full((self._count, height, width), self.fill_value, dtype=self._merge_dtype)
        covered = np.zeros((height, width), dtype=bool)
        scenes = []
        for i in hits:
            need = lacking(covered) if covered.any() else None
            parts, some, every = [], np.zeros_like(covered), np.ones_like(covered)
            for members, sources in self._groups:
                patch = self._read_scene(sources[i], i, grid, need)
                here = np.zeros_like(covered)
                if patch is not None:
                    valid = patch.mask()
                    here[patch.rows, patch.cols] = True if valid is None else valid
                    parts.append((members, patch, here))
                some |= here
                every &= here
            scenes.append((parts, some))
            self._take(out, covered, parts, every)
            if covered.all():
                return out
        for parts, some in scenes:  # pixels no scene covers whole
            self._take(out, covered, parts, some)
        return out

    @staticmethod
    def _take(out: np.ndarray, covered: np.ndarray,
              parts: list[tuple[list[int], Patch, np.ndarray]], valid: np.ndarray) -> None:
        """Copy a scene's groups where it is ``valid`` and nothing is yet (``covered``)."""
        take = valid & ~covered
        for members, patch, here in parts:
            where = (take & here)[patch.rows, patch.cols]
            for k, channel in enumerate(members):
                np.copyto(out[channel, patch.rows, patch.cols], patch.data[k], where=where,
                          casting="unsafe")
        covered |= take
