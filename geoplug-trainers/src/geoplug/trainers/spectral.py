"""The dataset's bands, sensor, wavelengths, bandwidths and GSD, handed to the model.

A data module knows its dataset's spec; an any-sensor model (DOFA, Panopticon, Copernicus-FM,
Scale-MAE...) needs the spec's spectral facts. :func:`dataset_inputs` reads them (wavelengths
and bandwidths from :mod:`geoplug.core.sensors`, converted from the table's nanometres to the
micrometres that geoplug's ``wavelengths=``/``bandwidths=`` keywords take; ``gsd`` from the
spec's resolution in metres), and :func:`task_inputs` turns them into a task's ``bands`` and
``model_kwargs``, giving the model only the keywords its builder names. ``geoplug fit`` does
this for every config (:func:`fill_config`), so a config never copies wavelength lists by
hand; in Python, ``Task(..., **datamodule.task_kwargs(model))`` does the same.
"""

from __future__ import annotations

import inspect
from collections.abc import Mapping, Sequence
from typing import Any

__all__ = ["SPECTRAL_KEYS", "dataset_inputs", "fill_config", "label_ignore_index", "model_accepts",
           "task_inputs"]

SPECTRAL_KEYS = ("wavelengths", "bandwidths", "gsd")
_NM_PER_UM = 1000.0


def first_layer(dataset: Any, dataset_kwargs: Mapping[str, Any] | None = None
                ) -> tuple[str | None, dict[str, Any]]:
    """The registry name of the first layer (the image layer) and the arguments it is built
    with, as :func:`~geoplug.trainers.geo_datamodule.build_geo_dataset` builds it: a bare
    name with ``dataset_kwargs``, a ``{"name": ...}`` dict with its own."""
    if isinstance(dataset, str):
        return dataset, dict(dataset_kwargs or {})
    if isinstance(dataset, Mapping):
        name = dataset.get("name")
        return ((name if isinstance(name, str) else None),
                {k: v for k, v in dataset.items() if k != "name"})
    if isinstance(dataset, Sequence) and dataset:
        return first_layer(dataset[0], dataset_kwargs)
    return None, {}


def dataset_inputs(dataset: Any, dataset_kwargs: Mapping[str, Any] | None = None
                   ) -> dict[str, Any]:
    """What the dataset's spec says about its input: ``bands``, ``sensor`` (the spec's first
    sensor that has every band), ``rgb_bands`` (the spec's, when among the bands) and, where
    the sensor table knows them, ``wavelengths`` and ``bandwidths`` (um) and ``gsd`` (m).

    ``dataset`` is a registry name or a geo data module's layers (the first one is read). An
    argument that picks the bands (``ssl4eo_l``'s ``product=``: the spec's ``band_sets``)
    picks them here too; ``bands`` in the dataset's (or the layer's) arguments select a subset.
    An unknown value of such an argument raises ``ValueError``, as the dataset would. Facts that are
    unknown are left out; an unregistered name gives an empty dict.
    """
    from geoplug.core import sensors
    from geoplug.core.errors import GeoplugError
    from geoplug.core.registry import datasets

    name, kwargs = first_layer(dataset, dataset_kwargs)
    if name is None or name not in datasets:
        return {}
    chosen = datasets.info(name).bands_for(kwargs)  # product= and the like pick the bands
    bands = kwargs.get("bands") or chosen.bands
    out: dict[str, Any] = {}
    if bands:
        out["bands"] = [str(b) for b in bands]
    sensor = _sensor_of(list(bands), chosen.sensors) if bands else None
    if sensor is not None:
        out["sensor"] = sensor
    if bands and chosen.rgb_bands and all(b in bands for b in chosen.rgb_bands):
        out["rgb_bands"] = [str(b) for b in chosen.rgb_bands]
    if chosen.resolution is not None:
        out["gsd"] = float(chosen.resolution)
    if bands and chosen.sensors:
        for key, lookup in (("wavelengths", sensors.wavelengths),
                            ("bandwidths", sensors.bandwidths)):
            try:
                values = lookup(list(bands), list(chosen.sensors))
            except (GeoplugError, KeyError, ValueError):
                continue  # a band without the fact: the model asks for it by hand
            out[key] = [round(v / _NM_PER_UM, 6) for v in values]
    return out


def _sensor_of(bands: list[str], names: Sequence[str]) -> str | None:
    """The first of the spec's sensors that has every band (weights map bands through it)."""
    from geoplug.core import sensors

    for name in names:
        found = sensors.find_sensor(name)
        if found is not None and all(found.find_band(b) is not None for b in bands):
            return name
    return None


def _builder_params(model: str) -> Mapping[str, inspect.Parameter] | None:
    from geoplug.core.registry import models

    if model.startswith("timm/") or model not in models:
        return None
    try:
        return inspect.signature(models.get(model)).parameters
    except (TypeError, ValueError, ImportError):
        return None


def model_accepts(model: str, key: str, model_kwargs: Mapping[str, Any] | None = None) -> bool:
    """Whether registry model ``model`` takes keyword ``key`` by name (a ``**kwargs`` catch-all
    does not count). A decoder model (a builder with an ``encoder`` argument) takes it when
    its encoder does."""
    params = _builder_params(model)
    if params is None or key not in params:
        return False
    encoder_param = params.get("encoder")
    if encoder_param is None:
        return True
    encoder = (model_kwargs or {}).get("encoder", encoder_param.default)
    return isinstance(encoder, str) and model_accepts(encoder, key)


