"""The "How Passage makes its suggestions" page, generated from the rules data."""

from .views import bp

__all__ = ["bp"]
