"""Segmentation models from segmentation_models_pytorch (smp): U-Net, DeepLabV3+ and FPN.

smp builds the decoders on its own encoders (``resnet50``, ``efficientnet-b3``...) or on any
timm encoder (``tu-<name>``; geoplug also accepts ``timm/<name>``). The models are smp's own
classes, so their state-dict keys are exactly smp's (``encoder.*``, ``decoder.*``,
``segmentation_head.*``): a U-Net trained with TorchGeo's smp-based segmentation task, or
published by TorchGeo (e.g. the Fields of The World U-Nets, ``efficientnet-b3`` encoder),
loads with :func:`load_smp_state_dict`, Lightning checkpoints included.

Registered whole-model weights (the FTW and OAM-TCD U-Nets, :mod:`geoplug.models._catalog_smp`)
load with :func:`load_smp_weights` through ``get_model``/``load_weights``: the encoder's input
kernel is fitted to the model's bands by name, and another number of classes gets a new head.
"""

from __future__ import annotations

import os
from collections.abc import Mapping, Sequence
from typing import Any

import torch
from torch import nn

__all__ = [
    "check_smp_architecture",
    "deeplabv3plus",
    "fpn_smp",
    "load_smp_state_dict",
    "load_smp_weights",
    "smp_architecture",
    "smp_encoder_name",
    "unet_smp",
]

_TIMM = "timm/"
DEFAULT_ENCODER = "resnet50"
# geoplug builder -> smp class it builds
_CLASSES = {"unet_smp": "Unet", "deeplabv3plus": "DeepLabV3Plus", "fpn_smp": "FPN"}
_HEAD = "segmentation_head."


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
    # what whole-model weights are checked against (see load_smp_weights)
    model.smp_architecture = (cls_name, smp_encoder_name(encoder))  # type: ignore[assignment]
    return model


def unet_smp(encoder: str = DEFAULT_ENCODER, in_chans: int = 3, num_classes: int = 2,
             **kwargs: Any) -> nn.Module:
    """smp's U-Net, as TorchGeo's segmentation task builds it (``model='unet'``).

    Keyword arguments go to ``smp.Unet`` (``decoder_channels``, ``decoder_attention_type``).

    Raises:
        ValueError: bad counts or an unknown encoder.
    """
    return _build("Unet", encoder, in_chans, num_classes, **kwargs)


def deeplabv3plus(encoder: str = DEFAULT_ENCODER, in_chans: int = 3, num_classes: int = 2,
                  **kwargs: Any) -> nn.Module:
    """DeepLabV3+ (Chen et al., 2018): atrous spatial pyramid pooling and a light decoder.

    Raises:
        ValueError: bad counts or an unknown encoder.
    """
    return _build("DeepLabV3Plus", encoder, in_chans, num_classes, **kwargs)


def fpn_smp(encoder: str = DEFAULT_ENCODER, in_chans: int = 3, num_classes: int = 2,
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


def smp_architecture(target: str, default_kwargs: Mapping[str, Any]) -> tuple[str, str] | None:
    """The (smp class, smp encoder) that a registered model builds, from its spec's ``target``
    and ``default_kwargs``; ``None`` when the target is not one of this module's builders."""
    module, _, builder = target.partition(":")
    if module != __name__ or builder not in _CLASSES:
        return None
    return _CLASSES[builder], smp_encoder_name(str(default_kwargs.get("encoder", DEFAULT_ENCODER)))


def check_smp_architecture(model: nn.Module, architecture: tuple[str, str]) -> None:
    """Check that ``model`` is the smp (class, encoder) that whole-model weights were trained
    as, before anything is downloaded.

    Raises:
        ValueError: another class or encoder, or not a geoplug-built smp model.
    """
    have = getattr(model, "smp_architecture", None)
    if have != tuple(architecture):
        built = (f"an smp {have[0]} with encoder {have[1]!r}" if isinstance(have, tuple)
                 else f"a {type(model).__name__}")
        raise ValueError(
            f"the weights are a whole smp {architecture[0]} with encoder "
            f"{architecture[1]!r}, but the model is {built}; build it with "
            "get_model('unet_smp', weights=...), which takes the encoder from the weights"
        )


def load_smp_weights(
    model: nn.Module,
    state_dict: Mapping[str, torch.Tensor],
    architecture: tuple[str, str],
    *,
    src_bands: Sequence[str] = (),
    dst_bands: Sequence[str] | None = None,
    src_sensor: str | None = None,
    dst_sensor: str | None = None,
    dst_rgb: Sequence[str] | None = None,
) -> list[str]:
    """Load a whole published smp model (encoder, decoder and head) into ``model``.

    ``architecture`` is the (smp class, encoder) the weights were trained as. The encoder's
    input kernel is fitted to the model's bands by name like every other weight
    (:func:`geoplug.models.adapt.load_adapted`); a model built for another number of classes
    keeps its own, freshly initialised segmentation head. Everything else loads strictly.

    Returns:
        The keys left at their initialisation (the head when the class counts differ).

    Raises:
        ValueError: the model is not an smp model of that class and encoder, or the state
            dict does not fit it (keys named).
        BandMismatchError: the bands cannot be mapped (a ``ValueError``).
    """
    from geoplug.models.adapt import load_adapted

    check_smp_architecture(model, architecture)
    own = model.state_dict()
    state = dict(state_dict)
    head = sorted(k for k in state if k.startswith(_HEAD))
    kept: list[str] = []
    if any(k in own and tuple(own[k].shape) != tuple(state[k].shape) for k in head):
        for key in head:  # another number of classes: the model keeps its own head
            if key in own:
                state[key] = own[key]
                kept.append(key)
    load_adapted(model, state, src_bands=src_bands, dst_bands=dst_bands,
                 src_sensor=src_sensor, dst_sensor=dst_sensor, dst_rgb=dst_rgb)
    return kept
