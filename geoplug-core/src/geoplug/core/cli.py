"""The ``geoplug`` command line: list and describe what plugins provide, download datasets.

Plugins may add sub-commands (``geoplug fit`` comes from geoplug-trainers) through the
``geoplug_commands`` hook; their ``main(argv)`` receives the remaining arguments.
"""

from __future__ import annotations

import argparse
import difflib
import inspect
import json
import sys
import warnings
from collections.abc import Sequence
from typing import Any

from geoplug.core import registry
from geoplug.core.errors import GeoplugError, GeoplugWarning
from geoplug.core.pluginmanager import installed_distributions, plugin_manager
from geoplug.core.specs import TASKS

__all__ = ["main"]

_KINDS: dict[str, registry.Registry[Any]] = {
    "datasets": registry.datasets,
    "models": registry.models,
    "weights": registry.weights,
    "trainers": registry.trainers,
}

#: a pattern that matches something in each registry, for the help
_EXAMPLE_PATTERN = {"datasets": "landsat*", "models": "resnet*", "weights": "resnet*",
                    "trainers": "*segmentation"}

# listing columns per registry kind: (header, spec attribute)
_COLUMNS: dict[str, list[tuple[str, str]]] = {
    "datasets": [("name", "name"), ("task", "task"), ("kind", "kind"), ("sensors", "sensors"),
                 ("bands", "bands"), ("classes", "num_classes"), ("res (m)", "resolution")],
    "models": [("name", "name"), ("task", "task"), ("description", "description")],
    "weights": [("name", "name"), ("model", "model"), ("sensor", "sensor"),
                ("in_chans", "in_chans"), ("bands", "bands"), ("aliases", "aliases")],
    "trainers": [("name", "name"), ("task", "task"), ("description", "description")],
}

_FILTERS: dict[str, list[str]] = {
    "datasets": ["task", "kind", "sensors", "bands"],
    "models": ["task"],
    "weights": ["model", "sensor", "bands", "in_chans"],
    "trainers": ["task"],
}


_PLURAL: dict[str, tuple[str, str]] = {
    "datasets": ("dataset", "datasets"),
    "models": ("model", "models"),
    "weights": ("weights entry", "weights entries"),
    "trainers": ("trainer", "trainers"),
}


def _count(n: int, kind: str) -> str:
    one, many = _PLURAL[kind]
    return f"{n} {one if n == 1 else many}"


def _present(reg: registry.Registry[Any], field: str) -> list[str]:
    """The values of ``field`` among the installed entries (what a filter can match)."""
    values: set[str] = set()
    for entry in reg.entries():
        value = getattr(entry.spec, field)
        if isinstance(value, tuple):
            values.update(str(v) for v in value)
        elif value not in (None, ""):
            values.add(str(value))
    return sorted(values)


def _check_filters(kind: str, reg: registry.Registry[Any], filters: dict[str, Any]) -> str | None:
    """Why a filter value can match nothing installed (the first such value), or None.

    A known task word is always accepted (no installed entry may have it yet); any other value
    must match at least one installed entry, so a typo is an error, not an empty listing.
    """
    for field, wanted in filters.items():
        many = isinstance(wanted, list)
        for value in (wanted if many else [wanted]):
            if field == "task" and str(value).lower() in TASKS:
                continue
            if reg.names(None, **{field: [value] if many else value}):
                continue
            present = _present(reg, field)
            close = difflib.get_close_matches(str(value), present, n=3, cutoff=0.6)
            hint = f" Did you mean: {', '.join(close)}?" if close else ""
            shown = ", ".join(present[:40]) + (
                f", … ({len(present)} in all)" if len(present) > 40 else "")
            what = {"task": "tasks", "sensor": "sensors", "model": "models"}.get(
                field, field if field.endswith("s") else f"{field} values")
            listing = (f"The {what} of the installed {kind}: {shown}." if present
                       else f"No installed {_PLURAL[kind][0]} sets {field}.")
            return f"no installed {_PLURAL[kind][0]} has {field} {value!r}.{hint} {listing}"
    return None


