"""Conformance checks a plugin author runs in their own tests.

``check_dataset_plugin(name, data=...)`` and ``check_model_plugin(name)`` look a registered
entry up exactly as a user would (through the registries, so the plugin's entry point must be
installed, or the plugin registered in memory with ``plugin_manager().register``) and check the
contract of :mod:`geoplug.core.testing` step by step. Every problem found is collected, and one
:class:`ConformanceError` (an ``AssertionError``, so pytest shows it as a failed assertion)
lists them all, each saying what is wrong and what the contract wants.
"""

from __future__ import annotations

import inspect
import os
import tempfile
from collections.abc import Callable, Mapping
from typing import Any

from geoplug.core.testing._checker import (
    Checker,
    ConformanceError,
    ConformanceReport,
    light_plugin,
    lookup,
)
from geoplug.core.testing._models import check_model_plugin
from geoplug.core.testing._samples import geo_sample_problems, sample_problems

__all__ = [
    "GEO_CONSTRUCTOR",
    "NONGEO_CONSTRUCTOR",
    "ConformanceError",
    "ConformanceReport",
    "check_dataset_plugin",
    "check_model_plugin",
]

_REQUIRED = object()  # a contract parameter that needs a default, whatever it is

#: ``Cls(root="data", split="train", bands=None, transforms=None, download=False,
#: checksum=False)``: positional order and defaults of chip (``nongeo``) datasets
NONGEO_CONSTRUCTOR: tuple[tuple[str, Any], ...] = (
    ("root", _REQUIRED), ("split", _REQUIRED), ("bands", None), ("transforms", None),
    ("download", False), ("checksum", False))
#: ``Cls(paths="data", crs=None, res=None, bands=None, transforms=None, ...)`` for ``geo``
GEO_CONSTRUCTOR: tuple[tuple[str, Any], ...] = (
    ("paths", _REQUIRED), ("crs", None), ("res", None), ("bands", None), ("transforms", None))

_MARK = "_geoplug_conformance_transform"


def _constructor_problems(cls: type, contract: tuple[tuple[str, Any], ...], kind: str,
                          splits: tuple[str, ...]) -> list[str]:
    names = ", ".join(n for n, _ in contract)
    try:
        params = [p for p in inspect.signature(cls).parameters.values()]
    except (TypeError, ValueError) as exc:
        return [f"cannot read the constructor signature of {cls.__name__}: {exc}"]
    problems: list[str] = []
    for position, (name, default) in enumerate(contract):
        have = params[position] if position < len(params) else None
        if have is None or have.name != name or have.kind not in (
                inspect.Parameter.POSITIONAL_OR_KEYWORD, inspect.Parameter.POSITIONAL_ONLY):
            got = "nothing" if have is None else repr(have.name)
            problems.append(f"constructor parameter {position + 1} is {got}, expected {name!r}: "
                            f"{kind} datasets take {cls.__name__}({names}, ...) in this order")
            break
        if have.default is inspect.Parameter.empty:
            problems.append(f"constructor parameter {name!r} has no default; the contract "
                            f"gives every one a default ({name}='data' for the folder)")
        elif default is not _REQUIRED and have.default != default:
            problems.append(f"constructor parameter {name!r} defaults to {have.default!r}; "
                            f"the contract says {name}={default!r}")
        elif name == "split" and splits and have.default not in splits:
            problems.append(f"split defaults to {have.default!r}, which is not one of the "
                            f"spec's splits {list(splits)}")
    return problems


def _empty_folder_problem(factory: Callable[[str], Any], report: ConformanceReport
                          ) -> str | None:
    from geoplug.core.errors import DatasetNotFoundError

    with tempfile.TemporaryDirectory(prefix="geoplug-empty-") as empty:
        try:
            factory(empty)
        except DatasetNotFoundError as exc:
            if empty not in str(exc):
                return (f"DatasetNotFoundError on an empty folder does not say where it "
                        f"looked ({empty!r} missing from: {exc})")
            report.passed.append("an empty folder raises DatasetNotFoundError naming it")
            return None
        except Exception as exc:
            return (f"an empty folder raised {type(exc).__name__}: {exc}; raise "
                    "geoplug.core.errors.DatasetNotFoundError (saying where it looked and how "
                    "to download) instead")
    return "an empty folder raised nothing; a missing dataset must raise DatasetNotFoundError"


def _plot_problem(dataset: Any, sample: Mapping[str, Any], report: ConformanceReport
                  ) -> str | None:
    import matplotlib.pyplot as plt
    from matplotlib.figure import Figure

    try:
        figure = dataset.plot(sample)
    except Exception as exc:
        return f"plot(sample) raised {type(exc).__name__}: {exc}"
    if not isinstance(figure, Figure):
        return f"plot(sample) returned {type(figure).__name__}, expected a matplotlib Figure"
    plt.close(figure)
    report.passed.append("plot(sample) returns a matplotlib Figure")
    return None


