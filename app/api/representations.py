"""The API's JSON documents: a questionnaire, its rules, an assessment, a region's helplines.

Codes (item ids, option values, pathway codes, fits, levels) stay English and
identical in every language; every text beside them is in the current
language (Flask-Babel's locale, chosen by the API's negotiation).
"""

from __future__ import annotations

from typing import Any

from flask import url_for

from ..engine.assessment import Assessment, Reason
from ..engine.model import UNKNOWN, Item, Questionnaire, RuleSet
from ..engine.plan import Plan
from ..engine.regions import Region
from ..i18n import words
from ..i18n.readable_rules import LICENSING_NOTE, condition_data, describe
from ..i18n.wording import current_wording, gettext
from ..i18n.words import SEVERITY_LEVEL_NAMES
from ..interop.fhir import care_plan_resource
from ..web.region_choice import next_step_contact


def data_text(text: str) -> str:
    """A data file's text in the current language (gettext("") would return the catalog header).

    Named apart from `_` so that string extraction does not take the keys
    inside a call such as data_text(service["name"]) for messages."""
    return gettext(text) if text else text


def _text(text, perspective: str) -> str | None:
    return current_wording().text(text, perspective) if text is not None else None


def questionnaire_summary(questionnaire: Questionnaire) -> dict[str, Any]:
    return {
        "id": questionnaire.id,
        "version": questionnaire.version,
        "title": current_wording().text(questionnaire.title, "self"),
        "perspectives": list(questionnaire.perspectives),
        "links": links(questionnaire),
    }


def links(questionnaire: Questionnaire) -> dict[str, str]:
    return {
        "self": url_for("api.questionnaire", questionnaire_id=questionnaire.id),
        "fhir": url_for("api.questionnaire_fhir", questionnaire_id=questionnaire.id),
        "rules": url_for("api.rules", questionnaire_id=questionnaire.id),
        "assessments": url_for("api.create_assessment", questionnaire_id=questionnaire.id),
    }


def item_options(item: Item, perspective: str) -> list[dict[str, Any]]:
    """Every answer value a person in this perspective may give, with its label."""
    if item.kind == "number":
        return []
    options = []
    labels = dict(current_wording().choices(item, perspective))  # as offered: with their examples
    for value in item.values_for(perspective):
        option = next((o for o in item.options if o.value == value), None)
        exclusive = bool(option and option.exclusive) or (value == UNKNOWN and item.kind == "multiple")
        options.append({"value": value, "label": labels[value], "exclusive": exclusive})
    return options


def questionnaire_document(questionnaire: Questionnaire, lang: str, perspective: str) -> dict[str, Any]:
    pages = []
    for page in questionnaire.pages:
        items = []
        for item in page.items:
            entry: dict[str, Any] = {
                "id": item.id,
                "kind": item.kind,
                "text": current_wording().text(item.text, perspective),
                "help": _text(item.help, perspective),
                "required": item.required,
                "when": condition_data(item.when),
                "options": item_options(item, perspective),
            }
            if item.kind == "number":
                entry.update(min=item.minimum, max=item.maximum, unit=_text(item.unit, perspective))
            items.append(entry)
        pages.append(
            {
                "id": page.id,
                "title": current_wording().text(page.title, perspective),
                "intro": _text(page.intro, perspective),
                "when": condition_data(page.when),
                "stop": page.stop,
                "items": items,
            }
        )
    return {
        "id": questionnaire.id,
        "version": questionnaire.version,
        "lang": lang,
        "perspective": perspective,
        "title": current_wording().text(questionnaire.title, perspective),
        "perspectives": list(questionnaire.perspectives),
        "pages": pages,
        "links": links(questionnaire),
    }


def source(sources: dict[str, dict], key: str | None) -> dict[str, str] | None:
    if not key or key not in sources:
        return None
    return {"key": key, "title": str(sources[key]["title"]), "url": str(sources[key]["url"])}


def rules_document(
    questionnaire: Questionnaire, rules: RuleSet, sources: dict[str, dict], lang: str, perspective: str
) -> dict[str, Any]:
    """The rules in the order and shape of the OpenAPI schema, each condition as data and in words."""
    names = {d.number: data_text(d.name) for d in rules.dimensions}
    flag_texts = {flag.id: data_text(flag.text) for flag in rules.red_flags}

    def when(condition) -> dict[str, Any]:
        described = describe(condition, questionnaire, names, perspective, flag_texts)
        return {"when": condition_data(condition), "when_text": described.to_dict()}

    return {
        "id": rules.id,
        "version": rules.version,
        "questionnaire": {"id": questionnaire.id, "version": questionnaire.version},
        "lang": lang,
        "note": str(LICENSING_NOTE),
        "severity": severity_rules_document(questionnaire, rules.severity, sources, perspective, when),
        "red_flags": [
            {
                "id": rule.id,
                "kind": rule.kind,
                **when(rule.when),
                "text": data_text(rule.text),
                "source": source(sources, rule.source),
            }
            for rule in rules.red_flags
        ],
        "dimensions": [dimension_rules_document(dimension, names, sources, when) for dimension in rules.dimensions],
        "plan": plan_rules_document(rules, sources, when),
        "pathways": [pathway_rules_document(pathway, sources, when) for pathway in rules.pathways],
    }


