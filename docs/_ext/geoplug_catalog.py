"""Catalog pages generated from the installed registries when the site is built.

On ``builder-inited`` this writes ``catalog/generated/``: one table page each for datasets,
models, weights and trainers, and one page per dataset, from :mod:`geoplug.core.registry` —
the same specs ``geoplug datasets``, ``geoplug models`` and ``geoplug weights`` print. There is
no hand-written list: a dataset added by any installed plugin appears on the next build. Files
are rewritten only when their text changes, so an unchanged catalog does not re-read pages.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from geoplug.core import registry, sensors
from geoplug.core.specs import TASKS

OUT = "catalog/generated"


def escape(text: Any) -> str:
    """Inline reStructuredText that shows ``text`` as written (no markup, one line)."""
    flat = " ".join(str(text).split())
    return re.sub(r"([\\`*_|<>\[\]])", r"\\\1", flat)


def literal(text: Any) -> str:
    flat = " ".join(str(text).split())
    return f"``{flat}``" if flat else ""


def joined(values: Iterable[Any], limit: int | None = None) -> str:
    items = [str(v) for v in values]
    if limit is not None and len(items) > limit:
        return f"{len(items)}: " + ", ".join(items[:limit]) + ", ..."
    return ", ".join(items)


def heading(text: str, char: str = "=") -> str:
    return f"{text}\n{char * max(len(text), 3)}\n"


def list_table(headers: list[str], rows: list[list[str]], widths: str = "auto") -> str:
    """A ``list-table`` directive; cells are already inline reST (escaped)."""
    lines = [".. list-table::", "   :header-rows: 1", f"   :widths: {widths}", ""]
    for row in [headers, *rows]:
        for i, cell in enumerate(row):
            mark = "*" if i == 0 else " "
            lines.append(f"   {mark} - {cell}".rstrip())
    return "\n".join(lines) + "\n"


def _api_target(target: str, documented: set[str]) -> str:
    """A cross-reference to ``target``'s class when the API reference documents it."""
    full = target.replace(":", ".")
    if full in documented:
        return f":py:obj:`{full}`"
    return literal(target)


def _documented(api: dict[str, dict[str, Any]]) -> set[str]:
    return {f"{mod}.{name}" for mod, entry in api.items()
            for kind in ("classes", "exceptions", "functions")
            for name in entry[kind]}


def _page_name(name: str) -> str:
    return re.sub(r"[^a-z0-9_.-]", "_", name.lower())


def _bands_cell(spec: Any) -> str:
    if not spec.bands:
        return ""
    shown = ", ".join(spec.bands[:6]) + (", ..." if len(spec.bands) > 6 else "")
    return f"{len(spec.bands)}: {escape(shown)}"


def _size(spec: Any) -> str:
    parts = []
    if spec.num_samples is not None:
        parts.append(f"{spec.num_samples:,} samples")
    if spec.download_size:
        parts.append(spec.download_size)
    return escape(", ".join(parts))


def _band_rows(spec: Any) -> list[list[str]]:
    rows = []
    found_on: dict[str, Any] = {}
    if spec.sensors:
        try:  # the one sensor that has every band, as the models read them
            found_on = {b: hit for b, (_, hit) in zip(spec.bands,
                        sensors.resolve_bands(spec.bands, spec.sensors))}
        except LookupError:  # a band or sensor the table lacks: band by band
            found_on = {b: hit[1] for b in spec.bands
                        if (hit := sensors.find_band(b, spec.sensors)) is not None}
    for band in spec.bands:
        found = found_on.get(band)
        wavelength = bandwidth = ""
        if found is not None:
            if found.wavelength is not None:
                wavelength = f"{found.wavelength:g}"
            if found.bandwidth is not None:
                bandwidth = f"{found.bandwidth:g}"
        rows.append([literal(band), wavelength, bandwidth,
                     "yes" if band in spec.rgb_bands else ""])
    return rows


