"""The shipped gunicorn settings: `gunicorn -c gunicorn.conf.py 'app:create_app()'`.

Workers from the cores; each is recycled after a number of requests (with jitter, so they do
not all restart at once), since each PDF grows a worker's memory a little.
"""

import multiprocessing
import os

bind = os.environ.get("PASSAGE_BIND", "127.0.0.1:8000")
workers = int(os.environ.get("PASSAGE_WORKERS", multiprocessing.cpu_count() * 2 + 1))
max_requests = 500
max_requests_jitter = 100
# A PDF takes about half a second; anything near this is stuck, not slow.
timeout = 30
graceful_timeout = 20
keepalive = 5
# Bounds on what a request may send before the app sees it.
limit_request_line = 4094
limit_request_fields = 50
# No access log: addresses and paths of people seeking help are not written anywhere.
accesslog = None
