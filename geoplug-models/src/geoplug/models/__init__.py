"""geoplug models: multispectral backbones, U-Net, FC-Siam and pre-trained weights.

``names()``/``info()``/``get()`` reach the model registry of every installed plugin;
``get_model`` builds one, optionally with registered weights; ``weights_names()``,
``weights_info()`` and ``get_weights()`` reach the weights registry; ``load_weights`` puts
registered weights into an existing model (bands matched by name).
"""

from __future__ import annotations

from typing import Any

from geoplug.core.registry import lazy_attribute
from geoplug.core.registry import models as registry
from geoplug.core.registry import weights as weights_registry

__all__ = [
    "get",
    "get_model",
    "get_weights",
    "info",
    "load_weights",
    "names",
    "registry",
    "weights_info",
    "weights_names",
    "weights_registry",
]

names = registry.names
info = registry.info
get = registry.get
weights_names = weights_registry.names
weights_info = weights_registry.info


def get_weights(name: str) -> Any:
    """The registered weights object (URL, checksum, bands, normalisation, ``state_dict()``)."""
    return weights_registry.get(name)


def get_model(name: str, weights: Any = None, **kwargs: Any) -> Any:
    """Build model ``name``; ``weights`` is a weights name, a weights object or ``None``."""
    from geoplug.models.factory import build_model

    return build_model(name, weights=weights, **kwargs)


def load_weights(model: Any, weights: Any, **kwargs: Any) -> Any:
    """Load registered weights into an existing model's backbone, mapping bands by name."""
    from geoplug.models.factory import load_weights as _load

    return _load(model, weights, **kwargs)


def __getattr__(attr: str) -> Any:
    value = lazy_attribute(registry, __name__, attr)
    globals()[attr] = value
    return value
