"""The fault matrix's app (tools/fault-matrix.mjs): Python stdlib only, three endpoints in their
own files, two of them broken (report.py, prices.py). Slow on purpose, so that a signal sent on a
phase's first event lands inside that phase: it waits FM_START_DELAY seconds before it binds its
port, and FM_REQUEST_DELAY seconds per request. It appends `start <pid>`, `listening <pid>` and
`request <path>` to the file FM_EVENTS (the matrix waits for these), and it echoes the secrets a
real app leaks into its log and its error bodies: the X-Custom-Auth header and FM_API_TOKEN.
"""
import json
import os
import sys
import time
import traceback
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import prices
import report
import status

ROUTES = {"/report": report.handle, "/prices": prices.handle, "/status": status.handle}
TOKEN = os.environ.get("FM_API_TOKEN", "")


def event(text):
    path = os.environ.get("FM_EVENTS")
    if path:
        with open(path, "a", encoding="utf-8") as out:
            out.write(f"{text}\n")


class Handler(BaseHTTPRequestHandler):
    def do_GET(self):
        path = self.path.split("?")[0]
        if path == "/health":
            return self.reply(200, {"status": "ok"})
        handler = ROUTES.get(path)
        if handler is None:
            return self.reply(404, {"detail": "Not Found"})
        event(f"request {path}")
        time.sleep(float(os.environ.get("FM_REQUEST_DELAY", "0")))
        auth = self.headers.get("X-Custom-Auth", "")
        print(f"GET {path} auth={auth} token={TOKEN}", file=sys.stderr, flush=True)
        try:
            code, body = handler()
        except Exception:
            print(f"ERROR request {self.headers.get('X-Request-ID', '-')} failed (auth {auth}, token {TOKEN})", file=sys.stderr)
            traceback.print_exc()
            sys.stderr.flush()
            return self.reply(500, {"detail": f"Internal Server Error (auth {auth}, token {TOKEN})"})
        self.reply(code, body)

    def reply(self, code, body):
        data = json.dumps(body).encode()
        self.send_response(code)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def log_message(self, fmt, *args):
        pass


if __name__ == "__main__":
    event(f"start {os.getpid()}")
    time.sleep(float(os.environ.get("FM_START_DELAY", "0")))
    port = int(os.environ.get("PORT", "8000"))
    server = ThreadingHTTPServer(("127.0.0.1", port), Handler)
    event(f"listening {os.getpid()}")
    server.serve_forever()
