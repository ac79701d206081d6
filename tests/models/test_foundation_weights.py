"""Published foundation-model weights: every registered file's layout loads strictly.

The layouts below are written down from the publishers' files (key names and tensor shapes as
released, not read off the models under test):

- DOFA (TorchGeo's copies of the publisher's MAE encoders): ``cls_token``, the fixed
  ``pos_embed``, ``patch_embed.weight_generator`` (one ``nn.TransformerEncoderLayer`` of width
  128 with the default 2048-wide feed-forward, ``fc_weight`` ``[p*p*D, 128]``, ``fc_bias``,
  128 ``weight_tokens``, one ``bias_token``), ``patch_embed.fclayer.w1/w2``, timm ``blocks``;
  no final norm and no head;
- Prithvi-EO-2.0: the whole MAE, ``encoder.*`` (3-D ``patch_embed.proj`` ``[D, 6, 1, p, p]``,
  ``pos_embed`` for 4 frames of 224 px, ``blocks``, ``norm``, and in the ``-TL`` files the
  learned ``temporal_embed_enc.scale``/``location_embed_enc.scale``) and ``decoder.*``
  (abridged here: the loader keeps the ``encoder.`` part only);
- Scale-MAE (TorchGeo's copy): a timm ViT-L/16 encoder (``pos_embed`` 14x14 + class token);
- CROMA: one file of nested state dicts ``s1_encoder``, ``s1_GAP_FFN``, ``s2_encoder``,
  ``s2_GAP_FFN``, ``joint_encoder`` (flattened with dots by the loader);
- Panopticon: the DINOv2 ViT-B/14 teacher (``pos_embed`` for 518 px, ``mask_token``, LayerScale)
  with the spectral patch embedding ``patch_embed.conv3d.conv3d``, ``patch_embed.chnfus.*``,
  ``patch_embed.proj``;
- Copernicus-FM: see :func:`copernicusfm_layout`.

Every registered entry is checked on the **meta device** (names and shapes through the same
``extract_state_dict`` + ``load_adapted`` calls that loading a download makes, without
allocating: the large models would need gigabytes). Small stand-ins of the same layouts also
run the whole path with real values: written to disk, served over HTTP, verified, loaded.
"""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
import torch

from geoplug.core.weights import Weights, extract_state_dict
from geoplug.models import get_model, load_weights, names, weights_info, weights_names
from geoplug.models._catalog_foundation import MODELS, UNVERIFIED, WEIGHTS
from geoplug.models.adapt import load_adapted
from testkit.http import Served
from testkit.weights import publish

Layout = dict[str, Any]  # key -> shape, or a nested layout (CROMA's file)
MINE = sorted(w["name"] for w in WEIGHTS)


def vit_blocks(prefix: str, width: int, depth: int, *, layerscale: bool = False) -> Layout:
    out: Layout = {}
    for i in range(depth):
        b = f"{prefix}blocks.{i}"
        out |= {f"{b}.norm1.weight": (width,), f"{b}.norm1.bias": (width,),
                f"{b}.attn.qkv.weight": (3 * width, width), f"{b}.attn.qkv.bias": (3 * width,),
                f"{b}.attn.proj.weight": (width, width), f"{b}.attn.proj.bias": (width,),
                f"{b}.norm2.weight": (width,), f"{b}.norm2.bias": (width,),
                f"{b}.mlp.fc1.weight": (4 * width, width), f"{b}.mlp.fc1.bias": (4 * width,),
                f"{b}.mlp.fc2.weight": (width, 4 * width), f"{b}.mlp.fc2.bias": (width,)}
        if layerscale:
            out |= {f"{b}.ls1.gamma": (width,), f"{b}.ls2.gamma": (width,)}
    return out


def vit_layout(width: int, depth: int, patch: int, bands: int = 3) -> Layout:
    """A timm ViT encoder (MAE's): class token, 224-px position table, blocks, final norm."""
    grid = 224 // patch
    return {"cls_token": (1, 1, width), "pos_embed": (1, 1 + grid * grid, width),
            "patch_embed.proj.weight": (width, bands, patch, patch),
            "patch_embed.proj.bias": (width,), **vit_blocks("", width, depth),
            "norm.weight": (width,), "norm.bias": (width,)}


