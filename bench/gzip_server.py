"""A tiny static server that sends text files gzip-compressed, as a real host would (for Lighthouse).

Run by hand:  .venv/bin/python bench/gzip_server.py DIRECTORY [--port 8765]
or serve with `serve_directory(directory, handler_for(directory), port)` (tests/browser_support.py),
as bench/benchmark.py does.

Compressible types (HTML, CSS, JS, JSON, SVG, XML, text, fonts other than WOFF/WOFF2) are sent with
`Content-Encoding: gzip` (level 6, like common web servers' default) when the client accepts gzip;
everything else as is. Types carry charset=utf-8 where they are text. Directory URLs serve index.html.
Loopback only.
"""

from __future__ import annotations

import argparse
import gzip
import mimetypes
import sys
from functools import lru_cache
from http.server import BaseHTTPRequestHandler
from pathlib import Path
from urllib.parse import unquote, urlsplit

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "tests"))

from browser_support import QuietServer  # noqa: E402

GZIP_LEVEL = 6

TYPES = {
    ".html": "text/html; charset=utf-8",
    ".css": "text/css; charset=utf-8",
    ".js": "text/javascript; charset=utf-8",
    ".mjs": "text/javascript; charset=utf-8",
    ".json": "application/json; charset=utf-8",
    ".xml": "application/xml; charset=utf-8",
    ".txt": "text/plain; charset=utf-8",
    ".svg": "image/svg+xml",
    ".map": "application/json; charset=utf-8",
    ".ico": "image/x-icon",
    ".png": "image/png",
    ".jpg": "image/jpeg",
    ".webp": "image/webp",
    ".woff": "font/woff",
    ".woff2": "font/woff2",
    ".ttf": "font/ttf",
    ".otf": "font/otf",
    ".pdf": "application/pdf",
    ".zip": "application/zip",
}
COMPRESSIBLE = {".html", ".css", ".js", ".mjs", ".json", ".xml", ".txt", ".svg", ".map", ".ico", ".ttf", ".otf"}


def content_type(path: Path) -> str:
    return TYPES.get(path.suffix.lower()) or mimetypes.guess_type(path.name)[0] or "application/octet-stream"


@lru_cache(maxsize=4096)
def gzipped(path: Path, mtime_ns: int) -> bytes:
    # mtime=0: the same bytes every time (no timestamp in the gzip header).
    return gzip.compress(path.read_bytes(), compresslevel=GZIP_LEVEL, mtime=0)


def handler_for(root: Path) -> type[BaseHTTPRequestHandler]:
    root = root.resolve()

    class GzipHandler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def log_message(self, *args):
            pass

        def _file(self) -> Path | None:
            path = unquote(urlsplit(self.path).path)
            target = (root / path.lstrip("/")).resolve()
            if target != root and root not in target.parents:
                return None
            if target.is_dir():
                target = target / "index.html"
            return target if target.is_file() else None

        def _send(self, head_only: bool) -> None:
            target = self._file()
            if target is None:
                body = b"not found"
                self.send_response(404)
                self.send_header("Content-Type", "text/plain; charset=utf-8")
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                if not head_only:
                    self.wfile.write(body)
                return
            accepts_gzip = "gzip" in self.headers.get("Accept-Encoding", "")
            if accepts_gzip and target.suffix.lower() in COMPRESSIBLE:
                body = gzipped(target, target.stat().st_mtime_ns)
                encoded = True
            else:
                body, encoded = target.read_bytes(), False
            self.send_response(200)
            self.send_header("Content-Type", content_type(target))
            if encoded:
                self.send_header("Content-Encoding", "gzip")
            self.send_header("Vary", "Accept-Encoding")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            if not head_only:
                self.wfile.write(body)

        def do_GET(self):
            self._send(head_only=False)

        def do_HEAD(self):
            self._send(head_only=True)

    return GzipHandler


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("directory", type=Path)
    parser.add_argument("--port", type=int, default=8765)
    args = parser.parse_args()
    httpd = QuietServer(("127.0.0.1", args.port), handler_for(args.directory))
    print(f"serving {args.directory} gzip-compressed at http://127.0.0.1:{args.port}/ (Ctrl-C stops)")
    try:
        httpd.serve_forever()
    except KeyboardInterrupt:
        pass


if __name__ == "__main__":
    main()