def _duration(seconds: float) -> str:
    return f"{seconds:.2f} s" if seconds >= 1 else f"{seconds * 1000:.0f} ms"


def _cell(value: Any, width: int = 40) -> str:
    if value is None:
        return "-"
    if isinstance(value, tuple):
        text = ",".join(str(v) for v in value) if len(value) <= 6 else f"{len(value)} bands"
    else:
        text = str(value)
    return text if len(text) <= width else text[: width - 1] + "…"


def _table(rows: list[list[str]], headers: list[str]) -> str:
    widths = [max(len(h), *(len(r[i]) for r in rows)) for i, h in enumerate(headers)]
    lines = ["  ".join(h.ljust(w) for h, w in zip(headers, widths)).rstrip()]
    lines.append("  ".join("-" * w for w in widths))
    lines += ["  ".join(c.ljust(w) for c, w in zip(r, widths)).rstrip() for r in rows]
    return "\n".join(lines)


def _list(kind: str, args: argparse.Namespace) -> int:
    reg = _KINDS[kind]
    filters = {f: getattr(args, f) for f in _FILTERS[kind] if getattr(args, f, None) is not None}
    problem = _check_filters(kind, reg, filters)
    if problem:
        print(f"geoplug: error: {problem}", file=sys.stderr)
        return 2
    names = reg.names(args.pattern, **filters)
    if args.json:
        print(json.dumps([reg.info(n).model_dump(mode="json") for n in names], indent=2))
        return 0
    if not names:
        print(f"no {kind} match", file=sys.stderr)
        return 1
    cols = _COLUMNS[kind]
    rows = [[n] + [_cell(getattr(reg.info(n), attr)) for _, attr in cols[1:]] for n in names]
    print(_table(rows, [h for h, _ in cols]))
    print(f"\n{_count(len(names), kind)}")
    return 0


def _info(kind: str, name: str, as_json: bool) -> int:
    reg = _KINDS[kind]
    spec = reg.info(name)
    provider = reg.provider(name)
    data = spec.model_dump(mode="json")
    data["provided_by"] = f"{provider.distribution} {provider.version}".strip()
    if as_json:
        print(json.dumps(data, indent=2))
        return 0
    width = max(len(k) for k in data)
    for key, value in data.items():
        if value in (None, "", [], {}):
            continue
        if key == "band_sets":
            value = "\n".join(_band_set_lines(value))
        if isinstance(value, list):
            value = ", ".join(str(v) for v in value)
        text = str(value).replace("\n", "\n" + " " * (width + 2))
        print(f"{key.ljust(width)}  {text}")
    return 0


def _band_set_lines(band_sets: dict[str, dict[str, dict[str, Any]]]) -> list[str]:
    """One line per value of an argument that picks the bands: ``product=tm_toa: B1, ...``."""
    lines = []
    for argument, options in band_sets.items():
        for value, chosen in options.items():
            facts = [*chosen["sensors"]]
            if chosen.get("resolution"):
                facts.append(f"{chosen['resolution']} m")
            extra = ", ".join(facts)
            lines.append(f"{argument}={value}: {', '.join(chosen['bands'])}"
                         + (f" ({extra})" if extra else ""))
    return lines


def _dataset_args(pairs: list[str]) -> dict[str, Any]:
    """``KEY=VALUE`` pairs as a dataset's arguments, each value read as JSON where it is
    (``parts=[1,2]``, ``year=2024``, ``tiles=["grid_0.05_51.55"]``), else kept as text.

    Raises:
        SystemExit: a pair without ``=``.
    """
    import json

    out: dict[str, Any] = {}
    for pair in pairs:
        key, sep, value = pair.partition("=")
        if not sep or not key.strip():
            raise SystemExit(f"geoplug: error: --arg {pair!r} is not KEY=VALUE")
        try:
            out[key.strip()] = json.loads(value)
        except json.JSONDecodeError:
            out[key.strip()] = value
    return out


