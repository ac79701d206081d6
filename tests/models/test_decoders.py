"""UPerNet and feature-pyramid heads on ViT, Swin and CNN encoders; smp's U-Net, DeepLabV3+
and FPN, and TorchGeo U-Net checkpoints loading into geoplug's ``unet_smp``."""

from __future__ import annotations

from pathlib import Path

import pytest
import torch
from torch import nn

from geoplug.models import get_model
from geoplug.models.adapt import backbone_of, load_adapted
from geoplug.models.decoders import EncoderDecoder, multilevel_features, vit_indices
from geoplug.models.smp_models import load_smp_state_dict
from testkit.standins import standin_models

torch.set_num_threads(2)


@pytest.mark.parametrize("decoder", ["upernet", "fpn"])
@pytest.mark.parametrize(("encoder", "kind", "size"), [
    ("timm/test_vit", "vit", (160, 160)),
    ("timm/test_resnet", "cnn", (48, 80)),
])
def test_decoders_give_logits_at_the_input_size(decoder: str, encoder: str, kind: str,
                                                 size: tuple[int, int]) -> None:
    torch.manual_seed(0)
    model = get_model(decoder, encoder=encoder, in_chans=5, num_classes=4, decoder_channels=16)
    assert isinstance(model, EncoderDecoder) and model.kind == kind
    out = model(torch.randn(2, 5, *size))
    assert out.shape == (2, 4, *size) and out.dtype == torch.float32
    assert bool(torch.isfinite(out).all())
    # the encoder keeps its registry name, so registered backbone weights find it
    assert backbone_of(model) == (encoder, model.encoder)


def test_vit_levels_are_the_blocks_tokens_as_maps() -> None:
    torch.manual_seed(0)
    model = get_model("upernet", encoder="timm/test_vit", in_chans=3, num_classes=2,
                      decoder_channels=8)
    depth = len(model.encoder.blocks)
    assert model.indices == vit_indices(depth) == [0, 2, 3, 5]  # 6 blocks, the last included
    assert vit_indices(12) == [2, 5, 8, 11] and vit_indices(24) == [5, 11, 17, 23]
    x = torch.randn(2, 3, 160, 160)
    with torch.no_grad():
        ours = multilevel_features(model.encoder, x, "vit", model.indices)
        # timm's own reading of the same blocks, un-normalised, as NCHW grids
        theirs = model.encoder.forward_intermediates(x, indices=model.indices, norm=False,
                                                     output_fmt="NCHW", intermediates_only=True)
    assert [tuple(f.shape) for f in ours] == [(2, 64, 10, 10)] * 4
    for a, b in zip(ours, theirs):
        torch.testing.assert_close(a, b)
    with torch.no_grad():  # the simple pyramid makes strides 4, 8, 16 and 32
        pyramid = model.neck(ours)
    assert [tuple(f.shape[-2:]) for f in pyramid] == [(40, 40), (20, 20), (10, 10), (5, 5)]


def test_swin_levels_are_its_four_stages() -> None:
    torch.manual_seed(0)
    model = get_model("upernet", encoder="swin_v2_t", in_chans=4, num_classes=3,
                      decoder_channels=16).eval()  # no stochastic depth
    assert model.kind == "swin"
    x = torch.randn(1, 4, 64, 96)
    with torch.no_grad():
        levels = multilevel_features(model.encoder, x, "swin")
        expected = []
        h = x
        for i, stage in enumerate(model.encoder.features):
            h = stage(h)
            if i in (1, 3, 5, 7):
                expected.append(h.permute(0, 3, 1, 2))
        out = model(x)
    assert [tuple(f.shape[1:]) for f in levels] == [(96, 16, 24), (192, 8, 12), (384, 4, 6),
                                                     (768, 2, 3)]
    for a, b in zip(levels, expected):
        torch.testing.assert_close(a, b)
    assert out.shape == (1, 3, 64, 96)
    # Satlas-style classifier weights (with their ImageNet head) load into the encoder
    source = get_model("swin_v2_t", in_chans=4, num_classes=1000)
    skipped = load_adapted(model.encoder, source.state_dict())
    assert skipped == [] or all(k.startswith("head") for k in skipped)
    torch.testing.assert_close(model.encoder.features[0][0].weight,
                               source.features[0][0].weight)


def test_backbone_weights_load_into_the_vit_encoder() -> None:
    torch.manual_seed(0)
    model = get_model("fpn", encoder="timm/test_vit", in_chans=4, num_classes=2,
                      decoder_channels=8)
    classifier = get_model("timm/test_vit", in_chans=4, num_classes=10)
    load_adapted(model.encoder, classifier.state_dict())
    for key, value in model.encoder.state_dict().items():
        torch.testing.assert_close(value, classifier.state_dict()[key])


