"""The shipped gunicorn settings: `gunicorn -c gunicorn.conf.py 'app:create_app()'`.

Workers from the cores. The app is built once in the master and each worker is a fork of it
(`preload_app`): a worker starts in milliseconds instead of the ~0.8 s a fresh import and build
costs, so recycling workers (after a number of requests, with jitter so they do not all restart
at once, since each PDF grows a worker's memory a little) no longer stalls the requests queued
behind it. New code needs a new master: `kill -USR2` the master (gunicorn starts a second one
beside it), then `kill -QUIT` the old one once the new one serves; `kill -HUP` alone only
restarts the workers from the code already loaded.
"""

import multiprocessing
import os

bind = os.environ.get("PASSAGE_BIND", "127.0.0.1:8000")
workers = int(os.environ.get("PASSAGE_WORKERS", multiprocessing.cpu_count() * 2 + 1))
preload_app = True
max_requests = 5000
max_requests_jitter = 500
# A PDF takes about half a second; anything near this is stuck, not slow (and it is well above
# the database's busy timeout, so a worker waiting on a lock is not killed for it).
timeout = 30
graceful_timeout = 20
keepalive = 5
# Bounds on what a request may send before the app sees it.
limit_request_line = 4094
limit_request_fields = 50
# No access log: addresses and paths of people seeking help are not written anywhere.
accesslog = None


def when_ready(server):
    """Before the first fork: compile every template and load every catalog in the master, once,
    so that no worker (first or recycled) pays for them on its first requests; then freeze what
    was built, so that workers' garbage collections no longer walk it."""
    if passage := _passage_app(server.app):
        from app.web.warm import freeze_start_up_objects, warm_up

        warm_up(passage)
        freeze_start_up_objects()


def post_fork(server, worker):
    """A forked worker must not share the master's database connections: open its own."""
    if passage := _passage_app(worker.app):
        from app.web.warm import forget_inherited_connections

        forget_inherited_connections(passage)


def _passage_app(application):
    """The Passage app this server runs, or None (the benchmark serves a minimal app with these
    settings too)."""
    from app import PassageFlask

    served = application.wsgi()
    return served if isinstance(served, PassageFlask) else None
