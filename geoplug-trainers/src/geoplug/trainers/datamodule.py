"""The generic data module for registered non-geo (chip) datasets, and what data modules share.

No data module per dataset: :class:`NonGeoDataModule` builds any registered dataset's splits
by name, takes per-band normalisation from the dataset's spec and augments batches on the
device after transfer (``on_after_batch_transfer``), where kornia runs fastest.
"""

from __future__ import annotations

import logging
import math
from collections.abc import Iterable, Iterator, Sequence
from typing import Any

import kornia.augmentation as K
import pytorch_lightning as pl
import torch
from torch import Tensor, nn
from torch.utils.data import DataLoader, Dataset, Sampler, Subset

from geoplug.core.collate import PER_OBJECT_KEYS, stack_samples
from geoplug.core.errors import DatasetNotFoundError
from geoplug.core.resample import DEFERRED_SUFFIXES
from geoplug.core.transforms import AugmentationSequential, Normalize
from geoplug.trainers.carving import carve
from geoplug.trainers.epoch_loader import EpochDataLoader

__all__ = ["BaseDataModule", "NonGeoDataModule", "collate_samples", "default_augmentations",
           "image_key", "image_statistics"]

_log = logging.getLogger(__name__)


def collate_samples(samples: Sequence[dict[str, Any]]) -> dict[str, Any]:
    """Batch dict samples for training: core's :func:`~geoplug.core.collate.stack_samples`.

    Tensors of one shape are stacked; per-object keys (boxes, :data:`PER_OBJECT_KEYS`) and
    tensors whose shapes differ between samples (detection labels) stay per-sample lists,
    which models take as such.

    Raises:
        ValueError: no samples, or samples with different keys.
    """
    return stack_samples(samples, as_lists=PER_OBJECT_KEYS, ragged=True)


def default_augmentations(temporal: bool = False) -> AugmentationSequential:
    """Flips in both axes: valid for every band count and every task's keys."""
    return AugmentationSequential(K.RandomHorizontalFlip(), K.RandomVerticalFlip(),
                                  temporal=temporal)


def image_key(sample: dict[str, Any]) -> str | None:
    """The key of a sample's (or batch's) image: ``image``, or the one modality of a
    multi-modal sample (``image_s2`` alone); ``None`` for none or several."""
    if isinstance(sample.get("image"), Tensor):
        return "image"
    modal = [k for k, v in sample.items() if k.startswith("image_") and isinstance(v, Tensor)
             and not k.endswith(DEFERRED_SUFFIXES)]  # image_src...: no modality
    return modal[0] if len(modal) == 1 else None


class EpochPermutation(Sampler[int]):
    """A random order of ``size`` indices drawn from ``(seed, epoch)`` (``set_epoch``): a
    resumed fit skipping the batches its checkpoint trained skips those of the same order (a
    shuffle from torch's global state was another order after the restart)."""

    def __init__(self, size: int, seed: int = 0) -> None:
        self.size, self.seed, self.epoch = size, seed, 0

    def set_epoch(self, epoch: int) -> None:
        self.epoch = epoch

    def __iter__(self) -> Iterator[int]:
        generator = torch.Generator().manual_seed(self.seed * 1_000_003 + self.epoch)
        return iter(torch.randperm(self.size, generator=generator).tolist())

    def __len__(self) -> int:
        return self.size


