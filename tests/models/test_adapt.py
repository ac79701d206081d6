"""Band matching and the "ImageNet (+ random)" first-convolution initialisation."""

from __future__ import annotations

import logging
from pathlib import Path

import pytest
import timm
import torch

from geoplug.core import errors
from geoplug.core.errors import GeoplugError
from geoplug.core.sensors import UnknownSensorError
from geoplug.models import get_model, weights_info
from geoplug.models.adapt import (
    BandMismatchError,
    adapt_first_conv,
    load_adapted,
    match_bands,
)
from testkit.http import Served
from testkit.weights import publish

S2 = ["B01", "B02", "B03", "B04", "B05", "B06", "B07", "B08", "B8A", "B09", "B10", "B11", "B12"]
# the bands of geoplug's Landsat 8/9 Level-2 datasets (geoplug-datasets' landsat spec), which
# name them by their file suffixes
OLI_L2 = ["SR_B1", "SR_B2", "SR_B3", "SR_B4", "SR_B5", "SR_B6", "SR_B7", "ST_B10"]


def test_band_mismatch_error_is_a_geoplug_value_error() -> None:
    assert BandMismatchError is errors.BandMismatchError
    assert issubclass(BandMismatchError, GeoplugError)
    assert issubclass(BandMismatchError, ValueError)


def test_match_bands_by_name_and_by_colour() -> None:
    assert match_bands(["B1", "B2", "B3"], ["B03", "B01", "B09"]) == [2, 0, None]
    # RGB weights onto Sentinel-2: B04 is red, B03 green, B02 blue
    mapping = match_bands(["red", "green", "blue"], S2, dst_rgb=("B04", "B03", "B02"))
    assert mapping[S2.index("B04")] == 0
    assert mapping[S2.index("B03")] == 1
    assert mapping[S2.index("B02")] == 2
    assert sum(m is not None for m in mapping) == 3
    # the sensor table knows Sentinel-2's colours: no rgb list needed
    assert match_bands(["red", "green", "blue"], S2, src_sensor="rgb", dst_sensor="S2") == (
        mapping)
    # NAIP-style single-letter names need no sensor
    assert match_bands(["red", "green", "blue"], ["nir", "B", "G", "R"]) == [None, 2, 1, 0]


def test_match_bands_through_band_aliases() -> None:
    # Sentinel-2: B2 == B02 == blue, B8A == nir08
    assert match_bands(S2, ["B2", "nir08", "blue", "B13"], src_sensor="sentinel2",
                       dst_sensor="Sentinel-2 MSI L1C") == [1, 8, 1, None]
    # Landsat 8 Level-1 weights onto the Level-2 bands of a Landsat 9 dataset
    l1 = ["B1", "B2", "B3", "B4", "B5", "B6", "B7", "B8", "B9", "B10", "B11"]
    assert match_bands(l1, OLI_L2, src_sensor="landsat8", dst_sensor="landsat9") == [
        0, 1, 2, 3, 4, 5, 6, 9]
    # same number, other band: Landsat 5 B1 is blue, Landsat 8 B1 coastal aerosol; the
    # colours carry over (TM B1/B2/B3 -> OLI B2/B3/B4), and NIR and SWIR by common name (TM
    # B4/B5/B7 are nir08/swir16/swir22 as OLI B5/B6/B7); OLI's coastal band and TIRS's
    # 10.9 um thermal band have no TM equivalent
    tm = ["B1", "B2", "B3", "B4", "B5", "B6", "B7"]
    assert match_bands(tm, OLI_L2, src_sensor="landsat5", dst_sensor="landsat8") == [
        None, 0, 1, 2, 3, 4, 6, None]
    # Prithvi's HLS bands onto Sentinel-2 data: B8A/B11/B12 take NIR_NARROW/SWIR_1/SWIR_2,
    # broad NIR B08 and the red edge stay random
    hls = ["BLUE", "GREEN", "RED", "NIR_NARROW", "SWIR_1", "SWIR_2"]
    assert match_bands(hls, ["B02", "B03", "B04", "B05", "B08", "B8A", "B11", "B12"],
                       src_sensor="hls", dst_sensor="sentinel2") == [0, 1, 2, None, None, 3,
                                                                     4, 5]
    # Landsat 7 shares the TM band numbers: thermal ST_B6 takes TM's B6
    assert match_bands(tm, ["SR_B4", "ST_B6"], src_sensor="landsat5",
                       dst_sensor="landsat7") == [3, 5]


