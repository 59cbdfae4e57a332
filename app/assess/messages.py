"""Error messages for answer problems, in the person's language.

The engine reports problems as codes; this turns each into a sentence that
says what to do, GOV.UK style.
"""

from __future__ import annotations

from flask_babel import gettext as _

from ..engine import Problem
from ..engine.model import Item
from ..i18n import translate_text


def problem_message(item: Item, problem: Problem) -> str:
    if problem.code == "required":
        if item.kind == "number":
            return _("Enter a number")
        if item.kind == "multiple":
            exclusive = next((o for o in item.options if o.exclusive), None)
            if exclusive:
                return _("Select all that apply, or “%(option)s”", option=translate_text(exclusive.label))
            return _("Select at least one answer")
        return _("Select an answer")
    if problem.code == "unknown_option":
        return _("That answer is not one of the choices: select one of the answers shown")
    if problem.code == "not_a_number":
        return _("Enter a whole number, for example 3")
    if problem.code == "too_small":
        return _("Enter a number that is %(minimum)s or more", minimum=problem.detail)
    if problem.code == "too_large":
        return _("Enter a number that is %(maximum)s or less", maximum=problem.detail)
    if problem.code == "exclusive":
        exclusive = next((o for o in item.options if o.exclusive), None)
        option = translate_text(exclusive.label) if exclusive else _("I don't know")
        return _("“%(option)s” cannot be combined with other answers: select it alone", option=option)
    return _("Check this answer")
