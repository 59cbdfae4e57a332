"""The one home of the words that turn the engine's codes into text people read.

Answers (Yes / No / I don't know), pathways, fits, ratings, kinds of flags,
levels, withdrawal settings, regions' services, and the messages for answer
problems. One term per idea, as in DESIGN.md's word list; codes stay English
in the API. Templates read its tables through the request's words, `wording` (app/i18n/wording.py).
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from flask_babel import LazyString, gettext, ngettext

from ..engine import Assessment, Problem
from ..engine.model import Item


class Message(LazyString):
    """A message translated where it is shown, as Flask-Babel's lazy_gettext, that also says
    which message it is: the request's words (app/i18n/wording.py) serve the tables below from their catalog."""

    def __init__(self, message: str):
        super().__init__(gettext, message)
        self.message = message


_l = Message  # the name `make translations` extracts

# The words of the answers every yes/no question shares, and of "I don't know".
ANSWER_WORDS = {
    "yes": _l("Yes"),
    "no": _l("No"),
    "unknown": _l("I don't know"),
}

PATHWAY_NAMES = {
    "detox": _l("Detox (medically supervised withdrawal)"),
    "inpatient": _l("Inpatient treatment (hospital)"),
    "residential": _l("Residential treatment"),
    "outpatient": _l("Outpatient treatment (standard or intensive)"),
    "support_groups": _l("Support groups (12-step and alternatives)"),
    "aftercare": _l("Aftercare"),
}


FIT_LABELS = {
    "recommended": _l("Suggested"),
    "consider": _l("Worth considering"),
    "not_indicated": _l("Not suggested now"),
}

SEVERITY_LABELS = {
    "none": _l("Few or no signs of a substance use problem"),
    "mild": _l("Signs of a mild problem"),
    "moderate": _l("Signs of a moderate problem"),
    "severe": _l("Signs of a severe problem"),
}

RATING_LABELS = {
    0: _l("No particular concern"),
    1: _l("Low concern"),
    2: _l("Moderate concern"),
    3: _l("High concern"),
    4: _l("Very high concern"),
}

RATING_MAX = max(RATING_LABELS)  # shown as "3/4": the top of the scale comes from the labels, never typed

FLAG_TITLES = {
    # Every kind of emergency (overdose, withdrawal now): see EMERGENCY_FLAG_TITLES for each.
    "emergency": _l("Emergency: danger right now"),
    "crisis": _l("Your safety comes first"),
    "medical": _l("Medical point to raise with a doctor"),
    "safety": _l("Safety at home"),
}

# The plan's level of care and withdrawal setting (DESIGN.md word list).
LEVEL_NAMES = {
    "hospital": _l("Hospital care (medically managed)"),
    "residential": _l("Residential treatment"),
    "day_program": _l("Day programme (partial hospitalisation)"),
    "intensive_outpatient": _l("Intensive outpatient programme"),
    "outpatient": _l("Outpatient treatment"),
    "self_help": _l("Self-help and a check-up"),
}

WITHDRAWAL_NAMES = {
    "none": _l("No supervised withdrawal needed now"),
    "ambulatory": _l("Supervised taper at home"),
    "monitored": _l("Taper in a monitored unit"),
    "hospital": _l("Withdrawal in hospital"),
}

# When the next step should happen (the plan's urgency scale).
URGENCY_NAMES = {
    "this_week": _l("This week"),
    "today": _l("Today (within 24 hours)"),
}

# When a counselor's next step should happen: the plan's urgency, or "now" for a step that cannot wait (a crisis).
NEXT_STEP_DUE = {**URGENCY_NAMES, "now": _l("Now")}

SUPPORT_NAMES = {
    "support_groups": _l("Support groups (12-step and alternatives)"),
    "family_support": _l("Support for you as a family member (family groups, CRAFT)"),
    "naloxone": _l("Naloxone at hand, which reverses an opioid overdose for a while"),
}

