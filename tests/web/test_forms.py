"""app/web/forms.py: the CSRF token's hidden input, written without WTForms' formatter, is the one WTForms writes."""

from __future__ import annotations

import pytest
from wtforms.meta import DefaultMeta

from app.web.forms import CsrfForm
from tests.support.apps import make_app


@pytest.mark.parametrize("prefix", ["", "keep", 'a"<b>'])
def test_the_token_input_is_what_wtforms_writes(tmp_path, prefix):
    app = make_app(tmp_path, WTF_CSRF_ENABLED=True)
    with app.test_request_context("/en/"):
        form = CsrfForm(prefix=prefix)
        written = str(form.csrf_token)
        assert written == str(DefaultMeta.render_field(form.meta, form.csrf_token, {}))
        assert f'value="{form.csrf_token.current_token}"' in written and "<b>" not in written
        # Extra attributes go the usual way.
        assert 'class="x"' in str(form.csrf_token(class_="x"))
