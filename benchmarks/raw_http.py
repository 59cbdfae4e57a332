"""One request as the load tool sends it: no redirect followed, its status and its size.

The people the benchmark sets up before the load (a person who answered every page, a counselor with
a saved record) walk the site with the tests' own Visitor (tests/support/people.py).
"""

from __future__ import annotations

import http.client
import urllib.parse


def raw_request(base: str, method: str, path: str, body: str = "", cookie: str = "") -> tuple[int, int]:
    """One request without following redirects: its status and the size of its body in bytes."""
    parsed = urllib.parse.urlparse(base)
    connection = http.client.HTTPConnection(parsed.hostname or "127.0.0.1", parsed.port, timeout=60)
    headers = {"Cookie": cookie} if cookie else {}
    if body:
        headers["Content-Type"] = "application/x-www-form-urlencoded"
    try:
        connection.request(method, path, body=body.encode() or None, headers=headers)
        response = connection.getresponse()
        return response.status, len(response.read())
    finally:
        connection.close()
