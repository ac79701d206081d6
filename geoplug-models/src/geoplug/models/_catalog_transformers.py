"""Specs of the built-in transformer backbones (and ResNet-152) and their published weights.

Plain data only (no torch import): listing the registries must stay cheap.

Facts come from the publishers and from TorchGeo's re-hosting of their files:

- SSL4EO-S12 ViTs (DINO, MoCo: ``hf.co/torchgeo``; MAE: ``hf.co/wangyi111/SSL4EO-S12``; FG-MAE:
  ``hf.co/wangyi111/FGMAE``), encoder-only files in timm's ViT layout;
- SoftCon ViT-S/14 and ViT-B/14 (``hf.co/wangyi111/softcon``), the official DINOv2 layout
  (LayerScale ``ls1``/``ls2`` and the pre-training ``mask_token``);
- SSL4EO-L ViT-S/16 (``hf.co/torchgeo/ssl4eo_landsat``);
- SatlasPretrain Swin-V2 and ResNet-152 (``hf.co/torchgeo/satlas``): TorchGeo's conversion of
  Satlas' backbones to torchvision's ``swin_v2_t``/``swin_v2_b`` key names (``features.0.0`` is
  the patch embedding, ``head`` the ImageNet classifier) and to timm's ResNet names.

``sha256`` is the Git LFS object id where the host shows it, else the 8-hex-digit prefix in the
TorchGeo file name. The MAE and FG-MAE encoder files (``*_enc.pth``) carry no digest in their
name and their LFS ids were not found in the publisher's pages: those entries, and only those,
have ``sha256=None`` (loading warns that the file is unverified); they are listed in
``UNVERIFIED`` so that a digest can be added in one place.

Each entry's alias is TorchGeo's name of the same file (``ViTSmall16_Weights.SENTINEL2_ALL_DINO``
-> ``vitsmall16_weights.sentinel2_all_dino``); look-ups ignore case.
"""

from __future__ import annotations

from typing import Any

from geoplug.models._catalog import (
    _ETM_SR,
    _ETM_TOA,
    _OLI_SR,
    _OLI_TIRS_TOA,
    _S1,
    _S2_ALL,
    _S2_RGB,
    _S2_SATLAS,
    _SATLAS,
    _SSL4EO_L,
    _SSL4EO_S12,
    _TM_TOA,
    _gluon,
    _in1k,
    _rsb,
    _torchvision,
)

_M = "geoplug.models"

_VIT_PAPER = "arXiv:2010.11929 (Dosovitskiy et al., ViT)"
MODELS: list[dict[str, Any]] = [
    {"name": "vit_small_patch16_224", "target": f"{_M}.transformers:vit_small_patch16_224",
     "task": "classification", "family": "vit",
     "description": f"ViT-S/16 (timm) with any number of input bands; {_VIT_PAPER}"},
    {"name": "vit_base_patch16_224", "target": f"{_M}.transformers:vit_base_patch16_224",
     "task": "classification", "family": "vit",
     "description": "ViT-B/16 (timm) with any number of input bands"},
    {"name": "vit_large_patch16_224", "target": f"{_M}.transformers:vit_large_patch16_224",
     "task": "classification", "family": "vit",
     "description": "ViT-L/16 (timm) with any number of input bands"},
    {"name": "vit_huge_patch14_224", "target": f"{_M}.transformers:vit_huge_patch14_224",
     "task": "classification", "family": "vit",
     "description": "ViT-H/14 (timm) with any number of input bands"},
    {"name": "vit_small_patch14_dinov2",
     "target": f"{_M}.transformers:vit_small_patch14_dinov2", "task": "classification",
     "family": "vit",
     "description": "ViT-S/14 in the DINOv2 layout (LayerScale), 224 px by default"},
    {"name": "vit_base_patch14_dinov2", "target": f"{_M}.transformers:vit_base_patch14_dinov2",
     "task": "classification", "family": "vit",
     "description": "ViT-B/14 in the DINOv2 layout (LayerScale), 224 px by default"},
    {"name": "swin_v2_t", "target": f"{_M}.transformers:swin_v2_t", "task": "classification",
     "family": "swin",
     "description": "Swin Transformer V2-T (torchvision layout, as SatlasPretrain publishes it) "
                    "with any number of input bands"},
    {"name": "swin_v2_b", "target": f"{_M}.transformers:swin_v2_b", "task": "classification",
     "family": "swin",
     "description": "Swin Transformer V2-B (torchvision layout, as SatlasPretrain publishes it) "
                    "with any number of input bands"},
    {"name": "resnet152", "target": f"{_M}.backbones:timm_model", "task": "classification",
     "family": "resnet", "default_kwargs": {"model_name": "resnet152"},
     "description": "ResNet-152 (timm) with any number of input bands"},
]

