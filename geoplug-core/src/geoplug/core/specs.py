"""Declarative specs that plugins return from their hooks.

A spec describes an entry (dataset, model, weights, trainer, command) without importing it: its
``target`` is an import string ``"package.module:Object"`` that only ``Registry.get`` resolves.
"""

from __future__ import annotations

import re
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator

__all__ = [
    "TASKS",
    "CommandSpec",
    "DatasetSpec",
    "ModelSpec",
    "Spec",
    "Task",
    "TrainerSpec",
    "WeightsSpec",
]

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

_NAME = re.compile(r"^[a-z0-9][a-z0-9_.\-]*$")
_TARGET = re.compile(r"^[A-Za-z_][\w]*(\.[A-Za-z_]\w*)*:[A-Za-z_]\w*(\.[A-Za-z_]\w*)*$")


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
        if not _NAME.match(value):
            raise ValueError(
                f"name {value!r} must be lower-case letters, digits, '_', '-' or '.', "
                "starting with a letter or digit"
            )
        return value

    @field_validator("aliases")
    @classmethod
    def _check_aliases(cls, value: tuple[str, ...]) -> tuple[str, ...]:
        for alias in value:
            cls._check_name(alias)
        return value

    @field_validator("target")
    @classmethod
    def _check_target(cls, value: str) -> str:
        if not _TARGET.match(value):
            raise ValueError(f"target {value!r} must look like 'package.module:Object'")
        return value


class DatasetSpec(Spec):
    """A dataset: ``get`` returns its class."""

    task: Task
    kind: Literal["geo", "nongeo"] = "nongeo"
    sensors: tuple[str, ...] = ()
    bands: tuple[str, ...] = ()
    rgb_bands: tuple[str, ...] = ()
    num_classes: int | None = Field(default=None, ge=1)
    classes: tuple[str, ...] = ()
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
