"""Loading questionnaire files: the real library loads, and a broken file is refused
with a message naming the file, the place (page, item, rule) and the problem.

Broken files are made from a tiny, valid library in tmp_path: the real
sources.yaml and helplines.yaml, and a two-page questionnaire with its rules.
Each broken case changes one line of it.
"""

from __future__ import annotations

import shutil
import textwrap
from pathlib import Path

import pytest

from app.engine import PATHWAYS, QuestionnaireError, load_library

ROOT = Path(__file__).resolve().parents[2]
REAL = ROOT / "questionnaires"

TINY_QUESTIONNAIRE = textwrap.dedent(
    """\
    id: tiny
    version: 1
    title: Tiny
    perspectives: [self, family]
    pages:
      - id: first
        title: First
        items:
          - id: uses
            kind: single
            text: {self: "How often do you use?", family: "How often do they use?"}
            options:
              - {value: daily, label: Every day}
              - {value: rarely, label: Rarely}
          - id: craving
            kind: yes_no
            text: Strong urges?
          - id: health
            kind: multiple
            text: Any of these?
            options:
              - {value: kidney, label: Kidney disease}
              - {value: none, label: None of these, exclusive: true}
      - id: second
        title: Second
        when: {item: uses, equals: daily}
        items:
          - id: seizure
            kind: yes_no
            text: A seizure after stopping?
            unknown: [family]
          - id: days
            kind: number
            text: Days used last month?
            min: 0
            max: 31
    """
)

TINY_RULES = (
    textwrap.dedent(
        """\
    id: tiny-rules
    version: 1
    questionnaire: tiny
    severity:
      source: dsm5-severity
      criteria: [craving, seizure]
      levels: {mild: 1, moderate: 2, severe: 3}
    red_flags:
      - id: seizure-before
        kind: medical
        when: {item: seizure, equals: "yes"}
        text: A seizure after stopping before.
        source: samhsa-tip45
    dimensions:
    """
    )
    + "".join(f"  - {{number: {n}, name: Dimension {n}, description: About {n}, rules: []}}\n" for n in range(1, 7))
    + "pathways:\n"
    + "".join(f"  - {{code: {code}, default_reason: None, default_changes: None, rules: []}}\n" for code in PATHWAYS)
)


TINY_PLAN = textwrap.dedent(
    """\
    floors:
      - id: taper-after-seizure
        scale: withdrawal
        at_least: monitored
        safety: true
        when: {flag: seizure-before}
        reason: A seizure after stopping before.
        source: nice-cg115
      - id: outpatient-daily
        scale: level
        at_least: outpatient
        when: {item: uses, equals: daily}
        reason: Daily use.
        source: asam-criteria
    constraints: []
    to_check:
      - {item: seizure, text: Whether stopping caused a seizure.}
    next_steps:
      - id: see-a-doctor
        when: {withdrawal: {at_least: ambulatory}}
        action: plan_taper_with_doctor
        text: See a doctor.
        service: doctor
      - {id: check-up, action: check_up, text: A check-up., service: locator}
    """
)


def make_library(folder: Path, questionnaire: str = TINY_QUESTIONNAIRE, rules: str = TINY_RULES, plan: str = TINY_PLAN) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    shutil.copy(REAL / "sources.yaml", folder / "sources.yaml")
    shutil.copy(REAL / "helplines.yaml", folder / "helplines.yaml")
    (folder / "tiny").mkdir(exist_ok=True)
    (folder / "tiny" / "questionnaire.yaml").write_text(questionnaire, encoding="utf-8")
    (folder / "tiny" / "rules.yaml").write_text(rules, encoding="utf-8")
    (folder / "tiny" / "plan.yaml").write_text(plan, encoding="utf-8")
    return folder


def changed(text: str, old: str, new: str) -> str:
    assert old in text, f"the tiny file has no {old!r}"
    return text.replace(old, new, 1)


# --------------------------------------------------------------- valid files


