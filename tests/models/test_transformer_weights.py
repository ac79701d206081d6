"""Published transformer (and ResNet-152) weights: every registered file's layout loads strictly.

The generator below writes checkpoints with the key names and tensor shapes of the files as
their publishers release them, written down from the publishers' layouts (not read off the
models under test):

- timm ViT encoders (SSL4EO-S12 DINO/MoCo/MAE/FG-MAE, SSL4EO-L): ``cls_token``, ``pos_embed``,
  ``patch_embed.proj``, ``blocks.N.{norm1,attn.qkv,attn.proj,norm2,mlp.fc1,mlp.fc2}``,
  ``norm``; no classifier;
- the official DINOv2 layout (SoftCon): the same plus ``blocks.N.ls1.gamma``/``ls2.gamma``
  and the pre-training ``mask_token``;
- torchvision Swin-V2 (Satlas, as TorchGeo converted it): ``features.0.0`` patch embedding,
  ``features.{1,3,5,7}.N`` blocks with continuous relative position bias (``cpb_mlp``,
  ``logit_scale`` and the ``relative_coords_table``/``relative_position_index`` buffers),
  ``features.{2,4,6}`` patch merging, ``norm`` and the 1000-class ``head``;
- ResNet-152 (Satlas): ``conv1``, ``bn1``, ``layer1..4`` bottlenecks (3, 8, 36, 3) with
  ``downsample`` in each stage's first block, batch-norm buffers; no ``fc``.

Every registered entry is checked on the **meta device** (key names and shapes, through the
same ``load_adapted`` call that real loading uses, without allocating: ViT-L/H and Swin-B would
need gigabytes); ViT-S/16, ViT-S/14 (SoftCon) and Swin-V2-T also run the whole path with random
values: written to disk, served over HTTP, verified, loaded and compared.
"""

from __future__ import annotations

import hashlib
import re
import warnings
from collections.abc import Iterator
from pathlib import Path

import pytest
import timm
import torch

from geoplug.core.cli import main
from geoplug.core.errors import ChecksumError, InvalidDataError, UnverifiedWeightsWarning
from geoplug.core.pluginmanager import plugin_manager
from geoplug.core.plugins import hookimpl
from geoplug.core.sensors import NoWavelengthError, wavelengths
from geoplug.core.weights import Weights, extract_state_dict
from geoplug.models import get_model, names, weights_info, weights_names
from geoplug.models._catalog_transformers import IMAGENET, UNVERIFIED
from geoplug.models._catalog_transformers import WEIGHTS as TRANSFORMER_WEIGHTS
from geoplug.models.adapt import load_adapted
from testkit.http import Served
from testkit.weights import publish, served_entry

S2 = ("B01", "B02", "B03", "B04", "B05", "B06", "B07", "B08", "B8A", "B09", "B10", "B11", "B12")
MINE = sorted(w["name"] for w in TRANSFORMER_WEIGHTS)
#: the ImageNet classifiers (torchvision, timm, DeiT): full files with a 1000-class head
CLASSIFIERS = sorted(w["name"] for w in IMAGENET)

Layout = dict[str, tuple[tuple[int, ...], torch.dtype]]
F32, I64 = torch.float32, torch.int64

# (width, depth, patch) of each ViT as its publishers trained it (224 px)
VITS = {
    "vit_small_patch16_224": (384, 12, 16), "vit_base_patch16_224": (768, 12, 16),
    "vit_large_patch16_224": (1024, 24, 16), "vit_huge_patch14_224": (1280, 32, 14),
    "vit_small_patch14_dinov2": (384, 12, 14), "vit_base_patch14_dinov2": (768, 12, 14),
}
# (width, depths, heads) of Swin-V2 (window 8)
SWINS = {"swin_v2_t": (96, (2, 2, 6, 2), (3, 6, 12, 24)),
         "swin_v2_b": (128, (2, 2, 18, 2), (4, 8, 16, 32))}


