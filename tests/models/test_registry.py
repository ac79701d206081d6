"""The models and weights registries as users and the CLI see them."""

from __future__ import annotations

import re

import pytest

from geoplug.core.cli import main
from geoplug.core.registry import models as model_registry
from geoplug.core.registry import weights as weights_registry
from geoplug.models import info, names, weights_info, weights_names

S2 = ["B01", "B02", "B03", "B04", "B05", "B06", "B07", "B08", "B8A", "B09", "B10", "B11", "B12"]


def test_models_are_registered_by_geoplug_models() -> None:
    assert {"resnet18", "resnet50", "timm", "unet", "unet_resnet18", "unet_resnet50",
            "fcsiam_conc", "fcsiam_diff", "fcn"} <= set(names())
    assert model_registry.provider("unet").distribution == "geoplug-models"
    assert names(task="change_detection") == ["fcsiam_conc", "fcsiam_diff"]
    assert info("fc_siam_diff").name == "fcsiam_diff"  # alias
    assert info("unet_resnet50").default_kwargs == {"encoder": "resnet50"}


def test_find_all_weights_for_sentinel2_with_all_13_bands() -> None:
    found = weights_names(sensor="sentinel2", bands=S2)
    assert found == ["resnet18.sentinel2_all_moco", "resnet50.sentinel2_all_dino",
                     "resnet50.sentinel2_all_moco"]
    assert weights_names("resnet18.*", sensor="sentinel2", bands=["B04", "B03", "B02"]) == [
        "resnet18.sentinel2_all_moco", "resnet18.sentinel2_rgb_moco",
        "resnet18.sentinel2_rgb_seco"]
    landsat = weights_names(sensor="landsat*")
    assert len(landsat) == 20 and all(".landsat_" in n for n in landsat)
    assert weights_names(sensor="landsat8", bands=["SR_B7"]) == [
        "resnet18.landsat_oli_sr_moco", "resnet18.landsat_oli_sr_simclr",
        "resnet50.landsat_oli_sr_moco", "resnet50.landsat_oli_sr_simclr"]


@pytest.mark.parametrize("name", weights_registry.names())
def test_every_weights_entry_is_consistent(name: str) -> None:
    spec = weights_info(name)
    assert spec.model in names()
    assert len(spec.bands) == spec.in_chans
    assert len(spec.mean) == len(spec.std) == spec.in_chans
    assert spec.sha256 is not None and len(spec.sha256) in (8, 64)
    assert spec.url.startswith("https://")
    # the publishers put the sha256 prefix in the file name: it must agree with our digest
    assert re.search(rf"-{spec.sha256[:8]}\.pth$", spec.url)
    assert spec.license and spec.citation and spec.sensor


def test_cli_lists_models_and_sentinel2_weights(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["models"]) == 0
    out = capsys.readouterr().out
    assert "fcsiam_conc" in out and "change_detection" in out and "unet_resnet18" in out
    assert main(["weights", "--sensor", "sentinel2"]) == 0
    out = capsys.readouterr().out
    assert "resnet18.sentinel2_all_moco" in out and "resnet50.sentinel2_mi_ms_satlas" in out
    assert "landsat" not in out
    assert main(["weights", "--sensor", "sentinel2", "--bands", "B8A", "B10"]) == 0
    out = capsys.readouterr().out
    assert "resnet50.sentinel2_all_dino" in out and "satlas" not in out
    assert main(["weights", "info", "resnet18.sentinel2_all_moco"]) == 0
    out = capsys.readouterr().out
    assert "59bfdff99c7af41adfa2557e684ec59aec79f4cf6bb1a2e9714b802f08e2222e" in out
    assert "geoplug-models" in out
