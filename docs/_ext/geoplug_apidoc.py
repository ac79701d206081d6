"""What the API reference documents, computed from the installed packages, and its check.

``collect()`` imports every public module of the four distributions (no ``_`` in any part of
its dotted name) and sorts each public name into: documented on this module's page ("own":
defined here, or re-exported from a private module, or a bound method such as
``geoplug.datasets.names``), or a link to the public module that defines it ("links"). The
autosummary module template (``docs/_templates/autosummary/module.rst``) renders that, so a
class appears once, under the module that defines it, and each package page lists its whole
``__all__``.

Run as a script after an HTML build, it checks that every name in each public module's
``__all__`` (the four packages' included) is documented in the built inventory and has a
docstring::

    python docs/_ext/geoplug_apidoc.py docs/_build/html

Exit status 1 lists each name that is not.
"""

from __future__ import annotations

import importlib
import inspect
import pkgutil
import re
import sys
from pathlib import Path
from types import ModuleType
from typing import Any

#: The four distributions' import packages, documented recursively.
PACKAGES = ("geoplug.core", "geoplug.datasets", "geoplug.models", "geoplug.trainers")


def is_public(modname: str) -> bool:
    """Whether no part of the dotted ``modname`` starts with an underscore."""
    return not any(part.startswith("_") for part in modname.split("."))


def public_modules(package: str) -> list[str]:
    """``package`` and its public submodules, depth first, sorted by name.

    Raises:
        ImportError: a public module cannot be imported (the docs need every extra installed).
    """
    found = [package]
    module = importlib.import_module(package)
    path = getattr(module, "__path__", None)
    if path is None:
        return found
    for info in sorted(pkgutil.iter_modules(path), key=lambda i: i.name):
        if info.name.startswith("_"):
            continue
        found.extend(public_modules(f"{package}.{info.name}"))
    return found


def _kind(obj: Any) -> str:
    if inspect.isclass(obj):
        return "exceptions" if issubclass(obj, BaseException) else "classes"
    if inspect.isroutine(obj):
        return "functions"
    return "data"


def _public_names(module: ModuleType) -> list[str]:
    """``__all__``, or the public classes and functions defined in the module itself."""
    declared = getattr(module, "__all__", None)
    if declared is not None:
        return list(declared)
    names = []
    for name, obj in vars(module).items():
        if name.startswith("_") or inspect.ismodule(obj):
            continue
        if (inspect.isclass(obj) or inspect.isfunction(obj)) and \
                getattr(obj, "__module__", None) == module.__name__:
            names.append(name)
    return names


def _summary(obj: Any) -> str:
    """The first sentence of ``obj``'s docstring, for the table of re-exported names."""
    doc = (inspect.getdoc(obj) or "").strip().split("\n\n")[0]
    first = " ".join(doc.split()).split(". ")[0].rstrip(".")
    # roles resolve against the defining module, not this page's: show them as literals
    first = re.sub(r":[a-z:]+:`~?([^`<]*?)(?: <[^>]*>)?`", r"``\1``", first)
    return first if len(first) <= 160 else first[:157].rsplit(" ", 1)[0] + " ..."


def aliases(api: dict[str, dict[str, Any]]) -> dict[str, str]:
    """Public re-export path -> documented path (``geoplug.core.BoundingBox`` -> ``...bbox...``)."""
    return {f"{mod}.{target.rsplit('.', 1)[1]}": target
            for mod, entry in api.items() for target, _ in entry["links"]}


