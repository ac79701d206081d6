"""The models and weights registries as users and the CLI see them."""

from __future__ import annotations

import re

import pytest

from geoplug.core.cli import main
from geoplug.core.registry import models as model_registry
from geoplug.core.registry import weights as weights_registry
from geoplug.models import get_weights, info, names, weights_info, weights_names

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
    # SR_B7 is band 7 of the same sensor: Level-2 (SR) and Level-1 (TOA) weights both have it
    oli = ["resnet18.landsat_oli_sr_moco", "resnet18.landsat_oli_sr_simclr",
           "resnet18.landsat_oli_tirs_toa_moco", "resnet18.landsat_oli_tirs_toa_simclr",
           "resnet50.landsat_oli_sr_moco", "resnet50.landsat_oli_sr_simclr",
           "resnet50.landsat_oli_tirs_toa_moco", "resnet50.landsat_oli_tirs_toa_simclr"]
    assert weights_names(sensor="landsat8", bands=["SR_B7"]) == oli
    assert weights_names(sensor="Landsat 8 OLI/TIRS", bands=["B7"]) == oli
    # only the TOA weights have the thermal band ST_B10 (B10)
    assert weights_names(sensor="L8", bands=["ST_B10"]) == [n for n in oli if "toa" in n]
    # any alias of Sentinel-2 finds the same weights, and B2 is B02
    assert weights_names(sensor="S2", bands=["B2", "B8A"]) == found


# TorchGeo's names (torchgeo.models.ResNet*_Weights members) and the file each points at;
# torchvision's name for the ImageNet files
TORCHGEO = {
    "ResNet18_Weights.SENTINEL2_ALL_MOCO": "resnet18_sentinel2_all_moco-59bfdff9.pth",
    "ResNet18_Weights.SENTINEL2_RGB_MOCO": "resnet18_sentinel2_rgb_moco-e3a335e3.pth",
    "ResNet18_Weights.SENTINEL2_RGB_SECO": "resnet18_sentinel2_rgb_seco-cefca942.pth",
    "ResNet18_Weights.LANDSAT_TM_TOA_MOCO": "resnet18_landsat_tm_toa_moco-1c691b4f.pth",
    "ResNet18_Weights.LANDSAT_TM_TOA_SIMCLR": "resnet18_landsat_tm_toa_simclr-d2d38ace.pth",
    "ResNet18_Weights.LANDSAT_ETM_TOA_MOCO": "resnet18_landsat_etm_toa_moco-bb88689c.pth",
    "ResNet18_Weights.LANDSAT_ETM_TOA_SIMCLR": "resnet18_landsat_etm_toa_simclr-4d813f79.pth",
    "ResNet18_Weights.LANDSAT_ETM_SR_MOCO": "resnet18_landsat_etm_sr_moco-4f078acd.pth",
    "ResNet18_Weights.LANDSAT_ETM_SR_SIMCLR": "resnet18_landsat_etm_sr_simclr-8e8543b4.pth",
    "ResNet18_Weights.LANDSAT_OLI_TIRS_TOA_MOCO":
        "resnet18_landsat_oli_tirs_toa_moco-a3002f51.pth",
    "ResNet18_Weights.LANDSAT_OLI_TIRS_TOA_SIMCLR":
        "resnet18_landsat_oli_tirs_toa_simclr-b0635cc6.pth",
    "ResNet18_Weights.LANDSAT_OLI_SR_MOCO": "resnet18_landsat_oli_sr_moco-660e82ed.pth",
    "ResNet18_Weights.LANDSAT_OLI_SR_SIMCLR": "resnet18_landsat_oli_sr_simclr-7bced5be.pth",
    "ResNet50_Weights.SENTINEL1_ALL_MOCO": "resnet50_sentinel1_all_moco-906e4356.pth",
    "ResNet50_Weights.SENTINEL2_ALL_DINO": "resnet50_sentinel2_all_dino-d6c330e9.pth",
    "ResNet50_Weights.SENTINEL2_ALL_MOCO": "resnet50_sentinel2_all_moco-df8b932e.pth",
    "ResNet50_Weights.SENTINEL2_RGB_MOCO": "resnet50_sentinel2_rgb_moco-2b57ba8b.pth",
    "ResNet50_Weights.SENTINEL2_RGB_SECO": "resnet50_sentinel2_rgb_seco-018bf397.pth",
    "ResNet50_Weights.SENTINEL2_SI_MS_SATLAS": "sentinel2_resnet50_si_ms-1f454cc6.pth",
    "ResNet50_Weights.SENTINEL2_MI_MS_SATLAS": "sentinel2_resnet50_mi_ms-da5413d2.pth",
    "ResNet50_Weights.LANDSAT_TM_TOA_MOCO": "resnet50_landsat_tm_toa_moco-ba1ce753.pth",
    "ResNet50_Weights.LANDSAT_TM_TOA_SIMCLR": "resnet50_landsat_tm_toa_simclr-a1c93432.pth",
    "ResNet50_Weights.LANDSAT_ETM_TOA_MOCO": "resnet50_landsat_etm_toa_moco-e9a84d5a.pth",
    "ResNet50_Weights.LANDSAT_ETM_TOA_SIMCLR": "resnet50_landsat_etm_toa_simclr-70b5575f.pth",
    "ResNet50_Weights.LANDSAT_ETM_SR_MOCO": "resnet50_landsat_etm_sr_moco-1266cde3.pth",
    "ResNet50_Weights.LANDSAT_ETM_SR_SIMCLR": "resnet50_landsat_etm_sr_simclr-e5d185d7.pth",
    "ResNet50_Weights.LANDSAT_OLI_TIRS_TOA_MOCO":
        "resnet50_landsat_oli_tirs_toa_moco-de7f5e0f.pth",
    "ResNet50_Weights.LANDSAT_OLI_TIRS_TOA_SIMCLR":
        "resnet50_landsat_oli_tirs_toa_simclr-030cebfe.pth",
    "ResNet50_Weights.LANDSAT_OLI_SR_MOCO": "resnet50_landsat_oli_sr_moco-ff580dad.pth",
    "ResNet50_Weights.LANDSAT_OLI_SR_SIMCLR": "resnet50_landsat_oli_sr_simclr-94f78913.pth",
    "ResNet18_Weights.IMAGENET1K_V1": "resnet18-f37072fd.pth",
    "ResNet50_Weights.IMAGENET1K_V1": "resnet50-0676ba61.pth",
}


