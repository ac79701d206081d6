"""Kornia augmentations applied consistently to the keys of a dict sample.

A geometric transform must move the image, its mask and its boxes together, whatever the number
of bands and whether the sample is a single chip, a batch, a time series or a change pair. Kornia
already knows how to warp images, masks (nearest), boxes and keypoints (the corners of oriented
boxes) with the same random parameters; this module maps geoplug's sample conventions onto
kornia's and back, and keeps every per-box key aligned when boxes leave the image.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import kornia.augmentation as K
import numpy as np
import torch
from torch import Tensor, nn

__all__ = ["DEFAULT_PER_BOX_KEYS", "AugmentationSequential"]

_IMAGE = "image"
_MASK = "mask"
_BOXES = "bbox_xyxy"
_CORNERS = "bbox_xyxyxyxy"
_LABEL = "label"

#: Keys that hold one value per box in the datasets geoplug ships (``agb`` of ReforesTree,
#: ``difficult`` flags, COCO-style ``iscrowd``/``area``, prediction ``score(s)``). By default
#: they are filtered with the boxes only when their first dimension equals the box count.
DEFAULT_PER_BOX_KEYS: tuple[str, ...] = (
    "label", "agb", "difficult", "iscrowd", "area", "score", "scores",
)


#: kornia intensity augmentations that assume an image in [0, 1]: they clamp (or quantise) their
#: output there, so digital numbers or standardised values come out flat
_UNIT_RANGE = frozenset({
    "ColorJiggle", "ColorJitter", "RandomAutoContrast", "RandomBrightness", "RandomContrast",
    "RandomEqualize", "RandomGamma", "RandomHue", "RandomLinearIllumination",
    "RandomPlanckianJitter", "RandomPosterize", "RandomRGBShift", "RandomSaturation",
    "RandomSharpness", "RandomSolarize",
})
#: kornia augmentations that move values between channels: on a time series flattened to
#: ``T*C`` channels they would move bands between dates
_CHANNEL_MIXING = frozenset({
    "ColorJiggle", "ColorJitter", "RandomChannelDropout", "RandomChannelShuffle",
    "RandomGrayscale", "RandomHue", "RandomPlanckianJitter", "RandomRGBShift",
    "RandomSaturation",
})


def _assumes_unit_range(module: nn.Module) -> bool:
    name = type(module).__name__
    if name in ("RandomBrightness", "RandomContrast"):
        return bool(getattr(module, "clip_output", True))
    return name in _UNIT_RANGE


class AugmentationSequential(nn.Module):
    """Apply kornia augmentations to the image, mask and boxes of a dict sample.

    Every augmentation is drawn once per sample and applied to all its keys: geometric ones move
    the image (bilinear or as configured), the mask (nearest, dtype preserved), the axis-aligned
    boxes ``bbox_xyxy`` and the oriented boxes ``bbox_xyxyxyxy``; intensity ones change the
    image only. Other keys (``crs``, ``bounds``, ``label`` of a classification sample, ...) are
    passed through untouched. In a batch each sample gets its own random draw, as kornia does.

    Accepted layouts of ``image`` (``C`` may be any number of bands):

    * ``[C,H,W]`` one sample, ``[B,C,H,W]`` a batch;
    * ``[T,C,H,W]`` one time series or change pair (``temporal=True``), ``[B,T,C,H,W]`` a batch
      of them: every date of a sample receives the *same* transform.

    ``mask`` is ``[H,W]`` (``[B,H,W]`` batched) or instance masks ``[N,H,W]`` (``[B,N,H,W]``).
    Boxes are in pixel-edge coordinates (a box covering pixel columns 0 and 1 spans x 0..2):
    ``bbox_xyxy`` ``[N,4]`` and ``bbox_xyxyxyxy`` ``[N,8]`` (x, y of four corners) per sample,
    a list of such tensors (or one ``[B,N,...]`` tensor) in a batch.

    Oriented boxes move as kornia keypoints, four per box, so a rotation turns them exactly.
    Their corners are never clamped (clamping corners one by one would make a rectangle a
    different quadrilateral), so after a crop or rotation they may reach past the image. When a
    sample carries both keys, ``bbox_xyxy`` is *derived* from the moved corners rather than
    warped on its own: it is the enclosing box of the part of the quadrilateral inside the
    image (of the whole quadrilateral with ``clip_boxes=False``). Warping it separately would
    give the enclosing box of a rotated enclosing box, looser than the object, and the two keys
    would disagree after any rotation; deriving it keeps the dataset's invariant.

    With ``clip_boxes`` axis-aligned boxes are clipped to the output image, and a box is dropped
    when nothing of it is left inside the image (for an oriented box: its quadrilateral, assumed
    convex, no longer overlaps the image with a positive area). A dropped box is removed from
    every per-box key so they stay aligned: ``bbox_xyxy``, ``bbox_xyxyxyxy``, instance masks and
    the keys in ``per_box_keys``. By default (``per_box_keys=None``) those are
    :data:`DEFAULT_PER_BOX_KEYS` (``label``, ``agb``, ``difficult``, ...), each filtered only
    where it is a tensor, array or list whose first dimension equals the number of boxes (a
    classification ``label`` scalar is left alone). Keys named explicitly in ``per_box_keys``
    must have one entry per box; ``label`` is always filtered when it has one entry per box.

    Integer images are promoted to float32 since kornia interpolates in floating point.
    Kornia's colour and intensity augmentations (brightness, contrast, gamma, ColorJiggle, ...)
    assume an image in [0, 1] and clamp their output there: given other values (digital numbers,
    standardised bands) they raise instead of flattening the image; scale it to [0, 1] first
    (or build brightness and contrast with ``clip_output=False``).
    Being an ``nn.Module``, it runs wherever the batch is: ``aug.to("cuda")(batch)``.
    """

    def __init__(
        self,
        *augmentations: K.base._AugmentationBase | K.ImageSequential,
        temporal: bool = False,
        clip_boxes: bool = True,
        same_on_batch: bool | None = None,
        per_box_keys: Sequence[str] | None = None,
        mask_fill: float | None = None,
    ) -> None:
        """Wrap ``augmentations`` (kornia augmentation modules, applied in order).

        ``mask_fill``: the ``mask`` value of the pixels a geometric augmentation brings in
        from outside the image (a rotation's corners, a translation, a padded crop), e.g. the
        label layer's ignore index; ``None`` leaves kornia's 0, which is a class of many
        datasets. Instance masks are 0 there (no object) either way.

        Raises:
            ValueError: if no augmentation is given, or ``temporal`` with an augmentation that
                moves values between channels (it would move bands between dates).
            TypeError: if ``per_box_keys`` is a single string rather than a sequence of keys.
        """
        super().__init__()
        if not augmentations:
            raise ValueError("AugmentationSequential needs at least one augmentation")
        if isinstance(per_box_keys, str):
            raise TypeError(
                f"per_box_keys must be a sequence of keys, got the string {per_box_keys!r}; "
                f"write per_box_keys=[{per_box_keys!r}]"
            )
        self.temporal = temporal
        self.clip_boxes = clip_boxes
        self.mask_fill = mask_fill
        self.strict_per_box = per_box_keys is not None
        self.per_box_keys: tuple[str, ...] = (
            DEFAULT_PER_BOX_KEYS if per_box_keys is None else tuple(per_box_keys)
        )
        self.augs = K.AugmentationSequential(*augmentations, same_on_batch=same_on_batch)
        modules = list(self.augs.modules())
        mixing = sorted({type(m).__name__ for m in modules} & _CHANNEL_MIXING)
        self._mixing = mixing
        for module in modules:  # intensity augmentations change the image only (kornia's
            # RandomErasing writes 0, a class, into the mask too)
            if (isinstance(module, K.IntensityAugmentationBase2D)
                    and type(module).apply_transform_mask
                    is not K.IntensityAugmentationBase2D.apply_transform_mask):
                module.apply_transform_mask = module.apply_non_transform_mask  # type: ignore[method-assign]
        if temporal and mixing:
            raise ValueError(
                f"{', '.join(mixing)} move values between channels; with temporal=True the dates "
                "are stacked on the channel axis, so they would move bands between dates. Apply "
                "them to each date separately, or leave them out")
        #: the augmentations that clamp to [0, 1], named in the error when the image is not
        self._unit_range = sorted({type(m).__name__ for m in modules if _assumes_unit_range(m)})

    def forward(self, sample: dict[str, Any]) -> dict[str, Any]:
        """Return a new sample with the augmented keys; the input dict is not modified.

        Raises:
            KeyError: if ``sample`` has no ``image``.
            ValueError: if a key's shape does not match the layouts described in the class, or
                a key named in ``per_box_keys`` does not have one entry per box.
        """
        if _IMAGE not in sample:
            raise KeyError(f"AugmentationSequential needs an {_IMAGE!r} key, got {list(sample)}")
        image: Tensor = sample[_IMAGE]
        batched, lead = self._layout(image)
        if lead > 1 and self._mixing:
            raise ValueError(
                f"{', '.join(self._mixing)} move values between channels, and the image "
                f"{tuple(image.shape)} holds several dates: they would move bands between "
                "dates. Apply them to each date separately, or leave them out")
        height, width = image.shape[-2:]
        flat = image.reshape(-1 if batched else 1, lead * image.shape[-3], height, width)
        if not flat.is_floating_point():
            flat = flat.float()
        if self._unit_range and flat.numel():
            low, high = flat.min().item(), flat.max().item()
            if low < -1e-6 or high > 1 + 1e-6:
                raise ValueError(
                    f"{', '.join(self._unit_range)} clamp the image to [0, 1] but it holds "
                    f"values in [{low:g}, {high:g}]: scale it to [0, 1] first (e.g. divide "
                    "digital numbers by their maximum), or build RandomBrightness and "
                    "RandomContrast with clip_output=False")

        inputs: list[Any] = [flat]
        keys: list[str] = ["input"]
        mask: Tensor | None = sample.get(_MASK)
        ragged: list[int] | None = None  # instance counts of a batch's list of masks
        if isinstance(mask, list) and batched and _is_instance_mask(mask, batched):
            ragged = [len(m) for m in mask]
            mask = _padded(mask)
        fill = self.mask_fill is not None and mask is not None and (
            mask.is_floating_point() or not _is_instance_mask(mask, batched))  # not instances
        if mask is not None:
            kmask = _mask_to_kornia(mask, batched, (height, width))
            if fill:  # a channel of ones: 0 where the pixel came from outside the image
                kmask = torch.cat([kmask, torch.ones_like(kmask[:, :1])], dim=1)
            inputs.append(kmask)
            keys.append("mask")
        boxes = sample.get(_BOXES)
        corners = sample.get(_CORNERS)
        counts: list[int] = []
        if corners is not None:
            points, counts = _corners_to_kornia(corners, batched, flat.device)
            if boxes is not None:
                _check_same_counts(boxes, counts, batched)
            inputs.append(points)
            keys.append("keypoints")
        elif boxes is not None:
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
            if fill:
                inside = new_mask[:, -1:] > 0.5
                new_mask = torch.where(inside, new_mask[:, :-1],
                                       torch.tensor(self.mask_fill, dtype=new_mask.dtype,
                                                    device=new_mask.device))
            new_mask = new_mask.to(mask.dtype).reshape(*mask.shape[:-2], new_h, new_w)
            out[_MASK] = (new_mask if ragged is None
                          else [m[:n] for m, n in zip(new_mask, ragged)])
        if corners is not None:
            moved = [p[: 4 * n].reshape(n, 8) for p, n in zip(outputs[-1], counts)]
            self._restore_boxes(out, moved, batched, (new_h, new_w), oriented=True)
        elif boxes is not None:
            self._restore_boxes(out, list(outputs[-1]), batched, (new_h, new_w), oriented=False)
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
        moved: list[Tensor],
        batched: bool,
        size: tuple[int, int],
        oriented: bool,
    ) -> None:
        """Shift boxes back to pixel-edge coordinates, clip, drop empties from every per-box key.

        ``moved`` holds per sample the kornia output: ``[N,8]`` corners when ``oriented``,
        else ``[N,4]`` boxes, both in kornia's pixel-centre coordinates.
        """
        box_keys = [_BOXES, _CORNERS] if oriented else [_BOXES]
        box_keys = [k for k in box_keys if k in out]
        extra = [k for k in self.per_box_keys if k in out and k not in (*box_keys, _MASK)]
        if _LABEL in out and _LABEL not in extra:
            extra.append(_LABEL)
        masks = out.get(_MASK)
        instance = _is_instance_mask(masks, batched)
        new: dict[str, list[Any]] = {k: [] for k in [*box_keys, *extra, _MASK]}
        for i, item in enumerate(moved):
            item = (item + 0.5).float()
            keep: Tensor | None = None  # None: every box stays
            if oriented:
                new[_CORNERS].append(item)
                if self.clip_boxes:
                    box, keep = _visible_box(item, size)
                else:
                    box = _enclosing(item)
            else:
                box, keep = _clip(item, size) if self.clip_boxes else (item, None)
            if _BOXES in new:
                new[_BOXES].append(box)
            n = len(item)
            if keep is not None and bool(keep.all()):
                keep = None
            if keep is not None:
                for key in box_keys:
                    new[key][-1] = new[key][-1][keep]
            for key in extra:
                value = _item(out[key], i, batched)
                strict = self.strict_per_box and key != _LABEL
                if _has_n(value, n, key, strict) and keep is not None:
                    value = _select(value, keep)
                new[key].append(value)
            inst = _item(masks, i, batched) if instance else None
            if isinstance(inst, Tensor) and inst.shape[0] == n and keep is not None:
                inst = inst[keep]
            new[_MASK].append(inst)
        if not instance:
            del new[_MASK]
        for key, items in new.items():
            if not batched:
                out[key] = items[0]
            else:
                out[key] = _restack(items, like=out.get(key))


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


def _corners_to_kornia(
    corners: Any, batched: bool, device: torch.device
) -> tuple[Tensor, list[int]]:
    """Oriented boxes as kornia keypoints ``[B,M,2]`` (pixel centres) and the box counts.

    Each ``[N,8]`` box set becomes ``4N`` points; samples with fewer boxes are padded with
    zeros (points move independently, so padding changes nothing and is cut off afterwards).

    Raises:
        ValueError: if a corner tensor is not ``[N,8]``.
    """
    items = list(corners) if batched else [corners]
    points: list[Tensor] = []
    for item in items:
        item = torch.as_tensor(item, device=device)
        if item.ndim != 2 or item.shape[-1] != 8:
            raise ValueError(
                f"{_CORNERS} must be [N,8] per sample (x, y of four corners), "
                f"got {tuple(item.shape)}"
            )
        points.append(item.float().reshape(-1, 2) - 0.5)
    counts = [len(p) // 4 for p in points]
    longest = max((len(p) for p in points), default=0)
    padded = torch.zeros(len(points), longest, 2, device=device)
    for i, p in enumerate(points):
        padded[i, : len(p)] = p
    return padded, counts


def _check_same_counts(boxes: Any, counts: list[int], batched: bool) -> None:
    """Raise ``ValueError`` unless every sample has as many axis-aligned as oriented boxes."""
    items = list(boxes) if batched else [boxes]
    found = [len(b) for b in items]
    if found != counts:
        raise ValueError(
            f"{_BOXES} and {_CORNERS} must describe the same boxes, got {found} and {counts} "
            "boxes; build bbox_xyxy as the enclosing boxes of the corners"
        )


def _clip(boxes: Tensor, size: tuple[int, int]) -> tuple[Tensor, Tensor]:
    """``[N,4]`` boxes clipped to an image of ``size`` (H, W), and which are not left empty."""
    boxes = boxes.clone()
    boxes[:, 0::2] = boxes[:, 0::2].clamp(0, size[1])
    boxes[:, 1::2] = boxes[:, 1::2].clamp(0, size[0])
    return boxes, (boxes[:, 2] > boxes[:, 0]) & (boxes[:, 3] > boxes[:, 1])


def _enclosing(corners: Tensor) -> Tensor:
    """Axis-aligned ``[N,4]`` boxes enclosing ``[N,8]`` corners."""
    xs, ys = corners[:, 0::2], corners[:, 1::2]
    return torch.stack([xs.amin(1), ys.amin(1), xs.amax(1), ys.amax(1)], dim=1)


def _visible_box(corners: Tensor, size: tuple[int, int]) -> tuple[Tensor, Tensor]:
    """Enclosing box of the part of each convex quadrilateral inside the image, and which
    quadrilaterals overlap the image at all.

    The vertices of the intersection of two convex polygons are the corners of either that lie
    inside the other plus the crossings of their edges; their extent is the visible box.
    """
    h, w = float(size[0]), float(size[1])
    n = len(corners)
    eps = 1e-4
    pts = corners.reshape(n, 4, 2)
    x, y = pts[..., 0], pts[..., 1]

    def in_image(px: Tensor, py: Tensor) -> Tensor:
        return (px >= -eps) & (px <= w + eps) & (py >= -eps) & (py <= h + eps)

    cand_x, cand_y, valid = [x], [y], [in_image(x, y)]
    # image corners inside the quadrilateral: on the same side of all four edges
    frame = corners.new_tensor([[0.0, 0.0], [w, 0.0], [w, h], [0.0, h]])
    edge = pts.roll(-1, dims=1) - pts  # [n,4,2]
    length = edge.norm(dim=-1).clamp_min(1e-12)
    rel = frame[None, :, None, :] - pts[:, None, :, :]  # [n,4 frame corners,4 edges,2]
    side = (edge[:, None, :, 0] * rel[..., 1] - edge[:, None, :, 1] * rel[..., 0])
    side = side / length[:, None, :]
    inside = (side >= -eps).all(-1) | (side <= eps).all(-1)
    cand_x.append(frame[:, 0].expand(n, 4))
    cand_y.append(frame[:, 1].expand(n, 4))
    valid.append(inside)
    # crossings of the quadrilateral's edges with the image's border lines
    dx, dy = edge[..., 0], edge[..., 1]
    for along_x, border in ((True, 0.0), (True, w), (False, 0.0), (False, h)):
        start, delta = (x, dx) if along_x else (y, dy)
        t = (border - start) / torch.where(delta == 0, torch.ones_like(delta), delta)
        hit = (delta != 0) & (t >= 0) & (t <= 1)
        px = torch.full_like(x, border) if along_x else x + t * dx
        py = y + t * dy if along_x else torch.full_like(y, border)
        cand_x.append(px)
        cand_y.append(py)
        valid.append(hit & in_image(px, py))
    all_x = torch.cat(cand_x, 1).clamp(0, w)
    all_y = torch.cat(cand_y, 1).clamp(0, h)
    ok = torch.cat(valid, 1)
    inf = torch.tensor(float("inf"), device=corners.device)
    box = torch.stack([
        torch.where(ok, all_x, inf).amin(1),
        torch.where(ok, all_y, inf).amin(1),
        torch.where(ok, all_x, -inf).amax(1),
        torch.where(ok, all_y, -inf).amax(1),
    ], dim=1)
    keep = ok.any(1) & (box[:, 2] > box[:, 0]) & (box[:, 3] > box[:, 1])
    return torch.where(keep[:, None], box, torch.zeros_like(box)), keep


def _has_n(value: Any, n: int, key: str, strict: bool) -> bool:
    """Whether ``value`` has one entry per box; a strict key without that raises.

    Raises:
        ValueError: if ``strict`` and ``value`` does not have ``n`` entries.
    """
    if isinstance(value, (Tensor, np.ndarray)):
        ok = value.ndim >= 1 and value.shape[0] == n
    else:
        ok = isinstance(value, (list, tuple)) and len(value) == n
    if strict and not ok:
        shape = tuple(value.shape) if isinstance(value, (Tensor, np.ndarray)) else type(value)
        raise ValueError(
            f"per-box key {key!r} must have one entry per box ({n}), got {shape}; "
            "leave it out of per_box_keys if it is not a per-box value"
        )
    return ok


def _select(value: Any, keep: Tensor) -> Any:
    """The entries of a per-box ``value`` (tensor, array or list) where ``keep`` is true."""
    if isinstance(value, Tensor):
        return value[keep.to(value.device)]
    flags = keep.cpu().numpy()
    if isinstance(value, np.ndarray):
        return value[flags]
    return type(value)(v for v, k in zip(value, flags) if k)


def _is_instance_mask(mask: Any, batched: bool) -> bool:
    """Instance masks: ``[N,H,W]`` per sample, a batch's stacked or listed (ragged counts)."""
    if isinstance(mask, list):
        return batched and bool(mask) and all(
            isinstance(m, Tensor) and m.ndim == 3 for m in mask)
    return isinstance(mask, Tensor) and mask.ndim == (4 if batched else 3)


def _padded(masks: list[Tensor]) -> Tensor:
    """A batch's instance masks ``[N_i,H,W]`` as one ``[B,max N,H,W]`` tensor (zeros after
    each sample's own: no object), which kornia warps at once."""
    most = max(1, max(len(m) for m in masks))
    out = masks[0].new_zeros((len(masks), most, *masks[0].shape[-2:]))
    for i, m in enumerate(masks):
        out[i, :len(m)] = m
    return out


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
