"""The models and weights registries as users and the CLI see them."""

from __future__ import annotations

import re

import pytest

from geoplug.core.cli import main
from geoplug.core.registry import models as model_registry
from geoplug.core.registry import weights as weights_registry
from geoplug.models import get_weights, info, names, weights_info, weights_names
from geoplug.models._catalog_foundation import MODELS as _FOUNDATION
from geoplug.models._catalog_foundation import UNVERIFIED as _FOUNDATION_UNVERIFIED
from geoplug.models._catalog_transformers import UNVERIFIED as _UNVERIFIED

S2 = ["B01", "B02", "B03", "B04", "B05", "B06", "B07", "B08", "B8A", "B09", "B10", "B11", "B12"]
#: weights whose publisher's digest could not be read (they load with a warning)
UNVERIFIED = {w["name"] for w in (*_UNVERIFIED, *_FOUNDATION_UNVERIFIED)}
#: wavelength-conditioned models: their weights take any bands (``bands=()``) and several
#: sensors (no single ``sensor``), and some normalise inputs themselves (no mean/std)
ANY_SENSOR = {m["name"] for m in _FOUNDATION}


def test_models_are_registered_by_geoplug_models() -> None:
    assert {"resnet18", "resnet50", "timm", "unet", "unet_resnet18", "unet_resnet50",
            "fcsiam_conc", "fcsiam_diff", "fcn"} <= set(names())
    assert model_registry.provider("unet").distribution == "geoplug-models"
    assert names(task="change_detection") == ["fcsiam_conc", "fcsiam_diff"]
    assert info("fc_siam_diff").name == "fcsiam_diff"  # alias
    assert info("unet_resnet50").default_kwargs == {"encoder": "resnet50"}


def test_find_all_weights_for_sentinel2_with_all_13_bands() -> None:
    # the ResNets (the transformers have their own tests in test_transformer_weights.py)
    found = weights_names("resnet*", sensor="sentinel2", bands=S2)
    assert found == ["resnet18.sentinel2_all_moco", "resnet50.sentinel2_all_closp",
                     "resnet50.sentinel2_all_decur", "resnet50.sentinel2_all_dino",
                     "resnet50.sentinel2_all_geoclosp", "resnet50.sentinel2_all_moco"]
    assert weights_names("resnet18.*", sensor="sentinel2", bands=["B04", "B03", "B02"]) == [
        "resnet18.sentinel2_all_moco", "resnet18.sentinel2_rgb_moco",
        "resnet18.sentinel2_rgb_seco"]
    landsat = weights_names("resnet*", sensor="landsat*")
    assert len(landsat) == 20 and all(".landsat_" in n for n in landsat)
    # SR_B7 is band 7 of the same sensor: Level-2 (SR) and Level-1 (TOA) weights both have it
    oli = ["resnet18.landsat_oli_sr_moco", "resnet18.landsat_oli_sr_simclr",
           "resnet18.landsat_oli_tirs_toa_moco", "resnet18.landsat_oli_tirs_toa_simclr",
           "resnet50.landsat_oli_sr_moco", "resnet50.landsat_oli_sr_simclr",
           "resnet50.landsat_oli_tirs_toa_moco", "resnet50.landsat_oli_tirs_toa_simclr"]
    assert weights_names("resnet*", sensor="landsat8", bands=["SR_B7"]) == oli
    assert weights_names("resnet*", sensor="Landsat 8 OLI/TIRS", bands=["B7"]) == oli
    # only the TOA weights have the thermal band ST_B10 (B10)
    assert weights_names("resnet*", sensor="L8", bands=["ST_B10"]) == [
        n for n in oli if "toa" in n]
    # any alias of Sentinel-2 finds the same weights, and B2 is B02; the SeCo-Eco files have
    # B8A but no B10
    assert weights_names("resnet*", sensor="S2", bands=["B2", "B8A"]) == sorted(
        [*found, "resnet50.sentinel2_all_ndvi_seco_eco", "resnet50.sentinel2_all_seco_eco"])


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
    "ResNet50_Weights.IMAGENET1K_V2": "resnet50-11ad3fa6.pth",
    # TorchGeo 0.8's other ResNet50_Weights members (SENTINEL1_ALL_DECUR is the old name)
    "ResNet50_Weights.FMOW_RGB_GASSL": "resnet50_fmow_rgb_gassl-da43d987.pth",
    "ResNet50_Weights.SENTINEL1_GRD_DECUR": "rn50_ssl4eo-s12_sar_decur_ep100-f0e69ba2.pth",
    "ResNet50_Weights.SENTINEL1_ALL_DECUR": "rn50_ssl4eo-s12_sar_decur_ep100-f0e69ba2.pth",
    "ResNet50_Weights.SENTINEL1_GRD_CLOSP": "closp-rn_s1_encoder-cacc90bc.pth",
    "ResNet50_Weights.SENTINEL1_GRD_GEOCLOSP": "geoclosp-rn_s1_encoder-e63ae1af.pth",
    "ResNet50_Weights.SENTINEL2_ALL_CLOSP": "closp-rn_s2_encoder-183922a5.pth",
    "ResNet50_Weights.SENTINEL2_ALL_DECUR": "rn50_ssl4eo-s12_ms_decur_ep100-fc6b09ff.pth",
    "ResNet50_Weights.SENTINEL2_ALL_GEOCLOSP": "geoclosp-rn_s2_encoder-94c37f4a.pth",
    "ResNet50_Weights.SENTINEL2_ALL_SECO_ECO": "resnet50_sentinel2_all_seco_eco-a273eb78.pth",
    "ResNet50_Weights.SENTINEL2_ALL_NDVI_SECO_ECO":
        "resnet50_sentinel2_all_ndvi_seco_eco-3a74b167.pth",
    "ResNet50_Weights.SENTINEL2_MI_RGB_SATLAS": "sentinel2_resnet50_mi_rgb-e79bb7fe.pth",
    "ResNet50_Weights.SENTINEL2_SI_RGB_SATLAS": "sentinel2_resnet50_si_rgb-45fc6972.pth",
}
#: timm's ImageNet recipes of the same architectures: named by timm's pretrained tag
TIMM_RECIPES = {f"resnet18.{t}_in1k" for t in ("a1", "a2", "a3", "gluon")} | {
    f"resnet50.{t}_in1k" for t in ("a1", "a1h", "a2", "a3", "b1k", "b2k", "c1", "c2", "d",
                                   "gluon")}


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
    assert covered == resnets - TIMM_RECIPES and resnets >= TIMM_RECIPES
    assert len(covered) == len(TORCHGEO) - 1 == 44  # two TorchGeo names for the DeCUR S1 file


