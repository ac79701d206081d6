"""Declarative specs of the built-in models and published weights.

Plain data only (no torch import): listing the registries must stay cheap.

Weights facts (URLs, band order, normalisation, licence) come from the publishers: the
SSL4EO-S12, SeCo, SSL4EO-L and SatlasPretrain releases as re-hosted by TorchGeo on Hugging Face,
and torchvision's ImageNet ResNets. ``sha256`` is the full digest where the host publishes it
(the Git LFS object id) and otherwise the 8-hex-digit prefix in the file name, which is what the
publisher committed to; loading verifies whichever is known.

Each entry's alias is TorchGeo's name of the same file (``ResNet50_Weights.SENTINEL2_ALL_MOCO``;
torchvision's ``ResNet50_Weights.IMAGENET1K_V1`` for ImageNet), so code ported from TorchGeo
finds its weights; look-ups ignore case.
"""

from __future__ import annotations

from typing import Any

_M = "geoplug.models"

MODELS: list[dict[str, Any]] = [
    {"name": "resnet18", "target": f"{_M}.backbones:resnet18", "task": "classification",
     "family": "resnet",
     "description": "ResNet-18 (timm) with any number of input bands"},
    {"name": "resnet50", "target": f"{_M}.backbones:resnet50", "task": "classification",
     "family": "resnet",
     "description": "ResNet-50 (timm) with any number of input bands"},
    {"name": "timm", "target": f"{_M}.backbones:timm_model", "task": "classification",
     "family": "timm",
     "description": "any timm architecture: get_model('timm', model_name=...) or "
                    "get_model('timm/<name>')"},
    {"name": "unet", "target": f"{_M}.unet:unet", "task": "segmentation", "family": "unet",
     "description": "U-Net with any timm encoder (encoder='resnet18')"},
    {"name": "unet_resnet18", "target": f"{_M}.unet:unet", "task": "segmentation",
     "family": "unet", "default_kwargs": {"encoder": "resnet18"},
     "description": "U-Net with a ResNet-18 encoder (TorchGeo paper, Table 3)"},
    {"name": "unet_resnet50", "target": f"{_M}.unet:unet", "task": "segmentation",
     "family": "unet", "default_kwargs": {"encoder": "resnet50"},
     "description": "U-Net with a ResNet-50 encoder (TorchGeo paper, Table 3)"},
    {"name": "fcsiam_conc", "target": f"{_M}.fcsiam:fcsiam_conc", "task": "change_detection",
     "family": "fcsiam", "aliases": ("fc_siam_conc",),
     "description": "FC-Siam-conc change detection, input [B,2,C,H,W]"},
    {"name": "fcsiam_diff", "target": f"{_M}.fcsiam:fcsiam_diff", "task": "change_detection",
     "family": "fcsiam", "aliases": ("fc_siam_diff",),
     "description": "FC-Siam-diff change detection, input [B,2,C,H,W]"},
    {"name": "fcn", "target": f"{_M}.fcn:fcn", "task": "segmentation", "family": "fcn",
     "description": "fully-convolutional baseline without downsampling"},
    {"name": "upernet", "target": f"{_M}.decoders:upernet", "task": "segmentation",
     "family": "upernet",
     "description": "UPerNet on multi-level features of a ViT, Swin or CNN encoder "
                    "(encoder='vit_small_patch16_224', 'swin_v2_t', 'resnet50', ...)"},
    {"name": "fpn", "target": f"{_M}.decoders:fpn", "task": "segmentation", "family": "fpn",
     "description": "feature-pyramid (semantic FPN) head on a ViT, Swin or CNN encoder"},
    {"name": "deeplabv3plus", "target": f"{_M}.smp_models:deeplabv3plus",
     "task": "segmentation", "family": "smp", "aliases": ("deeplabv3_plus",),
     "description": "DeepLabV3+ (segmentation_models_pytorch; encoder='resnet50' or "
                    "'timm/<name>')"},
    {"name": "fpn_smp", "target": f"{_M}.smp_models:fpn_smp", "task": "segmentation",
     "family": "smp",
     "description": "FPN of segmentation_models_pytorch on a convolutional encoder"},
    {"name": "unet_smp", "target": f"{_M}.smp_models:unet_smp", "task": "segmentation",
     "family": "smp",
     "description": "segmentation_models_pytorch U-Net: loads TorchGeo U-Net checkpoints"},
]

