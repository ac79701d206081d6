"""The foundation models as a user sees them: inputs from band names, outputs, and errors.

Weights and their key layouts are tested in ``test_foundation_weights.py``; here the models are
randomly initialised (small depths where the builder allows), in evaluation mode.
"""

from __future__ import annotations

import numpy as np
import pytest
import torch
from torch import nn

from geoplug.core import sensors
from geoplug.core.errors import BandMismatchError
from geoplug.core.sensors import NoWavelengthError
from geoplug.models import get_model
from geoplug.models.foundation.croma import CROMA, S1_BANDS, S2_BANDS, alibi_2d
from geoplug.models.foundation.dofa import DOFA, _pos_table
from geoplug.models.foundation.panopticon import channel_ids
from geoplug.models.foundation.prithvi import Prithvi
from geoplug.models.foundation.scalemae import gsd_position_encoding

RGB = ["B04", "B03", "B02"]


@pytest.fixture(autouse=True)
def _seed() -> None:
    torch.manual_seed(0)


def small_dofa(wavelengths: list[float]) -> DOFA:
    return DOFA(name="dofa_small_patch16_224", wavelengths=wavelengths, patch_size=16,
                embed_dim=64, depth=2, num_heads=4, img_size=64).eval()


# --- the sensor table feeds the any-sensor models ------------------------------------------------
def test_hls_bands_are_in_the_sensor_table() -> None:
    assert sensors.canonical_band("HLS", "B8A") == "NIR_NARROW"
    # the L30 product's own B05 is its NIR (S30's B05 is red edge: each has its sensor)
    assert 850 < sensors.band_wavelength("hls l30", "B05") < 880
    assert sensors.wavelengths(["BLUE", "SWIR_2"], "hls") == [480.0, 2200.0]
    assert sensors.rgb_bands("hls") == ("RED", "GREEN", "BLUE")


def test_dofa_takes_wavelengths_from_band_names() -> None:
    model = get_model("dofa_small_patch16_224", bands=[*RGB, "B8A"], sensor="S2", num_classes=2)
    torch.testing.assert_close(model.wavelengths, torch.tensor([0.6646, 0.5598, 0.4924, 0.8647]))
    by_hand = get_model("dofa_small_patch16_224", wavelengths=[0.48, 0.56, 0.655], num_classes=0)
    assert by_hand.in_chans == 3 and by_hand.num_features == 384
    # several sensors: each band is looked up in the first that has it
    landsat = get_model("dofa_small_patch16_224", bands=["SR_B4", "B10"],
                        sensor=["landsat8"], num_classes=0)
    torch.testing.assert_close(landsat.wavelengths, torch.tensor([0.655, 10.895]))
    # ...unless one sensor has them all: SSL4EO-L's OLI bands are OLI's, though TM is first
    oli = get_model("dofa_small_patch16_224", bands=["SR_B2", "SR_B5", "SR_B6"],
                    sensor=["Landsat 5 TM", "Landsat 8 OLI/TIRS"], num_classes=0)
    torch.testing.assert_close(oli.wavelengths, torch.tensor([0.48, 0.865, 1.61]))


def test_dofa_says_what_it_needs() -> None:
    with pytest.raises(NoWavelengthError, match=r"wavelengths=\[\.\.\.\] in micrometres"):
        get_model("dofa_base_patch16_224", in_chans=4)
    with pytest.raises(NoWavelengthError, match=r"bands=\[\.\.\.\] with sensor"):
        get_model("dofa_base_patch16_224", bands=RGB)  # no sensor
    with pytest.raises(ValueError, match="look like nanometres"):
        get_model("dofa_small_patch16_224", wavelengths=[665.0, 560.0])
    with pytest.raises(BandMismatchError, match="in_chans=4"):
        get_model("dofa_small_patch16_224", wavelengths=[0.665, 0.56], in_chans=4)
    with pytest.raises(ValueError, match="radar polarisations"):
        get_model("dofa_small_patch16_224", bands=["VV", "VH"], sensor="sentinel1")
    with pytest.raises(sensors.UnknownBandError):
        get_model("dofa_small_patch16_224", bands=["B13"], sensor="sentinel2")


def test_dofa_embedding_follows_the_wavelengths() -> None:
    model = small_dofa([0.665, 0.56, 0.49])
    x = torch.randn(2, 3, 64, 64)
    with torch.no_grad():
        built = model(x)
        same = model(x, wavelengths=[0.665, 0.56, 0.49])
        other = model(x, wavelengths=[0.842, 1.61, 2.19])
        five = model(torch.randn(1, 5, 64, 64), wavelengths=[0.44, 0.49, 0.56, 0.665, 0.842])
    torch.testing.assert_close(built, same)
    assert not torch.allclose(built, other, atol=1e-4)
    assert built.shape == (2, 64) and five.shape == (1, 64)
    kernel, bias = model.patch_embed.kernels(torch.tensor([0.665, 0.56, 0.49]))
    assert kernel.shape == (64, 3, 16, 16) and bias.shape == (64,)
    with pytest.raises(ValueError, match="has 4 bands but 3 wavelengths"):
        model(torch.randn(1, 4, 64, 64))
    with pytest.raises(ValueError, match="img_size"):
        model(torch.randn(1, 3, 96, 96))


