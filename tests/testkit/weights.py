"""Publishing a checkpoint on the suite's HTTP server, as a weights publisher would."""

from __future__ import annotations

import hashlib
from typing import Any

import torch

from geoplug.core.weights import Weights
from geoplug.models import weights_info
from testkit.http import Served

__all__ = ["publish", "served_entry"]


def publish(served: Served, filename: str, state: dict[str, Any]) -> tuple[str, str]:
    """Save ``state`` as ``filename`` under the server's root: its URL and sha256."""
    path = served.root / filename
    torch.save(state, path)
    return f"{served.url}/{filename}", hashlib.sha256(path.read_bytes()).hexdigest()


def served_entry(name: str, url: str, digest: str) -> Weights:
    """The registered entry ``name``, its file served locally (with that file's sha256)."""
    return Weights(weights_info(name).model_copy(update={"url": url, "sha256": digest}))
