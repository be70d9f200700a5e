"""``parley serve``: the app in a browser, for a class on laptops with nothing installed.

Each browser that opens the page gets its own ``parley`` process (textual-serve).  The
server listens on 127.0.0.1 unless told otherwise, and every page needs the join code it
prints.
"""

from __future__ import annotations

import argparse
import errno
import shlex
import socket
import sys

from cli.output import Failure

_LOCAL = {"127.0.0.1", "localhost", "::1"}


def register(commands: argparse._SubParsersAction) -> None:
    """Add the ``serve`` command."""
    parser = commands.add_parser(
        "serve",
        help="serve the app to web browsers (behind a join code)",
        description="Serve the terminal app to web browsers. Every browser gets its own game. "
        "By default only this machine can connect; use --host 0.0.0.0 to let a classroom's laptops "
        "in, and give them the address with the join code. Stop with Ctrl+C.",
    )
    parser.add_argument("--host", default="127.0.0.1", help="address to listen on (default: 127.0.0.1)")
    parser.add_argument("--port", type=int, default=8000, help="port to listen on (default: 8000)")
    parser.add_argument("--code", help="the join code (default: a new random six-letter code)")
    parser.add_argument("--cases", metavar="DIR", help="also list the cases in DIR")
    parser.set_defaults(handler=handle)


def _check_port(host: str, port: int) -> None:
    if not 1 <= port <= 65535:
        raise Failure(f"--port {port} is not a port number (1-65535)", status=2)
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    try:
        with socket.socket(family, socket.SOCK_STREAM) as probe:
            probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
            probe.bind((host, port))
    except socket.gaierror:
        raise Failure(f"--host {host!r} is not an address of this machine", status=2) from None
    except OSError as err:
        if err.errno == errno.EADDRINUSE:
            raise Failure(f"port {port} is already in use; choose another with --port", status=1) from None
        raise Failure(f"cannot listen on {host}:{port}: {err.strerror}", status=1) from None


def announcement(host: str, port: int, code: str) -> str:
    """What the facilitator reads when the server starts."""
    shown = "127.0.0.1" if host in {"0.0.0.0", "::"} else host
    shown = f"[{shown}]" if ":" in shown else shown
    lines = [f"Parley is served at http://{shown}:{port}/?code={code}", f"Join code: {code}"]
    if host in _LOCAL:
        lines.append(
            "Only this machine can open it. To let a classroom's laptops in, run "
            f"'parley serve --host 0.0.0.0 --port {port}' and give them "
            f"http://<this machine's address>:{port}/?code={code}"
        )
    else:
        lines.append(
            f"Listening on {host}: any machine that can reach this one and has the code can play. "
            "Serve only on a network you trust (plain HTTP, not encrypted)."
        )
    lines.append("Press Ctrl+C to stop.")
    return "\n".join(lines)


def handle(args: argparse.Namespace) -> int:
    """Serve the app until interrupted."""
    try:
        from tui.web import new_code, serve
    except ImportError as err:  # pragma: no cover - only in a broken install
        raise Failure(f"serving to browsers needs textual-serve: {err}") from None
    code = args.code or new_code()
    if not code.isalnum():
        raise Failure("--code takes letters and digits only", status=2)
    _check_port(args.host, args.port)
    command = f"{shlex.quote(sys.executable)} -m cli"
    if args.cases:
        command += f" --cases {shlex.quote(args.cases)}"
    announce = announcement(args.host, args.port, code)
    serve(command, host=args.host, port=args.port, code=code, announce=announce)
    return 0
