"""``parley new ID``: write a small valid case to start from, with its expected paths and strategies."""

from __future__ import annotations

import argparse
import json
import os
from pathlib import Path

from cli.output import Failure
from game.case.library import PATHS_SUFFIX
from game.case.schema import json_schema
from game.instructor.scaffold import MAX_ROLES, MIN_ROLES, check_id, scaffold, scaffold_strategies
from game.instructor.strategy import STRATEGIES_SUFFIX

SCHEMA_NAME = "parley-case.schema.json"


def register(commands: argparse._SubParsersAction) -> None:
    """Add the ``new`` command."""
    parser = commands.add_parser(
        "new",
        help="write a small valid case to start from, with its expected paths and strategies",
        description="Write ID.yaml, a small case that validates, lints clean and passes its tests "
        "(with teaching notes for the facilitator), ID.paths.yaml, its expected paths, and "
        f"ID{STRATEGIES_SUFFIX}/, a doctrine and a reactive strategy for each role that the paths "
        "hold to bounds over 200 seeds, ready to edit; also the JSON Schema the case's first line "
        f"names ({SCHEMA_NAME}) when the folder has none. Never overwrites a file: if one of them "
        "exists, nothing is written.",
    )
    parser.add_argument("id", metavar="ID", help="the case id: lowercase letters, digits, '_' and '-'")
    parser.add_argument(
        "--roles",
        type=int,
        default=MIN_ROLES,
        metavar="N",
        help=f"number of roles, {MIN_ROLES} to {MAX_ROLES} (default {MIN_ROLES})",
    )
    parser.add_argument(
        "--dir", type=Path, default=Path("."), metavar="D", help="folder to write in (default: here)"
    )
    parser.set_defaults(handler=handle)


def _create(path: Path, text: str) -> None:
    """Write ``text`` to a new file ``path``; never replaces one (exclusive create)."""
    try:
        with path.open("x", encoding="utf-8", newline="\n") as handle:
            handle.write(text)
    except FileExistsError:
        raise Failure(f"{path} already exists; nothing was written (choose another ID or --dir)") from None
    except OSError as err:
        raise Failure(f"cannot write {path}: {err.strerror or err}") from None


def _remove(written: list[Path]) -> None:
    for path in reversed(written):
        if path.is_dir():
            for child in path.iterdir():
                child.unlink()
            path.rmdir()
        else:
            os.unlink(path)


def handle(args: argparse.Namespace) -> int:
    """Write the files; say what was written and what to do next."""
    problem = check_id(args.id)
    if problem:
        raise Failure(problem)
    if not MIN_ROLES <= args.roles <= MAX_ROLES:
        raise Failure(f"--roles must be {MIN_ROLES} to {MAX_ROLES}, not {args.roles}")
    folder: Path = args.dir
    if not folder.is_dir():
        raise Failure(f"{folder} is not a folder (create it first, or choose another --dir)")
    case_text, paths_text = scaffold(args.id, args.roles)
    strategies = scaffold_strategies(args.id, args.roles)
    case_path = folder / f"{args.id}.yaml"
    paths_path = folder / f"{args.id}{PATHS_SUFFIX}"
    strategies_dir = folder / f"{args.id}{STRATEGIES_SUFFIX}"
    schema_path = folder / SCHEMA_NAME
    for path in (case_path, paths_path, strategies_dir):
        if path.exists():
            raise Failure(f"{path} already exists; nothing was written (choose another ID or --dir)")
    written: list[Path] = []
    try:
        for path, text in ((case_path, case_text), (paths_path, paths_text)):
            _create(path, text)
            written.append(path)
        strategies_dir.mkdir()
        written.append(strategies_dir)
        for name, text in strategies.items():
            _create(strategies_dir / name, text)
    except (Failure, OSError) as err:
        _remove(written)  # written a moment ago by us: leave the folder as it was
        if isinstance(err, Failure):
            raise
        raise Failure(f"cannot write {strategies_dir}: {err.strerror or err}") from None
    if not schema_path.exists():
        schema = json.dumps(json_schema(), indent=2, sort_keys=True, ensure_ascii=False) + "\n"
        _create(schema_path, schema)
        written.append(schema_path)
    for path in written:
        print(f"wrote {path}" + (f"/ ({len(strategies)} strategies)" if path == strategies_dir else ""))
    print(f"next: edit {case_path.name}; after each change run")
    for command in ("validate", "lint", "test"):
        print(f"  parley {command} {case_path}")
    print("the guide: parley guide authoring; every field: parley guide format")
    return 0
