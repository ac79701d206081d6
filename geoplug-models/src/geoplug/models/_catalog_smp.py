"""Specs of whole segmentation models published as segmentation_models_pytorch (smp) U-Nets.

Plain data only (no torch import): listing the registries must stay cheap.

These weights are not backbones: each file is the complete state dict of an ``smp.Unet``
(``encoder.*``, ``decoder.*``, ``segmentation_head.*``, smp's own key names), so a weight
fixes the encoder and, through ``num_classes``, the head. Each encoder gets a model name of its
own (``unet_smp_efficientnet_b3`` = ``unet_smp`` with ``encoder="efficientnet-b3"``) that the
weights' ``model`` field names; ``get_model("unet_smp", weights=...)`` takes the encoder from
there.

Facts (URLs, encoders, classes, band order, normalisation, licences) come from TorchGeo's
``Unet_Weights`` (0.8, the re-uploaded files whose names carry the first 8 hex digits of their
sha256, which TorchGeo verifies with ``check_hash=True``), which re-hosts:

- the Fields of The World baselines of ``github.com/fieldsoftheworld/ftw-baselines`` (release
  ``v1``: ``2_Class_CCBY_FTW_Pretrained.ckpt``, ``2_Class_FULL_...``, ``3_Class_CCBY_...``,
  ``3_Class_FULL_...``; Lightning checkpoints whose ``model.`` weights TorchGeo extracted as
  plain state dicts) and the CC-BY PRUE U-Nets of release ``v3.1``;
- the OAM-TCD tree-cover U-Nets of Restor (``github.com/restor-foundation/tcd``).

FTW inputs stack two Sentinel-2 L2A windows of the growing season (start, end), each red,
green, blue and NIR (``B04, B03, B02, B08``): 8 channels, reflectance divided by 3,000. The
repeated band names are matched in order, so the first ``B04`` of a model's bands takes the
first window's kernel and the second ``B04`` the second's.
"""

from __future__ import annotations

from typing import Any

_SMP = "geoplug.models.smp_models"

# registry name -> smp encoder name
ENCODERS: dict[str, str] = {
    "unet_smp_efficientnet_b3": "efficientnet-b3",
    "unet_smp_efficientnet_b5": "efficientnet-b5",
    "unet_smp_efficientnet_b7": "efficientnet-b7",
    "unet_smp_resnet34": "resnet34",
    "unet_smp_resnet50": "resnet50",
}

MODELS: list[dict[str, Any]] = [
    {"name": name, "target": f"{_SMP}:unet_smp", "task": "segmentation", "family": "smp",
     "default_kwargs": {"encoder": encoder},
     "description": f"segmentation_models_pytorch U-Net with smp's {encoder} encoder (the "
                    "architecture of published whole-model U-Net weights)"}
    for name, encoder in ENCODERS.items()
]

_FTW = ("Kerner, H., Chaudhari, S., Ghosh, A., Robinson, C., Ahmad, A., Choi, E., Jacobs, N., "
        "Holmes, C., Mohr, M., Dodhia, R., Lavista Ferres, J. M., Marcus, J. Fields of The "
        "World: A machine learning benchmark dataset for global agricultural field boundary "
        "segmentation. AAAI 2025. arXiv:2409.16252")
_TCD = ("Veitch-Michaelis, J., Cottam, A., Schweizer, D., Broadbent, E. N., Dao, D., Zhang, C., "
        "Almeyda Zambrano, A., Max, S. OAM-TCD: A globally diverse dataset of high-resolution "
        "tree cover maps. NeurIPS 2024 Datasets and Benchmarks. arXiv:2407.11743")
_FTW_HOME = "https://github.com/fieldsoftheworld/ftw-baselines"
_FTW_BANDS = ("B04", "B03", "B02", "B08") * 2  # window A, then window B
_FTW_NORM: dict[str, tuple[float, ...]] = {"mean": (0.0,) * 8, "std": (3000.0,) * 8}
_FTW_CLASSES = {2: "background, field", 3: "background, field, field boundary"}


def _prefix(url: str) -> str:
    """The sha256 prefix that the publisher put in the file name (``name-<8 hex>.pth``)."""
    return url.rsplit("-", 1)[1].split(".")[0]


def _ftw(tag: str, url: str, classes: int, *, encoder: str = "efficientnet_b3",
         license: str, what: str) -> dict[str, Any]:
    return {
        "name": f"unet_smp_{encoder}.{tag}", "aliases": (f"unet_weights.{tag}",),
        "model": f"unet_smp_{encoder}", "in_chans": 8, "num_classes": classes, "url": url,
        "sha256": _prefix(url), "sensor": "sentinel2", "bands": _FTW_BANDS, "resolution": 10.0,
        **_FTW_NORM, "license": license, "citation": _FTW, "homepage": _FTW_HOME,
        "description": f"{what}; {classes} classes ({_FTW_CLASSES[classes]}); input: two "
                       "Sentinel-2 L2A windows (start and end of the growing season), each "
                       "B04, B03, B02, B08, reflectance divided by 3,000",
    }