def dofa_layout(width: int, depth: int, patch: int = 16) -> Layout:
    g = "patch_embed.weight_generator."
    t = f"{g}transformer_encoder.layers.0."
    grid = 224 // patch
    return {
        "cls_token": (1, 1, width), "pos_embed": (1, 1 + grid * grid, width),
        f"{g}weight_tokens": (128, 128), f"{g}bias_token": (1, 128),
        f"{t}self_attn.in_proj_weight": (384, 128), f"{t}self_attn.in_proj_bias": (384,),
        f"{t}self_attn.out_proj.weight": (128, 128), f"{t}self_attn.out_proj.bias": (128,),
        f"{t}linear1.weight": (2048, 128), f"{t}linear1.bias": (2048,),
        f"{t}linear2.weight": (128, 2048), f"{t}linear2.bias": (128,),
        f"{t}norm1.weight": (128,), f"{t}norm1.bias": (128,),
        f"{t}norm2.weight": (128,), f"{t}norm2.bias": (128,),
        f"{g}fc_weight.weight": (patch * patch * width, 128),
        f"{g}fc_weight.bias": (patch * patch * width,),
        f"{g}fc_bias.weight": (width, 128), f"{g}fc_bias.bias": (width,),
        "patch_embed.fclayer.w1.weight": (128, 128), "patch_embed.fclayer.w1.bias": (128,),
        "patch_embed.fclayer.w2.weight": (128, 128), "patch_embed.fclayer.w2.bias": (128,),
        **vit_blocks("", width, depth),
    }


def _hypernet(prefix: str, width: int, patch: int) -> Layout:
    """DOFA's weight generator and residual MLP under ``prefix`` (Copernicus-FM reuses them)."""
    dofa = dofa_layout(width, 0, patch)
    return {k.replace("patch_embed.", prefix, 1): v for k, v in dofa.items()
            if k.startswith("patch_embed.")}


def copernicusfm_layout(width: int = 768, depth: int = 12) -> Layout:
    out: Layout = {"cls_token": (1, 1, width), "pos_embed": (1, 197, width),
                   **_hypernet("patch_embed_spectral.", width, 16),
                   **_hypernet("patch_embed_variable.", width, 16),
                   "patch_embed_variable.language_proj.weight": (128, 2048),
                   "patch_embed_variable.language_proj.bias": (128,),
                   **vit_blocks("", width, depth)}
    for what in ("coord", "scale", "time"):
        out |= {f"{what}_fc.weight": (width, width), f"{what}_fc.bias": (width,),
                f"{what}_token": (1, 1, width)}
    return out


def prithvi_layout(width: int, depth: int, patch: int, *, tl: bool, bands: int = 6) -> Layout:
    grid = 224 // patch
    e = "encoder."
    out: Layout = {f"{e}cls_token": (1, 1, width), f"{e}pos_embed": (1, 1 + 4 * grid**2, width),
                   f"{e}patch_embed.proj.weight": (width, bands, 1, patch, patch),
                   f"{e}patch_embed.proj.bias": (width,),
                   **vit_blocks(e, width, depth),
                   f"{e}norm.weight": (width,), f"{e}norm.bias": (width,)}
    if tl:
        out |= {f"{e}temporal_embed_enc.scale": (1,), f"{e}location_embed_enc.scale": (1,),
                "decoder.temporal_embed_dec.scale": (1,), "decoder.location_embed_dec.scale": (1,)}
    # the MAE decoder (512 wide, 8 blocks), abridged to its first block
    return out | {"decoder.mask_token": (1, 1, 512), "decoder.decoder_embed.weight": (512, width),
                  "decoder.decoder_embed.bias": (512,),
                  "decoder.decoder_pos_embed": (1, 1 + 4 * grid**2, 512),
                  **vit_blocks("decoder.decoder_", 512, 1),
                  "decoder.decoder_norm.weight": (512,), "decoder.decoder_norm.bias": (512,),
                  "decoder.decoder_pred.weight": (patch * patch * bands, 512),
                  "decoder.decoder_pred.bias": (patch * patch * bands,)}