def test_a_misspelt_torchgeo_name_suggests_the_right_one() -> None:
    with pytest.raises(KeyError, match=r"resnet50_weights\.sentinel2_all_moco"):
        weights_info("ResNet50_Weights.SENTINEL2_ALL_MOKO")


@pytest.mark.parametrize("name", weights_registry.names())
def test_every_weights_entry_is_consistent(name: str) -> None:
    spec = weights_info(name)
    assert spec.model in names()
    any_sensor = spec.model in ANY_SENSOR
    assert len(spec.bands) == spec.in_chans or (any_sensor and spec.bands == ())
    assert len(spec.mean) == len(spec.std)
    assert len(spec.mean) in ((0, spec.in_chans) if any_sensor else (spec.in_chans,))
    # only the entries whose digests could not be read go unverified
    assert (spec.sha256 is None and name in UNVERIFIED) or len(spec.sha256 or "") in (8, 64)
    assert spec.url.startswith("https://")
    # where the publisher puts the sha256 prefix in the file name, it agrees with our digest
    prefix = re.search(r"-([0-9a-f]{8})\.pth?$", spec.url)
    assert prefix is not None or spec.sha256 is None or len(spec.sha256) == 64
    assert prefix is None or (spec.sha256 or "").startswith(prefix.group(1))
    assert spec.license and spec.citation and (spec.sensor or any_sensor)


@pytest.mark.parametrize("arch", ["resnet18", "resnet50"])
def test_seco_scaling_follows_the_band_order(arch: str) -> None:
    """SeCo scales B02 over [3, 88], B03 over [2, 103] and B04 over [0, 129] before the
    ImageNet statistics: in the entry's (B04, B03, B02) order, red's range comes first."""
    spec = weights_info(f"{arch}.sentinel2_rgb_seco")
    assert spec.bands == ("B04", "B03", "B02")
    low = {"B04": 0.0, "B03": 2.0, "B02": 3.0}
    high = {"B04": 129.0, "B03": 103.0, "B02": 88.0}
    imagenet = zip((0.485, 0.456, 0.406), (0.229, 0.224, 0.225), strict=True)
    for band, mean, std, (imean, istd) in zip(spec.bands, spec.mean, spec.std, imagenet,
                                              strict=True):
        span = high[band] - low[band]
        assert mean == pytest.approx(low[band] + imean * span, abs=1e-3)
        assert std == pytest.approx(istd * span, abs=1e-3)


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