def vit_layout(width: int, depth: int, patch: int, bands: int, *, dinov2: bool) -> Layout:
    grid = 224 // patch
    out: Layout = {"cls_token": ((1, 1, width), F32),
                   "pos_embed": ((1, 1 + grid * grid, width), F32)}
    if dinov2:
        out["mask_token"] = ((1, width), F32)
    out["patch_embed.proj.weight"] = ((width, bands, patch, patch), F32)
    out["patch_embed.proj.bias"] = ((width,), F32)
    for i in range(depth):
        b = f"blocks.{i}"
        out |= {f"{b}.norm1.weight": ((width,), F32), f"{b}.norm1.bias": ((width,), F32),
                f"{b}.attn.qkv.weight": ((3 * width, width), F32),
                f"{b}.attn.qkv.bias": ((3 * width,), F32),
                f"{b}.attn.proj.weight": ((width, width), F32),
                f"{b}.attn.proj.bias": ((width,), F32),
                f"{b}.norm2.weight": ((width,), F32), f"{b}.norm2.bias": ((width,), F32),
                f"{b}.mlp.fc1.weight": ((4 * width, width), F32),
                f"{b}.mlp.fc1.bias": ((4 * width,), F32),
                f"{b}.mlp.fc2.weight": ((width, 4 * width), F32),
                f"{b}.mlp.fc2.bias": ((width,), F32)}
        if dinov2:
            out |= {f"{b}.ls1.gamma": ((width,), F32), f"{b}.ls2.gamma": ((width,), F32)}
    return out | {"norm.weight": ((width,), F32), "norm.bias": ((width,), F32)}


def swin_v2_layout(width: int, depths: tuple[int, ...], heads: tuple[int, ...],
                   bands: int, window: int = 8) -> Layout:
    out: Layout = {"features.0.0.weight": ((width, bands, 4, 4), F32),
                   "features.0.0.bias": ((width,), F32),
                   "features.0.2.weight": ((width,), F32), "features.0.2.bias": ((width,), F32)}
    dim = width
    for stage, (depth, n_heads) in enumerate(zip(depths, heads)):
        for i in range(depth):
            b = f"features.{2 * stage + 1}.{i}"
            out |= {f"{b}.norm1.weight": ((dim,), F32), f"{b}.norm1.bias": ((dim,), F32),
                    f"{b}.attn.logit_scale": ((n_heads, 1, 1), F32),
                    f"{b}.attn.relative_coords_table":
                        ((1, 2 * window - 1, 2 * window - 1, 2), F32),
                    f"{b}.attn.relative_position_index": ((window ** 4,), I64),
                    f"{b}.attn.qkv.weight": ((3 * dim, dim), F32),
                    f"{b}.attn.qkv.bias": ((3 * dim,), F32),
                    f"{b}.attn.proj.weight": ((dim, dim), F32),
                    f"{b}.attn.proj.bias": ((dim,), F32),
                    f"{b}.attn.cpb_mlp.0.weight": ((512, 2), F32),
                    f"{b}.attn.cpb_mlp.0.bias": ((512,), F32),
                    f"{b}.attn.cpb_mlp.2.weight": ((n_heads, 512), F32),
                    f"{b}.norm2.weight": ((dim,), F32), f"{b}.norm2.bias": ((dim,), F32),
                    f"{b}.mlp.0.weight": ((4 * dim, dim), F32),
                    f"{b}.mlp.0.bias": ((4 * dim,), F32),
                    f"{b}.mlp.3.weight": ((dim, 4 * dim), F32),
                    f"{b}.mlp.3.bias": ((dim,), F32)}
        if stage < len(depths) - 1:
            m = f"features.{2 * stage + 2}"
            out |= {f"{m}.reduction.weight": ((2 * dim, 4 * dim), F32),
                    f"{m}.norm.weight": ((2 * dim,), F32), f"{m}.norm.bias": ((2 * dim,), F32)}
            dim *= 2
    return out | {"norm.weight": ((dim,), F32), "norm.bias": ((dim,), F32),
                  "head.weight": ((1000, dim), F32), "head.bias": ((1000,), F32)}


def _bn(prefix: str, n: int) -> Layout:
    return {f"{prefix}.weight": ((n,), F32), f"{prefix}.bias": ((n,), F32),
            f"{prefix}.running_mean": ((n,), F32), f"{prefix}.running_var": ((n,), F32),
            f"{prefix}.num_batches_tracked": ((), I64)}


