"""Four answer sets, one per kind of plan the results page must hold on one phone screen.

Built on the engine cases' baseline (tests/engine/test_cases.py); each set's
plan is checked by tests/assess/test_results_page.py, so a rule change that moves a
set to another plan fails there, not silently here.
"""

from __future__ import annotations

from tests.engine.test_cases import MILD, SEVERE, answers

# plan name -> (answers, (level, withdrawal) they must lead to)
RESULT_PLANS = {
    "self_help": (answers(), ("self_help", "none")),
    "outpatient": (answers(*MILD), ("outpatient", "none")),
    "residential": (answers(*SEVERE, housing="unstable"), ("residential", "none")),
    "hospital_withdrawal": (
        answers(
            *MILD,
            use_frequency="daily",
            baclofen_use="not_prescribed",
            baclofen_status="using_now",
            withdrawal_symptoms="yes",
            withdrawal_seizure="yes",
        ),
        (None, "hospital"),
    ),
}
PERSPECTIVES = ("self", "family", "counselor")
LANGS = ("en", "fr")