def test_adapt_first_conv_copies_mapped_kernels_only() -> None:
    pretrained = torch.randn(8, 3, 3, 3)
    current = torch.randn(8, 5, 3, 3)
    out = adapt_first_conv(pretrained, current, [None, 2, None, 0, 1])
    torch.testing.assert_close(out[:, 1], pretrained[:, 2])
    torch.testing.assert_close(out[:, 3], pretrained[:, 0])
    torch.testing.assert_close(out[:, 4], pretrained[:, 1])
    torch.testing.assert_close(out[:, [0, 2]], current[:, [0, 2]])
    with pytest.raises(BandMismatchError, match="none of the model's bands"):
        adapt_first_conv(pretrained, current, [None] * 5)
    with pytest.raises(BandMismatchError, match="shapes differ"):
        adapt_first_conv(torch.randn(4, 3, 3, 3), current, [0] * 5)


def test_imagenet_plus_random_on_a_small_model(caplog: pytest.LogCaptureFixture) -> None:
    """Pre-trained RGB kernels land on B04/B03/B02 wherever they sit; the rest stays random,
    and the log says which bands did."""
    caplog.set_level(logging.WARNING, logger="geoplug.models.adapt")
    torch.manual_seed(0)
    rgb = timm.create_model("resnet18", pretrained=False, in_chans=3, num_classes=10)
    state = {k: v.clone() for k, v in rgb.state_dict().items()}
    bands = ["B08", "B02", "B11", "B04", "B03"]  # shuffled, with non-RGB bands
    model = timm.create_model("resnet18", pretrained=False, in_chans=5, num_classes=10)
    init = model.conv1.weight.detach().clone()
    load_adapted(model, state, src_bands=("red", "green", "blue"), dst_bands=bands,
                 dst_rgb=("B04", "B03", "B02"))
    conv = model.conv1.weight.detach()
    torch.testing.assert_close(conv[:, 3], state["conv1.weight"][:, 0])  # B04 <- red
    torch.testing.assert_close(conv[:, 4], state["conv1.weight"][:, 1])  # B03 <- green
    torch.testing.assert_close(conv[:, 1], state["conv1.weight"][:, 2])  # B02 <- blue
    torch.testing.assert_close(conv[:, [0, 2]], init[:, [0, 2]])  # B08, B11: model's random init
    assert conv[:, [0, 2]].std() > 0.01
    assert "2 of the model's 5 bands match no band of the weights" in caplog.text
    assert caplog.text.rstrip().endswith("random initialisation: B08, B11")
    # every other tensor is the pre-trained one
    torch.testing.assert_close(model.layer4[1].conv2.weight, rgb.layer4[1].conv2.weight)
    torch.testing.assert_close(model.fc.weight, rgb.fc.weight)


def test_imagenet_plus_random_on_landsat_level2_bands() -> None:
    """sensor="landsat8" and the dataset's own SR_* names: RGB kernels on SR_B4/SR_B3/SR_B2."""
    torch.manual_seed(3)
    rgb = timm.create_model("resnet18", pretrained=False, in_chans=3, num_classes=0)
    state = {k: v.clone() for k, v in rgb.state_dict().items()}
    model = timm.create_model("resnet18", pretrained=False, in_chans=8, num_classes=0)
    init = model.conv1.weight.detach().clone()
    load_adapted(model, state, src_bands=("red", "green", "blue"), dst_bands=OLI_L2,
                 src_sensor="rgb", dst_sensor="landsat8")
    conv = model.conv1.weight.detach()
    for band, colour in (("SR_B4", 0), ("SR_B3", 1), ("SR_B2", 2)):
        torch.testing.assert_close(conv[:, OLI_L2.index(band)], state["conv1.weight"][:, colour])
    others = [OLI_L2.index(b) for b in ("SR_B1", "SR_B5", "SR_B6", "SR_B7", "ST_B10")]
    torch.testing.assert_close(conv[:, others], init[:, others])


