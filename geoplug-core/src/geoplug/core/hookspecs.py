"""Every hook a geoplug plugin can implement, documented in one place.

A plugin is a module (or object) named in the ``geoplug`` entry-point group of its
distribution's metadata::

    [project.entry-points.geoplug]
    mydata = "geoplug_mydata.plugin"

It implements any of the hooks below with ``@geoplug.core.plugins.hookimpl``. Each hook takes no
argument and returns a list of specs, either spec objects or plain dicts with the same fields.
Keep the plugin module light: import nothing heavy (torch, rasterio) at module level, because
listing a registry imports every plugin module but no ``target``; and keep hooks fast: the
import and every hook call are timed, and one slower than ``$GEOPLUG_SLOW_PLUGIN_SECONDS``
(default 1 s) is reported by name (``SlowPluginWarning``) and shown by ``geoplug plugins``.

Rules a plugin author can rely on:

- Entry points are told apart by distribution: the plugin is registered as
  ``"distribution:entrypoint"``, so any entry-point name is safe (even ``datasets``).
- A plugin that fails to import, raises in a hook or returns an invalid spec is reported
  (``PluginLoadWarning`` naming its distribution) and skipped; valid entries of the same hook
  are kept.
- Names and aliases: lower-case letters, digits, ``_``, ``-``, ``.``, at most 64 characters, no
  control characters. A name another distribution also registers stays reachable as
  ``"distribution:name"``. If a geoplug distribution has the plain name, geoplug's entry wins
  (``NameConflictWarning``); if two third parties have it, the plain name is an error.
- Dataset task words are an open vocabulary: the known ones (``geoplug.core.plugins.TASKS``:
  classification, multilabel, regression, segmentation, detection, instance_segmentation,
  change_detection, time_series, self_supervised, generic) are documented and suggested by the
  CLI; a plugin may use a word of its own (e.g. ``super_resolution``).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import pluggy

from geoplug.core.specs import CommandSpec, DatasetSpec, ModelSpec, TrainerSpec, WeightsSpec

PROJECT = "geoplug"
hookspec = pluggy.HookspecMarker(PROJECT)
hookimpl = pluggy.HookimplMarker(PROJECT)

SpecLike = Any  # a spec object or a dict of its fields


@hookspec
def geoplug_datasets() -> Sequence[DatasetSpec | dict[str, SpecLike]]:
    """Datasets this plugin provides. ``get(name)`` returns the dataset class."""
    raise NotImplementedError


@hookspec
def geoplug_models() -> Sequence[ModelSpec | dict[str, SpecLike]]:
    """Model builders; ``get_model(name, **kwargs)`` calls the target with the kwargs."""
    raise NotImplementedError


@hookspec
def geoplug_weights() -> Sequence[WeightsSpec | dict[str, SpecLike]]:
    """Pre-trained weights: url, sha256, the model they fit, bands and normalisation."""
    raise NotImplementedError


@hookspec
def geoplug_trainers() -> Sequence[TrainerSpec | dict[str, SpecLike]]:
    """LightningModules and data modules, selectable by name in configs."""
    raise NotImplementedError


@hookspec
def geoplug_commands() -> Sequence[CommandSpec | dict[str, SpecLike]]:
    """Sub-commands of the ``geoplug`` CLI; the target is ``main(argv) -> int``."""
    raise NotImplementedError


@hookspec(firstresult=True)
def geoplug_sign_url(url: str) -> str | None:
    """The URL to read instead of ``url`` (e.g. with a SAS token appended), or ``None``.

    Unlike the hooks above it takes an argument and is called at run time: once per remote file
    each process opens (``https://``, ``s3://``, ``gs://``, ``az://``), before GDAL reads it, as
    Planetary Computer's tokens require. The first plugin returning a string wins; return
    ``None`` for URLs the plugin does not sign. Keep it fast and cache tokens yourself.
    """
    raise NotImplementedError
