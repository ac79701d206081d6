"""Declarative specs that plugins return from their hooks.

A spec describes an entry (dataset, model, weights, trainer, command) without importing it: its
``target`` is an import string ``"package.module:Object"`` that only ``Registry.get`` resolves.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationInfo, field_validator

__all__ = [
    "MAX_NAME_LENGTH",
    "TASKS",
    "BandSet",
    "CommandSpec",
    "DatasetSpec",
    "ModelSpec",
    "Spec",
    "Task",
    "TrainerSpec",
    "WeightsSpec",
    "check_name",
]

#: The task words geoplug knows and documents (see the sample conventions in the README). The
#: vocabulary is open: a plugin may register a dataset with a task word of its own, such as
#: ``super_resolution``; it must be a lower-case identifier (letters, digits, ``_``).
Task = Literal[
    "classification",
    "multilabel",
    "regression",
    "segmentation",
    "detection",
    "instance_segmentation",
    "change_detection",
    "time_series",
    "self_supervised",
    "generic",
]
TASKS: tuple[str, ...] = Task.__args__  # type: ignore[attr-defined]

#: Longest registry name or alias accepted (longer ones would break the CLI table).
MAX_NAME_LENGTH = 64
# fullmatch, never match + "$": "$" also matches before a trailing newline
_NAME = re.compile(r"[a-z0-9][a-z0-9_.\-]*")
_TARGET = re.compile(r"[A-Za-z_]\w*(\.[A-Za-z_]\w*)*:[A-Za-z_]\w*(\.[A-Za-z_]\w*)*")
_TASK_WORD = re.compile(r"[a-z][a-z0-9_]*")
_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f]")


def _refuse_control(what: str, value: str) -> None:
    """Raise when ``value`` holds a control character (newline, tab, NUL, ...).

    Raises:
        ValueError: names the field, the value and the offending character.
    """
    found = _CONTROL.search(value)
    if found is not None:
        raise ValueError(
            f"{what} {value!r} contains the control character {found.group()!r} at position "
            f"{found.start()}; remove it (a stray newline or tab is the usual cause)"
        )


def check_name(value: str, what: str = "name") -> str:
    """Validate a registry name or alias.

    Raises:
        ValueError: control characters, too long, or not lower-case letters, digits, ``_``,
            ``-``, ``.`` starting with a letter or digit.
    """
    _refuse_control(what, value)
    if len(value) > MAX_NAME_LENGTH:
        raise ValueError(
            f"{what} {value!r} is {len(value)} characters long; the limit is "
            f"{MAX_NAME_LENGTH} (keep registry names short, they are typed and listed)"
        )
    if not _NAME.fullmatch(value):
        raise ValueError(
            f"{what} {value!r} must be lower-case letters, digits, '_', '-' or '.', "
            "starting with a letter or digit"
        )
    return value


class Spec(BaseModel):
    """Fields common to every registry entry."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    name: str = Field(description="registry name: lower-case letters, digits, '_', '-', '.'")
    target: str = Field(description="import string 'package.module:Object'")
    description: str = ""
    aliases: tuple[str, ...] = ()

    @field_validator("name")
    @classmethod
    def _check_name(cls, value: str) -> str:
        return check_name(value)

    @field_validator("aliases")
    @classmethod
    def _check_aliases(cls, value: tuple[str, ...]) -> tuple[str, ...]:
        for alias in value:
            check_name(alias, "alias")
        return value

    @field_validator("target")
    @classmethod
    def _check_target(cls, value: str) -> str:
        _refuse_control("target", value)
        if not _TARGET.fullmatch(value):
            raise ValueError(f"target {value!r} must look like 'package.module:Object'")
        return value

