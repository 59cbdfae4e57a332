"""The anonymous questionnaire flow: start, one page per topic, check answers, results."""

from .views import bp

__all__ = ["bp"]
