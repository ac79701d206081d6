"""``geoplug fit|validate|test|predict --config cfg.yaml``: LightningCLI on registry names.

In a config, ``model.class_path`` and ``data.class_path`` may be trainer registry names
(``segmentation``, ``classification``, ``geo_datamodule``, ``nongeo_datamodule``, or a third
party's) as well as import paths; ``model``/``weights``/``dataset`` inside ``init_args`` are
model, weights and dataset registry names. Example configs ship in
``geoplug/trainers/configs/`` (:func:`config_path` finds them).

``geoplug predict --overwrite`` lets the config's
:class:`~geoplug.trainers.GeoTIFFPredictionWriter` callbacks replace an existing output.
"""

from __future__ import annotations

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


def _resolve_class(section: Any) -> None:
    from geoplug.core.registry import trainers

    if isinstance(section, dict) and isinstance(section.get("class_path"), str):
        name = section["class_path"]
        if "." not in name and name in trainers:
            section["class_path"] = trainers.info(name).target.replace(":", ".")


def resolve_config(config: dict[str, Any]) -> dict[str, Any]:
    """Replace registry names in ``model``/``data``/``trainer.callbacks`` by import paths."""
    _resolve_class(config.get("model"))
    _resolve_class(config.get("data"))
    trainer = config.get("trainer")
    if isinstance(trainer, dict):
        for callback in trainer.get("callbacks") or []:
            _resolve_class(callback)
    return config


def _rewrite(argv: list[str], folder: str) -> list[str]:
    """Write resolved copies of the ``--config`` files and point ``argv`` at them."""
    out: list[str] = []
    index = 0
    while index < len(argv):
        arg = argv[index]
        value = None
        if arg in ("--config", "-c") and index + 1 < len(argv):
            value, index = argv[index + 1], index + 2
        elif arg.startswith("--config="):
            value, index = arg.split("=", 1)[1], index + 1
        else:
            out.append(arg)
            index += 1
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
