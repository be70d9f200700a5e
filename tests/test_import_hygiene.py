"""The engine and the headless commands never load Textual or Rich.

Each check runs in a fresh interpreter, because this test process may already have imported Textual
for the TUI tests. The subprocesses run from the repository root, so they see the source tree whether
or not the project is installed.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import textwrap
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
BUILTIN_CASE = REPO / "cases" / "harbour-standoff.yaml"
UI_PACKAGES = ("textual", "rich")

# Imports every module under game/ (failing loudly on any that cannot be imported), then the given
# extra modules, and reports which UI modules got loaded and which import first pulled one in.
_IMPORT_ALL = textwrap.dedent(
    """
    import importlib, json, pkgutil, sys

    UI = {ui!r}

    def ui_loaded():
        return sorted(m for m in sys.modules if m.partition(".")[0] in UI)

    def fail(name):
        raise

    imported, culprit = [], None
    def load(name):
        global culprit
        importlib.import_module(name)
        imported.append(name)
        if culprit is None and ui_loaded():
            culprit = name

    load("game")
    import game
    for info in pkgutil.walk_packages(game.__path__, "game.", onerror=fail):
        load(info.name)
    for name in {extra!r}:
        load(name)
    print(json.dumps({{"imported": imported, "ui": ui_loaded(), "culprit": culprit}}))
    """
)

# Runs the `parley` entry point in-process with the given arguments, then writes the names of all
# loaded modules to the file named by the first argument.
_RUN_COMMAND = textwrap.dedent(
    """
    import json, sys
    out, *args = sys.argv[1:]
    sys.argv = ["parley", *args]
    from cli.main import main
    try:
        code = main()
    except SystemExit as exc:
        code = exc.code
    with open(out, "w", encoding="utf-8") as fh:
        json.dump(sorted(sys.modules), fh)
    sys.exit(code if isinstance(code, int) else (0 if code is None else 1))
    """
)


def _env() -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "PYTHONHOME", "PYTHONSTARTUP")}
    env["PYTHONPATH"] = str(REPO)
    return env


def _import_all(*extra: str) -> dict:
    code = _IMPORT_ALL.format(ui=UI_PACKAGES, extra=list(extra))
    proc = subprocess.run(
        [sys.executable, "-c", code],
        cwd=REPO,
        env=_env(),
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert proc.returncode == 0, f"importing the headless modules failed:\n{proc.stderr}"
    return json.loads(proc.stdout.strip().splitlines()[-1])


def _ui_modules(names: list[str]) -> list[str]:
    return [m for m in names if m.partition(".")[0] in UI_PACKAGES]


def test_engine_never_imports_textual_or_rich() -> None:
    report = _import_all()
    assert len(report["imported"]) > 1, report
    assert report["ui"] == [], f"{report['culprit']} pulled in: {', '.join(report['ui'])}"


def test_cli_main_module_never_imports_textual_or_rich() -> None:
    report = _import_all("cli.main")
    assert "cli.main" in report["imported"]
    assert report["ui"] == [], f"{report['culprit']} pulled in: {', '.join(report['ui'])}"


def _run_headless(tmp_path: Path, *args: str) -> list[str]:
    modules_file = tmp_path / "modules.json"
    proc = subprocess.run(
        [sys.executable, "-c", _RUN_COMMAND, str(modules_file), *args],
        cwd=REPO,
        env=_env(),
        capture_output=True,
        text=True,
        timeout=120,
        stdin=subprocess.DEVNULL,
    )
    assert proc.returncode == 0, (
        f"`parley {' '.join(args)}` exited {proc.returncode}\nstdout:\n{proc.stdout}\nstderr:\n{proc.stderr}"
    )
    return json.loads(modules_file.read_text(encoding="utf-8"))


def test_validate_command_never_imports_textual_or_rich(tmp_path: Path) -> None:
    modules = _run_headless(tmp_path, "validate", str(BUILTIN_CASE))
    assert "cli.main" in modules
    assert _ui_modules(modules) == []


def test_cases_command_never_imports_textual_or_rich(tmp_path: Path) -> None:
    modules = _run_headless(tmp_path, "cases")
    assert "cli.main" in modules
    assert _ui_modules(modules) == []
