"""Default ``plot(sample)`` for datasets: a figure a user understands at a glance."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

import numpy as np

if TYPE_CHECKING:  # pragma: no cover
    from matplotlib.figure import Figure

__all__ = ["plot_panels", "plot_sample", "to_display"]


def to_display(image: Any, rgb_indices: Sequence[int] = ()) -> np.ndarray:
    """A [C,H,W] tensor/array as an HxWx3 (or HxW) float image stretched to [0, 1]."""
    from geoplug.core.transforms.display import rgb_image

    array = np.asarray(image.detach().cpu() if hasattr(image, "detach") else image)
    if array.ndim == 2:
        array = array[None]
    indices = list(rgb_indices) if rgb_indices else ([0, 1, 2] if array.shape[0] == 3 else [0])
    out = rgb_image(array, indices)
    return out[..., 0] if out.ndim == 3 and out.shape[-1] == 1 else out


def plot_panels(panels: Sequence[tuple[str, np.ndarray] | tuple[str, np.ndarray, str | None]],
                show_titles: bool = True, suptitle: str | None = None, size: float = 4.0,
                grey: str = "gray", interpolation: str | None = None) -> Figure:
    """One row of titled images: the figure of samples that hold several (inputs, target,
    prediction, the dates of a pair).

    Each panel is ``(title, data)`` or ``(title, data, cmap)``: ``data`` HxWx3 in colour or
    HxW drawn with ``cmap`` (default ``grey``).
    """
    import matplotlib.pyplot as plt

    fig, axes = plt.subplots(1, len(panels), figsize=(size * len(panels), size), squeeze=False)
    for ax, (title, data, *cmap) in zip(axes[0], panels):
        ax.imshow(data, cmap=(cmap[0] if cmap else grey) if data.ndim == 2 else None,
                  interpolation=interpolation)
        ax.set_axis_off()
        if show_titles:
            ax.set_title(title)
    if suptitle:
        fig.suptitle(suptitle)
    return fig


def _label_text(value: Any, classes: Sequence[str]) -> str:
    array = np.asarray(value.detach().cpu() if hasattr(value, "detach") else value)
    if array.ndim == 0:
        scalar = array.item()
        if isinstance(scalar, float) and not float(scalar).is_integer():
            return f"{scalar:.3g}"
        index = int(scalar)
        if index < 0:  # -1: withheld (a test split without labels)
            return "(unlabelled)"
        return classes[index] if index < len(classes) else str(scalar)
    if array.ndim == 1 and classes and len(array) == len(classes):  # multi-hot
        if (array < 0).all():
            return "(unlabelled)"
        return ", ".join(c for c, on in zip(classes, array) if on > 0) or "(none)"
    return np.array2string(array, precision=3, threshold=8)


def plot_sample(
    sample: dict[str, Any],
    rgb_indices: Sequence[int] = (),
    classes: Sequence[str] = (),
    show_titles: bool = True,
    suptitle: str | None = None,
) -> Figure:
    """Image (per date for time series / change pairs), mask, prediction, labels as titles."""
    import matplotlib.pyplot as plt

    panels: list[tuple[str, np.ndarray, bool]] = []
    image = sample.get("image")
    if image is not None:
        arr = image.detach().cpu() if hasattr(image, "detach") else np.asarray(image)
        if arr.ndim == 4:  # [T, C, H, W]
            for t in range(arr.shape[0]):
                panels.append((f"image t={t}", to_display(arr[t], rgb_indices), False))
        else:
            panels.append(("image", to_display(arr, rgb_indices), False))
    for key in ("mask", "prediction"):
        value = sample.get(key)
        if value is not None and hasattr(value, "ndim") and value.ndim >= 2:
            arr = np.asarray(value.detach().cpu() if hasattr(value, "detach") else value)
            if arr.ndim == 3:  # instance masks [N, H, W]: show their union, coloured
                # (an image without objects: [0, H, W], nothing to show but the frame)
                arr = (arr * np.arange(1, arr.shape[0] + 1)[:, None, None]).max(
                    axis=0, initial=0)
            panels.append((key, arr, True))
    fig, axes = plt.subplots(1, max(1, len(panels)), figsize=(4 * max(1, len(panels)), 4),
                             squeeze=False)
    for ax, (title, data, categorical) in zip(axes[0], panels):
        ax.imshow(data, cmap="tab20" if categorical else (None if data.ndim == 3 else "gray"),
                  interpolation="nearest", vmin=0 if categorical else None,
                  vmax=max(19, len(classes) - 1) if categorical else None)
        ax.set_axis_off()
        if show_titles:
            ax.set_title(title)
    boxes = sample.get("bbox_xyxy")
    if boxes is not None and panels:
        from matplotlib.patches import Rectangle

        for x0, y0, x1, y1 in np.asarray(boxes):
            axes[0][0].add_patch(Rectangle((x0, y0), x1 - x0, y1 - y0, fill=False,
                                           edgecolor="yellow", linewidth=1))
    titles = []
    if "label" in sample and sample["label"] is not None and boxes is None:
        titles.append(f"label: {_label_text(sample['label'], classes)}")
    if "prediction" in sample and getattr(sample["prediction"], "ndim", 2) < 2:
        titles.append(f"prediction: {_label_text(sample['prediction'], classes)}")
    if show_titles and titles:
        axes[0][0].set_xlabel("\n".join(titles))
        axes[0][0].set_axis_on()
        axes[0][0].set_xticks([])
        axes[0][0].set_yticks([])
    if suptitle:
        fig.suptitle(suptitle)
    fig.tight_layout()
    return fig
