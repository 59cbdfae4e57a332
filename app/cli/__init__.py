"""Every `flask …` command of Passage, in one place: the data files and the engine (data.py),
counselor accounts and records (counselors.py), kept answers (kept_answers.py)."""

from __future__ import annotations

from flask import Flask

from .counselors import counselors_command
from .data import assess_command, cases_command, questionnaires_group, validation_command
from .kept_answers import keep_group, saved_group

COMMANDS = (questionnaires_group, assess_command, cases_command, validation_command, counselors_command, keep_group, saved_group)


def init_app(app: Flask) -> None:
    for command in COMMANDS:
        app.cli.add_command(command)