@pytest.mark.parametrize(("torchgeo_name", "filename"), sorted(TORCHGEO.items()))
def test_torchgeo_weight_names_resolve(torchgeo_name: str, filename: str) -> None:
    spec = weights_info(torchgeo_name)
    assert spec.url.endswith("/" + filename)
    assert weights_info(torchgeo_name.lower()) == spec == weights_info(spec.name)
    assert torchgeo_name.lower() in spec.aliases
    assert get_weights(torchgeo_name).url == spec.url


def test_every_resnet_weights_entry_has_its_torchgeo_name() -> None:
    covered = {weights_info(n).name for n in TORCHGEO}
    resnets = {n for n in weights_names() if weights_info(n).model in ("resnet18", "resnet50")}
    assert covered == resnets and len(covered) == len(TORCHGEO) == 32


def test_a_misspelt_torchgeo_name_suggests_the_right_one() -> None:
    with pytest.raises(KeyError, match=r"resnet50_weights\.sentinel2_all_moco"):
        weights_info("ResNet50_Weights.SENTINEL2_ALL_MOKO")


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
    # TorchGeo's names: listed beside each entry, and accepted wherever a name is
    assert main(["weights", "resnet50.sentinel2_*"]) == 0
    out = capsys.readouterr().out
    assert "aliases" in out.splitlines()[0]
    row = next(line for line in out.splitlines() if line.startswith("resnet50.sentinel2_all_moco"))
    assert row.rstrip().endswith("resnet50_weights.sentinel2_all_moco")
    assert main(["weights", "info", "ResNet50_Weights.SENTINEL2_ALL_MOCO"]) == 0
    out = capsys.readouterr().out
    assert "resnet50.sentinel2_all_moco" in out and "df8b932e" in out
    # the sensor filter takes any alias of the sensor
    assert main(["weights", "--sensor", "Sentinel-2 MSI L1C", "--bands", "B8A", "B10"]) == 0
    out = capsys.readouterr().out
    assert "resnet50.sentinel2_all_dino" in out and "satlas" not in out
