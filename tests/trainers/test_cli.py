"""``geoplug fit|validate|test|predict`` and the shipped Table 3 configs."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import yaml

from geoplug.core.cli import main as geoplug_main
from geoplug.trainers.cli import CONFIGS, build_cli, config_path, resolve_config

SHIPPED = ("eurosat", "resisc45", "ucmerced", "so2sat", "landcoverai", "chesapeake", "etci2021")


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
    return config


@pytest.mark.parametrize("name", SHIPPED)
def test_shipped_configs_parse_and_instantiate(name: str, chips_root: Path, scene_root: Path,
                                               tmp_path: Path) -> None:
    source = config_path(name)
    config = yaml.safe_load(source.read_text())
    assert config["model"]["init_args"]["lr"] == 0.001
    assert config["trainer"]["use_distributed_sampler"] is False
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


def test_every_shipped_config_is_tested() -> None:
    assert sorted(p.stem for p in CONFIGS.glob("*.yaml")) == sorted(SHIPPED)


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


def test_unknown_config_name_lists_the_shipped_ones() -> None:
    with pytest.raises(FileNotFoundError, match="eurosat"):
        config_path("nope")
