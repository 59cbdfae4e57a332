"""The 'Types of treatment' page describes each pathway in the rules' own words (rules.yaml `description`)."""

from __future__ import annotations

import pytest
from flask_babel import force_locale, gettext

from tests.support.html_page import parse, words


@pytest.mark.parametrize("lang", ["en", "fr"])
def test_each_pathway_is_described_in_the_words_the_rules_give_it(app, lang):
    pathways = app.extensions["passage_library"].rules["intake"].pathways
    with app.test_request_context("/"), force_locale(lang):
        expected = [" ".join(gettext(pathway.description).split()) for pathway in pathways]  # spaces as words() reads them
    assert all(expected) and len(set(expected)) == len(pathways)
    main = parse(app.test_client().get(f"/{lang}/information/treatment-types").get_data(as_text=True)).find("main")
    shown = [words(heading.find_next_sibling("p")) for heading in main.find_all("h2")][: len(pathways)]
    assert shown == expected
