"""Whole published segmentation_models_pytorch U-Nets (Fields of The World, OAM-TCD) as
registered weights: ``get_model("unet_smp", weights=...)`` takes the encoder and classes from
the weights, verifies the file's sha256, fits the input kernel to the model's bands by name,
and gives the same outputs as a plain ``smp.Unet`` holding the same state dict.

The published files are complete smp state dicts (``encoder.*``, ``decoder.*``,
``segmentation_head.*``); the checkpoints below are written by a plain ``smp.Unet`` (the
publisher's class), and :data:`PUBLISHED` pins the keys and shapes that distinguish each
encoder's file, so a change of smp's key names fails here.
"""

from __future__ import annotations

from pathlib import Path

import pytest
import torch

from geoplug.core.errors import ChecksumError
from geoplug.core.weights import Weights
from geoplug.models import get_model, info, load_weights, names, weights_info, weights_names
from geoplug.models._catalog_smp import ENCODERS
from geoplug.models._catalog_smp import WEIGHTS as SMP_WEIGHTS
from geoplug.models.adapt import match_bands
from testkit.http import Served
from testkit.weights import publish, served_entry

smp = pytest.importorskip("segmentation_models_pytorch")

MINE = sorted(w["name"] for w in SMP_WEIGHTS)
FTW_2CLASS = "unet_smp_efficientnet_b3.sentinel2_2class_ftw"
WINDOW = ("B04", "B03", "B02", "B08")

# per encoder: the stem kernel (per input band) and the first decoder block, whose input is the
# deepest feature plus the skip above it (smp's encoder channel tables)
PUBLISHED = {
    "efficientnet-b3": ("encoder._conv_stem.weight", (40, 3, 3), (256, 384 + 136, 3, 3)),
    "efficientnet-b5": ("encoder._conv_stem.weight", (48, 3, 3), (256, 512 + 176, 3, 3)),
    "efficientnet-b7": ("encoder._conv_stem.weight", (64, 3, 3), (256, 640 + 224, 3, 3)),
    "resnet34": ("encoder.conv1.weight", (64, 7, 7), (256, 512 + 256, 3, 3)),
    "resnet50": ("encoder.conv1.weight", (64, 7, 7), (256, 2048 + 1024, 3, 3)),
}


def _plain_unet(encoder: str, in_chans: int, classes: int) -> torch.nn.Module:
    """The publisher's model: smp's own U-Net, no geoplug code involved."""
    return smp.Unet(encoder_name=encoder, encoder_weights=None, in_channels=in_chans,
                    classes=classes)


@pytest.fixture(scope="module")
def ftw_reference() -> torch.nn.Module:
    torch.manual_seed(7)
    model = _plain_unet("efficientnet-b3", 8, 2).eval()
    with torch.no_grad():  # batch-norm statistics that differ from the defaults
        for module in model.modules():
            if isinstance(module, torch.nn.BatchNorm2d):
                module.running_mean.uniform_(-0.2, 0.2)
                module.running_var.uniform_(0.5, 1.5)
    return model


@pytest.fixture
def ftw_served(http_server: Served, ftw_reference: torch.nn.Module) -> Weights:
    state = {k: v.clone() for k, v in ftw_reference.state_dict().items()}
    url, digest = publish(http_server, "sentinel2_unet_effb3-3ce575ed.pth", state)
    return served_entry(FTW_2CLASS, url, digest)


