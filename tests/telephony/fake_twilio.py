"""A stand-in for Twilio's REST API on 127.0.0.1: records what CCT sends and answers as Twilio does (or fails, as
the test scripts it). Only the HTTP boundary is fake; CCT uses Twilio's own client against it."""

from __future__ import annotations

import base64
import itertools
import json
import threading
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qs


@dataclass
class Received:
    method: str
    path: str
    form: dict[str, str]
    auth: tuple[str, str]


@dataclass
class FakeTwilio:
    port: int
    requests: list[Received] = field(default_factory=list)
    script: list[tuple[int, dict[str, Any]]] = field(default_factory=list)  # answers to give before the default
    delay_seconds: float = 0.0
    _ids: Any = field(default_factory=lambda: itertools.count(1))

    def reset(self) -> None:
        self.requests.clear()
        self.script.clear()
        self.delay_seconds = 0.0

    def fail_next(self, status: int, code: int, message: str) -> None:
        self.script.append((status, {"code": code, "message": message, "status": status, "more_info": ""}))

    def answer(self, received: Received) -> tuple[int, dict[str, Any]]:
        if self.script:
            return self.script.pop(0)
        sid = f"SM{next(self._ids):032x}"
        return 201, {
            "sid": sid,
            "account_sid": received.path.split("/")[3],
            "to": received.form.get("To"),
            "from": received.form.get("From"),
            "body": received.form.get("Body"),
            "status": "queued",
            "num_segments": "1",
            "direction": "outbound-api",
            "api_version": "2010-04-01",
            "uri": received.path.removesuffix(".json") + f"/{sid}.json",
        }


def start(port: int) -> tuple[FakeTwilio, ThreadingHTTPServer]:
    fake = FakeTwilio(port)

    class Handler(BaseHTTPRequestHandler):
        def do_POST(self) -> None:  # noqa: N802 - the http.server API
            length = int(self.headers.get("Content-Length", "0"))
            form = {k: v[0] for k, v in parse_qs(self.rfile.read(length).decode()).items()}
            user, _sep, password = base64.b64decode(self.headers["Authorization"].split()[1]).decode().partition(":")
            received = Received("POST", self.path, form, (user, password))
            fake.requests.append(received)
            if fake.delay_seconds:
                threading.Event().wait(fake.delay_seconds)
            status, body = fake.answer(received)
            payload = json.dumps(body).encode()
            try:
                self.send_response(status)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(payload)))
                self.end_headers()
                self.wfile.write(payload)
            except (BrokenPipeError, ConnectionResetError):
                pass  # the client gave up waiting (a timeout test)

        def do_DELETE(self) -> None:  # noqa: N802 - the http.server API
            user, _sep, password = base64.b64decode(self.headers["Authorization"].split()[1]).decode().partition(":")
            received = Received("DELETE", self.path, {}, (user, password))
            fake.requests.append(received)
            status, body = fake.script.pop(0) if fake.script else (204, {})
            payload = json.dumps(body).encode() if status != 204 else b""
            self.send_response(status)
            if payload:
                self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(payload)))
            self.end_headers()
            self.wfile.write(payload)

        def log_message(self, *_args: Any) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", port), Handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return fake, server
