"""``geoplug fit|validate|test|predict --config cfg.yaml``: LightningCLI on registry names.

In a config and on the command line, the classes of ``model``, ``data`` and
``trainer.callbacks`` may be trainer registry names (``segmentation``, ``classification``,
``geo_datamodule``, ``nongeo_datamodule``, ``geotiff_writer``, or a third party's) wherever an
import path may stand: ``--model=segmentation``, ``--trainer.callbacks+=geotiff_writer``, a
``class_path``, a ``callbacks+`` list in a config; an unknown name is an error that lists the
registered ones. ``model``/``weights``/``dataset`` inside ``init_args`` are model, weights and
dataset registry names. Example configs ship in
``geoplug/trainers/configs/`` (:func:`config_path` finds them).

``geoplug predict --overwrite`` lets the config's
:class:`~geoplug.trainers.GeoTIFFPredictionWriter` callbacks replace an existing output.
"""

from __future__ import annotations

import copy
import difflib
import os
import tempfile
import warnings
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

import yaml

from geoplug.core.errors import GeoplugWarning

__all__ = [
    "build_cli", "config_path", "fit", "main", "predict", "resolve_config", "test", "validate",
]

CONFIGS = Path(__file__).parent / "configs"


def config_path(name: str) -> Path:
    """Path of a shipped example config (``"eurosat"`` or ``"eurosat.yaml"``).

    Raises:
        FileNotFoundError: no such config; the message lists the shipped ones.
    """
    path = CONFIGS / (name if name.endswith(".yaml") else f"{name}.yaml")
    if not path.is_file():
        shipped = ", ".join(sorted(p.stem for p in CONFIGS.glob("*.yaml")))
        raise FileNotFoundError(f"no shipped config {name!r}; shipped: {shipped}")
    return path


#: what a class named at each place must be, for the error message
_ROLES = {"model": "model", "data": "data module", "callbacks": "callback"}


def _base(role: str) -> type:
    """The class jsonargparse wants at ``role`` (it resolves its subclasses' bare names)."""
    if role == "model":
        from geoplug.trainers.base import BaseTask

        return BaseTask
    if role == "data":
        from geoplug.trainers.datamodule import BaseDataModule

        return BaseDataModule
    from pytorch_lightning.callbacks import Callback

    return Callback


def _class_names(base: type) -> set[str]:
    """Names of ``base`` and its imported subclasses: jsonargparse takes those bare."""
    found: set[type] = {base}
    todo: list[type] = [base]
    while todo:
        sub: type
        for sub in todo.pop().__subclasses__():
            if sub not in found:
                found.add(sub)
                todo.append(sub)
    return {cls.__name__ for cls in found}


def _registered(base: type) -> list[str]:
    """Trainer registry names of ``base`` subclasses (imports them: for error messages)."""
    from geoplug.core.errors import GeoplugError
    from geoplug.core.registry import trainers

    names = []
    for name in trainers.names():
        try:
            target = trainers.get(name)
        except GeoplugError:  # a broken plugin must not hide the others
            continue
        if isinstance(target, type) and issubclass(target, base):
            names.append(name)
    return names


def _class_path(name: Any, role: str) -> Any:
    """The import path of a trainer registry ``name``; an import path, or the bare name of a
    class jsonargparse knows, as it is.

    Raises:
        ValueError: ``name`` is none of these; lists the registry names for ``role``.
    """
    from geoplug.core.registry import trainers

    if not isinstance(name, str) or "." in name:
        return name
    if name in trainers:
        return trainers.info(name).target.replace(":", ".")
    base = _base(role)
    classes = _class_names(base)
    if name in classes:
        return name
    what = _ROLES[role]
    known = _registered(base)
    close = difflib.get_close_matches(name, [*known, *sorted(classes)], n=3)
    hint = f" Did you mean: {', '.join(close)}?" if close else ""
    raise ValueError(
        f"no {what} named {name!r} is registered.{hint} Registered {what}s: "
        f"{', '.join(known) or 'none'} (`geoplug trainers` lists them); an import path "
        f"(package.module.Class) or the class name of an imported {base.__name__} subclass "
        "works too")