# --- band lists, by the publishers' band names -------------------------------------------------
_S2_ALL = ("B01", "B02", "B03", "B04", "B05", "B06", "B07", "B08", "B8A", "B09", "B10", "B11",
           "B12")  # Sentinel-2 L1C, SSL4EO-S12 order
_S2_RGB = ("B04", "B03", "B02")
_S2_SATLAS = ("B04", "B03", "B02", "B05", "B06", "B07", "B08", "B11", "B12")
_S1 = ("VV", "VH")
_RGB = ("red", "green", "blue")
# SSL4EO-L: Google Earth Engine Landsat Collection 2 band names
_TM_TOA = ("B1", "B2", "B3", "B4", "B5", "B6", "B7")
_ETM_TOA = ("B1", "B2", "B3", "B4", "B5", "B6_VCID_1", "B6_VCID_2", "B7", "B8")
_ETM_SR = ("SR_B1", "SR_B2", "SR_B3", "SR_B4", "SR_B5", "SR_B7")
_OLI_TIRS_TOA = ("B1", "B2", "B3", "B4", "B5", "B6", "B7", "B8", "B9", "B10", "B11")
_OLI_SR = ("SR_B1", "SR_B2", "SR_B3", "SR_B4", "SR_B5", "SR_B6", "SR_B7")

# --- citations ---------------------------------------------------------------------------------
_SSL4EO_S12 = ("Wang, Y., Braham, N. A. A., Xiong, Z., Liu, C., Albrecht, C. M., Zhu, X. X. "
               "SSL4EO-S12: A large-scale multi-modal, multi-temporal dataset for "
               "self-supervised learning in Earth observation. IEEE Geoscience and Remote "
               "Sensing Magazine, 2023. arXiv:2211.07044")
_SECO = ("Manas, O., Lacoste, A., Giro-i-Nieto, X., Vazquez, D., Rodriguez, P. Seasonal "
         "Contrast: Unsupervised pre-training from uncurated remote sensing data. ICCV 2021. "
         "arXiv:2103.16607")
_SSL4EO_L = ("Stewart, A. J., Lehmann, N., Corley, I. A., Wang, Y., Chang, Y.-C., Braham, "
             "N. A. A., Sehgal, S., Robinson, C., Banerjee, A. SSL4EO-L: Datasets and "
             "foundation models for Landsat imagery. NeurIPS 2023 Datasets and Benchmarks. "
             "arXiv:2306.09424")
_SATLAS = ("Bastani, F., Wolters, P., Gupta, R., Ferdinando, J., Kembhavi, A. SatlasPretrain: "
           "A large-scale dataset for remote sensing image understanding. ICCV 2023. "
           "arXiv:2211.15660")
_RESNET = ("He, K., Zhang, X., Ren, S., Sun, J. Deep residual learning for image recognition. "
           "CVPR 2016. arXiv:1512.03385")

_HF = "https://hf.co/torchgeo"
_LANDSAT_REV = "1c88bb51b6e17a21dde5230738fa38b74bd74f76"


def _torchgeo(name: str) -> tuple[str]:
    """TorchGeo's name of the same file as an alias: ``resnet50.sentinel2_all_moco`` is
    ``ResNet50_Weights.SENTINEL2_ALL_MOCO`` there. Stored lower-case, as registry names are;
    look-ups ignore case, so the TorchGeo spelling resolves as it is."""
    arch, tag = name.split(".", 1)
    return (f"{arch}_weights.{tag}",)


def _scale(n: int, divisor: float) -> dict[str, tuple[float, ...]]:
    return {"mean": (0.0,) * n, "std": (float(divisor),) * n}