def resnet152_layout(bands: int) -> Layout:
    out: Layout = {"conv1.weight": ((64, bands, 7, 7), F32), **_bn("bn1", 64)}
    inplanes = 64
    for stage, (blocks, width) in enumerate(zip((3, 8, 36, 3), (64, 128, 256, 512)), 1):
        for i in range(blocks):
            b = f"layer{stage}.{i}"
            out |= {f"{b}.conv1.weight": ((width, inplanes, 1, 1), F32), **_bn(f"{b}.bn1", width),
                    f"{b}.conv2.weight": ((width, width, 3, 3), F32), **_bn(f"{b}.bn2", width),
                    f"{b}.conv3.weight": ((4 * width, width, 1, 1), F32),
                    **_bn(f"{b}.bn3", 4 * width)}
            if i == 0:
                out |= {f"{b}.downsample.0.weight": ((4 * width, inplanes, 1, 1), F32),
                        **_bn(f"{b}.downsample.1", 4 * width)}
            inplanes = 4 * width
    return out


def published_layout(model: str, bands: int, classes: int | None = None) -> Layout:
    """Key names and shapes of a published file for ``model`` with ``bands`` input bands;
    ``classes``: the ViT/ResNet file is a classifier with that head (Swin files always are)."""
    if model in VITS:
        width, depth, patch = VITS[model]
        out = vit_layout(width, depth, patch, bands, dinov2="dinov2" in model)
        head = {"head.weight": ((classes, width), F32), "head.bias": ((classes,), F32)}
    elif model in SWINS:
        return swin_v2_layout(*SWINS[model], bands)
    else:
        assert model == "resnet152", model
        out = resnet152_layout(bands)
        head = {"fc.weight": ((classes, 2048), F32), "fc.bias": ((classes,), F32)}
    return out | head if classes else out


def materialise(layout: Layout, device: str = "cpu", seed: int = 0) -> dict[str, torch.Tensor]:
    """Tensors for a layout: random floats, integer buffers in a valid index range."""
    if device == "meta":
        return {k: torch.empty(shape, dtype=dtype, device="meta")
                for k, (shape, dtype) in layout.items()}
    gen = torch.Generator().manual_seed(seed)
    out: dict[str, torch.Tensor] = {}
    for key, (shape, dtype) in layout.items():
        if dtype == I64:
            out[key] = torch.randint(0, 225, shape, generator=gen, dtype=dtype)
        else:
            out[key] = torch.randn(shape, generator=gen) * 0.02
    return out


# --- every registered entry ---------------------------------------------------------------------
def test_the_catalog_registers_the_published_families() -> None:
    assert len(MINE) == 58 and len(CLASSIFIERS) == 12
    counts = {m: sum(weights_info(n).model == m for n in MINE)
              for m in (*VITS, *SWINS, "resnet152")}
    assert counts == {"vit_small_patch16_224": 17, "vit_base_patch16_224": 5,
                      "vit_large_patch16_224": 3, "vit_huge_patch14_224": 2,
                      "vit_small_patch14_dinov2": 2, "vit_base_patch14_dinov2": 2,
                      "swin_v2_t": 5, "swin_v2_b": 11, "resnet152": 11}
    assert set(MINE) <= set(weights_names())
    assert {"resnet18.sentinel2_all_moco", *MINE} <= set(weights_names())