def test_time_series_encoder_stacks_frames_on_channels() -> None:
    torch.manual_seed(0)
    with standin_models():
        model = get_model("upernet", encoder="tiny_prithvi", in_chans=6, num_classes=3,
                          frames=3, decoder_channels=16)
        x = torch.randn(2, 3, 6, 32, 32)  # [B, T, C, H, W]
        with torch.no_grad():
            levels = multilevel_features(model.encoder, x, "vit", model.indices, frames=3)
            out = model(x)
    assert [tuple(f.shape) for f in levels] == [(2, 3 * 32, 4, 4)] * 4
    assert out.shape == (2, 3, 32, 32)
    # the frames are not averaged away: changing one frame changes the prediction
    x2 = x.clone()
    x2[:, 2] += 1
    with torch.no_grad():
        assert not torch.allclose(model(x2), out)
    with pytest.raises(ValueError, match="stacks 3 frame"):
        model(torch.randn(1, 4, 6, 32, 32))


def test_time_series_of_any_length_with_mean_pooling() -> None:
    torch.manual_seed(0)
    with standin_models():
        model = get_model("fpn", encoder="tiny_prithvi", in_chans=6, num_classes=2,
                          temporal="mean", decoder_channels=8).eval()
    x = torch.randn(1, 5, 6, 32, 32)
    with torch.no_grad():
        levels = multilevel_features(model.encoder, x, "vit", model.indices, temporal="mean")
        stacked = multilevel_features(model.encoder, x, "vit", model.indices, frames=5)
        assert model(x).shape == model(x[:, :2]).shape == (1, 2, 32, 32)
    assert [tuple(f.shape) for f in levels] == [(1, 32, 4, 4)] * 4
    # the mean of the five frames' maps
    torch.testing.assert_close(levels[0], stacked[0].reshape(1, 5, 32, 4, 4).mean(1))


def test_decoder_errors() -> None:
    with standin_models(), pytest.raises(ValueError, match="RecordingModel gives no multi"):
        get_model("upernet", encoder="recording_model", in_chans=3, num_classes=2)
    with pytest.raises(ValueError, match="takes no wavelengths"):
        get_model("upernet", encoder="timm/test_vit", wavelengths=[0.49, 0.56, 0.665])
    with pytest.raises(ValueError, match=r"4 block indices in \[0, 6\)"):
        get_model("upernet", encoder="timm/test_vit", feature_indices=[1, 2, 9, 5])
    with pytest.raises(ValueError, match="decoder must be 'upernet' or 'fpn'"):
        EncoderDecoder("timm/test_vit", decoder="segformer")  # type: ignore[arg-type]


def test_spectral_arguments_reach_an_any_sensor_encoder() -> None:
    # the stand-in has no ViT blocks; what matters is what its builder received
    with standin_models() as received, pytest.raises(ValueError, match="no multi-level"):
        get_model("upernet", encoder="recording_model", in_chans=3,
                  wavelengths=[0.49, 0.56, 0.665], gsd=10.0)
    assert received[-1]["wavelengths"] == [0.49, 0.56, 0.665] and received[-1]["gsd"] == 10.0


# ---------------------------------------------------------------- segmentation_models_pytorch


@pytest.mark.parametrize("name", ["deeplabv3plus", "fpn_smp", "unet_smp"])
def test_smp_models_on_a_timm_encoder(name: str) -> None:
    model = get_model(name, encoder="timm/test_resnet", in_chans=7, num_classes=5)
    assert model(torch.randn(2, 7, 64, 64)).shape == (2, 5, 64, 64)
    keys = list(model.state_dict())
    assert keys[0].startswith("encoder.model.")  # smp's timm-universal encoder ("tu-")
    assert any(k.startswith("segmentation_head.") for k in keys)


