"""Kornia augmentations applied consistently to the keys of a dict sample.

A geometric transform must move the image, its mask and its boxes together, whatever the number
of bands and whether the sample is a single chip, a batch, a time series or a change pair. Kornia
already knows how to warp images, masks (nearest) and boxes with the same random parameters;
this module only maps geoplug's sample conventions onto kornia's and back.
"""

from __future__ import annotations

from typing import Any

import kornia.augmentation as K
import torch
from torch import Tensor, nn

__all__ = ["AugmentationSequential"]

_IMAGE = "image"
_MASK = "mask"
_BOXES = "bbox_xyxy"
_LABEL = "label"


class AugmentationSequential(nn.Module):
    """Apply kornia augmentations to ``image``, ``mask`` and ``bbox_xyxy`` of a dict sample.

    Every augmentation is drawn once per sample and applied to all its keys: geometric ones move
    the image (bilinear or as configured), the mask (nearest, dtype preserved) and the boxes;
    intensity ones change the image only. Other keys (``crs``, ``bounds``, ``label`` of a
    classification sample, ...) are passed through untouched. In a batch each sample gets its own
    random draw, as kornia does.

    Accepted layouts of ``image`` (``C`` may be any number of bands):

    * ``[C,H,W]`` one sample, ``[B,C,H,W]`` a batch;
    * ``[T,C,H,W]`` one time series or change pair (``temporal=True``), ``[B,T,C,H,W]`` a batch
      of them: every date of a sample receives the *same* transform.

    ``mask`` is ``[H,W]`` (``[B,H,W]`` batched) or instance masks ``[N,H,W]`` (``[B,N,H,W]``).
    ``bbox_xyxy`` is ``[N,4]`` per sample in pixel-edge coordinates (a box covering pixel
    columns 0 and 1 spans x 0..2), a list of such tensors (or a ``[B,N,4]`` tensor) in a batch.
    With ``clip_boxes`` boxes are clipped to the output image and boxes left empty are dropped
    together with their ``label`` entries (and instance masks), so the keys stay aligned.

    Integer images are promoted to float32 since kornia interpolates in floating point.
    Being an ``nn.Module``, it runs wherever the batch is: ``aug.to("cuda")(batch)``.
    """

    def __init__(
        self,
        *augmentations: K.base._AugmentationBase | K.ImageSequential,
        temporal: bool = False,
        clip_boxes: bool = True,
        same_on_batch: bool | None = None,
    ) -> None:
        """Wrap ``augmentations`` (kornia augmentation modules, applied in order).

        Raises:
            ValueError: if no augmentation is given.
        """
        super().__init__()
        if not augmentations:
            raise ValueError("AugmentationSequential needs at least one augmentation")
        self.temporal = temporal
        self.clip_boxes = clip_boxes
        self.augs = K.AugmentationSequential(*augmentations, same_on_batch=same_on_batch)

    def forward(self, sample: dict[str, Any]) -> dict[str, Any]:
        """Return a new sample with the augmented keys; the input dict is not modified.

        Raises:
            KeyError: if ``sample`` has no ``image``.
            ValueError: if a key's shape does not match the layouts described in the class.
        """
        if _IMAGE not in sample:
            raise KeyError(f"AugmentationSequential needs an {_IMAGE!r} key, got {list(sample)}")
        image: Tensor = sample[_IMAGE]
        batched, lead = self._layout(image)
        height, width = image.shape[-2:]
        flat = image.reshape(-1 if batched else 1, lead * image.shape[-3], height, width)
        if not flat.is_floating_point():
            flat = flat.float()

        inputs: list[Any] = [flat]
        keys: list[str] = ["input"]
        mask: Tensor | None = sample.get(_MASK)
        if mask is not None:
            inputs.append(_mask_to_kornia(mask, batched, (height, width)))
            keys.append("mask")
        boxes = sample.get(_BOXES)
        if boxes is not None:
            inputs.append(_boxes_to_kornia(boxes, batched, flat.device))
            keys.append("bbox_xyxy")

        outputs = self.augs(*inputs, data_keys=keys)
        if not isinstance(outputs, list):
            outputs = [outputs]
        out = dict(sample)
        new_image: Tensor = outputs[0]
        new_h, new_w = new_image.shape[-2:]
        out[_IMAGE] = new_image.reshape(*image.shape[:-2], new_h, new_w)
        if mask is not None:
            new_mask: Tensor = outputs[1]
            out[_MASK] = new_mask.to(mask.dtype).reshape(*mask.shape[:-2], new_h, new_w)
        if boxes is not None:
            self._restore_boxes(out, outputs[-1], batched, (new_h, new_w))
        return out

    def _layout(self, image: Tensor) -> tuple[bool, int]:
        """Whether ``image`` is a batch, and how many dates each sample carries."""
        if image.ndim == 5:
            return True, image.shape[1]
        if image.ndim == 4:
            return (False, image.shape[0]) if self.temporal else (True, 1)
        if image.ndim == 3 and not self.temporal:
            return False, 1
        layouts = "[T,C,H,W] or [B,T,C,H,W]" if self.temporal else "[C,H,W] or [B,C,H,W]"
        raise ValueError(f"image must be {layouts}, got shape {tuple(image.shape)}")

    def _restore_boxes(
        self,
        out: dict[str, Any],
        boxes: list[Tensor] | Tensor,
        batched: bool,
        size: tuple[int, int],
    ) -> None:
        """Shift boxes back to pixel-edge coordinates, clip, drop empties, keep labels aligned."""
        labels = out.get(_LABEL)
        masks = out.get(_MASK)
        per_sample = list(boxes)
        new_boxes: list[Tensor] = []
        new_labels: list[Any] = []
        new_masks: list[Any] = []
        for i, box in enumerate(per_sample):
            box = (box + 0.5).float()
            label = _item(labels, i, batched)
            inst = _item(masks, i, batched) if _is_instance_mask(masks, batched) else None
            if self.clip_boxes:
                box[:, 0::2] = box[:, 0::2].clamp(0, size[1])
                box[:, 1::2] = box[:, 1::2].clamp(0, size[0])
                keep = (box[:, 2] > box[:, 0]) & (box[:, 3] > box[:, 1])
                box = box[keep]
                if isinstance(label, Tensor) and label.ndim == 1 and len(label) == len(keep):
                    label = label[keep]
                if isinstance(inst, Tensor) and inst.shape[0] == len(keep):
                    inst = inst[keep]
            new_boxes.append(box)
            new_labels.append(label)
            new_masks.append(inst)
        if not batched:
            out[_BOXES] = new_boxes[0]
            if labels is not None:
                out[_LABEL] = new_labels[0]
            if new_masks[0] is not None:
                out[_MASK] = new_masks[0]
            return
        out[_BOXES] = _restack(new_boxes, like=out[_BOXES])
        if labels is not None:
            out[_LABEL] = _restack(new_labels, like=labels)
        if new_masks and new_masks[0] is not None:
            out[_MASK] = _restack(new_masks, like=masks)


