"""The ``geoplug`` command line: list and describe what plugins provide, download datasets.

Plugins may add sub-commands (``geoplug fit`` comes from geoplug-trainers) through the
``geoplug_commands`` hook; their ``main(argv)`` receives the remaining arguments.
"""

from __future__ import annotations

import argparse
import inspect
import json
import sys
import warnings
from collections.abc import Sequence
from typing import Any

from geoplug.core import registry
from geoplug.core.errors import GeoplugError
from geoplug.core.pluginmanager import plugin_manager

__all__ = ["main"]

_KINDS: dict[str, registry.Registry[Any]] = {
    "datasets": registry.datasets,
    "models": registry.models,
    "weights": registry.weights,
    "trainers": registry.trainers,
}

# listing columns per registry kind: (header, spec attribute)
_COLUMNS: dict[str, list[tuple[str, str]]] = {
    "datasets": [("name", "name"), ("task", "task"), ("kind", "kind"), ("sensors", "sensors"),
                 ("bands", "bands"), ("classes", "num_classes"), ("res (m)", "resolution")],
    "models": [("name", "name"), ("task", "task"), ("description", "description")],
    "weights": [("name", "name"), ("model", "model"), ("sensor", "sensor"),
                ("in_chans", "in_chans"), ("bands", "bands")],
    "trainers": [("name", "name"), ("task", "task"), ("description", "description")],
}

_FILTERS: dict[str, list[str]] = {
    "datasets": ["task", "kind", "sensors", "bands"],
    "models": ["task"],
    "weights": ["model", "sensor", "bands", "in_chans"],
    "trainers": ["task"],
}


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
    print(f"\n{len(names)} {kind}")
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
        if isinstance(value, list):
            value = ", ".join(str(v) for v in value)
        text = str(value).replace("\n", "\n" + " " * (width + 2))
        print(f"{key.ljust(width)}  {text}")
    return 0


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
        kwargs: dict[str, Any] = {"download": True, "checksum": args.checksum}
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
        report.append({"plugin": info.name, "distribution": info.distribution,
                       "version": info.version,
                       "provides": {k: v for k, v in provided.items() if v}})
    failures = [
        {"plugin": f.name, "distribution": f.distribution, "version": f.version,
         "hook": f.hook, "error": f.error}
        for f in manager.failures
    ]
    if as_json:
        print(json.dumps({"plugins": report, "failed": failures}, indent=2))
        return 0
    for item in sorted(report, key=lambda r: r["distribution"]):
        print(f"{item['distribution']} {item['version']}  (plugin {item['plugin']!r})")
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


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="geoplug", description="Deep learning on geospatial data: list and fetch what the "
        "installed geoplug plugins provide.")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    p = sub.add_parser("plugins", help="installed plugins, what each registered, and failures")
    p.add_argument("--json", action="store_true")
    for kind in _KINDS:
        p = sub.add_parser(kind, help=f"list {kind} ('{kind} info NAME' describes one)")
        p.add_argument("pattern", nargs="?", help="fnmatch pattern, e.g. 'landsat*'")
        p.add_argument("--json", action="store_true", help="machine-readable output")
        for field in _FILTERS[kind]:
            nargs = "+" if field in ("bands", "sensors") else None
            p.add_argument(f"--{field.replace('_', '-')}", dest=field, nargs=nargs,
                           type=int if field == "in_chans" else str)
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
        return _download(p.parse_args(argv[2:]))
    if argv and argv[0] in registry.commands:
        return int(registry.commands.get(argv[0])(argv[1:]) or 0)
    parser = _parser()
    args = parser.parse_args(argv)
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
        warnings.simplefilter("default")  # show plugin failures once, even under -W error
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
