"""Privacy of the anonymous flow: quick exit and the page that says what is kept."""

from . import revocation  # noqa: F401  (the revoked_sessions table must be known to Flask-Migrate)
from .views import bp

__all__ = ["bp"]
