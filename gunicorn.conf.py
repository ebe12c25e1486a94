"""Gunicorn settings for production: `gunicorn -c gunicorn.conf.py` (the app is set below).

Every value comes from the environment with a sensible default; see the README's
"Production deployment" section for the variables.
"""

from __future__ import annotations

import json
import multiprocessing
import os
from datetime import UTC, datetime

from gunicorn.glogging import Logger

wsgi_app = "factcheck.wsgi:application"

bind = [os.environ.get("GUNICORN_BIND") or f"0.0.0.0:{os.environ.get('PORT', '8000')}"]
# WEB_CONCURRENCY is the name platforms (and gunicorn's own docs) use for the worker count.
workers = int(os.environ.get("WEB_CONCURRENCY") or multiprocessing.cpu_count() * 2 + 1)
threads = int(os.environ.get("GUNICORN_THREADS", "1"))
worker_class = "gthread" if threads > 1 else "sync"
timeout = int(os.environ.get("GUNICORN_TIMEOUT", "30"))
graceful_timeout = int(os.environ.get("GUNICORN_GRACEFUL_TIMEOUT", "30"))
keepalive = int(os.environ.get("GUNICORN_KEEPALIVE", "5"))
# Recycle workers now and then so a slow leak never takes a node down on election night.
max_requests = int(os.environ.get("GUNICORN_MAX_REQUESTS", "2000"))
max_requests_jitter = int(os.environ.get("GUNICORN_MAX_REQUESTS_JITTER", "200"))
# Proxies whose X-Forwarded-* headers are believed (the load balancer's address).
forwarded_allow_ips = os.environ.get("FORWARDED_ALLOW_IPS", "127.0.0.1")
# Heartbeat files on tmpfs: a slow disk must not make the master kill healthy workers.
worker_tmp_dir = "/dev/shm" if os.path.isdir("/dev/shm") else None  # noqa: S108

loglevel = os.environ.get("LOG_LEVEL", "info").lower()
errorlog = "-"
# Django's request log (LOG_FORMAT=json) already records every request it handles, with the
# request id; gunicorn's access log is off unless asked for (it also sees requests that time out).
accesslog = os.environ.get("GUNICORN_ACCESS_LOG") or None
# Gunicorn's own messages (worker boots, timeouts) as JSON too when the app logs JSON.
if os.environ.get("LOG_FORMAT") == "json":
    logconfig_dict = {
        "version": 1,
        "disable_existing_loggers": False,
        "formatters": {
            "json": {"()": "factcheck.logging.JSONFormatter"},
            "message": {"format": "%(message)s"},
        },
        "handlers": {
            "error_console": {
                "class": "logging.StreamHandler",
                "formatter": "json",
                "stream": "ext://sys.stderr",
            },
            "console": {
                "class": "logging.StreamHandler",
                "formatter": "message",
                "stream": "ext://sys.stdout",
            },
        },
        "loggers": {
            "gunicorn.error": {"handlers": ["error_console"], "level": loglevel.upper(), "propagate": False},
            "gunicorn.access": {"handlers": ["console"], "level": "INFO", "propagate": False},
        },
    }
# Several nodes may share a machine; gunicorn's control socket is opt-in (a path of its own).
control_socket = os.environ.get("GUNICORN_CONTROL_SOCKET") or None
control_socket_disable = control_socket is None


class JSONAccessLogger(Logger):
    """Gunicorn's access log as one JSON object per request (same request id as Django's log)."""

    def _compute_access_log_enabled(self) -> bool:
        # Gunicorn turns the access log on whenever a logconfig_dict is given (ours is, for JSON);
        # only GUNICORN_ACCESS_LOG should, or every request is logged twice.
        return bool(self.cfg.accesslog)

    def access(self, resp, req, environ, request_time) -> None:
        if not self.access_log_enabled:
            return
        atoms = self.atoms(resp, req, environ, request_time)
        entry = {
            "time": datetime.now(tz=UTC).isoformat(timespec="milliseconds"),
            "logger": "gunicorn.access",
            "method": atoms["m"],
            "path": atoms["U"],
            # Gunicorn's own error responses have no status_code; the atom is always there.
            "status": int(atoms["s"]) if str(atoms["s"]).isdecimal() else atoms["s"],
            "duration_ms": round(request_time.total_seconds() * 1000, 2),
            "bytes": atoms["B"],
            "remote_addr": atoms["h"],
            "user_agent": atoms["a"],
            "request_id": atoms.get("{x-request-id}o", "-"),
        }
        self.access_log.info(json.dumps(entry, ensure_ascii=False))


logger_class = JSONAccessLogger