def test_a_torchgeo_unet_checkpoint_loads(tmp_path: Path) -> None:
    """TorchGeo's Fields of The World U-Net: smp.Unet, efficientnet-b3 encoder, 8 bands (two
    dates of B4, B3, B2, B8A), 2 classes. Its checkpoint's key names and shapes, random
    values, saved as TorchGeo's Lightning task saves it (``state_dict``, ``model.`` prefix)."""
    import segmentation_models_pytorch as smp

    torch.manual_seed(0)
    reference = smp.Unet(encoder_name="efficientnet-b3", encoder_weights=None, in_channels=8,
                         classes=2).eval()
    state = reference.state_dict()
    published = {"encoder._conv_stem.weight": (40, 8, 3, 3),
                 "decoder.blocks.0.conv1.0.weight": (256, 520, 3, 3),
                 "segmentation_head.0.weight": (2, 16, 3, 3)}
    for key, shape in published.items():
        assert tuple(state[key].shape) == shape, key
    path = tmp_path / "ftw_unet.ckpt"
    torch.save({"state_dict": {f"model.{k}": v for k, v in state.items()},
                "hyper_parameters": {"model": "unet", "backbone": "efficientnet-b3"}}, path)

    model = get_model("unet_smp", encoder="efficientnet-b3", in_chans=8, num_classes=2)
    load_smp_state_dict(model, path)
    x = torch.randn(1, 8, 64, 64)
    with torch.no_grad():
        torch.testing.assert_close(model.eval()(x), reference(x))
    # a plain state dict (the published .pth) loads too
    load_smp_state_dict(get_model("unet_smp", encoder="efficientnet-b3", in_chans=8,
                                  num_classes=2), state)
    wrong = get_model("unet_smp", encoder="efficientnet-b3", in_chans=8, num_classes=3)
    with pytest.raises(ValueError, match=r"other shapes: segmentation_head\.0\.bias"):
        load_smp_state_dict(wrong, path)
    with pytest.raises(FileNotFoundError, match="no checkpoint file"):
        load_smp_state_dict(wrong, tmp_path / "missing.ckpt")


def test_unknown_smp_encoder_is_a_clear_error() -> None:
    with pytest.raises(ValueError, match="has no encoder 'resnet5'"):
        get_model("deeplabv3plus", encoder="resnet5")


@pytest.mark.parametrize("size", [(64, 63), (48, 47), (32, 30), (64, 64)])
def test_vit_tokens_are_laid_on_the_patch_grid_of_any_input(size: tuple[int, int]) -> None:
    # a 64 x 63 input makes a 4 x 3 grid of 16-px patches (Prithvi's embedding drops the
    # rest); the grid guessed from the aspect was 3 x 4, re-tiling every feature map
    from geoplug.models.foundation.prithvi import Prithvi

    torch.manual_seed(0)
    encoder = Prithvi(name="p", in_chans=6, embed_dim=32, depth=2, num_heads=2, patch_size=16,
                      coords=False).eval()
    x = torch.randn(1, 6, *size)
    captured: list[torch.Tensor] = []
    hook = encoder.blocks[1].register_forward_hook(lambda _m, _i, out: captured.append(out))
    with torch.no_grad():
        maps = multilevel_features(encoder, x, "vit", indices=[1, 1, 1, 1])
    hook.remove()
    rows, cols = size[0] // 16, size[1] // 16
    assert maps[0].shape[-2:] == (rows, cols)
    tokens = captured[0][:, -rows * cols:]  # after the class token
    for i, j in ((0, 0), (0, cols - 1), (rows - 1, 0), (rows - 1, cols - 1)):
        torch.testing.assert_close(maps[0][0, :, i, j], tokens[0, i * cols + j])


def test_padded_vit_tokens_follow_timms_grid() -> None:
    model = get_model("upernet", encoder="vit_small_patch16_224", in_chans=3, num_classes=2,
                      encoder_kwargs={"dynamic_img_size": True, "dynamic_img_pad": True}).eval()
    seen: dict[str, tuple[int, ...]] = {}
    hook = model.neck.register_forward_pre_hook(
        lambda _m, inputs: seen.update(grid=tuple(inputs[0][0].shape[-2:])))
    with torch.no_grad():
        out = model(torch.randn(1, 3, 17, 16))  # padded to 32 x 16: 2 x 1 patches
    hook.remove()
    assert seen["grid"] == (2, 1) and out.shape == (1, 2, 17, 16)


class _Level(nn.Module):
    """A decoder that passes the stride-16 map on unchanged."""

    def forward(self, features: list[torch.Tensor]) -> torch.Tensor:
        return features[2]


def _patch_means(enc: nn.Module) -> None:
    """A 16 px ViT made to give each patch's mean, passed through its blocks."""
    with torch.no_grad():
        enc.patch_embed.proj.weight.fill_(1 / 256)
        enc.patch_embed.proj.bias.zero_()
        enc.pos_embed.zero_()
        enc.cls_token.zero_()
        for block in enc.blocks:
            for param in block.parameters():
                param.zero_()
            block.norm1.weight.fill_(1)
            block.norm2.weight.fill_(1)


@pytest.mark.parametrize(("size", "edge"), [((96, 64), 48), ((100, 70), 48), ((100, 70), 80),
                                            ((113, 70), 64), ((113, 70), 96)])
