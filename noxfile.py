"""Test, lint, type-check, build, demo and benchmark sessions.

Every package session installs only that package, what it declares and the test tools into its
own virtualenv. torch/torchvision (~5.5 GB) are installed once into a shared layer under
``.nox/`` and linked into each virtualenv with a ``.pth`` file, so no session downloads or
builds torch again; everything else is resolved per session as declared. ``build`` and
``template`` install geoplug from the wheels they build, as a user of a package index would.
"""

from __future__ import annotations

import os
import shutil
import zipfile
from email.parser import Parser
from pathlib import Path

import nox

ROOT = Path(__file__).parent
TORCH = ["torch==2.14.1", "torchvision==0.29.1"]
TORCH_LAYER = ROOT / ".nox" / "_torch-2.14.1"
REPORTS = ROOT / ".nox" / "reports"
TEST_TOOLS = ["pytest>=8", "pytest-timeout"]
# the build backend at the floor the four pyproject.toml files declare: builds prove that floor
BUILD_TOOLS = ["build>=1.2", "twine>=6.1", "setuptools==77.0.3"]

nox.options.sessions = ["lint", "core", "datasets", "models", "trainers", "plugins", "template",
                        "build", "typecheck", "docs"]
nox.options.reuse_venv = "yes"
nox.options.default_venv_backend = "venv"

# The real servers the core tests start (an S3-compatible server, a STAC API). The pins are
# the versions that run offline: newer stac-fastapi/FastAPI break the geoparquet backend, and
# other rustac builds download DuckDB's spatial extension at start-up.
TEST_SERVERS = ["moto[server]>=5", "boto3", "uvicorn", "stac-fastapi-geoparquet==0.0.7",
                "stac-fastapi.api>=5.0.2,<6", "stac-fastapi.extensions>=5.0.2,<6",
                "stac-fastapi.types>=5.0.2,<6", "fastapi<0.120", "rustac==0.9.9",
                "rustac-duckdb-extensions==1.5.1.post0"]

PACKAGES = {
    "core": ["./geoplug-core[stac]", *TEST_SERVERS],
    "datasets": ["./geoplug-core", "./geoplug-datasets[parquet,zstd]"],
    "models": ["./geoplug-core", "./geoplug-models"],
    # + geoplug-datasets: integration tests train on real loaders (VHR-10 instance masks)
    "trainers": ["./geoplug-core", "./geoplug-models", "./geoplug-trainers[detection]",
                 "./geoplug-datasets"],
}
ALL = ["./geoplug-core", "./geoplug-datasets", "./geoplug-models", "./geoplug-trainers"]


def _with_torch(session: nox.Session, python: str = "python") -> None:
    """Make the shared torch layer importable in this session's virtualenv (or in the one of
    the interpreter ``python``)."""
    complete = TORCH_LAYER / ".complete"
    if not complete.exists():
        session.log(f"installing {' '.join(TORCH)} once into {TORCH_LAYER}")
        session.run("python", "-m", "pip", "install", "--quiet", "--disable-pip-version-check",
                    "--target", str(TORCH_LAYER), *TORCH)
        complete.write_text(" ".join(TORCH))
    purelib = session.run(
        python, "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])",
        silent=True, external=True,
    )
    assert isinstance(purelib, str)
    Path(purelib.strip().splitlines()[-1], "_geoplug_torch_layer.pth").write_text(
        f"{TORCH_LAYER}\n"
    )


def _install(session: nox.Session, *packages: str) -> None:
    _with_torch(session)
    session.install("--disable-pip-version-check", *packages)


def _pytest(session: nox.Session, folder: str, path: str | None = None) -> None:
    REPORTS.mkdir(parents=True, exist_ok=True)
    report = REPORTS / f"{session.name}.xml"
    report.unlink(missing_ok=True)
    # pytest exits 5 when it collects nothing: nox treats that as a failure, as it should be
    # the test servers are installed here: a missing one must fail, not skip
    session.run("pytest", path or f"tests/{folder}", f"--junitxml={report}", *session.posargs,
                env={"MPLBACKEND": "Agg", "PYTHONHASHSEED": "0",
                     "GEOPLUG_REQUIRE_TEST_SERVERS": "1"})


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
    """geoplug-core plus third-party plugins (an example, a broken and a clashing one) alone."""
    _install(session, "./geoplug-core", "./tests/plugins/geoplug-example",
             "./tests/plugins/geoplug-broken", "./tests/plugins/geoplug-clash", *TEST_TOOLS)
    _pytest(session, "plugins")


def _build_dists(session: nox.Session, out: Path, *projects: str) -> list[Path]:
    """sdist and wheel of each project (the wheel built from the sdist) into ``out``."""
    shutil.rmtree(out, ignore_errors=True)
    for project in projects:
        session.run("python", "-m", "build", "--no-isolation", "--outdir", str(out), project,
                    silent=True)
    return sorted(out.iterdir())


def _wheel(dists: list[Path], distribution: str) -> str:
    prefix = distribution.replace("-", "_") + "-"
    (wheel,) = [d for d in dists if d.name.startswith(prefix) and d.suffix == ".whl"]
    return str(wheel)