def image_statistics(images: Iterable[Tensor], fill_value: float = math.nan
                     ) -> tuple[list[float], list[float]]:
    """Per-band mean and standard deviation of ``images`` (``[..., C, H, W]`` each), summed in
    float64. NaN values are left out, and so are pixels without data (every band at
    ``fill_value``, as :func:`~geoplug.trainers.prediction.valid_pixels` says): a nodata
    collar would pull the statistics towards the fill value. A constant band gets a
    standard deviation of 1.

    Raises:
        ValueError: no images, or images with different band counts.
    """
    total = squares = count = None
    for image in images:
        bands = image.detach().to("cpu", torch.float64).movedim(-3, 0).reshape(
            image.shape[-3], -1)
        valid = ~torch.isnan(bands)
        if not math.isnan(fill_value):
            valid &= ~(bands == fill_value).all(0)
        bands = torch.where(valid, bands, 0.0)
        if total is None:
            total, squares = bands.sum(1), (bands * bands).sum(1)
            count = valid.sum(1)
            continue
        if bands.shape[0] != total.shape[0]:
            raise ValueError(f"images with {total.shape[0]} and {bands.shape[0]} bands")
        total += bands.sum(1)
        squares += (bands * bands).sum(1)  # type: ignore[operator]
        count += valid.sum(1)  # type: ignore[operator]
    if total is None or squares is None or count is None:
        raise ValueError("no images to take statistics of")
    n = count.clamp_min(1).to(torch.float64)
    mean = total / n
    var = (squares / n - mean * mean).clamp_min(0.0)
    std = [math.sqrt(v) if v > 0 else 1.0 for v in var.tolist()]
    return mean.tolist(), std


