"""Which registered weights carry a published sha256, and which are still unverified.

The digests added from public sources (the Hugging Face LFS object ids that other projects pin
at a fixed revision) are checked here as written, and the list of unverified entries is exact,
so that adding a digest, or registering a file without one, is a deliberate change.
"""

from __future__ import annotations

import warnings
from pathlib import Path

import pytest

from geoplug.core.errors import ChecksumError, UnverifiedWeightsWarning
from geoplug.core.weights import Weights
from geoplug.models import weights_info, weights_names
from geoplug.models._catalog_foundation import UNVERIFIED as FOUNDATION_UNVERIFIED
from geoplug.models._catalog_transformers import UNVERIFIED as TRANSFORMER_UNVERIFIED

STILL_UNVERIFIED = {
    # SSL4EO-S12 MAE and FG-MAE encoders: no digest found for these files
    *(f"{m}.sentinel2_all_mae" for m in ("vit_small_patch16_224", "vit_base_patch16_224",
                                          "vit_large_patch16_224")),
    "vit_small_patch16_224.sentinel1_grd_mae",
    *(f"{m}.{s}_fgmae" for m in ("vit_small_patch16_224", "vit_base_patch16_224",
                                 "vit_large_patch16_224", "vit_huge_patch14_224")
      for s in ("sentinel2_all", "sentinel1_grd")),
    "prithvi_eo_v2_600.hls_mae",
    "croma_large.croma_vit",
    "panopticon_vitb14.panopticon",
}

ADDED = {
    "croma_base.croma_vit": (
        "0238d814b53108f3574bf1ea240e38a0a6edd46173816d9a6962070561893b63",
        "/resolve/0dd28e3d633bd6715856ae9890e8c49360040598/CROMA_base.pt"),
    "prithvi_eo_v2_300_tl.hls_mae": (
        "3629cedfbb350faafcb0dac902ae0d3c927e25ce8d9e0024aa1276ec66956ddb",
        "/resolve/63adbd39c271da4c42f447e69b1a7c91a338cdc9/Prithvi_EO_V2_300M_TL.pt"),
    "prithvi_eo_v2_600_tl.hls_mae": (
        "7b92c53b0204a76bb775bd8930f045e05776251caa8c83f7367ed0b75b594702",
        "/resolve/3d72adc6dfc4cc3862bf4f41da8c83db267193c9/Prithvi_EO_V2_600M_TL.pt"),
}


def test_exactly_these_weights_are_unverified() -> None:
    unverified = {n for n in weights_names() if weights_info(n).sha256 is None}
    assert unverified == STILL_UNVERIFIED
    listed = {w["name"] for w in (*TRANSFORMER_UNVERIFIED, *FOUNDATION_UNVERIFIED)}
    assert listed == STILL_UNVERIFIED


@pytest.mark.parametrize("name", sorted(ADDED))
def test_added_digests_pin_a_revision(name: str) -> None:
    digest, tail = ADDED[name]
    spec = weights_info(name)
    assert spec.sha256 == digest and spec.url.endswith(tail)
    assert "/resolve/main/" not in spec.url  # a digest only means something for one revision


def test_a_verified_local_copy_of_other_content_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "CROMA_base.pt"
    path.write_bytes(b"not the published file")
    weights = Weights(weights_info("croma_base.croma_vit")).local(path)
    with warnings.catch_warnings():
        warnings.simplefilter("error", UnverifiedWeightsWarning)  # no "unverified" warning
        with pytest.raises(ChecksumError, match="0238d814"):
            weights.state_dict()