def severity_rules_document(
    questionnaire: Questionnaire, severity: Any, sources: dict[str, dict], perspective: str, when: Any
) -> dict[str, Any]:
    return {
        "criteria": [
            {"item": c, "text": current_wording().text(questionnaire.item(c).text, perspective)} for c in severity.criteria
        ],
        "levels": [
            {
                "level": level,
                "name": str(SEVERITY_LEVEL_NAMES[level]),
                "label": str(words.SEVERITY_LABELS[level]),
                "at_least": severity.levels[level],
            }
            for level in ("mild", "moderate", "severe")
        ],
        "not_counted": [
            {"items": list(entry.items), **when(entry.when), "reason": data_text(entry.reason)} for entry in severity.not_counted
        ],
        "source": source(sources, severity.source),
    }


def dimension_rules_document(dimension: Any, names: dict[int, Any], sources: dict[str, dict], when: Any) -> dict[str, Any]:
    return {
        "number": dimension.number,
        "name": names[dimension.number],
        "description": data_text(dimension.description),
        "rules": [
            {
                "id": rule.id,
                "rating": rule.rating,
                **when(rule.when),
                "reason": data_text(rule.reason),
                "source": source(sources, rule.source),
            }
            for rule in dimension.rules
        ],
    }


def pathway_rules_document(pathway: Any, sources: dict[str, dict], when: Any) -> dict[str, Any]:
    return {
        "code": pathway.code,
        "name": str(words.PATHWAY_NAMES[pathway.code]),
        "default_reason": data_text(pathway.default_reason),
        "default_changes": data_text(pathway.default_changes),
        "rules": [
            {
                "id": rule.id,
                "fit": rule.fit,
                **when(rule.when),
                "reason": data_text(rule.reason),
                "changes": data_text(rule.changes),
                "source": source(sources, rule.source),
            }
            for rule in pathway.rules
        ],
    }


def plan_rules_document(rules: RuleSet, sources: dict[str, dict], when: Any) -> dict[str, Any]:
    """The floors table and constraints, as the engine applies them."""
    plan = rules.plan
    return {
        "floors": [
            {
                "id": f.id,
                "scale": f.scale,
                "at_least": f.at_least,
                "safety": f.safety,
                **when(f.when),
                "reason": data_text(f.reason),
                "source": source(sources, f.source),
            }
            for f in plan.floors
        ],
        "constraints": [
            {"id": c.id, "at_most": c.at_most, **when(c.when), "reason": data_text(c.reason), "source": source(sources, c.source)}
            for c in plan.constraints
        ],
    }


def _reason(reason: Reason, sources: dict[str, dict]) -> dict[str, Any]:
    return {
        "rule": reason.rule,
        "text": data_text(reason.text),
        "answers": list(reason.answers),
        "source": source(sources, reason.source),
    }


def international_advice(region: dict) -> str | None:
    """What the pages say where no country's numbers are listed ("other"): the local emergency number,
    112 in the European Union; None for a region with its own emergency number."""
    if region.get("emergency_number"):
        return None
    return " ".join(
        (
            gettext("We do not list phone numbers for your country, so that we never show you a wrong one."),
            gettext(
                "In an emergency, call your local emergency number. In the European Union, 112 works from any phone, free of charge."
            ),
        )
    )


def helplines_document(code: str, region: dict) -> dict[str, Any]:
    return {
        "code": code,
        "name": data_text(region["name"]),
        # None where the region has no single number ("call your local emergency number").
        "emergency_number": region.get("emergency_number"),
        "advice": international_advice(region),
        "services": [
            {
                "kind": service["kind"],
                "kind_label": str(words.SERVICE_KINDS.get(service["kind"], service["kind"])),
                "name": data_text(service["name"]),
                "number": str(service["number"]) if service.get("number") else None,
                "links": dict(service["links"]),
                "description": data_text(service["description"]),
                "hours": data_text(service["hours"]) if service.get("hours") else None,
            }
            for service in region["services"]
        ],
    }