def _check_metadata(session: nox.Session, dists: list[Path]) -> None:
    """What an index shows users: licence, URLs, and ranges (not pins) between geoplug's parts.

    Raises:
        nox.command.CommandFailed (through ``session.error``) on the first missing field.
    """
    wanted_urls = {"Source", "Documentation", "Issues", "Changelog"}
    for wheel in (d for d in dists if d.suffix == ".whl"):
        with zipfile.ZipFile(wheel) as zf:
            (name,) = [n for n in zf.namelist() if n.endswith(".dist-info/METADATA")]
            meta = Parser().parsestr(zf.read(name).decode())
            licensed = any(n.endswith(".dist-info/licenses/LICENSE") for n in zf.namelist())
        urls = {u.split(",")[0].strip() for u in meta.get_all("Project-URL") or []}
        pins = [r for r in meta.get_all("Requires-Dist") or []
                if r.startswith("geoplug-") and "==" in r]
        problems = [
            *(["no License-Expression: MIT"] if meta["License-Expression"] != "MIT" else []),
            *(["LICENSE file not in the wheel"] if not licensed else []),
            *([f"Project-URLs missing: {sorted(wanted_urls - urls)}"]
              if not wanted_urls <= urls else []),
            *([f"exact pins between geoplug packages: {pins}"] if pins else []),
            *(["no README as long description"]
              if meta["Description-Content-Type"] != "text/markdown" else []),
        ]
        if problems:
            session.error(f"{wheel.name}: {'; '.join(problems)}")
        session.log(f"{wheel.name}: metadata complete ({meta['Metadata-Version']})")


@nox.session
def build(session: nox.Session) -> None:
    """Build the four distributions, check their metadata, install two from wheels alone."""
    session.install("--disable-pip-version-check", *BUILD_TOOLS)
    tmp = Path(session.create_tmp())
    dists = _build_dists(session, tmp / "dist", *ALL)
    session.run("twine", "check", "--strict", *(str(d) for d in dists))
    _check_metadata(session, dists)
    # a fresh environment: geoplug from the built wheels, the rest from the index as declared
    # (torch from the shared layer, as in every session)
    fresh = tmp / "fresh"
    shutil.rmtree(fresh, ignore_errors=True)
    session.run("python", "-m", "venv", str(fresh))
    python, bindir = str(fresh / "bin" / "python"), fresh / "bin"
    _with_torch(session, python)
    session.run(python, "-m", "pip", "install", "--quiet", "--disable-pip-version-check",
                _wheel(dists, "geoplug-core"), _wheel(dists, "geoplug-datasets"), external=True)
    session.run(python, "-c", "import geoplug.datasets; geoplug.datasets.get('sen12ms')",
                external=True)
    session.run(str(bindir / "geoplug"), "datasets", external=True)


@nox.session
def template(session: nox.Session) -> None:
    """The template plugin under examples/, installed from its wheel next to geoplug-core's."""
    session.install("--disable-pip-version-check", *BUILD_TOOLS)
    dists = _build_dists(session, Path(session.create_tmp()) / "dist", "./geoplug-core",
                         "./examples/geoplug-template")
    wheels = [_wheel(dists, "geoplug-core"), _wheel(dists, "geoplug-template")]
    # same version as last time: pip would keep the old install, so take it out first
    session.run("python", "-m", "pip", "uninstall", "--quiet", "--yes", "geoplug-core",
                "geoplug-template", silent=True, success_codes=[0, 1])
    _install(session, *wheels, *TEST_TOOLS)
    _pytest(session, "template", "examples/geoplug-template/tests")


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
    """Sampling throughput: geoplug vs a raw rasterio read vs TorchGeo 0.8.1, in one run; and
    downsampled warped reads, geoplug vs GDAL's own warp."""
    _install(session, "./geoplug-core[stac]", "./geoplug-datasets")
    # torchgeo 0.8.1 imports requests (its OpenStreetMap dataset) without declaring it
    session.install("torchgeo==0.8.1", "requests")
    session.run("python", "benchmarks/sampling.py", *session.posargs)
    # downsampled warped reads (GDAL's widened kernel): geoplug vs GDAL's own warp
    session.run("python", "benchmarks/downsampling.py")
    # STAC-GeoParquet index of 1,000,000 items; COGs over HTTP with 20 ms per request
    session.run("python", "benchmarks/stac_index.py")
    session.run("python", "benchmarks/remote_sampling.py")


@nox.session
def docs(session: nox.Session) -> None:
    """The documentation site (docs/_build/html): API reference, catalog and executed
    tutorials, built with warnings as errors; then its internal links and that every name in
    each public module's ``__all__`` is documented."""
    _install(session, "./geoplug-core[stac]", "./geoplug-datasets[parquet,zstd]",
             "./geoplug-models", "./geoplug-trainers[detection]", "sphinx>=8.1,<10",
             "sphinx-gallery>=0.19,<0.23", "furo>=2024.8.6",
             *TEST_TOOLS)  # pytest: geoplug.core.testing.fixtures is documented
    out = ROOT / "docs" / "_build"
    for stale in (out, ROOT / "docs" / "api" / "generated", ROOT / "docs" / "tutorials"):
        shutil.rmtree(stale, ignore_errors=True)  # a fresh build: no page from an old run
    env = {"MPLBACKEND": "Agg", "PYTHONHASHSEED": "0"}
    session.run("sphinx-build", "-W", "--keep-going", "-b", "html", "-d", str(out / "doctrees"),
                "docs", str(out / "html"), *session.posargs, env=env)
    session.run("python", "docs/_ext/geoplug_links.py", str(out / "html"))
    session.run("python", "docs/_ext/geoplug_apidoc.py", str(out / "html"), env=env)
