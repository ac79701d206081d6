"""Registry names on ``geoplug fit|predict``'s command line, as in its config files."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import numpy as np
import pytest
import rasterio
import yaml

from geoplug.core.cli import main as geoplug_main
from geoplug.trainers.cli import build_cli, resolve_config
from geoplug.trainers.prediction import GeoTIFFPredictionWriter


def _config(scene_root: Path, tmp_path: Path) -> dict[str, Any]:
    """A tiny FCN on the fake scene, with an early-stopping callback given in the config."""
    return {
        "model": {"class_path": "segmentation",
                  "init_args": {"model": "fcn", "in_chans": 4, "num_classes": 3,
                                "model_kwargs": {"num_filters": 4}}},
        "data": {"class_path": "geo_datamodule",
                 "init_args": {"dataset": [{"name": "tiny_scene_image", "paths": str(scene_root)},
                                           {"name": "tiny_scene_mask", "paths": str(scene_root)}],
                               "patch_size": 32, "batch_size": 4}},
        "trainer": {"logger": False, "enable_progress_bar": False, "max_steps": 1,
                    "limit_val_batches": 0, "default_root_dir": str(tmp_path),
                    "callbacks": [{"class_path": "EarlyStopping",
                                   "init_args": {"monitor": "train_loss", "patience": 7}}]},
    }


def _write(config: dict[str, Any], path: Path) -> str:
    path.write_text(yaml.safe_dump(config))
    return str(path)


def _callbacks(cli: Any) -> list[tuple[str, Any]]:
    """The config's callbacks as built: early stopping's patience, a writer's path and output."""
    found: list[tuple[str, Any]] = []
    for callback in cli.trainer.callbacks:
        if isinstance(callback, GeoTIFFPredictionWriter):
            found.append(("writer", (str(callback.path), callback.output)))
        elif type(callback).__name__ == "EarlyStopping":
            found.append(("early", callback.patience))
    return found


@pytest.mark.parametrize("form", ["append", "append-separate", "append-dict", "append-list",
                                  "replace", "replace-list"])
def test_a_callback_named_on_the_command_line(form: str, scene_root: Path,
                                              tmp_path: Path) -> None:
    # the registry name went to jsonargparse as it was: "Expected a dot import path string"
    config = _write(_config(scene_root, tmp_path), tmp_path / "cfg.yaml")
    out = str(tmp_path / "map.tif")
    writer = {"class_path": "geotiff_writer",
              "init_args": {"path": out, "output": "probabilities"}}
    given = {
        "append": ["--trainer.callbacks+=geotiff_writer"],
        "append-separate": ["--trainer.callbacks+", "geotiff_writer"],
        "append-dict": [f"--trainer.callbacks+={writer}"],
        "append-list": [f"--trainer.callbacks+=[{writer}]"],
        "replace": ["--trainer.callbacks=geotiff_writer"],
        "replace-list": ["--trainer.callbacks", f"[{writer}]"],
    }[form]
    if "dict" not in form and "list" not in form:
        given += [f"--trainer.callbacks.init_args.path={out}",
                  "--trainer.callbacks.output=probabilities"]
    cli = build_cli(["--config", config, *given], run=False)
    kept = [("early", 7)] if form.startswith("append") else []
    assert _callbacks(cli) == [*kept, ("writer", (out, "probabilities"))]


def test_geoplug_predict_writes_through_a_writer_appended_by_name(
        scene_root: Path, tmp_path: Path) -> None:
    config = _config(scene_root, tmp_path)
    config["trainer"]["callbacks"].append(
        {"class_path": "pytorch_lightning.callbacks.ModelCheckpoint",
         "init_args": {"dirpath": str(tmp_path / "ckpt"), "save_last": True}})
    path = _write(config, tmp_path / "cfg.yaml")
    assert geoplug_main(["fit", "--config", path]) == 0
    output = tmp_path / "out" / "prediction.tif"
    assert geoplug_main(["predict", "--config", path,
                         "--ckpt_path", str(tmp_path / "ckpt" / "last.ckpt"),
                         "--trainer.callbacks+=geotiff_writer",
                         f"--trainer.callbacks.init_args.path={output}"]) == 0
    with rasterio.open(output) as src:
        assert (src.width, src.height, src.count, src.dtypes[0]) == (128, 96, 1, "uint8")
        assert src.crs.to_epsg() == 32618
        assert set(np.unique(src.read(1))) <= {0, 1, 2}