def dataset_page(entry: Any, documented: set[str]) -> str:
    spec, plugin = entry.spec, entry.plugin
    indexed = "BoundingBox" if spec.kind == "geo" else "int"
    out = [f".. _catalog-dataset-{spec.name}:\n", heading(spec.name)]
    if spec.description:
        out.append(escape(spec.description) + "\n")
    facts = [
        ["class", _api_target(spec.target, documented)],
        ["load", literal(f'geoplug.datasets.get("{spec.name}")')],
        ["task", escape(spec.task)],
        ["kind", f"{escape(spec.kind)} (indexed by {indexed})"],
        ["sensors", escape(joined(spec.sensors))],
        ["resolution (m)", f"{spec.resolution:g}" if spec.resolution else ""],
        ["patch size (px)", str(spec.patch_size) if spec.patch_size else ""],
        ["splits", escape(joined(spec.splits))],
        ["size", _size(spec)],
        ["licence", escape(spec.license)],
        ["homepage", spec.homepage if spec.homepage.startswith("http") else escape(spec.homepage)],
        ["aliases", escape(joined(spec.aliases))],
        ["provided by", escape(f"{plugin.distribution} {plugin.version}".strip())],
    ]
    out.append(list_table(["fact", "value"], [r for r in facts if r[1]], "25 75"))
    if spec.bands:
        out.append(heading("Bands", "-"))
        out.append("Wavelengths and bandwidths (nm) come from geoplug's sensor table "
                   "(:mod:`geoplug.core.sensors`) where the sensor is known.\n")
        out.append(list_table(["band", "centre (nm)", "width (nm)", "RGB"], _band_rows(spec),
                              "40 20 20 20"))
    if spec.band_sets:
        out.append(heading("Band sets", "-"))
        out.append("An argument picks the bands read (the table above is the default's):\n")
        rows = [[literal(f"{argument}={value!r}"), escape(joined(chosen.bands)),
                 escape(joined(chosen.sensors))]
                for argument, options in spec.band_sets.items()
                for value, chosen in options.items()]
        out.append(list_table(["argument", "bands", "sensors"], rows, "25 55 20"))
    if spec.classes or spec.num_classes:
        out.append(heading("Classes", "-"))
        if spec.classes:
            out.append(list_table(["index", "class"],
                                  [[str(i), escape(c)] for i, c in enumerate(spec.classes)],
                                  "15 85"))
        else:
            out.append(f"{spec.num_classes} classes (names not listed in the spec).\n")
    if spec.mean is not None and spec.std is not None:
        out.append(heading("Normalisation", "-"))
        out.append("Per-band mean and standard deviation used by the data modules::\n\n"
                   f"    mean = {list(spec.mean)}\n    std = {list(spec.std)}\n")
    if spec.citation:
        out.append(heading("Citation", "-"))
        body = "\n".join("   " + line for line in spec.citation.strip().splitlines())
        language = "bibtex" if spec.citation.lstrip().startswith("@") else "text"
        out.append(f".. code-block:: {language}\n\n{body}\n")
    return "\n".join(out)


def datasets_page(entries: list[Any], documented: set[str]) -> str:
    out = [".. _catalog-datasets:\n", heading(f"Datasets ({len(entries)})"),
           "Every dataset registered by the installed plugins when this page was built (the "
           "list ``geoplug datasets`` prints), grouped by task. The name links to the "
           "dataset's page: bands with wavelengths, classes, normalisation and citation.\n",
           ".. toctree::\n   :hidden:\n\n" + "\n".join(
               f"   datasets/{_page_name(e.spec.name)}" for e in entries) + "\n"]
    tasks = sorted({e.spec.task for e in entries},
                   key=lambda t: (TASKS.index(t) if t in TASKS else len(TASKS), t))
    for task in tasks:
        group = [e for e in entries if e.spec.task == task]
        out.append(heading(f"{task.replace('_', ' ')} ({len(group)})", "-"))
        rows = []
        for e in group:
            s = e.spec
            rows.append([
                f":ref:`{s.name} <catalog-dataset-{s.name}>`",
                escape(s.kind),
                escape(joined(s.sensors)),
                _bands_cell(s),
                str(len(s.classes) or s.num_classes or ""),
                f"{s.resolution:g}" if s.resolution else "",
                _size(s),
                escape(s.license),
            ])
        out.append(list_table(["name", "kind", "sensors", "bands", "classes", "res (m)",
                               "size", "licence"], rows, "14 7 16 25 7 7 12 12"))
    return "\n".join(out)


def models_page(entries: list[Any], documented: set[str]) -> str:
    out = [".. _catalog-models:\n", heading(f"Models ({len(entries)})"),
           "Every model builder registered by the installed plugins (``geoplug models``); "
           "build one with ``geoplug.models.get_model(name, weights=None, **kwargs)``.\n"]
    rows = []
    for e in entries:
        s = e.spec
        weights = registry.weights.names(model=s.name)
        rows.append([literal(s.name), escape(s.task), escape(s.family),
                     escape(s.description), str(len(weights)) if weights else "",
                     _api_target(s.target, documented)])
    out.append(list_table(["name", "task", "family", "description", "weights", "builder"],
                          rows, "18 12 10 35 7 18"))
    return "\n".join(out)


def weights_page(entries: list[Any], documented: set[str]) -> str:
    out = [".. _catalog-weights:\n", heading(f"Weights ({len(entries)})"),
           "Every pre-trained weight registered by the installed plugins (``geoplug "
           "weights``): the bands it expects, in order, and its sensor and licence. Load one "
           "with ``geoplug.models.get_model(model, weights=name)``; the aliases are the "
           "TorchGeo names that reach the same entry.\n"]
    rows = []
    for e in entries:
        s = e.spec
        rows.append([literal(s.name), literal(s.model), escape(s.sensor), str(s.in_chans),
                     escape(joined(s.bands, 14)), f"{s.resolution:g}" if s.resolution else "",
                     escape(s.license), escape(joined(s.aliases))])
    out.append(list_table(["name", "model", "sensor", "in_chans", "bands", "res (m)",
                           "licence", "aliases"], rows, "18 12 10 6 22 6 10 16"))
    return "\n".join(out)


