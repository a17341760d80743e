"""gunicorn's settings for production: `make serve` and deploy/workgroups-web.service use it
(`gunicorn -c config/gunicorn.conf.py config.wsgi`). Each can be changed from the environment.

- Workers: WEB_CONCURRENCY, else 2 per CPU plus 1 (sync workers: one request each at a time).
- Preloaded: the application is imported once in the master and the workers fork from it, so a
  worker starts in milliseconds and shares the imported code's memory. Because of that, `kill -HUP`
  starts new workers on the code already loaded; a deploy of new code restarts the service
  (systemd `restart`), or sends USR2 then QUIT to the old master for a zero-downtime swap.
- Timeouts: a request running past GUNICORN_TIMEOUT seconds is killed (its worker restarted);
  workers finish their requests for up to GUNICORN_GRACEFUL_TIMEOUT on a stop or reload.
- The access log leaves out query strings (they can hold an email address or a search for a
  person): method, path, status, bytes, duration and the request id, one JSON object a line when
  WORKGROUPS_LOG_FORMAT=json.
"""

from __future__ import annotations

import json
import multiprocessing
import os
from datetime import UTC, datetime
from typing import Any

from gunicorn.glogging import Logger  # type: ignore[import-untyped]


def _int(name: str, default: int) -> int:
    return int(os.environ.get(name, "") or default)


bind = [os.environ.get("GUNICORN_BIND", "127.0.0.1:8000")]
workers = _int("WEB_CONCURRENCY", multiprocessing.cpu_count() * 2 + 1)
worker_class = "sync"
preload_app = os.environ.get("GUNICORN_PRELOAD", "1") not in {"0", "false", "no", "off"}
timeout = _int("GUNICORN_TIMEOUT", 30)
graceful_timeout = _int("GUNICORN_GRACEFUL_TIMEOUT", 30)
keepalive = _int("GUNICORN_KEEPALIVE", 5)
# A worker is replaced after this many requests (with jitter, so not all at once): any slow leak
# is bounded.
max_requests = _int("GUNICORN_MAX_REQUESTS", 2000)
max_requests_jitter = _int("GUNICORN_MAX_REQUESTS_JITTER", 200)
# The heartbeat file of each worker in memory, not on a disk that may stall.
if os.path.isdir("/dev/shm"):  # noqa: S108  (a directory, not a temporary file)
    worker_tmp_dir = "/dev/shm"  # noqa: S108
# Only the proxy on this machine may say which scheme and address a request came from.
forwarded_allow_ips = os.environ.get("GUNICORN_FORWARDED_ALLOW_IPS", "127.0.0.1,::1")
proc_name = "workgroups-web"

accesslog = os.environ.get("GUNICORN_ACCESS_LOG", "-")
errorlog = os.environ.get("GUNICORN_ERROR_LOG", "-")
loglevel = os.environ.get("GUNICORN_LOG_LEVEL", "info")
access_log_format = '%(h)s "%(m)s %(U)s" %(s)s %(B)s %(M)sms %({x-request-id}o)s'


class AccessLogger(Logger):  # type: ignore[misc]
    """The access log as one JSON object a line when WORKGROUPS_LOG_FORMAT=json, like the
    application's own lines (the format string above otherwise); either way the path is
    logged without the secret some links carry in it (workgroups/core/logpaths.py)."""

    def atoms(self, resp: Any, req: Any, environ: dict[str, Any], request_time: Any) -> Any:
        atoms = super().atoms(resp, req, environ, request_time)
        try:
            from workgroups.core.logpaths import redact_path

            atoms["U"] = redact_path(atoms["U"])
        except Exception:  # noqa: BLE001  (never fail a request over its log line)
            atoms["U"] = "[path not logged]"
        return atoms

    def access(self, resp: Any, req: Any, environ: dict[str, Any], request_time: Any) -> None:
        if os.environ.get("WORKGROUPS_LOG_FORMAT", "").strip().lower() != "json":
            super().access(resp, req, environ, request_time)
            return
        if not self.access_log_enabled:
            return
        atoms = self.atoms(resp, req, environ, request_time)
        entry = {
            "time": datetime.now(UTC).isoformat(timespec="milliseconds"),
            "logger": "gunicorn.access", "remote": atoms["h"], "method": atoms["m"],
            "path": atoms["U"], "status": atoms["s"], "bytes": atoms["B"],
            "duration_ms": atoms["M"], "request_id": atoms.get("{x-request-id}o") or None,
        }
        try:
            self.access_log.info(json.dumps(entry, default=str))
        except Exception:  # noqa: BLE001  (as gunicorn's own access(): never fail a request)
            self.error("Failed to write an access log line")


logger_class = AccessLogger
