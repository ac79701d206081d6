"""``geoplug fit|validate|test|predict`` and the shipped Table 3 configs."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

import numpy as np
import pytest
import rasterio
import yaml

from geoplug.core.cli import main as geoplug_main
from geoplug.trainers.cli import CONFIGS, build_cli, config_path, resolve_config

SHIPPED = ("eurosat", "resisc45", "ucmerced", "so2sat", "landcoverai", "chesapeake", "etci2021")
#: the foundation-model configs, run in test_foundation_configs.py
FOUNDATION = ("dofa_eurosat", "prithvi_pastis", "satlas_seasonet")


def _tiny(config: dict[str, Any], chips: Path, scene: Path) -> dict[str, Any]:
    """The shipped recipe with only the data and the model size swapped for tiny ones."""
    model = config["model"]["init_args"]
    model.update(weights=None, in_chans=4)
    if model["model"].startswith("resnet"):
        model["model"] = "timm/test_resnet"
    model["model_kwargs"] = ({"encoder": "test_resnet", "decoder_channels": [8, 8, 8, 8, 8]}
                             if model["model"] == "unet" else {})
    data = config["data"]
    if data["class_path"] == "geo_datamodule":
        data["init_args"].update(
            dataset=[{"name": "tiny_scene_image", "paths": str(scene)},
                     {"name": "tiny_scene_mask", "paths": str(scene)}],
            patch_size=32, batch_size=2, length=4, num_workers=0)
    else:
        data["init_args"].update(dataset="tiny_chips", root=str(chips), batch_size=2,
                                 num_workers=0)
        for key in ("val_split", "test_split"):  # the real dataset's split names
            data["init_args"].pop(key, None)
    return config


@pytest.mark.parametrize("name", SHIPPED)
def test_shipped_configs_parse_and_instantiate(name: str, chips_root: Path, scene_root: Path,
                                               tmp_path: Path) -> None:
    source = config_path(name)
    config = yaml.safe_load(source.read_text())
    assert config["model"]["init_args"]["lr"] == 0.001
    # geoplug's geo samplers shard across ranks themselves; a non-geo data module's plain
    # loaders get Lightning's distributed sampler (without it every rank took every chip)
    geo = config["data"]["class_path"].rsplit(".", 1)[-1] in ("geo_datamodule", "GeoDataModule")
    assert config["trainer"].get("use_distributed_sampler", True) is (not geo)
    tiny = tmp_path / f"{name}.yaml"
    tiny.write_text(yaml.safe_dump(_tiny(config, chips_root, scene_root)))
    cli = build_cli(["--config", str(tiny), "--trainer.logger=false",
                     f"--trainer.default_root_dir={tmp_path}"], run=False)
    expected_task = {"classification": "ClassificationTask",
                     "segmentation": "SemanticSegmentationTask"}[config["model"]["class_path"]]
    assert type(cli.model).__name__ == expected_task
    assert cli.model.hparams["num_classes"] == config["model"]["init_args"]["num_classes"]
    early = [c for c in cli.trainer.callbacks if type(c).__name__ == "EarlyStopping"]
    assert early and early[0].monitor == "val_loss" and early[0].patience == 10


@pytest.mark.parametrize("name", SHIPPED + FOUNDATION)
def test_shipped_configs_fit_their_datasets(name: str) -> None:
    """What the tiny runs above swap out: the model's inputs and classes are the dataset's,
    and pre-trained weights land on some of its bands (ETCI's 6 channels for 2 SAR bands,
    Chesapeake's 7 classes for 14 codes and So2Sat's ImageNet weights on no band were not)."""
    from geoplug.core.registry import datasets, weights
    from geoplug.models.adapt import match_bands
    from geoplug.trainers.spectral import dataset_inputs, model_accepts, task_inputs

    config = yaml.safe_load(config_path(name).read_text())
    model, data = config["model"]["init_args"], config["data"]["init_args"]
    layers = data["dataset"]
    info = dataset_inputs(layers, data.get("dataset_kwargs"))
    label = layers if isinstance(layers, str) else layers[-1]["name"]
    assert model["in_chans"] == len(info["bands"])
    assert model["num_classes"] == datasets.info(label).num_classes
    architecture = model.get("model") or model["backbone"]
    filled = task_inputs(architecture, info, in_chans=model["in_chans"], bands=model.get("bands"),
                         model_kwargs=model.get("model_kwargs"))
    encoder = (model.get("model_kwargs") or {}).get("encoder", architecture)
    if model.get("weights") and not model_accepts(encoder, "wavelengths"):
        spec, kwargs = weights.info(model["weights"]), filled["model_kwargs"]
        mapping = match_bands(list(spec.bands), filled["bands"], src_sensor=spec.sensor,
                              dst_sensor=kwargs.get("sensor"), dst_rgb=kwargs.get("rgb_bands"))
        assert any(m is not None for m in mapping), (spec.bands, filled)


def test_every_shipped_config_is_tested() -> None:
    assert sorted(p.stem for p in CONFIGS.glob("*.yaml")) == sorted(SHIPPED + FOUNDATION)


def test_resolve_config_maps_registry_names() -> None:
    config = resolve_config({"model": {"class_path": "segmentation"},
                             "data": {"class_path": "geo"}})
    assert config["model"]["class_path"] == "geoplug.trainers.segmentation.SemanticSegmentationTask"
    assert config["data"]["class_path"] == "geoplug.trainers.geo_datamodule.GeoDataModule"


def test_geoplug_fit_then_validate_from_the_command_line(chips_root: Path, tmp_path: Path,
                                                         capsys: pytest.CaptureFixture[str]
                                                         ) -> None:
    config = {
        "seed_everything": 0,
        "model": {"class_path": "classification",
                  "init_args": {"model": "timm/test_resnet", "in_chans": 4, "num_classes": 3}},
        "data": {"class_path": "nongeo_datamodule",
                 "init_args": {"dataset": "tiny_chips", "root": str(chips_root),
                               "batch_size": 8}},
        "trainer": {"max_steps": 2, "limit_val_batches": 1, "logger": False,
                    "enable_progress_bar": False, "default_root_dir": str(tmp_path),
                    "callbacks": [{"class_path": "pytorch_lightning.callbacks.ModelCheckpoint",
                                   "init_args": {"dirpath": str(tmp_path / "ckpt"),
                                                 "save_last": True}}]},
    }
    path = tmp_path / "tiny.yaml"
    path.write_text(yaml.safe_dump(config))
    assert geoplug_main(["fit", "--config", str(path)]) == 0
    last = tmp_path / "ckpt" / "last.ckpt"
    assert last.is_file()
    assert geoplug_main(["validate", "--config", str(path), "--ckpt_path", str(last)]) == 0
    assert "val_OA" in capsys.readouterr().out
    # the checkpoint's hyper-parameters win over the command line's: said, not silent
    from geoplug.core.errors import GeoplugWarning

    with pytest.warns(GeoplugWarning, match=r"checkpoint's hyper-parameters .* lr: 0\.5 -> "):
        assert geoplug_main(["validate", "--config", str(path), "--ckpt_path", str(last),
                             "--model.init_args.lr", "0.5"]) == 0
    for verb in ("validate", "test"):  # scoring an untrained model is refused
        assert geoplug_main([verb, "--config", str(path)]) == 1
        assert f"geoplug {verb} needs --ckpt_path" in capsys.readouterr().err


def test_unknown_config_name_lists_the_shipped_ones() -> None:
    with pytest.raises(FileNotFoundError, match="eurosat"):
        config_path("nope")


def test_help_prints_no_lightningcli_warning(monkeypatch: pytest.MonkeyPatch,
                                             recwarn: pytest.WarningsRecorder,
                                             capsys: pytest.CaptureFixture[str]) -> None:
    for verb in ("fit", "predict"):
        monkeypatch.setattr(sys, "argv", ["geoplug", verb, "--help"])  # as the console script
        with pytest.raises(SystemExit) as exit_:
            geoplug_main([verb, "--help"])
        assert exit_.value.code == 0
        out, err = capsys.readouterr()
        assert [str(w.message) for w in recwarn if "args" in str(w.message)] == []
        assert "args parameter" not in err and "warn" not in err.lower()
        assert f"{verb} [-c CONFIG]" in out and "--trainer.max_epochs" in out
        assert ("--overwrite" in out) == (verb == "predict")


def test_geoplug_predict_keeps_an_existing_output_unless_overwrite(
        scene_root: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    output = tmp_path / "out" / "prediction.tif"
    output.parent.mkdir()
    output.write_bytes(b"last week's map")
    config = {
        "model": {"class_path": "segmentation",
                  "init_args": {"model": "fcn", "in_chans": 4, "num_classes": 3,
                                "model_kwargs": {"num_filters": 4}}},
        "data": {"class_path": "geo_datamodule",
                 "init_args": {"dataset": {"name": "tiny_scene_image", "paths": str(scene_root)},
                               "patch_size": 32, "batch_size": 4}},
        "trainer": {"logger": False, "enable_progress_bar": False,
                    "default_root_dir": str(tmp_path), "max_steps": 1, "limit_val_batches": 0,
                    "callbacks": [{"class_path": "geotiff_writer",
                                   "init_args": {"path": str(output)}},
                                  {"class_path": "pytorch_lightning.callbacks.ModelCheckpoint",
                                   "init_args": {"dirpath": str(tmp_path / "ckpt"),
                                                 "save_last": True}}]},
    }
    path = tmp_path / "predict.yaml"
    path.write_text(yaml.safe_dump(config))
    # without a checkpoint, predict would map with an untrained model: refused
    assert geoplug_main(["predict", "--config", str(path), "--overwrite"]) == 1
    err = capsys.readouterr().err
    assert "geoplug: error: geoplug predict needs --ckpt_path" in err
    assert output.read_bytes() == b"last week's map"
    config["data"]["init_args"]["dataset"] = [  # type: ignore[index]
        {"name": "tiny_scene_image", "paths": str(scene_root)},
        {"name": "tiny_scene_mask", "paths": str(scene_root)}]
    (tmp_path / "fit.yaml").write_text(yaml.safe_dump(config))
    assert geoplug_main(["fit", "--config", str(tmp_path / "fit.yaml")]) == 0
    ckpt = ["--ckpt_path", str(tmp_path / "ckpt" / "last.ckpt")]
    assert geoplug_main(["predict", "--config", str(path), *ckpt]) == 1
    err = capsys.readouterr().err
    assert "geoplug: error:" in err and "exists" in err and "--overwrite" in err
    assert output.read_bytes() == b"last week's map"
    # a config without a writer made the predictions, dropped them, and said it succeeded
    bare = {**config, "trainer": {**config["trainer"], "callbacks": []}}
    (tmp_path / "bare.yaml").write_text(yaml.safe_dump(bare))
    assert geoplug_main(["predict", "--config", str(tmp_path / "bare.yaml"), *ckpt]) == 1
    assert "writer callback" in capsys.readouterr().err
    assert geoplug_main(["predict", "--config", str(path), "--overwrite", *ckpt]) == 0
    with rasterio.open(output) as src:
        assert (src.width, src.height, src.count, src.dtypes[0]) == (128, 96, 1, "uint8")
        assert src.tags(ns="IMAGE_STRUCTURE").get("LAYOUT") == "COG"
        assert set(np.unique(src.read(1))) <= {0, 1, 2}
    assert sorted(p.name for p in output.parent.iterdir()) == ["prediction.tif"]


def test_keys_a_fit_added_to_the_model_arguments_are_no_replacement() -> None:
    # geoplug fit adds the data's sensor to model_kwargs; every later validate/test/predict
    # then warned that the checkpoint "replaced" model_kwargs, teaching users to ignore it
    from geoplug.trainers.cli import _replaced

    given = {"encoder": "resnet50"}
    assert not _replaced(given, {"encoder": "resnet50", "sensor": "Sentinel-1"})
    assert _replaced(given, {"encoder": "resnet18", "sensor": "Sentinel-1"})
    assert _replaced({"encoder": "resnet50", "bands": ["VV"]}, {"encoder": "resnet50"})
    assert _replaced(0.5, 0.001) and not _replaced(0.001, 0.001)