def _download(args: argparse.Namespace) -> int:
    cls = registry.datasets.get(args.name)
    spec = registry.datasets.info(args.name)
    if "download" not in inspect.signature(cls).parameters:
        where = f" from {spec.homepage}" if spec.homepage else ""
        print(f"geoplug: error: dataset {spec.name!r} has no automatic download (its "
              f"publisher offers no stable one); get the files{where} and pass their folder "
              "as paths/root", file=sys.stderr)
        return 1
    splits = args.split or list(spec.splits) or [None]
    for split in splits:
        kwargs: dict[str, Any] = {**_dataset_args(args.arg or []), "download": True,
                                  "checksum": args.checksum}
        if spec.kind == "geo":
            kwargs["paths"] = args.root
        else:
            kwargs["root"] = args.root
        if split is not None:
            kwargs["split"] = split
        dataset = cls(**kwargs)
        what = f" split {split!r}" if split else ""
        print(f"{spec.name}{what}: {len(dataset)} samples in {args.root}")
    return 0


def _plugins(as_json: bool) -> int:
    manager = plugin_manager()
    report: list[dict[str, Any]] = []
    for plugin in manager.get_plugins():
        info = manager.info_of(plugin)
        provided = {
            kind: [e.spec.name for e in reg.entries() if e.plugin == info]
            for kind, reg in {**_KINDS, "commands": registry.commands}.items()
        }
        timings = manager.timings(info)  # complete now: every hook was called above
        report.append({"plugin": info.name, "distribution": info.distribution,
                       "version": info.version,
                       "provides": {k: v for k, v in provided.items() if v},
                       "load_seconds": round(sum(timings.values()), 6),
                       "timings": {k: round(v, 6) for k, v in timings.items()}})
    failures = [
        {"plugin": f.name, "distribution": f.distribution, "version": f.version,
         "hook": f.hook, "error": f.error}
        for f in manager.failures
    ]
    if as_json:
        print(json.dumps({"plugins": report, "failed": failures}, indent=2))
        return 0
    for item in sorted(report, key=lambda r: r["distribution"]):
        print(f"{item['distribution']} {item['version']}  (plugin {item['plugin']!r}, "
              f"loaded in {_duration(item['load_seconds'])})")
        for kind, names in item["provides"].items():
            shown = ", ".join(names[:12]) + (f", … (+{len(names) - 12})" if len(names) > 12 else "")
            print(f"    {kind:<9} {len(names):>3}: {shown}")
        if not item["provides"]:
            print("    (registers nothing)")
    if not report:
        print("no geoplug plugins are installed")
    for fail in failures:
        where = f" in {fail['hook']}()" if fail["hook"] else ""
        print(f"FAILED {fail['distribution']} {fail['version']} (plugin {fail['plugin']!r})"
              f"{where}: {fail['error']}")
    return 0


_FILTER_HELP: dict[str, str] = {
    "task": "task word (wildcards allowed); known: " + ", ".join(TASKS)
            + "; installed datasets may use others (an open vocabulary: `geoplug datasets "
            "--json` lists each dataset's)",
    "kind": "geo (queried by bounding box) or nongeo (indexed by int)",
    "bands": "every band given must be present",
    "sensors": "every sensor given must be present",
}


def _kind_help(kind: str) -> str:
    extra = ", 'datasets download NAME --root DIR' fetches one" if kind == "datasets" else ""
    return f"list {kind} ('{kind} info NAME' describes one{extra})"


def _kind_epilog(kind: str) -> str:
    """The sub-commands dispatched before argparse, so ``geoplug KIND --help`` shows them."""
    one = _PLURAL[kind][0]
    lines = ["sub-commands:",
             f"  geoplug {kind} info NAME [--json]",
             f"      describe one {one}: its spec and the distribution that provides it"]
    if kind == "datasets":
        lines += ["  geoplug datasets download NAME --root DIR [--split SPLIT ...] [--checksum]",
                  "                                 [--arg KEY=VALUE ...]",
                  "      download (and with --checksum verify) a dataset's files into DIR"]
    lines += ["", "NAME may be 'distribution:name' to pick one of several entries of that name."]
    return "\n".join(lines)


