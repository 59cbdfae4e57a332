"""What templates can use: translated questionnaire texts, labels, region, language links."""

from __future__ import annotations

from flask import Flask, current_app, g, has_request_context, request, session, url_for
from flask_babel import get_locale
from werkzeug.routing import BuildError

from . import wording
from .engine.regions import regional_french
from .i18n import other_language, request_translations, translate_text
from .regions import current_region_data, region_info, service_for, service_link


def answer_labels(item, value) -> list[str]:
    """The words the person chose, for check-answers and results."""
    from flask_babel import gettext as _

    values = value if isinstance(value, list) else [value]
    labels = []
    for one in values:
        if one == "unknown":
            labels.append(_("I don't know"))
        elif item.kind == "yes_no":
            labels.append(_("Yes") if one == "yes" else _("No"))
        elif item.kind == "number":
            unit = translate_text(item.unit) if item.unit else ""
            labels.append(f"{one} {unit}".strip())
        else:
            option = next((o for o in item.options if o.value == one), None)
            labels.append(translate_text(option.label) if option else str(one))
    return labels


def switch_language_url() -> str:
    """The same page in the other language (query string kept: it never holds answers)."""
    lang = str(get_locale())
    target = other_language(lang)
    if request.endpoint and request.url_rule is not None and "lang_code" in request.url_rule.arguments:
        values = dict(request.view_args or {})
        values["lang_code"] = target
        if getattr(g, "questionnaire", None) is not None and "questionnaire_id" in request.url_rule.arguments:
            values["questionnaire_id"] = g.questionnaire.id
        values.update(request.args.to_dict())
        try:
            return url_for(request.endpoint, **values)
        except BuildError:
            pass  # e.g. an error page for an address that does not exist
    return url_for("pages.home", lang_code=target)


def source_info(key: str) -> dict:
    """A public source from questionnaires/sources.yaml, to cite on a page."""
    from .library import get_library

    return {"key": key, **get_library().sources[key]}


# Texts already put in a region's words, per process: (region, French text) -> regional text.
REGIONAL_CACHE_SIZE = 20000


def in_regional_french(text: str, lang: str | None = None) -> str:
    """French text in the words of the chosen region (témoin in Québec, not cookie)."""
    if not has_request_context() or (lang or request_translations()[0]) != "fr":
        return text
    code = _request_region()
    if code is None:
        return text
    done = current_app.extensions.setdefault("passage_regional_french", {})
    if (code, text) not in done:
        if len(done) >= REGIONAL_CACHE_SIZE:
            done.clear()
        done[code, text] = regional_french(text, current_region_data(code).data["french_words"])
    return done[code, text]


def _request_region() -> str | None:
    """The region whose French words apply to this request (None: France's words), found once per request."""
    chosen = session.get("region")
    cached = g.get("_passage_region")
    if cached is None or cached[0] != chosen:
        code = current_region_data().code
        cached = (chosen, code if current_region_data(code).data.get("french_words") else None)
        g._passage_region = cached
    return cached[1]


def _gettext(message: str) -> str:
    lang, translations = request_translations()
    return in_regional_french(translations.ugettext(message), lang)


def _ngettext(singular: str, plural: str, count: int) -> str:
    lang, translations = request_translations()
    return in_regional_french(translations.ungettext(singular, plural, count), lang)


def register_template_helpers(app: Flask) -> None:
    app.jinja_env.add_extension("jinja2.ext.do")
    # Flask-Babel's own callables, with this request's translations looked up once, and so
    # that French pages use the region's words.
    app.jinja_env.install_gettext_callables(  # type: ignore[attr-defined]  # added by jinja2.ext.i18n, which Flask-Babel loads
        gettext=_gettext,
        ngettext=_ngettext,
        newstyle=True,
    )
    app.jinja_env.globals.update(
        tr=lambda text, perspective=None: in_regional_french(translate_text(text, perspective)),
        answer_labels=answer_labels,
        switch_language_url=switch_language_url,
        region_info=region_info,
        region_data=current_region_data,
        service_link=service_link,
        service_for=service_for,
        source_info=source_info,
        wording=wording,
    )

    @app.context_processor
    def language():
        lang = str(get_locale())
        return {"lang": lang, "other_lang": other_language(lang)}
