"""ViT and Swin-V2 backbones with any number of bands, and their patch-embedding adaptation."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
import timm
import torch
from torch import nn

from geoplug.core.sensors import UnknownSensorError
from geoplug.models import get_model, info, names
from geoplug.models.adapt import (
    BandMismatchError,
    first_conv_key,
    fit_position_embedding,
    input_projection_key,
    load_adapted,
)
from geoplug.models.transformers import build_swin_v2, build_vit

S2 = ["B01", "B02", "B03", "B04", "B05", "B06", "B07", "B08", "B8A", "B09", "B10", "B11", "B12"]
TRANSFORMERS = ["vit_small_patch16_224", "vit_base_patch16_224", "vit_large_patch16_224",
                "vit_huge_patch14_224", "vit_small_patch14_dinov2", "vit_base_patch14_dinov2",
                "swin_v2_t", "swin_v2_b"]


def test_models_are_registered_by_their_names() -> None:
    assert set(TRANSFORMERS) | {"resnet152"} <= set(names())
    assert info("swin_v2_t").family == "swin" and info("vit_huge_patch14_224").family == "vit"
    assert info("resnet152").default_kwargs == {"model_name": "resnet152"}
    assert names("swin_v2_*") == ["swin_v2_b", "swin_v2_t"]


def test_listing_imports_neither_torch_nor_timm() -> None:
    code = (
        "import json, sys\n"
        "import geoplug.models as m\n"
        "m.names(); m.weights_names(sensor='sentinel2')\n"
        "m.info('swin_v2_b'); m.weights_info('ViTSmall16_Weights.SENTINEL2_ALL_DINO')\n"
        "print(json.dumps([n for n in ('torch', 'timm', 'torchvision') if n in sys.modules]))\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         check=True, timeout=120)
    assert json.loads(out.stdout.strip().splitlines()[-1]) == []


@pytest.mark.parametrize("name", TRANSFORMERS)
def test_architecture_and_input_kernel_with_any_band_count(name: str) -> None:
    with torch.device("meta"):  # ViT-H and Swin-B are too big to allocate in a unit test
        model = get_model(name, bands=S2[:5], num_classes=0)
    key = input_projection_key(model)
    assert key == ("features.0.0.weight" if "swin" in name else "patch_embed.proj.weight")
    kernel = model.state_dict()[key]
    assert kernel.shape[1] == 5
    width = {"small": 384, "base": 768, "large": 1024, "huge": 1280}
    size = next((w for k, w in width.items() if k in name), None)
    if "swin" in name:
        assert kernel.shape == ((96 if name == "swin_v2_t" else 128), 5, 4, 4)
    else:
        assert kernel.shape == (size, 5, (14 if "14" in name else 16),
                                (14 if "14" in name else 16))
    assert model.pretrained_cfg["architecture"] == name


def test_vit_forward_with_five_bands_at_any_grid() -> None:
    model = get_model("vit_small_patch16_224", in_chans=5, num_classes=3, img_size=48).eval()
    assert model(torch.randn(2, 5, 48, 48)).shape == (2, 3)
    features = get_model("vit_small_patch14_dinov2", in_chans=2, num_classes=0, img_size=28)
    assert features.pos_embed.shape == (1, 1 + 4, 384)
    assert features(torch.randn(1, 2, 28, 28)).shape == (1, 384)


def test_swin_v2_t_forward_and_torchvision_key_names() -> None:
    model = get_model("swin_v2_t", in_chans=7, num_classes=4).eval()
    assert model(torch.randn(2, 7, 32, 32)).shape == (2, 4)
    keys = list(model.state_dict())
    assert keys[:2] == ["features.0.0.weight", "features.0.0.bias"]
    assert "features.1.0.attn.cpb_mlp.0.weight" in keys and "features.2.reduction.weight" in keys
    pooled = get_model("swin_v2_t", in_chans=7, num_classes=0).eval()
    assert isinstance(pooled.head, nn.Identity)
    assert pooled(torch.randn(1, 7, 24, 40)).shape == (1, 768)


def test_resnet152_takes_any_bands() -> None:
    with torch.device("meta"):
        model = get_model("resnet152", bands=["VV", "VH"], num_classes=0)
    assert first_conv_key(model) == "conv1.weight"
    assert model.conv1.weight.shape == (64, 2, 7, 7) and model.pretrained_cfg["architecture"] == (
        "resnet152")


def test_input_projection_of_conv_stems_and_3d_patch_embeddings() -> None:
    class Video(nn.Module):
        def __init__(self) -> None:
            super().__init__()
            self.norm = nn.LayerNorm(4)
            self.embed = nn.Conv3d(6, 8, kernel_size=(1, 4, 4))

    assert input_projection_key(Video()) == "embed.weight"
    assert input_projection_key(timm.create_model("resnet18", in_chans=4)) == "conv1.weight"
    with pytest.raises(TypeError, match="no convolution or patch embedding"):
        input_projection_key(nn.Linear(3, 4))


def _rgb_state(model_name: str, **kwargs: object) -> dict[str, torch.Tensor]:
    torch.manual_seed(7)
    return {k: v.clone() for k, v in get_model(model_name, in_chans=3, **kwargs)
            .state_dict().items()}


@pytest.mark.parametrize(("name", "kwargs"), [
    ("resnet18", {"num_classes": 0}),
    ("vit_small_patch16_224", {"num_classes": 0, "img_size": 32}),
    ("swin_v2_t", {"num_classes": 0}),
])
def test_imagenet_plus_random_places_rgb_kernels_by_band_name(
    name: str, kwargs: dict[str, object]
) -> None:
    """One code path for conv stems and patch embeddings: red, green and blue kernels go to
    Sentinel-2's B04, B03, B02 (the sensor table says so), the other bands stay random."""
    rgb = _rgb_state(name, **kwargs)
    torch.manual_seed(8)
    model = get_model(name, bands=S2, **kwargs)
    key = input_projection_key(model)
    before = model.state_dict()[key].clone()
    left = load_adapted(model, rgb, src_bands=("red", "green", "blue"), dst_bands=S2,
                        src_sensor="rgb", dst_sensor="S2")
    assert left == []
    kernel = model.state_dict()[key]
    for band, colour in (("B04", 0), ("B03", 1), ("B02", 2)):
        torch.testing.assert_close(kernel[:, S2.index(band)], rgb[key][:, colour])
    others = [i for i, b in enumerate(S2) if b not in ("B02", "B03", "B04")]
    torch.testing.assert_close(kernel[:, others], before[:, others])
    with pytest.raises(BandMismatchError, match="sensor="):
        load_adapted(model, rgb, src_bands=("red", "green", "blue"), dst_bands=S2)
    with pytest.raises(UnknownSensorError, match="Sentinel-9"):
        get_model(name, weights={"name": "x.rgb", "url": "https://example.org/x.pth",
                                 "model": name, "in_chans": 3, "bands": ("R", "G", "B")},
                  bands=S2, sensor="Sentinel-9", **kwargs)


