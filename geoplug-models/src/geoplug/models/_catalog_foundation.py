"""Specs of the built-in foundation models and their published weights (plain data, no torch).

The models live in :mod:`geoplug.models.foundation` (one module each). Any-sensor models
(DOFA, Panopticon, Copernicus-FM) take ``wavelengths=``/``bandwidths=`` in micrometres or
``bands=`` with ``sensor=`` (looked up in :mod:`geoplug.core.sensors`); their weights list no
bands (``bands=()``, ``in_chans=1``: the spec's minimum; they take any number of bands) and no
normalisation (it depends on the sensor). Wavelengths of the other weights follow from their
bands and sensor through the sensor table.

``sha256`` is the Git LFS object id where the publisher's metadata shows it or public code pins
the file by it at a fixed revision (CROMA-B, Prithvi-EO-2.0-300M-TL and -600M-TL; sources in the
comments), else the 8-hex-digit prefix in TorchGeo's re-hosted file name. Files whose digest was
not found (Prithvi-EO-2.0-600M, CROMA-L, Panopticon) have ``sha256=None`` (loading warns that
the file is unverified) and are listed in :data:`UNVERIFIED`, so a digest can be added in one
place.
"""

from __future__ import annotations

from typing import Any

_F = "geoplug.models.foundation"

MODELS: list[dict[str, Any]] = []
WEIGHTS: list[dict[str, Any]] = []


def _model(name: str, module: str, description: str, task: str = "classification") -> None:
    MODELS.append({"name": name, "target": f"{_F}.{module}:{name}", "task": task,
                   "family": "foundation", "description": description})


def _weights(model: str, tag: str, *, alias: str | None, url: str, sha256: str | None,
             sensor: str = "", bands: tuple[str, ...] = (), mean: tuple[float, ...] = (),
             std: tuple[float, ...] = (), resolution: float | None = None, license: str,
             citation: str, homepage: str, description: str,
             state_dict_prefix: str = "") -> None:
    WEIGHTS.append({
        "name": f"{model}.{tag}", "aliases": (alias,) if alias else (), "model": model,
        "in_chans": max(len(bands), 1), "url": url, "sha256": sha256, "sensor": sensor,
        "bands": bands, "mean": mean, "std": std, "resolution": resolution,
        "license": license, "citation": citation, "homepage": homepage,
        "description": description, "state_dict_prefix": state_dict_prefix,
    })


# --- DOFA -------------------------------------------------------------------------------------
_DOFA = ("Xiong, Z., Wang, Y., Zhang, F., Stewart, A. J., Hanna, J., Borth, D., Papoutsis, I., "
         "Le Saux, B., Camps-Valls, G., Zhu, X. X. Neural plasticity-inspired multimodal "
         "foundation model for Earth observation. arXiv:2403.15356, 2024")
_DOFA_URL = "https://hf.co/torchgeo/dofa/resolve/b8db318b64a90b9e085ec04ba8851233c5893666"
for _size, _width, _depth in (("small", 384, 12), ("base", 768, 12), ("large", 1024, 24)):
    _model(f"dofa_{_size}_patch16_224", "dofa",
           f"DOFA ViT-{_size[0].upper()}/16 ({_width} wide, {_depth} blocks): patch kernels "
           "generated from each band's wavelength, any sensor; arXiv:2403.15356")
_model("dofa_huge_patch14_224", "dofa",
       "DOFA ViT-H/14 (1280 wide, 32 blocks): wavelength-generated patch kernels, any sensor")
for _size, _digest in (("base", "a0275954"), ("large", "0ff904d3")):
    _weights(f"dofa_{_size}_patch16_224", "dofa_mae",
             alias=f"dofa{_size}16_weights.dofa_mae",
             url=f"{_DOFA_URL}/dofa_{_size}_patch16_224-{_digest}.pth", sha256=_digest,
             license="CC-BY-4.0", citation=_DOFA, homepage="https://github.com/zhu-xlab/DOFA",
             description="DOFA MAE pre-training on SatlasPretrain, Five-Billion-Pixels and "
                         "HySpecNet-11k (Sentinel-1/2, NAIP, Gaofen, EnMAP): any bands, given "
                         "by wavelength; normalise per sensor as the publisher does")

# --- Prithvi-EO-2.0 -----------------------------------------------------------------------------
_PRITHVI = ("Szwarcman, D., Roy, S., Fraccaro, P., et al. Prithvi-EO-2.0: A versatile "
            "multi-temporal foundation model for Earth observation applications. "
            "arXiv:2412.02732, 2024")
