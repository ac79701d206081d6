"""What a sample must hold, per task (DESIGN.md "Sample conventions"), as readable problems."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

__all__ = ["geo_sample_problems", "sample_problems"]

#: task -> ranks its ``image`` may have, for chip (nongeo) datasets
_IMAGE_RANK: dict[str, tuple[int, ...]] = {
    # regression: sequences -> a value (sky-image forecasts, typhoon tracks) are [T,C,H,W];
    # classification: image pairs -> a label (QuakeSet's before/after) are [2,C,H,W];
    # segmentation: time series -> one map (PASTIS, Benin cashews, CV4A Kenya) are [T,C,H,W]
    "classification": (3, 4), "multilabel": (3,), "regression": (3, 4), "segmentation": (3, 4),
    "detection": (3,), "instance_segmentation": (3,), "change_detection": (4,),
    "time_series": (4,), "self_supervised": (3, 4),  # SSL corpora may hold seasons [T,C,H,W]
}


def _describe(value: Any) -> str:
    if hasattr(value, "dtype") and hasattr(value, "shape"):
        return f"{str(value.dtype).replace('torch.', '')} {list(value.shape)}"
    return type(value).__name__


def _tensor(sample: Mapping[str, Any], key: str, dtype: str, ranks: tuple[int, ...],
            problems: list[str], what: str) -> Any:
    """The tensor at ``key`` if it is a torch tensor of ``dtype`` and one of ``ranks``."""
    import torch

    if key not in sample:
        problems.append(f"sample has no {key!r} key; {what}")
        return None
    value = sample[key]
    if not isinstance(value, torch.Tensor):
        problems.append(f"sample[{key!r}] is a {type(value).__name__}, expected a torch.Tensor "
                        f"({what})")
        return None
    if str(value.dtype) != f"torch.{dtype}" or value.ndim not in ranks:
        shape = " or ".join(f"{r}-d" for r in ranks)
        problems.append(f"sample[{key!r}] is {_describe(value)}, expected {dtype} {shape} "
                        f"({what})")
        return None
    return value


def _images(sample: Mapping[str, Any], rank: tuple[int, ...], problems: list[str]
            ) -> list[Any]:
    keys = [k for k in sample if k == "image" or k.startswith("image_")]
    if not keys:
        problems.append("sample has no 'image' (nor 'image_<modality>') key")
        return []
    out = []
    for key in keys:
        ranks = rank if key == "image" else (3, 4)
        layout = {3: "[C,H,W]", 4: "[T,C,H,W] or [2,C,H,W]"}
        value = _tensor(sample, key, "float32", ranks, problems,
                        "images are float32 " + " or ".join(layout[r] for r in ranks))
        if value is not None:
            out.append(value)
    return out


def sample_problems(sample: Any, task: str, num_classes: int | None = None) -> list[str]:
    """Problems of a chip dataset's sample for ``task`` (empty when it conforms).

    Unknown task words (an open vocabulary) only need an image or a mask.
    """
    if not isinstance(sample, Mapping):
        return [f"a sample is a {type(sample).__name__}, expected a dict"]
    problems: list[str] = []
    if task not in _IMAGE_RANK:
        if not any(k == "image" or k.startswith("image_") or k == "mask" for k in sample):
            problems.append(f"sample of task {task!r} has neither an 'image' nor a 'mask'")
        return problems
    images = _images(sample, _IMAGE_RANK[task], problems)
    size = tuple(images[0].shape[-2:]) if images else None
    if task == "change_detection" and images and images[0].shape[0] != 2:
        problems.append(f"change-detection images are [2,C,H,W] (before, after), got "
                        f"{list(images[0].shape)}")
    if task == "classification":
        label = _tensor(sample, "label", "int64", (0,), problems,
                        "classification labels are int64 scalars")
        if label is not None and num_classes is not None and not 0 <= int(label) < num_classes:
            problems.append(f"label {int(label)} is outside [0, {num_classes}) (num_classes in "
                            "the spec)")
    elif task == "multilabel":
        label = _tensor(sample, "label", "int64", (1,), problems,
                        "multilabel labels are int64 multi-hot [num_classes]")
        if label is not None:
            if num_classes is not None and label.shape[0] != num_classes:
                problems.append(f"multilabel label has {label.shape[0]} entries, the spec says "
                                f"num_classes={num_classes}")
            if not bool(((label == 0) | (label == 1)).all()):
                problems.append("multilabel label holds values other than 0 and 1")
    elif task == "regression":
        if "label" in sample:
            _tensor(sample, "label", "float32", (0, 1), problems,
                    "regression targets are float32 scalars or [k]")
        elif "mask" in sample:
            _tensor(sample, "mask", "float32", (2, 3), problems,
                    "pixelwise regression targets are float32 [H,W] or [k,H,W]")
        else:
            problems.append("regression sample has no 'label' (nor a pixelwise 'mask')")
    elif task in ("segmentation", "change_detection"):
        mask = _tensor(sample, "mask", "int64", (2,), problems, "masks are int64 [H,W]")
        if mask is not None and size is not None and tuple(mask.shape) != size:
            problems.append(f"mask is {list(mask.shape)} but the image is {list(size)} pixels")
    elif task in ("detection", "instance_segmentation"):
        _detection(sample, task, size, problems)
    return problems


def _detection(sample: Mapping[str, Any], task: str, size: tuple[int, ...] | None,
               problems: list[str]) -> None:
    if "bbox_xyxyxyxy" in sample:
        boxes = _tensor(sample, "bbox_xyxyxyxy", "float32", (2,), problems,
                        "oriented boxes are float32 [N,8]")
        width = 8
    else:
        boxes = _tensor(sample, "bbox_xyxy", "float32", (2,), problems,
                        "boxes are float32 [N,4] (x0, y0, x1, y1 in pixels)")
        width = 4
    labels = _tensor(sample, "label", "int64", (1,), problems, "box labels are int64 [N]")
    if boxes is not None and boxes.shape[-1] != width:
        problems.append(f"boxes are {list(boxes.shape)}, expected [N,{width}]")
    if boxes is not None and labels is not None and boxes.shape[0] != labels.shape[0]:
        problems.append(f"{boxes.shape[0]} boxes but {labels.shape[0]} labels")
    if task == "instance_segmentation":
        masks = _tensor(sample, "mask", "uint8", (3,), problems,
                        "instance masks are uint8 [N,H,W]")
        if masks is not None and boxes is not None and masks.shape[0] != boxes.shape[0]:
            problems.append(f"{masks.shape[0]} instance masks but {boxes.shape[0]} boxes")
        if masks is not None and size is not None and tuple(masks.shape[-2:]) != size:
            problems.append(f"instance masks are {list(masks.shape[-2:])} pixels but the "
                            f"image is {list(size)}")


def geo_sample_problems(sample: Any, query: Any, shape: tuple[int, int]) -> list[str]:
    """Problems of a geo dataset's sample for ``query`` (expected ``shape`` = rows, cols)."""
    import torch

    if not isinstance(sample, Mapping):
        return [f"a sample is a {type(sample).__name__}, expected a dict"]
    problems: list[str] = []
    if "crs" not in sample:
        problems.append("geo samples carry 'crs' (the dataset's CRS)")
    if "bounds" not in sample:
        problems.append("geo samples carry 'bounds' (the query BoundingBox)")
    elif sample["bounds"] != query:
        problems.append(f"sample['bounds'] is {sample['bounds']}, expected the query {query}")
    layers = [k for k in ("image", "mask") if k in sample]
    if not layers and "points" not in sample:
        problems.append("geo sample has no 'image', 'mask' (nor 'points')")
    for key in layers:
        value = sample[key]
        if not isinstance(value, torch.Tensor):
            problems.append(f"sample[{key!r}] is a {type(value).__name__}, expected a tensor")
            continue
        want = ("float32", 3) if key == "image" else ("int64", 2)
        # a pixelwise-regression layer (biomass, canopy height) has a float32 mask
        dtypes = {f"torch.{want[0]}"} | ({"torch.float32"} if key == "mask" else set())
        if str(value.dtype) not in dtypes or value.ndim != want[1]:
            layout = "[C,H,W]" if key == "image" else "[H,W]"
            problems.append(f"sample[{key!r}] is {_describe(value)}, expected {want[0]} "
                            f"{layout}")
        elif tuple(value.shape[-2:]) != shape:
            problems.append(f"sample[{key!r}] is {list(value.shape[-2:])} pixels, but the query "
                            f"spans {list(shape)} pixels at the dataset's res")
    return problems
