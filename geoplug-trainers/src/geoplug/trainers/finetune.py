"""Fine-tuning recipes shared by the tasks: which parameters are the backbone, the decoder and
the head; freezing parts; layer-wise learning-rate decay for transformers.

A model's parts are found by the conventions geoplug's (and segmentation_models_pytorch's)
models follow: an ``encoder`` (or ``backbone``) attribute is the backbone, a ``decoder`` (or
``neck``) attribute the decoder, and everything else the head; a timm classifier is its own
backbone except for its classifier (``get_classifier()``). Layer-wise decay (BEiT, MAE) scales
the learning rate of backbone layer ``i`` of ``L`` by ``decay ** (L - i)``, so the layers near
the input, which hold the most general pre-trained features, change least; the decoder and
head keep the full rate.
"""

from __future__ import annotations

import re
from typing import Any

from torch import nn

from geoplug.core.errors import GeoplugError

__all__ = ["ModelPartError", "backbone_layer_ids", "freeze_parts", "layer_decay_groups",
           "model_parts"]

_BACKBONE_ATTRS = ("encoder", "backbone")
_DECODER_ATTRS = ("decoder", "neck")
# torchvision's Swin Transformer: features.0 is the patch embedding, odd indices are stages of
# blocks, even ones (from 2) the patch merging between stages
_TV_SWIN = re.compile(r"^features\.(\d+)\.(?:(\d+)\.)?")
_BLOCKS = re.compile(r"(?:^|\.)blocks\.(\d+)\.")


class ModelPartError(GeoplugError, ValueError):
    """The model has no part of the kind an option names (no backbone, no decoder)."""


def _classifier_names(model: nn.Module) -> set[str]:
    classifier: Any = None
    if callable(getattr(model, "get_classifier", None)):
        classifier = model.get_classifier()  # type: ignore[operator]
    else:  # a pretrained_cfg naming the classifier module(s), e.g. ("fc_norm", "head")
        cfg = getattr(model, "pretrained_cfg", None)
        names = cfg.get("classifier") if isinstance(cfg, dict) else None
        names = [names] if isinstance(names, str) else list(names or ())
        found = [model.get_submodule(n) for n in names
                 if isinstance(n, str) and _has_module(model, n)]
        classifier = nn.ModuleList(found) if found else None
    if not isinstance(classifier, nn.Module):
        return set()
    ids = {id(p) for p in classifier.parameters()}
    return {n for n, p in model.named_parameters() if id(p) in ids}


def _has_module(model: nn.Module, name: str) -> bool:
    try:
        model.get_submodule(name)
    except AttributeError:
        return False
    return True


def _backbone_attr(model: nn.Module) -> str | None:
    for attr in _BACKBONE_ATTRS:
        if isinstance(getattr(model, attr, None), nn.Module):
            return attr
    return None


def model_parts(model: nn.Module) -> dict[str, list[str]]:
    """Parameter names of ``model`` grouped as ``backbone``, ``decoder`` and ``head``.

    Raises:
        ModelPartError: the model has neither an ``encoder``/``backbone`` attribute nor a timm
            classifier, so its backbone cannot be told apart (a ``ValueError``).
    """
    names = [n for n, _ in model.named_parameters()]
    attr = _backbone_attr(model)
    if attr is not None:
        backbone = {n for n in names if n.startswith(f"{attr}.")}
        decoder = {n for n in names for d in _DECODER_ATTRS if n.startswith(f"{d}.")}
    else:
        head = _classifier_names(model)
        cfg = getattr(model, "pretrained_cfg", None)
        named = isinstance(cfg, dict) and bool(cfg.get("classifier"))
        if not head and not named and not callable(getattr(model, "get_classifier", None)):
            raise ModelPartError(
                f"cannot tell the backbone of {type(model).__name__}: it has no 'encoder' or "
                "'backbone' attribute and no timm classifier; freeze its parameters by hand "
                "(requires_grad_(False)) or use a registry model with an encoder")
        backbone = set(names) - head
        decoder = set()
    return {"backbone": [n for n in names if n in backbone],
            "decoder": [n for n in names if n in decoder],
            "head": [n for n in names if n not in backbone and n not in decoder]}


def freeze_parts(model: nn.Module, backbone: bool = False, decoder: bool = False) -> list[str]:
    """Stop gradients of the backbone and/or decoder of ``model``; returns the frozen names.

    Raises:
        ModelPartError: the part to freeze cannot be found, or the model has no decoder.
    """
    if not backbone and not decoder:
        return []
    parts = model_parts(model)
    frozen: list[str] = []
    if backbone:
        if not parts["backbone"]:
            raise ModelPartError(f"{type(model).__name__} has no backbone parameters to freeze")
        frozen += parts["backbone"]
    if decoder:
        if not parts["decoder"]:
            raise ModelPartError(
                f"freeze_decoder: {type(model).__name__} has no decoder (only encoder-decoder "
                "models such as 'unet', 'upernet' or 'deeplabv3plus' have one)")
        frozen += parts["decoder"]
    wanted = set(frozen)
    for name, param in model.named_parameters():
        if name in wanted:
            param.requires_grad_(False)
    return frozen


