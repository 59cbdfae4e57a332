"""Pages around the questionnaire: home, emergency, crisis, information, region."""

from .views import bp

__all__ = ["bp"]