def test_a_padded_vits_logits_keep_their_place(size: tuple[int, int], edge: int) -> None:
    # a ViT padding its input to whole patches (dynamic_img_pad): the logits of the padded
    # 112 x 80 area were squeezed onto 100 x 70, every prediction moved up to 11 px up-left

    model = get_model("upernet", encoder="vit_small_patch16_224", in_chans=1, num_classes=1,
                      encoder_kwargs={"dynamic_img_size": True, "dynamic_img_pad": True,
                                      "depth": 4, "embed_dim": 64, "num_heads": 2}).eval()
    _patch_means(model.encoder)
    model.neck, model.decoder, model.head = None, _Level(), nn.Identity()
    x = torch.zeros(1, 1, *size)
    x[..., edge:, :] = 1.0  # a horizontal edge on a patch boundary
    with torch.no_grad():
        out = model(x)
    assert tuple(out.shape[-2:]) == size
    column = out[0, 0, :, size[1] // 2]
    assert int((column >= 0.5).nonzero()[0]) == edge


def _pass_through(model: EncoderDecoder) -> EncoderDecoder:
    """The decoder and classifier made to carry channel 0 unchanged (centre taps of 1, the
    pyramid pooling off): the logits are the encoder's levels, placed as the decoder places
    them."""
    with torch.no_grad():
        for conv in [*model.decoder.modules(), model.head[1]]:
            if isinstance(conv, nn.Conv2d):
                conv.weight.zero_()
                if conv.bias is not None:
                    conv.bias.zero_()
                conv.weight[0, 0, conv.kernel_size[0] // 2, conv.kernel_size[1] // 2] = 1.0
        for branch in getattr(model.decoder, "ppm", []):
            branch[1].weight.zero_()
    return model


def _first_row_below_half(out: torch.Tensor) -> int:
    column = out[0, 0, :, out.shape[-1] // 2]
    return int((column < column.max() / 2).nonzero()[0])


@pytest.mark.parametrize("decoder", ["upernet", "fpn"])
@pytest.mark.parametrize(("size", "edge"), [((200, 200), 128), ((200, 200), 160),
                                            ((100, 72), 64), ((225, 200), 128)])
def test_a_swins_padded_levels_keep_their_place(decoder: str, size: tuple[int, int],
                                                edge: int) -> None:
    # torchvision's Swin pads odd levels at the bottom and right before merging patches: on a
    # 200-px input the stride-16 and stride-32 levels cover 208 and 224 px, and the decoder
    # stretched them over 200, moving the stride-32 level up to 17 px up (an edge at row 128
    # of 200 came out at row 124 from the FPN head, 127 from UPerNet)
    model = get_model(decoder, encoder="swin_v2_t", in_chans=1, num_classes=1,
                      decoder_channels=8).eval()
    features = model.encoder.features
    with torch.no_grad():  # the encoder: each cell's mean over the pixels it covers
        stem = features[0][0]
        stem.weight.zero_()
        stem.bias.zero_()
        stem.weight[0, 0] = 1 / 16
        features[0][2] = nn.Identity()
        for stage in (1, 3, 5, 7):
            for block in features[stage]:  # residual branches off
                for norm in (block.norm1, block.norm2):
                    norm.weight.zero_()
                    norm.bias.zero_()
        for merge in (features[2], features[4], features[6]):  # torchvision's padding kept
            width = merge.reduction.in_features // 4
            merge.reduction.weight.zero_()
            merge.reduction.weight[0, 0::width] = 0.25
            merge.norm = nn.Identity()
    _pass_through(model)
    x = torch.zeros(1, 1, *size)
    x[..., :edge, :] = 1.0  # a horizontal edge on a stride-32 boundary
    with torch.no_grad():
        out = model(x)
    assert tuple(out.shape[-2:]) == size
    assert _first_row_below_half(out) == edge
    torch.testing.assert_close(out[0, 0, edge - 1, 0] + out[0, 0, edge, 0], out.max(),
                               atol=1e-4, rtol=0)  # a symmetric step about the edge


@pytest.mark.parametrize("decoder", ["upernet", "fpn"])
def test_a_padded_vits_odd_grid_keeps_the_pooled_level_in_place(decoder: str) -> None:
    # a 200-px input padded to 13 x 13 patches: the stride-32 level (a ceil-mode pool) has
    # 7 x 7 cells over 224 px, and was stretched over the 13 patches (an edge 9 px up)
    model = get_model(decoder, encoder="vit_small_patch16_224", in_chans=1, num_classes=1,
                      decoder_channels=8,
                      encoder_kwargs={"dynamic_img_size": True, "dynamic_img_pad": True,
                                      "depth": 4, "embed_dim": 64, "num_heads": 2}).eval()
    _patch_means(model.encoder)
    _pass_through(model)
    with torch.no_grad():  # the pooled level alone reaches the logits
        lateral = [*model.decoder.fpn.lateral, getattr(model.decoder, "bottleneck", None)]
        for conv in lateral[:3]:
            conv[0].weight.zero_()
    x = torch.zeros(1, 1, 200, 200)
    x[..., :128, :] = 1.0
    with torch.no_grad():
        out = model(x)
    assert _first_row_below_half(out) == 128
