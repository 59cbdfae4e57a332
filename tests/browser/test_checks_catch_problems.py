"""The accessibility checks themselves: on a page built to break the rules, each one speaks up.

Without this, a check that silently found nothing (axe not loaded, a selector
typo) would let every page pass.
"""

from __future__ import annotations

from . import checks

BROKEN_PAGE = """<!doctype html>
<html><head><title>Broken</title>
<style>.tiny { width: 12px; height: 12px; padding: 0; } .flat:focus { outline: none; }</style></head>
<body>
  <img src="data:image/gif;base64,R0lGODlhAQABAAAAACw=">
  <input type="radio" name="answer" id="answer-0" value="yes" aria-invalid="true">
  <input type="text" id="days">
  <p class="error-message" id="answer-error">Select an answer</p>
  <div id="error-summary"><a href="#nowhere">Select an answer</a></div>
  <button class="tiny">x</button>
  <a class="flat" href="#top">A link that does not show focus</a>
  <div onclick="void 0" style="width: 2000px">too wide</div>
  <script>void 0</script>
</body></html>"""


def test_each_check_reports_a_page_that_breaks_it(new_page):
    page = new_page(viewport={"width": 320, "height": 640})
    page.set_content(BROKEN_PAGE)
    axe = " ".join(checks.axe_violations(page))
    for rule in ("html-has-lang", "image-alt", "label"):
        assert rule in axe
    structure = checks.form_structure_problems(page)
    assert 'choices "answer" are not in a fieldset' in structure
    assert "#days has no label" in structure
    errors = checks.error_link_problems(page)
    assert any("aria-describedby does not point at its error message" in problem for problem in errors)
    assert "error summary link #nowhere leads nowhere" in errors
    assert any('button "x" is 12x12 px' in problem for problem in checks.target_size_problems(page))
    inline = checks.inline_code_problems(page)
    assert {"inline <script>", "style attribute on <div>", "onclick handler on <div>"} <= set(inline)
    assert "sticking out: div" in (checks.horizontal_overflow(page) or "")
    page.focus("a.flat")
    assert "looks the same with and without focus" in checks.focus_indicator_problem(page)