@pytest.mark.parametrize("name", MINE)
def test_published_layout_loads_strictly(name: str) -> None:
    spec = weights_info(name)
    assert spec.model in names()
    state = materialise(published_layout(spec.model, spec.in_chans, spec.num_classes), "meta")
    if "/deit/" in spec.url:  # DeiT's files wrap the state dict: {"model": {...}}
        state = extract_state_dict({"model": state})
    with torch.device("meta"):
        model = get_model(spec.model, in_chans=spec.in_chans, num_classes=0)
    # the same call that loading a downloaded file makes; it raises on any missing,
    # unexpected or mis-shaped key
    left = load_adapted(model, state, src_bands=spec.bands, dst_bands=list(spec.bands),
                        src_sensor=spec.sensor, dst_sensor=spec.sensor)
    assert left == []
    if spec.num_classes:  # an ImageNet classifier loads whole into a 1000-class model
        with torch.device("meta"):
            classifier = get_model(spec.model, num_classes=spec.num_classes)
        assert load_adapted(classifier, state) == []
    # a file of another architecture's layout must not load
    other = "vit_base_patch16_224" if spec.model != "vit_base_patch16_224" else "swin_v2_t"
    with pytest.raises(ValueError, match="do not fit"):
        load_adapted(model, materialise(published_layout(other, spec.in_chans), "meta"))


@pytest.mark.parametrize("name", MINE)
def test_entry_facts(name: str) -> None:
    spec = weights_info(name)
    assert len(spec.bands) == spec.in_chans == len(spec.mean) == len(spec.std)
    assert all(s > 0 for s in spec.std)
    assert spec.url.startswith("https://") and spec.license and spec.citation
    assert spec.sensor in ("sentinel1", "sentinel2", "landsat5", "landsat7", "landsat8", "naip",
                           "rgb")
    assert (spec.sensor == "rgb") == (name in CLASSIFIERS)
    # every band is a band of its sensor in the sensor table, which gives its wavelength
    if spec.sensor in ("naip", "rgb"):
        with pytest.raises(NoWavelengthError):
            wavelengths(spec.bands, spec.sensor)
    else:
        assert len(wavelengths(spec.bands, spec.sensor)) == spec.in_chans
    tag = name.split(".", 1)[1]
    if name in CLASSIFIERS:
        _check_classifier_file(name)
    else:
        assert spec.aliases and spec.aliases[0].endswith(f"_weights.{tag}")
    if spec.sha256 is None:
        assert name in {w["name"] for w in UNVERIFIED}
    else:
        assert re.fullmatch(r"[0-9a-f]{8}|[0-9a-f]{64}", spec.sha256)
        prefix = re.search(r"-([0-9a-f]{8})\.pth$", spec.url)
        assert prefix is None or spec.sha256.startswith(prefix.group(1))


def _check_classifier_file(name: str) -> None:
    """The file is the one torchvision's or timm's pretrained configuration names."""
    import torchvision.models
    from timm.models import get_pretrained_cfg

    spec = weights_info(name)
    filename = spec.url.rsplit("/", 1)[1]
    assert spec.num_classes == 1000 and spec.bands == ("red", "green", "blue")
    if spec.model in SWINS:
        enum = getattr(torchvision.models, {"swin_v2_t": "Swin_V2_T_Weights",
                                            "swin_v2_b": "Swin_V2_B_Weights"}[spec.model])
        assert enum.IMAGENET1K_V1.url.rsplit("/", 1)[1] == filename
        assert spec.aliases == (f"{spec.model}_weights.imagenet1k_v1",)
        return
    # the registry name or an alias is timm's pretrained tag of the same file
    tag = next(a for a in (*spec.aliases, name) if a.endswith("_in1k"))
    cfg = get_pretrained_cfg(tag)
    assert cfg is not None and cfg.url.rsplit("/", 1)[1] == filename
    assert spec.license.lower() == cfg.license.lower()
    torch.testing.assert_close(torch.tensor(spec.mean), torch.tensor(cfg.mean))


def test_torchgeo_names_resolve() -> None:
    assert weights_info("ViTSmall16_Weights.SENTINEL2_ALL_DINO").url.endswith(
        "vit_small_patch16_224_sentinel2_all_dino-36bcc127.pth")
    assert weights_info("Swin_V2_B_Weights.SENTINEL1_SI_SATLAS").bands == ("VH", "VV")
    assert weights_info("ViTBase14_DINOv2_Weights.SENTINEL2_ALL_SOFTCON").sha256 == (
        "1b9a18e22bdb02281d19e2b08ecf3d903ad6772028b5500699287886b534bded")
    assert weights_info("ResNet152_Weights.SENTINEL2_SI_MS_SATLAS").in_chans == 9
    landsat = weights_info("swin_v2_b.landsat_si_satlas")
    x = torch.full((1, 11, 2, 2), 4000.0 + 16320.0)
    torch.testing.assert_close(Weights(landsat).transforms(x), torch.ones(1, 11, 2, 2))


