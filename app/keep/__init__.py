"""Keeping answers, only when the person asks: a file on their device, or
encrypted on the server behind a resume code; and the result as a PDF.

Owns the first database table (saved_answers, see models.py) and the
`flask saved purge` command.
"""

from . import models  # noqa: F401  (the table must be known to Flask-Migrate)
from .views import bp

__all__ = ["bp"]