def trainers_page(entries: list[Any], documented: set[str]) -> str:
    out = [".. _catalog-trainers:\n", heading(f"Trainers and data modules ({len(entries)})"),
           "Registered LightningModules and data modules (``geoplug trainers``); "
           "``geoplug.trainers.get(name)`` returns the class.\n"]
    rows = [[literal(e.spec.name), escape(e.spec.task), escape(e.spec.description),
             _api_target(e.spec.target, documented)] for e in entries]
    out.append(list_table(["name", "task", "description", "class"], rows, "20 15 40 25"))
    return "\n".join(out)


#: CLI invocations whose output the CLI guide shows (``geoplug`` + these arguments)
CLI_EXAMPLES = {
    "help": ["--help"],
    "datasets_help": ["datasets", "--help"],
    "datasets_landsat": ["datasets", "landsat*"],
    "datasets_info": ["datasets", "info", "eurosat"],
    "weights_s2": ["weights", "resnet18*", "--sensor", "S2"],
}


def cli_output(args: list[str]) -> str:
    """What ``geoplug ARGS`` prints, run in this process (help exits through SystemExit)."""
    import contextlib
    import io
    import os

    from geoplug.core.cli import main

    buffer = io.StringIO()
    old = os.environ.get("COLUMNS")
    os.environ["COLUMNS"] = "96"
    try:
        with contextlib.redirect_stdout(buffer), contextlib.suppress(SystemExit):
            main(args)
    finally:
        if old is None:
            del os.environ["COLUMNS"]
        else:
            os.environ["COLUMNS"] = old
    return f"$ geoplug {' '.join(args)}\n{buffer.getvalue().rstrip()}\n"


def spec_fields(spec_type: Any) -> str:
    """A table of a spec model's fields: type, default (or required) and description."""
    rows = []
    for name, field in spec_type.model_fields.items():
        hint = field.annotation
        annotation = hint.__name__ if isinstance(hint, type) else str(hint)
        annotation = annotation.replace("typing.", "")
        if field.is_required():
            default = "required"
        elif field.default_factory is not None:
            default = literal(repr(field.default_factory()))
        else:
            default = literal(repr(field.default))
        rows.append([literal(name), literal(annotation), default,
                     escape(field.description or "")])
    return list_table(["field", "type", "default", "meaning"], rows, "18 30 17 35")


def class_names(entries: list[Any], documented: set[str]) -> str:
    """Registered dataset classes and the registry names that reach them."""
    ordered = sorted(entries, key=lambda e: (e.spec.target.rsplit(":", 1)[1].lower(),
                                             e.spec.name))
    rows = [[_api_target(e.spec.target, documented), literal(e.spec.name),
             escape(joined(e.spec.aliases))] for e in ordered]
    return list_table(["class", "registry name", "aliases"], rows, "45 35 20")


def _write(path: Path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    if not path.exists() or path.read_text() != text:
        path.write_text(text)


def _winners(reg: registry.Registry[Any]) -> list[Any]:
    """The entry each listed name resolves to (qualified names for clashes)."""
    return [reg._entry(name) for name in reg.names()]


def generate(srcdir: Path, api: dict[str, dict[str, Any]]) -> dict[str, int]:
    """Write the catalog pages under ``srcdir/catalog/generated``; return the counts."""
    out = srcdir / OUT
    documented = _documented(api)
    datasets = _winners(registry.datasets)
    pages = {f"datasets/{_page_name(e.spec.name)}.rst": dataset_page(e, documented)
             for e in datasets}
    pages["datasets.rst"] = datasets_page(datasets, documented)
    pages["class_names.rst"] = class_names(datasets, documented)
    pages["models.rst"] = models_page(_winners(registry.models), documented)
    pages["weights.rst"] = weights_page(_winners(registry.weights), documented)
    pages["trainers.rst"] = trainers_page(_winners(registry.trainers), documented)
    from geoplug.core import specs

    for spec_type in (specs.DatasetSpec, specs.ModelSpec, specs.WeightsSpec, specs.TrainerSpec):
        pages[f"specs/{spec_type.__name__}.rst"] = spec_fields(spec_type)
    for key, args in CLI_EXAMPLES.items():
        pages[f"cli/{key}.txt"] = cli_output(args)
    stale = {p for p in out.rglob("*") if p.is_file()} - {out / name for name in pages} \
        if out.exists() else set()
    for path in stale:  # a dataset that is no longer installed
        path.unlink()
    for name, text in pages.items():
        _write(out / name, text)
    return {"datasets": len(datasets), "models": len(registry.models),
            "weights": len(registry.weights), "trainers": len(registry.trainers)}


def _on_builder_inited(app: Any) -> None:
    from sphinx.util import logging

    counts = generate(Path(app.srcdir), app.config.autosummary_context["api"])
    logging.getLogger(__name__).info(
        "geoplug catalog: " + ", ".join(f"{n} {k}" for k, n in counts.items()))


def setup(app: Any) -> dict[str, Any]:
    """Register the catalog generator."""
    app.connect("builder-inited", _on_builder_inited)
    return {"parallel_read_safe": True, "parallel_write_safe": True}


__all__ = ["generate", "setup"]