def test_dofa_kernel_of_each_band_follows_its_wavelength() -> None:
    """Reordering the bands together with their wavelengths changes nothing: each band gets
    the kernel generated from its own wavelength (a [D, bands, k, k] view of the generator's
    [bands, k*k*D] output gave band 0 pieces of every band's kernel)."""
    waves = [0.49, 0.56, 0.665, 0.842]
    model = small_dofa(waves)
    x = torch.randn(2, 4, 64, 64)
    perm = [2, 0, 3, 1]
    with torch.no_grad():
        out = model(x)
        permuted = model(x[:, perm], wavelengths=[waves[i] for i in perm])
        kernel, _ = model.patch_embed.kernels(torch.tensor(waves))
        alone, _ = model.patch_embed.kernels(torch.tensor(waves)[perm])
    torch.testing.assert_close(out, permuted, atol=1e-5, rtol=1e-4)
    torch.testing.assert_close(kernel[:, perm], alone, atol=1e-6, rtol=1e-5)
    assert not torch.allclose(out, model(x[:, perm]), atol=1e-4)  # order does matter


# --- Prithvi-EO-2.0 ------------------------------------------------------------------------------
def small_prithvi(tl: bool = False, layout: str = "BTCHW") -> Prithvi:
    return Prithvi(name="prithvi_eo_v2_300", in_chans=6, embed_dim=64, depth=2, num_heads=4,
                   patch_size=16, coords=tl, layout=layout).eval()  # type: ignore[arg-type]


def test_prithvi_layouts_and_sizes() -> None:
    btchw, bcthw = small_prithvi(), small_prithvi(layout="BCTHW")
    bcthw.load_state_dict(btchw.state_dict())
    x = torch.randn(2, 3, 6, 32, 48)  # [B, T, C, H, W]: 3 frames of 2 x 3 patches
    with torch.no_grad():
        a = btchw(x)
        b = bcthw(x.transpose(1, 2))
        tokens = btchw.forward_features(x)
        single = btchw(x[:, 0])  # [B, C, H, W]: one frame
    torch.testing.assert_close(a, b)
    assert a.shape == (2, 64) and single.shape == (2, 64)
    assert tokens.shape == (2, 1 + 3 * 2 * 3, 64)
    with pytest.raises(ValueError, match="takes 6 bands but the input has 3"):
        btchw(x.transpose(1, 2))  # [B, C, T, ...] given to a BTCHW model
    square = btchw.forward_features(torch.randn(1, 2, 6, 32, 32))
    assert btchw.feature_maps(square, frames=2).shape == (1, 2 * 64, 2, 2)
    with pytest.raises(ValueError, match="layout must be"):
        get_model("prithvi_eo_v2_300", layout="TCHW")


def test_prithvi_tl_uses_date_and_location() -> None:
    model = small_prithvi(tl=True)
    x = torch.randn(1, 2, 6, 32, 32)
    dates = torch.tensor([[[2021.0, 100.0], [2021.0, 250.0]]])
    place = torch.tensor([[46.5, 7.4]])
    with torch.no_grad():
        plain = model(x)
        dated = model(x, dates)
        placed = model(x, dates, place)
    assert not torch.allclose(plain, dated) and not torch.allclose(dated, placed)
    with pytest.raises(ValueError, match=r"temporal_coords must be \[B, T, 2\]"):
        model(x, dates[:, :1])
    with pytest.raises(ValueError, match=r"location_coords must be \[B, 2\]"):
        model(x, dates, place[0])
    # the registered models: with the encodings (-TL) or without (shapes only, on meta)
    with torch.device("meta"):
        tl, plain_600 = get_model("prithvi_eo_v2_600_tl"), get_model("prithvi_eo_v2_600")
    assert tl.temporal_embed_enc.scale.shape == (1,)
    assert "temporal_embed_enc.scale" not in plain_600.state_dict()
    assert plain_600.patch_embed.proj.weight.shape == (1280, 6, 1, 14, 14)