def collect(packages: tuple[str, ...] = PACKAGES) -> dict[str, dict[str, Any]]:
    """Per public module: its own names by kind, links to canonical homes, submodules."""
    modules = [m for p in packages for m in public_modules(p)]
    public = {m: _public_names(importlib.import_module(m)) for m in modules}
    # an object defined in a private module is documented once, in the shortest-named
    # public module that exports it; the others link there
    adopted: dict[int, str] = {}
    for modname in sorted(modules, key=lambda m: (m.count("."), m)):
        module = importlib.import_module(modname)
        for name in public[modname]:
            obj = getattr(module, name)
            if _kind(obj) != "data" and not is_public(getattr(obj, "__module__", "") or "_"):
                adopted.setdefault(id(obj), modname)
    api: dict[str, dict[str, Any]] = {}
    for modname in modules:
        module = importlib.import_module(modname)
        entry: dict[str, Any] = {"classes": [], "exceptions": [], "functions": [], "data": [],
                                 "links": [], "submodules": []}
        for name in public[modname]:
            obj = getattr(module, name)
            home = adopted.get(id(obj), getattr(obj, "__module__", None))
            qualname = getattr(obj, "__qualname__", None)
            kind = _kind(obj)
            if (kind != "data" and home != modname and home in public
                    and qualname == name and name in public[home]):
                entry["links"].append((f"{home}.{name}", _summary(obj)))
            else:
                entry[kind].append(name)
        prefix = modname + "."
        entry["submodules"] = [m for m in modules if m.startswith(prefix)
                               and "." not in m[len(prefix):]]
        api[modname] = entry
    return api


def documented_name(api: dict[str, dict[str, Any]], modname: str, name: str) -> str:
    """The full name under which ``modname.name`` is documented."""
    for link, _ in api[modname]["links"]:
        if link.rsplit(".", 1)[1] == name:
            return link
    return f"{modname}.{name}"


def check(html: Path, packages: tuple[str, ...] = PACKAGES) -> list[str]:
    """Problems: public names missing from the built inventory or without a docstring."""
    from sphinx.util.inventory import InventoryFile

    with open(html / "objects.inv", "rb") as f:
        inventory = InventoryFile.load(f, str(html), lambda base, uri: uri)
    data = getattr(inventory, "data", inventory)
    documented = {name for kind, objects in data.items() if kind.startswith("py:")
                  for name in objects}
    api = collect(packages)
    problems = []
    for modname in api:
        if modname not in documented:
            problems.append(f"module {modname} has no page")
        module = importlib.import_module(modname)
        for name in getattr(module, "__all__", ()):
            full = documented_name(api, modname, name)
            if full not in documented:
                problems.append(f"{modname}.__all__ names {name!r}: {full} is not documented")
                continue
            obj = getattr(module, name)
            if _kind(obj) != "data" and not inspect.getdoc(obj):
                problems.append(f"{full} has no docstring")
    return problems


def main(argv: list[str]) -> int:
    html = Path(argv[0] if argv else "docs/_build/html")
    problems = check(html)
    api = collect()
    total = sum(len(getattr(importlib.import_module(m), "__all__", ())) for m in api)
    if problems:
        print(f"{len(problems)} public name(s) not documented:")
        for problem in problems:
            print("  " + problem)
        return 1
    print(f"public API documented: {total} names in __all__ of {len(api)} modules")
    return 0


def _resolve_alias(app: Any, env: Any, node: Any, contnode: Any) -> Any:
    """Let docstrings name a re-exported object by its public path (``geoplug.core.X``)."""
    if node.get("refdomain") != "py":
        return None
    table = app.config.autosummary_context.get("aliases", {})
    target = table.get(node.get("reftarget", "").lstrip("~"))
    if target is None:
        return None
    domain = env.get_domain("py")
    return domain.resolve_xref(env, node["refdoc"], app.builder, "obj", target, node, contnode)


def _drop_type_docstring(app: Any, what: str, name: str, obj: Any, options: Any,
                         lines: list[str]) -> None:
    """A constant without a ``#:`` comment would show its type's docstring (``dict``'s)."""
    if what in ("data", "attribute") and lines and not inspect.isclass(obj) \
            and not inspect.isroutine(obj):
        text = "\n".join(lines).strip()
        for source in (type(obj), getattr(obj, "__origin__", None)):
            doc = inspect.getdoc(source) if source is not None else None
            if doc and text == doc.strip():
                lines.clear()
                return


def setup(app: Any) -> dict[str, Any]:
    """Resolve public re-export paths and hide type docstrings of undocumented constants."""
    app.connect("missing-reference", _resolve_alias)
    app.connect("autodoc-process-docstring", _drop_type_docstring)
    return {"parallel_read_safe": True, "parallel_write_safe": True}


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
