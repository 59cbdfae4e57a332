"""What templates can use: translated questionnaire texts, labels, region, language links."""

from __future__ import annotations

from datetime import date

from flask import Flask, g, render_template, request, url_for
from flask_babel import format_date
from jinja2 import pass_context
from jinja2.runtime import Context
from markupsafe import Markup, escape
from werkzeug.local import LocalProxy
from werkzeug.routing import BuildError

from ..results.presenter import AnswerLine
from ..web.region_choice import chosen_region, current_region, current_region_data, region_info, service_for, service_link
from .languages import current_language, other_language, select_language
from .wording import Wording, current_wording


def _perspective_of(context: Context) -> str:
    """The perspective a view passed to its template (`perspective`), else the person's own words."""
    return str(context.get("perspective") or "self")


def _wording_of(context: Context) -> Wording:
    """The request's words: the page's own (set when it started rendering), or, in a macro
    imported without context, the global `wording`, which finds the same object."""
    return context["wording"]


@pass_context
def translate_in_template(context: Context, text, perspective: str | None = None) -> str:
    """A questionnaire text in the page's language, worded for the perspective the view passed."""
    return _wording_of(context).text(text, perspective or _perspective_of(context))


@pass_context
def answer_labels_in_template(context: Context, item, value) -> list[str]:
    return _wording_of(context).labels(item, value, _perspective_of(context))


@pass_context
def answer_lines_in_template(context: Context, item_ids) -> list[AnswerLine]:
    """The answered items among `item_ids`, in order. The results page cites the same few answers
    under many reasons: each line (its words and its change link) is worked out once per
    request, not at every mention."""
    answers, perspective = context["answers"], _perspective_of(context)
    memo = g.setdefault("_passage_answer_lines", {})
    if memo.get("answers") is not answers:  # another person's answers in the same request
        memo.clear()
        memo["answers"] = answers
    lines = []
    for item_id in item_ids:
        if item_id in answers:
            if (perspective, item_id) not in memo:
                memo[perspective, item_id] = _answer_line(context, item_id, answers[item_id])
            lines.append(memo[perspective, item_id])
    return lines


def _answer_line(context: Context, item_id: str, value) -> AnswerLine:
    questionnaire, perspective, said = g.questionnaire, _perspective_of(context), _wording_of(context)
    item = questionnaire.item(item_id)
    change_url = _change_url(context, questionnaire.id, questionnaire.page_of(item_id).id)
    question, answer = said.text(item.text, perspective), said.answer(item, value, perspective)
    label = said(item.short) if item.short else question
    return AnswerLine(item_id=item_id, question=question, answer=answer, change_url=f"{change_url}#{item_id}-0", label=label)


def _change_url(context: Context, questionnaire_id: str, page_id: str) -> str:
    """Where an answer on `page_id` is changed, back to the check page. The same for everyone in
    one language, so it is built once per process (and prefix) rather than at every view: a results
    page links to a dozen pages, at about 30 µs for each url_for."""
    back_to_check = {"return": "check"}  # `return` is a keyword: passed by name through a dict

    def build() -> str:
        return url_for("assess.question_page", page_id=page_id, **back_to_check)  # type: ignore[arg-type]

    key = ("change-url", questionnaire_id, page_id, select_language(), request.script_root)
    return _wording_of(context).kept(key, build)


@pass_context
def answer_choices_in_template(context: Context, item, perspective: str | None = None) -> list[tuple[str, str]]:
    return _wording_of(context).choices(item, perspective or _perspective_of(context))


@pass_context
def helplines_in_template(context: Context, kinds: tuple[str, ...] | None = None) -> Markup:
    """The chosen region's services box (_helplines.html; `kinds`: the kinds it shows, None: all).
    It shows region data only, the same for everyone who chose that region, so it is made once
    per process for each language, region, kinds and page (and prefix, which its links carry)
    rather than at every view. Nothing about a person is part of the key."""
    chosen = chosen_region() is not None  # "Numbers for: …" says whether the person chose (app/templates/_region_banner.html)
    key = ("helplines", current_region_data().code, chosen, kinds, select_language(), request.script_root, request.path)
    return _made_once(context, key, "_helplines.html", kinds=kinds)


@pass_context
def all_numbers_in_template(context: Context, region) -> Markup:
    """The results page's fold with every number of the region (assess/_all_numbers.html). Region data
    only, the same for everyone who chose that region: made once per process for each language, region
    and page (and prefix), like the services box; nothing about a person is part of the key."""
    chosen = chosen_region() is not None  # "another country" is worded for whether the person chose it (_other_country.html)
    key = ("all-numbers", region.code, chosen, select_language(), request.script_root, request.path)
    return _made_once(context, key, "assess/_all_numbers.html", region=region)