def test_cli_lists_the_transformer_weights(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["weights", "swin_v2_t.*"]) == 0
    out = capsys.readouterr().out
    rows = [line.split() for line in out.splitlines() if line.startswith("swin_v2_t.")]
    assert [r[0] for r in rows] == ["swin_v2_t.imagenet"] + [
        f"swin_v2_t.sentinel2_{kind}_satlas" for kind in ("mi_ms", "mi_rgb", "si_ms", "si_rgb")]
    assert rows[0][-1] == "swin_v2_t_weights.imagenet1k_v1"
    assert all(r[-1].startswith("swin_v2_t_weights.sentinel2_") for r in rows[1:])
    assert "5 weights entries" in out
    assert main(["weights", "info", "ViTSmall14_DINOv2_Weights.SENTINEL1_GRD_SOFTCON"]) == 0
    out = capsys.readouterr().out
    assert "bdac4d543e0271e12dce0c975575102201b8e6a016ec72ffccb92c4819c72298" in out
    assert "2405.20462" in out and "VV" in out


def test_weights_filters_find_transformers_by_sensor_and_band() -> None:
    s1 = weights_names("swin_v2_*", sensor="S1")
    assert s1 == ["swin_v2_b.sentinel1_mi_satlas", "swin_v2_b.sentinel1_si_satlas"]
    softcon = weights_names("*softcon", sensor="sentinel2", bands=["B8A", "B10"])
    assert softcon == ["vit_base_patch14_dinov2.sentinel2_all_softcon",
                       "vit_small_patch14_dinov2.sentinel2_all_softcon"]


# --- the whole path with real tensors ------------------------------------------------------------
@pytest.fixture
def vit_s16_state() -> dict[str, torch.Tensor]:
    return materialise(published_layout("vit_small_patch16_224", 13), seed=1)


def test_vit_s16_download_verify_load_and_place_bands(
    http_server: Served, hub_dir: Path, vit_s16_state: dict[str, torch.Tensor]
) -> None:
    url, digest = publish(http_server, "vit_small_patch16_224_sentinel2_all_dino.pth",
                           vit_s16_state)
    weights = served_entry("vit_small_patch16_224.sentinel2_all_dino", url, digest)
    model = get_model("vit_small_patch16_224", weights=weights, num_classes=0,
                      progress=False).eval()
    assert (hub_dir / weights.cache_name).is_file()
    reference = timm.create_model("vit_small_patch16_224", in_chans=13, num_classes=0).eval()
    reference.load_state_dict(vit_s16_state, strict=True)
    x = torch.randn(1, 13, 224, 224)
    with torch.no_grad():
        torch.testing.assert_close(model(x), reference(x))
    # four bands in another order: the patch kernels follow the band names
    bands = ["B08", "B04", "B03", "B02"]
    sub = get_model("vit_small_patch16_224", weights=weights, bands=bands, num_classes=7,
                    progress=False)
    kernel = vit_s16_state["patch_embed.proj.weight"]
    for i, band in enumerate(bands):
        torch.testing.assert_close(sub.patch_embed.proj.weight[:, i], kernel[:, S2.index(band)])
    torch.testing.assert_close(sub.blocks[11].mlp.fc2.weight,
                               vit_s16_state["blocks.11.mlp.fc2.weight"])
    assert sub(torch.randn(1, 4, 224, 224)).shape == (1, 7)