def test_the_real_library_loads():
    library = load_library(REAL)
    questionnaire = library.questionnaires["intake"]
    rules = library.rules["intake"]
    assert questionnaire.version >= 1 and rules.version >= 1
    assert rules.questionnaire == "intake"
    assert [d.number for d in rules.dimensions] == [1, 2, 3, 4, 5, 6]
    assert [p.code for p in rules.pathways] == ["detox", "inpatient", "residential", "outpatient", "support_groups", "aftercare"]
    assert set(library.helplines) == {"us", "ca_qc", "ca_on", "ca_other", "fr", "be", "ch", "uk", "other"}


def test_the_real_questionnaire_starts_with_the_emergency_screen():
    first = load_library(REAL).questionnaires["intake"].pages[0]
    assert first.stop == "emergency"
    assert [item.id for item in first.items] == ["danger_now"]


def test_every_real_rule_cites_a_known_source():
    library = load_library(REAL)
    rules = library.rules["intake"]
    cited = [rules.severity.source] + [r.source for r in rules.red_flags]
    cited += [r.source for d in rules.dimensions for r in d.rules]
    cited += [r.source for p in rules.pathways for r in p.rules]
    cited += [s["source"] for region in library.helplines.values() for s in region["services"]]
    assert set(cited) <= set(library.sources)


def test_every_real_source_has_a_title_a_publisher_a_web_address_and_a_use():
    for key, source in load_library(REAL).sources.items():
        assert source.get("publisher") and source.get("used_for"), key
        assert source["url"].startswith("https://"), key


def test_each_language_has_a_default_region_and_other_has_no_invented_number():
    helplines = load_library(REAL).helplines
    assert helplines["us"]["default_for_languages"] == ["en"]
    assert helplines["fr"]["default_for_languages"] == ["fr"]
    assert "emergency_number" not in helplines["other"]  # pages say "your local emergency number"
    assert all("emergency_number" in region for code, region in helplines.items() if code != "other")


def test_the_tiny_library_loads(tmp_path):
    library = load_library(make_library(tmp_path / "lib"))
    assert list(library.questionnaires) == ["tiny"]
    assert library.rules["tiny"].red_flags[0].id == "seizure-before"
    assert [floor.id for floor in library.rules["tiny"].plan.floors] == ["taper-after-seizure", "outpatient-daily"]


