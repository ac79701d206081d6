"""``check_model_plugin``: a registered model builds with any band count and runs forward."""

from __future__ import annotations

import inspect
import urllib.parse
from collections.abc import Mapping
from typing import Any

from geoplug.core.testing._checker import Checker, ConformanceReport, light_plugin, lookup

__all__ = ["check_model_plugin"]

#: tasks whose output shape the check knows: input rank and output layout
_OUTPUTS = {
    "classification": "[B, num_classes]",
    "segmentation": "[B, num_classes, H, W]",
    "change_detection": "[B, num_classes, H, W]",
}


def _accepts(builder: Any, name: str) -> bool:
    try:
        params = inspect.signature(builder).parameters.values()
    except (TypeError, ValueError):
        return True  # builtins and C callables: let the call decide
    return any(p.name == name or p.kind is inspect.Parameter.VAR_KEYWORD for p in params)


def _forward_problem(model: Any, task: str, in_chans: int, num_classes: int, size: int,
                     report: ConformanceReport) -> str | None:
    import torch

    shape = (2, 2, in_chans, size, size) if task == "change_detection" else (2, in_chans, size,
                                                                               size)
    generator = torch.Generator().manual_seed(0)
    batch = torch.rand(shape, generator=generator)
    model.eval()
    try:
        with torch.no_grad():
            out = model(batch)
    except Exception as exc:
        return f"forward on a {list(shape)} batch raised {type(exc).__name__}: {exc}"
    want = (2, num_classes) if task == "classification" else (2, num_classes, size, size)
    if not isinstance(out, torch.Tensor) or tuple(out.shape) != want:
        got = list(out.shape) if isinstance(out, torch.Tensor) else type(out).__name__
        return (f"forward on a {list(shape)} batch returned {got}; a {task} model returns "
                f"{_OUTPUTS[task]} = {list(want)}")
    report.passed.append(f"forward on {list(shape)} returns {list(want)}")
    return None


def _weights_problems(name: str, report: ConformanceReport) -> list[str]:
    import warnings

    from geoplug.core import registry

    problems: list[str] = []
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        entries = [e for e in registry.weights.entries() if e.spec.model == name]
    for entry in entries:
        spec = entry.spec
        label = f"weights {spec.name!r}"
        if spec.bands and len(spec.bands) != spec.in_chans:
            problems.append(f"{label} name {len(spec.bands)} bands but in_chans={spec.in_chans}")
        for stat in ("mean", "std"):
            values = getattr(spec, stat)
            if values and len(values) != spec.in_chans:
                problems.append(f"{label} give {len(values)} {stat} values for "
                                f"in_chans={spec.in_chans}")
        scheme = urllib.parse.urlparse(spec.url).scheme
        if scheme not in ("http", "https", "file", "s3", "gs", "hf"):
            problems.append(f"{label} have url {spec.url!r}; give an http(s) or file URL")
        if not spec.sha256:
            report.notes.append(f"{label} have no sha256: downloads cannot be verified")
    if entries and not problems:
        report.passed.append(f"{len(entries)} weights entries for {name!r} are consistent")
    return problems


def check_model_plugin(
    name: str,
    *,
    in_chans: int = 5,
    num_classes: int = 3,
    input_size: int = 64,
    kwargs: Mapping[str, Any] | None = None,
    forward: bool = True,
    light: bool = True,
) -> ConformanceReport:
    """Check the registered model ``name``: a valid spec, an importable builder that takes any
    ``in_chans`` and ``num_classes`` and returns a ``torch.nn.Module``, a forward pass whose
    output fits the task (``classification``: ``[B, num_classes]``; ``segmentation`` and
    ``change_detection``, input ``[B, 2, C, H, W]``: ``[B, num_classes, H, W]``), and the
    weights registered for it (bands, mean/std and ``in_chans`` agree, a usable URL).

    ``kwargs`` go to the builder (e.g. ``{"model_name": "resnet18"}``); ``input_size`` is the
    side of the test batch (a multiple of 32 suits most encoders).

    Returns:
        A :class:`ConformanceReport` of the checks that passed.

    Raises:
        ConformanceError: an ``AssertionError`` listing every problem found.
    """
    from torch import nn

    from geoplug.core import registry

    check = Checker("model", name)
    spec = lookup(registry.models, "model", name, check)
    report = ConformanceReport("model", name, spec)
    report.passed.append(f"spec is valid (task {spec.task!r})")
    if light and (problem := light_plugin(registry.models, name, report)):
        check.fail(problem)
    try:
        builder = registry.models.get(name)
    except Exception as exc:
        check.fail(f"the target cannot be imported: {exc}")
        check.stop()
    if not callable(builder):
        check.fail(f"the target is a {type(builder).__name__}, expected a class or function "
                   "that builds the model")
    for needed in ("in_chans", "num_classes"):
        if callable(builder) and not _accepts(builder, needed):
            check.fail(f"the builder takes no {needed!r} keyword; geoplug models take any "
                       "number of input bands (in_chans) and classes (num_classes)")
    check.fail(*_weights_problems(name, report))
    check.stop()
    arguments = {**spec.default_kwargs, "in_chans": in_chans, "num_classes": num_classes,
                 **(kwargs or {})}
    try:
        model = builder(**arguments)
    except Exception as exc:
        check.fail(f"building with {arguments} raised {type(exc).__name__}: {exc}")
        check.stop()
    if not isinstance(model, nn.Module):
        check.fail(f"the builder returned a {type(model).__name__}, expected a torch.nn.Module")
        check.stop()
    report.passed.append(f"builds with in_chans={in_chans}, num_classes={num_classes}")
    if not forward:
        report.notes.append("forward pass not checked (forward=False)")
    elif spec.task not in _OUTPUTS:
        report.notes.append(f"task {spec.task!r}: output shape not checked (known for "
                            f"{', '.join(_OUTPUTS)})")
    elif (problem := _forward_problem(model, spec.task, in_chans, num_classes, input_size,
                                      report)) is not None:
        check.fail(problem)
    check.stop()
    return report