def task_inputs(model: str, info: Mapping[str, Any], *, in_chans: int | None = None,
                bands: Sequence[str] | None = None,
                model_kwargs: Mapping[str, Any] | None = None) -> dict[str, Any]:
    """``bands``, ``in_chans`` and ``model_kwargs`` of a task built on ``info``
    (:func:`dataset_inputs`); what the caller already set wins.

    The spec's bands are used when the caller names none and ``in_chans`` (if given) agrees;
    ``sensor`` goes into ``model_kwargs`` (it maps pre-trained weights' bands by name), and
    ``wavelengths``/``bandwidths``/``gsd`` only where the model's builder takes them.
    """
    kwargs = dict(model_kwargs or {})
    chosen = list(bands) if bands is not None else None
    spec_bands = info.get("bands")
    if chosen is None and spec_bands and in_chans in (None, len(spec_bands)):
        chosen = list(spec_bands)
    out: dict[str, Any] = {"bands": chosen,
                           "in_chans": in_chans if in_chans is not None else (
                               len(chosen) if chosen else None)}
    same_bands = chosen is not None and spec_bands is not None and list(chosen) == list(
        spec_bands)
    if info.get("sensor") is not None:
        kwargs.setdefault("sensor", info["sensor"])
    if same_bands and info.get("rgb_bands"):
        # RGB (ImageNet) weights find the red, green and blue bands by these names, also
        # where no sensor has all the bands (So2Sat's S1_B1 ... S2_B12)
        kwargs.setdefault("rgb_bands", info["rgb_bands"])
    for key in SPECTRAL_KEYS:
        if key in kwargs or key not in info or not model_accepts(model, key, kwargs):
            continue
        if key != "gsd" and not same_bands:
            continue  # wavelengths of other bands than the model's: leave them to the caller
        kwargs[key] = info[key]
    out["model_kwargs"] = kwargs
    return out


def fill_config(config: Any) -> None:
    """Give a parsed ``geoplug fit`` config's model the data's bands and spectral facts, and
    the label layer's ``ignore_index`` (its no-data mask value, e.g. -1 for Sen1Floods11).

    ``config`` is the LightningCLI namespace of one sub-command (``model`` and ``data`` with
    ``class_path``/``init_args``). Only arguments the model class has and that the config
    leaves unset are filled; nothing happens when the data has no registered dataset.

    Raises:
        ValueError: the model's ``bands`` are not the data's, in the data's order (pre-trained
            kernels would land on other channels than the bands they name).
    """
    model_ns, data_ns = config.get("model"), config.get("data")
    if model_ns is None or data_ns is None:
        return
    model_args, data_args = model_ns.get("init_args"), data_ns.get("init_args")
    if model_args is None or data_args is None or data_args.get("dataset") is None:
        return
    dataset_kwargs = data_args.get("dataset_kwargs")
    ignored = label_ignore_index(_plain(data_args.get("dataset")), _plain(dataset_kwargs))
    if ignored is not None and "ignore_index" in model_args and model_args.get(
            "ignore_index") is None:
        model_args["ignore_index"] = ignored
    info = dataset_inputs(_plain(data_args.get("dataset")), _plain(dataset_kwargs))
    if not info:
        return
    name = model_args.get("model") if "model" in model_args else model_args.get("backbone")
    if not isinstance(name, str):
        return
    has_kwargs = "model_kwargs" in model_args
    filled = task_inputs(name, info, in_chans=model_args.get("in_chans"),
                         bands=model_args.get("bands"),
                         model_kwargs=_plain(model_args.get("model_kwargs")) if has_kwargs
                         else None)
    given = model_args.get("bands")
    if given is not None and info.get("bands") and [str(b) for b in given] != info["bands"]:
        raise ValueError(
            f"the model's bands {list(given)} are not the data's {info['bands']}: channel k "
            "of a batch is the data's band k. Leave model bands out (they are the data's), "
            "or pick the data's bands and order with the dataset's bands argument")
    if "bands" in model_args and given is None:
        model_args["bands"] = filled["bands"]
    if has_kwargs:
        model_args["model_kwargs"] = filled["model_kwargs"]


def label_ignore_index(dataset: Any, dataset_kwargs: Mapping[str, Any] | None = None
                       ) -> int | None:
    """The ``ignore_index`` of the label layer (the dataset itself, or the last of a geo data
    module's layers, ``[image, labels]``): its spec's, unless the class answers for the
    arguments it is built with (``ignore_index_for(**kwargs)``: a dataset whose ``label=``
    picks masks with and without a no-data value)."""
    from geoplug.core.registry import datasets

    last = dataset[-1] if isinstance(dataset, list) and dataset else dataset
    name, kwargs = first_layer(last, dataset_kwargs)
    if name is None or name not in datasets:
        return None
    spec = datasets.info(name)
    if spec.ignore_index is None:
        return None
    own = getattr(datasets.get(name), "ignore_index_for", None)
    return own(**kwargs) if callable(own) else spec.ignore_index


def _plain(value: Any) -> Any:
    """jsonargparse namespaces and tuples as plain dicts and lists."""
    if hasattr(value, "as_dict"):
        return value.as_dict()
    if isinstance(value, Mapping):
        return {k: _plain(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_plain(v) for v in value]
    return value
