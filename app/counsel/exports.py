"""Records leaving Passage: a FHIR R4 Bundle (the QuestionnaireResponse and the plan) and a CSV of a list.

The response is the mirror of what app/interop/fhir.py reads (answers_from_response):
same canonical URL, version and answer systems, so the API can read it back.
The plan is the API's CarePlan (app/api/fhir.care_plan_resource), pointing at the response.
"""

from __future__ import annotations

import csv
import io
import re
import uuid
from typing import Any

from ..engine import Questionnaire
from ..interop.fhir import answer_system, canonical_url, is_boolean
from .models import IntakeRecord

# A cell starting with one of these is a formula in spreadsheet programs (OWASP "CSV injection").
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
CODE_SYSTEM = "urn:passage:intake-code"
# Entries of a collection name each other by urn:uuid; derived from the record, so one record exports the same ids.
ENTRY_NAMESPACE = uuid.UUID("6f1d7a52-93c4-4d0e-9a53-6c1e1b0f4a21")


def file_name_part(text: str) -> str:
    """A client code as a download's file name may hold it: a code stored before codes were checked
    whole may have any character (a newline once broke the Content-Disposition header)."""
    return re.sub(r"[^A-Za-z0-9_-]", "_", text)[:40] or "record"


def attachment(file_name: str) -> str:
    """The Content-Disposition of a download; the name is made of file_name_part()s and fixed text."""
    return f'attachment; filename="{file_name}"'


def fhir_answer(questionnaire: Questionnaire, item_id: str, value: Any, perspective: str) -> list[dict]:
    item = questionnaire.items_by_id[item_id]
    values = value if isinstance(value, list) else [value]
    if item.kind == "number":
        return [{"valueInteger": int(v)} for v in values]
    if is_boolean(item, perspective):
        return [{"valueBoolean": v == "yes"} for v in values]
    return [{"valueCoding": {"system": answer_system(questionnaire, item), "code": str(v)}} for v in values]


def questionnaire_response(record: IntakeRecord, questionnaire: Questionnaire) -> dict[str, Any]:
    """The record's answers as a completed QuestionnaireResponse, grouped by page like the Questionnaire."""
    groups = []
    for page in questionnaire.pages:
        answered = [
            {"linkId": item.id, "answer": fhir_answer(questionnaire, item.id, record.answers[item.id], record.perspective)}
            for item in page.items
            if item.id in record.answers
        ]
        if answered:
            groups.append({"linkId": page.id, "item": answered})
    return {
        "resourceType": "QuestionnaireResponse",
        "id": f"intake-{record.id}",
        "identifier": {"system": CODE_SYSTEM, "value": f"{record.code}-v{record.version}"},
        "questionnaire": f"{canonical_url(questionnaire)}|{record.questionnaire_version}",
        "status": "completed",
        "authored": record.created_at.strftime("%Y-%m-%dT%H:%M:%SZ"),
        "item": groups,
    }


def entry_url(record: IntakeRecord, kind: str) -> str:
    return f"urn:uuid:{uuid.uuid5(ENTRY_NAMESPACE, f'{kind}/{record.id}')}"


def record_bundle(record: IntakeRecord, questionnaire: Questionnaire, care_plan: dict[str, Any] | None) -> dict[str, Any]:
    """One record as a FHIR `Bundle` of type collection: the answers, then the plan decided from them.

    An emergency record has no plan beyond the emergency: its bundle holds the response alone.
    """
    response_url = entry_url(record, "QuestionnaireResponse")
    entries = [{"fullUrl": response_url, "resource": questionnaire_response(record, questionnaire)}]
    if care_plan is not None:
        plan = dict(care_plan)
        plan["subject"] = {"identifier": {"system": CODE_SYSTEM, "value": record.code}, "display": record.code}
        plan["created"] = record.created_at.strftime("%Y-%m-%dT%H:%M:%SZ")
        plan["supportingInfo"] = [{"reference": response_url}]
        entries.append({"fullUrl": entry_url(record, "CarePlan"), "resource": plan})
    return {
        "resourceType": "Bundle",
        "identifier": {"system": CODE_SYSTEM, "value": f"{record.code}-v{record.version}"},
        "type": "collection",
        "timestamp": record.created_at.strftime("%Y-%m-%dT%H:%M:%SZ"),
        "entry": entries,
    }


def safe_cell(value: Any) -> str:
    text = "" if value is None else str(value)
    return "'" + text if text.startswith(FORMULA_STARTS) else text


def records_csv(records: list[IntakeRecord], headers: list[str], pathway_names: dict[str, str]) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow([safe_cell(header) for header in headers])
    for record in records:
        writer.writerow(
            [
                safe_cell(cell)
                for cell in (
                    record.code,
                    record.version,
                    record.created_at.strftime("%Y-%m-%d %H:%M"),
                    pathway_names.get(record.top_pathway or "", record.top_pathway or ""),
                    record.questionnaire_id,
                    record.questionnaire_version,
                    record.rules_version,
                )
            ]
        )
    return buffer.getvalue()
