"""A dataset class reads its facts from its spec: ``class MyData(NonGeoDataset, spec=SPEC)``.

A dataset's bands, RGB bands, classes, splits and task are written once, in the light spec that
its plugin registers (listing the registry never imports the class). Passing that spec as a
class keyword to any :class:`~geoplug.core.nongeo.NonGeoDataset` or
:class:`~geoplug.core.geodataset.GeoDataset` subclass sets the class attributes the loaders
read, so the class cannot drift from what ``geoplug datasets info`` shows::

    SPEC = {"name": "mydata", "target": "mypkg.data:MyData", "task": "classification",
            "bands": ("B1", "B2", "B3"), "rgb_bands": ("B3", "B2", "B1"),
            "classes": ("water", "land"), "splits": ("train", "test")}

    class MyData(NonGeoClassificationDataset, spec=SPEC):
        ...

Set attributes (class attribute <- spec field): ``spec`` <- the validated spec, ``name``,
``task``, ``all_bands`` <- ``bands``, ``rgb_bands``, ``classes``, ``splits``; the class body
must not set them too (a restated fact is an error, so it cannot drift).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Literal

from pydantic import ValidationError

from geoplug.core.errors import GeoplugError
from geoplug.core.specs import DatasetSpec

__all__ = ["SPEC_ATTRIBUTES", "DatasetSpecError", "apply_spec", "as_dataset_spec"]

#: class attribute -> the spec field it is read from
SPEC_ATTRIBUTES: dict[str, str] = {
    "name": "name",
    "task": "task",
    "all_bands": "bands",
    "rgb_bands": "rgb_bands",
    "classes": "classes",
    "splits": "splits",
}

_BASE = {"geo": "GeoDataset", "nongeo": "NonGeoDataset"}


class DatasetSpecError(GeoplugError, ValueError):
    """A dataset class was given a spec that is invalid or contradicts the class."""


def as_dataset_spec(spec: DatasetSpec | Mapping[str, Any]) -> DatasetSpec:
    """A validated :class:`DatasetSpec` from a spec or a plain dict of its fields.

    Raises:
        DatasetSpecError: the dict is not a valid dataset spec, or ``spec`` is neither.
    """
    if isinstance(spec, DatasetSpec):
        return spec
    if isinstance(spec, Mapping):
        try:
            return DatasetSpec.model_validate(dict(spec))
        except ValidationError as error:
            raise DatasetSpecError(
                f"invalid dataset spec {spec.get('name', '?')!r}: {error}"
            ) from error
    raise DatasetSpecError(
        f"spec= takes a DatasetSpec or a dict of its fields, not {type(spec).__name__}"
    )


def apply_spec(cls: type, spec: DatasetSpec | Mapping[str, Any],
               kind: Literal["geo", "nongeo"]) -> DatasetSpec:
    """Set ``cls``'s fact attributes (:data:`SPEC_ATTRIBUTES`) and ``cls.spec`` from ``spec``.

    ``kind`` is what the class is (``"geo"`` for GeoDataset subclasses); the spec must say
    the same, a chip dataset must name its splits, and the RGB bands must be among the bands.

    Raises:
        DatasetSpecError: the spec is invalid or contradicts the class.
    """
    checked = as_dataset_spec(spec)
    where = f"{cls.__module__}.{cls.__qualname__}"
    if checked.kind != kind:
        raise DatasetSpecError(
            f"{where} is a {_BASE[kind]} but its spec {checked.name!r} says "
            f"kind={checked.kind!r}; set kind={kind!r} in the spec"
        )
    if kind == "nongeo" and not checked.splits:
        raise DatasetSpecError(
            f"the spec {checked.name!r} of {where} lists no splits; a chip dataset is built "
            "as Cls(root, split=...), so list its official splits (e.g. ('train', 'test'))"
        )
    restated = [a for a in (*SPEC_ATTRIBUTES, "spec") if a in vars(cls)]
    if restated:
        raise DatasetSpecError(
            f"{where} sets {', '.join(restated)} in its body and also takes spec="
            f"{checked.name!r}; write each fact once, in the spec, and remove them from the class"
        )
    missing = [b for b in checked.rgb_bands if b not in checked.bands]
    if missing:
        raise DatasetSpecError(
            f"the spec {checked.name!r} of {where} has RGB band(s) {missing} that are not "
            f"among its bands {list(checked.bands)}"
        )
    for attribute, field in SPEC_ATTRIBUTES.items():
        setattr(cls, attribute, getattr(checked, field))
    cls.spec = checked  # type: ignore[attr-defined]
    return checked
