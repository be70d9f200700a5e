"""``parley serve``: the library reaches a browser over a websocket, only with the join code.

The server is started as a real process on 127.0.0.1 (never another address), spoken to
with aiohttp's client the way a browser's page does, and stopped with SIGTERM.
"""

from __future__ import annotations

import asyncio
import os
import re
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import aiohttp
import pytest

from cli.commands.serve import announcement

CODE = "K7M2QX"
ESCAPES = re.compile(rb"\x1b(\[[0-9;?$]*[a-zA-Z]|\][^\x07]*\x07)")


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def _wait_for(port: int, process: subprocess.Popen[bytes], seconds: float = 30) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if process.poll() is not None:
            said = process.stderr.read().decode() if process.stderr else ""
            raise AssertionError(f"the server stopped: {said}")
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=0.5):
                return
        except OSError:
            time.sleep(0.1)
    raise AssertionError("the server did not start listening")


@pytest.fixture
def server(tmp_path: Path) -> Iterator[tuple[int, subprocess.Popen[bytes]]]:
    port = _free_port()
    env = {**os.environ, "PARLEY_HOME": str(tmp_path)}
    process = subprocess.Popen(
        [sys.executable, "-m", "cli", "serve", "--port", str(port), "--code", CODE],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        env=env,
    )
    try:
        _wait_for(port, process)
        yield port, process
    finally:
        if process.poll() is None:
            process.kill()
            process.wait()


async def _browse(port: int, code: str | None) -> tuple[int, int | None, bytes]:
    """Open the page (with ``code``), then its websocket; return both statuses and the screen text."""
    base = f"http://127.0.0.1:{port}"
    jar = aiohttp.CookieJar(unsafe=True)  # browsers keep cookies from IP addresses; aiohttp must be told
    async with aiohttp.ClientSession(cookie_jar=jar) as client:
        query = f"/?code={code}" if code else "/"
        async with client.get(base + query) as page:
            page_status = page.status
            html = await page.text()
        if page_status == 200:
            assert f"ws://127.0.0.1:{port}/ws" in html
        try:
            socket_ = await client.ws_connect(base + "/ws?width=100&height=30")
        except aiohttp.WSServerHandshakeError as refused:
            return page_status, refused.status, b""
        screen = b""
        async with socket_:
            deadline = time.monotonic() + 30
            while time.monotonic() < deadline and b"Harbour Standoff" not in ESCAPES.sub(b"", screen):
                try:
                    message = await socket_.receive(timeout=1)
                except TimeoutError:
                    continue
                if message.type == aiohttp.WSMsgType.BINARY:
                    screen += message.data
                elif message.type == aiohttp.WSMsgType.TEXT:
                    screen += message.data.encode()
                else:
                    break
        return page_status, 101, ESCAPES.sub(b"", screen)


def test_the_library_is_served_to_a_browser_and_the_server_stops_cleanly(
    server: tuple[int, subprocess.Popen[bytes]],
) -> None:
    port, process = server
    page, upgrade, screen = asyncio.run(_browse(port, CODE.lower()))  # codes are read aloud: any case
    assert (page, upgrade) == (200, 101)
    assert b"The Harbour Standoff" in screen
    assert b"Iron Meridian" in screen

    process.send_signal(signal.SIGTERM)
    assert process.wait(timeout=20) == 0
    out = process.stdout.read().decode() if process.stdout else ""
    err = process.stderr.read().decode() if process.stderr else ""
    assert f"http://127.0.0.1:{port}/?code={CODE}" in out
    assert "Traceback" not in err


@pytest.mark.parametrize("code", [None, "WRONG1"])
def test_without_the_join_code_neither_the_page_nor_the_app_opens(
    server: tuple[int, subprocess.Popen[bytes]], code: str | None
) -> None:
    port, _ = server
    page, upgrade, screen = asyncio.run(_browse(port, code))
    assert (page, upgrade, screen) == (403, 403, b"")


def test_the_announcement_says_how_to_open_it_to_a_classroom() -> None:
    local = announcement("127.0.0.1", 8000, CODE)
    assert "http://127.0.0.1:8000/?code=K7M2QX" in local
    assert "--host 0.0.0.0" in local
    assert "network you trust" in announcement("0.0.0.0", 8000, CODE)


def test_a_port_in_use_is_a_message_not_a_traceback(tmp_path: Path) -> None:
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        done = subprocess.run(
            [sys.executable, "-m", "cli", "serve", "--port", str(port)],
            capture_output=True,
            text=True,
            env={**os.environ, "PARLEY_HOME": str(tmp_path)},
            timeout=60,
        )
    assert done.returncode == 1
    assert f"port {port} is already in use" in done.stderr
    assert "Traceback" not in done.stderr