def test_model_and_data_named_on_the_command_line(scene_root: Path, tmp_path: Path) -> None:
    config = _config(scene_root, tmp_path)
    model, data = config.pop("model"), config.pop("data")
    path = _write(config, tmp_path / "cfg.yaml")
    args = ["--model=segmentation", "--model.model=fcn", "--model.in_chans=4",
            "--model.num_classes=3", "--data", "geo", f"--data={data['init_args']}"]
    cli = build_cli(["--config", path, *args], run=False)
    assert type(cli.model).__name__ == "SemanticSegmentationTask"
    assert cli.model.hparams["num_classes"] == 3
    assert type(cli.datamodule).__name__ == "GeoDataModule"
    assert cli.datamodule.patch_size == 32
    # the dict form, and class_path on its own
    cli = build_cli(["--config", path, f"--model={model}", "--data.class_path=geo_datamodule",
                     f"--data.init_args={data['init_args']}"], run=False)
    assert type(cli.model).__name__ == "SemanticSegmentationTask"
    assert type(cli.datamodule).__name__ == "GeoDataModule"


def test_config_files_name_classes_as_strings_and_append_callbacks(
        scene_root: Path, tmp_path: Path) -> None:
    config = _config(scene_root, tmp_path)
    config["model"] = "segmentation"  # a bare name, its arguments on the command line
    args = ["--model.model=fcn", "--model.in_chans=4", "--model.num_classes=3"]
    out = str(tmp_path / "p.tif")
    appended = {"trainer": {"callbacks+": [{"class_path": "geotiff_writer",
                                            "init_args": {"path": out}}]}}
    cli = build_cli(["--config", _write(config, tmp_path / "a.yaml"),
                     "--config", _write(appended, tmp_path / "b.yaml"), *args], run=False)
    assert type(cli.model).__name__ == "SemanticSegmentationTask"
    assert _callbacks(cli) == [("early", 7), ("writer", (out, "classes"))]
    # a nested config file given to --trainer.callbacks
    callbacks = _write([{"class_path": "geotiff_writer", "init_args": {"path": out}}],
                       tmp_path / "callbacks.yaml")
    cli = build_cli(["--config", _write(_config(scene_root, tmp_path), tmp_path / "c.yaml"),
                     f"--trainer.callbacks={callbacks}"], run=False)
    assert _callbacks(cli) == [("writer", (out, "classes"))]


def test_import_paths_and_class_names_still_work(scene_root: Path, tmp_path: Path) -> None:
    path = _write(_config(scene_root, tmp_path), tmp_path / "cfg.yaml")
    out = str(tmp_path / "m.tif")
    cli = build_cli(["--config", path, "--model=geoplug.trainers.SemanticSegmentationTask",
                     "--trainer.callbacks+=geoplug.trainers.prediction.GeoTIFFPredictionWriter",
                     f"--trainer.callbacks.path={out}",
                     "--trainer.callbacks+=EarlyStopping", "--trainer.callbacks.monitor=x",
                     "--trainer.callbacks.patience=2"], run=False)
    assert _callbacks(cli) == [("early", 7), ("writer", (out, "classes")), ("early", 2)]


def test_an_unknown_name_lists_the_registered_ones(scene_root: Path, tmp_path: Path,
                                                   capsys: pytest.CaptureFixture[str]) -> None:
    path = _write(_config(scene_root, tmp_path), tmp_path / "cfg.yaml")
    assert geoplug_main(["fit", "--config", path, "--trainer.callbacks+=geotif_writer"]) == 1
    err = capsys.readouterr().err
    assert "no callback named 'geotif_writer'" in err
    assert "Did you mean: geotiff_writer" in err and "Registered callbacks: geotiff_writer" in err
    with pytest.raises(ValueError, match=r"Registered data modules: geo_datamodule, "
                                         r"nongeo_datamodule"):
        build_cli(["--config", path, "--data=geo_module"], run=False)
    # the same error for a config file's name
    with pytest.raises(ValueError, match=r"no model named 'segmentaton'.*Did you mean: "
                                         r"segmentation"):
        resolve_config({"model": {"class_path": "segmentaton"}})


def test_help_lists_every_task_and_data_module(capsys: pytest.CaptureFixture[str]) -> None:
    # only the classes imported when the parser was built were listed (BaseTask and
    # SupervisedTask; not ClassificationTask or GeoDataModule, which the CLI accepts)
    with pytest.raises(SystemExit):
        build_cli(["fit", "--help"])
    shown = capsys.readouterr().out
    for name in ("ClassificationTask", "SemanticSegmentationTask", "GeoDataModule"):
        assert name in shown
