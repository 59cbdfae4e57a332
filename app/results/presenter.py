"""One result, drawn once (issue 28): an assessment, live or stored, as the plain values the results page,
the PDF and a counselor's record show.

No Flask here: the caller passes the questionnaire's rules, the region, the perspective and each answer
already in the reader's words (`lines`). Texts are English msgids that templates translate where they
are shown; codes (a flag's kind, a level) are read through the words tables. What the templates used to
work out on every render (which answers a reason cites, which line to call, the titles for a
perspective) is worked out here once.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, replace
from typing import Any

from ..engine.assessment import Assessment
from ..engine.model import Page, RuleSet
from ..engine.plan import ASSUMED_UNKNOWN, Plan
from ..engine.reasons import Reason
from ..engine.regions import Region


def N_(message: str) -> str:
    """A message for `make translations` to collect; the template that shows it translates it."""
    return message


@dataclass(frozen=True, slots=True)
class AnswerLine:
    """One answer as a reason cites it: the question, the words chosen, where to change it; `label`
    is the question in a few words (its `short`, else the whole question), for lists of answers."""

    item_id: str
    question: str
    answer: str
    change_url: str
    label: str


@dataclass(frozen=True, slots=True)
class AnswerTopic:
    """One topic's answers as the results page lists them under "Your answers": its page, where to change
    them (the page's address), and the answers given on it."""

    page: Page
    change_url: str
    lines: tuple[AnswerLine, ...]


@dataclass(frozen=True, slots=True)
class ReasonView:
    """A reason in its rule's words (a msgid), with the answers first named under it on the page."""

    text: str
    answers: tuple[AnswerLine, ...] = ()


@dataclass(frozen=True, slots=True)
class FlagGroup:
    """The red flags of one kind: each in its short sentence and in full, and the line that fits them."""

    kind: str
    texts: tuple[str, ...]
    reasons: tuple[ReasonView, ...]
    service: dict[str, Any] | None
    plain: tuple[tuple[str, str], ...] = ()  # (rule, its plain words for a family member), when they are the reader


@dataclass(frozen=True, slots=True)
class Titles:
    """The words that change with whom the result is about (msgids; None: not shown to that reader)."""

    page: str
    plan: str
    next_step: str
    find_service: str
    lead: str | None
    bring: str | None
    stay_tonight: str
    instead_of_doctor: str
    questions: tuple[str, ...]  # to ask a professional, in the reader's own person (none for a professional)


@dataclass(frozen=True, slots=True)
class NextStepView:
    text: str
    contact: dict[str, Any] | None  # the line for the step (regions.next_step_contact's shape)
    no_service: bool  # the region lists nothing for a step that needs a line: say where else to ask
    housing: dict[str, Any] | None  # a line for a bed tonight, when the person has no home
    no_home: bool
    emergency: dict[str, Any] | None


@dataclass(frozen=True, slots=True)
class PathwayView:
    code: str
    fit: str
    reasons: tuple[ReasonView, ...]  # only the reasons not already given above
    changes: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class Why:
    """ "Why this plan" and "Other options": each answer named once, each reason said once."""

    withdrawal: tuple[ReasonView, ...]
    level: tuple[ReasonView, ...]
    trade_off: tuple[AnswerLine, ...]
    medical: tuple[ReasonView, ...]
    pathways: tuple[PathwayView, ...]
    dimension_notes: Mapping[int, str]  # a dimension's first reason, when not said above
    sources: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class ClinicalSummary:
    criteria_total: int  # the signs counted (the rules' criteria)
    substances: tuple[tuple[str, str], ...]  # (label msgid, answer in the reader's words)
    criteria: tuple[tuple[str, str], ...]  # each sign met: (its short name, a msgid, or ""; its question in the reader's words)
    flags: tuple[str, ...]  # each red flag's short sentence (msgid)
    # The unknown answers a plan note already names ("It is not known whether…; until a doctor knows…"): where the
    # notes are shown, "To check" does not name them a second time.
    noted_unknowns: frozenset[str] = frozenset()


@dataclass(frozen=True, slots=True)
class ResultView:
    perspective: str
    assessment: Assessment
    plan: Plan | None
    titles: Titles
    region: Region
    red_flags: tuple[FlagGroup, ...]
    red_flags_title: str | None  # the one kind's code when one kind is shown, else None ("Please read this first")
    next_step: NextStepView | None
    next_step_first: bool  # a family member reads the next step before what they can do today
    why: Why | None
    summary: ClinicalSummary
    urgency: str
    to_check: tuple[str, ...]
    lines: Mapping[str, AnswerLine]
    naloxone: bool  # the plan keeps naloxone at hand (opioids may be involved: plan.yaml supports)
    clinical: bool  # a professional reads it: the clinical summary first, no "you" words
    family_help: bool  # the reader helps someone else: what they can do today, and support for them
    # The six areas rated, in a fold of their own for the person themself; a professional reads them in the clinical
    # summary, and a family member's page gives its length to what they can do (the reasons say why this plan).
    six_areas: bool
    # The family member's own line is the next step's, shown just above: pointed to, not written out again.
    line_for_you_above: bool
    # Where to find a service, in the first fold rather than before the folds: for a professional (the summary comes
    # first), and for a family member whose next step is a call or a visit today (it gives the number to use now).
    find_service_folded: bool
    with_change_links: bool


TITLES = {
    "self": Titles(
        page=N_("Your plan"),
        plan=N_("Your plan, step by step"),
        next_step=N_("Your next step"),
        find_service=N_("Find a service near you"),
        lead=N_("A guide, not a diagnosis: talk it through with a doctor."),
        bring=N_(
            "Your medicines or prescriptions with their doses, a list of what else you take and how much, and this page or its PDF."
        ),
        stay_tonight=N_("Somewhere to stay tonight:"),
        instead_of_doctor=N_("No doctor to call? This line can help find one."),
        questions=(
            N_("Which of these kinds of care do you think fits me, and why?"),
            N_("Is it safe for me to reduce or stop on my own? If not, how would a supervised reduction work?"),
            N_("Which of the medicines or substances I take are risky together?"),
            N_("What services are there near me, how long is the wait, and what does it cost?"),
            N_("How can the people close to me help, and where can they find support themselves?"),
            N_("What should I do if I slip or feel in danger before treatment starts?"),
        ),
    ),
    "family": Titles(
        page=N_("A plan for the person you are worried about"),
        plan=N_("The plan for them, step by step"),
        next_step=N_("Then: helping them reach care"),
        find_service=N_("Find a service near them"),
        lead=N_("A guide, not a diagnosis: a doctor should talk it through with them."),
        bring=N_(
            "Their medicines or prescriptions with the doses, what you know of what else they take, and this page or its PDF."
        ),
        stay_tonight=N_("Somewhere for them to stay tonight:"),
        instead_of_doctor=N_("No doctor to call? This line can help find one."),
        questions=(
            N_("Which of these kinds of care do you think fits them, and why?"),
            N_("Is it safe for them to reduce or stop on their own? If not, how would a supervised reduction work?"),
            N_("Which of the medicines or substances they take are risky together?"),
            N_("What services are there near them, how long is the wait, and what does it cost?"),
            N_("How can I help them, and where can I find support for myself?"),
            N_("What should we do if they slip or are in danger before treatment starts?"),
        ),
    ),
    "counselor": Titles(
        page=N_("Intake summary"),
        plan=N_("The plan, step by step"),
        next_step=N_("Next step"),
        find_service=N_("Services to refer to"),
        lead=None,
        bring=None,
        stay_tonight=N_("Somewhere for them to stay tonight:"),
        instead_of_doctor=N_("To find a doctor or a service."),
        questions=(),
    ),
}
# A family member's next step that cannot wait: titled "Your next step", not "Then: helping them reach care".
CALL_NOW = ("call_crisis_line", "call_doctor_today", "ask_for_hospital_care", "call_domestic_violence_line")
# ... and the steps a family member reads before what they can do today (a call or a visit today).
BEFORE_TODAY = CALL_NOW + ("plan_taper_with_doctor_today", "see_doctor_today")

FLAG_KINDS = ("crisis", "safety", "medical")  # shown on a result, in this order (an emergency has no result)
# Crisis: the crisis line; safety: the domestic violence line, else the emergency number. A medical point
# has no number of its own (it is for a doctor): the emergency number follows in the next-step box.
FLAG_SERVICES = {"crisis": "crisis", "safety": "domestic_violence"}


def present(
    assessment: Assessment,
    answers: Mapping[str, Any],
    rules: RuleSet | None,
    region: Region,
    perspective: str,
    lines: Mapping[str, AnswerLine],
    *,
    with_change_links: bool = True,
    summary_rows: tuple[tuple[str, str], ...] = (),
) -> ResultView:
    """The result view of an assessment (live, or a stored record's: then `rules` may be None, and
    `lines` empty when its questionnaire is no longer at hand). `summary_rows`: the answers the clinical
    summary shows, (item, label msgid), from the questionnaire (its `clinical_summary`)."""
    plan = assessment.plan
    titles = TITLES.get(perspective, TITLES["self"])
    if perspective == "family" and plan is not None and plan.next_step.action in CALL_NOW:
        titles = replace(titles, next_step=TITLES["self"].next_step)
    groups = _flag_groups(assessment, rules, region, lines, plain=perspective == "family")
    return ResultView(
        perspective=perspective,
        assessment=assessment,
        plan=plan,
        titles=titles,
        region=region,
        red_flags=groups,
        red_flags_title=groups[0].kind if len(groups) == 1 else None,
        next_step=_next_step(plan, answers, region) if plan is not None else None,
        why=_why(assessment, plan, rules, lines, perspective) if plan is not None else None,
        summary=_summary(assessment, rules, lines, summary_rows),
        urgency=plan.urgency if plan is not None else "today",
        to_check=tuple(check.text for check in plan.to_check) if plan is not None else (),
        lines=lines,
        with_change_links=with_change_links,
        **_switches(plan, region, perspective),
    )


def _switches(plan: Plan | None, region: Region, perspective: str) -> dict[str, bool]:
    """What the page shows or folds for this reader (the templates switch on these, not on a perspective)."""
    family, urgent = perspective == "family", plan is not None and plan.next_step.action in BEFORE_TODAY
    return {
        "next_step_first": urgent,
        "naloxone": plan is not None and "naloxone" in plan.supports,
        "clinical": perspective == "counselor",
        "family_help": family,
        "six_areas": perspective not in ("family", "counselor"),
        "line_for_you_above": family and urgent and plan is not None and _step_gives_line_for_you(plan, region),
        "find_service_folded": perspective == "counselor" or (family and urgent),
    }


def _step_gives_line_for_you(plan: Plan, region: Region) -> bool:
    """The next step's line is the very line for a family member themself."""
    contact = next_step_contact(region, plan.next_step.service)
    for_you = region.services("family_line") or region.services("family_support_group")
    number = contact["service"].get("number") if contact else None
    return bool(number) and bool(for_you) and for_you[0].get("number") == number


def flag_short(rules: RuleSet | None, reason: Reason) -> str:
    """A red flag's short sentence; its full text when the rules that raised it are not at hand."""
    if rules is not None and reason.rule in rules.flags_by_id:
        return rules.flag_short(reason.rule)
    return reason.text


def _flag_groups(
    assessment: Assessment, rules: RuleSet | None, region: Region, lines: Mapping[str, AnswerLine], plain: bool
) -> tuple[FlagGroup, ...]:
    groups = []
    for kind in FLAG_KINDS:
        flags = assessment.flags_of(kind)
        if not flags:
            continue
        service = (region.service(FLAG_SERVICES[kind]) or region.service("emergency")) if kind in FLAG_SERVICES else None
        groups.append(
            FlagGroup(
                kind=kind,
                texts=tuple(flag_short(rules, flag.reason) for flag in flags),
                reasons=tuple(ReasonView(flag.reason.text, _lines_of(flag.reason.answers, lines)) for flag in flags),
                service=service if service and service.get("number") else None,
                plain=tuple((f.reason.rule, rules.flag_for_family(f.reason.rule)) for f in flags) if plain and rules else (),
            )
        )
    return tuple(groups)


def _lines_of(item_ids, lines: Mapping[str, AnswerLine], cited: list[str] | None = None) -> tuple[AnswerLine, ...]:
    """The answers among `item_ids`, each once: those already in `cited` are left out, and added to it."""
    found = []
    for item_id in item_ids:
        if item_id in lines and (cited is None or item_id not in cited):
            found.append(lines[item_id])
            if cited is not None:
                cited.append(item_id)
    return tuple(found)


# Where a region lists no line with a number for these steps, the page says where else to ask.
NEEDS_A_LINE = ("drug_helpline", "locator", "doctor")


def _next_step(plan: Plan, answers: Mapping[str, Any], region: Region) -> NextStepView:
    contact = next_step_contact(region, plan.next_step.service)
    no_home = answers.get("housing") == "none" and plan.next_step.service != "housing"
    return NextStepView(
        text=plan.next_step.text,
        contact=contact,
        no_service=contact is None and plan.next_step.service in NEEDS_A_LINE,
        housing=region.service("housing") if no_home else None,
        no_home=no_home,
        emergency=region.service("emergency"),
    )


# A next step that points to the person's own doctor: when they have none,
# the first of these the region lists with a number can help them find one.
INSTEAD_OF_DOCTOR = ("drug_helpline", "locator")
# A helpline and a service finder stand in for each other where a region lists only one.
# Where no crisis or domestic violence line is listed, the emergency number stands in (danger now).
STAND_INS = {
    "drug_helpline": ("locator",),
    "locator": ("drug_helpline",),
    "crisis": ("emergency",),
    "domestic_violence": ("emergency",),
}
# Where a region lists nothing with a number for a step, a verified line that can still advise
# today (a poison centre, or NHS 111 in the UK, which the data lists as its poison line).
LAST_RESORT = "poison"
# Steps whose kind has nothing in common with the last resort: a poison centre cannot find a bed for the night.
NO_LAST_RESORT = ("housing", "domestic_violence")


def next_step_contact(region: Region, kind: str) -> dict | None:
    """The region's service with a number for a next step:
    {"service", "instead_of_doctor", "stand_in", "last_resort"}, or None when it has none (the page
    then says where else to ask, never an empty box). A service without a number (a web finder)
    is used only when nothing with a number exists."""
    others = INSTEAD_OF_DOCTOR if kind == "doctor" else STAND_INS.get(kind, ())
    candidates = [(kind, False)] + [(other, True) for other in others]
    if kind not in NO_LAST_RESORT:
        candidates.append((LAST_RESORT, True))
    found = [(region.service(each), standing_in) for each, standing_in in candidates]
    with_number = [(s, standing_in) for s, standing_in in found if s is not None and s.get("number")]
    pick = with_number[0] if with_number else next(((s, x) for s, x in found if s is not None and s["kind"] != LAST_RESORT), None)
    if pick is None:
        return None
    service, standing_in = pick
    last_resort = service["kind"] == LAST_RESORT and kind != LAST_RESORT
    return {
        "service": dict(service),
        "instead_of_doctor": kind == "doctor" and not last_resort,
        "stand_in": standing_in and kind != "doctor" and not last_resort,
        "last_resort": last_resort,
    }


def _why(assessment: Assessment, plan: Plan, rules: RuleSet | None, lines: Mapping[str, AnswerLine], perspective: str) -> Why:
    """Each answer is cited once, under the first reason it led to; the signs of a problem are counted
    first, once, rather than listed under every reason that reads the count."""
    cited = list(_criteria(assessment, rules))
    withdrawal = plan.withdrawal_reasons if plan.withdrawal != "none" else ()
    withdrawal_views = tuple(ReasonView(r.text, _lines_of(r.answers, lines, cited)) for r in withdrawal)
    level_views = tuple(ReasonView(r.text, _lines_of(r.answers, lines, cited)) for r in plan.level_reasons)
    trade_off = _lines_of(plan.trade_off.answers, lines, cited) if plan.trade_off else ()
    # A family member reads the flags in plain words in the box at the top: not again here.
    medical = tuple(
        ReasonView(flag.reason.text, _lines_of(flag.reason.answers, lines, cited))
        for flag in assessment.red_flags
        if flag.kind in FLAG_KINDS and perspective != "family"
    )
    said = [reason.text for reason in plan.withdrawal_reasons + plan.level_reasons]
    if plan.trade_off:
        said.append(plan.trade_off.text)
    # "What would point here is already in the answers" (changes_met) says nothing the reasons above do not.
    met = {p.changes_met for p in rules.pathways} if rules is not None else set()
    pathways = tuple(
        PathwayView(
            p.code,
            fit,
            _not_said(p.reasons, said) if fit != "recommended" else (),
            tuple(c for c in p.changes if c not in met) if fit != "recommended" else (),
        )
        for fit in ("recommended", "consider", "not_indicated")
        for p in assessment.pathways
        if p.fit == fit
    )
    notes = {d.number: d.reasons[0].text for d in assessment.dimensions if d.reasons and d.reasons[0].text not in said}
    return Why(withdrawal_views, level_views, trade_off, medical, pathways, notes, _sources(assessment, plan))


def _criteria(assessment: Assessment, rules: RuleSet | None) -> tuple[str, ...]:
    """The signs of a problem the rules count (those met, when the rules are not at hand)."""
    return tuple(rules.severity.criteria) if rules is not None else assessment.severity.criteria_met


def _not_said(reasons, said: list[str]) -> tuple[ReasonView, ...]:
    """The reasons not given yet on the page (a reason already given above is not written again)."""
    fresh = []
    for reason in reasons:
        if reason.text not in said:
            said.append(reason.text)
            fresh.append(ReasonView(reason.text))
    return tuple(fresh)


def _sources(assessment: Assessment, plan: Plan) -> tuple[str, ...]:
    keys: list[str] = []
    for reason in plan.withdrawal_reasons + plan.level_reasons + tuple(flag.reason for flag in assessment.red_flags):
        if reason.source not in keys:
            keys.append(reason.source)
    return tuple(keys)


def _summary(
    assessment: Assessment, rules: RuleSet | None, lines: Mapping[str, AnswerLine], rows: tuple[tuple[str, str], ...]
) -> ClinicalSummary:
    short_names = rules.severity.short_names if rules is not None else {}
    return ClinicalSummary(
        criteria_total=len(_criteria(assessment, rules)),
        substances=tuple((label, lines[item_id].answer) for item_id, label in rows if item_id in lines),
        criteria=tuple(
            (short_names.get(c, ""), lines[c].question if c in lines else c) for c in assessment.severity.criteria_met
        ),
        flags=tuple(flag_short(rules, flag.reason) for flag in assessment.red_flags),
        noted_unknowns=frozenset(
            item
            for note in (assessment.plan.notes if assessment.plan else ())
            if note.rule.startswith(ASSUMED_UNKNOWN)
            for item in note.answers
        ),
    )