# --- the catalog ---------------------------------------------------------------------------
def test_the_catalog_registers_ftw_and_oam_tcd() -> None:
    assert len(MINE) == 9 and set(MINE) <= set(weights_names())
    assert set(ENCODERS) <= set(names())
    ftw = weights_info("Unet_Weights.SENTINEL2_3CLASS_FTW")  # TorchGeo's name
    assert ftw.name == "unet_smp_efficientnet_b3.sentinel2_3class_ftw"
    assert (ftw.in_chans, ftw.num_classes, ftw.sensor) == (8, 3, "sentinel2")
    assert ftw.bands == WINDOW * 2 and ftw.std == (3000.0,) * 8 and ftw.mean == (0.0,) * 8
    assert ftw.sha256 == "74f7eb81" and ftw.url.endswith("sentinel2_unet_effb3-74f7eb81.pth")
    assert ftw.license == "CC-BY-4.0"
    assert weights_info("unet_weights.sentinel2_2class_nc_ftw").license.startswith("non-comm")
    tcd = weights_info("unet_weights.oam_rgb_resnet50_tcd")
    assert (tcd.model, tcd.in_chans, tcd.num_classes, tcd.resolution) == (
        "unet_smp_resnet50", 3, 2, 0.1)


@pytest.mark.parametrize("name", MINE)
def test_published_layout_loads_strictly(name: str) -> None:
    from geoplug.models.smp_models import load_smp_weights, smp_architecture

    spec = weights_info(name)
    encoder = ENCODERS[spec.model]
    assert spec.num_classes is not None
    assert len(spec.bands) == spec.in_chans == len(spec.mean) == len(spec.std)
    assert spec.sha256 is not None and spec.url.endswith(f"-{spec.sha256}.pth")
    with torch.device("meta"):
        state = _plain_unet(encoder, spec.in_chans, spec.num_classes).state_dict()
        model = get_model(spec.model, in_chans=spec.in_chans, num_classes=spec.num_classes)
    stem, kernel, block = PUBLISHED[encoder]
    assert tuple(state[stem].shape) == (kernel[0], spec.in_chans, *kernel[1:])
    assert tuple(state["decoder.blocks.0.conv1.0.weight"].shape) == block
    assert tuple(state["segmentation_head.0.weight"].shape) == (spec.num_classes, 16, 3, 3)
    registered = info(spec.model)
    architecture = smp_architecture(registered.target, registered.default_kwargs)
    assert architecture == ("Unet", encoder)
    assert load_smp_weights(model, state, architecture, src_bands=spec.bands,
                            dst_bands=list(spec.bands), src_sensor=spec.sensor,
                            dst_sensor=spec.sensor) == []
    # a file with one key renamed does not load
    state["decoder.blocks.0.conv1.0.kernel"] = state.pop("decoder.blocks.0.conv1.0.weight")
    with pytest.raises(ValueError, match=r"decoder\.blocks\.0\.conv1\.0"):
        load_smp_weights(model, state, architecture)


# --- a served file through get_model ---------------------------------------------------------
def test_ftw_unet_loads_verified_and_matches_plain_smp(
    ftw_served: Weights, ftw_reference: torch.nn.Module, hub_dir: Path
) -> None:
    model = get_model("unet_smp", weights=ftw_served, progress=False).eval()
    assert model.smp_architecture == ("Unet", "efficientnet-b3")
    assert (model.in_chans, model.num_classes) == (8, 2)
    torch.manual_seed(0)
    x = torch.rand(2, 8, 64, 96) * torch.arange(1.0, 9.0).view(1, 8, 1, 1)
    with torch.no_grad():
        out, expected = model(x), ftw_reference(x)
    assert out.shape == (2, 2, 64, 96)
    assert torch.equal(out, expected)
    assert len(list(hub_dir.rglob("sentinel2_unet_effb3-3ce575ed.pth"))) == 1


def test_ftw_unet_on_one_window_in_another_band_order(
    ftw_served: Weights, ftw_reference: torch.nn.Module, hub_dir: Path
) -> None:
    bands = ["B08", "B04", "B03", "B02"]  # window A only, NIR first
    model = get_model("unet_smp", weights=ftw_served, bands=bands, sensor="S2",
                      progress=False).eval()
    kernel = model.state_dict()["encoder._conv_stem.weight"]
    published = ftw_reference.state_dict()["encoder._conv_stem.weight"]
    assert kernel.shape == (40, 4, 3, 3)
    assert torch.equal(kernel, published[:, [3, 0, 1, 2]])
    # the same as the published model given this window and a blank second window
    torch.manual_seed(1)
    x = torch.rand(1, 4, 64, 64)
    full = torch.zeros(1, 8, 64, 64)
    full[:, [3, 0, 1, 2]] = x
    with torch.no_grad():
        torch.testing.assert_close(model(x), ftw_reference(full))


