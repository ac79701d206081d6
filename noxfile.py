"""Test, lint, type-check, demo and benchmark sessions.

Every package session installs only that package, what it declares and the test tools into its
own virtualenv. torch/torchvision (~5.5 GB) are installed once into a shared layer under
``.nox/`` and linked into each virtualenv with a ``.pth`` file, so no session downloads or
builds torch again; everything else is resolved per session as declared.
"""

from __future__ import annotations

import os
from pathlib import Path

import nox

ROOT = Path(__file__).parent
TORCH = ["torch==2.14.1", "torchvision==0.29.1"]
TORCH_LAYER = ROOT / ".nox" / "_torch-2.14.1"
REPORTS = ROOT / ".nox" / "reports"
TEST_TOOLS = ["pytest>=8", "pytest-timeout"]

nox.options.sessions = ["lint", "core", "datasets", "models", "trainers", "plugins", "typecheck"]
nox.options.reuse_venv = "yes"
nox.options.default_venv_backend = "venv"

PACKAGES = {
    "core": ["./geoplug-core"],
    "datasets": ["./geoplug-core", "./geoplug-datasets"],
    "models": ["./geoplug-core", "./geoplug-models"],
    "trainers": ["./geoplug-core", "./geoplug-models", "./geoplug-trainers"],
}
ALL = ["./geoplug-core", "./geoplug-datasets", "./geoplug-models", "./geoplug-trainers"]


def _with_torch(session: nox.Session) -> None:
    """Make the shared torch layer importable in this session's virtualenv."""
    complete = TORCH_LAYER / ".complete"
    if not complete.exists():
        session.log(f"installing {' '.join(TORCH)} once into {TORCH_LAYER}")
        session.run("python", "-m", "pip", "install", "--quiet", "--disable-pip-version-check",
                    "--target", str(TORCH_LAYER), *TORCH)
        complete.write_text(" ".join(TORCH))
    purelib = session.run(
        "python", "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])",
        silent=True,
    )
    assert isinstance(purelib, str)
    Path(purelib.strip().splitlines()[-1], "_geoplug_torch_layer.pth").write_text(
        f"{TORCH_LAYER}\n"
    )


def _install(session: nox.Session, *packages: str) -> None:
    _with_torch(session)
    session.install("--disable-pip-version-check", *packages)


def _pytest(session: nox.Session, folder: str) -> None:
    REPORTS.mkdir(parents=True, exist_ok=True)
    report = REPORTS / f"{session.name}.xml"
    report.unlink(missing_ok=True)
    # pytest exits 5 when it collects nothing: nox treats that as a failure, as it should be
    session.run("pytest", f"tests/{folder}", f"--junitxml={report}", *session.posargs,
                env={"MPLBACKEND": "Agg", "PYTHONHASHSEED": "0"})


def _package_session(name: str) -> None:
    @nox.session(name=name)
    def run(session: nox.Session) -> None:
        _install(session, *PACKAGES[name], *TEST_TOOLS)
        _pytest(session, name)

    run.__doc__ = f"Test geoplug-{name} alone, with only what it declares installed."


for _name in PACKAGES:
    _package_session(_name)


@nox.session
def plugins(session: nox.Session) -> None:
    """geoplug-core plus the example third-party plugin (and a broken one), nothing else."""
    _install(session, "./geoplug-core", "./tests/plugins/geoplug-example",
             "./tests/plugins/geoplug-broken", *TEST_TOOLS)
    _pytest(session, "plugins")


@nox.session
def lint(session: nox.Session) -> None:
    """ruff on everything."""
    session.install("ruff>=0.6")
    session.run("ruff", "check", ".")


@nox.session
def typecheck(session: nox.Session) -> None:
    """mypy on all four packages."""
    _install(session, *ALL, "mypy>=1.10", "types-PyYAML", "types-tqdm")
    session.run("mypy", "-p", "geoplug.core", "-p", "geoplug.datasets", "-p", "geoplug.models",
                "-p", "geoplug.trainers")


@nox.session
def demo(session: nox.Session) -> None:
    """The end-to-end demo on an embedded sample (README's main job)."""
    _install(session, *ALL)
    out = os.environ.get("GEOPLUG_DEMO_OUT", str(ROOT / "out" / "demo"))
    session.run("python", "examples/demo.py", "--out", out, *session.posargs,
                env={"MPLBACKEND": "Agg"})


@nox.session
def bench(session: nox.Session) -> None:
    """Sampling throughput: geoplug vs a raw rasterio read vs TorchGeo 0.8.1, in one run."""
    _install(session, "./geoplug-core", "./geoplug-datasets")
    # torchgeo 0.8.1 imports requests (its OpenStreetMap dataset) without declaring it
    session.install("torchgeo==0.8.1", "requests")
    session.run("python", "benchmarks/sampling.py", *session.posargs)