_HLS = ("BLUE", "GREEN", "RED", "NIR_NARROW", "SWIR_1", "SWIR_2")
# HLS reflectance x 10,000 statistics of the 300M pre-training (TorchGeo and the model cards)
_HLS_MEAN = (1087.0, 1342.0, 1433.0, 2734.0, 1958.0, 1363.0)
_HLS_STD = (2248.0, 2179.0, 2178.0, 1850.0, 1242.0, 1049.0)
_IBM = "https://huggingface.co/ibm-nasa-geospatial"
for _size, _width, _depth, _patch in (("300", 1024, 24, 16), ("600", 1280, 32, 14)):
    for _tl in (False, True):
        _name = f"prithvi_eo_v2_{_size}{'_tl' if _tl else ''}"
        _model(_name, "prithvi",
               f"Prithvi-EO-2.0-{_size}M{'-TL' if _tl else ''} ({_width} wide, {_depth} "
               f"blocks, 1x{_patch}x{_patch} tubelets) for HLS time series [B, T, C, H, W]"
               + ("; with date and location encodings" if _tl else ""))
_PRITHVI_FILES: dict[str, tuple[str, str | None, str | None]] = {
    # name: (url, sha256, TorchGeo alias)
    "prithvi_eo_v2_300": (
        "https://huggingface.co/ModarIbrahim/prithvi-weights/resolve/"
        "0fe13e1b70dee7d3bfbe513ce246938d975af50f/prithvi_eo_v2_300-faab2c8b.pt",
        "faab2c8b", "prithviv2_weights.eo_v2_300"),
    # the -TL files at the revisions that public code pins them by: the Hugging Face LFS
    # object ids (sha256) 3629cedf... (1,326,660,716 bytes) and 7b92c53b... (2,638,217,218
    # bytes), each pinned alike by two independent projects (a weights table with revision,
    # digest and size, and a Hugging Face cache test whose blob is named by the digest)
    "prithvi_eo_v2_300_tl": (
        f"{_IBM}/Prithvi-EO-2.0-300M-TL/resolve/63adbd39c271da4c42f447e69b1a7c91a338cdc9/"
        "Prithvi_EO_V2_300M_TL.pt",
        "3629cedfbb350faafcb0dac902ae0d3c927e25ce8d9e0024aa1276ec66956ddb", None),
    "prithvi_eo_v2_600": (
        f"{_IBM}/Prithvi-EO-2.0-600M/resolve/87f15784813828dc37aa3197a143cd4689e4d080/"
        "Prithvi_EO_V2_600M.pt", None, None),
    "prithvi_eo_v2_600_tl": (
        f"{_IBM}/Prithvi-EO-2.0-600M-TL/resolve/3d72adc6dfc4cc3862bf4f41da8c83db267193c9/"
        "Prithvi_EO_V2_600M_TL.pt",
        "7b92c53b0204a76bb775bd8930f045e05776251caa8c83f7367ed0b75b594702", None),
}
for _name, (_url, _sha, _alias) in _PRITHVI_FILES.items():
    _weights(_name, "hls_mae", alias=_alias, url=_url, sha256=_sha, sensor="hls",
             bands=_HLS, mean=_HLS_MEAN, std=_HLS_STD, resolution=30.0, license="Apache-2.0",
             citation=_PRITHVI, homepage=f"{_IBM}/Prithvi-EO-2.0-{_name.split('_')[3]}M",
             description="Prithvi-EO-2.0 MAE pre-training on 4.2M HLS v2 time series (4 "
                         "frames, 224 px); the encoder part of the published MAE file",
             state_dict_prefix="encoder.")

# --- Scale-MAE ------------------------------------------------------------------------------------
_SCALEMAE = ("Reed, C. J., Gupta, R., Li, S., Brockman, S., Funk, C., Clipp, B., Keutzer, K., "
             "Candido, S., Uyttendaele, M., Darrell, T. Scale-MAE: A scale-aware masked "
             "autoencoder for multiscale geospatial representation learning. ICCV 2023. "
             "arXiv:2212.14532")
_model("scalemae_large_patch16", "scalemae",
       "Scale-MAE ViT-L/16: sin-cos position encoding scaled by the ground sample distance "
       "(gsd= metres per pixel); arXiv:2212.14532")
_weights("scalemae_large_patch16", "fmow_rgb", alias="scalemaelarge16_weights.fmow_rgb",
         url="https://hf.co/torchgeo/vit_large_patch16_224_fmow_rgb_scalemae/resolve/"
             "9dc7f569424baeb780698352cf6e87638c882123/"
             "vit_large_patch16_224_fmow_rgb_scalemae-98ed9821.pth",
         sha256="98ed9821", sensor="rgb", bands=("red", "green", "blue"),
         # pixel values / 255, then ImageNet statistics: expressed on the 0-255 scale
         mean=(123.675, 116.28, 103.53), std=(58.395, 57.12, 57.375),
         license="CC-BY-NC-4.0", citation=_SCALEMAE,
         homepage="https://github.com/bair-climate-initiative/scale-mae",
         description="Scale-MAE pre-training on fMoW RGB (800 epochs), the encoder in timm's "
                     "ViT layout as TorchGeo re-hosts it")