def test_patch_size_mismatch_is_explained() -> None:
    dinov2 = _rgb_state("vit_small_patch14_dinov2", num_classes=0)
    model = get_model("vit_small_patch16_224", in_chans=3, num_classes=0, img_size=32)
    with pytest.raises(BandMismatchError, match="another patch size"):
        load_adapted(model, dinov2, src_bands=("red", "green", "blue"),
                     dst_bands=["blue", "green", "red"])
    with pytest.raises(ValueError, match="do not fit"):
        load_adapted(model, dinov2)


def test_position_embedding_resampling() -> None:
    model = get_model("vit_small_patch16_224", in_chans=3, num_classes=0, img_size=64)
    grid = torch.arange(14 * 14, dtype=torch.float32).reshape(1, 196, 1).expand(1, 196, 384)
    state = {"pos_embed": torch.cat([torch.full((1, 1, 384), -5.0), grid], dim=1)}
    fit_position_embedding(model, state)
    out = state["pos_embed"]
    assert out.shape == (1, 1 + 16, 384)
    assert torch.all(out[0, 0] == -5.0)
    # bicubic resampling of a ramp keeps it increasing along rows and columns
    rows = out[0, 1:, 0].reshape(4, 4)
    assert torch.all(rows[:, 1:] > rows[:, :-1]) and torch.all(rows[1:] > rows[:-1])
    # as timm resamples (antialiased): a smooth table 37 x 37 -> 4 x 4 equals its result
    from timm.layers import resample_abs_pos_embed

    table = torch.sin(torch.linspace(0, 6, 37 * 37 * 384)).reshape(1, 37 * 37, 384)
    weights = torch.cat([torch.full((1, 1, 384), -5.0), table], dim=1)
    state = {"pos_embed": weights.clone()}
    fit_position_embedding(model, state)
    expected = resample_abs_pos_embed(weights, new_size=[4, 4], old_size=[37, 37],
                                      num_prefix_tokens=1)
    torch.testing.assert_close(state["pos_embed"], expected)
    with pytest.raises(ValueError, match="not a square"):
        fit_position_embedding(model, {"pos_embed": torch.zeros(1, 1 + 15, 384)})
    with pytest.raises(ValueError, match="differ in width"):
        fit_position_embedding(model, {"pos_embed": torch.zeros(1, 197, 768)})


def test_builders_reject_bad_arguments() -> None:
    with pytest.raises(ValueError, match="in_chans must be at least 1"):
        get_model("vit_small_patch16_224", in_chans=0)
    with pytest.raises(ValueError, match="num_classes must be >= 0"):
        get_model("swin_v2_t", num_classes=-1)
    with pytest.raises(ValueError, match="not a vision transformer"):
        build_vit("resnet18")
    with pytest.raises(ValueError, match="unknown Swin-V2 architecture 'swin_v3_t'"):
        build_swin_v2("swin_v3_t")
    with pytest.raises(ValueError, match="in_chans=4 but 3 bands"):
        get_model("swin_v2_t", bands=["B04", "B03", "B02"], in_chans=4)


def test_weights_of_another_transformer_are_refused_before_download(hub_dir: Path) -> None:
    with pytest.raises(ValueError, match="are for 'vit_small_patch16_224'"):
        get_model("vit_base_patch16_224", weights="vit_small_patch16_224.sentinel2_all_dino")
    with pytest.raises(ValueError, match="are for 'swin_v2_b'"):
        get_model("swin_v2_t", weights="Swin_V2_B_Weights.NAIP_RGB_SI_SATLAS")
    assert not hub_dir.exists()