def _s12(arch: str, kind: str, revision: str, digest: str, **extra: Any) -> dict[str, Any]:
    """An SSL4EO-S12 Sentinel-2 L1C entry: 13 bands (or RGB), inputs divided by 10,000."""
    tag = f"sentinel2_{kind}"
    bands = _S2_ALL if kind.startswith("all") else _S2_RGB
    spec: dict[str, Any] = {
        "name": f"{arch}.{tag}", "aliases": _torchgeo(f"{arch}.{tag}"), "model": arch,
        "in_chans": len(bands),
        "url": f"{_HF}/{arch}_{tag}/resolve/{revision}/{arch}_{tag}-{digest[:8]}.pth",
        "sha256": digest, "sensor": "sentinel2", "bands": bands, "resolution": 10.0,
        **_scale(len(bands), 10000),
        "license": "CC-BY-4.0", "citation": _SSL4EO_S12,
        "homepage": "https://github.com/zhu-xlab/SSL4EO-S12",
        "description": f"{kind.split('_')[-1].upper()} self-supervised on SSL4EO-S12 "
                       f"Sentinel-2 L1C ({'13 bands' if len(bands) == 13 else 'RGB'}); "
                       "reflectance divided by 10,000",
    }
    spec.update(extra)
    return spec


def _landsat(arch: str, product: str, method: str, prefix: str) -> dict[str, Any]:
    """An SSL4EO-L entry; the images were rescaled to uint8, so inputs are divided by 255."""
    bands, sensor, what = {
        "tm_toa": (_TM_TOA, "landsat5", "Landsat 4-5 TM top-of-atmosphere"),
        "etm_toa": (_ETM_TOA, "landsat7", "Landsat 7 ETM+ top-of-atmosphere"),
        "etm_sr": (_ETM_SR, "landsat7", "Landsat 7 ETM+ surface reflectance"),
        "oli_tirs_toa": (_OLI_TIRS_TOA, "landsat8", "Landsat 8-9 OLI/TIRS top-of-atmosphere"),
        "oli_sr": (_OLI_SR, "landsat8", "Landsat 8-9 OLI surface reflectance"),
    }[product]
    return {
        "name": f"{arch}.landsat_{product}_{method}",
        "aliases": _torchgeo(f"{arch}.landsat_{product}_{method}"), "model": arch,
        "in_chans": len(bands),
        "url": f"{_HF}/ssl4eo_landsat/resolve/{_LANDSAT_REV}/"
               f"{arch}_landsat_{product}_{method}-{prefix}.pth",
        "sha256": prefix, "sensor": sensor, "bands": bands, "resolution": 30.0,
        **_scale(len(bands), 255),
        "license": "CC0-1.0", "citation": _SSL4EO_L,
        "homepage": "https://github.com/microsoft/torchgeo",
        "description": f"{method.upper()} self-supervised on SSL4EO-L {what}; expects the "
                       "SSL4EO-L uint8 scaling, divided by 255",
    }


def _seco(arch: str, revision: str, digest: str) -> dict[str, Any]:
    # SeCo scales B02/B03/B04 with min 3/2/0 and max 88/103/129, then applies ImageNet
    # statistics; folded here into one affine normalisation (SeCo also clips to [0, 1]),
    # in this entry's band order (B04, B03, B02)
    lo, hi = (0.0, 2.0, 3.0), (129.0, 103.0, 88.0)
    imean, istd = (0.485, 0.456, 0.406), (0.229, 0.224, 0.225)
    return {
        "name": f"{arch}.sentinel2_rgb_seco", "aliases": _torchgeo(f"{arch}.sentinel2_rgb_seco"),
        "model": arch, "in_chans": 3,
        "url": f"{_HF}/{arch}_sentinel2_rgb_seco/resolve/{revision}/"
               f"{arch}_sentinel2_rgb_seco-{digest[:8]}.pth",
        "sha256": digest, "sensor": "sentinel2", "bands": _S2_RGB, "resolution": 10.0,
        "mean": tuple(round(a + m * (b - a), 4) for a, b, m in zip(lo, hi, imean)),
        "std": tuple(round(s * (b - a), 4) for a, b, s in zip(lo, hi, istd)),
        "license": "Apache-2.0", "citation": _SECO,
        "homepage": "https://github.com/ServiceNow/seasonal-contrast",
        "description": "Seasonal Contrast self-supervised on Sentinel-2 RGB (SeCo dataset)",
    }