def _croma_transformer(prefix: str, width: int, depth: int, *, cross: bool) -> Layout:
    out: Layout = {}
    for i in range(depth):
        layer = f"{prefix}layers.{i}"
        attn: Layout = {f"{layer}.0.to_qkv.weight": (3 * width, width)}
        if cross:
            attn |= {f"{layer}.1.to_{x}.weight": (width, width) for x in "qkv"}
            attn |= {f"{layer}.1.to_out.weight": (width, width), f"{layer}.1.to_out.bias": (width,),
                     f"{layer}.1.input_norm.weight": (width,),
                     f"{layer}.1.input_norm.bias": (width,)}
        ffn = f"{layer}.{2 if cross else 1}"
        out |= attn | {f"{layer}.0.to_out.weight": (width, width),
                       f"{layer}.0.to_out.bias": (width,),
                       f"{layer}.0.input_norm.weight": (width,),
                       f"{layer}.0.input_norm.bias": (width,),
                       f"{ffn}.net.0.weight": (4 * width, width), f"{ffn}.net.0.bias": (4 * width,),
                       f"{ffn}.net.3.weight": (width, 4 * width), f"{ffn}.net.3.bias": (width,),
                       f"{ffn}.input_norm.weight": (width,), f"{ffn}.input_norm.bias": (width,)}
    return out | {f"{prefix}norm_out.weight": (width,), f"{prefix}norm_out.bias": (width,)}


