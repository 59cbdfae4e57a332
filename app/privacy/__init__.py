"""Privacy of the anonymous flow: quick exit and the page that says what is kept."""

from .views import bp

__all__ = ["bp"]