def _satlas(kind: str, prefix: str) -> dict[str, Any]:
    images = "multi-image" if kind.startswith("mi") else "single-image"
    return {
        "name": f"resnet50.sentinel2_{kind}_satlas",
        "aliases": _torchgeo(f"resnet50.sentinel2_{kind}_satlas"), "model": "resnet50",
        "in_chans": 9,
        "url": f"{_HF}/satlas/resolve/081d6607431bf36bdb59c223777cbb267131b8f2/"
               f"sentinel2_resnet50_{kind}-{prefix}.pth",
        "sha256": prefix, "sensor": "sentinel2", "bands": _S2_SATLAS, "resolution": 10.0,
        "mean": (0.0,) * 9, "std": (255.0,) * 3 + (8160.0,) * 6,
        "license": "Apache-2.0", "citation": _SATLAS,
        "homepage": "https://github.com/allenai/satlaspretrain_models",
        "description": f"SatlasPretrain {images} Sentinel-2 backbone (9 bands); RGB as 8-bit "
                       "values /255, other bands /8160 (then clipped to [0, 1] by Satlas)",
    }


def _imagenet(arch: str, filename: str) -> dict[str, Any]:
    return {
        # torchvision's name of the same file (TorchGeo code loads ImageNet weights from it)
        "name": f"{arch}.imagenet", "aliases": (f"{arch}_weights.imagenet1k_v1",),
        "model": arch, "in_chans": 3, "num_classes": 1000,
        "url": f"https://download.pytorch.org/models/{filename}",
        "sha256": filename.rsplit("-", 1)[1].split(".")[0], "sensor": "rgb", "bands": _RGB,
        "mean": (0.485, 0.456, 0.406), "std": (0.229, 0.224, 0.225),
        "license": "BSD-3-Clause", "citation": _RESNET,
        "homepage": "https://pytorch.org/vision/stable/models.html",
        "description": "torchvision ImageNet-1k weights (RGB scaled to [0, 1]); with "
                       "bands=... and sensor=... they give the paper's 'ImageNet (+ random)' "
                       "initialisation of a multispectral model",
    }