class BaseDataModule(pl.LightningDataModule):
    """Loaders of dict samples plus on-device normalisation and training augmentation.

    Args:
        batch_size: samples per batch.
        num_workers: DataLoader worker processes.
        mean, std: per-band statistics; ``None`` takes them from the dataset's spec, and a
            spec without them from ``statistics`` training samples.
        augmentations: ``"default"`` (random flips), ``None`` (none) or a module taking and
            returning a batch dict (e.g. :class:`geoplug.core.transforms.AugmentationSequential`;
            one without a ``mask_fill`` gives the mask pixels it brings in from outside the
            image, by rotating or translating, the label layer's ignore index where its spec
            names one, rather than 0, a class).
        pin_memory: pin host memory for faster transfer to a GPU.
        statistics: without ``mean``/``std`` from you or the spec, normalise with the
            per-band mean and standard deviation of this many training samples (a fixed
            draw, the same in every run and on every rank, kept in checkpoints); 0: no
            normalisation, the raw values (pre-trained weights then see digital numbers).
    """

    normalize: Normalize | None

    def __init__(
        self,
        batch_size: int = 32,
        num_workers: int = 0,
        mean: Sequence[float] | None = None,
        std: Sequence[float] | None = None,
        augmentations: nn.Module | str | None = "default",
        pin_memory: bool = False,
        statistics: int = 256,
    ) -> None:
        super().__init__()
        if statistics < 0:
            raise ValueError(f"statistics must be 0 or more samples, got {statistics}")
        self.statistics = statistics
        if batch_size < 1:
            raise ValueError(f"batch_size must be at least 1, got {batch_size}")
        if augmentations is not None and isinstance(augmentations, str) \
                and augmentations != "default":
            raise ValueError(f"augmentations must be 'default', None or a module, "
                             f"got {augmentations!r}")
        self.batch_size = batch_size
        self.num_workers = num_workers
        self.pin_memory = pin_memory
        self.augmentations = augmentations
        self.normalize = (
            Normalize(mean, std) if mean is not None and std is not None else None)
        self._augment: dict[bool, nn.Module] = {}
        self._fill_asked = False  # whether the augmentations' mask_fill came from the spec
        #: ``(mean, std)`` taken from training samples (see ``statistics``), else ``None``
        self._fitted: tuple[list[float], list[float]] | None = None

    def _fit_statistics(self, samples: Iterable[dict[str, Any]],
                        fill_value: float = math.nan) -> None:
        """Normalise with the statistics of ``samples`` (training samples; pixels without
        data, at ``fill_value``, left out) when neither the caller nor the spec gave any
        (see ``statistics``); datasets without an ``image`` key stay as they are."""
        if self.normalize is not None or self.statistics == 0:
            return
        images = (s[key] for s in samples if (key := image_key(s)) is not None)
        try:
            mean, std = image_statistics(images, fill_value)
        except ValueError:
            return
        self.normalize = Normalize(mean, std)
        self._fitted = (mean, std)
        _log.info("normalising with the per-band statistics of %d training samples (no "
                  "mean/std given, none in the spec): mean %s, std %s", self.statistics,
                  [round(m, 4) for m in mean], [round(v, 4) for v in std])

    def state_dict(self) -> dict[str, Any]:
        """The statistics taken from training samples, which a checkpoint keeps: predicting
        from it normalises as training did, without the training split at hand."""
        if self._fitted is None:
            return {}
        return {"mean": list(self._fitted[0]), "std": list(self._fitted[1])}

    def load_state_dict(self, state_dict: dict[str, Any]) -> None:
        """Restore the statistics of :meth:`state_dict` (unless mean/std were given)."""
        if "mean" in state_dict and "std" in state_dict and (
                self.normalize is None or self._fitted is not None):
            self._fitted = (list(state_dict["mean"]), list(state_dict["std"]))
            self.normalize = Normalize(*self._fitted)

    def model_inputs(self) -> dict[str, Any]:
        """What the dataset's spec says about the model's input: ``bands``, ``sensor``,
        ``wavelengths``/``bandwidths`` (um) and ``gsd`` (m), where known
        (:func:`~geoplug.trainers.spectral.dataset_inputs`). Empty without a spec."""
        return {}

    def label_ignore_index(self) -> int | None:
        """The label layer's no-data mask value from its spec (``DatasetSpec.ignore_index``,
        e.g. -1 for Sen1Floods11), or ``None``."""
        return None

    def task_kwargs(self, model: str, in_chans: int | None = None,
                    bands: Sequence[str] | None = None,
                    model_kwargs: dict[str, Any] | None = None,
                    task: type | None = None) -> dict[str, Any]:
        """``bands``, ``in_chans`` and ``model_kwargs`` for a task on registry model
        ``model``: ``Task(model=name, **dm.task_kwargs(name))`` builds an any-sensor model
        with the dataset's own wavelengths (see :func:`~geoplug.trainers.spectral.task_inputs`).

        Also ``ignore_index`` (:meth:`label_ignore_index`) where the spec names one, so that
        unlabelled pixels are neither trained nor scored as a class; only the segmentation
        tasks take it, so give the task class as ``task`` to have it left out of others.
        """
        import inspect

        from geoplug.trainers.spectral import task_inputs

        out = task_inputs(model, self.model_inputs(), in_chans=in_chans, bands=bands,
                          model_kwargs=model_kwargs)
        ignored = self.label_ignore_index()
        if ignored is not None and (
                task is None or "ignore_index" in inspect.signature(task).parameters):
            out["ignore_index"] = ignored
        return {k: v for k, v in out.items() if v is not None}

    def _loader(self, dataset: Dataset[Any], shuffle: bool) -> DataLoader[Any]:
        if shuffle:  # training: each pass at the fit's epoch, in that epoch's own order
            return EpochDataLoader(dataset, batch_size=self.batch_size,
                                   sampler=EpochPermutation(len(dataset),  # type: ignore[arg-type]
                                                            getattr(self, "seed", 0)),
                                   epoch=self.fit_epoch, **self._worker_options())
        return DataLoader(dataset, batch_size=self.batch_size, shuffle=False,
                          **self._worker_options())

    def _worker_options(self) -> dict[str, Any]:
        """The DataLoader arguments of the workers and collation, as every loader has them."""
        return {"num_workers": self.num_workers, "collate_fn": collate_samples,
                "pin_memory": self._pin(), "persistent_workers": self.num_workers > 0}

    def _pin(self) -> bool:
        """Whether the loaders pin their batches' memory."""
        return self.pin_memory

    def fit_epoch(self) -> int | None:
        """The epoch the attached trainer's fit is at (the one Lightning hands ``set_epoch``,
        restored by a resumed fit; asked at a training pass's first batch, when a resumed fit
        has moved on from a checkpoint taken at an epoch's last batch); ``None`` without a
        trainer."""
        trainer = self.trainer
        if trainer is None:
            return None
        return int(trainer.fit_loop.epoch_progress.current.processed)  # type: ignore[attr-defined]

    def _augmenter(self, temporal: bool) -> nn.Module | None:
        if self.augmentations is None:
            return None
        if isinstance(self.augmentations, nn.Module):
            if (isinstance(self.augmentations, AugmentationSequential)
                    and self.augmentations.mask_fill is None and not self._fill_asked):
                self._fill_asked = True  # (the spec is asked once, not at every batch)
                self.augmentations.mask_fill = self.label_ignore_index()
            return self.augmentations
        if temporal not in self._augment:
            self._augment[temporal] = default_augmentations(temporal)
        return self._augment[temporal]

    def transfer_batch_to_device(self, batch: Any, device: torch.device,
                                 dataloader_idx: int) -> Any:
        """Move tensors (and lists of tensors) only; ``crs``/``bounds`` stay as they are."""
        if not isinstance(batch, dict):
            return super().transfer_batch_to_device(batch, device, dataloader_idx)
        moved: dict[str, Any] = {}
        for key, value in batch.items():
            if isinstance(value, Tensor):
                moved[key] = value.to(device)
            elif isinstance(value, list) and value and all(isinstance(v, Tensor) for v in value):
                moved[key] = [v.to(device) for v in value]
            else:
                moved[key] = value
        return moved

    def on_after_batch_transfer(self, batch: Any, dataloader_idx: int) -> Any:
        """Normalise every batch, and augment training batches, on the batch's device. A
        multi-modal batch of one modality (``image_s2`` alone) is the tasks' ``image``."""
        if isinstance(batch, dict) and "image" not in batch:
            key = image_key(batch)
            if key is not None:
                batch = {("image" if k == key else k): v for k, v in batch.items()}
        if not isinstance(batch, dict) or "image" not in batch:
            return batch
        image: Tensor = batch["image"]
        if self.normalize is not None:
            batch = self.normalize.to(image.device)(batch)
        image = batch["image"]
        if image.is_floating_point():
            # a NaN nodata pixel (a float layer's fill) spreads through every convolution to
            # the loss and then every weight: it enters the model as the band's mean (0 once
            # normalised). Unconditional: asking first would wait on the GPU at every batch
            batch = {**batch, "image": torch.nan_to_num(image, nan=0.0, posinf=0.0,
                                                        neginf=0.0)}
        trainer = self.trainer
        if trainer is not None and trainer.training:
            augment = self._augmenter(temporal=image.ndim == 5)
            if augment is not None:
                batch = augment.to(image.device)(batch)
        return batch


