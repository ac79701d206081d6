"""Spec of Forest Damages - Larch Casebearer (Swedish Forest Agency, on LILA BC). Plain data
only: this module is imported whenever the registry is listed."""

from __future__ import annotations

from typing import Any

#: damage levels as the publisher's ``<damage>`` elements spell them, "other" first (trees
#: of batches 6-10, which carry no damage level, are "other" too)
FOREST_DAMAGE_CLASSES = ("other", "H", "LD", "HD")

SPECS: list[dict[str, Any]] = [
    {
        "name": "forest_damage",
        "target": "geoplug.datasets.forest_damage:ForestDamage",
        "task": "detection",
        "kind": "nongeo",
        "aliases": ("larch_casebearer",),
        "sensors": ("drone RGB",),
        "bands": ("R", "G", "B"),
        "rgb_bands": ("R", "G", "B"),
        "num_classes": len(FOREST_DAMAGE_CLASSES),
        "classes": FOREST_DAMAGE_CLASSES,
        "splits": ("train",),
        "num_samples": 1543,
        "license": "CDLA-Permissive-1.0",
        "homepage": "https://lila.science/datasets/forest-damages-larch-casebearer/",
        "citation": (
            "@misc{swedishforestagency2021larch,\n  author={{Swedish Forest Agency}},\n  "
            "title={Forest Damages -- Larch Casebearer 1.0},\n  publisher={National Forest "
            "Data Lab},\n  year={2021},\n  url={https://lila.science/datasets/"
            "forest-damages-larch-casebearer/}\n}"
        ),
        "download_size": "about 3.6 GB (Data_Set_Larch_Casebearer.zip)",
        "description": (
            "Forest Damages - Larch Casebearer: 1,543 drone RGB images (JPEG) of five larch "
            "stands in Vastergotland, Sweden, from two flights (ten surveys "
            "<area>_<yyyymmdd>/Images/B<batch>_<nnnn>.JPG) with Pascal VOC boxes of 101,878 "
            "trees (Annotations/<same stem>.xml). Each box's label is its <damage> level: "
            "healthy (H), light (LD) or high damage (HD), or other (batches 6-10 and "
            "non-larch trees)."
        ),
    },
]
