"""Band matching and the "ImageNet (+ random)" first-convolution initialisation."""

from __future__ import annotations

import pytest
import timm
import torch

from geoplug.models.adapt import (
    BandMismatchError,
    adapt_first_conv,
    canonical_band,
    load_adapted,
    match_bands,
)

S2 = ["B01", "B02", "B03", "B04", "B05", "B06", "B07", "B08", "B8A", "B09", "B10", "B11", "B12"]


def test_canonical_band_ignores_case_and_zero_padding() -> None:
    assert canonical_band("B02") == canonical_band("b2") == "B2"
    assert canonical_band("B8A") == "B8A" and canonical_band("B10") == "B10"
    assert canonical_band("SR_B01") == "SR_B1"
    assert canonical_band("B6_VCID_1") == "B6_VCID_1"


def test_match_bands_by_name_and_by_colour() -> None:
    assert match_bands(["B1", "B2", "B3"], ["B03", "B01", "B09"]) == [2, 0, None]
    # RGB weights onto Sentinel-2: B04 is red, B03 green, B02 blue
    mapping = match_bands(["red", "green", "blue"], S2, dst_rgb=("B04", "B03", "B02"))
    assert mapping[S2.index("B04")] == 0
    assert mapping[S2.index("B03")] == 1
    assert mapping[S2.index("B02")] == 2
    assert sum(m is not None for m in mapping) == 3
    # NAIP-style single-letter names need no sensor
    assert match_bands(["red", "green", "blue"], ["nir", "B", "G", "R"]) == [None, 2, 1, 0]


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


def test_imagenet_plus_random_on_a_small_model() -> None:
    """Pre-trained RGB kernels land on B04/B03/B02 wherever they sit; the rest stays random."""
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
    # every other tensor is the pre-trained one
    torch.testing.assert_close(model.layer4[1].conv2.weight, rgb.layer4[1].conv2.weight)
    torch.testing.assert_close(model.fc.weight, rgb.fc.weight)


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
