"""Answers kept on the server only when the person asks: saved answers behind a resume code,
and answers shared with a counselor behind a share code.

Shared by the keep blueprint (the person's side) and the counsel blueprint (a counselor taking a
share code), so neither imports the other. Owns the tables saved_answers and shared_answers.
"""

from . import models  # noqa: F401  (the tables must be known to Flask-Migrate)