def _named(role: str) -> Callable[[Any], Any]:
    """Resolves the value of a ``--<role>.class_path`` (or ``.help``): a class name."""
    return lambda name: _class_path(name, role)


def _resolve_class(section: Any, role: str) -> Any:
    """``section`` (a class name, or a dict with ``class_path``) with its class resolved."""
    if isinstance(section, dict) and "class_path" in section:
        return {**section, "class_path": _class_path(section["class_path"], role)}
    return _class_path(section, role)


def _resolve_callbacks(callbacks: Any) -> Any:
    """``trainer.callbacks`` (one callback or a list of them) with their classes resolved."""
    if isinstance(callbacks, list):
        return [_resolve_class(callback, "callbacks") for callback in callbacks]
    return _resolve_class(callbacks, "callbacks")


def _resolve_trainer(trainer: Any) -> Any:
    """The ``trainer`` section with its (and its appended, ``callbacks+``) callbacks resolved."""
    if isinstance(trainer, dict):
        for key in ("callbacks", "callbacks+"):
            if key in trainer:
                trainer[key] = _resolve_callbacks(trainer[key])
    return trainer


def resolve_config(config: dict[str, Any]) -> dict[str, Any]:
    """Replace registry names in ``model``/``data``/``trainer.callbacks`` by import paths.

    Raises:
        ValueError: a name that is neither registered, an import path nor a class name
            jsonargparse knows; the message lists the registered names.
    """
    for key in ("model", "data"):
        if key in config:
            config[key] = _resolve_class(config[key], key)
    _resolve_trainer(config.get("trainer"))
    return config


#: command-line keys whose value names classes (jsonargparse reads the value as YAML, or as
#: a config file when it is a path), and how to resolve that value
_ARGUMENTS: dict[str, Callable[[Any], Any]] = {
    "model": lambda value: _resolve_class(value, "model"),
    "data": lambda value: _resolve_class(value, "data"),
    "trainer": _resolve_trainer,
    "trainer.callbacks": _resolve_callbacks,
    "trainer.callbacks+": _resolve_callbacks,
    **{f"{key}.{leaf}": _named(role)
       for key, role in (("model", "model"), ("data", "data"), ("trainer.callbacks", "callbacks"))
       for leaf in ("class_path", "help")},
}


def _resolve_argument(key: str, value: str, target: Path) -> str:
    """The value of ``--key`` with registry names replaced; a config file's: the path of a
    resolved copy written to ``target``. Unchanged where there was nothing to replace."""
    resolve = _ARGUMENTS[key]
    if os.path.isfile(value) and not key.endswith((".class_path", ".help")):
        try:
            config = yaml.safe_load(Path(value).read_text())
        except (UnicodeDecodeError, yaml.YAMLError):
            return value  # jsonargparse says what is wrong with it
        resolved = resolve(copy.deepcopy(config))
        if resolved == config:
            return value
        target.write_text(yaml.safe_dump(resolved, sort_keys=False))
        return str(target)
    try:
        given = yaml.safe_load(value)
    except yaml.YAMLError:
        return value  # jsonargparse says what is wrong with it
    resolved = resolve(copy.deepcopy(given))
    if resolved == given:
        return value
    if isinstance(resolved, str):
        return resolved
    return yaml.safe_dump(resolved, default_flow_style=True, width=1 << 30).strip()