def _versions() -> int:
    for name, version, is_geoplug in installed_distributions():
        print(f"{name} {version}" + ("" if is_geoplug else "  (third-party plugin)"))
    return 0


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="geoplug", description="Deep learning on geospatial data: list and fetch what the "
        "installed geoplug plugins provide.")
    parser.add_argument("--version", action="store_true",
                        help="print the version of each installed geoplug distribution and plugin")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    p = sub.add_parser("plugins", help="installed plugins, what each registered, and failures")
    p.add_argument("--json", action="store_true")
    for kind in _KINDS:
        p = sub.add_parser(kind, help=_kind_help(kind), epilog=_kind_epilog(kind),
                           formatter_class=argparse.RawDescriptionHelpFormatter)
        p.add_argument("pattern", nargs="?",
                       help=f"fnmatch pattern, e.g. {_EXAMPLE_PATTERN[kind]!r}")
        p.add_argument("--json", action="store_true", help="machine-readable output")
        for field in _FILTERS[kind]:
            nargs = "+" if field in ("bands", "sensors") else None
            # sensors: the same words for datasets and weights (any alias of the sensor table)
            flags = (["--sensor", "--sensors"] if field in ("sensor", "sensors")
                     else [f"--{field.replace('_', '-')}"])
            p.add_argument(*flags, dest=field, nargs=nargs,
                           type=int if field == "in_chans" else str,
                           choices=("geo", "nongeo") if field == "kind" else None,
                           help=_FILTER_HELP.get(field))
    for extra in registry.commands.entries():
        sub.add_parser(extra.spec.name, help=extra.spec.help or extra.spec.description,
                       add_help=False)
    return parser


def _run(argv: list[str]) -> int:
    if argv and argv[0] in _KINDS and len(argv) > 1 and argv[1] == "info":
        p = argparse.ArgumentParser(prog=f"geoplug {argv[0]} info")
        p.add_argument("name")
        p.add_argument("--json", action="store_true")
        a = p.parse_args(argv[2:])
        return _info(argv[0], a.name, a.json)
    if argv[:2] == ["datasets", "download"]:
        p = argparse.ArgumentParser(prog="geoplug datasets download",
                                    description="download and verify a dataset")
        p.add_argument("name")
        p.add_argument("--root", required=True, help="folder to download into")
        p.add_argument("--split", nargs="+", help="splits to fetch (default: all)")
        p.add_argument("--checksum", action="store_true", help="verify checksums")
        p.add_argument("--arg", action="append", metavar="KEY=VALUE",
                       help="a dataset argument, the value read as JSON where it is (e.g. "
                            "--arg parts=[1,2] --arg year=2024); repeat for several")
        return _download(p.parse_args(argv[2:]))
    if argv and argv[0] in registry.commands:
        return int(registry.commands.get(argv[0])(argv[1:]) or 0)
    parser = _parser()
    args = parser.parse_args(argv)
    if args.version:
        return _versions()
    if args.command is None:
        parser.print_help()
        return 0
    if args.command == "plugins":
        return _plugins(args.json)
    return _list(args.command, args)


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of the ``geoplug`` console script; returns the exit code."""
    argv = list(sys.argv[1:] if argv is None else argv)
    with warnings.catch_warnings():
        # geoplug's own warnings (a plugin skipped, a name claimed twice) are shown once and
        # never abort a command, even under -W error; other filters stay the user's
        warnings.filterwarnings("default", category=GeoplugWarning)
        try:
            return _run(argv)
        except (GeoplugError, KeyError, ValueError, OSError) as exc:
            message = exc.args[0] if isinstance(exc, KeyError) and exc.args else exc
            print(f"geoplug: error: {message}", file=sys.stderr)
            return 1
        except KeyboardInterrupt:
            print("geoplug: interrupted", file=sys.stderr)
            return 130


if __name__ == "__main__":  # pragma: no cover
    raise SystemExit(main())
