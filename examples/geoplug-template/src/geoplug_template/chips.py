"""``TemplateChips``: class-per-folder chips that download themselves.

The publisher ships ``template_chips.zip`` holding
``template_chips/<split>/<class>/<class>_<n>.tif`` (four-band uint16 GeoTIFFs). The class
declares that file as a :class:`~geoplug.core.download.Resource`; geoplug's shared path
(:func:`geoplug.core.download.fetch`, called by ``NonGeoDataset``) downloads it with resume and
retries, verifies its checksum, extracts it safely, and raises ``DatasetNotFoundError`` when it
is absent and ``download`` is False.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any, ClassVar

from geoplug.core import NonGeoClassificationDataset
from geoplug.core.download import Resource
from geoplug_template.plugin import CHIPS

#: Where the publisher hosts the archive: replace with your dataset's URL ...
URL = "https://example.org/geoplug-template/template_chips.zip"
#: ... and its published md5 (or pass sha256= to Resource); a known checksum is verified on
#: every fresh download, and on files already there when the user asks for checksum=True
MD5: str | None = None


class TemplateChips(NonGeoClassificationDataset, spec=CHIPS):
    """Land-cover chips (cropland, forest, water), splits ``train`` and ``test``.

    Construct as every chip dataset: ``TemplateChips(root="data", split="train", bands=None,
    transforms=None, download=False, checksum=False)``. Samples are ``{"image": float32
    [C, 16, 16], "label": int64}``.

    Raises:
        DatasetNotFoundError: the files are not in ``root`` and ``download`` is False.
        ChecksumError: ``checksum`` is True and the archive does not match ``MD5``.
        ValueError: unknown split or band.
    """

    resources: ClassVar[tuple[Resource, ...]] = (
        Resource(url=URL, filename="template_chips.zip", md5=MD5),
    )

    def _class_root(self) -> Path:
        return self.root / "template_chips" / self.split

    def plot(self, sample: dict[str, Any], show_titles: bool = True,
             suptitle: str | None = None) -> Any:
        """The chip in natural colour, titled with its class (and the prediction if any)."""
        return super().plot(sample, show_titles=show_titles,
                            suptitle=suptitle or f"{self.name} ({self.split})")