def _tv_swin_ids(names: list[str]) -> dict[str, int]:
    """Layer ids of a torchvision Swin: patch embedding 0, then each block in order; a patch
    merging belongs with the block that follows it."""
    order: dict[tuple[int, int], int] = {}
    ids: dict[str, int] = {}
    pending: list[str] = []
    for name in names:
        match = _TV_SWIN.match(name)
        if match is None:
            ids[name] = -1  # norm and the rest after the stages
            continue
        stage, index = int(match.group(1)), int(match.group(2) or 0)
        if stage == 0:
            ids[name] = 0
        elif stage % 2 == 1:
            key = (stage, index)
            order.setdefault(key, len(order) + 1)
            ids[name] = order[key]
            for waiting in pending:
                ids[waiting] = order[key]
            pending = []
        else:
            pending.append(name)
    for waiting in pending:
        ids[waiting] = -1
    top = len(order) + 1
    return {n: (top if i < 0 else i) for n, i in ids.items()}


def _block_ids(names: list[str]) -> dict[str, int]:
    """Layer ids of a plain transformer: ``blocks.i`` is ``i + 1``, what comes before the first
    block (embeddings, tokens) 0, what comes after the last (final norm) ``L + 1``."""
    found = [int(m.group(1)) for n in names if (m := _BLOCKS.search(n))]
    if not found:
        return {}
    top = max(found) + 2
    ids: dict[str, int] = {}
    seen_block = False
    for name in names:
        match = _BLOCKS.search(name)
        if match is not None:
            seen_block = True
            ids[name] = int(match.group(1)) + 1
        else:
            ids[name] = top if seen_block else 0
    return ids


def backbone_layer_ids(backbone: nn.Module) -> dict[str, int]:
    """Depth of each backbone parameter, from 0 (the input embedding) upwards.

    timm models are grouped by their own ``group_matcher`` (the grouping timm's optimiser
    factory uses); torchvision's Swin by its stages' blocks; other transformers by their
    numbered ``blocks``.

    Raises:
        ModelPartError: no layer structure is recognised (not a transformer or timm model).
    """
    names = [n for n, _ in backbone.named_parameters()]
    if callable(getattr(backbone, "group_matcher", None)):
        from timm.models import group_parameters

        matcher: Any = backbone.group_matcher(coarse=False)  # type: ignore[operator]
        grouped: dict[str, int] = group_parameters(backbone, matcher, reverse=True)
        return {n: int(grouped.get(n, max(grouped.values(), default=0))) for n in names}
    if any(_TV_SWIN.match(n) for n in names):
        return _tv_swin_ids(names)
    ids = _block_ids(names)
    if ids:
        return ids
    for name, child in backbone.named_children():  # a wrapper around a timm model (smp 'tu-')
        if callable(getattr(child, "group_matcher", None)):
            inner = backbone_layer_ids(child)
            return {n: inner.get(n[len(name) + 1:], 0) for n in names}
    raise ModelPartError(
        f"layer_decay: cannot tell the layers of {type(backbone).__name__} (no timm group "
        "matcher, no numbered 'blocks', not a torchvision Swin); leave layer_decay unset")


def layer_decay_groups(model: nn.Module, lr: float, weight_decay: float,
                       decay: float) -> list[dict[str, Any]]:
    """AdamW parameter groups with the backbone's learning rate decayed layer by layer.

    Backbone layer ``i`` of ``0..L-1`` gets ``lr * decay ** (L - i)``; decoder and head get
    ``lr``. Frozen parameters are left out. Each group carries ``lr_scale`` and ``layer_id``
    (``L`` for the decoder and head) so that the schedule can be inspected.

    Raises:
        ValueError: ``decay`` outside ``(0, 1]``.
        ModelPartError: the backbone or its layers cannot be told apart.
    """
    if not 0 < decay <= 1:
        raise ValueError(f"layer_decay must be in (0, 1], got {decay}")
    parts = model_parts(model)
    attr = _backbone_attr(model)
    params = dict(model.named_parameters())
    if attr is not None:
        inner = backbone_layer_ids(getattr(model, attr))
        ids = {f"{attr}.{n}": i for n, i in inner.items()}
    else:
        ids = {n: i for n, i in backbone_layer_ids(model).items() if n in parts["backbone"]}
    depth = max(ids.values(), default=0) + 1
    by_layer: dict[int, list[nn.Parameter]] = {}
    for name, param in params.items():
        if not param.requires_grad:
            continue
        by_layer.setdefault(ids.get(name, depth), []).append(param)
    return [{"params": group, "lr": lr * decay ** (depth - layer), "weight_decay": weight_decay,
             "lr_scale": decay ** (depth - layer), "layer_id": layer}
            for layer, group in sorted(by_layer.items())]