def _published_table(dim: int, t: int, h: int, w: int) -> np.ndarray:
    """Prithvi's 3-D sin-cos table as its paper's code lays it out: x, y, time encodings
    (6/16, 6/16, 4/16 of the width), tokens by frame, row, column."""
    def enc(d: int, pos: np.ndarray) -> np.ndarray:
        omega = 1.0 / 10000 ** (np.arange(d // 2, dtype=float) / (d / 2.0))
        out = np.outer(pos, omega)
        return np.concatenate([np.sin(out), np.cos(out)], axis=1)

    dx = dim // 16 * 6
    x = np.tile(enc(dx, np.arange(w)), (t * h, 1))
    y = np.tile(np.repeat(enc(dx, np.arange(h)), w, axis=0), (t, 1))
    z = np.repeat(enc(dim - 2 * dx, np.arange(t)), h * w, axis=0)
    return np.concatenate([x, y, z], axis=1)


@pytest.mark.parametrize(("frames", "side"), [(1, 14), (3, 14), (1, 32), (2, 9)])
def test_prithvi_positions_resize_the_pretraining_table(frames: int, side: int) -> None:
    # at 512 px the table was rebuilt for 32 x 32 patches: positions 0..31 where the model
    # only ever saw 0..13; the publisher resizes the 14 x 14 table (bicubic, corners aligned)
    from geoplug.models.foundation.prithvi import _pos_table

    base = torch.from_numpy(_published_table(64, frames, 14, 14)).float()
    maps = base.reshape(frames, 14, 14, 64).permute(0, 3, 1, 2)
    expected = torch.nn.functional.interpolate(maps, size=(side, side), mode="bicubic",
                                               align_corners=True)
    expected = expected.permute(0, 2, 3, 1).reshape(-1, 64)
    got = _pos_table(64, (frames, side, side), (14, 14))
    torch.testing.assert_close(got, expected, atol=1e-5, rtol=1e-5)
    # what the model's blocks get: with a zero patch embedding, the positions alone
    model = small_prithvi()
    assert model.base_grid == (14, 14)
    nn.init.zeros_(model.patch_embed.proj.weight)
    nn.init.zeros_(model.patch_embed.proj.bias)
    seen: list[torch.Tensor] = []
    model.blocks[0].register_forward_pre_hook(lambda _, args: seen.append(args[0]))
    with torch.no_grad():
        model(torch.randn(1, frames, 6, 16 * side, 16 * side))
    torch.testing.assert_close(seen[0][0, 1:], expected, atol=1e-5, rtol=1e-5)


# --- Scale-MAE -----------------------------------------------------------------------------------
def test_scalemae_encoding_is_mae_at_gsd_one_and_scales_with_gsd() -> None:
    torch.testing.assert_close(gsd_position_encoding(64, 14, torch.tensor([1.0]))[0],
                               _pos_table(64, (14, 14))[0])
    two = gsd_position_encoding(64, 4, torch.tensor([1.0, 2.0]))
    grid = _pos_table(64, (8, 8))[0, 1:].reshape(8, 8, 64)
    # at twice the GSD, patch (i, j) is encoded as patch (2i, 2j) at GSD 1
    torch.testing.assert_close(two[1, 1:].reshape(4, 4, 64), grid[::2, ::2])


def test_scalemae_forward_with_gsd() -> None:
    model = get_model("scalemae_large_patch16", gsd=0.5, depth=2, img_size=64,
                      num_classes=0).eval()
    x = torch.randn(2, 3, 64, 64)
    with torch.no_grad():
        built = model(x)
        per_sample = model(x, gsd=[0.5, 10.0])
    torch.testing.assert_close(per_sample[0], built[0])
    assert not torch.allclose(per_sample[1], built[1])
    assert get_model("scalemae_large_patch16", res=10.0, depth=1).gsd == 10.0
    with pytest.raises(ValueError, match="name the same thing"):
        get_model("scalemae_large_patch16", gsd=1.0, res=2.0)
    with pytest.raises(ValueError, match="must be positive"):
        get_model("scalemae_large_patch16", gsd=0.0)


# --- CROMA ---------------------------------------------------------------------------------------
def test_croma_reorders_bands_and_fuses_sensors() -> None:
    order = ["B8A", "VH", *reversed(S2_BANDS[:8]), "B12", "VV", "B09", "B11"]
    shuffled = CROMA(name="croma_base", dim=64, depth=2, bands=order).eval()
    x1, x2 = torch.randn(1, 2, 16, 16), torch.randn(1, 12, 16, 16)
    stacked = torch.empty(1, 14, 16, 16)
    for i, band in enumerate(order):
        stacked[:, i] = x1[:, S1_BANDS.index(band)] if band in S1_BANDS else x2[
            :, S2_BANDS.index(band)]
    with torch.no_grad():
        split = shuffled.forward_features(image_s1=x1, image_s2=x2)
        joint = shuffled(stacked)
    torch.testing.assert_close(joint, split["joint_GAP"])
    assert split["sar_encodings"].shape == (1, 4, 64)
    optical = CROMA(name="croma_base", dim=64, depth=2, bands=S2_BANDS, num_classes=5)
    assert not hasattr(optical, "s1_encoder") and optical(x2).shape == (1, 5)
    with pytest.raises(BandMismatchError, match="missing VV"):
        get_model("croma_base", bands=["VH", *S2_BANDS])
    with pytest.raises(BandMismatchError, match="'B10' is neither"):
        get_model("croma_large", bands=["B10"])
    with pytest.raises(ValueError, match="divisible by 8"):
        optical(torch.randn(1, 12, 20, 20))
    with pytest.raises(ValueError, match="built without those bands"):
        optical(image_s1=x1)


def test_croma_alibi_grows_with_distance() -> None:
    bias = alibi_2d(3)[0]  # [heads, 9, 9]
    assert bias.shape == (16, 9, 9)
    assert torch.all(bias.diagonal(dim1=1, dim2=2) == 0)
    torch.testing.assert_close(bias, bias.transpose(1, 2))
    assert torch.all(bias[:, 0, 2] < bias[:, 0, 1])  # two patches away < one patch away
    assert torch.all(bias[0] <= bias[-1])  # the first head has the steepest slope


# --- Panopticon ----------------------------------------------------------------------------------
def test_panopticon_channel_ids_and_order_free_fusion() -> None:
    assert channel_ids([55465.76, 0.6646], ["VH", "B04"]) == [-2.0, 664.6]
    with pytest.raises(ValueError, match="name it VV, VH, HH or HV"):
        channel_ids([55465.76], None)
    model = get_model("panopticon_vitb14", bands=["VV", "VH", "B04", "B08"],
                      sensor=["sentinel1", "sentinel2"], img_size=28, depth=1,
                      num_classes=0).eval()
    torch.testing.assert_close(model.chn_ids, torch.tensor([-1.0, -2.0, 664.6, 832.8]))
    x = torch.randn(2, 4, 28, 28)
    perm = [2, 0, 3, 1]
    with torch.no_grad():
        out = model(x)
        permuted = model(x[:, perm], chn_ids=model.chn_ids[perm])
        fewer = model(x[:, 2:], chn_ids=model.chn_ids[2:])
    torch.testing.assert_close(out, permuted, atol=1e-5, rtol=1e-4)
    assert out.shape == (2, 768) and fewer.shape == (2, 768)
    # VV and VH share the transmit (V) third of their embedding, not the receive third
    emb = model.patch_embed.chnfus.chnemb
    with torch.no_grad():
        emb.embed_transmit.normal_()
        emb.embed_receive.normal_()
        vv, vh = emb(torch.tensor([-1.0, -2.0]))
    torch.testing.assert_close(vv[:768], vh[:768])
    assert not torch.allclose(vv[768:1536], vh[768:1536])
    with pytest.raises(ValueError, match="multiple of 14"):
        get_model("panopticon_vitb14", wavelengths=[0.665], img_size=100)


# --- Copernicus-FM -------------------------------------------------------------------------------
def test_copernicusfm_spectra_and_metadata() -> None:
    model = get_model("copernicusfm_base", bands=["VV", "B04", "B08"],
                      sensor=["sentinel1", "sentinel2"], depth=1, img_size=64,
                      num_classes=0).eval()
    # radar takes the publisher's 5 cm wavelength and 1 m bandwidth; optical the table's
    torch.testing.assert_close(model.wavelengths_nm, torch.tensor([5e7, 664.6, 832.8]))
    torch.testing.assert_close(model.bandwidths_nm, torch.tensor([1e9, 31.0, 106.0]))
    x = torch.randn(2, 3, 64, 64)
    unknown = torch.full((2, 4), float("nan"))
    known = torch.tensor([[7.4, 46.5, 19000.0, 0.0256], [8.0, 47.0, 19100.0, 0.0256]])
    with torch.no_grad():
        plain = model(x)
        nan = model(x, unknown)
        meta = model(x, known)
        variable = model(torch.randn(1, 1, 64, 64), language_embed=torch.randn(2048))
    torch.testing.assert_close(plain, nan)  # unknown metadata: the learned tokens
    assert not torch.allclose(plain, meta)
    assert variable.shape == (1, 768)
    with pytest.raises(ValueError, match=r"meta must be \[B, 4\]"):
        model(x, known[:, :2])
    with pytest.raises(NoWavelengthError, match="no wavelength for band 'R'; pass wavelengths"):
        get_model("copernicusfm_base", bands=["R", "G", "B"], sensor="naip")
    with pytest.raises(NoWavelengthError, match=r"bandwidths=.* in micrometres"):
        get_model("copernicusfm_base", wavelengths=[0.665])
