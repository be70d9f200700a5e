"""The package installs and finds its built-in cases from any directory.

Builds a wheel from a clean copy of the source tree, installs it (with its dependencies) into a
fresh virtual environment, and runs the installed `parley` from an unrelated directory. A second
check does the same for an editable install, where the cases are read from the source tree.
Dependencies are installed for real (from pip's cache after the first run), so a dependency missing
from pyproject.toml shows up here as a failure.

These tests are marked `slow` (they create virtual environments and run pip) but run by default.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

pytestmark = pytest.mark.slow

REPO = Path(__file__).resolve().parents[1]
BUILTIN_CASE_ID = "harbour-standoff"
REQUIRED_IN_WHEEL = ("cases/harbour-standoff.yaml", "cases/parley-case.schema.json")

_NOT_SOURCE = shutil.ignore_patterns(
    ".git",
    ".venv",
    "venv",
    "build",
    "dist",
    "*.egg-info",
    "__pycache__",
    ".pytest_cache",
    ".ruff_cache",
    "snapshot_report.html",
)


def _env(**extra: str) -> dict[str, str]:
    """The caller's environment without anything that would point Python at the source tree."""
    drop = ("PYTHONPATH", "PYTHONHOME", "PYTHONSTARTUP", "VIRTUAL_ENV", "PYTHONUSERBASE")
    env = {k: v for k, v in os.environ.items() if k not in drop}
    env.update(PIP_DISABLE_PIP_VERSION_CHECK="1", PYTHONNOUSERSITE="1", **extra)
    return env


def _run(args: list[str | Path], *, cwd: Path, timeout: float = 300, **env: str) -> str:
    proc = subprocess.run(
        [str(a) for a in args],
        cwd=cwd,
        env=_env(**env),
        capture_output=True,
        text=True,
        timeout=timeout,
        stdin=subprocess.DEVNULL,
    )
    assert proc.returncode == 0, (
        f"{' '.join(map(str, args))} exited {proc.returncode}\nstdout:\n{proc.stdout}\nstderr:\n{proc.stderr}"
    )
    return proc.stdout


def _make_venv(where: Path) -> Path:
    """A fresh venv that does not see this interpreter's site-packages; returns its bin directory."""
    _run([sys.executable, "-m", "venv", where], cwd=where.parent)
    return where / "bin"


def _run_parley(bindir: Path, elsewhere: Path, *args: str) -> str:
    """Runs the installed console script from `elsewhere`, with its data dirs kept inside the test."""
    home = elsewhere / "home"
    return _run(
        [bindir / "parley", *args],
        cwd=elsewhere,
        timeout=60,
        HOME=str(home),
        XDG_DATA_HOME=str(home / "data"),
        XDG_CONFIG_HOME=str(home / "config"),
        XDG_STATE_HOME=str(home / "state"),
        XDG_CACHE_HOME=str(home / "cache"),
    )


def _cases_location(bindir: Path, elsewhere: Path) -> Path:
    code = "import importlib.resources as r; print(r.files('cases') / 'harbour-standoff.yaml')"
    return Path(_run([bindir / "python", "-c", code], cwd=elsewhere, timeout=60).strip())