def test_another_number_of_classes_gets_a_new_head(
    ftw_served: Weights, ftw_reference: torch.nn.Module, hub_dir: Path
) -> None:
    torch.manual_seed(3)
    model = get_model("unet_smp", weights=ftw_served, num_classes=5, progress=False)
    own, published = model.state_dict(), ftw_reference.state_dict()
    assert own["segmentation_head.0.weight"].shape == (5, 16, 3, 3)
    assert set(own) == set(published)
    differ = {k for k in own if own[k].shape != published[k].shape
              or not torch.equal(own[k], published[k])}
    assert differ == {"segmentation_head.0.weight", "segmentation_head.0.bias"}


def test_a_file_of_other_content_is_refused_and_not_kept(
    http_server: Served, ftw_reference: torch.nn.Module, hub_dir: Path
) -> None:
    url, digest = publish(http_server, "sentinel2_unet_effb3-3ce575ed.pth",
                           ftw_reference.state_dict())
    assert not digest.startswith("3ce575ed")  # random values: not the published file
    wrong = served_entry(FTW_2CLASS, url, "0" * 64)
    with pytest.raises(ChecksumError):
        get_model("unet_smp", weights=wrong, progress=False)
    assert not [p for p in hub_dir.rglob("*") if p.is_file()]
    # the registered digest (the prefix in the publisher's file name) does not match either
    path = http_server.root / "sentinel2_unet_effb3-3ce575ed.pth"
    with pytest.raises(ChecksumError, match="3ce575ed"):
        get_model("unet_smp", weights=Weights(weights_info(FTW_2CLASS)).local(path))
    # a local file is recognised by the publisher's file name, then verified the same way
    with pytest.raises(ChecksumError, match=r"unet_smp_efficientnet_b3\.sentinel2_2class_ftw"):
        get_model("unet_smp", weights=str(path))


# --- wrong combinations fail before any download ---------------------------------------------
def test_other_encoders_and_architectures_are_refused(http_server: Served,
                                                      hub_dir: Path) -> None:
    weights = served_entry(FTW_2CLASS, f"{http_server.url}/absent.pth", "0" * 64)
    with pytest.raises(ValueError, match=r"encoder='efficientnet-b3'.*encoder='resnet34'"):
        get_model("unet_smp", weights=weights, encoder="resnet34")
    with pytest.raises(ValueError, match="unet_smp_efficientnet_b3"):
        get_model("unet_smp_resnet50", weights=weights)
    with pytest.raises(ValueError, match="whole 'unet_smp_efficientnet_b3' model"):
        get_model("deeplabv3plus", weights=weights)
    resnet_unet = get_model("unet_smp", encoder="resnet34", in_chans=8, num_classes=2)
    with pytest.raises(ValueError, match=r"encoder 'efficientnet-b3'.*encoder 'resnet34'"):
        load_weights(resnet_unet, weights)
    with pytest.raises(ValueError, match="model is a ResNet"):
        load_weights(get_model("resnet18", in_chans=8), weights)
    assert len(http_server.stats.requests) == 0


# --- stacked dates in the band matcher -------------------------------------------------------
def test_repeated_band_names_match_in_order() -> None:
    two = WINDOW * 2
    assert match_bands(two, list(two), src_sensor="S2", dst_sensor="S2") == list(range(8))
    # the n-th B08 of the data takes the n-th B08 kernel of the weights
    assert match_bands(two, ["B08", "B4", "B08", "B04", "B05"], src_sensor="S2",
                       dst_sensor="S2") == [3, 0, 7, 4, None]
    # weights of one date: every date of the data takes its kernels
    assert match_bands(WINDOW, list(two), src_sensor="S2", dst_sensor="S2") == [
        0, 1, 2, 3, 0, 1, 2, 3]