# --- facts shared by several entries ---------------------------------------------------------
_FGMAE = ("Wang, Y., Hernandez, H. H., Albrecht, C. M., Zhu, X. X. Feature guided masked "
          "autoencoder for self-supervised learning in remote sensing. IEEE JSTARS, 2024. "
          "arXiv:2310.18653")
_SOFTCON = ("Wang, Y., Albrecht, C. M., Zhu, X. X. Multi-label guided soft contrastive "
            "learning for efficient Earth observation pretraining. IEEE TGRS, 2024. "
            "arXiv:2405.20462")
_SSL4EO_S12_HOME = "https://github.com/zhu-xlab/SSL4EO-S12"
_SATLAS_HOME = "https://github.com/allenai/satlaspretrain_models"
_SATLAS_LICENSE = "ODC-BY-1.0"  # the SatlasPretrain models' licence (code: Apache-2.0)
_HF = "https://hf.co/torchgeo"
_SATLAS_REV = "081d6607431bf36bdb59c223777cbb267131b8f2"
_LANDSAT_REV = "1c88bb51b6e17a21dde5230738fa38b74bd74f76"
_MAE_URL = ("https://huggingface.co/wangyi111/SSL4EO-S12/resolve/"
            "75c72195d35201dc1fb210818993518c25da566b")
_FGMAE_URL = "https://huggingface.co/wangyi111/FGMAE/resolve/24dd3077d7a99ecd454eaec7adb83d045d7fa122"
_SOFTCON_URL = ("https://huggingface.co/wangyi111/softcon/resolve/"
                "ed1ab3a30d13704c7db41f13c6a29cd158b22045")

# SSL4EO-S12 Sentinel-1 GRD statistics (dB) as TorchGeo applies them (from DeCUR), and the
# SSL4EO-S12 Sentinel-2 L1C band statistics (TorchGeo's ``_mean_s2``/``_std_s2``)
_Norm = dict[str, tuple[float, ...]]
_S1_STATS: _Norm = {"mean": (-12.59, -20.26), "std": (5.26, 5.91)}
_S2_STATS: _Norm = {
    "mean": (1612.9, 1397.6, 1322.3, 1373.1, 1561.0, 2108.4, 2390.7, 2318.7, 2581.0, 837.7,
             22.0, 2195.2, 1537.4),
    "std": (791.0, 854.3, 878.7, 1144.9, 1127.5, 1164.2, 1276.0, 1249.5, 1345.9, 577.5, 47.5,
            1340.0, 1142.9),
}
_SATLAS_S1 = ("VH", "VV")  # Satlas' Sentinel-1 order
_SATLAS_NAIP = ("R", "G", "B")
_SATLAS_LANDSAT = ("B1", "B2", "B3", "B4", "B5", "B6", "B7", "B8", "B9", "B10", "B11")

# TorchGeo's weights-enum class of each architecture (the alias prefix)
_ENUM = {
    "vit_small_patch16_224": "vitsmall16_weights",
    "vit_base_patch16_224": "vitbase16_weights",
    "vit_large_patch16_224": "vitlarge16_weights",
    "vit_huge_patch14_224": "vithuge14_weights",
    "vit_small_patch14_dinov2": "vitsmall14_dinov2_weights",
    "vit_base_patch14_dinov2": "vitbase14_dinov2_weights",
    "swin_v2_t": "swin_v2_t_weights",
    "swin_v2_b": "swin_v2_b_weights",
    "resnet152": "resnet152_weights",
}


def _scale(n: int, divisor: float, offset: float = 0.0) -> dict[str, tuple[float, ...]]:
    return {"mean": (float(offset),) * n, "std": (float(divisor),) * n}