def croma_layout(width: int, depth: int) -> dict[str, Layout]:
    """CROMA's file: five nested state dicts."""
    def gap(w: int) -> Layout:
        return {"0.weight": (w,), "0.bias": (w,), "1.weight": (4 * w, w), "1.bias": (4 * w,),
                "3.weight": (w, 4 * w), "3.bias": (w,)}
    return {
        "s1_encoder": {"linear_input.weight": (width, 8 * 8 * 2), "linear_input.bias": (width,),
                       **_croma_transformer("transformer.", width, depth // 2, cross=False)},
        "s1_GAP_FFN": gap(width),
        "s2_encoder": {"linear_input.weight": (width, 8 * 8 * 12), "linear_input.bias": (width,),
                       **_croma_transformer("transformer.", width, depth, cross=False)},
        "s2_GAP_FFN": gap(width),
        "joint_encoder": _croma_transformer("", width, depth // 2, cross=True),
    }


def panopticon_layout() -> Layout:
    """The DINOv2 ViT-B/14 teacher at 518 px (37x37 patches) with the spectral embedding."""
    c, a = "patch_embed.chnfus.", 2304
    return {"cls_token": (1, 1, 768), "pos_embed": (1, 1 + 37 * 37, 768), "mask_token": (1, 768),
            "patch_embed.conv3d.conv3d.weight": (a, 1, 1, 14, 14),
            "patch_embed.conv3d.conv3d.bias": (a,),
            f"{c}chnemb.embed_transmit": (2, a // 3), f"{c}chnemb.embed_receive": (2, a // 3),
            f"{c}chnemb.embed_orbit": (2, a // 3), f"{c}query": (1, 1, a),
            f"{c}xattn.inproj_k.weight": (a, a), f"{c}xattn.inproj_v.weight": (a, a),
            "patch_embed.proj.weight": (768, a), "patch_embed.proj.bias": (768,),
            **vit_blocks("", 768, 12, layerscale=True),
            "norm.weight": (768,), "norm.bias": (768,)}


# name of the model -> (layout of its published file, keyword arguments to build it)
DOFA = {"dofa_base_patch16_224": (768, 12), "dofa_large_patch16_224": (1024, 24)}
CROMA = {"croma_base": (768, 12), "croma_large": (1024, 24)}
PRITHVI = {"prithvi_eo_v2_300": (1024, 24, 16), "prithvi_eo_v2_600": (1280, 32, 14)}
S2_RGB_UM = [0.665, 0.56, 0.49]


def published(model: str) -> tuple[Layout, dict[str, Any], set[str]]:
    """The published file's layout for ``model``, how to build the model, and the model keys
    that the file does not hold (they keep their initialisation)."""
    if model in DOFA:
        return dofa_layout(*DOFA[model]), {"wavelengths": S2_RGB_UM}, {
            "fc_norm.weight", "fc_norm.bias"}
    if model.removesuffix("_tl") in PRITHVI:
        return prithvi_layout(*PRITHVI[model.removesuffix("_tl")],
                              tl=model.endswith("_tl")), {}, set()
    if model == "scalemae_large_patch16":
        return vit_layout(1024, 24, 16), {}, set()
    if model in CROMA:
        return croma_layout(*CROMA[model]), {}, set()
    if model == "panopticon_vitb14":
        return panopticon_layout(), {"wavelengths": S2_RGB_UM}, set()
    if model == "copernicusfm_base":
        return copernicusfm_layout(), {"wavelengths": S2_RGB_UM,
                                       "bandwidths": [0.031, 0.036, 0.066]}, {
            "fc_norm.weight", "fc_norm.bias"}
    raise AssertionError(f"no layout written down for {model}")


def materialise(layout: Layout, device: str = "cpu", seed: int = 0) -> dict[str, Any]:
    """Tensors for a layout (nested layouts give nested dicts, as CROMA publishes them)."""
    gen = torch.Generator().manual_seed(seed)

    def make(part: Layout) -> dict[str, Any]:
        out: dict[str, Any] = {}
        for key, shape in part.items():
            if isinstance(shape, dict):
                out[key] = make(shape)
            elif device == "meta":
                out[key] = torch.empty(shape, device="meta")
            else:
                out[key] = torch.randn(shape, generator=gen) * 0.02
        return out

    return make(layout)


# --- the catalog ---------------------------------------------------------------------------------
def test_the_catalog_registers_every_model_and_weight() -> None:
    models = {m["name"] for m in MODELS}
    assert {"dofa_small_patch16_224", "dofa_base_patch16_224", "dofa_large_patch16_224",
            "dofa_huge_patch14_224", "prithvi_eo_v2_300", "prithvi_eo_v2_600"} <= models
    assert models <= set(names())
    assert set(MINE) <= set(weights_names())
    assert weights_info("DOFABase16_Weights.DOFA_MAE").url.endswith(
        "dofa_base_patch16_224-a0275954.pth")
    assert weights_info("PrithviV2_Weights.EO_V2_300").sha256 == "faab2c8b"


def test_listing_imports_no_torch() -> None:
    code = ("import sys; from geoplug.models import _plugin; "
            "n = len(_plugin.geoplug_weights()) + len(_plugin.geoplug_models()); "
            "assert 'torch' not in sys.modules and 'timm' not in sys.modules, 'torch imported'; "
            "print(n)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         timeout=120)
    assert out.returncode == 0, out.stderr
    assert int(out.stdout) >= len(MINE) + len(MODELS)


@pytest.mark.parametrize("name", MINE)
def test_entry_facts(name: str) -> None:
    spec = weights_info(name)
    assert spec.url.startswith("https://") and spec.license and spec.citation
    assert len(spec.mean) == len(spec.std) in (0, spec.in_chans)
    if spec.bands:
        assert len(spec.bands) == spec.in_chans
    if spec.sha256 is None:
        assert name in {w["name"] for w in UNVERIFIED}
    else:
        assert re.fullmatch(r"[0-9a-f]{8}|[0-9a-f]{64}", spec.sha256)
        prefix = re.search(r"-([0-9a-f]{8})\.pth?$", spec.url)
        assert prefix is None or spec.sha256.startswith(prefix.group(1))


@pytest.mark.parametrize("name", MINE)
def test_published_layout_loads_strictly(name: str) -> None:
    spec = weights_info(name)
    layout, build, fresh = published(spec.model)
    # the same unwrapping (state_dict_prefix) that reading the downloaded file does
    state = extract_state_dict(materialise(layout, "meta"), spec.state_dict_prefix)
    with torch.device("meta"):
        model = get_model(spec.model, num_classes=0, **build)
    left = load_adapted(model, state, src_bands=spec.bands,
                        dst_bands=list(spec.bands) if spec.bands else None,
                        src_sensor=spec.sensor or None, dst_sensor=spec.sensor or None)
    assert set(left) == fresh
    # one key missing, one too many, or one mis-shaped: refused
    key = sorted(state)[len(state) // 2]
    for broken in ({k: v for k, v in state.items() if k != key},
                   {**state, "extra.weight": torch.empty(3, device="meta")},
                   {**state, key: torch.empty(5, 5, device="meta")}):
        with torch.device("meta"):
            fresh_model = get_model(spec.model, num_classes=0, **build)
        with pytest.raises(ValueError, match="do not fit"):
            load_adapted(fresh_model, broken)


# --- the whole path with real values (small stand-ins of the published layouts) -----------------
def test_dofa_file_downloads_verifies_and_loads(http_server: Served, hub_dir: Path) -> None:
    # a DOFA-S/16 file in the published layout, registered like the base weights
    state = materialise(dofa_layout(384, 12), seed=4)
    url, digest = publish(http_server, "dofa_small_patch16_224-test.pth", state)
    spec = weights_info("dofa_base_patch16_224.dofa_mae").model_copy(
        update={"url": url, "sha256": digest, "model": "dofa_small_patch16_224"})
    model = get_model("dofa_small_patch16_224", weights=Weights(spec),
                      bands=["B04", "B03", "B02", "B08"], sensor="sentinel2", num_classes=3,
                      progress=False).eval()
    assert (hub_dir / Weights(spec).cache_name).is_file()
    torch.testing.assert_close(model.patch_embed.weight_generator.fc_weight.weight,
                               state["patch_embed.weight_generator.fc_weight.weight"])
    torch.testing.assert_close(model.blocks[11].mlp.fc2.weight, state["blocks.11.mlp.fc2.weight"])
    torch.testing.assert_close(model.wavelengths, torch.tensor([0.6646, 0.5598, 0.4924, 0.8328]))
    # the same weights embed another sensor's bands, given by wavelength
    landsat = get_model("dofa_small_patch16_224", weights=Weights(spec),
                        bands=["B2", "B3", "B4", "B5", "B6", "B7"], sensor=["landsat8"],
                        num_classes=0, progress=False).eval()
    with torch.no_grad():
        assert model(torch.randn(2, 4, 224, 224)).shape == (2, 3)
        assert landsat(torch.randn(2, 6, 224, 224)).shape == (2, 384)


def test_prithvi_file_keeps_the_encoder_and_places_bands(http_server: Served,
                                                         hub_dir: Path) -> None:
    from geoplug.models.foundation.prithvi import Prithvi

    # a 2-block, 64-wide stand-in of the 300M file (same key names, smaller shapes)
    state = materialise(prithvi_layout(64, 2, 16, tl=False), seed=5)
    url, digest = publish(http_server, "Prithvi_EO_V2_300M.pt", state)
    spec = weights_info("prithvi_eo_v2_300.hls_mae").model_copy(
        update={"url": url, "sha256": digest})
    model = Prithvi(name="prithvi_eo_v2_300", in_chans=3, embed_dim=64, depth=2, num_heads=4,
                    patch_size=16, coords=False)
    load_weights(model, Weights(spec), bands=["RED", "GREEN", "B8A"], sensor="hls",
                 progress=False)
    kernel = state["encoder.patch_embed.proj.weight"]  # [64, 6, 1, 16, 16]
    for i, src in enumerate((2, 1, 3)):  # BLUE, GREEN, RED, NIR_NARROW, SWIR_1, SWIR_2
        torch.testing.assert_close(model.patch_embed.proj.weight[:, i], kernel[:, src])
    torch.testing.assert_close(model.norm.weight, state["encoder.norm.weight"])
    x = torch.randn(1, 2, 3, 32, 48)  # [B, T, C, H, W]
    assert model.forward_features(x).shape == (1, 1 + 2 * 2 * 3, 64)


def test_croma_nested_file_loads_for_one_or_both_sensors(http_server: Served,
                                                         hub_dir: Path) -> None:
    from geoplug.models.foundation.croma import CROMA, S2_BANDS

    # a 64-wide, 2-block stand-in of CROMA's file: five nested state dicts
    state = materialise(croma_layout(64, 2), seed=6)
    assert isinstance(state["s1_encoder"], dict)
    url, digest = publish(http_server, "CROMA_base.pt", state)
    spec = weights_info("croma_base.croma_vit").model_copy(update={"url": url, "sha256": digest})
    both = CROMA(name="croma_base", dim=64, depth=2, bands=spec.bands)
    load_weights(both, Weights(spec), progress=False)
    torch.testing.assert_close(both.joint_encoder.layers[0][1].to_k.weight,
                               state["joint_encoder"]["layers.0.1.to_k.weight"])
    torch.testing.assert_close(both.s1_GAP_FFN[3].weight, state["s1_GAP_FFN"]["3.weight"])
    # an optical-only model takes the same file; the radar and joint encoders are not needed
    optical = CROMA(name="croma_base", dim=64, depth=2, bands=S2_BANDS)
    load_weights(optical, Weights(spec), bands=list(S2_BANDS), sensor="sentinel2",
                 progress=False)
    torch.testing.assert_close(optical.s2_encoder.linear_input.weight,
                               state["s2_encoder"]["linear_input.weight"])
    assert optical(torch.randn(1, 12, 16, 16)).shape == (1, 64)
