"""Segmentation models from segmentation_models_pytorch (smp): U-Net, DeepLabV3+ and FPN.

smp builds the decoders on its own encoders (``resnet50``, ``efficientnet-b3``...) or on any
timm encoder (``tu-<name>``; geoplug also accepts ``timm/<name>``). The models are smp's own
classes, so their state-dict keys are exactly smp's (``encoder.*``, ``decoder.*``,
``segmentation_head.*``): a U-Net trained with TorchGeo's smp-based segmentation task, or
published by TorchGeo (e.g. the Fields of The World U-Nets, ``efficientnet-b3`` encoder),
loads with :func:`load_smp_state_dict`, Lightning checkpoints included.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from typing import Any

import torch
from torch import nn

__all__ = ["deeplabv3plus", "fpn_smp", "load_smp_state_dict", "smp_encoder_name", "unet_smp"]

_TIMM = "timm/"


def smp_encoder_name(encoder: str) -> str:
    """smp's name of ``encoder``: ``timm/<name>`` becomes ``tu-<name>``, others pass as is."""
    return f"tu-{encoder[len(_TIMM):]}" if encoder.startswith(_TIMM) else encoder


def _build(cls_name: str, encoder: str, in_chans: int, num_classes: int,
           **kwargs: Any) -> nn.Module:
    """Raises: ValueError: bad counts or an encoder smp does not know (smp's message)."""
    import segmentation_models_pytorch as smp

    if in_chans < 1 or num_classes < 1:
        raise ValueError(f"in_chans and num_classes must be at least 1, got {in_chans} and "
                         f"{num_classes}")
    kwargs.setdefault("encoder_weights", None)
    try:
        model: nn.Module = getattr(smp, cls_name)(
            encoder_name=smp_encoder_name(encoder), in_channels=in_chans, classes=num_classes,
            **kwargs)
    except KeyError as exc:  # smp raises KeyError for an unknown encoder
        raise ValueError(f"segmentation_models_pytorch has no encoder {encoder!r}; use one of "
                         "smp's names ('resnet50', 'efficientnet-b3') or a timm model as "
                         f"'timm/<name>' ({exc})") from exc
    model.in_chans = in_chans  # type: ignore[assignment]
    model.num_classes = num_classes  # type: ignore[assignment]
    return model


def unet_smp(encoder: str = "resnet50", in_chans: int = 3, num_classes: int = 2,
             **kwargs: Any) -> nn.Module:
    """smp's U-Net, as TorchGeo's segmentation task builds it (``model='unet'``).

    Keyword arguments go to ``smp.Unet`` (``decoder_channels``, ``decoder_attention_type``).

    Raises:
        ValueError: bad counts or an unknown encoder.
    """
    return _build("Unet", encoder, in_chans, num_classes, **kwargs)


def deeplabv3plus(encoder: str = "resnet50", in_chans: int = 3, num_classes: int = 2,
                  **kwargs: Any) -> nn.Module:
    """DeepLabV3+ (Chen et al., 2018): atrous spatial pyramid pooling and a light decoder.

    Raises:
        ValueError: bad counts or an unknown encoder.
    """
    return _build("DeepLabV3Plus", encoder, in_chans, num_classes, **kwargs)


def fpn_smp(encoder: str = "resnet50", in_chans: int = 3, num_classes: int = 2,
            **kwargs: Any) -> nn.Module:
    """smp's feature pyramid network (Kirillov et al., 2019) on a convolutional encoder.

    Raises:
        ValueError: bad counts or an unknown encoder.
    """
    return _build("FPN", encoder, in_chans, num_classes, **kwargs)


def load_smp_state_dict(
    model: nn.Module,
    checkpoint: str | os.PathLike[str] | Mapping[str, Any],
) -> nn.Module:
    """Load an smp model's weights strictly: a state dict, or a file holding one.

    A Lightning checkpoint (``{"state_dict": {"model.encoder...": ...}}``, as TorchGeo's
    tasks save) is unwrapped and its ``model.`` prefix removed. Files are read with
    ``weights_only=True`` (no arbitrary objects are unpickled).

    Raises:
        FileNotFoundError: the file does not exist.
        ValueError: missing, unexpected or mis-shaped keys (named in the message).
    """
    state: Any = checkpoint
    if isinstance(checkpoint, (str, os.PathLike)):
        if not os.path.isfile(checkpoint):
            raise FileNotFoundError(f"no checkpoint file {os.fspath(checkpoint)!r}")
        state = torch.load(checkpoint, map_location="cpu", weights_only=True)
    if isinstance(state, Mapping) and isinstance(state.get("state_dict"), Mapping):
        state = state["state_dict"]
    tensors = {str(k): v for k, v in state.items()}
    if tensors and all(k.startswith("model.") for k in tensors):
        tensors = {k[len("model."):]: v for k, v in tensors.items()}
    own = model.state_dict()
    missing = sorted(set(own) - set(tensors))
    unexpected = sorted(set(tensors) - set(own))
    shapes = sorted(k for k in set(own) & set(tensors)
                    if tuple(own[k].shape) != tuple(tensors[k].shape))
    if missing or unexpected or shapes:
        detail = "; ".join(f"{what}: {', '.join(keys[:5])}{' ...' if len(keys) > 5 else ''}"
                           for what, keys in (("missing", missing), ("unexpected", unexpected),
                                              ("other shapes", shapes)) if keys)
        raise ValueError(f"the checkpoint does not fit {type(model).__name__} "
                         f"(check encoder, in_chans and num_classes): {detail}")
    model.load_state_dict(tensors, strict=True)
    return model