def _rewrite(argv: list[str], folder: str) -> list[str]:
    """Write resolved copies of the ``--config`` files and point ``argv`` at them; replace
    registry names in ``--model``, ``--data`` and ``--trainer.callbacks(+)`` values."""
    out: list[str] = []
    index = 0
    while index < len(argv):
        arg = argv[index]
        key, equals, value = arg[2:].partition("=") if arg.startswith("--") else ("", "", "")
        if arg == "-c":
            key = "config"
        if key not in _ARGUMENTS and key != "config":
            out.append(arg)
            index += 1
            continue
        if equals:
            index += 1
        elif index + 1 < len(argv) and not argv[index + 1].startswith("-"):
            value, index = argv[index + 1], index + 2
        else:  # no value: jsonargparse says so
            out.append(arg)
            index += 1
            continue
        if key != "config":
            target = Path(folder) / f"{len(out)}_{Path(value).name or 'argument'}"
            out.append(f"--{key}={_resolve_argument(key, value, target)}")
            continue
        source = Path(value)
        if not source.is_file():
            source = config_path(value) if not source.suffix or not source.exists() else source
        config = yaml.safe_load(source.read_text()) or {}
        target = Path(folder) / f"{len(out)}_{source.name}"
        target.write_text(yaml.safe_dump(resolve_config(config), sort_keys=False))
        out += ["--config", str(target)]
    return out


def _model_args(config: Any, subcommand: str | None) -> dict[str, Any]:
    """The model's init arguments in a parsed LightningCLI config, as plain values."""
    from geoplug.trainers.spectral import _plain

    if not subcommand:
        return {}
    model = config[subcommand].get("model")
    args = model.get("init_args") if model is not None and "init_args" in model else None
    plain = _plain(args) if args is not None else {}
    return dict(plain) if isinstance(plain, dict) else {}


def _replaced(given: Any, kept: Any) -> bool:
    """Whether the checkpoint's value ``kept`` replaces the config's ``given``: a dict of it
    may add keys (``fill_config`` adds the data's sensor and bands at fit time) but not
    change those given."""
    if isinstance(given, dict) and isinstance(kept, dict):
        return any(k not in kept or _replaced(v, kept[k]) for k, v in given.items())
    return bool(given != kept)


def _cli_class() -> type[Any]:
    """LightningCLI as geoplug runs it (built on demand: importing Lightning is slow)."""
    from jsonargparse import ActionYesNo, Namespace
    from pytorch_lightning.cli import LightningArgumentParser, LightningCLI

    class GeoplugCLI(LightningCLI):
        """Parses the argv geoplug hands it, and adds ``--overwrite`` to ``predict``."""

        def parse_arguments(self, parser: LightningArgumentParser, args: Any) -> None:
            # The console script always passes its own (rewritten) argv here, so LightningCLI's
            # warning about "args together with sys.argv" would fire on every run, --help too.
            if isinstance(args, (dict, Namespace)):
                self.config = parser.parse_object(args)
            else:
                self.config = parser.parse_args(args)

        def _parse_ckpt_path(self) -> None:
            # LightningCLI replaces the model's arguments with the checkpoint's hyper-parameters:
            # say which values of the config and command line that drops
            subcommand = self.config.get("subcommand")
            before = _model_args(self.config, subcommand)
            super()._parse_ckpt_path()
            after = _model_args(self.config, subcommand)
            changed = sorted(k for k in before.keys() & after.keys()  # None: filled later
                             if before[k] is not None and _replaced(before[k], after[k]))
            if changed:
                warnings.warn(
                    "the checkpoint's hyper-parameters replace the config's and command line's "
                    "model arguments: " + "; ".join(f"{k}: {before[k]!r} -> {after[k]!r}"
                                                    for k in changed)
                    + " (the optimizer state of a resumed fit keeps its learning rate too)",
                    GeoplugWarning, stacklevel=1)

        def _prepare_subcommand_parser(self, klass: type, subcommand: str,
                                       **kwargs: Any) -> LightningArgumentParser:
            parser: LightningArgumentParser = super()._prepare_subcommand_parser(
                klass, subcommand, **kwargs)
            if subcommand == "predict":
                parser.add_argument(
                    "--overwrite", action=ActionYesNo, default=False,
                    help="Let GeoTIFFPredictionWriter callbacks replace an existing output "
                         "(a read-only file is never replaced).")
            return parser

        def before_instantiate_classes(self) -> None:
            # the data's bands, sensor and spectral facts reach the model (any-sensor models)
            from geoplug.trainers.spectral import fill_config

            if self.subcommand in ("validate", "test", "predict") and not self.config[
                    self.subcommand].get("ckpt_path"):
                raise ValueError(
                    f"geoplug {self.subcommand} needs --ckpt_path: without it the model is "
                    "built afresh from the config, its head untrained, and scored as it is; "
                    "pass the checkpoint of a fit (e.g. <default_root_dir>/lightning_logs/"
                    "version_0/checkpoints/last.ckpt)")
            fill_config(self.config[self.subcommand] if self.subcommand else self.config)

        def before_predict(self) -> None:
            from pytorch_lightning.callbacks import BasePredictionWriter

            from geoplug.trainers.prediction import GeoTIFFPredictionWriter

            callbacks = getattr(self.trainer, "callbacks", [])  # set by Lightning, untyped
            if not any(isinstance(c, BasePredictionWriter) for c in callbacks):
                # the predictions would be made, kept in memory and dropped: a run without a
                # map that says it succeeded
                raise ValueError(
                    "geoplug predict writes its predictions through a writer callback, and "
                    "the config has none: add to trainer.callbacks {class_path: "
                    "geotiff_writer, init_args: {path: prediction.tif}} (a GeoTIFF of the "
                    "predict region), or your own BasePredictionWriter")
            if not self.config["predict"].get("overwrite"):
                return
            writers = [c for c in callbacks if isinstance(c, GeoTIFFPredictionWriter)]
            if not writers:
                warnings.warn("--overwrite has no effect: the config has no "
                              "GeoTIFFPredictionWriter (geotiff_writer) callback",
                              GeoplugWarning, stacklevel=1)
            for writer in writers:
                writer.overwrite = True

    return GeoplugCLI


