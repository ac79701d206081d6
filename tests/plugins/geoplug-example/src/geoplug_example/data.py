"""A tiny deterministic dataset, enough to show a third-party class loads through get()."""

from __future__ import annotations

import torch
from torch.utils.data import Dataset


class ExampleTiles(Dataset):
    def __init__(self, root: str = "data", split: str = "train", bands=None, transforms=None,
                 download: bool = False, checksum: bool = False) -> None:
        self.split = split
        self.length = 8 if split == "train" else 4

    def __len__(self) -> int:
        return self.length

    def __getitem__(self, index: int) -> dict[str, torch.Tensor]:
        generator = torch.Generator().manual_seed(index)
        return {"image": torch.rand(4, 16, 16, generator=generator),
                "label": torch.tensor(index % 2)}