# -------------------------------------------------------------- broken files
# (file, text before, text after, place named, problem named)
BROKEN = [
    pytest.param(
        "questionnaire",
        "title: Tiny\n",
        "title: [Tiny\n",
        "",
        "not valid YAML",
        id="bad-yaml",
    ),
    pytest.param(
        "questionnaire",
        "when: {item: uses, equals: daily}",
        "when: {item: ghost, equals: daily}",
        "page 'second'",
        "'ghost' is not an item on an earlier page",
        id="unknown-item-in-a-condition",
    ),
    pytest.param(
        "rules",
        "criteria: [craving, seizure]",
        "criteria: [craving, seizure]\n  short_names: [{item: craving, name: craving}]",
        "severity, short_names",
        "one name for each criterion",
        id="a-criterion-without-a-short-name",
    ),
    pytest.param(
        "questionnaire",
        "perspectives: [self, family]",
        "perspectives: [self, family]\nclinical_summary: [{item: ghost, label: Ghost}]",
        "clinical_summary",
        "'ghost' is not an item",
        id="a-clinical-summary-row-of-no-item",
    ),
    pytest.param(
        "questionnaire",
        "        kind: yes_no\n        text: Strong urges?\n",
        '        kind: yes_no\n        text: Strong urges?\n        when: {item: seizure, equals: "yes"}\n',
        "item 'craving'",
        "'seizure' is not an item on an earlier page",
        id="condition-looks-at-a-later-item",
    ),
    pytest.param(
        "questionnaire",
        "when: {item: uses, equals: daily}",
        "when: {item: uses, equals: weekly}",
        "page 'second'",
        "'weekly' is not an answer 'uses' can take",
        id="unknown-option-value",
    ),
    pytest.param(
        "questionnaire",
        "when: {item: uses, equals: daily}",
        "when: {item: uses, equals: unknown}",
        "page 'second'",
        "'unknown' is not an answer 'uses' can take",
        id="i-dont-know-where-it-is-not-offered",
    ),
    pytest.param(
        "rules",
        'when: {item: seizure, equals: "yes"}',
        "when: {item: seizure, equals: yes}",
        "red flag 'seizure-before'",
        "'True' is not an answer 'seizure' can take",
        id="unquoted-yes-read-as-true",
    ),
    pytest.param(
        "questionnaire",
        "      - id: days\n",
        "      - id: seizure\n",
        "item 'seizure'",
        "item id is used twice",
        id="duplicate-item-id",
    ),
    pytest.param(
        "rules",
        "source: samhsa-tip45",
        "source: a-blog-post",
        "red flag 'seizure-before'",
        "source 'a-blog-post' is not in sources.yaml",
        id="missing-source",
    ),
    pytest.param(
        "questionnaire",
        "        min: 0\n        max: 31\n",
        "",
        "item 'days'",
        "a number item needs both min and max",
        id="number-without-bounds",
    ),
    pytest.param(
        "questionnaire",
        "when: {item: uses, equals: daily}",
        "when: {severity: {at_least: mild}}",
        "page 'second'",
        "questions may only depend on earlier answers",
        id="rules-only-test-in-a-questionnaire",
    ),
    pytest.param(
        "questionnaire",
        "      - id: craving\n        kind: yes_no\n",
        "      - id: craving\n        kind: yes_no\n        options: [{value: a, label: A}, {value: b, label: B}]\n",
        "item 'craving'",
        "a 'yes_no' item takes no options",
        id="options-on-a-yes-no-item",
    ),
    pytest.param(
        "questionnaire",
        "when: {item: uses, equals: daily}",
        "when: {item: health, equals: kidney}",
        "page 'second'",
        "'equals' does not suit the multiple item 'health'",
        id="equals-on-a-multiple-item",
    ),
    pytest.param(
        "rules",
        "criteria: [craving, seizure]",
        "criteria: [craving, uses]",
        "severity, criteria",
        "'uses' is not a yes/no item",
        id="criterion-that-is-not-yes-no",
    ),
    pytest.param(
        "rules",
        "kind: medical",
        "kind: urgent",
        "red flag 'seizure-before'",
        "'urgent' is not one of",
        id="unknown-red-flag-kind",
    ),
]


BROKEN_PLANS = [
    pytest.param(
        "at_least: monitored",
        "at_least: residential",
        "floor 'taper-after-seizure'",
        "'residential' is not on the withdrawal scale",
        id="value-on-the-wrong-scale",
    ),
    pytest.param(
        "when: {flag: seizure-before}",
        "when: {flag: no-such-flag}",
        "floor 'taper-after-seizure'",
        "unknown flag kind or red flag id 'no-such-flag'",
        id="unknown-red-flag-id",
    ),
    pytest.param(
        "source: nice-cg115",
        "source: a-blog-post",
        "floor 'taper-after-seizure'",
        "source 'a-blog-post' is not in sources.yaml",
        id="floor-without-a-known-source",
    ),
    pytest.param(
        "when: {item: uses, equals: daily}",
        "when: {level: {at_least: outpatient}}",
        "floor 'outpatient-daily'",
        "only known once the plan is decided",
        id="floor-reading-the-plan-it-decides",
    ),
    pytest.param(
        "scale: level",
        "scale: intensity",
        "floor 'outpatient-daily'",
        "'intensity' is not one of",
        id="unknown-scale",
    ),
    pytest.param(
        "  - {id: check-up, action: check_up, text: A check-up., service: locator}\n",
        "",
        "next step 'see-a-doctor'",
        "only the last next step",
        id="no-fallback-next-step",
    ),
    pytest.param(
        "service: locator",
        "service: pigeon",
        "next step 'check-up'",
        "'pigeon' is not one of",
        id="unknown-service-kind",
    ),
    pytest.param(
        "id: outpatient-daily",
        "id: seizure-before",
        "floor 'seizure-before'",
        "rule id is used twice",
        id="floor-id-used-by-a-red-flag",
    ),
]