WEIGHTS: list[dict[str, Any]] = [
    # Sentinel-2, SSL4EO-S12 (full sha256 from the Hugging Face LFS pointers)
    _s12("resnet18", "all_moco", "5b8cddc9a14f3844350b7f40b85bcd32aed75918",
         "59bfdff99c7af41adfa2557e684ec59aec79f4cf6bb1a2e9714b802f08e2222e"),
    _s12("resnet18", "rgb_moco", "e1c032e7785fd0625224cdb6699aa138bb304eec",
         "e3a335e38d1d189ad3b0eba4be4004a9c52c5e846317b6737ac9f0fac57e1ac8"),
    _s12("resnet50", "all_moco", "da4f3c9dbe09272eb902f3b37f46635fa4726879",
         "df8b932e2a23a0773febedf3f650aa7d342b805f7876ca5ed6b139d7245d7c09"),
    _s12("resnet50", "all_dino", "d7f14bf5530d70ac69d763e58e77e44dbecfec7c",
         "d6c330e99fb65d7a8ed9cdf06f6ec752b9db74718fa2edf42314bf3fdf132dd4"),
    _s12("resnet50", "rgb_moco", "efd9723b59a88e9dc1420dc1e96afb25b0630a3c",
         "2b57ba8b9964dbe1c409aac1bb79b4d97c19c874ffe7934799b7c8ad94ff85f0"),
    # Sentinel-1, SSL4EO-S12 (VV, VH in dB; statistics as used by TorchGeo, from DeCUR)
    {
        "name": "resnet50.sentinel1_all_moco", "aliases": _torchgeo("resnet50.sentinel1_all_moco"),
        "model": "resnet50", "in_chans": 2,
        "url": f"{_HF}/resnet50_sentinel1_all_moco/resolve/"
               "e79862c667853c10a709bdd77ea8ffbad0e0f1cf/resnet50_sentinel1_all_moco-906e4356.pth",
        "sha256": "906e4356da0ff06ce0388cba50dd4f310ba6abbee706c5303c129d8aead98082",
        "sensor": "sentinel1", "bands": _S1, "resolution": 10.0,
        "mean": (-12.59, -20.26), "std": (5.26, 5.91),
        "license": "CC-BY-4.0", "citation": _SSL4EO_S12,
        "homepage": "https://github.com/zhu-xlab/SSL4EO-S12",
        "description": "MoCo self-supervised on SSL4EO-S12 Sentinel-1 GRD (VV, VH backscatter, dB)",
    },
    # Sentinel-2 RGB, SeCo
    _seco("resnet18", "f8dcee692cf7142163b55a5c197d981fe0e717a0",
          "cefca942e0765c9b6dea779e83bb328c8535dc9a3d49fb90e8b294525e8ef891"),
    _seco("resnet50", "fbd07b02a8edb8fc1035f7957160deed4321c145", "018bf397"),
    # Sentinel-2, SatlasPretrain (9 bands)
    _satlas("si_ms", "1f454cc6"),
    _satlas("mi_ms", "da5413d2"),
    # Landsat, SSL4EO-L (hash prefixes from the file names)
    _landsat("resnet18", "tm_toa", "moco", "1c691b4f"),
    _landsat("resnet18", "tm_toa", "simclr", "d2d38ace"),
    _landsat("resnet18", "etm_toa", "moco", "bb88689c"),
    _landsat("resnet18", "etm_toa", "simclr", "4d813f79"),
    _landsat("resnet18", "etm_sr", "moco", "4f078acd"),
    _landsat("resnet18", "etm_sr", "simclr", "8e8543b4"),
    _landsat("resnet18", "oli_tirs_toa", "moco", "a3002f51"),
    _landsat("resnet18", "oli_tirs_toa", "simclr", "b0635cc6"),
    _landsat("resnet18", "oli_sr", "moco", "660e82ed"),
    _landsat("resnet18", "oli_sr", "simclr", "7bced5be"),
    _landsat("resnet50", "tm_toa", "moco", "ba1ce753"),
    _landsat("resnet50", "tm_toa", "simclr", "a1c93432"),
    _landsat("resnet50", "etm_toa", "moco", "e9a84d5a"),
    _landsat("resnet50", "etm_toa", "simclr", "70b5575f"),
    _landsat("resnet50", "etm_sr", "moco", "1266cde3"),
    _landsat("resnet50", "etm_sr", "simclr", "e5d185d7"),
    _landsat("resnet50", "oli_tirs_toa", "moco", "de7f5e0f"),
    _landsat("resnet50", "oli_tirs_toa", "simclr", "030cebfe"),
    _landsat("resnet50", "oli_sr", "moco", "ff580dad"),
    _landsat("resnet50", "oli_sr", "simclr", "94f78913"),
    # ImageNet RGB (torchvision IMAGENET1K_V1), for "ImageNet (+ random)"
    _imagenet("resnet18", "resnet18-f37072fd.pth"),
    _imagenet("resnet50", "resnet50-0676ba61.pth"),
]


# --- more of TorchGeo 0.8's ResNet-50 zoo -----------------------------------------------------
# Facts from TorchGeo's ``ResNet50_Weights`` and its weights tables (URLs, the sha256 prefix in
# each file name, bands, normalisation, licence). TorchGeo loads every one of these files into
# timm's ``resnet50`` (no unexpected keys; ``fc`` may be absent), so the layout is timm's.
_DECUR = ("Wang, Y., Albrecht, C. M., Braham, N. A. A., Liu, C., Xiong, Z., Zhu, X. X. "
          "Decoupling common and unique representations for multimodal self-supervised "
          "learning. ECCV 2024. arXiv:2309.05300")
_CLOSP = ("Rege Cambrin, D., Vaiani, L., Gallipoli, G., Cagliero, L., Garza, P. "
          "Text-to-remote-sensing-image retrieval beyond RGB sources. arXiv:2507.10403, 2025")
_SSL4ECO = ("Plekhanova, E., et al. SSL4Eco: A global seasonal dataset for geospatial "
            "foundation models in ecology. arXiv:2504.18256, 2025")