def _entry(model: str, tag: str, url: str, sha256: str | None, bands: tuple[str, ...],
           sensor: str, norm: dict[str, tuple[float, ...]], *, license: str, citation: str,
           homepage: str, description: str, resolution: float | None) -> dict[str, Any]:
    return {
        "name": f"{model}.{tag}", "aliases": (f"{_ENUM[model]}.{tag}",), "model": model,
        "in_chans": len(bands), "url": url, "sha256": sha256, "sensor": sensor,
        "bands": bands, "resolution": resolution, **norm, "license": license,
        "citation": citation, "homepage": homepage, "description": description,
    }


def _s12_vit(model: str, tag: str, url: str, sha256: str | None, what: str) -> dict[str, Any]:
    """An SSL4EO-S12 ViT: Sentinel-2 L1C divided by 10,000, or Sentinel-1 GRD statistics."""
    s1 = tag.startswith("sentinel1")
    citation = _FGMAE if "fgmae" in tag else _SSL4EO_S12
    homepage = "https://github.com/zhu-xlab/FGMAE" if "fgmae" in tag else _SSL4EO_S12_HOME
    return _entry(
        model, tag, url, sha256, _S1 if s1 else _S2_ALL, "sentinel1" if s1 else "sentinel2",
        _S1_STATS if s1 else _scale(13, 10000), license="CC-BY-4.0", citation=citation,
        homepage=homepage, resolution=10.0,
        description=f"{what} self-supervised on SSL4EO-S12 "
                    + ("Sentinel-1 GRD (VV, VH backscatter, dB; SSL4EO-S12 statistics)" if s1
                       else "Sentinel-2 L1C (13 bands); reflectance divided by 10,000"))


def _softcon(model: str, s1: bool, filename: str, sha256: str) -> dict[str, Any]:
    tag = "sentinel1_grd_softcon" if s1 else "sentinel2_all_softcon"
    return _entry(
        model, tag, f"{_SOFTCON_URL}/{filename}", sha256, _S1 if s1 else _S2_ALL,
        "sentinel1" if s1 else "sentinel2", _S1_STATS if s1 else _S2_STATS,
        license="CC-BY-4.0", citation=_SOFTCON, homepage="https://github.com/zhu-xlab/softcon",
        resolution=10.0,
        description="SoftCon (multi-label guided soft contrastive) on SSL4EO-S12 "
                    + ("Sentinel-1 GRD (VV, VH, dB)" if s1 else "Sentinel-2 L1C (13 bands)")
                    + ", DINOv2 layout at 224 px; normalised with SSL4EO-S12 band statistics")


def _ssl4eo_l_vit(product: str, method: str, prefix: str) -> dict[str, Any]:
    bands, sensor, what = {
        "tm_toa": (_TM_TOA, "landsat5", "Landsat 4-5 TM top-of-atmosphere"),
        "etm_toa": (_ETM_TOA, "landsat7", "Landsat 7 ETM+ top-of-atmosphere"),
        "etm_sr": (_ETM_SR, "landsat7", "Landsat 7 ETM+ surface reflectance"),
        "oli_tirs_toa": (_OLI_TIRS_TOA, "landsat8", "Landsat 8-9 OLI/TIRS top-of-atmosphere"),
        "oli_sr": (_OLI_SR, "landsat8", "Landsat 8-9 OLI surface reflectance"),
    }[product]
    return _entry(
        "vit_small_patch16_224", f"landsat_{product}_{method}",
        f"{_HF}/ssl4eo_landsat/resolve/{_LANDSAT_REV}/vits16_landsat_{product}_{method}"
        f"-{prefix}.pth", prefix, bands, sensor, _scale(len(bands), 255), license="CC0-1.0",
        citation=_SSL4EO_L, homepage="https://github.com/microsoft/torchgeo", resolution=30.0,
        description=f"{method.upper()} self-supervised on SSL4EO-L {what}; expects the "
                    "SSL4EO-L uint8 scaling, divided by 255")