class BandSet(BaseModel):
    """The bands that one value of a constructor argument reads (``product="tm_toa"``)."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    bands: tuple[str, ...]
    rgb_bands: tuple[str, ...] = ()
    sensors: tuple[str, ...] = Field(default=(), description="empty: the spec's sensors")
    resolution: float | None = Field(default=None, gt=0,
                                     description="ground sample distance, m (None: the spec's)")

    @field_validator("rgb_bands")
    @classmethod
    def _rgb_among_bands(cls, value: tuple[str, ...], info: ValidationInfo
                         ) -> tuple[str, ...]:
        missing = [b for b in value if b not in info.data.get("bands", ())]
        if missing:
            raise ValueError(f"RGB band(s) {missing} are not among the bands "
                             f"{list(info.data.get('bands', ()))}")
        return value


class DatasetSpec(Spec):
    """A dataset: ``get`` returns its class."""

    task: str = Field(description="a task word: one of TASKS, or a plugin's own word")
    kind: Literal["geo", "nongeo"] = "nongeo"
    sensors: tuple[str, ...] = ()
    bands: tuple[str, ...] = ()
    rgb_bands: tuple[str, ...] = ()
    num_classes: int | None = Field(default=None, ge=1)
    classes: tuple[str, ...] = ()
    ignore_index: int | None = Field(
        default=None, description="mask value of pixels without a label (no data): left out "
                                  "of losses and metrics")
    splits: tuple[str, ...] = ()
    resolution: float | None = Field(default=None, gt=0, description="ground sample distance, m")
    patch_size: int | None = Field(default=None, ge=1, description="chip side in pixels")
    num_samples: int | None = Field(default=None, ge=0)
    mean: tuple[float, ...] | None = None
    std: tuple[float, ...] | None = None
    license: str = ""
    homepage: str = ""
    citation: str = ""
    download_size: str = ""
    band_sets: dict[str, dict[str, BandSet]] = Field(
        default_factory=dict,
        description="constructor argument -> its value -> the bands that value reads, for "
                    "datasets whose bands follow an argument other than bands= (a product)")

    def bands_for(self, kwargs: Mapping[str, Any] | None = None) -> BandSet:
        """The bands, RGB bands and sensors of the dataset built with ``kwargs``: the band
        set its arguments choose (:attr:`band_sets`), else the spec's own. ``bands=`` in
        ``kwargs`` is a subset chosen later, not looked at here.

        Raises:
            ValueError: an argument of :attr:`band_sets` has a value the spec does not list.
        """
        for argument, options in self.band_sets.items():
            value = (kwargs or {}).get(argument)
            if value is None:
                continue
            if value not in options:
                raise ValueError(f"{self.name}: {argument}={value!r} is not one of "
                                 f"{', '.join(map(repr, options))}")
            chosen = options[value]
            return chosen.model_copy(update={
                "sensors": chosen.sensors or self.sensors,
                "resolution": chosen.resolution or self.resolution})
        return BandSet(bands=self.bands, rgb_bands=self.rgb_bands, sensors=self.sensors,
                       resolution=self.resolution)

    @field_validator("task")
    @classmethod
    def _check_task(cls, value: str) -> str:
        _refuse_control("task", value)
        if not _TASK_WORD.fullmatch(value) or len(value) > MAX_NAME_LENGTH:
            raise ValueError(
                f"task {value!r} must be a lower-case word of letters, digits and '_' (at most "
                f"{MAX_NAME_LENGTH} characters); the known tasks are {', '.join(TASKS)}, and a "
                "plugin may add its own (e.g. 'super_resolution')"
            )
        return value

    @field_validator("std")
    @classmethod
    def _positive_std(cls, value: tuple[float, ...] | None) -> tuple[float, ...] | None:
        if value is not None and any(v <= 0 for v in value):
            raise ValueError("std values must be positive")
        return value


class ModelSpec(Spec):
    """A model builder: ``get`` returns the callable, ``get_model`` calls it."""

    task: str = "classification"
    family: str = ""
    default_kwargs: dict[str, Any] = Field(default_factory=dict)


class WeightsSpec(Spec):
    """Pre-trained weights and the facts needed to use them correctly.

    ``target`` defaults to the generic loader in :mod:`geoplug.core.weights`.
    """

    target: str = "geoplug.core.weights:Weights"
    url: str
    sha256: str | None = None
    model: str = Field(description="registry name of the model these weights fit")
    in_chans: int = Field(ge=1)
    num_classes: int | None = None
    sensor: str = ""
    bands: tuple[str, ...] = ()
    mean: tuple[float, ...] = ()
    std: tuple[float, ...] = ()
    resolution: float | None = None
    license: str = ""
    citation: str = ""
    homepage: str = ""
    file_format: Literal["torch", "safetensors"] = "torch"
    state_dict_prefix: str = ""

    @field_validator("url", "model")
    @classmethod
    def _no_control(cls, value: str, info: ValidationInfo) -> str:
        _refuse_control(str(info.field_name), value)
        return value

    @field_validator("sha256")
    @classmethod
    def _check_sha(cls, value: str | None) -> str | None:
        if value is not None and not re.fullmatch(r"[0-9a-f]{8,64}", value):
            raise ValueError("sha256 must be lower-case hex (a full digest or a prefix)")
        return value


class TrainerSpec(Spec):
    """A LightningModule (task) or data module: ``get`` returns its class."""

    task: str = "generic"


class CommandSpec(Spec):
    """A ``geoplug`` sub-command: target is ``main(argv: list[str]) -> int``."""

    help: str = ""
