"""Issue 26's length targets for every published case in French, three perspectives (tests/support/result_lengths.py):
at most 600 words before the first fold, 2,500 in <main> with every fold open, 35 KB of HTML, 600 words on the check
page. The English pages are checked by test_result_lengths_en.py."""

from __future__ import annotations

import pytest

from tests.support.apps import make_app
from tests.support.result_lengths import CASES, PERSPECTIVES, check_lengths


@pytest.fixture(scope="module")
def lengths_app(tmp_path_factory):
    return make_app(tmp_path_factory.mktemp("lengths"))


@pytest.mark.parametrize("perspective", PERSPECTIVES)
@pytest.mark.parametrize("case_id", CASES)
def test_the_french_result_is_short_enough_to_read(lengths_app, case_id, perspective):
    assert check_lengths(lengths_app, "fr", case_id, perspective) == []