def _satlas(model: str, kind: str, filename: str) -> dict[str, Any]:
    """A SatlasPretrain backbone; ``kind`` is ``<sensor>[_rgb|_ms]_<si|mi>``."""
    images = "multi-image" if kind.endswith("_mi") or "_mi_" in kind else "single-image"
    if kind.startswith("sentinel2"):
        ms = "_ms" in kind
        bands: tuple[str, ...] = _S2_SATLAS if ms else _S2_RGB
        sensor, res = "sentinel2", 10.0
        norm: _Norm = ({"mean": (0.0,) * 9, "std": (255.0,) * 3 + (8160.0,) * 6} if ms
                       else _scale(3, 255))
        what = ("Sentinel-2 (9 bands); RGB as 8-bit values /255, other bands /8160" if ms
                else "Sentinel-2 RGB, 8-bit values /255")
    elif kind.startswith("sentinel1"):
        bands, sensor, res, norm = _SATLAS_S1, "sentinel1", 10.0, _scale(2, 255)
        what = "Sentinel-1 (VH, VV) as Satlas' 8-bit product, /255"
    elif kind.startswith("landsat"):
        bands, sensor, res, norm = _SATLAS_LANDSAT, "landsat8", 30.0, _scale(11, 16320, 4000)
        what = "Landsat 8/9 (11 bands); (value - 4000) / 16320"
    else:  # NAIP
        bands, sensor, res, norm = _SATLAS_NAIP, "naip", None, _scale(3, 255)
        what = "NAIP aerial RGB, 8-bit values /255"
    prefix = filename.rsplit("-", 1)[1].split(".")[0]
    return _entry(
        model, f"{kind}_satlas", f"{_HF}/satlas/resolve/{_SATLAS_REV}/{filename}", prefix,
        bands, sensor, norm, license=_SATLAS_LICENSE, citation=_SATLAS, homepage=_SATLAS_HOME,
        resolution=res,
        description=f"SatlasPretrain {images} backbone, {what} (then clipped to [0, 1] by "
                    "Satlas)" + ("; Satlas applies it to each image of a time series and "
                                 "max-pools the features over time" if images[0] == "m" else ""))


_VITS = "vit_small_patch16_224"
_VITB = "vit_base_patch16_224"
_VITL = "vit_large_patch16_224"
_VITH = "vit_huge_patch14_224"

# MAE / FG-MAE encoders: URLs as TorchGeo (FG-MAE) and the SSL4EO-S12 authors publish them; no
# digest found (see the module docstring)
UNVERIFIED: list[dict[str, Any]] = [
    _s12_vit(_VITS, "sentinel2_all_mae", f"{_MAE_URL}/B13_vits16_mae_ep99_enc.pth", None, "MAE"),
    _s12_vit(_VITS, "sentinel1_grd_mae", f"{_MAE_URL}/B2_vits16_mae_ep99_enc.pth", None, "MAE"),
    _s12_vit(_VITB, "sentinel2_all_mae", f"{_MAE_URL}/B13_vitb16_mae_ep99_enc.pth", None, "MAE"),
    _s12_vit(_VITL, "sentinel2_all_mae", f"{_MAE_URL}/B13_vitl16_mae_ep99_enc.pth", None, "MAE"),
    *(
        _s12_vit(model, f"{'sentinel1_grd' if n == 2 else 'sentinel2_all'}_fgmae",
                 f"{_FGMAE_URL}/B{n}_{short}_fgmae_ep{epochs}_enc.pth", None, "FG-MAE")
        for model, short, epochs in ((_VITS, "vits16", 99), (_VITB, "vitb16", 99),
                                     (_VITL, "vitl16", 99), (_VITH, "vith14", 399))
        for n in (13, 2)
    ),
]