def _record(result: list[Any]) -> Callable[[dict[str, Any]], dict[str, Any]]:
    def transform(sample: dict[str, Any]) -> dict[str, Any]:
        result.append(type(sample))
        return {**sample, _MARK: True}

    return transform


def _geo_query(dataset: Any, pixels: int) -> tuple[Any, tuple[int, int]]:
    """A query of at most ``pixels`` square inside the first indexed item."""
    from geoplug.core.bbox import BoundingBox

    first = next(iter(dataset.index.intersection(dataset.index.bounds, objects=True)))
    minx, maxx, miny, maxy, mint, maxt = first.bounds
    resx, resy = dataset.res
    cols = max(1, min(pixels, int((maxx - minx) / resx)))
    rows = max(1, min(pixels, int((maxy - miny) / resy)))
    return BoundingBox(minx, minx + cols * resx, maxy - rows * resy, maxy, mint, maxt), (rows,
                                                                                          cols)


def check_dataset_plugin(
    name: str,
    data: str | os.PathLike[str] | None = None,
    *,
    split: str | None = None,
    kwargs: Mapping[str, Any] | None = None,
    plot: bool = True,
    light: bool = True,
) -> ConformanceReport:
    """Check the registered dataset ``name`` against the dataset-class contract.

    Always: a valid spec, an importable class, the constructor contract, a
    ``DatasetNotFoundError`` naming an empty folder. With ``data`` (a folder of fake data in
    the real format, as the dataset reads it): samples of the spec's task with the right keys,
    dtypes and shapes, ``transforms`` applied, ``bands`` honoured, ``plot`` returning a
    Figure. ``split`` picks the split of ``data`` (default: the constructor's default);
    ``kwargs`` go to every constructor call; ``light`` also imports the plugin module in a
    fresh interpreter to check it does not import torch.

    Returns:
        A :class:`ConformanceReport` of the checks that passed.

    Raises:
        ConformanceError: an ``AssertionError`` listing every problem found.
    """
    from geoplug.core import registry

    check = Checker("dataset", name)
    spec = lookup(registry.datasets, "dataset", name, check)
    report = ConformanceReport("dataset", name, spec)
    report.passed.append(f"spec is valid (task {spec.task!r}, kind {spec.kind!r})")
    _spec_consistency(spec, check, report)
    if light and (problem := light_plugin(registry.datasets, name, report)):
        check.fail(problem)
    blocking = len(check.problems)  # what follows cannot run without a usable class
    try:
        cls = registry.datasets.get(name)
    except Exception as exc:
        check.fail(f"the target cannot be imported: {exc}")
        check.stop()
    check.fail(*_class_problems(cls, spec.kind))
    contract = GEO_CONSTRUCTOR if spec.kind == "geo" else NONGEO_CONSTRUCTOR
    constructor = _constructor_problems(cls, contract, spec.kind, tuple(spec.splits))
    check.fail(*constructor)
    check.stop(since=blocking)
    report.passed.append(f"{cls.__name__} is importable and its constructor follows the "
                         f"{spec.kind} contract")
    extra = dict(kwargs or {})
    geo = spec.kind == "geo"

    def build(folder: str | os.PathLike[str], **more: Any) -> Any:
        if geo:
            return cls(paths=folder, **extra, **more)
        return cls(root=folder, **({"split": split} if split else {}), **extra, **more)

    if (problem := _empty_folder_problem(build, report)) is not None:
        check.fail(problem)
    if data is None:
        report.notes.append("no data given: samples, transforms, bands and plot not checked")
        check.stop()
        return report
    try:
        dataset = build(data)
    except Exception as exc:
        check.fail(f"{cls.__name__} cannot load the data in {data}: {type(exc).__name__}: {exc}")
        check.stop()
    if geo:
        _check_geo_samples(dataset, build, data, check, report, plot)
    else:
        _check_samples(dataset, spec, build, data, check, report, plot)
    check.stop()
    return report


def _spec_consistency(spec: Any, check: Checker, report: ConformanceReport) -> None:
    from geoplug.core.specs import TASKS

    bands = tuple(spec.bands)
    if bands and spec.rgb_bands and not set(spec.rgb_bands) <= set(bands):
        check.fail(f"spec rgb_bands {list(spec.rgb_bands)} are not all in bands {list(bands)}")
    for stat in ("mean", "std"):
        values = getattr(spec, stat)
        if bands and values is not None and len(values) != len(bands):
            check.fail(f"spec {stat} has {len(values)} values for {len(bands)} bands")
    if spec.classes and spec.num_classes is not None and len(spec.classes) != spec.num_classes:
        check.fail(f"spec lists {len(spec.classes)} classes but num_classes={spec.num_classes}")
    if spec.task not in TASKS:
        report.notes.append(f"task {spec.task!r} is not one of geoplug's known tasks "
                            f"({', '.join(TASKS)}): samples are only checked for an image "
                            "or mask")
    if spec.kind == "nongeo" and not spec.splits:
        report.notes.append("spec lists no splits; users and data modules read them there")
    for advised in ("license", "homepage", "citation"):
        if not getattr(spec, advised):
            report.notes.append(f"spec has no {advised}")


