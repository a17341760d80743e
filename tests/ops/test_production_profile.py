"""The production profile's files: .env.example lists every setting the service reads, the
gunicorn config (workers, preload, timeouts, an access log without query strings, JSON when
asked), and `make serve` refusing to start without a secret and a host name."""

from __future__ import annotations

import json
import logging
import os
import re
import runpy
import shutil
import subprocess
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
from gunicorn.config import Config  # type: ignore[import-untyped]

ROOT = Path(__file__).resolve().parents[2]
SETTINGS = ROOT / "config" / "settings.py"
GUNICORN = ROOT / "config" / "gunicorn.conf.py"
READS = re.compile(r'(?:os\.environ\.get|env_flag|env_list|_int)\(\s*"([A-Z][A-Z0-9_]*)"')


def listed_in_env_example() -> set[str]:
    text = (ROOT / ".env.example").read_text()
    return set(re.findall(r"^#? ?([A-Z][A-Z0-9_]*)=", text, flags=re.MULTILINE))


def test_env_example_lists_every_setting_read_from_the_environment() -> None:
    from django.conf import settings

    read = set(READS.findall(SETTINGS.read_text())) | set(READS.findall(GUNICORN.read_text()))
    read |= {f"WORKGROUPS_RETENTION_{key.upper()}" for key in settings.WORKGROUPS_RETENTION}
    assert {"DJANGO_SECRET_KEY", "DATABASE_URL", "WORKGROUPS_LOG_FORMAT", "WEB_CONCURRENCY",
            "GUNICORN_TIMEOUT"} <= read  # the pattern finds them
    missing = read - listed_in_env_example()
    assert not missing, f"add these to .env.example with their defaults: {sorted(missing)}"


def gunicorn_settings(monkeypatch: pytest.MonkeyPatch, **env: str) -> dict[str, Any]:
    for name in ("WEB_CONCURRENCY", "GUNICORN_BIND", "GUNICORN_PRELOAD", "GUNICORN_TIMEOUT"):
        monkeypatch.delenv(name, raising=False)
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    return runpy.run_path(str(GUNICORN))


def test_gunicorn_defaults(monkeypatch: pytest.MonkeyPatch) -> None:
    conf = gunicorn_settings(monkeypatch)
    assert conf["workers"] == 2 * (os.cpu_count() or 1) + 1
    assert conf["preload_app"] is True
    assert conf["bind"] == ["127.0.0.1:8000"]
    assert conf["timeout"] == 30 and conf["graceful_timeout"] == 30
    # The path, never the request line or the query string.
    assert "%(U)s" in conf["access_log_format"]
    assert "%(r)s" not in conf["access_log_format"] and "%(q)s" not in conf["access_log_format"]
    # gunicorn accepts every name the file sets.
    config = Config()
    for name in ("workers", "preload_app", "timeout", "graceful_timeout", "keepalive",
                 "max_requests", "max_requests_jitter", "forwarded_allow_ips",
                 "access_log_format", "accesslog", "errorlog", "logger_class", "bind"):
        config.set(name, conf[name])


def test_gunicorn_settings_from_the_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    conf = gunicorn_settings(monkeypatch, WEB_CONCURRENCY="3", GUNICORN_BIND="127.0.0.1:8601",
                             GUNICORN_PRELOAD="0", GUNICORN_TIMEOUT="12")
    assert (conf["workers"], conf["bind"], conf["preload_app"], conf["timeout"]) == (
        3, ["127.0.0.1:8601"], False, 12)


class Response:
    status = "200 OK"
    sent = 1234
    headers = [("Content-Type", "text/html"), ("X-Request-ID", "abcdef0123456789")]


def access_line(monkeypatch: pytest.MonkeyPatch, log_format: str) -> str:
    monkeypatch.setenv("WORKGROUPS_LOG_FORMAT", log_format)
    conf = gunicorn_settings(monkeypatch)
    config = Config()
    config.set("accesslog", "-")
    config.set("access_log_format", conf["access_log_format"])
    access_logger = conf["AccessLogger"](config)
    lines: list[str] = []

    class Keep(logging.Handler):
        def emit(self, record: logging.LogRecord) -> None:
            lines.append(record.getMessage())

    access_logger.access_log.handlers = [Keep()]
    environ = {"REQUEST_METHOD": "GET", "RAW_URI": "/schools/?q=someone%40example.org",
               "SERVER_PROTOCOL": "HTTP/1.1", "PATH_INFO": '/schools/"x',
               "QUERY_STRING": "q=someone%40example.org", "REMOTE_ADDR": "127.0.0.1"}
    access_logger.access(Response(), [], environ, timedelta(milliseconds=42))
    assert len(lines) == 1
    assert "someone" not in lines[0]
    return lines[0]


def test_access_log_plain_without_the_query_string(monkeypatch: pytest.MonkeyPatch) -> None:
    assert access_line(monkeypatch, "") == (
        '127.0.0.1 "GET /schools/\\"x" 200 1234 42ms abcdef0123456789')


def test_access_log_as_json(monkeypatch: pytest.MonkeyPatch) -> None:
    entry = json.loads(access_line(monkeypatch, "json"))
    assert entry["path"] == '/schools/"x'
    assert (entry["method"], entry["status"], entry["bytes"], entry["duration_ms"]) == (
        "GET", "200", 1234, 42)
    assert entry["request_id"] == "abcdef0123456789"


@pytest.mark.skipif((ROOT / ".env").exists(), reason="a local .env would configure the server")
def test_make_serve_refuses_to_start_without_a_secret_and_a_host() -> None:
    env = {key: value for key, value in os.environ.items()
           if key not in {"DJANGO_SECRET_KEY", "DJANGO_ALLOWED_HOSTS", "MAKEFLAGS", "MFLAGS"}}
    make = shutil.which("make") or "make"
    done = subprocess.run([make, "--no-print-directory", "serve", "PORT=8649"], cwd=ROOT,
                          env=env, capture_output=True, text=True, timeout=120)
    assert done.returncode != 0
    assert "Set DJANGO_SECRET_KEY and DJANGO_ALLOWED_HOSTS" in done.stderr