_GASSL = ("Ayush, K., Uzkent, B., Meng, C., Tanmay, K., Burke, M., Lobell, D., Ermon, S. "
          "Geography-aware self-supervised learning. ICCV 2021. arXiv:2011.09980")
_CLOSP_URL = ("https://huggingface.co/DarthReca/CLOSP-Visual/resolve/"
              "3bb8677c21dac56bea2dd7baa08d7871272db440")
_S2_NO_B10 = tuple(b for b in _S2_ALL if b != "B10")
# SSL4EO-S12 Sentinel-1 statistics (dB), DeCUR's
_S1_DB: dict[str, tuple[float, ...]] = {"mean": (-12.59, -20.26), "std": (5.26, 5.91)}


def _rn50(tag: str, url: str, bands: tuple[str, ...], sensor: str,
          norm: dict[str, tuple[float, ...]], *, license: str, citation: str, homepage: str,
          description: str, resolution: float | None = 10.0,
          extra_aliases: tuple[str, ...] = ()) -> dict[str, Any]:
    """A TorchGeo ``ResNet50_Weights`` member; ``sha256`` is the prefix in the file name."""
    return {
        "name": f"resnet50.{tag}", "aliases": (*_torchgeo(f"resnet50.{tag}"), *extra_aliases),
        "model": "resnet50", "in_chans": len(bands), "url": url,
        "sha256": url.rsplit("-", 1)[1].split(".")[0], "sensor": sensor, "bands": bands,
        "resolution": resolution, **norm, "license": license, "citation": citation,
        "homepage": homepage, "description": description,
    }


def _closp(geo: bool, s1: bool, filename: str) -> dict[str, Any]:
    what = "GeoCLOSP (with a location encoder)" if geo else "CLOSP"
    return _rn50(
        f"{'sentinel1_grd' if s1 else 'sentinel2_all'}_{'geo' if geo else ''}closp",
        f"{_CLOSP_URL}/{filename}", _S1 if s1 else _S2_ALL, "sentinel1" if s1 else "sentinel2",
        # TorchGeo applies no normalisation to the radar encoder, /10,000 to the optical one
        _scale(2, 1) if s1 else _scale(13, 10000), license="OpenRAIL", citation=_CLOSP,
        homepage="https://github.com/DarthReca/closp",
        description=f"{what} image encoder, contrastive language-optical-SAR pre-training on "
                    "CrisisLandMark " + ("Sentinel-1 GRD (VV, VH) as the dataset stores them, "
                                         "no normalisation" if s1 else
                                         "Sentinel-2 L1C (13 bands); reflectance / 10,000"))


def _satlas_rgb(kind: str, prefix: str) -> dict[str, Any]:
    images = "multi-image" if kind.startswith("mi") else "single-image"
    return _rn50(
        f"sentinel2_{kind}_satlas",
        f"{_HF}/satlas/resolve/081d6607431bf36bdb59c223777cbb267131b8f2/"
        f"sentinel2_resnet50_{kind}-{prefix}.pth", _S2_RGB, "sentinel2", _scale(3, 255),
        license="ODC-BY-1.0", citation=_SATLAS,
        homepage="https://github.com/allenai/satlaspretrain_models",
        description=f"SatlasPretrain {images} Sentinel-2 RGB backbone; 8-bit values /255 "
                    "(then clipped to [0, 1] by Satlas)")


