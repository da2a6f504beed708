"""gunicorn settings: `gunicorn -c config/gunicorn.conf.py config.wsgi`.

Everything can be overridden from the environment (GUNICORN_CMD_ARGS, or the variables below).
"""

import multiprocessing
import os

bind = os.environ.get("BIND", "127.0.0.1:8000")
workers = int(os.environ.get("WEB_CONCURRENCY", multiprocessing.cpu_count() * 2 + 1))
# Load the app (and jieba's dictionary, via config.wsgi) once in the master; workers share it after fork.
preload_app = True
timeout = int(os.environ.get("GUNICORN_TIMEOUT", 30))
graceful_timeout = 20
keepalive = 5
# Recycle workers now and then so that no slow leak grows without bound.
max_requests = 2000
max_requests_jitter = 200
accesslog = os.environ.get("GUNICORN_ACCESS_LOG", "-")
errorlog = "-"
forwarded_allow_ips = os.environ.get("FORWARDED_ALLOW_IPS", "127.0.0.1")


def when_ready(server):
    """Once the master is up: import the views, compile the templates and read the library into it, so that
    every worker forked from it starts warm."""
    from core import warmup as process_warmup
    from speeches import warmup as library_warmup

    process_warmup.warm_up()
    library_warmup.warm_up()


def post_fork(server, worker):
    """In each new worker, before its first request: catch up what changed since the master read the library
    (nothing to do when the revision is the same), so that no reader pays for a recycled worker."""
    from speeches.warmup import warm_up

    warm_up()