# Emergency page titles by the emergency the answers raised (rules.yaml,
# red flags' `emergency`): withdrawal is named as withdrawal, never as an
# overdose; both together get a title that names neither.
# The crisis page's first words, for whoever is answering (a key: the perspective).
CRISIS_LEADS = {
    "self": _l(
        "When thoughts of ending your life come with a plan or an intention, help is needed now. Talking to someone trained for this, right away, can make a real difference."
    ),
    "family": _l(
        "When someone has thoughts of ending their life with a plan or an intention, help is needed now. You can call a crisis line yourself: they also advise the people close to someone at risk."
    ),
    "counselor": _l(
        "The client reports thoughts of suicide with a plan or an intention: follow your service's suicide-risk procedure now, and make sure the client is not left alone."
    ),
}

EMERGENCY_TITLES = {
    "overdose": _l("Possible overdose: what to do now"),
    "seizure": _l("A seizure, possibly from withdrawal: what to do now"),
    "withdrawal": _l("Possible dangerous withdrawal: what to do now"),
    "pump_withdrawal": _l("A baclofen pump may have stopped working: what to do now"),
    "overdose_and_withdrawal": _l("Someone is in danger right now: what to do"),
}

# Which page an emergency's kinds lead to: withdrawal kinds by how specific
# their first aid is (a pump's includes all of withdrawal's).
_WITHDRAWAL_PAGES = ("pump_withdrawal", "withdrawal", "seizure")


# An emergency flag's title names its emergency (API, records); withdrawal is never "overdose".
EMERGENCY_FLAG_TITLES = {
    "overdose": _l("Emergency: possible overdose"),
    "seizure": _l("Emergency: a seizure, possibly from withdrawal"),
    "withdrawal": _l("Emergency: possible dangerous withdrawal"),
    "pump_withdrawal": _l("Emergency: a baclofen pump may have stopped working"),
}

# What a counselor's record says of an intake stopped by an emergency, by emergency page kind.
EMERGENCY_RECORD_NOTICES = {
    "overdose": _l("At the time of this intake, the answers showed signs of a possible overdose."),
    "seizure": _l("At the time of this intake, the answers showed a seizure, possibly from withdrawal."),
    "withdrawal": _l("At the time of this intake, the answers showed signs of dangerous withdrawal."),
    "pump_withdrawal": _l("At the time of this intake, the answers showed that a baclofen pump may have stopped working."),
    "overdose_and_withdrawal": _l("At the time of this intake, the answers showed that someone was in danger right now."),
}


def flag_title(flag: Any) -> str:
    """A red flag's title: its kind's, or for an emergency, the emergency it names."""
    if flag.kind == "emergency" and flag.emergency_kind in EMERGENCY_FLAG_TITLES:
        return str(EMERGENCY_FLAG_TITLES[flag.emergency_kind])
    return str(FLAG_TITLES[flag.kind])


def emergency_name(kinds: Iterable[str]) -> str:
    """One emergency's title, or the general one when several (or none, in an old record) were raised."""
    raised = set(kinds)
    return str(EMERGENCY_FLAG_TITLES[raised.pop()] if len(raised) == 1 else FLAG_TITLES["emergency"])


def emergency_page(kinds: Iterable[str]) -> str:
    """The emergency page's kind (a key of EMERGENCY_TITLES) for the emergencies raised."""
    raised = set(kinds)
    withdrawal = next((kind for kind in _WITHDRAWAL_PAGES if kind in raised), None)
    if "overdose" in raised or withdrawal is None:
        return "overdose" if withdrawal is None else "overdose_and_withdrawal"
    return withdrawal


PERSPECTIVE_LABELS = {
    "self": _l("I'm asking about myself"),
    "family": _l("I'm worried about someone close to me"),
    "counselor": _l("I'm a professional doing an intake with a client"),
}