def test_vit_trained_at_224_runs_at_another_size(
    http_server: Served, hub_dir: Path, vit_s16_state: dict[str, torch.Tensor]
) -> None:
    url, digest = publish(http_server, "vit_s16.pth", vit_s16_state)
    weights = served_entry("vit_small_patch16_224.sentinel2_all_moco", url, digest)
    model = get_model("vit_small_patch16_224", weights=weights, img_size=128, num_classes=0,
                      progress=False)
    assert model.pos_embed.shape == (1, 1 + 8 * 8, 384)
    # the class token's embedding is kept, the 14x14 grid resampled to 8x8
    torch.testing.assert_close(model.pos_embed[:, 0], vit_s16_state["pos_embed"][:, 0])
    grid = vit_s16_state["pos_embed"][0, 1:].reshape(14, 14, 384)
    resampled = model.pos_embed[0, 1:].reshape(8, 8, 384)
    assert torch.allclose(resampled.mean((0, 1)), grid.mean((0, 1)), atol=0.02)
    assert model(torch.randn(1, 13, 128, 128)).shape == (1, 384)


def test_softcon_dinov2_file_drops_its_mask_token(http_server: Served, hub_dir: Path) -> None:
    state = materialise(published_layout("vit_small_patch14_dinov2", 2), seed=2)
    assert state["mask_token"].shape == (1, 384)
    url, digest = publish(http_server, "B2_vits14_softcon.pth", state)
    weights = served_entry("vit_small_patch14_dinov2.sentinel1_grd_softcon", url, digest)
    model = get_model("vit_small_patch14_dinov2", weights=weights, num_classes=0,
                      progress=False).eval()
    assert "mask_token" not in model.state_dict()
    torch.testing.assert_close(model.blocks[5].ls2.gamma, state["blocks.5.ls2.gamma"])
    torch.testing.assert_close(model.pos_embed, state["pos_embed"])
    reference = timm.create_model("vit_small_patch14_dinov2", img_size=224, in_chans=2,
                                  num_classes=0).eval()
    reference.load_state_dict({k: v for k, v in state.items() if k != "mask_token"})
    x = torch.randn(1, 2, 224, 224)
    with torch.no_grad():
        torch.testing.assert_close(model(x), reference(x))


def test_satlas_swin_v2_t_file_loads_and_adapts_to_rgb(http_server: Served,
                                                       hub_dir: Path) -> None:
    state = materialise(published_layout("swin_v2_t", 9), seed=3)
    url, digest = publish(http_server, "sentinel2_swint_si_ms.pth", state)
    weights = served_entry("swin_v2_t.sentinel2_si_ms_satlas", url, digest)
    model = get_model("swin_v2_t", weights=weights, progress=False)
    # the published 1000-class head fits a 1000-class model and loads too
    torch.testing.assert_close(model.head.weight, state["head.weight"])
    torch.testing.assert_close(model.features[5][3].attn.cpb_mlp[2].weight,
                               state["features.5.3.attn.cpb_mlp.2.weight"])
    rgb = get_model("swin_v2_t", weights=weights, bands=["B02", "B03", "B04"], num_classes=4,
                    progress=False)
    for i, src in enumerate((2, 1, 0)):  # Satlas' order is B04, B03, B02
        torch.testing.assert_close(rgb.features[0][0].weight[:, i],
                                   state["features.0.0.weight"][:, src])
    assert rgb(torch.randn(2, 3, 64, 64)).shape == (2, 4)


# --- a local copy of a published file ------------------------------------------------------------
class _LocalCopy:
    """An in-memory plugin registering a copy of the DINO entry with a known digest."""

    def __init__(self, digest: str) -> None:
        spec = weights_info("vit_small_patch16_224.sentinel2_all_dino")
        self.entry = spec.model_copy(update={
            "name": "test.vit_local_copy", "aliases": (), "sha256": digest,
            "url": "https://example.org/files/vit_local_copy.pth"}).model_dump()

    @hookimpl
    def geoplug_weights(self) -> list[dict[str, object]]:
        return [self.entry]


@pytest.fixture
def local_copy(tmp_path: Path, vit_s16_state: dict[str, torch.Tensor]) -> Iterator[Path]:
    path = tmp_path / "renamed.pth"
    torch.save(vit_s16_state, path)
    plugin = _LocalCopy(hashlib.sha256(path.read_bytes()).hexdigest())
    plugin_manager().register(plugin, name="test-local-copy", distribution="geoplug-test")
    try:
        yield path
    finally:
        plugin_manager().unregister(name="test-local-copy")


