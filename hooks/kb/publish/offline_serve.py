#!/usr/bin/env python3
"""Serve this offline copy of the knowledge base on your own computer, then open it.

Run it with Python 3 (double-click, or `python3 serve.py` in this folder). The site is served
at http://127.0.0.1:8000/ (or the next free port) to this computer only, search included; no
network is needed. Stop it with Ctrl+C or by closing the window.

Запустите этот файл с помощью Python 3 (двойным щелчком или командой `python3 serve.py` в этой
папке). Сайт откроется по адресу http://127.0.0.1:8000/ (или на следующем свободном порту) только
на этом компьютере, вместе с поиском; сеть не нужна. Остановить — Ctrl+C или закрыть окно.
"""

import argparse
import contextlib
import functools
import http.server
import socket
import sys
import webbrowser
from pathlib import Path

SITE = Path(__file__).resolve().parent / "site"
# The line printed once serving, per language ({url} is filled in); written by kb.publish.output from
# the base's `offline-serving` labels, so this script holds no language's words.
MESSAGE = Path(__file__).resolve().parent / "serving.txt"


def free_port(start: int) -> int:
    for port in range(start, start + 50):
        with socket.socket() as probe:
            if probe.connect_ex(("127.0.0.1", port)) != 0:
                return port
    return 0


class _Handler(http.server.SimpleHTTPRequestHandler):
    """Serves the site's files without a log line per request."""

    def log_message(self, format: str, *args: object) -> None:
        pass


def main() -> int:
    parser = argparse.ArgumentParser(description="Serve the offline copy of the knowledge base.")
    parser.add_argument("--port", type=int, default=8000, help="first port to try (0: any free port)")
    parser.add_argument("--no-browser", action="store_true", help="do not open a browser")
    args = parser.parse_args()
    handler = functools.partial(_Handler, directory=str(SITE))
    port = free_port(args.port) if args.port else 0
    server = http.server.ThreadingHTTPServer(("127.0.0.1", port), handler)
    url = f"http://127.0.0.1:{server.server_address[1]}/"
    text = MESSAGE.read_text(encoding="utf-8") if MESSAGE.is_file() else "Serving at {url}"
    print(text.replace("{url}", url), flush=True)
    if not args.no_browser:
        webbrowser.open(url)
    with contextlib.suppress(KeyboardInterrupt):
        server.serve_forever()
    return 0


if __name__ == "__main__":
    sys.exit(main())