SERVICE_KINDS = {
    "emergency": _l("Emergency"),
    "crisis": _l("Suicide and crisis"),
    "poison": _l("Poison centre"),
    "drug_helpline": _l("Drugs and medicines helpline"),
    "alcohol_helpline": _l("Alcohol helpline"),
    "family_line": _l("For families and friends"),
    "domestic_violence": _l("Violence at home"),
    "locator": _l("Find a service near you"),
    "housing": _l("Somewhere to stay"),
    "support_group": _l("Support groups"),
    "family_support_group": _l("Groups for families and friends"),
    "naloxone": _l("Where to get naloxone"),
}

# Said next to a link whose page is in another language than the reader's.
LINK_LANGUAGES = {
    "en": _l("(in English)"),
    "fr": _l("(in French)"),
}


def signs_answered_yes(count: int, total: int) -> str:
    """How many of the `total` signs (the rules' severity criteria) were answered yes, with
    its own sentence for none (French counts 0 as singular: "0 des 11 signes a reçu" reads wrong)."""
    if count == 0:
        return gettext("None of the %(total)s signs of a substance use problem over the past year was answered yes.", total=total)
    return ngettext(
        "%(num)s of the %(total)s signs of a substance use problem over the past year was answered yes.",
        "%(num)s of the %(total)s signs of a substance use problem over the past year were answered yes.",
        count,
        total=total,
    )


def _data_text(text: str) -> str:
    """A data file's text in the current language (gettext("") would return the catalog header)."""
    return gettext(text) if text else text


def plan_words(assessment: Assessment) -> dict[str, str]:
    """The plan's texts in the request's language, for the FHIR CarePlan (API and counselor export)."""
    plan = assessment.plan
    if plan is None:
        return {}
    texts = {
        "title": gettext("Suggested treatment plan (Passage)"),
        "level": str(LEVEL_NAMES[plan.level]),
        "withdrawal": str(WITHDRAWAL_NAMES[plan.withdrawal]),
        "next_step": _data_text(plan.next_step.text),
        "subject": gettext("The person assessed (anonymous)"),
        "guide": gettext("These suggestions are not a diagnosis and do not replace a doctor or another health professional."),
    }
    texts.update({f"check:{check.item}": _data_text(check.text) for check in plan.to_check})
    texts.update({f"reason:{r.rule}": _data_text(r.text) for r in plan.level_reasons + plan.withdrawal_reasons})
    return texts


# The counselor workspace: what the audit trail's codes and a plan's parts are called.
AUDIT_ACTIONS = {
    "sign_in": _l("Sign-in"),
    "sign_out": _l("Sign-out"),
    "create": _l("Record saved"),
    "share_code": _l("Client's code entered (their answers opened)"),
    "create_from_client": _l("Record saved, begun from the client's answers"),
    "view": _l("Record opened"),
    "edit": _l("Record re-assessed (new version)"),
    "print": _l("Printable page opened"),
    "export_fhir": _l("Record exported (FHIR)"),
    "export_csv": _l("List exported (CSV)"),
    "export_pdf": _l("Client's PDF made"),
    "delete": _l("Record deleted"),
    "add_counselor": _l("Account created"),
    "enable_counselor": _l("Account enabled"),
    "disable_counselor": _l("Account disabled"),
    "reset_password": _l("Password reset"),
    "add_service": _l("Service added to the directory"),
    "delete_service": _l("Service removed from the directory"),
}

AUDIT_OUTCOMES = {
    "ok": _l("Done"),
    "refused": _l("Refused"),
    "failed": _l("Failed"),
    "purged": _l("Retention period over"),
}

# The part of a record's plan a directory service can take on (app/counsel/records.plan_parts).
PLAN_PARTS = {
    "withdrawal": _l("the supervised withdrawal"),
    "level": _l("the level of care"),
    "supports": _l("support alongside"),
    "aftercare": _l("aftercare"),
}


# Plain words for rules (the API's rules document and /how-it-works).
SEVERITY_LEVEL_NAMES = {
    "none": _l("no signs"),
    "mild": _l("mild"),
    "moderate": _l("moderate"),
    "severe": _l("severe"),
}