WEIGHTS: list[dict[str, Any]] = [
    # Sentinel-2, SSL4EO-S12, TorchGeo re-hosted (full sha256 from the LFS pointer for DINO)
    _s12_vit(_VITS, "sentinel2_all_dino",
             f"{_HF}/vit_small_patch16_224_sentinel2_all_dino/resolve/"
             "5b41dd418a79de47ac9f5be3e035405a83818a62/"
             "vit_small_patch16_224_sentinel2_all_dino-36bcc127.pth",
             "36bcc1273227252faf98e1d9f32c35166d3612d30dc0c15812c29bed6da9a7d5", "DINO"),
    _s12_vit(_VITS, "sentinel2_all_moco",
             f"{_HF}/vit_small_patch16_224_sentinel2_all_moco/resolve/"
             "1cb683f6c14739634cdfaaceb076529adf898c74/"
             "vit_small_patch16_224_sentinel2_all_moco-67c9032d.pth", "67c9032d", "MoCo v3"),
    # SoftCon (publisher's files, LFS object ids)
    _softcon("vit_small_patch14_dinov2", False, "B13_vits14_softcon.pth",
             "05f9da0e999aff9aaf8bfd043ce4b8c58b3fca8a45bf8d67c1e79a3b8f8feb2e"),
    _softcon("vit_small_patch14_dinov2", True, "B2_vits14_softcon.pth",
             "bdac4d543e0271e12dce0c975575102201b8e6a016ec72ffccb92c4819c72298"),
    _softcon("vit_base_patch14_dinov2", False, "B13_vitb14_softcon.pth",
             "1b9a18e22bdb02281d19e2b08ecf3d903ad6772028b5500699287886b534bded"),
    _softcon("vit_base_patch14_dinov2", True, "B2_vitb14_softcon.pth",
             "1e5eaf15f0b49a0c669caf98d0fad53f8decf2acc3e909a03b08a0c5c8c8e698"),
    # Landsat, SSL4EO-L ViT-S/16 (hash prefixes from the file names)
    _ssl4eo_l_vit("tm_toa", "moco", "a1c967d8"),
    _ssl4eo_l_vit("tm_toa", "simclr", "7c2d9799"),
    _ssl4eo_l_vit("etm_toa", "moco", "26d19bcf"),
    _ssl4eo_l_vit("etm_toa", "simclr", "34fb12cb"),
    _ssl4eo_l_vit("etm_sr", "moco", "eaa4674e"),
    _ssl4eo_l_vit("etm_sr", "simclr", "a14c466a"),
    _ssl4eo_l_vit("oli_tirs_toa", "moco", "c7c2cceb"),
    _ssl4eo_l_vit("oli_tirs_toa", "simclr", "ad43e9a4"),
    _ssl4eo_l_vit("oli_sr", "moco", "c9b8898d"),
    _ssl4eo_l_vit("oli_sr", "simclr", "4e8f6102"),
    # SatlasPretrain Swin-V2-T
    _satlas("swin_v2_t", "sentinel2_mi_ms", "sentinel2_swint_mi_ms-d8c659e3.pth"),
    _satlas("swin_v2_t", "sentinel2_mi_rgb", "sentinel2_swint_mi_rgb-424d91f4.pth"),
    _satlas("swin_v2_t", "sentinel2_si_ms", "sentinel2_swint_si_ms-bc68e396.pth"),
    _satlas("swin_v2_t", "sentinel2_si_rgb", "sentinel2_swint_si_rgb-0c1a96e0.pth"),
    # SatlasPretrain Swin-V2-B
    _satlas("swin_v2_b", "naip_rgb_mi", "aerial_swinb_mi-326d69e1.pth"),
    _satlas("swin_v2_b", "naip_rgb_si", "aerial_swinb_si-e4169eb1.pth"),
    _satlas("swin_v2_b", "landsat_mi", "landsat_swinb_mi-6b4a1cda.pth"),
    _satlas("swin_v2_b", "landsat_si", "landsat_swinb_si-4af978f6.pth"),
    _satlas("swin_v2_b", "sentinel1_mi", "sentinel1_swinb_mi-f6c43d97.pth"),
    _satlas("swin_v2_b", "sentinel1_si", "sentinel1_swinb_si-3981c153.pth"),
    _satlas("swin_v2_b", "sentinel2_mi_ms", "sentinel2_swinb_mi_ms-39c86721.pth"),
    _satlas("swin_v2_b", "sentinel2_mi_rgb", "sentinel2_swinb_mi_rgb-4efa210c.pth"),
    _satlas("swin_v2_b", "sentinel2_si_ms", "sentinel2_swinb_si_ms-fe22a12c.pth"),
    _satlas("swin_v2_b", "sentinel2_si_rgb", "sentinel2_swinb_si_rgb-156a98d5.pth"),
    # SatlasPretrain ResNet-152
    _satlas("resnet152", "sentinel2_mi_ms", "sentinel2_resnet152_mi_ms-fd35b4bb.pth"),
    _satlas("resnet152", "sentinel2_mi_rgb", "sentinel2_resnet152_mi_rgb-67563ac5.pth"),
    _satlas("resnet152", "sentinel2_si_ms", "sentinel2_resnet152_si_ms-4500c6cb.pth"),
    _satlas("resnet152", "sentinel2_si_rgb", "sentinel2_resnet152_si_rgb-f4d24c3c.pth"),
    *UNVERIFIED,
]