#: The names a dataset may give its official validation and test splits (MapInWild says
#: "validation"); each is used rather than a split carved from train.
_ALIASES = {"val": ("val", "validation", "valid"), "test": ("test",)}


class NonGeoDataModule(BaseDataModule):
    """Train/val/test/predict splits of any registered non-geo dataset, chosen by name.

    Args:
        dataset: registry name (``"eurosat"``, ``"resisc45"``, ...).
        root: the dataset's folder.
        dataset_kwargs: further constructor arguments (``bands``, ``download``, ...).
        val_split_pct: when the dataset has no ``val`` split, this fraction of ``train`` is
            held out for validation (seeded by ``seed``, disjoint from training; chips that
            overlap, in whole blocks sharing no pixel: :mod:`~geoplug.trainers.carving`).
        test_split_pct: likewise when it has no ``test`` split.
        val_split, test_split: the dataset's own split each stage scores (default ``"val"``
            and ``"test"``, by whatever name the dataset gives them); ``None`` carves it from
            ``train``. A dataset whose test labels are withheld (ETCI 2021) tests on
            ``test_split="val"`` with ``val_split=None``.
        predict_split: the split ``predict`` runs on.
        seed: seed of the held-out splits.
        batch_size, num_workers, mean, std, augmentations, pin_memory, statistics: see
            :class:`BaseDataModule`. Without ``mean``/``std`` the spec's statistics are used
            (for the ``bands`` in ``dataset_kwargs``); a spec without them, those of
            ``statistics`` training samples.

    Raises:
        UnknownNameError: no dataset of that name is registered (a ``KeyError``).
        ValueError: the dataset is a geo dataset, bad split fractions, or ``val_split`` and
            ``test_split`` name the same split.
    """

    def __init__(
        self,
        dataset: str,
        root: str = "data",
        batch_size: int = 32,
        num_workers: int = 0,
        dataset_kwargs: dict[str, Any] | None = None,
        val_split_pct: float = 0.2,
        test_split_pct: float = 0.2,
        predict_split: str = "test",
        val_split: str | None = "val",
        test_split: str | None = "test",
        seed: int = 0,
        mean: Sequence[float] | None = None,
        std: Sequence[float] | None = None,
        augmentations: nn.Module | str | None = "default",
        pin_memory: bool = False,
        statistics: int = 256,
    ) -> None:
        from geoplug.core.registry import datasets

        super().__init__(batch_size, num_workers, mean, std, augmentations, pin_memory,
                         statistics)
        self.save_hyperparameters(ignore=["augmentations"])
        spec = datasets.info(dataset)
        if spec.kind != "nongeo":
            raise ValueError(f"dataset {dataset!r} is a geo dataset; use GeoDataModule")
        for name, pct in (("val_split_pct", val_split_pct), ("test_split_pct", test_split_pct)):
            if not 0 <= pct < 1:
                raise ValueError(f"{name} must be in [0, 1), got {pct}")
        self.dataset_name = dataset
        self.spec = spec
        self.root = root
        self.dataset_kwargs = dict(dataset_kwargs or {})
        self.val_split_pct = val_split_pct
        self.test_split_pct = test_split_pct
        self.predict_split = predict_split
        if val_split is not None and val_split == test_split:
            raise ValueError(f"val_split and test_split are both {val_split!r}: validation "
                             "would choose the model on the data that scores it")
        self.stage_splits = {"val": val_split, "test": test_split}
        self.seed = seed
        if self.normalize is None and spec.mean and spec.std:
            self.normalize = Normalize.from_spec(spec, self.dataset_kwargs.get("bands"))
        self.datasets: dict[str, Dataset[Any]] = {}

    def model_inputs(self) -> dict[str, Any]:
        from geoplug.trainers.spectral import dataset_inputs

        return dataset_inputs(self.dataset_name, self.dataset_kwargs)

    def label_ignore_index(self) -> int | None:
        from geoplug.trainers.spectral import label_ignore_index

        return label_ignore_index(self.dataset_name, self.dataset_kwargs)

    def _cls(self) -> Any:
        from geoplug.core.registry import datasets

        return datasets.get(self.dataset_name)

    def splits(self) -> tuple[str, ...]:
        """The dataset's own splits (class attribute ``splits``, else the spec's)."""
        cls = self._cls()
        own = tuple(getattr(cls, "splits", ()) or self.spec.splits or ("train",))
        return own

    def _make(self, split: str) -> Dataset[Any]:
        dataset: Dataset[Any] = self._cls()(root=self.root, split=split, **self.dataset_kwargs)
        return dataset

    def _own_split(self, stage: str, own: tuple[str, ...]) -> str | None:
        """The dataset's split that ``stage`` (``val``/``test``) scores; ``None``: carved.

        Raises:
            ValueError: an explicit ``val_split``/``test_split`` the dataset lacks.
        """
        wanted = self.stage_splits[stage]
        if wanted is None:
            return None
        if wanted == stage:  # the default: the dataset's split of that role, by any name
            return next((n for n in _ALIASES[stage] if n in own), None)
        if wanted not in own:
            raise ValueError(f"{stage}_split={wanted!r}: {self.dataset_name} has the splits "
                             f"{list(own)}")
        return wanted

    def _held_out(self) -> dict[str, Dataset[Any]]:
        """Train, plus val/test carved from it where the dataset lacks them (disjoint)."""
        own = self.splits()
        train = self._make("train")
        size = len(train)  # type: ignore[arg-type]
        out: dict[str, Dataset[Any]] = {}
        names = {split: self._own_split(split, own) for split in ("val", "test")}
        withheld = set(getattr(self._cls(), "unlabelled_splits", None) or ())
        for split, pct in (("val", self.val_split_pct), ("test", self.test_split_pct)):
            if names[split] in withheld:  # scoring it would score nothing, or the wrong pixels
                if self.stage_splits[split] != split:
                    raise ValueError(f"{split}_split={names[split]!r}: {self.dataset_name} "
                                     "withholds that split's labels")
                _log.warning("%s withholds the labels of its %r split; %s on %g of train "
                             "instead", self.dataset_name, names[split],
                             "validating" if split == "val" else "testing", pct)
                names[split] = None
        sources = getattr(self._cls(), "split_sources", None) or {}
        if (names["val"] is not None and names["test"] is not None
                and sources.get(names["val"], names["val"])
                == sources.get(names["test"], names["test"])):
            if self.stage_splits["val"] != "val":  # asked for by name: refused
                raise ValueError(
                    f"val_split={self.stage_splits['val']!r} and test_split="
                    f"{self.stage_splits['test']!r} read the same data of {self.dataset_name}: "
                    "validation would choose the model on the data that scores it")
            _log.warning("%s: its %r split reads the same data as %r, which the test scores; "
                         "validating on %g of train instead (val_split=None)",
                         self.dataset_name, names["val"], names["test"], self.val_split_pct)
            names["val"] = None
        counts: dict[str, int] = {}
        for split, pct in (("val", self.val_split_pct), ("test", self.test_split_pct)):
            name = names[split]
            if name is not None:  # the dataset's own split, by whatever name it has
                out[split] = self._make(name)
                continue
            counts[split] = round(size * pct)
            if counts[split] == 0:
                raise ValueError(
                    f"{self.dataset_name} has no {split!r} split and {split}_split_pct="
                    f"{pct} of {size} training samples holds none; raise {split}_split_pct")
        if not counts:
            out["train"] = train
            return out
        footprints = getattr(train, "footprints", None)
        rest, parts = carve(size, list(counts.values()), self.seed,
                            footprints() if callable(footprints) else None)
        for split, part in zip(counts, parts):
            out[split] = Subset(train, part)
        out["train"] = Subset(train, rest)
        return out

    def setup(self, stage: str | None = None) -> None:
        """Build the splits ``stage`` needs (``fit``, ``validate``, ``test``, ``predict``)."""
        if stage == "predict":
            own = self.splits()
            if self.predict_split in own:
                self.datasets["predict"] = self._make(self.predict_split)
            else:
                self.datasets["predict"] = self._held_out()[self.predict_split]
        else:
            self.datasets.update(self._held_out())
        if self.normalize is None and self.statistics:  # the same draw for every stage
            try:
                train = self.datasets.get("train") or self._held_out()["train"]
            except DatasetNotFoundError:  # predicting alone: a checkpoint's state brings them
                _log.warning("%s: no training split to take normalisation statistics from; "
                             "predictions are normalised only if a checkpoint restores them "
                             "(trainer.predict(ckpt_path=...)) or mean/std are given",
                             self.dataset_name)
                return
            size = len(train)  # type: ignore[arg-type]
            order = torch.randperm(size, generator=torch.Generator().manual_seed(0))
            self._fit_statistics(train[i] for i in order[:self.statistics].tolist())

    def train_dataloader(self) -> DataLoader[Any]:
        return self._loader(self.datasets["train"], shuffle=True)

    def val_dataloader(self) -> DataLoader[Any]:
        return self._loader(self.datasets["val"], shuffle=False)

    def test_dataloader(self) -> DataLoader[Any]:
        return self._loader(self.datasets["test"], shuffle=False)

    def predict_dataloader(self) -> DataLoader[Any]:
        return self._loader(self.datasets["predict"], shuffle=False)
