"""Loading registered weights: download to the hub cache, sha256, safe unpickling, bands."""

from __future__ import annotations

import hashlib
import pathlib
import warnings
from pathlib import Path
from typing import Any

import pytest
import timm
import torch
from safetensors.torch import save_file

import geoplug.core.download
from geoplug.core.download import Retry
from geoplug.core.errors import ChecksumError, GeoplugError
from geoplug.core.weights import UnsafeWeightsError, Weights
from geoplug.models import get_model, get_weights, weights_info, weights_names
from geoplug.models.adapt import BandMismatchError, load_adapted
from geoplug.models.factory import load_weights
from testkit.http import Served
from testkit.weights import publish

S2 = ("B01", "B02", "B03", "B04", "B05", "B06", "B07", "B08", "B8A", "B09", "B10", "B11", "B12")


def _sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _local(url: str, sha256: str | None, **extra: Any) -> Weights:
    """The registered SSL4EO-S12 entry, served from the local server instead of hf.co."""
    spec = weights_info("resnet18.sentinel2_all_moco")
    return Weights(spec.model_copy(update={"url": url, "sha256": sha256, **extra}))


@pytest.fixture
def reference() -> torch.nn.Module:
    torch.manual_seed(1)
    return timm.create_model("resnet18", pretrained=False, in_chans=13, num_classes=0).eval()


def _backbone_state(model: torch.nn.Module) -> dict[str, torch.Tensor]:
    return {k: v.clone() for k, v in model.state_dict().items()}


def test_registered_entry_has_publisher_facts() -> None:
    w = get_weights("resnet18.sentinel2_all_moco")
    assert isinstance(w, Weights)
    assert w.url.startswith("https://hf.co/torchgeo/resnet18_sentinel2_all_moco/")
    assert w.filename == "resnet18_sentinel2_all_moco-59bfdff9.pth"
    assert w.sha256 == "59bfdff99c7af41adfa2557e684ec59aec79f4cf6bb1a2e9714b802f08e2222e"
    assert w.bands == S2 and w.in_chans == 13 and w.sensor == "sentinel2"
    assert w.license == "CC-BY-4.0" and "2211.07044" in w.citation
    x = torch.full((1, 13, 4, 4), 5000.0)
    torch.testing.assert_close(w.transforms(x), torch.full((1, 13, 4, 4), 0.5))


def test_good_file_loads_and_matches_weights_set_directly(
    http_server: Served, hub_dir: Path, reference: torch.nn.Module
) -> None:
    url, digest = publish(http_server, "rn18_s2.pth", _backbone_state(reference))
    weights = _local(url, digest)
    model = get_model("resnet18", weights=weights, num_classes=0, progress=False)
    # cached in torch.hub.get_dir()/checkpoints, under a key of the whole URL
    assert weights.cache_name.endswith("/rn18_s2.pth")
    assert (hub_dir / weights.cache_name).is_file()
    x = torch.randn(2, 13, 33, 47)
    with torch.no_grad():
        torch.testing.assert_close(model.eval()(x), reference(x))
    # second build reuses the verified cache: no new request
    requests = len(http_server.stats.requests)
    get_model("resnet18", weights=_local(url, digest), num_classes=0, progress=False)
    assert len(http_server.stats.requests) == requests


def test_hash_prefix_from_file_name_is_verified(
    http_server: Served, hub_dir: Path, reference: torch.nn.Module
) -> None:
    url, digest = publish(http_server, "rn18_prefix.pth", _backbone_state(reference))
    model = get_model("resnet18", weights=_local(url, digest[:8]), num_classes=0, progress=False)
    torch.testing.assert_close(model.conv1.weight, reference.conv1.weight)
    with pytest.raises(ChecksumError):
        _local(url + "?again", "0" * 8).state_dict(progress=False)


def test_wrong_hash_raises_and_keeps_nothing(
    http_server: Served, hub_dir: Path, reference: torch.nn.Module
) -> None:
    url, digest = publish(http_server, "rn18_bad.pth", _backbone_state(reference))
    wrong = ("0" if digest[0] != "0" else "1") + digest[1:]
    with pytest.raises(ChecksumError) as info:
        get_model("resnet18", weights=_local(url, wrong), num_classes=0, progress=False)
    assert isinstance(info.value, OSError) and isinstance(info.value, GeoplugError)
    assert not hub_dir.exists() or list(hub_dir.iterdir()) == []


