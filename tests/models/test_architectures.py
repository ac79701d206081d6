"""Output shapes and gradients of every built-in architecture on CPU, odd sizes and bands."""

from __future__ import annotations

import pytest
import torch

from geoplug.models import get_model

H, W = 33, 47  # odd, non-square: exercises every padding/upsampling path


def _backward(model: torch.nn.Module, x: torch.Tensor) -> torch.Tensor:
    x = x.clone().requires_grad_(True)
    y = model(x)
    y.float().pow(2).mean().backward()
    assert x.grad is not None and torch.isfinite(x.grad).all() and x.grad.abs().sum() > 0
    first = next(p for p in model.parameters() if p.requires_grad)
    assert first.grad is not None and first.grad.abs().sum() > 0
    return y


@pytest.mark.parametrize("bands", [1, 5, 13])
@pytest.mark.parametrize("name", ["resnet18", "timm/resnet18", "timm/mobilenetv3_small_050"])
def test_backbone_any_band_count(name: str, bands: int) -> None:
    model = get_model(name, in_chans=bands, num_classes=7)
    y = _backward(model, torch.randn(2, bands, H, W))
    assert y.shape == (2, 7)


def test_resnet50_and_timm_entry_take_model_name() -> None:
    model = get_model("resnet50", in_chans=4, num_classes=3)
    assert model.conv1.weight.shape == (64, 4, 7, 7)
    assert _backward(model, torch.randn(1, 4, H, W)).shape == (1, 3)
    generic = get_model("timm", model_name="resnet18", in_chans=2, num_classes=5)
    assert generic.pretrained_cfg["architecture"] == "resnet18"
    assert generic.conv1.weight.shape == (64, 2, 7, 7)


@pytest.mark.parametrize("bands", [1, 5, 13])
def test_unet_resnet18(bands: int) -> None:
    model = get_model("unet_resnet18", in_chans=bands, num_classes=4)
    y = _backward(model, torch.randn(2, bands, H, W))
    assert y.shape == (2, 4, H, W)


@pytest.mark.parametrize("encoder", ["resnet50", "mobilenetv3_small_050", "convnext_atto"])
def test_unet_other_timm_encoders(encoder: str) -> None:
    model = get_model("unet", encoder=encoder, in_chans=5, num_classes=3)
    assert model.encoder_name == encoder
    y = _backward(model, torch.randn(1, 5, H, W))
    assert y.shape == (1, 3, H, W)


@pytest.mark.parametrize("name", ["fcsiam_conc", "fcsiam_diff"])
@pytest.mark.parametrize("bands", [1, 5, 13])
def test_fcsiam(name: str, bands: int) -> None:
    model = get_model(name, in_chans=bands, num_classes=2)
    y = _backward(model, torch.randn(2, 2, bands, H, W))
    assert y.shape == (2, 2, H, W)


def test_fcsiam_diff_is_symmetric_and_conc_is_not() -> None:
    torch.manual_seed(0)
    x = torch.randn(1, 2, 3, 32, 32)
    swapped = x.flip(1)
    diff = get_model("fcsiam_diff", in_chans=3).eval()
    conc = get_model("fcsiam_conc", in_chans=3).eval()
    with torch.no_grad():
        torch.testing.assert_close(diff(x), diff(swapped))
        assert not torch.allclose(conc(x), conc(swapped))
    # identical dates: every merged difference is zero, whatever the image
    same = torch.stack([x[:, 0], x[:, 0]], 1)
    other = torch.stack([x[:, 1], x[:, 1]], 1)
    with torch.no_grad():
        torch.testing.assert_close(diff(same), diff(other))


def test_fcsiam_rejects_single_image() -> None:
    model = get_model("fcsiam_conc", in_chans=3)
    with pytest.raises(ValueError, match=r"\[B, 2, C, H, W\]"):
        model(torch.randn(1, 3, 32, 32))


@pytest.mark.parametrize("bands", [1, 5, 13])
def test_fcn(bands: int) -> None:
    model = get_model("fcn", in_chans=bands, num_classes=6, num_filters=8)
    y = _backward(model, torch.randn(2, bands, H, W))
    assert y.shape == (2, 6, H, W)


def test_bands_set_in_chans_and_contradiction_is_an_error() -> None:
    model = get_model("resnet18", bands=["B02", "B03", "B04", "B08"], num_classes=2)
    assert model.conv1.weight.shape[1] == 4
    with pytest.raises(ValueError, match="in_chans=3 but 4 bands"):
        get_model("resnet18", bands=["B02", "B03", "B04", "B08"], in_chans=3)


def test_invalid_arguments() -> None:
    with pytest.raises(ValueError, match="in_chans"):
        get_model("resnet18", in_chans=0)
    with pytest.raises(ValueError, match="num_classes"):
        get_model("unet", num_classes=0)
    with pytest.raises(KeyError, match="unet"):
        get_model("unett")
