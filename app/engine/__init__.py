"""Passage's pure domain code: no Flask, no database, no I/O beyond reading data files.

load_library() reads questionnaires/; assess() turns answers into an assessment.
"""

from .answers import Problem, clean_answers, clean_item_answer, missing_required
from .assessment import Assessment, assess, relevant_answers, visible_items
from .flow import FlowState, first_unanswered_page, flow_state, pages_until_stop, visible_pages
from .loader import Library, QuestionnaireError, load_library
from .model import FITS, PATHWAYS, PERSPECTIVES, SEVERITY_LEVELS, Questionnaire, RuleSet

__all__ = [
    "Assessment",
    "FITS",
    "FlowState",
    "Library",
    "PATHWAYS",
    "PERSPECTIVES",
    "Problem",
    "Questionnaire",
    "QuestionnaireError",
    "RuleSet",
    "SEVERITY_LEVELS",
    "assess",
    "clean_answers",
    "clean_item_answer",
    "first_unanswered_page",
    "flow_state",
    "load_library",
    "missing_required",
    "pages_until_stop",
    "relevant_answers",
    "visible_items",
    "visible_pages",
]