@pass_context
def site_part_in_template(context: Context, name: str) -> Markup:
    """A part of every page's frame (templates/_site_*.html: the stylesheets and scripts, the quick
    exit, the emergency link, the footer's links). It is the same on every page in one language,
    so it is made once per process for each language (and prefix, and questionnaire, which one
    footer link names) rather than on every page: a tenth of a home page, mostly url_for."""
    questionnaire = g.get("questionnaire")
    key = ("site", name, select_language(), request.script_root, questionnaire.id if questionnaire is not None else None)
    return _made_once(context, key, name)


@pass_context
def choice_field_in_template(context: Context, item, value, perspective: str) -> Markup:
    """A choice question's field without an error (_macros.html's `choices`). Its markup is the same for
    everyone who sees the question in one language and perspective (and region, for a question naming a
    medicine: its brand names there) but for the boxes ticked: made once per process for each, then the
    chosen boxes are ticked. A question page spent a fifth of its time drawing these. The key names the
    question, never an answer."""
    key = ("choice-field", id(item), perspective, current_region() if item.medicine else None)
    field = _made_once(context, key, "assess/_choice_field.html", item=item, perspective=perspective)
    return _ticked(field, item, value, _wording_of(context).choices(item, perspective))


def _ticked(field: Markup, item, value, options: list[tuple[str, str]]) -> Markup:
    """The field with ` checked` on each chosen box, as the macro writes it for `value`."""
    chosen = value if value is not None and not isinstance(value, str) else ([value] if value else [])
    html = str(field)
    for option_value, _label in options:
        if option_value in chosen:
            box = f' name="{escape(item.id)}" value="{escape(option_value)}"'
            html = html.replace(f"{box}>", f"{box} checked>", 1)
    return Markup(html)


def _made_once(context: Context, key: tuple, template: str, **values) -> Markup:
    """A template rendered once per process for the page's catalog and region, under `key`."""
    return _wording_of(context).kept(key, lambda: Markup(render_template(template, **values)))


def switch_language_url() -> str:
    """The same page in the other language (query string kept: it never holds answers)."""
    lang = current_language()
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


def cited_source(key: str) -> dict:
    """A source as a page in the reader's language cites it: the French page and title when
    they exist, and the language of the title and page, so a page can mark a foreign one."""
    from ..web.library import get_library

    source = get_library().sources[key]
    reader = current_language()
    page_lang = str(source.get("lang", "en"))
    url, title = source["url"], source["title"]
    title_lang = str(source.get("title_lang", page_lang))
    if reader == "fr" and source.get("url_fr"):
        url, page_lang = source["url_fr"], "fr"
    if reader == "fr" and source.get("title_fr"):
        title, title_lang = source["title_fr"], "fr"
    return {
        "key": key,
        "url": url,
        "title": title,
        "publisher": source.get("publisher"),
        "title_lang": title_lang if title_lang != reader else None,
        "page_lang": page_lang if page_lang != reader else None,
        "page_language_note": current_wording().LINK_LANGUAGES[page_lang] if page_lang != reader else None,
    }


def _gettext(message: str) -> str:
    return current_wording()(message)


def _ngettext(singular: str, plural: str, count: int) -> str:
    return current_wording().plural_form(singular, plural, count)


def register_template_helpers(app: Flask) -> None:
    app.jinja_env.add_extension("jinja2.ext.do")
    # The indentation before a {% block tag %} is the templates' layout, not the page's: left out, it made a tenth
    # of a results page (the newline stays, so no two words are ever joined).
    app.jinja_env.lstrip_blocks = True
    # For templates rendered without a page's context: the request's words (app/i18n/wording.py).
    app.jinja_env.install_gettext_callables(  # type: ignore[attr-defined]  # added by jinja2.ext.i18n, which Flask-Babel loads
        gettext=_gettext,
        ngettext=_ngettext,
        newstyle=True,
    )
    app.jinja_env.globals.update(
        tr=translate_in_template,
        answer_labels=answer_labels_in_template,
        answer_lines=answer_lines_in_template,
        helplines=helplines_in_template,
        all_numbers=all_numbers_in_template,
        site_part=site_part_in_template,
        answer_choices=answer_choices_in_template,
        choice_field=choice_field_in_template,
        switch_language_url=switch_language_url,
        region_info=region_info,
        region_data=current_region_data,
        region_chosen=lambda: chosen_region() is not None,
        service_link=service_link,
        service_for=service_for,
        today=lambda: format_date(date.today(), format="long"),
        cited_source=cited_source,
        # This request's words (app/i18n/wording.py), for macros imported without context; a page's
        # own context holds the object itself (the context processor below).
        wording=LocalProxy(current_wording),
    )

    @app.context_processor
    def language():
        said = current_wording()
        lang = said.lang
        return {"lang": lang, "other_lang": other_language(lang), "wording": said, **said.jinja_callables()}