WEIGHTS.extend([
    _rn50("sentinel1_grd_decur",
          "https://huggingface.co/torchgeo/decur/resolve/"
          "9328eeb90c686a88b30f8526ed757b4bc0f12027/rn50_ssl4eo-s12_sar_decur_ep100-f0e69ba2.pth",
          _S1, "sentinel1", _S1_DB, license="Apache-2.0", citation=_DECUR,
          homepage="https://github.com/zhu-xlab/DeCUR",
          extra_aliases=("resnet50_weights.sentinel1_all_decur",),
          description="DeCUR (decoupled common and unique representations) on SSL4EO-S12 "
                      "Sentinel-1 GRD (VV, VH backscatter, dB; SSL4EO-S12 statistics)"),
    _rn50("sentinel2_all_decur",
          "https://huggingface.co/torchgeo/decur/resolve/"
          "eba7ae5945d482a4319be046d34b552db5dd9950/rn50_ssl4eo-s12_ms_decur_ep100-fc6b09ff.pth",
          _S2_ALL, "sentinel2", _scale(13, 10000), license="Apache-2.0", citation=_DECUR,
          homepage="https://github.com/zhu-xlab/DeCUR",
          description="DeCUR (decoupled common and unique representations) on SSL4EO-S12 "
                      "Sentinel-2 L1C (13 bands); reflectance divided by 10,000"),
    _closp(False, True, "closp-rn_s1_encoder-cacc90bc.pth"),
    _closp(True, True, "geoclosp-rn_s1_encoder-e63ae1af.pth"),
    _closp(False, False, "closp-rn_s2_encoder-183922a5.pth"),
    _closp(True, False, "geoclosp-rn_s2_encoder-94c37f4a.pth"),
    _rn50("sentinel2_all_seco_eco",
          "https://hf.co/torchgeo/seco-eco/resolve/3ede08c40f70534eb1132057ee338b99e54319f0/"
          "resnet50_sentinel2_all_seco_eco-a273eb78.pth",
          _S2_NO_B10, "sentinel2", _scale(12, 10000), license="MIT", citation=_SSL4ECO,
          homepage="https://github.com/PlekhanovaElena/ssl4eco",
          description="SeCo-Eco (seasonal contrast, three heads) on SSL4Eco Sentinel-2 "
                      "(12 bands, no B10); reflectance divided by 10,000"),
    _rn50("sentinel2_all_ndvi_seco_eco",
          "https://hf.co/torchgeo/seco-eco-ndvi/resolve/"
          "134eb071d078874edf4c70cb6c4ea62dbe924190/"
          "resnet50_sentinel2_all_ndvi_seco_eco-3a74b167.pth",
          ("B02", "B03", "B04", "B05", "B06", "B07", "B08", "B8A", "NDVI"), "sentinel2",
          _scale(9, 10000), license="MIT", citation=_SSL4ECO,
          homepage="https://github.com/PlekhanovaElena/ssl4eco",
          description="SeCo-Eco on SSL4Eco Sentinel-2: 8 bands plus NDVI as a ninth channel "
                      "(append it, e.g. with geoplug's spectral-index transform); all divided "
                      "by 10,000 as TorchGeo does"),
    _satlas_rgb("si_rgb", "45fc6972"),
    _satlas_rgb("mi_rgb", "e79bb7fe"),
    _rn50("fmow_rgb_gassl",
          "https://hf.co/torchgeo/resnet50_fmow_rgb_gassl/resolve/"
          "fe8a91026cf9104f1e884316b8e8772d7af9052c/resnet50_fmow_rgb_gassl-da43d987.pth",
          _RGB, "rgb",
          # pixel values / 255, then ImageNet statistics: expressed on the 0-255 scale
          {"mean": (123.675, 116.28, 103.53), "std": (58.395, 57.12, 57.375)},
          license="unspecified (the publisher states none; TorchGeo lists '-')",
          citation=_GASSL, homepage="https://github.com/sustainlab-group/geography-aware-ssl",
          resolution=None,
          description="Geography-aware self-supervised learning (MoCo-v2 with temporal "
                      "positives and geo-location pretext) on fMoW RGB (8-bit)"),
])


# --- ImageNet RGB recipes of the same architectures (torchvision V2, timm) ---------------------
# File names and licences from torchvision's and timm's pretrained configurations; every file
# is a full classifier in the torchvision/timm ResNet layout (``fc`` with 1000 classes), named
# ``<name>-<first 8 hex digits of its sha256>.pth`` by torch.hub's and timm's convention.
_RSB = ("Wightman, R., Touvron, H., Jegou, H. ResNet strikes back: An improved training "
        "procedure in timm. arXiv:2110.00476, 2021")
_GLUON = ("He, T., Zhang, Z., Zhang, H., Zhang, Z., Xie, J., Li, M. Bag of tricks for image "
          "classification with convolutional neural networks. CVPR 2019. arXiv:1812.01187")


