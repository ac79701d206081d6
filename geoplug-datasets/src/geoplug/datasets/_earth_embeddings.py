"""What the Earth embedding rasters share (Google Satellite Embedding, Copernicus-Embed, ESD).

Their pixels are feature vectors that a model wrote, often stored as integers the publisher
tells how to decode. :class:`EmbeddingLayer` reads them as any raster is read and decodes the
stored numbers of each sample (:meth:`EmbeddingLayer.decode`) after the merge, so a
pixel of a sample is always a vector the publisher published: resampling is ``nearest`` by
default (an interpolated code, or a blend of two vectors, is no published vector), and the
plot shows the first three principal components of the vectors of the sample.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Any, ClassVar

import numpy as np

from geoplug.core.errors import DatasetNotFoundError
from geoplug.core.filematch import PathsLike, date_range, path_list
from geoplug.core.raster import RasterDataset

__all__ = ["EmbeddingLayer", "embedding_figure", "year_of"]

_YEAR = re.compile(r"^(?:19|20)\d{2}$")


def year_of(path: str) -> str | None:
    """The year that names a folder of ``path`` (the nearest one), or ``None``.

    Annual embeddings are published in ``<year>/`` folders and the file names do not repeat
    it (Google's ``<year>/<zone>/<id>-<row>-<col>.tiff``).
    """
    for part in reversed(re.split(r"[/\\]", path)[:-1]):
        if _YEAR.match(part):
            return part
    return None


def embedding_figure(image: Any, title: str, show_titles: bool = True,
                     suptitle: str | None = None) -> Any:
    """The first three principal components of a ``[C, H, W]`` sample's vectors as RGB
    (stretched over this sample only: colours of two samples do not compare); pixels without
    a vector (NaN, or all zero) are white. Returns the Figure."""
    import matplotlib.pyplot as plt

    array = np.asarray(image.detach().cpu() if hasattr(image, "detach") else image,
                       dtype=np.float64)
    if array.ndim == 4:  # [T, C, H, W]: the months side by side in one vector
        array = array.reshape(-1, *array.shape[-2:])
    channels, height, width = array.shape
    vectors = array.reshape(channels, -1).T
    valid = np.isfinite(vectors).all(axis=1) & (np.abs(vectors).sum(axis=1) > 0)
    rgb = np.ones((height * width, 3))
    if valid.sum() > 1:
        centred = vectors[valid] - vectors[valid].mean(axis=0)
        _, _, axes = np.linalg.svd(centred, full_matrices=False)
        parts = centred @ axes[:3].T
        parts = np.pad(parts, ((0, 0), (0, 3 - parts.shape[1])))
        low, high = parts.min(axis=0), parts.max(axis=0)
        rgb[valid] = (parts - low) / np.where(high > low, high - low, 1)
    fig, ax = plt.subplots(figsize=(5, 5))
    ax.imshow(rgb.reshape(height, width, 3), interpolation="nearest")
    ax.set_axis_off()
    if show_titles:
        ax.set_title(title)
    if suptitle:
        fig.suptitle(suptitle)
    return fig


class EmbeddingLayer(RasterDataset):
    """A raster of embedding vectors, read as ``image`` float32 ``[C, H, W]``: the stored
    values decoded by :meth:`decode` (``keep_dtype=True`` keeps them as stored), resampled
    with ``nearest`` unless ``resampling`` says otherwise.

    Subclasses set :attr:`title` and override :meth:`decode`; ``year`` (a folder name) keeps
    the files of one year of an annual product (:attr:`yearly`).
    """

    resampling: ClassVar[str | None] = "nearest"
    #: the figure's title
    title: ClassVar[str] = ""
    #: files lie in ``<year>/`` folders: they are dated by them (the whole year)
    yearly: ClassVar[bool] = False
    #: the year kept (``None``: every year found, each dated by its folder)
    year: int | None = None
    #: the files hold codes that :meth:`decode` maps non-linearly: averaging them (a merge
    #: other than first/last, a resampling other than nearest) averages codes, not vectors
    coded: ClassVar[bool] = False

    def __init__(self, paths: PathsLike = "data", crs: Any = None,
                 res: float | tuple[float, float] | None = None,
                 bands: Sequence[str] | None = None, transforms: Any = None,
                 **kwargs: Any) -> None:
        """See :class:`~geoplug.core.raster.RasterDataset`.

        Raises:
            ValueError: ``defer_resampling`` without ``keep_dtype`` (the deferred path
                returns the stored numbers, which are not the embeddings); a :attr:`coded`
                product with a merge or resampling that averages pixels.
        """
        method = kwargs.get("resampling") or "nearest"
        if self.coded and not kwargs.get("keep_dtype") and (
                kwargs.get("merge", "first") not in ("first", "last")
                or str(getattr(method, "name", method)) != "nearest"):
            raise ValueError(
                f"{type(self).__name__}: merge={kwargs.get('merge', 'first')!r} / "
                f"resampling={str(getattr(method, 'name', method))!r} would combine the stored "
                "codes, not the embeddings; use merge 'first' or 'last' with 'nearest', or "
                "pass keep_dtype=True and combine decoded samples yourself")
        if kwargs.get("defer_resampling") and not kwargs.get("keep_dtype"):
            raise ValueError(f"{type(self).__name__}: defer_resampling returns the stored "
                             "codes, not the decoded embeddings; pass keep_dtype=True with it "
                             "and decode after resampling")
        super().__init__(paths, crs, res, bands, transforms, **kwargs)

    def _match_files(self, paths: PathsLike) -> tuple[list[str], list[tuple[float, float]],
                                                     list[list[str]]]:
        """The files matched, dated by their ``<year>/`` folder when :attr:`yearly` (only
        those of :attr:`year` when set)."""
        files, dates, siblings = super()._match_files(paths)
        if not self.yearly:
            return files, dates, siblings
        kept: tuple[list[str], list[tuple[float, float]], list[list[str]]] = ([], [], [])
        for path, date, group in zip(files, dates, siblings):
            year = year_of(path)
            if self.year is not None and year != str(self.year):
                continue
            kept[0].append(path)
            kept[1].append(date_range(year, "%Y") if year else date)
            kept[2].append(group)
        if not kept[0]:
            raise DatasetNotFoundError(
                type(self).__name__, path_list(paths),
                hint=f"No {self.files_wanted} of year {self.year} found there (in "
                     f"{self.year}/ folders), but files of other years are.")
        return kept

    def decode(self, array: np.ndarray) -> np.ndarray:
        """The embeddings (float32) of the stored values ``array`` (``[C, H, W]`` of the bands
        read, the files' fill value where no file covers the query)."""
        return array.astype(np.float32)

    def _scaled(self, array: np.ndarray) -> np.ndarray:
        return self.decode(array)

    def plot(self, sample: dict[str, Any], show_titles: bool = True,
             suptitle: str | None = None) -> Any:
        """The sample's vectors projected on their first three principal components (RGB);
        returns the Figure."""
        title = self.title + (f" {self.year}" if self.year else "")
        return embedding_figure(sample["image"], title, show_titles, suptitle)

