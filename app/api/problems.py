"""RFC 9457 problem details: every API error as application/problem+json.

A problem has a `type` (a URN naming the kind of problem, documented in the
OpenAPI document), a `title` and `detail` in the requested language, the
HTTP `status`, and for invalid input an `errors` list that points at each
faulty parameter, answer (item id, FHIR linkId, JSON Pointer) with a message.
"""

from __future__ import annotations

import json
from typing import Any

from flask import Response

from ..i18n.wording import gettext as _
from ..i18n.words import Message as _l

PROBLEM_MEDIA_TYPE = "application/problem+json"
TYPE_PREFIX = "urn:passage:problem:"

# kind -> (status, title)
KINDS = {
    "not-found": (404, _l("Not found")),
    "method-not-allowed": (405, _l("Method not allowed")),
    "invalid-parameter": (400, _l("A query parameter is not valid")),
    "invalid-json": (400, _l("The request body is not valid JSON")),
    "unsupported-media-type": (415, _l("Unsupported content type")),
    "too-large": (413, _l("The request body is too large")),
    "too-many-requests": (429, _l("Too many requests")),
    "invalid-request": (422, _l("The request body does not have the expected shape")),
    "invalid-answers": (422, _l("Some answers do not fit the questionnaire")),
    "bad-request": (400, _l("The request is not valid")),
    "server-error": (500, _l("Something went wrong on our side")),
}


class ApiProblem(Exception):
    """Raised inside an API view; turned into a problem+json response."""

    def __init__(self, kind: str, detail: str, errors: list[dict[str, Any]] | None = None, headers: dict | None = None):
        super().__init__(detail)
        self.kind, self.detail, self.errors, self.headers = kind, detail, errors or [], headers or {}


def problem_response(kind: str, detail: str, errors: list[dict[str, Any]] | None = None, headers: dict | None = None) -> Response:
    status, title = KINDS[kind]
    body: dict[str, Any] = {"type": TYPE_PREFIX + kind, "title": str(title), "status": status, "detail": detail}
    if errors:
        body["errors"] = errors
    response = Response(json.dumps(body, ensure_ascii=False), status=status, mimetype=PROBLEM_MEDIA_TYPE)
    response.headers.update(headers or {})
    return response


def from_http_status(code: int, headers: dict | None = None) -> Response:
    """A problem for an HTTP error raised outside a view (unknown address, wrong method, body too large)."""
    if code == 404:
        return problem_response(
            "not-found",
            _("There is nothing at this address in the API. The OpenAPI document at /api/v1/openapi.json lists every address."),
        )
    if code == 405:
        return problem_response("method-not-allowed", _("This address does not accept this HTTP method."), headers=headers)
    if code == 413:
        return problem_response("too-large", _("The request body is larger than the server accepts. Send only the answers."))
    if code == 429:
        return problem_response(
            "too-many-requests", _("Too many requests from this address. Please wait a minute, then try again.")
        )
    if code >= 500:
        return problem_response("server-error", _("Please try again in a moment."))
    return problem_response("bad-request", _("The request could not be understood."))