FLAG_CONDITIONS = {
    "emergency": _l("A sign of danger right now (an overdose or withdrawal) was found"),
    "crisis": _l("A sign of a suicidal crisis was found"),
    "medical": _l("A medical point to raise with a doctor was found"),
    "safety": _l("A danger at home was found"),
}

SCALE_CONDITIONS = {
    "level": _l("The plan's level of care is “%(value)s” or more intensive"),
    "withdrawal": _l("The plan's withdrawal setting is “%(value)s” or more intensive"),
    "urgency": _l("The plan's next step is due “%(value)s” or sooner"),
}


def scale_value_name(scale: str, value: str) -> str:
    names = {"level": LEVEL_NAMES, "withdrawal": WITHDRAWAL_NAMES, "urgency": URGENCY_NAMES}[scale]
    return str(names[value])


def problem_message(item: Item, problem: Problem, perspective: str = "self") -> str:
    """A sentence that says what to do about an answer the engine reported as a problem code."""
    from .wording import current_wording  # the words of an option, as the question shows it

    said = current_wording()
    exclusive = next((o for o in item.options if o.exclusive), None)
    if problem.code == "required":
        if item.kind == "number":
            return gettext("Enter a number")
        if item.kind == "multiple":
            if exclusive:
                return gettext("Select all that apply, or “%(option)s”", option=said.text(exclusive.label, perspective))
            return gettext("Select at least one answer")
        return gettext("Select an answer")
    if problem.code == "unknown_option":
        return gettext("That answer is not one of the choices: select one of the answers shown")
    if problem.code == "not_a_number":
        return gettext("Enter a whole number, for example 3")
    if problem.code == "too_small":
        return gettext("Enter a number that is %(minimum)s or more", minimum=problem.detail)
    if problem.code == "too_large":
        return gettext("Enter a number that is %(maximum)s or less", maximum=problem.detail)
    if problem.code == "exclusive":
        option = said.text(exclusive.label, perspective) if exclusive else str(ANSWER_WORDS["unknown"])
        return gettext("“%(option)s” cannot be combined with other answers: select it alone", option=option)
    return gettext("Check this answer")


# One plain sentence per plan step, with no "you" or "they": the same words
# serve every perspective.
WITHDRAWAL_SUMMARIES = {
    "ambulatory": _l(
        "A doctor plans a gradual reduction at home, with regular check-ins and someone close by. Never a sudden stop."
    ),
    "monitored": _l("A gradual reduction in a unit where nurses and doctors watch over the body day and night."),
    "hospital": _l("A gradual reduction in hospital, with medical care at hand at every moment."),
}

LEVEL_SUMMARIES = {
    "hospital": _l("A stay in a hospital unit, with medical and psychological care every day."),
    "residential": _l(
        "Living for a time in a treatment centre, with therapy and a daily structure, away from the usual setting."
    ),
    "day_program": _l("Treatment most days of the week at a day hospital, going home in the evening."),
    "intensive_outpatient": _l("Several sessions a week at an addiction service, while living at home."),
    "outpatient": _l("Regular appointments at an addiction service, while living at home."),
    "self_help": _l("A check-up with a doctor, and support groups if they help."),
}

# What to ask a service for, in the words services use.
ASK_FOR_LEVEL = {
    "hospital": _l("“an inpatient admission to a hospital addiction unit”"),
    "residential": _l("“a place in a residential addiction treatment programme”"),
    "day_program": _l("“a day hospital programme in addiction medicine”"),
    "intensive_outpatient": _l("“an intensive outpatient programme for addiction”"),
    "outpatient": _l("“outpatient addiction treatment (counselling and medical follow-up)”"),
    "self_help": _l("“a check-up about alcohol, medicines or drugs, and local support groups”"),
}

ASK_FOR_WITHDRAWAL = {
    "ambulatory": _l("“a medically supervised outpatient withdrawal (a taper planned by a doctor)”"),
    "monitored": _l("“a medically monitored withdrawal (detox) in a residential unit”"),
    "hospital": _l("“a medically managed withdrawal (detox) in hospital”"),
}
