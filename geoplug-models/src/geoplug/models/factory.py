"""Build a registered model and, optionally, load registered pre-trained weights into it."""

from __future__ import annotations

import inspect
import os
from collections.abc import Mapping, Sequence
from typing import Any

from torch import nn

from geoplug.core import sensors as sensor_table
from geoplug.core.registry import models as model_registry
from geoplug.core.registry import weights as weights_registry
from geoplug.core.specs import WeightsSpec
from geoplug.core.weights import Weights
from geoplug.models.adapt import backbone_of, load_adapted

__all__ = ["build_model", "load_weights", "resolve_weights"]

_TIMM_PREFIX = "timm/"
_WEIGHTS_FILES = (".pth", ".pt", ".ckpt", ".bin", ".safetensors")


def resolve_weights(
    weights: str | os.PathLike[str] | Weights | WeightsSpec | Mapping[str, Any],
) -> Weights:
    """A :class:`Weights` object from a registry name, a spec, a ready object or a local file.

    A path (``os.PathLike``, or a string ending in ``.pth``, ``.pt``, ``.ckpt``, ``.bin`` or
    ``.safetensors``) must hold the published file of registered weights
    (:meth:`Weights.from_file` finds which, by sha256 or by file name).

    Raises:
        UnknownNameError: no weights of that name are registered (a ``KeyError``).
        FileNotFoundError: the path is not a file.
        InvalidDataError: the file is not the published file of any registered weights.
    """
    if isinstance(weights, Weights):
        return weights
    if isinstance(weights, os.PathLike) or (
        isinstance(weights, str) and weights.lower().endswith(_WEIGHTS_FILES)
    ):
        return Weights.from_file(weights)  # a local copy of a registered weight's file
    if isinstance(weights, str):
        resolved = weights_registry.get(weights)
        return resolved if isinstance(resolved, Weights) else Weights(resolved.spec)
    return Weights(weights)


def _smp_weights_architecture(resolved: Weights) -> tuple[str, str] | None:
    """(smp class, encoder) when ``resolved`` are whole segmentation_models_pytorch weights:
    their ``model`` is a registered smp builder (its ``default_kwargs`` fix the encoder)."""
    from geoplug.models.smp_models import smp_architecture

    if resolved.model not in model_registry.names():
        return None
    spec = model_registry.info(resolved.model)
    return smp_architecture(spec.target, spec.default_kwargs)


def _smp_kwargs(name: str, target: str | None, kwargs: dict[str, Any],
                resolved: Weights) -> dict[str, Any]:
    """Builder arguments for whole smp weights: their encoder and number of classes, unless
    given (another ``num_classes`` gets a fresh head; another encoder is an error).

    Raises:
        ValueError: ``name`` builds another architecture, or ``kwargs`` another encoder.
    """
    spec = model_registry.info(resolved.model)
    if target != spec.target:
        raise ValueError(
            f"weights {resolved.name!r} are a whole {resolved.model!r} model; build them with "
            f"get_model({resolved.model!r}, weights=...), not {name!r}"
        )
    for key, value in spec.default_kwargs.items():
        if kwargs.setdefault(key, value) != value:
            raise ValueError(
                f"weights {resolved.name!r} were trained with {key}={value!r}, but "
                f"{key}={kwargs[key]!r} was asked for; leave it out to take the weights' own"
            )
    if resolved.num_classes is not None:
        kwargs.setdefault("num_classes", resolved.num_classes)
    return kwargs


def _rgb(rgb_bands: Sequence[str] | None) -> tuple[str, ...] | None:
    if rgb_bands is not None and len(rgb_bands) != 3:
        raise ValueError(f"rgb_bands names the red, green and blue bands, got {rgb_bands}")
    return tuple(rgb_bands) if rgb_bands is not None else None