# --- CROMA -------------------------------------------------------------------------------------
_CROMA = ("Fuller, A., Millard, K., Green, J. R. CROMA: Remote sensing representations with "
          "contrastive radar-optical masked autoencoders. NeurIPS 2023. arXiv:2311.00566")
_CROMA_URL = "https://huggingface.co/antofuller/CROMA/resolve/0dd28e3d633bd6715856ae9890e8c49360040598"
_CROMA_BANDS = ("VV", "VH", "B01", "B02", "B03", "B04", "B05", "B06", "B07", "B08", "B8A", "B09",
                "B11", "B12")
# the LFS object id of CROMA_base.pt at this revision, as several public projects pin it (one
# quoting it as the publisher's LFS digest); none was found for CROMA_large.pt
_CROMA_SHA256 = {"base": "0238d814b53108f3574bf1ea240e38a0a6edd46173816d9a6962070561893b63",
                 "large": None}
for _size, _width, _depth in (("base", 768, 12), ("large", 1024, 24)):
    _model(f"croma_{_size}", "croma",
           f"CROMA-{_size[0].upper()} ({_width} wide; optical {_depth} blocks, radar and joint "
           f"{_depth // 2}): Sentinel-1 + Sentinel-2 encoders with 2-D ALiBi; arXiv:2311.00566")
    _weights(f"croma_{_size}", "croma_vit", alias=f"croma{_size}_weights.croma_vit",
             # two sensors: the spec's one sensor field stays empty, the bands say which
             url=f"{_CROMA_URL}/CROMA_{_size}.pt", sha256=_CROMA_SHA256[_size], sensor="",
             bands=_CROMA_BANDS, resolution=10.0, license="MIT", citation=_CROMA,
             homepage="https://github.com/antofuller/CROMA",
             description="CROMA pre-training on SSL4EO-S12 (Sentinel-1 GRD VV, VH and "
                         "Sentinel-2 L1C without B10, 120 px); the publisher normalises each "
                         "band with its dataset's statistics, so none are listed")

# --- Panopticon -----------------------------------------------------------------------------------
_PANOPTICON = ("Waldmann, L., Shah, A., Wang, Y., Lehmann, N., Stewart, A. J., Xiong, Z., Zhu, "
               "X. X., Bauer, S., Chuang, J. Panopticon: Advancing any-sensor foundation models "
               "for Earth observation. CVPR 2025 workshops. arXiv:2503.10845")
_model("panopticon_vitb14", "panopticon",
       "Panopticon ViT-B/14 (DINOv2 layout): per-band patches fused by cross-attention over "
       "wavelength (optical) and polarisation (radar) embeddings, any sensor; "
       "arXiv:2503.10845")
_weights("panopticon_vitb14", "panopticon", alias="panopticon_weights.vit_base14",
         url="https://huggingface.co/lewaldm/panopticon/resolve/main/"
             "panopticon_vitb14_teacher.pth", sha256=None, license="Apache-2.0",
         citation=_PANOPTICON, homepage="https://github.com/Panopticon-FM/panopticon",
         description="Panopticon DINOv2 teacher (spectral progressive pre-training on "
                     "multi-sensor imagery, 518 px): any bands, given by wavelength or "
                     "polarisation; normalise per sensor")

# --- Copernicus-FM ----------------------------------------------------------------------------
_COPERNICUSFM = ("Wang, Y., Xiong, Z., Liu, C., Stewart, A. J., Dujardin, T., Bountos, N. I., "
                 "Zavras, A., Gerken, F., Papoutsis, I., Leal-Taixe, L., Zhu, X. X. Towards a "
                 "unified Copernicus foundation model for Earth vision. arXiv:2503.11849, 2025")
_model("copernicusfm_base", "copernicusfm",
       "Copernicus-FM ViT-B/16: hypernetwork patch kernels from each band's wavelength and "
       "bandwidth (or a variable's language embedding), location/time/area encodings; "
       "arXiv:2503.11849")
_weights("copernicusfm_base", "copernicusfm_vit",
         alias="copernicusfm_base_weights.copernicusfm_vit",
         url="https://huggingface.co/torchgeo/copernicus-fm/resolve/"
             "f395812cc990ba25a451dbb9c9e6d95c8482947e/"
             "CopernicusFM_ViT_base_varlang-085350e4.pth",
         sha256="085350e4", license="CC-BY-4.0", citation=_COPERNICUSFM,
         homepage="https://github.com/zhu-xlab/Copernicus-FM",
         description="Copernicus-FM pre-training on Copernicus-Pretrain (Sentinel-1/2/3/5P, "
                     "DEM; MAE and distillation), spectral and variable hypernetworks: any "
                     "bands, given by wavelength and bandwidth; normalise per sensor")

#: weights whose file carries no published digest (loading warns); add sha256 here when found
UNVERIFIED: list[dict[str, Any]] = [w for w in WEIGHTS if w["sha256"] is None]
