"""Serving the terminal app to browsers, behind a join code.

``parley serve`` uses textual-serve: every browser that connects gets its own ``parley``
process, drawn in the page.  Anyone who can reach the port could otherwise start one, so
the server asks for a join code: the page is served only at ``/?code=CODE``, which sets a
cookie, and the websocket that runs the app (and its downloads) is opened only with that
cookie.  The code is compared in constant time.

textual-serve's ``Server`` builds its aiohttp application in ``_make_app``; we wrap that one
method to add the check, so this module follows the textual-serve version pinned in
``pyproject.toml``.
"""

from __future__ import annotations

import hmac
import logging
import secrets
from collections.abc import Awaitable, Callable

from aiohttp import web
from textual_serve.server import Server

COOKIE = "parley_code"

# No 0/O, 1/I/L: a code is read aloud or copied from a projector.
_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"

Handler = Callable[[web.Request], Awaitable[web.StreamResponse]]


def new_code(length: int = 6) -> str:
    """A fresh join code, e.g. ``K7M2QX``."""
    return "".join(secrets.choice(_ALPHABET) for _ in range(length))


def _same(given: str | None, code: str) -> bool:
    return given is not None and hmac.compare_digest(given.strip().upper(), code.upper())


_REFUSED = """<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Parley</title></head>
<body style="font-family: sans-serif; max-width: 36em; margin: 4em auto">
<h1>Parley</h1>
<p>This table needs its join code. Ask your facilitator for the address with the code,
for example <code>http://…/?code=K7M2QX</code>, or type the code here:</p>
<form method="get" action="/"><input name="code" autofocus autocomplete="off">
<button type="submit">Join</button></form>
</body></html>
"""


class GuardedServer(Server):
    """A textual-serve server whose pages and app need the join code.

    The page's links and websocket address are built from ``public_url``; it is set from
    each request's ``Host``, so a laptop that reached the server at ``192.168.1.20:8000``
    is sent back there, whatever address the server was bound to.
    """

    def __init__(self, command: str, *, host: str, port: int, code: str, announce: str) -> None:
        super().__init__(command, host=host, port=port, title="Parley")
        self.code = code
        self.announce = announce

    @web.middleware
    async def guard(self, request: web.Request, handler: Handler) -> web.StreamResponse:
        """The page wants ``?code=``; the app's websocket and downloads want the cookie."""
        path = request.path
        if path.startswith("/static/"):
            return await handler(request)
        if path == "/":
            if not _same(request.query.get("code"), self.code):
                return web.Response(status=403, text=_REFUSED, content_type="text/html")
            self.public_url = f"{request.scheme}://{request.host}"
            response = await handler(request)
            response.set_cookie(COOKIE, self.code, httponly=True, samesite="Strict")
            return response
        if not _same(request.cookies.get(COOKIE), self.code):
            return web.Response(status=403, text="Open the page with its join code first.\n")
        return await handler(request)

    async def _make_app(self) -> web.Application:
        app = await super()._make_app()
        app.middlewares.append(self.guard)
        return app

    async def on_startup(self, app: web.Application) -> None:
        """Say where to go, in plain words (instead of textual-serve's banner)."""
        print(self.announce, flush=True)

    def initialize_logging(self) -> None:
        """Warnings and errors only, as plain lines on stderr."""
        logging.basicConfig(level=logging.DEBUG if self.debug else logging.WARNING, format="%(message)s")


def serve(command: str, *, host: str, port: int, code: str, announce: str) -> None:
    """Serve ``command`` (a shell command that starts the app) until Ctrl+C or SIGTERM."""
    GuardedServer(command, host=host, port=port, code=code, announce=announce).serve()