def plan_document(plan: Plan | None, sources: dict[str, dict], region_code: str, region: dict) -> dict[str, Any] | None:
    """The one plan, with its words in the request's language and the region's service for the next step."""
    if plan is None:
        return None
    # The same service the results page shows for the step, stand-ins included (a poison line, 911...).
    found = next_step_contact(plan.next_step.service, Region(region_code, region))
    contact = found["service"] if found else None
    return {
        "level": plan.level,
        "level_name": str(words.LEVEL_NAMES[plan.level]),
        "withdrawal": plan.withdrawal,
        "withdrawal_name": str(words.WITHDRAWAL_NAMES[plan.withdrawal]),
        "urgency": plan.urgency,
        "urgency_name": str(words.URGENCY_NAMES[plan.urgency]),
        "level_reasons": [_reason(reason, sources) for reason in plan.level_reasons],
        "withdrawal_reasons": [_reason(reason, sources) for reason in plan.withdrawal_reasons],
        "trade_off": _reason(plan.trade_off, sources) if plan.trade_off else None,
        "not_counted": [
            {"floor": f.id, "scale": f.scale, "at_least": f.at_least, "safety": f.safety, "reason": _reason(f.reason, sources)}
            for f in plan.not_counted
        ],
        "supports": [{"code": code, "name": str(words.SUPPORT_NAMES[code])} for code in plan.supports],
        "aftercare": plan.aftercare,
        "next_step": {
            "action": plan.next_step.action,
            "text": data_text(plan.next_step.text),
            "service": plan.next_step.service,
            "contact": None if contact is None else contact_document(contact, plan.next_step.service),
        },
        "to_check": [{"item": check.item, "text": data_text(check.text)} for check in plan.to_check],
        "notes": [_reason(note, sources) for note in plan.notes],
    }


def contact_document(contact: dict, service: str) -> dict[str, Any]:
    """The line the next step names: the region's own for `service`, or the one standing in for it."""
    return {
        "kind": contact["kind"],
        "stands_in": contact["kind"] != service,
        "name": data_text(contact["name"]),
        "number": str(contact["number"]) if contact.get("number") else None,
        "hours": data_text(contact["hours"]) if contact.get("hours") else None,
        "links": dict(contact.get("links", {})),
    }


def level_of_care_name(assessment: Assessment) -> str:
    if assessment.plan is None:
        return words.emergency_name(assessment.emergency_kinds)
    return str(words.PATHWAY_NAMES[assessment.level_of_care])


def assessment_document(
    assessment: Assessment, sources: dict[str, dict], lang: str, perspective: str, region_code: str, region: dict
) -> dict[str, Any]:
    """An assessment in the order and shape of the OpenAPI schema, in the request's language."""
    return {
        "questionnaire": {"id": assessment.questionnaire, "version": assessment.questionnaire_version},
        "rules": {"id": assessment.rules, "version": assessment.rules_version},
        "lang": lang,
        "perspective": perspective,
        "emergency": assessment.emergency,
        "crisis": assessment.crisis,
        "level_of_care": assessment.level_of_care,
        "level_of_care_name": level_of_care_name(assessment),
        "plan": plan_document(assessment.plan, sources, region_code, region),
        "plan_fhir": care_plan_resource(assessment, lang, words.plan_words(assessment)),
        "red_flags": [
            {"kind": flag.kind, "title": words.flag_title(flag), **_reason(flag.reason, sources)} for flag in assessment.red_flags
        ],
        "severity": severity_result_document(assessment.severity, sources),
        "dimensions": [dimension_result_document(d, sources) for d in assessment.dimensions],
        "pathways": [pathway_result_document(p, sources) for p in assessment.pathways],
        "helplines": helplines_document(region_code, region),
        "note": gettext("These suggestions are not a diagnosis and do not replace a doctor or another health professional."),
    }


def severity_result_document(severity: Any, sources: dict[str, dict]) -> dict[str, Any]:
    return {
        "level": severity.level,
        "label": str(words.SEVERITY_LABELS[severity.level]),
        "count": severity.count,
        "criteria_met": list(severity.criteria_met),
        "criteria_not_counted": list(severity.criteria_not_counted),
        "not_counted_reasons": [data_text(reason) for reason in severity.not_counted_reasons],
        "source": source(sources, severity.source),
    }


def dimension_result_document(d: Any, sources: dict[str, dict]) -> dict[str, Any]:
    return {
        "number": d.number,
        "name": data_text(d.name),
        "rating": d.rating,
        "label": str(words.RATING_LABELS[d.rating]),
        "reasons": [_reason(reason, sources) for reason in d.reasons],
    }


def pathway_result_document(p: Any, sources: dict[str, dict]) -> dict[str, Any]:
    return {
        "code": p.code,
        "name": str(words.PATHWAY_NAMES[p.code]),
        "fit": p.fit,
        "fit_label": str(words.FIT_LABELS[p.fit]),
        "reasons": [_reason(reason, sources) for reason in p.reasons],
        "changes": [data_text(change) for change in p.changes],
    }
