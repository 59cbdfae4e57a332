"""app/web/forms.py: the CSRF token's hidden input, written without WTForms' formatter, is the one WTForms writes
but for its id (a page with several forms repeated it); csrf_input() writes the same for a form with nothing else."""

from __future__ import annotations

import re

import pytest
from wtforms.meta import DefaultMeta

from app.web.forms import CsrfForm, csrf_input
from tests.support.apps import make_app


@pytest.mark.parametrize("prefix", ["", "keep", 'a"<b>'])
def test_the_token_input_is_what_wtforms_writes_without_its_id(tmp_path, prefix):
    app = make_app(tmp_path, WTF_CSRF_ENABLED=True)
    with app.test_request_context("/en/"):
        form = CsrfForm(prefix=prefix)
        written = str(form.csrf_token)
        by_wtforms = str(DefaultMeta.render_field(form.meta, form.csrf_token, {}))
        assert re.match(r'<input id="[^"]*" ', by_wtforms)
        assert written == re.sub(r'^<input id="[^"]*" ', "<input ", by_wtforms)
        assert f'value="{form.csrf_token.current_token}"' in written and "<b>" not in written
        # Extra attributes go the usual way.
        assert 'class="x"' in str(form.csrf_token(class_="x"))


def test_a_form_with_the_token_alone_writes_the_forms_input(tmp_path):
    app = make_app(tmp_path, WTF_CSRF_ENABLED=True)
    with app.test_request_context("/en/"):
        assert str(csrf_input()) == str(CsrfForm().csrf_token)
