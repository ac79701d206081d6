"""Sphinx configuration of geoplug's documentation.

Everything that lists code is generated from the installed packages at build time: the API
reference by autosummary (recursively, from the docstrings), the catalog pages by
``_ext/geoplug_catalog.py`` (from ``geoplug.core.registry``), and the tutorials by
sphinx-gallery, which executes each script on generated data. Build with
``nox -s docs`` (or ``sphinx-build -W --keep-going -b html docs docs/_build/html``).

Why Sphinx and sphinx-gallery: autodoc + napoleon read the Google-style docstrings and type
hints as they are, autosummary walks the packages so a new module documents itself, and the
py domain lets a wrong cross-reference to a geoplug object fail the build (``nitpicky``).
sphinx-gallery runs the tutorials as plain ``.py`` scripts inside the Sphinx process — no
Jupyter kernel to install or start, the scripts are linted by ruff like the rest of the
repository, figures are scraped from matplotlib, and each page offers the script and a
notebook for download.
"""

from __future__ import annotations

import os
import sys
import warnings
from pathlib import Path

DOCS = Path(__file__).resolve().parent
ROOT = DOCS.parent
sys.path.insert(0, str(DOCS / "_ext"))
# the tutorials find the repository's examples/ and tests/ folders through this variable
# (run by hand from the repository root, they fall back to ".")
os.environ["GEOPLUG_REPO"] = str(ROOT)
os.environ.setdefault("MPLBACKEND", "Agg")

import geoplug_apidoc  # noqa: E402  (docs/_ext, after the path is set)

from geoplug.core import __version__ as _core_version  # noqa: E402

project = "geoplug"
author = "geoplug developers"
copyright = "2025, geoplug developers"
release = _core_version
version = ".".join(release.split(".")[:2])

extensions = [
    "sphinx.ext.autodoc",
    "sphinx.ext.autosummary",
    "sphinx.ext.napoleon",
    "sphinx.ext.intersphinx",
    "geoplug_catalog",  # before the tutorials run: the catalog is the installed registries
    "sphinx_gallery.gen_gallery",
    "geoplug_apidoc",
]

templates_path = ["_templates"]
exclude_patterns = ["_build", "tutorial_sources"]
root_doc = "index"
html_theme = "furo"
html_title = f"geoplug {release}"
html_static_path: list[str] = []
# the HTML pages only: no copies of the sources
html_copy_source = False
html_show_sourcelink = False

# -- API reference ---------------------------------------------------------------------------
autosummary_generate = True
autosummary_generate_overwrite = True
autosummary_ignore_module_all = False  # __all__ is the public API
# what each public module documents here and what it re-exports from elsewhere, computed by
# importing the installed packages (docs/_ext/geoplug_apidoc.py): the module template reads it
_API = geoplug_apidoc.collect(geoplug_apidoc.PACKAGES)
autosummary_context = {"api": _API, "aliases": geoplug_apidoc.aliases(_API)}
autodoc_default_options = {
    "member-order": "bysource",
    "show-inheritance": True,
}
autodoc_typehints = "description"
autodoc_typehints_description_target = "documented_params"
autodoc_class_signature = "mixed"
# only geoplug's own docstrings: inherited ones (Lightning's, torch's) use roles and labels
# of those projects' documentation that do not exist here
autodoc_inherit_docstrings = False

napoleon_google_docstring = True
napoleon_numpy_docstring = False
napoleon_use_rtype = False
napoleon_preprocess_types = False
napoleon_attr_annotations = True

# cross-references to geoplug objects must resolve: a broken one is a build error under -W.
# Third-party names (torch, numpy, rasterio, ...) and geoplug's private modules are not
# documented here, so references to them are not checked.
nitpicky = True
nitpick_ignore_regex = [
    (r"py:.*", r"(?!geoplug\.).*"),  # anything outside geoplug
    (r"py:.*", r"geoplug\.(.*\.)?_.*"),  # private modules and names
    (r"py:.*", r"geoplug_template\..*"),  # the template plugin (a tutorial, not installed)
    (r"py:.*", r"geoplug\..*\.[A-Z]"),  # type variables (S, T) in generic signatures
]
nitpick_ignore = [
    # named in prose and signatures, deliberately left out of their modules' __all__
    ("py:class", "geoplug.core.gridindex.Hit"),  # a query result record of GridIndex
    ("py:class", "geoplug.models.foundation.dofa.DynamicPatchEmbed"),  # an internal layer
]

intersphinx_mapping: dict[str, tuple[str, str | None]] = {}  # no network during the build

# -- tutorials ------------------------------------------------------------------------------
sphinx_gallery_conf = {
    "examples_dirs": ["tutorial_sources"],
    "gallery_dirs": ["tutorials"],
    "filename_pattern": r"/tutorial_",
    "within_subsection_order": "FileNameSortKey",
    "download_all_examples": False,
    "remove_config_comments": True,
    "show_memory": False,
    "abort_on_example_error": True,
    "only_warn_on_example_error": False,
    "matplotlib_animations": False,
    "image_scrapers": ("matplotlib",),
    "reset_modules": ("matplotlib",),
    "write_computation_times": False,
}

# -- warnings -------------------------------------------------------------------------------
# Lightning and torch print deprecation noise about each other when the tutorials train a
# model; they are not geoplug's to fix and are not part of the pages.
warnings.filterwarnings("ignore", category=DeprecationWarning, module=r"pytorch_lightning.*")
warnings.filterwarnings("ignore", message=r".*LeafSpec.*")
suppress_warnings: list[str] = []