@pytest.mark.parametrize("old, new, place, problem", BROKEN_PLANS)
def test_a_broken_plan_file_is_refused_naming_the_floor_and_the_problem(tmp_path, old, new, place, problem):
    folder = make_library(tmp_path / "lib", plan=changed(TINY_PLAN, old, new))
    with pytest.raises(QuestionnaireError) as raised:
        load_library(folder)
    assert raised.value.file == str(folder / "tiny" / "plan.yaml")
    assert place in raised.value.where, str(raised.value)
    assert problem in str(raised.value)


def test_a_care_card_with_its_own_rules_is_refused(tmp_path):
    rules = TINY_RULES.replace(
        "  - {code: residential, default_reason: None, default_changes: None, rules: []}",
        "  - {code: residential, default_reason: None, default_changes: None, rules: "
        '[{id: r, fit: recommended, when: {item: craving, equals: "yes"}, reason: R, changes: C, source: asam-criteria}]}',
    )
    with pytest.raises(QuestionnaireError, match="follows the plan") as raised:
        load_library(make_library(tmp_path / "lib", rules=rules))
    assert "pathway 'residential'" in raised.value.where


@pytest.mark.parametrize("which, old, new, place, problem", BROKEN)
def test_a_broken_file_is_refused_naming_the_file_the_place_and_the_problem(tmp_path, which, old, new, place, problem):
    questionnaire, rules = TINY_QUESTIONNAIRE, TINY_RULES
    if which == "questionnaire":
        questionnaire = changed(questionnaire, old, new)
    else:
        rules = changed(rules, old, new)
    folder = make_library(tmp_path / "lib", questionnaire, rules)

    with pytest.raises(QuestionnaireError) as raised:
        load_library(folder)

    error = raised.value
    message = str(error)
    expected_file = folder / "tiny" / ("questionnaire.yaml" if which == "questionnaire" else "rules.yaml")
    assert error.file == str(expected_file)
    assert message.startswith(str(expected_file))
    assert place in error.where, message
    assert problem in message


def test_a_duplicate_rule_id_is_refused(tmp_path):
    rules = TINY_RULES.replace(
        "dimensions:\n",
        textwrap.indent(
            textwrap.dedent("""\
            - id: seizure-before
              kind: medical
              when: {item: craving, equals: "yes"}
              text: Again.
              source: samhsa-tip45
            """),
            "  ",
        )
        + "dimensions:\n",
        1,
    )
    folder = make_library(tmp_path / "lib", rules=rules)
    with pytest.raises(QuestionnaireError, match="rule id is used twice") as raised:
        load_library(folder)
    assert "red flag 'seizure-before'" in raised.value.where


def test_a_helpline_without_a_known_source_is_refused(tmp_path):
    folder = make_library(tmp_path / "lib")
    helplines = (folder / "helplines.yaml").read_text(encoding="utf-8")
    (folder / "helplines.yaml").write_text(helplines.replace("source: us-911", "source: a-guess", 1), "utf-8")
    with pytest.raises(QuestionnaireError, match="source 'a-guess' is not in sources.yaml") as raised:
        load_library(folder)
    assert raised.value.file == str(folder / "helplines.yaml")
    assert "region 'us'" in raised.value.where


def test_a_questionnaire_without_rules_is_refused(tmp_path):
    folder = make_library(tmp_path / "lib")
    (folder / "tiny" / "rules.yaml").unlink()
    with pytest.raises(QuestionnaireError, match="needs a rules.yaml") as raised:
        load_library(folder)
    assert raised.value.file == str(folder / "tiny" / "rules.yaml")
