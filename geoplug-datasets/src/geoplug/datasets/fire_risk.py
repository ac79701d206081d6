"""FireRisk: fire risk classes of NAIP aerial chips (Shen et al., 2023).

91,872 RGB PNG chips of 270x270 px (the publisher's README) at 1 m, cut from NAIP tiles and
labelled with the USDA Forest Service Wildfire Hazard Potential (WHP) map in 7 classes.
``FireRisk.zip`` unpacks to ``FireRisk/{train,val}/<class>/<pointid>_<grid_code>_<x>_<y>.png``
(70,331 / 21,541 chips; ``grid_code`` is the WHP class 1-7); the class folders are named
``High``, ``Low``, ``Moderate``, ``Non-burnable``, ``Very_High``, ``Very_Low`` and ``Water``.
The publisher shares the archive on Google Drive; the loader downloads TorchGeo's copy of the
same zip from Hugging Face.
"""

from __future__ import annotations

from pathlib import Path

from geoplug.core.download import Resource
from geoplug.core.nongeo import NonGeoClassificationDataset
from geoplug.datasets._catalog import spec

__all__ = ["FireRisk"]


class FireRisk(NonGeoClassificationDataset, spec=spec("fire_risk")):
    """FireRisk RGB chips; ``image`` float32 ``[3, 270, 270]``, ``label`` int64 (7 classes)."""

    extensions = (".png",)
    resources = (
        Resource(url="https://hf.co/datasets/torchgeo/fire_risk/resolve/"
                     "e6046a04350c6f1ab4ad791fb3a40bf8940be269/FireRisk.zip",
                 filename="FireRisk.zip", md5="a77b9a100d51167992ae8c51d26198a6"),
    )

    def _class_root(self) -> Path:
        """``FireRisk/<split>`` (the archive's layout), else ``<split>`` directly in root."""
        for folder in (self.root / "FireRisk" / self.split, self.root / self.split):
            if self._has_classes(folder):
                return folder
        return self.root / "FireRisk" / self.split