def _class_problems(cls: Any, kind: str) -> list[str]:
    if not inspect.isclass(cls):
        return [f"the target is a {type(cls).__name__}, expected a dataset class"]
    problems = []
    if kind == "geo":
        from geoplug.core.geodataset import GeoDataset

        if not issubclass(cls, GeoDataset):
            problems.append(f"{cls.__name__} is a geo dataset but does not subclass "
                            "geoplug.core.GeoDataset (samplers and & / | need its index, crs "
                            "and res)")
    elif not (callable(getattr(cls, "__getitem__", None)) and callable(
            getattr(cls, "__len__", None))):
        problems.append(f"{cls.__name__} has no __getitem__/__len__; chip datasets are indexed "
                        "by int (subclass geoplug.core.NonGeoDataset)")
    if not callable(getattr(cls, "plot", None)):
        problems.append(f"{cls.__name__} has no plot(sample) method returning a Figure")
    return problems


def _check_samples(dataset: Any, spec: Any, build: Callable[..., Any],
                   data: str | os.PathLike[str], check: Checker,
                   report: ConformanceReport, plot: bool) -> None:
    length = len(dataset)
    if length == 0:
        check.fail(f"the dataset in {data} has 0 samples; a loader that finds no sample must "
                   "raise an error saying why")
        return
    samples = []
    for index in sorted({0, length - 1}):
        try:
            samples.append(dataset[index])
        except Exception as exc:
            check.fail(f"dataset[{index}] raised {type(exc).__name__}: {exc}")
            return
    problems = [p for s in samples for p in sample_problems(s, spec.task, spec.num_classes)]
    check.fail(*dict.fromkeys(problems))
    if not problems:
        report.passed.append(f"{length} samples; the first and last have the keys, dtypes "
                             f"and shapes of task {spec.task!r}")
    try:
        dataset[length]
        check.fail(f"dataset[{length}] (one past the end) returned a sample; raise IndexError "
                   "so that iteration stops")
    except IndexError:
        report.passed.append("indexing past the end raises IndexError")
    except Exception as exc:
        check.fail(f"dataset[{length}] raised {type(exc).__name__}, expected IndexError")
    _check_transforms_and_bands(dataset, build, data, lambda ds: ds[0], samples[0], check,
                                report)
    if plot and (problem := _plot_problem(dataset, samples[0], report)) is not None:
        check.fail(problem)


def _check_geo_samples(dataset: Any, build: Callable[..., Any], data: str | os.PathLike[str],
                       check: Checker, report: ConformanceReport, plot: bool) -> None:
    if len(dataset) == 0:
        check.fail(f"the dataset in {data} indexes no item; raise an error saying why")
        return
    query, shape = _geo_query(dataset, 8)
    try:
        sample = dataset[query]
    except Exception as exc:
        check.fail(f"dataset[{query}] (inside the first item) raised {type(exc).__name__}: {exc}")
        return
    problems = geo_sample_problems(sample, query, shape)
    check.fail(*problems)
    if not problems:
        report.passed.append("a query returns crs, bounds and image/mask of the query's size")
    _check_transforms_and_bands(dataset, build, data, lambda ds: ds[query], sample, check,
                                report)
    if plot and (problem := _plot_problem(dataset, sample, report)) is not None:
        check.fail(problem)


def _check_transforms_and_bands(dataset: Any, build: Callable[..., Any],
                                data: str | os.PathLike[str], get: Callable[[Any], Any],
                                sample: Any, check: Checker, report: ConformanceReport) -> None:
    calls: list[Any] = []
    try:
        transformed = get(build(data, transforms=_record(calls)))
    except Exception as exc:
        check.fail(f"with transforms=callable, loading failed: {type(exc).__name__}: {exc}")
        return
    if not calls or not isinstance(transformed, Mapping) or _MARK not in transformed:
        check.fail("transforms is not applied to samples: the callable given as transforms "
                   "must receive each sample dict and its result be returned")
    elif not all(issubclass(t, Mapping) for t in calls):
        check.fail("transforms received something other than the sample dict")
    else:
        report.passed.append("transforms receives and replaces each sample dict")
    bands = tuple(getattr(dataset, "bands", ()) or ())
    image = sample.get("image") if isinstance(sample, Mapping) else None
    if image is None or len(bands) < 2 or not isinstance(bands[0], str):
        report.notes.append("bands selection not checked (no 'image', or fewer than two named "
                            "bands)")
        return
    chosen = bands[0]
    try:
        one = get(build(data, bands=[chosen]))
    except Exception as exc:
        check.fail(f"bands=[{chosen!r}] failed: {type(exc).__name__}: {exc}")
        return
    got = one.get("image") if isinstance(one, Mapping) else None
    if got is None or got.ndim < 3 or got.shape[-3] != 1:
        shape = None if got is None else list(got.shape)
        check.fail(f"bands=[{chosen!r}] gave an image of shape {shape}; expected one channel")
    else:
        report.passed.append(f"bands=[{chosen!r}] selects one channel")