def _mask_to_kornia(mask: Tensor, batched: bool, size: tuple[int, int]) -> Tensor:
    """``mask`` as ``[B,K,H,W]``, the layout kornia warps with nearest resampling.

    Raises:
        ValueError: if its shape does not fit the image.
    """
    per_sample_ndim = mask.ndim - 1 if batched else mask.ndim
    if per_sample_ndim not in (2, 3) or tuple(mask.shape[-2:]) != tuple(size):
        raise ValueError(
            f"mask of shape {tuple(mask.shape)} does not fit an image of size {tuple(size)}; "
            "expected [H,W] or [N,H,W] per sample"
        )
    if per_sample_ndim == 2:
        mask = mask.unsqueeze(-3)
    return mask if batched else mask.unsqueeze(0)


def _boxes_to_kornia(boxes: Any, batched: bool, device: torch.device) -> list[Tensor]:
    """Boxes as a list of ``[N,4]`` float tensors in kornia's pixel-centre coordinates.

    Kornia's transform matrices act on pixel indices (pixel ``i`` centred at ``i``), while
    geoplug boxes use pixel edges (pixel ``i`` spans ``i..i+1``): shifting by half a pixel makes
    a flip of a box land exactly on the flipped mask.

    Raises:
        ValueError: if a box tensor is not ``[N,4]``.
    """
    items = list(boxes) if batched else [boxes]
    converted = []
    for box in items:
        box = torch.as_tensor(box, device=device)
        if box.ndim != 2 or box.shape[-1] != 4:
            raise ValueError(f"bbox_xyxy must be [N,4] per sample, got {tuple(box.shape)}")
        converted.append(box.float() - 0.5)
    return converted


def _is_instance_mask(mask: Any, batched: bool) -> bool:
    return isinstance(mask, Tensor) and mask.ndim == (4 if batched else 3)


def _item(value: Any, index: int, batched: bool) -> Any:
    if value is None:
        return None
    return value[index] if batched else value


def _restack(items: list[Any], like: Any) -> Any:
    """Return a batch in the container it came in: a stacked tensor if possible, else a list."""
    if isinstance(like, Tensor):
        shapes = {tuple(t.shape) for t in items}
        if len(shapes) == 1:
            return torch.stack(items)
    return items