@pytest.fixture(scope="module")
def source(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A copy of the source tree, so builds never write into (or pick up leftovers from) the repo."""
    dest = tmp_path_factory.mktemp("src") / "parley"
    shutil.copytree(REPO, dest, ignore=_NOT_SOURCE)
    return dest


@pytest.fixture(scope="module")
def wheel(source: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("wheel")
    _run([sys.executable, "-m", "pip", "wheel", "--no-deps", "-w", out, source], cwd=out)
    (built,) = out.glob("parley-*.whl")
    return built


def test_wheel_carries_cases_and_schema(wheel: Path, source: Path) -> None:
    names = set(zipfile.ZipFile(wheel).namelist())
    for required in REQUIRED_IN_WHEEL:
        assert required in names, f"{required} is missing from {wheel.name}"
    shipped = {f"cases/{p.name}" for p in (source / "cases").iterdir() if p.suffix in (".yaml", ".json")}
    shipped |= {f"cases/{p.parent.name}/{p.name}" for p in (source / "cases").glob("*.strategies/*.yaml")}
    assert any(n.startswith("cases/harbour-standoff.strategies/") for n in shipped)
    assert shipped <= names, f"missing from the wheel: {sorted(shipped - names)}"
    assert "cases/__init__.py" in names
    assert not any(n.startswith("tests/") for n in names), "tests/ must not be packaged"


def test_wheel_carries_the_guide_and_examples(wheel: Path, source: Path) -> None:
    names = set(zipfile.ZipFile(wheel).namelist())
    docs = {p.relative_to(source).as_posix() for p in (source / "docs").glob("*.md")}
    examples = {p.relative_to(source).as_posix() for p in (source / "docs" / "examples").rglob("*.yaml")}
    assert {"docs/format.md", "docs/authoring.md", "docs/examples/first-case.yaml"} <= docs | examples
    assert docs | examples <= names, f"missing from the wheel: {sorted((docs | examples) - names)}"
    assert not any(n.startswith("docs/") and n.endswith(".py") and n != "docs/__init__.py" for n in names)


def test_wheel_declares_the_parley_command(wheel: Path) -> None:
    with zipfile.ZipFile(wheel) as zf:
        (entry_points,) = [n for n in zf.namelist() if n.endswith(".dist-info/entry_points.txt")]
        text = zf.read(entry_points).decode()
    assert "parley = cli.main:main" in text


def test_wheel_carries_tcss(wheel: Path, source: Path) -> None:
    tcss = sorted(p.relative_to(source).as_posix() for p in (source / "tui").rglob("*.tcss"))
    if not tcss:
        pytest.skip("no .tcss files in tui/ yet")
    names = set(zipfile.ZipFile(wheel).namelist())
    assert set(tcss) <= names, f"missing from the wheel: {sorted(set(tcss) - names)}"


def test_installed_wheel_lists_builtin_cases_from_any_directory(wheel: Path, tmp_path: Path) -> None:
    bindir = _make_venv(tmp_path / "venv")
    _run([bindir / "python", "-m", "pip", "install", "--progress-bar", "off", wheel], cwd=tmp_path)
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()

    # The cases must come from the installed package, not from a source tree on sys.path.
    site = tmp_path / "venv" / "lib"
    assert _cases_location(bindir, elsewhere).is_relative_to(site)

    out = _run_parley(bindir, elsewhere, "cases")
    assert BUILTIN_CASE_ID in out

    # The guide is read from the installed package: the reference prints as it is in the source.
    assert _run_parley(bindir, elsewhere, "guide", "format") == (REPO / "docs" / "format.md").read_text(
        encoding="utf-8"
    )
    assert "first-case" in _run_parley(bindir, elsewhere, "guide")
    assert _run_parley(bindir, elsewhere, "validate", BUILTIN_CASE_ID).endswith(": ok\n")

    # A new case written from the wheel install validates, lints clean and passes its own paths.
    _run_parley(bindir, elsewhere, "new", "from-wheel", "--roles", "3")
    case = "from-wheel.yaml"
    assert _run_parley(bindir, elsewhere, "lint", "--strict", case) == "0 errors, 0 warnings in 1 case file\n"
    # two fixed paths, then doctrine, reactive and random play of each of the 3 roles over 200 seeds
    assert _run_parley(bindir, elsewhere, "test", case).endswith("11 passed, 0 failed\n")
    assert "north-doctrine as north over 200 seeds" in _run_parley(bindir, elsewhere, "test", "-v", case)


def test_editable_install_lists_builtin_cases_from_any_directory(source: Path, tmp_path: Path) -> None:
    bindir = _make_venv(tmp_path / "venv")
    _run([bindir / "python", "-m", "pip", "install", "--progress-bar", "off", "-e", source], cwd=tmp_path)
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()

    # In an editable install the cases are read from the source tree, through setuptools' hook.
    location = _cases_location(bindir, elsewhere)
    assert location.is_relative_to(source), f"cases resolved to {location}, not the editable source"
    assert location.is_file()

    out = _run_parley(bindir, elsewhere, "cases")
    assert BUILTIN_CASE_ID in out