def test_corrupted_download_raises_and_keeps_nothing(
    http_server: Served, hub_dir: Path, reference: torch.nn.Module
) -> None:
    path = http_server.root / "rn18_corrupt.pth"
    torch.save(_backbone_state(reference), path)
    digest = _sha256(path)
    data = bytearray(path.read_bytes())
    data[len(data) // 2] ^= 0xFF  # the server now sends a damaged copy
    path.write_bytes(bytes(data))
    with pytest.raises(ChecksumError):
        _local(f"{http_server.url}/rn18_corrupt.pth", digest).state_dict(progress=False)
    assert not hub_dir.exists() or list(hub_dir.iterdir()) == []


def test_interrupted_download_keeps_nothing(
    http_server: Served, hub_dir: Path, reference: torch.nn.Module,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    url, digest = publish(http_server, "rn18_cut.pth", _backbone_state(reference))
    monkeypatch.setattr(geoplug.core.download, "DEFAULT_RETRY", Retry(attempts=2, backoff=0))
    http_server.ranges = False  # no resume: every attempt is cut at the same byte
    http_server.drop_after = 1000
    with pytest.raises(OSError, match="interrupted"):
        _local(url, digest).state_dict(progress=False)
    assert len(http_server.stats.requests) == 2
    assert not hub_dir.exists() or [p for p in hub_dir.rglob("*") if p.is_file()] == []


def test_resumed_download_loads(
    http_server: Served, hub_dir: Path, reference: torch.nn.Module
) -> None:
    url, digest = publish(http_server, "rn18_resume.pth", _backbone_state(reference))
    http_server.drop_after, http_server.drop_requests = 100_000, 1
    state = _local(url, digest).state_dict(progress=False)
    torch.testing.assert_close(state["conv1.weight"], reference.conv1.weight)
    assert [r.status for r in http_server.stats.requests] == [200, 206]


@pytest.mark.parametrize("sha256", [True, False])
def test_same_file_name_in_two_urls_is_two_cache_entries(
    http_server: Served, hub_dir: Path, reference: torch.nn.Module, sha256: bool
) -> None:
    """Publishers often call every checkpoint ``model.pth``: each URL gets its own file."""
    torch.manual_seed(2)
    other = timm.create_model("resnet18", pretrained=False, in_chans=13, num_classes=0)
    (http_server.root / "a").mkdir()
    (http_server.root / "b").mkdir()
    url_a, digest_a = publish(http_server, "a/model.pth", _backbone_state(reference))
    url_b, digest_b = publish(http_server, "b/model.pth", _backbone_state(other))
    first = _local(url_a, digest_a if sha256 else None)
    second = _local(url_b, digest_b if sha256 else None)
    assert first.filename == second.filename == "model.pth"
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # no published sha256 (the sha256=False case)
        state_a = first.state_dict(progress=False)
        state_b = second.state_dict(progress=False)
        again_a = first.state_dict(progress=False)
    torch.testing.assert_close(state_a["conv1.weight"], reference.conv1.weight)
    torch.testing.assert_close(state_b["conv1.weight"], other.conv1.weight)
    torch.testing.assert_close(again_a["conv1.weight"], reference.conv1.weight)
    assert len(http_server.stats.requests) == 2  # each downloaded once, then cached


def test_corrupt_cached_file_is_replaced(
    http_server: Served, hub_dir: Path, reference: torch.nn.Module
) -> None:
    url, digest = publish(http_server, "rn18_cache.pth", _backbone_state(reference))
    weights = _local(url, digest)
    cached = hub_dir / weights.cache_name
    cached.parent.mkdir(parents=True)
    cached.write_bytes(b"not the weights")
    state = weights.state_dict(progress=False)
    torch.testing.assert_close(state["conv1.weight"], reference.conv1.weight)
    assert _sha256(cached) == digest


class _Payload:
    """Would create ``marker`` if unpickled: proves the loader never executes it."""

    def __init__(self, marker: Path) -> None:
        self.marker = marker

    def __reduce__(self) -> tuple[Any, tuple[Any, ...]]:
        return (pathlib.Path.touch, (self.marker,))


def test_pickle_with_arbitrary_object_is_refused(
    http_server: Served, hub_dir: Path, tmp_path: Path
) -> None:
    marker = tmp_path / "executed"
    path = http_server.root / "evil.pth"
    torch.save({"conv1.weight": torch.zeros(64, 13, 7, 7), "payload": _Payload(marker)}, path)
    weights = _local(f"{http_server.url}/evil.pth", _sha256(path))
    with pytest.raises(UnsafeWeightsError, match="weights_only") as info:
        get_model("resnet18", weights=weights, progress=False)
    assert isinstance(info.value, ValueError)
    assert not marker.exists()


def test_safetensors_and_prefixed_checkpoints(
    http_server: Served, hub_dir: Path, reference: torch.nn.Module
) -> None:
    path = http_server.root / "rn18.safetensors"
    save_file({f"backbone.{k}": v.contiguous() for k, v in reference.state_dict().items()},
              str(path))
    weights = _local(f"{http_server.url}/rn18.safetensors", _sha256(path),
                     file_format="safetensors", state_dict_prefix="backbone.")
    model = get_model("resnet18", weights=weights, num_classes=0, progress=False)
    torch.testing.assert_close(model.layer3[0].conv1.weight, reference.layer3[0].conv1.weight)
    # Lightning-style {"state_dict": {...}} wrapper is unwrapped too
    url, digest = publish(http_server, "wrapped.pth",
                           {"state_dict": _backbone_state(reference), "epoch": torch.tensor(3)})
    model = get_model("resnet18", weights=_local(url, digest), num_classes=0, progress=False)
    torch.testing.assert_close(model.conv1.weight, reference.conv1.weight)


def test_subset_of_bands_in_another_order(
    http_server: Served, hub_dir: Path, reference: torch.nn.Module
) -> None:
    url, digest = publish(http_server, "rn18_sub.pth", _backbone_state(reference))
    bands = ["B08", "B04", "B03", "B02", "B12"]
    model = get_model("resnet18", weights=_local(url, digest), bands=bands, num_classes=3,
                      progress=False)
    assert model.conv1.weight.shape == (64, 5, 7, 7)
    for i, band in enumerate(bands):
        expected = reference.conv1.weight[:, S2.index(band)]
        torch.testing.assert_close(model.conv1.weight[:, i], expected)
    assert model.fc.weight.shape == (3, 512)


def test_unet_encoder_takes_backbone_weights(
    http_server: Served, hub_dir: Path, reference: torch.nn.Module
) -> None:
    url, digest = publish(http_server, "rn18_unet.pth", _backbone_state(reference))
    model = get_model("unet_resnet18", weights=_local(url, digest), num_classes=4,
                      progress=False)
    torch.testing.assert_close(model.encoder.layer2[1].conv2.weight,
                               reference.layer2[1].conv2.weight)
    assert model(torch.randn(1, 13, 33, 47)).shape == (1, 4, 33, 47)
    siam = get_model("fcsiam_diff", weights=_local(url, digest), progress=False)
    torch.testing.assert_close(siam.encoder.conv1.weight, reference.conv1.weight)


def test_imagenet_plus_random_through_get_model(http_server: Served, hub_dir: Path) -> None:
    torch.manual_seed(2)
    rgb = timm.create_model("resnet18", pretrained=False, num_classes=1000)
    url, digest = publish(http_server, "resnet18-imagenet.pth", _backbone_state(rgb))
    spec = weights_info("resnet18.imagenet").model_copy(update={"url": url, "sha256": digest})
    model = get_model("resnet18", weights=spec, bands=list(S2), sensor="sentinel2",
                      num_classes=10, progress=False)
    conv = model.conv1.weight
    for band, colour in (("B04", 0), ("B03", 1), ("B02", 2)):
        torch.testing.assert_close(conv[:, S2.index(band)], rgb.conv1.weight[:, colour])
    others = [i for i, b in enumerate(S2) if b not in ("B02", "B03", "B04")]
    for i in others:  # random, not copies of the RGB kernels
        assert not any(torch.allclose(conv[:, i], rgb.conv1.weight[:, c]) for c in range(3))
    assert conv[:, others].std() > 0.01
    with pytest.raises(BandMismatchError, match="sensor="):
        get_model("resnet18", weights=spec, bands=list(S2), progress=False)


def test_weights_for_another_architecture_are_refused(hub_dir: Path) -> None:
    with pytest.raises(ValueError, match="are for 'resnet50'"):
        get_model("resnet18", weights="resnet50.sentinel2_all_moco", in_chans=13)
    with pytest.raises(ValueError, match="are for 'resnet50'"):
        load_weights(get_model("unet", encoder="resnet18"), "resnet50.sentinel2_all_dino")
    assert list(hub_dir.parent.glob("**/*")) == []  # refused before any download


def test_in_chans_mismatch_without_band_names(
    http_server: Served, hub_dir: Path, reference: torch.nn.Module
) -> None:
    url, digest = publish(http_server, "rn18_mis.pth", _backbone_state(reference))
    with pytest.raises(BandMismatchError, match="pass bands="):
        get_model("resnet18", weights=_local(url, digest), in_chans=4, progress=False)


def test_transforms_normalise_any_leading_dims_and_integer_input() -> None:
    w = get_weights("resnet50.sentinel1_all_moco")
    x = torch.tensor([-12.59, -20.26]).view(2, 1, 1).expand(2, 3, 5)
    torch.testing.assert_close(w.transforms(x), torch.zeros(2, 3, 5))
    s2 = get_weights("resnet50.sentinel2_mi_ms_satlas").transforms
    chip = torch.full((4, 9, 2, 2), 255, dtype=torch.int16)
    out = s2(chip)
    assert out.dtype == torch.float32 and out.shape == (4, 9, 2, 2)
    torch.testing.assert_close(out[:, :3], torch.ones(4, 3, 2, 2))
    torch.testing.assert_close(out[:, 3:], torch.full((4, 6, 2, 2), 255 / 8160))
    with pytest.raises(ValueError, match="does not have 9 bands"):
        s2(torch.zeros(1, 3, 2, 2))


def test_transforms_for_take_each_bands_statistics_by_name() -> None:
    # the loaders give each band its kernel by name, so data may come in any band order; the
    # positional transforms then gave red the statistics of blue
    w = get_weights("prithvi_eo_v2_300.hls_mae")
    mean, std = dict(zip(w.spec.bands, w.spec.mean)), dict(zip(w.spec.bands, w.spec.std))
    order = ["SWIR_2", "red", "GREEN", "blue"]  # aliases of the weights' sensor too
    names = ["SWIR_2", "RED", "GREEN", "BLUE"]
    x = torch.stack([torch.full((2, 2), mean[n] + 2 * std[n]) for n in names])
    torch.testing.assert_close(w.transforms_for(order)(x), torch.full((4, 2, 2), 2.0))
    assert not torch.allclose(w.transforms(torch.cat([x, x[:2]]))[:4], torch.full((4, 2, 2), 2.0))
    with pytest.raises(ValueError, match=r"no statistics of band\(s\) \['B99'\]"):
        w.transforms_for(["RED", "B99"])


def test_transforms_for_another_sensor_follow_the_kernels() -> None:
    # Landsat 8 data on Sentinel-2 weights: B5-B7 (NIR, SWIR1, SWIR2) take the kernels of
    # B8A, B11, B12 (common names) but took the statistics of S2 B05-B07 (red edge)
    from geoplug.core.bandmatch import match_bands

    w = get_weights("vit_small_patch14_dinov2.sentinel2_all_softcon")
    landsat = ["B2", "B3", "B4", "B5", "B6", "B7"]
    picked = match_bands(list(w.spec.bands), landsat, src_sensor=w.spec.sensor,
                         dst_sensor="landsat8")
    assert [w.spec.bands[i] for i in picked] == ["B02", "B03", "B04", "B8A", "B11", "B12"]
    mean = [w.spec.mean[i] for i in picked]
    std = [w.spec.std[i] for i in picked]
    x = torch.stack([torch.full((2, 2), m + 2 * s) for m, s in zip(mean, std)])
    out = w.transforms_for(landsat, sensor="landsat8")(x)
    torch.testing.assert_close(out, torch.full((6, 2, 2), 2.0))


def test_load_weights_into_existing_model(
    http_server: Served, hub_dir: Path, reference: torch.nn.Module
) -> None:
    from geoplug.models import load_weights as load_public

    url, digest = publish(http_server, "rn18_existing.pth", _backbone_state(reference))
    model = get_model("resnet18", in_chans=13, num_classes=2)
    assert load_public(model, _local(url, digest), progress=False) is model
    torch.testing.assert_close(model.layer1[0].conv1.weight, reference.layer1[0].conv1.weight)


# --- every registered ResNet-18/50 file: its published layout loads strictly --------------------
# timm's (= torchvision's) ResNet key names, written down from the layout of the files (TorchGeo
# loads them all into timm's resnet18/resnet50 with no unexpected key): ``conv1``, ``bn1``,
# ``layer1..4`` of basic blocks (ResNet-18: 2, 2, 2, 2) or bottlenecks (ResNet-50: 3, 4, 6, 3)
# with ``downsample`` where the shape changes, batch-norm buffers, and ``fc`` in the ImageNet
# classifiers (``num_classes`` set); the self-supervised backbones carry no ``fc``.
RESNET_BLOCKS = {"resnet18": ("basic", (2, 2, 2, 2)), "resnet50": ("bottleneck", (3, 4, 6, 3))}
RESNET_ENTRIES = sorted(n for n in weights_names() if weights_info(n).model in RESNET_BLOCKS)


def _bn_layout(prefix: str, n: int) -> dict[str, tuple[int, ...]]:
    return {f"{prefix}.weight": (n,), f"{prefix}.bias": (n,), f"{prefix}.running_mean": (n,),
            f"{prefix}.running_var": (n,), f"{prefix}.num_batches_tracked": ()}


def resnet_layout(model: str, bands: int, num_classes: int | None) -> dict[str, tuple[int, ...]]:
    kind, depths = RESNET_BLOCKS[model]
    expansion = 4 if kind == "bottleneck" else 1
    out = {"conv1.weight": (64, bands, 7, 7), **_bn_layout("bn1", 64)}
    inplanes = 64
    for stage, (blocks, width) in enumerate(zip(depths, (64, 128, 256, 512)), 1):
        for i in range(blocks):
            b = f"layer{stage}.{i}"
            if kind == "basic":
                out |= {f"{b}.conv1.weight": (width, inplanes, 3, 3),
                        **_bn_layout(f"{b}.bn1", width),
                        f"{b}.conv2.weight": (width, width, 3, 3), **_bn_layout(f"{b}.bn2", width)}
            else:
                out |= {f"{b}.conv1.weight": (width, inplanes, 1, 1),
                        **_bn_layout(f"{b}.bn1", width),
                        f"{b}.conv2.weight": (width, width, 3, 3), **_bn_layout(f"{b}.bn2", width),
                        f"{b}.conv3.weight": (4 * width, width, 1, 1),
                        **_bn_layout(f"{b}.bn3", 4 * width)}
            if i == 0 and inplanes != width * expansion:
                out |= {f"{b}.downsample.0.weight": (width * expansion, inplanes, 1, 1),
                        **_bn_layout(f"{b}.downsample.1", width * expansion)}
            inplanes = width * expansion
    if num_classes:
        out |= {"fc.weight": (num_classes, inplanes), "fc.bias": (num_classes,)}
    return out


def _meta(layout: dict[str, tuple[int, ...]]) -> dict[str, torch.Tensor]:
    return {k: torch.empty(shape, device="meta",
                           dtype=torch.int64 if k.endswith("num_batches_tracked") else None)
            for k, shape in layout.items()}


def test_the_resnet_families_are_registered() -> None:
    assert len(RESNET_ENTRIES) == 58
    counts = {m: sum(weights_info(n).model == m for n in RESNET_ENTRIES) for m in RESNET_BLOCKS}
    assert counts == {"resnet18": 18, "resnet50": 40}


@pytest.mark.parametrize("name", RESNET_ENTRIES)
def test_resnet_published_layout_loads_strictly(name: str) -> None:
    spec = weights_info(name)
    layout = resnet_layout(spec.model, spec.in_chans, spec.num_classes)
    with torch.device("meta"):
        features = get_model(spec.model, in_chans=spec.in_chans, num_classes=0)
    # the call that loading a downloaded file makes: it raises on any missing, unexpected or
    # mis-shaped key; a published classifier is dropped from a feature extractor
    left = load_adapted(features, _meta(layout), src_bands=spec.bands,
                        dst_bands=list(spec.bands), src_sensor=spec.sensor,
                        dst_sensor=spec.sensor)
    assert left == []
    if spec.num_classes:  # the ImageNet classifiers load whole, fc included
        with torch.device("meta"):
            classifier = get_model(spec.model, in_chans=3, num_classes=spec.num_classes)
        assert load_adapted(classifier, _meta(layout)) == []
    # the other ResNet's layout must not load
    other = "resnet50" if spec.model == "resnet18" else "resnet18"
    with pytest.raises(ValueError, match="do not fit"):
        load_adapted(features, _meta(resnet_layout(other, spec.in_chans, None)))


def test_decur_sentinel1_file_loads_and_normalises(http_server: Served, hub_dir: Path) -> None:
    torch.manual_seed(3)
    reference = timm.create_model("resnet50", pretrained=False, in_chans=2, num_classes=0).eval()
    url, digest = publish(http_server, "rn50_ssl4eo-s12_sar_decur_ep100.pth",
                           _backbone_state(reference))
    named = weights_info("ResNet50_Weights.SENTINEL1_ALL_DECUR")  # TorchGeo's old name
    assert named.name == "resnet50.sentinel1_grd_decur" and named.bands == ("VV", "VH")
    weights = Weights(named.model_copy(update={"url": url, "sha256": digest}))
    model = get_model("resnet50", weights=weights, num_classes=0, progress=False).eval()
    x = torch.randn(2, 2, 64, 64)
    with torch.no_grad():
        torch.testing.assert_close(model(x), reference(x))
    # VH only: its kernel is the second published one
    vh = get_model("resnet50", weights=weights, bands=["VH"], num_classes=3, progress=False)
    torch.testing.assert_close(vh.conv1.weight[:, 0], reference.conv1.weight[:, 1])
    db = torch.tensor([-12.59, -20.26]).view(1, 2, 1, 1) + torch.tensor([5.26, 5.91]).view(
        1, 2, 1, 1)
    torch.testing.assert_close(weights.transforms(db), torch.ones(1, 2, 1, 1))


def test_seco_eco_ndvi_channel_is_placed_by_name(http_server: Served, hub_dir: Path) -> None:
    torch.manual_seed(4)
    reference = timm.create_model("resnet50", pretrained=False, in_chans=9, num_classes=0)
    url, digest = publish(http_server, "seco_eco_ndvi.pth", _backbone_state(reference))
    spec = weights_info("ResNet50_Weights.SENTINEL2_ALL_NDVI_SECO_ECO")
    assert spec.bands[-1] == "NDVI" and spec.in_chans == 9
    weights = Weights(spec.model_copy(update={"url": url, "sha256": digest}))
    model = get_model("resnet50", weights=weights, bands=["NDVI", "B4", "B08"], num_classes=2,
                      progress=False)
    for i, src in enumerate((8, 2, 6)):  # B02 B03 B04 B05 B06 B07 B08 B8A NDVI
        torch.testing.assert_close(model.conv1.weight[:, i], reference.conv1.weight[:, src])
    # a 12-band SeCo-Eco file has no B10: asking for it leaves that kernel random
    assert "B10" not in weights_info("resnet50.sentinel2_all_seco_eco").bands


def test_imagenet_recipes_name_their_files_as_timm_and_torchvision_do() -> None:
    from timm.models import get_pretrained_cfg

    recipes = [n for n in RESNET_ENTRIES if weights_info(n).num_classes == 1000]
    assert len(recipes) == 17
    for name in recipes:
        spec = weights_info(name)
        # the registry name or its alias is timm's pretrained tag of the same file
        # torchvision's V1 files are timm's ``tv_in1k``
        tag = next((a for a in (name, *spec.aliases) if a.endswith("_in1k")),
                   f"{spec.model}.tv_in1k")
        cfg = get_pretrained_cfg(tag)
        assert cfg is not None and cfg.url.rsplit("/", 1)[1] == spec.url.rsplit("/", 1)[1]
        assert spec.sensor == "rgb" and spec.bands == ("red", "green", "blue")
        assert spec.license.lower() == cfg.license.lower()
