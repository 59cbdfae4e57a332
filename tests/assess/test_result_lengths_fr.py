"""Issue 26's length targets for every published case in French, three perspectives (tests/support/result_lengths.py):
at most 600 words before the first fold, 2,500 in <main> with every fold open, 35 KB of HTML, 600 words on the check
page. The English pages are checked by test_result_lengths_en.py."""

from __future__ import annotations

import pytest

from tests.support.apps import make_app
from tests.support.result_lengths import CASES, PERSPECTIVES, check_lengths

# French pages still over a target (issue 26's length work is not finished for them): the family member's pages with
# several points read first, and a professional's with a long summary. Strict: the day one passes, its mark must go.
STILL_TOO_LONG = {
    ("baclofen-withdrawal-delirium-after-overdose-psychosomatics-2005", "family"),
    ("baclofen-withdrawal-delirium-after-overdose-psychosomatics-2005", "counselor"),
    ("family-partner-alcohol-benzodiazepine-unknown-frequency", "family"),
    ("family-son-unknown-seizure-history-nice-cg115", "family"),
    ("family-son-unknown-seizure-history-nice-cg115", "counselor"),
    ("high-dose-baclofen-alcohol-lorazepam-alcalc-2012", "family"),
    ("isolated-man-asks-for-a-place-away-aus-guidelines", "family"),
    ("methadone-benzodiazepine-polypharmacy-mhc-2021", "family"),
    ("nice-cg115-severe-repeated-relapse-homeless-residential", "counselor"),
    ("opioids-and-benzodiazepines-without-baclofen-nida", "family"),
    ("pregabalin-opioids-breathing-fda-2019", "family"),
}


@pytest.fixture(scope="module")
def lengths_app(tmp_path_factory):
    return make_app(tmp_path_factory.mktemp("lengths"))


@pytest.mark.parametrize("perspective", PERSPECTIVES)
@pytest.mark.parametrize("case_id", CASES)
def test_the_french_result_is_short_enough_to_read(request, lengths_app, case_id, perspective):
    if (case_id, perspective) in STILL_TOO_LONG:
        request.applymarker(pytest.mark.xfail(strict=True, reason="issue 26: French result over a length target"))
    assert check_lengths(lengths_app, "fr", case_id, perspective) == []
