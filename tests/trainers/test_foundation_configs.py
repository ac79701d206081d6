"""The shipped foundation-model configs: parsed, built and run for two steps on tiny stand-ins.

What is swapped, and only that: the data (tiny in-memory Sentinel-2 datasets registered with
a sensor, so the spec's wavelengths are real), the weights (none: no download in tests), the
model size (DOFA-Small for DOFA-Base, a 4-block Prithvi encoder for Prithvi-EO-2.0-300M,
Swin-V2-T for Swin-V2-B, all geoplug's own implementations), the batch size, workers and
precision (32-bit on the CPU; bf16 is exercised by the CUDA tests).
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import yaml

from geoplug.core import sensors
from geoplug.trainers.cli import build_cli, config_path
from testkit.standins import standin_models

FOUNDATION = ("dofa_eurosat", "prithvi_pastis", "satlas_seasonet")


@pytest.fixture(autouse=True)
def standins() -> Iterator[None]:
    with standin_models():
        yield


def _runnable(config: dict[str, Any], tmp_path: Path) -> dict[str, Any]:
    config["trainer"].update(max_steps=2, limit_train_batches=2, limit_val_batches=1, logger=False,
                             enable_progress_bar=False, enable_model_summary=False,
                             default_root_dir=str(tmp_path), precision="32-true",
                             accumulate_grad_batches=1, accelerator="cpu")
    for callback in config["trainer"]["callbacks"]:
        if callback["class_path"].endswith("ModelCheckpoint"):
            callback["init_args"]["dirpath"] = str(tmp_path / "ckpt")
    config["data"]["init_args"].update(num_workers=0)
    config["model"]["init_args"]["weights"] = None
    return config


def _run(config: dict[str, Any], tmp_path: Path) -> Any:
    path = tmp_path / "tiny.yaml"
    path.write_text(yaml.safe_dump(config))
    return build_cli(["fit", "--config", str(path)], run=True)


def test_dofa_on_eurosat_takes_the_wavelengths_from_the_spec(chips_root: Path,
                                                             tmp_path: Path) -> None:
    config = yaml.safe_load(config_path("dofa_eurosat").read_text())
    model = config["model"]["init_args"]
    assert (model["model"], model["weights"]) == ("dofa_base_patch16_224",
                                                  "dofa_base_patch16_224.dofa_mae")
    assert model["in_chans"] == 13 and config["data"]["init_args"]["dataset"] == "eurosat"
    assert "wavelengths" not in model["model_kwargs"]  # they come from the spec
    config = _runnable(config, tmp_path)
    model.update(model="dofa_small_patch16_224", in_chans=4, num_classes=3,
                 model_kwargs={"img_size": 32})
    config["data"]["init_args"].update(dataset="tiny_s2_chips", root=str(chips_root),
                                       batch_size=4)
    cli = _run(config, tmp_path)
    assert cli.trainer.global_step == 2
    expected = [w / 1000 for w in sensors.wavelengths(["B1", "B2", "B3", "B4"], "sentinel2")]
    assert cli.model.hparams["model_kwargs"]["wavelengths"] == pytest.approx(expected)
    assert cli.model.model.wavelengths.tolist() == pytest.approx(expected)
    assert cli.model.hparams["bands"] == ["B1", "B2", "B3", "B4"]
    assert cli.model.hparams["layer_decay"] == 0.65
    groups = cli.trainer.optimizers[0].param_groups
    assert len({round(g["lr"] / groups[-1]["lr"], 6) for g in groups}) == 14  # 12 blocks + 2


def test_prithvi_segments_a_time_series(tmp_path: Path) -> None:
    config = yaml.safe_load(config_path("prithvi_pastis").read_text())
    model = config["model"]["init_args"]
    assert model["model_kwargs"]["encoder"] == "prithvi_eo_v2_300"
    assert model["weights"] == "prithvi_eo_v2_300.hls_mae"
    bands = config["data"]["init_args"]["dataset_kwargs"]["bands"]
    assert bands == ["B02", "B03", "B04", "B8A", "B11", "B12"]  # HLS' six, from Sentinel-2
    config = _runnable(config, tmp_path)
    model["model_kwargs"].update(encoder="tiny_prithvi", decoder_channels=8)
    config["data"]["init_args"].update(
        dataset="tiny_s2_series", root=str(tmp_path), batch_size=2,
        dataset_kwargs={"bands": bands, "frames": 3})
    cli = _run(config, tmp_path)
    assert cli.trainer.global_step == 2
    assert cli.model.hparams["bands"] == bands
    batch = next(iter(cli.datamodule.train_dataloader()))
    assert batch["image"].shape == (2, 3, 6, 32, 32)  # [B, T, C, H, W] reaches the task
    assert cli.model(batch["image"]).shape == (2, 20, 32, 32)
    assert float(cli.trainer.callback_metrics["val_loss"]) == float(
        cli.trainer.callback_metrics["val_loss"])  # not NaN


def test_prithvi_config_runs_on_pastis_as_published(tmp_path: Path,
                                                    monkeypatch: pytest.MonkeyPatch) -> None:
    # the real loader on PASTIS' own layout: its samples hold image_s2, not image; with one
    # modality chosen it is the task's image (the run raised KeyError: 'image'), normalised
    # with the config's HLS statistics
    from fakedata import pastis

    config = _runnable(yaml.safe_load(config_path("prithvi_pastis").read_text()), tmp_path)
    root = tmp_path / "pastis"
    monkeypatch.setattr(pastis, "SIZE", 32)  # the decoder's deepest level needs 2 x 2
    pastis.make(root)
    config["model"]["init_args"]["model_kwargs"].update(encoder="tiny_prithvi",
                                                        decoder_channels=8)
    config["data"]["init_args"].update(root=str(root))
    cli = _run(config, tmp_path)
    assert cli.trainer.global_step == 2
    batch = next(iter(cli.datamodule.train_dataloader()))
    assert "image_s2" in batch and "image" not in batch  # the loader's own keys
    moved = cli.datamodule.on_after_batch_transfer(batch, 0)
    assert "image_s2" not in moved and moved["image"].shape[-3] == 6  # [B, T, C, H, W]
    mean = config["data"]["init_args"]["mean"]
    raw = batch["image_s2"][0, :, 0]  # band B02 of every frame
    expected = (raw - mean[0]) / config["data"]["init_args"]["std"][0]
    assert moved["image"][0, :, 0].numpy() == pytest.approx(expected.numpy(), rel=1e-5)


def test_satlas_swin_on_sentinel2_segmentation(tmp_path: Path) -> None:
    config = yaml.safe_load(config_path("satlas_seasonet").read_text())
    model = config["model"]["init_args"]
    assert model["model_kwargs"]["encoder"] == "swin_v2_b"
    assert model["weights"] == "swin_v2_b.sentinel2_si_ms_satlas"
    from geoplug.core.registry import weights

    satlas_bands = weights.info(model["weights"]).bands
    bands = config["data"]["init_args"]["dataset_kwargs"]["bands"]
    assert [sensors.canonical_band("sentinel2", b) for b in bands] == list(satlas_bands)
    # Satlas saw its RGB as the 8-bit TCI / 255 (TCI: reflectance 0-0.2 stretched to 1-255)
    # and the rest as reflectance DN / 8160: RGB DN 1000 is 0.5, not 1000 / 8160 (4x darker)
    std = config["data"]["init_args"]["std"]
    spec_std = weights.info(model["weights"]).std
    assert [1000 / s for s in std[:3]] == [0.5, 0.5, 0.5]
    assert std[3:] == list(spec_std[3:]) and list(spec_std[:3]) == [255.0] * 3
    config = _runnable(config, tmp_path)
    model["model_kwargs"].update(encoder="swin_v2_t", decoder_channels=8)
    config["data"]["init_args"].update(dataset="tiny_s2_segmentation", root=str(tmp_path),
                                       batch_size=2)
    cli = _run(config, tmp_path)
    assert cli.trainer.global_step == 2
    assert cli.model.model.kind == "swin" and cli.model.hparams["bands"] == bands
    assert "val_mIoU" in cli.trainer.callback_metrics