def test_get_model_imagenet_plus_random_for_landsat8_level2(
    http_server: Served, hub_dir: Path
) -> None:
    """The registered ImageNet entry (served locally) with sensor="landsat8" and SR_B1..SR_B7."""
    torch.manual_seed(4)
    rgb = timm.create_model("resnet18", pretrained=False, num_classes=1000)
    url, digest = publish(http_server, "resnet18-imagenet.pth", rgb.state_dict())
    spec = weights_info("resnet18.imagenet").model_copy(update={"url": url, "sha256": digest})
    bands = OLI_L2[:-1]
    model = get_model("resnet18", weights=spec, bands=bands, sensor="landsat8", num_classes=5,
                      progress=False)
    conv = model.conv1.weight
    assert conv.shape == (64, 7, 7, 7)
    for band, colour in (("SR_B4", 0), ("SR_B3", 1), ("SR_B2", 2)):
        torch.testing.assert_close(conv[:, bands.index(band)], rgb.conv1.weight[:, colour])
    for i in (bands.index(b) for b in ("SR_B1", "SR_B5", "SR_B6", "SR_B7")):
        assert not any(torch.allclose(conv[:, i], rgb.conv1.weight[:, c]) for c in range(3))
    # the sensor's alias works the same; a misspelt sensor is refused before any download
    again = get_model("resnet18", weights=spec, bands=bands, sensor="Landsat 8 OLI/TIRS",
                      num_classes=5, progress=False)
    torch.testing.assert_close(again.conv1.weight[:, bands.index("SR_B4")], rgb.conv1.weight[:, 0])
    requests = len(http_server.stats.requests)
    with pytest.raises(UnknownSensorError, match="Did you mean: landsat8"):
        get_model("resnet18", weights=spec, bands=bands, sensor="landsat-8x", progress=False)
    assert len(http_server.stats.requests) == requests


def test_load_adapted_skips_a_classifier_of_another_size() -> None:
    source = timm.create_model("resnet18", pretrained=False, in_chans=3, num_classes=1000)
    target = timm.create_model("resnet18", pretrained=False, in_chans=3, num_classes=4)
    fc_before = target.fc.weight.detach().clone()
    skipped = load_adapted(target, source.state_dict())
    assert set(skipped) == {"fc.weight", "fc.bias"}
    torch.testing.assert_close(target.fc.weight, fc_before)
    torch.testing.assert_close(target.conv1.weight, source.conv1.weight)


def test_impossible_mismatches_raise_clear_errors() -> None:
    source = timm.create_model("resnet18", pretrained=False, in_chans=13, num_classes=0)
    target = timm.create_model("resnet18", pretrained=False, in_chans=4, num_classes=0)
    with pytest.raises(BandMismatchError, match=r"take 13 bands .* pass bands="):
        load_adapted(target, source.state_dict(), src_bands=S2)
    with pytest.raises(BandMismatchError, match="none of the model's bands"):
        load_adapted(target, source.state_dict(), src_bands=S2,
                     dst_bands=["VV", "VH", "HH", "HV"])
    with pytest.raises(BandMismatchError, match="3 band names given for a model with 4"):
        load_adapted(target, source.state_dict(), src_bands=S2, dst_bands=["B02", "B03", "B04"])
    other = timm.create_model("resnet50", pretrained=False, in_chans=4, num_classes=0)
    with pytest.raises(ValueError, match="do not fit"):
        load_adapted(other, target.state_dict())