def _tcd(encoder: str, url: str) -> dict[str, Any]:
    return {
        "name": f"unet_smp_{encoder}.oam_rgb_tcd",
        "aliases": (f"unet_weights.oam_rgb_{encoder}_tcd",), "model": f"unet_smp_{encoder}",
        "in_chans": 3, "num_classes": 2, "url": url, "sha256": _prefix(url), "sensor": "rgb",
        "bands": ("red", "green", "blue"), "resolution": 0.1,
        "mean": (0.0,) * 3, "std": (1.0,) * 3,  # values as they are
        "license": "CC-BY-NC-4.0", "citation": _TCD,
        "homepage": "https://github.com/restor-foundation/tcd",
        "description": "OAM-TCD tree-cover segmentation (background, tree canopy) of 10 cm "
                       "OpenAerialMap RGB; trained on 1024 px tiles of 8-bit values, which "
                       "TorchGeo passes without normalisation",
    }


_FTW_HF = "https://hf.co/torchgeo/ftw/resolve"
_PRUE = "https://hf.co/isaaccorley/ftw-prue-ccby/resolve"
WEIGHTS: list[dict[str, Any]] = [
    _ftw("sentinel2_2class_ftw",
         f"{_FTW_HF}/2ff807f35ec4e04ab329cd66de6117d8b4c26578/commercial/2-class/"
         "sentinel2_unet_effb3-3ce575ed.pth", 2, license="CC-BY-4.0",
         what="FTW baseline U-Net (release v1, 2_Class_CCBY) trained on the CC-BY/CC0 "
              "countries of Fields of The World"),
    _ftw("sentinel2_3class_ftw",
         f"{_FTW_HF}/d85ee8487a1b513bceaa747d11ad48aa63519f61/commercial/3-class/"
         "sentinel2_unet_effb3-74f7eb81.pth", 3, license="CC-BY-4.0",
         what="FTW baseline U-Net (release v1, 3_Class_CCBY) trained on the CC-BY/CC0 "
              "countries of Fields of The World"),
    _ftw("sentinel2_2class_nc_ftw",
         f"{_FTW_HF}/3224ec89837c6b051b796f329a59dbd44efbf81f/noncommercial/2-class/"
         "sentinel2_unet_effb3-2bbd554b.pth", 2,
         license="non-commercial (trained on FTW countries under CC-BY-NC-SA and other "
                 "licences)",
         what="FTW baseline U-Net (release v1, 2_Class_FULL) trained on every country of "
              "Fields of The World"),
    _ftw("sentinel2_3class_nc_ftw",
         f"{_FTW_HF}/71f0b677a3ac8fd00bc08f61106fe8d8f70ce158/noncommercial/3-class/"
         "sentinel2_unet_effb3-364c657c.pth", 3,
         license="non-commercial (trained on FTW countries under CC-BY-NC-SA and other "
                 "licences)",
         what="FTW baseline U-Net (release v1, 3_Class_FULL) trained on every country of "
              "Fields of The World"),
    *(_ftw(f"sentinel2_ftw_prue_ccby_efnetb{b}",
           f"{_PRUE}/{rev}/prue_efnetb{b}_ccby-{digest}.pth", 3, encoder=f"efficientnet_b{b}",
           license="CC-BY-4.0",
           what=f"FTW PRUE U-Net, EfficientNet-B{b} (release v3.1, CC-BY data only)")
      for b, rev, digest in (("3", "ebd2a7948ac1aad45eadd1d47abc6f63260843bc", "b35d59a6"),
                             ("5", "9d54aff1c6b903fb9f308dbcb5cba6b98c87a336", "4fd92b24"),
                             ("7", "59f3136ceb4904dba8eda40e0168b206071cbe6b", "4bfbbbde"))),
    _tcd("resnet50", "https://hf.co/isaaccorley/unet_resnet50_oam_rgb_tcd/resolve/"
                     "74a8e34652e9bcd08af24d98195c6610edeb80da/"
                     "unet_resnet50_oam_rgb_tcd-c648cc7d.pth"),
    _tcd("resnet34", "https://hf.co/isaaccorley/unet_resnet34_oam_rgb_tcd/resolve/"
                     "064afa3dae671d62200cd34566617a02a107d4c3/"
                     "unet_resnet34_oam_rgb_tcd-3e2a4603.pth"),
]
