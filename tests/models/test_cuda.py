"""The models on a CUDA device: same outputs as on the CPU, and mixed-precision training steps.

Skipped where no GPU is present (CI); run on a GPU machine with
``pytest tests/models/test_cuda.py``.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
import torch

from geoplug.models import get_model

pytestmark = pytest.mark.skipif(not torch.cuda.is_available(), reason="needs a CUDA device")

CASES: list[tuple[str, dict[str, Any], tuple[int, ...]]] = [
    ("resnet18", {"in_chans": 13, "num_classes": 10}, (2, 13, 64, 64)),
    ("resnet50", {"in_chans": 7, "num_classes": 4}, (2, 7, 65, 71)),
    ("unet", {"encoder": "resnet18", "in_chans": 7, "num_classes": 5}, (2, 7, 96, 80)),
    ("fcsiam_diff", {"in_chans": 13, "num_classes": 2}, (2, 2, 13, 64, 64)),
    ("fcsiam_conc", {"in_chans": 4, "num_classes": 2}, (2, 2, 4, 33, 47)),
    ("fcn", {"in_chans": 6, "num_classes": 3}, (2, 6, 33, 47)),
]


@pytest.fixture(autouse=True)
def exact_fp32() -> Iterator[None]:
    """Plain float32 matrix products and convolutions (no TF32) for one test, then the
    settings as they were, so that later tests (and other files) see the defaults."""
    saved = torch.backends.cuda.matmul.allow_tf32, torch.backends.cudnn.allow_tf32
    torch.backends.cuda.matmul.allow_tf32 = False
    torch.backends.cudnn.allow_tf32 = False
    try:
        yield
    finally:
        torch.backends.cuda.matmul.allow_tf32, torch.backends.cudnn.allow_tf32 = saved


@pytest.mark.parametrize(("name", "kwargs", "shape"), CASES, ids=[c[0] for c in CASES])
def test_cuda_output_equals_cpu(name: str, kwargs: dict[str, Any], shape: tuple[int, ...]
                                ) -> None:
    torch.manual_seed(0)
    model = get_model(name, **kwargs).eval()
    x = torch.randn(*shape)
    with torch.no_grad():
        expected = model(x)
        got = model.cuda()(x.cuda()).cpu()
    assert got.shape == expected.shape
    torch.testing.assert_close(got, expected, rtol=1e-3, atol=1e-3)


@pytest.mark.parametrize(("name", "kwargs", "shape"), CASES, ids=[c[0] for c in CASES])
def test_bf16_training_steps_reduce_loss(name: str, kwargs: dict[str, Any],
                                         shape: tuple[int, ...]) -> None:
    torch.manual_seed(0)
    model = get_model(name, **kwargs).cuda().train()
    x = torch.randn(*shape, device="cuda")
    logits_shape = model(x).shape
    target = torch.randint(0, kwargs["num_classes"], (shape[0], *logits_shape[2:]),
                           device="cuda")
    optimizer = torch.optim.AdamW(model.parameters(), lr=1e-3)
    losses = []
    for _ in range(8):
        optimizer.zero_grad()
        with torch.autocast("cuda", dtype=torch.bfloat16):
            loss = torch.nn.functional.cross_entropy(model(x).float(), target)
        loss.backward()
        assert all(p.grad is None or torch.isfinite(p.grad).all() for p in model.parameters())
        optimizer.step()
        losses.append(float(loss.detach()))
    assert losses[-1] < losses[0], losses