def test_local_file_is_recognised_by_its_digest(
    local_copy: Path, hub_dir: Path, vit_s16_state: dict[str, torch.Tensor]
) -> None:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # the test plugin's own registration notes
        model = get_model("vit_small_patch16_224", weights=str(local_copy), num_classes=0)
        found = Weights.from_file(local_copy)
    assert found.name == "test.vit_local_copy" and found.local_file == local_copy
    torch.testing.assert_close(model.patch_embed.proj.weight,
                               vit_s16_state["patch_embed.proj.weight"])
    assert not hub_dir.exists()  # nothing downloaded or copied


def test_local_file_by_publisher_name_is_verified(
    tmp_path: Path, hub_dir: Path, vit_s16_state: dict[str, torch.Tensor]
) -> None:
    # named as the published DINO file, but other bytes: refused by the published sha256
    fake = tmp_path / "vit_small_patch16_224_sentinel2_all_dino-36bcc127.pth"
    torch.save(vit_s16_state, fake)
    with pytest.raises(ChecksumError, match="not the published file") as info:
        get_model("vit_small_patch16_224", weights=fake, progress=False)
    assert "vit_small_patch16_224.sentinel2_all_dino" in str(info.value)
    # an MAE encoder has no published digest: found by its name, loaded with a warning
    mae = tmp_path / "B13_vits16_mae_ep99_enc.pth"
    torch.save(vit_s16_state, mae)
    with pytest.warns(UnverifiedWeightsWarning, match="not verified"):
        model = get_model("vit_small_patch16_224", weights=str(mae), bands=["B04", "B8A"],
                          num_classes=0)
    torch.testing.assert_close(model.patch_embed.proj.weight[:, 1],
                               vit_s16_state["patch_embed.proj.weight"][:, S2.index("B8A")])
    # explicitly as a given registered weight
    named = weights_info("vit_small_patch16_224.sentinel2_all_moco")
    with pytest.raises(ChecksumError):
        Weights(named).local(mae).state_dict()


def test_unknown_local_file_says_what_to_do(tmp_path: Path) -> None:
    path = tmp_path / "mystery.pth"
    torch.save({"w": torch.zeros(1)}, path)
    with pytest.raises(InvalidDataError, match=r"local\(path\)"):
        get_model("vit_small_patch16_224", weights=str(path))
    with pytest.raises(FileNotFoundError, match=r"missing\.pth"):
        get_model("vit_small_patch16_224", weights=str(tmp_path / "missing.pth"))


def test_deit_file_unwraps_and_loads_as_a_classifier(
    http_server: Served, hub_dir: Path, vit_s16_state: dict[str, torch.Tensor]
) -> None:
    # DeiT publishes {"model": state_dict} with a 1000-class head, RGB
    gen = torch.Generator().manual_seed(7)
    state = {k: v for k, v in vit_s16_state.items() if k != "patch_embed.proj.weight"}
    state |= {"patch_embed.proj.weight": torch.randn(384, 3, 16, 16, generator=gen) * 0.02,
              "head.weight": torch.randn(1000, 384, generator=gen) * 0.02,
              "head.bias": torch.randn(1000, generator=gen)}
    url, digest = publish(http_server, "deit_small_patch16_224.pth", {"model": state})
    weights = served_entry("vit_small_patch16_224.deit_in1k", url, digest)
    model = get_model("vit_small_patch16_224", weights=weights, progress=False).eval()
    reference = timm.create_model("vit_small_patch16_224", num_classes=1000).eval()
    reference.load_state_dict(state, strict=True)
    x = torch.randn(1, 3, 224, 224)
    with torch.no_grad():
        torch.testing.assert_close(model(x), reference(x))
    # ImageNet (+ random) for Sentinel-2: red, green and blue kernels placed by band
    s2 = get_model("vit_small_patch16_224", weights=weights, bands=["B02", "B03", "B04", "B08"],
                   sensor="sentinel2", num_classes=5, progress=False)
    kernel = state["patch_embed.proj.weight"]
    for i, colour in enumerate((2, 1, 0)):
        torch.testing.assert_close(s2.patch_embed.proj.weight[:, i], kernel[:, colour])
    assert s2.head.weight.shape == (5, 384)