def build_cli(argv: Sequence[str], run: bool = True) -> Any:
    """A ``LightningCLI`` over geoplug tasks and data modules (``run=False``: only build).

    With ``run=False`` there is no sub-command: ``argv`` holds ``--config``/overrides and the
    returned CLI has ``model``, ``datamodule`` and ``trainer`` instantiated.

    Raises:
        SystemExit: invalid arguments or config (jsonargparse prints why).
        FileNotFoundError: a ``--config`` that is neither a file nor a shipped config.
    """
    from geoplug.trainers.base import BaseTask
    from geoplug.trainers.datamodule import BaseDataModule

    if any(a in ("-h", "--help") or a.endswith(".help") for a in argv):
        _registered(BaseTask)  # imported, so that the help lists every task and data module
        _registered(BaseDataModule)
    with tempfile.TemporaryDirectory(prefix="geoplug-cli-") as folder:
        args = _rewrite(list(argv), folder)
        return _cli_class()(
            BaseTask,
            BaseDataModule,
            subclass_mode_model=True,
            subclass_mode_data=True,
            args=args,
            run=run,
            save_config_kwargs={"overwrite": True},
            seed_everything_default=0,
            auto_configure_optimizers=False,
        )


def main(argv: Sequence[str], subcommand: str | None = None) -> int:
    """Run LightningCLI with ``argv`` (``subcommand`` is prepended when given).

    Returns the exit code (0 on success; LightningCLI exits itself on argument errors).
    """
    build_cli([subcommand, *argv] if subcommand else list(argv), run=True)
    return 0


def _verb(name: str) -> Callable[[list[str]], int]:
    def run(argv: list[str]) -> int:
        return main(argv, name)

    run.__name__ = name
    run.__doc__ = f"``geoplug {name} --config cfg.yaml``."
    return run


fit = _verb("fit")
validate = _verb("validate")
test = _verb("test")
predict = _verb("predict")

if __name__ == "__main__":  # pragma: no cover
    import sys

    raise SystemExit(main(sys.argv[1:]))