def _in1k(arch: str, tag: str, url: str, *, license: str, citation: str, homepage: str,
          description: str, aliases: tuple[str, ...] = ()) -> dict[str, Any]:
    """An ImageNet-1k RGB classifier; ``tag`` is timm's pretrained tag of the same file."""
    return {
        "name": f"{arch}.{tag}", "aliases": aliases, "model": arch, "in_chans": 3,
        "num_classes": 1000, "url": url,
        "sha256": url.rsplit("-", 1)[1].split(".")[0], "sensor": "rgb", "bands": _RGB,
        "mean": (0.485, 0.456, 0.406), "std": (0.229, 0.224, 0.225), "license": license,
        "citation": citation, "homepage": homepage,
        "description": f"{description} (ImageNet-1k, RGB scaled to [0, 1]); with bands=... "
                       "and sensor=... an 'ImageNet (+ random)' start for other sensors",
    }


def _rsb(arch: str, tag: str, filename: str, owner: str = "huggingface") -> dict[str, Any]:
    """A timm RSB file; a few are listed by timm under the repository's former owner."""
    return _in1k(arch, tag, f"https://github.com/{owner}/pytorch-image-models/releases/download/"
                 f"v0.1-rsb-weights/{filename}", license="Apache-2.0",
                 citation=_RSB, homepage="https://github.com/huggingface/pytorch-image-models",
                 description=f"timm 'ResNet strikes back' family, recipe "
                             f"{tag.split('_')[0].upper()}"
                             + (" (trained at 176 px)" if "_176" in filename else ""))


def _gluon(arch: str, filename: str) -> dict[str, Any]:
    return _in1k(arch, "gluon_in1k",
                 f"https://github.com/rwightman/pytorch-pretrained-gluonresnet/releases/download/"
                 f"v0.1/{filename}", license="Apache-2.0", citation=_GLUON,
                 homepage="https://cv.gluon.ai/model_zoo/classification.html",
                 description="GluonCV ResNet v1b ported to PyTorch by timm")


def _torchvision(arch: str, version: int, filename: str) -> dict[str, Any]:
    tag = "imagenet" if version == 1 else f"imagenet_v{version}"
    return _in1k(arch, tag, f"https://download.pytorch.org/models/{filename}",
                 license="BSD-3-Clause", citation=_RESNET,
                 homepage="https://pytorch.org/vision/stable/models.html",
                 aliases=(f"{arch}_weights.imagenet1k_v{version}",
                          f"{arch}.tv{'' if version == 1 else version}_in1k"),
                 description=f"torchvision IMAGENET1K_V{version} weights")


WEIGHTS.extend([
    _torchvision("resnet50", 2, "resnet50-11ad3fa6.pth"),
    *(_rsb("resnet18", f"a{i}_in1k", name) for i, name in (
        (1, "resnet18_a1_0-d63eafa0.pth"), (2, "resnet18_a2_0-b61bd467.pth"),
        (3, "resnet18_a3_0-40c531c8.pth"))),
    _rsb("resnet50", "a1_in1k", "resnet50_a1_0-14fe96d1.pth", owner="rwightman"),
    _rsb("resnet50", "a1h_in1k", "resnet50_a1h2_176-001a1197.pth"),
    _rsb("resnet50", "a2_in1k", "resnet50_a2_0-a2746f79.pth"),
    _rsb("resnet50", "a3_in1k", "resnet50_a3_0-59cae1ef.pth"),
    _rsb("resnet50", "b1k_in1k", "resnet50_b1k-532a802a.pth"),
    _rsb("resnet50", "b2k_in1k", "resnet50_b2k-1ba180c1.pth"),
    _rsb("resnet50", "c1_in1k", "resnet50_c1-5ba5e060.pth"),
    _rsb("resnet50", "c2_in1k", "resnet50_c2-d01e05b2.pth"),
    _rsb("resnet50", "d_in1k", "resnet50_d-f39db8af.pth"),
    _gluon("resnet18", "gluon_resnet18_v1b-0757602b.pth"),
    _gluon("resnet50", "gluon_resnet50_v1b-0ebe02e2.pth"),
])
