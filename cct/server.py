"""`cct serve`: gunicorn with threaded workers; each process builds its own app and, by default, a job thread."""

from __future__ import annotations

import logging
import threading
from typing import Any

from gunicorn.app.base import BaseApplication

from cct.app import WARM_UPS, create_app
from cct.jobs.worker import start_thread
from cct.web import REQUEST_LINE_MAX

log = logging.getLogger("cct.server")


class CCTServer(BaseApplication):  # type: ignore[misc]
    def __init__(self, options: dict[str, Any], embedded_worker: bool) -> None:
        self.options = options
        self.embedded_worker = embedded_worker
        super().__init__()

    def load_config(self) -> None:
        for key, value in self.options.items():
            if key in self.cfg.settings:  # newer gunicorn settings are skipped on older releases
                self.cfg.set(key, value)
        self.cfg.set("post_worker_init", _start_job_thread if self.embedded_worker else _warm_up)
        if self.embedded_worker:
            self.cfg.set("worker_exit", _stop_job_thread)

    def load(self) -> Any:
        return create_app()


def prepare(app: Any) -> None:
    """Before the server listens, what its first requests would otherwise wait for: the Polish lexicon is built once
    per machine (~10 s; a first knowledge search waited for it) and mapped here, and the worker processes forked
    from this one inherit it. So the server says it is ready only when it is."""
    for warm_up in app.extensions.get(WARM_UPS, []):
        log.info("preparing: %s", warm_up.__qualname__)
        warm_up()


def _warm_up(server_worker: Any) -> None:
    """Run the modules' warm-ups in each worker, beside the first requests (after `prepare`, there is little left)."""
    for warm_up in server_worker.wsgi.extensions.get(WARM_UPS, []):
        threading.Thread(target=warm_up, name=f"warm-up:{warm_up.__module__}", daemon=True).start()


def _start_job_thread(server_worker: Any) -> None:
    _warm_up(server_worker)
    _thread, stop = start_thread(server_worker.wsgi)
    server_worker.cct_job_stop = stop


def _stop_job_thread(_arbiter: Any, server_worker: Any) -> None:
    stop = getattr(server_worker, "cct_job_stop", None)
    if stop is not None:
        stop.set()


def run(*, host: str, port: int, workers: int, threads: int, embedded_worker: bool) -> None:
    options = {
        "bind": f"{host}:{port}",
        "workers": workers,
        "threads": threads,
        "worker_class": "gthread",
        "timeout": 60,
        "graceful_timeout": 20,
        "accesslog": None,  # CCT logs each request itself, with its request id
        "errorlog": "-",
        "proc_name": "cct",
        "control_socket_disable": True,  # gunicorn 25+ would otherwise open ~/.gunicorn/gunicorn.ctl
        "limit_request_line": REQUEST_LINE_MAX,
    }
    log.info("serving on http://%s:%s with %d process(es)", host, port, workers)
    CCTServer(options, embedded_worker).run()
