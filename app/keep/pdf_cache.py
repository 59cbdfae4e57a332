"""A short-lived, in-process cache of result PDFs, keyed by what the PDF shows.

Why: one PDF costs about half a second of CPU; a person pressing the button
again, or a client looping on it, would otherwise pay that each time (issue 14,
item 2). The key is an HMAC of the PDF's HTML (answers, perspective, language,
region and date are all in it) under a random per-process key: no answer is
in a key, and a key cannot be matched to answers by hashing guesses. Entries
live PDF_CACHE_SECONDS (60 by default) and at most PDF_CACHE_ENTRIES are
kept, so a copy of a result lasts no longer than a minute in one process.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
import threading
import time
from collections import OrderedDict
from collections.abc import Callable


class PdfCache:
    # The clock entries age with (tests replace it to move time on).
    now = staticmethod(time.monotonic)

    def __init__(self, max_entries: int, ttl_seconds: float):
        self.max_entries = max_entries
        self.ttl_seconds = ttl_seconds
        self._key = secrets.token_bytes(32)
        self._entries: OrderedDict[str, tuple[float, bytes]] = OrderedDict()
        self._lock = threading.Lock()
        # One lock per PDF being made: a burst of the same request makes it once, the others wait.
        self._making: dict[str, threading.Lock] = {}

    def key_of(self, html: str) -> str:
        return hmac.new(self._key, html.encode("utf-8"), hashlib.sha256).hexdigest()

    def get_or_make(self, html: str, make: Callable[[str], bytes]) -> bytes:
        """The PDF of `html`: from the cache while fresh, else made once and kept."""
        key = self.key_of(html)
        cached = self._fresh(key)
        if cached is not None:
            return cached
        with self._lock:
            making = self._making.setdefault(key, threading.Lock())
        with making:
            cached = self._fresh(key)
            if cached is None:
                cached = make(html)
                self._store(key, cached)
        with self._lock:
            self._making.pop(key, None)
        return cached

    def _fresh(self, key: str) -> bytes | None:
        with self._lock:
            self._drop_stale()
            entry = self._entries.get(key)
            if entry is None:
                return None
            self._entries.move_to_end(key)
            return entry[1]

    def _store(self, key: str, pdf: bytes) -> None:
        if self.max_entries <= 0 or self.ttl_seconds <= 0:
            return
        with self._lock:
            self._entries[key] = (self.now() + self.ttl_seconds, pdf)
            self._entries.move_to_end(key)
            while len(self._entries) > self.max_entries:
                self._entries.popitem(last=False)

    def _drop_stale(self) -> None:
        now = self.now()
        for key in [key for key, (expires, _pdf) in self._entries.items() if expires <= now]:
            del self._entries[key]

    def __len__(self) -> int:
        with self._lock:
            self._drop_stale()
            return len(self._entries)


_CREATING = threading.Lock()


def pdf_cache_of(app) -> PdfCache:
    """The app's cache, made on first use with the app's settings (once, even when threads race)."""
    with _CREATING:
        cache = app.extensions.get("passage_pdf_cache")
        if cache is None:
            cache = PdfCache(int(app.config["PDF_CACHE_ENTRIES"]), float(app.config["PDF_CACHE_SECONDS"]))
            app.extensions["passage_pdf_cache"] = cache
        return cache