def load_weights(
    model: nn.Module,
    weights: str | Weights | WeightsSpec | Mapping[str, Any],
    *,
    bands: Sequence[str] | None = None,
    sensor: str | None = None,
    rgb_bands: Sequence[str] | None = None,
    progress: bool = True,
) -> nn.Module:
    """Download, verify and load ``weights`` into ``model``'s backbone (in place).

    ``bands`` names the model's input bands; they are matched with the weights' bands by name
    through the sensor table (:mod:`geoplug.core.sensors`), so the order may differ, aliases
    agree (``B2``/``B02``, Landsat ``SR_B4``/``B4``) and bands missing from the weights start
    random. ``sensor`` names the sensor of ``bands`` (any alias: ``"S2"``, ``"landsat8"``;
    default: the weights' sensor); the table knows its red, green and blue bands, which
    receive the kernels of RGB (ImageNet) weights. ``rgb_bands`` names them by hand for a
    sensor the table lacks. Without ``bands`` the model must take exactly the weights' bands.
    Whole segmentation_models_pytorch weights load into the whole model (an smp model of
    their class and encoder); a head for another number of classes keeps its initialisation.

    Raises:
        ValueError: the weights are for another architecture, or do not fit.
        BandMismatchError: the bands cannot be mapped (a ``ValueError``).
        ChecksumError: the file does not match its sha256 (an ``OSError``).
        UnsafeWeightsError: the file contains arbitrary pickled objects.
        UnknownSensorError: ``sensor`` is not in the sensor table and no ``rgb_bands`` are
            given (a ``KeyError``; lists close matches).
    """
    resolved = resolve_weights(weights)
    dst_rgb = _rgb(rgb_bands)
    if sensor is not None and dst_rgb is None:
        sensor_table.sensor(sensor)  # an unknown sensor fails here, before any download
    whole = _smp_weights_architecture(resolved)
    if whole is not None:  # a whole published smp model: encoder, decoder and head
        from geoplug.models.smp_models import check_smp_architecture, load_smp_weights

        check_smp_architecture(model, whole)  # before any download
        load_smp_weights(model, resolved.state_dict(progress=progress), whole,
                         src_bands=resolved.bands,
                         dst_bands=list(bands) if bands is not None else None,
                         src_sensor=resolved.sensor or None,
                         dst_sensor=sensor or resolved.sensor or None, dst_rgb=dst_rgb)
        return model
    arch, backbone = backbone_of(model)
    if resolved.model not in (arch, f"{_TIMM_PREFIX}{arch}"):
        raise ValueError(
            f"weights {resolved.name!r} are for {resolved.model!r}, but the model's backbone "
            f"is {arch!r}"
        )
    state = resolved.state_dict(progress=progress)
    load_adapted(backbone, state, src_bands=resolved.bands,
                 dst_bands=list(bands) if bands is not None else None,
                 src_sensor=resolved.sensor or None,
                 dst_sensor=sensor or resolved.sensor or None, dst_rgb=dst_rgb)
    return model


def build_model(
    name: str,
    weights: str | Weights | WeightsSpec | Mapping[str, Any] | None = None,
    *,
    bands: Sequence[str] | None = None,
    sensor: str | Sequence[str] | None = None,
    rgb_bands: Sequence[str] | None = None,
    progress: bool = True,
    **kwargs: Any,
) -> nn.Module:
    """Instantiate model ``name`` (a registry name, or ``"timm/<architecture>"``).

    ``in_chans`` defaults to ``len(bands)`` when bands are given, else to the weights'
    ``in_chans``. See :func:`load_weights` for ``bands``, ``sensor`` and ``rgb_bands``.
    Builders that take ``bands`` themselves (the any-sensor foundation models, which look up
    wavelengths) receive ``bands`` and ``sensor``; ``sensor`` may then name several sensors.
    Whole segmentation_models_pytorch weights (the FTW and OAM-TCD U-Nets) also set the
    encoder and, unless ``num_classes`` is given, the number of classes: ``get_model(
    "unet_smp", weights="unet_weights.sentinel2_3class_ftw")``.

    Raises:
        UnknownNameError: no such model or weights (a ``KeyError``).
        ValueError: ``in_chans`` contradicts ``bands``, the weights do not fit, or whole smp
            weights meet another architecture or encoder.
    """
    target: str | None = None
    if name.startswith(_TIMM_PREFIX):
        from geoplug.models.backbones import timm_model

        builder: Any = timm_model
        kwargs = {"model_name": name[len(_TIMM_PREFIX):], **kwargs}
    else:
        spec = model_registry.info(name)
        builder = model_registry.get(name)
        target = spec.target
        kwargs = {**spec.default_kwargs, **kwargs}
    resolved = resolve_weights(weights) if weights is not None else None
    if resolved is not None and _smp_weights_architecture(resolved) is not None:
        kwargs = _smp_kwargs(name, target, kwargs, resolved)
    if "bands" in inspect.signature(builder).parameters:
        # any-sensor models derive their inputs (wavelengths...) from the bands themselves
        kwargs.setdefault("bands", list(bands) if bands is not None else None)
        kwargs.setdefault("sensor", sensor)
    elif bands is not None:
        if kwargs.setdefault("in_chans", len(bands)) != len(bands):
            raise ValueError(f"in_chans={kwargs['in_chans']} but {len(bands)} bands are named")
    elif resolved is not None:
        kwargs.setdefault("in_chans", resolved.in_chans)
    model: nn.Module = builder(**kwargs)
    if resolved is not None:
        load_weights(model, resolved, bands=bands,
                     sensor=sensor if isinstance(sensor, str) else None, rgb_bands=rgb_bands,
                     progress=progress)
    return model