# --- ImageNet RGB classifiers in the same layouts (torchvision, timm, DeiT) ------------------
# File names and licences from torchvision's and timm's pretrained configurations; every file
# is named ``<name>-<first 8 hex digits of its sha256>.pth`` (torch.hub's convention) and is a
# full 1000-class classifier: torchvision's Swin-V2 layout, timm's ResNet and ViT layouts (DeiT
# wraps its state dict in ``{"model": ...}``, which the loader unwraps).
_SWIN = ("Liu, Z., Hu, H., Lin, Y., et al. Swin Transformer V2: Scaling up capacity and "
         "resolution. CVPR 2022. arXiv:2111.09883")
_DEIT = ("Touvron, H., Cord, M., Douze, M., Massa, F., Sablayrolles, A., Jegou, H. Training "
         "data-efficient image transformers & distillation through attention. ICML 2021. "
         "arXiv:2012.12877")
_VIT = ("Dosovitskiy, A., Beyer, L., Kolesnikov, A., et al. An image is worth 16x16 words: "
        "Transformers for image recognition at scale. ICLR 2021. arXiv:2010.11929")
_TORCHVISION_HOME = "https://pytorch.org/vision/stable/models.html"


def _swin_in1k(model: str, filename: str) -> dict[str, Any]:
    return _in1k(model, "imagenet", f"https://download.pytorch.org/models/{filename}",
                 license="BSD-3-Clause", citation=_SWIN, homepage=_TORCHVISION_HOME,
                 aliases=(f"{_ENUM[model]}.imagenet1k_v1",),
                 description="torchvision IMAGENET1K_V1 weights (trained at 256 px)")


def _deit(model: str, filename: str) -> dict[str, Any]:
    size = "small" if "small" in model else "base"
    return _in1k(model, "deit_in1k", f"https://dl.fbaipublicfiles.com/deit/{filename}",
                 license="Apache-2.0", citation=_DEIT,
                 homepage="https://github.com/facebookresearch/deit",
                 aliases=(f"deit_{size}_patch16_224.fb_in1k",),
                 description=f"DeiT-{size[0].upper()} (the same architecture as this ViT), "
                             "trained on ImageNet-1k only")


_VIT_ORIG = _in1k(
    _VITB, "orig_in21k_ft_in1k",
    "https://github.com/rwightman/pytorch-image-models/releases/download/v0.1-vitjx/"
    "jx_vit_base_p16_224-80ecf9dd.pth", license="Apache-2.0", citation=_VIT,
    homepage="https://github.com/google-research/vision_transformer",
    description="the original ViT-B/16 (ImageNet-21k, fine-tuned on ImageNet-1k), ported from "
                "JAX by timm")
_VIT_ORIG.update(mean=(0.5, 0.5, 0.5), std=(0.5, 0.5, 0.5))  # inputs scaled to [-1, 1]

IMAGENET: list[dict[str, Any]] = [
    _torchvision("resnet152", 1, "resnet152-394f9c45.pth"),
    _torchvision("resnet152", 2, "resnet152-f82ba261.pth"),
    _rsb("resnet152", "a1_in1k", "resnet152_a1_0-2eee8a7a.pth"),
    _rsb("resnet152", "a1h_in1k", "resnet152_a1h-dc400468.pth", owner="rwightman"),
    _rsb("resnet152", "a2_in1k", "resnet152_a2_0-b4c6978f.pth"),
    _rsb("resnet152", "a3_in1k", "resnet152_a3_0-134d4688.pth"),
    _gluon("resnet152", "gluon_resnet152_v1b-c1edb0dd.pth"),
    _swin_in1k("swin_v2_t", "swin_v2_t-b137f0e2.pth"),
    _swin_in1k("swin_v2_b", "swin_v2_b-781e5279.pth"),
    _deit(_VITS, "deit_small_patch16_224-cd65a155.pth"),
    _deit(_VITB, "deit_base_patch16_224-b5f2ef4d.pth"),
    _VIT_ORIG,
]
WEIGHTS.extend(IMAGENET)
